"""n-step TD on the 19-state random walk: Sutton & Barto's Figure 7.2, in seconds (notebook 05).

The walk: states 0..18 in a row, every episode starts in the middle (state 9) and moves left or right with
probability 1/2. Leaving on the left ends the episode with reward -1, on the right with reward +1; every other
reward is 0. With gamma = 1 the true values are v(i) = (i + 1) / 10 - 1, i.e. -0.9, -0.8, ..., 0.9.

Conventions as in the rest of the course: an episode is ``states`` s_0..s_{T-1} (all non-terminal) and
``rewards`` r_0..r_{T-1}`` (``rewards[t]`` follows the step from s_t); it always terminates, so V(s_T) = 0.
"""

from dataclasses import dataclass

import numpy as np

from vpg_helpers.validation import as_index_array, as_positive_int, as_seed, as_unit_interval, as_vector

__all__ = [
    "N_STATES",
    "START",
    "TRUE_VALUES",
    "random_walk_episode",
    "n_step_td_episode",
    "RandomWalkResult",
    "n_step_td_experiment",
    "n_step_td_rms_error",
]

N_STATES = 19
START = N_STATES // 2
TRUE_VALUES = np.arange(1, N_STATES + 1) / 10.0 - 1.0
"""v(i) = (i + 1) / 10 - 1 for i = 0..18 (gamma = 1)."""


def _walks(episodes, runs, rng):
    """Positions 0..20 (0 and 20 are the exits) of ``runs`` walks per episode, held at the exit once reached.

    Returns a list (one entry per episode) of int arrays of shape (runs, L + 1), L = longest episode.
    """
    out = []
    for _ in range(episodes):
        chunks, position = [np.full((runs, 1), START + 1)], np.full(runs, START + 1)
        while np.any((position > 0) & (position < N_STATES + 1)):
            steps = np.cumsum(rng.choice([-1, 1], size=(runs, 256)), axis=1) + position[:, None]
            chunks.append(steps)
            position = steps[:, -1]
        pos = np.concatenate(chunks, axis=1)
        ended = (pos == 0) | (pos == N_STATES + 1)
        first = np.where(ended.any(axis=1), ended.argmax(axis=1), pos.shape[1])
        length = first.max() + 1
        pos = pos[:, :length]
        held = np.arange(length)[None, :] >= first[:, None]
        out.append(np.where(held, pos[np.arange(runs), first][:, None], pos))
    return out


def random_walk_episode(seed):
    """One episode of the walk as (states, rewards): states s_0..s_{T-1} in 0..18, rewards r_0..r_{T-1}.

    >>> states, rewards = random_walk_episode(seed=0)
    >>> int(states[0]), len(states) == len(rewards), float(abs(rewards[-1])), float(abs(rewards[:-1]).sum())
    (9, True, 1.0, 0.0)
    """
    pos = _walks(1, 1, np.random.default_rng(as_seed(seed)))[0][0]
    T = int(np.argmax((pos == 0) | (pos == N_STATES + 1)))
    rewards = np.zeros(T)
    rewards[-1] = 1.0 if pos[T] == N_STATES + 1 else -1.0
    return pos[:T] - 1, rewards


def n_step_td_episode(values, states, rewards, n, alpha):
    """Values after one episode of n-step TD (Sutton & Barto, section 7.1), gamma = 1, terminated episode.

    Math: for tau = 0..T-1 in order, m = min(n, T - tau),
    G = r_tau + ... + r_{tau+m-1} + V(s_{tau+m})  (V(s_T) = 0),  V(s_tau) <- V(s_tau) + alpha (G - V(s_tau)).
    The update of s_tau waits until r_{tau+n-1} has been seen; later targets bootstrap from the values as
    updated so far (not from the values the episode started with).

    Parameters
    ----------
    values : array, shape (19,)
    states : int array, shape (T,), entries in 0..18
    rewards : array, shape (T,)
    n : int >= 1
    alpha : float in [0, 1]

    Returns
    -------
    array, shape (19,): a new array (``values`` is not changed).

    >>> n_step_td_episode(np.zeros(19), states=[9, 10], rewards=[0.0, 1.0], n=1, alpha=0.5)[9:11]
    array([0. , 0.5])
    """
    values = as_vector("values", values, length=N_STATES).copy()
    states = as_index_array("states", states, N_STATES)
    if states.ndim != 1:
        raise ValueError(
            f"states must be a 1-D array of integer states in 0..{N_STATES - 1}, got {states.shape}"
        )
    rewards = as_vector("rewards", rewards, length=len(states))
    n, alpha, T = as_positive_int("n", n), as_unit_interval("alpha", alpha), len(states)
    for tau in range(T):
        m = min(n, T - tau)
        G = rewards[tau : tau + m].sum() + (values[states[tau + m]] if tau + m < T else 0.0)
        values[states[tau]] += alpha * (G - values[states[tau]])
    return values


