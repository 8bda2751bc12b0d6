"""Finite differences, the oracle every hand-derived gradient of the course is checked against (notebook 02)."""

import numpy as np

from vpg_helpers.validation import as_finite_scalar, as_float_array, as_positive_number

__all__ = ["numerical_gradient"]


def _check_args(f, x, eps):
    if not callable(f):
        raise TypeError(f"f must be a function of an array returning a number, got {type(f).__name__}")
    return f, as_float_array("x", x), as_positive_number("eps", eps)


def numerical_gradient(f, x, eps=1e-6):
    """Central finite-difference gradient of a scalar function, to check hand-derived gradients.

    Math: df/dx_i ~ (f(x + eps e_i) - f(x - eps e_i)) / (2 eps), with error O(eps^2).

    Parameters
    ----------
    f : callable taking an array shaped like ``x`` and returning a number
    x : array, any shape
    eps : float > 0

    Returns
    -------
    array shaped like ``x``.

    >>> numerical_gradient(lambda x: np.sum(x**2), np.array([1.0, -2.0])).round(6)
    array([ 2., -4.])
    """
    f, x, eps = _check_args(f, x, eps)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[i] = eps
        grad[i] = (_value(f, x + step) - _value(f, x - step)) / (2 * eps)
    return grad


def _value(f, x):
    """f(x) as a float, or a TypeError/ValueError naming f if it did not return one finite real number."""
    try:
        return as_finite_scalar("f(x)", f(x))
    except (TypeError, ValueError) as err:
        raise type(err)(f"f must return one finite real number: {err}") from None
