"""The bug zoo: each broken piece does exactly the wrong thing its Bug.what says (brute force, on a hand-made
batch), the course's update is untouched, and every broken update trains."""

import copy
import dataclasses

import numpy as np
import pytest

from vpg_helpers.checks.vpg_update import GradientDescent, _inputs
from vpg_helpers.debugging import BUGS, Bug, buggy_update, pieces
from vpg_helpers.envs.vector import Batch
from vpg_helpers.nn.mlp import flatten
from vpg_helpers.vpg import VPGConfig, train, vpg_update
from vpg_helpers.vpg.targets import compute_batch_targets, normalise_advantages

GAMMA, LAM = 0.9, 0.8


def hand_batch():
    """T = 5 steps of N = 2 envs: env 0 terminates at t = 1, env 1 is truncated at t = 2; rewards differ."""
    T, N = 5, 2
    rewards = np.array([[1.0, 0.5], [2.0, -1.0], [0.0, 3.0], [1.5, 1.0], [-2.0, 0.25]])
    values = np.array([[0.3, 1.0], [0.7, -0.2], [1.1, 0.4], [0.2, 0.9], [-0.5, 0.6]])
    terminated, truncated = np.zeros((T, N), bool), np.zeros((T, N), bool)
    terminated[1, 0], truncated[2, 1] = True, True
    next_values = np.vstack([values[1:], [[0.8, -0.3]]])  # V(s_{t+1}); V(s_T) after the batch cut
    next_values[1, 0], next_values[2, 1] = 0.0, 2.5  # termination: 0; truncation: V(final observation)
    obs = np.arange(T * N * 3, dtype=float).reshape(T, N, 3) / 30
    return Batch(obs, np.zeros((T, N), int), rewards, values, next_values, terminated, truncated)


def segments(batch, n):
    """The episode segments of env column n: lists of step indices, split after each done."""
    dones = batch.terminated[:, n] | batch.truncated[:, n]
    out, current = [], []
    for t in range(len(dones)):
        current.append(t)
        if dones[t]:
            out.append(current)
            current = []
    return out + ([current] if current else [])


def brute_gae(batch, lam, stop_at_ends=True):
    """A_t = sum_l (gamma lam)^l delta_{t+l}, summed over the step's own episode (or the whole column)."""
    deltas = batch.rewards + GAMMA * batch.next_values - batch.values
    out = np.zeros_like(deltas)
    for n in range(deltas.shape[1]):
        for seg in segments(batch, n) if stop_at_ends else [list(range(len(deltas)))]:
            for i, t in enumerate(seg):
                out[t, n] = sum((GAMMA * lam) ** k * deltas[u, n] for k, u in enumerate(seg[i:]))
    return out


def targets_of(fn, batch):
    dones = batch.terminated | batch.truncated
    return fn(batch.rewards, batch.values, batch.next_values, dones, GAMMA, LAM, 0.0)


def test_the_healthy_targets_match_brute_force():
    advantages, rewards_to_go = targets_of(compute_batch_targets, hand_batch())
    assert np.allclose(advantages, normalise_advantages(brute_gae(hand_batch(), LAM)))
    assert np.allclose(rewards_to_go, brute_gae(hand_batch(), 1.0) + hand_batch().values)


def test_sign_flip_negates_the_advantages_so_the_policy_step_descends():
    advantages, rewards_to_go = targets_of(pieces.negated_advantages, hand_batch())
    healthy = targets_of(compute_batch_targets, hand_batch())
    assert np.allclose(advantages, -healthy[0]) and np.allclose(rewards_to_go, healthy[1])
    # with plain gradient descent, the policy moves by exactly the opposite of the healthy step
    moves = []
    for update in (vpg_update, BUGS["sign_flip"].update):
        inputs = _inputs(3, 6, 2, optimiser=GradientDescent)
        start = flatten(inputs["policy"].params).copy()
        update(**inputs)
        moves.append(flatten(inputs["policy"].params) - start)
    assert np.abs(moves[0]).max() > 0 and np.allclose(moves[1], -moves[0])


def test_reward_one_step_late_shifts_each_env_column_by_one_step():
    batch = hand_batch()
    late = pieces.reward_one_step_late(batch)
    for n in range(2):
        assert late.rewards[0, n] == 0.0  # the batch's first step: nothing before it
        for t in range(1, 5):  # including t = 2 for env 0: the first step of an episode gets the last reward
            assert late.rewards[t, n] == batch.rewards[t - 1, n]
    assert late.next_values is batch.next_values and late.terminated is batch.terminated


def test_truncation_as_termination_drops_the_bootstrap_only_at_the_time_limit():
    batch = hand_batch()
    broken = pieces.truncation_as_termination(batch)
    expected = batch.next_values.copy()
    expected[2, 1] = 0.0  # the truncated step: 0 instead of V(final observation) = 2.5
    assert np.array_equal(broken.next_values, expected)
    assert broken.terminated[2, 1] and broken.terminated[1, 0] and broken.terminated.sum() == 2
    advantages = targets_of(compute_batch_targets, broken)[0]
    deltas = broken.rewards + GAMMA * expected - broken.values
    assert np.isclose(brute_gae(broken, LAM)[2, 1], deltas[2, 1])  # the episode's last step: r - V
    assert not np.allclose(advantages, targets_of(compute_batch_targets, batch)[0])


