"""The same VPG config trained on several seeds, one after the other (notebook 07's hyperparameter panel).

Seeds differ by tens in their mean return at 40k steps on CartPole-v1, so a comparison of settings on one
seed can mislead; ``score.seed_spread`` turns the runs into a mean curve with a min-max band.
"""

import dataclasses

from vpg_helpers.validation import as_int
from vpg_helpers.vpg.config import VPGConfig
from vpg_helpers.vpg.training import train

__all__ = ["train_seeds"]


def train_seeds(config, seeds, callback=None):
    """Train ``config`` once per seed, one after the other (the panel's Run); a dict seed -> VPGResult.

    ``callback(seed, epoch_info)`` is called after each epoch of each seed.

    >>> results = train_seeds(VPGConfig(total_steps=400, steps_per_env=50), seeds=(0, 1))
    >>> sorted(results), [r.env_steps for r in results.values()]
    ([0, 1], [400, 400])
    """
    if not isinstance(config, VPGConfig):
        raise TypeError(f"config must be a VPGConfig, got {type(config).__name__}")
    seeds = _as_seeds(seeds)
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be a function (or None), got {type(callback).__name__}")
    results = {}
    for seed in seeds:
        on_epoch = None if callback is None else (lambda info, seed=seed: callback(seed, info))
        results[seed] = train(dataclasses.replace(config, seed=seed), callback=on_epoch)
    return results


def _as_seeds(seeds):
    """``seeds`` as a tuple of distinct ints >= 0, at least one."""
    if not isinstance(seeds, list | tuple) or not seeds:
        raise TypeError(f"seeds must be a non-empty tuple of integers >= 0, e.g. (0, 1, 2); got {seeds!r}")
    seeds = tuple(as_int(f"seeds[{i}]", s, 0) for i, s in enumerate(seeds))
    if len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds must be distinct, got {seeds}")
    return seeds
