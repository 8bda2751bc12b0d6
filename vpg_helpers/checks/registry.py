"""Checks as data: each exercise's check is a reference solution, its cases and its classic mistakes.

A module declares one check per exercise with ``@exercise_check(reference)`` on a function that builds and
returns ``(cases, mistakes)``; the decorator registers it in ``REGISTRY`` and turns the name into the
learner-facing ``check_<name>(fn)``, which runs ``fn`` on the cases and prints its report. Cases are built
when a check runs, never on import (some hold gymnasium envs). One generic test
(``tests/checks/test_registry.py``) drives every entry: the reference passes, and each classic mistake fed
back in fails with its own hint.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from vpg_helpers.checks._core import Mistake, run_check

__all__ = ["ExerciseCheck", "REGISTRY", "exercise_check"]


@dataclass(frozen=True)
class ExerciseCheck:
    """One exercise's check: ``build() -> (cases, mistakes)`` and the course's ``reference`` solution."""

    name: str
    """The exercise function's name; the learner calls ``check_<name>(their_function)``."""
    reference: Callable = field(repr=False)
    build: Callable = field(repr=False)
    atol: float = 1e-6
    adapt: Callable | None = field(default=None, repr=False)
    """For an exercise whose result is a side effect (an update step): wraps a function with the exercise's
    signature into one that returns numbers to compare; applied to the learner's function and each mistake."""

    def cases(self):
        return self.build()[0]

    def mistakes(self):
        return self.build()[1]

    def __call__(self, fn):
        cases, mistakes = self.build()
        if self.adapt is not None:
            fn = self.adapt(fn) if callable(fn) else fn
            mistakes = [Mistake(m.hint, self.adapt(m.wrong)) for m in mistakes]
        return run_check(f"check_{self.name}", fn, cases, mistakes, self.atol)


REGISTRY: dict[str, ExerciseCheck] = {}
"""Every exercise check, by exercise name, filled as the check modules are imported (``vpg_helpers.checks``)."""


def exercise_check(reference, atol=1e-6, adapt=None):
    """Register the decorated ``check_<name>()`` builder; return the ``check_<name>(fn)`` learners call."""

    def register(build):
        name = build.__name__.removeprefix("check_")
        check = REGISTRY[name] = ExerciseCheck(name, reference, build, atol, adapt)

        def check_fn(fn):
            return check(fn)

        check_fn.__name__ = check_fn.__qualname__ = build.__name__
        check_fn.__module__, check_fn.__doc__, check_fn.check = build.__module__, build.__doc__, check
        return check_fn

    return register
