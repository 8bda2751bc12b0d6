"""Checks as data: each exercise's check is a reference solution, its cases and its classic mistakes.

A module declares one check per exercise with ``@exercise_check(reference)`` on a function that builds and
returns ``(cases, mistakes)``; the decorator registers it in ``REGISTRY`` and turns the name into the
learner-facing ``check_<name>(fn)``, which runs ``fn`` on the cases and prints its report. Cases are built
when a check runs, never on import (some hold gymnasium envs). One generic test
(``tests/checks/test_registry.py``) drives every entry: the reference passes, and each classic mistake fed
back in fails with its own hint.
"""

import contextlib
import dataclasses
import io
import linecache
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from vpg_helpers.checks._core import Case, run_check

__all__ = ["ExerciseCheck", "REGISTRY", "exercise_check", "learner_facing", "hidden_case"]


@dataclass(frozen=True)
class ExerciseCheck:
    """One exercise's check: ``build() -> (cases, mistakes)`` and the course's ``reference`` solution."""

    name: str
    """The exercise function's name; the learner calls ``check_<name>(their_function)``."""
    reference: Callable = field(repr=False)
    build: Callable = field(repr=False)
    atol: float = 1e-6
    parts: tuple | None = None
    """The names of a tuple result's items, shown part by part in a report."""
    adapt: Callable | None = field(default=None, repr=False)
    """For an exercise whose result is a side effect (an update step): wraps a function with the exercise's
    signature into one that returns numbers to compare; applied to the learner's function and each mistake."""

    def cases(self):
        return self.build()[0]

    def mistakes(self):
        return self.build()[1]

    def _adapted(self, fn, mistakes):
        """The learner's function and the mistakes, wrapped by ``adapt`` when the exercise has one."""
        if self.adapt is None:
            return fn, mistakes
        fn = self.adapt(fn) if callable(fn) else fn
        return fn, [dataclasses.replace(m, wrong=self.adapt(m.wrong)) for m in mistakes]

    def __call__(self, fn):
        cases, mistakes = self.build()
        fn, mistakes = self._adapted(fn, mistakes)
        return run_check(f"check_{self.name}", fn, cases, mistakes, self.atol, self.parts)

    def report(self, fn, cases=None):
        """``(passed, report text)`` without printing: what the learner would see."""
        built_cases, mistakes = self.build()
        fn, mistakes = self._adapted(fn, mistakes)
        with contextlib.redirect_stdout(io.StringIO()) as out:
            passed = run_check(
                f"check_{self.name}",
                fn,
                built_cases if cases is None else cases,
                mistakes,
                self.atol,
                self.parts,
            )
        return passed, out.getvalue()


REGISTRY: dict[str, ExerciseCheck] = {}
"""Every exercise check, by exercise name, filled as the check modules are imported (``vpg_helpers.checks``)."""


def exercise_check(reference, atol=1e-6, parts=None, adapt=None):
    """Register the decorated ``check_<name>()`` builder; return the ``check_<name>(fn)`` learners call."""

    def register(build):
        name = build.__name__.removeprefix("check_")
        return learner_facing(ExerciseCheck(name, reference, build, atol, parts, adapt))

    return register


def learner_facing(check):
    """Register ``check`` in ``REGISTRY``; return the ``check_<name>(fn)`` learners call (report, True/False)."""
    REGISTRY[check.name] = check

    def check_fn(fn):
        passed = check(fn)
        _no_echo_of(passed, check_fn.__name__)
        return passed

    check_fn.__name__ = check_fn.__qualname__ = check.build.__name__
    check_fn.__module__, check_fn.__doc__, check_fn.check = check.build.__module__, check.build.__doc__, check
    return check_fn


def _no_echo_of(passed, name):
    """In a notebook, do not echo the check's True/False under its report when the check ends the cell.

    The report already says ✅ or ❌; the boolean is for grading (``assert check_x(x)``). IPython shows a cell's
    last value through ``sys.displayhook``, which it sets for each cell and restores afterwards, so the hook
    installed here lives for the current cell only. It drops the value once, if it is this result and the line
    being shown calls the check; everything else passes through. Outside IPython nothing changes.
    """
    hook = sys.displayhook
    if not hasattr(hook, "shell"):  # not IPython's display hook
        return
    skipped = False

    def skip_the_checks_result(value):
        nonlocal skipped
        frame = sys._getframe(1)  # the cell's code, evaluating its last expression
        line = linecache.getline(frame.f_code.co_filename, frame.f_lineno)
        if value is passed and not skipped and (not line or f"{name}(" in line):
            skipped = True
            return
        hook(value)

    sys.displayhook = skip_the_checks_result


def hidden_case(check_fn, fn, description, **inputs):
    """A grading test: ``fn`` on ``inputs`` (in the exercise's parameter order) must match the reference.

    Prints nothing when it passes; otherwise raises AssertionError carrying the same report as the visible
    check (input, expected, got, hint), so a grader sees why, never a bare AssertionError.
    """
    check = check_fn.check
    case = Case(description, inputs, check.reference(**inputs))
    passed, report = check.report(fn, [case])
    if not passed:
        raise AssertionError("hidden test: " + report.strip().replace("case 1/1 ", "", 1))
