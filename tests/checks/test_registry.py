"""Every exercise check, driven from the registry: the reference passes, each classic mistake gets its own hint."""

import pytest

import vpg_helpers.checks as checks
from vpg_helpers.checks.registry import REGISTRY

NAMES = sorted(REGISTRY)
NOT_FUNCTION_CHECKS = {"check_diagnoses"}
"""Checks of exercises whose answer is not a function (notebook 08's diagnoses): tested in their own files."""
MISTAKES = [(name, i) for name in NAMES for i in range(len(REGISTRY[name].mistakes()))]


def test_every_public_check_is_registered_under_its_exercise_name():
    assert sorted(f"check_{name}" for name in NAMES) == sorted(set(checks.__all__) - NOT_FUNCTION_CHECKS)
    assert NOT_FUNCTION_CHECKS <= set(checks.__all__)
    contract = {
        "rewards_to_go",
        "n_step_returns",
        "gae_advantages",
        "categorical_log_prob",
        "diag_gaussian_log_prob",
    }
    assert contract <= set(NAMES)
    for name in NAMES:
        assert getattr(checks, f"check_{name}").check is REGISTRY[name]


@pytest.mark.parametrize("name", NAMES)
def test_the_reference_solution_passes_every_case(name, capsys):
    check = REGISTRY[name]
    assert getattr(checks, f"check_{name}")(check.reference) is True
    assert f"check_{name}: all {len(check.cases())} cases pass" in capsys.readouterr().out


@pytest.mark.parametrize(("name", "index"), MISTAKES, ids=[f"{name}-{i}" for name, i in MISTAKES])
def test_each_classic_mistake_is_rejected_with_its_own_hint(name, index, capsys):
    check = REGISTRY[name]
    mistake = check.mistakes()[index]
    assert check(mistake.wrong) is False
    out = capsys.readouterr().out
    assert f"hint:     {mistake.hint}" in out, out


@pytest.mark.parametrize("name", NAMES)
def test_a_stub_is_reported_as_not_implemented(name, capsys):
    def stub(*args, **kwargs):
        raise NotImplementedError()

    assert REGISTRY[name](stub) is False
    assert "not implemented yet" in capsys.readouterr().out
