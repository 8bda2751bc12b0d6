"""The exercise checks: right answers pass, and realistic wrong answers are caught with the right hint.

Each wrong implementation below is written the way a learner would write it (not copied from the checks'
own list of mistakes), and the test asserts the hint aimed at that mistake is the one printed.
"""

import numpy as np
import pytest

from vpg_helpers import checks
from vpg_helpers.discounting import discounted_return
from vpg_helpers.distributions import categorical_log_prob, diag_gaussian_log_prob
from vpg_helpers.envs.rollouts import collect_trajectory
from vpg_helpers.returns import gae_advantages, n_step_returns, rewards_to_go


def run(check, fn, capsys):
    ok = check(fn)
    return ok, capsys.readouterr().out


# ---- learners' wrong answers ------------------------------------------------------------------------------


def rtg_forward_loop(rewards, gamma, last_value=0.0):
    out, running = [], 0.0
    for r in rewards:
        running = r + gamma * running
        out.append(running)
    return np.array(out)


def rtg_appended_backwards(rewards, gamma, last_value=0.0):
    out, running = [], last_value
    for r in reversed(rewards):
        running = r + gamma * running
        out.append(running)
    return np.array(out)  # forgot to reverse


def rtg_no_bootstrap(rewards, gamma, last_value=0.0):
    out, running = np.zeros(len(rewards)), 0.0
    for t in reversed(range(len(rewards))):
        running = rewards[t] + gamma * running
        out[t] = running
    return out


def rtg_total_return(rewards, gamma, last_value=0.0):
    total = sum(gamma**t * r for t, r in enumerate(rewards)) + gamma ** len(rewards) * last_value
    return np.full(len(rewards), total)


def rtg_none(rewards, gamma, last_value=0.0):
    rewards_to_go(rewards, gamma, last_value)  # forgot return


def stub(*args, **kwargs):
    raise NotImplementedError()


def gae_without_gamma_in_delta(rewards, values, gamma, lam, last_value=0.0):
    next_values = np.append(values[1:], last_value)
    deltas = rewards + next_values - values
    adv, running = np.zeros(len(rewards)), 0.0
    for t in reversed(range(len(rewards))):
        running = deltas[t] + gamma * lam * running
        adv[t] = running
    return adv


def gae_lam_only(rewards, values, gamma, lam, last_value=0.0):
    next_values = np.append(values[1:], last_value)
    deltas = rewards + gamma * next_values - values
    adv, running = np.zeros(len(rewards)), 0.0
    for t in reversed(range(len(rewards))):
        running = deltas[t] + lam * running
        adv[t] = running
    return adv


def gae_returns(rewards, values, gamma, lam, last_value=0.0):
    return gae_advantages(rewards, values, gamma, lam, last_value) + values


def n_step_no_bootstrap(rewards, values, gamma, n, last_value=0.0):
    T = len(rewards)
    return np.array([sum(gamma**k * rewards[t + k] for k in range(min(n, T - t))) for t in range(T)])


def n_step_values_off_by_one(rewards, values, gamma, n, last_value=0.0):
    T, ext = len(rewards), np.append(values, last_value)
    out = []
    for t in range(T):
        m = min(n, T - t)
        out.append(sum(gamma**k * rewards[t + k] for k in range(m)) + gamma**m * ext[t + m - 1])
    return np.array(out)


@np.errstate(all="ignore")
def naive_categorical(logits, actions):
    probs = np.exp(logits) / np.exp(logits).sum(axis=-1, keepdims=True)
    return np.log(np.take_along_axis(probs, np.asarray(actions)[..., None], axis=-1)[..., 0])


def categorical_wrong_axis(logits, actions):
    logits = np.atleast_2d(logits)
    m = logits.max(axis=0, keepdims=True)
    logp = logits - m - np.log(np.exp(logits - m).sum(axis=0, keepdims=True))
    return np.take_along_axis(logp, np.asarray(actions).reshape(-1, 1), axis=-1).reshape(np.shape(actions))


