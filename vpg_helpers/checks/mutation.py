"""Mutation testing of the exercise checks: does each check reject small slips in the course's own solution?

For every registered exercise, the solution the course ships (the ``### BEGIN SOLUTION`` block of its notebook;
the registry's reference function if no notebook holds it) is parsed, and each small edit a learner could make
gives one *mutant*: an arithmetic or comparison operator swapped, a constant moved by one, an index or slice
bound off by one, a term of a sum dropped, two arguments swapped, a call like ``reversed(...)`` dropped, ``+=``
turned into ``=`` or ``-=``. The check runs on each mutant. A mutant it rejects is *killed*. One it accepts
is either *equivalent* (it computes the same function: listed in ``EQUIVALENT`` with a one-line reason) or a
*survivor*: a wrong answer the check would call right. ``tests/checks/test_mutation.py`` keeps survivors at 0.

Run ``python -m vpg_helpers.checks.mutation`` from the course folder for the table (``-v`` lists the
survivors and the equivalent mutants).
"""

import argparse
import ast
import copy
import functools
import json
import signal
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

import vpg_helpers.checks  # noqa: F401  (fills the registry)
from vpg_helpers.checks._core import quietly
from vpg_helpers.checks.registry import REGISTRY

__all__ = ["EQUIVALENT", "Mutant", "MutationResult", "mutants", "mutation_test", "solution_source"]

_SECONDS_PER_MUTANT = 5

