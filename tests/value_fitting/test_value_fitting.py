"""Value fitting and baselines (notebook 04), against finite differences, least squares and exact gradients."""

import warnings

import gymnasium as gym
import numpy as np
import pytest

from vpg_helpers.envs.rollouts import collect_batch
from vpg_helpers.envs.short_corridor import exact_gradient, exact_return, exact_state_values, sample_episodes
from vpg_helpers.nn.gradcheck import numerical_gradient
from vpg_helpers.nn.mlp import MLP
from vpg_helpers.policies.linear_softmax import linear_softmax_log_prob_grad, linear_softmax_policy
from vpg_helpers.policies.simple import lean_policy
from vpg_helpers.policy_gradient import policy_gradient_terms, rewards_to_go_advantages
from vpg_helpers.returns import rewards_to_go
from vpg_helpers.value_fitting.linear import (
    batch_rewards_to_go,
    feature_scaling,
    fit_linear_value,
    linear_features,
    linear_value_mse_grad,
    value_mse,
)
from vpg_helpers.value_fitting.mlp import fit_mlp_value, mlp_value_mse_grads, predict_values

RNG = np.random.default_rng(0)


@pytest.fixture(scope="module")
def cartpole_data():
    env, policy = gym.make("CartPole-v1"), lean_policy(noise=0.7)
    train, test = collect_batch(env, policy, 60, seed=0), collect_batch(env, policy, 60, seed=1000)
    x_train = np.concatenate([tau.observations for tau in train])
    x_test = np.concatenate([tau.observations for tau in test])
    return x_train, batch_rewards_to_go(train, 0.99), x_test, batch_rewards_to_go(test, 0.99)


def test_value_mse_is_the_mean_over_all_steps_of_all_trajectories():
    # Two trajectories of lengths 1 and 3: the 1/(|D| T) normalisation weights every step equally (1/4),
    # not every trajectory (a mean of per-trajectory means would give (4 + 0) / 2 = 2).
    predictions, targets = np.array([2.0, 1.0, 1.0, 1.0]), np.array([0.0, 1.0, 1.0, 1.0])
    assert value_mse(predictions, targets) == pytest.approx(1.0)
    assert value_mse(predictions, targets) == pytest.approx(np.sum((predictions - targets) ** 2) / 4)


def test_linear_features():
    s = RNG.normal(size=(5, 4))
    phi = linear_features(s)
    assert phi.shape == (5, 9)
    assert np.all(phi[:, 0] == 1) and np.array_equal(phi[:, 1:5], s) and np.allclose(phi[:, 5:], s**2)


def test_linear_gradient_matches_finite_differences():
    features, targets = RNG.normal(size=(30, 5)), RNG.normal(size=30)
    weights = RNG.normal(size=5)
    numeric = numerical_gradient(lambda w: value_mse(features @ w, targets), weights)
    assert np.allclose(linear_value_mse_grad(weights, features, targets), numeric, atol=1e-7)


def test_gradient_descent_reaches_least_squares(cartpole_data):
    x_train, y_train, _, _ = cartpole_data
    features = linear_features(x_train)
    mean, std = feature_scaling(features)
    scaled = (features - mean) / std
    assert np.allclose(scaled[:, 1:].mean(axis=0), 0, atol=1e-12) and np.allclose(
        scaled[:, 1:].std(axis=0), 1
    )
    assert np.all(scaled[:, 0] == 1)  # the bias column passes unchanged
    best, *_ = np.linalg.lstsq(scaled, y_train, rcond=None)
    weights, losses = fit_linear_value(scaled, y_train, lr=0.3, iterations=2000)
    assert np.allclose(weights, best, atol=1e-3)
    assert losses[-1] == pytest.approx(value_mse(scaled @ best, y_train), rel=1e-6)
    assert np.all(np.diff(losses) <= 1e-9)  # a stable learning rate never increases a quadratic loss


