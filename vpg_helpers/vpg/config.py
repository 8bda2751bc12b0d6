"""The knobs and the outcome of a VPG run: VPGConfig, the per-env DEFAULTS, VPGResult (notebook 07).

``from vpg_helpers.vpg import VPGConfig, train`` is the usual way in; the command line (``vpg/__main__.py``) is
generated from VPGConfig's fields and their docstrings.

>>> VPGConfig.for_env("InvertedPendulum-v5", seed=1).num_envs
4
"""

from dataclasses import dataclass, field

from vpg_helpers.validation import (
    as_bool,
    as_choice,
    as_finite_scalar,
    as_int,
    as_nonnegative_number,
    as_positive_int,
    as_positive_number,
    as_seed,
    as_str,
    as_unit_interval,
)

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
    """Adam learning rate of the policy (one step per batch); with target_kl, its largest value."""
    target_kl: float | None = 0.01
    """Adapt the policy's learning rate to the measured approx_kl of each step: divided by 1.5 after a step
    with approx_kl > 2 target_kl, multiplied by 1.5 (up to pi_lr) after one < target_kl / 2. None: fixed.
    It keeps a run that goes on after solving from the over-large steps that come before a collapse."""
    min_adv_std: float = 1.0
    """Advantages are divided by max(std A, min_adv_std): when nothing is left to learn (every episode reaches
    the time limit, V predicts the returns), std A -> 0 and dividing by it turns noise into full-size steps."""
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
        self.env_id = as_str("env_id", self.env_id)
        self.gamma, self.lam = as_unit_interval("gamma", self.gamma), as_unit_interval("lam", self.lam)
        for name in ("total_steps", "num_envs", "steps_per_env", "solve_window"):
            setattr(self, name, as_positive_int(name, getattr(self, name)))
        self.seed, self.train_v_iters = as_seed(self.seed), as_int("train_v_iters", self.train_v_iters, 0)
        self.pi_lr, self.vf_lr = (
            as_positive_number("pi_lr", self.pi_lr),
            as_positive_number("vf_lr", self.vf_lr),
        )
        if self.target_kl is not None:
            self.target_kl = as_positive_number("target_kl", self.target_kl)
        self.min_adv_std = as_nonnegative_number("min_adv_std", self.min_adv_std)
        self.log_std_init = as_finite_scalar("log_std_init", self.log_std_init)
        self.stop_when_solved = as_bool("stop_when_solved", self.stop_when_solved)
        self.dtype = as_choice("dtype", self.dtype, ("float32", "float64"))
        self.hidden_sizes = tuple(as_positive_int("hidden_sizes[]", h) for h in self.hidden_sizes)

    @classmethod
    def for_env(cls, env_id, **overrides):
        """The recommended config for ``env_id`` (see DEFAULTS), with ``overrides`` on top."""
        return cls(**{"env_id": env_id, **DEFAULTS.get(env_id, {}), **overrides})


_CONTINUOUS = dict(num_envs=4, steps_per_env=250, pi_lr=0.01, vf_lr=0.003, train_v_iters=40, target_kl=0.02)
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
