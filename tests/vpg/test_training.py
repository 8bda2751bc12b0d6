"""The VPG loop end to end: the value network used in the rollout, learning, the solved bookkeeping, the CLI."""

import json
import subprocess
import sys

import numpy as np
import pytest

from vpg_helpers.nn.mlp import MLP
from vpg_helpers.vpg import VPGConfig, train
from vpg_helpers.vpg.config import DEFAULTS, VPGResult
from vpg_helpers.vpg.evaluate import run_policy


@pytest.fixture(scope="module")
def cartpole_run():
    snapshots, infos = [], []

    def callback(info):
        infos.append(info)
        snapshots.append([p.copy() for p in info["value_net"].params])

    result = train(VPGConfig(seed=0, total_steps=60_000), callback=callback)
    return result, infos, snapshots


@pytest.mark.slow  # trains VPG to a solve
def test_rollout_values_are_the_trained_value_network_output(cartpole_run):
    # A silently overwritten or copied parameter crashes nothing but halves the solve rate: check that the
    # V(s) in each batch is exactly what the value network (as trained up to then) outputs.
    _, infos, snapshots = cartpole_run
    value_net = infos[0]["value_net"]
    for k in range(1, len(infos)):
        batch = infos[k]["batch"]
        fresh = MLP(value_net.sizes, np.random.default_rng(99), dtype=value_net.dtype)
        for p, saved in zip(fresh.params, snapshots[k - 1], strict=True):
            p[:] = saved
        obs = batch.observations.reshape(-1, batch.observations.shape[-1])
        assert np.allclose(batch.values.ravel(), fresh(obs)[:, 0], rtol=1e-5, atol=1e-5)
        assert not np.allclose(snapshots[k][0], snapshots[k - 1][0])  # and the network did train
    # 20 Adam steps of value regression lower its loss on (nearly) every batch: Adam is not monotone, so one
    # batch in ten may end a hair above where it started.
    lowered = [info["vf_loss_after"] < info["vf_loss_before"] for info in infos]
    assert sum(lowered) >= 0.9 * len(infos)
    assert sum(info["vf_loss_after"] for info in infos) < 0.8 * sum(info["vf_loss_before"] for info in infos)


@pytest.mark.slow  # trains VPG to a solve
def test_training_improves_and_solves_cartpole(cartpole_run):
    result, infos, _ = cartpole_run
    returns = result.episode_returns
    assert np.mean(returns[:20]) < 50 < 300 < np.mean(returns[-20:])
    assert result.solved and result.env_steps == infos[-1]["env_steps"] <= 60_000
    # solved_at_steps: the first episode end where the last 20 episodes average >= 475.
    ends = result.episode_end_steps
    i = ends.index(result.solved_at_steps)
    assert np.mean(returns[i - 19 : i + 1]) >= 475
    assert all(np.mean(returns[j - 19 : j + 1]) < 475 for j in range(19, i))
    assert ends == sorted(ends) and len(ends) == len(returns)
    assert result.final_mean_return == pytest.approx(np.mean(returns[-20:]))


def test_same_seed_same_run():
    a = train(VPGConfig(seed=4, total_steps=6000))
    b = train(VPGConfig(seed=4, total_steps=6000))
    assert a.episode_returns == b.episode_returns and not a.solved


@pytest.mark.slow  # trains VPG to a solve
def test_keep_training_after_solved_and_bad_configs(cartpole_run):
    stopped = cartpole_run[0]
    budget = stopped.env_steps + 4000
    result = train(VPGConfig(seed=0, total_steps=budget, stop_when_solved=False))
    assert result.env_steps == budget and result.solved_at_steps == stopped.solved_at_steps
    assert result.episode_returns[: len(stopped.episode_returns)] == stopped.episode_returns
    with pytest.raises(ValueError, match="gamma"):
        VPGConfig(gamma=1.5)
    with pytest.raises(TypeError, match="num_envs"):
        VPGConfig(num_envs=2.0)
    with pytest.raises(ValueError, match="pi_lr"):
        VPGConfig(pi_lr=0)
    with pytest.raises(TypeError, match="stop_when_solved"):
        VPGConfig(stop_when_solved=1)


@pytest.mark.slow  # trains VPG to a solve
def test_gaussian_policy_learns_inverted_pendulum():
    result = train(VPGConfig.for_env("InvertedPendulum-v5", seed=0, total_steps=25_000))
    returns = result.episode_returns
    assert np.mean(returns[:20]) < 20 and np.mean(returns[-10:]) > 5 * np.mean(returns[:20])
    assert result.policy.log_std.shape == (1,)


@pytest.mark.slow  # trains VPG to a solve
def test_run_policy_greedy_cartpole(cartpole_run):
    result, _, _ = cartpole_run
    run = run_policy(result.policy, "CartPole-v1", seed=123, greedy=True, frame_every=10, max_steps=35)
    assert run.length == 35 and run.total_return == 35.0 and run.truncated and not run.terminated
    assert run.frame_steps == [0, 10, 20, 30, 35] and run.frames[0].shape == (400, 600, 3)
    # The just-solved policy balances for most of the 500-step limit (the untrained one: about 22 steps).
    full = [run_policy(result.policy, "CartPole-v1", seed=s, greedy=True) for s in range(120, 125)]
    assert np.mean([run.total_return for run in full]) > 300 and all(run.frames == [] for run in full)
    assert all(run.length == run.total_return and run.truncated == (run.length == 500) for run in full)


def test_config_defaults_per_env():
    assert VPGConfig().env_id == "CartPole-v1"
    config = VPGConfig.for_env("InvertedPendulum-v5", seed=3)
    assert config.seed == 3 and all(
        getattr(config, k) == v for k, v in DEFAULTS["InvertedPendulum-v5"].items()
    )
    assert set(VPGResult("x", 0).summary()) >= {
        "env",
        "seed",
        "env_steps",
        "seconds",
        "solved",
        "solved_at_steps",
        "solved_at_seconds",
        "final_mean_return",
    }


def test_cli_last_line_is_json():
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "vpg_helpers.vpg",
            "--env",
            "CartPole-v1",
            "--seed",
            "1",
            "--total-steps",
            "4000",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = out.strip().splitlines()
    assert len(lines) >= 2 and lines[0].startswith("epoch")
    summary = json.loads(lines[-1])
    assert summary["env"] == "CartPole-v1" and summary["seed"] == 1 and summary["env_steps"] == 4000
    assert summary["solved"] is False and summary["solved_at_steps"] is None
    assert isinstance(summary["final_mean_return"], float) and summary["seconds"] > 0


def test_the_update_hook_replaces_the_course_update():
    """update=... is called with vpg_update's arguments; an update that learns nothing leaves the policy as it was."""
    import inspect

    from vpg_helpers.vpg import vpg_update

    config, calls = VPGConfig(seed=3, total_steps=2000), []

    def frozen(policy, value_net, pi_opt, vf_opt, batch, config):
        calls.append(batch.rewards.shape)
        return {}

    course = list(inspect.signature(vpg_update).parameters)  # plus the optional targets= of notebook 08
    assert list(inspect.signature(frozen).parameters) == course[:6] and course[6:] == ["targets"]
    start = train(VPGConfig(seed=3, total_steps=1), update=frozen).policy.params
    frozen_run = train(config, update=frozen)
    assert calls and all(np.array_equal(a, b) for a, b in zip(start, frozen_run.policy.params, strict=True))
    learned = train(config).policy.params
    assert not all(np.array_equal(a, b) for a, b in zip(start, learned, strict=True))
