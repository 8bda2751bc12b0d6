"""train's per-epoch diagnostics, recomputed by brute force from the batch and the networks before and after;
the target_kl step-size rule; an update hook that returns only some stats."""

import copy
import math

import numpy as np
import pytest

from vpg_helpers.distributions import softmax
from vpg_helpers.vpg import VPGConfig, train, vpg_update
from vpg_helpers.vpg.targets import compute_batch_targets
from vpg_helpers.vpg.training import UPDATE_STATS, kl_adapted_lr


def run_with_snapshots(config, update=None):
    """Train; keep each epoch's info with deep copies of the policy and value net as they were after it."""
    epochs = []

    def callback(info):
        epochs.append(
            info | {"policy": copy.deepcopy(info["policy"]), "value_net": copy.deepcopy(info["value_net"])}
        )

    train(config, callback=callback, update=update)
    return epochs


def brute_entropy(policy, obs):
    if hasattr(policy, "log_std"):  # H of N(mu, diag sigma^2) = sum_d log(sigma_d sqrt(2 pi e)), for every s
        return sum(math.log(math.exp(s) * math.sqrt(2 * math.pi * math.e)) for s in policy.log_std)
    p = softmax(policy.net(obs).astype(np.float64))
    return float(np.mean([-sum(pk * math.log(pk) for pk in row) for row in p]))


def check_loop_diagnostics(before, info):
    """entropy, approx_kl, truncated_fraction and pi_lr: what the loop measures whatever the update returns."""
    batch, old, new = info["batch"], before["policy"], info["policy"]
    obs, actions = batch.flat()
    assert info["entropy"] == pytest.approx(brute_entropy(old, obs), rel=1e-5)
    log_ratio = old.log_prob(obs, actions).astype(np.float64) - new.log_prob(obs, actions)
    assert info["approx_kl"] == pytest.approx(np.mean(log_ratio), rel=1e-4, abs=1e-9)
    dones = batch.terminated | batch.truncated
    ended = [(t, n) for t, n in zip(*np.nonzero(dones), strict=True)]
    cut = [(t, n) for t, n in ended if batch.truncated[t, n] and not batch.terminated[t, n]]
    expected = len(cut) / len(ended) if ended else math.nan
    assert info["truncated_fraction"] == pytest.approx(expected, nan_ok=True)


@pytest.mark.parametrize(
    "config",
    [
        VPGConfig(seed=2, total_steps=8000),
        VPGConfig.for_env("InvertedPendulum-v5", seed=2, total_steps=5000),
        VPGConfig(seed=2, total_steps=8000, min_adv_std=100.0),  # the floor on std A is what scales the steps
    ],
    ids=["categorical", "gaussian", "advantage-floor"],
)
def test_epoch_diagnostics_match_brute_force(config):
    epochs = run_with_snapshots(config)
    assert len(epochs) >= 4
    for before, info in zip(epochs[:-1], epochs[1:], strict=True):  # ``before``: the networks it started from
        check_loop_diagnostics(before, info)
        batch, old = info["batch"], before["policy"]
        obs, actions = batch.flat()
        dones = batch.terminated | batch.truncated
        advantages, rewards_to_go = compute_batch_targets(
            batch.rewards,
            batch.values,
            batch.next_values,
            dones,
            config.gamma,
            config.lam,
            config.min_adv_std,
        )
        _, grads = old.loss_and_grads(obs, actions, advantages.ravel())
        grad_norm = math.sqrt(sum(float(x) ** 2 for g in grads for x in np.ravel(g)))
        assert info["grad_norm"] == pytest.approx(grad_norm, rel=1e-5)
        R, V = rewards_to_go.ravel(), batch.values.ravel()
        assert V == pytest.approx(before["value_net"](obs)[:, 0], rel=1e-5, abs=1e-5)  # predictions before
        assert info["explained_variance"] == pytest.approx(1 - np.var(R - V) / np.var(R), rel=1e-6, abs=1e-9)
        assert info["vf_loss_before"] == pytest.approx(np.mean((R - V) ** 2), rel=1e-5)
        after = info["value_net"](obs)[:, 0]
        assert info["vf_loss_after"] == pytest.approx(np.mean((R - after) ** 2), rel=1e-5)
        assert info["vf_loss_after"] < info["vf_loss_before"]
    # Every policy step moves the policy, along a non-zero gradient.
    assert all(info["approx_kl"] != 0 and info["grad_norm"] > 0 for info in epochs)


def test_target_kl_adapts_the_policy_step_size():
    infos = []
    train(VPGConfig(seed=1, total_steps=16_000, target_kl=0.004), callback=infos.append)
    lr = 0.01  # pi_lr: the largest step size; each epoch's step size follows from the KL of the steps before
    for info in infos:
        assert info["pi_lr"] == pytest.approx(lr, rel=1e-12)
        if info["approx_kl"] > 2 * 0.004:
            lr /= 1.5
        elif info["approx_kl"] < 0.004 / 2:
            lr = min(lr * 1.5, 0.01)
    lrs = [info["pi_lr"] for info in infos]
    assert min(lrs) < 0.01 / 1.2 and any(b > a for a, b in zip(lrs, lrs[1:], strict=False))  # down and up
    fixed = []
    train(VPGConfig(seed=1, total_steps=6000, target_kl=None), callback=fixed.append)
    assert [info["pi_lr"] for info in fixed] == [0.01] * len(fixed)
    assert kl_adapted_lr(0.01, 0.03, 0.02, 0.01) == 0.01 and kl_adapted_lr(0.01, math.nan, 0.02, 0.01) == 0.01


def policy_step_only(policy, value_net, pi_opt, vf_opt, batch, config):
    """A learner's update that returns one stat of its own and none of the course's."""
    obs, actions = batch.flat()
    to_go = np.cumsum(batch.rewards[::-1], axis=0)[
        ::-1
    ].ravel()  # reward to the batch's end, episodes ignored
    _, grads = policy.loss_and_grads(obs, actions, (to_go - to_go.mean()) / (to_go.std() + 1e-8))
    pi_opt.step(grads)
    return {"my_stat": 1.5}


def test_an_update_that_returns_only_some_stats():
    config = VPGConfig(seed=2, total_steps=6000)
    epochs = run_with_snapshots(config, update=policy_step_only)
    for before, info in zip(epochs[:-1], epochs[1:], strict=True):
        check_loop_diagnostics(before, info)  # measured by the loop, not taken from the update
        assert info["my_stat"] == 1.5 and all(math.isnan(info[name]) for name in UPDATE_STATS)
    assert all(info["approx_kl"] != 0 for info in epochs)
    # A stat an update returns under a loop diagnostic's name does not replace the measured one.
    infos = []

    def claims_zero_kl(*args):
        return vpg_update(*args) | {"approx_kl": 0.0, "epoch": -1}

    train(config, callback=infos.append, update=claims_zero_kl)
    assert all(info["approx_kl"] != 0.0 for info in infos) and [i["epoch"] for i in infos] == [1, 2, 3]
    nothing = []
    train(config, callback=nothing.append, update=lambda *args: None)  # no return statement: no stats
    assert all(math.isnan(info["pi_loss"]) and info["approx_kl"] == 0.0 for info in nothing)
    with pytest.raises(TypeError, match="update must return a dict"):
        train(config, update=lambda *args: 0.5)
