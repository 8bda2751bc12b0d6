"""vpg_helpers.distributions against scipy-free references: direct formulas and finite differences."""

import math

import numpy as np
import pytest

from vpg_helpers.distributions import (
    categorical_entropy,
    categorical_log_prob,
    categorical_log_prob_grad,
    diag_gaussian_entropy,
    diag_gaussian_log_prob,
    diag_gaussian_log_prob_grad,
    log_softmax,
    softmax,
)

EPS = 1e-6


def numerical_grad(f, x):
    """Central finite differences of a scalar function f at x (same shape as x)."""
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[i] = EPS
        grad[i] = (f(x + step) - f(x - step)) / (2 * EPS)
    return grad


def test_log_softmax_matches_definition_and_normalises():
    logits = np.random.default_rng(0).normal(size=(5, 4))
    direct = np.log(np.exp(logits) / np.exp(logits).sum(axis=-1, keepdims=True))
    np.testing.assert_allclose(log_softmax(logits), direct, atol=1e-12)
    np.testing.assert_allclose(softmax(logits).sum(axis=-1), 1.0)


@pytest.mark.parametrize("scale", [1e3, 1e4, -1e4])
def test_log_softmax_is_finite_for_huge_logits(scale):
    logits = np.array([[scale, 0.0, -scale], [1.0, 1.0 + scale, 2.0]])
    out = log_softmax(logits)
    assert np.all(np.isfinite(out))
    np.testing.assert_allclose(np.exp(out).sum(axis=-1), 1.0)
    # Adding a constant to every logit does not change the distribution.
    np.testing.assert_allclose(log_softmax(logits + 500.0), out)


def test_categorical_log_prob_picks_the_action_batched():
    rng = np.random.default_rng(1)
    logits = rng.normal(size=(2, 3, 5))
    actions = rng.integers(0, 5, size=(2, 3))
    out = categorical_log_prob(logits, actions)
    assert out.shape == (2, 3)
    for idx in np.ndindex(2, 3):
        assert out[idx] == pytest.approx(np.log(softmax(logits[idx])[actions[idx]]))


@pytest.mark.parametrize("seed", range(5))
def test_categorical_grad_matches_finite_differences(seed):
    rng = np.random.default_rng(seed)
    logits, action = rng.normal(size=4) * 3, int(rng.integers(4))
    analytic = categorical_log_prob_grad(logits, action)
    numeric = numerical_grad(lambda z: float(categorical_log_prob(z, action)), logits)
    np.testing.assert_allclose(analytic, numeric, atol=1e-8)
    # onehot - pi sums to zero: shifting all logits changes nothing.
    assert analytic.sum() == pytest.approx(0.0, abs=1e-12)


def test_categorical_grad_batched_is_onehot_minus_pi():
    logits = np.array([[0.0, 0.0], [1.0, 2.0]])
    grad = categorical_log_prob_grad(logits, np.array([1, 0]))
    pi = softmax(logits)
    np.testing.assert_allclose(grad, np.array([[0.0, 1.0], [1.0, 0.0]]) - pi)


def test_diag_gaussian_matches_product_of_1d_densities():
    rng = np.random.default_rng(2)
    actions, mu, log_std = rng.normal(size=(6, 3)), rng.normal(size=(6, 3)), rng.normal(size=3) * 0.5
    sigma = np.exp(log_std)
    density = np.prod(
        np.exp(-((actions - mu) ** 2) / (2 * sigma**2)) / np.sqrt(2 * np.pi * sigma**2), axis=-1
    )
    out = diag_gaussian_log_prob(actions, mu, log_std)
    assert out.shape == (6,)
    np.testing.assert_allclose(out, np.log(density))


@pytest.mark.parametrize("seed", range(5))
def test_diag_gaussian_grads_match_finite_differences(seed):
    rng = np.random.default_rng(seed)
    actions, mu, log_std = rng.normal(size=3), rng.normal(size=3), rng.normal(size=3) * 0.5
    grad_mu, grad_log_std = diag_gaussian_log_prob_grad(actions, mu, log_std)
    np.testing.assert_allclose(
        grad_mu, numerical_grad(lambda m: float(diag_gaussian_log_prob(actions, m, log_std)), mu), atol=1e-7
    )
    np.testing.assert_allclose(
        grad_log_std,
        numerical_grad(lambda s: float(diag_gaussian_log_prob(actions, mu, s)), log_std),
        atol=1e-7,
    )


