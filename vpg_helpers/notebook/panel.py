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
from vpg_helpers.notebook.widgets import figure_png
from vpg_helpers.validation import as_bool, as_nonnegative_number, as_positive_int
from vpg_helpers.vpg import VPGConfig
from vpg_helpers.vpg.seeds import train_seeds

__all__ = ["live_progress", "hyperparameter_panel", "SEED_CHOICES"]

PLACEHOLDER = "A run of 3 seeds takes a few seconds: its progress bar and live learning curve show here."
SEED_CHOICES = (
    ("3 seeds: 0, 1, 2", (0, 1, 2)),
    ("10 seeds: 0-9 (slower)", tuple(range(10))),
    *((f"seed {s}", (s,)) for s in range(5)),
)
"""The panel's seed menu: one seed can mislead (at 40k steps on CartPole-v1 the defaults end at 458, 217 and
481 on seeds 0, 1, 2: ``tools/panel_outcomes.py``)."""


def live_progress(config, title=None, redraw_every=1, label="VPG", earlier_runs=None):
    """A ``train`` callback that shows a tqdm progress bar over env steps and a live learning curve.

    ``earlier_runs`` (label -> (episode_end_steps, episode_returns)) are drawn alongside, so a sweep shows
    its finished runs while the next one trains. A run that is solved early ends with a full (green) bar
    marked "solved", not a red unfinished one.

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
        done = info["solved"] or info["env_steps"] >= config.total_steps
        if info["epoch"] % redraw_every == 0 or done:
            runs = {**earlier, label: (info["episode_end_steps"], info["episode_returns"])}
            handle.update(draw_learning_curves(runs, threshold, title, max_steps=config.total_steps))
        if info["solved"]:
            bar.total = bar.n  # a closed, unfinished tqdm bar turns red: a solved run is finished
            bar.set_description_str("solved", refresh=False)
        if done:
            bar.refresh()
            bar.close()

    return callback


def _label(config, base, seeds):
    """A run's name in the legend: what differs from the defaults, and its seeds."""
    batch = config.num_envs * config.steps_per_env
    shown = dict(pi_lr=config.pi_lr, vf_lr=config.vf_lr, batch=batch, gamma=config.gamma, lambda_=config.lam)
    default = dict(pi_lr=base.pi_lr, vf_lr=base.vf_lr, batch=base.num_envs * base.steps_per_env,
                   gamma=base.gamma, lambda_=base.lam)  # fmt: skip
    changed = [f"{k.rstrip('_')} {v:.2g}" if isinstance(v, float) else f"{k} {v}"
               for k, v in shown.items() if abs(v - default[k]) > 1e-12]  # fmt: skip
    which = "seeds " + ", ".join(map(str, seeds)) if len(seeds) > 1 else f"seed {seeds[0]}"
    return f"{', '.join(changed) or 'defaults'} ({which})"


LEARNING_RATES = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1)
"""The learning rates a slider offers: an explicit list, so that the default (e.g. vf_lr = 3e-3) is exactly one
of them (a log-scale slider would snap it to a step in the browser, 10^-2.5 = 3.2e-3, and train that)."""


def _learning_rate_slider(name, value, style):
    """A slider over LEARNING_RATES (and ``value``, the default) for an Adam learning rate."""
    options = sorted({*LEARNING_RATES, value})
    return widgets.SelectionSlider(
        options=[(f"{lr:.0e}".replace("e-0", "e-"), lr) for lr in options],
        value=value,
        description=name,
        style=style,
    )


