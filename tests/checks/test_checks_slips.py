"""Issue 12's slips, each written the way a learner would write it, get their own diagnosis.

None of these functions is copied from the checks' lists of classic mistakes: they are loops and one-liners as
a learner writes them. Each test asserts the hint aimed at that slip (a phrase no other hint of the check uses).
"""

import numpy as np
import pytest

from vpg_helpers import checks


def first_failure(check, fn, capsys):
    assert check(fn) is False
    return capsys.readouterr().out


# ---- notebook 01: the agent-environment loop ----------------------------------------------------------------


def episode_hard_coded_500_terminated_only(env, policy, seed):
    rng = np.random.default_rng(seed)
    obs, info = env.reset(seed=seed)
    rewards = []
    for _step in range(500):
        obs, reward, terminated, truncated, info = env.step(policy(obs, rng))
        rewards.append(reward)
        if terminated:
            break
    return np.array(rewards)


def episode_hard_coded_500(env, policy, seed):
    rng = np.random.default_rng(seed)
    obs, info = env.reset(seed=seed)
    rewards = []
    for _step in range(500):
        obs, reward, terminated, truncated, info = env.step(policy(obs, rng))
        rewards.append(reward)
        if terminated or truncated:
            break
    return np.array(rewards)


def episode(env, policy, seed, rng, recorded=lambda reward: reward):
    """A learner's episode loop with the rng it was given, recording ``recorded(reward)`` at each step."""
    obs, info = env.reset(seed=seed)
    rewards, done = [], False
    while not done:
        obs, reward, terminated, truncated, info = env.step(policy(obs, rng))
        rewards.append(recorded(reward))
        done = terminated or truncated
    return np.array(rewards)


def episode_unseeded(env, policy, seed):
    return episode(env, policy, seed, np.random.default_rng())


def episode_seed_zero(env, policy, seed):
    return episode(env, policy, seed, np.random.default_rng(0))


def episode_counts_steps(env, policy, seed):
    return episode(
        env, policy, seed, np.random.default_rng(seed), recorded=lambda reward: 1.0
    )  # "+1 per step"


# ---- returns (notebooks 01, 03) ---------------------------------------------------------------------------------


def discounted_return_forward_loop(rewards, gamma):
    G = 0.0
    for r in rewards:
        G = r + gamma * G
    return G


def rtg_sutton_barto_literally(rewards, gamma, last_value=0.0):
    T = len(rewards)
    out = np.zeros(T)
    for t in range(T):  # G_t = R_{t+1} + gamma R_{t+2} + ...
        out[t] = (
            sum(gamma**k * rewards[t + 1 + k] for k in range(T - t - 1)) + gamma ** (T - t - 1) * last_value
        )
    return out


def rtg_last_value_one_power_short(rewards, gamma, last_value=0.0):
    T = len(rewards)
    return np.array(
        [
            sum(gamma ** (k - t) * rewards[k] for k in range(t, T)) + gamma ** (T - t - 1) * last_value
            for t in range(T)
        ]
    )


def rtg_last_value_one_power_long(rewards, gamma, last_value=0.0):
    out, running = np.zeros(len(rewards)), gamma * last_value
    for t in reversed(range(len(rewards))):
        running = rewards[t] + gamma * running
        out[t] = running
    return out


# ---- notebook 05: n-step returns and n-step TD ---------------------------------------------------------------------


def n_step(rewards, values, gamma, n, last_value, bootstrap_weight):
    """A learner's loop with the weight of the bootstrap value chosen by ``bootstrap_weight(m, reaches_end)``."""
    T = len(rewards)
    V = list(values) + [last_value]
    out = np.zeros(T)
    for t in range(T):
        m = min(n, T - t)
        G = sum(gamma**k * rewards[t + k] for k in range(m))
        out[t] = G + bootstrap_weight(m, t + m == T) * V[t + m]
    return out


def n_step_monte_carlo_shortcut(rewards, values, gamma, n, last_value=0.0):
    from vpg_helpers.returns import rewards_to_go

    if n >= len(rewards):
        return rewards_to_go(rewards, gamma)
    return n_step(rewards, values, gamma, n, last_value, lambda m, end: gamma**m)


def n_step_gamma_n(rewards, values, gamma, n, last_value=0.0):
    return n_step(rewards, values, gamma, n, last_value, lambda m, end: gamma**n)


