"""The stored stability sweeps (notebook 08's table): what they hold, the table's counts, and 08's sentence."""

import json
from pathlib import Path

import gymnasium as gym
import numpy as np
import pytest

from vpg_helpers.debugging.stability import (
    STABILITY_SWEEPS,
    format_stability_table,
    load_stability,
    stability_rows,
)

ROOT = Path(__file__).resolve().parents[2]
PLAIN = {"target_kl": None, "min_adv_std": 0.0}
SEEDS = {"CartPole-v1": (range(20), range(1000, 1020)), "InvertedPendulum-v5": (range(10), range(1000, 1010))}


@pytest.mark.parametrize(("env_id", "variant"), list(STABILITY_SWEEPS))
def test_each_sweep_trained_every_seed_for_the_whole_budget(env_id, variant):
    sweep = load_stability(env_id, variant)
    assert sweep["env"] == env_id and {"cpu", "blas"} <= set(sweep["provenance"])
    assert sweep["overrides"] == (PLAIN if variant == "plain VPG" else {})
    plain_seeds, held_out = SEEDS[env_id]
    expected = list(plain_seeds) if variant == "plain VPG" else [*plain_seeds, *held_out]
    assert [run["seed"] for run in sweep["runs"]] == expected
    threshold = gym.spec(env_id).reward_threshold
    for run in sweep["runs"]:
        assert run["env_steps"] == 200_000 and "trace" not in run  # solved or not: the whole budget
        assert run["still_solved"] == (run["final_mean_return"] >= threshold)
        assert run["solved"] == (run["solved_at_steps"] is not None)


def test_rows_count_each_block_of_seeds_separately():
    rows = stability_rows()
    assert [(r["env"], r["variant"], r["seeds"]) for r in rows] == [
        ("CartPole-v1", "plain VPG", "0-19"),
        ("CartPole-v1", "course defaults", "0-19"),
        ("CartPole-v1", "course defaults", "1000-1019"),
        ("InvertedPendulum-v5", "plain VPG", "0-9"),
        ("InvertedPendulum-v5", "course defaults", "0-9"),
        ("InvertedPendulum-v5", "course defaults", "1000-1009"),
    ]
    for row in rows:  # brute force from the raw files
        first, last = (int(s) for s in row["seeds"].split("-"))
        runs = [r for r in load_stability(row["env"], row["variant"])["runs"] if first <= r["seed"] <= last]
        assert row["runs"] == len(runs) == last - first + 1
        assert row["solved"] == len([r for r in runs if r["solved_at_steps"] is not None])
        assert row["still_solved"] == len(
            [r for r in runs if r["final_mean_return"] >= (475 if "Cart" in row["env"] else 950)]
        )
        steps = sorted(r["solved_at_steps"] for r in runs if r["solved"])
        assert row["median_steps"] == (np.median(steps) if steps else None)
        assert row["lowest_final"] == min(r["final_mean_return"] for r in runs)
    table = format_stability_table()
    assert table.startswith("Every run trained for 200k env steps")
    for row in rows:
        assert f"{row['still_solved']}/{row['runs']}" in table


def test_an_unknown_sweep_is_named_in_the_error():
    with pytest.raises(ValueError, match="env_id, variant"):
        load_stability("CartPole-v1", "plain")


def test_notebook_08_quotes_the_stored_counts():
    """08's reading of the table quotes its numbers; if the sweeps are re-run, the text must follow them."""
    nb = json.loads((ROOT / "notebooks" / "08_debugging.ipynb").read_text())
    (cell,) = [c for c in nb["cells"] if c.get("id") == "d08-stability-read"]
    text = " ".join("".join(cell["source"]).split())
    row = {(r["env"][:4], r["variant"][:5], r["seeds"]): r for r in stability_rows()}
    cart, pend = row["Cart", "plain", "0-19"], row["Inve", "plain", "0-9"]
    assert f"{cart['still_solved']} of {cart['runs']} CartPole seeds (0-19)" in text
    assert f"{pend['still_solved']} of {pend['runs']} InvertedPendulum seeds (0-9)" in text
    assert "Plain VPG solves almost every run" in text and cart["solved"] + pend["solved"] >= 0.9 * 30
    finals = sorted(
        r["final_mean_return"] for r in load_stability("InvertedPendulum-v5", "plain VPG")["runs"]
    )
    assert (
        f"a mean return of {finals[1]:.1f} and {finals[0]:.1f}" in text and finals[2] > 10
    )  # "two of which"
    assert "every run ended still solved" in text
    assert all(r["still_solved"] == r["runs"] for r in stability_rows() if r["variant"] == "course defaults")
    for plain, defaults, seeds in [(cart, row["Cart", "cours", "0-19"], "CartPole seeds 0-19"),
                                   (pend, row["Inve", "cours", "0-9"], "InvertedPendulum seeds 0-9")]:  # fmt: skip
        quoted = f"{defaults['median_steps'] / 1000:.1f}k"
        assert f"{quoted} env steps against" in text or f"{quoted} against" in text
        assert f"{plain['median_steps'] / 1000:.1f}k on {seeds}" in text
