"""Notebook 07's checks: right answers pass; realistic wrong answers are caught with the right hint.

The wrong answers are written the way a learner would write them, not copied from the checks' own list.
"""

import numpy as np
import pytest

from vpg_helpers.checks.vpg import check_compute_batch_targets, check_policy_gradient
from vpg_helpers.returns import gae_advantages


def run(check, fn, capsys):
    ok = check(fn)
    return ok, capsys.readouterr().out


def stub(*args, **kwargs):
    raise NotImplementedError()


# ---- policy_gradient ----------------------------------------------------------------------------------------


def pg_loop(grad_log_probs, advantages):
    total = np.zeros(grad_log_probs.shape[1])
    for g, a in zip(grad_log_probs, advantages, strict=True):
        total += a * g
    return total / len(advantages)


def pg_loss_gradient(grad_log_probs, advantages):
    return -np.mean(grad_log_probs * advantages[:, None], axis=0)


def pg_sum(grad_log_probs, advantages):
    return np.sum(grad_log_probs * advantages[:, None], axis=0)


def pg_no_advantages(grad_log_probs, advantages):
    return np.mean(grad_log_probs, axis=0)


def pg_wrong_axis(grad_log_probs, advantages):
    return np.mean(grad_log_probs * advantages[:, None], axis=1)


def pg_normalises(grad_log_probs, advantages):
    a = (advantages - np.mean(advantages)) / (np.std(advantages) + 1e-8)
    return a @ grad_log_probs / len(a)


def test_policy_gradient_accepts_a_correct_answer(capsys):
    ok, out = run(check_policy_gradient, pg_loop, capsys)
    assert ok and "all 4 cases pass" in out


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (pg_loss_gradient, "sign is flipped"),
        (pg_sum, "the estimate is the mean"),
        (pg_no_advantages, "advantages are missing"),
        (pg_wrong_axis, "wrong axis"),
        (pg_normalises, "Use the advantages as given"),
    ],
)
def test_policy_gradient_mistakes_get_their_hint(wrong, hint, capsys):
    ok, out = run(check_policy_gradient, wrong, capsys)
    assert not ok and hint in out


def test_policy_gradient_stub_and_none(capsys):
    ok, out = run(check_policy_gradient, stub, capsys)
    assert not ok and "not implemented yet" in out and "Traceback" not in out
    ok, out = run(check_policy_gradient, lambda grad_log_probs, advantages: None, capsys)
    assert not ok and "returned None" in out


# ---- compute_batch_targets: a learner's version, one env column and one episode segment at a time --------------


def targets_by_segments(
    rewards,
    values,
    next_values,
    dones,
    gamma,
    lam,
    *,
    bootstrap_truncation=True,
    cut_at_dones=True,
    normalise=True,
    rtg_lam=1.0,
    add_values=True,
    swap=False,
):
    T, N = rewards.shape
    advantages, rtg = np.zeros((T, N)), np.zeros((T, N))
    for n in range(N):
        start = 0
        for t in range(T):
            if (cut_at_dones and dones[t, n]) or t == T - 1:
                last = next_values[t, n] if (bootstrap_truncation or not dones[t, n]) else 0.0
                seg = slice(start, t + 1)
                advantages[seg, n] = gae_advantages(rewards[seg, n], values[seg, n], gamma, lam, last)
                rtg[seg, n] = gae_advantages(rewards[seg, n], values[seg, n], gamma, rtg_lam, last)
                if add_values:
                    rtg[seg, n] += values[seg, n]
                start = t + 1
    if normalise:
        advantages = (advantages - advantages.mean()) / (advantages.std() + 1e-8)
    return (rtg, advantages) if swap else (advantages, rtg)


def wrong(**options):
    def fn(rewards, values, next_values, dones, gamma, lam):
        return targets_by_segments(rewards, values, next_values, dones, gamma, lam, **options)

    return fn


def test_compute_batch_targets_accepts_a_segment_by_segment_answer(capsys):
    ok, out = run(check_compute_batch_targets, wrong(), capsys)
    assert ok and "all 5 cases pass" in out


@pytest.mark.parametrize(
    ("options", "hint"),
    [
        (dict(normalise=False), "not normalised"),
        (dict(swap=True), "swapped"),
        (dict(add_values=False), "add the values back"),
        (dict(bootstrap_truncation=False), "No bootstrap on truncation"),
        (dict(cut_at_dones=False), "across episode boundaries"),
        (dict(rtg_lam=None), "TD(lambda) return"),
    ],
)
def test_compute_batch_targets_mistakes_get_their_hint(options, hint, capsys):
    if options.get("rtg_lam", 1.0) is None:  # CleanRL's returns: advantages (before normalising) + values

        def fn(rewards, values, next_values, dones, gamma, lam):
            raw = targets_by_segments(rewards, values, next_values, dones, gamma, lam, normalise=False)[0]
            return (raw - raw.mean()) / (raw.std() + 1e-8), raw + values

    else:
        fn = wrong(**options)
    ok, out = run(check_compute_batch_targets, fn, capsys)
    assert not ok and hint in out


def test_compute_batch_targets_per_column_normalisation_and_normalised_returns(capsys):
    def per_column(rewards, values, next_values, dones, gamma, lam):
        a, r = targets_by_segments(rewards, values, next_values, dones, gamma, lam, normalise=False)
        return (a - a.mean(axis=0)) / (a.std(axis=0) + 1e-8), r

    def normalised_returns(rewards, values, next_values, dones, gamma, lam):
        a, r = targets_by_segments(rewards, values, next_values, dones, gamma, lam)
        return a, (r - r.mean()) / (r.std() + 1e-8)

    ok, out = run(check_compute_batch_targets, per_column, capsys)
    assert not ok and "not per env column" in out
    ok, out = run(check_compute_batch_targets, normalised_returns, capsys)
    assert not ok and "keep their scale" in out


def test_compute_batch_targets_stub(capsys):
    ok, out = run(check_compute_batch_targets, stub, capsys)
    assert not ok and "not implemented yet" in out
