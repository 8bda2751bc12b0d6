"""vpg: targets, score and config fuzzed against direct definitions (loops over episodes and windows)."""

import math

import numpy as np
from fuzz_support import (
    Bad,
    Spec,
    floats,
    invalid_arrays,
    invalid_ints,
    invalid_numbers,
    module_tests,
    overflowing,
    unit,
    vectors,
)
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from vpg_helpers.returns import gae_advantages_batch
from vpg_helpers.vpg import VPGConfig
from vpg_helpers.vpg.score import (
    first_solved,
    mean_last_returns,
    mean_return_by_step,
    moving_average_return,
    seed_spread,
)
from vpg_helpers.vpg.targets import compute_batch_targets, normalise_advantages


def check_normalised(kwargs, out):
    a = np.asarray(kwargs["advantages"], dtype=np.float64).ravel()
    mean = math.fsum(a) / len(a)
    std = math.sqrt(math.fsum((x - mean) ** 2 for x in a) / len(a))
    # For a batch of (nearly) equal advantages numpy's mean is off by a few ulps of max|A|, divided by ~1e-8
    atol = 1e-6 * (1.0 + np.max(np.abs(a)))
    np.testing.assert_allclose(np.ravel(out), [(x - mean) / (std + 1e-8) for x in a], rtol=1e-7, atol=atol)


def check_targets(kwargs, out):
    advantages, rewards_to_go = out
    # R_t by its definition: the discounted rewards to the episode's end, then the bootstrap value there
    r, nv, dones, gamma = kwargs["rewards"], kwargs["next_values"], kwargs["dones"], kwargs["gamma"]
    T, N = r.shape
    expected = np.zeros((T, N))
    for n in range(N):
        for t in range(T):
            k, weight = t, 1.0
            while True:
                expected[t, n] += weight * r[k, n]
                if dones[k, n] or k == T - 1:
                    expected[t, n] += weight * gamma * nv[k, n]
                    break
                k, weight = k + 1, weight * gamma
    np.testing.assert_allclose(rewards_to_go, expected, rtol=1e-9, atol=1e-9)
    check_normalised({"advantages": gae_advantages_batch(**kwargs)}, advantages)


@st.composite
def batches(draw):
    T, N = draw(st.integers(1, 6)), draw(st.integers(1, 3))
    arr = hnp.arrays(np.float64, (T, N), elements=floats())
    dones = draw(hnp.arrays(np.bool_, (T, N)))
    values, next_values = draw(arr), draw(arr)
    # As a collector stores them: inside an episode, the next state's value is V(s_{t+1}) = values[t + 1]
    next_values[:-1] = np.where(dones[:-1], next_values[:-1], values[1:])
    return dict(
        rewards=draw(arr),
        values=values,
        next_values=next_values,
        dones=dones,
        gamma=draw(unit),
        lam=draw(unit),
    )


def brute_windows(returns, window):
    return [
        math.fsum(returns[max(0, i + 1 - window) : i + 1]) / len(returns[max(0, i + 1 - window) : i + 1])
        for i in range(len(returns))
    ]


def check_first_solved(kwargs, out):
    returns, w, threshold, start = kwargs["returns"], kwargs["window"], kwargs["threshold"], kwargs["start"]
    hits = [
        i
        for i in range(len(returns))
        if i >= max(w - 1, start) and np.mean(returns[i + 1 - w : i + 1]) >= threshold
    ]
    assert out == (hits[0] if hits else None)


BATCH = dict(
    rewards=np.ones((3, 2)),
    values=np.zeros((3, 2)),
    next_values=np.ones((3, 2)),
    dones=np.zeros((3, 2), bool),
    gamma=0.9,
    lam=0.8,
)
RETURNS = np.array([1.0, 5.0, 3.0, 7.0])
END_STEPS = np.array([10.0, 30.0, 30.0, 60.0])


def brute_by_step(ends, returns, steps, window):
    """At each step: the mean of the last `window` returns of the episodes ended by then (NaN before any)."""
    out = []
    for x in steps:
        ended = [r for e, r in zip(ends, returns, strict=True) if e <= x]
        out.append(math.fsum(ended[-window:]) / len(ended[-window:]) if ended else math.nan)
    return out


@st.composite
def runs_by_step(draw, min_episodes=0):
    n = draw(st.integers(min_episodes, 15))
    ends = np.cumsum(draw(hnp.arrays(np.int64, n, elements=st.integers(0, 50)))).astype(float)
    return ends, draw(hnp.arrays(np.float64, n, elements=floats()))


def check_seed_spread(kwargs, out):
    steps, mean, low, high = out
    runs, window = kwargs["seed_runs"], kwargs["window"]
    start = max(ends[0] for ends, _ in runs.values())
    assert steps.tolist() == sorted({e for ends, _ in runs.values() for e in ends if e >= start})
    per_seed = np.array([brute_by_step(e, r, steps, window) for e, r in runs.values()])
    for got, want in (
        (mean, per_seed.mean(axis=0)),
        (low, per_seed.min(axis=0)),
        (high, per_seed.max(axis=0)),
    ):
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9)


returns_and_window = st.builds(
    lambda r, w: dict(episode_returns=r, window=w), vectors(0, 30), st.integers(1, 10)
)
config_fields = dict(seed=0, total_steps=1, num_envs=1, steps_per_env=1, train_v_iters=0, solve_window=1)

