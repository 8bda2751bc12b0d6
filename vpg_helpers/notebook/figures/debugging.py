"""Figures for notebook 08 (debugging VPG): a run's return and diagnostics, and the bug-vs-healthy explorer."""

import textwrap

import numpy as np
from ipywidgets import Dropdown, IntSlider
from matplotlib.ticker import FuncFormatter, NullFormatter

from vpg_helpers.debugging.bugs import BUGS
from vpg_helpers.debugging.zoo import effect_row, load_zoo, zoo_runs
from vpg_helpers.notebook.plotting import new_figure
from vpg_helpers.notebook.widgets import interactive_figure

__all__ = ["PANELS", "draw_diagnostics", "draw_bug_vs_healthy", "bug_vs_healthy_redraw", "bug_explorer"]

PANELS = (
    ("mean_return", "mean return (last 20 episodes)"),
    ("entropy", "entropy of π (nats)"),
    ("approx_kl", "approx. KL of a step (log)"),
    ("explained_variance", "explained variance of V (≥ -1)"),
    ("grad_norm", "policy gradient norm ‖g‖"),
)
"""The stored curve each panel shows, and its y label."""
HEALTHY_COLOUR = "0.35"
HEALTHY_STYLES = ("-", "--", ":")
"""Line styles of the healthy runs, in order: grey all, told apart by style (e.g. exercise 1's two seeds)."""
COLOURS = ("tab:red", "tab:blue", "tab:orange", "tab:purple", "tab:green", "tab:brown")


def _curve(run, key):
    """(env steps in thousands, values as floats with NaN for null) of one stored curve."""
    x = np.asarray(run["env_steps"], dtype=np.float64) / 1000
    y = np.array([np.nan if v is None else v for v in run[key]], dtype=np.float64)
    if key == "explained_variance":
        y = np.clip(y, -1.0, 1.0)  # a broken V can be far below -1: shown at the floor
    if key == "approx_kl":
        y[y <= 0] = np.nan  # a batch's estimate can be <= 0; a log axis cannot show it
    return x, y


def draw_diagnostics(runs, threshold=None, title="Return and diagnostics", caption=""):
    """One run's curves per label: mean return and the four diagnostics, against env steps (thousands).

    Parameters
    ----------
    runs : dict
        label -> one run's curves as the zoo stores them (lists ``env_steps``, ``mean_return``, ``entropy``,
        ``approx_kl``, ``explained_variance``, ``grad_norm``). A label starting with "healthy" is drawn first,
        in grey (a second and third healthy run dashed and dotted).
    threshold : float or None
        The env's reward_threshold, drawn as a dashed line on the return panel.
    caption : str
        Text under the title (wrapped), e.g. what a bug does.
    """
    if not isinstance(runs, dict):
        raise TypeError(f"runs must be a dict label -> one run's stored curves, got {type(runs).__name__}")
    # A caption (up to four lines under the title) gets its own strip; without one, no space is wasted.
    fig, axes = new_figure(ncols=3, nrows=2, width=9.5, height=6.0 if caption else 5.2)
    fig.set_layout_engine(None)  # a fixed layout: the constrained one's extra pass doubles a redraw's time
    top = 0.78 if caption else 0.87
    fig.subplots_adjust(left=0.06, right=0.99, bottom=0.1, top=top, wspace=0.25, hspace=0.3)
    axes = axes.ravel()
    for ax in axes[1:5]:
        ax.sharex(axes[0])  # one x-axis: a moment in training lines up across the panels
    order = sorted(runs, key=lambda label: not label.startswith("healthy"))
    colours, healthy_styles = iter(COLOURS), iter(HEALTHY_STYLES)
    for label in order:
        healthy = label.startswith("healthy")
        colour, style = (HEALTHY_COLOUR, next(healthy_styles)) if healthy else (next(colours), "-")
        for ax, (key, _) in zip(axes, PANELS, strict=False):
            ax.plot(*_curve(runs[label], key), color=colour, ls=style, lw=1.6, label=label)
    if threshold is not None:
        axes[0].axhline(threshold, color="black", ls="--", lw=1, label=f"solved: {threshold:g}")
    axes[2].set_yscale("log")  # plain tick labels: mathtext's 10^-3 would take most of a redraw's time
    axes[2].yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:g}"))
    axes[2].yaxis.set_minor_formatter(NullFormatter())
    for ax, (_, ylabel) in zip(axes, PANELS, strict=False):
        ax.set_title(ylabel, fontsize=10)
        ax.grid(alpha=0.3)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:g}"))
    axes[3].set_ylim(-1.05, 1.05)
    for ax in axes[2:5]:
        ax.set_xlabel("env steps (thousands)")
    axes[5].axis("off")  # the legend's place: never over the data
    handles, labels = axes[0].get_legend_handles_labels()
    if handles:
        axes[5].legend(
            handles, labels, loc="center left", bbox_to_anchor=(-0.05, 0.5), fontsize=9, frameon=False
        )
    fig.suptitle(_heading(title, caption), fontsize=10)
    return fig


