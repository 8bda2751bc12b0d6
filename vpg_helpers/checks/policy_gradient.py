"""Check for the batch policy-gradient estimate exercise (notebook 03)."""

import numpy as np

from vpg_helpers.checks._core import Case, Mistake
from vpg_helpers.checks.registry import exercise_check
from vpg_helpers.policy_gradient import policy_gradient_estimate, policy_gradient_weights

__all__ = ["check_policy_gradient_estimate"]


def _batch(seed, lengths, n_params):
    """A made-up batch: per-step gradients of log pi (T_i, n_params) and rewards (T_i,) per trajectory."""
    rng = np.random.default_rng(seed)
    grads = [np.round(rng.normal(size=(T, n_params)), 2) for T in lengths]
    rewards = [np.round(rng.uniform(-1.0, 2.0, size=T), 1) for T in lengths]
    return grads, rewards


def _weighted_sums(grad_log_probs, rewards, gamma, weight):
    return [
        np.tensordot(policy_gradient_weights(r, gamma, weight), g, axes=(0, 0))
        for g, r in zip(grad_log_probs, rewards, strict=True)
    ]


@exercise_check(policy_gradient_estimate)
def check_policy_gradient_estimate():
    """Check ``fn(grad_log_probs, rewards, gamma, weight)`` -> g_hat = 1/|D| sum_tau sum_t grad log pi(a_t|s_t) w_t."""
    inputs = [
        ("2 trajectories (lengths 3 and 2), weight = R(tau), gamma = 1", 0, [3, 2], 2, 1.0, "total"),
        ("the same kind of batch, weight = future return R_t, gamma = 1", 1, [3, 2], 2, 1.0, "future"),
        ("3 trajectories of lengths 4, 1, 3, future return, gamma = 0.9", 2, [4, 1, 3], 3, 0.9, "future"),
        ("3 trajectories, total return, gamma = 0.9", 3, [2, 5, 3], 2, 0.9, "total"),
        ("one trajectory, one parameter", 4, [4], 1, 0.5, "future"),
    ]
    cases = []
    for description, seed, lengths, n_params, gamma, weight in inputs:
        grads, rewards = _batch(seed, lengths, n_params)
        kwargs = dict(grad_log_probs=grads, rewards=rewards, gamma=gamma, weight=weight)
        cases.append(
            Case(
                description,
                kwargs,
                policy_gradient_estimate(**kwargs),
                hint="For each trajectory: weights w_t (R(tau) or R_t), then sum_t w_t * grad_log_probs[t]; "
                "add these up over trajectories and divide by the number of trajectories |D|.",
            )
        )

    def per_step_mean(grad_log_probs, rewards, gamma, weight):
        n_steps = sum(len(r) for r in rewards)
        return np.sum(_weighted_sums(grad_log_probs, rewards, gamma, weight), axis=0) / n_steps

    def other_weight(grad_log_probs, rewards, gamma, weight):
        swapped = "future" if weight == "total" else "total"
        return policy_gradient_estimate(grad_log_probs, rewards, gamma, swapped)

    def no_weight(grad_log_probs, rewards, gamma, weight):
        return np.sum([np.sum(g, axis=0) for g in grad_log_probs], axis=0) / len(rewards)

    def discounted_weights(grad_log_probs, rewards, gamma, weight):  # gamma^t R_t (or gamma^t R(tau))
        return np.sum(
            [
                np.tensordot(
                    gamma ** np.arange(len(r)) * policy_gradient_weights(r, gamma, weight), g, axes=(0, 0)
                )
                for g, r in zip(grad_log_probs, rewards, strict=True)
            ],
            axis=0,
        ) / len(rewards)

    def mean_within_each_trajectory(grad_log_probs, rewards, gamma, weight):
        sums = _weighted_sums(grad_log_probs, rewards, gamma, weight)
        return np.mean([s / len(r) for s, r in zip(sums, rewards, strict=True)], axis=0)

    mistakes = [
        Mistake(
            "The weights carry an extra gamma^t: w_t is R(tau) or R_t = sum_k gamma^k r_{t+k} as it is, with "
            "the discount restarting at t. (gamma^t R_t is a different estimator, the one for the discounted "
            "objective from s_0; this course's estimate weights step t by R_t alone.)",
            discounted_weights,
        ),
        Mistake(
            "Sum over the steps of each trajectory; average only over trajectories: "
            "g_hat = 1/|D| sum_tau sum_t grad log pi(a_t|s_t) w_t. Taking the mean within each trajectory "
            "divides long episodes' contributions by their length.",
            mean_within_each_trajectory,
        ),
        Mistake(
            "Wrong sign: g_hat is the direction that *increases* the return, +1/|D| sum_tau sum_t "
            "grad log pi(a_t|s_t) w_t. (The minus sign belongs to the loss, not to the gradient.)",
            lambda grad_log_probs, rewards, gamma, weight: (
                -policy_gradient_estimate(grad_log_probs, rewards, gamma, weight)
            ),
        ),
        Mistake(
            "Divide by the number of trajectories |D| (Spinning Up's 1/|D|), not by the total number of "
            "steps in the batch.",
            per_step_mean,
        ),
        Mistake(
            "You summed over the batch but did not average: divide by the number of trajectories |D|.",
            lambda grad_log_probs, rewards, gamma, weight: np.sum(
                _weighted_sums(grad_log_probs, rewards, gamma, weight), axis=0
            ),
        ),
        Mistake(
            "The weight is mixed up: weight='future' asks for the rewards-to-go R_t (rewards from step t "
            "on), weight='total' for the whole return R(tau) at every step.",
            other_weight,
        ),
        Mistake(
            "The weight is missing: each grad log pi(a_t|s_t) must be multiplied by its w_t before summing.",
            no_weight,
        ),
        Mistake(
            "gamma is ignored: discount the rewards in the weights (e.g. rewards_to_go(r, gamma)).",
            lambda grad_log_probs, rewards, gamma, weight: policy_gradient_estimate(
                grad_log_probs, rewards, 1.0, weight
            ),
        ),
    ]
    return cases, mistakes
