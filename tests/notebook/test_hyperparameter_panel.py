"""Notebook 07's hyperparameter panel, driven through its widgets (``.click()``, ``.value``) without a browser."""

import io

import numpy as np
import pytest
from figure_checks import assert_fills_x, assert_readable

import vpg_helpers.notebook.panel as vpg_panel
from vpg_helpers.vpg import VPGConfig, VPGResult, train


def _parts(panel):
    """The panel's controls (by description), its Run and Clear buttons, its figure box and its summary."""
    row, buttons, figure, _, summary = panel.children  # the Output between them holds the progress bar
    run, clear = buttons.children
    return {c.description: c for c in row.children}, run, clear, figure, summary


def _record_figures(monkeypatch):
    """Every figure the panel draws, with the runs it was asked to draw (keys, and values as they were)."""
    drawn = []
    real = vpg_panel.draw_learning_curves

    def draw(runs, *args, **kwargs):
        fig = real(runs, *args, **kwargs)
        drawn.append(({k: v if isinstance(v, dict) else tuple(map(list, v)) for k, v in runs.items()}, fig))
        return fig

    monkeypatch.setattr(vpg_panel, "draw_learning_curves", draw)
    return drawn


def _brute_mean_over_seeds(seed_runs, steps, window=20):
    """At each step: per seed, the mean of the last `window` returns of the episodes ended by then; then the
    mean over seeds."""
    out = []
    for x in steps:
        per_seed = []
        for ends, returns in seed_runs.values():
            ended = [r for e, r in zip(ends, returns, strict=True) if e <= x]
            per_seed.append(np.mean(ended[-window:]))
        out.append(np.mean(per_seed))
    return np.array(out)


def test_run_trains_each_chosen_seed_with_a_live_curve_and_overlays_the_next_run(monkeypatch):
    drawn = _record_figures(monkeypatch)
    panel, runs = vpg_panel.hyperparameter_panel(
        "CartPole-v1", total_steps=4000, progress_bar=False, redraw_seconds=0
    )
    controls, run, clear, figure, summary = _parts(panel)
    assert controls["seeds"].value == (0, 1, 2)  # 3 seeds unless the learner picks one
    run.click()
    assert list(runs) == ["1. defaults (seeds 0, 1, 2)"]
    seed_runs = runs["1. defaults (seeds 0, 1, 2)"]
    assert sorted(seed_runs) == [0, 1, 2]
    # each seed is the run train() gives for that seed (not seed 0 three times)
    direct = train(VPGConfig.for_env("CartPole-v1", seed=1, total_steps=4000))
    assert list(seed_runs[1][1]) == list(direct.episode_returns) != list(seed_runs[0][1])
    # live: a redraw per epoch (2 per seed at 2000 steps a batch), growing, then the run as one entry
    live = [list(curves) for curves, _ in drawn[:-1]]
    assert (
        live
        == [["1. seed 0"]] * 2
        + [["1. seed 0", "1. seed 1"]] * 2
        + [["1. seed 0", "1. seed 1", "1. seed 2"]] * 2
    )
    assert list(drawn[-1][0]) == ["1. defaults (seeds 0, 1, 2)"]
    for _, fig in drawn:
        assert_fills_x(fig)
        assert_readable(fig)
    # the final figure's mean line is the mean over seeds, checked by brute force
    line = drawn[-1][1].axes[0].get_lines()[0]
    np.testing.assert_allclose(line.get_ydata(), _brute_mean_over_seeds(seed_runs, line.get_xdata()))
    (image,) = figure.children
    assert bytes(image.value).startswith(b"\x89PNG")
    assert summary.value.startswith("1. defaults (seeds 0, 1, 2): mean of the last 20 returns at the end ")
    assert "solved 0 of 3" in summary.value

    controls["seeds"].value, controls["lambda"].value = (1,), 0.5
    run.click()
    assert list(runs) == ["1. defaults (seeds 0, 1, 2)", "2. lambda 0.5 (seed 1)"]
    assert list(runs["2. lambda 0.5 (seed 1)"]) == [1]
    # while run 2 trains, run 1 stays on the figure as its mean and band
    assert list(drawn[-2][0]) == ["1. defaults (seeds 0, 1, 2)", "2. seed 1"]
    final = drawn[-1][1].axes[0]
    assert len(final.collections) >= 1  # run 1's min-max band
    labels = [t.get_text() for t in final.get_legend().get_texts()]
    assert labels[:2] == [
        "1. defaults (seeds 0, 1, 2): mean of 3 seeds",
        "2. lambda 0.5 (seed 1) (mean of last 20)",
    ]

    clear.click()
    assert runs == {} and summary.value == ""
    assert vpg_panel.PLACEHOLDER in figure.children[0].value


