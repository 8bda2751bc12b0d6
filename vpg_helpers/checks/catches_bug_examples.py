"""Wrong tests a learner may write for notebook 08's exercise "write a test that catches a bug".

Each classic mistake of ``check_test_catches_bug`` carries one of these as its example: the registry's tests
feed it to the check and require that mistake's hint. Each takes the function under test as its argument.
"""

import numpy as np

__all__ = [
    "LEAK",
    "batch",
    "never_calls",
    "returns_the_comparison",
    "no_episode_end",
    "nothing_to_leak",
    "checks_the_new_episode",
    "exact_float_compare",
    "fails_without_calling",
    "wrong_expected_value",
    "one_dimensional_arrays",
    "index_past_the_end",
    "raises_instead_of_asserting",
]


def batch(rewards, dones):
    """A one-env batch with V = 0 everywhere: (rewards, values, next_values, dones), each of shape (T, 1)."""
    rewards = np.array(rewards, dtype=float)[:, None]
    return rewards, np.zeros_like(rewards), np.zeros_like(rewards), np.array(dones)[:, None]


LEAK = batch([1.0, 1.0, 100.0], [False, True, False])  # the solution's batch


def never_calls(gae_advantages_batch):
    assert np.sum([1.0, 1.0]) == 2.0


def returns_the_comparison(gae_advantages_batch):
    return gae_advantages_batch(*LEAK, gamma=1.0, lam=1.0)[1, 0] == 1.0


def no_episode_end(gae_advantages_batch):
    advantages = gae_advantages_batch(*batch([1.0, 1.0, 1.0], [False, False, False]), gamma=1.0, lam=1.0)
    assert advantages[0, 0] == 3.0


def nothing_to_leak(gae_advantages_batch):  # lam = 0: no advantage carries anything across steps
    assert gae_advantages_batch(*LEAK, gamma=1.0, lam=0.0)[1, 0] == 1.0


def checks_the_new_episode(gae_advantages_batch):  # A_2 = 100 with or without the bug
    assert gae_advantages_batch(*LEAK, gamma=1.0, lam=1.0)[2, 0] == 100.0


def exact_float_compare(gae_advantages_batch):  # a hand sum compared with ==: right up to rounding only
    advantages = gae_advantages_batch(*batch([1.0, 2.0, 3.0, 5.0], [False, False, True, False]), 0.9, 0.5)
    gamma_lam = 0.9 * 0.5
    assert advantages[0, 0] == 1.0 + gamma_lam * 2.0 + gamma_lam**2 * 3.0


def fails_without_calling(gae_advantages_batch):  # a placeholder assert left in
    assert np.sum([1.0, 1.0]) == 3.0, "TODO"


def wrong_expected_value(gae_advantages_batch):  # A_0 stops at the end too: 1 + 1, not 1 + 1 + 100
    advantages = gae_advantages_batch(*LEAK, gamma=1.0, lam=1.0)
    assert advantages[0, 0] == 102.0, f"A_0 should be 102, got {advantages[0, 0]}"


def one_dimensional_arrays(gae_advantages_batch):  # one env as (T,) arrays, not (T, 1)
    advantages = gae_advantages_batch(*(x[:, 0] for x in LEAK), gamma=1.0, lam=1.0)
    assert advantages[1] == 1.0


def index_past_the_end(gae_advantages_batch):
    assert gae_advantages_batch(*LEAK, gamma=1.0, lam=1.0)[3, 0] == 0.0


def raises_instead_of_asserting(gae_advantages_batch):
    if gae_advantages_batch(*LEAK, gamma=1.0, lam=1.0)[1, 0] != 1.0:
        raise ValueError("the advantage leaks across the episode end")