SPECS = [
    Spec("normalise_advantages", normalise_advantages, st.builds(lambda a: dict(advantages=a), vectors(1, 30)), check_normalised,
         dict(advantages=RETURNS), invalid_arrays("advantages", RETURNS) + overflowing("advantages", RETURNS) + [Bad("advantages", np.zeros(0), "empty"), Bad("advantages", 1.0, "a scalar")]),
    Spec("compute_batch_targets", compute_batch_targets, batches(), check_targets, BATCH,
         [b for name in ("rewards", "values", "next_values") for b in invalid_arrays(name, BATCH[name])] + overflowing("rewards", BATCH["rewards"])
         + invalid_numbers("gamma") + invalid_numbers("lam") + [Bad("values", np.zeros(2), "(N,)"), Bad("next_values", 0.0, "scalar"),
         Bad("dones", np.full((3, 2), 2), "dones = 2"), Bad("gamma", 1.5), Bad("lam", -1.0)]),
    Spec("mean_last_returns", mean_last_returns, returns_and_window,
         lambda k, out: (out is None) if len(k["episode_returns"]) == 0 else np.testing.assert_allclose(out, brute_windows(k["episode_returns"].tolist(), k["window"])[-1], rtol=1e-9, atol=1e-9),
         dict(episode_returns=RETURNS, window=2), invalid_arrays("episode_returns", RETURNS) + invalid_ints("window")),
    Spec("moving_average_return", moving_average_return, returns_and_window,
         lambda k, out: np.testing.assert_allclose(out, brute_windows(k["episode_returns"].tolist(), k["window"]), rtol=1e-9, atol=1e-6),
         dict(episode_returns=RETURNS, window=2), invalid_arrays("episode_returns", RETURNS) + invalid_ints("window")),
    Spec("mean_return_by_step", mean_return_by_step,
         st.builds(lambda run, x, w: dict(episode_end_steps=run[0], episode_returns=run[1], steps=x, window=w), runs_by_step(), vectors(0, 10, 0.0, 800.0), st.integers(1, 6)),
         lambda k, out: np.testing.assert_allclose(out, brute_by_step(k["episode_end_steps"], k["episode_returns"], k["steps"], k["window"]), rtol=1e-9, atol=1e-9),
         dict(episode_end_steps=END_STEPS, episode_returns=RETURNS, steps=np.array([5.0, 30.0, 99.0]), window=2),
         invalid_arrays("episode_end_steps", END_STEPS) + invalid_arrays("episode_returns", RETURNS) + invalid_arrays("steps", [5.0, 30.0]) + invalid_ints("window")
         + [Bad("episode_end_steps", END_STEPS[::-1], "decreasing"), Bad("episode_end_steps", END_STEPS[:3], "shorter than the returns")]),
    Spec("seed_spread", seed_spread,
         st.builds(lambda runs, w: dict(seed_runs=dict(enumerate(runs)), window=w), st.lists(runs_by_step(min_episodes=1), min_size=1, max_size=4), st.integers(1, 6)),
         check_seed_spread, dict(seed_runs={0: (END_STEPS, RETURNS), 1: (END_STEPS + 5, RETURNS)}, window=2),
         invalid_ints("window") + [Bad("seed_runs", {}, "empty"), Bad("seed_runs", [(END_STEPS, RETURNS)], "a list"), Bad("seed_runs", None),
         Bad("seed_runs", {0: (END_STEPS, RETURNS, RETURNS)}, "a triple"), Bad("seed_runs", {0: (END_STEPS, RETURNS[:2])}, "unequal lengths"),
         Bad("seed_runs", {0: (END_STEPS, "x")}, "text returns"), Bad("seed_runs", {0: ([np.nan] * 4, RETURNS)}, "NaN steps")]),
    Spec("first_solved", first_solved,
         st.builds(lambda r, w, t, s: dict(returns=r, window=w, threshold=t, start=s), vectors(0, 30), st.integers(1, 6), floats(), st.integers(0, 30)),
         check_first_solved, dict(returns=RETURNS, window=2, threshold=4.0, start=0),
         invalid_arrays("returns", RETURNS) + invalid_ints("window") + invalid_ints("start", 0)
         + [b for b in invalid_numbers("threshold") if b.value is not None]),
    Spec("VPGConfig", VPGConfig,
         st.builds(lambda g, lam, lr, h: dict(gamma=g, lam=lam, pi_lr=lr, hidden_sizes=h), unit, unit, st.floats(1e-6, 1.0), st.lists(st.integers(1, 64), max_size=3)),
         lambda k, out: (out.gamma == k["gamma"] and out.hidden_sizes == tuple(k["hidden_sizes"])) or None,
         dict(config_fields),
         invalid_numbers("gamma") + invalid_numbers("lam") + invalid_numbers("pi_lr") + invalid_numbers("vf_lr") + invalid_numbers("log_std_init")
         + [b for name in ("seed", "total_steps", "num_envs", "steps_per_env", "solve_window") for b in invalid_ints(name, 0 if name == "seed" else 1)]
         + invalid_ints("train_v_iters", 0)
         + [Bad("hidden_sizes", "64", "a string"), Bad("hidden_sizes", 64, "an int"), Bad("hidden_sizes", (64, 0), "a zero width"),
            Bad("hidden_sizes", (64.0,), "a float width"), Bad("env_id", None), Bad("env_id", 3), Bad("dtype", "float16"), Bad("dtype", np.float32, "a numpy type"),
            Bad("stop_when_solved", 1, "an int"), Bad("stop_when_solved", "yes"), Bad("pi_lr", 0.0), Bad("vf_lr", -1.0)]),
]  # fmt: skip

test_valid_inputs_agree_with_the_reference, test_invalid_inputs_raise_naming_the_argument = module_tests(
    SPECS
)
