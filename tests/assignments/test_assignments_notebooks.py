"""The course notebooks as assignments: nbgrader metadata up to date, hidden tests present, student versions
that run top to bottom, and nbgrader accepting the notebooks as they are. Grading: test_assignments_grading.py."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from vpg_helpers.assignments import add_nbgrader_metadata, find_exercises, release, stray_markers
from vpg_helpers.assignments.execute import run_cells
from vpg_helpers.assignments.markers import BEGIN_HIDDEN_TESTS
from vpg_helpers.assignments.release import student_version

pytestmark = pytest.mark.slow  # releases the course and runs every student copy

ROOT = Path(__file__).resolve().parents[2]
PRESENT = sorted((ROOT / "notebooks").glob("*.ipynb"))
BLANK_COPY_SAYS = {
    # notebook -> (what its blank copy must print, what it must never print): later cells that run the
    # learner's functions say they cannot run yet, and claim no result the learner has not produced.
    "07_vpg.ipynb": (["Your VPG cannot train yet", "No run of yours yet"], ["your VPG solved"]),
}
RE_EXECUTE = "re-execute it: python tools/notebooks.py execute notebooks/{}"


def read(path):
    return nbformat.read(path, as_version=4)


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """Student versions of the whole course (the default release), released once for the whole module."""
    out = tmp_path_factory.mktemp("released")
    release(out)
    return out


@pytest.mark.parametrize("path", PRESENT, ids=lambda p: p.name)
class TestAssignment:
    def test_nbgrader_metadata_is_up_to_date(self, path):
        stored = read(path)
        expected = add_nbgrader_metadata(read(path))
        stale = [
            i
            for i, (a, b) in enumerate(zip(stored.cells, expected.cells, strict=True))
            if a.metadata != b.metadata
        ]
        assert not stale, f"cells {stale} lack their nbgrader metadata: " + RE_EXECUTE.format(path.name)

    def test_markers_appear_only_as_marker_lines(self, path):
        found = stray_markers(read(path))
        assert not found, (
            f"a marker quoted outside a code cell's marker line breaks nbgrader (it cuts there): {found}. "
            "Describe it in other words, e.g. 'between the solution markers'."
        )

    def test_every_notebook_with_exercises_has_hidden_tests(self, path):
        nb = read(path)
        tests = [nb.cells[e.test_index].source for e in find_exercises(nb) if e.test_index is not None]
        if not find_exercises(nb):
            pytest.skip("no exercises")
        assert any(BEGIN_HIDDEN_TESTS in source for source in tests), (
            "add hidden tests to at least one check cell"
        )

    def test_test_cells_wrap_their_check_in_graded(self, path):
        """So that nbgrader's Validate and autograde see a failed check (and learners no stray True/False)."""
        nb = read(path)
        bare = [
            nb.cells[e.test_index].source.split("\n")[0]
            for e in find_exercises(nb)
            if not nb.cells[e.test_index].source.startswith(f"graded({e.test_id.rstrip('_0123456789')}(")
        ]
        assert not bare, f"write each visible check as graded(check_x(x)): {bare}"

    def test_student_version_runs_top_to_bottom(self, path, released):
        nb = read(released / path.name)
        code = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]
        runs = run_cells(nb, code, timeout=300, total_timeout=600, grading=False)  # a learner's run
        failed = {i: run for i, run in runs.items() if run.status != "ok"}
        assert not failed, {i: (run, nb.cells[i].source[:200]) for i, run in failed.items()}
        for exercise in find_exercises(nb):
            outputs = nb.cells[exercise.test_index].outputs
            text = "".join(out.get("text", "") for out in outputs)
            assert "not implemented yet" in text, (exercise.name, text[:300])
            # no stray False under the report
            assert not [out for out in outputs if out.output_type == "execute_result"], exercise.name
        text = "".join(out.get("text", "") for i in code for out in nb.cells[i].outputs)
        says, never = BLANK_COPY_SAYS.get(path.name, ([], []))
        assert [s for s in says if s not in text] == [] and [s for s in never if s in text] == []


def test_default_release_is_every_notebook_with_the_assets_it_shows(released):
    linked = {m for path in PRESENT for m in re.findall(r"\.\./assets/([\w./-]+)", path.read_text())}
    expected = {path.name for path in PRESENT} | {f"assets/{name}" for name in linked}
    assert {p.relative_to(released).as_posix() for p in released.rglob("*") if p.is_file()} == expected
    for name in linked:
        assert (released / "assets" / name).read_bytes() == (ROOT / "assets" / name).read_bytes()
    for path in PRESENT:
        assert "../assets/" not in (released / path.name).read_text()


def test_nbgrader_generate_assignment_accepts_the_notebooks(tmp_path):
    pytest.importorskip("nbgrader", reason="nbgrader is installed from requirements-dev.txt")
    source = tmp_path / "source" / "vpg"
    source.mkdir(parents=True)
    for path in PRESENT:
        shutil.copy(path, source)
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path)
    command = [sys.executable, "-m", "nbgrader", "generate_assignment", "vpg", "--force"]
    # nbgrader calls its database tool `alembic` by name: put this Python's scripts first on PATH, as an
    # activated virtual environment does.
    env = {
        **os.environ,
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    }
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    for path in PRESENT:
        text = (tmp_path / "release" / "vpg" / path.name).read_text()
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS"):
            assert marker not in text, (path.name, marker)
        by_id = {
            c.metadata.get("nbgrader", {}).get("grade_id"): c
            for c in nbformat.reads(text, as_version=4).cells
        }
        ours = student_version(read(path))  # nbgrader's student cells are exactly ours
        for exercise in find_exercises(ours):
            assert by_id[exercise.name].source == ours.cells[exercise.solution_index].source
            assert by_id[exercise.test_id].source == ours.cells[exercise.test_index].source
