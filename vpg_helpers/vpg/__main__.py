"""Train VPG from the command line; every field of VPGConfig is an option, its docstring the help.

    python -m vpg_helpers.vpg --env CartPole-v1 --seed 0 [--total-steps 200000] [--lam 0.9] ...

prints a progress line per epoch and, last, one JSON line with the result (VPGResult.summary()). Options
left out keep the env's recommended value (VPGConfig.for_env).
"""

import argparse
import ast
import dataclasses
import inspect
import json
import types

from vpg_helpers.vpg.config import VPGConfig
from vpg_helpers.vpg.training import train

__all__ = ["field_docs", "build_parser", "main"]

_NONE = object()
"""What an option that may be None (``--target-kl none``) parses to (None itself means "not given")."""


def _or_none(kind):
    """An argparse type that reads ``kind``, or the word 'none' (for a field whose default may be None)."""

    def parse(text):
        return _NONE if text.strip().lower() == "none" else kind(text)

    parse.__name__ = kind.__name__  # argparse names the type in its error message
    return parse


def field_docs(cls):
    """The docstring under each field of a dataclass, read from its source: {field name: docstring}."""
    body = ast.parse(inspect.getsource(cls)).body[0].body
    docs = {}
    for node, after in zip(body, body[1:], strict=False):
        is_doc = isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
        if isinstance(node, ast.AnnAssign) and is_doc and isinstance(after.value.value, str):
            docs[node.target.id] = " ".join(after.value.value.split())
    return docs


def build_parser():
    """An argparse parser with one option per VPGConfig field (``env_id`` also as ``--env``)."""
    parser = argparse.ArgumentParser(
        prog="python -m vpg_helpers.vpg",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    docs = field_docs(VPGConfig)
    for field in dataclasses.fields(VPGConfig):
        flags = ["--" + field.name.replace("_", "-")] + (["--env"] if field.name == "env_id" else [])
        kind = type(field.default)
        options = dict(
            default=None, dest=field.name, help=f"{docs.get(field.name, '')} (default: {field.default!r})"
        )
        if kind is bool:
            options["action"] = argparse.BooleanOptionalAction
        elif kind is tuple:
            options.update(nargs="+", type=int, metavar="WIDTH")
        elif isinstance(field.type, types.UnionType) and type(None) in field.type.__args__:
            options.update(type=_or_none(kind), help=options["help"] + " ('none' for None)")
        else:
            options["type"] = kind
        parser.add_argument(*flags, **options)
    return parser


def _progress(info):
    mean = "n/a" if info["mean_return"] is None else f"{info['mean_return']:.1f}"
    print(
        f"epoch {info['epoch']:3d}  steps {info['env_steps']:7d}  mean return {mean:>6}  {info['seconds']:.1f} s",
        flush=True,
    )


def main(argv=None):
    """Train one run with the given options, print progress lines, then the JSON summary as the last line."""
    parser = build_parser()
    # None means "not given": an explicit 0 (e.g. --total-steps 0) is a value, and VPGConfig judges it.
    overrides = {name: value for name, value in vars(parser.parse_args(argv)).items() if value is not None}
    overrides = {name: None if value is _NONE else value for name, value in overrides.items()}
    env_id = overrides.pop("env_id", VPGConfig.env_id)
    try:
        config = VPGConfig.for_env(env_id, **overrides)
    except (TypeError, ValueError) as err:
        parser.error(str(err))
    result = train(config, callback=_progress)
    print(json.dumps(result.summary()))


if __name__ == "__main__":
    main()
