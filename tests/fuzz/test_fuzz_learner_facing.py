"""checks+cli+assignments: what learners and instructors touch; checks never raise, the CLI answers in one line."""

import contextlib
import io

import numpy as np
from fuzz_support import SETTINGS, Bad, Spec, module_tests
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from vpg_helpers import checks
from vpg_helpers.assignments.grade import grade
from vpg_helpers.assignments.release import release
from vpg_helpers.checks.registry import REGISTRY
from vpg_helpers.vpg.__main__ import main

# What a learner's function may return: anything at all.
junk = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(10**300, 10**500), st.text(max_size=5), st.complex_numbers(),
    st.floats(), st.lists(st.one_of(st.floats(), st.text(max_size=3), st.integers(10**300, 10**400)), max_size=4),
    hnp.arrays(st.sampled_from([np.complex128, np.bool_, np.int64, np.float32, "U3", "datetime64[s]"]), hnp.array_shapes(max_dims=2, max_side=3)),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2), st.tuples(st.floats(), st.floats()),
)  # fmt: skip


def run_check_quietly(name, returned):
    def learner(*args, **kwargs):
        return returned

    with contextlib.redirect_stdout(io.StringIO()) as out:
        passed = getattr(checks, f"check_{name}")(learner)
    return passed, out.getvalue()


def check_report(kwargs, out):
    passed, printed = out
    assert passed is False and printed.startswith("❌"), printed  # never a tick for junk, never an exception


def right_numbers_wrong_kind(name):
    """The reference's answer to case 1, returned as complex numbers and as strings: must fail, not pass."""
    entry = REGISTRY[name]
    case = entry.cases()[0]
    right = entry.reference(**case.kwargs)
    first = right[0] if isinstance(right, tuple | list) else right
    try:
        flat = np.asarray(first, dtype=np.float64)
    except (TypeError, ValueError):  # a reference returning something else than numbers (e.g. a dict)
        return [None]
    return [flat.astype(complex), flat.astype(str)]


def cli(argv):
    """Run the command line in-process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(argv)
            status = 0
        except SystemExit as exit_:
            status = exit_.code
    return status, out.getvalue(), err.getvalue()


def cli_fails_in_one_line(argv):
    status, out, err = cli(argv)
    if status == 0:
        return f"ran: {out[-80:]}"  # silent: classify sees a returned value
    lines = err.strip().splitlines()
    if status != 2 or len(lines) != 1:
        raise RuntimeError(f"exit {status} with {len(lines)} lines on stderr: {err[:200]}")
    raise ValueError(lines[0])


CLI_BADS = [
    ("--total-steps", ["--total-steps", "0"], "total_steps"), ("--total-steps", ["--total-steps", "-5"], "total_steps"),
    ("--total-steps", ["--total-steps", "1e3"], "--total-steps"), ("--gamma", ["--gamma", "1.5"], "gamma"),
    ("--gamma", ["--gamma", "nan"], "gamma"), ("--gamma", ["--gamma", "inf"], "gamma"), ("--lam", ["--lam", "-0.1"], "lam"),
    ("--pi-lr", ["--pi-lr", "0"], "pi_lr"), ("--pi-lr", ["--pi-lr", "inf"], "pi_lr"), ("--vf-lr", ["--vf-lr", "-1"], "vf_lr"),
    ("--num-envs", ["--num-envs", "0"], "num_envs"), ("--steps-per-env", ["--steps-per-env", "0"], "steps_per_env"),
    ("--seed", ["--seed", "-1"], "seed"), ("--hidden-sizes", ["--hidden-sizes", "0"], "hidden_sizes"),
    ("--hidden-sizes", ["--hidden-sizes", "a"], "--hidden-sizes"), ("--dtype", ["--dtype", "float16"], "dtype"),
    ("--solve-window", ["--solve-window", "0"], "solve_window"), ("--train-v-iters", ["--train-v-iters", "-1"], "train_v_iters"),
    ("--log-std-init", ["--log-std-init", "nan"], "log_std_init"), ("--env", ["--env", "NoSuchEnv-v0"], "env_id"),
    ("--env", ["--env", "Blackjack-v1"], "env_id"), ("--env", ["--env", "FrozenLake-v1"], "env_id"),
    ("--env", ["--env", "CliffWalking-v1"], "env_id"), ("--env", ["--env", "Taxi-v4"], "env_id"), ("--env", ["--env", ""], "env_id"),
    ("--unknown", ["--unknown", "1"], "--unknown"), ("--env", ["--env"], "--env"),
]  # fmt: skip

SPECS = [
    Spec(f"check_{name}", run_check_quietly,
         st.one_of(junk, st.sampled_from(right_numbers_wrong_kind(name))).map(lambda value, name=name: dict(name=name, returned=value)),
         check_report, dict(name=name, returned=None), [], examples=12)
    for name in REGISTRY
] + [
    Spec("python -m vpg_helpers.vpg", cli_fails_in_one_line, st.just(dict(argv=["--help"])), lambda k, out: None, dict(argv=[]),
         [Bad("argv", argv, " ".join(argv), named=named) for _, argv, named in CLI_BADS], examples=1),
    Spec("release", release, st.nothing(), None, dict(out_dir="/nonexistent/never-written"),
         [Bad("notebooks", "03_future_return.ipynb", "one string"), Bad("notebooks", 3), Bad("out_dir", None), Bad("force", "yes")], examples=0),
    Spec("grade", grade, st.nothing(), None, dict(submission="x.ipynb"),
         [Bad("submission", None), Bad("submission", 3), Bad("source", 3), Bad("timeout", 0), Bad("timeout", "5"), Bad("total_timeout", -1.0)], examples=0),
]  # fmt: skip


def test_checks_never_raise_and_never_pass_junk():
    """The same property with hypothesis choosing the check too (the specs above fix it per check)."""

    @SETTINGS
    @given(st.sampled_from(sorted(REGISTRY)), junk)
    def one(name, value):
        check_report({}, run_check_quietly(name, value))

    one()


test_valid_inputs_agree_with_the_reference, test_invalid_inputs_raise_naming_the_argument = module_tests(
    SPECS
)
