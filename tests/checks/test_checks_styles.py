"""Right answers in any style pass: loops, vectorised numpy, CleanRL-style loops, renamed parameters, and
results as lists, tuples, 0-d arrays or float32. None of these reuses the course's own implementation."""

import math

import numpy as np
import pytest

from vpg_helpers import checks
from vpg_helpers.nn.mlp import unflatten

# ---- notebook 00 / 01 -----------------------------------------------------------------------------------------


def discount_weights_list(g, n):
    return [g**i for i in range(n)]  # a list


def discount_weights_cumprod(discount, horizon):
    return np.cumprod(np.r_[1.0, np.full(horizon - 1, discount)]).astype(np.float32)


def discounted_return_polyval(rs, discount):
    return np.polyval(np.asarray(rs, dtype=float)[::-1], discount)  # Horner's rule, a 0-d numpy float


def discounted_return_backward(rewards, gamma):
    G = 0.0
    for r in reversed(list(rewards)):
        G = r + gamma * G
    return np.array(G)  # a 0-d array


def discounted_return_math(rewards, gamma):
    return math.fsum(gamma**t * r for t, r in enumerate(rewards))


def episode_rewards_while_true(environment, pi, s):
    rng = np.random.default_rng(s)
    obs, _ = environment.reset(seed=s)
    rewards = []
    while True:
        obs, r, term, trunc, _ = environment.step(pi(obs, rng))
        rewards.append(r)
        if term or trunc:
            return rewards  # a list


# ---- notebook 02 ----------------------------------------------------------------------------------------------


def categorical_logsumexp(z, a):
    z = np.asarray(z, dtype=np.float64)
    m = np.max(z, axis=-1, keepdims=True)
    lse = m[..., 0] + np.log(np.sum(np.exp(z - m), axis=-1))
    chosen = np.take_along_axis(z, np.asarray(a)[..., None], axis=-1)[..., 0]
    return chosen - lse


def categorical_rows_loop(logits, actions):
    shape = np.shape(actions)
    out = []
    for row, a in zip(np.atleast_2d(logits), np.atleast_1d(actions), strict=True):
        m = max(row)
        out.append(row[a] - m - math.log(sum(math.exp(x - m) for x in row)))
    return out if shape else out[0]  # a list for a batch, a Python float for one state


def gaussian_explicit(a, mean, log_sigma):
    sigma = np.exp(log_sigma)
    density = np.exp(-0.5 * ((a - mean) / sigma) ** 2) / (sigma * np.sqrt(2 * np.pi))
    return np.log(density).sum(axis=-1).astype(np.float32)


def gaussian_vectorised(actions, mu, log_std):
    k = np.shape(actions)[-1]
    z = (actions - mu) * np.exp(-log_std)
    return (
        -0.5 * np.einsum("...i,...i->...", z, z)
        - np.sum(np.broadcast_to(log_std, np.shape(actions)), -1)
        - k * 0.5 * np.log(2 * np.pi)
    )


def log_prob_grad_explicit_softmax(z, a):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    grad = -e / e.sum(axis=-1, keepdims=True)
    rows = grad.reshape(-1, grad.shape[-1])  # a view: one row per state, even for a single state
    rows[np.arange(len(rows)), np.ravel(a)] += 1.0
    return grad


# ---- notebook 03 / 04 --------------------------------------------------------------------------------------------


def rtg_matrix(r, discount, v_last=0.0):
    r = np.asarray(r, dtype=float)
    T = len(r)
    t, k = np.indices((T, T))
    upper = np.where(k >= t, discount ** np.clip(k - t, 0, None), 0.0)
    return upper @ r + discount ** (T - np.arange(T)) * v_last


def rtg_lfilter(rewards, gamma, last_value=0.0):
    signal = pytest.importorskip("scipy.signal")
    x = np.append(np.asarray(rewards, dtype=float), last_value)[::-1]
    return signal.lfilter([1.0], [1.0, -gamma], x)[::-1][:-1]


def rtg_tuple(rewards, gamma, last_value=0.0):
    out, G = [], last_value
    for r in rewards[::-1]:
        G = r + gamma * G
        out.insert(0, G)
    return tuple(out)


def pg_estimate_concatenated(grads_per_traj, rewards_per_traj, discount, kind):
    weights = []
    for r in rewards_per_traj:
        T = len(r)
        if kind == "total":
            weights += [sum(discount**k * r[k] for k in range(T))] * T
        else:
            weights += [sum(discount ** (k - t) * r[k] for k in range(t, T)) for t in range(T)]
    return np.asarray(weights) @ np.concatenate(grads_per_traj) / len(rewards_per_traj)


def mse_grad_loop(w, phi, R):
    grad = np.zeros(len(w))
    for x, y in zip(phi, R, strict=True):
        grad += 2 * (x @ w - y) * x
    return grad / len(R)


def rtg_advantages_loop(r, V, discount, v_last=0.0):
    adv, G = [0.0] * len(r), v_last
    for t in reversed(range(len(r))):
        G = r[t] + discount * G
        adv[t] = G - V[t]
    return adv