def test_too_large_learning_rate_diverges_without_warnings(cartpole_data):
    x_train, y_train, _, _ = cartpole_data
    features = linear_features(x_train)
    mean, std = feature_scaling(features)
    scaled = (features - mean) / std
    lam_max = np.linalg.eigvalsh(2 * scaled.T @ scaled / len(scaled)).max()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        weights, losses = fit_linear_value(scaled, y_train, lr=1.1 * 2 / lam_max, iterations=1000)
    assert np.any(np.isnan(losses)) and np.all(np.isfinite(weights))
    assert np.nanmax(losses) > 1e6 * losses[0] / 10


def test_mlp_value_gradients_match_finite_differences():
    net = MLP((4, 8, 8, 1), np.random.default_rng(1))
    x, y = RNG.normal(size=(20, 4)), RNG.normal(size=20)
    loss, grads = mlp_value_mse_grads(net, x, y)
    assert loss == pytest.approx(np.mean((net(x)[:, 0] - y) ** 2))
    numeric = []
    for p in net.params:
        original = p.copy()

        def f(value, p=p):
            p[...] = value
            return mlp_value_mse_grads(net, x, y)[0]

        numeric.append(numerical_gradient(f, original))
        p[...] = original
    analytic, numeric = (
        np.concatenate([g.ravel() for g in grads]),
        np.concatenate([g.ravel() for g in numeric]),
    )
    assert np.linalg.norm(analytic - numeric) <= 1e-6 * np.linalg.norm(numeric)


def test_predict_values_in_chunks_equals_one_pass():
    net = MLP((4, 8, 1), np.random.default_rng(2))
    x = RNG.normal(size=(450, 4))
    assert np.allclose(predict_values(net, x, chunk=100), net(x)[:, 0], atol=1e-12)


def test_mlp_fit_reduces_mse_on_held_out_states(cartpole_data):
    x_train, y_train, x_test, y_test = cartpole_data
    mean, std = x_train.mean(axis=0), x_train.std(axis=0)
    net = MLP((4, 32, 32, 1), np.random.default_rng(0))
    before = value_mse(predict_values(net, (x_test - mean) / std), y_test)
    train_curve, test_curve = fit_mlp_value(
        net,
        (x_train - mean) / std,
        y_train,
        lr=1e-2,
        iterations=600,
        held_out=((x_test - mean) / std, y_test),
    )
    after = value_mse(predict_values(net, (x_test - mean) / std), y_test)
    assert test_curve[0] == pytest.approx(before) and test_curve[-1] == pytest.approx(after)
    assert after < 0.3 * before  # from V = (almost) 0 to a useful fit
    assert after < np.var(y_test)  # better than predicting the held-out mean, which it never saw
    assert train_curve[-1] < train_curve[0]


def test_advantages_are_rewards_to_go_minus_values():
    rewards, values = RNG.normal(size=6), RNG.normal(size=6)
    assert np.allclose(
        rewards_to_go_advantages(rewards, values, 0.9, 2.0), rewards_to_go(rewards, 0.9, 2.0) - values
    )


def test_policy_gradient_terms_brute_force():
    grads, rewards, values = RNG.normal(size=(5, 3)), RNG.normal(size=5), RNG.normal(size=5)
    expected = sum(
        grads[t] * (sum(0.9**k * rewards[t + k] for k in range(5 - t)) - values[t]) for t in range(5)
    )
    assert np.allclose(policy_gradient_terms(grads, rewards, 0.9, values), expected)
    assert np.allclose(
        policy_gradient_terms(grads, rewards, 0.9), policy_gradient_terms(grads, rewards, 0.9, 0 * values)
    )


def corridor_terms(p, n_episodes, seed):
    values, J = exact_state_values(p), exact_return(p)
    out = {"none": [], "constant": [], "state value": []}
    for tau in sample_episodes(p, n_episodes, seed):
        g = (tau.actions - p)[:, None].astype(float)  # d log pi(a_t) / d theta = 1[a_t = RIGHT] - p
        states = tau.observations[:, 0].astype(int)
        out["none"].append(policy_gradient_terms(g, tau.rewards, 1.0)[0])
        out["constant"].append(policy_gradient_terms(g, tau.rewards, 1.0, np.full(len(tau), J))[0])
        out["state value"].append(policy_gradient_terms(g, tau.rewards, 1.0, values[states])[0])
    return {k: np.array(v) for k, v in out.items()}


