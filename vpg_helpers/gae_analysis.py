"""GAE as an average of n-step advantages, and its bias and variance against lambda (notebook 06).

The n-step advantage is A^(n)_t = G_{t:t+n} - V(s_t) (notebook 05's n-step return minus the baseline).
GAE(gamma, lambda) is their exponentially weighted average, A_t = (1 - lam) sum_{n>=1} lam^(n-1) A^(n)_t.
On a trajectory that stops at T, every A^(n)_t with n >= T - t is the same Monte-Carlo advantage, so the
weights of all those n collapse onto it: together they weigh lam^(T-t-1).
"""

from dataclasses import dataclass

import numpy as np

from vpg_helpers.envs.exact_mdp import exact_values, sample_rollouts
from vpg_helpers.returns import n_step_returns
from vpg_helpers.validation import (
    as_float_array,
    as_positive_int,
    as_trajectory,
    as_unit_interval,
    as_unit_interval_array,
    as_vector,
)

__all__ = [
    "n_step_advantages",
    "lambda_weights",
    "lambda_weighted_advantages",
    "first_step_gae",
    "BiasVariance",
    "gae_bias_variance",
]


def n_step_advantages(rewards, values, gamma, n, last_value=0.0):
    """n-step advantage estimates A^(n)_t = G_{t:t+n} - V(s_t).

    >>> n_step_advantages([1.0, 1.0], values=[2.0, 4.0], gamma=0.5, n=1)   # = TD residuals
    array([ 0., -3.])
    """
    return n_step_returns(rewards, values, gamma, n, last_value) - as_vector("values", values)


def lambda_weights(lam, n_max):
    """Weights of the n-step advantages n = 1..n_max when n_max = T - t steps are left.

    Math: w_n = (1 - lam) lam^(n-1) for n < n_max; the tail sum_{n >= n_max} (1 - lam) lam^(n-1) = lam^(n_max-1)
    all goes to n = n_max (the Monte-Carlo advantage). The weights sum to 1.

    >>> lambda_weights(0.5, 3)
    array([0.5 , 0.25, 0.25])
    """
    lam = as_unit_interval("lam", lam)
    n_max = as_positive_int("n_max", n_max)
    weights = (1.0 - lam) * lam ** np.arange(n_max, dtype=np.float64)
    weights[-1] = lam ** (n_max - 1)  # 0.0**0 = 1: with one step left, the 1-step advantage is Monte Carlo
    return weights


def lambda_weighted_advantages(rewards, values, gamma, lam, last_value=0.0):
    """GAE computed the long way: the lambda-weighted average of the n-step advantages.

    Math: A_t = sum_{n=1}^{T-t} w_n A^(n)_t with w = lambda_weights(lam, T - t). Equals gae_advantages.

    >>> lambda_weighted_advantages([1.0, 1.0], values=[2.0, 4.0], gamma=0.5, lam=1.0)   # rewards-to-go - V
    array([-0.5, -3. ])
    """
    rewards, values, gamma, last_value = as_trajectory(rewards, values, gamma, last_value)
    lam, T = as_unit_interval("lam", lam), len(rewards)
    # all_n[n - 1, t] = A^(n)_t; for n >= T - t it is already the Monte-Carlo advantage.
    all_n = np.array([n_step_advantages(rewards, values, gamma, n, last_value) for n in range(1, T + 1)])
    return np.array([lambda_weights(lam, T - t) @ all_n[: T - t, t] for t in range(T)])


def first_step_gae(deltas, gamma, lams):
    """GAE at t = 0 for a batch of trajectories and several lambdas at once.

    Math: A_0 = sum_{l=0}^{T-1} (gamma lam)^l delta_l.

    Parameters
    ----------
    deltas : array, shape (N, T)   TD residuals, one trajectory per row.
    gamma : float in [0, 1]
    lams : array, shape (L,)

    Returns
    -------
    array, shape (N, L)

    >>> first_step_gae([[1.0, 1.0]], gamma=0.5, lams=[0.0, 1.0])
    array([[1. , 1.5]])
    """
    deltas = as_float_array("deltas", deltas)
    if deltas.ndim != 2:
        raise ValueError(f"deltas must have shape (N, T), got {deltas.shape}")
    gamma = as_unit_interval("gamma", gamma)
    lams = as_unit_interval_array("lams", lams)
    return deltas @ (gamma * lams[None, :]) ** np.arange(deltas.shape[1])[:, None]


@dataclass(frozen=True)
class BiasVariance:
    """Bias and variance of A_0 = GAE at t = 0 against lambda; per-pair arrays have one row per (s_0, a_0)."""

    lams: np.ndarray
    """The lambdas, shape (L,)."""
    bias_squared: np.ndarray
    """Sampled squared bias, averaged over the pairs (s_0 uniform, a_0 ~ pi), shape (L,)."""
    variance: np.ndarray
    """Sampled variance of A_0 given (s_0, a_0), averaged over the pairs in the same way, shape (L,)."""
    bias: np.ndarray
    """Sampled bias per pair (row s_0 * K + a_0), shape (S*K, L)."""
    exact_bias: np.ndarray
    """The same bias computed exactly from the state distributions, shape (S*K, L)."""
    standard_error: np.ndarray
    """Standard error of each sampled bias, shape (S*K, L)."""


