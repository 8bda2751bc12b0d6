"""The machinery behind a check whose answer is a *test*: run it on right and wrong versions of a function.

A learner's test ``test_fn(function)`` gets the function under test as its only argument, calls it on inputs
of its own and asserts. Each case of such a check is one version of the function, and whether the test must
pass on it (a correct version) or fail on it (a broken one). The test gets a fresh copy of the version on
every run, so nothing it does to the function (attributes, patches) reaches the next run or the course's
own code; the copy records every call, so a report can show the learner's inputs and what a correct and a
broken version return for them. A test *fails* by raising AssertionError (``assert``, np.testing's
``assert_*``): any other exception is a crash, reported as such, on right and wrong versions alike.

As everywhere in ``checks``, the first failing case is reported and the hint comes from the first classic
mistake that recognises it: here every ``Mistake`` has a ``detect(test_fn, case, run)`` that looks at the
``Outcome``, and its ``wrong`` is an example wrong test that the tests feed back in.
"""

import contextlib
import copy
import inspect
import io
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from vpg_helpers.checks._core import fmt
from vpg_helpers.checks.registry import ExerciseCheck, learner_facing

__all__ = ["Call", "Outcome", "LearnerTestCheck", "run_learner_test", "learner_test_check"]

_HERE = Path(__file__).resolve()


@dataclass
class Call:
    """One call the test made: its arguments by name (copied when it was made) and what came of it."""

    arguments: dict
    result: object = None
    error: Exception | None = None


@dataclass
class Outcome:
    """What happened when the test ran on one version of the function."""

    calls: list = field(default_factory=list)
    error: Exception | None = None
    """What the test raised, None if it passed."""
    returned: object = None

    @property
    def passed(self):
        return self.error is None

    @property
    def failed(self):
        """It failed as a test fails: an AssertionError (or pytest.fail) of its own, not one from inside a call."""
        failure = isinstance(self.error, AssertionError) or _is_pytest_fail(self.error)
        return failure and not self.error_in_call

    @property
    def error_in_call(self):
        return self.error is not None and any(call.error is self.error for call in self.calls)


def _is_pytest_fail(err):
    outcomes = sys.modules.get("_pytest.outcomes")  # loaded if the test could call pytest.fail
    return outcomes is not None and isinstance(err, outcomes.Failed)


def _fresh_copy(version, under_test, calls):
    """A new function with the signature of ``under_test`` that runs ``version`` and records each call."""
    signature = inspect.signature(under_test)

    def function(*args, **kwargs):
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError as err:
            calls.append(Call({}, error=TypeError(f"{under_test.__name__}{signature}: {err}")))
            raise calls[-1].error from None
        bound.apply_defaults()
        calls.append(Call(copy.deepcopy(dict(bound.arguments))))
        try:
            calls[-1].result = version(**copy.deepcopy(calls[-1].arguments))
        except Exception as err:
            calls[-1].error = err
            raise
        return copy.deepcopy(calls[-1].result)

    function.__name__ = function.__qualname__ = under_test.__name__
    function.__doc__, function.__signature__ = under_test.__doc__, signature
    return function


def run_learner_test(test_fn, version, under_test):
    """Run ``test_fn`` on a fresh copy of ``version``; its printed output is swallowed (it runs many times)."""
    run = Outcome()
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            run.returned = test_fn(_fresh_copy(version, under_test, run.calls))
    except KeyboardInterrupt:
        raise
    except BaseException as err:  # a failure or a crash (pytest.fail and sys.exit too): recorded, not raised
        run.error = err
    return run


def _line_in_test(err):
    """'line 5 of test_x: assert ...': the last line of the learner's code before the error left it."""
    frames = []
    for frame in traceback.extract_tb(err.__traceback__)[1:]:  # [0] is run_learner_test's own frame
        if Path(frame.filename).resolve() == _HERE:  # inside the copy: the test's own line is the last one
            break
        if "site-packages" not in frame.filename and not frame.filename.startswith(_STDLIB):
            frames.append(frame)
    if not frames:
        return ""
    frame = frames[-1]
    return f"\n   at:       line {frame.lineno} of {frame.name}: {frame.line}" if frame.line else ""


_STDLIB = str(Path(inspect.getfile(contextlib)).parent)


