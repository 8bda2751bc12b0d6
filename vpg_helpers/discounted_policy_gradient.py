"""Sampled policy-gradient estimates on the short corridor with any discount gamma (notebook 03).

With gamma < 1 the three weights of notebook 03 estimate different things (``policy_gradient_theorem``
gives their exact means):

- w_t = R(tau) = sum_k gamma^k r_k (total discounted return) and w_t = gamma^t R_t: dJ_gamma / d theta, the
  gradient of the discounted objective J_gamma = E[sum_t gamma^t r_t];
- w_t = R_t = sum_{k >= t} gamma^{k-t} r_k (the course's weight, without the gamma^t): a biased estimate of
  that gradient (Thomas, 2014), accepted because it has less variance.

Every reward of the corridor is -1, so with g_t = d log pi(a_t) / d theta = 1[a_t = RIGHT] - p and
G(n) = sum_{k<n} gamma^k (= n at gamma = 1):

    total:              sum_t g_t R(tau)      = -G(T) sum_t g_t
    future:             sum_t g_t R_t         = -sum_t g_t G(T - t)
    discounted_future:  sum_t g_t gamma^t R_t = -sum_t g_t gamma^t G(T - t)

computed from running sums while all episodes are simulated side by side (no episode is stored).
"""

import numpy as np

from vpg_helpers.envs.short_corridor import TERMINAL, step
from vpg_helpers.validation import as_open_unit_interval, as_positive_int, as_seed, as_unit_interval

__all__ = ["WEIGHTS", "corridor_gradient_terms"]

WEIGHTS = ("total", "future", "discounted_future")


def corridor_gradient_terms(p, gamma, n_episodes, seed, weight, max_steps=100_000):
    """One term per episode, sum_t (d log pi(a_t) / d theta) w_t; their mean estimates ``expected_estimate``.

    Parameters
    ----------
    p : float in (0, 1), P(RIGHT); gamma : float in [0, 1]; n_episodes : int >= 1; seed : int;
    weight : "total" (R(tau)), "future" (R_t) or "discounted_future" (gamma^t R_t).

    Returns
    -------
    array, shape (n_episodes,)

    >>> terms = corridor_gradient_terms(0.5, 1.0, n_episodes=4, seed=0, weight="future")
    >>> terms.shape
    (4,)
    """
    p = as_open_unit_interval("p", p, why=" (otherwise the episode never ends)")
    gamma = as_unit_interval("gamma", gamma)
    n, max_steps = as_positive_int("n_episodes", n_episodes), as_positive_int("max_steps", max_steps)
    if weight not in WEIGHTS:
        raise ValueError(f"weight must be one of {WEIGHTS}, got {weight!r}")
    rng = np.random.default_rng(as_seed(seed))
    states, lengths = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    sum_g = np.zeros(n)  # sum_t g_t
    sum_t_g = np.zeros(n)  # sum_t t g_t                 (for gamma = 1)
    tail = np.zeros(n)  # sum_t gamma^(T-1-t) g_t      (running: tail <- gamma tail + g)
    head = np.zeros(n)  # sum_t gamma^t g_t
    alive = np.arange(n)
    for t in range(max_steps):
        if alive.size == 0:
            break
        actions = (rng.random(alive.size) < p).astype(np.int64)
        g = actions - p
        sum_g[alive] += g
        sum_t_g[alive] += t * g
        tail[alive] = gamma * tail[alive] + g
        head[alive] += gamma**t * g
        lengths[alive] += 1
        states[alive] = step(states[alive], actions)
        alive = alive[states[alive] != TERMINAL]
    if alive.size:
        raise RuntimeError(f"{alive.size} episode(s) did not end within max_steps={max_steps}")
    T = lengths.astype(float)
    if gamma == 1.0:
        # G(n) = n:  total -T sum g;  future -sum g (T - t);  discounted_future = future.
        total, future = -T * sum_g, -(T * sum_g - sum_t_g)
        return {"total": total, "future": future, "discounted_future": future}[weight]
    # G(n) = (1 - gamma^n) / (1 - gamma); sum_t g_t gamma^(T-t) = gamma tail; sum_t g_t gamma^t gamma^(T-t) = gamma^T sum g.
    if weight == "total":
        return -(1.0 - gamma**T) / (1.0 - gamma) * sum_g
    if weight == "future":
        return -(sum_g - gamma * tail) / (1.0 - gamma)
    return -(head - gamma**T * sum_g) / (1.0 - gamma)
