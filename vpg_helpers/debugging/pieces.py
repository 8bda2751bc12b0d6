"""The broken pieces of the bug zoo (notebook 08): each is one of VPG's pieces with one classic mistake.

Two kinds plug into the course's ``vpg_update``: a *batch transform* (the batch as the buggy code would have
stored it) and a *targets function* (the signature of ``compute_batch_targets``, passed as
``vpg_update(..., targets=...)``). The line with the mistake carries a ``# BUG:`` comment.
"""

import dataclasses

import numpy as np

from vpg_helpers.returns import gae_advantages_batch
from vpg_helpers.vpg.targets import compute_batch_targets, normalise_advantages

__all__ = [
    "reward_one_step_late",
    "truncation_as_termination",
    "with_current_values",
    "negated_advantages",
    "targets_ignoring_terminals",
    "total_return_targets",
    "unnormalised_targets",
    "per_env_normalised_targets",
]


def reward_one_step_late(batch):
    """The batch with the reward of step t stored at step t + 1, in each env's column.

    Math: r'_0 = 0, r'_t = r_{t-1}; so the first step of an episode gets the last reward of the one before.
    """
    late = np.zeros_like(batch.rewards)
    late[1:] = batch.rewards[:-1]  # BUG: rewards[t] should be the reward of env.step(actions[t])
    return dataclasses.replace(batch, rewards=late)


def truncation_as_termination(batch):
    """The batch as if a time limit ended the episode for good: no bootstrap, V_next = 0 where truncated."""
    next_values = np.where(batch.truncated, 0.0, batch.next_values)  # BUG: should stay V(final obs)
    terminated = batch.terminated | batch.truncated  # BUG: a time limit is not a terminal state
    return dataclasses.replace(batch, next_values=next_values, terminated=terminated)


def with_current_values(batch, value_net):
    """The batch with V(s_t) re-evaluated by ``value_net`` (as it is now) and V_next updated to match.

    V_next keeps its 0 at terminations; at truncations and at the batch cut, whose next states are not in
    the batch, it keeps the rollout's bootstrap value.
    """
    T, N = batch.rewards.shape
    values = np.asarray(value_net(batch.flat()[0])[:, 0], dtype=np.float64).reshape(T, N)
    next_values = np.array(batch.next_values, dtype=np.float64)
    inside = ~(batch.terminated | batch.truncated)[:-1]  # steps followed by the same episode's next state
    next_values[:-1][inside] = values[1:][inside]
    return dataclasses.replace(batch, values=values, next_values=next_values)


def negated_advantages(rewards, values, next_values, dones, gamma, lam, min_std=0.0):
    """``compute_batch_targets`` with the advantages' sign flipped: the policy step descends.

    >>> r, v, d = np.array([[1.0], [3.0]]), np.zeros((2, 1)), np.ones((2, 1))
    >>> negated_advantages(r, v, np.zeros((2, 1)), d, gamma=0.9, lam=0.9)[0][:, 0].round(6)
    array([ 1., -1.])
    """
    advantages, rewards_to_go = compute_batch_targets(
        rewards, values, next_values, dones, gamma, lam, min_std
    )
    return -advantages, rewards_to_go  # BUG: -A makes Adam descend the policy gradient


def targets_ignoring_terminals(rewards, values, next_values, dones, gamma, lam, min_std=0.0):
    """``compute_batch_targets`` with no episode ends: GAE's recursion runs on into the next episode.

    Math: A_t = delta_t + gamma lam A_{t+1} at every step (the healthy recursion has (1 - done_t) there).

    >>> r, v, d = np.array([[0.0], [1.0]]), np.zeros((2, 1)), np.array([[True], [False]])  # episode ends at t=0
    >>> targets_ignoring_terminals(r, v, np.zeros((2, 1)), d, gamma=1.0, lam=1.0)[1][:, 0]  # R_0 takes in r_1
    array([1., 1.])
    """
    no_dones = np.zeros_like(dones)  # BUG: should be dones, which stop the recursion at episode ends
    return compute_batch_targets(rewards, values, next_values, no_dones, gamma, lam, min_std)


def total_return_targets(rewards, values, next_values, dones, gamma, lam, min_std=0.0):
    """Every step weighted by its episode's discounted return from the episode's first step in the batch.

    Math: weight_t = G_0 = R_{t0}, the rewards-to-go at the episode's first step t0 in the batch (bootstrapped
    at a truncation and at the batch cut as the healthy targets are), then normalised; V's targets unchanged.
    """
    _, rewards_to_go = compute_batch_targets(rewards, values, next_values, dones, gamma, lam, min_std)
    G0 = np.array(rewards_to_go)  # R_t at each episode's first step, carried forward over its other steps
    for t in range(1, len(G0)):
        G0[t] = np.where(np.asarray(dones[t - 1], bool), rewards_to_go[t], G0[t - 1])
    return normalise_advantages(G0, min_std), rewards_to_go  # BUG: G_0 weights every step; should be A_t


def _raw_targets(rewards, values, next_values, dones, gamma, lam):
    """GAE advantages as the recursion gives them, and the rewards-to-go: compute_batch_targets' two parts."""
    advantages = gae_advantages_batch(rewards, values, next_values, dones, gamma, lam)
    return advantages, gae_advantages_batch(rewards, values, next_values, dones, gamma, 1.0) + values


def unnormalised_targets(rewards, values, next_values, dones, gamma, lam, min_std=0.0):
    """GAE advantages as they come out of the recursion, not normalised; rewards-to-go as healthy."""
    advantages, rewards_to_go = _raw_targets(rewards, values, next_values, dones, gamma, lam)
    return advantages, rewards_to_go  # BUG: should be normalise_advantages(advantages, min_std)


def per_env_normalised_targets(rewards, values, next_values, dones, gamma, lam, min_std=0.0):
    """GAE advantages normalised over each env's column instead of over the whole batch."""
    advantages, rewards_to_go = _raw_targets(rewards, values, next_values, dones, gamma, lam)
    per_env = [normalise_advantages(column, min_std) for column in advantages.T]  # BUG: per column
    return np.stack(per_env, axis=1), rewards_to_go
