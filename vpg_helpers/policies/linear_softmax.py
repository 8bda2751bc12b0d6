"""A linear softmax policy for discrete actions (notebooks 02 and 03).

The policy maps an observation s (shape (obs_dim,)) to K logits z = s @ theta + b, with theta of shape
(obs_dim, K) and b of shape (K,), and picks action a with probability pi(a|s) = softmax(z)_a.
Everything is batched: ``observations`` has shape (N, obs_dim), ``actions`` shape (N,).
"""

import numpy as np

from vpg_helpers.distributions import (
    categorical_log_prob,
    categorical_log_prob_grad,
    sample_categorical,
    softmax,
)
from vpg_helpers.validation import as_float_array

__all__ = [
    "linear_softmax_logits",
    "linear_softmax_sample",
    "linear_softmax_log_prob",
    "linear_softmax_log_prob_grad",
    "linear_softmax_policy",
]


def _params(observations, theta, b):
    observations = as_float_array("observations", observations, ndim_min=1)
    theta = as_float_array("theta", theta)
    b = as_float_array("b", b)
    if theta.ndim != 2 or theta.shape[0] != observations.shape[-1]:
        raise ValueError(
            f"theta must have shape ({observations.shape[-1]}, K) (obs_dim, actions), got {theta.shape}"
        )
    if b.shape != (theta.shape[1],):
        raise ValueError(f"b must have shape ({theta.shape[1]},) (one bias per action), got {b.shape}")
    return observations, theta, b


def linear_softmax_logits(observations, theta, b):
    """Logits of the linear softmax policy.

    Math: z = s theta + b.

    Parameters
    ----------
    observations : array, shape (N, obs_dim) or (obs_dim,)
    theta : array, shape (obs_dim, K)
    b : array, shape (K,)

    Returns
    -------
    array, shape (N, K) (or (K,) for one observation).

    >>> linear_softmax_logits([1.0, 2.0], theta=[[1.0, 0.0], [0.0, 1.0]], b=[0.5, 0.0])
    array([1.5, 2. ])
    """
    observations, theta, b = _params(observations, theta, b)
    return observations @ theta + b


def linear_softmax_sample(observations, theta, b, rng):
    """Sample one action per observation from pi(.|s) = softmax(s theta + b), using the generator ``rng``.

    Math: a ~ Categorical(softmax(z)), drawn as the first k with u < pi_0 + ... + pi_k, u ~ U(0, 1).

    >>> linear_softmax_sample([[0.0], [0.0]], theta=[[0.0, 0.0]], b=[0.0, 50.0], rng=np.random.default_rng(0))
    array([1, 1])
    """
    return sample_categorical(softmax(linear_softmax_logits(observations, theta, b)), rng)


def linear_softmax_log_prob(observations, theta, b, actions):
    """log pi(a|s) for each (observation, action) pair, shape (N,).

    >>> round(float(linear_softmax_log_prob([1.0], theta=[[0.0, 0.0]], b=[0.0, 0.0], actions=1)), 6)
    -0.693147
    """
    return categorical_log_prob(linear_softmax_logits(observations, theta, b), actions)


def linear_softmax_log_prob_grad(observations, theta, b, actions):
    """Gradient of log pi(a|s) with respect to theta and b, one per (observation, action) pair.

    Math: d log pi(a|s) / d theta_{ik} = s_i (1[k = a] - pi_k);   d log pi(a|s) / d b_k = 1[k = a] - pi_k.
    (The chain rule through z = s theta + b: the logit gradient onehot - pi, times dz_k/dtheta_{ik} = s_i.)

    Returns
    -------
    (grad_theta, grad_b): shapes (N, obs_dim, K) and (N, K) (without the N axis for one observation).

    >>> g_theta, g_b = linear_softmax_log_prob_grad([2.0], theta=[[0.0, 0.0]], b=[0.0, 0.0], actions=0)
    >>> g_theta, g_b
    (array([[ 1., -1.]]), array([ 0.5, -0.5]))
    """
    observations, theta, b = _params(observations, theta, b)
    grad_b = categorical_log_prob_grad(observations @ theta + b, actions)
    grad_theta = observations[..., :, None] * grad_b[..., None, :]
    return grad_theta, grad_b


def linear_softmax_policy(theta, b):
    """A ``policy(observation, rng) -> action`` for ``rollouts.collect_trajectory``.

    >>> policy = linear_softmax_policy(theta=np.zeros((4, 2)), b=[0.0, 50.0])
    >>> policy(np.zeros(4), np.random.default_rng(0))
    1
    """
    theta, b = as_float_array("theta", theta), as_float_array("b", b)  # private copies
    _params(np.zeros(theta.shape[0] if theta.ndim == 2 else 1), theta, b)

    def policy(observation, rng):
        # The same computation as linear_softmax_sample, without re-validating theta at every env step.
        z = np.asarray(observation, dtype=np.float64) @ theta + b
        return int(sample_categorical(np.exp(z - z.max()), rng))

    return policy
