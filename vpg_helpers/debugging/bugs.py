"""The bug zoo (notebook 08): classic VPG bugs, each a broken update built from one broken piece.

Each bug's ``update`` has the signature of the course's ``vpg_update`` and plugs into ``train(config,
update=...)``. It is the course's ``vpg_update`` with one piece swapped for a broken one from
``vpg_helpers.debugging.pieces`` (a transformed batch, or another targets function), whose line with the
mistake says ``# BUG:``.

>>> list(BUGS)[:2], BUGS["sign_flip"].title
(['sign_flip', 'reward_one_step_late'], 'sign flipped')
"""

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

from vpg_helpers.debugging import pieces
from vpg_helpers.vpg.update import vpg_update

__all__ = ["Bug", "BUGS", "buggy_update"]


@dataclass(frozen=True)
class Bug:
    """One classic bug: its name, a short title, what goes wrong, where it was seen, and the broken update."""

    name: str
    title: str
    """A short label for tables, e.g. "sign flipped"."""
    what: str
    """One sentence: what the code does wrong and what it should do."""
    source: str
    """Where it was seen in the wild, e.g. "Spinning Up issue #67"."""
    update: Callable = field(repr=False)
    """The broken update, with vpg_update's signature."""


def sign_flip(policy, value_net, pi_opt, vf_opt, batch, config):
    return vpg_update(policy, value_net, pi_opt, vf_opt, batch, config, targets=pieces.negated_advantages)


def reward_one_step_late(policy, value_net, pi_opt, vf_opt, batch, config):
    late = pieces.reward_one_step_late(batch)
    return vpg_update(policy, value_net, pi_opt, vf_opt, late, config)


def truncation_as_termination(policy, value_net, pi_opt, vf_opt, batch, config):
    no_bootstrap = pieces.truncation_as_termination(batch)
    return vpg_update(policy, value_net, pi_opt, vf_opt, no_bootstrap, config)


def gae_ignores_terminals(policy, value_net, pi_opt, vf_opt, batch, config):
    targets = pieces.targets_ignoring_terminals
    return vpg_update(policy, value_net, pi_opt, vf_opt, batch, config, targets=targets)


def total_return_every_step(policy, value_net, pi_opt, vf_opt, batch, config):
    targets = pieces.total_return_targets
    return vpg_update(policy, value_net, pi_opt, vf_opt, batch, config, targets=targets)


def no_advantage_normalisation(policy, value_net, pi_opt, vf_opt, batch, config):
    targets = pieces.unnormalised_targets
    return vpg_update(policy, value_net, pi_opt, vf_opt, batch, config, targets=targets)


def advantages_normalised_per_env(policy, value_net, pi_opt, vf_opt, batch, config):
    targets = pieces.per_env_normalised_targets
    return vpg_update(policy, value_net, pi_opt, vf_opt, batch, config, targets=targets)


class _NoStep:
    """An optimiser that takes no step: vpg_update with it only fits V."""

    def step(self, grads):
        pass


def value_fit_before_advantages(policy, value_net, pi_opt, vf_opt, batch, config):
    fit = vpg_update(policy, value_net, _NoStep(), vf_opt, batch, config)  # BUG: V is fitted first
    refitted = pieces.with_current_values(batch, value_net)  # BUG: A then uses the V fitted to these returns
    no_fit = dataclasses.replace(config, train_v_iters=0)
    stats = vpg_update(policy, value_net, pi_opt, vf_opt, refitted, no_fit)
    return stats | {"vf_loss_before": fit["vf_loss_before"], "vf_loss_after": fit["vf_loss_after"]}


_BUGS = [
    Bug("sign_flip", "sign flipped",
        "The policy step uses -A instead of A, so Adam descends the policy gradient instead of ascending it.",
        "no single issue to cite (a one-character slip)", sign_flip),
    Bug("reward_one_step_late", "reward a step late",
        "The reward of step t is stored at step t + 1 (the first step of an episode gets the last reward of the "
        "one before); rewards[t] must be the reward returned by env.step(actions[t]).",
        "Spinning Up issue #67", reward_one_step_late),
    Bug("truncation_as_termination", "no bootstrap at time limits",
        "A time limit is treated as a termination (V_next = 0 there); a truncated episode must bootstrap "
        "from V(final observation).",
        "CleanRL issue #198; Pardo et al., Time Limits in Reinforcement Learning (2018)", truncation_as_termination),
    Bug("gae_ignores_terminals", "GAE ignores episode ends",
        "GAE's backward recursion runs on across episode ends, so each episode's advantages (and V's targets) "
        "take in the next episode's TD residuals; the recursion must stop where an episode ends.",
        "no single issue to cite (a common slip in hand-written GAE loops)", gae_ignores_terminals),
    Bug("total_return_every_step", "G_0 for every step",
        "Every step of an episode is weighted by the episode's return from its first step (G_0) instead of "
        "its own GAE advantage, so actions are credited with rewards that came before them.",
        "no single issue to cite (a common slip in REINFORCE code: the return of the whole episode for every step)",
        total_return_every_step),
    Bug("no_advantage_normalisation", "advantages not normalised",
        "The advantages go into the policy step as GAE gives them; they should be shifted and scaled to "
        "mean 0 and std 1 over the batch (the shift acts as a baseline, the scale makes the gradient's size "
        "independent of the rewards').",
        "no single issue to cite (the normalisation is one of the '37 implementation details of PPO')",
        no_advantage_normalisation),
    Bug("value_fit_before_advantages", "V fitted before A",
        "The value regression runs first and the advantages then use the V just fitted to these very "
        "returns; they must use V as it was when the batch was collected.",
        "no single issue to cite (two blocks in the wrong order)", value_fit_before_advantages),
    Bug("advantages_normalised_per_env", "A normalised per env",
        "The advantages are normalised over each env's column of the batch instead of over the whole batch.",
        "no single issue to cite (vectorised code)", advantages_normalised_per_env),
]  # fmt: skip
BUGS = {bug.name: bug for bug in _BUGS}
"""Every bug of the zoo, by name, in the order notebook 08 shows them."""


def buggy_update(name):
    """The broken update of the bug called ``name`` (a key of BUGS)."""
    if name not in BUGS:
        raise ValueError(f"name must be one of the bugs {', '.join(BUGS)}; got {name!r}")
    return BUGS[name].update
