"""Checks for notebook 07's exercises: the policy-gradient estimate and the batch targets."""

import numpy as np

from vpg_helpers.checks._core import Case, Mistake
from vpg_helpers.checks.gae_batch import batch_inputs
from vpg_helpers.checks.registry import exercise_check
from vpg_helpers.policy_gradient import policy_gradient
from vpg_helpers.returns import gae_advantages_batch
from vpg_helpers.vpg.targets import compute_batch_targets, normalise_advantages

__all__ = ["check_policy_gradient", "check_compute_batch_targets"]


@exercise_check(policy_gradient)
def check_policy_gradient():
    """Check ``fn(grad_log_probs, advantages) -> g``, g = (1/B) sum_i A_i grad log pi(a_i|s_i), shape (P,)."""
    rng = np.random.default_rng(7)
    inputs = [
        ("B = 2 samples, P = 2 parameters", np.array([[1.0, 0.0], [0.0, 2.0]]), np.array([1.0, -1.0])),
        ("B = 5 samples, P = 3 parameters", rng.normal(size=(5, 3)), rng.normal(size=5)),
        ("a single sample", np.array([[0.5, -1.0, 2.0]]), np.array([3.0])),
        ("B = 4, P = 6, advantages not centred", rng.normal(size=(4, 6)), np.array([2.0, 1.0, 0.5, 3.0])),
    ]
    cases = [
        Case(
            d,
            dict(grad_log_probs=g, advantages=a),
            policy_gradient(g, a),
            hint="Weight each row grad_log_probs[i] by advantages[i], then average over the B rows.",
        )
        for d, g, a in inputs
    ]
    mistakes = [
        Mistake(
            "The sign is flipped: you returned the gradient of the loss -mean(A log pi). The policy "
            "gradient g = mean_i A_i grad log pi_i points uphill, towards more return.",
            lambda grad_log_probs, advantages: -policy_gradient(grad_log_probs, advantages),
        ),
        Mistake(
            "That is the sum over the batch; the estimate is the mean: divide by B = len(advantages) "
            "(otherwise the step size grows with the batch size).",
            lambda grad_log_probs, advantages: advantages @ grad_log_probs,
        ),
        Mistake(
            "The advantages are missing: each grad log pi(a_i|s_i) must be weighted by A_i, so that "
            "actions better than expected become more likely and worse ones less.",
            lambda grad_log_probs, advantages: grad_log_probs.mean(axis=0),
        ),
        Mistake(
            "Averaged over the wrong axis: average over the batch (axis 0, the B samples), keeping one "
            "entry per parameter (shape (P,)).",
            lambda grad_log_probs, advantages: (grad_log_probs * advantages[:, None]).mean(axis=1),
        ),
        Mistake(
            "Use the advantages as given: normalising them is part of computing the batch targets, "
            "not of the gradient estimate.",
            lambda grad_log_probs, advantages: policy_gradient(
                grad_log_probs, normalise_advantages(advantages)
            ),
        ),
    ]
    return cases, mistakes


def _targets_cases():
    inputs = batch_inputs() + [
        (
            "every advantage 0 (std 0): the + 1e-8 keeps the normalisation finite",
            np.zeros((3, 2)),
            np.zeros((3, 2)),
            np.zeros((3, 2)),
            np.zeros((3, 2), bool),
            0.9,
            0.95,
        ),
    ]
    return [
        Case(
            d,
            dict(rewards=r, values=v, next_values=nv, dones=dn, gamma=g, lam=lam),
            compute_batch_targets(r, v, nv, dn, g, lam),
            hint="advantages = GAE(gamma, lam), normalised over the batch; rewards_to_go = GAE(gamma, 1) + "
            "values; both with the backward recursion cut at dones.",
        )
        for d, r, v, nv, dn, g, lam in inputs
    ]


