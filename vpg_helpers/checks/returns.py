"""Checks for the return and advantage exercises (notebooks 01, 03, 05, 06)."""

import numpy as np

from vpg_helpers.checks._core import Case, Mistake, run_check
from vpg_helpers.returns import (
    discount_weights,
    discounted_return,
    gae_advantages,
    n_step_returns,
    rewards_to_go,
    td_residuals,
)

__all__ = [
    "check_discount_weights",
    "check_discounted_return",
    "check_rewards_to_go",
    "check_n_step_returns",
    "check_gae_advantages",
]


def _arr(*xs):
    return np.array(xs, dtype=np.float64)


def _powers(gamma, T):
    return gamma ** np.arange(T)


def check_discount_weights(fn):
    """Check ``fn(gamma, T) -> array [1, gamma, gamma^2, ..., gamma^(T-1)]`` (the warm-up of notebook 00)."""
    inputs = [
        ("gamma = 0.5, T = 4", 0.5, 4),
        ("gamma = 0.9, T = 1", 0.9, 1),
        ("gamma = 1 (no discount), T = 3", 1.0, 3),
        ("gamma = 0.99, T = 6", 0.99, 6),
    ]
    cases = [
        Case(d, dict(gamma=g, T=T), discount_weights(g, T), hint="Use gamma ** np.arange(T).")
        for d, g, T in inputs
    ]
    mistakes = [
        Mistake(
            "The first weight is gamma^0 = 1 (the first reward is not discounted): start the powers at 0.",
            lambda gamma, T: gamma ** np.arange(1, T + 1),
        ),
        Mistake(
            "There should be exactly T weights, one per time step t = 0..T-1.",
            lambda gamma, T: gamma ** np.arange(T + 1),
        ),
        Mistake(
            "The weights are powers gamma^t, not multiples gamma * t.", lambda gamma, T: gamma * np.arange(T)
        ),
    ]
    return run_check("check_discount_weights", fn, cases, mistakes)


def check_discounted_return(fn):
    """Check ``fn(rewards, gamma) -> float``, the discounted return R(tau) = sum_t gamma^t r_t."""
    inputs = [
        ("undiscounted (gamma = 1)", _arr(1, 1, 1, 1), 1.0),
        ("discounted", _arr(1, 0, 2, -1), 0.9),
        ("a single step", _arr(5.0), 0.5),
        ("gamma = 0 keeps only the first reward", _arr(3, 2, 1), 0.0),
    ]
    cases = [Case(d, dict(rewards=r, gamma=g), discounted_return(r, g)) for d, r, g in inputs]
    mistakes = [
        Mistake(
            "The first reward is not discounted: weight r_t by gamma^t with t starting at 0, so r_0 gets "
            "gamma^0 = 1.",
            lambda rewards, gamma: float(np.sum(gamma ** np.arange(1, len(rewards) + 1) * rewards)),
        ),
        Mistake(
            "You left out the discount: multiply r_t by gamma^t before summing.",
            lambda rewards, gamma: float(np.sum(rewards)),
        ),
        Mistake(
            "A return is a sum over time steps, not a mean.",
            lambda rewards, gamma: float(np.mean(_powers(gamma, len(rewards)) * rewards)),
        ),
    ]
    return run_check("check_discounted_return", fn, cases, mistakes)


def _rtg_cases():
    inputs = [
        ("undiscounted (gamma = 1)", _arr(1, 2, 3), 1.0, 0.0),
        ("discounted, terminated episode", _arr(1, 0, 2, -1), 0.9, 0.0),
        ("a single step", _arr(5.0), 0.5, 0.0),
        ("gamma = 0 keeps only the immediate reward", _arr(1, 2, 3), 0.0, 0.0),
        ("truncated episode: bootstrap from last_value = V(s_T)", _arr(1, 1, 1), 0.9, 10.0),
    ]
    return [
        Case(
            d,
            dict(rewards=r, gamma=g, last_value=v),
            rewards_to_go(r, g, v),
            hint="Use the backward recursion R_t = r_t + gamma * R_{t+1}, starting from R_T = last_value.",
        )
        for d, r, g, v in inputs
    ]


def _rtg_forward(rewards, gamma, last_value=0.0):
    out, running = np.empty(len(rewards)), 0.0
    for t, r in enumerate(rewards):
        running = r + gamma * running
        out[t] = running
    return out


def check_rewards_to_go(fn):
    """Check ``fn(rewards, gamma, last_value=0.0)`` against R_t = sum_k gamma^k r_{t+k} + gamma^(T-t) last_value."""
    mistakes = [
        Mistake(
            "Your loop runs forwards, so R_t sums *past* rewards. Rewards-to-go start at t and look ahead: "
            "loop from the last step back to the first (reversed(range(T))).",
            _rtg_forward,
        ),
        Mistake(
            "The right numbers in the wrong order: out[0] should be the return from the first step. If you "
            "appended while looping backwards, reverse the list at the end.",
            lambda rewards, gamma, last_value=0.0: rewards_to_go(rewards, gamma, last_value)[::-1],
        ),
        Mistake(
            "Every entry is the total return R(tau). Rewards-to-go drop the rewards before t: R_t only counts "
            "r_t, r_{t+1}, ...",
            lambda rewards, gamma, last_value=0.0: np.full(
                len(rewards), rewards_to_go(rewards, gamma, last_value)[0]
            ),
        ),
        Mistake(
            "last_value is ignored. A truncated trajectory still has a future: start the recursion from "
            "R_T = last_value, so R_t includes gamma^(T-t) * last_value.",
            lambda rewards, gamma, last_value=0.0: rewards_to_go(rewards, gamma, 0.0),
        ),
        Mistake(
            "last_value must be discounted too: it is the value of s_T, T-t steps after t, so it enters as "
            "gamma^(T-t) * last_value (the recursion does this for you if you start from R_T = last_value).",
            lambda rewards, gamma, last_value=0.0: rewards_to_go(rewards, gamma, 0.0) + last_value,
        ),
        Mistake(
            "The discount restarts at every t: r_{t+k} is weighted by gamma^k, not gamma^(t+k).",
            lambda rewards, gamma, last_value=0.0: (
                rewards_to_go(rewards, gamma, last_value) * gamma ** np.arange(len(rewards))
            ),
        ),
        Mistake(
            "The immediate reward r_t is not discounted: R_t = r_t + gamma * R_{t+1}, not gamma * (r_t + R_{t+1}).",
            lambda rewards, gamma, last_value=0.0: gamma * rewards_to_go(rewards, gamma, last_value),
        ),
    ]
    return run_check("check_rewards_to_go", fn, _rtg_cases(), mistakes)


