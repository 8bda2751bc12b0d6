"""The checks of notebooks 04 and 05 pass the right answer and catch each classic mistake with its own hint."""

import numpy as np
import pytest

from vpg_helpers.checks import check_n_step_td_episode
from vpg_helpers.checks.n_step import _loop, _slip
from vpg_helpers.random_walk import n_step_td_episode


def test_n_step_td_episode_accepts_the_reference(capsys):
    assert check_n_step_td_episode(n_step_td_episode) is True
    assert "✅" in capsys.readouterr().out


N_STEP_TD_MISTAKES = [
    (dict(start_values=True), "updated so far"),
    (dict(bootstrap_offset=-1), "Off by one"),
    (dict(use_bootstrap=False), "No bootstrap"),
    (dict(last_tau=lambda T, n: T - n + 1), "The last updates are missing"),
    (dict(sign=-1.0), "wrong way"),
]


@pytest.mark.parametrize("slip, hint", N_STEP_TD_MISTAKES, ids=[h for _, h in N_STEP_TD_MISTAKES])
def test_n_step_td_episode_mistakes_get_their_hint(slip, hint, capsys):
    assert check_n_step_td_episode(_slip(**slip)) is False
    out = capsys.readouterr().out
    assert "❌" in out and hint in out


def test_n_step_td_episode_alpha_ignored(capsys):
    assert (
        check_n_step_td_episode(
            lambda values, states, rewards, n, alpha: _loop(values, states, rewards, n, 1.0)
        )
        is False
    )
    assert "alpha is ignored" in capsys.readouterr().out


def test_n_step_td_episode_mutating_the_input_is_caught(capsys):
    def in_place(values, states, rewards, n, alpha):
        result = n_step_td_episode(values, states, rewards, n, alpha)
        values[:] = result
        return result

    assert check_n_step_td_episode(in_place) is False
    assert "changed its input `values`" in capsys.readouterr().out


def test_n_step_td_episode_stub_and_none(capsys):
    def stub(values, states, rewards, n, alpha):
        raise NotImplementedError()

    assert check_n_step_td_episode(stub) is False
    assert "not implemented yet" in capsys.readouterr().out
    assert check_n_step_td_episode(lambda values, states, rewards, n, alpha: None) is False
    assert "returned None" in capsys.readouterr().out


def test_the_loop_with_no_slip_is_right():
    rng = np.random.default_rng(0)
    values, states = rng.normal(size=19), rng.integers(0, 19, size=30)
    rewards = rng.normal(size=30)
    for n in (1, 3, 50):
        assert np.allclose(
            _loop(values, states, rewards, n, 0.3), n_step_td_episode(values, states, rewards, n, 0.3)
        )


# ---- notebook 04: learners' wrong answers, written the way a learner would write them --------------------

from vpg_helpers.checks import check_linear_value_mse_grad, check_rewards_to_go_advantages  # noqa: E402
from vpg_helpers.policy_gradient import rewards_to_go_advantages  # noqa: E402
from vpg_helpers.returns import rewards_to_go  # noqa: E402
from vpg_helpers.value_fitting.linear import linear_value_mse_grad  # noqa: E402


def grad_no_two(weights, features, targets):
    residual = features @ weights - targets
    return features.T @ residual / len(targets)


def grad_sum(weights, features, targets):
    return 2 * features.T @ (features @ weights - targets)


def grad_target_minus_prediction(weights, features, targets):
    return 2 * features.T @ (targets - features @ weights) / len(targets)


def grad_divided_by_features(weights, features, targets):
    n_features = features.shape[1]
    return 2 * features.T @ (features @ weights - targets) / n_features


def grad_wrong_axis(weights, features, targets):
    residual = features @ weights - targets
    return np.mean(2 * residual[:, None] * features, axis=1)  # one number per step, not per weight


GRAD_MISTAKES = [
    (grad_no_two, "factor 2"),
    (grad_sum, "Divide by N, the number of time steps"),
    (grad_target_minus_prediction, "sign is flipped"),
    (grad_divided_by_features, "not by the number of features"),
    (grad_wrong_axis, "expected an array of shape (3,)"),
]


def test_linear_value_mse_grad_accepts_the_reference(capsys):
    assert check_linear_value_mse_grad(linear_value_mse_grad) is True
    assert "✅" in capsys.readouterr().out


@pytest.mark.parametrize("wrong, hint", GRAD_MISTAKES, ids=[w.__name__ for w, _ in GRAD_MISTAKES])
def test_linear_value_mse_grad_mistakes_get_their_hint(wrong, hint, capsys):
    assert check_linear_value_mse_grad(wrong) is False
    out = capsys.readouterr().out
    assert "❌" in out and hint in out


def adv_flipped(rewards, values, gamma, last_value=0.0):
    return values - rewards_to_go(rewards, gamma, last_value)


def adv_next_state(rewards, values, gamma, last_value=0.0):
    next_values = np.append(values[1:], last_value)
    return rewards_to_go(rewards, gamma, last_value) - next_values


def adv_no_bootstrap(rewards, values, gamma, last_value=0.0):
    return rewards_to_go(rewards, gamma) - values


def adv_mean_baseline(rewards, values, gamma, last_value=0.0):
    return rewards_to_go(rewards, gamma, last_value) - values.mean()


def adv_total_return(rewards, values, gamma, last_value=0.0):
    total = sum(gamma**t * r for t, r in enumerate(rewards)) + gamma ** len(rewards) * last_value
    return total - values


def adv_forgot_baseline(rewards, values, gamma, last_value=0.0):
    return rewards_to_go(rewards, gamma, last_value)


ADV_MISTAKES = [
    (adv_flipped, "sign is flipped"),
    (adv_next_state, "not V(s_{t+1})"),
    (adv_no_bootstrap, "last_value is ignored"),
    (adv_mean_baseline, "not the average of the values"),
    (adv_total_return, "not the total return"),
    (adv_forgot_baseline, "subtract the baseline"),
]


def test_rewards_to_go_advantages_accepts_the_reference(capsys):
    assert check_rewards_to_go_advantages(rewards_to_go_advantages) is True
    assert "✅" in capsys.readouterr().out


@pytest.mark.parametrize("wrong, hint", ADV_MISTAKES, ids=[w.__name__ for w, _ in ADV_MISTAKES])
def test_rewards_to_go_advantages_mistakes_get_their_hint(wrong, hint, capsys):
    assert check_rewards_to_go_advantages(wrong) is False
    out = capsys.readouterr().out
    assert "❌" in out and hint in out


@pytest.mark.parametrize("check", [check_linear_value_mse_grad, check_rewards_to_go_advantages])
def test_stub_says_not_implemented(check, capsys):
    def stub(*args, **kwargs):
        raise NotImplementedError()

    assert check(stub) is False
    assert "not implemented yet" in capsys.readouterr().out
