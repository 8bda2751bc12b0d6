"""Notebook 08's exercise "diagnose unlabeled runs": three stored runs of CartPole-v1, each with one bug.

The learner sees each run's return and diagnostics (``unlabeled_runs``, drawn with ``draw_diagnostics``)
and names the bug behind each: ``check_diagnoses({"A": "sign_flip", ...})``. A wrong but valid name gets a
hint built from the stored numbers: what the run shows against what that bug does over its seeds.
"""

from vpg_helpers.debugging.bugs import BUGS
from vpg_helpers.debugging.zoo import CURVES, effect_row, flagging_diagnostic, level, load_zoo

__all__ = ["ENV_ID", "LETTERS", "unlabeled_runs", "check_diagnoses"]

ENV_ID = "CartPole-v1"
_ANSWERS = {"A": ("gae_ignores_terminals", 1), "B": ("sign_flip", 3), "C": ("no_advantage_normalisation", 3)}
"""letter -> (the bug, the stored seed): the three bugs a diagnostic flags in the measured effect table
(approx_kl, entropy, grad_norm), not in BUGS' order; each run shows its bug's signature."""
LETTERS = tuple(_ANSWERS)


def _stored_run(zoo, letter):
    bug, seed = _ANSWERS[letter]
    return next(run for run in zoo["runs"][ENV_ID][bug] if run["seed"] == seed)


def unlabeled_runs(zoo=None):
    """letter -> one run's curves (env_steps, mean_return and the diagnostics), without its name."""
    zoo = load_zoo() if zoo is None else zoo
    return {letter: {key: list(_stored_run(zoo, letter)[key]) for key in CURVES} for letter in LETTERS}


def _peak(runs):
    return max(max((v for v in run["mean_return"] if v is not None), default=0.0) for run in runs)


def _window(flag):
    key, (lo, hi), value, low, high, _ = flag
    return f"{key} at {lo / 1000:g}-{hi / 1000:g}k steps"


def _hint(zoo, letter, guess):
    """Why run ``letter`` is not ``guess``, from the stored numbers (``guess`` a valid, wrong name)."""
    runs, threshold = zoo["runs"][ENV_ID], zoo["thresholds"][ENV_ID]
    budget = zoo["configs"][ENV_ID]["total_steps"]
    run, row = _stored_run(zoo, letter), effect_row(zoo, ENV_ID, guess)
    solved, n = (int(x) for x in row["solved"].split("/"))
    if run["solved_at_steps"] is not None and solved == 0:
        return (f"run {letter}'s mean return reaches {threshold:g} (at {run['solved_at_steps'] / 1000:.1f}k "
                f"steps), but {guess} solved none of its {n} seeds (best mean return {_peak(runs[guess]):.0f}).")  # fmt: skip
    if run["solved_at_steps"] is None and 2 * solved > n:
        return (f"run {letter} never reaches a mean return of {threshold:g} (best {_peak([run]):.0f}), but "
                f"{guess} solved {solved} of its {n} seeds (median {row['median_steps']} steps).")  # fmt: skip
    own = flagging_diagnostic([run], runs["healthy"], budget, min_ratio=1.0)
    look = (
        f"look at run {letter}'s {_window(own)}: {own[2]:.3g} (healthy seeds {own[3]:.3g} to {own[4]:.3g})."
    )
    if guess == "healthy":
        return f"the healthy runs stay within their seeds' range; {look}"
    if row["flag_detail"] is None:
        return (f"{guess} (solved {row['solved']}, median {row['median_steps']} steps) moves no diagnostic "
                f"beyond the healthy seeds' range; {look}")  # fmt: skip
    key, window, value, low, high, _ = row["flag_detail"]
    return (f"{guess} shows in {_window(row['flag_detail'])}: {value:.3g} over its seeds (healthy seeds "
            f"{low:.3g} to {high:.3g}), but run {letter}'s is {level([run], key, window):.3g}. Instead, {look}")  # fmt: skip


def check_diagnoses(answers, zoo=None):
    """Check ``answers``, a dict letter -> bug name (a key of BUGS), against the bugs behind the runs.

    ``answers`` may also be the learner's function that returns that dict (notebook 08's ``diagnoses``,
    whose student stub raises NotImplementedError). Prints a report and returns True if every letter is
    right, False otherwise; never raises for a learner's mistake (not a dict, a missing letter, an unknown
    name, None, a stub, an exception).
    """
    name, valid = "check_diagnoses", ["healthy", *BUGS]
    if callable(answers):
        function = getattr(answers, "__name__", "your function")
        try:
            answers = answers()
        except NotImplementedError:
            print(f"⏳ {name}: not implemented yet. Make {function}() return a dict letter -> bug name.")
            return False
        except Exception as err:  # the learner's code: report it, do not raise
            print(f"❌ {name}: {function}() raised {type(err).__name__}: {err}")
            return False
    if not isinstance(answers, dict):
        example = ", ".join(f'"{letter}": "..."' for letter in LETTERS)
        print(
            f"❌ {name}: expected a dict letter -> bug name, e.g. {{{example}}}; got {type(answers).__name__}."
        )
        return False
    if all(answers.get(letter) is None for letter in LETTERS) and set(answers) <= set(LETTERS):
        print(
            f"⏳ {name}: not answered yet. Give a bug name for each of {', '.join(LETTERS)}, then run this again."
        )
        return False
    problems = [f"{letter}: no answer yet" for letter in LETTERS if answers.get(letter) is None]
    problems += [f"{key!r}: there is no run {key!r} (the runs are {', '.join(LETTERS)})"
                 for key in answers if key not in LETTERS]  # fmt: skip
    problems += [f"{letter}: {answers[letter]!r} is not a bug name; the names are {', '.join(valid)}"
                 for letter in LETTERS if answers.get(letter) is not None and answers[letter] not in valid]  # fmt: skip
    if problems:
        print(f"❌ {name}:\n   " + "\n   ".join(problems))
        return False
    zoo = load_zoo() if zoo is None else zoo
    wrong = [letter for letter in LETTERS if answers[letter] != _ANSWERS[letter][0]]
    if wrong:
        lines = [
            f"{letter} is not {answers[letter]}: {_hint(zoo, letter, answers[letter])}" for letter in wrong
        ]
        right = len(LETTERS) - len(wrong)
        print(f"❌ {name}: {right} of {len(LETTERS)} right.\n   " + "\n   ".join(lines))
        return False
    print(f"✅ {name}: all {len(LETTERS)} runs diagnosed right.")
    return True
