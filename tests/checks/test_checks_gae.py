"""The notebook-06 checks: right answers pass; each classic mistake, fed back, is caught with its own hint."""

import numpy as np
import pytest

from vpg_helpers import checks
from vpg_helpers.checks import check_lambda_weighted_advantages
from vpg_helpers.gae_analysis import lambda_weighted_advantages
from vpg_helpers.returns import gae_advantages, n_step_returns


def run(check, fn, capsys):
    ok = check(fn)
    return ok, capsys.readouterr().out


# ---- the same mistakes, written the way a learner would write them ------------------------------------------


def learner_no_tail(rewards, values, gamma, lam, last_value=0.0):
    """Sums (1 - lam) lam^(n-1) A^(n) for n = 1..T-t and stops: the weights do not sum to 1."""
    T = len(rewards)
    out = np.zeros(T)
    for n in range(1, T + 1):
        a_n = n_step_returns(rewards, values, gamma, n, last_value) - values
        for t in range(T - n + 1):
            out[t] += (1 - lam) * lam ** (n - 1) * a_n[t]
    return out


def learner_forgot_one_minus_lam(rewards, values, gamma, lam, last_value=0.0):
    T = len(rewards)
    out = np.zeros(T)
    for t in range(T):
        N = T - t
        for n in range(1, N):
            out[t] += lam ** (n - 1) * (n_step_returns(rewards, values, gamma, n, last_value)[t] - values[t])
        out[t] += lam ** (N - 1) * (n_step_returns(rewards, values, gamma, N, last_value)[t] - values[t])
    return out


def learner_returns_not_advantages(rewards, values, gamma, lam, last_value=0.0):
    T = len(rewards)
    out = np.zeros(T)
    for t in range(T):
        N = T - t
        weights = [(1 - lam) * lam ** (n - 1) for n in range(1, N)] + [lam ** (N - 1)]
        out[t] = sum(
            w * n_step_returns(rewards, values, gamma, n, last_value)[t] for n, w in enumerate(weights, 1)
        )
    return out


def learner_stub(rewards, values, gamma, lam, last_value=0.0):
    raise NotImplementedError()


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (learner_no_tail, "do not sum to 1"),
        (learner_forgot_one_minus_lam, "(1 - lam) is missing"),
        (learner_returns_not_advantages, "subtract the baseline"),
    ],
)
def test_learner_style_wrong_answers(wrong, hint, capsys):
    ok, out = run(check_lambda_weighted_advantages, wrong, capsys)
    assert not ok and hint in out and "expected:" in out and "got:" in out


def test_right_answers_pass(capsys):
    def via_recursion(rewards, values, gamma, lam, last_value=0.0):
        return gae_advantages(rewards, values, gamma, lam, last_value)

    for fn in [lambda_weighted_advantages, via_recursion]:
        ok, out = run(check_lambda_weighted_advantages, fn, capsys)
        assert ok and "all 6 cases pass" in out


def test_stub_none_and_exceptions_never_raise(capsys):
    ok, out = run(check_lambda_weighted_advantages, learner_stub, capsys)
    assert not ok and "not implemented yet" in out and "Traceback" not in out
    ok, out = run(
        check_lambda_weighted_advantages, lambda rewards, values, gamma, lam, last_value=0.0: None, capsys
    )
    assert not ok and "returned None" in out
    ok, out = run(
        check_lambda_weighted_advantages, lambda rewards, values, gamma, lam, last_value=0.0: 1 / 0, capsys
    )
    assert not ok and "ZeroDivisionError" in out


def test_exported_from_checks():
    assert checks.check_lambda_weighted_advantages is check_lambda_weighted_advantages
    assert "check_lambda_weighted_advantages" in checks.__all__
