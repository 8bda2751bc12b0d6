"""Notebook 08's figures: the diagnostics panels draw the stored curves, are readable, and redraw fast."""

import time

import numpy as np
import pytest
from figure_checks import assert_fills_x, assert_readable

from vpg_helpers.debugging import BUGS
from vpg_helpers.debugging.zoo import load_zoo
from vpg_helpers.notebook.figures.debugging import (
    HEALTHY_COLOUR,
    PANELS,
    bug_explorer,
    bug_vs_healthy_redraw,
    draw_bug_vs_healthy,
    draw_diagnostics,
)


def fake_run(epochs=50, scale=1.0):
    rng = np.random.default_rng(int(scale * 10))
    return {
        "env_steps": [2000 * (i + 1) for i in range(epochs)],
        "mean_return": [None] + list(np.linspace(20, 500 * scale, epochs - 1)),
        "entropy": list(np.linspace(0.69, 0.3 * scale, epochs)),
        "approx_kl": list(np.abs(rng.normal(0.01, 0.01, epochs))),
        "explained_variance": [-3.0] + list(rng.uniform(-0.5, 1.0, epochs - 1)),
        "grad_norm": list(rng.uniform(0.1, 2.0, epochs)),
    }


def test_draw_diagnostics_draws_each_stored_curve_on_its_panel():
    runs = {"sign flipped": fake_run(scale=0.1), "healthy": fake_run()}
    fig = draw_diagnostics(runs, threshold=475.0, title="CartPole-v1", caption="What the bug does. " * 12)
    assert_readable(fig)
    axes = fig.axes
    assert [ax.get_title() for ax in axes[:5]] == [label for _, label in PANELS]
    for ax, (key, _) in zip(axes, PANELS, strict=False):
        healthy, bug = ax.get_lines()[:2]
        assert healthy.get_label() == "healthy" and healthy.get_color() == HEALTHY_COLOUR  # drawn first, grey
        assert np.allclose(healthy.get_xdata(), np.arange(1, 51) * 2.0)  # thousands of env steps
        expected = np.array([np.nan if v is None else v for v in runs["healthy"][key]])
        if key == "explained_variance":
            expected = np.clip(expected, -1, 1)
        if key == "approx_kl":
            expected[expected <= 0] = np.nan
        assert np.allclose(healthy.get_ydata(), expected, equal_nan=True), key
        assert ax.get_shared_x_axes().joined(ax, axes[0])
    assert axes[2].get_yscale() == "log"
    assert axes[0].get_lines()[-1].get_ydata()[0] == 475.0  # the threshold line
    labels = [t.get_text() for t in axes[5].get_legend().get_texts()]
    assert labels == ["healthy", "sign flipped", "solved: 475"]
    assert all(ax.get_xlabel() for ax in axes[2:5]) and fig._suptitle.get_text().startswith("CartPole-v1")


def test_two_healthy_runs_are_told_apart_by_line_style_in_the_legend_too():
    runs = {"healthy, seed 1": fake_run(), "healthy, seed 3": fake_run(scale=0.9), "A": fake_run(scale=0.5)}
    fig = draw_diagnostics(runs, threshold=475.0)
    for ax in fig.axes[:5]:
        first, second, bug = ax.get_lines()[:3]
        assert first.get_color() == second.get_color() == HEALTHY_COLOUR != bug.get_color()
        assert len({first.get_linestyle(), second.get_linestyle()}) == 2 and bug.get_linestyle() == "-"
    legend = fig.axes[5].get_legend()
    styles = {
        t.get_text(): h.get_linestyle()
        for t, h in zip(legend.get_texts(), legend.legend_handles, strict=True)
    }
    assert styles["healthy, seed 1"] != styles["healthy, seed 3"]


