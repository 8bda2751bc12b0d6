"""envs+random_walk: the corridor, the tabular MDP and the random walk against closed forms, iteration and loops."""

import math

import numpy as np
from fuzz_support import Bad, Spec, invalid_arrays, invalid_ints, invalid_numbers, module_tests, unit
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from vpg_helpers import random_walk
from vpg_helpers.envs import short_corridor as sc
from vpg_helpers.envs.exact_mdp import TabularMDP, exact_values, random_mdp, sample_rollouts

p_open = st.floats(0.05, 0.95)


def corridor_J(p):
    return (2 * p - 4) / (p * (1 - p))  # Sutton & Barto Example 13.1, gamma = 1


def corridor_values_by_iteration(p, gamma):
    """v = r + gamma P v by repeated substitution (converges: every policy ends the episode)."""
    v = [0.0, 0.0, 0.0]
    for _ in range(20_000):
        v = [
            -1 + gamma * ((1 - p) * v[0] + p * v[1]),
            -1 + gamma * (p * v[0] + (1 - p) * v[2]),
            -1 + gamma * ((1 - p) * v[1]),
        ]
    return v


def step_table(s, a):
    if s == 1:
        return 0 if a == 1 else 2
    return s + 1 if a == 1 else max(s - 1, 0)


def mdp_by_iteration(mdp):
    V = np.zeros(len(mdp.rewards))
    for _ in range(3000):
        V = np.array(
            [
                sum(
                    mdp.policy[s, a] * (mdp.rewards[s, a] + mdp.gamma * mdp.transitions[s, a] @ V)
                    for a in range(mdp.rewards.shape[1])
                )
                for s in range(len(V))
            ]
        )
    Q = mdp.rewards + mdp.gamma * np.einsum("sat,t->sa", mdp.transitions, V)
    return V, Q, Q - V[:, None]


def td_by_episodes(n, alpha, episodes, runs, seed):
    """Figure 7.2's error by n_step_td_episode, one run and one episode at a time, on the same walks."""
    walks = random_walk._walks(episodes, runs, np.random.default_rng(seed))
    errors = np.zeros((episodes, runs))
    for r in range(runs):
        V = np.zeros(random_walk.N_STATES)
        for e, pos in enumerate(walks):
            path = pos[r].tolist()
            T = next(t for t, x in enumerate(path) if x in (0, random_walk.N_STATES + 1))
            rewards = [0.0] * (T - 1) + [1.0 if path[T] else -1.0]
            V = random_walk.n_step_td_episode(V, np.array(path[:T]) - 1, rewards, n, alpha)
            errors[e, r] = math.sqrt(np.mean((V - random_walk.TRUE_VALUES) ** 2))
    return errors.mean()


MDP = random_mdp(n_states=3, n_actions=2, seed=0)
FIELDS = dict(
    transitions=MDP.transitions, rewards=MDP.rewards, policy=MDP.policy, gamma=0.9, reward_noise=1.0
)
TD_EPISODE = dict(values=np.zeros(19), states=np.array([9, 10]), rewards=np.array([0.0, 1.0]), n=1, alpha=0.5)
p_bads = invalid_numbers("p") + [Bad("p", 0.0, "p = 0"), Bad("p", 1.0, "p = 1")]
seed_bads = [Bad("seed", -1), Bad("seed", 1.5), Bad("seed", "0"), Bad("seed", None)]

