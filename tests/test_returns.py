"""vpg_helpers.returns against brute-force definitions and the identities that tie them together."""

import numpy as np
import pytest

from vpg_helpers.discounting import discounted_return
from vpg_helpers.returns import gae_advantages, n_step_returns, rewards_to_go, td_residuals

FUNCTIONS = [rewards_to_go, n_step_returns, td_residuals, gae_advantages]


def brute_rewards_to_go(rewards, gamma, last_value=0.0):
    T = len(rewards)
    return np.array(
        [
            sum(gamma**k * rewards[t + k] for k in range(T - t)) + gamma ** (T - t) * last_value
            for t in range(T)
        ]
    )


def brute_n_step(rewards, values, gamma, n, last_value=0.0):
    T, ext = len(rewards), list(values) + [last_value]
    out = []
    for t in range(T):
        m = min(n, T - t)
        out.append(sum(gamma**k * rewards[t + k] for k in range(m)) + gamma**m * ext[t + m])
    return np.array(out)


def brute_gae(rewards, values, gamma, lam, last_value=0.0):
    T, ext = len(rewards), list(values) + [last_value]
    deltas = [rewards[t] + gamma * ext[t + 1] - ext[t] for t in range(T)]
    return np.array([sum((gamma * lam) ** l * deltas[t + l] for l in range(T - t)) for t in range(T)])


def random_trajectory(seed, T=None):
    rng = np.random.default_rng(seed)
    T = T or int(rng.integers(1, 30))
    return (
        rng.normal(size=T),
        rng.normal(size=T),
        float(rng.uniform()),
        float(rng.uniform()),
        float(rng.normal()),
    )


@pytest.mark.parametrize("seed", range(20))
def test_against_brute_force(seed):
    rewards, values, gamma, lam, last_value = random_trajectory(seed)
    n = 1 + seed % 7
    np.testing.assert_allclose(
        rewards_to_go(rewards, gamma, last_value), brute_rewards_to_go(rewards, gamma, last_value)
    )
    np.testing.assert_allclose(
        n_step_returns(rewards, values, gamma, n, last_value),
        brute_n_step(rewards, values, gamma, n, last_value),
    )
    np.testing.assert_allclose(
        gae_advantages(rewards, values, gamma, lam, last_value),
        brute_gae(rewards, values, gamma, lam, last_value),
    )


def test_discounted_return_is_first_reward_to_go():
    rewards, _, gamma, _, _ = random_trajectory(3)
    assert discounted_return(rewards, gamma) == pytest.approx(rewards_to_go(rewards, gamma)[0])
    assert discounted_return(rewards) == pytest.approx(rewards.sum())


@pytest.mark.parametrize("seed", range(10))
def test_identities(seed):
    rewards, values, gamma, _, last_value = random_trajectory(seed, T=12)
    deltas = td_residuals(rewards, values, gamma, last_value)
    rtg = rewards_to_go(rewards, gamma, last_value)
    # GAE at lambda = 0 is the TD residual; at lambda = 1 it is rewards-to-go minus the baseline.
    np.testing.assert_allclose(gae_advantages(rewards, values, gamma, 0.0, last_value), deltas)
    np.testing.assert_allclose(gae_advantages(rewards, values, gamma, 1.0, last_value), rtg - values)
    # n = 1 is the TD target; n >= T is the Monte-Carlo return.
    np.testing.assert_allclose(n_step_returns(rewards, values, gamma, 1, last_value), deltas + values)
    np.testing.assert_allclose(n_step_returns(rewards, values, gamma, 12, last_value), rtg)
    np.testing.assert_allclose(n_step_returns(rewards, values, gamma, 1000, last_value), rtg)
    # Rewards-to-go satisfy their own recursion.
    np.testing.assert_allclose(rtg[:-1], rewards[:-1] + gamma * rtg[1:])


