"""Argument validation for every helper: the one module that turns bad input into a clear error.

Every public helper (functions, ``VPGConfig``, ``Adam``, ``MLP``, the MDPs) validates through here, so the
same bad input raises the same exception everywhere, with a message naming the argument and what was
expected: **TypeError** when the value is of the wrong kind (``gamma="0.9"``, ``num_envs=2.0``, ``rng=0``),
**ValueError** when it is of the right kind but out of range or the wrong shape (``gamma=1.5``, ``n=0``).
Each ``as_*`` returns the value converted (a float, an int, a new float64 array), so a caller writes
``gamma = as_unit_interval("gamma", gamma)`` and goes on with the math.
"""

import numbers

import numpy as np

__all__ = [
    "as_float_array",
    "as_matrix",
    "as_vector",
    "as_unit_interval",
    "as_positive_int",
    "as_finite_scalar",
    "as_seed",
    "as_int",
    "as_positive_number",
    "as_nonnegative_number",
    "as_bool",
    "as_choice",
    "as_str",
    "as_rng",
    "as_float_dtype",
    "as_index_array",
    "as_trajectory",
    "as_batch_arrays",
]


def as_float_array(name, x, ndim_min=0, finite=True):
    """Return `x` as a new float64 array (never a view of the caller's data); reject non-numbers and NaN/inf.

    ``finite=False`` lets NaN and inf through (a diagnostic reports a broken run, it does not stop it).
    """
    if isinstance(x, str | bytes) or x is None:
        raise TypeError(f"{name} must be an array of numbers, got {type(x).__name__}")
    try:
        arr = np.array(x, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must be an array of numbers, got {type(x).__name__}: {err}") from None
    if arr.ndim < ndim_min:
        raise ValueError(f"{name} must have at least {ndim_min} dimension(s), got shape {arr.shape}")
    if finite and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite numbers (no NaN or inf)")
    return arr


def as_matrix(name, x, shape_text="(N, F)"):
    """Return `x` as a 2-D float64 array; ``shape_text`` names the expected shape in the error message."""
    arr = as_float_array(name, x)
    if arr.ndim != 2:
        raise ValueError(f"{name} must have shape {shape_text}, got {arr.shape}")
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


def as_int(name, x, minimum):
    """Return `x` as an int after checking it is an integer >= ``minimum`` (bools are not integers here)."""
    if isinstance(x, bool) or not isinstance(x, numbers.Integral):
        raise TypeError(f"{name} must be an integer >= {minimum}, got {type(x).__name__}")
    if x < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {x}")
    return int(x)


def as_positive_int(name, x):
    """Return `x` as an int after checking it is an integer >= 1."""
    return as_int(name, x, 1)


def as_seed(seed):
    """Return `seed` as an int after checking it is an integer >= 0 (what numpy and gymnasium accept)."""
    return as_int("seed", seed, 0)


def as_positive_number(name, x):
    """Return `x` as a float after checking it is a finite real number > 0 (learning rates, epsilons)."""
    value = as_finite_scalar(name, x)
    if not value > 0:
        raise ValueError(f"{name} must be a number > 0, got {value}")
    return value


def as_nonnegative_number(name, x):
    """Return `x` as a float after checking it is a finite real number >= 0 (floors, tolerances)."""
    value = as_finite_scalar(name, x)
    if not value >= 0:
        raise ValueError(f"{name} must be a number >= 0, got {value}")
    return value


def as_bool(name, x):
    """Return `x` after checking it is True or False (not 1, not "yes")."""
    if not isinstance(x, bool | np.bool_):
        raise TypeError(f"{name} must be True or False, got {x!r}")
    return bool(x)


def as_choice(name, x, choices):
    """Return `x` after checking it is one of ``choices``."""
    if x not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}; got {x!r}")
    return x


def as_str(name, x):
    """Return `x` after checking it is a string (e.g. a gymnasium env id)."""
    if not isinstance(x, str):
        raise TypeError(f"{name} must be a string, got {type(x).__name__}")
    return x


def as_rng(rng, name="rng"):
    """Return `rng` after checking it is a numpy Generator."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"{name} must be a numpy Generator (np.random.default_rng(seed)), got {type(rng).__name__}"
        )
    return rng


def as_float_dtype(name, dtype):
    """Return ``np.dtype(dtype)`` after checking it is float32 or float64."""
    try:
        dtype = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"{name} must be a numpy float dtype (float32 or float64), got {dtype!r}") from None
    return as_choice(name, dtype, (np.dtype(np.float32), np.dtype(np.float64)))


def as_index_array(name, x, n, shape=None):
    """Return `x` as an integer array of indices in 0..n-1 (e.g. states or actions), of ``shape`` if given."""
    arr = np.asarray(x)
    if not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(f"{name} must be an array of integers, got dtype {arr.dtype}")
    if shape is not None and arr.shape != tuple(shape):
        raise ValueError(f"{name} must have shape {tuple(shape)}, got {arr.shape}")
    if np.any((arr < 0) | (arr >= n)):
        raise ValueError(f"{name} must be in 0..{n - 1}")
    return arr


def as_trajectory(rewards, values, gamma, last_value):
    """The arguments of a per-trajectory return, validated in one call: ``rewards`` and ``values`` (or None)
    as 1-D float64 arrays of the same length T, ``gamma`` in [0, 1], ``last_value`` a finite float."""
    rewards = as_vector("rewards", rewards)
    values = None if values is None else as_vector("values", values, length=len(rewards))
    return rewards, values, as_unit_interval("gamma", gamma), as_finite_scalar("last_value", last_value)


def as_batch_arrays(**arrays):
    """The named arrays of a batch, as numpy arrays of one shape (T, ...) (dtypes kept: training may run in
    float32), after checking they hold finite numbers (or booleans, for flags)."""
    out, shape = [], None
    for name, x in arrays.items():
        arr = np.asarray(x)
        if arr.dtype != np.bool_:
            as_float_array(name, arr, ndim_min=1)  # the type and finiteness check; the copy is not kept
        shape = arr.shape if shape is None else shape
        if arr.shape != shape or arr.ndim < 1:
            raise ValueError(
                f"{name} must have the shape (T, ...) of {next(iter(arrays))}, {shape}; got {arr.shape}"
            )
        out.append(arr)
    return out
