"""Figures for notebook 02: a categorical policy's gradient step, and a Gaussian's log-density and its gradient."""

from functools import lru_cache

import numpy as np

from vpg_helpers.distributions import (
    categorical_log_prob_grad,
    diag_gaussian_log_prob,
    diag_gaussian_log_prob_grad,
    softmax,
)
from vpg_helpers.notebook.plotting import new_figure

__all__ = ["STEP", "draw_categorical_step", "draw_gaussian_log_prob"]


def draw_categorical_step(logit_0=1.0, logit_1=0.0, logit_2=-1.0, action=1, alpha=1.0):
    """pi = softmax(z), grad_z log pi(a) = onehot(a) - pi, and pi after the step z <- z + alpha grad.

    >>> draw_categorical_step().axes[0].get_title()
    '$\\\\pi = \\\\mathrm{softmax}(z)$'
    """
    z = np.array([logit_0, logit_1, logit_2], dtype=np.float64)
    pi, grad = softmax(z), categorical_log_prob_grad(z, int(action))
    pi_after = softmax(z + alpha * grad)
    k = np.arange(3)
    colors = ["C1" if i == action else "C0" for i in k]
    fig, axes = new_figure(ncols=3, width=9.5, height=3.0)
    axes[0].bar(k, pi, color=colors)
    axes[0].set_title("$\\pi = \\mathrm{softmax}(z)$")
    axes[0].set_ylabel("probability")
    axes[1].bar(k, grad, color=colors)
    axes[1].axhline(0, color="k", lw=0.8)
    axes[1].set_ylim(-1.05, 1.05)
    axes[1].set_yticks([-1, -0.5, 0, 0.5, 1])
    axes[1].set_title(rf"$\nabla_z \log\pi(a={action}) = \mathrm{{onehot}}(a) - \pi$")
    axes[1].set_ylabel("gradient")
    axes[2].bar(k - 0.2, pi, width=0.4, color="0.7", label="before")
    axes[2].bar(k + 0.2, pi_after, width=0.4, color=colors, label="after")
    axes[2].set_title(rf"$\pi$ after $z \leftarrow z + {alpha:g}\,\nabla_z \log\pi(a)$")
    axes[2].set_ylabel("probability")
    axes[2].legend(loc="upper right", fontsize=9)
    for ax in (axes[0], axes[2]):
        ax.set_ylim(0, 1.05)
        ax.set_yticks([0, 0.25, 0.5, 0.75, 1])
    for ax in axes:
        ax.set_xticks(k, [f"a = {i}" for i in k])
        ax.set_xlabel("action (orange: the chosen one)")
    fig.suptitle(f"π(a={action}): {pi[action]:.3f} before, {pi_after[action]:.3f} after one step")
    return fig


STEP = 0.25
"""The arrows show a gradient-ascent step STEP * grad log pi(a): true direction and size, cut at the edge."""

MU_RANGE, LOG_STD_RANGE = (-3.0, 3.0), (-1.5, 1.5)


@lru_cache(maxsize=64)
def _log_prob_surface(action):
    """log pi(a) over the (mu, log sigma) grid: it depends on a only, so a move of mu or log sigma reuses it."""
    mus, log_stds = np.meshgrid(np.linspace(*MU_RANGE, 61), np.linspace(*LOG_STD_RANGE, 41))
    surface = diag_gaussian_log_prob(
        np.full((*mus.shape, 1), float(action)), mus[..., None], log_stds[..., None]
    )
    return mus, log_stds, surface


def _clip_to_box(start, step, low, high):
    """The largest fraction s <= 1 with start + s * step inside [low, high] (per coordinate), and s."""
    start, step = np.asarray(start, float), np.asarray(step, float)
    fraction = 1.0
    for x, d, lo, hi in zip(start, step, low, high, strict=True):
        if d > 0 and x + d > hi:
            fraction = min(fraction, (hi - x) / d)
        elif d < 0 and x + d < lo:
            fraction = min(fraction, (lo - x) / d)
    return start + fraction * step, fraction


