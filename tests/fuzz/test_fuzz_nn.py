"""nn: Adam against its update written as scalar loops, the MLP against explicit layer sums, and finite differences."""

import math

import numpy as np
from fuzz_support import Bad, Spec, floats, invalid_arrays, invalid_ints, invalid_numbers, module_tests
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from vpg_helpers.nn.adam import Adam
from vpg_helpers.nn.adam_bias_correction import relative_step
from vpg_helpers.nn.gradcheck import numerical_gradient
from vpg_helpers.nn.mlp import MLP, orthogonal


def adam_steps(params, grads_list, lr, betas, eps):
    """Adam by the definition, one scalar at a time."""
    out = []
    for i, p in enumerate(params):
        flat, new = p.ravel().tolist(), []
        for j, theta in enumerate(flat):
            m = v = 0.0
            for t, grads in enumerate(grads_list, start=1):
                g = float(np.ravel(grads[i])[j])
                m, v = betas[0] * m + (1 - betas[0]) * g, betas[1] * v + (1 - betas[1]) * g * g
                theta -= lr * (m / (1 - betas[0] ** t)) / (math.sqrt(v / (1 - betas[1] ** t)) + eps)
            new.append(theta)
        out.append(np.reshape(new, p.shape))
    return out


def run_adam(params, grads_list, lr, betas, eps):
    params = (
        [np.copy(p) if isinstance(p, np.ndarray) else p for p in params]
        if isinstance(params, list)
        else params
    )
    opt = Adam(params, lr=lr, betas=betas, eps=eps)
    for grads in grads_list:
        opt.step(grads)
    return params


@st.composite
def adam_runs(draw):
    shapes = draw(st.lists(hnp.array_shapes(min_dims=1, max_dims=2, max_side=3), min_size=1, max_size=3))
    params = [draw(hnp.arrays(np.float64, s, elements=floats(-10, 10))) for s in shapes]
    steps = draw(st.integers(1, 4))
    grads_list = [
        [draw(hnp.arrays(np.float64, s, elements=floats(-10, 10))) for s in shapes] for _ in range(steps)
    ]
    return dict(
        params=params,
        grads_list=grads_list,
        lr=draw(st.floats(1e-4, 1.0)),
        betas=(draw(st.floats(0, 0.99)), draw(st.floats(0, 0.999))),
        eps=draw(st.floats(1e-8, 1e-2)),
    )


def step_once(grads):
    """One Adam step on fresh parameters (so a failing call can be seen not to change them)."""
    params = [np.zeros(2), np.zeros((2, 2))]
    opt = Adam(params, lr=0.1)
    try:
        opt.step(grads)
    finally:
        assert opt.t == 0 or opt.t == 1
        if opt.t == 0:
            assert all(np.all(p == 0) for p in params) and all(np.all(m == 0) for m in opt.m), (
                "a failing step changed params"
            )
    return params


def mlp_forward_brute(sizes, seed, x):
    net = MLP(sizes, np.random.default_rng(seed))
    h = x.tolist()
    for k in range(len(sizes) - 1):
        W, b = net.params[2 * k].tolist(), net.params[2 * k + 1].tolist()
        h = [
            [math.fsum(row[i] * W[i][j] for i in range(len(row))) + b[j] for j in range(len(b))] for row in h
        ]
        if k < len(sizes) - 2:
            h = [[math.tanh(z) for z in row] for row in h]
    return np.array(h)


@st.composite
def mlp_inputs(draw):
    sizes = tuple(draw(st.lists(st.integers(1, 5), min_size=2, max_size=4)))
    x = draw(hnp.arrays(np.float64, (draw(st.integers(1, 4)), sizes[0]), elements=floats(-3, 3)))
    return dict(sizes=sizes, seed=draw(st.integers(0, 100)), x=x)


def mlp_forward(sizes, seed, x):
    return MLP(sizes, np.random.default_rng(seed))(x)


def mlp_backward(sizes, seed, x, grad_y):
    net = MLP(sizes, np.random.default_rng(seed))
    _, cache = net.forward(x)
    return net.backward(cache, grad_y)


def check_backward(kwargs, grads):
    """Each parameter's gradient of sum(grad_y * y) by central differences."""
    net = MLP(kwargs["sizes"], np.random.default_rng(kwargs["seed"]))
    for p, g in zip(net.params, grads, strict=True):

        def f(value, p=p):
            saved = p.copy()
            p[...] = value
            out = float(np.sum(net(kwargs["x"]) * kwargs["grad_y"]))
            p[...] = saved
            return out

        np.testing.assert_allclose(g, numerical_gradient(f, p.copy()), rtol=1e-5, atol=1e-6)


P0 = [np.zeros(2), np.zeros((2, 2))]
X = np.ones((2, 3))