def test_gae_ignoring_terminals_sums_across_episode_ends():
    batch = hand_batch()
    advantages, rewards_to_go = targets_of(pieces.targets_ignoring_terminals, batch)
    leaky = brute_gae(batch, LAM, stop_at_ends=False)
    assert np.allclose(advantages, normalise_advantages(leaky))
    assert np.allclose(rewards_to_go, brute_gae(batch, 1.0, stop_at_ends=False) + batch.values)
    assert not np.allclose(leaky, brute_gae(batch, LAM))


def test_total_return_weights_every_step_by_its_episodes_G0():
    batch = hand_batch()
    weights, rewards_to_go = targets_of(pieces.total_return_targets, batch)
    G0 = np.zeros((5, 2))
    for n in range(2):
        for seg in segments(batch, n):  # G_0 = sum_k gamma^k r_{t0+k} + gamma^len V_next at the segment's end
            g = sum(GAMMA**k * batch.rewards[t, n] for k, t in enumerate(seg))
            G0[seg, n] = g + GAMMA ** len(seg) * batch.next_values[seg[-1], n]
    assert np.allclose(weights, normalise_advantages(G0))
    assert np.allclose(rewards_to_go, targets_of(compute_batch_targets, batch)[1])  # V's targets: healthy


def test_no_normalisation_and_per_env_normalisation():
    batch = hand_batch()
    raw, rewards_to_go = targets_of(pieces.unnormalised_targets, batch)
    assert np.allclose(raw, brute_gae(batch, LAM))
    assert np.allclose(rewards_to_go, targets_of(compute_batch_targets, batch)[1])
    per_env = targets_of(pieces.per_env_normalised_targets, batch)[0]
    for n in range(2):
        column = brute_gae(batch, LAM)[:, n]
        assert np.allclose(per_env[:, n], (column - column.mean()) / (column.std() + 1e-8))


def test_value_fit_before_advantages_fits_V_first_then_steps_with_the_fitted_V():
    bug = _inputs(4, 6, 2)
    BUGS["value_fit_before_advantages"].update(**bug)
    # brute force: the healthy update fits V on the same targets, so V ends the same ...
    healthy = _inputs(4, 6, 2)
    vpg_update(**healthy)
    assert np.allclose(flatten(bug["value_net"].params), flatten(healthy["value_net"].params))
    # ... and the policy steps as the healthy update would with V(s_t) = the fitted V inside each episode
    reference = _inputs(4, 6, 2)
    batch = reference["batch"]
    T, N = batch.rewards.shape
    fitted = healthy["value_net"](batch.observations.reshape(T * N, -1))[:, 0].reshape(T, N)
    next_values = batch.next_values.copy()
    for t in range(T - 1):
        for n in range(N):
            if not (batch.terminated[t, n] or batch.truncated[t, n]):
                next_values[t, n] = fitted[t + 1, n]
    reference["batch"] = Batch(batch.observations, batch.actions, batch.rewards, fitted, next_values,
                               batch.terminated, batch.truncated)  # fmt: skip
    reference["config"] = dataclasses.replace(reference["config"], train_v_iters=0)
    vpg_update(**reference)
    assert np.allclose(flatten(bug["policy"].params), flatten(reference["policy"].params))
    assert not np.allclose(flatten(bug["policy"].params), flatten(healthy["policy"].params))


def test_the_course_update_is_untouched_and_no_bug_changes_its_batch():
    plain, explicit = _inputs(5, 6, 2), _inputs(5, 6, 2)
    assert vpg_update(**plain) == vpg_update(**explicit, targets=compute_batch_targets)
    assert np.array_equal(flatten(plain["policy"].params), flatten(explicit["policy"].params))
    for bug in BUGS.values():
        inputs = _inputs(6, 6, 2)
        before = copy.deepcopy(inputs["batch"])
        bug.update(**inputs)
        for field in ("rewards", "values", "next_values", "terminated", "truncated"):
            assert np.array_equal(getattr(inputs["batch"], field), getattr(before, field)), (bug.name, field)


def test_the_zoo_lists_the_bugs_in_order_with_what_and_where():
    assert list(BUGS)[:7] == [
        "sign_flip",
        "reward_one_step_late",
        "truncation_as_termination",
        "gae_ignores_terminals",
        "total_return_every_step",
        "no_advantage_normalisation",
        "value_fit_before_advantages",
    ]
    for name, bug in BUGS.items():
        assert isinstance(bug, Bug) and bug.name == name and buggy_update(name) is bug.update
        assert len(bug.title) <= 30 and bug.what.endswith(".") and bug.what.count(". ") == 0 and bug.source
    assert "#67" in BUGS["reward_one_step_late"].source and "#198" in BUGS["truncation_as_termination"].source


def test_an_unknown_bug_name_is_refused_with_the_valid_names():
    with pytest.raises(ValueError, match="sign_flip.*reward_one_step_late"):
        buggy_update("sign flip")


@pytest.mark.parametrize("name", list(BUGS))
def test_every_bug_trains(name):
    for env_id, steps in (("CartPole-v1", 4000), ("InvertedPendulum-v5", 1000)):
        epochs = []
        config = VPGConfig.for_env(env_id, seed=1, total_steps=steps)
        result = train(config, callback=epochs.append, update=buggy_update(name))
        assert result.env_steps == steps and len(epochs) == steps // (config.num_envs * config.steps_per_env)
        assert all(np.isfinite(epochs[-1][key]) for key in ("entropy", "approx_kl", "grad_norm"))
