"""The bug zoo's measured effects (notebook 08): the stored sweep, and a table of what each bug does.

``bug_zoo.json`` (written by ``tools/bug_zoo_sweep.py``) holds, for each env, variant ("healthy" or a bug's
name) and seed, one run's per-epoch curves (env_steps, mean_return, entropy, approx_kl, explained_variance,
grad_norm), its solved_at_steps and final_mean_return.

The diagnostic that flags a bug, by one rule. A run's *level* of a diagnostic in a window of env steps is
the median of its per-epoch values there (explained variance clipped to [-1, 1], as the figures show it); a
variant's level is the median of its runs' levels. Two fixed windows of the step budget: its first 40% (a
healthy run is still learning) and its last 40% (a healthy run has solved). A level flags the bug if it lies
beyond the range of the healthy seeds' levels in that window by a factor of at least FLAG_RATIO (for explained
variance EV, compared through the variance V leaves unexplained, 1 - EV). The (diagnostic, window) furthest
beyond healthy's range flags it; if none is, nothing flags it ("none"): the difference is within what the
seeds alone make.
"""

import json
from importlib.resources import files

import numpy as np

__all__ = [
    "DIAGNOSTICS",
    "WINDOWS",
    "FLAG_RATIO",
    "load_zoo",
    "zoo_runs",
    "level",
    "windows",
    "flagging_diagnostic",
    "flag_text",
    "effect_row",
    "effect_table",
    "format_effect_table",
    "text_table",
]

DIAGNOSTICS = ("entropy", "approx_kl", "explained_variance", "grad_norm")
WINDOWS = (0.4, 0.6)
"""The rule's windows: env steps up to WINDOWS[0] of the budget, and from WINDOWS[1] of it to its end."""
FLAG_RATIO = 1.5
"""A level flags a bug if it lies beyond the healthy seeds' range by at least this factor."""
CURVES = ("env_steps", "mean_return", *DIAGNOSTICS)


def load_zoo():
    """The stored sweep (``vpg_helpers/data/bug_zoo.json``), checked to hold what the notebook reads."""
    zoo = json.loads(files("vpg_helpers.data").joinpath("bug_zoo.json").read_text(encoding="utf-8"))
    for env_id in zoo["runs"]:
        zoo_runs(zoo, env_id)
    return zoo


def zoo_runs(zoo, env_id):
    """``zoo["runs"][env_id]``: variant -> list of runs, checked (a healthy variant; every curve per run)."""
    if not isinstance(zoo, dict) or not {"runs", "thresholds", "configs"} <= set(zoo):
        raise TypeError("zoo must be the dict load_zoo() returns (with 'runs', 'thresholds' and 'configs')")
    if env_id not in zoo["runs"]:
        raise ValueError(f"env_id must be one of {', '.join(zoo['runs'])}; got {env_id!r}")
    runs = zoo["runs"][env_id]
    if "healthy" not in runs:
        raise ValueError(f"the zoo of {env_id} has no healthy runs to compare with")
    for variant, variant_runs in runs.items():
        for run in variant_runs:
            keys = {"seed", "solved_at_steps", "final_mean_return", *CURVES}
            if not isinstance(run, dict) or not keys <= set(run) or len({len(run[k]) for k in CURVES}) != 1:
                raise ValueError(
                    f"{env_id} {variant}: a run must have {', '.join(sorted(keys))}, curves of one length"
                )
    return runs


def level(runs, key, window=(0.0, float("inf"))):
    """The median over runs of each run's median value of ``key`` in the window (lo, hi] of env steps.

    Explained variance is clipped to [-1, 1] first (where Var R is tiny it can be -30 or less).
    """
    lo, hi = window
    clip = (-1.0, 1.0) if key == "explained_variance" else (-np.inf, np.inf)
    per_run = [
        np.median([np.clip(v, *clip) for s, v in zip(run["env_steps"], run[key], strict=True)
                   if v is not None and lo < s <= hi]
                  or [np.nan])
        for run in runs
    ]  # fmt: skip
    return float(np.median(per_run))


def windows(budget):
    """The two windows of the rule, (lo, hi] in env steps: the first 40% and the last 40% of ``budget``.

    >>> windows(100_000)
    ((0.0, 40000.0), (60000.0, 100000.0))
    """
    return ((0.0, WINDOWS[0] * budget), (WINDOWS[1] * budget, float(budget)))


def _beyond(x, low, high):
    """How far x lies beyond [low, high] as a ratio to the nearer end (1 inside; all three > 0)."""
    return x / high if x > high else x / low if x < low else 1.0


