"""The bug zoo's stored sweep and its effect table: the table by brute force on a small synthetic zoo, the
shipped file loads, and the tool that writes it keeps the keys the zoo reads."""

import json

import numpy as np
import pytest

from vpg_helpers.debugging import BUGS
from vpg_helpers.debugging.zoo import (
    CURVES,
    FLAG_RATIO,
    effect_row,
    effect_table,
    format_effect_table,
    level,
    load_zoo,
    windows,
    zoo_runs,
)


def synthetic_run(seed, solved_at=None, final=100.0, early=None, late=None):
    """10 epochs of 1000 steps; diagnostics at base values, with ``early`` (epochs 1-4) and ``late`` (epochs
    7-10) overrides per key; the windows of a 10k budget are (0, 4000] and (6000, 10000]."""
    base = {"entropy": 0.5, "approx_kl": 0.01, "explained_variance": 0.5, "grad_norm": 1.0}
    run = {"seed": seed, "env_steps": [1000 * (i + 1) for i in range(10)],
           "mean_return": [None] + [final] * 9, "solved_at_steps": solved_at, "final_mean_return": final}  # fmt: skip
    for key, value in base.items():
        run[key] = [value] * 10
        for i in range(4):
            run[key][i] = (early or {}).get(key, value)
            run[key][6 + i] = (late or {}).get(key, value)
    return run


def synthetic_zoo():
    healthy = [synthetic_run(s, 3000 + 1000 * s, 480.0, early={"grad_norm": 1.0 + 0.2 * s}) for s in range(3)]
    healthy[1]["explained_variance"][2] = None  # an epoch with Var R = 0: skipped
    return {
        "thresholds": {"Toy-v0": 475.0},
        "configs": {"Toy-v0": {"total_steps": 10_000}},
        "runs": {
            "Toy-v0": {
                "healthy": healthy,
                # early grad norm 1.8 (healthy range 1.0-1.4: 1.29x beyond, not enough); late entropy 0.1
                # (5x below healthy's 0.5): entropy flags it
                "sign_flip": [
                    synthetic_run(s, None, 10.0, early={"grad_norm": 1.8}, late={"entropy": 0.1})
                    for s in range(3)
                ],  # fmt: skip
                # solved on one seed, lost by the end; late EV 0.9 (1 - EV: 0.1 vs 0.5, 5x lower) on two of three
                # seeds, and EV -5 (clipped to -1) early on one: the median is what counts
                "value_fit_before_advantages": [
                    synthetic_run(0, 2000, 300.0, late={"explained_variance": 0.9}),
                    synthetic_run(1, None, 50.0, late={"explained_variance": 0.9}),
                    synthetic_run(2, None, 50.0, early={"explained_variance": -5.0}),
                ],
                # a KL 1.4x above healthy's: within the seeds' spread
                "reward_one_step_late": [
                    synthetic_run(s, 5000 + s, 476.0, late={"approx_kl": 0.014}) for s in range(3)
                ],  # fmt: skip
            }
        },
    }


def test_level_is_the_median_over_seeds_of_each_runs_median_in_the_window():
    runs = [synthetic_run(0, early={"entropy": 0.1}), synthetic_run(1, early={"entropy": 0.3}),
            synthetic_run(2, early={"entropy": 2.0})]  # fmt: skip
    assert level(runs, "entropy", (0, 4000)) == pytest.approx(0.3)
    assert level(runs, "entropy", (6000, 10_000)) == pytest.approx(0.5)
    assert level(runs, "entropy") == pytest.approx(0.5)  # whole run: 4 of 10 epochs differ
    clipped = [synthetic_run(0, early={"explained_variance": -30.0})]
    assert level(clipped, "explained_variance", (0, 4000)) == -1.0
    assert windows(10_000) == ((0.0, 4000.0), (6000.0, 10_000.0))


def test_the_effect_table_by_brute_force():
    rows = {row["variant"]: row for row in effect_table(synthetic_zoo(), "Toy-v0")}
    assert list(rows) == ["healthy", "sign_flip", "value_fit_before_advantages", "reward_one_step_late"]
    healthy = rows["healthy"]
    assert (healthy["solved"], healthy["median_steps"], healthy["still_solved"], healthy["flag"]) == (
        "3/3", "4.0k", "3/3", "-")  # fmt: skip
    sign = rows["sign_flip"]
    assert (sign["solved"], sign["median_steps"], sign["still_solved"]) == ("0/3", "-", "0/3")
    key, window, value, low, high, ratio = sign["flag_detail"]
    assert (key, window, value, low, high) == ("entropy", (6000.0, 10_000.0), 0.1, 0.5, 0.5)
    assert ratio == pytest.approx(0.2) and sign["flag"] == "entropy 0.1 at 6-10k (healthy 0.5 to 0.5)"
    stale = rows["value_fit_before_advantages"]
    assert (stale["solved"], stale["median_steps"], stale["still_solved"]) == ("1/3", "2.0k", "0/3")
    key, window, value, low, high, ratio = stale["flag_detail"]
    assert (key, window, value, low, high) == ("explained_variance", (6000.0, 10_000.0), 0.9, 0.5, 0.5)
    assert ratio == pytest.approx(0.1 / 0.5)  # 1 - EV against healthy's 1 - EV
    assert stale["flag"] == "explained_variance 0.9 at 6-10k (healthy 0.5 to 0.5)"
    late = rows["reward_one_step_late"]
    assert late["flag"] == "none" and late["flag_detail"] is None and late["median_steps"] == "5.0k"
    assert max(0.014 / 0.01, 1.8 / 1.4) < FLAG_RATIO  # beyond healthy, but not far enough to flag


