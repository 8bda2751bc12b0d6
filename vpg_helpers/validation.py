"""Argument validation for every helper: the one module that turns bad input into a clear error.

Every public helper (functions, ``VPGConfig``, ``Adam``, ``MLP``, the MDPs) validates through here, so the
same bad input raises the same exception everywhere, with a message naming the argument and what was
expected: **TypeError** when the value is of the wrong kind (``gamma="0.9"``, ``num_envs=2.0``, ``rng=0``),
**ValueError** when it is of the right kind but out of range or the wrong shape (``gamma=1.5``, ``n=0``).
Each ``as_*`` returns the value converted (a float, an int, a new float64 array), so a caller writes
``gamma = as_unit_interval("gamma", gamma)`` and goes on with the math.
"""

import numbers
import os
from pathlib import Path

import numpy as np

__all__ = [
    "as_float_array",
    "as_real_array",
    "as_matrix",
    "as_vector",
    "as_unit_interval",
    "as_open_unit_interval",
    "as_unit_interval_array",
    "as_positive_int",
    "as_finite_scalar",
    "as_seed",
    "as_int_tuple",
    "as_int",
    "as_positive_number",
    "as_nonnegative_number",
    "as_bool",
    "as_choice",
    "as_str",
    "as_rng",
    "as_path",
    "as_paths",
    "as_float_dtype",
    "as_index_array",
    "as_rewards",
    "finite_result",
    "as_trajectory",
    "as_batch_arrays",
]


def _real_array(name, x):
    """``x`` as a float64 array if it holds only real numbers (no bools, text, complex or dates), else TypeError."""
    if isinstance(x, str | bytes) or x is None:
        raise TypeError(f"{name} must be an array of numbers, got {type(x).__name__}")
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError) as err:  # e.g. ragged nested lists
        raise TypeError(f"{name} must be an array of numbers, got {type(x).__name__}: {err}") from None
    if arr.dtype == object:  # a list mixing numbers with other things, or ints too large for int64
        if not all(_is_real_number(v) for v in arr.flat):
            raise TypeError(
                f"{name} must be an array of real numbers, got {type(x).__name__} of other objects"
            )
    elif arr.dtype.kind not in "iuf":
        kind = "booleans" if arr.dtype.kind == "b" else f"dtype {arr.dtype}"
        raise TypeError(f"{name} must be an array of real numbers, got {kind}")
    try:
        return np.array(arr, dtype=np.float64)
    except OverflowError:
        raise ValueError(
            f"{name} must contain only finite numbers, got a number too large for a float"
        ) from None


def _bool_array(x):
    """``x`` as a bool array if it holds only booleans (a bool array, or nested lists of bools), else None."""
    if isinstance(x, str | bytes) or x is None:
        return None
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError):  # ragged: _real_array names the argument and the problem
        return None
    return arr if arr.dtype == np.bool_ else None


def _is_real_number(v):
    return isinstance(v, numbers.Real) and not isinstance(v, bool | np.bool_)


def as_float_array(name, x, ndim_min=0, keep_float=False, finite=True):
    """Return `x` as a new float64 array (never a view of the caller's data) of real, finite numbers.

    TypeError for anything that is not an array of real numbers (text, None, bools, complex numbers, dates:
    nothing is silently converted); ValueError for NaN, inf or too few dimensions. With ``keep_float``, a
    float32 or float64 array comes back as it is (the caller promises not to write into it), so training
    in float32 stays in float32. ``finite=False`` lets NaN and inf through (a diagnostic reports a broken
    run, it does not stop it).
    """
    arr = _real_array(name, x)
    if arr.ndim < ndim_min:
        raise ValueError(f"{name} must have at least {ndim_min} dimension(s), got shape {arr.shape}")
    if finite and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite numbers (no NaN or inf)")
    return x if keep_float and isinstance(x, np.ndarray) and x.dtype.kind == "f" else arr


def as_real_array(name, x):
    """Return `x` as a new float64 array of real numbers, NaN and inf allowed (to report, e.g. in a check)."""
    return _real_array(name, x)


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
    """Return `x` as a float (float64) after checking it is a finite real number (a 0-d array is one too)."""
    if not (_is_real_number(x) or _is_scalar_array(x, "iuf")):
        raise TypeError(f"{name} must be a real number, got {_kind(x)}")
    try:
        value = float(x)
    except OverflowError:  # an int beyond float range, e.g. 10**400
        raise ValueError(f"{name} must be finite, got an integer too large for a float") from None
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return value


def _is_scalar_array(x, kinds):
    return isinstance(x, np.ndarray | np.generic) and np.ndim(x) == 0 and x.dtype.kind in kinds


def _kind(x):
    if isinstance(x, np.ndarray | np.generic):
        return f"{type(x).__name__} of dtype {x.dtype} and shape {np.shape(x)}"
    return type(x).__name__


def as_unit_interval(name, x):
    """Return `x` as a float after checking 0 <= x <= 1 (discounts, lambda, step sizes)."""
    value = as_finite_scalar(name, x)
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be in [0, 1], got {value}")
    return value


def as_open_unit_interval(name, x, why=""):
    """Return `x` as a float after checking 0 < x < 1 (a probability that must leave both outcomes possible)."""
    value = as_finite_scalar(name, x)
    if not 0.0 < value < 1.0:
        raise ValueError(f"{name} must be strictly between 0 and 1{why}, got {value}")
    return value