def describe_call(name, call):
    """``name(a=..., b=...)`` with boolean arrays shown as 0/1 (short, and readable as a mask)."""
    shown = {k: v.astype(int) if _is_bool_array(v) else v for k, v in call.arguments.items()}
    return f"{name}(" + ", ".join(f"{k}={fmt(v)}" for k, v in shown.items()) + ")"


def _is_bool_array(x):
    return isinstance(x, np.ndarray) and x.dtype == bool


@dataclass(frozen=True)
class LearnerTestCheck(ExerciseCheck):
    """An exercise whose answer is a test: ``build() -> (cases, mistakes)``, each case one version of
    ``under_test`` in ``kwargs`` with ``expected`` True (the test must pass) or False (it must fail)."""

    under_test: Callable = field(default=None, repr=False)
    describe: Callable = field(default=None, repr=False)
    """``describe(case, run) -> text``: what the report shows of the runs (the test's calls, the right answers)."""
    also: Callable = field(default=None, repr=False)
    """``also(test_fn) -> text``: a line added to a pass (bugs nearby that the test also catches, or not)."""

    def __call__(self, fn):
        passed, text = self.report(fn)
        print(text, end="")
        return passed

    def report(self, fn, cases=None):
        """``(passed, report text)``: the first case whose outcome is wrong is reported, with a hint."""
        built_cases, mistakes = self.build()
        cases = built_cases if cases is None else cases
        name = f"check_{self.name}"
        if not callable(fn):
            return (
                False,
                f"❌ {name}: expected a test function, got {type(fn).__name__}. Pass the function itself.\n",
            )
        try:
            inspect.signature(fn).bind(self.under_test)
        except TypeError:
            return False, (
                f"❌ {name}: your test must take one argument, the function it tests: "
                f"def test_...({self.under_test.__name__}):\n"
            )
        except ValueError:  # no signature to read (a builtin): calling it will tell
            pass
        for i, case in enumerate(cases, start=1):
            version = next(iter(case.kwargs.values()))
            run = run_learner_test(fn, version, self.under_test)
            if isinstance(run.error, NotImplementedError) and not run.error_in_call:
                return False, (
                    f"⏳ {name}: not implemented yet. Replace `raise NotImplementedError()` with your test, "
                    "run that cell, then run this check again.\n"
                )
            if run.passed if case.expected else run.failed:
                continue
            hint = _hint(mistakes, fn, case, run)
            return False, (
                f"❌ {name} failed on case {i}/{len(cases)}: {_what_happened(run, case)}"
                + self.describe(case, run)
                + f"\n   hint:     {hint}\n"
            )
        return True, f"✅ {name}: all {len(cases)} cases pass.{self.also(fn)}\n"


def _hint(mistakes, fn, case, run):
    """The hint of the first mistake whose ``detect`` recognises the run, else the case's own hint."""
    for mistake in mistakes:
        try:
            if mistake.detect(fn, case, run):
                return mistake.hint
        except Exception:  # a detector that cannot judge this run (it reran the learner's test, say)
            continue
    return case.hint


def _what_happened(run, case):
    """'your test failed on <the version>: AssertionError: ...', with the line of the test it came from."""
    if run.passed:
        value = run.returned.item() if isinstance(run.returned, np.generic) else run.returned
        returned = f" (it returned {fmt(value)}, which counts for nothing)" if value is not None else ""
        return f"your test passed on {case.description}{returned}: it does not catch the bug."
    error = type(run.error).__name__ + (f": {run.error}" if str(run.error) else "")
    if run.error_in_call:
        what = f"your test raised {error}\n   while calling {case.description}"
    elif run.failed:
        what = f"your test failed on {case.description}: {error}"
    else:
        what = f"your test raised {error}\n   on {case.description}" + (
            "" if case.expected else ", not an AssertionError"
        )
    return what + _line_in_test(run.error)


def learner_test_check(reference, under_test, describe, also):
    """Register the decorated ``check_<name>()`` builder as a ``LearnerTestCheck`` (``reference`` is the course's
    test, ``under_test`` the function it tests); return the ``check_<name>(test_fn)`` learners call."""

    def register(build):
        name = build.__name__.removeprefix("check_")
        return learner_facing(
            LearnerTestCheck(name, reference, build, under_test=under_test, describe=describe, also=also)
        )

    return register
