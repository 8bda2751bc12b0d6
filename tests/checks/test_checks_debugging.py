"""Notebook 08's exercise checks: a test that catches a bug (check_test_catches_bug) and a rollout to fix
(check_collect_episode). Right answers in several styles pass; learners' wrong answers get their own message.

The registry's generic tests already feed each classic mistake back in; the wrong answers here are written as
a learner would write them, and the messages the integrator asked for are checked word for word.
"""

import inspect
import json
from pathlib import Path

import gymnasium as gym
import numpy as np
import pytest

from vpg_helpers import checks
from vpg_helpers.checks.catches_bug import CORRECT, NEARBY, gae_ignoring_dones
from vpg_helpers.checks.catches_bug import test_gae_stops_at_episode_end as reference_test
from vpg_helpers.checks.debugging import collect_episode, collect_episode_reward_late
from vpg_helpers.checks.gae_batch import batch_inputs
from vpg_helpers.checks.registry import hidden_case
from vpg_helpers.checks.trajectories import _make, _ShapedReward
from vpg_helpers.envs.rollouts import collect_trajectory
from vpg_helpers.policies.simple import lean_policy
from vpg_helpers.returns import gae_advantages_batch


def run(check, fn, capsys):
    ok = check(fn)
    return ok, capsys.readouterr().out


def defined(source, name):
    """The function ``name`` defined by ``source`` (text as a notebook cell holds it)."""
    namespace = {"np": np}
    exec(source, namespace)
    return namespace[name]


# ---- check_test_catches_bug ---------------------------------------------------------------------------------

SOLUTION = """
def test_gae_stops_at_episode_end(gae_advantages_batch):
    ### BEGIN SOLUTION
    # one env, an episode that ends at t = 1, then a new one: A_1 must not see the new episode's rewards
    rewards = np.array([[1.0], [1.0], [100.0]])
    values = np.zeros((3, 1)); next_values = np.zeros((3, 1)); dones = np.array([[False], [True], [False]])
    advantages = gae_advantages_batch(rewards, values, next_values, dones, gamma=1.0, lam=1.0)
    assert advantages[1, 0] == 1.0, f"A_1 should be r_1 = 1 (the episode ended), got {advantages[1, 0]}"
    ### END SOLUTION
"""
"""The solution as the brief gives it (the notebook's cell): the check passes it."""


def test_the_solution_passes_and_is_told_which_nearby_bug_it_also_catches(capsys):
    for test_fn in (defined(SOLUTION, "test_gae_stops_at_episode_end"), reference_test):
        ok, out = run(checks.check_test_catches_bug, test_fn, capsys)
        assert ok is True, out
        assert "✅ check_test_catches_bug: all 4 cases pass." in out
        assert "it also catches the mask applied one step late" in out
        assert "it does not catch a bootstrap from values[t + 1]" in out and "(not required)" in out


def test_the_correct_versions_are_correct_and_the_broken_one_is_broken():
    """On notebook 07's check batches (terminations, truncations, batch cuts) every correct version agrees with
    the course's function; the broken one does not."""
    for _, rewards, values, next_values, dones, gamma, lam in batch_inputs():
        right = gae_advantages_batch(rewards, values, next_values, dones, gamma, lam)
        for version in CORRECT.values():
            np.testing.assert_allclose(
                version(rewards, values, next_values, dones, gamma, lam), right, rtol=1e-12
            )
    _, rewards, values, next_values, dones, gamma, lam = batch_inputs()[1]
    assert not np.allclose(gae_ignoring_dones(rewards, values, next_values, dones, gamma, lam), right)
    for bug in NEARBY.values():
        assert not np.allclose(bug(rewards, values, next_values, dones, gamma, lam), right)


