"""Read the exercise markers of a course notebook: solution regions, hidden tests, and the exercises they form.

A marker is a line whose text (indentation aside) is exactly ``### BEGIN SOLUTION``, ``### END SOLUTION``,
``### BEGIN HIDDEN TESTS`` or ``### END HIDDEN TESTS`` (nbgrader's markers). An *exercise* is a code cell
holding a solution region (named after the function it completes) and its *test cell*: the next code cell,
``graded(check_<name>(<name>))`` (or a bare ``check_<name>(<name>)``) plus optional hidden tests.
"""

import ast
import re
from dataclasses import dataclass

__all__ = [
    "BEGIN_SOLUTION",
    "END_SOLUTION",
    "BEGIN_HIDDEN_TESTS",
    "END_HIDDEN_TESTS",
    "CODE_STUB",
    "TEXT_STUB",
    "Exercise",
    "replace_regions",
    "find_exercises",
    "stray_markers",
]

BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN_TESTS, END_HIDDEN_TESTS = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
CODE_STUB, TEXT_STUB = "raise NotImplementedError()", "YOUR ANSWER HERE"
_CHECK_CALL = re.compile(r"^(?:graded\()?(check_\w+)\(", re.M)  # graded(check_x(x)), or a bare check_x(x)


@dataclass(frozen=True)
class Exercise:
    """One exercise of a notebook: where its cells are and the nbgrader grade ids derived from its name."""

    name: str
    """grade id of the solution cell: the name of the function it completes, e.g. ``rewards_to_go``."""
    solution_index: int
    test_id: str | None
    """grade id of the test cell, e.g. ``check_rewards_to_go``; None if the exercise has no test cell."""
    test_index: int | None


def replace_regions(source, begin, end, stub=None, where="cell"):
    """Replace each region from a ``begin`` line to an ``end`` line (both included) by ``stub``.

    The stub takes the indentation of the ``begin`` line, so a solution inside a function body stays valid
    Python; ``stub=None`` removes the region. Raises ValueError for a nested, unclosed or unopened region.

    >>> src = "def f(x):\\n    ### BEGIN SOLUTION\\n    return 2 * x\\n    ### END SOLUTION"
    >>> print(replace_regions(src, BEGIN_SOLUTION, END_SOLUTION, CODE_STUB))
    def f(x):
        raise NotImplementedError()
    """
    lines, inside = [], False
    for number, line in enumerate(source.split("\n"), start=1):
        text = line.strip()
        if text in (begin, end) and (text == begin) == inside:
            problem = "nested" if inside else "without a matching begin"
            raise ValueError(f"{where}: {text!r} {problem} (line {number})")
        if text == begin:
            inside = True
            if stub is not None:
                lines.append(line[: len(line) - len(line.lstrip())] + stub)
        elif text == end:
            inside = False
        elif not inside:
            lines.append(line)
    if inside:
        raise ValueError(f"{where}: {begin!r} without a matching {end!r}")
    return "\n".join(lines).rstrip()


def _has_marker(cell, marker):
    return any(line.strip() == marker for line in cell.source.split("\n"))


def _function_name(source, begin_line):
    """Name of the function whose body holds line ``begin_line`` (1-based), else of the first def."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        match = re.search(r"^\s*def (\w+)", source, re.M)
        return match.group(1) if match else None
    defs = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]
    around = [d for d in defs if d.lineno <= begin_line <= d.end_lineno]
    chosen = max(around, key=lambda d: d.lineno) if around else (defs[0] if defs else None)
    return chosen.name if chosen else None


def _unique(name, taken):
    candidate, k = name, 1
    while candidate in taken:
        k += 1
        candidate = f"{name}_{k}"
    taken.add(candidate)
    return candidate


def find_exercises(nb):
    """The exercises of a notebook, in order, with unique grade ids derived from the function names."""
    exercises, taken, tests_taken = [], set(), set()
    code = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]
    for k, i in enumerate(code):
        source = nb.cells[i].source
        if not _has_marker(nb.cells[i], BEGIN_SOLUTION):
            continue
        begin_line = [line.strip() for line in source.split("\n")].index(BEGIN_SOLUTION) + 1
        name = _unique(_function_name(source, begin_line) or f"exercise_{len(exercises) + 1}", taken)
        test_index = code[k + 1] if k + 1 < len(code) else None
        test = nb.cells[test_index] if test_index is not None else None
        if test is None or not (_CHECK_CALL.search(test.source) or _has_marker(test, BEGIN_HIDDEN_TESTS)):
            exercises.append(Exercise(name, i, None, None))
            continue
        if _has_marker(test, BEGIN_SOLUTION):
            raise ValueError(f"cell {test_index}: a test cell must not hold a solution region")
        call = _CHECK_CALL.search(test.source)
        test_id = _unique(call.group(1) if call else f"test_{name}", taken)
        tests_taken.add(test_index)
        exercises.append(Exercise(name, i, test_id, test_index))
    for i in code:
        if i not in tests_taken and _has_marker(nb.cells[i], BEGIN_HIDDEN_TESTS):
            raise ValueError(
                f"cell {i}: hidden tests outside a test cell (the code cell right after a solution)"
            )
    return exercises


def stray_markers(nb):
    """Cells that mention a marker other than on a marker line of a code cell (nbgrader would cut there).

    nbgrader treats any line *containing* ``BEGIN SOLUTION`` as a marker, even in prose, so a sentence
    that quotes a marker breaks ``nbgrader generate_assignment``. Returns ``[(cell index, line), ...]``.
    """
    found = []
    for i, cell in enumerate(nb.cells):
        for line in cell.source.split("\n"):
            mentions = any(word in line for word in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS"))
            is_marker = cell.cell_type == "code" and line.strip() in (
                BEGIN_SOLUTION,
                END_SOLUTION,
                BEGIN_HIDDEN_TESTS,
                END_HIDDEN_TESTS,
            )
            if mentions and not is_marker:
                found.append((i, line))
    return found
