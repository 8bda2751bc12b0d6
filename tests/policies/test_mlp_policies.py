"""The policies' loss gradients against finite differences; sampling against the probabilities."""

import numpy as np
import pytest

from vpg_helpers.distributions import softmax
from vpg_helpers.nn.mlp import flatten
from vpg_helpers.policies.mlp import CategoricalPolicy, GaussianPolicy
from vpg_helpers.policy_gradient import policy_gradient


def loss_only(policy, obs, actions, advantages):
    return -float(np.mean(advantages * policy.log_prob(obs, actions)))


def check_gradient(policy, obs, actions, advantages, rng):
    loss, grads = policy.loss_and_grads(obs, actions, advantages)
    assert loss == pytest.approx(loss_only(policy, obs, actions, advantages))
    assert [g.shape for g in grads] == [p.shape for p in policy.params]
    flat_a, flat_n = [], []
    eps = 1e-6
    for p, g in zip(policy.params, grads, strict=True):
        for i in np.ndindex(p.shape):
            old = p[i]
            p[i] = old + eps
            up = loss_only(policy, obs, actions, advantages)
            p[i] = old - eps
            down = loss_only(policy, obs, actions, advantages)
            p[i] = old
            flat_n.append((up - down) / (2 * eps))
            flat_a.append(g[i])
    flat_a, flat_n = np.array(flat_a), np.array(flat_n)
    assert np.linalg.norm(flat_a - flat_n) <= 1e-6 * np.linalg.norm(flat_n)  # judged normwise


def test_categorical_policy_gradient_by_finite_differences():
    rng = np.random.default_rng(0)
    policy = CategoricalPolicy(4, 3, (6,), rng)
    policy.params[-2][:] = rng.normal(size=policy.params[-2].shape)  # a non-uniform policy
    obs, actions, advantages = rng.normal(size=(16, 4)), rng.integers(3, size=16), rng.normal(size=16)
    check_gradient(policy, obs, actions, advantages, rng)


def test_gaussian_policy_gradient_by_finite_differences_including_log_std():
    rng = np.random.default_rng(1)
    policy = GaussianPolicy(3, 2, (5,), rng, log_std_init=-0.3)
    policy.log_std[:] = [-0.3, 0.4]
    obs, actions, advantages = rng.normal(size=(16, 3)), rng.normal(size=(16, 2)), rng.normal(size=16)
    check_gradient(policy, obs, actions, advantages, rng)


@pytest.mark.parametrize("kind", ["categorical", "gaussian"])
def test_per_sample_rows_give_the_policy_gradient(kind):
    """grad_log_probs rows: each is grad log pi(a_i|s_i) (finite differences); their A-weighted mean is -dL."""
    rng = np.random.default_rng(2)
    if kind == "categorical":
        policy, actions = CategoricalPolicy(4, 3, (6,), rng), rng.integers(3, size=8)
        policy.params[-2][:] = rng.normal(size=policy.params[-2].shape)
    else:
        policy, actions = GaussianPolicy(4, 2, (6,), rng, log_std_init=0.2), rng.normal(size=(8, 2))
    obs, advantages = rng.normal(size=(8, 4)), rng.normal(size=8)
    rows = policy.grad_log_probs(obs, actions)
    assert rows.shape == (8, sum(p.size for p in policy.params))
    _, grads = policy.loss_and_grads(obs, actions, advantages)
    assert np.allclose(policy_gradient(rows, advantages), -flatten(grads), rtol=1e-10, atol=1e-12)
    i, numeric = 3, []
    for p in policy.params:
        for j in np.ndindex(p.shape):
            old = p[j]
            p[j] = old + 1e-6
            up = policy.log_prob(obs[i : i + 1], actions[i : i + 1])[0]
            p[j] = old - 1e-6
            down = policy.log_prob(obs[i : i + 1], actions[i : i + 1])[0]
            p[j] = old
            numeric.append((up - down) / 2e-6)
    assert np.allclose(rows[i], numeric, atol=1e-7)


def test_gradient_step_raises_the_probability_of_advantaged_actions():
    rng = np.random.default_rng(2)
    policy = CategoricalPolicy(2, 2, (4,), rng)
    obs = np.ones((2, 2))
    _, grads = policy.loss_and_grads(obs, np.array([0, 0]), np.array([1.0, 1.0]))
    before = policy.log_prob(obs[:1], np.array([0]))[0]
    for p, g in zip(policy.params, grads, strict=True):
        p -= 0.5 * g  # descending the loss = ascending A log pi
    assert policy.log_prob(obs[:1], np.array([0]))[0] > before


def test_sampling_follows_the_probabilities_and_greedy_takes_the_mode():
    rng = np.random.default_rng(3)
    policy = CategoricalPolicy(1, 3, (4,), rng)
    policy.params[-1][:] = [0.0, 1.0, -1.0]
    obs = np.zeros((20_000, 1))
    counts = np.bincount(policy.act(obs, rng), minlength=3) / len(obs)
    assert np.allclose(counts, softmax(policy.net(obs[:1])[0]), atol=0.01)
    assert np.all(policy.act(obs[:5], rng, greedy=True) == 1)
    gaussian = GaussianPolicy(1, 2, (4,), rng, log_std_init=np.log(0.5))
    samples = gaussian.act(obs, rng)
    assert np.allclose(samples.std(axis=0), 0.5, atol=0.01)
    assert np.allclose(samples.mean(axis=0), gaussian.act(obs[:1], rng, greedy=True)[0], atol=0.01)
