"""policy_gradient+gae_analysis+theorem: estimators against explicit sums, GAE's lambda-average, the corridor's closed forms."""

import math

import numpy as np
from fuzz_support import (
    Bad,
    Spec,
    floats,
    invalid_arrays,
    invalid_ints,
    invalid_numbers,
    module_tests,
    unit,
    vectors,
)
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from vpg_helpers import gae_analysis as ga
from vpg_helpers import policy_gradient as pg
from vpg_helpers import policy_gradient_theorem as pgt
from vpg_helpers.discounted_policy_gradient import corridor_gradient_terms
from vpg_helpers.envs.short_corridor import exact_gradient, exact_return


def close(out, expected, tol=1e-9):
    np.testing.assert_allclose(out, expected, rtol=tol, atol=tol)


def future(r, gamma):
    return [math.fsum(gamma ** (k - t) * r[k] for k in range(t, len(r))) for t in range(len(r))]


@st.composite
def trajectories_with_grads(draw, max_trajectories=3):
    out_g, out_r, P = [], [], draw(st.integers(1, 3))
    for _ in range(draw(st.integers(1, max_trajectories))):
        T = draw(st.integers(1, 6))
        out_g.append(draw(hnp.arrays(np.float64, (T, P), elements=floats(-5, 5))))
        out_r.append(draw(hnp.arrays(np.float64, T, elements=floats(-5, 5))))
    return dict(
        grad_log_probs=out_g,
        rewards=out_r,
        gamma=draw(unit),
        weight=draw(st.sampled_from(["total", "future"])),
    )


def brute_estimate(grad_log_probs, rewards, gamma, weight):
    total = 0
    for g, r in zip(grad_log_probs, rewards, strict=True):
        w = (
            [math.fsum(gamma**k * x for k, x in enumerate(r))] * len(r)
            if weight == "total"
            else future(r, gamma)
        )
        total = total + sum(g[t] * w[t] for t in range(len(r)))
    return total / len(rewards)


@st.composite
def traj_values(draw):
    r = draw(vectors(1, 8, -10, 10))
    return dict(
        rewards=r,
        values=draw(vectors(len(r), len(r), -10, 10)),
        gamma=draw(unit),
        last_value=draw(floats(-10, 10)),
    )


def brute_gae(rewards, values, gamma, lam, last_value):
    v = [*values, last_value]
    d = [rewards[t] + gamma * v[t + 1] - v[t] for t in range(len(rewards))]
    return [math.fsum((gamma * lam) ** k * d[t + k] for k in range(len(d) - t)) for t in range(len(d))]


G2, R2 = np.array([[1.0, 0.0], [0.0, 2.0]]), np.array([1.0, -1.0])
TRAJ = dict(rewards=np.array([1.0, 2.0]), values=np.array([0.5, 0.0]), gamma=0.9, last_value=0.0)
p_bads = invalid_numbers("p") + [Bad("p", 0.0), Bad("p", 1.0)]

