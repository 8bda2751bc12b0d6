"""Check for the n-step TD exercise on the random walk (notebook 05)."""

import numpy as np

from vpg_helpers.checks._core import Case, Mistake
from vpg_helpers.checks.registry import exercise_check
from vpg_helpers.random_walk import N_STATES, n_step_td_episode, random_walk_episode
from vpg_helpers.returns import n_step_returns, rewards_to_go

__all__ = ["check_n_step_returns", "check_n_step_td_episode"]


def _loop(
    values,
    states,
    rewards,
    n,
    alpha,
    bootstrap_offset=0,
    start_values=False,
    last_tau=None,
    sign=1.0,
    use_bootstrap=True,
    last_reward_only=False,
):
    """n-step TD with one deliberate slip switched on (the defaults give the right answer)."""
    values, frozen, T = np.array(values, dtype=np.float64), np.array(values, dtype=np.float64), len(states)
    for tau in range(T if last_tau is None else max(last_tau(T, n), 0)):
        m = min(n, T - tau)
        source = frozen if start_values else values
        bootstrap = source[states[tau + m + bootstrap_offset]] if tau + m < T and use_bootstrap else 0.0
        G = (rewards[tau + m - 1] if last_reward_only else np.sum(rewards[tau : tau + m])) + bootstrap
        values[states[tau]] += sign * alpha * (G - values[states[tau]])
    return values


def _slip(**slip):
    """A wrong answer with the exercise's signature: the loop above with one slip switched on."""

    def fn(values, states, rewards, n, alpha):
        return _loop(values, states, rewards, n, alpha, **slip)

    return fn


@exercise_check(n_step_td_episode)
def check_n_step_td_episode():
    """Check ``fn(values, states, rewards, n, alpha)`` -> the values after one episode of n-step TD."""
    start = np.round(np.linspace(-0.5, 0.7, N_STATES) + 0.2 * np.sin(np.arange(N_STATES)), 3)
    inputs = [
        ("n = 1 (one-step TD), alpha = 0.5", 3, 1, 0.5),
        ("n = 3, alpha = 0.4", 1, 3, 0.4),
        ("n = 4, alpha = 1", 2, 4, 1.0),
        ("n larger than the episode: Monte Carlo", 0, 1000, 0.3),
        ("alpha = 0 changes nothing", 4, 2, 0.0),
        ("an episode that exits on the left (reward -1), n = 3, alpha = 0.5", 8, 3, 0.5),
        ("rewards along the way (any rewards work, not only the walk's), n = 3, alpha = 0.5", 9, 3, 0.5),
        ("rewards along the way, n = 2, alpha = 0.8", 6, 2, 0.8),
    ]
    cases = []
    for description, seed, n, alpha in inputs:
        states, rewards = random_walk_episode(seed)
        if "along the way" in description:
            rewards = np.round(np.cos(1.7 * np.arange(len(states))), 2)
        cases.append(
            Case(
                f"{description}, an episode of {len(states)} steps",
                dict(values=start.copy(), states=states, rewards=rewards, n=n, alpha=alpha),
                n_step_td_episode(start, states, rewards, n, alpha),
                hint="For u = 0..T-1: m = min(n, T - u); G = rewards[u:u+m].sum() + "
                "(values[states[u+m]] if u + m < T else 0); "
                "values[states[u]] += alpha * (G - values[states[u]]).",
            )
        )

    mistakes = [
        Mistake(
            "Bootstrap from the values as updated so far in this episode, not from a copy taken at its "
            "start: n-step TD updates V(s_u) as soon as r_{u+n-1} is seen, and later targets use it.",
            _slip(start_values=True),
        ),
        Mistake(
            "Off by one: after the m rewards r_u..r_{u+m-1} the walk is in s_{u+m}, so bootstrap "
            "from values[states[u+m]], not values[states[u+m-1]].",
            _slip(bootstrap_offset=-1),
        ),
        Mistake(
            "No bootstrap: when u + m < T, add V(s_{u+m}) to the sum of the m rewards.",
            _slip(use_bootstrap=False),
        ),
        Mistake(
            "The last updates are missing: when fewer than n rewards are left (u > T - n), the target "
            "is just the remaining rewards (the episode ended), but s_u must still be updated, up to "
            "u = T-1.",
            _slip(last_tau=lambda T, n: T - n + 1),
        ),
        Mistake(
            "The step goes the wrong way: V(s_u) moves *towards* the target, V <- V + alpha (G - V).",
            _slip(sign=-1.0),
        ),
        Mistake(
            "The target sums all m rewards of the window: G = r_u + r_{u+1} + ... + r_{u+m-1} + V(s_{u+m}), "
            "i.e. rewards[u:u+m].sum(), not only the last one rewards[u+m-1] (the walk pays only at its end, "
            "but n-step TD works for rewards at every step).",
            _slip(last_reward_only=True),
        ),
        Mistake(
            "alpha is ignored: V(s_u) should move a fraction alpha of the way to G, not jump to it.",
            lambda values, states, rewards, n, alpha: _loop(values, states, rewards, n, 1.0),
        ),
    ]
    return cases, mistakes


