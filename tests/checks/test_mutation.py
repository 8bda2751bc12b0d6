"""Mutation testing of every check: each small slip in the course's own solution is rejected, or listed as
equivalent with its reason (``python -m vpg_helpers.checks.mutation -v`` prints the table)."""

from pathlib import Path

import numpy as np
import pytest

from vpg_helpers.checks.mutation import EQUIVALENT, main, mutants, mutation_test, solution_source
from vpg_helpers.checks.registry import REGISTRY

NAMES = sorted(REGISTRY)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def in_the_course_folder(monkeypatch):
    """The solutions are read from the course's notebooks, found from the working directory."""
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("name", NAMES)
def test_no_mutant_of_the_solution_survives_its_check(name):
    result = mutation_test(name)
    assert result.mutants >= 5, f"{name}: only {result.mutants} mutants, the mutator found little to change"
    assert result.survivors == [], f"check_{name} accepts these wrong answers: {result.survivors}"
    # every listed equivalent mutant still exists and is still accepted: the list cannot go stale
    assert sorted(result.equivalent) == sorted(EQUIVALENT.get(name, {})), name
    assert len(result.killed) + len(result.equivalent) == result.mutants


def test_the_mutator_makes_the_slips_it_promises():
    source = (
        "def rtg(rewards, gamma, last_value=0.0):\n"
        "    out, future = np.empty(len(rewards)), last_value\n"
        "    for t in reversed(range(len(rewards))):\n"
        "        future = rewards[t] + gamma * future\n"
        "        out[t] = future\n"
        "    return out[:]\n"
    )
    made = [m.source for m in mutants(source)]
    wanted = [
        "future = rewards[t] - gamma * future",  # operator
        "future = rewards[t]\n",  # dropped term
        "future = rewards[t + 1] + gamma * future",  # off-by-one index
        "for t in range(len(rewards))",  # dropped reversed
        "for t in reversed(range(len(rewards) - 1))",  # off-by-one count
        "out, future = (np.empty(len(rewards)), 0.0)",  # dropped bootstrap
        "future = rewards[t] + 1.0 * future",  # dropped discount
        "return out[1:]",  # slice bound
    ]
    for text in wanted:
        assert any(text in m for m in made), text
    namespace = {"np": np}
    exec(made[0], namespace)  # every mutant is runnable code
    assert callable(namespace["rtg"])


def test_the_command_prints_the_table(capsys):
    assert main(["discount_weights", "-v"]) == 0
    out = capsys.readouterr().out
    assert "check_discount_weights" in out and "survivors" in out and "equivalent" in out


def test_a_solution_runs_with_the_notebooks_other_solutions():
    """07's compute_batch_targets calls the learner's gae_advantages_batch: the baseline must run, or every
    mutant would be 'killed' by a NameError."""
    source, namespace, origin = solution_source("compute_batch_targets")
    assert origin == "07_vpg.ipynb" and callable(namespace["gae_advantages_batch"])
    exec(source, namespace)
    assert REGISTRY["compute_batch_targets"].report(namespace["compute_batch_targets"])[0]
