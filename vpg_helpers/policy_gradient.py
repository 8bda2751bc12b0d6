"""The batch policy-gradient estimate, its "loss", and a short training loop (notebook 03).

Math (Spinning Up's notation, D a batch of trajectories, theta the policy's parameters):

    g_hat = 1/|D| sum_{tau in D} sum_{t=0}^{T-1} grad_theta log pi_theta(a_t|s_t) w_t,

with weight w_t = R(tau) (the total return: the simplest policy gradient) or w_t = R_t (the future return,
rewards-to-go). The normalisation is 1/|D|, one over the number of *trajectories*, not over the number of
steps.
"""

import gymnasium as gym
import numpy as np

from vpg_helpers._validate import as_float_array, as_vector, check_positive_int, check_seed
from vpg_helpers.policies import linear_softmax_log_prob, linear_softmax_log_prob_grad, linear_softmax_policy
from vpg_helpers.returns import discounted_return, rewards_to_go
from vpg_helpers.rollouts import collect_batch

__all__ = ["policy_gradient_weights", "policy_gradient_estimate", "surrogate_loss", "train_linear_softmax"]


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
    return float(-np.sum(log_probs * weights) / check_positive_int("n_trajectories", n_trajectories))


def train_linear_softmax(
    weight="future", iterations=20, batch_size=10, learning_rate=0.01, gamma=1.0, seed=0, env_id="CartPole-v1"
):
    """Plain gradient ascent theta <- theta + alpha g_hat on a linear softmax policy (seeded).

    Returns a dict of lists over iterations: ``mean_return`` (undiscounted, of the batch just collected),
    ``loss`` (surrogate_loss on that batch), and the final ``theta`` and ``b``.

    >>> history = train_linear_softmax(iterations=2, batch_size=2)
    >>> len(history["mean_return"]), history["theta"].shape
    (2, (4, 2))
    """
    iterations, batch_size = (
        check_positive_int("iterations", iterations),
        check_positive_int("batch_size", batch_size),
    )
    seed = check_seed(seed)
    env = gym.make(env_id)
    theta = np.zeros((env.observation_space.shape[0], env.action_space.n))
    b = np.zeros(env.action_space.n)
    history = {"mean_return": [], "loss": []}
    for it in range(iterations):
        batch = collect_batch(env, linear_softmax_policy(theta, b), batch_size, seed=seed + it * batch_size)
        grads = [linear_softmax_log_prob_grad(tau.observations, theta, b, tau.actions) for tau in batch]
        rewards = [tau.rewards for tau in batch]
        g_theta = policy_gradient_estimate([g for g, _ in grads], rewards, gamma, weight)
        g_b = policy_gradient_estimate([g for _, g in grads], rewards, gamma, weight)
        log_probs = np.concatenate(
            [linear_softmax_log_prob(tau.observations, theta, b, tau.actions) for tau in batch]
        )
        weights = np.concatenate([policy_gradient_weights(r, gamma, weight) for r in rewards])
        history["loss"].append(surrogate_loss(log_probs, weights, batch_size))
        history["mean_return"].append(float(np.mean([tau.total_return for tau in batch])))
        theta, b = theta + learning_rate * g_theta, b + learning_rate * g_b
    env.close()
    return history | {"theta": theta, "b": b}
