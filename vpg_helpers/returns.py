"""Returns and advantages along one trajectory, and GAE over a batch of them (notebooks 03, 05, 06 and 07).

Conventions, used throughout the course:

* time steps run t = 0, ..., T-1; ``rewards[t]`` is the reward returned by ``env.step(actions[t])``
  (Sutton & Barto write it r_{t+1}; we write r_t);
* ``values[t]`` is the value estimate V(s_t) of the state the action was taken in;
* ``last_value`` is V(s_T), the value of the state the trajectory stopped in. It is 0 when the episode
  *terminated* (nothing more can happen) and V(s_T) when it was *truncated* (by a time limit, or by the end
  of a batch), so that the future we did not see is estimated rather than assumed to be zero.

Every function takes 1-D arrays, returns a new float64 array of length T, never changes its inputs, and
raises ValueError/TypeError naming the argument on bad input.
"""

import numpy as np

from vpg_helpers.discounting import discounted_cumsum
from vpg_helpers.validation import (
    as_batch_arrays,
    as_positive_int,
    as_rewards,
    as_trajectory,
    as_unit_interval,
    finite_result,
)

__all__ = [
    "rewards_to_go",
    "n_step_returns",
    "td_residuals",
    "gae_advantages",
    "gae_advantages_batch",
]


def rewards_to_go(rewards, gamma, last_value=0.0):
    """Discounted future return from each time step (notebook 03).

    Math: R_t = sum_{k=0}^{T-1-t} gamma^k r_{t+k} + gamma^(T-t) V(s_T),
    computed backwards with R_t = r_t + gamma R_{t+1}, starting from R_T = V(s_T) = last_value.

    Parameters
    ----------
    rewards : array, shape (T,)
        ``rewards[t]`` is the reward for the action taken at step t.
    gamma : float
        Discount factor, in [0, 1].
    last_value : float
        V(s_T): 0 if the episode terminated, the value estimate of the last state if it was truncated.

    Returns
    -------
    array, shape (T,): ``[r0 + g*r1 + g^2*r2, r1 + g*r2, r2]`` for T = 3 and last_value = 0.

    >>> rewards_to_go([1.0, 1.0, 1.0], gamma=0.5)
    array([1.75, 1.5 , 1.  ])
    >>> rewards_to_go([1.0, 1.0, 1.0], gamma=0.5, last_value=8.0)   # truncated: bootstrap from V(s_T)
    array([2.75, 3.5 , 5.  ])
    """
    rewards, gamma, last_value = as_rewards(rewards, gamma, last_value)
    return discounted_cumsum(rewards, gamma, last=last_value)


def n_step_returns(rewards, values, gamma, n, last_value=0.0):
    """n-step returns, the targets between TD (n = 1) and Monte Carlo (n >= T) (notebook 05).

    Math: G_{t:t+n} = sum_{k=0}^{m-1} gamma^k r_{t+k} + gamma^m V(s_{t+m}),  m = min(n, T - t),
    with V(s_T) = last_value. Near the end of the trajectory fewer than n rewards are left, so the sum
    stops at T and bootstraps from V(s_T).

    Parameters
    ----------
    rewards, values : arrays, shape (T,)
        Rewards r_t and value estimates V(s_t).
    gamma : float in [0, 1]
    n : int >= 1
        How many real rewards to use before bootstrapping.
    last_value : float
        V(s_T) (0 for a terminated episode).

    >>> n_step_returns([1.0, 1.0, 1.0], values=[10.0, 20.0, 30.0], gamma=0.5, n=1)   # r_t + g V(s_{t+1})
    array([11., 16.,  1.])
    >>> n_step_returns([1.0, 1.0, 1.0], values=[10.0, 20.0, 30.0], gamma=0.5, n=3)   # = rewards_to_go
    array([1.75, 1.5 , 1.  ])
    """
    rewards, values, gamma, last_value = as_trajectory(rewards, values, gamma, last_value)
    n = as_positive_int("n", n)
    T = len(rewards)
    # values_ext[t] = V(s_t) for t = 0..T, so values_ext[T] is the bootstrap value of the final state.
    values_ext = np.append(values, last_value)
    t = np.arange(T)
    m = np.minimum(n, T - t)
    out = gamma**m * values_ext[t + m]
    with np.errstate(over="ignore", invalid="ignore"):  # overflow is an error, named by finite_result
        for k in range(min(n, T)):
            # Add gamma^k r_{t+k} only where step t+k is one of the m rewards used from t.
            inside = k < m
            out[inside] += gamma**k * rewards[t[inside] + k]
    return finite_result(out, "rewards and values")