def as_unit_interval_array(name, x):
    """Return `x` (a number or a 1-D array) as a 1-D float64 array after checking every entry is in [0, 1]."""
    arr = as_float_array(name, x)
    if arr.ndim > 1 or np.any((arr < 0) | (arr > 1)):
        raise ValueError(f"{name} must be a number or a 1-D array of numbers in [0, 1], got {arr}")
    return np.atleast_1d(arr)


def as_int(name, x, minimum):
    """Return `x` as an int after checking it is an integer >= ``minimum`` (a 0-d integer array is one; bools
    are not)."""
    if isinstance(x, bool | np.bool_) or not (isinstance(x, numbers.Integral) or _is_scalar_array(x, "iu")):
        raise TypeError(f"{name} must be an integer >= {minimum}, got {_kind(x)}")
    if int(x) < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {int(x)}")
    return int(x)


def as_positive_int(name, x):
    """Return `x` as an int after checking it is an integer >= 1."""
    return as_int(name, x, 1)


def as_int_tuple(name, x, minimum=1):
    """Return `x` as a tuple of ints >= ``minimum`` (layer widths): a list or tuple, not a string or a number."""
    if not isinstance(x, list | tuple | np.ndarray) or np.ndim(x) != 1:
        raise TypeError(f"{name} must be a list or tuple of integers, e.g. (64, 64); got {type(x).__name__}")
    return tuple(as_int(f"{name}[{i}]", v, minimum) for i, v in enumerate(x))


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
    if not (isinstance(x, bool | np.bool_) or _is_scalar_array(x, "b")):
        raise TypeError(f"{name} must be True or False, got {x!r}")
    return bool(x)


def as_choice(name, x, choices):
    """Return `x` after checking it is one of ``choices`` (of the same type and equal: 1.0 is not "1.0")."""
    if not any(isinstance(x, type(c)) and x == c for c in choices):
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}; got {x!r}")
    return x


def as_str(name, x):
    """Return `x` after checking it is a string (e.g. a gymnasium env id)."""
    if not isinstance(x, str):
        raise TypeError(f"{name} must be a string, got {type(x).__name__}")
    return x


def as_path(name, x):
    """Return `x` as a ``pathlib.Path`` after checking it is a str or an os.PathLike (a file or folder)."""
    if not isinstance(x, str | os.PathLike):
        raise TypeError(f"{name} must be a path (a str or pathlib.Path), got {type(x).__name__}")
    return Path(x)


def as_paths(name, x):
    """Return `x` as a list of Paths after checking it is a list or tuple of paths (not one string)."""
    if not isinstance(x, list | tuple):
        raise TypeError(
            f"{name} must be a list of paths or file names, got {type(x).__name__}"
            + (f"; for one notebook write [{x!r}]" if isinstance(x, str | os.PathLike) else "")
        )
    return [as_path(f"{name}[{i}]", p) for i, p in enumerate(x)]


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


def finite_result(out, inputs):
    """Return ``out`` after checking it is finite: finite inputs so large that the arithmetic overflowed to inf
    (or inf - inf = NaN) get a ValueError naming ``inputs``, never an inf passed on as an answer."""
    if not np.all(np.isfinite(out)):
        raise ValueError(
            f"{inputs} are too large: the result overflows float64 (|values| beyond about 1e308)"
        )
    return out


def as_rewards(rewards, gamma, last_value):
    """The arguments of a discounted return, validated in one call: ``rewards`` as a 1-D float64 array,
    ``gamma`` in [0, 1], ``last_value`` a finite float."""
    return (
        as_vector("rewards", rewards),
        as_unit_interval("gamma", gamma),
        as_finite_scalar("last_value", last_value),
    )


def as_trajectory(rewards, values, gamma, last_value):
    """``as_rewards`` plus ``values``, a 1-D float64 array of the same length T as ``rewards``."""
    rewards, gamma, last_value = as_rewards(rewards, gamma, last_value)
    return rewards, as_vector("values", values, length=len(rewards)), gamma, last_value


def as_batch_arrays(flags=(), **arrays):
    """The named arrays of a batch, all of one shape (T, ...), after checking they hold finite real numbers.

    Float arrays are returned as they are (training may run in float32), other numbers as float64 copies;
    the arrays named in ``flags`` (e.g. ``dones``) may be booleans or 0/1 numbers and come back as float64
    0/1. Nothing broadcasts: a (T,) array next to (T, N) ones is an error, not a silent copy per column.
    """
    out, shape, first = [], None, next(iter(arrays))
    for name, x in arrays.items():
        bools = _bool_array(x) if name in flags else None
        if bools is not None:
            checked = bools.astype(np.float64)
        elif name in flags:
            checked = as_float_array(name, x, ndim_min=1)
            if not np.all((checked == 0) | (checked == 1)):
                raise ValueError(f"{name} must hold booleans or 0/1 flags, got values {np.unique(checked)}")
        else:
            checked = as_float_array(name, x, ndim_min=1, keep_float=True)
        shape = checked.shape if shape is None else shape
        if checked.shape != shape or checked.ndim < 1:
            raise ValueError(f"{name} must have the shape (T, ...) of {first}, {shape}; got {checked.shape}")
        out.append(checked)
    return out
