"""Policy-gradient estimates: per trajectory and per batch, with and without a baseline, and their "loss" (notebooks 03, 04 and 07).

Math (Spinning Up's notation, D a batch of trajectories, theta the policy's parameters):

    g_hat = 1/|D| sum_{tau in D} sum_{t=0}^{T-1} grad_theta log pi_theta(a_t|s_t) w_t,

with weight w_t = R(tau) (the total return: the simplest policy gradient) or w_t = R_t (the future return,
rewards-to-go). The normalisation is 1/|D|, one over the number of *trajectories*, not over the number of
steps.
"""

import numpy as np

from vpg_helpers.discounting import discounted_return
from vpg_helpers.returns import rewards_to_go
from vpg_helpers.validation import as_float_array, as_positive_int, as_vector

__all__ = [
    "policy_gradient_weights",
    "policy_gradient_estimate",
    "surrogate_loss",
    "rewards_to_go_advantages",
    "policy_gradient_terms",
    "policy_gradient",
]


def policy_gradient_weights(rewards, gamma=1.0, weight="future"):
    """The weights w_t of one trajectory: R(tau) at every step ("total") or R_t ("future").

    >>> policy_gradient_weights([1.0, 1.0, 1.0], weight="total"), policy_gradient_weights([1.0, 1.0, 1.0])
    (array([3., 3., 3.]), array([3., 2., 1.]))
    """
    if weight == "total":
        return np.full(len(as_vector("rewards", rewards)), discounted_return(rewards, gamma))
    if weight == "future":
        return rewards_to_go(rewards, gamma)
    raise ValueError(f"weight must be 'total' or 'future', got {weight!r}")


def policy_gradient_estimate(grad_log_probs, rewards, gamma=1.0, weight="future"):
    """The batch policy-gradient estimate g_hat.

    Math: g_hat = 1/|D| sum_tau sum_t grad log pi(a_t|s_t) w_t, with w_t = R(tau) or R_t.

    Parameters
    ----------
    grad_log_probs : list of |D| arrays, shapes (T_i, *param_shape)
        ``grad_log_probs[i][t]`` = grad_theta log pi(a_t|s_t) at step t of trajectory i.
    rewards : list of |D| arrays, shapes (T_i,)
    gamma : float in [0, 1]
    weight : "total" or "future"

    Returns
    -------
    array, shape param_shape.

    >>> policy_gradient_estimate([np.array([[1.0], [-1.0]])], [np.array([1.0, 2.0])], weight="total")
    array([0.])
    >>> policy_gradient_estimate([np.array([[1.0], [-1.0]])], [np.array([1.0, 2.0])], weight="future")
    array([1.])
    """
    if not isinstance(grad_log_probs, list | tuple) or not isinstance(rewards, list | tuple):
        raise TypeError("grad_log_probs and rewards must be lists with one array per trajectory")
    if len(grad_log_probs) != len(rewards) or not rewards:
        raise ValueError(
            f"grad_log_probs and rewards must have the same number (>= 1) of trajectories, got "
            f"{len(grad_log_probs)} and {len(rewards)}"
        )
    total = 0.0
    for i, (grads, rews) in enumerate(zip(grad_log_probs, rewards, strict=True)):
        grads = as_float_array(f"grad_log_probs[{i}]", grads, ndim_min=1)
        rews = as_vector(f"rewards[{i}]", rews, length=grads.shape[0])
        total = total + np.tensordot(policy_gradient_weights(rews, gamma, weight), grads, axes=(0, 0))
    return total / len(rewards)


def surrogate_loss(log_probs, weights, n_trajectories):
    """The policy-gradient "loss": its gradient at the current theta is -g_hat. It is not a performance measure.

    Math: L(theta) = -1/|D| sum over all steps of the batch log pi_theta(a_t|s_t) w_t.

    >>> surrogate_loss(np.log([0.5, 0.25]), weights=[2.0, 1.0], n_trajectories=1)
    2.772588722239781
    """
    log_probs = as_vector("log_probs", log_probs)
    weights = as_vector("weights", weights, length=len(log_probs))
    return float(-np.sum(log_probs * weights) / as_positive_int("n_trajectories", n_trajectories))


def rewards_to_go_advantages(rewards, values, gamma, last_value=0.0):
    """Advantage estimates with V as a baseline: A_t = R_t - V(s_t), R_t the rewards-to-go.

    >>> rewards_to_go_advantages([1.0, 1.0], values=[1.5, 0.5], gamma=1.0)
    array([0.5, 0.5])
    """
    returns = rewards_to_go(rewards, gamma, last_value)
    return returns - as_vector("values", values, length=len(returns))


def policy_gradient_terms(grad_log_probs, rewards, gamma, values=None):
    """One trajectory's term of the policy-gradient estimate, with or without a baseline.

    Math: sum_t grad log pi(a_t|s_t) (R_t - b(s_t)), with b(s_t) = values[t] (0 without a baseline).
    The batch estimate is the mean of these terms over trajectories. A baseline that depends only on the
    state leaves its expectation unchanged, since E_a[grad log pi(a|s)] = grad sum_a pi(a|s) = grad 1 = 0.

    Parameters
    ----------
    grad_log_probs : array, shape (T, P): row t is the gradient of log pi(a_t|s_t) over the P parameters
    rewards : array, shape (T,)
    gamma : float in [0, 1]
    values : array, shape (T,), or None

    >>> policy_gradient_terms([[1.0], [-1.0]], rewards=[1.0, 1.0], gamma=1.0, values=[1.5, 0.5])
    array([0.])
    """
    grads = as_float_array("grad_log_probs", grad_log_probs)
    weights = (
        rewards_to_go(rewards, gamma) if values is None else rewards_to_go_advantages(rewards, values, gamma)
    )
    if grads.ndim != 2 or len(grads) != len(weights):
        raise ValueError(f"grad_log_probs must have shape ({len(weights)}, P), got {grads.shape}")
    return weights @ grads


def policy_gradient(grad_log_probs, advantages):
    """The policy-gradient estimate from per-sample gradients of log pi (notebook 07's first exercise).

    Math: g = (1/B) sum_i A_i grad_theta log pi_theta(a_i|s_i). Ascending g raises the probability of
    actions with A_i > 0. (The loss L = -mean_i A_i log pi(a_i|s_i) has gradient -g.)

    Parameters
    ----------
    grad_log_probs : array, shape (B, P): row i is grad_theta log pi(a_i|s_i) over P parameters.
    advantages : array, shape (B,)

    >>> policy_gradient(np.array([[1.0, 0.0], [0.0, 2.0]]), np.array([1.0, -1.0]))
    array([ 0.5, -1. ])
    """
    grad_log_probs = as_float_array("grad_log_probs", grad_log_probs)
    advantages = as_float_array("advantages", advantages)
    if grad_log_probs.ndim != 2 or advantages.shape != grad_log_probs.shape[:1]:
        raise ValueError(
            f"grad_log_probs must have shape (B, P) and advantages (B,), got {grad_log_probs.shape} and "
            f"{advantages.shape}"
        )
    return advantages @ grad_log_probs / len(advantages)