def gaussian_not_summed(actions, mu, log_std):
    return -0.5 * ((actions - mu) / np.exp(log_std)) ** 2 - log_std - 0.5 * np.log(2 * np.pi)


def gaussian_std_as_variance(actions, mu, log_std):
    var = np.exp(log_std)
    return np.sum(-0.5 * (actions - mu) ** 2 / var - log_std - 0.5 * np.log(2 * np.pi), axis=-1)


def gaussian_no_log_std_term(actions, mu, log_std):
    return np.sum(-0.5 * ((actions - mu) / np.exp(log_std)) ** 2 - 0.5 * np.log(2 * np.pi), axis=-1)


def episode_until_terminated_only(env, policy, seed):
    rng = np.random.default_rng(seed)
    obs, _ = env.reset(seed=seed)
    rewards, terminated = [], False
    while not terminated:
        obs, reward, terminated, truncated, _ = env.step(policy(obs, rng))
        rewards.append(reward)
    return np.array(rewards)


def episode_correct(env, policy, seed):
    return collect_trajectory(env, policy, seed).rewards


# ---- the tests --------------------------------------------------------------------------------------------

CASES = [
    (checks.check_discounted_return, lambda rewards, gamma: float(np.sum(rewards)), "left out the discount"),
    (
        checks.check_discounted_return,
        lambda rewards, gamma: float(np.mean(rewards * gamma ** np.arange(len(rewards)))),
        "not a mean",
    ),
    (checks.check_rewards_to_go, rtg_forward_loop, "loop runs forwards"),
    (checks.check_rewards_to_go, rtg_appended_backwards, "wrong order"),
    (checks.check_rewards_to_go, rtg_no_bootstrap, "last_value is ignored"),
    (checks.check_rewards_to_go, rtg_total_return, "total return"),
    (checks.check_rewards_to_go, rtg_none, "forget the `return`"),
    (checks.check_n_step_returns, n_step_no_bootstrap, "No bootstrap"),
    (checks.check_n_step_returns, n_step_values_off_by_one, "Off by one"),
    (checks.check_gae_advantages, gae_without_gamma_in_delta, "TD residual needs gamma"),
    (checks.check_gae_advantages, gae_lam_only, "gamma * lam, not lam alone"),
    (checks.check_gae_advantages, gae_returns, "not advantages"),
    (checks.check_categorical_log_prob, naive_categorical, "Subtract the max logit"),
    (checks.check_categorical_log_prob, categorical_wrong_axis, "not axis 0 (the batch)"),
    (checks.check_diag_gaussian_log_prob, gaussian_not_summed, "Sum over the last axis"),
    (checks.check_diag_gaussian_log_prob, gaussian_std_as_variance, "variance is sigma^2"),
    (checks.check_diag_gaussian_log_prob, gaussian_no_log_std_term, "-log sigma is missing"),
    (checks.check_episode_rewards, episode_until_terminated_only, "Stop the loop as soon as"),
    (
        checks.check_episode_rewards,
        lambda env, policy, seed: episode_correct(env, policy, seed)[:-1],
        "last step's reward is missing",
    ),
]


@pytest.mark.parametrize("check,wrong,hint", CASES, ids=[f"{c.__name__}-{h[:20]}" for c, _, h in CASES])
def test_wrong_answer_is_caught_with_its_hint(check, wrong, hint, capsys):
    ok, out = run(check, wrong, capsys)
    assert ok is False
    assert "❌" in out and "expected" in out or "raised" in out
    assert hint in out


RIGHT = [
    (checks.check_discounted_return, discounted_return),
    (checks.check_rewards_to_go, rewards_to_go),
    (checks.check_n_step_returns, n_step_returns),
    (checks.check_gae_advantages, gae_advantages),
    (checks.check_categorical_log_prob, categorical_log_prob),
    (checks.check_diag_gaussian_log_prob, diag_gaussian_log_prob),
    (checks.check_episode_rewards, episode_correct),
]


