"""The log-derivative identities notebook 02 shows, checked exactly (by enumeration) and by finite differences."""

import math

import numpy as np
import pytest

from vpg_helpers.distributions import categorical_log_prob_grad, diag_gaussian_log_prob_grad, softmax
from vpg_helpers.nn.gradcheck import numerical_gradient


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_score_function_identity_for_a_categorical_policy(seed):
    # grad_z E_{a~pi}[f(a)] = sum_a pi_a f_a grad_z log pi_a = pi * (f - pi . f), the formula notebook 02 prints.
    rng = np.random.default_rng(seed)
    z, f = rng.normal(size=5), rng.normal(size=5)
    pi = softmax(z)
    by_enumeration = sum(pi[a] * f[a] * categorical_log_prob_grad(z, a) for a in range(5))
    by_finite_differences = numerical_gradient(lambda logits: softmax(logits) @ f, z)
    assert np.allclose(by_enumeration, pi * (f - pi @ f))
    assert np.allclose(by_finite_differences, pi * (f - pi @ f), atol=1e-8)


def normal_cdf(x):
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


@pytest.mark.parametrize("mu, sigma", [(0.0, 1.0), (0.5, 1.0), (-1.0, 0.6)])
def test_score_function_for_a_step_reward_matches_the_exact_derivative(mu, sigma):
    # d/dmu P(a > 1) = phi((1 - mu) / sigma) / sigma; the score-function estimate converges to it.
    exact = math.exp(-0.5 * ((1 - mu) / sigma) ** 2) / (sigma * math.sqrt(2 * math.pi))
    fd = (normal_cdf((mu + 1e-6 - 1) / sigma) - normal_cdf((mu - 1e-6 - 1) / sigma)) / 2e-6
    assert np.isclose(exact, fd, rtol=1e-6)
    rng = np.random.default_rng(0)
    a = mu + sigma * rng.normal(size=400_000)
    grad_mu, _ = diag_gaussian_log_prob_grad(a[:, None], np.full((len(a), 1), mu), np.array([np.log(sigma)]))
    terms = (a > 1.0) * grad_mu[:, 0]
    assert abs(terms.mean() - exact) < 4 * terms.std() / np.sqrt(len(terms))


def test_pathwise_and_score_function_agree_for_a_smooth_reward():
    # f(a) = a^2: d/dmu E[f] = 2 mu. Both estimators are unbiased; only the score function works for 1[a > 1].
    mu, sigma = 0.5, 1.0
    eps = np.random.default_rng(1).normal(size=400_000)
    a = mu + sigma * eps
    grad_mu, _ = diag_gaussian_log_prob_grad(a[:, None], np.full((len(a), 1), mu), np.array([np.log(sigma)]))
    score = a**2 * grad_mu[:, 0]  # f(a) d/dmu log pi(a), with the course's gradient
    pathwise = 2 * a
    for terms in (score, pathwise):
        assert abs(terms.mean() - 2 * mu) < 4 * terms.std() / np.sqrt(len(terms))