def test_diag_gaussian_grad_shapes_with_shared_log_std():
    grads = diag_gaussian_log_prob_grad(np.zeros((4, 2)), np.ones((4, 2)), np.zeros(2))
    assert [g.shape for g in grads] == [(4, 2), (4, 2)]


def test_score_function_has_zero_mean():
    """E[grad log pi] = 0: the identity behind baselines, checked exactly for a categorical policy."""
    logits = np.array([0.3, -1.0, 2.0])
    pi = softmax(logits)
    expected_score = sum(pi[a] * categorical_log_prob_grad(logits, a) for a in range(3))
    np.testing.assert_allclose(expected_score, 0.0, atol=1e-12)


def test_inputs_not_mutated():
    logits = np.array([[1.0, 2.0]])
    copy = logits.copy()
    log_softmax(logits)
    categorical_log_prob_grad(logits, np.array([0]))
    np.testing.assert_array_equal(logits, copy)


BAD = [
    (lambda: log_softmax(5.0), ValueError, "logits"),
    (lambda: log_softmax(np.zeros((2, 0))), ValueError, "logits"),
    (lambda: log_softmax([1.0, np.nan]), ValueError, "logits"),
    (lambda: log_softmax("ab"), TypeError, "logits"),
    (lambda: categorical_log_prob([0.0, 0.0], 2), ValueError, "actions"),
    (lambda: categorical_log_prob([0.0, 0.0], -1), ValueError, "actions"),
    (lambda: categorical_log_prob([0.0, 0.0], 0.5), TypeError, "actions"),
    (lambda: categorical_log_prob([[0.0, 0.0]], [0, 1]), ValueError, "actions"),
    (lambda: categorical_log_prob_grad([0.0, 0.0], "a"), TypeError, "actions"),
    (lambda: diag_gaussian_log_prob([0.0, 1.0], [0.0], [0.0]), ValueError, "mu"),
    (lambda: diag_gaussian_log_prob([0.0, 1.0], [0.0, 0.0], [0.0, 0.0, 0.0]), ValueError, "log_std"),
    (lambda: diag_gaussian_log_prob([0.0, np.inf], [0.0, 0.0], [0.0, 0.0]), ValueError, "actions"),
    (lambda: diag_gaussian_log_prob_grad([0.0], [0.0], [np.nan]), ValueError, "log_std"),
]


@pytest.mark.parametrize("call,error,name", BAD)
def test_bad_input_names_the_argument(call, error, name):
    with pytest.raises(error, match=rf"\b{name}\b"):
        call()


def test_categorical_entropy_is_minus_sum_p_log_p():
    rng = np.random.default_rng(0)
    logits = rng.normal(scale=3.0, size=(5, 4))
    for row, entropy in zip(logits, categorical_entropy(logits), strict=True):
        p = [math.exp(z) / sum(math.exp(y) for y in row) for z in row]
        assert entropy == pytest.approx(-sum(pk * math.log(pk) for pk in p), rel=1e-12)
    assert categorical_entropy(np.zeros(6)) == pytest.approx(math.log(6))  # uniform: log K, the maximum
    assert categorical_entropy([0.0, 1e4]) == 0.0  # deterministic, and no NaN from 0 log 0


def test_diag_gaussian_entropy_closed_form_and_monte_carlo():
    log_std = np.array([-1.2, 0.0, 0.7])
    # Closed form of a D-dimensional Gaussian: H = log det(2 pi e Sigma) / 2, Sigma = diag(sigma^2).
    closed = 0.5 * math.log(np.linalg.det(2 * math.pi * math.e * np.diag(np.exp(2 * log_std))))
    assert diag_gaussian_entropy(log_std) == pytest.approx(closed, rel=1e-12)
    # Monte-Carlo: H = -E[log pi(a)] over a ~ pi (any mu).
    rng = np.random.default_rng(1)
    mu = np.array([0.3, -2.0, 5.0])
    actions = mu + np.exp(log_std) * rng.standard_normal((200_000, 3))
    mc = -diag_gaussian_log_prob(actions, np.broadcast_to(mu, actions.shape), log_std)
    assert diag_gaussian_entropy(log_std) == pytest.approx(mc.mean(), abs=4 * mc.std() / math.sqrt(len(mc)))
    assert diag_gaussian_entropy([[0.0], [-10.0]]).shape == (2,)  # batched; negative for a narrow density
    with pytest.raises(ValueError, match="log_std"):
        diag_gaussian_entropy([np.nan])
