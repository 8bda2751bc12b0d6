"""returns+discounting: fuzzed against brute-force sums (the double loops of each definition)."""

import numpy as np
from fuzz_support import (
    Bad,
    Spec,
    floats,
    invalid_arrays,
    invalid_ints,
    invalid_numbers,
    module_tests,
    overflowing,
    unit,
    vectors,
)
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from vpg_helpers.discounting import discount_weights, discounted_cumsum, discounted_return
from vpg_helpers.returns import (
    gae_advantages,
    gae_advantages_batch,
    n_step_returns,
    rewards_to_go,
    td_residuals,
)


def close(out, expected):
    assert isinstance(out, np.ndarray) and out.dtype == np.float64, type(out)
    np.testing.assert_allclose(out, expected, rtol=1e-9, atol=1e-9)


def brute_rewards_to_go(r, gamma, last):
    T = len(r)
    return [sum(gamma**k * r[t + k] for k in range(T - t)) + gamma ** (T - t) * last for t in range(T)]


def brute_n_step(r, v, gamma, n, last):
    T, v_ext = len(r), [*v, last]
    out = []
    for t in range(T):
        m = min(n, T - t)
        out.append(sum(gamma**k * r[t + k] for k in range(m)) + gamma**m * v_ext[t + m])
    return out


def brute_deltas(r, v, gamma, last):
    v_ext = [*v, last]
    return [r[t] + gamma * v_ext[t + 1] - v_ext[t] for t in range(len(r))]


def brute_gae(r, v, gamma, lam, last):
    d = brute_deltas(r, v, gamma, last)
    return [sum((gamma * lam) ** k * d[t + k] for k in range(len(r) - t)) for t in range(len(r))]


def brute_gae_batch(rewards, values, next_values, dones, gamma, lam):
    r, v, nv = rewards, values, next_values
    T, N = r.shape
    out = np.zeros((T, N))
    for n in range(N):
        for t in range(T):
            weight = 1.0
            for k in range(t, T):
                out[t, n] += weight * (r[k, n] + gamma * nv[k, n] - v[k, n])
                if dones[k, n]:
                    break
                weight *= gamma * lam
    return out


@st.composite
def trajectories(draw, with_values=True):
    r = draw(vectors())
    kwargs = dict(rewards=r, gamma=draw(unit), last_value=draw(floats()))
    if with_values:
        kwargs["values"] = draw(vectors(len(r), len(r)))
    return kwargs


@st.composite
def batches(draw):
    T, N = draw(st.integers(1, 6)), draw(st.integers(1, 3))
    matrix = hnp.arrays(np.float64, (T, N), elements=floats())
    arr = lambda: draw(matrix)  # noqa: E731
    dones = np.reshape(draw(st.lists(st.booleans(), min_size=T * N, max_size=T * N)), (T, N))
    return dict(rewards=arr(), values=arr(), next_values=arr(), dones=dones, gamma=draw(unit), lam=draw(unit))


R, V = np.array([1.0, -2.0, 3.0]), np.array([0.5, 0.0, -1.0])
TRAJ = dict(rewards=R, values=V, gamma=0.9, last_value=2.0)
BATCH = dict(
    rewards=np.ones((4, 2)), values=np.zeros((4, 2)), next_values=np.ones((4, 2)),
    dones=np.array([[0, 0], [1, 0], [0, 0], [0, 1]], dtype=bool), gamma=0.9, lam=0.8,
)  # fmt: skip


def trajectory_bads(*arrays, scalars=("gamma", "last_value")):
    bads = [bad for name in arrays for bad in invalid_arrays(name, TRAJ[name])]
    bads += overflowing("rewards", TRAJ["rewards"]) + [
        bad for name in scalars for bad in invalid_numbers(name)
    ]
    bads += [Bad("gamma", 1.5, "gamma > 1"), Bad("gamma", -0.1, "gamma < 0")]
    bads += [Bad(name, np.ones((3, 1)), "a (T, 1) column") for name in arrays]
    if "values" in arrays:
        bads += [Bad("values", np.ones(2), "T - 1 values"), Bad("values", np.float64(1.0), "a scalar")]
    return bads


