"""Batch collection and batched GAE: bootstrapping at truncations and at the batch cut, none at terminations."""

import gymnasium as gym
import numpy as np
import pytest

from vpg_helpers.envs.vector import VecCollector, make_vec_env
from vpg_helpers.nn.mlp import MLP
from vpg_helpers.returns import gae_advantages, gae_advantages_batch


class ScriptedPolicy:
    """Env 0 always pushes right (its pole falls: termination); the others alternate (truncation)."""

    def __init__(self):
        self.t = 0

    def act(self, observations, rng):
        self.t += 1
        actions = np.full(len(observations), self.t % 2)
        actions[0] = 1
        return actions


def value_fn(observations):
    """Some fixed, non-trivial V(s) (any function will do to test the bookkeeping)."""
    return np.tanh(observations @ np.array([0.3, -1.0, 2.0, 0.5])) + 1.0


def replay(env_id, seed, actions, max_steps):
    """Oracle: one plain env, reset by hand, stepped with ``actions``; its episodes as (obs, rewards, last obs,
    terminated) tuples. The last one may be cut short by the end of ``actions`` (the batch cut)."""
    env = gym.make(env_id, max_episode_steps=max_steps)
    obs, _ = env.reset(seed=seed)
    episodes, observations, rewards = [], [], []
    for action in actions:
        observations.append(obs)
        obs, reward, terminated, truncated, _ = env.step(int(action))
        rewards.append(reward)
        if terminated or truncated:
            episodes.append((np.array(observations), np.array(rewards), obs, terminated))
            observations, rewards = [], []
            obs, _ = env.reset()
    if rewards:
        episodes.append((np.array(observations), np.array(rewards), obs, False))
    return episodes


def test_bootstrap_at_truncation_and_batch_cut_not_at_termination():
    seed, max_steps, T, gamma, lam = 3, 12, 40, 0.9, 0.8
    collector = VecCollector(make_vec_env("CartPole-v1", 2, max_episode_steps=max_steps), seed)
    policy = ScriptedPolicy()
    batch = collector.collect(policy, value_fn, T, np.random.default_rng(0))
    assert batch.terminated[:, 0].any() and not batch.truncated[:, 0].any()
    assert batch.truncated[:, 1].any() and not batch.terminated[:, 1].any()
    assert np.array_equal(batch.values, value_fn(batch.observations.reshape(-1, 4)).reshape(T, 2))
    advantages = gae_advantages_batch(
        batch.rewards, batch.values, batch.next_values, batch.terminated | batch.truncated, gamma, lam
    )
    for n in range(2):
        start = 0
        for observations, rewards, last_obs, terminated in replay(
            "CartPole-v1", seed + n, batch.actions[:, n], max_steps
        ):
            end = start + len(rewards)
            assert np.allclose(observations, batch.observations[start:end, n])
            assert bool(batch.terminated[end - 1, n]) == terminated
            # Termination: nothing more can happen. Truncation or batch cut: V(the state we stopped in).
            last_value = 0.0 if terminated else float(value_fn(last_obs[None].astype(np.float64))[0])
            assert batch.next_values[end - 1, n] == pytest.approx(last_value, rel=1e-12)
            expected = gae_advantages(rewards, batch.values[start:end, n], gamma, lam, last_value)
            assert np.allclose(advantages[start:end, n], expected, rtol=1e-12, atol=1e-12)
            start = end
        assert start == T
    # The batch cut: the state after the last step is where the next batch starts.
    next_batch = collector.collect(policy, value_fn, 5, np.random.default_rng(1))
    assert batch.next_values[-1, 1] == pytest.approx(value_fn(next_batch.observations[0, 1:2])[0], rel=1e-12)


def test_vectorised_gae_equals_gae_advantages_per_segment():
    rng = np.random.default_rng(0)
    T, N, gamma, lam = 30, 4, 0.97, 0.9
    rewards, values = rng.normal(size=(T, N)), rng.normal(size=(T, N))
    dones = rng.random((T, N)) < 0.15
    # Consistent bootstrap values: V(s_{t+1}) inside an episode, anything (V(final obs) or 0) at its end.
    next_values = np.vstack([values[1:], rng.normal(size=(1, N))])
    next_values[dones] = rng.normal(size=dones.sum()) * (rng.random(dones.sum()) < 0.5)
    got = gae_advantages_batch(rewards, values, next_values, dones, gamma, lam)
    for n in range(N):
        ends = [t + 1 for t in range(T) if dones[t, n]] + ([T] if not dones[-1, n] else [])
        start = 0
        for end in ends:
            expected = gae_advantages(
                rewards[start:end, n], values[start:end, n], gamma, lam, next_values[end - 1, n]
            )
            assert np.allclose(got[start:end, n], expected, rtol=1e-12, atol=1e-12)
            start = end
    # lam = 1: A + V is the bootstrapped rewards-to-go, computed by brute force on one column.
    rtg = gae_advantages_batch(rewards, values, next_values, dones, gamma, 1.0) + values
    t0 = [t for t in range(T) if dones[t, 0]][0]
    brute = sum(gamma**k * rewards[k, 0] for k in range(t0 + 1)) + gamma ** (t0 + 1) * next_values[t0, 0]
    assert rtg[0, 0] == pytest.approx(brute)


def test_values_come_from_the_value_network_and_episode_bookkeeping():
    rng = np.random.default_rng(0)
    net = MLP((4, 8, 1), rng, dtype=np.float32)
    collector = VecCollector(make_vec_env("CartPole-v1", 3), seed=0, dtype=np.float32)
    policy = ScriptedPolicy()
    batch = collector.collect(policy, lambda x: net(x)[:, 0], 30, rng)
    assert batch.values.dtype == np.float32 and batch.observations.shape == (30, 3, 4)
    assert np.allclose(batch.values, net(batch.observations.reshape(-1, 4))[:, 0].reshape(30, 3), rtol=1e-6)
    # Episodes of the always-right env end by termination: their returns are their lengths.
    ended = np.flatnonzero(batch.terminated[:, 0])
    assert len(collector.episode_returns) == int((batch.terminated | batch.truncated).sum())
    assert collector.episode_returns[0] == ended[0] + 1 and collector.episode_end_steps[0] == 3 * (
        ended[0] + 1
    )
    assert collector.env_steps == 90 and 0 < collector.env_seconds
