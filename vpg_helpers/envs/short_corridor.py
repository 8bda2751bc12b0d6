"""Sutton & Barto's short corridor (Example 13.1): a tiny MDP whose policy gradient is known exactly (notebook 03).

States 0, 1, 2 and a terminal state 3 (written G). Every step gives reward -1. Action RIGHT moves right and
LEFT moves left, except in state 1 where they are reversed; LEFT in state 0 stays in 0. All states look the
same to the agent, so the policy is one number p = P(RIGHT), used in every state. We parametrise it as a
two-action softmax with logits (0, theta), so p = sigmoid(theta) and d log pi(a) / d theta = 1[a = RIGHT] - p.

Exact performance (gamma = 1): J(p) = v(s_0) = (2p - 4) / (p (1 - p)), maximal at p = 2 - sqrt(2) ~ 0.5858,
where J = -11.66.
"""

import numpy as np

from vpg_helpers.envs.rollouts import Trajectory
from vpg_helpers.validation import (
    as_index_array,
    as_open_unit_interval,
    as_positive_int,
    as_seed,
    as_unit_interval,
)

__all__ = [
    "LEFT",
    "RIGHT",
    "OPTIMAL_P",
    "exact_state_values",
    "exact_return",
    "exact_gradient",
    "step",
    "sample_episodes",
    "episode_gradient_terms",
    "sample_gradient_estimates",
]

LEFT, RIGHT, TERMINAL = 0, 1, 3
OPTIMAL_P = 2.0 - np.sqrt(2.0)


def _check_p(p):
    return as_open_unit_interval("p", p, why=" (otherwise the episode never ends)")


def _transitions(p):
    """P[s, s'] under P(RIGHT) = p, for s, s' in 0, 1, 2 (the terminal column is dropped: v(G) = 0)."""
    return np.array([[1 - p, p, 0.0], [p, 0.0, 1 - p], [0.0, 1 - p, 0.0]])


def exact_state_values(p, gamma=1.0):
    """v(s) for s = 0, 1, 2 under P(RIGHT) = p, by solving the Bellman equations v = r + gamma P v.

    >>> exact_state_values(0.5).round(6)
    array([-12., -10.,  -6.])
    """
    p, gamma = _check_p(p), as_unit_interval("gamma", gamma)
    return np.linalg.solve(np.eye(3) - gamma * _transitions(p), -np.ones(3))


def exact_return(p, gamma=1.0):
    """J(p) = v(s_0), the expected return from the start state.

    Math (gamma = 1): J(p) = (2p - 4) / (p (1 - p)).

    >>> round(exact_return(OPTIMAL_P), 4)
    -11.6569
    """
    return float(exact_state_values(p, gamma)[0])


def exact_gradient(p, gamma=1.0, wrt="p"):
    """dJ/dp (``wrt="p"``) or dJ/dtheta (``wrt="theta"``, with p = sigmoid(theta)), exactly.

    Math: differentiating v = r + gamma P v gives dv/dp = (I - gamma P)^-1 gamma (dP/dp) v; with gamma = 1
    this is dJ/dp = (2p^2 - 8p + 4) / (p (1 - p))^2, zero at p = 2 - sqrt(2). dJ/dtheta = dJ/dp * p (1 - p).

    >>> exact_gradient(0.5), exact_gradient(0.5, wrt="theta")
    (8.0, 2.0)
    """
    if wrt not in ("p", "theta"):
        raise ValueError(f"wrt must be 'p' or 'theta', got {wrt!r}")
    p, gamma = _check_p(p), as_unit_interval("gamma", gamma)
    dP = np.array([[-1.0, 1.0, 0.0], [1.0, 0.0, -1.0], [0.0, -1.0, 0.0]])  # d _transitions(p) / dp
    dJ_dp = float(
        np.linalg.solve(np.eye(3) - gamma * _transitions(p), gamma * dP @ exact_state_values(p, gamma))[0]
    )
    return dJ_dp if wrt == "p" else dJ_dp * p * (1 - p)


def step(states, actions):
    """Next states for arrays of states (0, 1, 2) and actions (LEFT = 0, RIGHT = 1); 3 is terminal.

    >>> step(np.array([0, 0, 1, 1, 2, 2]), np.array([0, 1, 0, 1, 0, 1]))
    array([0, 1, 2, 0, 1, 3])
    """
    states = as_index_array("states", states, TERMINAL)  # 0, 1 or 2: no step from the terminal state
    right = as_index_array("actions", actions, 2, shape=states.shape) == RIGHT
    moved = np.where(right, states + 1, np.maximum(states - 1, 0))
    reversed_ = np.where(right, 0, 2)  # state 1: RIGHT goes to 0, LEFT goes to 2
    return np.where(states == 1, reversed_, moved)


