"""Student versions of the course notebooks: solutions replaced by a stub, hidden tests removed, no outputs.

``release(out_dir)`` writes them (and the figures from ``assets/`` they show) into a folder, and never
overwrites a file unless ``force=True``: every target is checked before anything is written.
"""

import copy
import re
from pathlib import Path

import nbformat

from vpg_helpers.assignments.markers import (
    BEGIN_HIDDEN_TESTS,
    BEGIN_SOLUTION,
    CODE_STUB,
    END_HIDDEN_TESTS,
    END_SOLUTION,
    TEXT_STUB,
    replace_regions,
)
from vpg_helpers.assignments.metadata import add_nbgrader_metadata
from vpg_helpers.notebook.course import NOTEBOOKS
from vpg_helpers.validation import as_bool, as_path, as_paths

__all__ = [
    "asset_files",
    "course_root",
    "course_notebooks",
    "relink_assets",
    "student_version",
    "release",
    "write_copies",
]
_ASSET_LINK = re.compile(r"\.\./assets/([\w./-]+)")


def course_root(start=None):
    """The course folder (holding ``notebooks/`` and ``assets/``): ``start`` (default: the working
    directory) or the nearest folder above it with the course's first notebook in ``notebooks/``.

    The package does not know where its course lives (an installed copy has no notebooks), so the
    instructor tools work from inside the course folder, as ``git`` works from inside a repository.
    """
    here = Path.cwd() if start is None else Path(start)
    for folder in [here.resolve(), *here.resolve().parents]:
        if (folder / "notebooks" / NOTEBOOKS[0].filename).is_file():
            return folder
    raise FileNotFoundError(
        f"no course folder (with notebooks/{NOTEBOOKS[0].filename}) at or above {here}; run this command "
        "inside the course's folder, or pass the notebooks' paths"
    )


def course_notebooks():
    """Paths of the course's notebooks that exist, in course order."""
    paths = [course_root() / "notebooks" / nb.filename for nb in NOTEBOOKS]
    return [path for path in paths if path.exists()]


def student_version(nb, name="notebook"):
    """A student copy of ``nb`` (not modified): stubs for solutions, no hidden tests, outputs or counts.

    Markdown links to ``../assets/`` become ``assets/``, for a folder holding the notebooks and their assets.

    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    ...     "def double(x):\\n    ### BEGIN SOLUTION\\n    return 2 * x\\n    ### END SOLUTION")])
    >>> print(student_version(nb).cells[0].source)
    def double(x):
        raise NotImplementedError()
    """
    student = add_nbgrader_metadata(copy.deepcopy(nb))
    for i, cell in enumerate(student.cells):
        where = f"{name}, cell {i}"
        if cell.cell_type == "code":
            source = replace_regions(cell.source, BEGIN_SOLUTION, END_SOLUTION, CODE_STUB, where)
            cell.source = replace_regions(source, BEGIN_HIDDEN_TESTS, END_HIDDEN_TESTS, None, where)
            cell.outputs, cell.execution_count = [], None
            cell.metadata.pop("execution", None)
        elif cell.cell_type == "markdown":
            cell.source = replace_regions(cell.source, BEGIN_SOLUTION, END_SOLUTION, TEXT_STUB, where)
    student.metadata.pop("widgets", None)
    return relink_assets(student)


def relink_assets(nb):
    """Point ``nb``'s markdown links from ``../assets/`` to ``assets/`` (in place; returns ``nb``), for a
    folder that holds the notebook and an ``assets/`` folder beside it."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = _ASSET_LINK.sub(r"assets/\1", cell.source)
    return nb


def _assets(nb):
    names = {m for cell in nb.cells if cell.cell_type == "markdown" for m in _ASSET_LINK.findall(cell.source)}
    return sorted(names)


def _locate(path):
    """A path as given, or a bare course file name (``03_future_return.ipynb``) found in the course."""
    if path.exists() or path.parent != Path():
        return path
    in_course = course_root() / "notebooks" / path.name
    return in_course if in_course.exists() else path


def _asset_folders(path):
    """Where a notebook's assets may be: beside its folder (as its links say), else in the course folder."""
    try:
        return [path.resolve().parent.parent, course_root()]
    except FileNotFoundError:
        return [path.resolve().parent.parent]


def asset_files(path, nb):
    """``{file name: bytes}`` of the images ``nb`` (read from ``path``) links in ``../assets/``: beside the
    notebook's folder, as the link says, else in the course folder. Names found in neither are left out."""
    files = {}
    for asset in _assets(nb):
        found = [folder / "assets" / asset for folder in _asset_folders(path)]
        found = [source for source in found if source.is_file()]
        if found:
            files[asset] = found[0].read_bytes()
    return files


def release(out_dir, notebooks=None, force=False):
    """Write student versions of ``notebooks`` (default: the whole course) and their assets into ``out_dir``.

    Returns the paths written. Raises FileExistsError, before writing anything, if a target exists and
    ``force`` is False; FileNotFoundError for a missing notebook; ValueError for broken markers.
    """
    return write_copies(out_dir, notebooks, student_version, force)


def write_copies(out_dir, notebooks, version, force=False):
    """Write ``version(nb, name)`` of each notebook (default: the whole course), and the images it links in
    ``../assets/``, into ``out_dir`` and ``out_dir/assets/``; ``release`` explains the rest."""
    out_dir, force = as_path("out_dir", out_dir).expanduser(), as_bool("force", force)
    notebooks = [] if notebooks is None else as_paths("notebooks", notebooks)
    paths = [_locate(p) for p in notebooks] if notebooks else course_notebooks()
    if not paths:
        raise FileNotFoundError("no notebooks to release (pass their paths)")
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise FileNotFoundError(f"no such notebook: {', '.join(missing)}")
    names = [p.name for p in paths]
    if len(set(names)) < len(names):
        raise ValueError(f"notebooks must have distinct file names, got {names}")
    plan = {}  # target -> bytes, all built before anything is written
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        plan[out_dir / path.name] = nbformat.writes(version(nb, path.name)).encode()
        plan.update({out_dir / "assets" / name: data for name, data in asset_files(path, nb).items()})
    existing = [target for target in plan if target.exists()]
    if existing and not force:
        listing = "\n  ".join(str(t) for t in existing)
        raise FileExistsError(
            f"refusing to overwrite {len(existing)} existing file(s); nothing was written:\n  {listing}\n"
            "Release into an empty folder, or pass --force to overwrite them."
        )
    for target, content in plan.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return list(plan)
