"""The diagnostics' helpers against their brute-force definitions: approximate KL, explained variance, norms."""

import math

import numpy as np
import pytest

from vpg_helpers.distributions import categorical_log_prob
from vpg_helpers.vpg.diagnostics import approx_kl, explained_variance, global_norm, truncated_fraction


def test_approx_kl_is_the_mean_log_ratio_and_estimates_the_kl():
    log_old, log_new = np.log([0.5, 0.2, 0.9]), np.log([0.25, 0.4, 0.9])
    assert approx_kl(log_old, log_new) == pytest.approx(np.mean([math.log(2), math.log(0.5), 0.0]))
    assert approx_kl(log_old, log_old) == 0.0
    # Sampled from pi_old, its mean estimates KL(pi_old || pi_new) = sum_k p_k log(p_k / q_k).
    rng = np.random.default_rng(2)
    old_logits, new_logits = np.array([0.0, 1.0, -1.0]), np.array([0.4, 0.5, -0.2])
    p = np.exp(old_logits) / np.exp(old_logits).sum()
    q = np.exp(new_logits) / np.exp(new_logits).sum()
    kl = float(np.sum(p * np.log(p / q)))
    actions = rng.choice(3, size=200_000, p=p)
    log_probs_old = categorical_log_prob(np.broadcast_to(old_logits, (len(actions), 3)), actions)
    log_probs_new = categorical_log_prob(np.broadcast_to(new_logits, (len(actions), 3)), actions)
    standard_error = (log_probs_old - log_probs_new).std() / math.sqrt(len(actions))
    assert approx_kl(log_probs_old, log_probs_new) == pytest.approx(kl, abs=4 * standard_error)
    with pytest.raises(ValueError, match="same shape"):
        approx_kl([0.0, 1.0], [0.0])
    with pytest.raises(ValueError, match="log_probs_old"):
        approx_kl(0.5, 0.25)  # one number is not a batch
    with pytest.raises(TypeError, match="log_probs_new"):
        approx_kl([0.0], ["a"])


def test_explained_variance_brute_force():
    rng = np.random.default_rng(3)
    returns = rng.normal(5.0, 2.0, size=50)
    values = returns + rng.normal(0.0, 1.0, size=50)
    mean = sum(returns) / len(returns)
    var_r = sum((r - mean) ** 2 for r in returns) / len(returns)
    errors = [r - v for r, v in zip(returns, values, strict=True)]
    mean_e = sum(errors) / len(errors)
    var_e = sum((e - mean_e) ** 2 for e in errors) / len(errors)
    assert explained_variance(returns, values) == pytest.approx(1 - var_e / var_r, rel=1e-12)
    assert explained_variance(returns, returns + 7.0) == pytest.approx(1.0)  # a constant offset is explained
    assert explained_variance(returns, np.full(50, 3.0)) == pytest.approx(0.0)
    assert explained_variance(returns, -returns) < 0  # worse than predicting the mean
    assert math.isnan(explained_variance(np.ones(4), np.zeros(4)))  # Var(R) = 0: nothing to explain
    assert math.isnan(explained_variance([1.0, np.nan], [1.0, 2.0]))  # NaN in, NaN out (no exception)


def test_global_norm_and_truncated_fraction():
    grads = [np.array([[1.0, -2.0], [0.5, 0.0]]), np.array([3.0]), np.array(-0.25)]
    flat = np.concatenate([np.ravel(g) for g in grads])
    assert global_norm(grads) == pytest.approx(np.linalg.norm(flat), rel=1e-12)
    assert math.isinf(global_norm([np.array([np.inf, 1.0])]))  # a diverged gradient is reported, not refused
    with pytest.raises(TypeError, match="arrays"):
        global_norm(np.ones(3))
    terminated = np.array([[True, False, False], [False, False, True]])
    truncated = np.array([[False, True, True], [False, False, True]])  # both flags: a termination
    assert truncated_fraction(terminated, truncated) == pytest.approx(2 / 4)
    assert math.isnan(truncated_fraction(np.zeros((2, 2), bool), np.zeros((2, 2), bool)))
    with pytest.raises(ValueError, match="same shape"):
        truncated_fraction(np.zeros(2, bool), np.zeros(3, bool))
