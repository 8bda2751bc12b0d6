"""REINFORCE with a linear softmax policy on CartPole: notebook 03's short training loop, theta <- theta + alpha g_hat."""

import gymnasium as gym
import numpy as np

from vpg_helpers.envs.rollouts import collect_batch
from vpg_helpers.policies.linear_softmax import (
    linear_softmax_log_prob,
    linear_softmax_log_prob_grad,
    linear_softmax_policy,
)
from vpg_helpers.policy_gradient import policy_gradient_estimate, policy_gradient_weights, surrogate_loss
from vpg_helpers.validation import as_positive_int, as_seed

__all__ = ["train_linear_softmax"]


def train_linear_softmax(
    weight="future", iterations=20, batch_size=10, learning_rate=0.01, gamma=1.0, seed=0, env_id="CartPole-v1"
):
    """Plain gradient ascent theta <- theta + alpha g_hat on a linear softmax policy (seeded).

    Returns a dict of lists over iterations: ``mean_return`` (undiscounted, of the batch just collected),
    ``loss`` (surrogate_loss on that batch), and the final ``theta`` and ``b``.

    >>> history = train_linear_softmax(iterations=2, batch_size=2)
    >>> len(history["mean_return"]), history["theta"].shape
    (2, (4, 2))
    """
    iterations, batch_size = (
        as_positive_int("iterations", iterations),
        as_positive_int("batch_size", batch_size),
    )
    seed = as_seed(seed)
    env = gym.make(env_id)
    theta = np.zeros((env.observation_space.shape[0], env.action_space.n))
    b = np.zeros(env.action_space.n)
    history = {"mean_return": [], "loss": []}
    for it in range(iterations):
        batch = collect_batch(env, linear_softmax_policy(theta, b), batch_size, seed=seed + it * batch_size)
        grads = [linear_softmax_log_prob_grad(tau.observations, theta, b, tau.actions) for tau in batch]
        rewards = [tau.rewards for tau in batch]
        g_theta = policy_gradient_estimate([g for g, _ in grads], rewards, gamma, weight)
        g_b = policy_gradient_estimate([g for _, g in grads], rewards, gamma, weight)
        log_probs = np.concatenate(
            [linear_softmax_log_prob(tau.observations, theta, b, tau.actions) for tau in batch]
        )
        weights = np.concatenate([policy_gradient_weights(r, gamma, weight) for r in rewards])
        history["loss"].append(surrogate_loss(log_probs, weights, batch_size))
        history["mean_return"].append(float(np.mean([tau.total_return for tau in batch])))
        theta, b = theta + learning_rate * g_theta, b + learning_rate * g_b
    env.close()
    return history | {"theta": theta, "b": b}
