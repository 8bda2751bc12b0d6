"""Spot a solution that imports the course's own answer to its exercise, so both graders can flag it.

A learner who writes ``from vpg_helpers.returns import rewards_to_go`` in the solution of ``rewards_to_go``
passes every test with the course's code. The graders do not zero such a solution (an instructor may allow
it), they flag it for review. This reads the code, it does not run it: an import spelled through strings
(``importlib``) goes unnoticed, so a flag is a prompt to look, and no flag is not a proof.
"""

import ast

__all__ = ["course_answer_import"]

PACKAGE = "vpg_helpers"


def _in_package(module):
    return module == PACKAGE or (module or "").startswith(PACKAGE + ".")


def course_answer_import(sources, name):
    """The first line of ``sources`` (code cells' text) that imports the course's ``name``, else ''.

    Caught: ``from vpg_helpers.x import name`` (any alias, or ``*``), and ``import vpg_helpers.x`` (or
    ``from vpg_helpers import x``) followed by an attribute ``.name``.

    >>> course_answer_import(["def f(r):\\n    from vpg_helpers.returns import f as g\\n    return g(r)"], "f")
    'from vpg_helpers.returns import f as g'
    >>> course_answer_import(["from vpg_helpers.returns import gae_advantages"], "rewards_to_go")
    ''
    """
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue  # IPython magics, or a syntax error the grader reports anyway
        aliases = set()  # names bound to a module of the package
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and _in_package(node.module):
                for alias in node.names:
                    if alias.name in (name, "*"):
                        return ast.get_source_segment(source, node) or f"from {node.module} import {name}"
                    aliases.add(alias.asname or alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if _in_package(alias.name):
                        aliases.add(alias.asname or alias.name.split(".")[0])
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == name:
                root = node.value
                while isinstance(root, ast.Attribute):
                    root = root.value
                if isinstance(root, ast.Name) and root.id in aliases:
                    return ast.get_source_segment(source, node) or name
    return ""
