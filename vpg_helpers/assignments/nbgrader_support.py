"""A preprocessor that gives ``nbgrader autograde`` the course's grading rule (see ``nbgrader_config.py``).

A visible check prints its report and returns False on a wrong answer; it never raises, so that a student
notebook runs top to bottom. nbgrader scores a test cell by whether it raises, so before executing, this
turns each ``check_x(x)`` of a graded test cell into ``assert check_x(x)``, exactly as
``python -m vpg_helpers.assignments grade`` does.
"""

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

from vpg_helpers.assignments.grade import assert_checks

__all__ = ["AssertChecks"]


class AssertChecks(Preprocessor):
    """In nbgrader grade cells (``grade: true``), make failing visible checks raise AssertionError.

    >>> import nbformat
    >>> cell = nbformat.v4.new_code_cell("check_double(double)", metadata={"nbgrader": {"grade": True}})
    >>> AssertChecks().preprocess_cell(cell, {}, 0)[0].source.split(",")[0]
    'assert check_double(double)'
    """

    enabled = Bool(True, help="Always on (nbconvert preprocessors are off unless enabled).").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade"):
            cell.source = assert_checks(cell.source)
        return cell, resources
