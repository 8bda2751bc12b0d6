"""Grade a submitted notebook against the course's own copy.

The graded notebook is the course's notebook with the learner's solution cells (matched by nbgrader grade
id) and any cells the learner added; every other cell, tests included, comes from the course, so a test
cannot be edited away. In each test cell the visible check must pass, ``check_x(x)`` running as
``assert check_x(x)`` (a check prints its report and returns False, never raises), and the hidden tests run.
An exercise scores its points when its test cell runs without error. Cells after the last test cell cannot
change a score and are not run.
"""

import ast
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

from vpg_helpers.assignments.course_answers import course_answer_import
from vpg_helpers.assignments.execute import run_cells
from vpg_helpers.assignments.markers import find_exercises
from vpg_helpers.assignments.merge import merge_submission
from vpg_helpers.assignments.metadata import add_nbgrader_metadata
from vpg_helpers.assignments.release import course_notebooks
from vpg_helpers.validation import as_path, as_positive_number

__all__ = ["ExerciseResult", "GradeResult", "assert_checks", "find_course_notebook", "grade"]


@dataclass
class ExerciseResult:
    exercise: str
    points: float
    score: float
    status: str
    """'passed', 'failed', 'timed out' or 'not run'."""
    detail: str = ""
    flag: str = ""
    """Set when the solution imports the course's own answer (e.g. ``from vpg_helpers.returns import
    rewards_to_go``): the line, for the instructor to review. The score is what the tests gave."""


@dataclass
class GradeResult:
    submission: str
    notebook: str | None
    exercises: list = field(default_factory=list)
    error: str = ""
    """Why nothing could be graded (e.g. no course notebook matches), else empty."""

    @property
    def score(self):
        return sum(e.score for e in self.exercises)

    @property
    def max_score(self):
        return sum(e.points for e in self.exercises)

    def to_dict(self):
        return {**asdict(self), "score": self.score, "max_score": self.max_score}


def assert_checks(source):
    """Turn each top-level ``check_<name>(...)`` call into ``assert check_<name>(...), "..."``.

    >>> print(assert_checks("check_double(double)  # visible check"))
    assert check_double(double), "check_double did not pass (its report is above)"  # visible check
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    lines = source.split("\n")
    for node in reversed(tree.body):
        call = node.value if isinstance(node, ast.Expr) else None
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and node.col_offset == 0):
            continue
        if call.func.id.startswith("check_"):
            end = lines[node.end_lineno - 1].encode()
            message = f', "{call.func.id} did not pass (its report is above)"'
            lines[node.end_lineno - 1] = (
                end[: node.end_col_offset] + message.encode() + end[node.end_col_offset :]
            ).decode()
            lines[node.lineno - 1] = "assert " + lines[node.lineno - 1]
    return "\n".join(lines)


def find_course_notebook(submission):
    """The course notebook a submission answers: same file name, or the longest course name inside it."""
    name = Path(submission).name
    try:
        candidates = [p for p in course_notebooks() if p.stem in name]
    except FileNotFoundError as err:
        raise LookupError(f"{name}: {err}; or pass the course's copy with --source") from None
    if not candidates:
        raise LookupError(
            f"{name}: no course notebook matches this file name; pass the course's copy with --source"
        )
    return max(candidates, key=lambda p: (p.name == name, len(p.stem)))


def _check_report(cell):
    """The check's verdict line, with its hint if it gave one (the rest of its report is in the notebook)."""
    text = "".join(out.get("text", "") for out in cell.outputs if out.get("output_type") == "stream")
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.startswith(("❌", "⏳", "✅"))), None)
    if first is None:
        return ""
    hints = [" ".join(line.split()) for line in lines[first + 1 :] if line.strip().startswith("hint:")][:1]
    return "; ".join([lines[first], *hints])


def _result(exercise, points, graded, index, runs, notes):
    test_cell, solution_run = graded.cells[index[exercise.test_id]], runs[index[exercise.name]]
    run = runs[index[exercise.test_id]]
    before = [notes[exercise.name]] if exercise.name in notes else []
    if solution_run.status != "ok":
        before.append(f"its solution cell: {solution_run.status}, {solution_run.reason}")
    if run.status == "ok":
        return ExerciseResult(exercise.name, points, points, "passed", "; ".join(before))
    report = _check_report(test_cell)
    if run.status == "error" and report.startswith("✅"):
        detail = "the check passed but the hidden tests failed: " + run.reason
    elif run.status == "error" and report:
        detail = report
    else:
        detail = run.reason
    status = {"error": "failed", "timeout": "timed out"}.get(run.status, run.status)
    return ExerciseResult(exercise.name, points, 0, status, "; ".join([*before, detail]))


def grade(submission, source=None, timeout=300, total_timeout=1200):
    """Grade one submitted notebook; never raises for anything wrong with the submission.

    ``source`` is the course's copy (default: found from the file name); ``timeout`` bounds each cell and
    ``total_timeout`` the whole notebook, in seconds.
    """
    submission = as_path("submission", submission)
    source = None if source is None else as_path("source", source)
    timeout, total_timeout = (
        as_positive_number("timeout", timeout),
        as_positive_number("total_timeout", total_timeout),
    )
    try:
        source = source or find_course_notebook(submission)
        course = add_nbgrader_metadata(nbformat.read(source, as_version=4))
        exercises = [e for e in find_exercises(course) if e.test_id]
    except (LookupError, OSError, ValueError) as err:
        return GradeResult(str(submission), None, [], str(err))
    points = {e.name: course.cells[e.test_index].metadata["nbgrader"]["points"] for e in exercises}
    result = GradeResult(str(submission), source.name)
    try:
        learner = nbformat.read(submission, as_version=4)
        graded, index, notes = merge_submission(course, learner, exercises)
    except Exception as err:  # not JSON, not a notebook, unreadable: every exercise scores zero
        reason = f"the submission is not a valid notebook ({type(err).__name__}: {err})"
        result.exercises = [ExerciseResult(e.name, points[e.name], 0, "not run", reason) for e in exercises]
        return result
    for exercise in exercises:
        cell = graded.cells[index[exercise.test_id]]
        cell.source = assert_checks(cell.source)
    watched = [index[e.name] for e in exercises] + [index[e.test_id] for e in exercises]
    runs = run_cells(graded, watched, timeout, total_timeout)
    result.exercises = [_result(e, points[e.name], graded, index, runs, notes) for e in exercises]
    course_ids = {cell.get("id") for cell in course.cells}
    added = [c.source for c in graded.cells if c.cell_type == "code" and c.get("id") not in course_ids]
    for exercise, scored in zip(exercises, result.exercises, strict=True):
        line = course_answer_import([graded.cells[index[exercise.name]].source, *added], exercise.name)
        if line:
            scored.flag = f"imports the course's own {exercise.name}: {line}"
    return result
