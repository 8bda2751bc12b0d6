"""Figures of notebook 06: they draw what they say (titles, labels, the right numbers), and redraw fast."""

import json
from importlib.resources import files

import numpy as np
import pytest
from figure_checks import assert_readable
from matplotlib.figure import Figure

from vpg_helpers.envs.exact_mdp import random_mdp, sample_rollouts
from vpg_helpers.gae_analysis import gae_bias_variance, lambda_weights
from vpg_helpers.notebook.figures.gae import (
    draw_bias_variance,
    draw_gae_along_trajectory,
    draw_lambda_sweep,
    summarise_sweep,
)
from vpg_helpers.returns import gae_advantages

MDP = random_mdp(n_states=6, n_actions=2, gamma=0.9, reward_noise=0.5, concentration=0.05, seed=0)
ERROR = 4.0 * np.random.default_rng(10).normal(size=6)
ROLLOUT = sample_rollouts(MDP, [0], None, horizon=20, seed=1)
TRAJECTORY = dict(
    mdp=MDP,
    states=ROLLOUT.states[0],
    actions=ROLLOUT.actions[0],
    rewards=ROLLOUT.rewards[0],
    value_error=ERROR,
)
SWEEP_FILE = files("vpg_helpers.data") / "gae_lambda_sweep.json"


@pytest.fixture(scope="module")
def curves():
    return gae_bias_variance(MDP, ERROR, np.linspace(0, 1, 21), n_per_pair=200)


def fake_sweep():
    runs = [
        dict(
            lam=lam,
            seed=seed,
            mean_return_over_training=100 * lam + seed,
            final_mean_return=400.0,
            learning_curve=[10.0 * k for k in range(1, 21)],
        )
        for lam in [0.0, 0.5, 0.97, 1.0]
        for seed in [0, 1]
    ]
    return dict(config=dict(env_id="CartPole-v1", total_steps=40_000), runs=runs)


def labelled(fig):
    assert isinstance(fig, Figure)
    for ax in fig.axes:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert_readable(fig)


def test_trajectory_figure_shows_gae_and_the_weights():
    fig = draw_gae_along_trajectory(**TRAJECTORY, gamma=0.9, lam=0.7)
    labelled(fig)
    ax, ax_w = fig.axes
    gae_line = next(line for line in ax.get_lines() if "GAE" in line.get_label())
    v_hat = (
        ERROR
        + np.linalg.solve(
            np.eye(6) - 0.9 * np.einsum("sa,sat->st", MDP.policy, MDP.transitions),
            np.sum(MDP.policy * MDP.rewards, axis=1),
        )
    )[ROLLOUT.states[0]]
    np.testing.assert_allclose(
        gae_line.get_ydata(), gae_advantages(ROLLOUT.rewards[0], v_hat[:-1], 0.9, 0.7, v_hat[-1])
    )
    heights = [patch.get_height() for patch in ax_w.patches]
    np.testing.assert_allclose(heights, lambda_weights(0.7, 20))
    assert "sum = 1.00" in ax_w.get_title()


def test_bias_variance_marker_follows_lambda(curves):
    fig = draw_bias_variance(curves, lam=0.25)
    labelled(fig)
    ax = fig.axes[0]
    marker = ax.get_lines()[-1]
    np.testing.assert_allclose(marker.get_xdata(), 0.25)
    expected = np.interp(0.25, curves.lams, curves.bias_squared + curves.variance)
    assert np.isclose(marker.get_ydata(), expected).any()
    assert "lowest MSE" in " ".join(ax.get_legend_handles_labels()[1])


def test_summarise_sweep_mean_and_standard_error():
    lams, means, ses = summarise_sweep(fake_sweep(), "mean_return_over_training")
    np.testing.assert_allclose(lams, [0.0, 0.5, 0.97, 1.0])
    np.testing.assert_allclose(means, [0.5, 50.5, 97.5, 100.5])
    np.testing.assert_allclose(ses, np.std([0, 1], ddof=1) / np.sqrt(2))


def test_sweep_figure():
    fig = draw_lambda_sweep(fake_sweep())
    labelled(fig)
    assert "best: $\\lambda=1$" in fig.axes[0].get_legend_handles_labels()[1]


@pytest.mark.skipif(not SWEEP_FILE.exists(), reason="run python tools/gae_sweep.py")
def test_stored_sweep_has_every_lambda_and_seed():
    sweep = json.loads(SWEEP_FILE.read_text())
    assert sweep["command"].startswith("python tools/gae_sweep.py")
    pairs = {(run["lam"], run["seed"]) for run in sweep["runs"]}
    assert pairs == {(lam, seed) for lam in sweep["lambdas"] for seed in sweep["seeds"]}
    assert all(run["env_steps"] >= sweep["config"]["total_steps"] for run in sweep["runs"])
    labelled(draw_lambda_sweep(sweep))


@pytest.mark.parametrize("which", ["trajectory", "bias_variance"])
def test_widget_redraw_is_fast(which, curves, assert_redraws_fast):
    if which == "trajectory":
        assert_redraws_fast(lambda: draw_gae_along_trajectory(**TRAJECTORY, gamma=0.95, lam=0.8), which)
    else:
        assert_redraws_fast(lambda: draw_bias_variance(curves=curves, lam=0.6), which)