EQUIVALENT = {
    # exercise name -> {mutant description: why it computes the same answer as the solution}
    # (descriptions count lines and columns in ast.unparse of the solution: comments and blank lines dropped)
    "categorical_log_prob": {
        "line 1:13: np.asarray(logits, dtype=float) -> np.asarray(logits)": "the inputs are float64 arrays, so dtype=float changes nothing",
        "line 2:14: np.asarray(actions) -> actions": "the actions are given as a numpy int array (the exercise's contract), so np.asarray returns it as is",
        "line 5:11: np.take_along_axis(logp, actions[..., None], axis=-1) -> np.take_along_axis(logp, actions[..., None])": "axis=-1 is np.take_along_axis's default since numpy 2.3",
        "line 5:70: 0 -> -1": "the picked axis has length 1, so index 0 and index -1 are the same entry",
    },
    "categorical_log_prob_grad": {
        "line 1:17: np.asarray(logits, dtype=float) -> np.asarray(logits)": "the inputs are float64 arrays, so dtype=float changes nothing",
        "line 3:30: np.asarray(actions) -> actions": "the actions are given as a numpy int array (the exercise's contract), so np.asarray returns it as is",
    },
    "collect_episode": {
        "line 14:12: np.array(observations) -> observations": "a list of T equal-length observations is accepted as the same (T, obs_dim) numbers (a check takes any numeric answer of the right value)",
        "line 14:36: np.array(actions) -> actions": "a list of T actions is accepted as the same (T,) numbers",
        "line 14:55: np.array(rewards) -> rewards": "a list of T rewards is accepted as the same (T,) numbers",
    },
    "compute_batch_targets": {
        "line 3:53: advantages.std() + 1e-08 -> advantages.std() - 1e-08": "not bit-identical but indistinguishable: -1e-8 instead of +1e-8 next to a std of order 1 moves the result by ~1e-8 (the check's tolerance is 1e-6), and with std 0 every centred advantage is 0 and 0 / -1e-8 = 0",
        "line 3:72: 1e-08 -> 2e-08": "not bit-identical but indistinguishable: 2e-8 instead of 1e-8 moves the normalised advantages by ~1e-8 relative (the check's tolerance is 1e-6), and with std 0 they stay 0",
    },
    "diag_gaussian_log_prob": {
        "line 1:28: np.asarray(x, dtype=float) -> np.asarray(x)": "the inputs are float64 arrays, so dtype=float changes nothing",
        "line 3:22: actions - mu -> mu - actions": "the difference is squared: (a - mu)^2 = (mu - a)^2",
    },
    "discount_weights": {
        "line 1:20: np.arange(T, dtype=float) -> np.arange(T)": "gamma is a float, so gamma ** an int array is the same float64 array of powers (to rounding)",
    },
    "discounted_return": {
        "line 1:14: np.asarray(rewards, dtype=float) -> np.asarray(rewards)": "the inputs are float64 arrays, so dtype=float changes nothing",
        "line 2:11: float(np.sum(gamma ** np.arange(len(rewards)) * rewards)) -> np.sum(gamma ** np.arange(len(rewards)) * rewards)": "a 0-d numpy float is accepted as a single number, with the same value",
    },
    "episode_rewards": {
        "line 9:11: np.array(rewards, dtype=float) -> np.array(rewards)": "env.step returns float rewards, so the array is float64 either way",
    },
    "gae_advantages": {
        "line 1:14: np.asarray(rewards, dtype=float) -> np.asarray(rewards)": "the inputs are float64 arrays, so dtype=float changes nothing",
        "line 2:13: np.asarray(values, dtype=float) -> np.asarray(values)": "the inputs are float64 arrays, so dtype=float changes nothing",
    },
    "gae_advantages_batch": {
        "line 1:23: np.asarray(rewards, dtype=float) -> np.asarray(rewards)": "the inputs are float64 arrays, so dtype=float changes nothing",
        "line 1:57: np.asarray(values, dtype=float) -> np.asarray(values)": "the inputs are float64 arrays, so dtype=float changes nothing",
        "line 2:21: np.asarray(dones, dtype=float) -> np.asarray(dones)": "1.0 - a bool (or int) array is computed in float64 anyway, so dtype=float changes nothing",
        "line 3:31: np.asarray(next_values, dtype=float) -> np.asarray(next_values)": "the inputs are float64 arrays, so dtype=float changes nothing",
    },
    "lambda_weighted_advantages": {
        "line 1:13: np.asarray(values, dtype=float) -> np.asarray(values)": "the inputs are float64 arrays, so dtype=float changes nothing",
        "line 6:12: T - t -> T": "every n-step advantage with n >= T - t is the Monte-Carlo one, so running the series to n = T gives it the same total weight lam^(T-t-1)",
        "line 3:99: range(1, T + 1) -> range(1, T + 1 + 1)": "the extra row n = T + 1 is never read (rows are read up to n = T - t)",
        "line 3:112: 1 -> 2": "range(1, T + 2): the extra row n = T + 1 is never read (rows are read up to n = T - t)",
    },
    "n_step_returns": {
        "line 1:14: np.asarray(rewards, dtype=float) -> np.asarray(rewards)": "the inputs are float64 arrays, so dtype=float changes nothing",
        "line 2:27: np.asarray(values, dtype=float) -> np.asarray(values)": "the inputs are float64 arrays, so dtype=float changes nothing",
        "line 6:12: min(n, T - t) -> min(T - t, n)": "min is symmetric",
    },
    "n_step_td_episode": {
        "line 1:13: np.array(values, dtype=float) -> np.array(values)": "the inputs are float64 arrays, so dtype=float changes nothing (and np.array still copies)",
        "line 4:12: min(n, T - u) -> min(T - u, n)": "min is symmetric",
        "line 4:12: min(n, T - u) -> min(n, T - u + 1)": "whenever m changes, u + m >= T: the slice stops at T and there is no bootstrap either way",
        "line 4:19: T - u -> T + u": "whenever m changes, u + m >= T: the slice stops at T and there is no bootstrap either way",
        "line 4:19: T - u -> T": "whenever m changes, u + m >= T: the slice stops at T and there is no bootstrap either way",
    },
    "policy_gradient": {
        "line 1:21: np.asarray(grad_log_probs, dtype=float) -> np.asarray(grad_log_probs)": "the inputs are float64 arrays, so dtype=float changes nothing",
        "line 2:17: np.asarray(advantages, dtype=float) -> np.asarray(advantages)": "the inputs are float64 arrays, so dtype=float changes nothing",
    },
    "policy_gradient_estimate": {
        "line 2:23: zip(grad_log_probs, rewards, strict=True) -> zip(grad_log_probs, rewards, strict=False)": "strict only adds an error for lists of different lengths, which the exercise never passes",
        "line 7:34: np.asarray(grads, dtype=float) -> np.asarray(grads)": "the inputs are float64 arrays, so dtype=float changes nothing",
    },
    "rewards_to_go": {
        "line 1:14: np.asarray(rewards, dtype=float) -> np.asarray(rewards)": "the inputs are float64 arrays, so dtype=float changes nothing",
    },
    "rewards_to_go_advantages": {
        "line 1:55: np.asarray(values, dtype=float) -> np.asarray(values)": "the inputs are float64 arrays, so dtype=float changes nothing",
    },
    # a mutant of a *test* that the check accepts is still a valid test (it passes on every correct version
    # and fails on the broken one): the reason says why the edit leaves what the test checks intact
    "test_catches_bug": {
        "line 1:14: np.array([[1.0], [1.0], [100.0]]) -> [[1.0], [1.0], [100.0]]": "gae_advantages_batch takes nested lists as arrays: the same batch",
        "line 4:12: np.array([[False], [True], [False]]) -> [[False], [True], [False]]": "nested lists of booleans are taken as the bool array: the same batch",
        "line 5:17: gae_advantages_batch(rewards, values, next_values, dones, gamma=1.0, lam=1.0) -> gae_advantages_batch(rewards, next_values, values, dones, gamma=1.0, lam=1.0)": "values and next_values are both zeros: swapping them passes the same batch",
        "line 1:25: 1.0 -> 0.0": "still a valid test: r_0 only moves A_0; A_1 is r_1 = 1 on a correct version and 1 + 100 on the broken one",
        "line 1:25: 1.0 -> 2.0": "still a valid test: r_0 only moves A_0; A_1 is r_1 = 1 on a correct version and 1 + 100 on the broken one",
        "line 1:39: 100.0 -> 101.0": "still a valid test: any nonzero reward after the episode end leaks into A_1 on the broken version",
        "line 1:39: 100.0 -> 200.0": "still a valid test: any nonzero reward after the episode end leaks into A_1 on the broken version",
        "line 4:23: False -> True": "still a valid test: one more episode end, at t = 0, leaves A_1 = r_1 on a correct version and the leak on the broken one",
        "line 4:40: False -> True": "still a valid test: a done at the last step changes nothing (the recursion starts from A_T = 0 anyway)",
        "line 6:25: 0 -> -1": "with one env, advantages[1, -1] is advantages[1, 0]",
        "line 6:97: 1 -> 2": "only the failure message changes (it is formatted when the assert fails): what the test checks is the same",
        "line 6:97: 1 -> 0": "only the failure message changes (it is formatted when the assert fails): what the test checks is the same",
        "line 6:100: 0 -> -1": "only the failure message changes (it is formatted when the assert fails): what the test checks is the same",
    },
    "vpg_update": {
        "line 2:41: 1 -> 2": "reshape(B, -2): numpy infers a negative size whatever its value, so -2 acts as -1",
        "line 10:37: 1 -> 2": "reshape(-2, 1): numpy infers a negative size whatever its value, so -2 acts as -1",
        "line 14:34: v - targets -> targets - v": "the difference is squared: (v - R)^2 = (R - v)^2",
        "line 16:29: value_net(obs) - targets -> targets - value_net(obs)": "the difference is squared: (V(s) - R)^2 = (R - V(s))^2",
    },
}
"""Mutants that compute the same function as the solution, each with the reason (a check cannot kill them)."""