def _simulate(p, n_episodes, seed, max_steps, record):
    """All episodes at once. Returns lengths T, S1 = sum_t g_t, S2 = sum_t t g_t, and (states, actions)."""
    p, n = _check_p(p), as_positive_int("n_episodes", n_episodes)
    max_steps = as_positive_int("max_steps", max_steps)
    rng = np.random.default_rng(as_seed(seed))
    states = np.zeros(n, dtype=np.int64)
    lengths, s1, s2 = np.zeros(n, dtype=np.int64), np.zeros(n), np.zeros(n)
    alive, history = np.arange(n), []
    for t in range(max_steps):
        if alive.size == 0:
            break
        actions = (rng.random(alive.size) < p).astype(np.int64)
        g = actions - p  # d log pi(a_t) / d theta = 1[a_t = RIGHT] - p
        s1[alive] += g
        s2[alive] += t * g
        lengths[alive] += 1
        if record:
            history.append((alive, states[alive], actions))
        states[alive] = step(states[alive], actions)
        alive = alive[states[alive] != TERMINAL]
    if alive.size:
        raise RuntimeError(
            f"{alive.size} episode(s) did not end within max_steps={max_steps}; p={p} is too close to 0 or 1"
        )
    return lengths, s1, s2, history


def sample_episodes(p, n_episodes, seed, max_steps=100_000):
    """Sample ``n_episodes`` episodes from s_0 = 0 with P(RIGHT) = p (seeded; simulated side by side).

    Returns a list of ``rollouts.Trajectory``; ``observations[t, 0]`` is the state s_t (which the agent
    cannot see: all states look the same), ``actions[t]`` is LEFT (0) or RIGHT (1), ``rewards[t] = -1``.

    >>> tau = sample_episodes(0.5, n_episodes=1, seed=0)[0]
    >>> len(tau) == -tau.total_return, tau.terminated
    (True, True)
    """
    lengths, _, _, history = _simulate(p, n_episodes, seed, max_steps, record=True)
    states = np.full((len(lengths), len(history)), -1, dtype=np.int64)
    actions = np.full_like(states, -1)
    for t, (alive, s, a) in enumerate(history):
        states[alive, t], actions[alive, t] = s, a
    return [
        Trajectory(
            observations=states[i, :T, None].astype(np.float64),
            actions=actions[i, :T],
            rewards=-np.ones(T),
            last_observation=np.array([float(TERMINAL)]),
            terminated=True,
            truncated=False,
        )
        for i, T in enumerate(lengths)
    ]


def episode_gradient_terms(p, n_episodes, seed, weight="future", max_steps=100_000):
    """One term per episode, sum_t (d log pi(a_t) / d theta) * w_t, whose mean is a policy-gradient estimate.

    Math: weight="total": w_t = R(tau) = -T;  weight="future": w_t = R_t = -(T - t) (gamma = 1). Both have
    mean dJ/dtheta. Computed without storing episodes: sum_t g_t R_t = sum_t t g_t - T sum_t g_t.

    >>> terms = episode_gradient_terms(0.5, n_episodes=20_000, seed=0)
    >>> bool(abs(terms.mean() - exact_gradient(0.5, wrt="theta")) < 3 * terms.std() / np.sqrt(len(terms)))
    True
    """
    if weight not in ("total", "future"):
        raise ValueError(f"weight must be 'total' or 'future', got {weight!r}")
    lengths, s1, s2, _ = _simulate(p, n_episodes, seed, max_steps, record=False)
    return -lengths * s1 if weight == "total" else s2 - lengths * s1


def sample_gradient_estimates(p, batch_size, n_estimates, weight="future", seed=0):
    """``n_estimates`` independent batch estimates of dJ/dtheta, each the mean over ``batch_size`` episodes.

    >>> sample_gradient_estimates(0.5, batch_size=10, n_estimates=3, seed=0).shape
    (3,)
    """
    batch_size = as_positive_int("batch_size", batch_size)
    n_estimates = as_positive_int("n_estimates", n_estimates)
    terms = episode_gradient_terms(p, batch_size * n_estimates, seed, weight)
    return terms.reshape(n_estimates, batch_size).mean(axis=1)
