"""The MLP's backward pass against finite differences, its shapes and its argument checks."""

import numpy as np
import pytest

from vpg_helpers.nn.mlp import MLP, flatten, orthogonal, unflatten


def loss_and_grad_y(y, target):
    """A scalar loss with a known dL/dy: L = sum(target * y) + 0.5 sum(y^2)."""
    return float(np.sum(target * y) + 0.5 * np.sum(y**2)), target + y


def finite_difference_grads(net, x, target, eps=1e-6):
    grads = []
    for p in net.params:
        g = np.zeros_like(p)
        for i in np.ndindex(p.shape):
            old = p[i]
            p[i] = old + eps
            up = loss_and_grad_y(net(x), target)[0]
            p[i] = old - eps
            down = loss_and_grad_y(net(x), target)[0]
            p[i] = old
            g[i] = (up - down) / (2 * eps)
        grads.append(g)
    return grads


@pytest.mark.parametrize("sizes", [(3, 5, 2), (4, 6, 7, 3), (2, 1)])
def test_backward_matches_finite_differences(sizes):
    rng = np.random.default_rng(1)
    net = MLP(sizes, rng, output_gain=1.0)
    for p in net.params[1::2]:
        p[:] = rng.normal(size=p.shape)  # non-zero biases, so their gradients are tested too
    x = rng.normal(size=(9, sizes[0]))
    target = rng.normal(size=(9, sizes[-1]))
    y, cache = net.forward(x)
    analytic = net.backward(cache, loss_and_grad_y(y, target)[1])
    numeric = finite_difference_grads(net, x, target)
    flat_a = np.concatenate([g.ravel() for g in analytic])
    flat_n = np.concatenate([g.ravel() for g in numeric])
    # Judged normwise: single tiny entries can look bad relatively.
    assert np.linalg.norm(flat_a - flat_n) <= 1e-7 * np.linalg.norm(flat_n)
    for a, n in zip(analytic, numeric, strict=True):
        assert a.shape == n.shape


def test_random_directional_derivatives():
    rng = np.random.default_rng(2)
    net = MLP((4, 64, 64, 2), rng)
    x = rng.normal(size=(64, 4))
    target = rng.normal(size=(64, 2))
    y, cache = net.forward(x)
    grads = net.backward(cache, loss_and_grad_y(y, target)[1])
    base = [p.copy() for p in net.params]
    for _ in range(5):
        direction = [rng.normal(size=p.shape) for p in net.params]
        predicted = sum(np.sum(g * d) for g, d in zip(grads, direction, strict=True))
        eps = 1e-6
        values = []
        for sign in (1, -1):
            for p, b, d in zip(net.params, base, direction, strict=True):
                p[:] = b + sign * eps * d
            values.append(loss_and_grad_y(net(x), target)[0])
        for p, b in zip(net.params, base, strict=True):
            p[:] = b
        numeric = (values[0] - values[1]) / (2 * eps)
        assert numeric == pytest.approx(predicted, rel=1e-6, abs=1e-6)


def test_forward_is_the_formula():
    rng = np.random.default_rng(3)
    net = MLP((3, 4, 2), rng)
    W0, b0, W1, b1 = net.params
    x = rng.normal(size=(5, 3))
    assert np.allclose(net(x), np.tanh(x @ W0 + b0) @ W1 + b1)


def test_shapes_dtype_and_init():
    rng = np.random.default_rng(0)
    net = MLP((4, 16, 8, 3), rng, output_gain=0.01, dtype=np.float32)
    assert [p.shape for p in net.params] == [(4, 16), (16,), (16, 8), (8,), (8, 3), (3,)]
    assert all(p.dtype == np.float32 for p in net.params)
    assert net.n_params == 4 * 16 + 16 + 16 * 8 + 8 + 8 * 3 + 3
    y, cache = net.forward(np.zeros((7, 4)))
    assert y.shape == (7, 3) and y.dtype == np.float32 and len(cache) == 4
    assert all(np.all(b == 0) for b in net.params[1::2])
    W = net.params[-2]
    assert np.allclose(W.T @ W, 1e-4 * np.eye(3), atol=1e-6)  # orthogonal columns, scaled by output_gain
    same = MLP((4, 16, 8, 3), np.random.default_rng(0), output_gain=0.01, dtype=np.float32)
    assert all(np.array_equal(a, b) for a, b in zip(net.params, same.params, strict=True))


def test_orthogonal_wide_and_tall():
    rng = np.random.default_rng(0)
    tall, wide = orthogonal(rng, 6, 3, gain=2.0), orthogonal(rng, 3, 6)
    assert tall.shape == (6, 3) and np.allclose(tall.T @ tall, 4 * np.eye(3))
    assert wide.shape == (3, 6) and np.allclose(wide @ wide.T, np.eye(3))


def test_bad_inputs():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="sizes"):
        MLP((4,), rng)
    with pytest.raises(TypeError, match="sizes"):
        MLP((4, 2.5), rng)
    with pytest.raises(ValueError, match="sizes"):
        MLP((4, 0, 2), rng)
    with pytest.raises(TypeError, match="rng"):
        MLP((4, 2), 0)
    with pytest.raises(ValueError, match="dtype"):
        MLP((4, 2), rng, dtype=np.int64)
    net = MLP((4, 2), rng)
    with pytest.raises(ValueError, match="x must have shape"):
        net(np.zeros(4))
    with pytest.raises(ValueError, match="x must have shape"):
        net(np.zeros((3, 5)))
    with pytest.raises(TypeError, match="x must be"):
        net(np.array([["a"] * 4]))
    y, cache = net.forward(np.zeros((3, 4)))
    with pytest.raises(ValueError, match="grad_y"):
        net.backward(cache, np.zeros((3, 3)))


def test_per_sample_grads_are_each_samples_gradient():
    """Row i is the gradient of sample i's term w_i . y_i alone (finite differences); the rows sum to backward."""
    rng = np.random.default_rng(4)
    net = MLP((3, 5, 4, 2), rng)
    x, weights = rng.normal(size=(6, 3)), rng.normal(size=(6, 2))
    y, cache = net.forward(x)
    rows = net.per_sample_grads(cache, weights)
    assert rows.shape == (6, net.n_params)
    assert np.allclose(rows.sum(axis=0), flatten(net.backward(cache, weights)), rtol=1e-12, atol=1e-12)
    for i in (0, 5):
        numeric = []
        for p in net.params:
            for j in np.ndindex(p.shape):
                old = p[j]
                p[j] = old + 1e-6
                up = net(x[i : i + 1])[0] @ weights[i]
                p[j] = old - 1e-6
                down = net(x[i : i + 1])[0] @ weights[i]
                p[j] = old
                numeric.append((up - down) / 2e-6)
        assert np.allclose(rows[i], numeric, atol=1e-7)


def test_flatten_and_unflatten_round_trip():
    like = [np.zeros((2, 3), dtype=np.float32), np.zeros(4)]
    vector = np.arange(10.0)
    pieces = unflatten(vector, like)
    assert [p.shape for p in pieces] == [(2, 3), (4,)] and pieces[0].dtype == np.float32
    assert np.array_equal(flatten(pieces), vector)
    with pytest.raises(ValueError, match="vector must have shape"):
        unflatten(np.arange(9.0), like)
