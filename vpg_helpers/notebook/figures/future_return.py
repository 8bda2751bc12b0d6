"""Figures for notebook 03: discounting and rewards-to-go, the short corridor's exact J(p), gradient estimates."""

from functools import lru_cache

import numpy as np

from vpg_helpers.discounting import discounted_return
from vpg_helpers.envs.short_corridor import OPTIMAL_P, episode_gradient_terms, exact_gradient, exact_return
from vpg_helpers.notebook.plotting import new_figure
from vpg_helpers.returns import rewards_to_go
from vpg_helpers.validation import as_choice, as_open_unit_interval, as_positive_int, as_rewards, as_seed

__all__ = [
    "EXAMPLE_REWARDS",
    "draw_rewards_to_go",
    "draw_short_corridor",
    "draw_gradient_histogram",
    "draw_batch_return_curves",
    "draw_loss_and_return",
]

EXAMPLE_REWARDS = np.array([0, 0, 1, 0, 0, 0, -2, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5], dtype=np.float64)
"""A made-up trajectory of T = 20 rewards: a small reward early, a penalty, and a big reward at the end."""


def draw_rewards_to_go(gamma=0.9, rewards=EXAMPLE_REWARDS):
    """Left: the discount weights gamma^k. Right: rewards r_t, rewards-to-go R_t and the total return R(tau).

    >>> draw_rewards_to_go(0.5).axes[1].get_xlabel()
    'time step $t$'
    """
    rewards, gamma, _ = as_rewards(rewards, gamma, 0.0)
    T = len(rewards)
    future = rewards_to_go(rewards, gamma)
    fig, axes = new_figure(ncols=2, width=9.5, height=3.2)
    k = np.arange(T)
    axes[0].bar(k, gamma**k, color="C0")
    axes[0].set_ylim(0, 1.05)
    for ax in axes:
        ax.set_xticks(np.arange(0, T + 1, 5))
    axes[0].set_xlabel("steps ahead $k$")
    axes[0].set_ylabel(r"weight $\gamma^k$")
    horizon = f"{1 / (1 - gamma):.1f}" if gamma < 1 else "∞"
    axes[0].set_title(f"discount weights, γ = {gamma:.2f} (horizon 1/(1−γ) ≈ {horizon})")
    axes[1].bar(k, rewards, color="0.6", label="reward $r_t$")
    axes[1].plot(k, future, "o-", color="C1", label="rewards-to-go $R_t$")
    axes[1].axhline(
        discounted_return(rewards, gamma),
        color="C2",
        ls="--",
        label=f"total return R(τ) = {discounted_return(rewards, gamma):.2f}",
    )
    bound = np.abs(rewards).sum()  # |R_t| can never exceed the sum of |r_t|, for any gamma
    axes[1].set_ylim(-0.25 * bound, 1.05 * bound)
    axes[1].set_xlabel("time step $t$")
    axes[1].set_ylabel("reward / return")
    axes[1].set_title(r"$R_t = r_t + \gamma R_{t+1}$: only rewards from $t$ on count")
    axes[1].legend(loc="upper left", fontsize=9)
    return fig


def draw_short_corridor(p=0.3):
    """Exact J(p) of the short corridor, its maximum, and the tangent at ``p`` (slope dJ/dp).

    >>> draw_short_corridor().axes[0].get_xlabel()
    'p = P(right)'
    """
    ps = np.linspace(0.01, 0.99, 197)  # J -> -inf at both ends (a deterministic policy never reaches G)
    J = np.array([exact_return(q) for q in ps])
    fig, axes = new_figure(ncols=2, width=9.5, height=3.2)
    axes[0].plot(ps, J, color="C0", label="exact J(p) = v(s₀)")
    axes[0].plot(
        [OPTIMAL_P],
        [exact_return(OPTIMAL_P)],
        "*",
        color="C3",
        ms=12,
        label=f"optimum p = 2 − √2 ≈ {OPTIMAL_P:.4f}, J = {exact_return(OPTIMAL_P):.2f}",
    )
    slope = exact_gradient(p)
    dp = np.array([-0.08, 0.08])
    axes[0].plot(
        p + dp,
        exact_return(p) + slope * dp,
        color="C1",
        lw=2,
        label=f"tangent at p = {p:.2f}: dJ/dp = {slope:.2f}",
    )
    axes[0].plot([p], [exact_return(p)], "o", color="C1", ms=7)
    axes[0].set(xlim=(0, 1), ylim=(-60, 0))
    axes[0].set_xlabel("p = P(right)")
    axes[0].set_ylabel("expected return J(p)")
    axes[0].set_title("short corridor: performance of the policy")
    axes[0].legend(loc="lower center", fontsize=9)
    axes[1].plot(ps, [exact_gradient(q, wrt="theta") for q in ps], color="C0", label="exact dJ/dθ")
    axes[1].axhline(0, color="k", lw=0.8)
    axes[1].axvline(OPTIMAL_P, color="C3", ls=":", label=f"optimum p* ≈ {OPTIMAL_P:.4f}: dJ/dθ = 0")
    grad_theta = exact_gradient(p, wrt="theta")
    axes[1].plot([p], [grad_theta], "o", color="C1", ms=7, label=f"at p = {p:.2f}: dJ/dθ = {grad_theta:.2f}")
    axes[1].legend(loc="upper right", fontsize=9)
    axes[1].set(xlim=(0, 1), ylim=(-10, 20))
    axes[1].set_xlabel("p = P(right) = sigmoid(θ)")
    axes[1].set_ylabel("dJ/dθ")
    axes[1].set_title("the exact gradient with respect to the logit θ")
    return fig


