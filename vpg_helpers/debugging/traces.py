"""Runs as curves, the form notebook 08's figures draw: a live run recorded, and the stored collapse traces.

A run's curves are a dict of lists, one value per epoch, keyed by ``zoo.CURVES`` (env_steps, mean_return and
the four diagnostics), as ``bug_zoo.json`` stores them and ``draw_diagnostics`` reads them.
"""

import json
from importlib.resources import files

from vpg_helpers.debugging.zoo import CURVES

__all__ = ["curve_recorder", "load_collapse", "COLLAPSE_RUNS"]

COLLAPSE_RUNS = ("plain", "defaults")
"""The two stored 200k-step runs of CartPole-v1 seed 13: plain VPG (min_adv_std=0, target_kl=None), and the
course's defaults. Written by ``tools/stability_sweep.py --compact`` (its docstring has the commands)."""


def curve_recorder():
    """A ``train`` callback that records every epoch's CURVES, and the curves dict it fills.

    >>> record, curves = curve_recorder()
    >>> record({"env_steps": 2000, "mean_return": None, "entropy": 0.69, "approx_kl": 0.01,
    ...         "explained_variance": 0.0, "grad_norm": 0.1, "epoch": 1})
    >>> curves["env_steps"], curves["mean_return"]
    ([2000], [None])
    """
    curves = {key: [] for key in CURVES}

    def record(info):
        for key in CURVES:
            curves[key].append(info[key])

    return record, curves


def load_collapse(which):
    """One stored collapse trace as curves, plus its ``seed``, ``final_mean_return``, ``solved_at_steps``
    and ``vf_loss_before`` (the value loss before each epoch's regression: the advantages' scale).

    ``which`` is "plain" (both stability knobs off) or "defaults".
    """
    if which not in COLLAPSE_RUNS:
        raise ValueError(f"which must be one of {', '.join(map(repr, COLLAPSE_RUNS))}; got {which!r}")
    text = files("vpg_helpers.data").joinpath(f"collapse_cartpole_{which}.json").read_text(encoding="utf-8")
    (run,) = json.loads(text)["runs"]
    curves = {key: [epoch[key] for epoch in run["trace"]] for key in (*CURVES, "vf_loss_before")}
    return curves | {key: run[key] for key in ("seed", "final_mean_return", "solved_at_steps")}
