"""An instructor's whole nbgrader flow on a real notebook (00, whose image and exercise are what matter):
lay out the course, generate_assignment, validate, autograde, generate_feedback, export, and the course's own
grader on the same submissions. Students: untouched, correct (in another style), wrong, tampering (a wrong
answer and its test cell edited to pass) and one whose solution imports the course's answer."""

import copy
import csv
from pathlib import Path

import nbformat
import pytest
from nbgrader_course import auto_scores, run_nbgrader

from vpg_helpers.assignments import grade, nbgrader_source

pytestmark = pytest.mark.slow  # about two minutes of nbgrader
pytest.importorskip("nbgrader.api", reason="nbgrader is installed from requirements-dev.txt")

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "00_welcome.ipynb"
SOLUTION, TEST = "discount_weights", "check_discount_weights"
WRONG = "def discount_weights(gamma, T):\n    return gamma ** np.arange(1, T + 1)"
STUDENTS = {
    "untouched": {},
    "correct": {
        SOLUTION: "def discount_weights(gamma, T):\n    return np.array([gamma**t for t in range(T)])"
    },
    "wrong": {SOLUTION: WRONG},
    "tamper": {SOLUTION: WRONG, TEST: "pass  # the check, edited away"},
    "reference": {SOLUTION: "from vpg_helpers.discounting import discount_weights"},
}
EXPECTED = {"untouched": 0, "correct": 1, "wrong": 0, "tamper": 0, "reference": 1}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The course folder after autograde, generate_feedback and export; ``course.log``: autograde's log."""
    course = tmp_path_factory.mktemp("nbgrader_course")
    nbgrader_source(course, "ps1", [NOTEBOOK])
    run_nbgrader(course, "generate_assignment", "ps1", "--force")
    released = nbformat.read(course / "release" / "ps1" / NOTEBOOK.name, as_version=4)
    for student, sources in STUDENTS.items():
        nb = copy.deepcopy(released)
        for cell in nb.cells:
            cell.source = sources.get(cell.metadata.get("nbgrader", {}).get("grade_id"), cell.source)
        (course / "submitted" / student / "ps1").mkdir(parents=True)
        nbformat.write(nb, course / "submitted" / student / "ps1" / NOTEBOOK.name)
    log = run_nbgrader(course, "autograde", "ps1", "--force").stderr
    (course / "autograde.log").write_text(log)
    run_nbgrader(course, "generate_feedback", "ps1", "--force")
    run_nbgrader(course, "export")
    return course


def submission(course, student):
    return course / "submitted" / student / "ps1" / NOTEBOOK.name


@pytest.mark.parametrize(
    "student, verdict", [("wrong", "VALIDATION FAILED ON 1 CELL"), ("correct", "Success!")]
)
def test_nbgrader_validate_tells_the_truth(course, student, verdict):
    done = run_nbgrader(course, "validate", str(submission(course, student)))
    assert verdict in done.stdout, done.stdout[-2000:]


def test_nbgrader_and_the_course_grader_agree_on_every_student(course):
    nbgrader = {
        s: grades[TEST][0] for s, grades in auto_scores(course, "ps1", NOTEBOOK.stem, STUDENTS).items()
    }
    ours = {s: grade(submission(course, s), source=NOTEBOOK).score for s in STUDENTS}
    with open(course / "grades.csv") as f:
        exported = {row["student_id"]: float(row["score"]) for row in csv.DictReader(f)}
    print("\nstudent     nbgrader  export  course grader")
    for s in STUDENTS:
        print(f"{s:<11} {nbgrader[s]:>8g}  {exported[s]:>6g}  {ours[s]:>13g}")
    assert nbgrader == exported == ours == EXPECTED


def test_only_the_edited_test_cell_raises_a_checksum_warning(course):
    log = (course / "autograde.log").read_text()
    assert log.count("Attribute 'checksum'") == 1 and f"cell {TEST} has changed" in log


def test_a_solution_importing_the_course_answer_is_flagged_by_both_graders(course):
    review = {s: grades[TEST][1] for s, grades in auto_scores(course, "ps1", NOTEBOOK.stem, STUDENTS).items()}
    assert review == {s: s == "reference" for s in STUDENTS}  # nbgrader: "needs manual grade"
    feedback = (course / "feedback" / "reference" / "ps1" / "00_welcome.html").read_text()
    assert "FLAGGED for review" in feedback and "vpg_helpers.discounting" in feedback
    flags = {
        s: grade(submission(course, s), source=NOTEBOOK).exercises[0].flag for s in ("reference", "correct")
    }
    assert "vpg_helpers.discounting import discount_weights" in flags["reference"] and not flags["correct"]


def test_the_image_travels_into_release_and_feedback_and_feedback_wraps_long_lines(course):
    for folder in ("source/ps1", "release/ps1", "autograded/correct/ps1", "feedback/correct/ps1"):
        assert (course / folder / "assets" / "vpg_loop_overview.svg").read_bytes() == (
            ROOT / "assets" / "vpg_loop_overview.svg"
        ).read_bytes(), folder
    released = (course / "release" / "ps1" / NOTEBOOK.name).read_text()
    assert "](assets/vpg_loop_overview.svg)" in released and "../assets/" not in released
    html = (course / "feedback" / "correct" / "ps1" / "00_welcome.html").read_text()
    assert 'src="assets/vpg_loop_overview.svg"' in html and "white-space: pre-wrap" in html
