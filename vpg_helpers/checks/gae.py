"""Checks for the GAE exercises (notebook 06): the backward recursion and the lambda-weighted average."""

import numpy as np

from vpg_helpers.checks._core import Case, Mistake, vector
from vpg_helpers.checks.registry import exercise_check
from vpg_helpers.gae_analysis import lambda_weighted_advantages, n_step_advantages
from vpg_helpers.returns import gae_advantages, rewards_to_go, td_residuals

__all__ = ["check_gae_advantages", "check_lambda_weighted_advantages"]


def _weighted(weights_for):
    """A function with the exercise's signature that averages A^(n)_t with weights_for(lam, N), N = T - t."""

    def fn(rewards, values, gamma, lam, last_value=0.0):
        T = len(rewards)
        all_n = np.array([n_step_advantages(rewards, values, gamma, n, last_value) for n in range(1, T + 1)])
        return np.array([weights_for(lam, T - t) @ all_n[: T - t, t] for t in range(T)])

    return fn


def _no_one_minus_lam(lam, N):
    weights = lam ** np.arange(N, dtype=float)
    weights[-1] = lam ** (N - 1)
    return weights


def _truncated(lam, N):
    return (1 - lam) * lam ** np.arange(N, dtype=float)


def _renormalised(lam, N):
    weights = _truncated(lam, N)
    return weights / weights.sum() if weights.sum() > 0 else np.eye(N)[-1]


def _exponent_n(lam, N):
    weights = (1 - lam) * lam ** np.arange(1, N + 1, dtype=float)
    weights[-1] = lam**N
    return weights


@exercise_check(lambda_weighted_advantages)
def check_lambda_weighted_advantages():
    """Check ``fn(rewards, values, gamma, lam, last_value=0.0)``: GAE as the lambda-weighted n-step average."""
    r, v = vector(1, 0, 2, -1, 3), vector(0.5, 1.0, -0.5, 2.0, 1.5)
    inputs = [
        ("lam = 0.5, gamma = 0.9, terminated episode", r, v, 0.9, 0.5, 0.0),
        ("lam = 0 keeps only the 1-step advantage (the TD residual)", r, v, 0.9, 0.0, 0.0),
        ("lam = 1 puts all the weight on the Monte-Carlo advantage", r, v, 0.9, 1.0, 0.0),
        ("truncated: the n-step advantages bootstrap from last_value", r, v, 0.9, 0.8, 3.0),
        ("a single step: A^(1) is already Monte Carlo", vector(2.0), vector(1.0), 0.5, 0.5, 4.0),
        (
            "a longer trajectory, lam = 0.95, gamma = 0.99",
            np.sin(np.arange(12.0)),
            np.cos(np.arange(12.0)),
            0.99,
            0.95,
            1.0,
        ),
    ]
    cases = [
        Case(
            d,
            dict(rewards=r_, values=v_, gamma=g, lam=lam, last_value=lv),
            lambda_weighted_advantages(r_, v_, g, lam, lv),
            hint="With N = T - t steps left: A_t = (1 - lam) sum_{n=1}^{N-1} lam^(n-1) A^(n)_t + lam^(N-1) A^(N)_t, "
            "where A^(n)_t = n_step_returns(..., n)[t] - values[t].",
        )
        for d, r_, v_, g, lam, lv in inputs
    ]
    mistakes = [
        Mistake(
            "The weights do not sum to 1: you stopped the series at n = T - t, so they sum to 1 - lam^(T-t). "
            "Every n >= T - t gives the same Monte-Carlo advantage, so their whole weight, "
            "sum_{n >= T-t} (1 - lam) lam^(n-1) = lam^(T-t-1), belongs to A^(T-t)_t.",
            _weighted(_truncated),
        ),
        Mistake(
            "You rescaled the truncated weights to sum to 1, which spreads the tail over every n. The tail "
            "must collapse onto the Monte-Carlo advantage: A^(T-t)_t gets weight lam^(T-t-1).",
            _weighted(_renormalised),
        ),
        Mistake(
            "The factor (1 - lam) is missing: the n-step weights are (1 - lam) lam^(n-1), so that "
            "sum_{n>=1} (1 - lam) lam^(n-1) = 1.",
            _weighted(_no_one_minus_lam),
        ),
        Mistake(
            "Off by one in the exponent: A^(1) gets weight (1 - lam) lam^0 = 1 - lam, i.e. lam^(n-1), "
            "not lam^n (and the Monte-Carlo tail gets lam^(T-t-1)).",
            _weighted(_exponent_n),
        ),
        Mistake(
            "These are n-step *returns*, not advantages: subtract the baseline, A^(n)_t = G_{t:t+n} - V(s_t).",
            lambda rewards, values, gamma, lam, last_value=0.0: (
                lambda_weighted_advantages(rewards, values, gamma, lam, last_value) + values
            ),
        ),
        Mistake(
            "last_value is ignored: an n-step advantage that reaches s_T bootstraps from V(s_T) = last_value.",
            lambda rewards, values, gamma, lam, last_value=0.0: lambda_weighted_advantages(
                rewards, values, gamma, lam, 0.0
            ),
        ),
    ]
    return cases, mistakes


