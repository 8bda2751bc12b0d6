"""Figures for notebook 02: a categorical policy's gradient step, and a Gaussian's log-density and its gradient."""

import numpy as np

from vpg_helpers.distributions import (
    categorical_log_prob_grad,
    diag_gaussian_log_prob,
    diag_gaussian_log_prob_grad,
    softmax,
)
from vpg_helpers.notebook.plotting import new_figure
from vpg_helpers.validation import as_finite_scalar, as_index_array

__all__ = ["draw_categorical_step", "draw_gaussian_log_prob"]


def draw_categorical_step(logit_0=1.0, logit_1=0.0, logit_2=-1.0, action=1, alpha=1.0):
    """pi = softmax(z), grad_z log pi(a) = onehot(a) - pi, and pi after the step z <- z + alpha grad.

    >>> draw_categorical_step().axes[0].get_title()
    '$\\\\pi = \\\\mathrm{softmax}(z)$'
    """
    z = np.array(
        [
            as_finite_scalar(name, x)
            for name, x in (("logit_0", logit_0), ("logit_1", logit_1), ("logit_2", logit_2))
        ]
    )
    action, alpha = int(as_index_array("action", action, 3, shape=())), as_finite_scalar("alpha", alpha)
    pi, grad = softmax(z), categorical_log_prob_grad(z, action)
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


def draw_gaussian_log_prob(mu=0.0, log_std=0.0, action=1.0):
    """A 1-D Gaussian policy's density with the sampled action, and log pi(a) over (mu, log sigma).

    Arrows show grad log pi(a) with respect to mu and log sigma (drawn at a fixed length; the values are in
    the legend), i.e. which way one gradient-ascent step moves the distribution to make a likelier.

    >>> draw_gaussian_log_prob().axes[0].get_xlabel()
    'action $a$'
    """
    mu, log_std, action = (
        as_finite_scalar(n, x) for n, x in (("mu", mu), ("log_std", log_std), ("action", action))
    )
    sigma = np.exp(log_std)
    a = np.array([action])
    logp = float(diag_gaussian_log_prob(a, np.array([mu]), np.array([log_std])))
    grad_mu, grad_log_std = (
        float(g[0]) for g in diag_gaussian_log_prob_grad(a, np.array([mu]), np.array([log_std]))
    )
    fig, axes = new_figure(ncols=2, width=9.5, height=3.4)

    ax = axes[0]
    x = np.linspace(-4, 4, 400)
    ax.plot(
        x,
        np.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * np.sqrt(2 * np.pi)),
        color="C0",
        label=f"π(a) = N(μ={mu:.2f}, σ={sigma:.2f})",
    )
    ax.axvline(action, color="C1", ls="--", label=f"sampled a = {action:.2f}, log π(a) = {logp:.2f}")
    shift = 0.8 * np.tanh(grad_mu)  # direction and rough size of the step on mu
    ax.annotate(
        "", xy=(mu + shift, 0.05), xytext=(mu, 0.05), arrowprops=dict(arrowstyle="->", color="C3", lw=2)
    )
    ax.plot([], [], color="C3", lw=2, label=f"∂ log π / ∂μ = {grad_mu:.2f}")
    ax.set_xlim(-4, 4)
    ax.set_ylim(0, 1.9)  # the peak 1 / (sigma sqrt(2 pi)) is 1.79 at the smallest sigma = exp(-1.5)
    ax.set_xticks([-4, -2, 0, 2, 4])
    ax.set_yticks([0, 0.5, 1.0, 1.5])
    ax.set_xlabel("action $a$")
    ax.set_ylabel("density $\\pi(a)$")
    ax.set_title("the policy and the sampled action")
    ax.legend(loc="upper left", fontsize=9)

    ax = axes[1]
    mus, log_stds = np.meshgrid(np.linspace(-3, 3, 61), np.linspace(-1.5, 1.5, 41))
    surface = diag_gaussian_log_prob(
        np.full((*mus.shape, 1), float(action)), mus[..., None], log_stds[..., None]
    )
    image = ax.imshow(
        np.maximum(surface, -8),
        origin="lower",
        extent=(-3, 3, -1.5, 1.5),
        aspect="auto",
        cmap="viridis",
        vmin=-8,
        vmax=1,
        interpolation="bilinear",
    )
    ax.contour(
        mus, log_stds, surface, levels=[-6, -4, -2, -1], colors="white", linewidths=0.6, linestyles="solid"
    )
    fig.colorbar(image, ax=ax, label="log π(a) (clipped at −8)", ticks=[-8, -6, -4, -2, 0])
    ax.set_xticks([-3, -2, -1, 0, 1, 2, 3])
    ax.set_yticks([-1.5, -1, -0.5, 0, 0.5, 1, 1.5])
    g = np.array([grad_mu, grad_log_std])
    arrow = 0.8 * g / max(np.linalg.norm(g), 1e-12)
    ax.annotate(
        "",
        xy=(mu + arrow[0], log_std + arrow[1]),
        xytext=(mu, log_std),
        arrowprops=dict(arrowstyle="->", color="C3", lw=2),
    )
    ax.plot(
        [mu], [log_std], "o", color="C3", label=f"∇ log π = ({grad_mu:.2f}, {grad_log_std:.2f}) (direction)"
    )
    ax.set_xlabel("mean $\\mu$")
    ax.set_ylabel("$\\log \\sigma$")
    ax.set_title(f"log π(a={action:.2f}) as a function of (μ, log σ)")
    ax.legend(loc="lower left", fontsize=9)
    return fig