@dataclass
class Mutant:
    description: str
    """e.g. ``line 4: gamma * running -> running``: stable across runs, the key of ``EQUIVALENT``."""
    source: str = field(repr=False)


@dataclass
class MutationResult:
    name: str
    origin: str
    mutants: int = 0
    killed: list = field(default_factory=list)
    equivalent: list = field(default_factory=list)
    survivors: list = field(default_factory=list)


# ---- where the solutions are --------------------------------------------------------------------------------


@functools.cache
def _solution_cells():
    """``{exercise name: (function source, the notebook's import lines, notebook file name)}``."""
    from vpg_helpers.notebook.course import (
        NOTEBOOKS,
    )  # (not assignments.release: it imports nbformat, slowly)

    here = Path.cwd().resolve()
    root = next(
        (d for d in [here, *here.parents] if (d / "notebooks" / NOTEBOOKS[0].filename).is_file()), None
    )
    if root is None:
        raise FileNotFoundError(
            f"no course folder (with notebooks/{NOTEBOOKS[0].filename}) at or above {here}"
        )
    # a solution is the function named like the exercise's reference (08's test_catches_bug exercise is a test,
    # test_gae_stops_at_episode_end; every other exercise is named after its function)
    exercises = {check.reference.__name__: name for name, check in REGISTRY.items()}
    found = {}
    for path in [root / "notebooks" / nb.filename for nb in NOTEBOOKS]:
        if not path.is_file():
            continue
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]  # plain JSON: nbformat validates slowly
        imports = []
        for cell in cells:
            if cell["cell_type"] != "code":
                continue
            text = "".join(cell["source"])
            source = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(("%", "!")))
            try:
                tree = ast.parse(source)
            except SyntaxError:
                continue
            imports += [
                ast.unparse(node) for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)
            ]
            if "### BEGIN SOLUTION" not in text:
                continue
            for node in tree.body:
                if isinstance(node, ast.FunctionDef) and node.name in exercises:
                    found[exercises[node.name]] = (ast.unparse(node), list(imports), path.name)
    return found