SPECS = [
    Spec("exact_state_values", sc.exact_state_values, st.builds(lambda p, g: dict(p=p, gamma=g), p_open, st.floats(0, 0.99) | st.just(1.0)),
         lambda k, out: np.testing.assert_allclose(out, corridor_values_by_iteration(k["p"], k["gamma"]), rtol=1e-6),
         dict(p=0.5), p_bads + invalid_numbers("gamma") + [Bad("gamma", 1.5)], examples=15),
    Spec("exact_return", sc.exact_return, st.builds(lambda p: dict(p=p), p_open),
         lambda k, out: np.testing.assert_allclose(out, corridor_J(k["p"]), rtol=1e-9), dict(p=0.5), p_bads + invalid_numbers("gamma")),
    Spec("exact_gradient", sc.exact_gradient, st.builds(lambda p, w: dict(p=p, wrt=w), p_open, st.sampled_from(["p", "theta"])),
         lambda k, out: np.testing.assert_allclose(out, (corridor_J(k["p"] + 1e-6) - corridor_J(k["p"] - 1e-6)) / 2e-6 * (k["p"] * (1 - k["p"]) if k["wrt"] == "theta" else 1), rtol=1e-5, atol=1e-5),
         dict(p=0.5), p_bads + invalid_numbers("gamma") + [Bad("wrt", "q"), Bad("wrt", None), Bad("wrt", ["p"], "a list")]),
    Spec("step", sc.step, st.integers(1, 8).flatmap(lambda n: st.builds(lambda s, a: dict(states=s, actions=a), hnp.arrays(np.int64, n, elements=st.integers(0, 2)), hnp.arrays(np.int64, n, elements=st.integers(0, 1)))),
         lambda k, out: np.testing.assert_array_equal(out, [step_table(s, a) for s, a in zip(k["states"], k["actions"], strict=True)]),
         dict(states=np.array([0, 1]), actions=np.array([1, 0])),
         [Bad("states", v, d) for d, v in [("5", np.array([5, 0])), ("the terminal 3", np.array([3, 0])), ("-1", np.array([-1, 0])), ("floats", np.array([0.5, 1.0])), ("text", "0"), ("None", None), ("bools", np.array([True, False]))]]
         + [Bad("actions", v, d) for d, v in [("2", np.array([2, 0])), ("-1", np.array([-1, 0])), ("wrong length", np.array([1])), ("floats", np.array([0.5, 1.0])), ("None", None)]]),
    Spec("sample_episodes", sc.sample_episodes, st.builds(lambda p, n, s: dict(p=p, n_episodes=n, seed=s), st.floats(0.2, 0.8), st.integers(1, 5), st.integers(0, 99)),
         lambda k, out: [(tau.terminated and len(tau) == -tau.total_return and np.all(np.isin(tau.actions, [0, 1])) or None) for tau in out] and None,
         dict(p=0.5, n_episodes=2, seed=0), p_bads + invalid_ints("n_episodes") + seed_bads + invalid_ints("max_steps"), examples=10),
    Spec("sample_gradient_estimates", sc.sample_gradient_estimates, st.builds(lambda p, b, n: dict(p=p, batch_size=b, n_estimates=n), st.floats(0.3, 0.7), st.integers(1, 4), st.integers(1, 4)),
         lambda k, out: (out.shape == (k["n_estimates"],)) or None,
         dict(p=0.5, batch_size=2, n_estimates=2), p_bads + invalid_ints("batch_size") + invalid_ints("n_estimates") + seed_bads + [Bad("weight", "all")], examples=10),
    Spec("TabularMDP", TabularMDP, st.just(FIELDS), lambda k, out: None, FIELDS,
         invalid_arrays("transitions", MDP.transitions) + invalid_arrays("rewards", MDP.rewards) + invalid_arrays("policy", MDP.policy)
         + invalid_numbers("gamma") + invalid_numbers("reward_noise")
         + [Bad("transitions", 3 * MDP.transitions, "rows summing to 3"), Bad("transitions", MDP.transitions[:2], "wrong shape"),
            Bad("policy", -MDP.policy, "negative"), Bad("policy", MDP.policy[:, :1], "wrong shape"), Bad("rewards", np.zeros(3), "1-D"),
            Bad("gamma", 1.5), Bad("gamma", 1.0, "gamma = 1"), Bad("reward_noise", -1.0)], examples=1),
    Spec("random_mdp", random_mdp, st.builds(lambda s, a, c, g, seed: dict(n_states=s, n_actions=a, concentration=c, gamma=g, seed=seed), st.integers(1, 5), st.integers(1, 3), st.floats(0.1, 5), st.floats(0, 0.95), st.integers(0, 99)),
         lambda k, out: np.testing.assert_allclose(out.transitions.sum(-1), 1.0) or np.testing.assert_allclose(out.policy.sum(-1), 1.0),
         dict(), invalid_ints("n_states") + invalid_ints("n_actions") + invalid_numbers("gamma") + invalid_numbers("reward_noise") + invalid_numbers("concentration")
         + seed_bads + [Bad("concentration", 0.0), Bad("reward_noise", -1.0), Bad("gamma", 1.0)], examples=20),
    Spec("exact_values", exact_values, st.builds(lambda s, a, g, seed: dict(mdp=random_mdp(s, a, g, seed=seed)), st.integers(1, 4), st.integers(1, 3), st.floats(0, 0.9), st.integers(0, 99)),
         lambda k, out: [np.testing.assert_allclose(a, b, atol=1e-8) for a, b in zip(out, mdp_by_iteration(k["mdp"]), strict=True)] and None,
         dict(mdp=MDP), [Bad("mdp", None), Bad("mdp", FIELDS, "a dict"), Bad("mdp", "mdp")], examples=10),
    Spec("sample_rollouts", sample_rollouts, st.builds(lambda n, h: dict(mdp=MDP, first_states=np.zeros(n, int), first_actions=np.ones(n, int), horizon=h), st.integers(1, 4), st.integers(1, 5)),
         lambda k, out: (out.states.shape == (len(k["first_states"]), k["horizon"] + 1) and np.all(out.actions[:, 0] == 1) and np.all(out.states < 3)) or None,
         dict(mdp=MDP, first_states=np.array([0, 1]), first_actions=None, horizon=2),
         [Bad("mdp", None), Bad("first_states", np.array([3, 0]), "out of range"), Bad("first_states", np.array([0.0, 1.0]), "floats"), Bad("first_states", np.zeros((2, 1), int), "2-D"),
          Bad("first_actions", np.array([2, 0]), "out of range"), Bad("first_actions", np.array([0]), "wrong length"), Bad("first_actions", "1")] + invalid_ints("horizon") + seed_bads, examples=10),
    Spec("random_walk_episode", random_walk.random_walk_episode, st.builds(lambda s: dict(seed=s), st.integers(0, 10_000)),
         lambda k, out: (np.all(np.abs(np.diff(out[0])) == 1) and out[0][0] == 9 and abs(out[1][-1]) == 1 and not np.any(out[1][:-1])) or None,
         dict(seed=0), seed_bads),
    Spec("n_step_td_episode", random_walk.n_step_td_episode, st.builds(lambda s, n, a: dict(values=np.linspace(-1, 1, 19), states=s[0], rewards=s[1], n=n, alpha=a), st.integers(0, 50).map(random_walk.random_walk_episode), st.integers(1, 30), unit),
         lambda k, out: np.testing.assert_allclose(out, brute_td(**k), atol=1e-12),
         TD_EPISODE, invalid_arrays("values", np.zeros(19)) + invalid_arrays("rewards", np.zeros(2)) + invalid_ints("n") + invalid_numbers("alpha")
         + [Bad("values", np.zeros(18), "18 states"), Bad("states", np.array([19, 0]), "out of range"), Bad("states", np.array([9.0, 10.0]), "floats"), Bad("states", None), Bad("rewards", np.zeros(3), "wrong length"), Bad("alpha", 1.5)]),
    Spec("n_step_td_rms_error", random_walk.n_step_td_rms_error, st.builds(lambda n, a, e, r, s: dict(n=n, alpha=a, episodes=e, runs=r, seed=s), st.integers(1, 16), unit, st.integers(1, 3), st.integers(1, 3), st.integers(0, 99)),
         lambda k, out: np.testing.assert_allclose(out, td_by_episodes(**k), rtol=1e-9),
         dict(n=2, alpha=0.4, episodes=2, runs=2), invalid_ints("n") + invalid_numbers("alpha") + invalid_ints("episodes") + invalid_ints("runs") + seed_bads + [Bad("alpha", 1.5)], examples=20),
]  # fmt: skip


def brute_td(values, states, rewards, n, alpha):
    """Sutton & Barto's n-step TD, section 7.1, with gamma = 1 and V(terminal) = 0, in plain Python."""
    V, T = list(values), len(states)
    for tau in range(T):
        G = sum(rewards[tau : min(tau + n, T)]) + (V[states[tau + n]] if tau + n < T else 0.0)
        V[states[tau]] += alpha * (G - V[states[tau]])
    return V


test_valid_inputs_agree_with_the_reference, test_invalid_inputs_raise_naming_the_argument = module_tests(
    SPECS
)
