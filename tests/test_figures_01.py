"""Notebook 01's figures: they draw, they label, and a slider redraw is fast enough to feel instant."""

import io
import statistics
import time

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


def test_trajectory_figure_is_labelled_and_redraws_fast():
    env = gym.make("CartPole-v1")
    times = []
    for seed in range(7):
        start = time.process_time()
        tau = collect_trajectory(env, lean_policy(noise=0.1), seed=seed)  # what one slider move recomputes
        fig = draw_trajectory(tau, title="test")
        render_png(fig)
        times.append(time.process_time() - start)
    # The target is 150 ms median wall-clock on an idle 2-core machine (measured there). Here we count CPU
    # time, which other processes on a busy CI machine do not inflate, with a 2x margin.
    assert statistics.median(times) < 0.3
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