def check_n_step_returns(fn):
    """Check ``fn(rewards, values, gamma, n, last_value=0.0)`` against the n-step return G_{t:t+n}."""
    r, v = _arr(1, 0, 2, -1, 3), _arr(0.5, 1.0, -0.5, 2.0, 1.5)
    inputs = [
        ("n = 1 (the TD target)", r, v, 0.9, 1, 0.0),
        ("n = 2", r, v, 0.9, 2, 0.0),
        ("n = 3, truncated: bootstrap from last_value near the end", r, v, 0.9, 3, 4.0),
        ("n >= T gives the Monte-Carlo return", r, v, 0.9, 10, 0.0),
        ("gamma = 1", r, v, 1.0, 2, 2.0),
    ]
    cases = [
        Case(
            d,
            dict(rewards=r_, values=v_, gamma=g, n=n, last_value=lv),
            n_step_returns(r_, v_, g, n, lv),
            hint="G_t = r_t + gamma r_{t+1} + ... + gamma^(m-1) r_{t+m-1} + gamma^m V(s_{t+m}), m = min(n, T-t), "
            "with V(s_T) = last_value.",
        )
        for d, r_, v_, g, n, lv in inputs
    ]

    def no_bootstrap(rewards, values, gamma, n, last_value=0.0):
        return n_step_returns(rewards, np.zeros_like(values), gamma, n, 0.0)

    def undiscounted_bootstrap(rewards, values, gamma, n, last_value=0.0):
        ext = np.append(values, last_value)
        t = np.arange(len(rewards))
        m = np.minimum(n, len(rewards) - t)
        return n_step_returns(rewards, np.zeros_like(values), gamma, n, 0.0) + ext[t + m]

    def bootstrap_one_early(rewards, values, gamma, n, last_value=0.0):
        ext = np.append(values, last_value)
        t = np.arange(len(rewards))
        m = np.minimum(n, len(rewards) - t)
        return n_step_returns(rewards, np.zeros_like(values), gamma, n, 0.0) + gamma**m * ext[t + m - 1]

    mistakes = [
        Mistake(
            "No bootstrap: after the n rewards, add gamma^m * V(s_{t+m}) (last_value when t+m = T).",
            no_bootstrap,
        ),
        Mistake(
            "The bootstrap value needs its discount: it is m steps ahead, so it enters as gamma^m * V(s_{t+m}).",
            undiscounted_bootstrap,
        ),
        Mistake(
            "Off by one: after m rewards r_t..r_{t+m-1} you are in state s_{t+m}, so bootstrap from "
            "values[t+m] (or last_value when t+m = T), not values[t+m-1].",
            bootstrap_one_early,
        ),
        Mistake(
            "last_value is ignored near the end: when t+m = T the bootstrap is gamma^m * last_value.",
            lambda rewards, values, gamma, n, last_value=0.0: n_step_returns(rewards, values, gamma, n, 0.0),
        ),
    ]
    return run_check("check_n_step_returns", fn, cases, mistakes)


def check_gae_advantages(fn):
    """Check ``fn(rewards, values, gamma, lam, last_value=0.0)`` against GAE(gamma, lambda)."""
    r, v = _arr(1, 0, 2, -1, 3), _arr(0.5, 1.0, -0.5, 2.0, 1.5)
    inputs = [
        ("lam = 0 gives the TD residuals", r, v, 0.9, 0.0, 0.0),
        ("lam = 1 gives rewards-to-go minus values", r, v, 0.9, 1.0, 0.0),
        ("lam = 0.95, gamma = 0.99", r, v, 0.99, 0.95, 0.0),
        ("truncated: bootstrap from last_value", r, v, 0.9, 0.8, 3.0),
        ("a single step", _arr(2.0), _arr(1.0), 0.5, 0.5, 4.0),
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

    def no_gamma_in_delta(rewards, values, gamma, lam, last_value=0.0):
        deltas = rewards + np.append(values[1:], last_value) - values
        return _discount_backwards(deltas, gamma * lam)

    def lam_only(rewards, values, gamma, lam, last_value=0.0):
        return _discount_backwards(td_residuals(rewards, values, gamma, last_value), lam)

    def forwards(rewards, values, gamma, lam, last_value=0.0):
        return _discount_backwards(td_residuals(rewards, values, gamma, last_value)[::-1], gamma * lam)[::-1]

    mistakes = [
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
    return run_check("check_gae_advantages", fn, cases, mistakes)


def _discount_backwards(x, factor):
    out, running = np.empty(len(x)), 0.0
    for t in reversed(range(len(x))):
        running = x[t] + factor * running
        out[t] = running
    return out
