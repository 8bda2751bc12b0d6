"""The grader on the real notebooks: the course's own copies get full marks, untouched student copies zero.

Kept apart from test_assignments_notebooks.py so that pytest-xdist (--dist loadfile) can run the two heavy
files on different workers."""

from pathlib import Path

import pytest

from vpg_helpers.assignments import grade, release

pytestmark = pytest.mark.slow  # grades every notebook twice (course copy, student copy)

ROOT = Path(__file__).resolve().parents[2]
PRESENT = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    out = tmp_path_factory.mktemp("released")
    release(out, PRESENT)
    return out


@pytest.mark.parametrize("path", PRESENT, ids=lambda p: p.name)
def test_course_copy_gets_full_marks(path):
    result = grade(path)
    assert not result.error and result.score == result.max_score, result


@pytest.mark.parametrize("path", PRESENT, ids=lambda p: p.name)
def test_untouched_student_copy_scores_zero_on_every_exercise(path, released):
    result = grade(released / path.name)
    assert not result.error, result.error
    for exercise in result.exercises:
        assert (exercise.score, exercise.status) == (0, "failed"), exercise
        assert "not implemented yet" in exercise.detail, exercise
