"""Lay out an nbgrader assignment: ``<course>/source/<assignment>/`` with the notebooks and their images.

nbgrader releases, grades and returns an assignment's folder, and nothing outside it: a notebook that shows
``../assets/vpg_loop.svg`` loses its image. So the notebooks go in with their links pointing at ``assets/``
and the images into ``source/<assignment>/assets/``, which ``nbgrader generate_assignment`` copies into the
release and ``nbgrader generate_feedback`` next to the feedback.

    python -m vpg_helpers.assignments nbgrader-source COURSE_DIR ASSIGNMENT [NOTEBOOK ...] [--force]
"""

import copy
import shutil
from pathlib import Path

from vpg_helpers.assignments.metadata import add_nbgrader_metadata
from vpg_helpers.assignments.release import course_root, relink_assets, write_copies

__all__ = ["nbgrader_source"]


def _source_version(nb, name):
    return relink_assets(add_nbgrader_metadata(copy.deepcopy(nb)))


def nbgrader_source(course_dir, assignment, notebooks=None, force=False):
    """Write ``course_dir/source/<assignment>/`` (notebooks, ``assets/``) and ``nbgrader_config.py`` if absent.

    ``notebooks``: paths or course file names (default: the whole course). Returns the paths written. Never
    overwrites without ``force`` (FileExistsError before writing anything, as ``release``).
    """
    if not str(assignment).strip() or Path(assignment).name != assignment:
        raise ValueError(f"assignment must be a plain folder name like 'ps1', got {assignment!r}")
    course_dir = Path(course_dir).expanduser()
    config = course_dir / "nbgrader_config.py"
    ours = None if config.exists() else _course_config(notebooks)
    written = write_copies(course_dir / "source" / assignment, notebooks, _source_version, force)
    if ours is not None:
        shutil.copyfile(ours, config)
        written.append(config)
    return written


def _course_config(notebooks):
    """The course's ``nbgrader_config.py``: beside the notebooks' folder, else in the course folder."""
    folders = [Path(p).resolve().parent.parent for p in notebooks or []]
    try:
        folders.append(course_root())
    except FileNotFoundError:
        pass
    for folder in folders:
        if (folder / "nbgrader_config.py").is_file():
            return folder / "nbgrader_config.py"
    raise FileNotFoundError(
        "no nbgrader_config.py beside the notebooks' folder or in the course folder: run this inside the "
        "course's folder"
    )
