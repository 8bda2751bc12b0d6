"""Figures for notebook 06 (GAE): advantages along a trajectory, bias/variance against lambda, the CartPole sweep."""

from dataclasses import replace

import numpy as np
from matplotlib import colormaps
from matplotlib.ticker import MaxNLocator

from vpg_helpers.envs.exact_mdp import exact_values
from vpg_helpers.gae_analysis import lambda_weights
from vpg_helpers.notebook.plotting import new_figure
from vpg_helpers.returns import gae_advantages

__all__ = ["draw_gae_along_trajectory", "draw_bias_variance", "summarise_sweep", "draw_lambda_sweep"]


def draw_gae_along_trajectory(mdp, states, actions, rewards, value_error, gamma, lam):
    """Left: GAE(gamma, lam) along one trajectory of ``mdp`` against the true advantages A(s_t, a_t).
    Right: the weights (1 - lam) lam^(n-1) of the n-step advantages in A_0, the tail collapsed onto n = T.

    ``states`` has shape (T + 1,) (s_T is bootstrapped with V_hat(s_T)); V_hat = V + value_error, where V is
    exact for this ``gamma``.
    """
    mdp = replace(mdp, gamma=gamma)
    V, _, A = exact_values(mdp)
    values_hat = V + value_error
    states, actions = np.asarray(states), np.asarray(actions)
    values, last_value, T = values_hat[states[:-1]], values_hat[states[-1]], len(rewards)
    t = np.arange(T)
    fig, (ax, ax_w) = new_figure(ncols=2, width=9.5, height=4.3)
    ax.axhline(0.0, color="black", lw=0.5)
    curves = [
        (0.0, dict(color="tab:green", ls="--", lw=1.2, alpha=0.6, label=r"$\lambda=0$: $\delta_t$")),
        (1.0, dict(color="tab:red", ls=":", lw=1.5, alpha=0.6, label=r"$\lambda=1$: $R_t - \hat V(s_t)$")),
        (lam, dict(color="tab:blue", lw=2.2, marker="o", ms=3, label=rf"GAE, $\lambda={lam:.2f}$")),
    ]
    drawn = [A[states[:-1], actions]]
    for curve_lam, style in curves:
        drawn.append(gae_advantages(rewards, values, gamma, curve_lam, last_value))
        ax.plot(t, drawn[-1], **style)
    ax.plot(t, drawn[0], color="black", ls="none", marker="x", label=r"true $A(s_t, a_t)$")
    # fitted to the lambda = 0 and 1 curves and the true advantages, which depend on gamma only: the range
    # stays put while lambda moves, so the GAE curve can be compared across lambdas
    low = min(0.0, *(curve.min() for curve in drawn[:3]))
    high = max(0.0, *(curve.max() for curve in drawn[:3]))
    pad = 0.1 * (high - low) + 1e-9
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set(
        xlabel="time step $t$",
        ylabel="advantage",
        ylim=(low - pad, high + pad),
        title=rf"Advantage estimates along one trajectory ($\gamma={gamma:.2f}$)",
    )
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.17), fontsize=9, ncols=2)  # under the axes

    n = np.arange(1, T + 1)
    weights = lambda_weights(lam, T)
    ax_w.bar(n[:-1], weights[:-1], color="tab:blue", label=r"$(1-\lambda)\lambda^{n-1}$")
    ax_w.bar(
        n[-1:], weights[-1:], color="tab:red", label=rf"tail $\lambda^{{T-1}}$ onto Monte Carlo (n = {T})"
    )
    ax_w.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax_w.set(
        xlabel="n (steps of real rewards)",
        ylabel="weight of $A^{(n)}_0$",
        ylim=(0, 1.05),
        title=rf"Weights of $A^{{(n)}}_0$ in $A_0$ (sum = {weights.sum():.2f})",
    )
    ax_w.legend(loc="upper center", fontsize=9)
    # Fixed margins instead of the constrained layout: the labels never change size here, and skipping the
    # layout pass saves ~15% of a slider redraw.
    fig.set_layout_engine("none")
    ax.set_position([0.07, 0.3, 0.41, 0.62])
    ax_w.set_position([0.57, 0.3, 0.42, 0.62])
    return fig


