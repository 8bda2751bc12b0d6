"""A small random MDP whose values and advantages are known exactly, and fast batched sampling (notebook 06).

With S states, K actions, transition probabilities P(s'|s, a), mean rewards r(s, a) and a fixed stochastic
policy pi(a|s), the discounted values solve the linear Bellman equations
V = r_pi + gamma P_pi V, so V = (I - gamma P_pi)^(-1) r_pi, with r_pi(s) = sum_a pi(a|s) r(s, a) and
P_pi(s'|s) = sum_a pi(a|s) P(s'|s, a). Then Q(s, a) = r(s, a) + gamma sum_s' P(s'|s, a) V(s') and the
advantage is A(s, a) = Q(s, a) - V(s). Sampled rewards are r(s, a) plus Gaussian noise (mean zero, so V and
Q do not change): the noise, the random transitions and the random actions are what makes returns vary.
"""

from dataclasses import dataclass

import numpy as np

from vpg_helpers.distributions import sample_categorical
from vpg_helpers.validation import (
    as_finite_scalar,
    as_float_array,
    as_index_array,
    as_positive_int,
    as_seed,
    as_unit_interval,
)

__all__ = ["TabularMDP", "Rollouts", "random_mdp", "exact_values", "sample_rollouts"]


@dataclass(frozen=True)
class TabularMDP:
    """A finite MDP together with the fixed policy being evaluated."""

    transitions: np.ndarray
    """P(s'|s, a), shape (S, K, S); each transitions[s, a] sums to 1."""
    rewards: np.ndarray
    """Mean reward r(s, a), shape (S, K)."""
    policy: np.ndarray
    """pi(a|s), shape (S, K); each row sums to 1."""
    gamma: float
    """Discount factor in [0, 1)."""
    reward_noise: float
    """Standard deviation of the Gaussian noise added to every sampled reward."""

    def __post_init__(self):
        rewards = as_float_array("rewards", self.rewards)
        if rewards.ndim != 2 or 0 in rewards.shape:
            raise ValueError(f"rewards must have shape (S, K) with S, K >= 1, got {rewards.shape}")
        n_states, n_actions = rewards.shape
        transitions = _distributions("transitions", self.transitions, (n_states, n_actions, n_states))
        policy = _distributions("policy", self.policy, (n_states, n_actions))
        gamma = as_unit_interval("gamma", self.gamma)
        if gamma == 1.0:
            raise ValueError(
                "gamma must be < 1 so that the discounted values of this continuing MDP are finite"
            )
        reward_noise = as_finite_scalar("reward_noise", self.reward_noise)
        if reward_noise < 0:
            raise ValueError(f"reward_noise must be >= 0 (a standard deviation), got {reward_noise}")
        for name, value in dict(transitions=transitions, rewards=rewards, policy=policy, gamma=gamma,
                                reward_noise=reward_noise).items():  # fmt: skip
            object.__setattr__(self, name, value)  # frozen: store the validated copies once


def _distributions(name, x, shape):
    """``x`` as a float64 array of ``shape`` whose last axis holds probability distributions."""
    arr = as_float_array(name, x)
    if arr.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, got {arr.shape}")
    if np.any(arr < 0) or not np.allclose(arr.sum(axis=-1), 1.0, rtol=0, atol=1e-9):
        raise ValueError(f"{name} must hold probabilities: >= 0, summing to 1 over the last axis")
    return arr


@dataclass(frozen=True)
class Rollouts:
    """N trajectories of T steps, as arrays (row i is one trajectory)."""

    states: np.ndarray
    """s_0 .. s_T, shape (N, T + 1): the last column is s_T, needed to bootstrap V(s_T)."""
    actions: np.ndarray
    """a_0 .. a_{T-1}, shape (N, T)."""
    rewards: np.ndarray
    """r_0 .. r_{T-1}, shape (N, T)."""


