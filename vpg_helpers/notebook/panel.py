"""Watching VPG train in a notebook: a progress bar with a live learning curve, and a hyperparameter panel.

Both are thin layers over ``vpg.train`` (its ``callback``) and ``figures.vpg.draw_learning_curves``; the
notebook cells that use them carry the nbval-ignore-output tag, because progress bars and timings vary.
"""

import html
import time

import gymnasium as gym
import ipywidgets as widgets
from IPython.display import display
from tqdm.auto import tqdm

from vpg_helpers.envs.supported import env_spaces
from vpg_helpers.notebook.figures.vpg import draw_learning_curves
from vpg_helpers.notebook.panel_controls import panel_controls, run_label, run_summary
from vpg_helpers.notebook.widgets import figure_png
from vpg_helpers.validation import as_bool, as_nonnegative_number, as_positive_int
from vpg_helpers.vpg import VPGConfig
from vpg_helpers.vpg.seeds import train_seeds

__all__ = ["live_progress", "hyperparameter_panel"]

PLACEHOLDER = "A run of 3 seeds takes a few seconds: its progress bar and live learning curve show here."


def set_total(bar, total):
    """Set a tqdm bar's ``total`` (e.g. to its count when a run ends early, so it shows full, not red).

    tqdm.notebook draws the bar with an ipywidgets IntProgress whose ``max`` keeps the first total unless it
    is set too (only ``reset`` does that, and it zeroes the count).
    """
    bar.total = total
    container = getattr(bar, "container", None)  # tqdm.notebook's (label, IntProgress, text) box
    if container is not None:
        container.children[1].max = total


def live_progress(config, title=None, redraw_every=1, label="VPG", earlier_runs=None):
    """A ``train`` callback that shows a tqdm progress bar over env steps and a live learning curve.

    ``earlier_runs`` (label -> (episode_end_steps, episode_returns)) are drawn alongside, so a sweep shows
    its finished runs while the next one trains. A run that stops early because it is solved ends with a
    full (green) bar marked "solved", not a red unfinished one; one that trains on after solving
    (``config.stop_when_solved=False``) is marked "solved" and goes on to its step budget.

    >>> callback = live_progress(VPGConfig(total_steps=2000), title="demo")   # doctest: +SKIP
    """
    threshold = gym.spec(config.env_id).reward_threshold
    title = title or f"VPG on {config.env_id}"
    earlier = dict(earlier_runs or {})
    bar = tqdm(total=config.total_steps, unit=" steps", unit_scale=True, desc="training")
    handle = display(
        draw_learning_curves(earlier, threshold, title, max_steps=config.total_steps), display_id=True
    )

    def callback(info):
        bar.update(info["env_steps"] - bar.n)
        mean = "n/a" if info["mean_return"] is None else f"{info['mean_return']:.0f}"
        bar.set_postfix_str(f"mean return {mean}", refresh=False)
        stops_now = info["solved"] and config.stop_when_solved
        done = stops_now or info["env_steps"] >= config.total_steps
        if info["epoch"] % redraw_every == 0 or done:
            runs = {**earlier, label: (info["episode_end_steps"], info["episode_returns"])}
            handle.update(draw_learning_curves(runs, threshold, title, max_steps=config.total_steps))
        if info["solved"]:
            bar.set_description_str("solved", refresh=False)
        if stops_now:
            set_total(bar, bar.n)  # a closed, unfinished tqdm bar turns red: a solved run is finished
        if done:
            bar.refresh()
            bar.close()

    return callback