def hand_computed_two_envs(gae_advantages_batch):
    # env 0 terminates at t = 1; env 1 is truncated at t = 0 and bootstraps from V(final obs) = 2
    rewards = np.array([[1.0, 1.0], [2.0, 1.0], [3.0, 1.0]])
    values = np.array([[0.5, 1.0], [1.0, 1.0], [4.0, 1.0]])
    next_values = np.array([[1.0, 2.0], [0.0, 1.0], [0.0, 0.0]])
    dones = np.array([[False, True], [True, False], [False, False]])
    advantages = gae_advantages_batch(rewards, values, next_values, dones, gamma=0.9, lam=0.5)
    delta_0, delta_1 = 1.0 + 0.9 * 1.0 - 0.5, 2.0 - 1.0  # env 0: no future after the termination at t = 1
    assert np.isclose(advantages[1, 0], delta_1)
    assert np.isclose(advantages[0, 0], delta_0 + 0.9 * 0.5 * delta_1)
    assert np.isclose(advantages[0, 1], 1.0 + 0.9 * 2.0 - 1.0)  # env 1: the bootstrap, not the next episode


def whole_array_with_assert_allclose(gae_advantages_batch):
    rewards, dones = np.array([[1.0], [1.0], [5.0], [5.0]]), np.array([[False], [True], [False], [False]])
    advantages = gae_advantages_batch(rewards, np.zeros((4, 1)), np.zeros((4, 1)), dones, 1.0, 1.0)
    np.testing.assert_allclose(advantages, [[2.0], [1.0], [10.0], [5.0]])


def with_pytest_approx_and_lists(gae_advantages_batch):
    advantages = gae_advantages_batch(
        [[1.0], [1.0], [7.0]], [[0.0]] * 3, [[0.0]] * 3, [[False], [True], [False]], 0.5, 1.0
    )
    assert advantages[0, 0] == pytest.approx(1.5)


def with_pytest_fail(gae_advantages_batch):
    advantages = gae_advantages_batch(*[np.array([[1.0], [1.0], [7.0]]), *[np.zeros((3, 1))] * 2], np.array([[0], [1], [0]]), 1.0, 1.0)  # fmt: skip
    if advantages[1, 0] != 1.0:
        pytest.fail("A_1 leaks across the episode end")


@pytest.mark.parametrize(
    "test_fn",
    [
        hand_computed_two_envs,
        whole_array_with_assert_allclose,
        with_pytest_approx_and_lists,
        with_pytest_fail,
    ],
)
def test_other_valid_tests_pass(test_fn, capsys):
    ok, out = run(checks.check_test_catches_bug, test_fn, capsys)
    assert ok is True and "all 4 cases pass" in out, out


def test_a_test_that_sees_nonzero_values_catches_both_nearby_bugs(capsys):
    def test_fn(gae_advantages_batch):
        values = np.array([[0.0], [0.0], [50.0]])  # V of the next episode's first state is not 0
        dones = np.array([[False], [True], [False]])
        advantages = gae_advantages_batch(
            np.array([[1.0], [1.0], [100.0]]), values, np.zeros((3, 1)), dones, 1.0, 1.0
        )
        assert np.isclose(advantages[1, 0], 1.0)

    ok, out = run(checks.check_test_catches_bug, test_fn, capsys)
    assert ok is True
    assert "it also catches the mask applied one step late" in out and "it also catches a bootstrap" in out
    assert "not required" not in out


def asserts_nothing(gae_advantages_batch):
    rewards = np.array([[1.0], [1.0], [100.0]])
    advantages = gae_advantages_batch(rewards, 0 * rewards, 0 * rewards, np.array([[0], [1], [0]]), 1.0, 1.0)
    print(advantages)  # looks at it, asserts nothing


def asserts_the_new_episode_with_lists(gae_advantages_batch):
    advantages = gae_advantages_batch(
        [[1.0], [1.0], [100.0]], [[0.0]] * 3, [[0.0]] * 3, [[False], [True], [False]], 1, 1
    )
    assert advantages[2, 0] == 100.0  # the same with or without the bug


