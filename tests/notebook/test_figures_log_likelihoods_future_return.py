"""Figures of notebooks 02 and 03: they show the right numbers, are labelled, keep their size, redraw fast."""

import io
import itertools

import numpy as np
import pytest
from figure_checks import assert_readable
from matplotlib.figure import Figure

from vpg_helpers.distributions import softmax
from vpg_helpers.envs.short_corridor import exact_gradient
from vpg_helpers.notebook.figures.future_return import (
    EXAMPLE_REWARDS,
    draw_batch_return_curves,
    draw_gradient_histogram,
    draw_loss_and_return,
    draw_rewards_to_go,
    draw_short_corridor,
)
from vpg_helpers.notebook.figures.log_likelihoods import draw_categorical_step, draw_gaussian_log_prob
from vpg_helpers.returns import rewards_to_go

# (draw function, a list of slider settings a learner might try)
WIDGETS = [
    (
        draw_categorical_step,
        [
            dict(logit_0=z, logit_1=-z / 2, action=a, alpha=al)
            for z, a, al in [(1, 0, 0.5), (-2, 1, 1.0), (3, 2, 2.0), (0, 1, 0.1)]
        ],
    ),
    (
        draw_gaussian_log_prob,
        [
            dict(mu=m, log_std=s, action=a)
            for m, s, a in [(0, 0, 1), (1.5, -1.0, -1), (-2, 1.2, 3), (0.3, 0.4, 0.3), (0, -1.5, 3)]
        ],
    ),
    (draw_rewards_to_go, [dict(gamma=g) for g in (0.0, 0.5, 0.9, 0.99, 1.0)]),
    (
        draw_gradient_histogram,
        [dict(weight=w, batch_size=b) for w in ("total", "future") for b in (1, 10, 100)],
    ),
]


def render(fig):
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


@pytest.mark.parametrize("draw, settings", WIDGETS, ids=[w[0].__name__ for w in WIDGETS])
def test_widget_figures_are_labelled_and_keep_their_size(draw, settings):
    sizes = set()
    for kwargs in settings:
        fig = draw(**kwargs)
        assert isinstance(fig, Figure)
        for ax in fig.axes:
            if ax.get_label() == "<colorbar>":
                continue
            assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title(), (draw.__name__, ax)
        assert_readable(fig)
        sizes.add(tuple(fig.get_size_inches()))
        assert render(fig)[:4] == b"\x89PNG"
    assert len(sizes) == 1


@pytest.mark.parametrize("draw, settings", WIDGETS, ids=[w[0].__name__ for w in WIDGETS])
def test_one_slider_move_redraws_fast(draw, settings, assert_redraws_fast):
    moves = itertools.cycle(settings)  # each redraw uses the next slider setting
    assert_redraws_fast(lambda: draw(**next(moves)), draw.__name__)


def test_categorical_step_shows_pi_its_gradient_and_a_likelier_action():
    fig = draw_categorical_step(logit_0=1.0, logit_1=0.0, logit_2=-1.0, action=2, alpha=1.0)
    pi = softmax(np.array([1.0, 0.0, -1.0]))
    heights = [[patch.get_height() for patch in ax.patches] for ax in fig.axes]
    assert np.allclose(heights[0], pi)
    assert np.allclose(heights[1], np.eye(3)[2] - pi)
    after = heights[2][3:]
    assert np.isclose(sum(after), 1.0) and after[2] > pi[2]


def test_gaussian_arrow_points_towards_the_action():
    for mu, action in [(0.0, 1.5), (1.0, -0.5)]:
        fig = draw_gaussian_log_prob(mu=mu, log_std=0.0, action=action)
        arrow = fig.axes[0].texts[0]
        assert np.sign(arrow.xy[0] - arrow.xyann[0]) == np.sign(action - mu)


def test_gaussian_arrow_is_the_gradient_step_to_scale():
    """On equal axes the drawn arrow is STEP * grad log pi: its angle is the gradient's, and its length
    grows with the gradient (cut at the plot's edge, and said so, when the step would leave it)."""
    from vpg_helpers.distributions import diag_gaussian_log_prob_grad
    from vpg_helpers.notebook.figures.log_likelihoods import STEP

    def arrow(fig):
        annotation = fig.axes[1].texts[0]
        return np.subtract(annotation.xy, annotation.xyann)

    fig = draw_gaussian_log_prob(mu=0.0, log_std=0.0, action=1.5)
    assert fig.axes[1].get_aspect() == 1.0
    grads = diag_gaussian_log_prob_grad(np.array([1.5]), np.zeros(1), np.zeros(1))
    assert np.allclose(arrow(fig), STEP * np.array([grads[0][0], grads[1][0]]))
    huge = draw_gaussian_log_prob(mu=0.0, log_std=-1.5, action=3.0)  # a "Things to try" case
    assert np.linalg.norm(arrow(huge)) > 2 * np.linalg.norm(arrow(fig))
    assert any("off the plot" in t.get_text() for t in huge.axes[1].texts)


def test_rewards_to_go_figure_plots_the_helper():
    fig = draw_rewards_to_go(gamma=0.8)
    line = fig.axes[1].lines[0]
    assert np.allclose(line.get_ydata(), rewards_to_go(EXAMPLE_REWARDS, 0.8))


def test_histogram_marks_the_exact_gradient_and_estimates_center_on_it():
    fig = draw_gradient_histogram(weight="future", batch_size=10, p=0.3)
    exact_line = fig.axes[0].lines[0]
    assert np.allclose(exact_line.get_xdata(), exact_gradient(0.3, wrt="theta"))


def test_static_figures():
    assert draw_short_corridor(0.3).axes[0].get_ylabel() == "expected return J(p)"
    runs = {
        "total": [{"mean_return": [10.0, 20.0, 30.0]}] * 2,
        "future": [{"mean_return": [10.0, 40.0, 80.0]}] * 2,
    }
    fig = draw_batch_return_curves(runs)
    assert np.allclose(fig.axes[1].lines[-1].get_ydata(), [10.0, 40.0, 80.0])
    assert len(draw_loss_and_return([1.0, 0.5], [-12.0, -20.0], title="x").axes) == 2
    for figure in (draw_short_corridor(0.3), draw_short_corridor(0.9), fig):
        assert_readable(figure)


def test_corridor_figure_marks_p_and_the_optimum():
    from vpg_helpers.envs.short_corridor import OPTIMAL_P, exact_return

    fig = draw_short_corridor(0.3)
    labels = fig.axes[1].get_legend_handles_labels()[1]
    assert any("8.48" in label for label in labels) and any("optimum" in label for label in labels)
    fig = draw_loss_and_return([1.0, 0.5], [-16.0, -12.0], title="x", optimum=exact_return(OPTIMAL_P))
    assert any("-11.66" in label for label in fig.axes[1].get_legend_handles_labels()[1])
    assert_readable(fig)


@pytest.mark.parametrize("weight", ["future", "total"])
def test_histogram_fills_its_x_range_at_every_batch_size(weight):
    """The x-range follows the spread: the middle 99% of the estimates span most of it at any |D|."""
    for batch_size in (1, 10, 100):
        fig = draw_gradient_histogram(weight=weight, batch_size=batch_size, p=0.3)
        ax = fig.axes[0]
        heights = np.array([patch.get_height() for patch in ax.patches])
        lefts = np.array([patch.get_x() for patch in ax.patches])
        occupied = lefts[heights > 0]
        low, high = ax.get_xlim()
        assert occupied.max() - occupied.min() > 0.6 * (high - low), (weight, batch_size)
        assert_readable(fig)
