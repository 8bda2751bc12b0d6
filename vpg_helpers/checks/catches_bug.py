"""Check for notebook 08's exercise "write a test that catches a bug": GAE that ignores episode ends.

The learner writes ``test_gae_stops_at_episode_end(gae_advantages_batch)``, a test of notebook 07's batched
GAE. The check runs it (``learner_tests``) on three correct versions written in different styles, where it
must pass, and on the broken one that ignores ``dones``, where it must fail with an AssertionError; then it
says which related bugs the test also catches (not required).
"""

import contextlib

import numpy as np

from vpg_helpers.checks import catches_bug_examples as examples
from vpg_helpers.checks._core import Case, Mistake, fmt
from vpg_helpers.checks.gae_batch import gae_by_segments
from vpg_helpers.checks.learner_tests import describe_call, learner_test_check, run_learner_test
from vpg_helpers.returns import gae_advantages_batch
from vpg_helpers.validation import as_batch_arrays, as_unit_interval

__all__ = ["check_test_catches_bug", "test_gae_stops_at_episode_end", "gae_ignoring_dones"]


# The course's solution, as in the notebook (whose comment, inside the function, reads: one env, an episode that
# ends at t = 1, then a new one: A_1 must not see the new episode's rewards). No docstring or comment lines in
# the body, so that the mutation tool numbers its lines as it does the notebook's copy.
def test_gae_stops_at_episode_end(gae_advantages_batch):
    rewards = np.array([[1.0], [1.0], [100.0]])
    values = np.zeros((3, 1))
    next_values = np.zeros((3, 1))
    dones = np.array([[False], [True], [False]])
    advantages = gae_advantages_batch(rewards, values, next_values, dones, gamma=1.0, lam=1.0)
    assert advantages[1, 0] == 1.0, f"A_1 should be r_1 = 1 (the episode ended), got {advantages[1, 0]}"


def gae_ignoring_dones(rewards, values, next_values, dones, gamma, lam):
    """The bug: the recursion A_t = delta_t + gamma lam A_{t+1} runs on across episode ends (no 1 - dones)."""
    return gae_advantages_batch(rewards, values, next_values, np.zeros_like(dones), gamma, lam)


def _gae_by_definition(rewards, values, gamma, lam, last_value):
    """One episode's GAE as the sum that defines it, A_t = sum_l (gamma lam)^l delta_{t+l}: it rounds differently."""
    deltas = rewards + gamma * np.append(values[1:], last_value) - values
    return np.array(
        [sum((gamma * lam) ** l * d for l, d in enumerate(deltas[t:])) for t in range(len(deltas))]
    )


def _batch_contract(version):
    """``version`` behind the exercise's contract, (T, N) arrays and gamma, lam in [0, 1], with clear errors."""

    def gae(rewards, values, next_values, dones, gamma, lam):
        if isinstance(dones, list | tuple):  # nested lists of booleans are as good as a bool array here
            with contextlib.suppress(ValueError):  # (ragged lists: as_batch_arrays names the problem)
                dones = np.asarray(dones)
        arrays = as_batch_arrays(
            ("dones",), rewards=rewards, values=values, next_values=next_values, dones=dones
        )
        if arrays[0].ndim != 2:
            raise ValueError(
                "rewards must be a (T, N) array: T steps, N envs side by side (shape (T, 1) for one env, e.g. "
                f"np.array([[1.0], [1.0], [100.0]])); got shape {arrays[0].shape}"
            )
        return version(*arrays, as_unit_interval("gamma", gamma), as_unit_interval("lam", lam))

    return gae


CORRECT = {
    "the course's, the backward recursion over the whole batch": gae_advantages_batch,
    "one episode at a time with notebook 06's gae_advantages": gae_by_segments,
    "one episode at a time with the sum that defines GAE": lambda r, v, nv, d, gamma, lam: gae_by_segments(
        r, v, nv, d, gamma, lam, gae=_gae_by_definition
    ),
}
NEARBY = {
    "the mask applied one step late, (1 - dones[t - 1])": lambda r, v, nv, d, gamma, lam: (
        gae_advantages_batch(r, v, nv, np.vstack([np.zeros_like(d[:1]), d[:-1]]), gamma, lam)
    ),
    "a bootstrap from values[t + 1] (the next episode's first state) instead of next_values": (
        lambda r, v, nv, d, gamma, lam: gae_advantages_batch(r, v, np.vstack([v[1:], nv[-1:]]), d, gamma, lam)
    ),
}
"""Related bugs at an episode end: a passing test is told whether it catches them too (not required)."""


# ---- what a report shows -----------------------------------------------------------------------------------


def _right_answer(call):
    try:
        return _batch_contract(gae_advantages_batch)(**call.arguments)
    except (TypeError, ValueError):
        return None


def _usable(run):
    """The test's calls that returned, with the right answer for each."""
    return [
        (call, right)
        for call in run.calls
        if call.error is None and (right := _right_answer(call)) is not None
    ]


def _bug_shows(call, right):
    return not np.allclose(
        _batch_contract(gae_ignoring_dones)(**call.arguments), right, rtol=1e-9, atol=1e-12
    )


