"""distributions: fuzzed against the definitions (exp / sum exp, the Gaussian density, finite differences)."""

import math

import numpy as np
from fuzz_support import Bad, Spec, floats, invalid_arrays, module_tests
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from vpg_helpers.distributions import (
    categorical_log_prob,
    categorical_log_prob_grad,
    diag_gaussian_log_prob,
    diag_gaussian_log_prob_grad,
    log_softmax,
    sample_categorical,
    softmax,
)


def brute_log_softmax(z):
    """log(exp(z_k) / sum_j exp(z_j)) per row, in pure Python (shifted by the row's max: exp(701) overflows)."""
    z = np.asarray(z)
    rows = []
    for row in z.reshape(-1, z.shape[-1]).tolist():
        m = max(row)
        total = math.fsum(math.exp(zj - m) for zj in row)
        rows.append([(zk - m) - math.log(total) for zk in row])
    return np.array(rows).reshape(z.shape)


def brute_gaussian(actions, mu, log_std):
    a, mu = np.asarray(actions), np.asarray(mu)
    log_std = np.broadcast_to(log_std, a.shape)
    dens = [
        # log of the density exp(-(x - m)^2 / (2 sigma^2)) / (sqrt(2 pi) sigma), term by term, sigma = e^s
        math.fsum(
            -((x - m) ** 2) / (2 * math.exp(s) ** 2) - math.log(math.sqrt(2 * math.pi) * math.exp(s))
            for x, m, s in zip(ra, rm, rs, strict=True)
        )
        for ra, rm, rs in zip(
            a.reshape(-1, a.shape[-1]),
            mu.reshape(-1, a.shape[-1]),
            log_std.reshape(-1, a.shape[-1]),
            strict=True,
        )
    ]
    return np.array(dens).reshape(a.shape[:-1])


def finite_difference(f, x, eps=1e-6):
    x, grad = np.array(x, dtype=np.float64), np.zeros(np.shape(x))
    for i in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[i] += eps
        down[i] -= eps
        grad[i] = (f(up) - f(down)) / (2 * eps)
    return grad


def close(out, expected, atol=1e-9):
    assert isinstance(out, np.ndarray | np.float64) and out.dtype == np.float64, type(out)
    np.testing.assert_allclose(out, expected, rtol=1e-7, atol=atol)


shapes = hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4)


@st.composite
def logits_and_actions(draw, low=-30.0, high=30.0):
    shape = draw(shapes)
    logits = draw(hnp.arrays(np.float64, shape, elements=floats(low, high)))
    actions = draw(hnp.arrays(np.int64, shape[:-1], elements=st.integers(0, shape[-1] - 1)))
    return dict(logits=logits, actions=actions)


@st.composite
def gaussians(draw):
    shape = draw(shapes)
    a, mu = (draw(hnp.arrays(np.float64, shape, elements=floats(-5, 5))) for _ in range(2))
    per_row = draw(st.booleans())
    log_std = draw(hnp.arrays(np.float64, shape[-1:] if per_row else shape, elements=floats(-3, 2)))
    return dict(actions=a, mu=mu, log_std=log_std)


@st.composite
def tiny_sigmas(draw):
    """a = mu and sigma far below float range (log_std < -745): log pi = -sum log_std - D log(2 pi) / 2."""
    shape = draw(shapes)
    a = draw(hnp.arrays(np.float64, shape, elements=floats(-5, 5)))
    return dict(
        actions=a, mu=a.copy(), log_std=draw(hnp.arrays(np.float64, shape, elements=floats(-900, -300)))
    )


def check_shift_invariant(kwargs, out):
    """log_softmax(z) = log_softmax(z - max z): what the stable formula guarantees, finite everywhere."""
    z = kwargs["logits"]
    assert np.all(np.isfinite(out)) and np.all(out <= 0)
    np.testing.assert_allclose(out, brute_log_softmax(z), atol=1e-6)


def check_samples(kwargs, out):
    p = kwargs["probabilities"]
    assert out.shape == p.shape[:-1] and np.issubdtype(out.dtype, np.integer)
    assert np.all(np.take_along_axis(p, out[..., None], -1) > 0), "sampled an action of probability 0"


def check_gaussian_grad(kwargs, out):
    """Each gradient against central finite differences of the log-likelihood (summed over rows)."""
    for grad, name in zip(out, ("mu", "log_std"), strict=True):

        def f(x, name=name):
            return diag_gaussian_log_prob(**{**kwargs, name: x}).sum()

        expected = finite_difference(f, kwargs[name])
        close(
            grad if grad.shape == expected.shape else grad.reshape(-1, *expected.shape).sum(axis=0),
            expected,
            atol=1e-4,
        )


def check_tiny_sigma_grad(kwargs, out):
    """At a = mu: d/dmu = (a - mu) / sigma^2 = 0 and d/dlog_std = (a - mu)^2 / sigma^2 - 1 = -1, even as sigma -> 0."""
    close(out[0], np.zeros_like(kwargs["actions"]))
    close(out[1], -np.ones_like(kwargs["actions"]))


