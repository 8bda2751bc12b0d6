"""policies+value_fitting: linear softmax and MLP policies, value regression, against sums and finite differences."""

import math

import numpy as np
from fuzz_support import Bad, Spec, floats, invalid_arrays, invalid_ints, invalid_numbers, module_tests
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from vpg_helpers.nn.gradcheck import numerical_gradient
from vpg_helpers.nn.mlp import MLP
from vpg_helpers.policies import linear_softmax as ls
from vpg_helpers.policies.mlp import CategoricalPolicy, GaussianPolicy
from vpg_helpers.policies.simple import lean_policy, random_policy
from vpg_helpers.value_fitting import linear as vl
from vpg_helpers.value_fitting import mlp as vm


def close(out, expected, tol=1e-9):
    np.testing.assert_allclose(out, expected, rtol=tol, atol=tol)


@st.composite
def linear_policies(draw):
    N, D, K = draw(st.integers(1, 4)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    return dict(
        observations=draw(hnp.arrays(np.float64, (N, D), elements=floats(-3, 3))),
        theta=draw(hnp.arrays(np.float64, (D, K), elements=floats(-3, 3))),
        b=draw(hnp.arrays(np.float64, K, elements=floats(-3, 3))),
        actions=draw(hnp.arrays(np.int64, N, elements=st.integers(0, K - 1))),
    )


def brute_log_prob(observations, theta, b, actions):
    out = []
    for s, a in zip(observations.tolist(), actions.tolist(), strict=True):
        z = [math.fsum(s[i] * theta[i][k] for i in range(len(s))) + b[k] for k in range(len(b))]
        out.append(z[a] - math.log(math.fsum(math.exp(x) for x in z)))
    return out


def check_linear_grad(kwargs, out):
    g_theta, g_b = out
    for i in range(len(kwargs["actions"])):
        one = {
            **kwargs,
            "observations": kwargs["observations"][i : i + 1],
            "actions": kwargs["actions"][i : i + 1],
        }
        close(
            g_theta[i],
            numerical_gradient(
                lambda t, one=one: ls.linear_softmax_log_prob(**{**one, "theta": t})[0], kwargs["theta"]
            ),
            1e-6,
        )
        close(
            g_b[i],
            numerical_gradient(
                lambda c, one=one: ls.linear_softmax_log_prob(**{**one, "b": c})[0], kwargs["b"]
            ),
            1e-6,
        )


@st.composite
def policy_batches(draw, gaussian):
    B, obs_dim, out_dim = draw(st.integers(1, 5)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    hidden = tuple(draw(st.lists(st.integers(1, 4), max_size=2)))
    obs = draw(hnp.arrays(np.float64, (B, obs_dim), elements=floats(-2, 2)))
    if gaussian:
        actions = draw(hnp.arrays(np.float64, (B, out_dim), elements=floats(-2, 2)))
    else:
        actions = draw(hnp.arrays(np.int64, B, elements=st.integers(0, out_dim - 1)))
    return dict(sizes=(obs_dim, hidden, out_dim), seed=draw(st.integers(0, 99)), observations=obs, actions=actions,
                advantages=draw(hnp.arrays(np.float64, B, elements=floats(-3, 3))))  # fmt: skip


def make_policy(sizes, seed, gaussian):
    obs_dim, hidden, out_dim = sizes
    cls = GaussianPolicy if gaussian else CategoricalPolicy
    return cls(obs_dim, out_dim, hidden, np.random.default_rng(seed))


def loss_and_grads(gaussian):
    def run(sizes, seed, observations, actions, advantages):
        return make_policy(sizes, seed, gaussian).loss_and_grads(observations, actions, advantages)

    return run


def check_loss_and_grads(gaussian):
    def check(kwargs, out):
        policy = make_policy(kwargs["sizes"], kwargs["seed"], gaussian)
        A, obs, actions = kwargs["advantages"], kwargs["observations"], kwargs["actions"]
        close(
            out[0],
            -math.fsum(a * lp for a, lp in zip(A, policy.log_prob(obs, actions), strict=True)) / len(A),
            1e-9,
        )
        for p, g in zip(policy.params, out[1], strict=True):

            def f(x, p=p):
                saved = p.copy()
                p[...] = x
                value = -float(np.mean(A * policy.log_prob(obs, actions)))
                p[...] = saved
                return value

            close(g, numerical_gradient(f, p.copy()), 1e-5)

    return check


@st.composite
def regressions(draw):
    N, F = draw(st.integers(1, 8)), draw(st.integers(1, 3))
    return dict(weights=draw(hnp.arrays(np.float64, F, elements=floats(-3, 3))), features=draw(hnp.arrays(np.float64, (N, F), elements=floats(-3, 3))),
                targets=draw(hnp.arrays(np.float64, N, elements=floats(-3, 3))))  # fmt: skip


def check_scaling(kwargs, out):
    """Each column's mean and (population) standard deviation, by fsum; a column with std < 1e-12 is constant."""
    for j, column in enumerate(kwargs["features"].T.tolist()):
        mean = math.fsum(column) / len(column)
        std = math.sqrt(math.fsum((x - mean) ** 2 for x in column) / len(column))
        expected = (mean, std) if std >= 1e-12 else (0.0, 1.0)
        close([out[0][j], out[1][j]], expected, 1e-9)


OBS, THETA, B, ACT = np.ones((2, 2)), np.zeros((2, 3)), np.zeros(3), np.array([0, 2])
LIN = dict(observations=OBS, theta=THETA, b=B, actions=ACT)
lin_bads = (
    invalid_arrays("observations", OBS)
    + invalid_arrays("theta", THETA)
    + invalid_arrays("b", B)
    + [
        Bad("theta", np.zeros((3, 3)), "wrong obs_dim"),
        Bad("b", np.zeros(2), "wrong K"),
        Bad("theta", np.zeros(2), "1-D"),
    ]
)
POL = dict(
    sizes=(2, (4,), 2),
    seed=0,
    observations=np.ones((3, 2)),
    actions=np.array([0, 1, 1]),
    advantages=np.ones(3),
)
GPOL = {**POL, "actions": np.zeros((3, 2))}
FEAT, TARG = np.ones((3, 2)), np.array([1.0, 2.0, 3.0])
NET = MLP((2, 4, 1), np.random.default_rng(0))
policy_bads = invalid_arrays("observations", POL["observations"]) + invalid_arrays("advantages", POL["advantages"]) + [
    Bad("advantages", np.ones(1), "one advantage for 3 observations"), Bad("advantages", np.ones((3, 1)), "(B, 1)"),
    Bad("observations", np.ones((3, 3)), "wrong obs_dim"), Bad("sizes", (0, (4,), 2), "obs_dim 0", "obs_dim"), Bad("sizes", (2, "4", 2), "hidden_sizes text", "hidden_sizes")]  # fmt: skip

SPECS = [
    Spec("linear_softmax_logits", ls.linear_softmax_logits, linear_policies().map(lambda k: {key: k[key] for key in ("observations", "theta", "b")}),
         lambda k, out: close(out, k["observations"] @ k["theta"] + k["b"]), {k: LIN[k] for k in ("observations", "theta", "b")}, lin_bads),
    Spec("linear_softmax_log_prob", ls.linear_softmax_log_prob, linear_policies(), lambda k, out: close(out, brute_log_prob(**k), 1e-8), LIN,
         lin_bads + [Bad("actions", np.array([0, 3]), "out of range"), Bad("actions", np.array([0]), "wrong length"), Bad("actions", "0")]),
    Spec("linear_softmax_log_prob_grad", ls.linear_softmax_log_prob_grad, linear_policies(), check_linear_grad, LIN,
         lin_bads + [Bad("actions", np.array([0, 3]), "out of range"), Bad("actions", np.array([0.5, 1.0]), "floats")]),
    Spec("linear_softmax_sample", lambda observations, theta, b, actions: ls.linear_softmax_sample(observations, theta, b, np.random.default_rng(0)), linear_policies(),
         lambda k, out: (out.shape == (len(k["observations"]),) and np.all((out >= 0) & (out < len(k["b"])))) or None, LIN, lin_bads),
    Spec("linear_softmax_policy", ls.linear_softmax_policy, st.just(dict(theta=THETA, b=B)), lambda k, out: None, dict(theta=THETA, b=B),
         invalid_arrays("theta", THETA) + invalid_arrays("b", B) + [Bad("b", np.zeros(2), "wrong K")], examples=1),
    Spec("lean_policy", lean_policy, st.builds(lambda w1, w2, n: dict(angle_weight=w1, angular_velocity_weight=w2, noise=n), floats(), floats(), st.floats(0, 1)),
         lambda k, out: None, dict(), invalid_numbers("angle_weight") + invalid_numbers("angular_velocity_weight") + invalid_numbers("noise") + [Bad("noise", 1.5)]),
    Spec("random_policy", random_policy, st.just(dict(observation=None, rng=np.random.default_rng(0))), lambda k, out: (out in (0, 1)) or None,
         dict(observation=None, rng=np.random.default_rng(0)), [Bad("rng", 0), Bad("rng", None)], examples=1),
    Spec("CategoricalPolicy.loss_and_grads", loss_and_grads(False), policy_batches(False), check_loss_and_grads(False), POL,
         policy_bads + [Bad("sizes", (2, (4,), 0), "no actions", "n_actions"), Bad("actions", np.array([0, 1, 2]), "out of range"), Bad("actions", np.array([0, 1]), "wrong length"), Bad("actions", np.array([0.5, 0, 1]), "floats")], examples=20),
    Spec("GaussianPolicy.loss_and_grads", loss_and_grads(True), policy_batches(True), check_loss_and_grads(True), GPOL,
         policy_bads + invalid_arrays("actions", GPOL["actions"]) + [Bad("sizes", (2, (4,), 0), "no actions", "act_dim"), Bad("actions", np.zeros((3, 3)), "wrong act_dim"), Bad("actions", np.zeros(3), "(B,)")], examples=20),
    Spec("GaussianPolicy", GaussianPolicy, st.just(dict(obs_dim=2, act_dim=1, hidden_sizes=(3,), rng=np.random.default_rng(0))), lambda k, out: None,
         dict(obs_dim=2, act_dim=1, hidden_sizes=(3,), rng=np.random.default_rng(0)),
         invalid_ints("obs_dim") + invalid_ints("act_dim") + invalid_numbers("log_std_init") + [Bad("hidden_sizes", "3"), Bad("rng", 0), Bad("dtype", "int64")], examples=1),
    Spec("linear_features", vl.linear_features, hnp.arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(1, 4)), elements=floats()).map(lambda o: dict(observations=o)),
         lambda k, out: close(out, [[1.0, *row, *(x * x for x in row)] for row in k["observations"].tolist()]), dict(observations=FEAT),
         invalid_arrays("observations", FEAT) + [Bad("observations", np.ones(2), "1-D")]),
    Spec("value_mse", vl.value_mse, regressions().map(lambda k: dict(predictions=k["targets"][::-1].copy(), targets=k["targets"])),
         lambda k, out: close(out, math.fsum((p - t) ** 2 for p, t in zip(k["predictions"], k["targets"], strict=True)) / len(k["targets"])),
         dict(predictions=TARG, targets=TARG), invalid_arrays("predictions", TARG) + invalid_arrays("targets", TARG) + [Bad("predictions", np.ones(2), "wrong length")]),
    Spec("linear_value_mse_grad", vl.linear_value_mse_grad, regressions(),
         lambda k, out: close(out, numerical_gradient(lambda w: vl.value_mse(k["features"] @ w, k["targets"]), k["weights"]), 1e-5),
         dict(weights=np.zeros(2), features=FEAT, targets=TARG), invalid_arrays("weights", np.zeros(2)) + invalid_arrays("features", FEAT) + invalid_arrays("targets", TARG)
         + [Bad("weights", np.zeros(3), "wrong F"), Bad("targets", np.ones(2), "wrong N"), Bad("features", np.ones(3), "1-D")]),
    Spec("feature_scaling", vl.feature_scaling, regressions().map(lambda k: dict(features=k["features"])),
         check_scaling,
         dict(features=FEAT), invalid_arrays("features", FEAT) + [Bad("features", np.ones(2), "1-D")]),
    Spec("fit_linear_value", vl.fit_linear_value, st.just(dict(features=FEAT, targets=TARG, lr=0.1, iterations=3)), lambda k, out: (len(out[1]) == 4) or None,
         dict(features=FEAT, targets=TARG, lr=0.1, iterations=3), invalid_arrays("features", FEAT) + invalid_arrays("targets", TARG) + invalid_numbers("lr") + invalid_ints("iterations")
         + [Bad("lr", -0.1), Bad("weights", np.zeros(3), "wrong F")], examples=1),
    Spec("predict_values", vm.predict_values, hnp.arrays(np.float64, st.tuples(st.integers(1, 500), st.just(2)), elements=floats(-2, 2)).map(lambda o: dict(net=NET, observations=o, chunk=7)),
         lambda k, out: close(out, NET(k["observations"])[:, 0], 1e-12), dict(net=NET, observations=FEAT),
         invalid_arrays("observations", FEAT) + invalid_ints("chunk") + [Bad("net", None), Bad("net", MLP((2, 2), np.random.default_rng(0)), "two outputs"), Bad("observations", np.ones((3, 3)), "wrong obs_dim")], examples=10),
    Spec("mlp_value_mse_grads", vm.mlp_value_mse_grads, st.just(dict(net=NET, observations=FEAT, targets=TARG)), lambda k, out: close(out[0], np.mean((NET(FEAT)[:, 0] - TARG) ** 2)),
         dict(net=NET, observations=FEAT, targets=TARG), invalid_arrays("observations", FEAT) + invalid_arrays("targets", TARG) + [Bad("targets", np.ones(2), "wrong N"), Bad("net", "net")], examples=1),
    Spec("fit_mlp_value", lambda **k: vm.fit_mlp_value(MLP((2, 4, 1), np.random.default_rng(0)) if k.pop("net") == "fresh" else None, **k),
         st.just(dict(net="fresh", observations=FEAT, targets=TARG, lr=0.01, iterations=2)), lambda k, out: (len(out) == 1) or None,
         dict(net="fresh", observations=FEAT, targets=TARG, lr=0.01, iterations=2),
         invalid_arrays("observations", FEAT) + invalid_arrays("targets", TARG) + invalid_numbers("lr") + invalid_ints("iterations") + invalid_ints("batch_size") + invalid_ints("record_every")
         + [Bad("held_out", FEAT, "not a pair"), Bad("held_out", (FEAT, np.ones(2)), "held-out targets of the wrong length"), Bad("seed", -1)], examples=1),
]  # fmt: skip

test_valid_inputs_agree_with_the_reference, test_invalid_inputs_raise_naming_the_argument = module_tests(
    SPECS
)