def draw_gaussian_log_prob(mu=0.0, log_std=0.0, action=1.0):
    """A 1-D Gaussian policy's density with the sampled action, and log pi(a) over (mu, log sigma).

    The arrows are one gradient-ascent step of size STEP * grad log pi(a), drawn to scale on equal axes (so
    their direction is the gradient's and their length grows with it); a step that would leave the plot is
    cut at its edge and marked "off the plot".

    >>> draw_gaussian_log_prob().axes[0].get_xlabel()
    'action $a$'
    """
    sigma = np.exp(log_std)
    a = np.array([float(action)])
    logp = float(diag_gaussian_log_prob(a, np.array([mu]), np.array([log_std])))
    grad_mu, grad_log_std = (
        float(g[0]) for g in diag_gaussian_log_prob_grad(a, np.array([mu]), np.array([log_std]))
    )
    fig, axes = new_figure(ncols=2, width=9.5, height=3.5)

    ax = axes[0]
    x = np.linspace(-4, 4, 400)
    ax.plot(
        x,
        np.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * np.sqrt(2 * np.pi)),
        color="C0",
        label=f"π(a) = N(μ={mu:.2f}, σ={sigma:.2f})",
    )
    ax.axvline(action, color="C1", ls="--", label=f"sampled a = {action:.2f}")
    end, fraction = _clip_to_box([mu], [STEP * grad_mu], [-4.0], [4.0])
    ax.annotate("", xy=(end[0], 0.05), xytext=(mu, 0.05), arrowprops=dict(arrowstyle="->", color="C3", lw=2))
    cut = ", cut" if fraction < 1 else ""
    ax.plot([], [], color="C3", lw=2, label=f"step on μ: {STEP:g} × ∂ log π/∂μ = {STEP * grad_mu:.2f}{cut}")
    ax.set_xlim(-4, 4)
    ax.set_ylim(
        0, 2.6
    )  # the peak 1 / (sigma sqrt(2 pi)) is 1.79 at the smallest sigma; the legend sits above
    ax.set_xticks([-4, -2, 0, 2, 4])
    ax.set_yticks([0, 0.5, 1.0, 1.5])
    ax.set_xlabel("action $a$")
    ax.set_ylabel("density $\\pi(a)$")
    ax.set_title(f"the policy and the sampled action: log π(a) = {logp:.2f}", fontsize=10)
    ax.legend(loc="upper center", fontsize=8.5)

    ax = axes[1]
    mus, log_stds, surface = _log_prob_surface(float(action))
    image = ax.imshow(
        np.maximum(surface, -8),
        origin="lower",
        extent=(*MU_RANGE, *LOG_STD_RANGE),
        cmap="viridis",
        vmin=-8,
        vmax=1,
        interpolation="bilinear",
    )  # equal scales on both axes: an arrow's drawn angle is the gradient's angle
    ax.contour(
        mus, log_stds, surface, levels=[-6, -4, -2, -1], colors="white", linewidths=0.6, linestyles="solid"
    )
    # Fixed margins instead of the constrained layout (which takes ~40% of a redraw here)
    fig.set_layout_engine("none")
    axes[0].set_position([0.065, 0.14, 0.36, 0.72])
    ax.set_position([0.5, 0.14, 0.4, 0.6])  # equal aspect: the axes shrink to 2:1 inside this box
    colorbar_axes = fig.add_axes([0.915, 0.14, 0.015, 0.6], label="<colorbar>")
    fig.colorbar(image, cax=colorbar_axes, label="log π(a) (clipped at −8)", ticks=[-8, -6, -4, -2, 0])
    ax.set_xticks([-3, -2, -1, 0, 1, 2, 3])
    ax.set_yticks([-1.5, -1, -0.5, 0, 0.5, 1, 1.5])
    start = (mu, log_std)
    end, fraction = _clip_to_box(
        start,
        [STEP * grad_mu, STEP * grad_log_std],
        (MU_RANGE[0], LOG_STD_RANGE[0]),
        (MU_RANGE[1], LOG_STD_RANGE[1]),
    )
    ax.annotate("", xy=tuple(end), xytext=start, arrowprops=dict(arrowstyle="->", color="C3", lw=2))
    ax.plot([mu], [log_std], "o", color="C3", mec="white")
    if fraction < 1:
        ax.annotate(
            f"off the plot: {1 / fraction:.0f}× longer",
            tuple(end),
            # in the corner away from the current parameters, so the label never hides their marker
            xytext=(0.25 if mu > 0 else 0.75, 0.88 if log_std < 0 else 0.06),
            textcoords="axes fraction",
            ha="center",
            fontsize=9,
            color="white",
            bbox=dict(facecolor="C3", edgecolor="none", alpha=0.8),
        )
    norm = float(np.hypot(grad_mu, grad_log_std))
    ax.set_xlabel("mean $\\mu$")
    ax.set_ylabel("$\\log \\sigma$")
    ax.set_title(
        f"log π(a={action:.2f}) over (μ, log σ); arrow: {STEP:g} × ∇ log π\n"
        f"∇ log π = ({grad_mu:.2f}, {grad_log_std:.2f}), |∇ log π| = {norm:.1f}",
        fontsize=10,
    )
    return fig