LOGITS, ACTIONS = np.array([[1.0, 2.0, 0.5], [0.0, 0.0, 0.0]]), np.array([2, 0])
CAT = dict(logits=LOGITS, actions=ACTIONS)
A, MU, LOG_STD = np.array([[0.5, -1.0], [2.0, 0.0]]), np.zeros((2, 2)), np.array([0.0, -1.0])
GAUSS = dict(actions=A, mu=MU, log_std=LOG_STD)


def action_bads():
    bads = [Bad("actions", v, d) for d, v in [
        ("out of range", np.array([3, 0])), ("negative", np.array([-1, 0])), ("floats 0.5", np.array([0.5, 0.0])),
        ("bools", np.array([True, False])), ("text", "0"), ("None", None), ("complex", np.array([1 + 1j, 0])),
        ("extra axis", np.array([[2, 0]])), ("wrong length", np.array([0, 1, 2])), ("a 2-D index", np.zeros((2, 2), int)),
    ]]  # fmt: skip
    return bads


def gauss_bads():
    bads = [bad for name in GAUSS for bad in invalid_arrays(name, GAUSS[name])]
    bads += [
        Bad("log_std", np.zeros((3, 2, 2)), "extra leading axes"),
        Bad("log_std", np.zeros(3), "wrong D"),
    ]
    bads += [
        Bad("log_std", np.zeros((2, 1)), "(B, 1)"),
        Bad("mu", np.zeros((1, 2)), "fewer rows"),
        Bad("mu", np.zeros(2), "(D,)"),
    ]
    bads += [Bad("actions", np.zeros(2), "(D,) actions"), Bad("log_std", 0.0, "a scalar")]
    return bads


SPECS = [
    Spec("log_softmax", log_softmax, logits_and_actions().map(lambda k: {"logits": k["logits"]}),
         lambda k, out: close(out, brute_log_softmax(k["logits"])), {"logits": LOGITS},
         invalid_arrays("logits", LOGITS) + [Bad("logits", 1.0, "a scalar"), Bad("logits", np.zeros((2, 0)), "no actions")]),
    Spec("log_softmax (huge logits)", log_softmax, logits_and_actions(-1e6, 1e6).map(lambda k: {"logits": k["logits"]}),
         check_shift_invariant, {"logits": LOGITS}, [Bad("logits", [[1e400]], "overflowing")]),
    Spec("softmax", softmax, logits_and_actions().map(lambda k: {"logits": k["logits"]}),
         lambda k, out: close(out, np.exp(brute_log_softmax(k["logits"]))), {"logits": LOGITS}, invalid_arrays("logits", LOGITS)),
    Spec("sample_categorical", lambda probabilities, seed: sample_categorical(probabilities, np.random.default_rng(seed)),
         logits_and_actions().map(lambda k: {"probabilities": np.exp(k["logits"]), "seed": 0}),
         check_samples,
         {"probabilities": np.array([[0.2, 0.8]]), "seed": 0},
         invalid_arrays("probabilities", np.array([[0.2, 0.8]])) + [Bad("probabilities", np.array([[-0.1, 1.1]]), "negative"),
         Bad("probabilities", np.zeros((1, 2)), "all zero"), Bad("probabilities", 0.5, "a scalar")]),
    Spec("sample_categorical (rng)", sample_categorical, st.just({"probabilities": np.array([0.5, 0.5]), "rng": np.random.default_rng(0)}),
         lambda k, out: None, {"probabilities": np.array([0.5, 0.5]), "rng": np.random.default_rng(0)},
         [Bad("rng", 0, "a seed"), Bad("rng", None), Bad("rng", np.random.RandomState(0), "a RandomState")], examples=1),
    Spec("categorical_log_prob", categorical_log_prob, logits_and_actions(),
         lambda k, out: close(out, np.take_along_axis(brute_log_softmax(k["logits"]), k["actions"][..., None], -1)[..., 0]),
         CAT, invalid_arrays("logits", LOGITS) + action_bads()),
    Spec("categorical_log_prob_grad", categorical_log_prob_grad, logits_and_actions(-5, 5),
         lambda k, out: close(out, finite_difference(lambda z: categorical_log_prob(z, k["actions"]).sum(), k["logits"]), atol=1e-6),
         CAT, invalid_arrays("logits", LOGITS) + action_bads()),
    Spec("diag_gaussian_log_prob", diag_gaussian_log_prob, gaussians(),
         lambda k, out: close(out, brute_gaussian(**k)), GAUSS, gauss_bads()),
    Spec("diag_gaussian_log_prob (sigma -> 0)", diag_gaussian_log_prob, tiny_sigmas(),
         lambda k, out: close(out, np.sum(-k["log_std"] - 0.5 * math.log(2 * math.pi), axis=-1), atol=1e-6), GAUSS,
         [Bad("log_std", np.full((2, 2), -np.inf), "-inf")]),
    Spec("diag_gaussian_log_prob_grad", diag_gaussian_log_prob_grad, gaussians(),
         check_gaussian_grad,
         GAUSS, gauss_bads()),
    Spec("diag_gaussian_log_prob_grad (sigma -> 0)", diag_gaussian_log_prob_grad, tiny_sigmas(),
         check_tiny_sigma_grad, GAUSS, []),
]  # fmt: skip

test_valid_inputs_agree_with_the_reference, test_invalid_inputs_raise_naming_the_argument = module_tests(
    SPECS
)
