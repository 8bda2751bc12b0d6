"""vpg_helpers.discounting: the one backward sum against its brute-force definition, and what derives from it."""

import numpy as np
import pytest

from vpg_helpers.discounting import discounted_cumsum
from vpg_helpers.returns import gae_advantages, gae_advantages_batch, rewards_to_go, td_residuals


def brute_force(x, discount, last):
    """y_t = sum_k (prod_{j<k} d_{t+j}) x_{t+k} + (prod_{j<T-t} d_{t+j}) last, term by term."""
    T, out = len(x), []
    for t in range(T):
        total, weight = 0.0, 1.0
        for k in range(T - t):
            total += weight * x[t + k]
            weight *= discount[t + k]
        out.append(total + weight * last)
    return np.array(out)


@pytest.mark.parametrize("seed", range(5))
def test_matches_the_double_sum_with_constant_and_per_step_discounts(seed):
    rng = np.random.default_rng(seed)
    x, T = rng.normal(size=9), 9
    for discount in (rng.uniform(), rng.uniform(size=T), (rng.uniform(size=T) < 0.7) * 0.9):
        last = rng.normal()
        expected = brute_force(x, np.broadcast_to(discount, (T,)), last)
        assert np.allclose(discounted_cumsum(x, discount, last), expected, rtol=1e-12, atol=1e-12)


def test_columns_are_independent_sums():
    rng = np.random.default_rng(0)
    x, d = rng.normal(size=(6, 3)), rng.uniform(size=(6, 3))
    together = discounted_cumsum(x, d)
    for n in range(3):
        assert np.allclose(together[:, n], discounted_cumsum(x[:, n], d[:, n]))


def test_every_target_derives_from_it():
    rng = np.random.default_rng(1)
    r, v = rng.normal(size=7), rng.normal(size=7)
    assert np.array_equal(rewards_to_go(r, 0.9, 2.0), discounted_cumsum(r, 0.9, 2.0))
    assert np.array_equal(
        gae_advantages(r, v, 0.9, 0.8, 2.0), discounted_cumsum(td_residuals(r, v, 0.9, 2.0), 0.9 * 0.8)
    )
    # the batched GAE of one env without episode ends is the per-trajectory GAE
    next_values = np.append(v[1:], 2.0)[:, None]
    batch = gae_advantages_batch(r[:, None], v[:, None], next_values, np.zeros((7, 1), bool), 0.9, 0.8)
    assert np.allclose(batch[:, 0], gae_advantages(r, v, 0.9, 0.8, 2.0))


def test_bad_input():
    with pytest.raises(ValueError, match="discount"):
        discounted_cumsum([1.0, 2.0], 1.5)
    with pytest.raises(ValueError, match="discount"):
        discounted_cumsum([1.0, 2.0], [0.5, 0.5, 0.5])
    with pytest.raises(TypeError, match="x"):
        discounted_cumsum("abc", 0.5)
    with pytest.raises(ValueError, match="x"):
        discounted_cumsum(1.0, 0.5)