def _controls(base, style):
    """The panel's value widgets, by VPGConfig field (and "seeds")."""
    pi_lr, vf_lr = (_learning_rate_slider(name, getattr(base, name), style) for name in ("pi_lr", "vf_lr"))
    return dict(
        pi_lr=pi_lr,
        vf_lr=vf_lr,
        steps_per_env=widgets.Dropdown(
            options=[(str(base.num_envs * s), s) for s in (50, 125, 250, 500)], value=base.steps_per_env,
            description="batch (steps)", style=style,
        ),
        gamma=widgets.FloatSlider(value=base.gamma, min=0.8, max=1.0, step=0.005, description="gamma",
                                  style=style, readout_format=".3f"),
        lam=widgets.FloatSlider(value=base.lam, min=0.0, max=1.0, step=0.01, description="lambda", style=style),
        seeds=widgets.Dropdown(options=SEED_CHOICES, value=SEED_CHOICES[0][1], description="seeds", style=style),
    )  # fmt: skip


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
    controls = _controls(base, {"description_width": "initial"})
    run, clear = (
        widgets.Button(description="Run", button_style="primary"),
        widgets.Button(description="Clear"),
    )
    output, runs, threshold = widgets.Output(), {}, gym.spec(env_id).reward_threshold
    image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto"))
    placeholder = widgets.HTML(f"<i>No runs yet: set the values and press <b>Run</b>. {PLACEHOLDER}</i>")
    figure = widgets.Box([placeholder])
    summary, lines = widgets.HTML(), []  # one line per run: each seed's final mean, how many solved

    def show(curves, title):
        image.value = figure_png(draw_learning_curves(curves, threshold, title, max_steps=total_steps))
        figure.children = (image,)  # not before the first run: an empty picture would look broken

    def train_one():
        values = {name: control.value for name, control in controls.items()}
        seeds = values.pop("seeds")
        config = VPGConfig.for_env(env_id, total_steps=total_steps, **values)
        label, number = _label(config, base, seeds), len(runs) + 1
        bar = tqdm(total=len(seeds) * total_steps, unit=" steps", unit_scale=True, disable=not progress_bar)
        done = {}  # seed -> (episode_end_steps, episode_returns) of the seeds that have ended
        state = {"steps_done": 0, "last_draw": -float("inf")}

        def on_epoch(seed, info):
            bar.set_description_str(f"seed {seed}", refresh=False)
            bar.update(state["steps_done"] + info["env_steps"] - bar.n)
            ended = info["solved"] or info["env_steps"] >= total_steps
            if ended:  # a seed solved early: take its unused budget off, so the bar still ends full
                bar.total -= max(0, total_steps - info["env_steps"])
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
        bar.total = bar.n  # every seed is over (solved, or its budget used): a full bar, not a red one
        bar.set_description_str(f"{len(seeds)} seed{'s' * (len(seeds) > 1)} done", refresh=False)
        bar.refresh()
        bar.close()
        runs[f"{number}. {label}"] = {s: (r.episode_end_steps, r.episode_returns) for s, r in results.items()}
        show(runs, f"VPG on {env_id}: runs of at most {total_steps / 1000:g}k steps per seed")
        lines.append(_summary(number, label, results, time.perf_counter() - start))
        summary.value = "<br>".join(html.escape(line) for line in lines)

    def on_run(_):
        with output:  # the bar (and any error) go in the panel, not in JupyterLab's log console
            train_one()

    def on_clear(_):
        runs.clear()
        lines.clear()
        output.clear_output()
        summary.value = ""
        figure.children = (placeholder,)

    run.on_click(on_run)
    clear.on_click(on_clear)
    row = widgets.HBox(list(controls.values()), layout=widgets.Layout(flex_flow="row wrap"))
    panel = widgets.VBox([row, widgets.HBox([run, clear]), figure, output, summary])
    return panel, runs


def _summary(number, label, results, seconds):
    """One line per run: each seed's mean of the last 20 returns at its end, their mean, how many solved."""
    finals = [r.final_mean_return for r in results.values()]
    text = ", ".join("n/a" if f is None else f"{f:.0f}" for f in finals)
    solved = [f"{r.solved_at_steps / 1000:.0f}k" for r in results.values() if r.solved]
    where = f" (at {', '.join(solved)} steps)" if solved else ""
    mean = "" if None in finals or len(finals) < 2 else f"; mean {sum(finals) / len(finals):.0f}"
    return (
        f"{number}. {label}: mean of the last 20 returns at the end {text}{mean}; "
        f"solved {len(solved)} of {len(results)}{where}; {seconds:.1f} s"
    )
