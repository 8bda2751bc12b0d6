"""What VPG learns from a batch: normalised GAE advantages for the policy, rewards-to-go for V (notebook 07)."""

import numpy as np

from vpg_helpers.returns import gae_advantages_batch

__all__ = ["normalise_advantages", "compute_batch_targets"]


def normalise_advantages(advantages, min_std=0.0):
    """Advantages shifted and scaled to mean 0 and standard deviation 1 over the whole batch.

    Math: (A - mean A) / (max(std A, min_std) + 1e-8); the 1e-8 keeps a batch of equal advantages finite.
    It changes the policy step's size and centres it, not which actions it favours within the batch.
    ``min_std`` (in reward units; 0, the default, leaves the plain normalisation) keeps advantages that are
    all nearly 0 small instead of blowing them up to unit size: once every episode reaches the time limit
    and V predicts the returns, std A is rounding noise.

    >>> normalise_advantages(np.array([1.0, 3.0])), normalise_advantages(np.array([1.0, 3.0]), min_std=10.0)
    (array([-1.,  1.]), array([-0.1,  0.1]))
    """
    return (advantages - np.mean(advantages)) / (max(np.std(advantages), min_std) + 1e-8)


def compute_batch_targets(rewards, values, next_values, dones, gamma, lam, min_std=0.0):
    """What VPG learns from a batch: normalised GAE advantages (policy) and rewards-to-go (value function).

    Math: A = GAE(gamma, lam), then (A - mean A) / (max(std A, min_std) + 1e-8);  R_t = GAE(gamma, 1)_t + V(s_t).
    Arrays have shape (T, N); ``next_values`` already holds the bootstrap values (0 at terminations).
    ``min_std`` is the floor of ``normalise_advantages`` (0: the plain normalisation).

    >>> r, v, d = np.ones((2, 1)), np.zeros((2, 1)), np.zeros((2, 1))
    >>> next_values = np.array([[0.0], [10.0]])   # V(s_1) = 0 inside; V(s_2) = 10 after the batch cut
    >>> advantages, rewards_to_go = compute_batch_targets(r, v, next_values, d, gamma=0.5, lam=1.0)
    >>> rewards_to_go[:, 0], advantages[:, 0].round(6)      # R_1 = 1 + 0.5 * 10, R_0 = 1 + 0.5 * R_1
    (array([4., 6.]), array([-1.,  1.]))
    >>> compute_batch_targets(r, v, next_values, d, gamma=0.5, lam=1.0, min_std=10.0)[0][:, 0].round(6)
    array([-0.1,  0.1])
    """
    advantages = gae_advantages_batch(rewards, values, next_values, dones, gamma, lam)
    rewards_to_go = gae_advantages_batch(rewards, values, next_values, dones, gamma, 1.0) + values
    return normalise_advantages(advantages, min_std), rewards_to_go