def always_fails(gae_advantages_batch):
    raise AssertionError("TODO: finish this test")


def expects_the_leak(gae_advantages_batch):  # the learner believes A_1 should include the next episode
    advantages = gae_advantages_batch(np.array([[1.0], [1.0], [100.0]]), np.zeros((3, 1)), np.zeros((3, 1)),
                                      np.array([[False], [True], [False]]), 1.0, 1.0)  # fmt: skip
    assert advantages[1, 0] == 101.0, f"expected 101, got {advantages[1, 0]}"


def forgets_next_values(gae_advantages_batch):
    rewards, dones = np.array([[1.0], [1.0], [100.0]]), np.array([[False], [True], [False]])
    assert gae_advantages_batch(rewards, np.zeros((3, 1)), dones, 1.0, 1.0)[1, 0] == 1.0


def stub(gae_advantages_batch):
    raise NotImplementedError()


REJECTED = [
    (asserts_nothing, [
        "failed on case 4/4: your test passed on the broken gae_advantages_batch that ignores `dones`: it does not "
        "catch the bug.",
        "its call: gae_advantages_batch(rewards=[[  1.], [  1.], [100.]]",
        "correct:  [[  2.], [  1.], [100.]]", "broken:   [[102.], [101.], [100.]]",
        "hint:     Your inputs do show the bug", "check an advantage just before the episode end"]),
    (asserts_the_new_episode_with_lists, [
        "your test passed on the broken", "dones=[[False], [True], [False]]",
        "broken:   [[102.], [101.], [100.]]", "hint:     Your inputs do show the bug"]),
    (always_fails, [
        "failed on case 1/4: your test failed on a correct gae_advantages_batch (the course's, the backward "
        "recursion over the whole batch): AssertionError: TODO: finish this test",
        "at:       line ", 'raise AssertionError("TODO: finish this test")',
        "hint:     Your test failed without calling the function it is given"]),
    (expects_the_leak, [
        "your test failed on a correct gae_advantages_batch", "AssertionError: expected 101, got 1.0",
        "correct:  [[  2.], [  1.], [100.]]", "hint:     Is your expected value right?"]),
    (forgets_next_values, [
        "your test raised TypeError: gae_advantages_batch(rewards, values, next_values, dones, gamma, lam): "
        "missing a required argument: 'lam'", "while calling a correct gae_advantages_batch",
        "hint:     Call it as gae_advantages_batch(rewards, values, next_values, dones, gamma, lam)"]),
    (stub, ["⏳ check_test_catches_bug: not implemented yet."]),
    (lambda: None, ["your test must take one argument, the function it tests: def test_...(gae_advantages_batch):"]),
    ("test_gae_stops_at_episode_end", ["expected a test function, got str"]),
]  # fmt: skip


@pytest.mark.parametrize("test_fn,messages", REJECTED, ids=lambda x: getattr(x, "__name__", None) or "")
def test_wrong_tests_are_rejected_with_their_message(test_fn, messages, capsys):
    ok, out = run(checks.check_test_catches_bug, test_fn, capsys)
    assert ok is False
    for message in messages:
        assert message in out, out
    assert "Traceback" not in out and "[[1.], [1.], [100.]]\n" not in out  # no traceback, no learner's print


