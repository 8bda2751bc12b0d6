"""Preprocessors that give ``nbgrader autograde`` the course's grading rules (see ``nbgrader_config.py``).

- ``AssertChecks``: a bare ``check_x(x)`` in a graded test cell becomes ``assert check_x(x)``, exactly as
  ``python -m vpg_helpers.assignments grade`` does (test cells written ``graded(check_x(x))`` raise by
  themselves when graded; this covers notebooks whose test cells still call the check bare).
- ``ExpectHiddenTests``: a test cell that arrives exactly as released (hidden tests removed) gets its hidden
  tests back before nbgrader compares checksums, so nbgrader's "checksum has changed" warning is left for
  test cells a student really edited (nbgrader takes the stored checksum before it removes hidden tests:
  jupyter/nbgrader#1961).
- ``FeedbackStyle``: feedback HTML wraps long lines of output (a check's hint is one long line) instead of
  letting them run out of their box, and asks for an emoji font for the checks' ✅/❌ marks.
- ``FlagCourseAnswers``: a solution that imports the course's own answer to its exercise keeps its score but
  is marked "needs manual grade" in the gradebook, with a note in its test cell's output and the log.
"""

from nbconvert.preprocessors import Preprocessor
from nbformat.v4 import new_output
from traitlets import Bool

from vpg_helpers.assignments.course_answers import course_answer_import
from vpg_helpers.assignments.grade import assert_checks
from vpg_helpers.assignments.markers import BEGIN_HIDDEN_TESTS, END_HIDDEN_TESTS, replace_regions

__all__ = ["AssertChecks", "ExpectHiddenTests", "FeedbackStyle", "FlagCourseAnswers"]

FEEDBACK_CSS = """
div.output_area pre, div.output_subarea pre { white-space: pre-wrap; overflow-wrap: anywhere; }
div.output_area pre { font-family: monospace, "Noto Color Emoji", "Apple Color Emoji", "Segoe UI Emoji"; }
"""


def _nbgrader(cell):
    return cell.metadata.get("nbgrader", {})


class _Enabled(Preprocessor):
    enabled = Bool(True, help="Always on (nbconvert preprocessors are off unless enabled).").tag(config=True)


class AssertChecks(_Enabled):
    """In nbgrader grade cells (``grade: true``), make failing bare visible checks raise AssertionError.

    >>> import nbformat
    >>> cell = nbformat.v4.new_code_cell("check_double(double)", metadata={"nbgrader": {"grade": True}})
    >>> AssertChecks().preprocess_cell(cell, {}, 0)[0].source.split(",")[0]
    'assert check_double(double)'
    """

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and _nbgrader(cell).get("grade"):
            cell.source = assert_checks(cell.source)
        return cell, resources


class FeedbackStyle(_Enabled):
    """Add the course's CSS to feedback HTML (place after nbconvert's CSSHTMLHeaderPreprocessor)."""

    def preprocess(self, nb, resources):
        resources.setdefault("inlining", {}).setdefault("css", []).append(FEEDBACK_CSS)
        return nb, resources


class _WithGradebook(_Enabled):
    """A preprocessor that reads (and writes) nbgrader's gradebook for the notebook being autograded."""

    def preprocess(self, nb, resources):
        from nbgrader.api import Gradebook  # nbgrader is an instructor's tool, not a course requirement

        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gradebook:
            self.work(nb, gradebook, info)
        return nb, resources


class ExpectHiddenTests(_WithGradebook):
    """Put the hidden tests back into test cells that are exactly as released (in the sanitize pass, before OverwriteCells)."""

    def work(self, nb, gradebook, info):
        from nbgrader.api import MissingEntry

        for cell in nb.cells:
            meta = _nbgrader(cell)
            if not (meta.get("locked") and meta.get("grade_id")):
                continue
            try:
                source = gradebook.find_source_cell(
                    meta["grade_id"], info["notebook"], info["assignment"]
                ).source
                released = replace_regions(source, BEGIN_HIDDEN_TESTS, END_HIDDEN_TESTS)
            except (MissingEntry, ValueError):
                continue  # nbgrader reports a cell it does not know; broken markers: leave it to nbgrader
            if source != cell.source and released.strip() == cell.source.strip():
                cell.source = source


class FlagCourseAnswers(_WithGradebook):
    """Flag solutions that import the course's own answer (place after SaveAutoGrades)."""

    def work(self, nb, gradebook, info):
        for i, cell in enumerate(nb.cells):
            meta = _nbgrader(cell)
            if cell.cell_type != "code" or not meta.get("solution"):
                continue
            name = meta.get("grade_id", "")
            line = course_answer_import([cell.source], name)
            test = next((c for c in nb.cells[i + 1 :] if _nbgrader(c).get("grade")), None)
            if not line or test is None:
                continue
            note = f"FLAGGED for review: the solution imports the course's own {name}: {line}"
            self.log.warning("%s, %s: %s", info["student"], info["notebook"], note)
            grade = gradebook.find_grade(
                _nbgrader(test)["grade_id"], info["notebook"], info["assignment"], info["student"]
            )
            grade.needs_manual_grade = True
            comment = gradebook.find_comment(name, info["notebook"], info["assignment"], info["student"])
            comment.auto_comment = note
            gradebook.db.commit()
            test.outputs.append(new_output("stream", name="stdout", text=f"⚠️ {note}\n"))
