"""Log-likelihoods of the two policy families and their gradients (notebook 02).

A categorical policy picks one of K discrete actions with probabilities pi = softmax(logits); a diagonal
Gaussian policy samples a real action vector a ~ N(mu, diag(sigma^2)) with sigma = exp(log_std).
Everything is batched over leading dimensions: ``logits`` has shape (..., K) and ``actions`` shape (...);
``mu``, ``log_std`` and ``actions`` of a Gaussian have shape (..., D) (``log_std`` may also be (D,)).

The gradients are what the score-function (log-derivative) trick needs:
grad_theta E[f(a)] = E[f(a) grad_theta log pi(a)]. (It is *not* the reparameterization trick, which writes
a = mu + sigma * eps and differentiates f through a; it needs no derivative of f.)
Their entropies say how much a policy still explores (a diagnostic of notebook 08).
"""

import numpy as np

from vpg_helpers.validation import as_float_array

__all__ = [
    "log_softmax",
    "softmax",
    "sample_categorical",
    "categorical_log_prob",
    "categorical_log_prob_grad",
    "diag_gaussian_log_prob",
    "diag_gaussian_log_prob_grad",
    "categorical_entropy",
    "diag_gaussian_entropy",
]

LOG_2PI = np.log(2.0 * np.pi)


def log_softmax(logits):
    """Numerically stable log of the softmax over the last axis.

    Math: log pi_k = z_k - log sum_j exp(z_j) = (z_k - m) - log sum_j exp(z_j - m), m = max_j z_j.
    Subtracting the max keeps every exponent <= 0, so nothing overflows (log(softmax(z)) gives -inf/NaN
    for logits around 1000).

    >>> log_softmax([0.0, 0.0])
    array([-0.69314718, -0.69314718])
    >>> log_softmax([1000.0, 0.0])
    array([    0., -1000.])
    """
    logits = as_float_array("logits", logits, ndim_min=1)
    if logits.shape[-1] == 0:
        raise ValueError("logits must have at least one entry on the last axis (one per action)")
    shifted = logits - logits.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def softmax(logits):
    """Action probabilities pi = softmax(logits) over the last axis (computed via log_softmax).

    >>> softmax([0.0, np.log(3.0)])
    array([0.25, 0.75])
    """
    return np.exp(log_softmax(logits))


