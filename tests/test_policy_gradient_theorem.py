"""The policy gradient theorem on the short corridor, and the sampled estimators at gamma < 1.

Every exact quantity is compared with an independent route: a power series for the visit counts, the Bellman
equations for q, finite differences for d pi / d theta, the derivative of J itself for the theorem, and
simulated episodes (with the weights built by ``rewards_to_go``) for the sampled estimators.
"""

import numpy as np
import pytest

from vpg_helpers.discounted_policy_gradient import WEIGHTS, corridor_gradient_terms
from vpg_helpers.discounting import discounted_return
from vpg_helpers.envs.short_corridor import (
    TERMINAL,
    exact_gradient,
    exact_return,
    exact_state_values,
    sample_episodes,
    step,
)
from vpg_helpers.policy_gradient_theorem import (
    action_baseline_shift,
    action_values,
    expected_estimate,
    policy_grad,
    state_distribution,
    theorem_gradient,
    visit_counts,
)
from vpg_helpers.returns import rewards_to_go

P_GRID = [0.1, 0.3, 0.5, 2 - np.sqrt(2), 0.8]
GAMMAS = [1.0, 0.9, 0.5]


def transition_matrix(p):
    # Written out from Example 13.1, independently of the module: 0 -L-> 0, 0 -R-> 1; 1 -L-> 2, 1 -R-> 0;
    # 2 -L-> 1, 2 -R-> G.
    return np.array([[1 - p, p, 0.0], [p, 0.0, 1 - p], [0.0, 1 - p, 0.0]])


@pytest.mark.parametrize("p", P_GRID)
@pytest.mark.parametrize("gamma", GAMMAS)
def test_theorem_equals_the_exact_gradient(p, gamma):
    assert abs(theorem_gradient(p, gamma) - exact_gradient(p, gamma, wrt="theta")) < 1e-9


@pytest.mark.parametrize("p", P_GRID)
@pytest.mark.parametrize("gamma", GAMMAS)
def test_visit_counts_match_the_power_series(p, gamma):
    P, occupancy, eta = transition_matrix(p), np.array([1.0, 0.0, 0.0]), np.zeros(3)
    for t in range(20_000):
        eta += gamma**t * occupancy  # gamma^t P(s_t = s)
        occupancy = occupancy @ P
    assert np.allclose(visit_counts(p, gamma), eta, rtol=1e-9, atol=1e-9)
    assert np.isclose(state_distribution(p, gamma).sum(), 1.0)


@pytest.mark.parametrize("p", P_GRID)
def test_the_proportionality_constant_is_the_expected_episode_length(p):
    # Every step costs 1, so E[T] = -J(p); and the mean length of simulated episodes agrees.
    assert np.isclose(visit_counts(p).sum(), -exact_return(p), rtol=1e-12)
    mu, eta = state_distribution(p), visit_counts(p)
    rhs = eta.sum() * mu @ np.sum(action_values(p) * policy_grad(p), axis=1)
    assert abs(rhs - exact_gradient(p, wrt="theta")) < 1e-9
    if p in (0.3, 0.5):
        lengths = np.array([len(tau) for tau in sample_episodes(p, n_episodes=20_000, seed=3)])
        assert abs(lengths.mean() - eta.sum()) < 4 * lengths.std() / np.sqrt(len(lengths))


@pytest.mark.parametrize("p", P_GRID)
@pytest.mark.parametrize("gamma", GAMMAS)
def test_action_values_satisfy_the_bellman_equations(p, gamma):
    q, v = action_values(p, gamma), np.append(exact_state_values(p, gamma), 0.0)
    for s in range(3):
        for a in range(2):
            s_next = int(step(np.array([s]), np.array([a]))[0])
            assert np.isclose(q[s, a], -1.0 + gamma * v[s_next])
    assert np.allclose(q @ np.array([1 - p, p]), v[:3])  # v(s) = sum_a pi(a|s) q(s, a)


def test_policy_grad_matches_finite_differences():
    theta, eps = 0.4, 1e-6
    pi = lambda th: np.array([1.0, np.exp(th)]) / (1.0 + np.exp(th))  # noqa: E731  softmax of (0, theta)
    fd = (pi(theta + eps) - pi(theta - eps)) / (2 * eps)
    assert np.allclose(policy_grad(1 / (1 + np.exp(-theta))), np.tile(fd, (3, 1)), atol=1e-9)


