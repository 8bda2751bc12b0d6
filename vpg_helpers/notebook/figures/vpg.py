"""Figures for notebook 07 (VPG): learning curves and a strip of frames from a trained policy."""

import numpy as np
from matplotlib.ticker import FuncFormatter

from vpg_helpers.notebook.plotting import new_figure
from vpg_helpers.vpg.score import first_solved, moving_average_return, seed_spread

__all__ = ["axis_end", "draw_learning_curves", "draw_frames"]


ROUND_STEPS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def axis_end(last_step, max_steps):
    """The end of a live plot's x-axis: the smallest round number above 1.1 * last_step, at most max_steps.

    >>> axis_end(17_000, 200_000), axis_end(41_000, 200_000), axis_end(190_000, 200_000), axis_end(0, 500)
    (20000.0, 50000.0, 200000.0, 500.0)
    """
    target = 1.1 * last_step
    if target <= 0 or target >= max_steps:
        return float(max_steps)
    power = 10.0 ** np.floor(np.log10(target))
    return float(min(max_steps, next(power * r for r in ROUND_STEPS if power * r >= target)))


def draw_learning_curves(runs, threshold=None, title="Learning curve", window=20, max_steps=None):
    """Mean return of the last ``window`` episodes against env steps, one line per run.

    Parameters
    ----------
    runs : dict
        label -> (episode_end_steps, episode_returns) for one run, e.g. ``{"seed 0": (r.episode_end_steps,
        r.episode_returns)}`` for a VPGResult r (with a single run, every episode's return is shown as a dot);
        or label -> {seed: (episode_end_steps, episode_returns), ...} for the same config on several seeds,
        drawn as the mean over the seeds with a band from their min to their max (``score.seed_spread``: a
        seed that stopped, solved, keeps its last value) and "k of n solved" where it ends.
    threshold : float or None
        The env's reward_threshold (dashed line), if given.
    max_steps : int or None
        The step budget of a live run: the x-axis ends at the smallest round number (1, 1.2, 1.5, 2, 2.5,
        3, 4, 5, 6 or 8 times a power of ten) beyond the data, capped at ``max_steps``, so the curve fills
        most of the axis and the axis rescales only now and then while it grows.
    """
    fig, ax = new_figure(width=8.0, height=3.4)
    last_step, bands, marks = 0, False, 0
    for label, run in runs.items():
        if isinstance(run, dict) and len(run) > 1:
            steps, mean, low, high = seed_spread(run, window)
            (line,) = ax.plot(steps, mean, lw=2, label=f"{label}: mean of {len(run)} seeds")
            ax.fill_between(steps, low, high, color=line.get_color(), alpha=0.2, lw=0)
            bands, last_step = True, max(last_step, int(steps[-1]) if len(steps) else 0)
            if threshold is not None and len(steps):
                solved = sum(first_solved(r, window, threshold) is not None for _, r in run.values())
                if solved:
                    _mark_point(ax, line, steps[-1], mean[-1], f"{solved} of {len(run)} solved", marks)
                    marks += 1
            continue
        end_steps, returns = next(iter(run.values())) if isinstance(run, dict) else run
        end_steps, returns = np.asarray(end_steps), np.asarray(returns, dtype=np.float64)
        last_step = max(last_step, int(end_steps[-1]) if len(end_steps) else 0)
        if len(runs) == 1 and len(returns):
            ax.plot(end_steps, returns, ".", color="tab:blue", alpha=0.25, ms=3, label="one episode")
        if len(returns):
            mean = moving_average_return(returns, window)
            (line,) = ax.plot(end_steps, mean, lw=2, label=f"{label} (mean of last {window})")
            solved_at = first_solved(returns, window, threshold)
            if solved_at is not None:  # where it first solved: the run may stop there, train on, or fall back
                _mark_point(ax, line, end_steps[solved_at], mean[solved_at], "solved", marks)
                marks += 1
    if bands:
        ax.fill_between([], [], [], color="gray", alpha=0.3, lw=0, label="band: min to max over seeds")
    if threshold is not None:
        ax.axhline(threshold, color="black", ls="--", lw=1, label=f"solved: {threshold:g}")
    if max_steps is not None:
        ax.set_xlim(0, axis_end(last_step, max_steps))
    else:
        ax.set_xlim(0, None)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x / 1000:g}"))
    ax.set(
        xlabel="env steps, thousands (over all envs)",
        ylabel="undiscounted return $R(\\tau)$",
        title=title,
    )
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)  # outside: never on the data
    ax.grid(alpha=0.3)
    return fig


def _mark_point(ax, line, x, y, text, k=0):
    """``text`` at the point (x, y) of ``line`` (where it ends, or where it first solved): left of and below
    it, inside the axes, under the line; the k-th mark of a figure 14 points lower (runs that solve close
    together would otherwise print their labels over each other)."""
    ax.annotate(
        text,
        (x, y),
        xytext=(-6, -28 - 14 * k),
        textcoords="offset points",
        ha="right",
        color=line.get_color(),
        fontsize=9,
        bbox=dict(facecolor="white", edgecolor="none", pad=1, alpha=0.8),
        arrowprops=dict(arrowstyle="-", color=line.get_color(), lw=0.8, shrinkA=0, shrinkB=2),
    )
    ax.plot([x], [y], "o", color=line.get_color(), ms=4)  # the point itself: the label sits beside it


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
