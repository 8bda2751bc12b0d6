"""python -m vpg_helpers.vpg: one option per VPGConfig field, its docstring as the help."""

import dataclasses

import pytest

from vpg_helpers.vpg import VPGConfig
from vpg_helpers.vpg.__main__ import build_parser, field_docs, main


def test_every_field_is_an_option_with_its_docstring_as_help():
    parser, docs = build_parser(), field_docs(VPGConfig)
    options = {action.dest: action for action in parser._actions}
    for field in dataclasses.fields(VPGConfig):
        assert field.name in options, field.name
        assert docs[field.name] and options[field.name].help.startswith(docs[field.name])


def test_options_parse_to_config_values():
    args = vars(build_parser().parse_args(["--env", "InvertedPendulum-v5", "--lam", "0.9", "--hidden-sizes", "32", "32",
                                           "--no-stop-when-solved", "--dtype", "float64"]))  # fmt: skip
    overrides = {k: v for k, v in args.items() if v is not None}
    config = VPGConfig.for_env(overrides.pop("env_id"), **overrides)
    assert config.lam == 0.9 and config.hidden_sizes == (32, 32) and config.stop_when_solved is False
    assert config.dtype == "float64" and config.num_envs == 4  # the env's DEFAULTS stay where not overridden


def test_an_explicit_zero_is_a_value_not_an_absent_option(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--total-steps", "0"])
    assert exit_info.value.code == 2 and "total_steps must be an integer >= 1" in capsys.readouterr().err


def test_the_stability_knobs_and_the_whole_budget_from_the_command_line(monkeypatch):
    from vpg_helpers.vpg import __main__ as cli
    from vpg_helpers.vpg.config import VPGResult

    configs = []
    monkeypatch.setattr(cli, "train", lambda config, callback: configs.append(config) or VPGResult("x", 0))
    main(["--seed", "3", "--no-stop-when-solved", "--target-kl", "none", "--min-adv-std", "0"])
    main(["--seed", "3", "--target-kl", "0.005"])
    main([])
    main(["--env", "InvertedPendulum-v5", "--target-kl", "0.05"])
    assert [c.stop_when_solved for c in configs] == [False, True, True, True] and configs[0].seed == 3
    assert [c.target_kl for c in configs] == [None, 0.005, VPGConfig.target_kl, 0.05]
    assert configs[0].min_adv_std == 0.0
    help_text = build_parser().format_help()
    assert (
        "--target-kl" in help_text and "--min-adv-std" in help_text and "--no-stop-when-solved" in help_text
    )