def random_mdp(n_states=5, n_actions=2, gamma=0.9, reward_noise=1.0, concentration=1.0, seed=0):
    """A random MDP and a random stochastic policy.

    Each P(.|s, a) is drawn from a Dirichlet with all parameters ``concentration`` (small values, e.g. 0.1,
    make transitions nearly deterministic; 1 is uniform over distributions); rewards r(s, a) ~ N(0, 1);
    each pi(.|s) from a flat Dirichlet.

    >>> mdp = random_mdp(n_states=3, n_actions=2, seed=0)
    >>> mdp.transitions.shape, mdp.rewards.shape, mdp.policy.shape
    ((3, 2, 3), (3, 2), (3, 2))
    """
    n_states = as_positive_int("n_states", n_states)
    n_actions = as_positive_int("n_actions", n_actions)
    concentration = as_finite_scalar("concentration", concentration)
    if concentration <= 0:
        raise ValueError(f"concentration must be > 0, got {concentration}")
    rng = np.random.default_rng(as_seed(seed))
    transitions = rng.dirichlet(np.full(n_states, concentration), size=(n_states, n_actions))
    rewards = rng.normal(size=(n_states, n_actions))
    policy = rng.dirichlet(np.ones(n_actions), size=n_states)
    return TabularMDP(transitions, rewards, policy, gamma, reward_noise)


def exact_values(mdp):
    """Exact V, Q and A of ``mdp.policy``, by solving the linear Bellman equations.

    Math: V = (I - gamma P_pi)^(-1) r_pi;  Q(s, a) = r(s, a) + gamma sum_s' P(s'|s, a) V(s');  A = Q - V.

    Returns
    -------
    (V, Q, A) : arrays of shapes (S,), (S, K), (S, K). sum_a pi(a|s) A(s, a) = 0 for every s.

    >>> V, Q, A = exact_values(random_mdp(seed=1))
    >>> bool(np.allclose((random_mdp(seed=1).policy * A).sum(axis=1), 0.0))
    True
    """
    if not isinstance(mdp, TabularMDP):
        raise TypeError(f"mdp must be a TabularMDP (see random_mdp), got {type(mdp).__name__}")
    r_pi = np.sum(mdp.policy * mdp.rewards, axis=1)
    p_pi = np.einsum("sa,sat->st", mdp.policy, mdp.transitions)
    V = np.linalg.solve(np.eye(len(r_pi)) - mdp.gamma * p_pi, r_pi)
    Q = mdp.rewards + mdp.gamma * mdp.transitions @ V
    return V, Q, Q - V[:, None]


def sample_rollouts(mdp, first_states, first_actions, horizon, seed=0):
    """Sample N trajectories of ``horizon`` steps at once (vectorised over trajectories).

    Row i starts in ``first_states[i]`` with ``first_actions[i]`` (pass None to draw a_0 from the policy);
    every later action comes from the policy.

    Parameters
    ----------
    mdp : TabularMDP
    first_states : int array, shape (N,)
    first_actions : int array, shape (N,), or None
    horizon : int, T >= 1
    seed : int

    Returns
    -------
    Rollouts with states (N, T + 1), actions (N, T), rewards (N, T).

    >>> out = sample_rollouts(random_mdp(seed=0), first_states=[0, 1], first_actions=[1, 0], horizon=4)
    >>> out.states.shape, out.actions[:, 0].tolist()
    ((2, 5), [1, 0])
    """
    if not isinstance(mdp, TabularMDP):
        raise TypeError(f"mdp must be a TabularMDP (see random_mdp), got {type(mdp).__name__}")
    n_states, n_actions = mdp.rewards.shape
    first_states = as_index_array("first_states", first_states, n_states)
    if first_states.ndim != 1:
        raise ValueError(f"first_states must be a 1-D array, got shape {first_states.shape}")
    if first_actions is not None:
        first_actions = as_index_array("first_actions", first_actions, n_actions, shape=first_states.shape)
    horizon = as_positive_int("horizon", horizon)
    rng = np.random.default_rng(as_seed(seed))
    n = len(first_states)
    states = np.empty((n, horizon + 1), dtype=np.int64)
    actions = np.empty((n, horizon), dtype=np.int64)
    states[:, 0] = first_states
    for t in range(horizon):
        s = states[:, t]
        actions[:, t] = (
            first_actions
            if (t == 0 and first_actions is not None)
            else sample_categorical(mdp.policy[s], rng)
        )
        states[:, t + 1] = sample_categorical(mdp.transitions[s, actions[:, t]], rng)
    noise = mdp.reward_noise * rng.standard_normal((n, horizon))
    return Rollouts(states, actions, mdp.rewards[states[:, :-1], actions] + noise)