# Hand-made mutants of the solution, beyond the mutation tool's (which cannot drop a statement): each is
# rejected, or is still a valid test, with the reason.
MUTANTS = [
    ("drop the assert", "    assert advantages[1, 0] == 1.0,", "    advantages[1, 0] == 1.0,", False),
    ("the step before: A_0", "assert advantages[1, 0] == 1.0", "assert advantages[0, 0] == 1.0", False),
    ("the new episode: A_2 (100 either way)", "assert advantages[1, 0] == 1.0", "assert advantages[2, 0] == 1.0", False),
    ("expected value r_0 + r_1", "assert advantages[1, 0] == 1.0", "assert advantages[1, 0] == 2.0", False),
    ("expected value with the leak", "assert advantages[1, 0] == 1.0", "assert advantages[1, 0] == 101.0", False),
    ("no episode end", "[[False], [True], [False]]", "[[False], [False], [False]]", False),
    ("the end at the last step (no leak possible)", "[[False], [True], [False]]", "[[False], [False], [True]]", False),
    ("!= instead of ==", "advantages[1, 0] == 1.0,", "advantages[1, 0] != 1.0,", False),
    ("A_0 = r_0 + r_1 checked instead: still a valid test", "assert advantages[1, 0] == 1.0", "assert advantages[0, 0] == 2.0", True),
    ("np.isclose instead of ==: still valid", "assert advantages[1, 0] == 1.0", "assert np.isclose(advantages[1, 0], 1.0)", True),
]  # fmt: skip


@pytest.mark.parametrize("what,old,new,valid", MUTANTS, ids=[m[0] for m in MUTANTS])
def test_hand_made_mutants_of_the_solution(what, old, new, valid, capsys):
    assert old in SOLUTION
    ok, out = run(
        checks.check_test_catches_bug,
        defined(SOLUTION.replace(old, new), "test_gae_stops_at_episode_end"),
        capsys,
    )
    assert ok is valid, out


def test_the_test_gets_a_fresh_copy_it_cannot_spoil(capsys):
    """Whatever the test does to the function, its inputs or its result stays in that run: the next run, the
    report and the course's own function see none of it."""
    course = (gae_advantages_batch.__name__, gae_advantages_batch.__doc__)

    def meddles(gae_advantages_batch):
        assert not hasattr(gae_advantages_batch, "seen"), "a run saw the function of another run"
        gae_advantages_batch.seen = True
        gae_advantages_batch.__name__, gae_advantages_batch.__doc__ = "patched", "patched"
        rewards, dones = np.array([[1.0], [1.0], [100.0]]), np.array([[False], [True], [False]])
        advantages = gae_advantages_batch(rewards, np.zeros((3, 1)), np.zeros((3, 1)), dones, 1.0, 1.0)
        rewards[:] = -7.0  # after the call: the report shows what was passed
        advantages[:] = 0.0
        assert (
            gae_advantages_batch(rewards, np.zeros((3, 1)), np.zeros((3, 1)), dones, 1.0, 1.0)[0, 0] == -14.0
        )
        raise AssertionError("fails everywhere")

    ok, out = run(checks.check_test_catches_bug, meddles, capsys)
    assert ok is False and "AssertionError: fails everywhere" in out, out
    assert "rewards=[[  1.], [  1.], [100.]]" in out and "(and 1 more call)" in out
    assert (gae_advantages_batch.__name__, gae_advantages_batch.__doc__) == course
    assert run(checks.check_test_catches_bug, reference_test, capsys)[0] is True


# ---- check_collect_episode ------------------------------------------------------------------------------------


def _notebook_cell(cell_id):
    """The source of notebook 08's cell ``cell_id``."""
    notebook = Path(__file__).resolve().parents[2] / "notebooks" / "08_debugging.ipynb"
    (cell,) = [c for c in json.loads(notebook.read_text())["cells"] if c.get("id") == cell_id]
    return "".join(cell["source"])


COLLEAGUES_CODE = _notebook_cell("d08-ex3-broken")
"""The broken function as notebook 08 shows it (a colleague's code): the wrong answers below are edits of it."""
COLLEAGUE = "collect_episode_as_given"


def edited(*replacements):
    source = COLLEAGUES_CODE
    for old, new in replacements:
        assert old in source, old
        source = source.replace(old, new)
    return defined(source, COLLEAGUE)