@pytest.mark.parametrize("env_id", ["CartPole-v1", "InvertedPendulum-v5"])
def test_bug_vs_healthy_shows_the_same_seed_and_redraws_fast(env_id, assert_redraws_fast):
    zoo = load_zoo()
    bugs = [name for name in zoo["runs"][env_id] if name != "healthy"]
    for bug in bugs:
        fig = draw_bug_vs_healthy(zoo, env_id, bug, seed=2)
        assert_readable(fig)
        assert_fills_x(fig, fraction=0.9)  # the whole budget: every curve reaches the end of the axis
        healthy, broken = fig.axes[0].get_lines()[:2]
        stored = next(run for run in zoo["runs"][env_id][bug] if run["seed"] == 2)
        assert np.allclose(broken.get_ydata(), [np.nan if v is None else v for v in stored["mean_return"]],
                           equal_nan=True)  # fmt: skip
        assert healthy.get_label() == "healthy" and broken.get_label() == BUGS[bug].title
        assert fig._suptitle.get_text().startswith(f"{env_id}, seed 2: {BUGS[bug].title} ({bug}) vs healthy")
        assert BUGS[bug].what[:40] in fig._suptitle.get_text().replace("\n", " ")


@pytest.mark.parametrize("env_id", ["CartPole-v1", "InvertedPendulum-v5"])
def test_the_widgets_redraw_updates_one_figure_to_what_a_new_one_shows(env_id, assert_redraws_fast):
    zoo = load_zoo()
    bugs = [name for name in zoo["runs"][env_id] if name != "healthy"]
    redraw = bug_vs_healthy_redraw(zoo, env_id)
    first = redraw(bugs[0], 0)
    for bug, seed in [(bugs[-1], 3), (bugs[0], 4), (bugs[1 % len(bugs)], 1)]:
        fig, fresh = redraw(bug, seed), draw_bug_vs_healthy(zoo, env_id, bug, seed)
        assert fig is first and fig._suptitle.get_text() == fresh._suptitle.get_text()
        for ax, new in zip(fig.axes[:5], fresh.axes[:5], strict=True):
            for line, new_line in zip(ax.get_lines(), new.get_lines(), strict=True):
                assert np.allclose(line.get_xydata(), new_line.get_xydata(), equal_nan=True)
            assert np.allclose(ax.get_ylim(), new.get_ylim()) and np.allclose(ax.get_xlim(), new.get_xlim())
        legend = [t.get_text() for t in fig.axes[5].get_legend().get_texts()]
        assert legend == [t.get_text() for t in fresh.axes[5].get_legend().get_texts()]
        assert_readable(fig)
    # data only, no training: the widget's redraw (and its rendering to PNG) in CPU milliseconds
    state = iter([(bug, seed) for seed in range(5) for bug in bugs] * 3)
    assert_redraws_fast(lambda: redraw(*next(state)), "the bug explorer")  # ~180 ms (a new figure: ~260)


def test_bug_vs_healthy_refuses_what_is_not_stored():
    zoo = load_zoo()
    with pytest.raises(ValueError, match="bug must be one of sign_flip"):
        draw_bug_vs_healthy(zoo, "CartPole-v1", "healthy", 0)
    with pytest.raises(ValueError, match="seed must be one of the stored seeds"):
        draw_bug_vs_healthy(zoo, "CartPole-v1", "sign_flip", 7)
    with pytest.raises(ValueError, match="env_id must be one of"):
        draw_bug_vs_healthy(zoo, "Pendulum-v1", "sign_flip", 0)


def test_the_explorer_switches_bugs_and_seeds(monkeypatch):
    import vpg_helpers.notebook.widgets as widgets

    shown = []
    monkeypatch.setattr(widgets, "display", shown.append)
    bug_explorer()
    (panel,) = shown
    bug, seed = panel.children[0].children
    image = panel.children[1]
    first = image.value
    assert bug.value == "sign_flip" and (seed.min, seed.max) == (0, 4)
    start = time.perf_counter()
    seed.value = 3
    assert image.value != first
    bug.value = "value_fit_before_advantages"
    assert time.perf_counter() - start < 5
    assert [value for _, value in bug.options] == list(BUGS)
