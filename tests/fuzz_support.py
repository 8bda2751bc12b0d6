"""Property-based fuzzing of the public helpers: valid inputs against a reference, invalid inputs classified.

Each ``tests/fuzz/test_fuzz_<module>.py`` declares ``SPECS``, one :class:`Spec` per public function or class:

* ``valid``: a hypothesis strategy of keyword arguments, and ``check(kwargs, out)``, which asserts that the
  output agrees with an independent, brute-force reference (a double loop, a definition, a closed form);
* ``base`` and ``invalid``: a valid call, and a catalogue of :class:`Bad` arguments to put into it one at a
  time. A bad input must raise ValueError or TypeError whose message names the argument ("good"); raising
  anything else, or a message that does not name it, is "ugly"; returning a value is "silent".

Every call also checks that its inputs come back unchanged. The examples are derandomised and their number
is fixed (``MAX_EXAMPLES``), so a run is repeatable and takes a few seconds per module.

``python tests/fuzz_support.py`` (from the repository root) prints the table per module: valid cases that
agreed, invalid inputs tried, and how many were good / ugly / silent.
"""

import copy
import dataclasses
import importlib
import pathlib
import sys
from collections import Counter
from collections.abc import Callable

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

MAX_EXAMPLES = 40
SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


@dataclasses.dataclass
class Bad:
    """An invalid value for one argument, put into a valid call in place of that argument's value."""

    argument: str
    value: object
    description: str = ""
    named: str = ""
    """The name the error must give, when it is not ``argument`` (e.g. a field inside a tuple argument)."""

    def kwargs(self, base):
        return {**copy.deepcopy(base), self.argument: copy.deepcopy(self.value)}


@dataclasses.dataclass
class Spec:
    """How to fuzz one public function (or class: ``fn`` is then the constructor, or a call on an instance)."""

    name: str
    fn: Callable
    valid: object  # a strategy of kwargs dicts
    check: Callable  # check(kwargs, out) asserts out against the reference
    base: dict
    invalid: list
    examples: int = MAX_EXAMPLES


# Strategies shared by the specs: finite floats of moderate size (so brute-force sums stay exact enough).
def floats(low=-100.0, high=100.0):
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


def vectors(min_size=1, max_size=12, low=-100.0, high=100.0):
    return hnp.arrays(np.float64, st.integers(min_size, max_size), elements=floats(low, high))


unit = st.floats(0.0, 1.0)


def invalid_numbers(argument, scalar=True):
    """The catalogue of wrong kinds and values every number (``scalar``) or array of numbers gets."""
    wrong_kind = [
        ("text", "0.5"),
        ("None", None),
        ("a complex number", 0.5 + 1j),
        ("a 0-d bool array", np.array(True)),
        ("a 0-d str array", np.array("0.5")),
        ("a datetime", np.datetime64("2020-01-01")),
        ("a bool", True),
        ("a dict", {"value": 1.0}),
    ]
    if scalar:
        wrong_kind += [("a 1-element list", [0.5]), ("a 1-D array", np.array([0.5, 0.5]))]
    wrong_value = [("NaN", float("nan")), ("inf", float("inf")), ("10**400", 10**400)]
    return [Bad(argument, v, d) for d, v in wrong_kind + wrong_value]


def invalid_arrays(argument, base_value):
    """Wrong kinds of arrays built from a valid one: complex, bool, str, datetime, object, NaN, inf, huge."""
    arr = np.asarray(base_value, dtype=np.float64)
    bads = [
        ("complex array", arr + 1j),
        ("bool array", arr > 0),
        ("str array", arr.astype(str)),
        ("datetime array", np.zeros(arr.shape, dtype="datetime64[s]")),
        (
            "object array with text",
            np.array([*arr.ravel()[:-1].tolist(), "x"], dtype=object).reshape(arr.shape),
        ),
        ("a list holding 10**400", [10**400] + arr.ravel()[1:].tolist() if arr.ndim == 1 else None),
        ("NaN entry", np.where(np.arange(arr.size).reshape(arr.shape) == 0, np.nan, arr)),
        ("inf entry", np.where(np.arange(arr.size).reshape(arr.shape) == 0, np.inf, arr)),
        ("a string", "1, 2"),
        ("None", None),
    ]
    return [Bad(argument, v, d) for d, v in bads if v is not None or d == "None"]


def overflowing(argument, base_value):
    """Entries of 1.7e308 (finite), whose discounted sums overflow float64: an error naming them, never inf."""
    return [Bad(argument, np.full(np.shape(base_value), 1.7e308), "1.7e308 entries, whose sum overflows")]


def invalid_ints(argument, minimum=1):
    bads = [
        ("a float", 2.0),
        ("a bool", True),
        ("text", "2"),
        ("None", None),
        ("below the minimum", minimum - 1),
        ("a 0-d float array", np.array(2.0)),
        ("a 1-D array", np.array([2, 2])),
        ("a complex", 2 + 0j),
    ]
    return [Bad(argument, v, d) for d, v in bads]