def test_before_the_first_run_the_panel_says_what_to_do_and_shows_no_picture():
    panel, runs = vpg_panel.hyperparameter_panel("CartPole-v1", total_steps=2000)
    _, _, _, figure, _ = _parts(panel)
    (placeholder,) = figure.children
    assert vpg_panel.PLACEHOLDER in placeholder.value and runs == {}


def _fake_train(solves):
    """A stand-in for vpg.train: 1000 steps a batch, episodes of return 500 for a seed in ``solves`` (solved
    in its first epoch: it stops there), else 20, for at most config.total_steps."""

    def fake(config, callback=None):
        ends, returns, steps = [], [], 0
        solved = False
        while steps < config.total_steps and not solved:
            steps += 1000
            ends.append(steps)
            returns.append(500.0 if config.seed in solves else 20.0)
            solved = config.seed in solves
            info = dict(epoch=len(ends), env_steps=steps, solved=solved, mean_return=float(np.mean(returns)),
                        episode_end_steps=ends, episode_returns=returns)  # fmt: skip
            callback(info)
        result = VPGResult(config.env_id, config.seed, env_steps=steps, solved=solved, episode_returns=returns,
                           episode_end_steps=ends, final_mean_return=float(np.mean(returns)))  # fmt: skip
        result.solved_at_steps = steps if solved else None
        return result

    return fake


def test_the_progress_bar_ends_full_when_a_seed_solves_early(monkeypatch):
    from tqdm.std import tqdm as std_tqdm

    import vpg_helpers.vpg.seeds as seeds_module

    bars = []

    class Bar(std_tqdm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, file=io.StringIO(), **kwargs)
            bars.append(self)

    monkeypatch.setattr(vpg_panel, "tqdm", Bar)
    monkeypatch.setattr(seeds_module, "train", _fake_train(solves={1}))
    panel, runs = vpg_panel.hyperparameter_panel("CartPole-v1", total_steps=3000, redraw_seconds=0)
    _, run, _, _, summary = _parts(panel)
    run.click()
    (bar,) = bars
    assert bar.n == bar.total == 3000 + 1000 + 3000  # seed 1 stopped after 1000 steps: not a red bar
    assert "at the end 20, 500, 20; mean 180; solved 1 of 3 (at 1k steps)" in summary.value


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(env_id="NoSuchEnv-v0"), ValueError, "env_id"),
        (dict(env_id=3), TypeError, "env_id"),
        (dict(total_steps=0), ValueError, "total_steps"),
        (dict(total_steps=1.5), TypeError, "total_steps"),
        (dict(progress_bar="yes"), TypeError, "progress_bar"),
        (dict(redraw_seconds=-1.0), ValueError, "redraw_seconds"),
    ],
)
def test_bad_arguments_get_clear_errors(kwargs, error, match):
    with pytest.raises(error, match=match):
        vpg_panel.hyperparameter_panel(**kwargs)


@pytest.mark.parametrize("env_id", ["CartPole-v1", "InvertedPendulum-v5"])
def test_the_learning_rate_sliders_hold_the_defaults_exactly(env_id):
    """A browser snaps a slider's value to its steps (a log slider turned vf_lr = 3e-3 into 10^-2.5):
    the default must be one of the values offered, so that Run trains the defaults."""
    from vpg_helpers.notebook.panel_controls import panel_controls

    base = VPGConfig.for_env(env_id)
    controls = panel_controls(base)
    offered = {name: [value for _, value in controls[name].options] for name in ("pi_lr", "vf_lr")}
    for name, values in offered.items():
        assert controls[name].value == getattr(base, name) and getattr(base, name) in values
    assert 1e-4 in offered["vf_lr"]  # a "Things to try" item
    batch = base.num_envs * base.steps_per_env  # 2000 for CartPole-v1, 1000 for InvertedPendulum-v5
    assert [controls["steps_per_env"].label, controls["seeds"].value] == [str(batch), (0, 1, 2)]


def test_a_run_is_named_by_what_differs_from_the_defaults():
    from vpg_helpers.notebook.panel_controls import run_label

    base = VPGConfig.for_env("CartPole-v1")
    assert run_label(base, base, (0, 1, 2)) == "defaults (seeds 0, 1, 2)"
    changed = VPGConfig.for_env("CartPole-v1", vf_lr=1e-4, steps_per_env=50, lam=0.0)
    assert run_label(changed, base, (3,)) == "vf_lr 0.0001, batch 400, lambda 0 (seed 3)"