def draw_bias_variance(curves, lam):
    """Squared bias, variance and their sum (the mean squared error) of A_0 against lambda, with a marker
    at ``lam``. ``curves`` is a gae_analysis.BiasVariance computed once (the slider only moves the marker).
    """
    lams = curves.lams
    mse = curves.bias_squared + curves.variance
    at = {
        name: float(np.interp(lam, lams, y))
        for name, y in [("bias$^2$", curves.bias_squared), ("variance", curves.variance), ("MSE", mse)]
    }
    fig, ax = new_figure(width=7.0, height=3.8)
    ax.plot(lams, curves.bias_squared, color="tab:orange", lw=2, label=r"bias$^2$ (from $\hat V$'s error)")
    ax.plot(lams, curves.variance, color="tab:purple", lw=2, label="variance (from rewards and actions)")
    ax.plot(lams, mse, color="black", lw=1.5, ls="--", label=r"MSE = bias$^2$ + variance")
    best = lams[np.argmin(mse)]
    ax.axvline(best, color="gray", lw=0.8, ls=":", label=rf"lowest MSE at $\lambda={best:.2f}$")
    ax.axvline(lam, color="tab:blue", lw=1.5)
    ax.plot([lam] * 3, list(at.values()), "o", color="tab:blue")
    ax.set(
        xlabel=r"$\lambda$",
        ylabel="squared error",
        xlim=(0, 1),
        ylim=(0, None),
        title=rf"$\lambda={lam:.2f}$: " + ", ".join(f"{k} {v:.2f}" for k, v in at.items()),
    )
    ax.legend(loc="upper left", fontsize=9)
    return fig


def summarise_sweep(sweep, metric):
    """Per-lambda mean and standard error over seeds of ``metric`` from a sweep dict (tools/gae_sweep.py).

    >>> runs = [dict(lam=0.5, seed=0, m=1.0), dict(lam=0.5, seed=1, m=3.0), dict(lam=1.0, seed=0, m=2.0)]
    >>> summarise_sweep({"runs": runs}, "m")
    (array([0.5, 1. ]), array([2., 2.]), array([1., 0.]))
    """
    lams = np.array(sorted({run["lam"] for run in sweep["runs"]}))
    groups = [
        np.array([run[metric] for run in sweep["runs"] if run["lam"] == lam], dtype=float) for lam in lams
    ]
    means = np.array([g.mean() for g in groups])
    ses = np.array([g.std(ddof=1) / np.sqrt(len(g)) if len(g) > 1 else 0.0 for g in groups])
    return lams, means, ses


def _stretch(lam):
    """The lambda axis: -log10(1.01 - lam), so 0.9, 0.95, 0.97, 0.99, 1 are spread apart, not piled up."""
    return -np.log10(1.01 - np.asarray(lam, dtype=float))


def _unstretch(x):
    return 1.01 - 10.0 ** (-np.asarray(x, dtype=float))


def draw_lambda_sweep(sweep, curves_for=(0.0, 0.5, 0.97, 1.0)):
    """VPG on CartPole-v1 against lambda. Left: mean return over training (area under the learning curve),
    mean +- SE over seeds, on a lambda axis stretched near 1 (where most of the sweep's lambdas are).
    Right: the learning curves of a few lambdas, averaged over seeds.
    """
    fig, (ax, ax_curve) = new_figure(ncols=2, width=9.5, height=3.6)
    config, n_seeds = sweep["config"], len({run["seed"] for run in sweep["runs"]})
    lams, means, ses = summarise_sweep(sweep, "mean_return_over_training")
    ax.errorbar(
        lams, means, yerr=ses, marker="o", capsize=3, color="tab:blue", label="mean $\\pm$ SE over seeds"
    )
    best = int(np.argmax(means))
    ax.plot(lams[best], means[best], "*", ms=14, color="tab:orange", label=rf"best: $\lambda={lams[best]:g}$")
    ax.set_xscale("function", functions=(_stretch, _unstretch))
    ax.set_xticks(lams, [f"{lam:g}" for lam in lams], fontsize=8, rotation=90)
    ax.minorticks_off()
    ax.set(
        xlabel=r"$\lambda$ (axis stretched near 1)",
        ylabel="mean return over training",
        title=f"{config['env_id']}: {n_seeds} seeds x {config['total_steps'] // 1000}k steps per $\\lambda$",
    )
    ax.legend(loc="lower right", fontsize=9)
    for i, lam in enumerate(sorted(curves_for)):  # lambda is ordered: light (small) to dark (large)
        runs = [run["learning_curve"] for run in sweep["runs"] if np.isclose(run["lam"], lam)]
        if runs:
            steps = np.linspace(1, len(runs[0]), len(runs[0])) * config["total_steps"] / len(runs[0])
            color = colormaps["viridis_r"](0.15 + 0.85 * i / max(len(curves_for) - 1, 1))
            ax_curve.plot(
                steps / 1000, np.nanmean(runs, axis=0), color=color, lw=2, label=rf"$\lambda={lam:g}$"
            )
    ax_curve.axhline(475, color="gray", ls=":", lw=1, label="solved (475)")
    ax_curve.set(
        xlabel="env steps (thousands)",
        ylabel="mean return, last 20 episodes",
        ylim=(0, 600),  # the band above 500 (no return exceeds it) holds the legend, off the curves
        title="Learning curves, averaged over seeds",
    )
    ax_curve.legend(loc="upper center", ncols=3, fontsize=8.5)
    return fig