APPEND_AFTER_STEP = ("rewards.append(reward)\n", "\n"), ("env.step(action)\n", "env.step(action)\n        rewards.append(reward)\n")  # fmt: skip
FIXES = {
    "append the reward after the step (the solution)": edited(*APPEND_AFTER_STEP),
    "drop the placeholder reward, add the last one": edited(
        ("np.array(rewards)", "np.array(rewards[1:] + [reward])")
    ),
    "a while-not loop, lists returned": defined(
        "def collect_episode(env, policy, seed):\n"
        "    rng, (obs, _) = np.random.default_rng(seed), env.reset(seed=seed)\n"
        "    observations, actions, rewards, terminated, truncated = [], [], [], False, False\n"
        "    while not (terminated or truncated):\n"
        "        observations.append(obs); actions.append(policy(obs, rng))\n"
        "        obs, reward, terminated, truncated, _ = env.step(actions[-1])\n"
        "        rewards.append(float(reward))\n"
        "    return observations, actions, rewards\n",
        "collect_episode",
    ),
    "the course's own rollout": lambda env, policy, seed: (
        lambda tau: (tau.observations, tau.actions, tau.rewards)
    )(collect_trajectory(env, policy, seed)),
}


@pytest.mark.parametrize("fn", FIXES.values(), ids=FIXES)
def test_fixed_versions_pass(fn, capsys):
    ok, out = run(checks.check_collect_episode, fn, capsys)
    assert ok is True, out


WRONG_FIXES = [
    ("the colleague's code as it is", defined(COLLEAGUES_CODE, COLLEAGUE),
     ["case 1/5 (plain CartPole, every reward 1", "expected: [1., 1., 1.", "got:      [0., 1., 1.",
      "rewards[t] holds the reward of step t - 1 (and rewards[0] = 0). Append `reward` after env.step(action)"]),
    ("the reward appended after the end-of-episode test", edited(
        ("rewards.append(reward)\n", "\n"), ("            break\n", "            break\n        rewards.append(reward)\n")),
     ["it returned an array of shape (10,); expected an array of shape (11,)", "The last step's reward is missing"]),
    ("everything appended after the step", edited(
        ("        observations.append(obs)\n        actions.append(action)\n        rewards.append(reward)\n", ""),
        ("env.step(action)\n", "env.step(action)\n        observations.append(obs); actions.append(action); rewards.append(reward)\n")),
     ["observations:\n     expected:", "actions: right", "rewards: right",
      "observations[t] must be the state actions[t] was taken in: append obs before env.step(action)"]),
    ("stops only when the pole falls", edited(*APPEND_AFTER_STEP, ("if terminated or truncated:", "if terminated:")),
     ["case 4/5 (a balancing policy: the time limit (max_episode_steps=40) truncates the episode)",
      "it raised RuntimeError: env.step() was called after the episode ended. Stop the loop as soon as "
      "`terminated or truncated` is True"]),
    ("the env reset without the seed", edited(*APPEND_AFTER_STEP, ("env.reset(seed=seed)", "env.reset()")),
     ["case 1/5 (plain CartPole", "reset the env with the seed argument, obs, _ = env.reset(seed=seed)"]),
    ("an unseeded rng", edited(*APPEND_AFTER_STEP, ("default_rng(seed)", "default_rng()")),
     ["case 5/5 (a stochastic policy", "the policy's random numbers are not seeded"]),
    ("a fixed rng seed", edited(*APPEND_AFTER_STEP, ("default_rng(seed)", "default_rng(42)")),
     ["case 5/5 (a stochastic policy", "The rng is seeded with a fixed number"]),
    ("the final observation kept", edited(*APPEND_AFTER_STEP, ("np.array(observations)", "np.array(observations + [obs])")),
     ["expected an array of shape (11, 4)", "observations has one row too many"]),
]  # fmt: skip


@pytest.mark.parametrize("what,fn,messages", WRONG_FIXES, ids=[w[0] for w in WRONG_FIXES])
def test_wrong_fixes_get_their_hint(what, fn, messages, capsys):
    ok, out = run(checks.check_collect_episode, fn, capsys)
    assert ok is False
    for message in messages:
        assert message in out, out


