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
