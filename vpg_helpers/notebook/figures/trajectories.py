"""Figures for notebook 01: an episode as frames, a trajectory's states over time, a batch's returns."""

import numpy as np

from vpg_helpers.notebook.plotting import new_figure
from vpg_helpers.returns import rewards_to_go

__all__ = [
    "draw_frames_at_steps",
    "draw_trajectory",
    "draw_return_histograms",
    "draw_truncation_bootstrap",
    "ending",
]

STATE_LABELS = [
    "cart position $x$",
    "cart velocity $\\dot x$",
    "pole angle $\\theta$ (rad)",
    "angular velocity $\\dot\\theta$ (rad/s)",
]


def draw_frames_at_steps(frames, steps, title, observations=None):
    """A row of rendered frames, each titled with its time step t (and the pole angle, if given).

    ``observations`` (shape (T + 1, 4), s_0 ... s_T) adds theta in degrees to each frame's title and crops
    each frame around the cart, so that a tilt of a few degrees is visible.
    """
    ncols = min(3, len(steps))  # at most 3 frames a row keeps the figure <= 9 in wide and the frames large
    nrows = -(-len(steps) // ncols)
    fig, axes = new_figure(ncols=ncols, nrows=nrows, width=3.0 * ncols, height=1.9 * nrows + 0.35)
    axes = np.atleast_1d(axes).ravel()
    for ax in axes[len(steps) :]:
        ax.remove()
    for ax, t in zip(axes[: len(steps)], steps, strict=True):
        frame = frames[t][60:330]  # crop the empty sky and floor
        label = f"$t = {t}$"
        if observations is not None:
            x, theta = observations[t][0], observations[t][2]
            # the renderer draws x = 0 at the centre column and 2 * 2.4 track units over the frame width
            centre = int(frame.shape[1] / 2 + x * frame.shape[1] / 4.8)
            frame = frames[t][150:330]  # the pole (125 px) on its cart, and the track
            half = int(0.85 * frame.shape[0])
            left = min(max(centre - half, 0), frame.shape[1] - 2 * half)
            frame = frame[:, left : left + 2 * half]
            label += f", $\\theta = {np.degrees(theta):+.1f}°$"
        ax.imshow(frame)
        ax.set_title(label, fontsize=10)
        ax.set_axis_off()
    fig.suptitle(title)
    return fig


SMOOTHING = 10
"""Steps in the running mean drawn over the velocities (10 steps = 0.2 s of CartPole time)."""


def _running_mean(values, window=SMOOTHING):
    """Mean of the last ``window`` values at each step (fewer at the start)."""
    sums = np.cumsum(np.insert(values, 0, 0.0))
    counts = np.minimum(np.arange(1, len(values) + 1), window)
    return (sums[1:] - sums[np.arange(1, len(values) + 1) - counts]) / counts


def ending(trajectory):
    """Why an episode ended, in words: which CartPole limit was crossed, or the time limit.

    >>> from types import SimpleNamespace
    >>> ending(SimpleNamespace(terminated=True, truncated=False, last_observation=[2.5, 0, 0.01, 0]))
    'terminated: the cart left the track (|x| > 2.4)'
    """
    if trajectory.truncated:
        return "truncated by the time limit"
    if not trajectory.terminated:
        return "stopped"
    x, theta = trajectory.last_observation[0], trajectory.last_observation[2]
    if abs(x) > 2.4:
        return "terminated: the cart left the track (|x| > 2.4)"
    if abs(theta) > 0.2095:
        return "terminated: the pole fell (|θ| > 12°)"
    return "terminated"


def draw_trajectory(trajectory, title):
    """The four CartPole state variables over time, with the failure thresholds and how the episode ended.

    The velocities change sign almost every step (each push reverses the last one), so they are drawn
    faintly, with their running mean over SMOOTHING steps on top.
    """
    fig, axes = new_figure(ncols=2, nrows=2, width=9.0, height=5.0)
    axes = axes.ravel()
    states = np.vstack([trajectory.observations, trajectory.last_observation])
    t = np.arange(len(states))
    limits = {0: 2.4, 2: 0.2095}  # CartPole terminates beyond these |x| and |theta|
    for i, ax in enumerate(axes):
        if i in limits:
            ax.plot(t, states[:, i], color="C0")
            for sign in (-1, 1):
                ax.axhline(
                    sign * limits[i],
                    color="C3",
                    ls="--",
                    lw=1,
                    label="termination limit" if sign > 0 else None,
                )
            ax.set_ylim(-1.3 * limits[i], 1.3 * limits[i])
        else:
            ax.plot(t, states[:, i], color="#b3cde3", lw=0.6)  # light, without alpha: faster
            ax.plot(t, _running_mean(states[:, i]), color="C0", lw=1.8)
        ax.set_xlim(0, 500)
        ax.set_xlabel("time step $t$ (0.02 s each)")
        ax.set_title(STATE_LABELS[i], fontsize=10)
        if i not in limits:
            ax.set_title(f"{STATE_LABELS[i]}: light each step, dark mean of {SMOOTHING}", fontsize=9.5)
    axes[2].legend(loc="lower left", fontsize=9)
    summary = f"$R(\\tau)$ = {trajectory.total_return:.0f}, T = {len(trajectory)}, {ending(trajectory)}"
    fig.suptitle(f"{title}\n{summary}", fontsize=11)
    # Fixed margins instead of the constrained layout: the labels never change size under the sliders, and
    # skipping the layout pass saves ~25% of a redraw.
    fig.set_layout_engine("none")
    for ax, (left, bottom) in zip(
        axes, [(0.07, 0.55), (0.565, 0.55), (0.07, 0.1), (0.565, 0.1)], strict=True
    ):
        ax.set_position([left, bottom, 0.415, 0.29])
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


def draw_truncation_bootstrap(rewards, gamma, last_value, longer_rewards=None):
    """R_t along a truncated episode, with and without the bootstrap term gamma^(T-t) V(s_T).

    Math: R_t = sum_{k=0}^{T-1-t} gamma^k r_{t+k} + gamma^(T-t) last_value. ``longer_rewards`` (the same
    episode played on without the time limit, if given) shows what the bootstrap stands in for.

    >>> draw_truncation_bootstrap(np.ones(5), 0.9, 10.0).axes[0].get_xlabel()
    'time step $t$'
    """
    T = len(rewards)
    t = np.arange(T)
    fig, ax = new_figure(width=8.5, height=3.3)
    ax.plot(t, rewards_to_go(rewards, gamma), color="C3", lw=2, label="treated as terminated: $V(s_T) = 0$")
    ax.plot(
        t,
        rewards_to_go(rewards, gamma, last_value),
        color="C0",
        lw=2,
        label=f"bootstrapped: $V(s_T)$ = {last_value:.1f}",
    )
    if longer_rewards is not None:
        ax.plot(
            t,
            rewards_to_go(longer_rewards, gamma)[:T],
            color="black",
            ls=":",
            lw=2,
            label=f"the episode played on: {len(longer_rewards)} steps",
        )
    ax.axvline(T, color="gray", lw=1)
    ax.text(T, 0.93, "time limit ", transform=ax.get_xaxis_transform(), ha="right", color="gray")
    ax.set_xlim(0, T * 1.02)
    ax.set_ylim(0, 1.2 / (1 - gamma) if gamma < 1 else None)
    ax.set(
        xlabel="time step $t$",
        ylabel="$R_t$ (discounted, from step $t$ on)",
        title=f"A truncated episode, γ = {gamma:g}: without the bootstrap, $R_t$ collapses at the time limit",
    )
    ax.legend(loc="lower left", fontsize=9)
    return fig
