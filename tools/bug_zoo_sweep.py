"""The bug zoo's measured effects: train healthy VPG and every bug over seeds -> vpg_helpers/data/bug_zoo.json.

    python tools/bug_zoo_sweep.py                       # the whole sweep (about 6 CPU-minutes), rewrites the file
    python tools/bug_zoo_sweep.py --out /tmp/zoo.json   # elsewhere
    python tools/bug_zoo_sweep.py --seeds 0-1 --scale 0.1 --out /tmp/zoo.json   # a quick try

Every run uses the course's defaults for its env with ``stop_when_solved=False`` and the budget below (times
``--scale``), one after the other (run it alone, e.g. under ``nice``). Per run the file keeps each epoch's
env_steps, mean_return (of the last 20 episodes; null before the first), entropy, approx_kl,
explained_variance and grad_norm, rounded to 4 significant digits, plus solved_at_steps and final_mean_return;
and where it ran (``tools/provenance.py``): the numbers are exact only on that machine.
"""

import argparse
import dataclasses
import json
import math
import time
from pathlib import Path

import gymnasium as gym
from provenance import provenance  # tools/, this script's folder, is on sys.path
from stability_sweep import parse_seeds

from vpg_helpers.debugging import BUGS
from vpg_helpers.debugging.traces import curve_recorder
from vpg_helpers.vpg import VPGConfig, train

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "vpg_helpers" / "data" / "bug_zoo.json"
PLAN = {
    "CartPole-v1": (100_000, ["healthy", *BUGS]),
    "InvertedPendulum-v5": (
        150_000,
        ["healthy", "truncation_as_termination", "no_advantage_normalisation", "sign_flip"],
    ),
}
"""Per env: the step budget, and the variants ("healthy" or a bug's name) to train."""


def rounded(x, digits=4):
    """``x`` to ``digits`` significant digits; None for None, NaN and inf (JSON has no NaN)."""
    if x is None or not math.isfinite(x):
        return None
    return int(x) if isinstance(x, int) else float(f"{x:.{digits}g}")


def rounded_curves(curves):
    """A run's curves (zoo.CURVES, one list each, from ``curve_recorder``) with every number rounded."""
    return {key: [rounded(value) for value in values] for key, values in curves.items()}


def run(env_id, variant, seed, total_steps):
    """Train one run; its curves (one list per CURVES key), solved_at_steps and final_mean_return."""
    config = VPGConfig.for_env(env_id, seed=seed, total_steps=total_steps, stop_when_solved=False)
    record, curves = curve_recorder()
    update = None if variant == "healthy" else BUGS[variant].update
    result = train(config, callback=record, update=update)
    return {"seed": seed, **rounded_curves(curves), "solved_at_steps": result.solved_at_steps,
            "final_mean_return": rounded(result.final_mean_return), "seconds": round(result.seconds, 2)}  # fmt: skip


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seeds", default="0-4", help="a range '0-4' or a list '3,5,8'")
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies every step budget")
    parser.add_argument("--envs", nargs="*", default=list(PLAN), help="which of the plan's envs")
    parser.add_argument("--out", default=str(OUT), help="the JSON file to write")
    args = parser.parse_args(argv)
    seeds = parse_seeds(args.seeds)
    record = {"provenance": provenance(), "configs": {}, "thresholds": {}, "runs": {}}
    for env_id in args.envs:
        budget, variants = PLAN[env_id]
        total_steps = int(budget * args.scale)
        config = VPGConfig.for_env(env_id, total_steps=total_steps, stop_when_solved=False)
        record["configs"][env_id] = {k: v for k, v in dataclasses.asdict(config).items() if k != "seed"}
        record["thresholds"][env_id] = gym.spec(env_id).reward_threshold
        record["runs"][env_id] = {}
        for variant in variants:
            start = time.perf_counter()
            runs = [run(env_id, variant, seed, total_steps) for seed in seeds]
            record["runs"][env_id][variant] = runs
            solved = sum(r["solved_at_steps"] is not None for r in runs)
            print(f"{env_id} {variant}: solved {solved}/{len(runs)}, "
                  f"{(time.perf_counter() - start) / len(runs):.1f} s per run", flush=True)  # fmt: skip
    Path(args.out).write_text(json.dumps(record, separators=(",", ":")) + "\n")
    print(f"wrote {args.out} ({Path(args.out).stat().st_size / 1000:.0f} kB)")


if __name__ == "__main__":
    main()