SPECS = [
    Spec("policy_gradient_weights", pg.policy_gradient_weights, st.builds(lambda r, g, w: dict(rewards=r, gamma=g, weight=w), vectors(), unit, st.sampled_from(["total", "future"])),
         lambda k, out: close(out, brute_estimate([np.eye(len(k["rewards"]))], [k["rewards"]], k["gamma"], k["weight"])),
         dict(rewards=R2), invalid_arrays("rewards", R2) + invalid_numbers("gamma") + [Bad("weight", "all"), Bad("weight", None)]),
    Spec("policy_gradient_estimate", pg.policy_gradient_estimate, trajectories_with_grads(),
         lambda k, out: close(out, brute_estimate(**k)), dict(grad_log_probs=[G2], rewards=[R2]),
         [Bad("grad_log_probs", G2, "an array, not a list"), Bad("rewards", [], "no trajectories"), Bad("rewards", [R2, R2], "more rewards than grads"),
          Bad("rewards", [np.ones(3)], "wrong length"), Bad("grad_log_probs", [G2 + 1j], "complex"), Bad("rewards", [R2 > 0], "bool"), Bad("weight", "all")] + invalid_numbers("gamma")),
    Spec("surrogate_loss", pg.surrogate_loss, st.builds(lambda lp, n: dict(log_probs=lp, weights=lp[::-1].copy(), n_trajectories=n), vectors(1, 10, -10, 0), st.integers(1, 5)),
         lambda k, out: close(out, -math.fsum(a * b for a, b in zip(k["log_probs"], k["weights"], strict=True)) / k["n_trajectories"]),
         dict(log_probs=R2, weights=R2, n_trajectories=1), invalid_arrays("log_probs", R2) + invalid_arrays("weights", R2) + invalid_ints("n_trajectories") + [Bad("weights", np.ones(3), "wrong length")]),
    Spec("rewards_to_go_advantages", pg.rewards_to_go_advantages, traj_values(),
         lambda k, out: close(out, [x + k["gamma"] ** (len(k["rewards"]) - t) * k["last_value"] - v for t, (x, v) in enumerate(zip(future(k["rewards"], k["gamma"]), k["values"], strict=True))]),
         TRAJ, invalid_arrays("rewards", TRAJ["rewards"]) + invalid_arrays("values", TRAJ["values"]) + invalid_numbers("gamma") + invalid_numbers("last_value") + [Bad("values", np.ones(3), "wrong length"), Bad("values", None)]),
    Spec("policy_gradient_terms", pg.policy_gradient_terms, trajectories_with_grads(1).map(lambda k: dict(grad_log_probs=k["grad_log_probs"][0], rewards=k["rewards"][0], gamma=k["gamma"])),
         lambda k, out: close(out, brute_estimate([k["grad_log_probs"]], [k["rewards"]], k["gamma"], "future")),
         dict(grad_log_probs=G2, rewards=R2, gamma=1.0), invalid_arrays("grad_log_probs", G2) + invalid_arrays("rewards", R2) + invalid_numbers("gamma")
         + [Bad("grad_log_probs", np.ones(2), "1-D"), Bad("grad_log_probs", np.ones((3, 2)), "wrong T"), Bad("values", np.ones(3), "wrong length"), Bad("values", "0")]),
    Spec("policy_gradient", pg.policy_gradient, st.integers(1, 6).flatmap(lambda B: st.builds(lambda g, a: dict(grad_log_probs=g, advantages=a), hnp.arrays(np.float64, (B, 3), elements=floats()), vectors(B, B))),
         lambda k, out: close(out, [math.fsum(k["advantages"][i] * k["grad_log_probs"][i, j] for i in range(len(k["advantages"]))) / len(k["advantages"]) for j in range(3)]),
         dict(grad_log_probs=G2, advantages=R2), invalid_arrays("grad_log_probs", G2) + invalid_arrays("advantages", R2)
         + [Bad("advantages", np.ones(1), "one advantage for a batch"), Bad("advantages", np.ones((2, 1)), "(B, 1)"), Bad("grad_log_probs", np.ones(2), "1-D")]),
    Spec("n_step_advantages", ga.n_step_advantages, traj_values().flatmap(lambda k: st.integers(1, 10).map(lambda n: {**k, "n": n})),
         lambda k, out: close(out, [math.fsum(k["gamma"] ** j * k["rewards"][t + j] for j in range(min(k["n"], len(k["rewards"]) - t))) + k["gamma"] ** min(k["n"], len(k["rewards"]) - t) * [*k["values"], k["last_value"]][t + min(k["n"], len(k["rewards"]) - t)] - k["values"][t] for t in range(len(k["rewards"]))]),
         {**TRAJ, "n": 1}, invalid_arrays("rewards", TRAJ["rewards"]) + invalid_arrays("values", TRAJ["values"]) + invalid_ints("n") + invalid_numbers("gamma")),
    Spec("lambda_weights", ga.lambda_weights, st.builds(lambda lam, n: dict(lam=lam, n_max=n), unit, st.integers(1, 20)),
         lambda k, out: close(out, [(1 - k["lam"]) * k["lam"] ** (n - 1) for n in range(1, k["n_max"])] + [k["lam"] ** (k["n_max"] - 1)]) or close(out.sum(), 1.0),
         dict(lam=0.5, n_max=3), invalid_numbers("lam") + invalid_ints("n_max") + [Bad("lam", 1.5)]),
    Spec("lambda_weighted_advantages", ga.lambda_weighted_advantages, traj_values().flatmap(lambda k: unit.map(lambda lam: {**k, "lam": lam})),
         lambda k, out: close(out, brute_gae(**k), 1e-8), {**TRAJ, "lam": 0.5},
         invalid_arrays("rewards", TRAJ["rewards"]) + invalid_arrays("values", TRAJ["values"]) + invalid_numbers("lam") + invalid_numbers("gamma") + [Bad("lam", 1.5)]),
    Spec("first_step_gae", ga.first_step_gae, st.builds(lambda d, g, lams: dict(deltas=d, gamma=g, lams=lams), hnp.arrays(np.float64, st.tuples(st.integers(1, 3), st.integers(1, 6)), elements=floats()), unit, vectors(1, 4, 0, 1)),
         lambda k, out: close(out, [[math.fsum((k["gamma"] * lam) ** l * row[l] for l in range(len(row))) for lam in k["lams"]] for row in k["deltas"]]),
         dict(deltas=G2, gamma=0.5, lams=np.array([0.0, 1.0])), invalid_arrays("deltas", G2) + invalid_arrays("lams", np.array([0.0, 1.0])) + invalid_numbers("gamma")
         + [Bad("lams", np.array([1.5]), "lam > 1"), Bad("lams", np.ones((2, 2)), "2-D"), Bad("deltas", np.ones(2), "1-D")]),
    Spec("theorem_gradient", pgt.theorem_gradient, st.builds(lambda p: dict(p=p), st.floats(0.05, 0.95)),
         lambda k, out: close(out, exact_gradient(k["p"], wrt="theta"), 1e-8), dict(p=0.5), p_bads + invalid_numbers("gamma")),
    Spec("expected_estimate", pgt.expected_estimate, st.builds(lambda p: dict(p=p, gamma=1.0, weight="future"), st.floats(0.05, 0.95)),
         lambda k, out: close(out, exact_gradient(k["p"], wrt="theta"), 1e-8), dict(p=0.5, gamma=0.9, weight="total"),
         p_bads + invalid_numbers("gamma") + [Bad("weight", "all"), Bad("weight", None)]),
    Spec("action_baseline_shift", pgt.action_baseline_shift, st.builds(lambda p, b: dict(p=p, baseline=np.repeat(b[:, None], 2, axis=1)), st.floats(0.05, 0.95), vectors(3, 3)),
         lambda k, out: close(out, 0.0, 1e-9), dict(p=0.5, baseline=np.ones((3, 2))),
         p_bads + invalid_arrays("baseline", np.ones((3, 2))) + [Bad("baseline", np.ones(3), "(3,)"), Bad("baseline", 1.0, "a scalar")]),
    Spec("visit_counts", pgt.visit_counts, st.builds(lambda p: dict(p=p), st.floats(0.05, 0.95)),
         lambda k, out: close(out.sum(), -exact_return(k["p"]), 1e-8),  # E[T] = -J(p): every step costs 1
         dict(p=0.5), p_bads + invalid_numbers("gamma")),
    Spec("corridor_gradient_terms", corridor_gradient_terms, st.builds(lambda p, g, n, s, w: dict(p=p, gamma=g, n_episodes=n, seed=s, weight=w), st.floats(0.3, 0.7), unit, st.integers(1, 5), st.integers(0, 99), st.sampled_from(["total", "future", "discounted_future"])),
         lambda k, out: (out.shape == (k["n_episodes"],) and np.all(np.isfinite(out))) or None,
         dict(p=0.5, gamma=0.9, n_episodes=2, seed=0, weight="future"),
         p_bads + invalid_numbers("gamma") + invalid_ints("n_episodes") + invalid_ints("max_steps") + [Bad("weight", "all"), Bad("seed", -1), Bad("seed", "0")], examples=10),
]  # fmt: skip

test_valid_inputs_agree_with_the_reference, test_invalid_inputs_raise_naming_the_argument = module_tests(
    SPECS
)