def solution_source(name):
    """``(source of the function, namespace to run it in, origin)`` for exercise ``name``."""
    import inspect

    try:
        cells = _solution_cells()
    except FileNotFoundError:
        cells = {}
    if name in cells:
        source, imports, origin = cells[name]
        namespace = {"np": np}
        for line in imports:
            try:
                exec(line, namespace)  # the notebook's own imports: the solution may use its helpers
            except ImportError:
                pass
        for other, (other_source, _, other_origin) in cells.items():
            if other != name and other_origin == origin:
                # a solution may call the notebook's earlier exercises (07's compute_batch_targets calls
                # gae_advantages_batch): they are the course's solutions there, as in the learner's notebook
                exec(other_source, namespace)
        return source, namespace, origin
    reference = REGISTRY[name].reference
    module = sys.modules[reference.__module__]
    return inspect.getsource(reference), dict(vars(module)), f"{reference.__module__}.{reference.__name__}"


# ---- the mutation operators -----------------------------------------------------------------------------------

_BINOP_SWAPS = {
    ast.Add: [ast.Sub, ast.Mult],
    ast.Sub: [ast.Add],
    ast.Mult: [ast.Div, ast.Add, ast.Pow],
    ast.Div: [ast.Mult, ast.FloorDiv],
    ast.Pow: [ast.Mult],
    ast.FloorDiv: [ast.Div],
    ast.MatMult: [ast.Mult],
}
_COMPARE_SWAPS = {
    ast.Lt: [ast.LtE, ast.Gt],
    ast.LtE: [ast.Lt],
    ast.Gt: [ast.GtE, ast.Lt],
    ast.GtE: [ast.Gt],
    ast.Eq: [ast.NotEq],
    ast.NotEq: [ast.Eq],
}
_DROPPABLE_CALLS = {
    "reversed",
    "float",
    "sum",
    "np.sum",
    "np.array",
    "np.asarray",
    "np.exp",
    "np.log",
    "abs",
    "np.abs",
}


def _plus(node, k):
    return ast.BinOp(
        left=copy.deepcopy(node), op=ast.Add() if k > 0 else ast.Sub(), right=ast.Constant(abs(k))
    )


_COUNTING_CALLS = {"range", "np.arange", "min", "max", "np.minimum", "np.maximum"}


