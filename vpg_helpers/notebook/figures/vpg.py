"""Figures for notebook 07 (VPG): learning curves and a strip of frames from a trained policy."""

import numpy as np

from vpg_helpers.notebook.plotting import new_figure
from vpg_helpers.vpg.score import moving_average_return

__all__ = ["draw_learning_curves", "draw_frames"]


def draw_learning_curves(runs, threshold=None, title="Learning curve", window=20, max_steps=None):
    """Mean return of the last ``window`` episodes against env steps, one line per run.

    Parameters
    ----------
    runs : dict
        label -> (episode_end_steps, episode_returns), e.g. ``{"seed 0": (r.episode_end_steps,
        r.episode_returns)}`` for a VPGResult r. With a single run, every episode's return is shown as a dot.
    threshold : float or None
        The env's reward_threshold (dashed line), if given.
    max_steps : int or None
        Fix the x-axis to [0, max_steps] (so a live plot does not rescale at every epoch).
    """
    fig, ax = new_figure(width=8.0, height=3.4)
    for label, (end_steps, returns) in runs.items():
        end_steps, returns = np.asarray(end_steps), np.asarray(returns, dtype=np.float64)
        if len(runs) == 1 and len(returns):
            ax.plot(end_steps, returns, ".", color="tab:blue", alpha=0.25, ms=3, label="one episode")
        if len(returns):
            mean = moving_average_return(returns, window)
            (line,) = ax.plot(end_steps, mean, lw=2, label=f"{label} (mean of last {window})")
            if threshold is not None and mean[-1] >= threshold:  # a solved run stops: say so where it ends
                ax.annotate(
                    "solved",
                    (end_steps[-1], mean[-1]),
                    xytext=(4, -12),
                    textcoords="offset points",
                    color=line.get_color(),
                    fontsize=9,
                )
    if threshold is not None:
        ax.axhline(threshold, color="black", ls="--", lw=1, label=f"solved: {threshold:g}")
    if max_steps is not None:
        ax.set_xlim(0, max_steps)
    ax.set(xlabel="env steps (over all envs)", ylabel="undiscounted return $R(\\tau)$", title=title)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)  # outside: never on the data
    ax.grid(alpha=0.3)
    return fig


def draw_frames(frames, n_frames=6, title="", step_labels=None):
    """``n_frames`` evenly spaced frames of an episode (rgb arrays), side by side, labelled with their step."""
    frames = list(frames)
    if not frames:
        raise ValueError("frames must hold at least one rgb_array frame")
    n_frames = min(n_frames, len(frames))
    picks = np.linspace(0, len(frames) - 1, n_frames).round().astype(int)
    # at most 9.5 inches: the notebook column is ~844 px, and wider figures are shrunk
    fig, axes = new_figure(ncols=n_frames, width=min(9.5, 1.6 * n_frames), height=1.7)
    for ax, i in zip(np.atleast_1d(axes), picks, strict=True):
        ax.imshow(frames[i])
        ax.set_title(f"t = {i if step_labels is None else step_labels[i]}", fontsize=9)
        ax.axis("off")
    if title:
        fig.suptitle(title)
    return fig
