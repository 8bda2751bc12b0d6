"""The numbers practitioners watch while a policy gradient trains (notebook 08).

Each epoch, besides the return: the policy's entropy (``distributions.categorical_entropy`` and
``diag_gaussian_entropy``), how far one policy step moved the policy (``approx_kl``), how much of the
returns' spread the value function predicts (``explained_variance``), the size of the policy gradient
(``global_norm``) and how many episodes a time limit cut (``truncated_fraction``). A bug or an unstable
setting usually shows in one of them before the return falls.
"""

import numpy as np

from vpg_helpers.validation import as_float_array

__all__ = ["approx_kl", "explained_variance", "global_norm", "truncated_fraction"]


def _same_shape(name_a, a, name_b, b):
    """Both as float64 arrays (NaN and inf pass: a diagnostic reports a broken run) of one shape."""
    a = as_float_array(name_a, a, ndim_min=1, finite=False)
    b = as_float_array(name_b, b, ndim_min=1, finite=False)
    if a.shape != b.shape:
        raise ValueError(f"{name_a} and {name_b} must have the same shape, got {a.shape} and {b.shape}")
    return a, b


def approx_kl(log_probs_old, log_probs_new):
    """How far a policy step moved the policy, on the actions the old policy took.

    Math: approx_kl = mean_i [log pi_old(a_i|s_i) - log pi_new(a_i|s_i)]. With a_i ~ pi_old(.|s_i) it is an
    unbiased estimate of the mean KL(pi_old(.|s) || pi_new(.|s)) over the batch's states (a single
    sample can be negative; the mean over a batch estimates a number >= 0).

    >>> approx_kl(np.log([0.5, 0.5]), np.log([0.25, 0.5]))   # (log 2 + 0) / 2
    0.34657359027997264
    """
    log_probs_old, log_probs_new = _same_shape("log_probs_old", log_probs_old, "log_probs_new", log_probs_new)
    return float(np.mean(log_probs_old - log_probs_new))


def explained_variance(returns, values):
    """The fraction of the returns' variance that the value predictions account for.

    Math: EV = 1 - Var(R - V) / Var(R). 1: V predicts every R; 0: no better than the constant mean(R);
    negative: worse than that constant. NaN when Var(R) = 0 (nothing to explain).

    >>> explained_variance([1.0, 2.0, 3.0], [1.0, 2.0, 3.0]), explained_variance([1.0, 2.0, 3.0], [2.0, 2.0, 2.0])
    (1.0, 0.0)
    """
    returns, values = _same_shape("returns", returns, "values", values)
    variance = np.var(returns)
    return float(1.0 - np.var(returns - values) / variance) if variance > 0 else float("nan")


def global_norm(arrays):
    """The L2 norm of a list of arrays taken together, e.g. a gradient over all of a network's parameters.

    Math: ||g|| = sqrt(sum over arrays, sum over entries g^2).

    >>> global_norm([np.array([3.0]), np.array([[4.0]])])
    5.0
    """
    if isinstance(arrays, np.ndarray) or not isinstance(arrays, list | tuple):
        raise TypeError(
            f"arrays must be a list of arrays (e.g. one gradient per parameter), got {type(arrays).__name__}"
        )
    return float(np.sqrt(sum(np.sum(np.square(as_float_array("arrays[]", g, finite=False))) for g in arrays)))


def truncated_fraction(terminated, truncated):
    """The fraction of the episodes that ended in a batch which a time limit cut (NaN if none ended).

    A policy that has learned to balance for the whole time limit ends every episode by truncation.

    >>> truncated_fraction(np.array([[True, False], [False, False]]), np.array([[False, True], [False, True]]))
    0.6666666666666666
    """
    terminated, truncated = np.asarray(terminated, bool), np.asarray(truncated, bool)
    if terminated.shape != truncated.shape:
        raise ValueError(
            f"terminated and truncated must have the same shape, got {terminated.shape} and {truncated.shape}"
        )
    cut = truncated & ~terminated
    ended = np.count_nonzero(terminated | truncated)
    return float(np.count_nonzero(cut) / ended) if ended else float("nan")
