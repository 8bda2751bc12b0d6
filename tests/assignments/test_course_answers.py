"""Spotting a solution that imports the course's own answer to its exercise."""

import pytest

from vpg_helpers.assignments.course_answers import course_answer_import


@pytest.mark.parametrize(
    "source",
    [
        "from vpg_helpers.returns import rewards_to_go",
        "from vpg_helpers.returns import rewards_to_go as course",
        "from vpg_helpers.returns import *",
        "def rewards_to_go(r, g, v=0.0):\n    from vpg_helpers.returns import rewards_to_go as c\n    return c(r, g, v)",
        "import vpg_helpers.returns\nrewards_to_go = vpg_helpers.returns.rewards_to_go",
        "import vpg_helpers.returns as R\n\ndef rewards_to_go(r, g, v=0.0):\n    return R.rewards_to_go(r, g, v)",
        "from vpg_helpers import returns\nf = returns.rewards_to_go",
    ],
)
def test_imports_of_the_course_answer_are_flagged(source):
    assert course_answer_import([source], "rewards_to_go")


@pytest.mark.parametrize(
    "source",
    [
        "from vpg_helpers.discounting import discounted_cumsum\nrewards_to_go = lambda r, g: discounted_cumsum(r, g)",
        "from mylib.returns import rewards_to_go",
        "import numpy as np\nnp.rewards_to_go = 1",
        "%time x = 1",  # not Python: skipped, never an error
        "from vpg_helpers.checks import check_rewards_to_go",
    ],
)
def test_other_code_is_not_flagged(source):
    assert course_answer_import([source], "rewards_to_go") == ""


def test_the_flag_names_the_line():
    sources = ["x = 1", "import vpg_helpers.returns as R\ny = R.rewards_to_go"]
    assert course_answer_import(sources, "rewards_to_go") == "R.rewards_to_go"