def adam_step_loop(params, g, m1, m2, step, alpha, beta1=0.9, beta2=0.999, eps=1e-8):
    new_params, new_m1, new_m2 = [], [], []
    for p, gi, a, b in zip(params, g, m1, m2, strict=True):  # one parameter at a time, in plain floats
        a = beta1 * a + (1 - beta1) * gi
        b = beta2 * b + (1 - beta2) * gi * gi
        a_hat, b_hat = a / (1 - beta1**step), b / (1 - beta2**step)
        new_params.append(p - alpha * a_hat / (math.sqrt(b_hat) + eps))
        new_m1.append(a)
        new_m2.append(b)
    return new_params, new_m1, new_m2  # lists


# ---- notebook 05 / 06 --------------------------------------------------------------------------------------------


def n_step_vectorised(rs, vs, discount, horizon, bootstrap=0.0):
    rs = np.asarray(rs, dtype=float)
    T = len(rs)
    ext_r = np.append(rs, np.zeros(horizon))
    ext_v = np.append(np.append(vs, bootstrap), np.zeros(horizon))
    t = np.arange(T)
    m = np.minimum(horizon, T - t)
    G = np.array([ext_r[i : i + m[i]] @ discount ** np.arange(m[i]) for i in t])
    return G + discount**m * ext_v[t + m]


def n_step_td_sutton_barto(V, S, R, n, alpha):
    """Sutton & Barto's pseudo-code (section 7.1): time t runs on, tau = t - n + 1 is the step updated."""
    V = np.array(V, dtype=float)
    T = len(S)
    t = 0
    while True:
        tau = t - n + 1
        if tau >= 0:
            G = sum(R[i] for i in range(tau, min(tau + n, T)))
            if tau + n < T:
                G += V[S[tau + n]]
            V[S[tau]] += alpha * (G - V[S[tau]])
        if tau == T - 1:
            return V
        t += 1


def gae_cleanrl(rewards, values, gamma, gae_lambda, next_value=0.0):
    num_steps = len(rewards)
    advantages = np.zeros_like(np.asarray(rewards, dtype=float))
    lastgaelam = 0.0
    for t in reversed(range(num_steps)):
        nextvalues = next_value if t == num_steps - 1 else values[t + 1]
        delta = rewards[t] + gamma * nextvalues - values[t]
        advantages[t] = lastgaelam = delta + gamma * gae_lambda * lastgaelam
    return advantages


def lambda_weighted_explicit(r, v, discount, lam, v_last=0.0):
    T = len(r)
    ext = np.append(v, v_last)
    out = []
    for t in range(T):
        N = T - t

        def adv(n, t=t):
            return sum(discount**k * r[t + k] for k in range(n)) + discount**n * ext[t + n] - v[t]

        out.append(sum((1 - lam) * lam ** (n - 1) * adv(n) for n in range(1, N)) + lam ** (N - 1) * adv(N))
    return out


# ---- notebook 07 ------------------------------------------------------------------------------------------------


def policy_gradient_einsum(G, A):
    return np.einsum("bp,b->p", G, A) / len(A)


def gae_batch_cleanrl(rewards, values, next_values, dones, gamma, gae_lambda):
    T = rewards.shape[0]
    advantages = np.zeros_like(rewards)
    lastgaelam = 0
    for t in reversed(range(T)):
        nextnonterminal = 1.0 - dones[t]
        delta = rewards[t] + gamma * next_values[t] - values[t]
        advantages[t] = lastgaelam = delta + gamma * gae_lambda * nextnonterminal * lastgaelam
    return advantages


def gae_batch_per_column(r, v, v_next, ended, discount, lam):
    out = np.zeros(np.shape(r))
    for n in range(np.shape(r)[1]):  # one env at a time, each a plain backward loop over its T steps
        A = 0.0
        for t in range(len(r) - 1, -1, -1):
            A = r[t][n] + discount * v_next[t][n] - v[t][n] + (0.0 if ended[t][n] else discount * lam * A)
            out[t, n] = A
    return out


def targets_cleanrl(rewards, values, next_values, dones, gamma, gae_lambda):
    T = rewards.shape[0]
    advantages = gae_batch_cleanrl(rewards, values, next_values, dones, gamma, gae_lambda)
    returns = np.zeros_like(rewards)
    last = 0
    for t in reversed(range(T)):
        last = rewards[t] + gamma * next_values[t] - values[t] + gamma * (1.0 - dones[t]) * last
        returns[t] = last
    returns = returns + values
    flat = advantages.reshape(-1)
    return [((advantages - flat.mean()) / (flat.std() + 1e-8)).astype(np.float32), returns]


