"""Discounting: the weights gamma^t, the return of a whole trajectory, and the one backward sum (notebooks 00-03).

``discounted_cumsum`` is the single place where a backward discounted sum is written: rewards-to-go, GAE
(per trajectory and over a batch) all derive from it, as every target in Spinning Up derives from its
``discount_cumsum``.
"""

import numpy as np

from vpg_helpers.validation import (
    as_float_array,
    as_positive_int,
    as_unit_interval,
    as_vector,
    finite_result,
)

__all__ = ["discounted_cumsum", "discount_weights", "discounted_return"]


def discounted_cumsum(x, discount, last=0.0):
    """Backward discounted sum along the first axis: y_t = x_t + d_t y_{t+1}, starting from y_T = ``last``.

    Math: with a constant discount d, y_t = sum_{k=0}^{T-1-t} d^k x_{t+k} + d^(T-t) last.
    ``discount`` is a number or an array shaped like ``x``: a per-step d_t, e.g. gamma lam (1 - done_t),
    which stops the sum where an episode ends. Trailing axes of ``x`` (e.g. N envs) are summed side by side.

    >>> discounted_cumsum([1.0, 1.0, 1.0], 0.5)           # [x0 + d x1 + d^2 x2, x1 + d x2, x2]
    array([1.75, 1.5 , 1.  ])
    >>> discounted_cumsum([1.0, 1.0, 1.0], [0.5, 0.0, 0.5], last=8.0)   # d_1 = 0 cuts the sum after x1
    array([1.5, 1. , 5. ])
    """
    x = as_float_array("x", x, ndim_min=1)
    discount = as_float_array("discount", discount)
    if np.any((discount < 0) | (discount > 1)):
        raise ValueError("discount must be in [0, 1] at every step")
    if discount.shape not in ((), x.shape):  # nothing broadcasts silently: a (T, 1) discount is an error
        raise ValueError(f"discount must be a number or shaped like x {x.shape}, got {discount.shape}")
    discount = np.broadcast_to(discount, x.shape)
    out = np.empty_like(x)
    running = as_float_array("last", last)
    if running.shape not in ((), x.shape[1:]):
        raise ValueError(
            f"last must be a number or shaped like one step of x, {x.shape[1:]}; got {running.shape}"
        )
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported just below, by name
        for t in reversed(range(len(x))):
            running = x[t] + discount[t] * running
            out[t] = running
    return finite_result(out, "x (the rewards or residuals being summed) and last")


def discount_weights(gamma, T):
    """The weights gamma^t, t = 0..T-1, that discount rewards by how late they come (notebook 00).

    >>> discount_weights(0.5, 4)
    array([1.   , 0.5  , 0.25 , 0.125])
    """
    gamma = as_unit_interval("gamma", gamma)
    T = as_positive_int("T", T)
    return gamma ** np.arange(T, dtype=np.float64)


def discounted_return(rewards, gamma=1.0):
    """Return of a whole trajectory, R(tau) = sum_t gamma^t r_t (notebook 01).

    With gamma = 1 this is the undiscounted return gymnasium's leaderboards report.

    >>> discounted_return([1.0, 1.0, 1.0], gamma=0.5)
    1.75
    """
    rewards = as_vector("rewards", rewards)
    gamma = as_unit_interval("gamma", gamma)
    with np.errstate(over="ignore", invalid="ignore"):
        return float(finite_result(np.sum(gamma ** np.arange(len(rewards)) * rewards), "rewards"))
