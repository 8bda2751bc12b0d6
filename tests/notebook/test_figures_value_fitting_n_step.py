"""Figures of notebooks 04 and 05: they draw what they should, with labels, and redraw in under 150 ms."""

import io
import warnings

import gymnasium as gym
import numpy as np
import pytest
from figure_checks import assert_readable
from matplotlib.figure import Figure

from vpg_helpers.envs.rollouts import collect_batch
from vpg_helpers.notebook.figures.n_step import (
    draw_bias_and_spread,
    draw_figure_7_2,
    draw_n_step_targets,
    start_state_targets,
)
from vpg_helpers.policies.simple import lean_policy
from vpg_helpers.random_walk import n_step_td_experiment
from vpg_helpers.returns import n_step_returns, rewards_to_go

NS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]


def assert_labelled(fig):
    assert isinstance(fig, Figure)
    for ax in fig.axes:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert_readable(fig)


@pytest.fixture(scope="module")
def cartpole():
    batch = collect_batch(gym.make("CartPole-v1"), lean_policy(noise=0.7), n_episodes=60, seed=0)
    values = [np.full(len(tau), 30.0) for tau in batch]
    return batch, values


@pytest.fixture(scope="module")
def walk():
    return n_step_td_experiment(NS, np.round(np.arange(11) * 0.1, 1), episodes=10, runs=100)


def test_start_state_targets_against_n_step_returns(cartpole):
    batch, values = cartpole
    table = start_state_targets([tau.rewards for tau in batch], values, 0.99, NS)
    for i, (tau, v) in enumerate(zip(batch, values, strict=True)):
        for j, n in enumerate(NS):
            assert table[i, j] == pytest.approx(n_step_returns(tau.rewards, v, 0.99, n)[0], rel=1e-12)
    # n = 512 exceeds every episode: the last column is the Monte-Carlo return R_0.
    assert np.allclose(table[:, -1], [rewards_to_go(tau.rewards, 0.99)[0] for tau in batch])


def test_n_step_targets_figure(cartpole):
    batch, values = cartpole
    table = start_state_targets([tau.rewards for tau in batch], values, 0.99, NS)
    fig = draw_n_step_targets(4, batch[0].rewards, values[0], 0.99, NS, table)
    assert_labelled(fig)
    ax = fig.axes[0]
    plotted = {line.get_label(): line.get_ydata() for line in ax.lines}
    assert np.allclose(plotted["$G_{t:t+4}$"], n_step_returns(batch[0].rewards, values[0], 0.99, 4))
    assert "bias" in fig.axes[1].get_title()
    assert_labelled(draw_bias_and_spread(NS, table))


def test_figure_7_2_has_the_books_axes_and_one_labelled_line_per_n(walk):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = draw_figure_7_2(walk.ns, walk.alphas, walk.rms_error)
    ax = fig.axes[0]
    assert ax.get_ylim() == (0.25, 0.60) and ax.get_xlim() == (0.0, 1.0)
    assert [line.get_label() for line in ax.lines] == [f"n = {n}" for n in NS]
    assert all(np.all(np.isfinite(line.get_ydata())) for line in ax.lines)
    assert_labelled(fig)


def test_figure_7_2_highlight_and_values_panel(walk):
    fig = draw_figure_7_2(
        walk.ns, walk.alphas, walk.rms_error, n=8, alpha=0.3, final_values=walk.final_values
    )
    assert len(fig.axes) == 2
    assert_labelled(fig)
    mean_line = [line for line in fig.axes[1].lines if line.get_label() == "mean over runs"][0]
    assert np.allclose(mean_line.get_ydata(), walk.final_values[3, 3].mean(axis=0))


def test_widget_redraws_are_fast(cartpole, walk, assert_redraws_fast):
    batch, values = cartpole
    table = start_state_targets([tau.rewards for tau in batch], values, 0.99, NS)
    assert_redraws_fast(
        lambda: draw_n_step_targets(8, batch[0].rewards, values[0], 0.99, NS, table), "n-step"
    )
    assert_redraws_fast(
        lambda: draw_figure_7_2(walk.ns, walk.alphas, walk.rms_error, 4, 0.4, walk.final_values), "figure 7.2"
    )