def vpg_update_per_sample(pi, vf, pi_optimiser, vf_optimiser, data, cfg):
    """The policy gradient summed one sample at a time; GAE and the targets from the loops above."""
    B = data.rewards.size
    ended = (data.terminated | data.truncated).astype(float)
    adv = gae_batch_per_column(data.rewards, data.values, data.next_values, ended, cfg.gamma, cfg.lam)
    rtg = (
        gae_batch_per_column(data.rewards, data.values, data.next_values, ended, cfg.gamma, 1.0) + data.values
    )
    adv = ((adv - adv.mean()) / (adv.std() + 1e-8)).reshape(B)
    obs = data.observations.reshape(B, -1)
    acts = data.actions.reshape(B, *data.actions.shape[2:])
    grad, surrogate = 0.0, 0.0
    for i in range(B):
        grad = grad + adv[i] * pi.grad_log_probs(obs[i : i + 1], acts[i : i + 1])[0] / B
        surrogate -= adv[i] * float(np.squeeze(pi.log_prob(obs[i : i + 1], acts[i : i + 1]))) / B
    pi_optimiser.step(unflatten(-grad, like=pi.params))
    losses = []
    for _ in range(cfg.train_v_iters):
        v, cache = vf.forward(obs)
        err = v[:, 0] - rtg.reshape(B)
        losses.append(float(err @ err) / B)
        vf_optimiser.step(vf.backward(cache, (2.0 * err / B)[:, None]))
    err = vf(obs)[:, 0] - rtg.reshape(B)
    return {"pi_loss": surrogate, "vf_loss_before": losses[0], "vf_loss_after": float(err @ err) / B}


# ---- notebook 08 ------------------------------------------------------------------------------------------------


def gae_test_two_envs_allclose(
    gae,
):  # a learner's *test*: two envs, the whole array against a hand computation
    r = np.array([[1.0, 2.0], [1.0, 2.0], [9.0, 2.0]])
    d = np.array([[0, 0], [1, 0], [0, 0]], dtype=bool)
    np.testing.assert_allclose(gae(r, 0 * r, 0 * r, d, 0.5, 1.0), [[1.5, 3.5], [1.0, 3.0], [9.0, 2.0]])


def collect_episode_for_loop(environment, pi, s):
    rng, (o, _) = np.random.default_rng(s), environment.reset(seed=s)
    obs, acts, rews = [], [], []
    for _ in iter(int, 1):  # until the episode ends, however long
        a = pi(o, rng)
        obs.append(np.asarray(o, dtype=np.float32))
        acts.append(a)
        o, r, term, trunc, _ = environment.step(a)
        rews.append(r)
        if term or trunc:
            return np.stack(obs), acts, tuple(rews)


STYLES = [
    (checks.check_discount_weights, discount_weights_list),
    (checks.check_discount_weights, discount_weights_cumprod),
    (checks.check_discounted_return, discounted_return_polyval),
    (checks.check_discounted_return, discounted_return_backward),
    (checks.check_discounted_return, discounted_return_math),
    (checks.check_episode_rewards, episode_rewards_while_true),
    (checks.check_categorical_log_prob, categorical_logsumexp),
    (checks.check_categorical_log_prob, categorical_rows_loop),
    (checks.check_diag_gaussian_log_prob, gaussian_explicit),
    (checks.check_diag_gaussian_log_prob, gaussian_vectorised),
    (checks.check_rewards_to_go, rtg_matrix),
    (checks.check_rewards_to_go, rtg_lfilter),
    (checks.check_rewards_to_go, rtg_tuple),
    (checks.check_policy_gradient_estimate, pg_estimate_concatenated),
    (checks.check_linear_value_mse_grad, mse_grad_loop),
    (checks.check_rewards_to_go_advantages, rtg_advantages_loop),
    (checks.check_n_step_returns, n_step_vectorised),
    (checks.check_n_step_td_episode, n_step_td_sutton_barto),
    (checks.check_gae_advantages, gae_cleanrl),
    (checks.check_lambda_weighted_advantages, lambda_weighted_explicit),
    (checks.check_policy_gradient, policy_gradient_einsum),
    (checks.check_compute_batch_targets, targets_cleanrl),
    (checks.check_categorical_log_prob_grad, log_prob_grad_explicit_softmax),
    (checks.check_adam_step, adam_step_loop),
    (checks.check_gae_advantages_batch, gae_batch_cleanrl),
    (checks.check_gae_advantages_batch, gae_batch_per_column),
    (checks.check_vpg_update, vpg_update_per_sample),
    (checks.check_test_catches_bug, gae_test_two_envs_allclose),
    (checks.check_collect_episode, collect_episode_for_loop),
]


@pytest.mark.parametrize(("check", "fn"), STYLES, ids=[f.__name__ for _, f in STYLES])
def test_a_right_answer_in_another_style_passes(check, fn, capsys):
    ok = check(fn)
    out = capsys.readouterr().out
    assert ok is True, out


def test_every_check_is_tried_with_another_style():
    not_function_checks = {"check_diagnoses"}  # its answer is a dict of names: no other style to write
    assert {c.__name__ for c, _ in STYLES} == set(checks.__all__) - not_function_checks
