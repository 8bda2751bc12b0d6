"""The controls and the text of notebook 07's hyperparameter panel (``panel.hyperparameter_panel``).

The learning rates sit on sliders of explicit values, so that the default is exactly one of them; a run is
named by what differs from the defaults, and summed up in one line per run.
"""

import ipywidgets as widgets

__all__ = [
    "SEED_CHOICES",
    "LEARNING_RATES",
    "learning_rate_slider",
    "panel_controls",
    "run_label",
    "run_summary",
]

SEED_CHOICES = (
    ("3 seeds: 0, 1, 2", (0, 1, 2)),
    ("10 seeds: 0-9 (slower)", tuple(range(10))),
    *((f"seed {s}", (s,)) for s in range(5)),
)
"""The panel's seed menu: one seed can mislead (at 40k steps on CartPole-v1 the defaults end at 458, 217 and
481 on seeds 0, 1, 2: ``tools/panel_outcomes.py``)."""


def run_label(config, base, seeds):
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


def learning_rate_slider(name, value, style):
    """A slider over LEARNING_RATES (and ``value``, the default) for an Adam learning rate."""
    options = sorted({*LEARNING_RATES, value})
    return widgets.SelectionSlider(
        options=[(f"{lr:.0e}".replace("e-0", "e-"), lr) for lr in options],
        value=value,
        description=name,
        style=style,
    )


def panel_controls(base):
    """The panel's value widgets, by VPGConfig field (and "seeds"), set to the values of ``base``."""
    style = {"description_width": "initial"}
    pi_lr, vf_lr = (learning_rate_slider(name, getattr(base, name), style) for name in ("pi_lr", "vf_lr"))
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


def run_summary(number, label, results, seconds):
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
