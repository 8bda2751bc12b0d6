"""Trajectory collection from real gymnasium environments."""

import gymnasium as gym
import numpy as np
import pytest

from vpg_helpers.envs.rollouts import Trajectory, collect_batch, collect_trajectory


def random_policy(obs, rng):
    return int(rng.integers(2))


def balance(obs, rng):
    return int(obs[2] + 0.5 * obs[3] > 0)


@pytest.fixture
def env():
    return gym.make("CartPole-v1")


def test_trajectory_matches_a_hand_written_loop(env):
    tau = collect_trajectory(env, random_policy, seed=3)
    rng, (obs, _) = np.random.default_rng(3), env.reset(seed=3)
    for t in range(len(tau)):
        np.testing.assert_allclose(tau.observations[t], obs)
        action = random_policy(obs, rng)
        assert tau.actions[t] == action
        obs, reward, terminated, truncated, _ = env.step(action)
        assert tau.rewards[t] == reward
    np.testing.assert_allclose(tau.last_observation, obs)
    assert (tau.terminated, tau.truncated) == (terminated, truncated)


def test_shapes_and_types(env):
    tau = collect_trajectory(env, random_policy, seed=0)
    T = len(tau)
    assert isinstance(tau, Trajectory)
    assert tau.observations.shape == (T, 4) and tau.actions.shape == (T,) and tau.rewards.shape == (T,)
    assert tau.last_observation.shape == (4,) and tau.total_return == float(T)


def test_same_seed_same_trajectory_different_seed_different(env):
    a, b = collect_trajectory(env, random_policy, 5), collect_trajectory(env, random_policy, 5)
    c = collect_trajectory(env, random_policy, 6)
    np.testing.assert_array_equal(a.observations, b.observations)
    assert not np.array_equal(a.observations[0], c.observations[0])


def test_falling_pole_terminates(env):
    tau = collect_trajectory(env, lambda obs, rng: 0, seed=0)
    assert tau.terminated and not tau.truncated and len(tau) < 30


def test_time_limit_truncates_at_500(env):
    tau = collect_trajectory(env, balance, seed=0)
    assert tau.truncated and not tau.terminated and len(tau) == 500


def test_max_steps_truncates(env):
    tau = collect_trajectory(env, balance, seed=0, max_steps=20)
    assert len(tau) == 20 and tau.truncated and not tau.terminated


def test_frames_one_per_state():
    env = gym.make("CartPole-v1", render_mode="rgb_array")
    tau = collect_trajectory(env, lambda obs, rng: 1, seed=0, render=True)
    assert len(tau.frames) == len(tau) + 1 and tau.frames[0].shape == (400, 600, 3)


def test_batch_uses_consecutive_seeds(env):
    batch = collect_batch(env, random_policy, n_episodes=3, seed=10)
    for i, tau in enumerate(batch):
        np.testing.assert_array_equal(tau.rewards, collect_trajectory(env, random_policy, 10 + i).rewards)


def test_continuous_actions():
    env = gym.make("Pendulum-v1")
    tau = collect_trajectory(env, lambda obs, rng: rng.uniform(-2, 2, size=1).astype(np.float32), seed=0)
    assert tau.actions.shape == (200, 1) and tau.truncated


BAD = [
    (lambda env: collect_trajectory("CartPole-v1", random_policy, 0), TypeError, "env"),
    (lambda env: collect_trajectory(env, "random", 0), TypeError, "policy"),
    (lambda env: collect_trajectory(env, random_policy, 1.5), TypeError, "seed"),
    (lambda env: collect_trajectory(env, random_policy, -1), ValueError, "seed"),
    (lambda env: collect_trajectory(env, random_policy, 0, max_steps=0), ValueError, "max_steps"),
    (lambda env: collect_trajectory(env, lambda o, r: 2, 0), ValueError, "action"),
    (lambda env: collect_trajectory(env, random_policy, 0, render=True), ValueError, "render"),
    (lambda env: collect_batch(env, random_policy, 0, seed=0), ValueError, "n_episodes"),
]


@pytest.mark.parametrize("call,error,name", BAD)
def test_bad_input_names_the_argument(env, call, error, name):
    with pytest.raises(error, match=name):
        call(env)