def _heading(title, caption):
    return title + ("\n" + "\n".join(textwrap.wrap(caption, 120)) if caption else "")


def _in_place(fig, runs, title, caption):
    """``fig`` (drawn by draw_diagnostics with as many runs) showing ``runs`` instead: a widget's redraw
    that reuses the figure takes about half the time of a new one."""
    order = sorted(runs, key=lambda label: not label.startswith("healthy"))
    for ax, (key, _) in zip(fig.axes, PANELS, strict=False):
        for line, label in zip(ax.get_lines(), order, strict=False):  # the threshold line comes last
            line.set_data(*_curve(runs[label], key))
        ax.relim()
        ax.autoscale_view()
    for text, label in zip(fig.axes[5].get_legend().get_texts(), order, strict=False):
        text.set_text(label)
    fig.suptitle(_heading(title, caption), fontsize=10)
    return fig


def draw_bug_vs_healthy(zoo, env_id, bug, seed):
    """The bug's run against healthy's on the same seed, with the bug's ``what`` and its measured effect."""
    return draw_diagnostics(**_bug_vs_healthy(zoo, env_id, bug, seed))


def _bug_vs_healthy(zoo, env_id, bug, seed):
    """draw_diagnostics' arguments for draw_bug_vs_healthy."""
    runs = zoo_runs(zoo, env_id)
    if bug not in runs or bug == "healthy":
        raise ValueError(f"bug must be one of {', '.join(v for v in runs if v != 'healthy')}; got {bug!r}")
    by_seed = {run["seed"]: run for run in runs[bug]}
    healthy = {run["seed"]: run for run in runs["healthy"]}
    if seed not in by_seed or seed not in healthy:
        raise ValueError(f"seed must be one of the stored seeds {sorted(by_seed)}; got {seed!r}")
    row = effect_row(zoo, env_id, bug)
    caption = (
        f"{BUGS[bug].what} Over {row['seeds']} seeds: solved {row['solved']} (healthy "
        f"{effect_row(zoo, env_id, 'healthy')['solved']}); flagged by: {row['flag']}."
    )
    return dict(
        runs={"healthy": healthy[seed], BUGS[bug].title: by_seed[seed]},
        threshold=zoo["thresholds"][env_id],
        title=f"{env_id}, seed {seed}: {BUGS[bug].title} ({bug}) vs healthy",
        caption=caption,
    )


def bug_vs_healthy_redraw(zoo, env_id):
    """``draw(bug, seed)``: draw_bug_vs_healthy into one figure, kept and updated in place (the widget's)."""
    fig = None

    def draw(bug, seed):
        nonlocal fig
        arguments = _bug_vs_healthy(zoo, env_id, bug, seed)
        if fig is None:
            fig = draw_diagnostics(**arguments)
            return fig
        return _in_place(fig, arguments["runs"], arguments["title"], arguments["caption"])

    return draw


def bug_explorer(zoo=None, env_id="CartPole-v1"):
    """A widget: pick a bug and a seed, see its curves and diagnostics against a healthy run's."""
    zoo = load_zoo() if zoo is None else zoo
    runs = zoo_runs(zoo, env_id)
    options = [(BUGS[name].title, name) for name in runs if name != "healthy"]
    seeds = sorted(run["seed"] for run in runs["healthy"])
    interactive_figure(
        bug_vs_healthy_redraw(zoo, env_id),
        bug=Dropdown(options=options, value=options[0][1], description="bug"),
        seed=IntSlider(value=seeds[0], min=seeds[0], max=seeds[-1], step=1, description="seed"),
    )
