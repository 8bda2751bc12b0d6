"""Vanilla Policy Gradient on vectorised gymnasium envs (notebook 07): ``from vpg_helpers.vpg import train, VPGConfig``.

Modules: ``config`` (VPGConfig, DEFAULTS, VPGResult), ``targets`` (normalised GAE advantages and
rewards-to-go of a batch), ``update`` (one policy step and the value regression), ``score`` (windowed mean
returns, solved), ``training`` (the loop), ``evaluate`` (watch a trained policy), ``__main__`` (the command
line, ``python -m vpg_helpers.vpg --help``).
"""

from vpg_helpers.vpg.config import DEFAULTS, VPGConfig, VPGResult
from vpg_helpers.vpg.training import train
from vpg_helpers.vpg.update import vpg_update

__all__ = ["VPGConfig", "VPGResult", "DEFAULTS", "train", "vpg_update"]
