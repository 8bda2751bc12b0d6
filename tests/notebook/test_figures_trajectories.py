"""Notebook 01's figures: they draw, they label, and a slider redraw is fast enough to feel instant."""

import io

import gymnasium as gym
import numpy as np
from figure_checks import assert_readable

from vpg_helpers.envs.rollouts import collect_trajectory
from vpg_helpers.notebook.figures.trajectories import (
    draw_frames_at_steps,
    draw_return_histograms,
    draw_trajectory,
    draw_truncation_bootstrap,
    ending,
)
from vpg_helpers.notebook.figures.welcome import draw_push_right_returns, push_right_policy
from vpg_helpers.policies.simple import lean_policy, random_policy
from vpg_helpers.returns import rewards_to_go


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
    assert "R(\\tau)" in fig._suptitle.get_text()
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


def test_trajectory_title_says_why_the_episode_ended():
    env = gym.make("CartPole-v1")
    off_track = collect_trajectory(env, lean_policy(noise=0.1), seed=0)  # the notebook's default knobs
    assert ending(off_track).startswith("terminated: the cart left the track")
    fallen = collect_trajectory(env, random_policy, seed=0)
    assert ending(fallen).startswith("terminated: the pole fell")
    assert ending(collect_trajectory(env, lean_policy(), seed=0)) == "truncated by the time limit"
    assert ending(off_track) in draw_trajectory(off_track, title="t")._suptitle.get_text()


def test_frames_carry_the_pole_angle():
    env = gym.make("CartPole-v1", render_mode="rgb_array")
    tau = collect_trajectory(env, random_policy, seed=0, render=True)
    states = np.vstack([tau.observations, tau.last_observation])
    fig = draw_frames_at_steps(tau.frames, [0, len(tau)], title="frames", observations=states)
    last = fig.axes[1].get_title()
    assert f"{np.degrees(states[-1, 2]):+.1f}" in last
    assert_readable(fig)


def test_truncation_figure_draws_rewards_to_go_with_and_without_the_bootstrap():
    rewards = np.ones(50)
    fig = draw_truncation_bootstrap(rewards, 0.9, 10.0, longer_rewards=np.ones(80))
    lines = fig.axes[0].get_lines()
    assert np.allclose(lines[0].get_ydata(), rewards_to_go(rewards, 0.9))
    assert np.allclose(lines[1].get_ydata(), rewards_to_go(rewards, 0.9, 10.0))
    assert np.allclose(lines[2].get_ydata(), rewards_to_go(np.ones(80), 0.9)[:50])
    assert_readable(fig)


def test_push_right_figure_shows_the_returns_of_that_policy(assert_redraws_fast):
    fig = draw_push_right_returns(1.0, n_episodes=20)
    env = gym.make("CartPole-v1")
    expected = [collect_trajectory(env, push_right_policy(1.0), seed=s).total_return for s in range(20)]
    assert np.allclose(fig.axes[0].get_lines()[0].get_ydata(), expected)
    assert max(expected) < 15  # always pushing right: the pole falls within a few steps
    assert_readable(fig)
    moves = iter(np.linspace(0, 1, 100))
    assert_redraws_fast(lambda: draw_push_right_returns(next(moves)), "push-right widget")
