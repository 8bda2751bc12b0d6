"""relative_step against the Adam recursions run step by step, and against the course's Adam."""

import numpy as np
import pytest

from vpg_helpers.nn.adam import Adam
from vpg_helpers.nn.adam_bias_correction import relative_step


@pytest.mark.parametrize("correct_m", [True, False])
@pytest.mark.parametrize("correct_v", [True, False])
def test_relative_step_matches_the_recursions(correct_m, correct_v):
    beta1, beta2, g, m, v = 0.9, 0.999, -0.37, 0.0, 0.0
    for t in range(1, 2001):
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        m_used = m / (1 - beta1**t) if correct_m else m
        v_used = v / (1 - beta2**t) if correct_v else v
        assert np.isclose(abs(m_used / np.sqrt(v_used)), relative_step(t, beta1, beta2, correct_m, correct_v))


def test_the_course_adam_moves_by_alpha_with_both_corrections():
    theta = [np.array([0.0])]
    opt = Adam(theta, lr=0.01, eps=1e-12)
    for t in range(1, 11):
        before = theta[0].copy()
        opt.step([np.array([2.5])])
        assert np.isclose(before - theta[0], 0.01 * relative_step(t))


def test_the_numbers_quoted_in_notebook_04():
    assert round(relative_step(1, correct_m=False, correct_v=False), 2) == 3.16
    assert round(relative_step(10, correct_m=False, correct_v=False), 1) == 6.5
    assert round(relative_step(1, correct_m=False), 2) == 0.1


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="beta1"):
        relative_step(1, beta1=1.0)
    with pytest.raises((ValueError, TypeError), match="t"):
        relative_step(0)
