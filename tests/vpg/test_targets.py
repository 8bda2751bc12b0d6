"""compute_batch_targets' normalisation of the advantages, and its floor on std A (config.min_adv_std)."""

import numpy as np

from vpg_helpers.returns import gae_advantages_batch
from vpg_helpers.vpg.targets import compute_batch_targets


def test_advantage_normalisation_and_its_floor():
    rng = np.random.default_rng(5)
    rewards, values = rng.normal(size=(6, 2)), rng.normal(size=(6, 2))
    next_values, dones = np.vstack([values[1:], [[0.5, -1.0]]]), np.zeros((6, 2), bool)
    raw = gae_advantages_batch(rewards, values, next_values, dones, 0.9, 0.8)
    mean = sum(raw.ravel()) / raw.size
    std = (sum((a - mean) ** 2 for a in raw.ravel()) / raw.size) ** 0.5
    advantages, _ = compute_batch_targets(rewards, values, next_values, dones, 0.9, 0.8)
    assert np.allclose(
        advantages, (raw - mean) / (std + 1e-8), rtol=1e-12
    )  # no floor: the plain normalisation
    assert np.array_equal(
        advantages, (raw - raw.mean()) / (raw.std() + 1e-8)
    )  # as before the floor, bit for bit
    assert np.array_equal(  # a floor below std A changes nothing, bit for bit
        compute_batch_targets(rewards, values, next_values, dones, 0.9, 0.8, std / 2)[0], advantages
    )
    assert np.array_equal(
        compute_batch_targets(rewards, values, next_values, dones, 0.9, 0.8, 0.0)[0], advantages
    )
    # Advantages that are all nearly 0 (nothing left to learn) stay nearly 0 instead of growing to std 1.
    small = (1e-6 * rewards, 1e-6 * values, 1e-6 * next_values, dones, 0.9, 0.8)
    tiny, _ = compute_batch_targets(*small, 1.0)
    assert np.allclose(tiny, 1e-6 * (raw - mean) / (1.0 + 1e-8), rtol=1e-9, atol=0)
    assert np.std(compute_batch_targets(*small)[0]) > 0.99
