# nbgrader configuration for VPG from Scratch. Copy this file into your nbgrader course folder (next to
# source/), and the course notebooks into source/<assignment>/; see "For instructors" in README.md.
from nbgrader.converters.autograde import Autograde

from vpg_helpers.assignments.nbgrader_support import AssertChecks

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "vpg-from-scratch"
# Student stubs as in `python -m vpg_helpers.assignments release`: the body of the function becomes one line.
c.ClearSolutions.code_stub = {"python": "raise NotImplementedError()"}
# A visible check returns False instead of raising; during autograding it must raise to cost the points.
c.Autograde.autograde_preprocessors = [
    AssertChecks,
    *Autograde.class_traits()["autograde_preprocessors"].default(),
]
# Cells that train agents take a while on a laptop.
c.Execute.timeout = 300
