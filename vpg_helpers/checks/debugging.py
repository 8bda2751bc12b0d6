"""Check for notebook 08's exercise "find and fix a broken function": a rollout that stores each reward late.

The notebook hands the learner a colleague's ``collect_episode`` whose ``rewards[t]`` holds the reward of step
t - 1 (Spinning Up issue #67): on CartPole, where every reward is 1, the learning curves cannot show it. The
cases therefore use a CartPole whose reward is not always 1 (``_ShapedReward``, from notebook 01's check),
episodes that terminate and episodes that a time limit truncates, and a stochastic policy, so that every
misalignment between observations, actions and rewards changes the answer. The expected answers come from
the course's ``collect_trajectory`` (notebook 01), an independent oracle.
"""

import copy

import numpy as np

from vpg_helpers.checks._core import Case, Mistake
from vpg_helpers.checks.registry import exercise_check
from vpg_helpers.checks.trajectories import _balance, _make, _noisy_lean, _push_left, _ShapedReward
from vpg_helpers.envs.rollouts import collect_trajectory

__all__ = ["check_collect_episode", "collect_episode", "collect_episode_reward_late"]

PARTS = ("observations", "actions", "rewards")


# The fixed version, notebook 08's solution, with the notebook's docstring (the mutation tool numbers lines from it).
def collect_episode(env, policy, seed):
    """One episode of `policy` in `env` reset with `seed`: arrays observations (T, obs_dim), actions (T,), rewards (T,).
    rewards[t] must be the reward returned by env.step(actions[t])."""
    rng = np.random.default_rng(seed)
    observations, actions, rewards = [], [], []
    obs, _ = env.reset(seed=seed)
    while True:
        action = policy(obs, rng)
        observations.append(obs)
        actions.append(action)
        obs, reward, terminated, truncated, _ = env.step(action)
        rewards.append(reward)  # after the step: the reward this action earned
        if terminated or truncated:
            break
    return (np.array(observations), np.array(actions), np.array(rewards))  # (as ast.unparse writes it)


def collect_episode_reward_late(env, policy, seed):
    """The colleague's version (notebook 08 shows it): the reward is appended *before* the step that earns it."""
    rng = np.random.default_rng(seed)
    observations, actions, rewards = [], [], []
    obs, _ = env.reset(seed=seed)
    reward = 0.0
    while True:
        action = policy(obs, rng)
        observations.append(obs)
        actions.append(action)
        rewards.append(reward)
        obs, reward, terminated, truncated, _ = env.step(action)
        if terminated or truncated:
            break
    return np.array(observations), np.array(actions), np.array(rewards)


def _episode(env, policy, seed, rng=None):
    """The right episode, but with the policy drawing from ``rng`` if one is given: the wrong answers below."""
    rng = np.random.default_rng(seed) if rng is None else rng
    return collect_trajectory(env, lambda obs, _: policy(obs, rng), seed)


def _last_reward_dropped(env, policy, seed):
    tau = _episode(env, policy, seed)
    return tau.observations, tau.actions, tau.rewards[:-1]


def _next_observations(env, policy, seed):
    tau = _episode(env, policy, seed)
    return np.vstack([tau.observations[1:], tau.last_observation]), tau.actions, tau.rewards


def _final_observation_too(env, policy, seed):
    tau = _episode(env, policy, seed)
    return np.vstack([tau.observations, tau.last_observation]), tau.actions, tau.rewards


def _rng_seeded_with(rng_seed):
    """An episode whose policy draws from default_rng(rng_seed), not default_rng(seed) (None: unseeded)."""

    def wrong(env, policy, seed):
        tau = _episode(env, policy, seed, np.random.default_rng(rng_seed))
        return tau.observations, tau.actions, tau.rewards

    return wrong


def _env_not_reset_with_seed(env, policy, seed):
    """The env reset without the seed (the rng seeded): the episode starts from a random state."""
    rng = np.random.default_rng(seed)
    observations, actions, rewards = [], [], []
    obs, _ = env.reset()
    while True:
        observations.append(obs)
        actions.append(policy(obs, rng))
        obs, reward, terminated, truncated, _ = env.step(actions[-1])
        rewards.append(reward)
        if terminated or truncated:
            return np.array(observations), np.array(actions), np.array(rewards)