def batch_bads():
    bads = [bad for name in ("rewards", "values", "next_values") for bad in invalid_arrays(name, BATCH[name])]
    bads += overflowing("rewards", BATCH["rewards"]) + [
        bad for name in ("gamma", "lam") for bad in invalid_numbers(name)
    ]
    bads += [Bad("values", np.zeros(2), "(N,) values"), Bad("values", np.zeros((4, 1)), "(T, 1) values")]
    bads += [Bad("next_values", 0.0, "a scalar"), Bad("dones", np.full((4, 2), 2), "dones = 2")]
    bads += [Bad("dones", np.full((4, 2), 0.5), "dones = 0.5"), Bad("dones", "no", "text")]
    bads += [Bad("dones", np.zeros(4, bool), "(T,) dones"), Bad("gamma", 1.5), Bad("lam", -0.5)]
    bads += [Bad("rewards", np.ones((4, 2, 1)), "an extra axis")]
    return bads


SPECS = [
    Spec(
        "rewards_to_go", rewards_to_go, trajectories(with_values=False),
        lambda k, out: close(out, brute_rewards_to_go(k["rewards"], k["gamma"], k["last_value"])),
        {k: TRAJ[k] for k in ("rewards", "gamma", "last_value")}, trajectory_bads("rewards"),
    ),
    Spec(
        "n_step_returns", n_step_returns, trajectories().flatmap(lambda k: st.integers(1, 14).map(lambda n: {**k, "n": n})),
        lambda k, out: close(out, brute_n_step(k["rewards"], k["values"], k["gamma"], k["n"], k["last_value"])),
        {**TRAJ, "n": 2}, trajectory_bads("rewards", "values") + invalid_ints("n"),
    ),
    Spec(
        "td_residuals", td_residuals, trajectories(),
        lambda k, out: close(out, brute_deltas(k["rewards"], k["values"], k["gamma"], k["last_value"])),
        TRAJ, [b for b in trajectory_bads("rewards", "values") if not b.description.startswith("1.7e308")]  # no sum: finite,
    ),
    Spec(
        "gae_advantages", gae_advantages, trajectories().flatmap(lambda k: unit.map(lambda lam: {**k, "lam": lam})),
        lambda k, out: close(out, brute_gae(k["rewards"], k["values"], k["gamma"], k["lam"], k["last_value"])),
        {**TRAJ, "lam": 0.9}, trajectory_bads("rewards", "values", scalars=("gamma", "lam", "last_value")),
    ),
    Spec(
        "gae_advantages_batch", gae_advantages_batch, batches(),
        lambda k, out: close(out, brute_gae_batch(**k)), BATCH, batch_bads(),
    ),
    Spec(
        "discounted_cumsum", discounted_cumsum,
        st.builds(lambda x, d, last: dict(x=x, discount=d, last=last), vectors(), unit, floats()),
        lambda k, out: close(out, brute_rewards_to_go(k["x"], k["discount"], k["last"])),
        dict(x=R, discount=0.9, last=1.0),
        invalid_arrays("x", R) + overflowing("x", R) + invalid_numbers("last") + invalid_arrays("discount", np.full(3, 0.5))
        + [Bad("discount", 1.5), Bad("discount", np.ones(2) * 0.5, "wrong length"), Bad("last", np.ones(2), "wrong shape")],
    ),
    Spec(
        "discount_weights", discount_weights, st.builds(lambda g, T: dict(gamma=g, T=T), unit, st.integers(1, 50)),
        lambda k, out: close(out, [k["gamma"] ** t for t in range(k["T"])]),
        dict(gamma=0.5, T=3), invalid_numbers("gamma") + invalid_ints("T") + [Bad("gamma", 2.0)],
    ),
    Spec(
        "discounted_return", discounted_return, st.builds(lambda r, g: dict(rewards=r, gamma=g), vectors(), unit),
        lambda k, out: np.testing.assert_allclose(out, sum(k["gamma"] ** t * x for t, x in enumerate(k["rewards"])), atol=1e-9),
        dict(rewards=R, gamma=0.5), invalid_arrays("rewards", R) + overflowing("rewards", R) + invalid_numbers("gamma") + [Bad("rewards", np.ones((2, 2)), "2-D")],
    ),
]  # fmt: skip

test_valid_inputs_agree_with_the_reference, test_invalid_inputs_raise_naming_the_argument = module_tests(
    SPECS
)