# Running one spec.
def _snapshot(kwargs):
    return copy.deepcopy(kwargs)


def _assert_unchanged(before, after):
    for key, value in before.items():
        assert _same(value, after[key]), f"{key} was changed in place"


def _same(a, b):
    """Equal values of equal types, recursively through lists, tuples and dicts (NaN equals NaN)."""
    if isinstance(a, list | tuple):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, np.ndarray):
        if not (isinstance(b, np.ndarray) and a.dtype == b.dtype and a.shape == b.shape):
            return False
        return bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
    return True  # numbers, strings, functions, generators: immutable or not ours to compare


def run_valid(spec):
    """Run ``spec.examples`` derandomised valid cases; return how many agreed (all, or an AssertionError)."""
    agreed = []
    if spec.examples == 0:  # a spec of invalid inputs only (e.g. a function that writes files)
        return 0

    @settings(SETTINGS, max_examples=spec.examples)
    @given(spec.valid)
    def one(kwargs):
        before, inputs = _snapshot(kwargs), _snapshot(kwargs)
        out = spec.fn(**inputs)
        _assert_unchanged(before, inputs)
        spec.check(before, out)
        agreed.append(1)

    one()
    return len(agreed)


def classify(spec, bad):
    """'good', 'ugly' or 'silent' for one invalid input, with a description of what happened."""
    kwargs = bad.kwargs(spec.base)
    before = _snapshot(kwargs)
    try:
        out = spec.fn(**kwargs)
    except (ValueError, TypeError) as err:
        try:
            _assert_unchanged(before, kwargs)
        except AssertionError as changed:
            return "ugly", f"raised but changed its input: {changed}"
        if (bad.named or bad.argument) not in str(err):
            return "ugly", f"{type(err).__name__} not naming {bad.named or bad.argument}: {err}"
        return "good", ""
    except Exception as err:  # noqa: BLE001  (what we are classifying)
        return "ugly", f"{type(err).__name__}: {err}"
    return "silent", f"returned {str(out)[:80]}"


def run_invalid(spec):
    """Classify every input of ``spec.invalid``: (Counter of good/ugly/silent, list of the non-good)."""
    counts, problems = Counter(), []
    for bad in spec.invalid:
        verdict, detail = classify(spec, bad)
        counts[verdict] += 1
        if verdict != "good":
            problems.append(
                f"{spec.name}({bad.argument} = {bad.description or bad.value!r}): {verdict}, {detail}"
            )
    return counts, problems


def fuzz_module_names():
    folder = pathlib.Path(__file__).parent / "fuzz"
    return sorted(path.stem for path in folder.glob("test_fuzz_*.py"))


def table():
    """One row per module: functions, valid cases agreeing, invalid inputs tried, good / ugly / silent."""
    sys.path.insert(0, str(pathlib.Path(__file__).parent / "fuzz"))
    rows = [("module", "specs", "valid agreeing", "invalid tried", "good", "ugly", "silent")]
    for name in fuzz_module_names():
        module = importlib.import_module(name)
        agreed, counts = 0, Counter()
        for spec in module.SPECS:
            try:
                agreed += run_valid(spec)
            except Exception as err:  # noqa: BLE001  (reported, the table goes on)
                print(f"  {spec.name}: a valid case disagreed: {type(err).__name__}: {err}")
            c, problems = run_invalid(spec)
            counts += c
            for problem in problems:
                print("  " + problem)
        tried = sum(counts.values())
        module_name = module.__doc__.split()[0].rstrip(":") if module.__doc__ else name
        rows.append(
            (module_name, len(module.SPECS), agreed, tried, counts["good"], counts["ugly"], counts["silent"])
        )
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(str(cell).rjust(width) for cell, width in zip(row, widths, strict=True)))
    totals = [sum(row[i] for row in rows[1:]) for i in range(1, len(rows[0]))]
    print(
        "  ".join(
            ["total".rjust(widths[0]), *(str(t).rjust(w) for t, w in zip(totals, widths[1:], strict=True))]
        )
    )


def module_tests(specs):
    """The two tests a fuzz module runs for each spec (pytest parametrises them by spec name)."""
    import pytest

    ids = [spec.name for spec in specs]

    @pytest.mark.parametrize("spec", specs, ids=ids)
    def test_valid_inputs_agree_with_the_reference(spec):
        assert run_valid(spec) > 0 or spec.examples == 0

    @pytest.mark.parametrize("spec", specs, ids=ids)
    def test_invalid_inputs_raise_naming_the_argument(spec):
        counts, problems = run_invalid(spec)
        assert not problems, "\n".join(problems)
        assert counts["good"] == len(spec.invalid)

    return test_valid_inputs_agree_with_the_reference, test_invalid_inputs_raise_naming_the_argument


if __name__ == "__main__":
    table()