def test_the_formatted_table_has_one_row_per_variant():
    text = format_effect_table(synthetic_zoo(), "Toy-v0")
    lines = text.splitlines()
    assert len(lines) == 2 + 4 and lines[0] == "Toy-v0: 3 seeds per variant, 10k env steps each"
    assert lines[2].startswith("healthy") and lines[3].startswith("sign_flip")
    assert lines[3].split() == [
        "sign_flip",
        "0/3",
        "-",
        "0/3",
        *"entropy 0.1 at 6-10k (healthy 0.5 to 0.5)".split(),
    ]
    assert max(len(line) for line in lines) < 110
    markdown = format_effect_table(synthetic_zoo(), "Toy-v0", markdown=True).splitlines()
    assert (
        markdown[0] == "**Toy-v0: 3 seeds per variant, 10k env steps each**"
        and markdown[3] == "|---|---|---|---|---|"
    )
    assert markdown[5] == "| sign_flip | 0/3 | - | 0/3 | entropy 0.1 at 6-10k (healthy 0.5 to 0.5) |"


def test_bad_zoos_and_names_are_refused():
    zoo = synthetic_zoo()
    with pytest.raises(ValueError, match="env_id must be one of Toy-v0"):
        effect_table(zoo, "CartPole-v1")
    with pytest.raises(ValueError, match="variant must be one of healthy"):
        effect_row(zoo, "Toy-v0", "no_such_bug")
    with pytest.raises(TypeError, match="zoo must be"):
        effect_table([], "Toy-v0")
    zoo["runs"]["Toy-v0"]["sign_flip"][0]["entropy"].pop()
    with pytest.raises(ValueError, match="curves of one length"):
        zoo_runs(zoo, "Toy-v0")
    del zoo["runs"]["Toy-v0"]["sign_flip"][0]["entropy"]
    with pytest.raises(ValueError, match="a run must have .*entropy"):
        zoo_runs(zoo, "Toy-v0")


def test_the_shipped_zoo_loads_and_holds_the_measured_sweep():
    from importlib.resources import files

    zoo = load_zoo()
    assert files("vpg_helpers.data").joinpath("bug_zoo.json").stat().st_size < 1_000_000
    assert {"cpu", "blas"} <= set(zoo["provenance"])
    cartpole = zoo_runs(zoo, "CartPole-v1")
    assert list(cartpole) == ["healthy", *BUGS]
    assert {"truncation_as_termination", "no_advantage_normalisation"} <= set(
        zoo["runs"]["InvertedPendulum-v5"]
    )
    for env_id, runs in zoo["runs"].items():
        budget = zoo["configs"][env_id]["total_steps"]
        assert zoo["configs"][env_id]["stop_when_solved"] is False
        for variant_runs in runs.values():
            assert [run["seed"] for run in variant_runs] == [0, 1, 2, 3, 4]
            for run in variant_runs:
                assert run["env_steps"][-1] >= budget  # the whole budget was used
                assert np.all(np.diff(run["env_steps"]) > 0)
    assert effect_row(zoo, "CartPole-v1", "healthy")["solved"] == "5/5"


def test_the_tool_records_the_keys_the_zoo_reads(capsys):
    import bug_zoo_sweep  # tools/ is on pytest's pythonpath

    from vpg_helpers.debugging.traces import curve_recorder

    with pytest.raises(SystemExit):
        bug_zoo_sweep.main(["--help"])
    assert "bug_zoo.json" in capsys.readouterr().out
    record, curves = curve_recorder()  # what the tool's run() records, then rounds
    record({"env_steps": 2000, "mean_return": None, "entropy": 0.693147, "approx_kl": 0.0012345678,
            "explained_variance": float("nan"), "grad_norm": 12.3456, "epoch": 1, "pi_lr": 0.01})  # fmt: skip
    row = {key: values[0] for key, values in bug_zoo_sweep.rounded_curves(curves).items()}
    assert row == {"env_steps": 2000, "mean_return": None, "entropy": 0.6931, "approx_kl": 0.001235,
                   "explained_variance": None, "grad_norm": 12.35}  # fmt: skip
    json.dumps(row, allow_nan=False)
    run = bug_zoo_sweep.run("CartPole-v1", "sign_flip", 0, 4000)
    assert set(CURVES) <= set(run) and len(run["env_steps"]) == 2 and run["solved_at_steps"] is None
    stored = load_zoo()["runs"]["CartPole-v1"]["sign_flip"][0]
    assert set(run) == set(stored)