def _edits(node, params=frozenset()):
    """Every small wrong version of ``node`` (a list of replacement nodes), without descending into it.

    ``params`` are the function's parameter names: a parameter used in the math may be dropped (``gamma``
    -> 1, ``last_value`` -> 0: a forgotten discount or bootstrap).
    """
    out = []
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in params:
        out += [ast.Constant(0.0), ast.Constant(1.0)]
    elif isinstance(node, ast.BinOp):
        for op in _BINOP_SWAPS.get(type(node.op), []):
            out.append(ast.BinOp(left=node.left, op=op(), right=node.right))
        if isinstance(node.op, ast.Add | ast.Sub | ast.Mult | ast.Div):
            out += [node.left, node.right]  # a term or a factor dropped
        if isinstance(node.op, ast.Sub | ast.Div):
            out.append(ast.BinOp(left=node.right, op=node.op, right=node.left))  # operands swapped
    elif isinstance(node, ast.Compare) and len(node.ops) == 1:
        for op in _COMPARE_SWAPS.get(type(node.ops[0]), []):
            out.append(ast.Compare(left=node.left, ops=[op()], comparators=node.comparators))
    elif isinstance(node, ast.BoolOp):
        out.append(ast.BoolOp(op=ast.Or() if isinstance(node.op, ast.And) else ast.And(), values=node.values))
        out += list(node.values)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.Not):
        out.append(node.operand)
    elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
        out.append(ast.Constant(not node.value))
    elif (
        isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
    ):
        value = node.value
        candidates = [value + 1, value - 1] if isinstance(value, int) else [0.0, value + 1.0, 2 * value]
        out += [ast.Constant(v) for v in dict.fromkeys(candidates) if v != value]
    elif isinstance(node, ast.Subscript) and not isinstance(node.slice, ast.Slice | ast.Tuple):
        out += [ast.Subscript(value=node.value, slice=_plus(node.slice, k), ctx=node.ctx) for k in (1, -1)]
    elif isinstance(node, ast.Slice):
        for attr in ("lower", "upper"):
            bound = getattr(node, attr)
            for k in (1, -1):
                new = copy.copy(node)
                setattr(new, attr, _plus(bound, k) if bound is not None else ast.Constant(k if k > 0 else -1))
                out.append(new)
            if bound is not None:
                new = copy.copy(node)
                setattr(new, attr, None)
                out.append(new)
    elif isinstance(node, ast.Call):
        args = node.args
        for i in range(len(args) - 1):
            swapped = list(args)
            swapped[i], swapped[i + 1] = swapped[i + 1], swapped[i]
            out.append(ast.Call(func=node.func, args=swapped, keywords=node.keywords))
        if ast.unparse(node.func) in _DROPPABLE_CALLS and len(args) == 1 and not node.keywords:
            out.append(args[0])
        if (
            ast.unparse(node.func) in _COUNTING_CALLS
        ):  # range(T) -> range(T - 1), min(n, T - t) -> min(n + 1, ...)
            for j, arg in enumerate(args):
                if not isinstance(arg, ast.Constant):
                    for k in (1, -1):
                        shifted = list(args)
                        shifted[j] = _plus(arg, k)
                        out.append(ast.Call(func=node.func, args=shifted, keywords=node.keywords))
        for j, kw in enumerate(node.keywords):  # axis=-1 -> axis=0, keepdims=True -> False, ...
            for value in _edits(kw.value, params):
                keywords = list(node.keywords)
                keywords[j] = ast.keyword(arg=kw.arg, value=value)
                out.append(ast.Call(func=node.func, args=args, keywords=keywords))
            if kw.arg in ("axis", "keepdims", "ddof", "dtype"):
                out.append(
                    ast.Call(func=node.func, args=args, keywords=node.keywords[:j] + node.keywords[j + 1 :])
                )
    elif isinstance(node, ast.AugAssign):
        out.append(ast.Assign(targets=[node.target], value=node.value, lineno=node.lineno))
        for op in _BINOP_SWAPS.get(type(node.op), [])[:1]:
            out.append(ast.AugAssign(target=node.target, op=op(), value=node.value))
    return out


def _walk_with_parents(tree):
    for parent in ast.walk(tree):
        for name, value in ast.iter_fields(parent):
            if isinstance(value, list):
                for i, child in enumerate(value):
                    if isinstance(child, ast.AST):
                        yield parent, name, i, child
            elif isinstance(value, ast.AST):
                yield parent, name, None, value


def _skip(node, parent):
    """Parts of a function that are not the math: its docstring, default values, the decorator list."""
    if isinstance(parent, ast.arguments):
        return True
    return isinstance(parent, ast.Expr) and isinstance(node, ast.Constant) and isinstance(node.value, str)


def _is_callee(node, parent, name):
    """``f`` in ``f(x)``, ``x`` in ``x.max()``, an assignment target: names that are not values in the math."""
    if isinstance(parent, ast.Call) and name == "func":
        return True
    if isinstance(node, ast.Name) and isinstance(parent, ast.Attribute | ast.Subscript) and name == "value":
        return True  # x in x.max() or x[t]: an edit there only breaks the code, which says nothing
    return isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load)


