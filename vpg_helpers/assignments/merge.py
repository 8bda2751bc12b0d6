"""Put a submission back together with the course's copy, so that only the learner's answers are theirs.

Cells are matched by nbgrader grade id, else by cell id. The result has every course cell in the course's
order, with the source of each solution cell taken from the submission; cells the learner added come right
after the cell they followed. Test cells and everything else come from the course: a learner cannot edit a
test away, or delete it.
"""

import copy

import nbformat

from vpg_helpers.assignments.markers import BEGIN_SOLUTION, CODE_STUB, END_SOLUTION, replace_regions
from vpg_helpers.assignments.metadata import grade_id

__all__ = ["merge_submission"]


def merge_submission(course, submission, exercises):
    """The notebook to grade: ``course``'s cells, with ``submission``'s solutions and added cells.

    Returns ``(notebook, index, notes)``: ``index`` maps each grade id to its cell's position, ``notes``
    maps an exercise whose solution cell is missing from the submission to a note (it is graded as a stub).

    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> from vpg_helpers.assignments.markers import find_exercises
    >>> from vpg_helpers.assignments.metadata import add_nbgrader_metadata
    >>> cells = ["def f():\\n    ### BEGIN SOLUTION\\n    return 1\\n    ### END SOLUTION", "check_f(f)"]
    >>> course = add_nbgrader_metadata(new_notebook(cells=[new_code_cell(c) for c in cells]))
    >>> learner = copy.deepcopy(course)
    >>> learner.cells[0].source, learner.cells[1].source = "def f():\\n    return 2", "pass"
    >>> graded, index, notes = merge_submission(course, learner, find_exercises(course))
    >>> [c.source for c in graded.cells]
    ['def f():\\n    return 2', 'check_f(f)']
    """
    canonical = {}  # grade id or cell id -> the course cell's key (its grade id, else its cell id)
    for cell in course.cells:
        for key in (cell.get("id"), grade_id(cell)):
            if key is not None:
                canonical[key] = grade_id(cell) or cell.get("id")
    matched, extras, anchor = {}, {}, None
    for cell in submission.cells:
        key = canonical.get(grade_id(cell)) or canonical.get(cell.get("id"))
        if key is not None and key not in matched:
            matched[key], anchor = cell, key
        else:  # a cell the learner added (or a second copy of one): kept, without any grading role
            extras.setdefault(anchor, []).append(copy.deepcopy(cell))
            extras[anchor][-1].metadata.pop("nbgrader", None)
    solutions, notes, cells = {e.name for e in exercises}, {}, list(extras.get(None, []))
    for cell in course.cells:
        key, new = grade_id(cell) or cell.get("id"), copy.deepcopy(cell)
        if key in solutions:
            learner = matched.get(key)
            if learner is not None and learner.cell_type == "code":
                new.source = learner.source
            else:
                new.source = replace_regions(cell.source, BEGIN_SOLUTION, END_SOLUTION, CODE_STUB)
                notes[key] = "its solution cell is missing from the submission"
        cells.append(new)
        cells.extend(extras.get(key, []))
    graded = nbformat.v4.new_notebook(cells=cells, metadata=copy.deepcopy(course.metadata))
    index = {grade_id(c): i for i, c in enumerate(cells) if grade_id(c)}
    return graded, index, notes
