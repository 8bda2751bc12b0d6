"""Instructor tools on small synthetic notebooks: markers, nbgrader metadata, release, and a grader that
survives whatever a submission does (raise, loop forever, kill the kernel, not be JSON, edit its tests)."""

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from nbgrader_course import auto_scores, run_nbgrader

from vpg_helpers.assignments import (
    add_nbgrader_metadata,
    find_exercises,
    grade,
    nbgrader_source,
    release,
    student_version,
)
from vpg_helpers.assignments.grade import assert_checks
from vpg_helpers.assignments.markers import BEGIN_SOLUTION, END_SOLUTION, replace_regions, stray_markers

ROOT = Path(__file__).resolve().parents[2]

SETUP = """\
def make_check(name, cases):
    def check(fn):
        for args, expected in cases:
            try:
                got = fn(*args)
            except NotImplementedError:
                print(f"⏳ {name}: not implemented yet.")
                return False
            except Exception as err:
                print(f"❌ {name}: it raised {type(err).__name__}: {err}")
                return False
            if got != expected:
                print(f"❌ {name}: {args} -> {got!r}, expected {expected!r}")
                return False
        print(f"✅ {name}: all cases pass.")
        return True
    return check

check_double = make_check("check_double", [((1,), 2), ((0,), 0)])
check_triple = make_check("check_triple", [((1,), 3)])
check_square = make_check("check_square", [((3,), 9)])"""


def solution(name, body):
    return f"def {name}(x):\n    {BEGIN_SOLUTION}\n    {body}\n    {END_SOLUTION}"


def graded_cell(name, hidden):
    return f"check_{name}({name})\n### BEGIN HIDDEN TESTS\n{hidden}\n### END HIDDEN TESTS"


def course_notebook():
    cells = [new_markdown_cell("# A tiny course\n![loop](../assets/loop.svg)"), new_code_cell(SETUP)]
    for name, body, hidden in [
        ("double", "return 2 * x", "assert double(5) == 10"),
        ("triple", "return 3 * x", "assert triple(-2) == -6"),
        ("square", "return x * x", "assert square(-4) == 16"),
    ]:
        cells += [
            new_markdown_cell(f"## {name}"),
            new_code_cell(solution(name, body)),
            new_code_cell(graded_cell(name, hidden)),
        ]
    cells.append(new_code_cell("print('after the last test')"))
    return add_nbgrader_metadata(new_notebook(cells=cells))


@pytest.fixture
def course(tmp_path):
    (tmp_path / "course" / "notebooks").mkdir(parents=True)
    (tmp_path / "course" / "assets").mkdir()
    (tmp_path / "course" / "assets" / "loop.svg").write_text("<svg/>")
    path = tmp_path / "course" / "notebooks" / "tiny.ipynb"
    nbformat.write(course_notebook(), path)
    return path


def submit(tmp_path, course, **bodies):
    """A student copy with some solution bodies filled in (by function name)."""
    nb = student_version(nbformat.read(course, as_version=4))
    for cell in nb.cells:
        name = cell.metadata.get("nbgrader", {}).get("grade_id")
        if name in bodies:
            cell.source = f"def {name}(x):\n    {bodies[name]}"
    path = tmp_path / "submission.ipynb"
    nbformat.write(nb, path)
    return nb, path


def by_name(result):
    return {e.exercise: e for e in result.exercises}


# --- markers, metadata, release ---------------------------------------------------------------------


def test_solution_region_keeps_the_indentation_of_its_marker():
    source = "class A:\n    def f(self):\n        y = 1\n        ### BEGIN SOLUTION\n        return y\n        ### END SOLUTION"
    assert replace_regions(source, BEGIN_SOLUTION, END_SOLUTION, "raise NotImplementedError()") == (
        "class A:\n    def f(self):\n        y = 1\n        raise NotImplementedError()"
    )
    compile(replace_regions(source, BEGIN_SOLUTION, END_SOLUTION, "pass"), "cell", "exec")


