"""The machinery behind every ``check_<name>(fn)``: run a learner's function on known cases and explain.

A check never raises for a learner's mistake. It runs the cases in order, stops at the first one that
fails, and prints which input was used, what was expected, what came back, and a hint. Hints come from
*classic mistakes*: each is a small wrong implementation; when the learner's output matches one of them,
its hint is shown. Tests feed every mistake back into its check, so each hint is known to fire.

The learner's function is called positionally, in the order of the exercise's signature (the order is the
contract, parameter names are not), and any numeric answer of the right value passes: a list, a tuple, a 0-d
array, a Python float or float32.
"""

import contextlib
import copy
import io
import linecache
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from vpg_helpers.validation import as_real_array

__all__ = ["Case", "Mistake", "run_check", "fmt", "vector", "quietly"]

_SHOW_ALL = 40
"""Arrays up to this size are printed in full; longer ones are summarised and their differing indices listed."""


@dataclass
class Case:
    """One input to try, and the right answer for it."""

    description: str
    kwargs: dict
    """The inputs, in the order of the exercise's parameters (the learner's function gets them positionally)."""
    expected: object
    hint: str = ""
    """Shown on a mismatch that no classic mistake explains (what this case is there to test)."""


@dataclass
class Mistake:
    """A classic wrong answer and the hint it deserves.

    ``wrong`` is a wrong implementation with the exercise's signature (called with keywords); its output on
    the failing case identifies the mistake. ``detect(fn, case, got)`` replaces that comparison when the
    mistake cannot be reproduced by a function (an unseeded random generator): it returns True if the
    learner's ``fn`` shows the mistake. ``wrong`` is still given, as an example the tests feed in.
    """

    hint: str
    wrong: Callable = field(repr=False)
    detect: Callable | None = field(default=None, repr=False)


def vector(*xs):
    """A float64 array of the given numbers, for writing cases: ``vector(1, 0.5)``."""
    return np.array(xs, dtype=np.float64)


@contextlib.contextmanager
def quietly():
    """Silence numpy's floating-point warnings in the checker's own computations (never the learner's)."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def fmt(value, precision=4, threshold=12):
    """Short, one-line text for an input or output in a report."""
    if callable(value) and hasattr(value, "__name__"):
        return value.__name__  # a function's repr holds a memory address, which helps nobody
    if hasattr(value, "spec") and getattr(value, "spec", None) is not None:  # a gymnasium env
        limit = value.spec.max_episode_steps
        return (
            f"gym.make({value.spec.id!r}, max_episode_steps={limit})"
            if limit
            else f"gym.make({value.spec.id!r})"
        )
    if isinstance(value, np.ndarray | list | tuple):
        try:
            arr = np.asarray(value)
            arr = arr if np.issubdtype(arr.dtype, np.integer) else as_real_array("value", arr)
        except (TypeError, ValueError):  # text, complex, ragged: shown as they are, never converted
            return _short(value)
        with quietly():
            return np.array2string(
                arr,
                precision=precision,
                separator=", ",
                suppress_small=True,
                threshold=threshold,
                max_line_width=10_000,
            ).replace("\n", "")
    if isinstance(value, float | np.floating):
        return f"{float(value):.{precision}g}"
    return _short(value, limit=200)


def _short(value, limit=80):
    """repr of a value, cut to ``limit`` characters (10**400 has 401 digits; repr fails beyond 4300)."""
    if isinstance(value, int) and abs(value) >= 10**limit:
        return f"an int with more than {limit} digits"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _describe(kwargs):
    return ", ".join(f"{key}={fmt(value)}" for key, value in kwargs.items())


def _shape_text(shape):
    """'a single number' for shape (), else 'an array of shape (3,)'."""
    return "a single number" if shape == () else f"an array of shape {shape}"


def _as_numbers(value):
    """``value`` as a float64 array, or None if it is not real numbers (text, None, ragged lists, complex
    numbers, bools, ints beyond float range: the right numbers as text or complex are not the right answer)."""
    try:
        return as_real_array("the output", value)
    except (TypeError, ValueError):
        return None


def _close(got_arr, expected_arr, atol):
    with quietly():
        return np.isclose(got_arr, expected_arr, rtol=1e-6, atol=atol, equal_nan=True)


def _same_part(got, expected, atol):
    got_arr = _as_numbers(got)
    expected_arr = np.asarray(expected, dtype=np.float64)
    return (
        got_arr is not None
        and got_arr.shape == expected_arr.shape
        and bool(np.all(_close(got_arr, expected_arr, atol)))
    )


def _same(got, expected, atol, parts=None):
    if parts:
        return (
            isinstance(got, tuple | list)
            and len(got) == len(parts)
            and all(_same_part(g, e, atol) for g, e in zip(got, expected, strict=True))
        )
    return _same_part(got, expected, atol)


def _diagnose(fn, got, case, mistakes, atol, parts=None):
    """The hint of the first classic mistake that reproduces ``got`` on this case, else the case's own hint."""
    for mistake in mistakes:
        try:
            with quietly(), contextlib.redirect_stdout(io.StringIO()):
                if mistake.detect is not None:
                    if mistake.detect(fn, case, got):
                        return mistake.hint
                    continue
                wrong = mistake.wrong(**copy.deepcopy(case.kwargs))
        except Exception:
            continue
        if _same(got, wrong, atol, parts):
            return mistake.hint
    return case.hint


def _problem_with_part(got, expected):
    """A message if ``got`` is not even a usable answer (None, text, wrong shape, NaN), else None."""
    if got is None:
        return "it returned None. Did you forget the `return` statement?"
    got_arr = _as_numbers(got)
    if got_arr is None:
        return f"it returned {type(got).__name__} {_short(got)}, which is not a number or an array of real numbers."
    expected_shape = np.shape(expected)
    if got_arr.shape != expected_shape:
        return f"it returned {_shape_text(got_arr.shape)}; expected {_shape_text(expected_shape)}."
    if not np.all(np.isfinite(got_arr)):
        return f"it returned non-finite numbers (NaN or inf): {fmt(got_arr)}."
    return None


