"""Shared test fixtures: the redraw timer of the figure tests, and the ``slow`` marker's quick selection.

Quick inner loop (about a minute, no notebook execution, no long training runs):

    python -m pytest -m "not slow" -n 2

The README's full command (``python -m pytest --nbval -n 2``) runs everything.
"""

import io
import time

import numpy as np
import pytest

REDRAW_BUDGET_MS = 300
"""A widget redraw (draw + render to PNG) should take 150 ms on an idle 2-core machine; tests allow 2x that
in CPU time, which other processes on a shared machine inflate far less than wall-clock time."""


def _redraw_cpu_ms(draw, repeats=7):
    """Median CPU milliseconds of ``draw()`` plus rendering its figure to PNG, after one warm-up (fonts, caches)."""
    draw().savefig(io.BytesIO(), format="png")
    cpu = []
    for _ in range(repeats):
        start = time.process_time()
        draw().savefig(io.BytesIO(), format="png")
        cpu.append(1000 * (time.process_time() - start))
    return float(np.median(cpu))


@pytest.fixture
def redraw_cpu_ms():
    """``redraw_cpu_ms(draw)``: the median CPU time of one redraw, in ms (compare with REDRAW_BUDGET_MS)."""
    return _redraw_cpu_ms


@pytest.fixture
def assert_redraws_fast():
    """``assert_redraws_fast(draw, label)``: fail if the median redraw exceeds REDRAW_BUDGET_MS of CPU time."""

    def check(draw, label=""):
        ms = _redraw_cpu_ms(draw)
        assert ms < REDRAW_BUDGET_MS, f"{label}: median redraw {ms:.0f} ms of CPU time"

    return check
