"""vpg_helpers.policies: the linear softmax policy against direct formulas, sampling frequencies and finite differences."""

import numpy as np
import pytest

from vpg_helpers.distributions import log_softmax
from vpg_helpers.nn.gradcheck import numerical_gradient
from vpg_helpers.policies.linear_softmax import (
    linear_softmax_log_prob,
    linear_softmax_log_prob_grad,
    linear_softmax_logits,
    linear_softmax_policy,
    linear_softmax_sample,
)


def random_params(seed, obs_dim=4, n_actions=3, n=5):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, obs_dim)), rng.normal(size=(obs_dim, n_actions)), rng.normal(size=n_actions)


def test_logits_are_obs_times_theta_plus_b():
    obs, theta, b = random_params(0)
    expected = np.array([[sum(o[i] * theta[i, k] for i in range(4)) + b[k] for k in range(3)] for o in obs])
    assert np.allclose(linear_softmax_logits(obs, theta, b), expected)
    assert linear_softmax_logits(obs[0], theta, b).shape == (3,)


def test_log_prob_is_log_softmax_of_the_chosen_action():
    obs, theta, b = random_params(1)
    actions = np.array([0, 2, 1, 1, 0])
    logits = obs @ theta + b
    naive = np.log(np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True))
    assert np.allclose(linear_softmax_log_prob(obs, theta, b, actions), naive[np.arange(5), actions])


def test_sample_frequencies_match_pi():
    _, theta, b = random_params(2, n=1)
    obs = np.tile(np.array([0.3, -0.2, 0.5, 1.0]), (40_000, 1))
    actions = linear_softmax_sample(obs, theta, b, np.random.default_rng(0))
    pi = np.exp(log_softmax(obs[0] @ theta + b))
    freq = np.bincount(actions, minlength=3) / len(actions)
    assert np.all(np.abs(freq - pi) < 4 * np.sqrt(pi * (1 - pi) / len(actions)))


def test_policy_closure_draws_exactly_what_sample_draws():
    _, theta, b = random_params(3, n=1)
    policy = linear_softmax_policy(theta, b)
    obs = np.random.default_rng(9).normal(size=(200, 4))
    rng_a, rng_b = np.random.default_rng(5), np.random.default_rng(5)
    from_policy = [policy(o, rng_a) for o in obs]
    from_sample = [int(linear_softmax_sample(o, theta, b, rng_b)) for o in obs]
    assert from_policy == from_sample
    assert all(isinstance(a, int) for a in from_policy)


def test_policy_keeps_its_own_copy_of_the_parameters():
    theta, b = np.zeros((4, 2)), np.array([0.0, 50.0])
    policy = linear_softmax_policy(theta, b)
    b[:] = [50.0, 0.0]  # changing the caller's array afterwards must not change the policy
    assert policy(np.zeros(4), np.random.default_rng(0)) == 1


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_log_prob_grad_matches_finite_differences(seed):
    obs, theta, b = random_params(seed)
    actions = np.random.default_rng(seed + 10).integers(3, size=5)
    grad_theta, grad_b = linear_softmax_log_prob_grad(obs, theta, b, actions)
    assert grad_theta.shape == (5, 4, 3) and grad_b.shape == (5, 3)
    for n in range(5):
        fd_theta = numerical_gradient(
            lambda th, n=n: linear_softmax_log_prob(obs[n], th, b, actions[n]), theta
        )
        fd_b = numerical_gradient(lambda bb, n=n: linear_softmax_log_prob(obs[n], theta, bb, actions[n]), b)
        assert np.allclose(grad_theta[n], fd_theta, atol=1e-7)
        assert np.allclose(grad_b[n], fd_b, atol=1e-7)


def test_grad_rows_sum_to_zero():
    # sum_k (onehot_k - pi_k) = 0: raising one action's logit must lower the others'.
    obs, theta, b = random_params(4)
    grad_theta, grad_b = linear_softmax_log_prob_grad(obs, theta, b, np.zeros(5, dtype=int))
    assert np.allclose(grad_b.sum(axis=-1), 0) and np.allclose(grad_theta.sum(axis=-1), 0)


def test_numerical_gradient_of_known_functions():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    assert np.allclose(numerical_gradient(lambda v: np.sum(np.sin(v)), x), np.cos(x), atol=1e-8)
    assert np.allclose(
        numerical_gradient(lambda v: v[0, 0] * v[1, 1], x), [[3.0, 0.0], [0.0, 1.0]], atol=1e-8
    )


def test_inputs_not_mutated():
    obs, theta, b = random_params(5)
    copies = [a.copy() for a in (obs, theta, b)]
    linear_softmax_log_prob_grad(obs, theta, b, np.ones(5, dtype=int))
    numerical_gradient(lambda th: linear_softmax_log_prob(obs[0], th, b, 1), theta)
    assert all(np.array_equal(a, c) for a, c in zip((obs, theta, b), copies, strict=True))


@pytest.mark.parametrize(
    "call, error, name",
    [
        (lambda: linear_softmax_logits(np.zeros((2, 3)), np.zeros((4, 2)), np.zeros(2)), ValueError, "theta"),
        (lambda: linear_softmax_logits(np.zeros((2, 4)), np.zeros((4, 2)), np.zeros(3)), ValueError, "b"),
        (lambda: linear_softmax_logits("obs", np.zeros((4, 2)), np.zeros(2)), TypeError, "observations"),
        (lambda: linear_softmax_sample(np.zeros(4), np.zeros((4, 2)), np.zeros(2), rng=0), TypeError, "rng"),
        (
            lambda: linear_softmax_log_prob(np.zeros((2, 4)), np.zeros((4, 2)), np.zeros(2), [0, 2]),
            ValueError,
            "actions",
        ),
        (lambda: linear_softmax_policy(np.zeros(4), np.zeros(2)), ValueError, "theta"),
        (lambda: numerical_gradient(3.0, np.zeros(2)), TypeError, "f"),
        (lambda: numerical_gradient(np.sum, np.zeros(2), eps=0.0), ValueError, "eps"),
    ],
)
def test_bad_input_names_the_argument(call, error, name):
    with pytest.raises(error, match=name):
        call()