def n_step_last_value_undiscounted(rewards, values, gamma, n, last_value=0.0):
    return n_step(rewards, values, gamma, n, last_value, lambda m, end: 1.0 if end else gamma**m)


def n_step_last_value_power_short(rewards, values, gamma, n, last_value=0.0):
    return n_step(rewards, values, gamma, n, last_value, lambda m, end: gamma ** (m - 1) if end else gamma**m)


def n_step_td_last_reward_only(values, states, rewards, n, alpha):
    V = np.array(values, dtype=float)
    T = len(states)
    for tau in range(T):
        m = min(n, T - tau)
        G = rewards[tau + m - 1] + (V[states[tau + m]] if tau + m < T else 0.0)
        V[states[tau]] += alpha * (G - V[states[tau]])
    return V


# ---- notebook 06: GAE ----------------------------------------------------------------------------------------------


def gae(rewards, values, gamma, lam, next_value_of, start):
    T = len(rewards)
    adv = np.zeros(T)
    A = start
    for t in reversed(range(T)):
        delta = rewards[t] + gamma * next_value_of(t) - values[t]
        A = delta + gamma * lam * A
        adv[t] = A
    return adv


def gae_starts_from_last_value(rewards, values, gamma, lam, last_value=0.0):
    nxt = np.append(values[1:], last_value)
    return gae(rewards, values, gamma, lam, lambda t: nxt[t], start=last_value)


def gae_bootstraps_only_through_a_T(rewards, values, gamma, lam, last_value=0.0):
    nxt = np.append(values[1:], 0.0)
    return gae(rewards, values, gamma, lam, lambda t: nxt[t], start=last_value)


def gae_np_roll(rewards, values, gamma, lam, last_value=0.0):
    nxt = np.roll(values, -1)
    return gae(rewards, values, gamma, lam, lambda t: nxt[t], start=0.0)


# ---- notebook 02: log-likelihoods ----------------------------------------------------------------------------------


def log_prob_one_max_for_the_batch(logits, actions):
    logits = np.asarray(logits, dtype=float)
    shifted = logits - logits.max()
    with np.errstate(divide="ignore"):  # the learner's own log(0), not the checker's
        logp = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))
    return np.take_along_axis(logp, np.asarray(actions)[..., None], axis=-1)[..., 0]


def log_prob_without_the_max(logits, actions):
    logits = np.asarray(logits, dtype=float)
    with np.errstate(over="ignore"):
        logp = logits - np.log(np.sum(np.exp(logits), axis=-1, keepdims=True))
    return np.take_along_axis(logp, np.asarray(actions)[..., None], axis=-1)[..., 0]


def log_prob_normalised_over_axis_0(logits, actions):
    logits = np.atleast_2d(logits)
    m = logits.max(axis=0, keepdims=True)
    logp = logits - m - np.log(np.exp(logits - m).sum(axis=0, keepdims=True))
    return np.take_along_axis(logp, np.asarray(actions).reshape(-1, 1), axis=-1).reshape(np.shape(actions))


# ---- notebook 03: the policy-gradient estimate ------------------------------------------------------------------


def pg_estimate(grad_log_probs, rewards, gamma, weight, per_step_factor, per_trajectory_mean):
    total = 0.0
    for g, r in zip(grad_log_probs, rewards, strict=True):
        T = len(r)
        R = [sum(gamma ** (k - t) * r[k] for k in range(t if weight == "future" else 0, T)) for t in range(T)]
        if weight == "total":
            R = [sum(gamma**k * r[k] for k in range(T))] * T
        term = sum(per_step_factor(t) * R[t] * np.asarray(g[t]) for t in range(T))
        total = total + (term / T if per_trajectory_mean else term)
    return total / len(rewards)


def pg_gamma_t_weights(grad_log_probs, rewards, gamma, weight):
    return pg_estimate(grad_log_probs, rewards, gamma, weight, lambda t: gamma**t, False)


def pg_mean_within_each_trajectory(grad_log_probs, rewards, gamma, weight):
    return pg_estimate(grad_log_probs, rewards, gamma, weight, lambda t: 1.0, True)


def test_the_learners_loop_in_pg_estimate_is_right_without_the_slips(capsys):
    assert checks.check_policy_gradient_estimate(
        lambda g, r, gamma, w: pg_estimate(g, r, gamma, w, lambda t: 1.0, False)
    )


