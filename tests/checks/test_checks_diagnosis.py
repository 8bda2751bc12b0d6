"""Notebook 08's "diagnose unlabeled runs" check: right answers pass, every wrong name gets a hint about
that run, and bad input is reported without raising. (Not a function exercise, so no mutation test: this
exhaustive wrong-name test plays its part.)"""

import pytest

import vpg_helpers.checks as checks
from vpg_helpers.checks.diagnosis import _ANSWERS, LETTERS, check_diagnoses, unlabeled_runs
from vpg_helpers.debugging import BUGS
from vpg_helpers.debugging.zoo import CURVES, effect_row, load_zoo

RIGHT = {letter: bug for letter, (bug, _) in _ANSWERS.items()}
VALID = ["healthy", *BUGS]


def test_the_runs_are_three_distinct_flagged_bugs_in_another_order():
    zoo = load_zoo()
    assert LETTERS == ("A", "B", "C") and len(set(RIGHT.values())) == 3
    assert list(RIGHT.values()) != [name for name in BUGS if name in RIGHT.values()]  # not BUGS' order
    flags = {effect_row(zoo, "CartPole-v1", bug)["flag_detail"][0] for bug in RIGHT.values()}
    assert len(flags) == 3  # each flagged, by a different diagnostic
    runs = unlabeled_runs()
    for letter, (bug, seed) in _ANSWERS.items():
        stored = next(run for run in zoo["runs"]["CartPole-v1"][bug] if run["seed"] == seed)
        assert set(runs[letter]) == set(CURVES) and all(runs[letter][k] == stored[k] for k in CURVES)
    assert "check_diagnoses" in checks.__all__ and checks.check_diagnoses is check_diagnoses


def test_each_run_on_its_own_is_flagged_by_its_bugs_diagnostic():
    """A learner sees one run per bug: that run alone must show the signature the table gives its bug."""
    from vpg_helpers.debugging.zoo import flagging_diagnostic

    zoo = load_zoo()
    runs, budget = zoo["runs"]["CartPole-v1"], zoo["configs"]["CartPole-v1"]["total_steps"]
    for bug, seed in _ANSWERS.values():
        run = next(run for run in runs[bug] if run["seed"] == seed)
        own = flagging_diagnostic([run], runs["healthy"], budget)
        assert own is not None and own[:2] == effect_row(zoo, "CartPole-v1", bug)["flag_detail"][:2], bug


def test_the_right_answers_pass(capsys):
    assert check_diagnoses(dict(RIGHT)) is True
    assert "✅ check_diagnoses: all 3 runs diagnosed right" in capsys.readouterr().out


@pytest.mark.parametrize("letter", LETTERS)
def test_every_wrong_valid_name_is_rejected_with_a_hint_about_that_run(letter, capsys):
    hints = set()
    for guess in VALID:
        if guess == RIGHT[letter]:
            continue
        answers = RIGHT | {letter: guess}
        assert check_diagnoses(answers) is False, guess
        out = capsys.readouterr().out
        assert f"{letter} is not {guess}: " in out and f"run {letter}" in out, out
        assert "2 of 3 right" in out and "Traceback" not in out
        hint = out.split(f"{letter} is not {guess}: ")[1]
        hints.add(hint)
        if guess != "healthy":  # a hint names the confused bug and a number from the stored runs
            assert guess in hint and any(ch.isdigit() for ch in hint)
    assert len(hints) == len(VALID) - 1  # each confusion gets its own hint


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"A": None, "B": None, "C": None}, "⏳ check_diagnoses: not answered yet"),
        ({}, "⏳ check_diagnoses: not answered yet"),
        (["sign_flip"], "expected a dict letter -> bug name"),
        (None, "expected a dict letter -> bug name"),
        ("A: sign_flip", "expected a dict letter -> bug name"),
        ({"A": "sign_flip", "B": None, "C": "sign_flip"}, "B: no answer yet"),
        (
            {"A": "sign flip", "B": "sign_flip", "C": "sign_flip"},
            "'sign flip' is not a bug name; the names are",
        ),
        ({"A": 3, "B": "sign_flip", "C": "sign_flip"}, "A: 3 is not a bug name"),
        ({"A": ["sign_flip"], "B": "sign_flip", "C": "sign_flip"}, "is not a bug name"),
        (RIGHT | {"D": "sign_flip"}, "there is no run 'D' (the runs are A, B, C)"),
        (
            {"a": "sign_flip", "b": "sign_flip", "c": "sign_flip"},
            "there is no run 'a' (the runs are A, B, C)",
        ),
    ],
)
def test_bad_input_is_reported_without_raising(answers, expected, capsys):
    assert check_diagnoses(answers) is False
    out = capsys.readouterr().out
    assert expected in out and "Traceback" not in out
    if "not a bug name" in expected:
        assert all(name in out for name in VALID)


def test_the_stub_reports_not_answered_yet(capsys):
    answers = {"A": None, "B": None, "C": None}  # what a released copy holds
    assert check_diagnoses(answers) is False
    assert capsys.readouterr().out.startswith("⏳")


def test_the_notebooks_function_form_is_called_and_its_stub_or_error_reported(capsys):
    """08's exercise is a function returning the dict (a released copy's stub raises NotImplementedError)."""

    def diagnoses():
        return dict(RIGHT)

    def stub():
        raise NotImplementedError()

    def broken():
        return {"A": bug_name}  # noqa: F821 (the learner's NameError)

    assert check_diagnoses(diagnoses) is True
    assert check_diagnoses(lambda: RIGHT | {"A": "sign_flip"}) is False
    assert check_diagnoses(stub) is False
    assert check_diagnoses(broken) is False
    out = capsys.readouterr().out
    assert "✅" in out and "A is not sign_flip" in out and "⏳ check_diagnoses: not implemented yet" in out
    assert "broken() raised NameError" in out and "Traceback" not in out


def test_no_answer_makes_the_check_raise():
    """Fuzzed: whatever the answers are (any keys, any values, not a dict), the check reports and returns False
    (or True for the right answers), never raises."""
    import contextlib
    import io

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    values = st.one_of(st.none(), st.sampled_from(VALID), st.text(max_size=4), st.integers(), st.floats(),
                       st.lists(st.text(max_size=2), max_size=2))  # fmt: skip
    keys = st.one_of(st.sampled_from(LETTERS), st.text(max_size=2), st.integers())
    answers = st.one_of(st.dictionaries(keys, values, max_size=5), values, st.tuples(values))

    @settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(answers)
    def never_raises(answers):
        with contextlib.redirect_stdout(io.StringIO()) as out:
            passed = check_diagnoses(answers)
        assert passed is (answers == RIGHT) and out.getvalue().startswith(("✅", "❌", "⏳"))

    never_raises()
