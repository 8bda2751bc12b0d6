"""Keeping score of a run: the mean return of the last episodes, when it first reached the threshold (notebook 07).

"Solved" follows gymnasium's convention: the mean undiscounted return of the last ``window`` finished episodes
reaches the env's ``spec.reward_threshold``. Every windowed mean of the course comes from here.
"""

import numpy as np

__all__ = ["mean_last_returns", "moving_average_return", "first_solved"]


def mean_last_returns(episode_returns, window=20):
    """Mean return of the last ``window`` finished episodes (all of them if fewer), None before the first.

    >>> mean_last_returns([1.0, 3.0, 5.0, 7.0], window=2), mean_last_returns([], window=2)
    (6.0, None)
    """
    return float(np.mean(episode_returns[-window:])) if len(episode_returns) else None


def moving_average_return(episode_returns, window=20):
    """Mean return of the last ``window`` finished episodes, after each episode (fewer at the start).

    >>> moving_average_return([1.0, 3.0, 5.0, 7.0], window=2)
    array([1., 2., 4., 6.])
    """
    returns = np.asarray(episode_returns, dtype=np.float64)
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
    for i in range(max(window - 1, start), len(returns) if threshold is not None else 0):
        if np.mean(returns[i + 1 - window : i + 1]) >= threshold:
            return i
    return None