@exercise_check(n_step_returns)
def check_n_step_returns():
    """Check ``fn(rewards, values, gamma, n, last_value=0.0)`` against the n-step return G_{t:t+n}."""
    r, v = np.array([1.0, 0, 2, -1, 3]), np.array([0.5, 1.0, -0.5, 2.0, 1.5])
    inputs = [
        ("n = 1 (the TD target)", r, v, 0.9, 1, 0.0),
        ("n = 2", r, v, 0.9, 2, 0.0),
        ("n = 3, truncated: bootstrap from last_value near the end", r, v, 0.9, 3, 4.0),
        ("n >= T gives the Monte-Carlo return", r, v, 0.9, 10, 0.0),
        ("gamma = 1", r, v, 1.0, 2, 2.0),
        ("n >= T, truncated: every step still bootstraps from last_value", r, v, 0.9, 7, 4.0),
        ("n = 4, gamma = 0.5, truncated: near the end fewer than n rewards are left", r, v, 0.5, 4, -2.0),
    ]
    cases = [
        Case(
            d,
            dict(rewards=r_, values=v_, gamma=g, n=n, last_value=lv),
            n_step_returns(r_, v_, g, n, lv),
            hint="G_t = r_t + gamma r_{t+1} + ... + gamma^(m-1) r_{t+m-1} + gamma^m V(s_{t+m}), m = min(n, T-t), "
            "with V(s_T) = last_value.",
        )
        for d, r_, v_, g, n, lv in inputs
    ]

    def no_bootstrap(rewards, values, gamma, n, last_value=0.0):
        return n_step_returns(rewards, np.zeros_like(values), gamma, n, 0.0)

    def undiscounted_bootstrap(rewards, values, gamma, n, last_value=0.0):
        ext = np.append(values, last_value)
        t = np.arange(len(rewards))
        m = np.minimum(n, len(rewards) - t)
        return n_step_returns(rewards, np.zeros_like(values), gamma, n, 0.0) + ext[t + m]

    def bootstrap_one_early(rewards, values, gamma, n, last_value=0.0):
        ext = np.append(values, last_value)
        t = np.arange(len(rewards))
        m = np.minimum(n, len(rewards) - t)
        return n_step_returns(rewards, np.zeros_like(values), gamma, n, 0.0) + gamma**m * ext[t + m - 1]

    def monte_carlo_without_last_value(rewards, values, gamma, n, last_value=0.0):
        if n >= len(rewards):
            return rewards_to_go(rewards, gamma)
        return n_step_returns(rewards, values, gamma, n, last_value)

    def bootstrap_gamma_n(rewards, values, gamma, n, last_value=0.0):
        ext, t = np.append(values, last_value), np.arange(len(rewards))
        m = np.minimum(n, len(rewards) - t)
        return n_step_returns(rewards, np.zeros_like(values), gamma, n, 0.0) + gamma**n * ext[t + m]

    def last_value_weight(weight):
        """last_value weighted by weight(gamma, m) instead of gamma^m (the other bootstraps are right)."""

        def fn(rewards, values, gamma, n, last_value=0.0):
            t = np.arange(len(rewards))
            m = np.minimum(n, len(rewards) - t)
            change = np.where(t + m == len(rewards), weight(gamma, m) - gamma**m, 0.0)
            return n_step_returns(rewards, values, gamma, n, last_value) + change * last_value

        return fn

    off_by_one_power = (
        "last_value is discounted by the wrong power: V(s_T) is m = T - t steps after t, so it enters as "
        "gamma^m * last_value, the same gamma^m as any other bootstrap value."
    )
    mistakes = [
        Mistake(
            "When n >= T every step reaches the end, but a truncated trajectory still has a future: the "
            "n-step return is then the rewards-to-go *with* last_value, sum_k gamma^k r_{t+k} + "
            "gamma^(T-t) * last_value. Returning rewards_to_go(rewards, gamma) drops last_value.",
            monte_carlo_without_last_value,
        ),
        Mistake(
            "The bootstrap is discounted by gamma^n, but near the end only m = min(n, T - t) rewards are "
            "summed: the value m steps ahead enters as gamma^m * V(s_{t+m}).",
            bootstrap_gamma_n,
        ),
        Mistake(
            "last_value is not discounted: V(s_T) is m = T - t steps after t, so it enters as "
            "gamma^m * last_value (like any other bootstrap value).",
            last_value_weight(lambda gamma, m: 1.0),
        ),
        Mistake(off_by_one_power, last_value_weight(lambda gamma, m: gamma ** (m - 1.0))),
        Mistake(off_by_one_power, last_value_weight(lambda gamma, m: gamma ** (m + 1.0))),
        Mistake(
            "No bootstrap: after the n rewards, add gamma^m * V(s_{t+m}) (last_value when t+m = T).",
            no_bootstrap,
        ),
        Mistake(
            "The bootstrap value needs its discount: it is m steps ahead, so it enters as gamma^m * V(s_{t+m}).",
            undiscounted_bootstrap,
        ),
        Mistake(
            "Off by one: after m rewards r_t..r_{t+m-1} you are in state s_{t+m}, so bootstrap from "
            "values[t+m] (or last_value when t+m = T), not values[t+m-1].",
            bootstrap_one_early,
        ),
        Mistake(
            "last_value is ignored near the end: when t+m = T the bootstrap is gamma^m * last_value.",
            lambda rewards, values, gamma, n, last_value=0.0: n_step_returns(rewards, values, gamma, n, 0.0),
        ),
    ]
    return cases, mistakes