@pytest.mark.parametrize("p", [0.3, 0.5])
def test_expected_estimates_at_gamma_one_all_equal_the_gradient(p):
    for weight in WEIGHTS:
        assert abs(expected_estimate(p, 1.0, weight) - exact_gradient(p, wrt="theta")) < 1e-9


def test_at_gamma_below_one_rewards_to_go_is_biased_and_gamma_t_is_not():
    p, gamma = 0.3, 0.9
    exact = exact_gradient(p, gamma, wrt="theta")
    assert abs(expected_estimate(p, gamma, "total") - exact) < 1e-9
    assert abs(expected_estimate(p, gamma, "discounted_future") - exact) < 1e-9
    assert abs(expected_estimate(p, gamma, "future") - exact) > 1.0  # 3.34 vs 1.33


def simulate_weights_by_brute_force(p, gamma, n_episodes, seed):
    """The same episodes as corridor_gradient_terms (same random stream), weights built step by step."""
    rng = np.random.default_rng(seed)
    states, alive = np.zeros(n_episodes, dtype=np.int64), np.arange(n_episodes)
    actions = [[] for _ in range(n_episodes)]
    while alive.size:
        a = (rng.random(alive.size) < p).astype(np.int64)
        for i, ai in zip(alive, a, strict=True):
            actions[i].append(ai)
        states[alive] = step(states[alive], a)
        alive = alive[states[alive] != TERMINAL]
    out = {weight: [] for weight in WEIGHTS}
    for acts in actions:
        g, rewards = np.array(acts) - p, -np.ones(len(acts))
        R_t = rewards_to_go(rewards, gamma)
        out["total"].append(g.sum() * discounted_return(rewards, gamma))
        out["future"].append(g @ R_t)
        out["discounted_future"].append(g @ (gamma ** np.arange(len(acts)) * R_t))
    return {weight: np.array(terms) for weight, terms in out.items()}


@pytest.mark.parametrize("gamma", [1.0, 0.9, 0.3])
def test_sampled_terms_match_weights_built_step_by_step(gamma):
    expected = simulate_weights_by_brute_force(0.4, gamma, n_episodes=300, seed=5)
    for weight in WEIGHTS:
        got = corridor_gradient_terms(0.4, gamma, n_episodes=300, seed=5, weight=weight)
        assert np.allclose(got, expected[weight], rtol=1e-10, atol=1e-9)


@pytest.mark.parametrize("weight", WEIGHTS)
def test_sampled_means_agree_with_the_exact_expectations(weight):
    terms = corridor_gradient_terms(0.3, 0.9, n_episodes=100_000, seed=1, weight=weight)
    se = terms.std() / np.sqrt(len(terms))
    assert abs(terms.mean() - expected_estimate(0.3, 0.9, weight)) < 4 * se


def test_an_action_dependent_baseline_shifts_the_mean():
    p = 0.5
    q = action_values(p)
    # b = q_pi(s, a) removes the whole gradient; b(s) alone changes nothing.
    assert abs(action_baseline_shift(p, q) + exact_gradient(p, wrt="theta")) < 1e-9
    assert action_baseline_shift(p, np.tile(q.mean(axis=1, keepdims=True), (1, 2))) == pytest.approx(
        0, abs=1e-12
    )
    # Sampled: sum_t g_t (R_t - q(s_t, a_t)) over simulated episodes has mean 0 + shift... = 0 here.
    episodes = sample_episodes(p, n_episodes=20_000, seed=2)
    terms = []
    for tau in episodes:
        s, a = tau.observations[:, 0].astype(int), tau.actions
        terms.append((a - p) @ (rewards_to_go(tau.rewards, 1.0) - q[s, a]))
    terms = np.array(terms)
    predicted = exact_gradient(p, wrt="theta") + action_baseline_shift(p, q)
    assert abs(terms.mean() - predicted) < 4 * terms.std() / np.sqrt(len(terms))


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="weight"):
        expected_estimate(0.5, 0.9, "mean")
    with pytest.raises(ValueError, match="weight"):
        corridor_gradient_terms(0.5, 0.9, 10, 0, "mean")
    with pytest.raises(ValueError, match="p must"):
        visit_counts(1.0)
    with pytest.raises(ValueError, match="gamma"):
        theorem_gradient(0.5, 1.5)
    with pytest.raises(ValueError, match="baseline"):
        action_baseline_shift(0.5, np.zeros(3))
