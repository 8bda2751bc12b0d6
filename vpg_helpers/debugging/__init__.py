"""Debugging VPG (notebook 08): the bug zoo, its measured effects, and what flags each bug.

Modules: ``pieces`` (broken pieces of VPG, each with one classic mistake), ``bugs`` (Bug, BUGS, buggy_update:
the course's update with one piece swapped), ``zoo`` (the stored sweep of every bug over seeds, and the effect
table), ``traces`` (runs as curves; the stored collapse), ``stability`` (do solved runs stay solved).
"""

from vpg_helpers.debugging.bugs import BUGS, Bug, buggy_update

__all__ = ["Bug", "BUGS", "buggy_update"]