def _describe(case, run):
    """The test's call (the first one on which the bug shows, if any), the right answer and the broken one."""
    usable = _usable(run)
    if not usable:
        return ""
    call, right = next(((c, r) for c, r in usable if _bug_shows(c, r)), usable[-1])
    text = f"\n   its call: {describe_call('gae_advantages_batch', call)}\n   correct:  {fmt(right, threshold=40)}"
    if not case.expected:
        text += f"\n   broken:   {fmt(_batch_contract(gae_ignoring_dones)(**call.arguments), threshold=40)}"
    more = len(run.calls) - 1
    return text + (f"\n   (and {more} more call{'s' * (more > 1)})" if more else "")


def _also(test_fn):
    """A line on the related bugs: which ones the test catches too."""
    caught = {
        name: run_learner_test(test_fn, _batch_contract(bug), gae_advantages_batch).failed
        for name, bug in NEARBY.items()
    }
    parts = [f"it also catches {name}" for name, hit in caught.items() if hit]
    parts += [f"it does not catch {name} (not required)" for name, hit in caught.items() if not hit]
    return "\n   also:     " + "; ".join(parts) + "."


# ---- classic wrong tests: the hint goes to the first mistake that recognises the run ----------------------------


def _passes_elsewhere(test_fn, case, run):
    return (
        case.expected
        and run.failed
        and any(
            run_learner_test(test_fn, _batch_contract(v), gae_advantages_batch).passed
            for v in CORRECT.values()
        )
    )


def _mistakes():
    return [
        Mistake(
            "Call it as gae_advantages_batch(rewards, values, next_values, dones, gamma, lam): four (T, N) "
            "arrays (T steps, N envs side by side; one env is shape (T, 1)), dones of booleans, then gamma and "
            "lam in [0, 1].",
            examples.one_dimensional_arrays,
            detect=lambda test_fn, case, run: run.error_in_call,
        ),
        Mistake(
            "Your test never calls the function it is given: call gae_advantages_batch(rewards, values, "
            "next_values, dones, gamma, lam) on a small batch of your own and assert on what it returns.",
            examples.never_calls,
            detect=lambda test_fn, case, run: run.passed and not run.calls,
        ),
        Mistake(
            "A test fails only by raising: write `assert <condition>, <message>`, not `return <condition>`.",
            examples.returns_the_comparison,
            detect=lambda test_fn, case, run: run.passed and run.returned is not None,
        ),
        Mistake(
            "None of your calls has an episode end before its last step, so ignoring dones changes nothing: "
            "set dones[t, n] = True at some t < T - 1 and check the advantage at that t.",
            examples.no_episode_end,
            detect=lambda test_fn, case, run: (
                run.passed
                and not any(np.any(np.asarray(call.arguments["dones"])[:-1]) for call, _ in _usable(run))
            ),
        ),
        Mistake(
            "On your inputs the broken function returns the same advantages as a correct one: the step after "
            "the episode end needs a nonzero TD residual (a large reward, say) and gamma * lam > 0, or nothing "
            "can leak across the end.",
            examples.nothing_to_leak,
            detect=lambda test_fn, case, run: (
                run.passed and not any(_bug_shows(call, right) for call, right in _usable(run))
            ),
        ),
        Mistake(
            "Your inputs do show the bug (compare correct and broken above), but nothing your test asserts "
            "sees it: check an advantage just before the episode end, where the broken function adds the "
            "next episode's residuals.",
            examples.checks_the_new_episode,
            detect=lambda test_fn, case, run: run.passed,
        ),
        Mistake(
            "Your test passes on another correct version: correct versions differ only by rounding (about "
            "1e-16), and your test compares floats exactly. Use np.isclose(got, expected) instead of ==.",
            examples.exact_float_compare,
            detect=_passes_elsewhere,
        ),
        Mistake(
            "Your test failed without calling the function it is given: an assert that does not look at "
            "gae_advantages_batch's result fails on every version, right or wrong.",
            examples.fails_without_calling,
            detect=lambda test_fn, case, run: case.expected and run.failed and not run.calls,
        ),
        Mistake(
            "Is your expected value right? Work it out by hand from A_t = delta_t + gamma * lam * (1 - dones[t]) "
            "* A_{t+1}, with delta_t = r_t + gamma * next_values[t] - values[t] and A_T = 0 (compare with "
            "np.isclose, not ==).",
            examples.wrong_expected_value,
            detect=lambda test_fn, case, run: case.expected and run.failed,
        ),
        Mistake(
            "Your test crashed on a correct version (an error, not a failed assert): fix the line shown in `at:`.",
            examples.index_past_the_end,
            detect=lambda test_fn, case, run: case.expected,
        ),
        Mistake(
            "Your test sees the bug but raises something other than AssertionError: say what you expect with "
            "`assert` (or np.testing.assert_allclose), so that a failure reads as a failed check, not a crash.",
            examples.raises_instead_of_asserting,
            detect=lambda test_fn, case, run: True,
        ),
    ]


@learner_test_check(test_gae_stops_at_episode_end, gae_advantages_batch, describe=_describe, also=_also)
def check_test_catches_bug():
    """Check a test ``test_fn(gae_advantages_batch)``: it passes on correct versions, fails on the broken one."""
    cases = [
        Case(f"a correct gae_advantages_batch ({style})", {"gae_advantages_batch": _batch_contract(fn)}, True)
        for style, fn in CORRECT.items()
    ]
    broken = Case(
        "the broken gae_advantages_batch that ignores `dones`",
        {"gae_advantages_batch": _batch_contract(gae_ignoring_dones)},
        False,
    )
    return [*cases, broken], _mistakes()