@pytest.mark.parametrize(
    "source, problem",
    [
        (f"{BEGIN_SOLUTION}\nx = 1", "without a matching"),
        (f"{BEGIN_SOLUTION}\n{BEGIN_SOLUTION}\n{END_SOLUTION}", "nested"),
        (f"x = 1\n{END_SOLUTION}", "without a matching begin"),
    ],
)
def test_broken_markers_are_reported(source, problem):
    with pytest.raises(ValueError, match=problem):
        replace_regions(source, BEGIN_SOLUTION, END_SOLUTION, "stub")


def test_grade_ids_come_from_function_names_and_are_unique():
    pair = [solution("double", "return 2 * x"), "check_double(double)"]
    nb = add_nbgrader_metadata(new_notebook(cells=[new_code_cell(source) for source in pair * 2]))
    ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells]
    assert ids == ["double", "check_double", "double_2", "check_double_2"]


def test_metadata_is_idempotent_keeps_points_and_drops_stale_entries():
    nb = course_notebook()
    nb.cells[4].metadata["nbgrader"]["points"] = 3  # check_double, weighted by an instructor
    nb.cells[0].metadata["nbgrader"] = {"grade": True, "grade_id": "stale", "points": 1}
    once = add_nbgrader_metadata(nb)
    assert "nbgrader" not in once.cells[0].metadata and once.cells[4].metadata["nbgrader"]["points"] == 3
    assert add_nbgrader_metadata(nbformat.reads(nbformat.writes(once), as_version=4)) == once
    solution_meta, test_meta = once.cells[3].metadata["nbgrader"], once.cells[4].metadata["nbgrader"]
    assert (solution_meta["solution"], solution_meta["grade"], solution_meta["locked"]) == (
        True,
        False,
        False,
    )
    assert (test_meta["solution"], test_meta["grade"], test_meta["locked"]) == (False, True, True)


def test_metadata_passes_nbgraders_own_validator():
    v3 = pytest.importorskip("nbgrader.nbgraderformat.v3", reason="nbgrader is in requirements-dev.txt")
    v3.MetadataValidatorV3().validate_nb(course_notebook())


def test_hidden_tests_outside_a_test_cell_are_an_error():
    nb = new_notebook(cells=[new_code_cell("x = 1\n### BEGIN HIDDEN TESTS\nassert x\n### END HIDDEN TESTS")])
    with pytest.raises(ValueError, match="hidden tests outside a test cell"):
        find_exercises(nb)


def test_stray_markers_find_a_marker_quoted_in_prose():
    nb = course_notebook()
    nb.cells.append(new_markdown_cell("Write between `### BEGIN SOLUTION` and `### END SOLUTION`."))
    assert [i for i, _ in stray_markers(nb)] == [len(nb.cells) - 1]


def test_student_version_hides_solutions_and_tests_and_leaves_the_original_alone():
    nb = course_notebook()
    nb.cells[3].outputs, nb.cells[3].execution_count = [nbformat.v4.new_output("stream", text="hi")], 7
    before = nbformat.writes(nb)
    student = student_version(nb)
    assert nbformat.writes(nb) == before
    text = nbformat.writes(student)
    for hidden in ("return 2 * x", "BEGIN SOLUTION", "HIDDEN TESTS", "assert double(5)", "../assets/"):
        assert hidden not in text
    assert student.cells[3].source == "def double(x):\n    raise NotImplementedError()"
    assert student.cells[4].source == "check_double(double)"
    assert all(c.outputs == [] and c.execution_count is None for c in student.cells if c.cell_type == "code")
    assert "![loop](assets/loop.svg)" in student.cells[0].source


def snapshot(folder):
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.rglob("*")) if p.is_file()}


def test_release_writes_notebooks_and_assets_and_never_overwrites_without_force(tmp_path, course):
    out = tmp_path / "out"
    written = release(out, [course])
    assert sorted(written) == [out / "assets" / "loop.svg", out / "tiny.ipynb"]
    other = tmp_path / "course" / "notebooks" / "other.ipynb"
    nbformat.write(course_notebook(), other)
    before = snapshot(out)
    with pytest.raises(FileExistsError, match="nothing was written"):
        release(out, [other, course])  # other.ipynb is new, but tiny.ipynb exists: write nothing at all
    assert snapshot(out) == before and not (out / "other.ipynb").exists()
    (out / "tiny.ipynb").write_text("my work")
    release(out, [course], force=True)
    assert "raise NotImplementedError()" in (out / "tiny.ipynb").read_text()


