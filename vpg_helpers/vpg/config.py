"""The knobs and the outcome of a VPG run: VPGConfig, the per-env DEFAULTS, VPGResult (notebook 07).

``from vpg_helpers.vpg import VPGConfig, train`` is the usual way in; they live here to keep vpg.py short.

>>> VPGConfig.for_env("InvertedPendulum-v5", seed=1).num_envs
4
"""

import numbers
from dataclasses import dataclass, field

__all__ = ["VPGConfig", "VPGResult", "DEFAULTS"]


@dataclass
class VPGConfig:
    """Hyperparameters of one VPG run. The defaults are the course's recommendation for CartPole-v1."""

    env_id: str = "CartPole-v1"
    """Gymnasium environment id (discrete actions -> categorical policy, Box actions -> Gaussian policy)."""
    seed: int = 0
    """Seeds the network initialisation, the action sampling and the envs (env n is reset with seed + n)."""
    total_steps: int = 200_000
    """Step budget, counted over all envs; training also stops as soon as the env is solved."""
    num_envs: int = 8
    """Number of envs stepped side by side (gymnasium's sync vector env)."""
    steps_per_env: int = 250
    """Steps taken in each env per batch: a batch has num_envs * steps_per_env steps."""
    gamma: float = 0.99
    """Discount factor, in [0, 1]."""
    lam: float = 0.97
    """GAE's lambda, in [0, 1] (0: TD residuals, 1: rewards-to-go minus V)."""
    pi_lr: float = 0.01
    """Adam learning rate of the policy (one step per batch)."""
    vf_lr: float = 0.003
    """Adam learning rate of the value function."""
    train_v_iters: int = 20
    """Adam steps of value regression per batch (the main cost of an epoch)."""
    hidden_sizes: tuple = (64, 64)
    """Widths of the tanh hidden layers of both the policy and the value MLPs."""
    log_std_init: float = -0.5
    """Initial log sigma of a Gaussian policy (ignored for discrete actions)."""
    dtype: str = "float32"
    """Floating-point type of the networks during training (float32 is faster than float64)."""
    solve_window: int = 20
    """Solved = mean undiscounted return of the last solve_window finished episodes >= reward_threshold."""
    stop_when_solved: bool = True
    """Stop at the end of the epoch in which the env got solved (False: always use the whole step budget)."""

    def __post_init__(self):
        for name in ("gamma", "lam"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 <= value <= 1:
                raise ValueError(f"{name} must be a number in [0, 1], got {value!r}")
        for name in ("seed", "total_steps", "num_envs", "steps_per_env", "train_v_iters", "solve_window"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, numbers.Integral):
                raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
            if value < (0 if name in ("seed", "train_v_iters") else 1):
                raise ValueError(
                    f"{name} must be >= {0 if name in ('seed', 'train_v_iters') else 1}, got {value}"
                )
        for name in ("pi_lr", "vf_lr"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, numbers.Real) or not value > 0:
                raise ValueError(f"{name} must be a number > 0, got {value!r}")
        if not isinstance(self.stop_when_solved, bool):
            raise TypeError(f"stop_when_solved must be True or False, got {self.stop_when_solved!r}")
        if self.dtype not in ("float32", "float64"):
            raise ValueError(f"dtype must be 'float32' or 'float64', got {self.dtype!r}")
        self.hidden_sizes = tuple(self.hidden_sizes)

    @classmethod
    def for_env(cls, env_id, **overrides):
        """The recommended config for ``env_id`` (see DEFAULTS), with ``overrides`` on top."""
        return cls(**{"env_id": env_id, **DEFAULTS.get(env_id, {}), **overrides})


_CONTINUOUS = dict(num_envs=4, steps_per_env=250, pi_lr=0.01, vf_lr=0.003, train_v_iters=40)
DEFAULTS = {
    "CartPole-v1": {},
    "InvertedPendulum-v5": _CONTINUOUS,
    # The same settings, for notebook 07's "hard for VPG" aside (measured: not solved in 300k steps).
    "Pendulum-v1": _CONTINUOUS,
    "MountainCarContinuous-v0": _CONTINUOUS,
}
"""Recommended hyperparameters per env, on top of VPGConfig's defaults."""


@dataclass
class VPGResult:
    """What a run did. ``policy.params`` holds the trained weights."""

    env_id: str
    seed: int
    env_steps: int = 0
    """Env steps taken, over all envs (training stops at the end of the epoch in which it was solved)."""
    seconds: float = 0.0
    """Wall-clock seconds of the whole run."""
    solved: bool = False
    """Whether the mean return of solve_window consecutive finished episodes reached reward_threshold."""
    solved_at_steps: int | None = None
    """Env step count when the episode completing the first such window ended."""
    solved_at_seconds: float | None = None
    """Seconds into the run at the end of the epoch in which it was solved."""
    final_mean_return: float | None = None
    """Mean undiscounted return of the last solve_window finished episodes, at the end of the run."""
    episode_returns: list = field(default_factory=list)
    """Undiscounted return of every finished episode, in the order they finished."""
    episode_end_steps: list = field(default_factory=list)
    """The env step count at which each of them finished."""
    env_seconds: float = 0.0
    """Seconds spent inside envs.step (the rest is the numpy learner)."""
    policy: object = field(default=None, repr=False)
    """The trained CategoricalPolicy or GaussianPolicy (its .params are the weights)."""
    value_fn: object = field(default=None, repr=False)
    """The trained value MLP."""

    def summary(self):
        """The JSON-friendly numbers (no arrays, no networks)."""
        keys = [
            "env_id",
            "seed",
            "env_steps",
            "seconds",
            "solved",
            "solved_at_steps",
            "solved_at_seconds",
            "final_mean_return",
            "env_seconds",
        ]
        out = {key: getattr(self, key) for key in keys}
        out["env"] = out.pop("env_id")
        return out