@exercise_check(gae_advantages)
def check_gae_advantages():
    """Check ``fn(rewards, values, gamma, lam, last_value=0.0)`` against GAE(gamma, lambda)."""
    r, v = vector(1, 0, 2, -1, 3), vector(0.5, 1.0, -0.5, 2.0, 1.5)
    inputs = [
        ("lam = 0 gives the TD residuals", r, v, 0.9, 0.0, 0.0),
        ("lam = 1 gives rewards-to-go minus values", r, v, 0.9, 1.0, 0.0),
        ("lam = 0.95, gamma = 0.99", r, v, 0.99, 0.95, 0.0),
        ("truncated: bootstrap from last_value", r, v, 0.9, 0.8, 3.0),
        ("a single step", vector(2.0), vector(1.0), 0.5, 0.5, 4.0),
    ]
    cases = [
        Case(
            d,
            dict(rewards=r_, values=v_, gamma=g, lam=lam, last_value=lv),
            gae_advantages(r_, v_, g, lam, lv),
            hint="delta_t = r_t + gamma V(s_{t+1}) - V(s_t); then backwards: A_t = delta_t + gamma * lam * A_{t+1}.",
        )
        for d, r_, v_, g, lam, lv in inputs
    ]

    # sum_l f^l x_{t+l} is rewards_to_go(x, f): the wrong answers below reuse it with the wrong f or x.
    def no_gamma_in_delta(rewards, values, gamma, lam, last_value=0.0):
        deltas = rewards + np.append(values[1:], last_value) - values
        return rewards_to_go(deltas, gamma * lam)

    def lam_only(rewards, values, gamma, lam, last_value=0.0):
        return rewards_to_go(td_residuals(rewards, values, gamma, last_value), lam)

    def forwards(rewards, values, gamma, lam, last_value=0.0):
        return rewards_to_go(td_residuals(rewards, values, gamma, last_value)[::-1], gamma * lam)[::-1]

    def from_last_value(rewards, values, gamma, lam, last_value=0.0):  # A_T = V(s_T), on top of delta_{T-1}
        advantages = gae_advantages(rewards, values, gamma, lam, last_value)
        return advantages + (gamma * lam) ** np.arange(len(rewards), 0, -1, dtype=float) * last_value

    def only_through_a_T(
        rewards, values, gamma, lam, last_value=0.0
    ):  # delta_{T-1} without V(s_T); A_T = V(s_T)
        advantages = gae_advantages(rewards, values, gamma, lam, 0.0)
        return advantages + (gamma * lam) ** np.arange(len(rewards), 0, -1, dtype=float) * last_value

    def rolled(rewards, values, gamma, lam, last_value=0.0):  # next values from np.roll(values, -1)
        deltas = rewards + gamma * np.roll(values, -1) - values
        return rewards_to_go(deltas, gamma * lam)

    mistakes = [
        Mistake(
            "The recursion starts from A_T = 0, not from last_value: A_T would be the advantage of an action "
            "at s_T, which the trajectory never takes. V(s_T) = last_value enters only through the last "
            "residual, delta_{T-1} = r_{T-1} + gamma * last_value - V(s_{T-1}).",
            from_last_value,
        ),
        Mistake(
            "last_value belongs in the last TD residual, delta_{T-1} = r_{T-1} + gamma * last_value - "
            "V(s_{T-1}); the recursion itself starts from A_T = 0. Starting it from A_T = last_value "
            "instead weights V(s_T) by gamma * lam rather than gamma.",
            only_through_a_T,
        ),
        Mistake(
            "np.roll(values, -1) wraps around: its last entry is values[0], the *first* state's value. The "
            "state after s_{T-1} is s_T, whose value is last_value: use np.append(values[1:], last_value).",
            rolled,
        ),
        Mistake(
            "The TD residual needs gamma: delta_t = r_t + gamma * V(s_{t+1}) - V(s_t) (dropping gamma is a "
            "common slip, even in published posts).",
            no_gamma_in_delta,
        ),
        Mistake(
            "The recursion discounts by gamma * lam, not lam alone: A_t = delta_t + gamma * lam * A_{t+1}.",
            lam_only,
        ),
        Mistake(
            "Your recursion runs forwards. A_t sums *future* residuals: loop from t = T-1 down to 0.",
            forwards,
        ),
        Mistake(
            "last_value is ignored: the last residual is r_{T-1} + gamma * last_value - V(s_{T-1}).",
            lambda rewards, values, gamma, lam, last_value=0.0: gae_advantages(
                rewards, values, gamma, lam, 0.0
            ),
        ),
        Mistake(
            "These are returns (advantages + values), not advantages: do not add V(s_t) back.",
            lambda rewards, values, gamma, lam, last_value=0.0: (
                gae_advantages(rewards, values, gamma, lam, last_value) + values
            ),
        ),
        Mistake(
            "lam is ignored: you returned the one-step TD residuals. Sum them with weights (gamma*lam)^l.",
            lambda rewards, values, gamma, lam, last_value=0.0: gae_advantages(
                rewards, values, gamma, 0.0, last_value
            ),
        ),
    ]
    return cases, mistakes