def test_the_colleagues_code_is_the_late_reward_mistake():
    env = gym.make("CartPole-v1")
    for a, b in zip(collect_episode_reward_late(env, lean_policy(noise=0.3), 4),
                    defined(COLLEAGUES_CODE, COLLEAGUE)(env, lean_policy(noise=0.3), 4), strict=True):  # fmt: skip
        np.testing.assert_array_equal(a, b)


def test_the_cases_show_a_late_reward_in_every_kind_of_episode():
    """Terminated and truncated episodes, a stochastic policy, and rewards that are not all 1 (so that a late
    reward changes more than rewards[0])."""
    cases = checks.check_collect_episode.check.cases()
    endings = []
    for case in cases:
        tau = collect_trajectory(case.kwargs["env"], case.kwargs["policy"], case.kwargs["seed"])
        endings.append("terminated" if tau.terminated else "truncated")
        late = collect_episode_reward_late(case.kwargs["env"], case.kwargs["policy"], case.kwargs["seed"])[2]
        assert not np.array_equal(late, case.expected[2])
    assert {"terminated", "truncated"} <= set(endings)
    shaped = [c for c in cases if not np.all(c.expected[2] == 1.0)]
    assert len(shaped) >= 3 and any(endings[cases.index(c)] == "truncated" for c in shaped)


def test_a_hidden_case_grades_a_fix_and_fails_the_bug():
    env = _make(wrapper=_ShapedReward, max_episode_steps=80)
    inputs = dict(env=env, policy=lean_policy(noise=0.2), seed=11)
    hidden_case(checks.check_collect_episode, collect_episode, "a noisy lean policy, seed 11", **inputs)
    with pytest.raises(
        AssertionError, match="(?s)hidden test.*rewards\\[t\\] holds the reward of step t - 1"
    ):
        hidden_case(checks.check_collect_episode, collect_episode_reward_late, "the same", **inputs)


# ---- the mutation tool on notebook 08's cells -----------------------------------------------------------------

FIX_SOLUTION = (
    inspect.getsource(collect_episode).replace(
        'env.step(actions[t])."""\n', 'env.step(actions[t])."""\n    ### BEGIN SOLUTION\n'
    )
    + "    ### END SOLUTION\n"
)
"""Notebook 08's solution cell for the fix: the module's solution between the markers, under the docstring."""


@pytest.fixture
def course_with_notebook_08(tmp_path, monkeypatch):
    """A course folder whose 08 holds the colleague's code and both solution cells (as the notebook will)."""
    import json

    from vpg_helpers.checks import mutation
    from vpg_helpers.notebook import course

    cells = ["import numpy as np", SOLUTION, COLLEAGUES_CODE, FIX_SOLUTION]
    notebook = {"cells": [{"cell_type": "code", "source": text} for text in cells]}
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / course.NOTEBOOKS[0].filename).write_text(json.dumps({"cells": []}))
    (tmp_path / "notebooks" / "08_debugging.ipynb").write_text(json.dumps(notebook))
    monkeypatch.setattr(
        course, "NOTEBOOKS", (course.NOTEBOOKS[0], course.Notebook("08_debugging.ipynb", "08", 1))
    )
    monkeypatch.chdir(tmp_path)
    mutation._solution_cells.cache_clear()
    yield
    mutation._solution_cells.cache_clear()


@pytest.mark.parametrize("name", ["test_catches_bug", "collect_episode"])
def test_the_mutation_tool_takes_08s_solution_cells_and_no_mutant_survives(name, course_with_notebook_08):
    from vpg_helpers.checks.mutation import EQUIVALENT, mutation_test

    result = mutation_test(name)
    assert result.origin == "08_debugging.ipynb"  # the solution cell, not the colleague's code nor the module
    assert result.survivors == []
    assert sorted(result.equivalent) == sorted(EQUIVALENT[name])
