"""Re-execute the course notebooks top to bottom and store their outputs; refresh their navigation cells.

    python tools/notebooks.py execute                 # every notebook in notebooks/
    python tools/notebooks.py execute notebooks/03_future_return.ipynb
    python tools/notebooks.py nav                     # only rewrite the navigation cells

`execute` formats the code cells with ruff, rewrites the navigation cells, runs the notebook in a scratch
folder (so nothing it might write lands in the repository) with this Python's kernel, and saves it with
execution counts 1..N. Stored outputs come only from here: never edit them by hand.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from vpg_helpers.assignments.metadata import add_nbgrader_metadata
from vpg_helpers.notebook.course import MARKER, NOTEBOOKS, navigation_markdown

ROOT = Path(__file__).resolve().parents[1]

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def refresh_navigation(nb, filename):
    """Make the first and last cells the generated navigation line (inserting them if missing)."""
    text = navigation_markdown(filename)
    for index in (0, -1):
        cells = nb.cells
        is_nav = cells and cells[index].cell_type == "markdown" and cells[index].source.startswith(MARKER)
        if is_nav:
            cells[index].source = text
        elif index == 0:
            cells.insert(0, nbformat.v4.new_markdown_cell(text))
        else:
            cells.append(nbformat.v4.new_markdown_cell(text))


def drop_widget_views(nb):
    """Remove stored widget views: without the live kernel they can only render as 'model not found'.

    Every widget cell is followed by a static figure of its default state, which readers see instead.
    """
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [out for out in cell.outputs if WIDGET_VIEW not in out.get("data", {})]
    nb.metadata.pop("widgets", None)


def execute(path, timeout):
    nb = nbformat.read(path, as_version=4)
    refresh_navigation(nb, path.name)
    add_nbgrader_metadata(nb)  # nbgrader cell metadata, generated from the exercise markers
    with tempfile.TemporaryDirectory(prefix="vpg-nb-") as scratch:
        env_backup = dict(os.environ)
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
        os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
        try:
            client = NotebookClient(
                nb,
                timeout=timeout,
                kernel_name="python3",
                resources={"metadata": {"path": scratch}},
                store_widget_state=True,
            )  # False crashes nbclient 0.11 on Output widgets
            start = time.perf_counter()
            client.execute()
            seconds = time.perf_counter() - start
        finally:
            os.environ.clear()
            os.environ.update(env_backup)
    drop_widget_views(nb)
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    nbformat.validate(nb)
    nbformat.write(nb, path)
    return seconds


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=["execute", "nav"])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook of the course map")
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell")
    args = parser.parse_args(argv)
    paths = args.notebooks or [ROOT / "notebooks" / nb.filename for nb in NOTEBOOKS]
    paths = [p for p in paths if p.exists() or sys.exit(f"error: no such notebook: {p}")]
    if args.command == "nav":
        for path in paths:
            nb = nbformat.read(path, as_version=4)
            refresh_navigation(nb, path.name)
            nbformat.write(nb, path)
        return
    subprocess.run([sys.executable, "-m", "ruff", "format", "--quiet", *map(str, paths)], check=True)
    for path in paths:
        seconds = execute(path, args.timeout)
        print(f"{path.name}: executed in {seconds:.1f} s")


if __name__ == "__main__":
    main()