def hyperparameter_panel(env_id="CartPole-v1", total_steps=40_000, progress_bar=True, redraw_seconds=0.5):
    """Sliders for the learning rates, batch size, gamma and lambda, a seed menu, and a Run button.

    Each press of Run trains the chosen values on the chosen seeds (3 by default, one after the other), each
    for at most ``total_steps`` env steps (a seed stops when solved), with a live learning curve (redrawn at
    most every ``redraw_seconds`` and when a seed ends) over the earlier runs; a run of several seeds ends
    as their mean with a min-max band. Clear forgets the runs. Returns the panel and the dict of runs,
    label -> {seed: (episode_end_steps, episode_returns)}, so code can inspect what was run.
    """
    env_spaces(env_id)  # an env VPG cannot train on is refused now, not at the first Run
    total_steps = as_positive_int("total_steps", total_steps)
    progress_bar, redraw_seconds = (
        as_bool("progress_bar", progress_bar),
        as_nonnegative_number("redraw_seconds", redraw_seconds),
    )
    base = VPGConfig.for_env(env_id, total_steps=total_steps)
    controls = panel_controls(base)
    run, clear = (
        widgets.Button(description="Run", button_style="primary"),
        widgets.Button(description="Clear"),
    )
    output, runs, threshold = widgets.Output(), {}, gym.spec(env_id).reward_threshold
    image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto"))
    placeholder = widgets.HTML(f"<i>No runs yet: set the values and press <b>Run</b>. {PLACEHOLDER}</i>")
    figure = widgets.Box([placeholder])
    summary_text, lines = widgets.HTML(), []  # one line per run: each seed's final mean, how many solved

    def show(curves, title):
        image.value = figure_png(draw_learning_curves(curves, threshold, title, max_steps=total_steps))
        figure.children = (image,)  # not before the first run: an empty picture would look broken

    def train_one():
        values = {name: control.value for name, control in controls.items()}
        seeds = values.pop("seeds")
        config = VPGConfig.for_env(env_id, total_steps=total_steps, **values)
        name, number = run_label(config, base, seeds), len(runs) + 1
        bar = tqdm(total=len(seeds) * total_steps, unit=" steps", unit_scale=True, disable=not progress_bar)
        done = {}  # seed -> (episode_end_steps, episode_returns) of the seeds that have ended
        state = {"steps_done": 0, "last_draw": -float("inf")}

        def on_epoch(seed, info):
            bar.set_description_str(f"seed {seed}", refresh=False)
            bar.update(state["steps_done"] + info["env_steps"] - bar.n)
            ended = info["solved"] or info["env_steps"] >= total_steps
            if ended:  # a seed solved early: take its unused budget off, so the bar still ends full
                set_total(bar, bar.total - max(0, total_steps - info["env_steps"]))
            if ended or time.perf_counter() - state["last_draw"] >= redraw_seconds:
                live = {**done, seed: (info["episode_end_steps"], info["episode_returns"])}
                curves = {f"{number}. seed {s}": pair for s, pair in live.items()}
                show({**runs, **curves}, f"VPG on {env_id}, run {number}: training seed {seed}")
                state["last_draw"] = time.perf_counter()
            if ended:
                done[seed] = (list(info["episode_end_steps"]), list(info["episode_returns"]))
                state["steps_done"] += info["env_steps"]

        start = time.perf_counter()
        results = train_seeds(config, seeds, callback=on_epoch)
        set_total(bar, bar.n)  # every seed is over (solved, or its budget used): a full bar, not a red one
        bar.set_description_str(f"{len(seeds)} seed{'s' * (len(seeds) > 1)} done", refresh=False)
        bar.refresh()
        bar.close()
        runs[f"{number}. {name}"] = {s: (r.episode_end_steps, r.episode_returns) for s, r in results.items()}
        show(runs, f"VPG on {env_id}: runs of at most {total_steps / 1000:g}k steps per seed")
        lines.append(run_summary(number, name, results, time.perf_counter() - start))
        summary_text.value = "<br>".join(html.escape(line) for line in lines)

    def on_run(_):
        output.clear_output()  # the last run's bar: its numbers stay in the summary lines
        with output:  # the bar (and any error) go in the panel, not in JupyterLab's log console
            train_one()

    def on_clear(_):
        runs.clear()
        lines.clear()
        output.clear_output()
        summary_text.value = ""
        figure.children = (placeholder,)

    run.on_click(on_run)
    clear.on_click(on_clear)
    row = widgets.HBox(list(controls.values()), layout=widgets.Layout(flex_flow="row wrap"))
    panel = widgets.VBox([row, widgets.HBox([run, clear]), figure, output, summary_text])
    return panel, runs