@pytest.mark.slow  # runs nbgrader / subprocesses
def test_release_command_line_refuses_a_second_release(tmp_path, course):
    def run(*args):
        command = [
            sys.executable,
            "-m",
            "vpg_helpers.assignments",
            "release",
            str(tmp_path / "out"),
            str(course),
        ]
        return subprocess.run([*command, *args], capture_output=True, text=True)

    assert run().returncode == 0
    before = snapshot(tmp_path / "out")
    second = run()
    assert second.returncode == 1 and "refusing to overwrite" in second.stderr and "--force" in second.stderr
    assert snapshot(tmp_path / "out") == before
    assert run("--force").returncode == 0


def test_assert_checks_makes_a_failing_check_raise():
    source = "x = 1\ncheck_double(\n    double,\n)  # the visible check\nprint(check_double)"
    rewritten = assert_checks(source)
    assert rewritten.startswith("x = 1\nassert check_double(\n") and rewritten.endswith("print(check_double)")
    with pytest.raises(AssertionError, match="check_double did not pass"):
        exec(rewritten, {"check_double": lambda fn: False, "double": None})
    exec(rewritten, {"check_double": lambda fn: True, "double": None})
    assert assert_checks("%time check_double(double)") == "%time check_double(double)"  # not Python: as is


# --- the grader ---------------------------------------------------------------------------------------


def test_course_copy_gets_full_marks_and_cells_after_the_last_test_do_not_run(course):
    result = grade(course, source=course)
    assert (result.score, result.max_score) == (3, 3), result
    assert all(e.status == "passed" for e in result.exercises)


def test_raising_and_looping_submissions_score_zero_and_the_rest_is_still_graded(tmp_path, course):
    _, path = submit(
        tmp_path, course, double="raise ValueError('boom')", triple="while True: pass", square="return x * x"
    )
    result = by_name(grade(path, source=course, timeout=3))
    assert result["double"].score == 0 and result["double"].status == "failed"
    assert "ValueError: boom" in result["double"].detail
    assert result["triple"].score == 0 and result["triple"].status == "timed out"
    assert "longer than 3 s" in result["triple"].detail
    assert result["square"].score == 1, result["square"]


def test_hidden_tests_and_locked_cells_come_from_the_course(tmp_path, course):
    nb, path = submit(
        tmp_path, course, double="return 2 if x == 1 else 0", triple="return 0", square="return my_square(x)"
    )
    assert nb.cells[7].source.startswith("check_triple") and nb.cells[10].source.startswith("check_square")
    nb.cells[7].source = "pass  # the learner edited the check away"
    del nb.cells[10]  # and deleted this one
    nb.cells.insert(2, new_code_cell("def my_square(x):\n    return x**2"))  # a cell the learner added
    nbformat.write(nb, path)
    result = by_name(grade(path, source=course))
    assert result["double"].score == 0 and "hidden tests failed" in result["double"].detail
    assert result["triple"].score == 0 and "❌ check_triple" in result["triple"].detail
    assert result["square"].score == 1, result["square"]  # its test is back, and the added cell ran


def test_a_submission_that_ends_python_scores_zero(tmp_path, course):
    _, path = submit(tmp_path, course, double="return 2 * x", triple="import os; os._exit(3)")
    result = by_name(grade(path, source=course, timeout=20))
    assert result["double"].score == 1
    assert result["triple"].score == 0 and "kernel died" in result["triple"].detail
    assert result["square"].status == "not run"


def test_the_overall_time_limit_stops_grading(tmp_path, course):
    _, path = submit(tmp_path, course, double="return 2 * x")
    nb = nbformat.read(path, as_version=4)
    stubborn = "while True:\n    try:\n        sum(range(10**6))\n    except BaseException:\n        pass"
    nb.cells.insert(2, new_code_cell(stubborn))  # ignores the interrupt: only the overall limit ends it
    nbformat.write(nb, path)
    result = grade(path, source=course, timeout=2, total_timeout=6)
    assert result.score == 0 and all(e.status in ("not run", "timed out") for e in result.exercises)


