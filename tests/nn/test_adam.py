"""Adam against a direct transcription of its equations, and on a problem it must solve."""

import numpy as np
import pytest

from vpg_helpers.nn.adam import Adam, adam_step


def brute_force_adam(theta, grads_sequence, lr, beta1, beta2, eps):
    """The equations of Kingma & Ba (with eps added to sqrt(v_hat)), one scalar at a time."""
    theta = list(np.ravel(theta).astype(float))
    m, v = [0.0] * len(theta), [0.0] * len(theta)
    for t, g in enumerate(grads_sequence, start=1):
        g = list(np.ravel(g))
        for i in range(len(theta)):
            m[i] = beta1 * m[i] + (1 - beta1) * g[i]
            v[i] = beta2 * v[i] + (1 - beta2) * g[i] ** 2
            m_hat = m[i] / (1 - beta1**t)
            v_hat = v[i] / (1 - beta2**t)
            theta[i] = theta[i] - lr * m_hat / (v_hat**0.5 + eps)
    return np.array(theta)


def test_matches_the_equations_for_a_few_steps():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(2, 3)), rng.normal(size=4)
    opt = Adam([a, b], lr=0.05, betas=(0.8, 0.99), eps=1e-3)
    start = np.concatenate([a.ravel(), b])
    grads_sequence = [[rng.normal(size=(2, 3)), rng.normal(size=4) * 1e-4] for _ in range(6)]
    for grads in grads_sequence:
        opt.step(grads)
    expected = brute_force_adam(
        start, [np.concatenate([g[0].ravel(), g[1]]) for g in grads_sequence], 0.05, 0.8, 0.99, 1e-3
    )
    assert np.allclose(np.concatenate([a.ravel(), b]), expected, rtol=1e-12, atol=1e-14)
    assert opt.t == 6


def test_first_step_moves_every_parameter_by_about_lr():
    # eps added to sqrt(v_hat): even a tiny gradient gives a step of lr * |g| / (|g| + eps).
    theta = np.zeros(3)
    Adam([theta], lr=0.01, eps=1e-8).step([np.array([3.0, -1e-4, 1e-8])])
    assert np.allclose(theta, [-0.01, 0.01 * 1e-4 / (1e-4 + 1e-8), -0.005])


def test_converges_on_a_quadratic():
    # L(theta) = 0.5 (theta - c)^T H (theta - c), badly conditioned.
    c, h = np.array([3.0, -2.0, 0.5]), np.array([100.0, 1.0, 0.01])
    theta = np.zeros(3)
    opt = Adam([theta], lr=0.05)
    for _ in range(3000):
        opt.step([h * (theta - c)])
    assert np.allclose(theta, c, atol=1e-3)


def test_updates_in_place_and_keeps_dtype():
    p = np.ones(3, dtype=np.float32)
    holder = {"p": p}
    Adam([p], lr=0.1).step([np.ones(3)])
    assert holder["p"] is p and p.dtype == np.float32 and np.allclose(p, 0.9)


def test_bad_inputs():
    with pytest.raises(TypeError, match="params"):
        Adam(np.zeros(3))
    with pytest.raises(TypeError, match="params"):
        Adam([np.zeros(3, dtype=int)])
    with pytest.raises(ValueError, match="lr"):
        Adam([np.zeros(3)], lr=0)
    with pytest.raises(ValueError, match="eps"):
        Adam([np.zeros(3)], eps=-1.0)
    with pytest.raises(ValueError, match="betas"):
        Adam([np.zeros(3)], betas=(0.9, 1.0))
    opt = Adam([np.zeros(3)])
    with pytest.raises(ValueError, match="grads"):
        opt.step([])
    with pytest.raises(ValueError, match=r"grads\[0\]"):
        opt.step([np.zeros(4)])


def test_adam_step_matches_the_equations_and_leaves_its_inputs_alone():
    rng = np.random.default_rng(3)
    theta, m, v = rng.normal(size=5), np.zeros(5), np.zeros(5)
    start, grads_sequence = theta.copy(), [rng.normal(size=5) * 10.0 ** -rng.integers(0, 9) for _ in range(4)]
    for t, g in enumerate(grads_sequence, start=1):
        before = (theta.copy(), m.copy(), v.copy())
        new = adam_step(theta, g, m, v, t, lr=0.05, beta1=0.8, beta2=0.99, eps=1e-6)
        assert all(np.array_equal(a, b) for a, b in zip(before, (theta, m, v), strict=True))
        theta, m, v = new
    expected = brute_force_adam(start, grads_sequence, 0.05, 0.8, 0.99, 1e-6)
    assert np.allclose(theta, expected, rtol=1e-12, atol=1e-14)


def test_adam_step_bias_correction_identity():
    """A constant gradient g: m_hat = g and v_hat = g^2 at every step, so theta moves by lr g / (|g| + eps)."""
    g, theta, m, v = np.array([0.3, -2e-8]), np.zeros(2), np.zeros(2), np.zeros(2)
    for t in range(1, 6):
        new_theta, m, v = adam_step(theta, g, m, v, t, lr=0.1)
        assert np.allclose(theta - new_theta, 0.1 * g / (np.abs(g) + 1e-8), rtol=1e-9)
        theta = new_theta
