"""Checks for the return exercises (notebooks 00, 01 and 03)."""

import numpy as np

from vpg_helpers.checks._core import Case, Mistake, vector
from vpg_helpers.checks.registry import exercise_check
from vpg_helpers.discounting import discount_weights, discounted_return
from vpg_helpers.returns import rewards_to_go

__all__ = [
    "check_discount_weights",
    "check_discounted_return",
    "check_rewards_to_go",
]


def _powers(gamma, T):
    return gamma ** np.arange(T)


@exercise_check(discount_weights)
def check_discount_weights():
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
    return cases, mistakes


@exercise_check(discounted_return)
def check_discounted_return():
    """Check ``fn(rewards, gamma) -> float``, the discounted return R(tau) = sum_t gamma^t r_t."""
    inputs = [
        ("undiscounted (gamma = 1)", vector(1, 1, 1, 1), 1.0),
        ("discounted", vector(1, 0, 2, -1), 0.9),
        ("a single step", vector(5.0), 0.5),
        ("gamma = 0 keeps only the first reward", vector(3, 2, 1), 0.0),
        ("rewards of both signs, gamma = 0.5", vector(2, -1, 4, 0.5, -3), 0.5),
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
        Mistake(
            "Your loop runs forwards (G = r + gamma * G over r_0, r_1, ...), which discounts the *first* "
            "reward most: r_0 ends up weighted by gamma^(T-1). Either loop backwards (from the last reward) "
            "or weight r_t by gamma^t directly.",
            lambda rewards, gamma: float(np.sum(_powers(gamma, len(rewards))[::-1] * rewards)),
        ),
    ]
    return cases, mistakes


def _rtg_cases():
    inputs = [
        ("undiscounted (gamma = 1)", vector(1, 2, 3), 1.0, 0.0),
        ("discounted, terminated episode", vector(1, 0, 2, -1), 0.9, 0.0),
        ("a single step", vector(5.0), 0.5, 0.0),
        ("gamma = 0 keeps only the immediate reward", vector(1, 2, 3), 0.0, 0.0),
        ("truncated episode: bootstrap from last_value = V(s_T)", vector(1, 1, 1), 0.9, 10.0),
        ("truncated, rewards of both signs, gamma = 0.5", vector(2, -1, 0, 4), 0.5, -8.0),
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


@exercise_check(rewards_to_go)
def check_rewards_to_go():
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
            "last_value is discounted by one power too few: V(s_T) is T-t steps after t, so it enters R_t as "
            "gamma^(T-t) * last_value (R_{T-1} = r_{T-1} + gamma * last_value).",
            lambda rewards, gamma, last_value=0.0: (
                rewards_to_go(rewards, gamma, 0.0)
                + gamma ** np.arange(len(rewards) - 1, -1, -1, dtype=float) * last_value
            ),
        ),
        Mistake(
            "last_value is discounted by one power too many: V(s_T) enters R_t as gamma^(T-t) * last_value, "
            "so R_{T-1} = r_{T-1} + gamma * last_value (start the backward loop from R_T = last_value).",
            lambda rewards, gamma, last_value=0.0: rewards_to_go(rewards, gamma, gamma * last_value),
        ),
        Mistake(
            "Each entry is shifted by one step: out[t] holds R_{t+1}. In Sutton & Barto's notation "
            "G_t = R_{t+1} + gamma R_{t+2} + ..., their R_{t+1} is the reward for the action at step t; here "
            "that reward is rewards[t] (r_t), so R_t = rewards[t] + gamma * rewards[t+1] + ... starts at "
            "index t, and R_{T-1} = rewards[T-1] + gamma * last_value.",
            lambda rewards, gamma, last_value=0.0: np.append(
                rewards_to_go(rewards, gamma, last_value)[1:], last_value
            ),
        ),
        Mistake(
            "The immediate reward r_t is not discounted: R_t = r_t + gamma * R_{t+1}, not gamma * (r_t + R_{t+1}).",
            lambda rewards, gamma, last_value=0.0: gamma * rewards_to_go(rewards, gamma, last_value),
        ),
    ]
    return _rtg_cases(), mistakes
