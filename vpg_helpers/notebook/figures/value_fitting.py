"""Figures for notebook 04 (fitting a value function, and what a baseline does to a policy gradient)."""

import numpy as np

from vpg_helpers.notebook.plotting import new_figure
from vpg_helpers.value_fitting.linear import fit_linear_value

__all__ = ["draw_linear_fit", "draw_fit_comparison", "draw_baseline_estimates", "draw_baseline_variance"]


def _predicted_vs_actual(ax, predictions, targets, color, label, max_points=600):
    step = max(1, len(targets) // max_points)
    ax.plot(targets[::step], predictions[::step], ".", ms=3, alpha=0.5, color=color, label=label)


def _diagonal(ax, targets):
    low, high = float(np.min(targets)), float(np.max(targets))
    ax.plot([low, high], [low, high], color="black", lw=1, label="perfect: $V(s_t) = R_t$")


def draw_linear_fit(
    lr, iterations, train_features, train_targets, test_features, test_targets, best_loss, features_name=""
):
    """Gradient descent on a linear V: the training loss per iteration, and predicted vs actual on held-out data.

    ``best_loss`` is the least-squares optimum of the training loss (drawn as a dashed line);
    ``features_name`` (e.g. "raw", "standardised") starts the left panel's title.
    """
    weights, losses = fit_linear_value(train_features, train_targets, lr, iterations)
    fig, (ax, ax_scatter) = new_figure(ncols=2, width=9.5, height=3.6)
    ax.plot(np.arange(len(losses)), losses, color="tab:blue", label="training loss")
    ax.axhline(best_loss, color="black", ls="--", lw=1, label="least-squares optimum")
    # A diverging loss leaves the top of the plot; the fit then stops and the remaining losses are NaN.
    ax.set(xlim=(0, iterations), ylim=(0.0, 1.2 * losses[0]))
    diverged = bool(np.any(np.isnan(losses)))
    title = (
        (f"{features_name} features, " if features_name else "")
        + f"lr = {lr:.3g}: "
        + ("diverged" if diverged else f"loss {losses[-1]:.1f} after {iterations} steps")
    )
    ax.set(xlabel="iteration", ylabel="MSE")
    ax.set_title(title, fontsize=10.5)
    ax.legend(loc="upper right", fontsize=9)
    if diverged:
        ax_scatter.text(
            0.5,
            0.8,
            "diverged: lr too large",
            ha="center",
            transform=ax_scatter.transAxes,
            bbox={"facecolor": "white", "edgecolor": "tab:red"},
        )
    else:
        predictions = test_features @ weights
        _predicted_vs_actual(ax_scatter, predictions, test_targets, "tab:blue", "held-out steps")
        test_loss = float(np.mean((predictions - test_targets) ** 2))
        ax_scatter.set_title(f"Held-out states: MSE {test_loss:.1f}")
    _diagonal(ax_scatter, test_targets)
    ax_scatter.set(xlabel="actual rewards-to-go $R_t$", ylabel="predicted $V(s_t)$")
    ax_scatter.legend(loc="upper left", fontsize=9)
    if diverged:
        ax_scatter.set_title("Held-out states")
    return fig


def _binned_means(ax, predictions, targets, color, bins):
    """Mean prediction per bin of actual R_t: the curve a scatter cloud hides when two clouds overlap."""
    which = np.digitize(targets, bins[1:-1])
    centres, means = [], []
    for k in range(len(bins) - 1):
        inside = which == k
        if inside.sum() >= 5:
            centres.append(targets[inside].mean())
            means.append(predictions[inside].mean())
    ax.plot(centres, means, "o-", color=color, lw=2, ms=4, mec="white")


def draw_fit_comparison(steps, train_losses, test_losses, references, predictions, test_targets):
    """Left: an MLP's training and held-out loss during fitting, against horizontal ``references``
    (name -> loss), zoomed on the range where they differ (the first steps start above it). Right:
    predicted vs actual on held-out states (``predictions``: name -> V(s_t)), with the mean prediction
    per bin of actual rewards-to-go as a line for each model."""
    fig, (ax, ax_scatter) = new_figure(ncols=2, width=9.5, height=3.8)
    ax.plot(steps, train_losses, color="tab:orange", label="MLP: training")
    ax.plot(
        steps,
        test_losses,
        color="tab:orange",
        ls="--",
        label=f"MLP: held-out (lowest {np.min(test_losses):.0f}, last {test_losses[-1]:.0f})",
    )
    for (name, value), style in zip(references.items(), (":", "-.", (0, (1, 3))), strict=False):
        ax.axhline(
            value,
            color="tab:blue" if "linear" in name else "gray",
            ls=style,
            lw=1.5,
            label=f"{name} {value:.0f}",
        )
    values = [*references.values(), np.min(test_losses), np.min(train_losses)]
    low, high = min(values), max(values)
    ax.set_ylim(low - 0.3 * (high - low), high + 0.6 * (high - low))
    ax.set(
        xlabel="Adam step",
        ylabel="MSE",
        title=f"Value loss during fitting (from {max(train_losses[0], test_losses[0]):.0f} at step 0)",
    )
    ax.legend(fontsize=8.5, loc="upper right")
    bins = np.quantile(test_targets, np.linspace(0, 1, 11))
    for color, (name, values) in zip(("tab:blue", "tab:orange"), predictions.items(), strict=False):
        mse = float(np.mean((values - test_targets) ** 2))
        _predicted_vs_actual(
            ax_scatter, values, test_targets, color, f"{name} (MSE {mse:.0f})", max_points=300
        )
        _binned_means(ax_scatter, values, test_targets, color, bins)
    _diagonal(ax_scatter, test_targets)
    ax_scatter.set(
        xlabel="actual rewards-to-go $R_t$",
        ylabel="predicted $V(s_t)$",
        title="Held-out states (lines: mean prediction per bin)",
    )
    ax_scatter.legend(loc="upper left", fontsize=9)
    return fig


def draw_baseline_estimates(baseline, batch_size, terms, exact):
    """Histogram of batch policy-gradient estimates without a baseline and with ``baseline``.

    ``terms``: baseline name -> per-episode terms (1-D, same episodes for every name, "none" included); a batch
    estimate is the mean of ``batch_size`` consecutive terms. ``exact`` is the true gradient.
    """
    fig, ax = new_figure(width=8.0, height=3.6)
    n_batches = len(terms["none"]) // batch_size
    # wide enough for the wider of the two (a bad baseline can be wider than none), centred on both means
    sd = max(np.std(terms["none"]), np.std(terms[baseline])) / np.sqrt(batch_size)
    centres = [np.mean(terms["none"]), np.mean(terms[baseline])]
    bins = np.linspace(min(centres) - 4 * sd, max(centres) + 4 * sd, 41)
    top = 0.0
    for name, color in (("none", "tab:gray"), (baseline, "tab:green")):
        estimates = terms[name][: n_batches * batch_size].reshape(n_batches, batch_size).mean(axis=1)
        label = "no baseline" if name == "none" else f"baseline {name}"
        label += f": mean {estimates.mean():.2f}, std {estimates.std():.2f}"
        counts, _, _ = ax.hist(
            estimates, bins=bins, color=color, alpha=0.5, histtype="stepfilled", label=label
        )
        top = max(top, counts.max())
    # the line stops below the headroom where the legend sits, above the histograms
    ax.axvline(exact, ymax=0.68, color="black", lw=2, label=f"exact gradient {exact:.2f}")
    ax.set_ylim(0, 1.5 * top)
    ax.set(
        xlabel=r"batch estimate of $dJ/d\theta$",
        ylabel="batches",
        title=f"{n_batches} batch estimates, {batch_size} episodes each",
    )
    ax.legend(loc="upper right", fontsize=9)
    return fig


def draw_baseline_variance(names, results):
    """Per-parameter effect of the V(s) baseline on CartPole.

    ``results``: label -> (variance ratio with/without baseline, z-score of the mean change), arrays over
    the parameters ``names``. Left: the ratio (below 1 = less variance); right: the z-scores (within +-3 =
    no detectable change of the mean).
    """
    fig, (ax, ax_z) = new_figure(ncols=2, width=9.5, height=3.6)
    x = np.arange(len(names))
    width = 0.8 / len(results)
    for k, (label, (ratio, z)) in enumerate(results.items()):
        # bars start at 1 (no change): up = more variance, down = less, on a log scale (x2 and /2 look alike)
        ax.bar(x + k * width, np.asarray(ratio) - 1.0, width, bottom=1.0, label=label)
        ax_z.bar(x + k * width, z, width, label=label)
    ax.axhline(1.0, color="black", lw=1)
    ax.set_yscale("log")
    extreme = max(max(np.max(r), 1 / np.min(r)) for r, _ in results.values())
    ax.set_ylim(1 / (1.6 * extreme), 1.6 * extreme)  # symmetric around 1 on the log scale
    ax.set(
        ylabel="variance with / without baseline",
        title="Variance of each component (below 1: less)",
    )
    ax_z.axhspan(-3, 3, color="tab:green", alpha=0.1, label="within 3 standard errors")
    ax_z.set(ylim=(-5, 5), ylabel="change of the mean / its SE", title="Mean of each component: unchanged?")
    for a in (ax, ax_z):
        a.set_xticks(x + width * (len(results) - 1) / 2, names, rotation=45, fontsize=9)
        a.set_xlabel("policy parameter")
        a.legend(fontsize=9)
    return fig
