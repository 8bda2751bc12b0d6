"""Watch a trained policy: one episode, its return, and a few rendered frames (notebook 07)."""

from dataclasses import dataclass, field

import gymnasium as gym
import numpy as np

from vpg_helpers.validation import as_bool, as_int, as_positive_int, as_seed, as_str

__all__ = ["PolicyRun", "run_policy"]


@dataclass
class PolicyRun:
    """One episode of a trained policy: its return and length, and (some of) its frames."""

    total_return: float
    length: int
    terminated: bool
    truncated: bool
    frames: list = field(default_factory=list, repr=False)
    """rgb_array frames of the states s_t for t in frame_steps (every frame_every-th step, and the last)."""
    frame_steps: list = field(default_factory=list)


def run_policy(policy, env_id, seed, greedy=True, frame_every=0, max_steps=None):
    """Run ``policy`` for one episode of ``env_id`` (reset with ``seed``); keep every frame_every-th frame.

    ``greedy`` takes the most likely action (the mean, for a Gaussian) instead of sampling; actions are
    clipped to a Box action space. frame_every = 0 renders nothing. Keeping every frame of a 500-step
    CartPole episode would take 360 MB, hence frame_every.

    >>> from vpg_helpers.policies.mlp import CategoricalPolicy
    >>> policy = CategoricalPolicy(4, 2, (8,), np.random.default_rng(0))   # untrained
    >>> run = run_policy(policy, "CartPole-v1", seed=0, frame_every=4, max_steps=10)
    >>> run.length, run.truncated, run.frame_steps, run.frames[0].shape
    (10, True, [0, 4, 8, 10], (400, 600, 3))
    """
    env_id, seed, greedy = as_str("env_id", env_id), as_seed(seed), as_bool("greedy", greedy)
    frame_every = as_int("frame_every", frame_every, 0)
    max_steps = None if max_steps is None else as_positive_int("max_steps", max_steps)
    if not callable(getattr(policy, "act", None)):
        raise TypeError(
            f"policy must have an act(observations, rng, greedy) method, got {type(policy).__name__}"
        )
    env = gym.make(env_id, render_mode="rgb_array" if frame_every else None, max_episode_steps=max_steps)
    space, rng = env.action_space, np.random.default_rng(seed)
    obs, _ = env.reset(seed=seed)
    run, terminated, truncated = PolicyRun(0.0, 0, False, False), False, False
    while not (terminated or truncated):
        if frame_every and run.length % frame_every == 0:
            run.frames.append(env.render())
            run.frame_steps.append(run.length)
        action = policy.act(np.asarray(obs, dtype=policy.params[0].dtype)[None], rng, greedy=greedy)[0]
        action = (
            int(action) if isinstance(space, gym.spaces.Discrete) else np.clip(action, space.low, space.high)
        )
        obs, reward, terminated, truncated, _ = env.step(action)
        run.total_return += float(reward)
        run.length += 1
    if frame_every:
        run.frames.append(env.render())
        run.frame_steps.append(run.length)
    run.terminated, run.truncated = bool(terminated), bool(truncated)
    env.close()
    return run
