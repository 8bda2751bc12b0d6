# nbgrader configuration for VPG from Scratch. Copy this file into your nbgrader course folder (next to
# source/); lay out the assignments with `python -m vpg_helpers.assignments nbgrader-source`. See "With
# nbgrader" in README.md.
import sys

try:
    from nbgrader.converters.autograde import Autograde
    from nbgrader.converters.generate_feedback import GenerateFeedback

    from vpg_helpers.assignments.nbgrader_support import (
        AssertChecks,
        ExpectHiddenTests,
        FeedbackStyle,
        FlagCourseAnswers,
    )
except ImportError as err:
    # Without this, nbgrader would log the error and go on with its defaults (no visible-check rule, 30 s
    # per cell): grades that look fine and are not. Stop instead.
    sys.exit(
        f"nbgrader_config.py: {err}. Run nbgrader with the Python where the course is installed (activate "
        "its virtual environment, or `pip install -e /path/to/the/course`), then try again."
    )

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "vpg-from-scratch"
# Student stubs as in `python -m vpg_helpers.assignments release`: the body of the function becomes one line.
c.ClearSolutions.code_stub = {"python": "raise NotImplementedError()"}
# A test cell deleted from a submission, or stripped of its nbgrader metadata, is put back and graded
# (nbgrader logs "Missing grade cell ..."), instead of silently scoring zero.
c.OverwriteCells.add_missing_cells = True
_sanitize = Autograde.class_traits()["sanitize_preprocessors"].default()
_overwrite = [p.__name__ for p in _sanitize].index("OverwriteCells")
# Released test cells get their hidden tests back before nbgrader compares checksums, so its "checksum has
# changed" warning is left for test cells a student really edited (jupyter/nbgrader#1961).
c.Autograde.sanitize_preprocessors = [*_sanitize[:_overwrite], ExpectHiddenTests, *_sanitize[_overwrite:]]
c.Autograde.autograde_preprocessors = [
    AssertChecks,  # a bare failing visible check raises (test cells with graded(...) raise by themselves)
    *Autograde.class_traits()["autograde_preprocessors"].default(),
    FlagCourseAnswers,  # after SaveAutoGrades: a solution importing the course's answer needs review
]
# Feedback HTML wraps long output lines (a check's hint) instead of letting them run out of their box.
c.GenerateFeedback.preprocessors = [
    *GenerateFeedback.class_traits()["preprocessors"].default(),
    FeedbackStyle,
]
# Cells that train agents take a while on a laptop.
c.Execute.timeout = 300
