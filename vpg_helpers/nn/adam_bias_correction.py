"""What Adam's bias correction does to the step size, for a constant gradient (notebook 04).

With m_0 = v_0 = 0 and the same gradient g at every step, m_t = (1 - beta1^t) g and v_t = (1 - beta2^t) g^2.
The step, in units of the learning rate alpha (eps neglected), is then

    both corrected:        m_hat / sqrt(v_hat) = 1
    neither corrected:     m_t / sqrt(v_t)     = (1 - beta1^t) / sqrt(1 - beta2^t)   (3.16 at t = 1: too large)
    only v corrected:      m_t / sqrt(v_hat)   = 1 - beta1^t                         (0.1 at t = 1: tiny)
    only m corrected:      m_hat / sqrt(v_t)   = 1 / sqrt(1 - beta2^t)               (31.6 at t = 1)
"""

import numpy as np

from vpg_helpers.validation import as_bool, as_finite_scalar, as_positive_int

__all__ = ["relative_step"]


def relative_step(t, beta1=0.9, beta2=0.999, correct_m=True, correct_v=True):
    """|step| / alpha at step t for a constant gradient, with or without each bias correction.

    Math: (1 - beta1^t)^[not correct_m] / sqrt(1 - beta2^t)^[not correct_v].

    >>> round(relative_step(1, correct_m=False, correct_v=False), 3)
    3.162
    """
    t = as_positive_int("t", t)
    correct_m, correct_v = as_bool("correct_m", correct_m), as_bool("correct_v", correct_v)
    beta1, beta2 = as_finite_scalar("beta1", beta1), as_finite_scalar("beta2", beta2)
    for name, beta in (("beta1", beta1), ("beta2", beta2)):
        if not 0.0 <= beta < 1.0:
            raise ValueError(f"{name} must be in [0, 1), got {beta}")
    m = 1.0 if correct_m else 1.0 - beta1**t  # m_t / g, or m_hat / g = 1
    v = 1.0 if correct_v else 1.0 - beta2**t  # v_t / g^2, or v_hat / g^2 = 1
    return float(m / np.sqrt(v))
