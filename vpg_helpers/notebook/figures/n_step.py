"""Figures for notebook 05 (n-step returns): targets on a CartPole trajectory; Sutton & Barto's Figure 7.2."""

import numpy as np
from matplotlib import colormaps

from vpg_helpers.notebook.plotting import new_figure
from vpg_helpers.random_walk import TRUE_VALUES
from vpg_helpers.returns import n_step_returns, rewards_to_go

__all__ = ["start_state_targets", "draw_n_step_targets", "draw_bias_and_spread", "draw_figure_7_2"]

Y_MIN, Y_MAX = 0.25, 0.60  # the book's range is 0.25 to 0.55; 0.60 keeps large n visible at small alpha


def start_state_targets(batch_rewards, batch_values, gamma, ns):
    """G_{0:n} of the first step of every episode, for every n in ``ns``: shape (episodes, len(ns)).

    Math: G_{0:n} = sum_{k<m} gamma^k r_k + gamma^m V(s_m), m = min(n, T), V(s_T) = 0 (terminated).

    >>> start_state_targets([np.ones(3)], [np.full(3, 10.0)], gamma=1.0, ns=[1, 2, 3]).tolist()
    [[11.0, 12.0, 3.0]]
    """
    out = np.empty((len(batch_rewards), len(ns)))
    for i, (rewards, values) in enumerate(zip(batch_rewards, batch_values, strict=True)):
        T = len(rewards)
        discounted = np.concatenate([[0.0], np.cumsum(gamma ** np.arange(T) * rewards)])
        values_ext = np.append(values, 0.0)
        m = np.minimum(np.asarray(ns), T)
        out[i] = discounted[m] + gamma**m * values_ext[m]
    return out


def draw_n_step_targets(n, rewards, values, gamma, ns, start_targets):
    """Left: G_{t:t+n} along one trajectory against the Monte-Carlo return R_t and V(s_t).
    Right: G_{0:n} over many episodes (its spread and its mean) against the Monte-Carlo return R_0.

    ``ns`` and ``start_targets`` come from ``start_state_targets`` (its last column must be n >= every T).
    """
    fig, (ax, ax_hist) = new_figure(ncols=2, width=9.5, height=3.6)
    t = np.arange(len(rewards))
    ax.plot(t, rewards_to_go(rewards, gamma), color="black", lw=2, label="Monte Carlo $R_t$")
    ax.plot(t, values, color="tab:gray", ls="--", label="$V(s_t)$ (imperfect)")
    ax.plot(t, n_step_returns(rewards, values, gamma, n), color="tab:orange", label=f"$G_{{t:t+{n}}}$")
    ax.set(xlabel="time step $t$", ylabel="target", title=f"Targets along one trajectory, n = {n}")
    ax.legend(loc="lower left", fontsize=9)

    column = list(ns).index(n)
    mc, target = start_targets[:, -1], start_targets[:, column]
    bins = np.linspace(min(mc.min(), target.min()), max(mc.max(), target.max()), 40)
    ax_hist.hist(mc, bins=bins, color="black", alpha=0.3, histtype="stepfilled", label="Monte Carlo $R_0$")
    ax_hist.hist(
        target, bins=bins, color="tab:orange", alpha=0.6, histtype="stepfilled", label=f"$G_{{0:{n}}}$"
    )
    ax_hist.axvline(mc.mean(), color="black", lw=2, label=f"mean {mc.mean():.1f}")
    ax_hist.axvline(target.mean(), color="tab:orange", lw=2, label=f"mean {target.mean():.1f}")
    diff = target - mc  # paired per episode, so its standard error is small
    ax_hist.set(
        xlabel="target for the start state $s_0$",
        ylabel="episodes",
        title=f"bias {diff.mean():+.1f} (SE {diff.std() / np.sqrt(len(diff)):.1f}), "
        f"std {target.std():.1f} (MC: {mc.std():.1f})",
    )
    ax_hist.legend(loc="upper right", fontsize=9)
    return fig


