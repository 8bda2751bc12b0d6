"""vpg_helpers.gae_analysis: GAE as the lambda-weighted average of n-step advantages; bias and variance."""

import time

import numpy as np
import pytest

from vpg_helpers.envs.exact_mdp import exact_values, random_mdp
from vpg_helpers.gae_analysis import (
    first_step_gae,
    gae_bias_variance,
    lambda_weighted_advantages,
    lambda_weights,
    n_step_advantages,
)
from vpg_helpers.returns import gae_advantages, n_step_returns, rewards_to_go, td_residuals


def random_trajectory(seed, T=None):
    rng = np.random.default_rng(seed)
    T = T or int(rng.integers(1, 15))
    return rng.normal(size=T), rng.normal(size=T), float(rng.uniform(0.5, 1)), float(rng.normal())


def infinite_series(rewards, values, gamma, lam, last_value, n_terms=400):
    """(1 - lam) sum_{n=1}^{n_terms} lam^(n-1) A^(n)_t, with A^(n) computed for every n (no tail formula)."""
    out = np.zeros(len(rewards))
    for n in range(1, n_terms + 1):
        out += (
            (1 - lam)
            * lam ** (n - 1)
            * n_step_advantages(rewards, values, gamma, min(n, len(rewards)), last_value)
        )
    return out


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("lam", [0.0, 0.3, 0.9, 1.0])
def test_lambda_weighted_equals_gae_backward_recursion(seed, lam):
    rewards, values, gamma, last_value = random_trajectory(seed)
    np.testing.assert_allclose(
        lambda_weighted_advantages(rewards, values, gamma, lam, last_value),
        gae_advantages(rewards, values, gamma, lam, last_value),
        atol=1e-12,
    )


@pytest.mark.parametrize("seed", range(5))
def test_tail_collapse_equals_the_infinite_series(seed):
    rewards, values, gamma, last_value = random_trajectory(seed, T=9)
    for lam in [0.2, 0.7, 0.9]:
        np.testing.assert_allclose(
            lambda_weighted_advantages(rewards, values, gamma, lam, last_value),
            infinite_series(rewards, values, gamma, lam, last_value),
            atol=1e-6,
        )


def test_identities_at_lambda_zero_and_one():
    rewards, values, gamma, last_value = random_trajectory(4, T=10)
    np.testing.assert_allclose(
        lambda_weighted_advantages(rewards, values, gamma, 0.0, last_value),
        td_residuals(rewards, values, gamma, last_value),
    )
    np.testing.assert_allclose(
        lambda_weighted_advantages(rewards, values, gamma, 1.0, last_value),
        rewards_to_go(rewards, gamma, last_value) - values,
    )


def test_n_step_advantages():
    rewards, values, gamma, last_value = random_trajectory(1, T=6)
    np.testing.assert_allclose(
        n_step_advantages(rewards, values, gamma, 1, last_value),
        td_residuals(rewards, values, gamma, last_value),
    )
    np.testing.assert_allclose(
        n_step_advantages(rewards, values, gamma, 3, last_value),
        n_step_returns(rewards, values, gamma, 3, last_value) - values,
    )


@pytest.mark.parametrize("lam", [0.0, 0.5, 0.95, 1.0])
@pytest.mark.parametrize("n_max", [1, 2, 7])
def test_lambda_weights_sum_to_one_and_collapse_the_tail(lam, n_max):
    weights = lambda_weights(lam, n_max)
    assert weights.sum() == pytest.approx(1.0)
    brute = [(1 - lam) * lam ** (n - 1) for n in range(1, n_max)]
    brute.append(sum((1 - lam) * lam ** (n - 1) for n in range(n_max, 5000)) if lam < 1 else 1.0)
    np.testing.assert_allclose(weights, brute, atol=1e-9)


def test_first_step_gae_matches_gae_per_row():
    rng = np.random.default_rng(0)
    rewards, values = rng.normal(size=(4, 6)), rng.normal(size=(4, 7))
    deltas = rewards + 0.9 * values[:, 1:] - values[:, :-1]
    got = first_step_gae(deltas, 0.9, [0.0, 0.6, 1.0])
    for i in range(4):
        for j, lam in enumerate([0.0, 0.6, 1.0]):
            assert got[i, j] == pytest.approx(
                gae_advantages(rewards[i], values[i, :-1], 0.9, lam, values[i, -1])[0]
            )


# ---- bias and variance on the exact MDP -----------------------------------------------------------------

