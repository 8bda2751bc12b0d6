"""tools/gae_sweep.py: a reduced lambda sweep end to end (a few seconds), and its metrics against brute force."""

import json
from dataclasses import fields

import gae_sweep  # tools/ is on pytest's pythonpath (pyproject.toml)
import numpy as np
import pytest

from vpg_helpers.vpg import VPGConfig


def brute_curve(returns, ends, total_steps, points, window):
    out = []
    for k in range(1, points + 1):
        checkpoint = k * total_steps / points
        done = [r for r, e in zip(returns, ends, strict=True) if e <= checkpoint]
        out.append(np.mean(done[-window:]) if done else np.nan)
    return np.array(out)


def test_learning_curve_against_brute_force():
    rng = np.random.default_rng(0)
    ends = np.cumsum(rng.integers(5, 60, size=80))
    returns = rng.uniform(10, 500, size=80)
    for points, window in [(20, 20), (7, 3), (1, 100)]:
        _, curve = gae_sweep.learning_curve(returns, ends, int(ends[-1]), points, window)
        np.testing.assert_allclose(curve, brute_curve(returns, ends, int(ends[-1]), points, window))
    _, early = gae_sweep.learning_curve([5.0], [100], total_steps=1000, points=20)
    assert np.isnan(early[0]) and early[-1] == 5.0  # no episode finished yet at the first checkpoint


def test_solved_at():
    returns = [100.0] * 5 + [500.0] * 25
    ends = list(range(10, 310, 10))
    # the mean of 20 consecutive episodes first reaches 475 when at most one 100 is left in the window
    assert gae_sweep.solved_at(returns, ends) == ends[23]
    assert gae_sweep.solved_at([500.0] * 19, list(range(19))) is None


def test_sweep_runs_never_stop_early():
    config = gae_sweep.sweep_config(0.9, 3, total_steps=50_000)
    assert config.lam == 0.9 and config.seed == 3 and config.total_steps == 50_000
    if "stop_when_solved" in {f.name for f in fields(VPGConfig)}:
        assert config.stop_when_solved is False
    else:
        assert config.solve_window > config.total_steps  # more episodes than a run can finish: never "solved"


@pytest.fixture(scope="module")
def reduced_sweep(tmp_path_factory):
    out = tmp_path_factory.mktemp("sweep") / "sweep.json"
    argv = "--lambdas 0 1 --seeds 0 1 --total-steps 2000 --points 4 --jobs 1".split()
    gae_sweep.main([*argv, "--out", str(out)])
    return json.loads(out.read_text()), argv


def test_reduced_sweep_writes_every_run(reduced_sweep):
    sweep, argv = reduced_sweep
    assert sweep["command"].startswith("python tools/gae_sweep.py " + " ".join(argv))
    assert sweep["config"]["env_id"] == "CartPole-v1" and sweep["config"]["total_steps"] == 2000
    assert [(run["lam"], run["seed"]) for run in sweep["runs"]] == [(0.0, 0), (0.0, 1), (1.0, 0), (1.0, 1)]
    for run in sweep["runs"]:
        assert run["env_steps"] >= 2000 and len(run["learning_curve"]) == 4
        assert run["mean_return_over_training"] == pytest.approx(np.nanmean(run["learning_curve"]), abs=0.01)
        assert 8 <= run["final_mean_return"] <= 500  # CartPole returns: 8 steps at least, 500 at most


def test_reduced_sweep_is_reproducible(reduced_sweep):
    sweep, _ = reduced_sweep
    again = gae_sweep.run_one((1.0, 1, 2000, 4))
    first = next(run for run in sweep["runs"] if run["lam"] == 1.0 and run["seed"] == 1)
    assert again["learning_curve"] == first["learning_curve"]
    assert again["final_mean_return"] == first["final_mean_return"]


def test_notebook_06_reads_the_stored_sweep_as_it_is():
    """06's sentences on the best lambda, checked against the stored sweep (mean +- SE over seeds)."""
    from importlib.resources import files

    sweep = json.loads((files("vpg_helpers.data") / "gae_lambda_sweep.json").read_text())
    by_lam = {}
    for run in sweep["runs"]:
        by_lam.setdefault(run["lam"], []).append(run)

    def mean_se(lam):
        x = np.array([run["mean_return_over_training"] for run in by_lam[lam]])
        return x.mean(), x.std(ddof=1) / np.sqrt(len(x))

    (best, best_se), (m99, se99), (m97, se97) = mean_se(1.0), mean_se(0.99), mean_se(0.97)
    assert best == max(mean_se(lam)[0] for lam in by_lam)  # "lambda = 1 has the highest mean return"
    assert best - m99 < min(se99, best_se)  # "0.99 is within one standard error of it"
    assert round(best - m97) == 14 and 0.8 < (best - m97) / np.hypot(se97, best_se) < 1.3  # "about one SE"
    assert m97 + se97 > best - best_se  # "their error bars overlap"
    assert all(run["solved_at_steps"] is not None for lam in (0.97, 0.99, 1.0) for run in by_lam[lam])
    for lam in (0.92, 0.95):  # "clearly lower": more than two standard errors of the difference
        m, se = mean_se(lam)
        assert (best - m) / np.hypot(se, best_se) > 2