def draw_bias_and_spread(ns, start_targets):
    """Bias (mean of G_{0:n} - R_0) and spread (std of G_{0:n}) of the start-state target against n.

    ``start_targets`` comes from ``start_state_targets``; its last column (n >= every T) is the Monte-Carlo
    return R_0, whose mean estimates v(s_0) without bias.
    """
    fig, ax = new_figure(width=6.5, height=3.4)
    diff = start_targets - start_targets[:, -1:]
    se = diff.std(axis=0) / np.sqrt(len(diff))
    ax.errorbar(
        ns, diff.mean(axis=0), yerr=2 * se, marker="o", capsize=3, label="bias: mean of $G_{0:n} - R_0$"
    )
    ax.plot(ns, start_targets.std(axis=0), marker="s", label="spread: std of $G_{0:n}$")
    ax.axhline(0.0, color="black", lw=0.8)
    ax.set_xscale("log", base=2)
    ax.set_xticks(ns, [str(k) for k in ns])
    ax.minorticks_off()
    ax.set(
        xlabel="n (steps of real rewards before bootstrapping)",
        ylabel="return units",
        title="Start-state targets over many episodes (error bars: 2 SE)",
    )
    ax.legend(fontsize=9)
    return fig


def draw_figure_7_2(ns, alphas, rms_error, n=None, alpha=None, final_values=None):
    """Sutton & Barto's Figure 7.2: average RMS error against alpha, one line per n.

    The y range is 0.25 to 0.60 (the book's goes to 0.55): curves that leave the top are cut off there, as
    in the book (the errors stay finite: with gamma = 1 and alpha <= 1 every estimate stays in [-1, 1]).
    n is ordered, so its colours come from a sequential colour map (light: small n, dark: large n).
    With ``n`` and ``alpha`` given (the widget), that curve and point are highlighted and named in the title
    instead of a legend (less text, so a redraw stays fast); if ``final_values`` (shape (N, A, runs, 19)) is
    given, a second panel shows the estimates after the last episode.
    """
    ncols = 1 if final_values is None else 2
    fig, axes = new_figure(ncols=ncols, width=9.5 if ncols == 2 else 7.0, height=4.0)
    ax = axes[0] if ncols == 2 else axes
    colors = [colormaps["viridis_r"](0.1 + 0.85 * i / max(len(ns) - 1, 1)) for i in range(len(ns))]
    for i, k in enumerate(ns):
        emphasis = n is None or k == n
        ax.plot(
            alphas,
            rms_error[i],
            color=colors[i],
            lw=2.2 if emphasis else 1.0,
            alpha=1.0 if emphasis else 0.35,
            marker="." if emphasis else None,
            ms=4,
            label=f"n = {k}",
        )
    ax.set(
        xlim=(0, 1),
        ylim=(Y_MIN, Y_MAX),
        xlabel=r"$\alpha$ (step size)",
        ylabel="average RMS error\n(19 states, first 10 episodes)",
        title="n-step TD on the 19-state random walk",
    )
    if n is None or alpha is None:
        ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=9, title="steps n", title_fontsize=9)
        return fig
    i, j = list(ns).index(n), int(np.argmin(np.abs(np.asarray(alphas) - alpha)))
    ax.set_title(f"n = {n}, alpha = {alphas[j]:.2g}: average RMS error {rms_error[i, j]:.3f}")
    ax.plot(alphas[j], min(rms_error[i, j], Y_MAX), "o", color=colors[i], ms=9, mec="black", clip_on=False)
    if final_values is not None:
        ax_v = axes[1]
        states = np.arange(len(TRUE_VALUES))
        ax_v.set_xticks(states[::3])
        ax_v.set_yticks([-1.0, -0.5, 0.0, 0.5, 1.0])
        estimates = final_values[i, j]
        for run in range(min(5, len(estimates))):
            ax_v.plot(
                states,
                estimates[run],
                color=colors[i],
                lw=0.8,
                alpha=0.5,
                label="single runs" if run == 0 else None,
            )
        ax_v.plot(states, estimates.mean(axis=0), color=colors[i], lw=2.5, label="mean over runs")
        ax_v.plot(states, TRUE_VALUES, color="black", ls="--", label="true values")
        ax_v.set(
            ylim=(-1.1, 1.1),
            xlabel="state",
            ylabel="$V$",
            title=f"V after 10 episodes, n = {n}, alpha = {alphas[j]:.2g}",
        )
        ax_v.legend(loc="upper left", fontsize=9)
    return fig
