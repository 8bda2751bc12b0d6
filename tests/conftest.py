"""Shared test fixtures: the redraw timer of the figure tests, and the ``slow`` marker's quick selection.

Quick inner loop (about a minute, no notebook execution, no long training runs):

    python -m pytest -m "not slow" -n 2

The README's full command (``python -m pytest --nbval -n 2``) runs everything.
"""

import io
import time

import numpy as np
import pytest
from matplotlib.figure import Figure

REDRAW_BUDGET_MS = 300
"""A widget redraw (draw + render to PNG) should take 150 ms on an idle 2-core machine; tests allow 2x that."""

REFERENCE_REDRAW_MS = 180
"""CPU milliseconds of ``_reference_redraw`` on an idle core of the reference machine (2-core x86-64, Python
3.11; Python 3.13 takes about 205). A redraw's time is scaled by how much slower the reference runs right now,
so that a loaded or slower machine (CI runs two test workers beside a browser) does not fail a figure whose
cost has not changed: CPU time alone rose 1.8x there."""


def _reference_redraw():
    """A plain two-panel figure like the widgets' (a line plot and a histogram, mathtext labels, legends,
    constrained layout, 9.5 x 3.6 in at 100 dpi), drawn and rendered by matplotlib alone: the yardstick."""
    fig = Figure(figsize=(9.5, 3.6), dpi=100, layout="constrained")
    left, right = fig.subplots(1, 2)
    t = np.arange(200)
    left.plot(t, 20 * np.sin(t / 25), label="$R_t$")
    left.plot(t, 20 * np.cos(t / 25), ls="--", label="$V(s_t)$")
    left.set(title="Reference: two lines", xlabel="time step $t$", ylabel="value")
    left.legend(loc="lower left")
    right.hist(np.sin(0.7 * t), bins=40, histtype="stepfilled", alpha=0.5, label="$G_{0:n}$")
    right.axvline(0.0, color="black")
    right.set(title="Reference: a histogram", xlabel="target", ylabel="count")
    right.legend(loc="upper right")
    return fig


def _cpu_ms(draw):
    """CPU milliseconds of ``draw()`` plus rendering the figure it returns to PNG."""
    start = time.process_time()
    draw().savefig(io.BytesIO(), format="png")
    return 1000 * (time.process_time() - start)


def _redraw_cpu_ms(draw, repeats=7):
    """(median CPU ms of a redraw at the reference machine's idle speed, how much slower this machine runs now).

    Each redraw is timed right beside the reference figure, after one warm-up of both (fonts, caches), so a
    burst of load slows both alike. A faster machine is not given a tighter budget (the slowdown is >= 1).
    """
    for warm_up in (draw, _reference_redraw):
        _cpu_ms(warm_up)
    own, reference = [], []
    for _ in range(repeats):
        own.append(_cpu_ms(draw))
        reference.append(_cpu_ms(_reference_redraw))
    slowdown = max(1.0, float(np.median(reference)) / REFERENCE_REDRAW_MS)
    return float(np.median(own)) / slowdown, slowdown


@pytest.fixture
def assert_redraws_fast():
    """``assert_redraws_fast(draw, label)``: fail if a redraw takes more than REDRAW_BUDGET_MS of CPU time at the
    reference machine's idle speed (see ``_redraw_cpu_ms``)."""

    def check(draw, label=""):
        ms, slowdown = _redraw_cpu_ms(draw)
        assert ms < REDRAW_BUDGET_MS, (
            f"{label}: median redraw {ms:.0f} ms of CPU time at the reference speed "
            f"({ms * slowdown:.0f} ms measured; the reference figure ran {slowdown:.2f}x slower than idle)"
        )

    return check
