"""vpg_helpers.validation: the same bad input raises the same exception type in every helper that takes it."""

import numpy as np
import pytest

from vpg_helpers.envs.exact_mdp import random_mdp
from vpg_helpers.envs.short_corridor import exact_state_values
from vpg_helpers.nn.adam import Adam
from vpg_helpers.nn.mlp import MLP
from vpg_helpers.returns import gae_advantages, rewards_to_go
from vpg_helpers.validation import (
    as_bool,
    as_choice,
    as_float_array,
    as_float_dtype,
    as_index_array,
    as_int,
    as_nonnegative_number,
    as_unit_interval,
)
from vpg_helpers.vpg import VPGConfig

GAMMA_TAKERS = {
    "rewards_to_go": lambda gamma: rewards_to_go([1.0, 2.0], gamma),
    "gae_advantages": lambda gamma: gae_advantages([1.0], [0.0], gamma, 0.9),
    "random_mdp": lambda gamma: random_mdp(gamma=gamma),
    "exact_state_values": lambda gamma: exact_state_values(0.5, gamma),
    "VPGConfig": lambda gamma: VPGConfig(gamma=gamma),
}


@pytest.mark.parametrize("name", GAMMA_TAKERS)
@pytest.mark.parametrize(("gamma", "error"), [("0.9", TypeError), (None, TypeError), (1.5, ValueError)])
def test_a_bad_gamma_raises_the_same_type_everywhere(name, gamma, error):
    with pytest.raises(error, match="gamma"):
        GAMMA_TAKERS[name](gamma)


@pytest.mark.parametrize(
    ("make", "error", "argument"),
    [
        (lambda: Adam([np.zeros(2)], lr="0.1"), TypeError, "lr"),
        (lambda: VPGConfig(pi_lr="0.1"), TypeError, "pi_lr"),
        (lambda: Adam([np.zeros(2)], lr=-1.0), ValueError, "lr"),
        (lambda: VPGConfig(vf_lr=0.0), ValueError, "vf_lr"),
        (lambda: MLP((4, "8", 2), np.random.default_rng(0)), TypeError, "sizes"),
        (lambda: VPGConfig(hidden_sizes=(4, "8")), TypeError, "hidden_sizes"),
        (lambda: MLP((4, 2), rng=0), TypeError, "rng"),
        (lambda: VPGConfig(seed=-1), ValueError, "seed"),
        (lambda: random_mdp(seed=-1), ValueError, "seed"),
        (lambda: VPGConfig(num_envs=2.0), TypeError, "num_envs"),
        (lambda: VPGConfig(env_id=3), TypeError, "env_id"),
        (lambda: VPGConfig(target_kl=0), ValueError, "target_kl"),
        (lambda: VPGConfig(target_kl="0.02"), TypeError, "target_kl"),
        (lambda: VPGConfig(min_adv_std=-1.0), ValueError, "min_adv_std"),
        (lambda: VPGConfig(min_adv_std=True), TypeError, "min_adv_std"),
    ],
)
def test_numbers_sizes_and_generators_are_checked_alike(make, error, argument):
    with pytest.raises(error, match=argument):
        make()


def test_the_validators_return_converted_values():
    assert as_unit_interval("gamma", np.float32(0.5)) == 0.5 and isinstance(as_unit_interval("g", 1), float)
    assert as_int("n", np.int64(3), 0) == 3 and as_bool("flag", np.True_) is True
    assert as_choice("dtype", "float32", ("float32", "float64")) == "float32"
    assert as_float_dtype("dtype", "float32") == np.float32
    assert as_index_array("actions", [0, 2], 3).tolist() == [0, 2]
    with pytest.raises(ValueError, match="actions"):
        as_index_array("actions", [0, 3], 3)
    with pytest.raises(TypeError, match="actions"):
        as_index_array("actions", [0.0, 1.0], 3)


def test_nonnegative_numbers_and_arrays_that_may_hold_nan():
    assert as_nonnegative_number("min_adv_std", 0) == 0.0 and VPGConfig(target_kl=None).target_kl is None
    with pytest.raises(ValueError, match="min_adv_std must be a number >= 0"):
        as_nonnegative_number("min_adv_std", -0.5)
    assert np.isnan(as_float_array("values", [1.0, np.nan], finite=False)[1])  # diagnostics let NaN through
    with pytest.raises(ValueError, match="values"):
        as_float_array("values", [1.0, np.nan])