# ---- notebook 07: the batch targets -------------------------------------------------------------------------------


def targets(rewards, values, next_values, dones, gamma, lam, ddof=0, next_row=False):
    T = len(rewards)
    adv, lastgaelam = np.zeros_like(rewards), 0.0
    for t in reversed(range(T)):
        nxt = (values[t + 1] if t + 1 < T else next_values[t]) if next_row else next_values[t]
        delta = rewards[t] + gamma * nxt - values[t]
        lastgaelam = delta + gamma * lam * (1.0 - dones[t]) * lastgaelam
        adv[t] = lastgaelam
    ret, last = np.zeros_like(rewards), 0.0
    for t in reversed(range(T)):
        nxt = (values[t + 1] if t + 1 < T else next_values[t]) if next_row else next_values[t]
        last = rewards[t] + gamma * nxt - values[t] + gamma * (1.0 - dones[t]) * last
        ret[t] = last
    return (adv - adv.mean()) / (adv.std(ddof=ddof) + 1e-8), ret + values


def test_the_learners_targets_loop_is_right_without_the_slips():
    assert checks.check_compute_batch_targets(targets)


SLIPS = [
    (
        checks.check_episode_rewards,
        episode_hard_coded_500_terminated_only,
        "Do not hard-code a number of steps",
    ),
    (checks.check_episode_rewards, episode_hard_coded_500, "stopped after 500 steps"),
    (checks.check_episode_rewards, episode_unseeded, "random numbers are not seeded"),
    (checks.check_episode_rewards, episode_seed_zero, "seeded with a fixed number"),
    (checks.check_episode_rewards, episode_counts_steps, "The rewards are not always 1"),
    (checks.check_discounted_return, discounted_return_forward_loop, "discounts the *first* reward most"),
    (checks.check_rewards_to_go, rtg_sutton_barto_literally, "Sutton & Barto"),
    (checks.check_rewards_to_go, rtg_last_value_one_power_short, "one power too few"),
    (checks.check_rewards_to_go, rtg_last_value_one_power_long, "one power too many"),
    (
        checks.check_n_step_returns,
        n_step_monte_carlo_shortcut,
        "rewards_to_go(rewards, gamma) drops last_value",
    ),
    (checks.check_n_step_returns, n_step_gamma_n, "discounted by gamma^n"),
    (checks.check_n_step_returns, n_step_last_value_undiscounted, "last_value is not discounted"),
    (checks.check_n_step_returns, n_step_last_value_power_short, "discounted by the wrong power"),
    (checks.check_n_step_td_episode, n_step_td_last_reward_only, "sums all m rewards of the window"),
    (checks.check_gae_advantages, gae_starts_from_last_value, "The recursion starts from A_T = 0"),
    (checks.check_gae_advantages, gae_bootstraps_only_through_a_T, "weights V(s_T) by gamma * lam"),
    (checks.check_gae_advantages, gae_np_roll, "np.roll(values, -1) wraps around"),
    (checks.check_categorical_log_prob, log_prob_one_max_for_the_batch, "not one max over the whole batch"),
    (checks.check_categorical_log_prob, log_prob_without_the_max, "z_a - log(inf) = -inf"),
    (checks.check_categorical_log_prob, log_prob_normalised_over_axis_0, "not axis 0 (the batch)"),
    (checks.check_policy_gradient_estimate, pg_gamma_t_weights, "extra gamma^t"),
    (checks.check_policy_gradient_estimate, pg_mean_within_each_trajectory, "mean within each trajectory"),
    (
        checks.check_compute_batch_targets,
        lambda *args: targets(*args, ddof=1),
        "population std",
    ),
    (
        checks.check_compute_batch_targets,
        lambda *args: targets(*args, next_row=True),
        "Cutting the recursion at dones is right, but not enough",
    ),
]


@pytest.mark.parametrize(("check", "fn", "hint"), SLIPS, ids=[h[:40] for _, _, h in SLIPS])
def test_each_slip_gets_its_own_diagnosis(check, fn, hint, capsys):
    out = first_failure(check, fn, capsys)
    assert hint in out, out
    # its own hint, not another one that merely shares a phrase
    hints = [line for line in out.splitlines() if "hint:" in line or "RuntimeError" in line]
    assert len(hints) == 1, out
