"""Every relative link and image of a released student copy resolves inside the release folder."""

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import nbformat
import pytest

from vpg_helpers.assignments.release import release
from vpg_helpers.notebook.course import NOTEBOOKS

MARKDOWN_LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
HTML_SOURCE = re.compile(r"""<(?:img|a)\b[^>]*?(?:src|href)=["']([^"']+)["']""", re.I)


def relative_targets(text):
    """Link and image targets that point at a file (no scheme, not a bare #anchor), without the anchor."""
    for target in MARKDOWN_LINK.findall(text) + HTML_SOURCE.findall(text):
        parsed = urlparse(target)
        if parsed.scheme or parsed.netloc or not parsed.path:
            continue
        yield target, unquote(parsed.path)


def test_relative_targets_finds_links_and_images_and_skips_the_web():
    text = '[a](01_x.ipynb#Sec) ![b](assets/c.svg) [w](https://x.org/y) [s](#top) <img src="d.png">'
    assert [path for _, path in relative_targets(text)] == ["01_x.ipynb", "assets/c.svg", "d.png"]


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    out = tmp_path_factory.mktemp("release")
    release(out)
    return out


def test_every_relative_link_of_a_released_copy_resolves_inside_it(released):
    root, broken, checked = released.resolve(), [], 0
    for nb_info in NOTEBOOKS:
        nb = nbformat.read(released / nb_info.filename, as_version=4)
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != "markdown":
                continue
            for target, path in relative_targets(cell.source):
                resolved = (released / path).resolve()
                checked += 1
                if not resolved.is_file() or root not in resolved.parents:
                    broken.append(f"{nb_info.filename}, cell {i}: {target}")
    assert checked > 2 * len(NOTEBOOKS)  # at least the navigation links of every notebook were seen
    assert not broken, "links that do not resolve in a released copy:\n" + "\n".join(broken)


def test_released_instructions_do_not_mention_solution_markers(released):
    for nb_info in NOTEBOOKS:
        text = Path(released / nb_info.filename).read_text()
        assert "solution-marker" not in text and "BEGIN SOLUTION" not in text, nb_info.filename
