"""Hygiene of the stored notebooks: what strict nbval does not check by itself."""

import json
import re
from pathlib import Path

import pytest

from vpg_helpers.notebook.course import NOTEBOOKS, navigation_markdown

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
PRESENT = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
REQUIRED_HEADINGS = [
    "What you'll learn",
    "Prerequisites",
    "Summary",
    "Check your understanding",
    "Further reading",
]
# Cells whose output truly varies run after run: live widgets, progress bars, timings.
VARYING = re.compile(
    r"interactive_figure\(|interact\(|hyperparameter_panel\(|bug_explorer\(|tqdm|progress|perf_counter|time\.time\(|%%time|%timeit"
)


def load(path):
    return json.loads(path.read_text())


def source(cell):
    return "".join(cell["source"])


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code" and source(c).strip()]


def test_every_notebook_is_on_the_course_map():
    known = {nb.filename for nb in NOTEBOOKS}
    assert PRESENT, "no notebooks found"
    assert {p.name for p in PRESENT} <= known


@pytest.mark.parametrize("path", PRESENT, ids=lambda p: p.name)
class TestNotebook:
    def test_executed_top_to_bottom(self, path):
        counts = [c["execution_count"] for c in code_cells(load(path))]
        assert counts == list(range(1, len(counts) + 1)), "re-execute with: python tools/notebooks.py execute"

    def test_no_error_outputs(self, path):
        for cell in code_cells(load(path)):
            assert all(out["output_type"] != "error" for out in cell["outputs"]), source(cell)[:200]

    def test_navigation_first_and_last(self, path):
        cells = load(path)["cells"]
        expected = navigation_markdown(path.name)
        assert source(cells[0]) == expected and source(cells[-1]) == expected

    def test_small_enough_for_github(self, path):
        assert path.stat().st_size < 2_000_000

    def test_skeleton_headings(self, path):
        markdown = "\n".join(source(c) for c in load(path)["cells"] if c["cell_type"] == "markdown")
        missing = [
            h for h in REQUIRED_HEADINGS if not re.search(rf"^#+ .*{re.escape(h)}", markdown, re.M | re.I)
        ]
        assert not missing, f"missing sections: {missing}"

    def test_ignore_output_only_where_output_varies(self, path):
        for cell in code_cells(load(path)):
            tags = cell["metadata"].get("tags", [])
            varies = bool(VARYING.search(source(cell)))
            assert ("nbval-ignore-output" in tags) == varies, (
                f"tag nbval-ignore-output must be on exactly the widget/progress/timing cells:\n{source(cell)[:300]}"
            )

    def test_widgets_have_a_static_figure_for_readers(self, path):
        cells = code_cells(load(path))
        for i, cell in enumerate(cells):
            if "interactive_figure(" in source(cell):
                neighbours = cells[max(i - 1, 0) : i + 2]
                has_png = any("image/png" in out.get("data", {}) for c in neighbours for out in c["outputs"])
                assert has_png, (
                    f"widget cell without a stored static figure next to it:\n{source(cell)[:300]}"
                )

    def test_every_exercise_is_followed_by_its_check(self, path):
        cells = load(path)["cells"]
        for i, cell in enumerate(cells):
            if cell["cell_type"] == "code" and "### BEGIN SOLUTION" in source(cell):
                following = next(c for c in cells[i + 1 :] if c["cell_type"] == "code")
                assert re.search(r"check_\w+\(", source(following)), f"no check after:\n{source(cell)[:300]}"

    def test_outputs_hold_no_memory_addresses_or_tracebacks(self, path):
        text = json.dumps([c.get("outputs", []) for c in code_cells(load(path))])
        assert "Traceback" not in text
        assert not re.search(r"at 0x[0-9a-f]{6,}", text), "an output shows an object's repr with its address"


def test_readme_course_map_matches_the_course():
    """The README's map and vpg_helpers.course (which the navigation cells use) list the same notebooks."""
    readme = (NOTEBOOK_DIR.parent / "README.md").read_text()
    rows = re.findall(r"^\| (\d\d) \| \[[^\]]+\]\(notebooks/([\w.]+)\) \|.*\| (\d+) \|$", readme, re.M)
    assert [(f"notebooks/{f}", int(m)) for _, f, m in rows] == [
        (f"notebooks/{nb.filename}", nb.minutes) for nb in NOTEBOOKS
    ]