@pytest.mark.parametrize(
    "content", ["{not json", '{"cells": 3}', ""], ids=["not-json", "not-a-notebook", "empty"]
)
def test_a_malformed_submission_scores_zero_with_the_reason(tmp_path, course, content):
    path = tmp_path / "tiny.ipynb"
    path.write_text(content)
    result = grade(path, source=course)
    assert [e.score for e in result.exercises] == [0, 0, 0]
    assert all("not a valid notebook" in e.detail for e in result.exercises)


def test_missing_solution_cell_scores_zero_and_says_so(tmp_path, course):
    nb, path = submit(tmp_path, course, double="return 2 * x")
    del nb.cells[3]
    nbformat.write(nb, path)
    result = by_name(grade(path, source=course))
    assert result["double"].score == 0 and "missing from the submission" in result["double"].detail


def test_grade_command_line_json_and_table(tmp_path, course):
    path = tmp_path / "not_a_course_notebook.ipynb"
    path.write_text("{")
    command = [sys.executable, "-m", "vpg_helpers.assignments", "grade", str(path)]
    table = subprocess.run(command, capture_output=True, text=True)
    assert table.returncode == 0 and "not graded" in table.stdout and "--source" in table.stdout
    out = subprocess.run([*command, "--source", str(course), "--json"], capture_output=True, text=True)
    (result,) = json.loads(out.stdout)
    assert (result["score"], result["max_score"], result["notebook"]) == (0, 3, "tiny.ipynb")
    assert os.path.basename(result["submission"]) == path.name


@pytest.mark.slow  # runs nbgrader / subprocesses
def test_nbgrader_autograde_counts_a_failed_visible_check_and_restores_missing_test_cells(tmp_path, course):
    """With nbgrader_config.py, a check that fails costs the points even when the hidden tests pass, and a
    test cell deleted from a submission, or stripped of its nbgrader metadata, is put back and graded."""
    pytest.importorskip("nbgrader.api", reason="nbgrader is installed from requirements-dev.txt")
    nbg = tmp_path / "nbg"
    (nbg / "source" / "ps").mkdir(parents=True)
    nbformat.write(nbformat.read(course, as_version=4), nbg / "source" / "ps" / "tiny.ipynb")
    subprocess.run(["cp", str(ROOT / "nbgrader_config.py"), str(nbg)], check=True)
    run_nbgrader(nbg, "generate_assignment", "ps", "--force")
    released = nbformat.read(nbg / "release" / "ps" / "tiny.ipynb", as_version=4)
    right = {"double": "return 2 * x", "triple": "return 3 * x", "square": "return x * x"}
    for student, bodies in {
        "alice": {"double": "return 2 * x if x != 0 else 1", "triple": "return 3 * x"},  # double: check fails
        "bob": right,
        "carol": right,  # deletes check_triple's cell and strips check_square's metadata (below)
    }.items():
        nb = copy.deepcopy(released)
        for cell in nb.cells:
            name = cell.metadata.get("nbgrader", {}).get("grade_id")
            if name in bodies:
                cell.source = f"def {name}(x):\n    {bodies[name]}"
            if student == "carol" and name == "check_square":
                del cell.metadata["nbgrader"]
        if student == "carol":
            nb.cells = [
                c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "check_triple"
            ]
        (nbg / "submitted" / student / "ps").mkdir(parents=True)
        nbformat.write(nb, nbg / "submitted" / student / "ps" / "tiny.ipynb")
    log = run_nbgrader(nbg, "autograde", "ps", "--force").stderr
    scores = {
        student: {name: score for name, (score, _) in grades.items()}
        for student, grades in auto_scores(nbg, "ps", "tiny", ["alice", "bob", "carol"]).items()
    }
    assert scores["alice"] == {"check_double": 0, "check_triple": 1, "check_square": 0}
    assert scores["bob"] == {"check_double": 1, "check_triple": 1, "check_square": 1}
    assert scores["carol"] == {"check_double": 1, "check_triple": 1, "check_square": 1}, log[-3000:]
    assert "Missing grade cell check_triple" in log and "Missing grade cell check_square" in log
    assert "Attribute 'checksum'" not in log  # nobody edited a test cell: no false alarms (nbgrader#1961)


