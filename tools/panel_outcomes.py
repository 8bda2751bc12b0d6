"""The numbers behind notebook 07's "Things to try": each item run through the hyperparameter panel itself.

    python tools/panel_outcomes.py              # run it alone (e.g. under nice): it prints seconds too
    python tools/panel_outcomes.py --seeds 10   # the panel's "10 seeds" choice

For each item of the markdown cell above the panel (the defaults, gamma = 0.9, lambda = 0 and 1, a batch of
400 and of 4000 steps, vf_lr = 1e-4), it sets the panel's controls, presses Run (3 seeds, at most 40k env
steps each, a seed stops when solved; ``--seeds 10``: seeds 0-9) and prints, per seed, the mean of the last 20 returns at the end of
its run, their mean over the seeds, and how many seeds solved CartPole-v1 and when. Rewrite the markdown
with these numbers when the defaults or the training code change. Exact only on the machine that ran it
(see tools/provenance.py); the rounded picture holds elsewhere.
"""

import argparse
import time

from provenance import describe, provenance  # tools/, this script's folder, is on sys.path

from vpg_helpers.notebook.panel import hyperparameter_panel
from vpg_helpers.vpg.score import first_solved, mean_last_returns

THRESHOLD = 475.0  # CartPole-v1's reward_threshold

ITEMS = {  # the panel control's description -> value, per "Things to try" item
    "defaults": {},
    "gamma = 0.9": {"gamma": 0.9},
    "lambda = 0": {"lambda": 0.0},
    "lambda = 1": {"lambda": 1.0},
    "batch 400": {"batch (steps)": 50},
    "batch 4000": {"batch (steps)": 500},
    "vf_lr = 1e-4": {"vf_lr": 1e-4},
}


def run_item(settings, seeds, total_steps=40_000):
    """Press Run on a fresh panel with ``settings``; the run's {seed: (episode_end_steps, returns)} and seconds."""
    panel, runs = hyperparameter_panel("CartPole-v1", total_steps=total_steps, progress_bar=False)
    controls = {control.description: control for control in panel.children[0].children}
    for name, value in {"seeds": seeds, **settings}.items():
        controls[name].value = value
    start = time.perf_counter()
    panel.children[1].children[0].click()  # Run (its summary line is printed into the panel's Output)
    (run,) = runs.values()
    return run, time.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seeds", type=int, choices=(3, 10), default=3, help="seeds 0-2, or 0-9")
    seeds = tuple(range(parser.parse_args(argv).seeds))
    print(describe(provenance()))
    print(f"{'item':<14} {'per seed (mean of last 20 returns)':<60} {'mean':>6}  solved  seconds")
    for item, settings in ITEMS.items():
        run, seconds = run_item(settings, seeds)
        finals = [mean_last_returns(returns) for _, returns in run.values()]
        solved = [
            f"{ends[i] / 1000:.0f}k"
            for ends, returns in run.values()
            if (i := first_solved(returns, 20, THRESHOLD)) is not None
        ]
        per_seed = ", ".join(f"{f:.0f}" for f in finals)
        print(
            f"{item:<14} {per_seed:<60} {sum(finals) / len(finals):6.0f}  "
            f"{len(solved)}/{len(finals)} {' '.join(solved):<30} {seconds:5.1f}"
        )


if __name__ == "__main__":
    main()