def _where_they_differ(got, expected, atol):
    """For long arrays: the indices where got and expected differ, with both values there."""
    got_arr, expected_arr = _as_numbers(got), np.asarray(expected, dtype=np.float64)
    if got_arr is None or got_arr.shape != expected_arr.shape or expected_arr.size <= 8:
        return ""
    bad = np.argwhere(~_close(got_arr, expected_arr, atol))
    if len(bad) == 0:
        return ""
    shown = [tuple(int(i) for i in idx) for idx in bad[:5]]
    at = ", ".join(
        f"[{', '.join(map(str, idx))}]: expected {fmt(expected_arr[idx])}, got {fmt(got_arr[idx])}"
        for idx in shown
    )
    more = f" (and {len(bad) - len(shown)} more)" if len(bad) > len(shown) else ""
    return f"\n   differs:  {len(bad)} of {expected_arr.size} entries; at {at}{more}"


def _report_values(got, expected, atol, parts=None):
    """The expected/got/problem lines of a report; a tuple result is shown part by part, with its names."""
    if not parts:
        problem = _problem_with_part(got, expected) or "the numbers differ."
        return (
            f"\n   expected: {fmt(expected, threshold=_SHOW_ALL)}\n   got:      {fmt(got, threshold=_SHOW_ALL)}"
            f"{_where_they_differ(got, expected, atol)}\n   problem:  {problem}"
        )
    names = ", ".join(parts)
    if not isinstance(got, tuple | list) or len(got) != len(parts):
        what = f"{type(got).__name__} of {len(got)} items" if isinstance(got, tuple | list) else fmt(got)
        return f"\n   got:      {what}\n   problem:  return a tuple ({names}), one array for each."
    lines = []
    for name, g, e in zip(parts, got, expected, strict=True):
        if _same_part(g, e, atol):
            lines.append(f"\n   {name}: right")
            continue
        problem = _problem_with_part(g, e) or "the numbers differ."
        lines.append(
            f"\n   {name}:\n     expected: {fmt(e, threshold=_SHOW_ALL)}\n     got:      {fmt(g, threshold=_SHOW_ALL)}"
            f"{_where_they_differ(g, e, atol).replace(chr(10) + '   ', chr(10) + '     ')}\n     problem:  {problem}"
        )
    return "".join(lines)


def _learner_line(err):
    """'line 5: G = rewards[t] + ...' for the innermost frame of the learner's code, or ''."""
    here = Path(__file__).resolve().parent
    frames = [
        f
        for f in traceback.extract_tb(err.__traceback__)
        if "site-packages" not in f.filename and not Path(f.filename).resolve().is_relative_to(here)
    ]
    if not frames:
        return ""
    frame = frames[-1]
    text = (frame.line or linecache.getline(frame.filename, frame.lineno)).strip()
    return f"\n   at:       line {frame.lineno} of {frame.name}: {text}" if text else ""


def _explain_error(err, name, params):
    """A sentence that turns a raw Python error into what the learner can check."""
    text = str(err)
    if isinstance(err, TypeError) and ("positional argument" in text or "keyword argument" in text):
        return (
            f"\n   note:     the check calls your function as fn({', '.join(params)}), in this order; "
            "give it these parameters (their names may differ)."
        )
    if isinstance(err, ValueError) and "broadcast" in text:
        return (
            "\n   note:     two arrays on that line have shapes that do not line up; print their .shape "
            "to see which one is not what you expect."
        )
    if isinstance(err, IndexError):
        return "\n   note:     an index went past the end of an array: check the first and last step of your loop."
    return ""


def run_check(name, fn, cases, mistakes=(), atol=1e-6, parts=None):
    """Run ``fn`` on every case; print a report; return True if all pass, False otherwise.

    ``parts`` names the items of a tuple result, e.g. ``("advantages", "rewards_to_go")``.
    """
    if not callable(fn):
        print(
            f"❌ {name}: expected a function, got {type(fn).__name__}. Pass the function itself, without ()."
        )
        return False
    for i, case in enumerate(cases, start=1):
        inputs = copy.deepcopy(case.kwargs)
        where = f"case {i}/{len(cases)} ({case.description})\n   input:    {_describe(case.kwargs)}"
        try:
            got = fn(*inputs.values())
        except NotImplementedError:
            print(
                f"⏳ {name}: not implemented yet. Replace `raise NotImplementedError()` with your code, "
                "run that cell, then run this check again."
            )
            return False
        except Exception as err:  # a learner's bug: report it, never raise it
            print(
                f"❌ {name} failed on {where}\n   it raised {type(err).__name__}: {err}{_learner_line(err)}"
                f"{_explain_error(err, name, list(case.kwargs))}"
            )
            return False
        if not _same(got, case.expected, atol, parts):
            hint = _diagnose(fn, got, case, mistakes, atol, parts)
            print(
                f"❌ {name} failed on {where}{_report_values(got, case.expected, atol, parts)}"
                + (f"\n   hint:     {hint}" if hint else "")
            )
            return False
        for key, value in case.kwargs.items():
            if isinstance(value, np.ndarray) and not np.array_equal(value, inputs[key], equal_nan=True):
                print(
                    f"❌ {name} failed on {where}\n   it changed its input `{key}` in place. Work on a "
                    "copy (e.g. `np.array(x, dtype=float)`) so the caller's data stays as it was."
                )
                return False
    print(f"✅ {name}: all {len(cases)} cases pass.")
    return True
