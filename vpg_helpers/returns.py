"""Returns and advantages along one trajectory (notebooks 03, 05 and 06).

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

from vpg_helpers._validate import as_vector, check_finite_scalar, check_positive_int, check_unit_interval

__all__ = [
    "discount_weights",
    "discounted_return",
    "rewards_to_go",
    "n_step_returns",
    "td_residuals",
    "gae_advantages",
]


def discount_weights(gamma, T):
    """The weights gamma^t, t = 0..T-1, that discount rewards by how late they come (notebook 00).

    >>> discount_weights(0.5, 4)
    array([1.   , 0.5  , 0.25 , 0.125])
    """
    gamma = check_unit_interval("gamma", gamma)
    T = check_positive_int("T", T)
    return gamma ** np.arange(T, dtype=np.float64)


def discounted_return(rewards, gamma=1.0):
    """Return of a whole trajectory, R(tau) = sum_t gamma^t r_t (notebook 01).

    With gamma = 1 this is the undiscounted return gymnasium's leaderboards report.

    >>> discounted_return([1.0, 1.0, 1.0], gamma=0.5)
    1.75
    """
    rewards = as_vector("rewards", rewards)
    gamma = check_unit_interval("gamma", gamma)
    return float(np.sum(gamma ** np.arange(len(rewards)) * rewards))


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
    rewards = as_vector("rewards", rewards)
    gamma = check_unit_interval("gamma", gamma)
    future = check_finite_scalar("last_value", last_value)
    out = np.empty_like(rewards)
    for t in reversed(range(len(rewards))):
        future = rewards[t] + gamma * future
        out[t] = future
    return out


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
    rewards = as_vector("rewards", rewards)
    values = as_vector("values", values, length=len(rewards))
    gamma = check_unit_interval("gamma", gamma)
    n = check_positive_int("n", n)
    last_value = check_finite_scalar("last_value", last_value)
    T = len(rewards)
    # values_ext[t] = V(s_t) for t = 0..T, so values_ext[T] is the bootstrap value of the final state.
    values_ext = np.append(values, last_value)
    t = np.arange(T)
    m = np.minimum(n, T - t)
    out = gamma**m * values_ext[t + m]
    for k in range(min(n, T)):
        # Add gamma^k r_{t+k} only where step t+k is one of the m rewards used from t.
        inside = k < m
        out[inside] += gamma**k * rewards[t[inside] + k]
    return out


def td_residuals(rewards, values, gamma, last_value=0.0):
    """TD residuals, the one-step advantage estimates (notebook 06).

    Math: delta_t = r_t + gamma V(s_{t+1}) - V(s_t), with V(s_T) = last_value.
    Pitfall: the discount gamma multiplies V(s_{t+1}); dropping it (as one of this course's source texts
    does) is only correct for gamma = 1.

    >>> td_residuals([1.0, 1.0], values=[2.0, 4.0], gamma=0.5)
    array([ 0., -3.])
    """
    rewards = as_vector("rewards", rewards)
    values = as_vector("values", values, length=len(rewards))
    gamma = check_unit_interval("gamma", gamma)
    last_value = check_finite_scalar("last_value", last_value)
    next_values = np.append(values[1:], last_value)
    return rewards + gamma * next_values - values


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
    deltas = td_residuals(rewards, values, gamma, last_value)
    lam = check_unit_interval("lam", lam)
    advantages = np.empty_like(deltas)
    running = 0.0
    for t in reversed(range(len(deltas))):
        running = deltas[t] + gamma * lam * running
        advantages[t] = running
    return advantages
