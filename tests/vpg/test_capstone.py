"""Notebook 07's capstone: the learner's four functions, as the notebook's worked solutions, train VPG.

The functions are taken from the notebook's solution cells and run in one namespace, as in the notebook, so
``vpg_update`` calls *that namespace's* ``compute_batch_targets``, ``policy_gradient`` and, through
``compute_batch_targets``, ``gae_advantages_batch``: replacing one of them changes the training run.
"""

from pathlib import Path

import nbformat
import numpy as np
import pytest

from vpg_helpers.assignments import find_exercises
from vpg_helpers.vpg import VPGConfig, train

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "07_vpg.ipynb"
PIECES = ["gae_advantages_batch", "compute_batch_targets", "policy_gradient", "vpg_update"]
SHORT = 60_000
"""A budget in which the course's seed-0 run solves (about 34k env steps) and a broken one does not."""


def learner_namespace():
    """The notebook's setup cell and its four solution cells, executed in one fresh namespace."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    exercises = find_exercises(nb)
    assert [e.name for e in exercises] == PIECES
    namespace = {}
    setup = next(c.source for c in nb.cells if c.cell_type == "code" and "import numpy" in c.source)
    exec(setup.replace("%matplotlib inline", ""), namespace)
    for exercise in exercises:
        exec(nb.cells[exercise.solution_index].source, namespace)
    return namespace


def test_the_pieces_are_the_notebooks_own_functions():
    ns = learner_namespace()
    for name in PIECES:
        assert ns[name].__globals__ is ns, name  # so vpg_update looks the other three up here


@pytest.mark.slow
def test_the_worked_solutions_solve_cartpole():
    result = train(VPGConfig(seed=0), update=learner_namespace()["vpg_update"])
    assert result.solved and result.solved_at_steps < SHORT


@pytest.mark.slow
def test_a_sign_flipped_policy_gradient_does_not_solve():
    ns = learner_namespace()
    correct = ns["policy_gradient"]
    ns["policy_gradient"] = lambda grad_log_probs, advantages: -correct(grad_log_probs, advantages)
    result = train(VPGConfig(seed=0, total_steps=SHORT), update=ns["vpg_update"])
    assert not result.solved and result.final_mean_return < 30  # the pole falls almost at once


@pytest.mark.slow
def test_the_learners_batched_gae_is_called_and_matters():
    ns = learner_namespace()
    correct, calls = ns["gae_advantages_batch"], []

    def spy(*args, **kwargs):
        calls.append(1)
        return correct(*args, **kwargs)

    ns["gae_advantages_batch"] = spy
    epochs = []
    train(VPGConfig(seed=0, total_steps=6000), callback=epochs.append, update=ns["vpg_update"])
    assert len(calls) >= len(epochs) == 3  # at least once per update (advantages and rewards-to-go)

    ns["gae_advantages_batch"] = lambda rewards, *args, **kwargs: np.zeros_like(rewards)  # sabotaged
    result = train(VPGConfig(seed=0, total_steps=SHORT), update=ns["vpg_update"])
    assert not result.solved