# The notebook's MDP and value error.
MDP = random_mdp(n_states=6, n_actions=2, gamma=0.9, reward_noise=0.5, concentration=0.05, seed=0)
ERROR = 4.0 * np.random.default_rng(10).normal(size=6)
LAMS = np.linspace(0.0, 1.0, 21)


@pytest.fixture(scope="module")
def curves():
    return gae_bias_variance(MDP, ERROR, LAMS, horizon=60, n_per_pair=2000, seed=0)


def test_sampled_bias_agrees_with_the_exact_bias(curves):
    z = (curves.bias - curves.exact_bias) / curves.standard_error
    assert np.all(np.abs(z) < 5), np.abs(z).max()
    assert np.abs(z).mean() < 1.2  # roughly standard normal


def test_bias_vanishes_at_lambda_one_and_grows_as_lambda_falls(curves):
    exact_b2 = np.mean(curves.exact_bias**2, axis=0)
    assert np.max(np.abs(curves.exact_bias[:, -1])) < 0.9**60 * np.abs(ERROR).max() + 1e-12
    assert np.all(np.diff(exact_b2) <= 1e-12) and exact_b2[0] > 0.1
    assert curves.bias_squared[0] > 20 * curves.bias_squared[-1]


def test_lambda_trades_bias_for_variance_here(curves):
    # The notebook's claims for its MDP and error (not laws: an error in V also adds variance at small lambda).
    assert np.all(np.diff(curves.bias_squared) < 0)
    assert np.all(np.diff(curves.variance[LAMS >= 0.2]) > 0) and curves.variance[-1] > 4 * curves.variance[0]
    mse = curves.bias_squared + curves.variance
    assert 0.3 <= LAMS[np.argmin(mse)] <= 0.7


def test_a_worse_value_function_moves_the_best_lambda_up():
    best = []
    for scale in (0.25, 1.0, 2.0):
        bv = gae_bias_variance(MDP, scale * ERROR, LAMS, horizon=60, n_per_pair=1000, seed=2)
        best.append(LAMS[np.argmin(bv.bias_squared + bv.variance)])
    assert best[0] < best[1] < best[2], best


def test_variance_at_lambda_zero_is_known_exactly(curves):
    # A_0 = delta_0 = r_0 + gamma V_hat(s_1) - V_hat(s_0): Var = noise^2 + gamma^2 Var[V_hat(s_1) | s_0, a_0].
    V, _, _ = exact_values(MDP)
    v_hat = V + ERROR
    p = MDP.transitions.reshape(-1, 6)
    exact = MDP.reward_noise**2 + MDP.gamma**2 * (p @ v_hat**2 - (p @ v_hat) ** 2)
    weights = (MDP.policy / 6).ravel()
    assert curves.variance[0] == pytest.approx(weights @ exact, rel=0.05)


def test_no_error_in_v_means_no_bias_and_a_constant_error_is_harmless():
    for error in [np.zeros(6), np.full(6, 5.0)]:
        bv = gae_bias_variance(MDP, error, [0.0, 0.5, 1.0], horizon=60, n_per_pair=50)
        np.testing.assert_allclose(bv.exact_bias, 0.0, atol=1e-9)


def test_fast_enough_for_the_notebook():
    start = time.perf_counter()
    gae_bias_variance(MDP, ERROR, np.linspace(0, 1, 41), horizon=60, n_per_pair=2000, seed=1)
    assert time.perf_counter() - start < 3.0  # about 0.2 s on an idle core


def test_bad_input():
    with pytest.raises(ValueError, match="lam"):
        lambda_weights(1.5, 3)
    with pytest.raises(ValueError, match="n_max"):
        lambda_weights(0.5, 0)
    with pytest.raises(ValueError, match="values"):
        lambda_weighted_advantages([1.0, 2.0], [1.0], 0.9, 0.5)
    with pytest.raises(ValueError, match="lam"):
        lambda_weighted_advantages([1.0], [1.0], 0.9, -0.5)
    with pytest.raises(ValueError, match="deltas"):
        first_step_gae([1.0, 2.0], 0.9, [0.5])
    with pytest.raises(ValueError, match="lams"):
        first_step_gae([[1.0]], 0.9, [2.0])
    with pytest.raises(ValueError, match="value_error"):
        gae_bias_variance(MDP, np.zeros(3), [0.5])
    with pytest.raises(ValueError, match="n_per_pair"):
        gae_bias_variance(MDP, np.zeros(6), [0.5], n_per_pair=1)