@lru_cache(maxsize=8)
def _terms(p, weight, n_episodes, seed):
    return episode_gradient_terms(p, n_episodes, seed, weight)


def draw_gradient_histogram(weight="future", batch_size=10, p=0.3, n_episodes=40_000, seed=0):
    """Histogram of batch estimates of dJ/dtheta (each a mean over ``batch_size`` episodes) vs the exact value.

    The per-episode terms of one seeded pool of ``n_episodes`` episodes are computed once and cached, so
    moving a slider only regroups them into batches. The x-range covers the middle 99% of the estimates
    (and 0 and the exact value), so it follows the spread as |D| grows: read the spread on the axis and in
    the legend's std.

    >>> draw_gradient_histogram(batch_size=100, n_episodes=1000).axes[0].get_xlabel()
    'estimate of dJ/dθ'
    """
    weight = as_choice("weight", weight, ("total", "future"))
    batch_size, n_episodes = (
        as_positive_int("batch_size", batch_size),
        as_positive_int("n_episodes", n_episodes),
    )
    if batch_size > n_episodes:
        raise ValueError(f"batch_size must be at most n_episodes = {n_episodes}, got {batch_size}")
    terms = _terms(as_open_unit_interval("p", p), weight, n_episodes, as_seed(seed))
    estimates = terms[: len(terms) // batch_size * batch_size].reshape(-1, batch_size).mean(axis=1)
    exact = exact_gradient(p, wrt="theta")
    low, high = np.quantile(estimates, [0.005, 0.995])
    low, high = min(low, exact, 0.0), max(high, exact, 0.0)
    low, high = low - 0.08 * (high - low), high + 0.08 * (high - low)
    fig, ax = new_figure(width=9, height=3.2)
    density, _, _ = ax.hist(
        estimates,
        bins=np.linspace(low, high, int(np.clip(len(estimates) // 8, 20, 80)) + 1),
        density=True,
        color="C0",
        alpha=0.8,
        label=f"{len(estimates)} estimates: mean {estimates.mean():.2f}, std {estimates.std():.2f}",
    )
    ax.axvline(exact, color="C3", lw=2, label=f"exact dJ/dθ = {exact:.2f}")
    ax.axvline(0, color="k", lw=0.8)
    ax.set_xlim(low, high)
    ax.set_ylim(0, 1.4 * density.max())  # headroom for the legend
    ax.set_xlabel("estimate of dJ/dθ")
    ax.set_ylabel("density")
    name = "future return $R_t$" if weight == "future" else r"total return $R(\tau)$"
    ax.set_title(
        f"weight = {name}, batch size |D| = {batch_size}: "
        f"{np.mean(estimates > 0):.0%} of the estimates have the right sign"
    )
    ax.legend(loc="upper left", fontsize=9)
    return fig


def draw_batch_return_curves(histories):
    """Mean return per iteration, one panel per weight: ``histories[weight]`` is a list of runs (seeds).

    >>> draw_batch_return_curves({"total": [{"mean_return": [10, 20]}]}).axes[0].get_ylabel()
    'mean return of the batch'
    """
    fig, axes = new_figure(ncols=len(histories), width=9.5, height=3.2)
    axes = np.atleast_1d(axes)
    # One y range for both panels, fitted to the data (not to the 500 cap, which flattens short runs)
    top = max(max(np.max(run["mean_return"]) for run in runs) for runs in histories.values())
    for ax, (weight, runs) in zip(axes, histories.items(), strict=True):
        curves = np.array([run["mean_return"] for run in runs])
        for i, curve in enumerate(curves):
            ax.plot(curve, color="0.7", lw=1, label="one seed" if i == 0 else None)
        ax.plot(curves.mean(axis=0), color="C0", lw=2, label=f"mean over {len(curves)} seeds")
        ax.set_ylim(0, min(500, 1.15 * top + 5))
        ax.set_xlabel("iteration (one batch, one gradient step)")
        ax.set_ylabel("mean return of the batch")
        ax.set_title(f"weight = {weight} return")
        ax.legend(loc="upper left", fontsize=9)
    return fig


def draw_loss_and_return(losses, returns, title, return_label="exact J", optimum=None):
    """The surrogate "loss" and the true performance along the same sequence of gradient steps.

    ``optimum`` (the best achievable performance, if known) is drawn as a dashed line on the right.

    >>> draw_loss_and_return([3.0, 2.0], [-12.0, -13.0], title="t").axes[1].get_ylabel()
    'exact J'
    """
    fig, axes = new_figure(ncols=2, width=9.5, height=3.0)
    axes[0].plot(losses, color="C3")
    axes[0].set_xlabel("gradient step")
    axes[0].set_ylabel("surrogate loss L(θ)")
    axes[0].set_title('the policy-gradient "loss"')
    axes[1].plot(returns, color="C0", label=return_label)
    if optimum is not None:
        axes[1].axhline(optimum, color="C3", ls="--", lw=1, label=f"optimum {optimum:.2f}")
        axes[1].legend(loc="best", fontsize=9)
    axes[1].set_xlabel("gradient step")
    axes[1].set_ylabel(return_label)
    axes[1].set_title("the performance we care about")
    fig.suptitle(title)
    return fig
