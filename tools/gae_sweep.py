"""Sweep GAE's lambda for our VPG on CartPole-v1 and store the results that notebook 06 plots.

    python tools/gae_sweep.py                       # the full sweep -> vpg_helpers/data/gae_lambda_sweep.json
    python tools/gae_sweep.py --lambdas 0 0.97 --seeds 0 --total-steps 4000 --out /tmp/sweep.json

Every run trains with a fixed step budget and does *not* stop when solved, so that all lambdas are compared
over the same number of env steps. Per run it records the mean return over training (the area under the
learning curve: the mean, over `--points` evenly spaced checkpoints, of the mean return of the last 20
episodes finished by then) and the final mean return (the last 20 episodes). The full sweep takes about
10-15 minutes on 2 busy cores (runs go to `--jobs` processes).
"""

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np
from provenance import provenance  # tools/, this script's folder, is on sys.path

from vpg_helpers.vpg import VPGConfig, train

ROOT = Path(__file__).resolve().parents[1]

LAMBDAS = [0.0, 0.5, 0.8, 0.9, 0.92, 0.95, 0.97, 0.99, 1.0]
SEEDS = list(range(12))
TOTAL_STEPS = 80_000
WINDOW = 20
OUT = ROOT / "vpg_helpers" / "data" / "gae_lambda_sweep.json"


def sweep_config(lam, seed, total_steps):
    """The VPGConfig of one run: the course defaults, this lambda and seed, and no early stop when solved.

    Plain VPG: no step-size rule (target_kl=None) and no floor on std A (min_adv_std=0), as the stored sweep
    was measured before VPGConfig had these stability knobs.
    """
    return VPGConfig(
        seed=seed, lam=lam, total_steps=total_steps, stop_when_solved=False, target_kl=None, min_adv_std=0.0
    )


def learning_curve(episode_returns, episode_end_steps, total_steps, points=20, window=WINDOW):
    """Mean return of the last ``window`` episodes finished by each of ``points`` evenly spaced checkpoints.

    >>> learning_curve([10, 20, 30, 40], [50, 100, 150, 200], total_steps=200, points=2, window=2)
    (array([100., 200.]), array([15., 35.]))
    """
    returns, ends = np.asarray(episode_returns, dtype=float), np.asarray(episode_end_steps)
    checkpoints = np.linspace(total_steps / points, total_steps, points)
    means = np.full(points, np.nan)
    for k, c in enumerate(checkpoints):
        done = returns[ends <= c]
        if len(done):
            means[k] = done[-window:].mean()
    return checkpoints, means


def solved_at(episode_returns, episode_end_steps, threshold=475.0, window=WINDOW):
    """Env step at which the mean of the last ``window`` episodes first reached ``threshold`` (None if never)."""
    returns = np.asarray(episode_returns, dtype=float)
    for i in range(window - 1, len(returns)):
        if returns[i + 1 - window : i + 1].mean() >= threshold:
            return int(episode_end_steps[i])
    return None


def run_one(args):
    lam, seed, total_steps, points = args
    result = train(sweep_config(lam, seed, total_steps))
    _, curve = learning_curve(result.episode_returns, result.episode_end_steps, total_steps, points)
    return dict(
        lam=lam,
        seed=seed,
        mean_return_over_training=float(np.nanmean(curve)),
        final_mean_return=float(np.mean(result.episode_returns[-WINDOW:])),
        solved_at_steps=solved_at(result.episode_returns, result.episode_end_steps),
        episodes=len(result.episode_returns),
        env_steps=int(result.env_steps),
        seconds=round(float(result.seconds), 1),
        learning_curve=[round(float(x), 2) for x in curve],
    )


def run_sweep(lambdas, seeds, total_steps, points=20, jobs=1, log=print, command="python tools/gae_sweep.py"):
    """Train every (lambda, seed) pair; return the JSON-ready dict (config, command, runs)."""
    tasks = [(float(lam), int(seed), int(total_steps), int(points)) for lam in lambdas for seed in seeds]
    start = time.perf_counter()
    runs = []
    if jobs > 1:
        from multiprocessing import get_context

        with get_context("spawn").Pool(jobs) as pool:
            for run in pool.imap_unordered(run_one, tasks):
                runs.append(run)
                log(
                    f"lam {run['lam']:.2f} seed {run['seed']}: {run['mean_return_over_training']:.1f} "
                    f"({len(runs)}/{len(tasks)}, {time.perf_counter() - start:.0f} s)"
                )
    else:
        for task in tasks:
            runs.append(run_one(task))
            log(f"lam {task[0]:.2f} seed {task[1]}: {runs[-1]['mean_return_over_training']:.1f}")
    runs.sort(key=lambda run: (run["lam"], run["seed"]))
    config = asdict(sweep_config(0.0, 0, total_steps))
    config.pop("lam"), config.pop("seed")
    return dict(
        command=command,
        # The runs' exact numbers hold only on this machine (CPU, BLAS kernel, versions): elsewhere the last
        # bits of the matrix products differ and training amplifies them.
        provenance=provenance(),
        config=config,
        lambdas=[float(x) for x in lambdas],
        seeds=[int(s) for s in seeds],
        points=points,
        window=WINDOW,
        metrics=dict(
            mean_return_over_training="mean over the checkpoints of the mean return of the last "
            "20 episodes finished by then (area under the learning curve)",
            final_mean_return="mean return of the last 20 finished episodes",
        ),
        wall_seconds=round(time.perf_counter() - start, 1),
        runs=runs,
    )


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lambdas", type=float, nargs="+", default=LAMBDAS)
    parser.add_argument("--seeds", type=int, nargs="+", default=SEEDS)
    parser.add_argument("--total-steps", type=int, default=TOTAL_STEPS)
    parser.add_argument("--points", type=int, default=20, help="checkpoints of the learning curve")
    parser.add_argument("--jobs", type=int, default=2, help="runs trained in parallel processes")
    parser.add_argument("--out", type=Path, default=OUT)
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parser.parse_args(argv)
    command = " ".join(["python tools/gae_sweep.py", *argv])
    sweep = run_sweep(args.lambdas, args.seeds, args.total_steps, args.points, args.jobs, command=command)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(sweep, indent=1) + "\n")
    print(f"wrote {args.out} ({sweep['wall_seconds']:.0f} s)")


if __name__ == "__main__":
    main()
