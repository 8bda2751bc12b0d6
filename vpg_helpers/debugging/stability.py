"""Does a solved run stay solved? The stored 200k-step sweeps of plain VPG and of the course's defaults.

Notebook 08 shows them. Each file holds one sweep, written by ``tools/stability_sweep.py --summary`` (its
docstring has the four commands): the env, the config overrides, and one summary per seed, each trained for
the whole budget (``stop_when_solved=False``). "Plain VPG" turns both stability knobs off
(``target_kl=None, min_adv_std=0.0``); "course defaults" keeps them.
"""

import json
from importlib.resources import files

import numpy as np

from vpg_helpers.debugging.zoo import text_table

__all__ = ["STABILITY_SWEEPS", "load_stability", "stability_rows", "format_stability_table"]

STABILITY_SWEEPS = {
    ("CartPole-v1", "plain VPG"): "stability_cartpole_plain.json",
    ("CartPole-v1", "course defaults"): "stability_cartpole_defaults.json",
    ("InvertedPendulum-v5", "plain VPG"): "stability_pendulum_plain.json",
    ("InvertedPendulum-v5", "course defaults"): "stability_pendulum_defaults.json",
}
"""(env id, variant) -> the package data file of its sweep."""


def load_stability(env_id, variant):
    """The stored sweep of ``variant`` ("plain VPG" or "course defaults") on ``env_id``: a dict with ``env``,
    ``overrides``, ``provenance`` and ``runs`` (one summary per seed: ``seed``, ``solved``,
    ``solved_at_steps``, ``final_mean_return``, ``still_solved``, ``env_steps``, ...)."""
    if (env_id, variant) not in STABILITY_SWEEPS:
        known = ", ".join(f"({e!r}, {v!r})" for e, v in STABILITY_SWEEPS)
        raise ValueError(f"(env_id, variant) must be one of {known}; got ({env_id!r}, {variant!r})")
    text = files("vpg_helpers.data").joinpath(STABILITY_SWEEPS[env_id, variant]).read_text(encoding="utf-8")
    return json.loads(text)


def stability_rows():
    """One row per sweep and block of seeds (seeds 0-19 apart from 1000-1019: the second block was never
    used to choose anything), with the counts the table shows.

    Each row: ``env``, ``variant``, ``seeds`` ("0-19"), ``runs``, ``solved`` (reached the threshold at some
    point), ``median_steps`` (to solve, over the solved runs; None if none), ``still_solved`` (final mean of
    the last 20 episodes still >= the threshold at the end), ``lowest_final`` (the lowest final mean return).
    """
    rows = []
    for env_id, variant in STABILITY_SWEEPS:
        runs = load_stability(env_id, variant)["runs"]
        for block in sorted({run["seed"] // 1000 for run in runs}):
            group = [run for run in runs if run["seed"] // 1000 == block]
            seeds = [run["seed"] for run in group]
            steps = [run["solved_at_steps"] for run in group if run["solved"]]
            rows.append(
                {
                    "env": env_id,
                    "variant": variant,
                    "seeds": f"{min(seeds)}-{max(seeds)}",
                    "runs": len(group),
                    "solved": sum(run["solved"] for run in group),
                    "median_steps": float(np.median(steps)) if steps else None,
                    "still_solved": sum(run["still_solved"] for run in group),
                    "lowest_final": min(run["final_mean_return"] for run in group),
                }
            )
    return rows


def format_stability_table():
    """``stability_rows`` as aligned text for a notebook cell, with the budget in its title."""
    budgets = {run["env_steps"] for key in STABILITY_SWEEPS for run in load_stability(*key)["runs"]}
    header = ("env", "variant", "seeds", "solved", "median to solve", "still solved", "lowest final return")
    cells = [header] + [
        (
            row["env"],
            row["variant"],
            row["seeds"],
            f"{row['solved']}/{row['runs']}",
            "-" if row["median_steps"] is None else f"{row['median_steps'] / 1000:.1f}k",
            f"{row['still_solved']}/{row['runs']}",
            f"{row['lowest_final']:.0f}",
        )
        for row in stability_rows()
    ]
    title = f"Every run trained for {'/'.join(f'{b / 1000:g}k' for b in sorted(budgets))} env steps, solved or not"
    return title + "\n" + text_table(cells)