def flagging_diagnostic(runs, healthy, budget, min_ratio=FLAG_RATIO):
    """(diagnostic, window, level, healthy's lowest and highest seed level, ratio) that flags ``runs``, or None.

    ``ratio`` is how far the level lies beyond healthy's range (the rule above); ``min_ratio`` the factor
    needed to flag (1 gives the diagnostic furthest from healthy's range, whatever it is).
    """
    best = None
    for window in windows(budget):
        for key in DIAGNOSTICS:
            value = level(runs, key, window)
            seeds = [level([run], key, window) for run in healthy]
            unexplained = key == "explained_variance"  # compared as 1 - EV, in (0, 2]
            x, ends = (1.0 - value, [1.0 - v for v in seeds]) if unexplained else (value, seeds)
            if not (np.isfinite(x) and x > 0 and np.all(np.isfinite(ends)) and min(ends) > 0):
                continue  # e.g. a KL estimate <= 0: no ratio to take
            ratio = _beyond(x, min(ends), max(ends))
            if best is None or abs(np.log(ratio)) > abs(np.log(best[-1])):
                best = (key, window, value, min(seeds), max(seeds), ratio)
    return best if best is not None and abs(np.log(best[-1])) >= np.log(min_ratio) else None


def flag_text(flag):
    """'approx_kl 0.0062 at 0-40k (healthy 0.0094 to 0.014)' for a flagging_diagnostic result, or 'none'."""
    if flag is None:
        return "none"
    key, (lo, hi), value, low, high, _ = flag
    return f"{key} {value:.2g} at {lo / 1000:g}-{hi / 1000:g}k (healthy {low:.2g} to {high:.2g})"


def effect_row(zoo, env_id, variant):
    """One variant's effect over its seeds: a dict with variant, seeds, solved ("k/n"), median_steps (of the
    solved seeds, "-" if none), still_solved ("k/n", final mean return >= threshold), flag (text) and
    flag_detail (what flagging_diagnostic returns)."""
    runs, threshold = zoo_runs(zoo, env_id), zoo["thresholds"][env_id]
    if variant not in runs:
        raise ValueError(f"variant must be one of {', '.join(runs)}; got {variant!r}")
    these, n = runs[variant], len(runs[variant])
    steps = [run["solved_at_steps"] for run in these if run["solved_at_steps"] is not None]
    still = sum((run["final_mean_return"] or 0.0) >= threshold for run in these)
    budget = zoo["configs"][env_id]["total_steps"]
    flag = None if variant == "healthy" else flagging_diagnostic(these, runs["healthy"], budget)
    return {
        "variant": variant,
        "seeds": n,
        "solved": f"{len(steps)}/{n}",
        "median_steps": f"{np.median(steps) / 1000:.1f}k" if steps else "-",
        "still_solved": f"{still}/{n}",
        "flag": "-" if variant == "healthy" else flag_text(flag),
        "flag_detail": flag,
    }


def effect_table(zoo, env_id):
    """effect_row for every variant of ``env_id`` in the zoo, healthy first."""
    return [effect_row(zoo, env_id, variant) for variant in zoo_runs(zoo, env_id)]


def format_effect_table(zoo, env_id, markdown=False):
    """The effect table, one row per variant: aligned text for a notebook cell, or a markdown table.

    Columns: variant, solved (k/n seeds ever), median env steps to solve, still solved at the end (k/n),
    and what flags it (the diagnostic, its level in a window, the healthy seeds' range there).
    """
    rows = effect_table(zoo, env_id)
    header = ("variant", "solved", "median", "at end", "flagged by (level, window, healthy seeds)")
    cells = [header] + [
        (r["variant"], r["solved"], r["median_steps"], r["still_solved"], r["flag"]) for r in rows
    ]
    budget = zoo["configs"][env_id]["total_steps"]
    title = f"{env_id}: {rows[0]['seeds']} seeds per variant, {budget / 1000:g}k env steps each"
    if markdown:
        lines = ["| " + " | ".join(row) + " |" for row in cells]
        return f"**{title}**\n\n" + "\n".join([lines[0], "|---" * len(header) + "|", *lines[1:]])
    return title + "\n" + text_table(cells)


def text_table(cells):
    """Rows of strings as text columns, each as wide as its widest cell, two spaces apart.

    >>> print(text_table([("seed", "solved"), ("0", "yes")]))
    seed  solved
    0     yes
    """
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    )
