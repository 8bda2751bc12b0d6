"""The agent-environment loop: one trajectory, or a batch of them, from a real gymnasium env (notebook 01).

A trajectory tau = (s_0, a_0, r_0, s_1, a_1, r_1, ..., s_T). ``rewards[t]`` is the reward returned by
``env.step(actions[t])``. An episode ends either because it *terminated* (the MDP reached a terminal state:
the pole fell) or because it was *truncated* (a time limit cut it short: the future still had value).
"""

from dataclasses import dataclass, field

import gymnasium as gym
import numpy as np

from vpg_helpers.validation import as_bool, as_positive_int, as_seed

__all__ = ["Trajectory", "collect_trajectory", "collect_batch"]


@dataclass
class Trajectory:
    """One episode (or the start of one), as arrays over time steps t = 0..T-1."""

    observations: np.ndarray
    """s_0 .. s_{T-1}, shape (T, obs_dim): the states the actions were taken in."""
    actions: np.ndarray
    """a_0 .. a_{T-1}, shape (T,) for discrete actions or (T, act_dim) for continuous ones."""
    rewards: np.ndarray
    """r_0 .. r_{T-1}, shape (T,): rewards[t] came back from env.step(actions[t])."""
    last_observation: np.ndarray
    """s_T, the state the trajectory stopped in (needed to bootstrap V(s_T) after a truncation)."""
    terminated: bool
    """True if s_T is terminal: nothing more can happen, so V(s_T) = 0."""
    truncated: bool
    """True if a time limit cut the episode: V(s_T) is not 0 and should be estimated."""
    frames: list = field(default_factory=list, repr=False)
    """RGB frames (one per state s_0..s_T) when the env was made with render_mode="rgb_array" and render=True."""

    def __len__(self):
        return len(self.rewards)

    @property
    def total_return(self):
        """Undiscounted return R(tau) = sum_t r_t."""
        return float(np.sum(self.rewards))


def collect_trajectory(env, policy, seed, max_steps=None, render=False):
    """Run ``policy`` in ``env`` for one episode and record it.

    Parameters
    ----------
    env : gymnasium.Env
    policy : callable ``policy(observation, rng) -> action``
        ``rng`` is a numpy Generator seeded from ``seed``: a stochastic policy must draw from it so the
        whole trajectory is reproducible.
    seed : int
        Seeds the env's reset and the policy's rng: the same seed gives the same trajectory.
    max_steps : int or None
        Stop after this many steps and mark the trajectory truncated (on top of the env's own time limit).
    render : bool
        Record ``env.render()`` frames (the env needs ``render_mode="rgb_array"``).

    >>> env = gym.make("CartPole-v1")
    >>> tau = collect_trajectory(env, lambda obs, rng: 1, seed=0)   # always push right: the pole falls
    >>> len(tau), tau.total_return, tau.terminated, tau.truncated
    (8, 8.0, True, False)
    """
    if not isinstance(env, gym.Env):
        raise TypeError(
            f"env must be a gymnasium.Env (e.g. gym.make('CartPole-v1')), got {type(env).__name__}"
        )
    if not callable(policy):
        raise TypeError(
            f"policy must be a function policy(observation, rng) -> action, got {type(policy).__name__}"
        )
    seed = as_seed(seed)
    if max_steps is not None:
        max_steps = as_positive_int("max_steps", max_steps)
    render = as_bool("render", render)
    if render and env.render_mode != "rgb_array":
        raise ValueError(
            f"render=True needs an env made with render_mode='rgb_array', got {env.render_mode!r}"
        )

    rng = np.random.default_rng(seed)
    obs, _ = env.reset(seed=seed)
    observations, actions, rewards, frames = [], [], [], []
    terminated = truncated = False
    while not (terminated or truncated):
        if render:
            frames.append(env.render())
        action = policy(obs, rng)
        if not env.action_space.contains(np.asarray(action, dtype=env.action_space.dtype)):
            raise ValueError(
                f"policy returned action {action!r}, which is not in env.action_space {env.action_space}"
            )
        observations.append(obs)
        actions.append(action)
        obs, reward, terminated, truncated, _ = env.step(action)
        rewards.append(reward)
        if max_steps is not None and len(rewards) >= max_steps and not terminated:
            truncated = True
    if render:
        frames.append(env.render())
    return Trajectory(
        observations=np.array(observations, dtype=np.float64),
        actions=np.array(actions),
        rewards=np.array(rewards, dtype=np.float64),
        last_observation=np.array(obs, dtype=np.float64),
        terminated=bool(terminated),
        truncated=bool(truncated),
        frames=frames,
    )


def collect_batch(env, policy, n_episodes, seed, max_steps=None):
    """Collect ``n_episodes`` trajectories with seeds ``seed, seed + 1, ...`` (reproducible, all different).

    >>> env = gym.make("CartPole-v1")
    >>> batch = collect_batch(env, lambda obs, rng: int(rng.integers(2)), n_episodes=3, seed=0)
    >>> [len(tau) for tau in batch] == [len(collect_trajectory(env, lambda o, r: int(r.integers(2)), s)) for s in range(3)]
    True
    """
    n_episodes = as_positive_int("n_episodes", n_episodes)
    seed = as_seed(seed)
    return [collect_trajectory(env, policy, seed + i, max_steps=max_steps) for i in range(n_episodes)]
