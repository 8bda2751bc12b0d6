"""Benchmark the course's VPG: train several seeds one after the other and report time and steps to solve.

    python tools/benchmark_vpg.py                          # CartPole-v1, 5 seeds
    python tools/benchmark_vpg.py --env InvertedPendulum-v5 --seeds 3

Seeds run sequentially, so wall-clock timings are honest; CPU seconds are reported too, because on a
shared machine wall-clock time also measures the other processes (the load average is printed).
"env share" is the fraction of the run spent inside envs.step; the rest is the numpy learner.
For envs with 1000-step episodes it also reports when the mean return of the episodes that ended in the
last 12k env steps first reached the threshold ("12k-window").
"""

import argparse
import json
import os
import time

import gymnasium as gym
import numpy as np
from provenance import describe as describe_machine  # tools/, this script's folder
from provenance import provenance

from vpg_helpers.vpg import VPGConfig, train


def window_hit(result, threshold, window=12_000):
    """First env step count at which the episodes ending in the last ``window`` steps average >= threshold."""
    ends, returns = np.array(result.episode_end_steps), np.array(result.episode_returns)
    for end in ends[ends >= window]:
        inside = (ends > end - window) & (ends <= end)
        if returns[inside].mean() >= threshold:
            return int(end)
    return None


def describe(name, values, unit):
    values = [v for v in values if v is not None]
    if not values:
        return f"{name}: none"
    return (
        f"{name}: median {np.median(values):.{1 if unit == 's' else 0}f}{unit}, "
        f"min {min(values):.{1 if unit == 's' else 0}f}{unit}, max {max(values):.{1 if unit == 's' else 0}f}{unit}"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--env", default="CartPole-v1")
    parser.add_argument("--seeds", type=int, default=5, help="seeds 0..N-1")
    parser.add_argument("--total-steps", type=int, default=None)
    args = parser.parse_args(argv)
    machine = provenance()  # the step counts are exact only on this CPU and BLAS kernel
    print(f"machine: {describe_machine(machine)}")
    print(f"load average before: {os.getloadavg()[0]:.2f} (on {os.cpu_count()} cores)")
    rows = []
    for seed in range(args.seeds):
        overrides = {"seed": seed} | ({"total_steps": args.total_steps} if args.total_steps else {})
        config = VPGConfig.for_env(args.env, **overrides)
        cpu = time.process_time()
        result = train(config)
        row = result.summary() | {
            "cpu_seconds": time.process_time() - cpu,
            "env_share": result.env_seconds / result.seconds,
        }
        spec = gym.spec(args.env)
        long_episodes = (spec.max_episode_steps or 0) >= 1000
        row["window_12k_hit"] = window_hit(result, spec.reward_threshold) if long_episodes else None
        rows.append(row)
        print(
            f"seed {seed}: solved {row['solved']} at {row['solved_at_steps']} steps, "
            f"{row['solved_at_seconds'] or float('nan'):.1f} s (cpu {row['cpu_seconds']:.1f} s), "
            f"env share {row['env_share']:.0%}"
            + (f", 12k-window hit at {row['window_12k_hit']} steps" if long_episodes else ""),
            flush=True,
        )
    solved = [r for r in rows if r["solved"]]
    print(f"\n{args.env}: solved {len(solved)}/{len(rows)} seeds")
    print(describe("env steps to solve", [r["solved_at_steps"] for r in solved], ""))
    print(describe("seconds to solve", [r["solved_at_seconds"] for r in solved], "s"))
    print(describe("cpu seconds per run", [r["cpu_seconds"] for r in rows], "s"))
    print(f"share of time in env.step: median {np.median([r['env_share'] for r in rows]):.0%}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print(json.dumps({"provenance": machine, "rows": rows}))


if __name__ == "__main__":
    main()
