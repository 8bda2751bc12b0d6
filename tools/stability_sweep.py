"""Does VPG stay solved? Train seeds with the whole step budget and report solve speed and the final mean return.

    python tools/stability_sweep.py --env CartPole-v1 --seeds 0-19
    python tools/stability_sweep.py --env InvertedPendulum-v5 --seeds 1000-1009 --set pi_lr=0.005
    python tools/stability_sweep.py ... --out /tmp/sweep.json   # also save every epoch's diagnostics

Notebook 08's collapse traces (package data; ``--compact`` keeps the diagnostics it draws, 4 significant digits):

    python tools/stability_sweep.py --seeds 13 --set target_kl=None min_adv_std=0.0 --compact \
        --out vpg_helpers/data/collapse_cartpole_plain.json
    python tools/stability_sweep.py --seeds 13 --compact --out vpg_helpers/data/collapse_cartpole_defaults.json

Notebook 08's table of runs that stay solved (package data; ``--summary`` keeps each run's summary only):

    python tools/stability_sweep.py --seeds 0-19 --set target_kl=None min_adv_std=0.0 --summary \
        --out vpg_helpers/data/stability_cartpole_plain.json
    python tools/stability_sweep.py --seeds 0-19,1000-1019 --summary \
        --out vpg_helpers/data/stability_cartpole_defaults.json
    python tools/stability_sweep.py --env InvertedPendulum-v5 --seeds 0-9 --set target_kl=None min_adv_std=0.0 \
        --summary --out vpg_helpers/data/stability_pendulum_plain.json
    python tools/stability_sweep.py --env InvertedPendulum-v5 --seeds 0-9,1000-1009 --summary \
        --out vpg_helpers/data/stability_pendulum_defaults.json

Each seed trains with ``stop_when_solved=False`` for ``--total-steps`` (default 200k), one after the other
(run it alone, e.g. under ``nice``: the seconds it reports are wall-clock).
"solved" is the course's criterion (the last 20 episodes average the env's reward_threshold) reached at some
point; "still solved" means the final mean of the last 20 episodes is still >= the threshold at the end.
"""

import argparse
import ast
import json
import os
from pathlib import Path

import gymnasium as gym
import numpy as np
from provenance import provenance  # tools/, this script's folder, is on sys.path

from vpg_helpers.vpg import VPGConfig, train


def parse_seeds(text):
    """'0-19' -> [0, ..., 19]; '3,5,8' -> [3, 5, 8]; '0-1,1000-1001' -> [0, 1, 1000, 1001]."""
    seeds = []
    for part in text.split(","):
        first, _, last = part.partition("-")
        seeds += list(range(int(first), int(last or first) + 1))
    return seeds


def parse_overrides(items):
    """['pi_lr=0.005', 'hidden_sizes=(32, 32)'] -> {'pi_lr': 0.005, 'hidden_sizes': (32, 32)}."""
    overrides = {}
    for item in items:
        key, _, value = item.partition("=")
        try:
            overrides[key] = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            overrides[key] = value
    return overrides


def trace_epoch(info):
    """The numbers of one epoch worth keeping: scalars from epoch_info, and log sigma of a Gaussian policy."""
    row = {k: v for k, v in info.items() if isinstance(v, int | float | bool | None) and k != "solved"}
    log_std = getattr(info["policy"], "log_std", None)
    if log_std is not None:
        row["log_std"] = [float(x) for x in log_std]
    return row


COMPACT_KEYS = ("epoch", "env_steps", "mean_return", "entropy", "approx_kl", "explained_variance", "grad_norm",
                "vf_loss_before", "pi_lr", "truncated_fraction")  # fmt: skip
"""What ``--compact`` keeps of each epoch: the diagnostics notebook 08 draws."""


def compact_epoch(row):
    """An epoch's row cut to COMPACT_KEYS, floats rounded to 4 significant digits (ints and None as they are)."""
    return {k: float(f"{row[k]:.4g}") if isinstance(row[k], float) else row[k] for k in COMPACT_KEYS}


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--env", default="CartPole-v1")
    parser.add_argument("--seeds", default="0-19", help="a range '0-19' or a list '3,5,8'")
    parser.add_argument("--total-steps", type=int, default=200_000)
    parser.add_argument("--set", nargs="*", default=[], help="config overrides, e.g. pi_lr=0.005")
    parser.add_argument("--out", default=None, help="JSON file for the results and per-epoch traces")
    parser.add_argument("--compact", action="store_true", help="traces keep only COMPACT_KEYS, 4 digits")
    parser.add_argument("--summary", action="store_true", help="no traces: each run's summary only")
    args = parser.parse_args(argv)
    overrides = parse_overrides(args.set)
    threshold = gym.spec(args.env).reward_threshold
    print(f"{args.env} {overrides or 'defaults'}; load average {os.getloadavg()[0]:.2f}", flush=True)
    print(f"{'seed':>5} {'solved':>6} {'steps to solve':>14} {'final mean':>10} {'seconds':>7}", flush=True)
    rows = []
    for seed in parse_seeds(args.seeds):
        config = VPGConfig.for_env(
            args.env, seed=seed, total_steps=args.total_steps, stop_when_solved=False, **overrides
        )
        trace = []
        result = train(config, callback=lambda info, trace=trace: trace.append(trace_epoch(info)))
        row = result.summary() | {"still_solved": bool((result.final_mean_return or 0) >= threshold)}
        if not args.summary:
            row = row | {"trace": [compact_epoch(r) for r in trace] if args.compact else trace}
        rows.append(row)
        steps = f"{row['solved_at_steps']:,}" if row["solved"] else "-"
        print(
            f"{seed:>5} {'yes' if row['solved'] else 'no':>6} {steps:>14} "
            f"{row['final_mean_return']:>10.1f} {row['seconds']:>7.1f}",
            flush=True,
        )
    solved = [r["solved_at_steps"] for r in rows if r["solved"]]
    solve_seconds = [r["solved_at_seconds"] for r in rows if r["solved"]]
    print(
        f"solved {len(solved)}/{len(rows)}, median {np.median(solved) if solved else float('nan'):,.0f} steps "
        f"and {np.median(solve_seconds) if solved else float('nan'):.1f} s to solve; still solved at "
        f"{args.total_steps:,}: {sum(r['still_solved'] for r in rows)}/{len(rows)}; median run "
        f"{np.median([r['seconds'] for r in rows]):.1f} s"
    )
    if args.out:
        record = {"env": args.env, "overrides": overrides, "provenance": provenance(), "runs": rows}
        Path(args.out).write_text(json.dumps(record))


if __name__ == "__main__":
    main()
