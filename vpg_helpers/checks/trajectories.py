"""Check for the agent-environment loop exercise (notebook 01)."""

import gymnasium as gym
import numpy as np

from vpg_helpers.checks._core import Case, Mistake
from vpg_helpers.checks.registry import exercise_check
from vpg_helpers.envs.rollouts import collect_trajectory

__all__ = ["check_episode_rewards"]


class _StopAfterEpisodeEnds(gym.Wrapper):
    """Raise a clear error if step() is called after the episode ended (gymnasium itself only warns)."""

    def reset(self, **kwargs):
        self._done = False
        return self.env.reset(**kwargs)

    def step(self, action):
        if getattr(self, "_done", False):
            raise RuntimeError(
                "env.step() was called after the episode ended. Stop the loop as soon as "
                "`terminated or truncated` is True (CartPole-v1 is truncated at 500 steps)."
            )
        obs, reward, terminated, truncated, info = self.env.step(action)
        self._done = terminated or truncated
        return obs, reward, terminated, truncated, info


def _push_left(obs, rng):
    return 0


def _balance(obs, rng):
    """Push towards the side the pole is falling to: balances CartPole for the full 500 steps."""
    return int(obs[2] + 0.5 * obs[3] > 0)


def episode_rewards(env, policy, seed):
    """The reference answer: the rewards of one episode of ``policy`` in ``env`` reset with ``seed``."""
    return collect_trajectory(env, policy, seed).rewards


@exercise_check(episode_rewards)
def check_episode_rewards():
    """Check ``fn(env, policy, seed)`` -> the rewards of one episode, as a 1-D array over time steps."""
    inputs = [
        ("always push left: the pole falls, the episode terminates", _push_left, 0),
        ("a balancing policy: the time limit truncates the episode at 500 steps", _balance, 0),
        ("the same policy from another seed: env.reset(seed=seed) sets the start state", _push_left, 7),
    ]
    cases = []
    for description, policy, seed in inputs:
        expected = collect_trajectory(gym.make("CartPole-v1"), policy, seed).rewards
        env = _StopAfterEpisodeEnds(gym.make("CartPole-v1"))
        cases.append(
            Case(
                description,
                dict(env=env, policy=policy, seed=seed),
                expected,
                hint="Reset with env.reset(seed=seed), then loop: action = policy(obs, rng); "
                "obs, reward, terminated, truncated, info = env.step(action); append reward; "
                "stop when terminated or truncated.",
            )
        )

    mistakes = [
        Mistake(
            "The last step's reward is missing: append the reward returned by env.step before checking "
            "whether the episode ended.",
            lambda env, policy, seed: episode_rewards(env, policy, seed)[:-1],
        ),
        Mistake(
            "Return the reward of every step (an array over time), not their sum.",
            lambda env, policy, seed: float(np.sum(episode_rewards(env, policy, seed))),
        ),
    ]
    return cases, mistakes