@pytest.mark.parametrize("check,fn", RIGHT, ids=[c.__name__ for c, _ in RIGHT])
def test_right_answer_passes(check, fn, capsys):
    ok, out = run(check, fn, capsys)
    assert ok is True and "✅" in out


@pytest.mark.parametrize("check", [c for c, _ in RIGHT], ids=lambda c: c.__name__)
def test_stub_is_not_implemented_yet_without_traceback(check, capsys):
    ok, out = run(check, stub, capsys)
    assert ok is False and "not implemented yet" in out and "Traceback" not in out


@pytest.mark.parametrize("check", [c for c, _ in RIGHT], ids=lambda c: c.__name__)
def test_exceptions_none_and_non_functions_never_raise(check, capsys):
    def boom(*args, **kwargs):
        raise ZeroDivisionError("oops")

    assert check(boom) is False
    assert "ZeroDivisionError: oops" in capsys.readouterr().out
    assert check(lambda *a, **k: None) is False
    assert "returned None" in capsys.readouterr().out
    assert check(42) is False
    assert "expected a function" in capsys.readouterr().out
    assert check(lambda *a, **k: "text") is False
    assert "not a number" in capsys.readouterr().out


def test_report_names_input_expected_and_got(capsys):
    ok, out = run(checks.check_rewards_to_go, rtg_forward_loop, capsys)
    assert "input:" in out and "rewards=[1., 2., 3.]" in out
    assert "expected: [6., 5., 3.]" in out and "got:      [1., 3., 6.]" in out


def test_mutating_the_input_is_reported(capsys):
    def mutating(rewards, gamma, last_value=0.0):
        rewards[:] = rewards_to_go(rewards, gamma, last_value)
        return rewards

    ok, out = run(checks.check_rewards_to_go, mutating, capsys)
    assert ok is False and "changed its input `rewards` in place" in out


def test_nan_output_is_reported(capsys):
    ok, out = run(
        checks.check_gae_advantages,
        lambda rewards, values, gamma, lam, last_value=0.0: np.full(len(rewards), np.nan),
        capsys,
    )
    assert ok is False and "non-finite" in out


# ---- readable reports (issue 12) ---------------------------------------------------------------------------------


def test_a_single_number_is_called_so(capsys):
    ok, out = run(checks.check_discounted_return, lambda rewards, gamma: np.asarray(rewards) * 1.0, capsys)
    assert not ok and "expected a single number" in out and "shape ()" not in out


def test_a_tuple_result_is_shown_part_by_part_with_its_names(capsys):
    from vpg_helpers.vpg.targets import compute_batch_targets

    def wrong_returns(rewards, values, next_values, dones, gamma, lam):
        advantages, returns = compute_batch_targets(rewards, values, next_values, dones, gamma, lam)
        return advantages, returns + 1.0

    ok, out = run(checks.check_compute_batch_targets, wrong_returns, capsys)
    assert not ok
    assert "advantages: right" in out and "rewards_to_go:\n     expected:" in out
    assert "[[" not in out.split("rewards_to_go:")[1].split("expected:")[0]  # not one stacked 3-D array
    ok, out = run(checks.check_compute_batch_targets, lambda *args: compute_batch_targets(*args)[0], capsys)
    assert not ok and "return a tuple (advantages, rewards_to_go)" in out


def test_a_long_array_shows_where_it_differs(capsys):
    from vpg_helpers.random_walk import n_step_td_episode

    def middle_state_wrong(values, states, rewards, n, alpha):
        out = n_step_td_episode(values, states, rewards, n, alpha)
        out[9] += 0.25
        return out

    ok, out = run(checks.check_n_step_td_episode, middle_state_wrong, capsys)
    assert not ok and "differs:  1 of 19 entries; at [9]:" in out
    assert "..." not in out.split("expected:")[1].split("\n")[0]  # all 19 values, not 6 of them


