"""vpg_helpers.policy_gradient: the batch estimate against a brute-force double loop, the "loss" identity, training."""

import numpy as np
import pytest

from vpg_helpers.distributions import categorical_log_prob
from vpg_helpers.envs.short_corridor import RIGHT, sample_episodes
from vpg_helpers.nn.gradcheck import numerical_gradient
from vpg_helpers.policy_gradient import policy_gradient_estimate, policy_gradient_weights, surrogate_loss
from vpg_helpers.reinforce import train_linear_softmax


def random_batch(seed, lengths=(3, 1, 5), param_shape=(2, 3)):
    rng = np.random.default_rng(seed)
    grads = [rng.normal(size=(T, *param_shape)) for T in lengths]
    rewards = [rng.normal(size=T) for T in lengths]
    return grads, rewards


def brute_force(grads, rewards, gamma, weight):
    total = 0.0
    for g, r in zip(grads, rewards, strict=True):
        T = len(r)
        for t in range(T):
            start = 0 if weight == "total" else t
            w = sum(gamma ** (k - start) * r[k] for k in range(start, T))
            total = total + g[t] * w
    return total / len(rewards)


@pytest.mark.parametrize("weight", ["total", "future"])
@pytest.mark.parametrize("gamma", [1.0, 0.9, 0.0])
def test_estimate_matches_the_double_sum(weight, gamma):
    grads, rewards = random_batch(0)
    got = policy_gradient_estimate(grads, rewards, gamma, weight)
    assert got.shape == (2, 3)
    assert np.allclose(got, brute_force(grads, rewards, gamma, weight))


def test_normalised_by_the_number_of_trajectories():
    grads, rewards = random_batch(1)
    once = policy_gradient_estimate(grads, rewards)
    assert np.allclose(policy_gradient_estimate(grads * 2, rewards * 2), once)  # the batch repeated twice


def test_weights():
    r = np.array([1.0, 2.0, 4.0])
    assert np.allclose(policy_gradient_weights(r, 0.5, "total"), [3.0, 3.0, 3.0])  # 1 + 0.5*2 + 0.25*4
    assert np.allclose(policy_gradient_weights(r, 0.5, "future"), [3.0, 4.0, 4.0])


def test_surrogate_loss_gradient_is_minus_the_estimate():
    # On the short corridor with p = sigmoid(theta): dL/dtheta at the current theta equals -g_hat.
    theta0 = -0.4
    p = 1 / (1 + np.exp(-theta0))
    episodes = sample_episodes(p, n_episodes=8, seed=0)
    actions = np.concatenate([tau.actions for tau in episodes])
    for weight in ("total", "future"):
        weights = np.concatenate([policy_gradient_weights(tau.rewards, 1.0, weight) for tau in episodes])

        def loss(theta, weights=weights):
            logits = np.stack([np.zeros_like(actions, dtype=float), np.full(len(actions), theta[0])], axis=-1)
            return surrogate_loss(categorical_log_prob(logits, actions), weights, len(episodes))

        grads = [(tau.actions == RIGHT).astype(float)[:, None] - p for tau in episodes]
        g_hat = policy_gradient_estimate(grads, [tau.rewards for tau in episodes], 1.0, weight)
        assert np.allclose(numerical_gradient(loss, np.array([theta0])), -g_hat, atol=1e-6)


def test_surrogate_loss_formula():
    assert np.isclose(surrogate_loss([-1.0, -2.0, -0.5], [1.0, 2.0, 4.0], 2), -(-1 - 4 - 2) / 2)


def test_training_is_seeded_and_the_future_return_run_improves():
    short = [train_linear_softmax("future", iterations=3, batch_size=5, seed=1) for _ in range(2)]
    assert short[0]["mean_return"] == short[1]["mean_return"] and np.array_equal(short[0]["b"], short[1]["b"])
    a = train_linear_softmax("future", iterations=40, batch_size=20, learning_rate=0.003, gamma=0.99, seed=0)
    assert np.mean(a["mean_return"][-5:]) > 2 * np.mean(a["mean_return"][:5])
    assert len(a["loss"]) == 40 and np.all(np.isfinite(a["loss"]))


@pytest.mark.parametrize(
    "call, error, name",
    [
        (lambda: policy_gradient_estimate(np.zeros((2, 1)), [np.zeros(2)]), TypeError, "grad_log_probs"),
        (lambda: policy_gradient_estimate([np.zeros((2, 1))], [np.zeros(2)] * 2), ValueError, "trajectories"),
        (lambda: policy_gradient_estimate([np.zeros((2, 1))], [np.zeros(3)]), ValueError, r"rewards\[0\]"),
        (
            lambda: policy_gradient_estimate([np.zeros((2, 1))], [np.zeros(2)], weight="all"),
            ValueError,
            "weight",
        ),
        (lambda: policy_gradient_estimate([np.zeros((2, 1))], [np.zeros(2)], gamma=2.0), ValueError, "gamma"),
        (lambda: surrogate_loss([0.0, 1.0], [1.0], 1), ValueError, "weights"),
        (lambda: surrogate_loss([0.0], [1.0], 0), ValueError, "n_trajectories"),
        (lambda: train_linear_softmax(iterations=0), ValueError, "iterations"),
    ],
)
def test_bad_input_names_the_argument(call, error, name):
    with pytest.raises(error, match=name):
        call()
