"""Check for the agent-environment loop exercise (notebook 01)."""

import copy

import gymnasium as gym
import numpy as np

from vpg_helpers.checks._core import Case, Mistake
from vpg_helpers.checks.registry import exercise_check
from vpg_helpers.envs.rollouts import collect_trajectory
from vpg_helpers.policies.simple import lean_policy

__all__ = ["check_episode_rewards"]


class _StopAfterEpisodeEnds(gym.Wrapper):
    """Raise a clear error if step() is called after the episode ended (gymnasium itself only warns)."""

    def reset(self, **kwargs):
        self._done = False
        return self.env.reset(**kwargs)

    def step(self, action):
        if getattr(self, "_done", False):
            limit = self.spec.max_episode_steps if self.spec is not None else None
            raise RuntimeError(
                "env.step() was called after the episode ended. Stop the loop as soon as "
                "`terminated or truncated` is True: the episode reached a terminal state (terminated) or the env's time limit "
                f"(max_episode_steps={limit} here) was reached (truncated). Do not hard-code a number of "
                "steps such as 500: the limit belongs to the env."
            )
        obs, reward, terminated, truncated, info = self.env.step(action)
        self._done = terminated or truncated
        return obs, reward, terminated, truncated, info


class _ShapedReward(gym.Wrapper):
    """CartPole whose reward is not always 1: 1 - |cart position| / 2.4, so a reward of 1 per step is wrong."""

    def step(self, action):
        obs, reward, terminated, truncated, info = self.env.step(action)
        return obs, round(1.0 - abs(float(obs[0])) / 2.4, 4), terminated, truncated, info


def _push_left(obs, rng):
    return 0


def _balance(obs, rng):
    """Push towards the side the pole is falling to: balances CartPole for 500 steps and more."""
    return int(obs[2] + 0.5 * obs[3] > 0)


_noisy_lean = lean_policy(noise=0.3)
_noisy_lean.__name__ = "lean_policy(noise=0.3)"  # a stochastic policy: it draws from rng at every step


def episode_rewards(env, policy, seed):
    """The reference answer: the rewards of one episode of ``policy`` in ``env`` reset with ``seed``."""
    return collect_trajectory(env, policy, seed).rewards


def _episode(env, policy, seed, rng, max_steps=None):
    """One episode with a given ``rng`` (and, if given, a hard-coded step count): the wrong answers below."""
    obs, _ = env.reset(seed=seed)
    rewards = []
    for _ in range(max_steps or 10**6):
        obs, reward, terminated, truncated, _ = env.step(policy(obs, rng))
        rewards.append(reward)
        if terminated or truncated:
            break
    return np.array(rewards)


def _unseeded(fn, case, got):
    """The same call gives different rewards twice: ``rng`` was not seeded with ``seed``."""
    for _ in range(3):  # an unseeded episode can repeat by chance once, hardly three times
        again = fn(*copy.deepcopy(case.kwargs).values())
        if np.shape(again) != np.shape(got) or not np.array_equal(np.asarray(again), np.asarray(got)):
            return True
    return False


def _make(wrapper=None, **kwargs):
    env = gym.make("CartPole-v1", **kwargs)
    return _StopAfterEpisodeEnds(wrapper(env) if wrapper else env)


@exercise_check(episode_rewards)
def check_episode_rewards():
    """Check ``fn(env, policy, seed)`` -> the rewards of one episode, as a 1-D array over time steps."""
    inputs = [
        ("always push left: the pole falls, the episode terminates", {}, _push_left, 0),
        ("a balancing policy: the time limit truncates the episode at 500 steps", {}, _balance, 0),
        ("the same policy from another seed: env.reset(seed=seed) sets the start state", {}, _push_left, 7),
        ("a shorter time limit: max_episode_steps=200", dict(max_episode_steps=200), _balance, 0),
        ("a longer time limit: max_episode_steps=550", dict(max_episode_steps=550), _balance, 0),
        # shaped rewards: two unseeded episodes of equal length cannot match by chance
        (
            "a stochastic policy: its actions come from rng, seeded with seed",
            dict(wrapper=_ShapedReward),
            _noisy_lean,
            3,
        ),
        ("rewards that are not all 1 (1 - |cart position| / 2.4)", dict(wrapper=_ShapedReward), _balance, 2),
    ]
    cases = []
    for description, make_kwargs, policy, seed in inputs:
        expected = collect_trajectory(_make(**make_kwargs), policy, seed).rewards
        cases.append(
            Case(
                description,
                dict(env=_make(**make_kwargs), policy=policy, seed=seed),
                expected,
                hint="Create rng = np.random.default_rng(seed), reset with env.reset(seed=seed), then loop: "
                "action = policy(obs, rng); obs, reward, terminated, truncated, info = env.step(action); "
                "append reward; stop when terminated or truncated.",
            )
        )

    mistakes = [
        Mistake(
            "The same seed gave different rewards on two runs: the policy's random numbers are not seeded. "
            "Create rng = np.random.default_rng(seed) (from the seed argument) and pass it to policy(obs, rng).",
            lambda env, policy, seed: _episode(env, policy, seed, np.random.default_rng()),
            detect=_unseeded,
        ),
        Mistake(
            "The rng is seeded with a fixed number: seed it with the seed argument, "
            "rng = np.random.default_rng(seed), so another seed gives another episode.",
            lambda env, policy, seed: _episode(env, policy, seed, np.random.default_rng(0)),
        ),
        Mistake(
            "Your episode stopped after 500 steps, but this env's time limit is longer: stop when env.step "
            "returns `terminated or truncated`, never after a hard-coded number of steps.",
            lambda env, policy, seed: _episode(env, policy, seed, np.random.default_rng(seed), max_steps=500),
        ),
        Mistake(
            "The rewards are not always 1: append the reward that env.step returns.",
            lambda env, policy, seed: np.ones(len(episode_rewards(env, policy, seed))),
        ),
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
