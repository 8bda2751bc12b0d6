"""vpg_helpers.exact_mdp: exact values against the Bellman equations and Monte Carlo; sampling frequencies."""

import numpy as np
import pytest

from vpg_helpers.envs.exact_mdp import exact_values, random_mdp, sample_rollouts


@pytest.mark.parametrize("seed", range(5))
def test_exact_values_satisfy_the_bellman_equations(seed):
    mdp = random_mdp(n_states=4, n_actions=3, gamma=0.8, seed=seed)
    V, Q, A = exact_values(mdp)
    # Written out state by state, independently of the matrix solve.
    for s in range(4):
        q_s = [
            mdp.rewards[s, a] + mdp.gamma * sum(mdp.transitions[s, a, s2] * V[s2] for s2 in range(4))
            for a in range(3)
        ]
        np.testing.assert_allclose(Q[s], q_s)
        assert V[s] == pytest.approx(sum(mdp.policy[s, a] * q_s[a] for a in range(3)))
    np.testing.assert_allclose(A, Q - V[:, None])
    np.testing.assert_allclose(np.sum(mdp.policy * A, axis=1), 0.0, atol=1e-12)


def test_exact_values_match_monte_carlo_returns():
    mdp = random_mdp(n_states=3, n_actions=2, gamma=0.7, reward_noise=0.5, seed=3)
    V, Q, _ = exact_values(mdp)
    n, horizon = 4000, 40  # 0.7**40 ~ 6e-7: the cut-off is negligible
    for s in range(3):
        for a in range(2):
            out = sample_rollouts(mdp, np.full(n, s), np.full(n, a), horizon, seed=10 * s + a)
            returns = out.rewards @ mdp.gamma ** np.arange(horizon)
            assert abs(returns.mean() - Q[s, a]) < 5 * returns.std() / np.sqrt(n)
        out = sample_rollouts(mdp, np.full(n, s), None, horizon, seed=100 + s)
        returns = out.rewards @ mdp.gamma ** np.arange(horizon)
        assert abs(returns.mean() - V[s]) < 5 * returns.std() / np.sqrt(n)


def test_sampling_frequencies_match_the_model():
    mdp = random_mdp(n_states=3, n_actions=2, concentration=0.5, seed=1)
    n = 20000
    out = sample_rollouts(mdp, np.zeros(n, dtype=int), np.ones(n, dtype=int), horizon=2, seed=0)
    assert np.all(out.actions[:, 0] == 1) and np.all(out.states[:, 0] == 0)
    freq = np.bincount(out.states[:, 1], minlength=3) / n
    np.testing.assert_allclose(freq, mdp.transitions[0, 1], atol=0.015)
    in_s1 = out.states[:, 1] == 1
    np.testing.assert_allclose(
        np.bincount(out.actions[in_s1, 1], minlength=2) / in_s1.sum(), mdp.policy[1], atol=0.03
    )
    noise = out.rewards[:, 0] - mdp.rewards[0, 1]
    assert abs(noise.mean()) < 0.03 and noise.std() == pytest.approx(mdp.reward_noise, rel=0.03)


def test_sampling_is_reproducible_and_shaped():
    mdp = random_mdp(seed=0)
    a = sample_rollouts(mdp, [0, 1, 2], None, horizon=7, seed=5)
    b = sample_rollouts(mdp, [0, 1, 2], None, horizon=7, seed=5)
    assert a.states.shape == (3, 8) and a.actions.shape == (3, 7) and a.rewards.shape == (3, 7)
    np.testing.assert_array_equal(a.states, b.states)
    np.testing.assert_array_equal(a.rewards, b.rewards)


def test_small_concentration_makes_transitions_nearly_deterministic():
    assert random_mdp(n_states=6, concentration=0.05, seed=0).transitions.max(axis=2).mean() > 0.8


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        (dict(gamma=1.0), ValueError, "gamma"),
        (dict(gamma=-0.1), ValueError, "gamma"),
        (dict(n_states=0), ValueError, "n_states"),
        (dict(n_actions=1.5), TypeError, "n_actions"),
        (dict(reward_noise=-1.0), ValueError, "reward_noise"),
        (dict(concentration=0.0), ValueError, "concentration"),
        (dict(seed=-1), ValueError, "seed"),
    ],
)
def test_random_mdp_bad_input(kwargs, error, name):
    with pytest.raises(error, match=name):
        random_mdp(**kwargs)


def test_bad_input_to_sampling_and_values():
    mdp = random_mdp(seed=0)
    with pytest.raises(TypeError, match="mdp"):
        exact_values("not an mdp")
    with pytest.raises(TypeError, match="mdp"):
        sample_rollouts(None, [0], None, 3)
    with pytest.raises(ValueError, match="first_states"):
        sample_rollouts(mdp, [7], None, 3)
    with pytest.raises(TypeError, match="first_states"):
        sample_rollouts(mdp, [0.5], None, 3)
    with pytest.raises(ValueError, match="first_actions"):
        sample_rollouts(mdp, [0, 1], [0], 3)
    with pytest.raises(ValueError, match="first_actions"):
        sample_rollouts(mdp, [0], [2], 3)
    with pytest.raises(ValueError, match="horizon"):
        sample_rollouts(mdp, [0], None, 0)