def test_baseline_keeps_the_mean_and_shrinks_the_variance_on_the_short_corridor():
    p, n = 0.5, 8000
    terms, exact = corridor_terms(p, n, seed=0), exact_gradient(p, wrt="theta")
    for name, t in terms.items():
        assert abs(t.mean() - exact) < 3 * t.std() / np.sqrt(n), name
    for name in ("constant", "state value"):
        difference = terms[name] - terms["none"]  # paired: same episodes
        assert abs(difference.mean()) < 3 * difference.std() / np.sqrt(n)
        assert terms[name].var() < 0.6 * terms["none"].var()


def test_baseline_keeps_the_mean_and_shrinks_the_variance_on_cartpole():
    theta, b, gamma = np.array([[0.0, 0.0], [0.0, 0.0], [-1.0, 1.0], [-0.5, 0.5]]), np.zeros(2), 0.95
    env, policy = gym.make("CartPole-v1"), linear_softmax_policy(theta, b)
    fit_batch, batch = collect_batch(env, policy, 150, seed=10_000), collect_batch(env, policy, 400, seed=0)
    assert not any(tau.truncated for tau in fit_batch + batch)
    x = np.concatenate([tau.observations for tau in fit_batch])
    weights, *_ = np.linalg.lstsq(linear_features(x), batch_rewards_to_go(fit_batch, gamma), rcond=None)
    without, with_baseline = [], []
    for tau in batch:
        grad_theta, grad_b = linear_softmax_log_prob_grad(tau.observations, theta, b, tau.actions)
        g = np.hstack([grad_theta.reshape(len(tau), -1), grad_b])
        without.append(policy_gradient_terms(g, tau.rewards, gamma))
        with_baseline.append(
            policy_gradient_terms(g, tau.rewards, gamma, linear_features(tau.observations) @ weights)
        )
    without, with_baseline = np.array(without), np.array(with_baseline)
    difference = with_baseline - without
    z = difference.mean(axis=0) / (difference.std(axis=0) / np.sqrt(len(batch)))
    assert np.all(np.abs(z) < 3)
    assert with_baseline.var(axis=0).sum() < 0.6 * without.var(axis=0).sum()


def test_bad_inputs_are_rejected_by_name():
    with pytest.raises(ValueError, match="weights"):
        linear_value_mse_grad(np.zeros(3), np.zeros((4, 2)), np.zeros(4))
    with pytest.raises(ValueError, match="targets"):
        linear_value_mse_grad(np.zeros(2), np.zeros((4, 2)), np.zeros(3))
    with pytest.raises(ValueError, match="features"):
        linear_value_mse_grad(np.zeros(2), np.zeros(4), np.zeros(4))
    with pytest.raises(ValueError, match="observations"):
        linear_features(np.zeros(4))
    with pytest.raises(ValueError, match="iterations"):
        fit_linear_value(np.ones((2, 1)), np.ones(2), 0.1, 0)
    with pytest.raises(ValueError, match="predictions"):
        value_mse(np.zeros(3), np.zeros(4))
    with pytest.raises(ValueError, match="grad_log_probs"):
        policy_gradient_terms(np.zeros((3, 2)), np.zeros(4), 0.9)
    with pytest.raises(ValueError, match="batch_size"):
        fit_mlp_value(MLP((1, 2, 1), RNG), np.zeros((3, 1)), np.zeros(3), 0.01, 5, batch_size=0)
    truncated = collect_batch(gym.make("CartPole-v1"), lean_policy(), 1, seed=0, max_steps=5)
    with pytest.raises(ValueError, match="trajectories"):
        batch_rewards_to_go(truncated, 0.99)
