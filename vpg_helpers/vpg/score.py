"""Keeping score of a run: the mean return of the last episodes, when it first reached the threshold (notebook 07).

"Solved" follows gymnasium's convention: the mean undiscounted return of the last ``window`` finished episodes
reaches the env's ``spec.reward_threshold``. Every windowed mean of the course comes from here.
"""

import numpy as np

from vpg_helpers.validation import as_finite_scalar, as_int, as_positive_int, as_vector

__all__ = ["mean_last_returns", "moving_average_return", "first_solved", "mean_return_by_step", "seed_spread"]


def _returns_and_window(returns, window, name="episode_returns"):
    """Episode returns as a 1-D float64 array (possibly empty) and the window as an int >= 1."""
    return as_vector(name, returns), as_positive_int("window", window)


def mean_last_returns(episode_returns, window=20):
    """Mean return of the last ``window`` finished episodes (all of them if fewer), None before the first.

    >>> mean_last_returns([1.0, 3.0, 5.0, 7.0], window=2), mean_last_returns([], window=2)
    (6.0, None)
    """
    returns, window = _returns_and_window(episode_returns, window)
    return float(np.mean(returns[-window:])) if len(returns) else None


def moving_average_return(episode_returns, window=20):
    """Mean return of the last ``window`` finished episodes, after each episode (fewer at the start).

    >>> moving_average_return([1.0, 3.0, 5.0, 7.0], window=2)
    array([1., 2., 4., 6.])
    """
    returns, window = _returns_and_window(episode_returns, window)
    sums = np.cumsum(np.insert(returns, 0, 0.0))
    i = np.arange(1, len(returns) + 1)
    start = np.maximum(i - window, 0)
    return (sums[i] - sums[start]) / (i - start)


def first_solved(returns, window, threshold, start=0):
    """Index i >= start of the first episode whose window of the last ``window`` returns averages >= threshold.

    None if there is none, or if ``threshold`` is None (some envs, e.g. Pendulum-v1, define no threshold).

    >>> first_solved([100, 500, 480, 490], window=2, threshold=475)
    2
    """
    returns, window = _returns_and_window(returns, window, name="returns")
    start = as_int("start", start, 0)
    threshold = None if threshold is None else as_finite_scalar("threshold", threshold)
    for i in range(max(window - 1, start), len(returns) if threshold is not None else 0):
        if np.mean(returns[i + 1 - window : i + 1]) >= threshold:
            return i
    return None


def mean_return_by_step(episode_end_steps, episode_returns, steps, window=20):
    """Mean return of the last ``window`` episodes finished by each of ``steps`` env steps (NaN before the first).

    A run's learning curve read off at any env step, so that runs whose episodes end at different steps can be
    averaged. After a run's last episode (it stopped: solved, or out of budget) the value stays the last one.

    >>> mean_return_by_step([10, 30, 60], [1.0, 3.0, 5.0], [5, 10, 45, 100], window=2)
    array([nan, 1., 2., 4.])
    """
    returns, window = _returns_and_window(episode_returns, window)
    end_steps = as_vector("episode_end_steps", episode_end_steps, length=len(returns))
    steps = as_vector("steps", steps)
    if np.any(np.diff(end_steps) < 0):
        raise ValueError(
            "episode_end_steps must be non-decreasing (the steps at which episodes ended, in order)"
        )
    last = np.searchsorted(end_steps, steps, side="right") - 1  # index of the last episode ended by each step
    means = moving_average_return(returns, window)
    return np.where(last >= 0, means[np.maximum(last, 0)] if len(means) else np.nan, np.nan)


def seed_spread(seed_runs, window=20):
    """Mean, min and max over seeds of ``mean_return_by_step``, at every env step where an episode ended.

    ``seed_runs`` maps seed -> (episode_end_steps, episode_returns). The steps start where every seed has
    finished an episode and end at the last episode of any seed (a seed that stopped earlier keeps its last
    value). Returns ``(steps, mean, low, high)``, four 1-D arrays (empty if some seed has no episode).

    >>> steps, mean, low, high = seed_spread({0: ([10, 20], [2.0, 4.0]), 1: ([15], [6.0])}, window=1)
    >>> steps.tolist(), mean.tolist(), low.tolist(), high.tolist()
    ([15.0, 20.0], [4.0, 5.0], [2.0, 4.0], [6.0, 6.0])
    """
    if not isinstance(seed_runs, dict) or not seed_runs:
        raise TypeError("seed_runs must be a non-empty dict: seed -> (episode_end_steps, episode_returns)")
    runs = []
    for seed, pair in seed_runs.items():
        if not (isinstance(pair, tuple | list) and len(pair) == 2):
            raise TypeError(f"seed_runs[{seed!r}] must be a pair (episode_end_steps, episode_returns)")
        returns = as_vector(f"seed_runs[{seed!r}][1] (episode_returns)", pair[1])
        runs.append(
            (as_vector(f"seed_runs[{seed!r}][0] (episode_end_steps)", pair[0], len(returns)), returns)
        )
    ends = [e for e, _ in runs]
    if any(len(e) == 0 for e in ends):
        return tuple(np.empty(0) for _ in range(4))
    start = max(e[0] for e in ends)
    steps = np.unique(np.concatenate(ends))
    steps = steps[steps >= start]
    curves = np.array([mean_return_by_step(e, r, steps, window) for e, r in runs])
    return steps, curves.mean(axis=0), curves.min(axis=0), curves.max(axis=0)
