"""Argument checks shared by the helpers.

Every public helper turns bad input into a ValueError or TypeError whose message names the argument and
says what was expected, so a learner never has to read a deep numpy traceback.
"""

import numbers

import numpy as np

__all__ = [
    "as_float_array",
    "as_vector",
    "as_unit_interval",
    "as_positive_int",
    "as_finite_scalar",
    "as_seed",
]


def as_float_array(name, x, ndim_min=0):
    """Return `x` as a new float64 array (never a view of the caller's data); reject non-numbers and NaN/inf."""
    if isinstance(x, str | bytes) or x is None:
        raise TypeError(f"{name} must be an array of numbers, got {type(x).__name__}")
    try:
        arr = np.array(x, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must be an array of numbers, got {type(x).__name__}: {err}") from None
    if arr.ndim < ndim_min:
        raise ValueError(f"{name} must have at least {ndim_min} dimension(s), got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite numbers (no NaN or inf)")
    return arr


def as_vector(name, x, length=None):
    """Return `x` as a 1-D float64 array, optionally of a required length."""
    arr = as_float_array(name, x)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array over time steps, got shape {arr.shape}")
    if length is not None and arr.shape[0] != length:
        raise ValueError(f"{name} must have length {length} (one entry per time step), got {arr.shape[0]}")
    return arr


def as_finite_scalar(name, x):
    """Return `x` as a float after checking it is a finite real number."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real | np.ndarray) or np.ndim(x) != 0:
        raise TypeError(f"{name} must be a real number, got {type(x).__name__}")
    value = float(x)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return value


def as_unit_interval(name, x):
    """Return `x` as a float after checking 0 <= x <= 1 (discounts, lambda, step sizes)."""
    value = as_finite_scalar(name, x)
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be in [0, 1], got {value}")
    return value


def as_positive_int(name, x):
    """Return `x` as an int after checking it is an integer >= 1."""
    if isinstance(x, bool) or not isinstance(x, numbers.Integral):
        raise TypeError(f"{name} must be an integer >= 1, got {type(x).__name__}")
    if x < 1:
        raise ValueError(f"{name} must be an integer >= 1, got {x}")
    return int(x)


def as_seed(seed):
    """Return `seed` as an int after checking it is an integer >= 0 (what numpy and gymnasium accept)."""
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be an integer, got {type(seed).__name__}")
    if seed < 0:
        raise ValueError(f"seed must be >= 0, got {seed}")
    return int(seed)