def _exact_mean_deltas(mdp, values_hat, horizon):
    """E[delta_l | s_0, a_0] for every pair (row s*K + a) and l = 0..T-1, shape (S*K, T)."""
    S, K = mdp.rewards.shape
    p_pi = np.einsum("sa,sat->st", mdp.policy, mdp.transitions)
    mean_delta = np.sum(mdp.policy * mdp.rewards, axis=1) + mdp.gamma * p_pi @ values_hat - values_hat
    first = mdp.rewards + mdp.gamma * mdp.transitions @ values_hat - values_hat[:, None]
    out = np.empty((S * K, horizon))
    out[:, 0] = first.ravel()
    dist = mdp.transitions.reshape(S * K, S)  # distribution of s_1 given (s_0, a_0)
    for l in range(1, horizon):
        out[:, l] = dist @ mean_delta
        dist = dist @ p_pi
    return out


def _centre(means, policy):
    """means (S*K, L) -> means minus their pi-weighted average over a_0 at the same s_0."""
    S, K = policy.shape
    m = means.reshape(S, K, -1)
    return (m - np.einsum("sa,sal->sl", policy, m)[:, None, :]).reshape(S * K, -1)


def gae_bias_variance(mdp, value_error, lams, horizon=60, n_per_pair=2000, seed=0):
    """Bias and variance of GAE's A_0 when V_hat = V + value_error, from every start pair (s_0, a_0).

    Any part of E[A_0 | s_0, a_0] that does not depend on a_0 acts as a baseline and leaves the policy
    gradient's mean unchanged (notebook 04), so the bias is measured after centring over a_0 ~ pi.
    Trajectories are cut at T = horizon and bootstrap from V_hat(s_T).
    Math: bias(s_0, a_0) = E[A_0 | s_0, a_0] - sum_a pi(a|s_0) E[A_0 | s_0, a] - A(s_0, a_0);
    variance = Var[A_0 | s_0, a_0].

    Parameters
    ----------
    mdp : TabularMDP;  value_error : array, shape (S,), V_hat - V;  lams : array, shape (L,)
    horizon : int, T;  n_per_pair : int >= 2, trajectories per (s_0, a_0);  seed : int

    Returns
    -------
    BiasVariance (curves of shape (L,), per-pair arrays of shape (S*K, L)).

    >>> from vpg_helpers.envs.exact_mdp import random_mdp
    >>> bv = gae_bias_variance(random_mdp(seed=0), np.full(5, 3.0), lams=[0.0, 1.0], n_per_pair=100)
    >>> bool(np.all(np.abs(bv.exact_bias) < 1e-9))   # a constant error in V is a harmless baseline
    True
    """
    V, Q, A = exact_values(mdp)
    S, K = Q.shape
    value_error = as_vector("value_error", value_error, length=S)
    horizon = as_positive_int("horizon", horizon)
    n_per_pair = as_positive_int("n_per_pair", n_per_pair)
    if n_per_pair < 2:
        raise ValueError("n_per_pair must be >= 2 to estimate a variance")
    values_hat = V + value_error
    pairs_s, pairs_a = np.divmod(np.arange(S * K), K)
    rollouts = sample_rollouts(
        mdp, np.repeat(pairs_s, n_per_pair), np.repeat(pairs_a, n_per_pair), horizon, seed
    )
    v = values_hat[rollouts.states]
    deltas = rollouts.rewards + mdp.gamma * v[:, 1:] - v[:, :-1]
    a0 = first_step_gae(deltas, mdp.gamma, lams).reshape(S * K, n_per_pair, -1)
    lams = np.atleast_1d(np.asarray(lams, dtype=np.float64))
    exact_mean = (
        _exact_mean_deltas(mdp, values_hat, horizon) @ (mdp.gamma * lams) ** np.arange(horizon)[:, None]
    )
    bias = _centre(a0.mean(axis=1), mdp.policy) - A.reshape(-1, 1)
    exact_bias = _centre(exact_mean, mdp.policy) - A.reshape(-1, 1)
    variance = a0.var(axis=1, ddof=1)
    # Var of a centred mean: sum_a (1[a = a_0] - pi(a|s_0))^2 Var[A_0 | s_0, a] / N.
    coef = (np.eye(K)[None, :, :] - mdp.policy[:, None, :]) ** 2  # (S, a_0, a)
    se = np.sqrt(np.einsum("sba,sal->sbl", coef, variance.reshape(S, K, -1) / n_per_pair)).reshape(S * K, -1)
    weights = (mdp.policy / S).reshape(-1, 1)
    return BiasVariance(
        lams, np.sum(weights * bias**2, axis=0), np.sum(weights * variance, axis=0), bias, exact_bias, se
    )
