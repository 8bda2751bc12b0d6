"""Notebook 07's figures and widgets: they draw what they say, redraw fast, and the panel really trains."""

import io

import numpy as np
import pytest
from figure_checks import assert_fills_x, assert_readable
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from vpg_helpers.notebook.figures.vpg import (
    axis_end,
    draw_frames,
    draw_learning_curves,
    moving_average_return,
)


def test_moving_average_is_the_mean_of_the_last_window_episodes():
    returns = np.random.default_rng(0).normal(size=50)
    expected = [returns[max(0, i - 19) : i + 1].mean() for i in range(50)]
    assert np.allclose(moving_average_return(returns, 20), expected)


def test_learning_curves_are_labelled_and_fast(assert_redraws_fast):
    rng = np.random.default_rng(1)
    ends = np.cumsum(rng.integers(10, 500, size=200))
    runs = {"seed 0": (ends, rng.uniform(0, 500, size=200)), "seed 1": (ends, rng.uniform(0, 500, size=200))}
    assert_redraws_fast(
        lambda: draw_learning_curves(runs, threshold=475.0, title="CartPole-v1", max_steps=100_000)
    )
    fig = draw_learning_curves(runs, threshold=475.0, title="CartPole-v1", max_steps=100_000)
    ax = fig.axes[0]
    assert isinstance(fig, Figure) and ax.get_title() == "CartPole-v1"
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_xlim() == (0, axis_end(ends[-1], 100_000))
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["seed 0 (mean of last 20)", "seed 1 (mean of last 20)", "solved: 475"]
    line = ax.get_lines()[0]
    assert np.allclose(line.get_ydata(), moving_average_return(runs["seed 0"][1]))
    empty = draw_learning_curves({}, threshold=None)  # the live plot starts with no episodes
    assert len(empty.axes[0].get_lines()) == 0


@pytest.mark.parametrize("episodes", [3, 40, 120, 400])
def test_a_live_curve_fills_its_axis_at_every_stage_and_solved_stays_inside(episodes):
    """A 200k-step budget solved at ~34k steps: the live plot's x-axis follows the data, not the budget,
    and the "solved" label at the last point is not cut off at the figure's edge."""
    ends = np.arange(1, episodes + 1) * 85
    returns = np.minimum(500.0, np.arange(1, episodes + 1) * 500 / 380)
    runs = {"seed 0": (ends, returns)}
    for max_steps in (200_000, None):
        fig = draw_learning_curves(runs, threshold=475.0, title="VPG on CartPole-v1", max_steps=max_steps)
        assert_fills_x(fig)
        assert_readable(fig)
    assert axis_end(ends[-1], 200_000) <= 200_000
    assert axis_end(250_000, 200_000) == 200_000


def test_solved_marks_where_a_run_first_solved_even_if_it_trains_on_or_falls_back():
    ends = np.arange(1, 201) * 500
    rising = np.minimum(500.0, np.arange(1, 201) * 5.0)  # solves near episode 100, then trains on
    fallen = np.where(np.arange(200) < 150, rising, 20.0)  # and then falls back
    for returns in (rising, fallen):
        fig = draw_learning_curves({"seed 0": (ends, returns)}, threshold=475.0, max_steps=200_000)
        (label,) = [t for t in fig.axes[0].texts if t.get_text() == "solved"]
        i = next(i for i in range(19, 200) if returns[i - 19 : i + 1].mean() >= 475)  # the first full window
        assert label.xy == (ends[i], returns[i - 19 : i + 1].mean()) and 100 < i < 150
    never = draw_learning_curves({"seed 0": (ends, np.full(200, 100.0))}, threshold=475.0)
    assert not never.axes[0].texts
    both = draw_learning_curves({"course": (ends, rising), "yours": (ends + 3000, rising)}, threshold=475.0)
    first, second = both.axes[0].texts  # two runs solving 3k steps apart: the labels must not overlap
    renderer = FigureCanvasAgg(both).get_renderer()
    for text in (first, second):
        text.update_positions(renderer)
    boxes = [Text.get_window_extent(text, renderer) for text in (first, second)]  # not the leader lines
    assert not boxes[0].overlaps(boxes[1])


def test_the_figure_checks_catch_what_they_are_for():
    """Each check fails on a figure that has its defect (so none of them passes whatever it is given)."""
    from figure_checks import clipped_texts, legend_overlaps

    from vpg_helpers.notebook.plotting import new_figure

    fig, ax = new_figure(width=4, height=3)
    ax.plot(np.arange(10), np.arange(10), label="data")
    ax.set_xlim(0, 100)
    with pytest.raises(AssertionError, match="data reach"):
        assert_fills_x(fig)
    ax.set_xlim(0, 9)
    ax.legend(loc="upper left")
    ax.plot(np.linspace(0, 9, 200), np.full(200, 8.8))  # a line through the legend's corner
    assert legend_overlaps(fig)
    fig, ax = new_figure(width=4, height=3)
    fig.set_layout_engine("none")  # a constrained layout would make room for the text
    ax.annotate("solved", (1.0, 0.5), xytext=(40, 0), textcoords="offset points")
    assert clipped_texts(fig)