# ---- notebook 04 ----------------------------------------------------------------------------------------

from vpg_helpers.notebook.figures.value_fitting import (  # noqa: E402
    draw_baseline_estimates,
    draw_baseline_variance,
    draw_fit_comparison,
    draw_linear_fit,
)
from vpg_helpers.value_fitting.linear import feature_scaling, fit_linear_value, linear_features  # noqa: E402


@pytest.fixture(scope="module")
def regression(cartpole):
    batch, _ = cartpole
    x = np.concatenate([tau.observations for tau in batch])
    y = np.concatenate([rewards_to_go(tau.rewards, 0.99) for tau in batch])
    features = linear_features(x)
    mean, std = feature_scaling(features)
    phi = (features - mean) / std
    best, *_ = np.linalg.lstsq(phi, y, rcond=None)
    return phi, y, float(np.mean((phi @ best - y) ** 2))


def test_linear_fit_figure_shows_the_fit_it_claims(regression):
    phi, y, best_loss = regression
    fig = draw_linear_fit(0.1, 50, phi, y, phi, y, best_loss)
    assert_labelled(fig)
    _, losses = fit_linear_value(phi, y, 0.1, 50)
    curve = [line for line in fig.axes[0].lines if line.get_label() == "training loss"][0]
    assert np.allclose(curve.get_ydata(), losses)


def test_linear_fit_figure_reports_divergence_without_warnings(regression):
    phi, y, best_loss = regression
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = draw_linear_fit(1.0, 500, phi, y, phi, y, best_loss)
        fig.savefig(io.BytesIO(), format="png")
    assert "diverged" in fig.axes[0].get_title()


def test_fit_comparison_and_baseline_figures():
    rng = np.random.default_rng(0)
    targets = rng.normal(size=200)
    fig = draw_fit_comparison(
        np.arange(5) * 10,
        np.linspace(2, 1, 5),
        np.linspace(2.5, 1.2, 5),
        {"linear, held-out": 1.3},
        {"linear": targets + 0.1, "MLP": targets},
        targets,
    )
    assert_labelled(fig)
    terms = {"none": rng.normal(1.0, 3.0, 1000), "v(s)": rng.normal(1.0, 1.0, 1000)}
    fig = draw_baseline_estimates("v(s)", 10, terms, exact=1.0)
    assert_labelled(fig)
    assert any("std" in text.get_text() for text in fig.axes[0].get_legend().get_texts())
    terms["bad"] = rng.normal(1.0, 9.0, 1000)  # wider than no baseline: the range must hold it
    fig = draw_baseline_estimates("bad", 10, terms, exact=1.0)
    assert_labelled(fig)
    low, high = fig.axes[0].get_xlim()
    assert high - low >= 7 * 9.0 / np.sqrt(10)
    fig = draw_baseline_variance(["a", "b"], {"gamma = 0.9": (np.array([0.5, 2.0]), np.array([0.1, -1.0]))})
    assert_labelled(fig)
    bars = fig.axes[0].patches  # ratios drawn from 1: a bar spans [min(1, r), max(1, r)]
    assert [(p.get_y(), p.get_y() + p.get_height()) for p in bars] == [(1.0, 0.5), (1.0, 2.0)]


def test_widget_redraws_of_notebook_04_are_fast(regression, assert_redraws_fast):
    phi, y, best_loss = regression
    rng = np.random.default_rng(0)
    terms = {"none": rng.normal(1.0, 3.0, 20_000), "v(s)": rng.normal(1.0, 1.0, 20_000)}
    assert_redraws_fast(
        lambda: draw_linear_fit(0.3, 500, phi, y, phi, y, best_loss), "linear fit, 500 iterations"
    )
    assert_redraws_fast(lambda: draw_baseline_estimates("v(s)", 10, terms, 1.0), "baseline histograms")
