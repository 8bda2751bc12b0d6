"""Watching VPG train in a notebook: a progress bar with a live learning curve, and a hyperparameter panel.

Both are thin layers over ``vpg.train`` (its ``callback``) and ``figures.vpg.draw_learning_curves``; the
notebook cells that use them carry the nbval-ignore-output tag, because progress bars and timings vary.
"""

import gymnasium as gym
import ipywidgets as widgets
from IPython.display import HTML, display
from tqdm.auto import tqdm

from vpg_helpers.notebook.figures.vpg import draw_learning_curves
from vpg_helpers.vpg import VPGConfig, train

__all__ = ["live_progress", "hyperparameter_panel"]

PLACEHOLDER = "Each run takes a few seconds; its progress bar, then its learning curve, show here."


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


def _label(config):
    batch = config.num_envs * config.steps_per_env
    return (
        f"pi_lr {config.pi_lr:.0e}, vf_lr {config.vf_lr:.0e}, batch {batch}, gamma {config.gamma:.3f}, "
        f"lambda {config.lam:.2f}"
    )


def _learning_rate_slider(name, value, style):
    """A log-scale slider from 1e-4 to 1e-1 for an Adam learning rate."""
    return widgets.FloatLogSlider(
        value=value, base=10, min=-4, max=-1, step=0.25, description=name, style=style, readout_format=".0e"
    )


def hyperparameter_panel(env_id="CartPole-v1", total_steps=40_000, seed=0, progress_bar=True):
    """Sliders for the learning rates, batch size, gamma and lambda, and a Run button.

    Each press of Run trains one short run (``total_steps`` env steps at most) with the chosen values and
    overlays its learning curve on the previous ones; Clear forgets them. Returns the panel and the dict of
    runs (label -> (episode_end_steps, episode_returns)), so code can inspect what was run.
    """
    base = VPGConfig.for_env(env_id, seed=seed, total_steps=total_steps)
    style = {"description_width": "initial"}
    pi_lr, vf_lr = (_learning_rate_slider(name, getattr(base, name), style) for name in ("pi_lr", "vf_lr"))
    batches = [base.num_envs * s for s in (50, 125, 250, 500)]
    batch = widgets.Dropdown(
        options=batches, value=base.num_envs * base.steps_per_env, description="batch (steps)", style=style
    )
    gamma = widgets.FloatSlider(
        value=base.gamma, min=0.8, max=1.0, step=0.005, description="gamma", style=style, readout_format=".3f"
    )
    lam = widgets.FloatSlider(value=base.lam, min=0.0, max=1.0, step=0.01, description="lambda", style=style)
    run, clear = (
        widgets.Button(description="Run", button_style="primary"),
        widgets.Button(description="Clear"),
    )
    output, runs = widgets.Output(), {}
    threshold = gym.spec(env_id).reward_threshold

    def redraw():
        with output:
            output.clear_output(wait=True)
            display(
                draw_learning_curves(runs, threshold, f"VPG on {env_id}: short runs", max_steps=total_steps)
            )

    def on_run(_):
        with output:  # the bar goes in the panel, not in JupyterLab's log console
            train_one()

    def train_one():
        config = VPGConfig.for_env(
            env_id,
            seed=seed,
            total_steps=total_steps,
            pi_lr=pi_lr.value,
            vf_lr=vf_lr.value,
            steps_per_env=batch.value // base.num_envs,
            gamma=gamma.value,
            lam=lam.value,
        )
        bar = tqdm(
            total=total_steps, unit=" steps", unit_scale=True, desc="training", disable=not progress_bar
        )
        result = train(config, callback=lambda info: bar.update(info["env_steps"] - bar.n))
        if result.solved:
            bar.total = bar.n  # full (green), not red: solving early is success
            bar.set_description_str("solved", refresh=False)
        bar.refresh()
        bar.close()
        runs[_label(config)] = (result.episode_end_steps, result.episode_returns)
        redraw()

    def on_clear(_):
        runs.clear()
        redraw()

    with output:  # not blank before the first Run (an empty figure here would look like a live one)
        display(HTML(f"<i>No runs yet: set the values and press <b>Run</b>. {PLACEHOLDER}</i>"))
    run.on_click(on_run)
    clear.on_click(on_clear)
    controls = widgets.HBox([pi_lr, vf_lr, batch, gamma, lam], layout=widgets.Layout(flex_flow="row wrap"))
    panel = widgets.VBox([controls, widgets.HBox([run, clear]), output])
    return panel, runs
