"""Notebook 01's figures: they draw, they label, and a slider redraw is fast enough to feel instant."""

import io

import gymnasium as gym
from figure_checks import assert_readable

from vpg_helpers.envs.rollouts import collect_trajectory
from vpg_helpers.notebook.figures.trajectories import (
    draw_frames_at_steps,
    draw_return_histograms,
    draw_trajectory,
)
from vpg_helpers.policies.simple import lean_policy, random_policy


def render_png(fig):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def test_trajectory_figure_is_labelled_and_redraws_fast(assert_redraws_fast):
    env = gym.make("CartPole-v1")
    seeds = iter(range(100))
    # what one slider move recomputes: a new trajectory, and its figure
    assert_redraws_fast(
        lambda: draw_trajectory(
            collect_trajectory(env, lean_policy(noise=0.1), seed=next(seeds)), title="test"
        )
    )
    fig = draw_trajectory(collect_trajectory(env, lean_policy(noise=0.1), seed=0), title="test")
    for ax in fig.axes:
        assert ax.get_xlabel() and ax.get_title()
    assert "return" in fig._suptitle.get_text()
    assert_readable(fig)


def test_frames_and_histogram_draw():
    env = gym.make("CartPole-v1", render_mode="rgb_array")
    tau = collect_trajectory(env, random_policy, seed=0, render=True)
    fig = draw_frames_at_steps(tau.frames, [0, len(tau)], title="frames")
    assert len(fig.axes) == 2 and render_png(fig)
    assert_readable(draw_frames_at_steps(tau.frames, [0, 1, 2, 3, len(tau)], title="five frames"))
    fig = draw_return_histograms({"a": [10, 20], "b": [300, 500]})
    ax = fig.axes[0]
    assert ax.get_xlabel() and ax.get_ylabel() and len(ax.get_legend().get_texts()) == 2
    assert_readable(fig)
