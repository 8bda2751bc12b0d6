"""Helpers for the course *VPG from Scratch*.

Import what you need from its small modules, e.g. ``from vpg_helpers.returns import gae_advantages``.
"""

import os

# The only import-time side effect, and one the environment needs: gymnasium renders CartPole frames with
# pygame, and SDL would otherwise look for a display and print an error into the notebook on a headless
# machine. setdefault keeps a learner's own choice.
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

__all__: list[str] = []
