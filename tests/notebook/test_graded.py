"""graded(check_x(x)): quiet in a learner's run, raises on a failed check when a grader runs the notebook."""

import pytest

from vpg_helpers.notebook.graded import GRADING_VARIABLE, graded, grading


def test_a_learners_run_never_raises_and_shows_nothing(monkeypatch):
    monkeypatch.delenv(GRADING_VARIABLE, raising=False)
    assert not grading()
    assert graded(True) is None and graded(False) is None


@pytest.mark.parametrize(
    "mode", ["validate", "autograde"]
)  # nbgrader's values (the course grader: autograde)
def test_when_graded_a_failed_check_raises_and_a_passed_one_does_not(monkeypatch, mode):
    monkeypatch.setenv(GRADING_VARIABLE, mode)
    assert grading()
    assert graded(True) is None
    with pytest.raises(AssertionError, match="the check did not pass"):
        graded(False)


def test_none_is_not_a_check_result(monkeypatch):
    monkeypatch.delenv(GRADING_VARIABLE, raising=False)
    with pytest.raises(TypeError, match="expected what a check returned"):
        graded(None)