def td_residuals(rewards, values, gamma, last_value=0.0):
    """TD residuals, the one-step advantage estimates (notebook 06).

    Math: delta_t = r_t + gamma V(s_{t+1}) - V(s_t), with V(s_T) = last_value.
    Pitfall: the discount gamma multiplies V(s_{t+1}); dropping it (a common slip) is only correct for
    gamma = 1.

    >>> td_residuals([1.0, 1.0], values=[2.0, 4.0], gamma=0.5)
    array([ 0., -3.])
    """
    rewards, values, gamma, last_value = as_trajectory(rewards, values, gamma, last_value)
    next_values = np.append(values[1:], last_value)
    with np.errstate(over="ignore", invalid="ignore"):  # overflow is an error, named by finite_result
        return finite_result(rewards + gamma * next_values - values, "rewards and values")


def gae_advantages(rewards, values, gamma, lam, last_value=0.0):
    """Generalized Advantage Estimation, GAE(gamma, lambda) (notebook 06).

    Math: A_t = sum_{l=0}^{T-1-t} (gamma lam)^l delta_{t+l},
    computed backwards with A_t = delta_t + gamma lam A_{t+1}, starting from A_T = 0.
    lam = 0 gives the TD residuals delta_t; lam = 1 gives rewards_to_go(rewards, gamma, last_value) - values.

    Parameters
    ----------
    rewards, values : arrays, shape (T,)
    gamma : float in [0, 1]
        Discount factor.
    lam : float in [0, 1]
        GAE's lambda: 0 trusts V fully (low variance, biased by V's errors), 1 trusts the rewards fully.
    last_value : float
        V(s_T) (0 for a terminated episode).

    >>> gae_advantages([1.0, 1.0], values=[2.0, 4.0], gamma=0.5, lam=0.0)   # = td_residuals
    array([ 0., -3.])
    >>> gae_advantages([1.0, 1.0], values=[2.0, 4.0], gamma=0.5, lam=1.0)   # = rewards_to_go - values
    array([-0.5, -3. ])
    """
    rewards, values, gamma, last_value = as_trajectory(rewards, values, gamma, last_value)
    lam = as_unit_interval("lam", lam)  # both now Python floats: gamma lam is formed in float64
    deltas = td_residuals(rewards, values, gamma, last_value)
    return discounted_cumsum(deltas, gamma * lam)


def gae_advantages_batch(rewards, values, next_values, dones, gamma, lam):
    """GAE over a (T, N) batch: ``gae_advantages`` on every episode segment at once.

    Math: delta_t = r_t + gamma V_next_t - V(s_t);  A_t = delta_t + gamma lam (1 - done_t) A_{t+1}, A_T = 0.
    ``done_t`` stops the recursion at an episode's end, where V_next_t already holds the bootstrap value.
    With lam = 1, A_t + V(s_t) is the rewards-to-go R_t (bootstrapped the same way).

    >>> r, v = np.ones((3, 1)), np.zeros((3, 1))
    >>> gae_advantages_batch(r, v, np.zeros((3, 1)), np.array([[0], [1], [0]]), gamma=0.5, lam=1.0)[:, 0]
    array([1.5, 1. , 1. ])
    """
    rewards, values, next_values, dones = as_batch_arrays(
        flags=("dones",), rewards=rewards, values=values, next_values=next_values, dones=dones
    )
    gamma, lam = as_unit_interval("gamma", gamma), as_unit_interval("lam", lam)  # float64 scalars
    with np.errstate(over="ignore", invalid="ignore"):  # overflow is an error, named by finite_result
        deltas = finite_result(rewards + gamma * next_values - values, "rewards, values and next_values")
    # The per-step discount gamma lam becomes 0 where an episode ends, so no advantage leaks across episodes.
    return discounted_cumsum(deltas, gamma * lam * (1.0 - dones))