def test_renamed_parameters_are_called_by_position(capsys):
    def rtg(r, discount, v_last=0.0):
        return rewards_to_go(r, discount, v_last)

    ok, out = run(checks.check_rewards_to_go, rtg, capsys)
    assert ok, out


def test_a_missing_parameter_is_explained_with_the_call_the_check_makes(capsys):
    ok, out = run(checks.check_rewards_to_go, lambda rewards, gamma: rewards_to_go(rewards, gamma), capsys)
    assert not ok and "the check calls your function as fn(rewards, gamma, last_value)" in out


def test_a_broadcast_error_points_at_the_shapes_and_the_learners_line(capsys):
    def bad_shapes(rewards, values, gamma, lam, last_value=0.0):
        deltas = rewards + gamma * values[1:] - values  # forgot last_value: shapes (T,) and (T-1,)
        return deltas

    ok, out = run(checks.check_gae_advantages, bad_shapes, capsys)
    assert not ok and "operands could not be broadcast" in out
    assert "print their .shape" in out and "deltas = rewards + gamma * values[1:] - values" in out


def test_no_warning_from_the_checker_reaches_the_learner(capsys):
    import warnings

    def minus_inf(logits, actions):  # quietly wrong: the checker's own diagnosis then overflows, silently
        return np.full(np.shape(actions), -np.inf)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for check, fn in [
            (checks.check_categorical_log_prob, minus_inf),
            (
                checks.check_diag_gaussian_log_prob,
                lambda actions, mu, log_std: np.zeros(np.shape(actions)[:-1]),
            ),
            (checks.check_n_step_returns, lambda *a: np.full(5, np.nan)),
        ]:
            assert check(fn) is False
    assert "❌" in capsys.readouterr().out


def test_a_hidden_case_raises_with_the_report_not_a_bare_assertion_error(capsys):
    checks.hidden_case(
        checks.check_rewards_to_go, rewards_to_go, "9 rewards", rewards=np.arange(9.0), gamma=0.8
    )
    assert capsys.readouterr().out == ""  # a passing hidden test prints nothing
    with pytest.raises(AssertionError) as err:
        checks.hidden_case(
            checks.check_rewards_to_go,
            rtg_no_bootstrap,
            "truncated",
            rewards=np.ones(4),
            gamma=0.5,
            last_value=8.0,
        )
    text = str(err.value)
    assert text.startswith("hidden test: ❌ check_rewards_to_go failed on (truncated)")
    assert "expected:" in text and "hint:     last_value is ignored" in text


def test_a_check_cell_in_a_notebook_shows_its_report_without_a_stray_true_or_false():
    import nbformat
    from nbclient import NotebookClient

    cells = [
        "from vpg_helpers.checks import check_rewards_to_go\nfrom vpg_helpers.returns import rewards_to_go",
        "check_rewards_to_go(rewards_to_go)",  # passes: True is not echoed
        "check_rewards_to_go(lambda rewards, gamma, last_value=0.0: rewards)",  # fails: nor is False
        "check_rewards_to_go(rewards_to_go)\n1 + 1",  # a later value is shown as usual
        "True",  # and so is any other True
        "passed = check_rewards_to_go(rewards_to_go)\npassed",  # even the check's result, asked for by name
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    outputs = [[o.output_type for o in cell.outputs] for cell in nb.cells]
    assert outputs[1:] == [
        ["stream"],
        ["stream"],
        ["stream", "execute_result"],
        ["execute_result"],
        ["stream", "execute_result"],
    ]
    assert nb.cells[3].outputs[1].data["text/plain"] == "2"
    assert "✅" in nb.cells[1].outputs[0].text and "❌" in nb.cells[2].outputs[0].text
