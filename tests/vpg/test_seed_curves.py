"""score.mean_return_by_step and score.seed_spread against their definitions, and vpg.seeds.train_seeds."""

import numpy as np
import pytest

from vpg_helpers.vpg import VPGConfig, train
from vpg_helpers.vpg.score import mean_return_by_step, seed_spread
from vpg_helpers.vpg.seeds import train_seeds


def _brute_by_step(ends, returns, x, window):
    """The mean of the last `window` returns among the episodes that ended at or before step x."""
    ended = [r for e, r in zip(ends, returns, strict=True) if e <= x]
    return np.mean(ended[-window:]) if ended else np.nan


def _random_run(rng):
    n = int(rng.integers(1, 60))
    return np.cumsum(rng.integers(1, 300, size=n)), rng.uniform(0, 500, size=n)


@pytest.mark.parametrize("seed", range(5))
def test_mean_return_by_step_is_the_mean_of_the_episodes_ended_by_then(seed):
    rng = np.random.default_rng(seed)
    ends, returns = _random_run(rng)
    steps = rng.integers(0, ends[-1] + 500, size=40)
    window = int(rng.integers(1, 25))
    expected = [_brute_by_step(ends, returns, x, window) for x in steps]
    np.testing.assert_allclose(mean_return_by_step(ends, returns, steps, window), expected)


@pytest.mark.parametrize("seed", range(5))
def test_seed_spread_is_the_mean_min_and_max_over_seeds_at_each_step(seed):
    rng = np.random.default_rng(seed)
    runs = {s: _random_run(rng) for s in range(int(rng.integers(2, 5)))}
    steps, mean, low, high = seed_spread(runs, window=20)
    every_end = sorted({int(e) for ends, _ in runs.values() for e in ends})
    start = max(ends[0] for ends, _ in runs.values())  # from where every seed has an episode
    assert steps.tolist() == [e for e in every_end if e >= start]
    per_seed = np.array([[_brute_by_step(e, r, x, 20) for x in steps] for e, r in runs.values()])
    np.testing.assert_allclose(mean, per_seed.mean(axis=0))
    np.testing.assert_allclose(low, per_seed.min(axis=0))
    np.testing.assert_allclose(high, per_seed.max(axis=0))


def test_seed_spread_of_a_seed_without_episodes_is_empty():
    assert all(len(a) == 0 for a in seed_spread({0: ([10], [1.0]), 1: ([], [])}))


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: seed_spread({}), TypeError, "seed_runs"),
        (lambda: seed_spread([([1], [1.0])]), TypeError, "seed_runs"),
        (lambda: seed_spread({0: ([1], [1.0], [2])}), TypeError, r"seed_runs\[0\]"),
        (lambda: seed_spread({0: ([1, 2], [1.0])}), ValueError, "episode_end_steps"),
        (lambda: mean_return_by_step([3, 1], [1.0, 2.0], [2]), ValueError, "non-decreasing"),
        (lambda: mean_return_by_step([1, 2], [1.0, 2.0], [2], window=0), ValueError, "window"),
        (lambda: mean_return_by_step([1], [np.nan], [2]), ValueError, "episode_returns"),
    ],
)
def test_bad_input_names_the_argument(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_train_seeds_trains_each_seed_as_train_would_and_calls_back_with_the_seed():
    config = VPGConfig.for_env("CartPole-v1", total_steps=800, steps_per_env=50)
    calls = []
    results = train_seeds(config, (2, 0), callback=lambda seed, info: calls.append((seed, info["epoch"])))
    assert list(results) == [2, 0]
    assert calls == [(2, 1), (2, 2), (0, 1), (0, 2)]
    for seed, result in results.items():
        direct = train(VPGConfig.for_env("CartPole-v1", total_steps=800, steps_per_env=50, seed=seed))
        assert result.seed == seed and result.episode_returns == direct.episode_returns
    assert config.seed == 0  # the config given is not changed


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(config="CartPole-v1"), TypeError, "config"),
        (dict(seeds=()), TypeError, "seeds"),
        (dict(seeds=3), TypeError, "seeds"),
        (dict(seeds=(0, -1)), ValueError, r"seeds\[1\]"),
        (dict(seeds=(0, 1.5)), TypeError, r"seeds\[1\]"),
        (dict(seeds=(1, 1)), ValueError, "distinct"),
        (dict(callback=3), TypeError, "callback"),
    ],
)
def test_train_seeds_rejects_bad_arguments(kwargs, error, match):
    arguments = dict(config=VPGConfig(total_steps=400), seeds=(0,)) | kwargs
    with pytest.raises(error, match=match):
        train_seeds(**arguments)
