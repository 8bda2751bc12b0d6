"""The machinery behind every ``check_<name>(fn)``: run a learner's function on known cases and explain.

A check never raises for a learner's mistake. It runs the cases in order, stops at the first one that
fails, and prints which input was used, what was expected, what came back, and a hint. Hints come from
*classic mistakes*: each is a small wrong implementation; when the learner's output matches one of them,
its hint is shown. Tests feed every mistake back into its check, so each hint is known to fire.
"""

import copy
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from vpg_helpers.validation import as_real_array

__all__ = ["Case", "Mistake", "run_check", "fmt", "vector"]


@dataclass
class Case:
    """One input to try, and the right answer for it."""

    description: str
    kwargs: dict
    expected: object
    hint: str = ""
    """Shown on a mismatch that no classic mistake explains (what this case is there to test)."""


@dataclass
class Mistake:
    """A classic wrong answer: a function with the exercise's signature, and the hint it deserves."""

    hint: str
    wrong: Callable = field(repr=False)


def vector(*xs):
    """A float64 array of the given numbers, for writing cases: ``vector(1, 0.5)``."""
    return np.array(xs, dtype=np.float64)


def fmt(value, precision=4):
    """Short, one-line text for an input or output in a report."""
    if callable(value) and hasattr(value, "__name__"):
        return value.__name__  # a function's repr holds a memory address, which helps nobody
    if hasattr(value, "spec") and getattr(value, "spec", None) is not None:  # a gymnasium env
        return f"gym.make({value.spec.id!r})"
    if isinstance(value, np.ndarray | list | tuple):
        try:
            arr = np.asarray(value)
            arr = arr if np.issubdtype(arr.dtype, np.integer) else as_real_array("value", arr)
        except (TypeError, ValueError):
            return _short(value)
        return np.array2string(
            arr, precision=precision, separator=", ", suppress_small=True, threshold=12, max_line_width=10_000
        ).replace("\n", "")
    if isinstance(value, float | np.floating):
        return f"{float(value):.{precision}g}"
    return _short(value, limit=200) if isinstance(value, int) else repr(value)


def _short(value, limit=80):
    """repr of a value, cut to ``limit`` characters (10**400 has 401 digits; repr fails beyond 4300)."""
    if isinstance(value, int) and abs(value) >= 10**limit:
        return f"an int with more than {limit} digits"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _describe(kwargs):
    return ", ".join(f"{key}={fmt(value)}" for key, value in kwargs.items())


def _same(got, expected, atol):
    try:
        got_arr = as_real_array("got", got)  # complex numbers or text are never "the same numbers"
    except (TypeError, ValueError):
        return False
    expected_arr = np.asarray(expected, dtype=np.float64)
    return got_arr.shape == expected_arr.shape and np.allclose(
        got_arr, expected_arr, rtol=1e-6, atol=atol, equal_nan=True
    )


def _is_real(value):
    try:
        as_real_array("value", value)
    except (TypeError, ValueError):
        return False
    return True


def _diagnose(got, case, mistakes, atol):
    """The hint of the first classic mistake that reproduces ``got`` on this case, else the case's own hint."""
    for mistake in mistakes:
        try:
            wrong = mistake.wrong(**copy.deepcopy(case.kwargs))
        except Exception:
            continue
        if _same(got, wrong, atol):
            return mistake.hint
    return case.hint


def _problem_with_output(got, expected):
    """A message if ``got`` is not even a usable answer (None, text, wrong shape, NaN), else None."""
    if got is None:
        return "it returned None. Did you forget the `return` statement?"
    try:
        got_arr = as_real_array("the output", got)
    except (TypeError, ValueError) as err:  # text, complex numbers, ints beyond float range, ragged lists
        return f"it returned {type(got).__name__} {_short(got)}, which is not a number or an array of real numbers ({err})."
    expected_shape = np.shape(expected)
    if got_arr.shape != expected_shape:
        return f"it returned an array of shape {got_arr.shape}; expected shape {expected_shape}."
    if not np.all(np.isfinite(got_arr)):
        return f"it returned non-finite numbers (NaN or inf): {fmt(got_arr)}."
    return None


def run_check(name, fn, cases, mistakes=(), atol=1e-6):
    """Run ``fn`` on every case; print a report; return True if all pass, False otherwise."""
    if not callable(fn):
        print(
            f"❌ {name}: expected a function, got {type(fn).__name__}. Pass the function itself, without ()."
        )
        return False
    for i, case in enumerate(cases, start=1):
        inputs = copy.deepcopy(case.kwargs)
        where = f"case {i}/{len(cases)} ({case.description})\n   input:    {_describe(case.kwargs)}"
        try:
            got = fn(**inputs)
        except NotImplementedError:
            print(
                f"⏳ {name}: not implemented yet. Replace `raise NotImplementedError()` with your code, "
                "run that cell, then run this check again."
            )
            return False
        except Exception as err:  # a learner's bug: report it, never raise it
            print(f"❌ {name} failed on {where}\n   it raised {type(err).__name__}: {err}")
            return False
        problem = _problem_with_output(got, case.expected)
        if problem is None and not _same(got, case.expected, atol):
            problem = "the numbers differ."
        if problem is not None:
            # A value that is not real numbers (text, complex) gets no hint about the math: its type is the bug.
            hint = _diagnose(got, case, mistakes, atol) if _is_real(got) else "return real numbers (floats)."
            print(
                f"❌ {name} failed on {where}\n   expected: {fmt(case.expected)}\n   got:      {fmt(got)}\n"
                f"   problem:  {problem}" + (f"\n   hint:     {hint}" if hint else "")
            )
            return False
        for key, value in case.kwargs.items():
            if isinstance(value, np.ndarray) and not np.array_equal(value, inputs[key]):
                print(
                    f"❌ {name} failed on {where}\n   it changed its input `{key}` in place. Work on a "
                    "copy (e.g. `np.array(x, dtype=float)`) so the caller's data stays as it was."
                )
                return False
    print(f"✅ {name}: all {len(cases)} cases pass.")
    return True