def _other_start(fn, case, got):
    """The first observation is not the one env.reset(seed=seed) gives: the env was not reset with the seed."""
    try:
        return not np.array_equal(np.asarray(got[0])[0], case.expected[0][0])
    except (TypeError, ValueError, IndexError):  # no observations to compare: another mistake
        return False


def _unseeded(fn, case, got):
    """The same call gives other answers on a rerun: the policy's rng was not seeded with ``seed``."""
    for _ in range(3):  # an unseeded episode can repeat by chance once, hardly three times
        again = fn(*copy.deepcopy(case.kwargs).values())
        try:
            if not all(np.array_equal(a, g) for a, g in zip(again, got, strict=True)):
                return True
        except (TypeError, ValueError):  # not three parts, or parts that do not compare: another mistake
            return False
    return False


def _rng_from_another_seed(fn, case, got):
    """The policy's rng does not start where default_rng(seed) starts (e.g. default_rng(0) or (42))."""
    states = []

    def spy(obs, rng):  # the case's policy, noting the state of the rng it is first given
        states.append(states[0] if states else copy.deepcopy(rng.bit_generator.state))
        return case.kwargs["policy"](obs, rng)

    fn(*{**copy.deepcopy(case.kwargs), "policy": spy}.values())
    return bool(states) and states[0] != np.random.default_rng(case.kwargs["seed"]).bit_generator.state


@exercise_check(collect_episode, parts=PARTS)
def check_collect_episode():
    """Check ``fn(env, policy, seed) -> (observations, actions, rewards)``, each over the episode's T steps."""
    inputs = [
        ("plain CartPole, every reward 1; always push left: the pole falls and the episode terminates", {},
         _push_left, 0),
        ("rewards 1 - |cart position| / 2.4; always push left: the episode terminates", dict(wrapper=_ShapedReward),
         _push_left, 0),
        ("the same from another seed: env.reset(seed=seed) sets the start state", dict(wrapper=_ShapedReward),
         _push_left, 7),
        ("a balancing policy: the time limit (max_episode_steps=40) truncates the episode",
         dict(wrapper=_ShapedReward, max_episode_steps=40), _balance, 1),
        ("a stochastic policy: its actions come from rng, seeded with seed",
         dict(wrapper=_ShapedReward, max_episode_steps=60), _noisy_lean, 3),
    ]  # fmt: skip
    cases = [
        Case(
            description,
            dict(env=_make(**make_kwargs), policy=policy, seed=seed),
            _rng_seeded_with(seed)(_make(**make_kwargs), policy, seed),  # notebook 01's collect_trajectory
            hint="rng = np.random.default_rng(seed); obs, _ = env.reset(seed=seed); then each step: "
            "action = policy(obs, rng); store obs and action; obs, reward, terminated, truncated, _ = "
            "env.step(action); store reward; stop when terminated or truncated.",
        )
        for description, make_kwargs, policy, seed in inputs
    ]
    mistakes = [
        Mistake(
            "The bug is still there: rewards[t] holds the reward of step t - 1 (and rewards[0] = 0). Append "
            "`reward` after env.step(action), which returns the reward that action earned.",
            collect_episode_reward_late,
        ),
        Mistake(
            "The last step's reward is missing: append the reward right after env.step, before you check "
            "whether the episode ended, so that there is one reward per action.",
            _last_reward_dropped,
        ),
        Mistake(
            "observations[t] must be the state actions[t] was taken in: append obs before env.step(action), "
            "which returns the *next* observation.",
            _next_observations,
        ),
        Mistake(
            "observations has one row too many: the observation after the last step has no action. Store "
            "the observation each action was taken in, T of them for T actions.",
            _final_observation_too,
        ),
        Mistake(
            "The episode does not start where env.reset(seed=seed) starts it: reset the env with the seed "
            "argument, obs, _ = env.reset(seed=seed), so that the same seed gives the same episode.",
            _env_not_reset_with_seed,
            detect=_other_start,
        ),
        Mistake(
            "The same seed gave other answers on a rerun: the policy's random numbers are not seeded. Create "
            "rng = np.random.default_rng(seed) from the seed argument and pass it to policy(obs, rng).",
            _rng_seeded_with(None),
            detect=_unseeded,
        ),
        Mistake(
            "The rng is seeded with a fixed number: seed it with the seed argument, "
            "rng = np.random.default_rng(seed), so that another seed gives another episode.",
            _rng_seeded_with(0),
            detect=_rng_from_another_seed,
        ),
    ]
    return cases, mistakes
