"""Checks for the value-fitting exercises (notebook 04)."""

import numpy as np

from vpg_helpers.checks._core import Case, Mistake
from vpg_helpers.checks.registry import exercise_check
from vpg_helpers.policy_gradient import rewards_to_go_advantages
from vpg_helpers.returns import rewards_to_go
from vpg_helpers.value_fitting.linear import linear_value_mse_grad

__all__ = ["check_linear_value_mse_grad", "check_rewards_to_go_advantages"]


def _errors(weights, features, targets):
    return features @ weights - targets


@exercise_check(linear_value_mse_grad)
def check_linear_value_mse_grad():
    """Check ``fn(weights, features, targets)`` -> dL/dw = (2/N) Phi^T (Phi w - R), shape (F,)."""
    rng = np.random.default_rng(4)
    features = np.column_stack([np.ones(6), rng.normal(size=(6, 2))]).round(2)
    inputs = [
        (
            "a bias and two state features, six steps",
            np.array([0.5, -1.0, 2.0]),
            features,
            np.array([3.0, 1.0, -2.0, 0.5, 4.0, 1.0]),
        ),
        ("one feature, two steps", np.array([1.0]), np.array([[1.0], [2.0]]), np.array([0.0, 0.0])),
        (
            "at the optimum the gradient is zero",
            np.array([2.0]),
            np.ones((4, 1)),
            np.array([1.0, 3.0, 2.0, 2.0]),
        ),
        (
            "more steps than before: the same average, the same gradient",
            np.array([0.5, -1.0, 2.0]),
            np.vstack([features, features]),
            np.tile([3.0, 1.0, -2.0, 0.5, 4.0, 1.0], 2),
        ),
    ]
    cases = [
        Case(
            d,
            dict(weights=w, features=f, targets=t),
            linear_value_mse_grad(w, f, t),
            hint="With errors e = features @ weights - targets (shape (N,)), the gradient is "
            "2 / N * features.T @ e (shape (F,)).",
        )
        for d, w, f, t in inputs
    ]
    mistakes = [
        Mistake(
            "The factor 2 is missing: d/dw (Phi w - R)^2 = 2 (Phi w - R) Phi.",
            lambda weights, features, targets: (
                features.T @ _errors(weights, features, targets) / len(targets)
            ),
        ),
        Mistake(
            "Divide by N, the number of time steps: the loss is a mean over all steps of the batch, "
            "1/(|D| T) sum sum. Without it the gradient (and the right learning rate) grows with the batch.",
            lambda weights, features, targets: 2 * features.T @ _errors(weights, features, targets),
        ),
        Mistake(
            "The sign is flipped: the error is prediction minus target, Phi w - R. (R - Phi w) gives minus "
            "the gradient, and gradient *descent* would then climb the loss.",
            lambda weights, features, targets: -linear_value_mse_grad(weights, features, targets),
        ),
        Mistake(
            "Divide by N (the number of steps, features.shape[0]), not by the number of features.",
            lambda weights, features, targets: (
                2 * features.T @ _errors(weights, features, targets) / features.shape[1]
            ),
        ),
    ]
    return cases, mistakes


@exercise_check(rewards_to_go_advantages)
def check_rewards_to_go_advantages():
    """Check ``fn(rewards, values, gamma, last_value=0.0)`` -> A_t = R_t - V(s_t)."""
    r, v = np.array([1.0, 0.0, 2.0, -1.0, 3.0]), np.array([0.5, 1.0, -0.5, 2.0, 1.5])
    inputs = [
        ("gamma = 1, terminated", r, v, 1.0, 0.0),
        ("gamma = 0.9, terminated", r, v, 0.9, 0.0),
        ("truncated: bootstrap R_t from last_value", r, v, 0.9, 4.0),
        ("a single step", np.array([2.0]), np.array([5.0]), 0.5, 1.0),
    ]
    cases = [
        Case(
            d,
            dict(rewards=r_, values=v_, gamma=g, last_value=lv),
            rewards_to_go_advantages(r_, v_, g, lv),
            hint="Compute the rewards-to-go R_t (with last_value), then subtract V(s_t) = values[t] step by step.",
        )
        for d, r_, v_, g, lv in inputs
    ]

    def next_values(rewards, values, gamma, last_value=0.0):
        return rewards_to_go(rewards, gamma, last_value) - np.append(values[1:], last_value)

    mistakes = [
        Mistake(
            "The sign is flipped: A_t = R_t - V(s_t) (how much better than expected), not V(s_t) - R_t.",
            lambda rewards, values, gamma, last_value=0.0: (
                -rewards_to_go_advantages(rewards, values, gamma, last_value)
            ),
        ),
        Mistake(
            "Subtract the value of the state the action was taken in, V(s_t) = values[t], not V(s_{t+1}).",
            next_values,
        ),
        Mistake(
            "last_value is ignored: a truncated trajectory's rewards-to-go start from R_T = last_value.",
            lambda rewards, values, gamma, last_value=0.0: rewards_to_go_advantages(rewards, values, gamma),
        ),
        Mistake(
            "Subtract V(s_t) at every step, not the average of the values: the baseline is per state.",
            lambda rewards, values, gamma, last_value=0.0: (
                rewards_to_go(rewards, gamma, last_value) - np.mean(values)
            ),
        ),
        Mistake(
            "Use the rewards-to-go R_t, not the total return R(tau), before subtracting V(s_t).",
            lambda rewards, values, gamma, last_value=0.0: (
                rewards_to_go(rewards, gamma, last_value)[0] - values
            ),
        ),
        Mistake(
            "These are the rewards-to-go themselves: subtract the baseline values[t].",
            lambda rewards, values, gamma, last_value=0.0: rewards_to_go(rewards, gamma, last_value),
        ),
    ]
    return cases, mistakes