def sample_categorical(probabilities, rng):
    """One index per row, a ~ Categorical(p), by inverting the cumulative sums (the course's only sampler).

    Math: a = the first k with u p_sum < p_0 + ... + p_k, u ~ U(0, 1); ``probabilities`` (shape (..., K))
    may be unnormalised (e.g. exp(logits - max logits)), p_sum is their sum over the last axis.

    >>> sample_categorical(np.array([[0.0, 1.0], [3.0, 0.0]]), np.random.default_rng(0))
    array([1, 0])
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"rng must be a numpy Generator (np.random.default_rng(seed)), got {type(rng).__name__}"
        )
    cdf = np.cumsum(probabilities, axis=-1)
    u = rng.random(cdf.shape[:-1] + (1,)) * cdf[..., -1:]
    # min(): guards against u landing on the last cumulative sum through rounding
    return np.minimum((cdf < u).sum(axis=-1), cdf.shape[-1] - 1)


def _check_actions_index(actions, logits):
    """Return integer actions shaped like logits.shape[:-1], each in 0..K-1."""
    arr = np.asarray(actions)
    if arr.dtype == bool or not (
        np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)
    ):
        raise TypeError(f"actions must be integer action indices, got dtype {arr.dtype}")
    if np.issubdtype(arr.dtype, np.floating):
        if not np.all(np.isfinite(arr)) or np.any(arr != np.round(arr)):
            raise TypeError("actions must be integer action indices, got non-integer values")
        arr = arr.astype(np.int64)
    if arr.shape != logits.shape[:-1]:
        raise ValueError(
            f"actions must have shape {logits.shape[:-1]} (logits' shape without its last axis), got {arr.shape}"
        )
    n_actions = logits.shape[-1]
    if np.any((arr < 0) | (arr >= n_actions)):
        raise ValueError(f"actions must be in 0..{n_actions - 1} (there are {n_actions} logits), got {arr}")
    return arr


def categorical_log_prob(logits, actions):
    """log pi(a|s) of a categorical policy with pi = softmax(logits).

    Math: log pi(a) = log_softmax(z)_a.

    Parameters
    ----------
    logits : array, shape (..., K)
    actions : int array, shape (...), entries in 0..K-1

    Returns
    -------
    array, shape (...)

    >>> categorical_log_prob([[0.0, np.log(3.0)], [0.0, 0.0]], actions=[1, 0])
    array([-0.28768207, -0.69314718])
    """
    logp = log_softmax(logits)
    actions = _check_actions_index(actions, logp)
    return np.take_along_axis(logp, actions[..., None], axis=-1)[..., 0]


def categorical_log_prob_grad(logits, actions):
    """Gradient of log pi(a|s) with respect to the logits.

    Math: d log pi(a) / d z_k = 1[k = a] - pi_k   (one-hot of a minus the probabilities).

    >>> categorical_log_prob_grad([0.0, np.log(3.0)], actions=0)
    array([ 0.75, -0.75])
    """
    pi = softmax(logits)
    actions = _check_actions_index(actions, pi)
    onehot = np.zeros_like(pi)
    np.put_along_axis(onehot, actions[..., None], 1.0, axis=-1)
    return onehot - pi


def _gaussian_args(actions, mu, log_std):
    actions = as_float_array("actions", actions, ndim_min=1)
    mu = as_float_array("mu", mu, ndim_min=1)
    log_std = as_float_array("log_std", log_std, ndim_min=1)
    if mu.shape != actions.shape:
        raise ValueError(f"mu must have the same shape as actions {actions.shape}, got {mu.shape}")
    try:
        np.broadcast_shapes(log_std.shape, actions.shape)
    except ValueError:
        raise ValueError(
            f"log_std must have shape {actions.shape} or ({actions.shape[-1]},), got {log_std.shape}"
        ) from None
    if log_std.shape[-1] != actions.shape[-1]:
        raise ValueError(
            f"log_std must have {actions.shape[-1]} entries on its last axis, got {log_std.shape}"
        )
    return actions, mu, log_std


def diag_gaussian_log_prob(actions, mu, log_std):
    """log pi(a|s) of a diagonal Gaussian policy, summed over the D action dimensions.

    Math: log pi(a) = sum_i [ -(a_i - mu_i)^2 / (2 sigma_i^2) - log sigma_i - log(2 pi) / 2 ],
    sigma_i = exp(log_std_i). The dimensions are independent, so their log-densities add.

    Parameters
    ----------
    actions, mu : arrays, shape (..., D)
    log_std : array, shape (..., D) or (D,)

    Returns
    -------
    array, shape (...): one log-likelihood per action vector.

    >>> round(float(diag_gaussian_log_prob([0.0], mu=[0.0], log_std=[0.0])), 6)   # -log(2 pi) / 2
    -0.918939
    """
    actions, mu, log_std = _gaussian_args(actions, mu, log_std)
    z = (actions - mu) * np.exp(-log_std)
    return np.sum(-0.5 * z**2 - log_std - 0.5 * LOG_2PI, axis=-1)


def diag_gaussian_log_prob_grad(actions, mu, log_std):
    """Gradients of diag_gaussian_log_prob with respect to mu and log_std.

    Math: d log pi / d mu_i = (a_i - mu_i) / sigma_i^2;   d log pi / d log_std_i = (a_i - mu_i)^2 / sigma_i^2 - 1.

    Returns
    -------
    (grad_mu, grad_log_std), each an array shaped like ``actions``.

    >>> diag_gaussian_log_prob_grad([2.0], mu=[0.0], log_std=[0.0])
    (array([2.]), array([3.]))
    """
    actions, mu, log_std = _gaussian_args(actions, mu, log_std)
    inv_var = np.exp(-2.0 * log_std)
    diff = actions - mu
    grad_mu = diff * inv_var
    grad_log_std = np.broadcast_to(diff**2 * inv_var - 1.0, actions.shape).copy()
    return grad_mu, grad_log_std


def categorical_entropy(logits):
    """Entropy of a categorical policy pi = softmax(logits), in nats: how spread out its choice is.

    Math: H(pi) = -sum_k pi_k log pi_k, from log(K) (uniform over K actions) down to 0 (deterministic).

    >>> categorical_entropy([[0.0, 0.0], [0.0, 1000.0]]).round(6)
    array([0.693147, 0.      ])
    """
    logp = log_softmax(logits)
    return np.sum(-np.exp(logp) * logp, axis=-1)


def diag_gaussian_entropy(log_std):
    """Entropy of a diagonal Gaussian policy N(mu, diag(sigma^2)), in nats, summed over the D dimensions.

    Math: H = sum_i [ log sigma_i + (1 + log(2 pi)) / 2 ]; it does not depend on mu, and goes to -inf as
    sigma -> 0 (a density, unlike a categorical, can have negative entropy).

    >>> round(float(diag_gaussian_entropy([0.0])), 6)   # (1 + log(2 pi)) / 2
    1.418939
    """
    log_std = as_float_array("log_std", log_std, ndim_min=1)
    return np.sum(log_std + 0.5 * (1.0 + LOG_2PI), axis=-1)
