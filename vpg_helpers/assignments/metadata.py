"""nbgrader cell metadata, generated from the exercise markers (``tools/notebooks.py execute`` calls this).

Solution cells become nbgrader "autograded answer" cells (``solution: true, grade: false``) and test cells
"autograder tests" cells (``grade: true, locked: true``, one point unless the notebook already gives another
number). Other cells carry no nbgrader metadata. Grade ids are the exercise's function name and its check's
name, e.g. ``rewards_to_go`` and ``check_rewards_to_go``, unique within a notebook.
"""

from vpg_helpers.assignments.markers import find_exercises

__all__ = ["SCHEMA_VERSION", "add_nbgrader_metadata", "grade_id"]

SCHEMA_VERSION = 3  # nbgrader's cell metadata schema (nbgrader 0.6 and later)


def grade_id(cell):
    """The cell's nbgrader grade id, or None."""
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def add_nbgrader_metadata(nb):
    """Set every cell's nbgrader metadata from the markers, in place; return ``nb``.

    Deterministic and idempotent: stale nbgrader metadata on other cells is removed. Points given to a test
    cell before (by grade id) are kept, so an instructor may weight exercises.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_code_cell("def double(x):\\n    ### BEGIN SOLUTION\\n    return 2 * x\\n    ### END SOLUTION"),
    ...     nbformat.v4.new_code_cell("check_double(double)")])
    >>> [cell.metadata["nbgrader"]["grade_id"] for cell in add_nbgrader_metadata(nb).cells]
    ['double', 'check_double']
    """
    points = {
        grade_id(cell): cell.metadata["nbgrader"]["points"]
        for cell in nb.cells
        if "points" in cell.metadata.get("nbgrader", {})
    }
    exercises = find_exercises(nb)
    for cell in nb.cells:
        cell.metadata.pop("nbgrader", None)
    for exercise in exercises:
        nb.cells[exercise.solution_index].metadata["nbgrader"] = {
            "grade": False,
            "grade_id": exercise.name,
            "locked": False,
            "schema_version": SCHEMA_VERSION,
            "solution": True,
            "task": False,
        }
        if exercise.test_index is not None:
            nb.cells[exercise.test_index].metadata["nbgrader"] = {
                "grade": True,
                "grade_id": exercise.test_id,
                "locked": True,
                "points": points.get(exercise.test_id, 1),
                "schema_version": SCHEMA_VERSION,
                "solution": False,
                "task": False,
            }
    return nb