@pytest.mark.slow  # runs nbgrader / subprocesses
def test_nbgrader_config_stops_nbgrader_when_vpg_helpers_cannot_be_imported(tmp_path, course):
    pytest.importorskip("nbgrader.api", reason="nbgrader is installed from requirements-dev.txt")
    (tmp_path / "source" / "ps").mkdir(parents=True)
    nbformat.write(nbformat.read(course, as_version=4), tmp_path / "source" / "ps" / "tiny.ipynb")
    subprocess.run(["cp", str(ROOT / "nbgrader_config.py"), str(tmp_path)], check=True)
    done = run_nbgrader(
        tmp_path,
        "generate_assignment",
        "ps",
        check=False,
        python_prelude="import sys; sys.modules['vpg_helpers'] = None  # as if not installed",
    )
    assert done.returncode != 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "nbgrader_config.py: " in done.stderr and "Run nbgrader with the Python" in done.stderr
    assert not (tmp_path / "release").exists()


def test_nbgrader_source_lays_out_the_assignment_with_its_images_and_config(tmp_path, course):
    written = nbgrader_source(tmp_path / "nbg", "ps1", [course])
    folder = tmp_path / "nbg" / "source" / "ps1"
    assert sorted(written) == sorted(
        [folder / "tiny.ipynb", folder / "assets" / "loop.svg", tmp_path / "nbg" / "nbgrader_config.py"]
    )
    nb = nbformat.read(folder / "tiny.ipynb", as_version=4)
    assert "![loop](assets/loop.svg)" in nb.cells[0].source  # the link points into the assignment folder
    assert "return 2 * x" in nb.cells[3].source and nb.cells[4].metadata["nbgrader"]["grade"]  # a source copy
    assert (tmp_path / "nbg" / "nbgrader_config.py").read_text() == (ROOT / "nbgrader_config.py").read_text()
    with pytest.raises(FileExistsError, match="nothing was written"):
        nbgrader_source(tmp_path / "nbg", "ps1", [course])
    with pytest.raises(ValueError, match="plain folder name"):
        nbgrader_source(tmp_path / "nbg", "../ps1", [course])


def test_a_graded_test_cell_gets_its_check_id_and_scores_like_a_bare_one(tmp_path, course):
    nb = nbformat.read(course, as_version=4)
    for cell in nb.cells:
        if cell.source.startswith("check_"):
            first, _, rest = cell.source.partition("\n")
            cell.source = f"graded({first})\n{rest}"
    nb.cells[1].source += "\nfrom vpg_helpers.notebook.graded import graded"
    add_nbgrader_metadata(nb)
    assert [e.test_id for e in find_exercises(nb)] == ["check_double", "check_triple", "check_square"]
    wrapped = tmp_path / "course" / "notebooks" / "wrapped.ipynb"
    nbformat.write(nb, wrapped)
    _, path = submit(tmp_path, wrapped, double="return 2 if x == 1 else 0", triple="return 0")
    result = by_name(grade(path, source=wrapped))
    assert result["double"].score == 0 and "hidden tests failed" in result["double"].detail
    assert result["triple"].score == 0 and "❌ check_triple" in result["triple"].detail
    assert result["square"].score == 0 and "not implemented yet" in result["square"].detail
    assert grade(wrapped, source=wrapped).score == 3


def test_release_finds_a_course_notebook_by_its_bare_name_from_inside_the_course(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT / "tests")  # any folder inside the course
    assert release(tmp_path / "out", ["00_welcome.ipynb"])[0] == tmp_path / "out" / "00_welcome.ipynb"
    with pytest.raises(FileNotFoundError, match="no such notebook: nope.ipynb"):
        release(tmp_path / "again", ["nope.ipynb"])
    monkeypatch.chdir(tmp_path)  # outside it, the default release says where it looked
    with pytest.raises(FileNotFoundError, match="no course folder"):
        release(tmp_path / "elsewhere")
