"""Check for notebook 07's first exercise: GAE over a (T, N) batch, with the recursion cut at episode ends.

The expected answers do not come from the course's batched GAE: they come from notebook 06's per-trajectory
``gae_advantages`` run on every episode segment of every env (``gae_by_segments``), an independent oracle.
"""

import numpy as np

from vpg_helpers.checks._core import Case, Mistake
from vpg_helpers.checks.registry import exercise_check
from vpg_helpers.discounting import discounted_cumsum
from vpg_helpers.returns import gae_advantages, gae_advantages_batch

__all__ = ["check_gae_advantages_batch", "gae_by_segments", "batch_inputs"]


def gae_by_segments(rewards, values, next_values, dones, gamma, lam, gae=gae_advantages):
    """GAE of a (T, N) batch computed one episode segment at a time with a per-trajectory ``gae``.

    A segment of env n ends at a step t with ``dones[t, n]`` (or at the batch cut t = T - 1); it is passed
    to ``gae(rewards, values, gamma, lam, last_value)`` with last_value = next_values[t, n], the bootstrap
    value there (0 after a termination). Inside a segment the next state's value is values[t + 1, n], as in
    a batch the collector made (where next_values[t, n] = values[t + 1, n] unless the episode ended at t).
    """
    rewards, values, next_values = (np.asarray(x, dtype=np.float64) for x in (rewards, values, next_values))
    T, N = rewards.shape
    out = np.zeros((T, N))
    for n in range(N):
        start = 0
        for t in range(T):
            if dones[t, n] or t == T - 1:
                seg = slice(start, t + 1)
                out[seg, n] = gae(rewards[seg, n], values[seg, n], gamma, lam, next_values[t, n])
                start = t + 1
    return out


def batch_inputs():
    """Small (T, N) batches with terminations, truncations and batch cuts, as (description, arrays...) rows."""
    r2 = np.array([[1.0, 1.0], [1.0, 1.0], [1.0, 0.0], [1.0, 1.0], [1.0, 1.0]])
    v2 = np.array([[3.0, 2.0], [2.0, 4.0], [1.0, 1.5], [4.0, 2.0], [3.0, 1.0]])
    d2 = np.array([[0, 0], [0, 1], [1, 0], [0, 0], [0, 0]], dtype=bool)  # env 0 terminates, env 1 truncated
    nv2 = np.vstack([v2[1:], [[2.5, 0.5]]])
    nv2[2, 0] = 0.0  # termination: no future
    nv2[1, 1] = 5.0  # truncation: V(final observation), not the next episode's first state
    r1, v1 = np.array([[1.0], [0.0], [2.0], [-1.0]]), np.array([[0.5], [1.0], [-0.5], [2.0]])
    nv1 = np.vstack([v1[1:], [[3.0]]])  # the batch cut: bootstrap from V(s_T) = 3
    return [
        ("one env, no episode end: the batch cut bootstraps from next_values[-1]", r1, v1, nv1,
         np.zeros((4, 1), bool), 0.9, 0.95),
        ("two envs: env 0 terminates at t = 2, env 1 is truncated at t = 1", r2, v2, nv2, d2, 0.9, 0.95),
        ("lam = 0 (advantages are the TD residuals)", r2, v2, nv2, d2, 0.99, 0.0),
        ("gamma = 1, lam = 1", r2, v2, nv2, d2, 1.0, 1.0),
    ]  # fmt: skip


def _recursion(deltas, discounts):
    """A_t = delta_t + discounts_t A_{t+1}: the wrong answers below differ in their deltas or discounts."""
    return discounted_cumsum(deltas, discounts)


@exercise_check(gae_advantages_batch)
def check_gae_advantages_batch():
    """Check ``fn(rewards, values, next_values, dones, gamma, lam) -> advantages``, shape (T, N)."""
    cases = [
        Case(
            d,
            dict(rewards=r, values=v, next_values=nv, dones=dn, gamma=g, lam=lam),
            gae_by_segments(r, v, nv, dn, g, lam),
            hint="delta = rewards + gamma * next_values - values; then for t = T-1 down to 0: "
            "A_t = delta_t + gamma * lam * (1 - dones[t]) * A_{t+1}, with A_T = 0 (all N columns at once).",
        )
        for d, r, v, nv, dn, g, lam in batch_inputs()
    ]

    def deltas(rewards, values, next_values, gamma):
        return rewards + gamma * next_values - values

    def no_mask(rewards, values, next_values, dones, gamma, lam):
        return _recursion(deltas(rewards, values, next_values, gamma), gamma * lam)

    def values_shifted(rewards, values, next_values, dones, gamma, lam):
        shifted = np.vstack([values[1:], next_values[-1:]])
        return _recursion(deltas(rewards, values, shifted, gamma), gamma * lam * (1.0 - dones))

    def mask_one_late(rewards, values, next_values, dones, gamma, lam):
        late = np.vstack([np.zeros_like(dones[:1]), dones[:-1]])
        return _recursion(deltas(rewards, values, next_values, gamma), gamma * lam * (1.0 - late))

    def no_bootstrap(rewards, values, next_values, dones, gamma, lam):
        return gae_advantages_batch(rewards, values, np.where(dones, 0.0, next_values), dones, gamma, lam)

    mistakes = [
        Mistake(
            "The recursion runs across episode boundaries: multiply the carried term by (1 - dones[t]), "
            "A_t = delta_t + gamma * lam * (1 - dones[t]) * A_{t+1}, so an episode only sums its own residuals.",
            no_mask,
        ),
        Mistake(
            "Use next_values, not values[t + 1]: where an episode ended at step t, values[t + 1] is the next "
            "episode's first state; next_values[t] holds the right bootstrap value (0 after a termination).",
            values_shifted,
        ),
        Mistake(
            "The mask is one step late: the episode that ends at step t is cut between t and t + 1, so "
            "A_t's carried term is multiplied by (1 - dones[t]), not (1 - dones[t - 1]).",
            mask_one_late,
        ),
        Mistake(
            "No bootstrap at a truncation: there next_values[t] is V(final observation) and belongs in "
            "delta_t. Only terminations have no future, and next_values is already 0 there.",
            no_bootstrap,
        ),
        Mistake(
            "The recursion discounts by gamma * lam, not lam alone: A_t = delta_t + gamma * lam * (1 - d_t) A_{t+1}.",
            lambda rewards, values, next_values, dones, gamma, lam: _recursion(
                deltas(rewards, values, next_values, gamma), lam * (1.0 - dones)
            ),
        ),
        Mistake(
            "These are returns (advantages + values), not advantages: do not add V(s_t) back.",
            lambda rewards, values, next_values, dones, gamma, lam: (
                gae_advantages_batch(rewards, values, next_values, dones, gamma, lam) + values
            ),
        ),
    ]
    return cases, mistakes