SPECS = [
    Spec("Adam", run_adam, adam_runs(),
         lambda k, out: [np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-9) for a, b in zip(out, adam_steps(**k), strict=True)] and None,
         dict(params=P0, grads_list=[[np.ones(2), np.ones((2, 2))]], lr=0.1, betas=(0.9, 0.999), eps=1e-8),
         invalid_numbers("lr") + invalid_numbers("eps") + [Bad("lr", 0.0), Bad("eps", -1.0), Bad("betas", (1.0, 0.5), "beta1 = 1"),
         Bad("betas", (0.9,), "one beta"), Bad("betas", "0.9", "text"), Bad("betas", (0.9, np.nan), "NaN"), Bad("params", np.zeros(2), "an array, not a list"),
         Bad("params", [np.zeros(2, int)], "an int array"), Bad("params", [[0.0, 0.0]], "a list of lists"), Bad("params", None)]),
    Spec("Adam.step", step_once, st.just(dict(grads=[np.ones(2), np.ones((2, 2))])), lambda k, out: None,
         dict(grads=[np.ones(2), np.ones((2, 2))]),
         [Bad("grads", [np.ones(2), v], d) for d, v in [("grads[1] of the wrong shape", np.ones(2)), ("grads[1] text", np.array([["a", "b"], ["c", "d"]])),
          ("grads[1] NaN", np.full((2, 2), np.nan)), ("grads[1] complex", np.ones((2, 2)) + 1j), ("grads[1] None", None), ("grads[1] bool", np.ones((2, 2), bool))]]
         + [Bad("grads", [np.ones(2)], "too few"), Bad("grads", np.ones(2), "an array, not a list"), Bad("grads", None)], examples=1),
    Spec("MLP.forward", mlp_forward, mlp_inputs(), lambda k, out: np.testing.assert_allclose(out, mlp_forward_brute(**k), rtol=1e-9, atol=1e-12),
         dict(sizes=(3, 4, 2), seed=0, x=X),
         invalid_arrays("x", X) + [Bad("x", np.ones((2, 4)), "wrong width"), Bad("x", np.ones(3), "1-D"), Bad("sizes", (3,), "one layer"),
         Bad("sizes", 3, "an int"), Bad("sizes", "34", "a string"), Bad("sizes", (3, 0, 2), "a zero width"), Bad("sizes", (3, 4.0, 2), "a float width")]),
    Spec("MLP.backward", mlp_backward, mlp_inputs().flatmap(lambda k: hnp.arrays(np.float64, (len(k["x"]), k["sizes"][-1]), elements=floats(-2, 2)).map(lambda g: {**k, "grad_y": g})),
         check_backward, dict(sizes=(3, 4, 2), seed=0, x=X, grad_y=np.ones((2, 2))),
         invalid_arrays("grad_y", np.ones((2, 2))) + [Bad("grad_y", np.ones((2, 3)), "wrong shape"), Bad("grad_y", 1.0, "a scalar")]),
    Spec("MLP (arguments)", MLP, st.just(dict(sizes=(2, 3), rng=np.random.default_rng(0))), lambda k, out: None,
         dict(sizes=(2, 3), rng=np.random.default_rng(0)),
         [Bad("rng", 0), Bad("rng", None), Bad("dtype", "float16"), Bad("dtype", "banana")] + invalid_numbers("hidden_gain") + invalid_numbers("output_gain"), examples=1),
    Spec("orthogonal", lambda n_in, n_out, gain, seed: orthogonal(np.random.default_rng(seed), n_in, n_out, gain),
         st.builds(lambda i, o, g, s: dict(n_in=i, n_out=o, gain=g, seed=s), st.integers(1, 6), st.integers(1, 6), floats(-3, 3), st.integers(0, 99)),
         lambda k, out: np.testing.assert_allclose(out.T @ out if k["n_in"] >= k["n_out"] else out @ out.T, k["gain"] ** 2 * np.eye(min(k["n_in"], k["n_out"])), atol=1e-9),
         dict(n_in=3, n_out=2, gain=1.0, seed=0), invalid_ints("n_in") + invalid_ints("n_out") + invalid_numbers("gain")),
    Spec("numerical_gradient", numerical_gradient,
         hnp.arrays(np.float64, hnp.array_shapes(max_dims=2, max_side=4), elements=floats(-3, 3)).map(lambda x: dict(f=lambda y: float(np.sum(np.sin(y))), x=x)),
         lambda k, out: np.testing.assert_allclose(out, np.cos(k["x"]), atol=1e-8),
         dict(f=np.sum, x=np.ones(2)),
         invalid_arrays("x", np.ones(2)) + invalid_numbers("eps") + [Bad("eps", 0.0), Bad("eps", -1e-6), Bad("f", None), Bad("f", "np.sum"),
         Bad("f", lambda x: x, "f returning an array"), Bad("f", lambda x: "1", "f returning text"), Bad("f", lambda x: np.nan, "f returning NaN")]),
    Spec("relative_step", relative_step,
         st.builds(lambda t, b1, b2, cm, cv: dict(t=t, beta1=b1, beta2=b2, correct_m=cm, correct_v=cv), st.integers(1, 1000), st.floats(0, 0.99), st.floats(0, 0.999), st.booleans(), st.booleans()),
         lambda k, out: np.testing.assert_allclose(out, (1 if k["correct_m"] else 1 - k["beta1"] ** k["t"]) / math.sqrt(1 if k["correct_v"] else 1 - k["beta2"] ** k["t"]), rtol=1e-12),
         dict(t=1), invalid_ints("t") + invalid_numbers("beta1") + invalid_numbers("beta2") + [Bad("beta1", 1.0), Bad("beta2", -0.1),
         Bad("correct_m", 1, "an int"), Bad("correct_v", "yes")]),
]  # fmt: skip

test_valid_inputs_agree_with_the_reference, test_invalid_inputs_raise_naming_the_argument = module_tests(
    SPECS
)
