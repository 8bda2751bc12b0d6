"""Instructor tools: student versions, grading, and nbgrader metadata for the course notebooks.

    python -m vpg_helpers.assignments release OUT_DIR [NOTEBOOK ...] [--force]
    python -m vpg_helpers.assignments grade SUBMISSION.ipynb [...] [--json] [--timeout S]
    python -m vpg_helpers.assignments nbgrader-source COURSE_DIR ASSIGNMENT [NOTEBOOK ...] [--force]

Exercises follow CONTRIBUTING.md: a solution between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` in a
code cell, then a check cell ``check_<name>(<name>)`` with optional ``### BEGIN HIDDEN TESTS`` ... ``### END
HIDDEN TESTS``. Modules: ``markers`` (reading them), ``metadata`` (nbgrader metadata), ``release``
(student versions), ``grade``, ``merge`` and ``execute`` (grading), ``course_answers`` (flags a solution that
imports the course's answer), ``nbgrader_source`` (an nbgrader assignment folder with its images) and
``nbgrader_support`` (preprocessors for nbgrader).
"""

from vpg_helpers.assignments.grade import GradeResult, grade
from vpg_helpers.assignments.markers import find_exercises, stray_markers
from vpg_helpers.assignments.metadata import add_nbgrader_metadata
from vpg_helpers.assignments.nbgrader_source import nbgrader_source
from vpg_helpers.assignments.release import release, student_version

__all__ = [
    "GradeResult",
    "add_nbgrader_metadata",
    "find_exercises",
    "grade",
    "nbgrader_source",
    "release",
    "stray_markers",
    "student_version",
]