def test_truncation_bootstraps_and_termination_does_not():
    rewards, values = np.ones(4), np.full(4, 5.0)
    terminated = rewards_to_go(rewards, 0.9)  # last_value = 0: nothing after s_T
    truncated = rewards_to_go(rewards, 0.9, last_value=10.0)
    np.testing.assert_allclose(truncated - terminated, 10.0 * 0.9 ** np.arange(4, 0, -1))
    adv_term = gae_advantages(rewards, values, 0.9, 0.95)
    adv_trunc = gae_advantages(rewards, values, 0.9, 0.95, last_value=10.0)
    assert adv_term[-1] == pytest.approx(1.0 - 5.0)
    assert adv_trunc[-1] == pytest.approx(1.0 + 0.9 * 10.0 - 5.0)


def test_gamma_zero_and_single_step():
    np.testing.assert_allclose(rewards_to_go([1.0, 2.0, 3.0], 0.0, last_value=9.0), [1.0, 2.0, 3.0])
    np.testing.assert_allclose(rewards_to_go([2.0], 0.5, last_value=4.0), [4.0])
    np.testing.assert_allclose(gae_advantages([2.0], [1.0], 0.5, 0.3, last_value=4.0), [3.0])


def test_empty_trajectory_gives_empty_result():
    assert rewards_to_go([], 0.9).shape == (0,)
    assert gae_advantages([], [], 0.9, 0.9).shape == (0,)


@pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f.__name__)
def test_inputs_are_not_mutated_and_output_is_new(fn):
    rewards, values = np.array([1.0, 2.0, 3.0]), np.array([0.5, 0.5, 0.5])
    args = {
        "rewards_to_go": (rewards, 0.9),
        "n_step_returns": (rewards, values, 0.9, 2),
        "td_residuals": (rewards, values, 0.9),
        "gae_advantages": (rewards, values, 0.9, 0.8),
    }[fn.__name__]
    before = [np.copy(a) if isinstance(a, np.ndarray) else a for a in args]
    out = fn(*args)
    for a, b in zip(args, before, strict=True):
        np.testing.assert_array_equal(a, b)
    assert (
        out.dtype == np.float64 and not np.shares_memory(out, rewards) and not np.shares_memory(out, values)
    )


def test_integer_and_list_inputs_work():
    np.testing.assert_allclose(rewards_to_go([1, 1], 1), [2.0, 1.0])


BAD = [
    (lambda: rewards_to_go([1.0, 2.0], 1.5), ValueError, "gamma"),
    (lambda: rewards_to_go([1.0, 2.0], -0.1), ValueError, "gamma"),
    (lambda: rewards_to_go([1.0, np.nan], 0.9), ValueError, "rewards"),
    (lambda: rewards_to_go([1.0, np.inf], 0.9), ValueError, "rewards"),
    (lambda: rewards_to_go([[1.0, 2.0]], 0.9), ValueError, "rewards"),
    (lambda: rewards_to_go("abc", 0.9), TypeError, "rewards"),
    (lambda: rewards_to_go([1.0], "0.9"), TypeError, "gamma"),
    (lambda: rewards_to_go([1.0], 0.9, last_value=np.nan), ValueError, "last_value"),
    (lambda: rewards_to_go([1.0], 0.9, last_value=[1.0, 2.0]), TypeError, "last_value"),
    (lambda: n_step_returns([1.0, 2.0], [0.0], 0.9, 1), ValueError, "values"),
    (lambda: n_step_returns([1.0, 2.0], [0.0, 0.0], 0.9, 0), ValueError, "n"),
    (lambda: n_step_returns([1.0, 2.0], [0.0, 0.0], 0.9, 1.5), TypeError, "n"),
    (lambda: n_step_returns([1.0, 2.0], [0.0, 0.0], 0.9, True), TypeError, "n"),
    (lambda: td_residuals([1.0, 2.0], [0.0, 0.0, 0.0], 0.9), ValueError, "values"),
    (lambda: gae_advantages([1.0, 2.0], [0.0, 0.0], 0.9, 1.2), ValueError, "lam"),
    (lambda: gae_advantages([1.0, 2.0], [0.0, np.nan], 0.9, 0.5), ValueError, "values"),
    (lambda: discounted_return([1.0], gamma=2.0), ValueError, "gamma"),
]


@pytest.mark.parametrize("call,error,name", BAD)
def test_bad_input_names_the_argument(call, error, name):
    with pytest.raises(error, match=rf"\b{name}\b"):
        call()
