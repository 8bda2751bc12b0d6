"""Figures for notebook 00: a first policy on CartPole, before any learning."""

import gymnasium as gym
import numpy as np

from vpg_helpers.envs.rollouts import collect_batch
from vpg_helpers.notebook.plotting import new_figure
from vpg_helpers.validation import as_unit_interval

__all__ = ["push_right_policy", "draw_push_right_returns"]


def push_right_policy(p_right):
    """A policy that ignores the state: push right with probability ``p_right``, else left.

    >>> policy = push_right_policy(1.0)
    >>> policy(None, np.random.default_rng(0))
    1
    """
    p_right = as_unit_interval("p_right", p_right)

    def policy(observation, rng):
        return int(rng.uniform() < p_right)

    return policy


def draw_push_right_returns(p_right=0.5, n_episodes=50, seed=0, env=None):
    """Returns R(tau) (steps survived) of ``n_episodes`` CartPole episodes of ``push_right_policy(p_right)``.

    Each episode is one dot, in the order it was played, with the mean as a line: the return is a random
    number, and the policy's one knob moves its average.

    >>> draw_push_right_returns(0.5, n_episodes=3).axes[0].get_ylabel()
    'return $R(\\\\tau)$ = steps survived'
    """
    env = env or gym.make("CartPole-v1")
    batch = collect_batch(env, push_right_policy(p_right), n_episodes=n_episodes, seed=seed)
    returns = np.array([tau.total_return for tau in batch])
    fig, ax = new_figure(width=8.0, height=3.0)
    episodes = np.arange(1, n_episodes + 1)
    ax.plot(episodes, returns, "o", color="C0", ms=5, label="one episode")
    ax.axhline(returns.mean(), color="C1", lw=2, label=f"mean {returns.mean():.1f}")
    ax.set_ylim(0, max(100.0, 1.1 * returns.max()))  # fixed (unless exceeded): p moves the dots
    ax.set_xlim(0, n_episodes + 1)
    ax.set(
        xlabel=f"episode (seeds {seed} to {seed + n_episodes - 1})",
        ylabel="return $R(\\tau)$ = steps survived",
        title=f"Push right with probability p = {p_right:.2f}: the pole stays up for "
        f"{returns.min():.0f} to {returns.max():.0f} steps",
    )
    ax.legend(loc="upper right", fontsize=9, ncols=2)
    return fig