@dataclass
class RandomWalkResult:
    """Outcome of n-step TD for every (n, alpha) pair, on the same walks."""

    ns: np.ndarray
    """the n values, shape (N,)"""
    alphas: np.ndarray
    """the step sizes, shape (A,)"""
    rms_error: np.ndarray
    """shape (N, A): RMS error over the 19 states at the end of each episode, averaged over episodes, runs"""
    final_values: np.ndarray
    """shape (N, A, runs, 19): the estimates after the last episode"""


def n_step_td_experiment(ns, alphas, episodes=10, runs=100, seed=0):
    """Run n-step TD for every n in ``ns`` and alpha in ``alphas`` (all runs and pairs at once, same walks).

    The loop is over tau, as in ``n_step_td_episode``; each step updates every (n, alpha, run) together.
    A finished run stays at its exit, where V = 0 and the target is 0, so its updates change nothing.
    """
    ns = np.array(
        [as_positive_int(f"ns[{i}] (n)", k) for i, k in enumerate(_listed("ns", ns))], dtype=np.int64
    )
    alphas = np.array(
        [as_unit_interval(f"alphas[{i}] (alpha)", a) for i, a in enumerate(_listed("alphas", alphas))]
    )
    episodes, runs = as_positive_int("episodes", episodes), as_positive_int("runs", runs)
    walks = _walks(episodes, runs, np.random.default_rng(as_seed(seed)))
    N, A, S = len(ns), len(alphas), N_STATES + 2  # positions 0 and 20 are the exits, where V stays 0
    V = np.zeros((N, A, runs, S))
    flat = V.reshape(-1)
    base = (np.arange(N * A * runs) * S).reshape(N, A, runs)
    step = np.broadcast_to(alphas[None, :, None], (N, A, runs))
    errors = np.zeros((N, A, episodes, runs))
    for e, pos in enumerate(walks):
        L = pos.shape[1] - 1
        at_exit = (pos == 0) | (pos == N_STATES + 1)
        arrived = at_exit & ~np.concatenate([np.zeros((runs, 1), bool), at_exit[:, :-1]], axis=1)
        reward = np.where(arrived, np.sign(pos - START - 1), 0).astype(np.float64)
        cum = np.cumsum(reward, axis=1)  # cum[:, k] = r_0 + ... + r_{k-1} (reward[:, k] follows step k-1)
        for tau in range(L):
            ahead = np.minimum(tau + ns, L)  # shape (N,)
            idx_tau = base + pos[None, None, :, tau]
            G = (cum[:, ahead] - cum[:, tau, None]).T[:, None, :] + flat[base + pos[:, ahead].T[:, None, :]]
            flat[idx_tau] += step * (G - flat[idx_tau])
        errors[:, :, e] = np.sqrt(np.mean((V[..., 1:-1] - TRUE_VALUES) ** 2, axis=-1))
    return RandomWalkResult(ns, alphas, errors.mean(axis=(2, 3)), V[..., 1:-1].copy())


def _listed(name, x):
    """A number or a 1-D sequence of them, as a non-empty list (each entry is checked by the caller)."""
    values = (
        [x]
        if np.ndim(x) == 0 and not isinstance(x, list | tuple)
        else list(np.asarray(x, dtype=object).ravel())
    )
    if np.ndim(x) > 1 or not values:
        raise ValueError(
            f"{name} must be a number or a non-empty 1-D list of numbers, got shape {np.shape(x)}"
        )
    return values


def n_step_td_rms_error(n, alpha, episodes=10, runs=100, seed=0):
    """Sutton & Barto's Figure 7.2 measure for one (n, alpha).

    Math: mean over runs and episodes e = 1..episodes of sqrt( (1/19) sum_i (V_e(i) - v(i))^2 ).

    >>> round(n_step_td_rms_error(4, 0.0), 6), round(float(np.sqrt(0.3)), 6)   # alpha = 0: V stays 0
    (0.547723, 0.547723)
    >>> round(n_step_td_rms_error(4, 0.4), 3)   # the best (n, alpha) of Figure 7.2
    0.266
    """
    return float(n_step_td_experiment([n], [alpha], episodes, runs, seed).rms_error[0, 0])
