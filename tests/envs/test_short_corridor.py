"""The short corridor (Sutton & Barto, Example 13.1): exact J(p), its gradient, and the sampled estimators."""

import numpy as np
import pytest

from vpg_helpers.envs.short_corridor import (
    LEFT,
    OPTIMAL_P,
    RIGHT,
    episode_gradient_terms,
    exact_gradient,
    exact_return,
    exact_state_values,
    sample_episodes,
    sample_gradient_estimates,
    step,
)
from vpg_helpers.policy_gradient import policy_gradient_estimate


def closed_form_J(p):
    return (2 * p - 4) / (p * (1 - p))


def test_transitions_follow_example_13_1():
    # state 0: LEFT stays, RIGHT -> 1; state 1 is reversed: RIGHT -> 0, LEFT -> 2; state 2: RIGHT -> goal (3).
    pairs = {(0, LEFT): 0, (0, RIGHT): 1, (1, LEFT): 2, (1, RIGHT): 0, (2, LEFT): 1, (2, RIGHT): 3}
    states, actions = np.array([s for s, _ in pairs]), np.array([a for _, a in pairs])
    assert step(states, actions).tolist() == list(pairs.values())


@pytest.mark.parametrize("p", [0.1, 0.3, 0.5, OPTIMAL_P, 0.9])
def test_exact_values_solve_the_bellman_equations(p):
    v0, v1, v2 = exact_state_values(p)
    assert np.isclose(v0, -1 + p * v1 + (1 - p) * v0)
    assert np.isclose(v1, -1 + p * v0 + (1 - p) * v2)
    assert np.isclose(v2, -1 + p * 0.0 + (1 - p) * v1)
    assert np.isclose(exact_return(p), closed_form_J(p), rtol=1e-12)


def test_optimum_matches_example_13_1():
    # Bisection on the exact gradient, independent of the closed form of the optimum.
    lo, hi = 0.1, 0.9
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if exact_gradient(mid) > 0 else (lo, mid)
    assert abs(lo - (2 - np.sqrt(2))) < 1e-6 and abs(OPTIMAL_P - lo) < 1e-6
    assert abs(exact_return(OPTIMAL_P) - (-(6 + 4 * np.sqrt(2)))) < 1e-6  # -11.6569, S&B's "about -11.6"
    grid = np.linspace(0.01, 0.99, 981)
    assert exact_return(OPTIMAL_P) >= max(exact_return(p) for p in grid)


@pytest.mark.parametrize("p", [0.2, 0.45, OPTIMAL_P, 0.8])
@pytest.mark.parametrize("gamma", [1.0, 0.9])
def test_exact_gradient_matches_finite_differences(p, gamma):
    eps = 1e-6
    fd_p = (exact_return(p + eps, gamma) - exact_return(p - eps, gamma)) / (2 * eps)
    assert np.isclose(exact_gradient(p, gamma), fd_p, rtol=1e-6, atol=1e-6)
    theta = np.log(p / (1 - p))
    J_theta = lambda th: exact_return(1 / (1 + np.exp(-th)), gamma)  # noqa: E731
    fd_theta = (J_theta(theta + eps) - J_theta(theta - eps)) / (2 * eps)
    assert np.isclose(exact_gradient(p, gamma, wrt="theta"), fd_theta, rtol=1e-6, atol=1e-6)


def test_exact_gradient_closed_form():
    for p in (0.2, 0.5, 0.7):
        assert np.isclose(exact_gradient(p), (2 * p**2 - 8 * p + 4) / (p * (1 - p)) ** 2)


def test_sampled_returns_average_to_J():
    episodes = sample_episodes(0.4, n_episodes=4000, seed=1)
    returns = np.array([tau.total_return for tau in episodes])
    assert abs(returns.mean() - exact_return(0.4)) < 3 * returns.std() / np.sqrt(len(returns))


def test_episodes_are_consistent_trajectories():
    for tau in sample_episodes(0.5, n_episodes=50, seed=2):
        states = tau.observations[:, 0].astype(int)
        assert states[0] == 0 and tau.terminated and not tau.truncated
        assert np.array_equal(states[1:], step(states[:-1], tau.actions[:-1]))
        assert step(states[-1:], tau.actions[-1:])[0] == 3 and np.all(tau.rewards == -1)


def test_seeded_and_reproducible():
    a = sample_episodes(0.5, 5, seed=3)
    b = sample_episodes(0.5, 5, seed=3)
    assert all(np.array_equal(x.actions, y.actions) for x, y in zip(a, b, strict=True))
    assert np.array_equal(episode_gradient_terms(0.5, 100, 4), episode_gradient_terms(0.5, 100, 4))


@pytest.mark.parametrize("weight", ["total", "future"])
def test_fast_terms_equal_the_list_based_estimate_on_the_same_episodes(weight):
    p, n, seed = 0.35, 30, 5
    episodes = sample_episodes(p, n, seed)
    grads = [(tau.actions == RIGHT).astype(float)[:, None] - p for tau in episodes]  # d log pi / d theta
    slow = policy_gradient_estimate(grads, [tau.rewards for tau in episodes], 1.0, weight)
    assert np.isclose(slow[0], episode_gradient_terms(p, n, seed, weight).mean())


@pytest.mark.parametrize("p", [0.3, 0.75])
def test_estimators_are_unbiased_and_future_return_has_less_variance(p):
    exact = exact_gradient(p, wrt="theta")
    spread = {}
    for weight in ("total", "future"):
        terms = episode_gradient_terms(p, 40_000, seed=6, weight=weight)
        standard_error = terms.std() / np.sqrt(len(terms))
        assert abs(terms.mean() - exact) < 3 * standard_error, weight
        spread[weight] = terms.var()
    assert spread["future"] < 0.75 * spread["total"]


def test_batch_estimates_shrink_like_one_over_sqrt_batch():
    std1 = sample_gradient_estimates(0.3, 1, 20_000, "future", seed=7).std()
    std25 = sample_gradient_estimates(0.3, 25, 800, "future", seed=7).std()
    assert 3.5 < std1 / std25 < 6.5  # sqrt(25) = 5


@pytest.mark.parametrize(
    "call, error, name",
    [
        (lambda: exact_return(0.0), ValueError, "p"),
        (lambda: exact_return(1.2), ValueError, "p"),
        (lambda: exact_return("a"), TypeError, "p"),
        (lambda: exact_return(0.5, gamma=1.5), ValueError, "gamma"),
        (lambda: exact_gradient(0.5, wrt="sigma"), ValueError, "wrt"),
        (lambda: sample_episodes(0.5, 0, seed=0), ValueError, "n_episodes"),
        (lambda: sample_episodes(0.5, 2, seed=-1), ValueError, "seed"),
        (lambda: episode_gradient_terms(0.5, 2, 0, weight="mean"), ValueError, "weight"),
        (lambda: sample_gradient_estimates(0.5, 0, 3), ValueError, "batch_size"),
        (lambda: sample_episodes(1e-9, 1, seed=0, max_steps=10), RuntimeError, "max_steps"),
    ],
)
def test_bad_input_names_the_argument(call, error, name):
    with pytest.raises(error, match=name):
        call()
