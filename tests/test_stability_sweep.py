"""tools/stability_sweep.py: its argument parsing, and a two-seed sweep end to end (a few seconds)."""

import json

import stability_sweep  # tools/ is on pytest's pythonpath (pyproject.toml)


def test_seeds_and_overrides_parse():
    assert stability_sweep.parse_seeds("3-6") == [3, 4, 5, 6] and stability_sweep.parse_seeds("3,8") == [3, 8]
    assert stability_sweep.parse_seeds("0-1,1000-1001") == [0, 1, 1000, 1001]
    overrides = stability_sweep.parse_overrides(["pi_lr=0.005", "hidden_sizes=(32, 32)", "target_kl=None"])
    assert overrides == {"pi_lr": 0.005, "hidden_sizes": (32, 32), "target_kl": None}
    assert stability_sweep.parse_overrides(["dtype=float64"]) == {
        "dtype": "float64"
    }  # not a literal: a string


def test_a_small_sweep_uses_the_whole_budget_and_records_every_epoch(tmp_path, capsys):
    out = tmp_path / "sweep.json"
    stability_sweep.main(
        ["--seeds", "4,5", "--total-steps", "4000", "--set", "min_adv_std=0.5", "--out", str(out)]
    )
    record = json.loads(out.read_text())
    assert record["overrides"] == {"min_adv_std": 0.5} and "blas" in record["provenance"]
    assert [run["seed"] for run in record["runs"]] == [4, 5]
    for run in record["runs"]:
        assert run["env_steps"] == 4000 and not run["solved"] and run["still_solved"] is False
        assert [epoch["epoch"] for epoch in run["trace"]] == [1, 2]
        assert {"entropy", "approx_kl", "grad_norm", "explained_variance", "pi_lr"} <= set(run["trace"][0])
    assert "solved 0/2" in capsys.readouterr().out.splitlines()[-1]


def test_summary_keeps_each_runs_summary_and_no_trace(tmp_path):
    out = tmp_path / "sweep.json"
    stability_sweep.main(["--seeds", "4", "--total-steps", "2000", "--summary", "--out", str(out)])
    (run,) = json.loads(out.read_text())["runs"]
    assert (
        "trace" not in run and run["seed"] == 4 and run["env_steps"] == 2000 and run["still_solved"] is False
    )
