"""Keeping score of a run: the mean return of the last episodes, when it first reached the threshold (notebook 07).

"Solved" follows gymnasium's convention: the mean undiscounted return of the last ``window`` finished episodes
reaches the env's ``spec.reward_threshold``. Every windowed mean of the course comes from here.
"""

import numpy as np

from vpg_helpers.validation import as_finite_scalar, as_int, as_positive_int, as_vector

__all__ = ["mean_last_returns", "moving_average_return", "first_solved"]


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