@exercise_check(compute_batch_targets, parts=("advantages", "rewards_to_go"))
def check_compute_batch_targets():
    """Check ``fn(rewards, values, next_values, dones, gamma, lam) -> (advantages, rewards_to_go)``."""

    def gae(rewards, values, next_values, dones, gamma, lam):
        return gae_advantages_batch(rewards, values, next_values, dones, gamma, lam)

    def no_bootstrap(rewards, values, next_values, dones, gamma, lam):
        return compute_batch_targets(rewards, values, np.where(dones, 0.0, next_values), dones, gamma, lam)

    def crosses_episodes(rewards, values, next_values, dones, gamma, lam):
        return compute_batch_targets(rewards, values, next_values, np.zeros_like(dones), gamma, lam)

    def ignores_dones(rewards, values, next_values, dones, gamma, lam):  # as if one long episode per env
        shifted = np.vstack([values[1:], next_values[-1:]])
        return compute_batch_targets(rewards, values, shifted, np.zeros_like(dones), gamma, lam)

    def sample_std(rewards, values, next_values, dones, gamma, lam):
        advantages = gae(rewards, values, next_values, dones, gamma, lam)
        normalised = (advantages - advantages.mean()) / (advantages.std(ddof=1) + 1e-8)
        return normalised, compute_batch_targets(rewards, values, next_values, dones, gamma, lam)[1]

    def next_row_past_episode_end(rewards, values, next_values, dones, gamma, lam):  # cut, but values[t + 1]
        shifted = np.vstack([values[1:], next_values[-1:]])
        return compute_batch_targets(rewards, values, shifted, dones, gamma, lam)

    def td_lambda_returns(rewards, values, next_values, dones, gamma, lam):
        advantages = gae(rewards, values, next_values, dones, gamma, lam)
        return normalise_advantages(advantages), advantages + values

    mistakes = [
        Mistake(
            "Normalise with the population std, np.std's default (ddof=0: divide by N); you divided by "
            "N - 1 (ddof=1, the sample std that torch.std uses by default).",
            sample_std,
        ),
        Mistake(
            "Where an episode ends (dones[t] is True) the next state is not values[t + 1], which is the next "
            "episode's first state: bootstrap from next_values[t] there (0 after a termination, V(final "
            "observation) after a truncation). Cutting the recursion at dones is right, but not enough.",
            next_row_past_episode_end,
        ),
        Mistake(
            "The advantages are not normalised: subtract their mean and divide by their std (+ 1e-8) "
            "over the whole batch.",
            lambda rewards, values, next_values, dones, gamma, lam: (
                gae(rewards, values, next_values, dones, gamma, lam),
                gae(rewards, values, next_values, dones, gamma, 1.0) + values,
            ),
        ),
        Mistake(
            "Advantages and rewards-to-go are swapped: return (advantages, rewards_to_go).",
            lambda rewards, values, next_values, dones, gamma, lam: compute_batch_targets(
                rewards, values, next_values, dones, gamma, lam
            )[::-1],
        ),
        Mistake(
            "rewards_to_go are returns, not advantages: add the values back, R_t = GAE(gamma, 1)_t + V(s_t).",
            lambda rewards, values, next_values, dones, gamma, lam: (
                compute_batch_targets(rewards, values, next_values, dones, gamma, lam)[0],
                gae(rewards, values, next_values, dones, gamma, 1.0),
            ),
        ),
        Mistake(
            "No bootstrap on truncation: where an episode was truncated, next_values holds V(final obs); "
            "keep it. Only terminations have no future (next_values is already 0 there).",
            no_bootstrap,
        ),
        Mistake(
            "The recursion runs across episode boundaries: multiply the carried term by (1 - dones[t]) so "
            "each episode's advantages only sum its own residuals.",
            crosses_episodes,
        ),
        Mistake(
            "The recursion runs across episode boundaries: an episode ends where dones[t] is True; there "
            "the next state is next_values[t], not values[t + 1] (the next episode's first state).",
            ignores_dones,
        ),
        Mistake(
            "These rewards-to-go use lam (advantages + values, CleanRL's TD(lambda) return). Here V "
            "regresses on the rewards-to-go of notebook 04: use lam = 1 for them.",
            td_lambda_returns,
        ),
        Mistake(
            "Normalise the advantages over the whole batch (all T x N entries), not per env column.",
            lambda rewards, values, next_values, dones, gamma, lam: (
                (lambda a: (a - a.mean(axis=0)) / (a.std(axis=0) + 1e-8))(
                    gae(rewards, values, next_values, dones, gamma, lam)
                ),
                compute_batch_targets(rewards, values, next_values, dones, gamma, lam)[1],
            ),
        ),
        Mistake(
            "Only the advantages are normalised; the rewards-to-go are V's regression targets and keep "
            "their scale.",
            lambda rewards, values, next_values, dones, gamma, lam: (
                lambda targets: (targets[0], normalise_advantages(targets[1]))
            )(compute_batch_targets(rewards, values, next_values, dones, gamma, lam)),
        ),
    ]
    return _targets_cases(), mistakes