def test_frames_strip():
    frames = [np.full((40, 60, 3), i, dtype=np.uint8) for i in range(11)]
    fig = draw_frames(frames, n_frames=4, title="greedy policy")
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["t = 0", "t = 3", "t = 7", "t = 10"]
    with pytest.raises(ValueError, match="frames"):
        draw_frames([])


def test_training_runs_on_one_blas_thread_and_restores_the_count():
    from threadpoolctl import threadpool_info

    import vpg_helpers.vpg as vpg

    before = [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]
    seen = []

    def update(*args):  # the update hook runs inside the loop: record the thread count there
        seen.append([pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"])
        return {}

    vpg.train(vpg.VPGConfig.for_env("CartPole-v1", total_steps=1000), update=update)
    assert seen and all(threads == [1] * len(before) for threads in seen)
    assert [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"] == before


def _fake_bars(monkeypatch):
    """Record the panel module's tqdm bars (written to a string) and its displayed figures."""
    from tqdm.std import tqdm as std_tqdm

    import vpg_helpers.notebook.panel as vpg_panel

    bars, shown = [], []

    class Bar(std_tqdm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, file=io.StringIO(), **kwargs)
            bars.append(self)

    class Handle:
        def update(self, fig):
            shown.append(fig)

    def fake_display(fig, **kwargs):
        shown.append(fig)
        return Handle()

    monkeypatch.setattr(vpg_panel, "tqdm", Bar)
    monkeypatch.setattr(vpg_panel, "display", fake_display)
    return vpg_panel, bars, shown


def _info(epoch, env_steps, solved):
    ends = np.arange(100, env_steps + 1, 100)
    return {
        "epoch": epoch,
        "env_steps": env_steps,
        "mean_return": 480.0 if solved else 20.0,
        "solved": solved,
        "episode_end_steps": ends,
        "episode_returns": np.full(len(ends), 480.0 if solved else 20.0),
    }


@pytest.mark.parametrize("solved_at", [34_000, None])
def test_live_progress_ends_full_when_solved_early_and_scales_its_units(monkeypatch, solved_at):
    from tqdm.std import tqdm as std_tqdm

    from vpg_helpers.vpg import VPGConfig

    vpg_panel, bars, shown = _fake_bars(monkeypatch)
    config = VPGConfig.for_env("CartPole-v1", total_steps=200_000)
    callback = vpg_panel.live_progress(config, label="seed 0", earlier_runs={"old": ([100], [10.0])})
    callback(_info(1, 4000, solved=False))
    last = solved_at or config.total_steps
    callback(_info(2, last, solved=solved_at is not None))
    (bar,) = bars
    assert bar.n == last and bar.total == last  # full bar: tqdm shows a closed, unfinished bar in red
    assert ("solved" in bar.desc) == (solved_at is not None)
    text = bar.fp.getvalue()
    done = std_tqdm.format_sizeof(last)  # unit_scale: "34.0k", not "34000"
    assert f"{done}/{done}" in text and " steps/s" in text
    assert len(shown) == 3  # the empty start, then one redraw per epoch
    labels = [t.get_text() for t in shown[-1].axes[0].get_legend().get_texts()]
    assert labels[:2] == ["old (mean of last 20)", "seed 0 (mean of last 20)"]


def test_live_progress_goes_on_after_solving_when_the_run_does(monkeypatch):
    """stop_when_solved=False (notebook 08's healthy run): "solved" shows, but the bar runs to the budget."""
    from vpg_helpers.vpg import VPGConfig

    vpg_panel, bars, shown = _fake_bars(monkeypatch)
    config = VPGConfig.for_env("CartPole-v1", total_steps=100_000, stop_when_solved=False)
    callback = vpg_panel.live_progress(config)
    callback(_info(1, 40_000, solved=True))
    (bar,) = bars
    assert "solved" in bar.desc and bar.total == 100_000 and not bar.disable and len(shown) == 2
    callback(_info(2, 100_000, solved=True))
    assert bar.n == bar.total == 100_000 and len(shown) == 3


def test_set_total_moves_the_notebook_bars_maximum_too():
    """tqdm.notebook's widget keeps its first total as its max unless set_total updates it."""
    from tqdm.notebook import tqdm as notebook_tqdm

    from vpg_helpers.notebook.panel import set_total

    bar = notebook_tqdm(total=200_000, display=False)
    bar.update(34_000)
    set_total(bar, bar.n)
    assert bar.total == 34_000 and bar.container.children[1].max == 34_000
    bar.close()
