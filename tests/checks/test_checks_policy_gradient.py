"""check_policy_gradient_estimate: each classic mistake is caught with its own hint; right answers pass."""

import numpy as np
import pytest

from vpg_helpers.checks import check_policy_gradient_estimate
from vpg_helpers.checks.policy_gradient import _weighted_sums
from vpg_helpers.discounting import discounted_return
from vpg_helpers.policy_gradient import policy_gradient_estimate, policy_gradient_weights
from vpg_helpers.returns import rewards_to_go


def a_learners_solution(grad_log_probs, rewards, gamma, weight):
    """Written the way the notebook's exercise asks, without the course's helper."""
    total = 0.0
    for grads, rews in zip(grad_log_probs, rewards, strict=True):
        if weight == "total":
            w = np.full(len(rews), discounted_return(rews, gamma))
        else:
            w = rewards_to_go(rews, gamma)
        total = total + (w[:, None] * grads).sum(axis=0)
    return total / len(rewards)


def sign_flipped(grad_log_probs, rewards, gamma, weight):
    return -policy_gradient_estimate(grad_log_probs, rewards, gamma, weight)


def mean_over_all_steps(grad_log_probs, rewards, gamma, weight):
    steps = sum(len(r) for r in rewards)
    return np.sum(_weighted_sums(grad_log_probs, rewards, gamma, weight), axis=0) / steps


def no_average(grad_log_probs, rewards, gamma, weight):
    return np.sum(_weighted_sums(grad_log_probs, rewards, gamma, weight), axis=0)


def always_total_return(grad_log_probs, rewards, gamma, weight):
    return policy_gradient_estimate(grad_log_probs, rewards, gamma, "total")


def always_future_return(grad_log_probs, rewards, gamma, weight):
    return policy_gradient_estimate(grad_log_probs, rewards, gamma, "future")


def forgot_the_weight(grad_log_probs, rewards, gamma, weight):
    return sum(g.sum(axis=0) for g in grad_log_probs) / len(grad_log_probs)


def ignores_gamma(grad_log_probs, rewards, gamma, weight):
    return policy_gradient_estimate(grad_log_probs, rewards, 1.0, weight)


def weights_not_reversed(grad_log_probs, rewards, gamma, weight):
    """Uses the right weights but multiplies them by the gradients in reverse time order."""
    return sum(
        policy_gradient_weights(r, gamma, weight)[::-1] @ g
        for g, r in zip(grad_log_probs, rewards, strict=True)
    ) / len(rewards)


MISTAKES = [
    (sign_flipped, "Wrong sign"),
    (mean_over_all_steps, "not by the total number of steps"),
    (no_average, "did not average"),
    (always_total_return, "weight is mixed up"),
    (always_future_return, "weight is mixed up"),
    (forgot_the_weight, "The weight is missing"),
    (ignores_gamma, "gamma is ignored"),
]


@pytest.mark.parametrize("wrong, hint", MISTAKES, ids=[m[0].__name__ for m in MISTAKES])
def test_each_mistake_gets_its_hint(wrong, hint, capsys):
    assert check_policy_gradient_estimate(wrong) is False
    out = capsys.readouterr().out
    assert "❌" in out and "hint:" in out
    assert hint in out


def test_an_unexplained_mistake_still_gets_the_case_hint(capsys):
    assert check_policy_gradient_estimate(weights_not_reversed) is False
    out = capsys.readouterr().out
    assert "For each trajectory: weights w_t" in out


@pytest.mark.parametrize("right", [policy_gradient_estimate, a_learners_solution])
def test_right_answers_pass(right, capsys):
    assert check_policy_gradient_estimate(right) is True
    assert "✅" in capsys.readouterr().out


def test_a_stub_is_not_implemented_yet(capsys):
    def stub(grad_log_probs, rewards, gamma, weight):
        raise NotImplementedError()

    assert check_policy_gradient_estimate(stub) is False
    out = capsys.readouterr().out
    assert "not implemented yet" in out and "Traceback" not in out


@pytest.mark.parametrize(
    "broken, message",
    [
        (lambda grad_log_probs, rewards, gamma, weight: None, "returned None"),
        (lambda grad_log_probs, rewards, gamma, weight: 1 / 0, "ZeroDivisionError"),
        (lambda grad_log_probs, rewards, gamma, weight: np.zeros(5), "shape"),
    ],
)
def test_broken_functions_are_reported_not_raised(broken, message, capsys):
    assert check_policy_gradient_estimate(broken) is False
    assert message in capsys.readouterr().out


def test_mistakes_are_distinguishable_on_the_first_cases():
    # Each hint is only useful if no two mistakes give the same numbers where they are diagnosed.
    from vpg_helpers.checks.policy_gradient import _batch

    for seed, lengths, n_params, gamma, weight in [
        (0, [3, 2], 2, 1.0, "total"),
        (1, [3, 2], 2, 1.0, "future"),
    ]:
        grads, rewards = _batch(seed, lengths, n_params)
        outputs = [np.asarray(fn(grads, rewards, gamma, weight)) for fn, _ in MISTAKES[:-1]]
        outputs.append(policy_gradient_estimate(grads, rewards, gamma, weight))
        distinct = {tuple(np.round(o, 6).ravel()) for o in outputs}
        # always_total (on a 'total' case) or always_future (on a 'future' case) equals the right answer
        assert len(distinct) >= len(outputs) - 1
