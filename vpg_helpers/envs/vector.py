"""Collect a batch from vectorised gymnasium envs, with the right bootstrap value for every step (notebook 07).

A batch holds ``steps_per_env`` steps of each of ``num_envs`` envs, as arrays of shape (T, N). Episodes end
inside it and continue across batches, so each row t of env n needs the value of the state that followed:

* ``next_values[t, n] = 0`` if the episode *terminated* at step t (nothing more can happen);
* ``V(final observation)`` if it was *truncated* by a time limit (the future still has value);
* ``V(s_{t+1})`` otherwise, including at the last step of the batch (the batch cut is a truncation too).

We use gymnasium's SAME_STEP autoreset: a done step returns the *next* episode's first observation, and the
last observation of the finished episode comes in ``info["final_obs"]``.
"""

import time
from dataclasses import dataclass

import gymnasium as gym
import numpy as np
from gymnasium.vector import AutoresetMode

__all__ = ["Batch", "VecCollector", "make_vec_env"]


def make_vec_env(env_id, num_envs, **env_kwargs):
    """``num_envs`` copies of ``env_id`` stepped one after the other, resetting themselves in the same step."""
    return gym.make_vec(
        env_id,
        num_envs,
        vectorization_mode="sync",
        vector_kwargs={"autoreset_mode": AutoresetMode.SAME_STEP},
        **env_kwargs,
    )


@dataclass
class Batch:
    """T steps of N envs. Arrays are indexed [t, n]."""

    observations: np.ndarray
    """s_t, shape (T, N, obs_dim)."""
    actions: np.ndarray
    """a_t, shape (T, N) (discrete) or (T, N, act_dim) (continuous), as sampled (before any clipping)."""
    rewards: np.ndarray
    """r_t, shape (T, N)."""
    values: np.ndarray
    """V(s_t), shape (T, N): the value network's output on ``observations``."""
    next_values: np.ndarray
    """V of the state after step t, shape (T, N): 0 at termination, V(final obs) at truncation."""
    terminated: np.ndarray
    """True where the episode terminated at step t, shape (T, N)."""
    truncated: np.ndarray
    """True where a time limit cut the episode at step t, shape (T, N) (the batch cut is not marked here)."""

    def __repr__(self):
        T, N = self.rewards.shape
        ends = f"{int(self.terminated.sum())} terminations, {int(self.truncated.sum())} truncations"
        return f"Batch(T={T}, N={N}, {ends})"

    def flat(self):
        """(observations, actions) with the T and N axes merged: shapes (T * N, obs_dim) and (T * N, ...)."""
        observations = self.observations.reshape(-1, self.observations.shape[-1])
        return observations, self.actions.reshape(len(observations), *self.actions.shape[2:])


class VecCollector:
    """Steps ``envs`` with a policy, batch after batch, and keeps score of finished episodes.

    ``episode_returns[i]`` is the undiscounted return of the i-th episode to finish, ``episode_end_steps[i]``
    the total number of env steps (over all envs) taken when it did. ``env_seconds`` is the time spent
    inside ``envs.step``.
    """

    def __init__(self, envs, seed, dtype=np.float64):
        self.envs, self.dtype = envs, np.dtype(dtype)
        self.obs, _ = envs.reset(seed=seed)
        self.running_returns = np.zeros(envs.num_envs)
        self.env_steps, self.env_seconds = 0, 0.0
        self.episode_returns, self.episode_end_steps = [], []
        space = envs.single_action_space
        self.clip = (space.low, space.high) if isinstance(space, gym.spaces.Box) else None

    def collect(self, policy, value_fn, steps_per_env, rng):
        """Run ``steps_per_env`` steps in every env; return a Batch with its values and bootstrap values.

        ``value_fn(observations) -> values`` maps (B, obs_dim) to (B,).
        """
        T, N = steps_per_env, self.envs.num_envs
        obs_buf = np.empty((T, N, *self.obs.shape[1:]), dtype=self.dtype)
        rewards, terminated, truncated = np.empty((T, N)), np.zeros((T, N), bool), np.zeros((T, N), bool)
        actions, final_obs = [], {}  # final_obs[(t, n)] = last observation of an episode truncated at t
        for t in range(T):
            obs_buf[t] = self.obs
            action = policy.act(obs_buf[t], rng)
            actions.append(action)
            env_action = action if self.clip is None else np.clip(action, *self.clip)
            start = time.perf_counter()
            self.obs, rewards[t], terminated[t], truncated[t], info = self.envs.step(env_action)
            self.env_seconds += time.perf_counter() - start
            self.env_steps += N
            self.running_returns += rewards[t]
            for n in np.flatnonzero(terminated[t] | truncated[t]):
                self.episode_returns.append(float(self.running_returns[n]))
                self.episode_end_steps.append(self.env_steps)
                self.running_returns[n] = 0.0
                if truncated[t, n] and not terminated[t, n]:
                    final_obs[(t, n)] = info["final_obs"][n]
        # All values in one call to the value network: V(s_t) for every t, the state after the batch cut,
        # and the final states of truncated episodes.
        extra = [
            self.obs.astype(self.dtype),
            np.array(list(final_obs.values()), self.dtype).reshape(-1, obs_buf.shape[2]),
        ]
        all_values = value_fn(np.concatenate([obs_buf.reshape(T * N, -1), *extra]))
        values = all_values[: T * N].reshape(T, N)
        next_values = np.empty_like(values)
        next_values[:-1] = values[1:]  # within an episode (overwritten below where one ended)
        next_values[-1] = all_values[T * N : T * N + N]  # batch cut: bootstrap from V(s_T)
        next_values[terminated] = 0.0  # termination: no future
        for i, (t, n) in enumerate(final_obs):
            next_values[t, n] = all_values[T * N + N + i]  # truncation: V(final observation)
        return Batch(obs_buf, np.array(actions), rewards, values, next_values, terminated, truncated)