def mutants(source):
    """Every mutant of the function in ``source`` (one small edit each), with a stable description."""
    tree = ast.parse(source)
    func = tree.body[0]
    first_line = func.lineno
    params = frozenset(a.arg for a in func.args.args + func.args.posonlyargs + func.args.kwonlyargs)
    out, seen = [], set()
    targets = [
        (parent, name, i, child)
        for parent, name, i, child in _walk_with_parents(func)
        if parent is not func or name == "body"
    ]
    for parent, name, i, child in targets:
        if _skip(child, parent):
            continue
        if _is_callee(child, parent, name):
            continue
        for new in _edits(child, params):
            original = ast.unparse(child)
            new_text = ast.unparse(new)
            if new_text == original:
                continue
            if i is None:
                setattr(parent, name, new)
            else:
                getattr(parent, name)[i] = new
            try:
                mutated = ast.unparse(ast.fix_missing_locations(copy.deepcopy(tree)))
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    compile(mutated, "<mutant>", "exec")
            except (SyntaxError, ValueError, TypeError):
                mutated = None
            finally:
                if i is None:
                    setattr(parent, name, child)
                else:
                    getattr(parent, name)[i] = child
            where = child if hasattr(child, "lineno") else parent
            line, col = getattr(where, "lineno", first_line) - first_line, getattr(where, "col_offset", 0)
            description = f"line {line}:{col}: {original} -> {new_text}"
            if mutated is None or mutated in seen:
                continue
            seen.add(mutated)
            out.append(Mutant(description, mutated))
    return out


# ---- running the checks on them -------------------------------------------------------------------------------


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout()


def _accepts(check, fn):
    """True if the check passes ``fn`` (a mutant that loops forever counts as rejected)."""
    use_alarm = hasattr(signal, "SIGALRM")
    if use_alarm:
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(_SECONDS_PER_MUTANT)
    try:
        return check.report(fn)[0]
    except _Timeout:
        return False
    finally:
        if use_alarm:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)


def mutation_test(name):
    """Run exercise ``name``'s check on every mutant of its solution."""
    check = REGISTRY[name]
    source, namespace, origin = solution_source(name)
    result = MutationResult(name, origin)
    func_name = ast.parse(source).body[0].name
    equivalent = EQUIVALENT.get(name, {})
    scope = dict(namespace)
    exec(compile(source, f"<solution of {name}>", "exec"), scope)
    with quietly():
        if not _accepts(check, scope[func_name]):
            # otherwise every mutant would count as killed (e.g. by a NameError), and the table would lie
            raise RuntimeError(
                f"check_{name} rejects the unmutated solution from {origin}: {check.report(scope[func_name])[1]}"
            )
    for mutant in mutants(source):
        result.mutants += 1
        scope = dict(namespace)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                exec(compile(mutant.source, f"<mutant of {name}>", "exec"), scope)
        except Exception:
            result.killed.append(mutant.description)
            continue
        with quietly():  # a mutant's own overflow warnings are not news
            accepted = _accepts(check, scope[func_name])
        if not accepted:
            result.killed.append(mutant.description)
        elif mutant.description in equivalent:
            result.equivalent.append(mutant.description)
        else:
            result.survivors.append(mutant.description)
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", help="exercise names (default: every registered check)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list survivors and equivalent mutants")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    results = [mutation_test(name) for name in (args.names or sorted(REGISTRY))]
    if args.json:
        print(json.dumps([r.__dict__ for r in results], indent=1))
        return int(any(r.survivors for r in results))
    print(f"{'check':<32} {'mutants':>7} {'killed':>7} {'equiv.':>7} {'survivors':>9}  solution")
    for r in results:
        print(
            f"check_{r.name:<26} {r.mutants:>7} {len(r.killed):>7} {len(r.equivalent):>7} "
            f"{len(r.survivors):>9}  {r.origin}"
        )
        if args.verbose:
            for d in r.survivors:
                print(f"    SURVIVOR   {d}")
            for d in r.equivalent:
                print(f"    equivalent {d}: {EQUIVALENT[r.name][d]}")
    total = [
        sum(x)
        for x in zip(
            *((r.mutants, len(r.killed), len(r.equivalent), len(r.survivors)) for r in results), strict=True
        )
    ]
    print(f"{'total':<32} {total[0]:>7} {total[1]:>7} {total[2]:>7} {total[3]:>9}")
    return int(total[3] > 0)


if __name__ == "__main__":
    sys.exit(main())
