"""n-step TD on the 19-state random walk: the vectorised experiment against a plain loop, and Figure 7.2."""

import time

import numpy as np
import pytest

from vpg_helpers.random_walk import (
    START,
    TRUE_VALUES,
    _walks,
    n_step_td_episode,
    n_step_td_experiment,
    n_step_td_rms_error,
    random_walk_episode,
)

NS = 2 ** np.arange(10)
ALPHAS = np.round(np.arange(11) * 0.1, 1)


@pytest.fixture(scope="module")
def grid():
    start = time.perf_counter()
    result = n_step_td_experiment(NS, ALPHAS)
    return result, time.perf_counter() - start


def test_true_values_solve_the_bellman_equation():
    # v(i) = (v(i-1) + v(i+1)) / 2 with the exits worth -1 and +1 (gamma = 1, reward only on exit).
    padded = np.concatenate([[-1.0], TRUE_VALUES, [1.0]])
    assert np.allclose(TRUE_VALUES, (padded[:-2] + padded[2:]) / 2)


def test_alpha_zero_gives_the_error_of_v_equal_zero():
    # V stays 0, so the RMS error is sqrt(mean(v^2)) = sqrt(2 * (1 + 4 + ... + 81) / 100 / 19) = sqrt(0.3).
    assert np.sqrt(np.mean(TRUE_VALUES**2)) == pytest.approx(np.sqrt(0.3), abs=1e-15)
    for n in (1, 8, 512):
        assert abs(n_step_td_rms_error(n, 0.0) - np.sqrt(0.3)) < 1e-12


def test_episodes_are_walks_from_the_middle_that_end_at_an_exit():
    for seed in range(20):
        states, rewards = random_walk_episode(seed)
        assert states[0] == START and np.all(np.abs(np.diff(states)) == 1)
        assert np.all(rewards[:-1] == 0) and abs(rewards[-1]) == 1
        assert (states[-1] == 0 and rewards[-1] == -1) or (states[-1] == 18 and rewards[-1] == 1)


def test_one_step_td_by_hand():
    # 9 -> 10 -> right exit is impossible (10 is not the last state), so build the episode by hand:
    # states 17, 18 then exit right. n = 1, alpha = 0.5, V = 0: V(17) += 0.5 (0 + V(18) - 0) = 0 (V(18)
    # is still 0 then), V(18) += 0.5 (1 - 0) = 0.5.
    values = n_step_td_episode(np.zeros(19), [17, 18], [0.0, 1.0], n=1, alpha=0.5)
    assert values[17] == 0.0 and values[18] == 0.5
    # n = 2 sees the exit reward from 17 too.
    values = n_step_td_episode(np.zeros(19), [17, 18], [0.0, 1.0], n=2, alpha=0.5)
    assert values[17] == 0.5 and values[18] == 0.5


def test_large_n_is_monte_carlo_and_alpha_one_copies_the_target():
    states, rewards = random_walk_episode(3)
    values = n_step_td_episode(np.zeros(19), states, rewards, n=10_000, alpha=1.0)
    # Monte Carlo with alpha = 1: every visited state ends up with the episode's return.
    assert np.all(values[np.unique(states)] == rewards[-1])


@pytest.mark.parametrize("n", [1, 2, 3, 8, 40])
@pytest.mark.parametrize("alpha", [0.1, 0.7, 1.0])
def test_vectorised_experiment_matches_the_plain_loop(n, alpha):
    episodes, runs, seed = 3, 4, 11
    walks = _walks(episodes, runs, np.random.default_rng(seed))
    values, errors = np.zeros((runs, 19)), []
    for positions in walks:
        for r in range(runs):
            pos = positions[r]
            T = int(np.argmax((pos == 0) | (pos == 20)))
            rewards = np.zeros(T)
            rewards[-1] = 1.0 if pos[T] == 20 else -1.0
            values[r] = n_step_td_episode(values[r], pos[:T] - 1, rewards, n, alpha)
        errors.append(np.sqrt(np.mean((values - TRUE_VALUES) ** 2, axis=1)))
    result = n_step_td_experiment([n, 5], [0.3, alpha], episodes, runs, seed)
    assert result.rms_error[0, 1] == pytest.approx(np.mean(errors), abs=1e-12)
    assert np.allclose(result.final_values[0, 1], values, atol=1e-12)


def test_scalar_call_is_one_cell_of_the_grid(grid):
    result, _ = grid
    assert n_step_td_rms_error(8, 0.3) == pytest.approx(result.rms_error[3, 3], abs=1e-12)


def test_figure_7_2_best_n_and_minimum(grid):
    result, _ = grid
    assert np.all(np.isfinite(result.rms_error)) and np.all(np.abs(result.final_values) <= 1.0)
    i, j = np.unravel_index(np.argmin(result.rms_error), result.rms_error.shape)
    assert NS[i] in (4, 8)
    assert result.rms_error[i, j] == pytest.approx(0.27, abs=0.02)
    # The book's shape: one-step TD and Monte Carlo (n = 512) are both worse than the best intermediate n.
    best_per_n = result.rms_error[:, 1:].min(axis=1)
    assert best_per_n[0] > best_per_n[i] + 0.03 and best_per_n[-1] > best_per_n[i] + 0.1


def test_figure_7_2_best_n_is_stable_across_seeds():
    for seed in (1, 2):
        errors = n_step_td_experiment(NS, ALPHAS, seed=seed).rms_error
        i, j = np.unravel_index(np.argmin(errors), errors.shape)
        assert NS[i] in (4, 8) and errors[i, j] == pytest.approx(0.27, abs=0.02)


def test_grid_computes_in_under_10_seconds(grid):
    _, seconds = grid
    assert seconds < 10.0


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(n=0, alpha=0.5), "n"),
        (dict(n=2.5, alpha=0.5), "n"),
        (dict(n=2, alpha=-0.1), "alpha"),
        (dict(n=2, alpha=1.5), "alpha"),
        (dict(n=2, alpha=0.5, episodes=0), "episodes"),
        (dict(n=2, alpha=0.5, runs=0), "runs"),
        (dict(n=2, alpha=0.5, seed=-1), "seed"),
    ],
)
def test_bad_arguments_are_rejected_by_name(kwargs, name):
    with pytest.raises((ValueError, TypeError), match=name):
        n_step_td_rms_error(**kwargs)


def test_episode_update_rejects_bad_input_and_does_not_mutate():
    values = np.zeros(19)
    with pytest.raises(ValueError, match="values"):
        n_step_td_episode(np.zeros(18), [9], [1.0], 1, 0.5)
    with pytest.raises(ValueError, match="states"):
        n_step_td_episode(values, [19], [1.0], 1, 0.5)
    with pytest.raises(ValueError, match="rewards"):
        n_step_td_episode(values, [9, 10], [1.0], 1, 0.5)
    n_step_td_episode(values, [17, 18], [0.0, 1.0], 1, 0.5)
    assert np.all(values == 0)
