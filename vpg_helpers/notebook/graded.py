"""``graded(check_x(fn))``: an exercise's test cell, quiet in a learner's run and strict when graded.

A check prints its report and returns whether every case passed; it never raises, so a learner's Run All
goes on past an unfinished exercise. A grader scores a test cell by how it ends instead: nbgrader gives no
points for an error or any text on stderr and full points otherwise (a False result counts as "other
output": full points), and the course's grader requires the cell to run without error. So each test cell
wraps its check in ``graded``: in a learner's run it returns nothing (no stray ``True``/``False`` under the
report); in a run that grades, a check that did not pass raises AssertionError, which costs the points and
makes ``nbgrader validate`` report the failure. nbgrader marks its runs by setting the environment variable
``NBGRADER_EXECUTION`` (``validate`` or ``autograde``) for the kernel; the course's grader sets it too.
"""

import os

__all__ = ["GRADING_VARIABLE", "graded", "grading"]

GRADING_VARIABLE = "NBGRADER_EXECUTION"


def grading():
    """True in a run that grades or validates the notebook (nbgrader's, or the course's grader)."""
    return bool(os.environ.get(GRADING_VARIABLE))


def graded(passed):
    """The end of a test cell: nothing in a learner's run; AssertionError if ``passed`` is false when grading.

    ``passed`` is what a check returned (True when every case passed).

    >>> graded(True), graded(False)  # a learner's run: nothing to show, never raises
    (None, None)
    """
    if passed is None:
        raise TypeError("graded(passed): expected what a check returned (True or False), got None")
    if not passed and grading():
        raise AssertionError("the check did not pass (run this cell to see its report and hint)")
