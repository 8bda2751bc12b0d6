"""Figures for notebook 01: an episode as frames, a trajectory's states over time, a batch's returns."""

import numpy as np

from vpg_helpers.notebook.plotting import new_figure

__all__ = ["draw_frames_at_steps", "draw_trajectory", "draw_return_histograms"]

STATE_LABELS = [
    "cart position $x$",
    "cart velocity $\\dot x$",
    "pole angle $\\theta$ (rad)",
    "angular velocity $\\dot\\theta$ (rad/s)",
]


def draw_frames_at_steps(frames, steps, title):
    """A row of rendered frames, each titled with its time step t."""
    ncols = min(3, len(steps))  # at most 3 frames a row keeps the figure <= 9 in wide and the frames large
    nrows = -(-len(steps) // ncols)
    fig, axes = new_figure(ncols=ncols, nrows=nrows, width=3.0 * ncols, height=1.65 * nrows + 0.35)
    axes = np.atleast_1d(axes).ravel()
    for ax in axes[len(steps) :]:
        ax.remove()
    for ax, t in zip(axes[: len(steps)], steps, strict=True):
        ax.imshow(frames[t][60:330])  # crop the empty sky and floor
        ax.set_title(f"$t = {t}$", fontsize=10)
        ax.set_axis_off()
    fig.suptitle(title)
    return fig


def draw_trajectory(trajectory, title):
    """The four CartPole state variables over time, with the failure thresholds and how the episode ended."""
    fig, axes = new_figure(ncols=2, nrows=2, width=9.0, height=5.0)
    axes = axes.ravel()
    states = np.vstack([trajectory.observations, trajectory.last_observation])
    t = np.arange(len(states))
    limits = {0: 2.4, 2: 0.2095}  # CartPole terminates beyond these |x| and |theta|
    for i, ax in enumerate(axes):
        ax.plot(t, states[:, i], color="C0")
        if i in limits:
            for sign in (-1, 1):
                ax.axhline(
                    sign * limits[i],
                    color="C3",
                    ls="--",
                    lw=1,
                    label="termination limit" if sign > 0 else None,
                )
            ax.set_ylim(-1.3 * limits[i], 1.3 * limits[i])
        ax.set_xlim(0, 500)
        ax.set_xlabel("time step $t$")
        ax.set_title(STATE_LABELS[i], fontsize=10)
    axes[2].legend(loc="lower left", fontsize=9)
    ending = "terminated" if trajectory.terminated else "truncated" if trajectory.truncated else "stopped"
    summary = f"return $R(\\tau)$ = {trajectory.total_return:.0f}, {ending} after T = {len(trajectory)} steps"
    fig.suptitle(f"{title}: {summary}")
    # Fixed margins instead of the constrained layout: the labels never change size under the sliders, and
    # skipping the layout pass saves ~25% of a redraw.
    fig.set_layout_engine("none")
    for ax, (left, bottom) in zip(
        axes, [(0.07, 0.585), (0.565, 0.585), (0.07, 0.1), (0.565, 0.1)], strict=True
    ):
        ax.set_position([left, bottom, 0.415, 0.31])
    return fig


def draw_return_histograms(returns_by_policy):
    """Histograms of R(tau) over a batch of episodes, one per policy (a dict name -> list of returns)."""
    fig, ax = new_figure(width=8, height=3.2)
    bins = np.linspace(0, 500, 51)
    for i, (name, returns) in enumerate(returns_by_policy.items()):
        returns = np.asarray(returns)
        ax.hist(returns, bins=bins, alpha=0.6, color=f"C{i}", label=f"{name} (mean {returns.mean():.1f})")
    ax.set_xlabel("return $R(\\tau)$ (undiscounted; 500 = the time limit)")
    ax.set_ylabel("number of episodes")
    ax.set_title("The same policy gives different returns: $R(\\tau)$ is a random variable")
    ax.legend()
    return fig
