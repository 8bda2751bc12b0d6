"""Checks for the log-likelihood exercises (notebook 02)."""

import numpy as np

from vpg_helpers.checks._core import Case, Mistake
from vpg_helpers.checks.registry import exercise_check
from vpg_helpers.distributions import LOG_2PI, categorical_log_prob, diag_gaussian_log_prob, softmax

__all__ = ["check_categorical_log_prob", "check_diag_gaussian_log_prob"]


@exercise_check(categorical_log_prob)
def check_categorical_log_prob():
    """Check ``fn(logits, actions)`` -> log pi(a|s), shape ``logits.shape[:-1]``, stable for huge logits."""
    inputs = [
        ("one state, two actions", np.array([0.0, np.log(3.0)]), np.array(1)),
        (
            "a batch of 3 states, 4 actions",
            np.array([[1.0, 2.0, 0.5, -1.0], [0.0, 0.0, 0.0, 0.0], [-2.0, 3.0, 1.0, 0.0]]),
            np.array([0, 3, 1]),
        ),
        (
            "a batch of 2 states, 3 actions (batch size != number of actions)",
            np.array([[0.2, -0.4, 1.0], [2.0, 1.0, 0.0]]),
            np.array([2, 0]),
        ),
        ("huge logits (numerical stability)", np.array([[1000.0, 0.0], [0.0, 1000.0]]), np.array([0, 0])),
        (
            "rows of very different scale (each row needs its own max)",
            np.array([[1000.0, 998.0, 990.0], [1.0, -2.0, 0.5], [-800.0, -801.0, -805.0]]),
            np.array([1, 2, 0]),
        ),
    ]
    cases = [
        Case(
            d,
            dict(logits=z, actions=a),
            categorical_log_prob(z, a),
            hint="log pi(a) = z_a - log(sum_j exp(z_j)); compute log-sum-exp as m + log(sum_j exp(z_j - m)) "
            "with m = max_j z_j, over the last axis.",
        )
        for d, z, a in inputs
    ]

    def pick(values, actions):
        return np.take_along_axis(values, np.asarray(actions)[..., None], axis=-1)[..., 0]

    def naive(logits, actions):
        with np.errstate(all="ignore"):
            e = np.exp(logits)
            return np.log(pick(e / e.sum(axis=-1, keepdims=True), actions))

    def wrong_axis(logits, actions):  # with one state as a (1, A) batch, axis 0 has one entry: log pi = 0
        logits = np.atleast_2d(logits)
        m = logits.max(axis=0, keepdims=True)
        logp = logits - m - np.log(np.exp(logits - m).sum(axis=0, keepdims=True))
        return pick(logp, np.reshape(actions, (-1,))).reshape(np.shape(actions))

    def no_max(logits, actions):
        with np.errstate(all="ignore"):
            return pick(logits - np.log(np.exp(logits).sum(axis=-1, keepdims=True)), actions)

    def one_max_for_the_batch(logits, actions):
        m = np.max(logits)
        with np.errstate(all="ignore"):
            return pick(logits - m - np.log(np.exp(logits - m).sum(axis=-1, keepdims=True)), actions)

    mistakes = [
        Mistake(
            "log(sum_j exp(z_j)) overflows for large logits: exp(1000) = inf, so z_a - log(inf) = -inf. "
            "Subtract the max logit first: log pi_a = (z_a - m) - log(sum_j exp(z_j - m)), m = max_j z_j.",
            no_max,
        ),
        Mistake(
            "Subtract each row's own max, m = logits.max(axis=-1, keepdims=True), not one max over the whole "
            "batch: a row far below the batch's max has exp(z_j - m) = 0 for every j, and log(0) = -inf.",
            one_max_for_the_batch,
        ),
        Mistake(
            "log(softmax(z)) overflows for large logits (exp(1000) = inf). Subtract the max logit before "
            "exponentiating: log pi_k = (z_k - m) - log(sum_j exp(z_j - m)).",
            naive,
        ),
        Mistake(
            "Normalise over the last axis (the actions), not axis 0 (the batch): use axis=-1, keepdims=True.",
            wrong_axis,
        ),
        Mistake(
            "You returned the probability pi(a), not its log.",
            lambda logits, actions: pick(softmax(logits), actions),
        ),
        Mistake(
            "The logit z_a is not yet a log-probability: subtract log(sum_j exp(z_j)).",
            lambda logits, actions: pick(np.asarray(logits), actions),
        ),
        Mistake(
            "Return only the chosen action's log-probability (one number per state), not the whole row.",
            lambda logits, actions: np.asarray(logits) - np.log(np.exp(logits).sum(axis=-1, keepdims=True)),
        ),
    ]
    return cases, mistakes


@exercise_check(diag_gaussian_log_prob)
def check_diag_gaussian_log_prob():
    """Check ``fn(actions, mu, log_std)`` -> log pi(a|s), summed over the last (action) axis."""
    inputs = [
        ("one 1-D action at the mean, sigma = 1", np.array([0.0]), np.array([0.0]), np.array([0.0])),
        ("one 2-D action", np.array([0.5, -1.0]), np.array([0.0, 0.5]), np.array([-0.5, 0.3])),
        (
            "a batch of 3 actions in 2-D (batch size != dimensions)",
            np.array([[0.1, 0.2], [1.0, -1.0], [0.0, 3.0]]),
            np.array([[0.0, 0.0], [0.5, -0.5], [1.0, 1.0]]),
            np.array([[0.0, -1.0], [0.2, 0.2], [1.0, -0.5]]),
        ),
        (
            "a batch of 2 actions in 3-D, one log_std shared by the batch",
            np.array([[0.3, -0.2, 1.5], [0.0, 0.4, -2.0]]),
            np.array([[0.0, 0.0, 1.0], [0.1, 0.1, -1.0]]),
            np.array([-1.0, 0.0, 0.5]),
        ),
    ]
    cases = [
        Case(
            d,
            dict(actions=a, mu=m, log_std=s),
            diag_gaussian_log_prob(a, m, s),
            hint="Sum over the action dimensions: -(a - mu)^2 / (2 sigma^2) - log sigma - log(2 pi)/2, "
            "with sigma = exp(log_std).",
        )
        for d, a, m, s in inputs
    ]

    def terms(actions, mu, log_std):
        return -0.5 * ((actions - mu) / np.exp(log_std)) ** 2 - log_std - 0.5 * LOG_2PI

    def as_variance(actions, mu, log_std):
        return np.sum(-0.5 * (actions - mu) ** 2 / np.exp(log_std) - log_std - 0.5 * LOG_2PI, axis=-1)

    def log_std_as_std(actions, mu, log_std):
        with np.errstate(all="ignore"):
            return np.sum(
                -0.5 * ((actions - mu) / log_std) ** 2 - np.log(np.abs(log_std)) - 0.5 * LOG_2PI, axis=-1
            )

    mistakes = [
        Mistake(
            "Sum over the last axis (the action dimensions): the result has one number per action vector, "
            "shape actions.shape[:-1]. Use .sum(axis=-1).",
            terms,
        ),
        Mistake(
            "Sum over axis=-1 (the action dimensions), not axis 0 (the batch).",
            lambda actions, mu, log_std: np.sum(
                np.broadcast_to(terms(actions, mu, log_std), np.shape(actions)), axis=0
            ),
        ),
        Mistake(
            "Take the sum over action dimensions, not the mean: independent dimensions multiply densities, "
            "so their log-densities add.",
            lambda actions, mu, log_std: np.mean(terms(actions, mu, log_std), axis=-1),
        ),
        Mistake(
            "The normalising term -log sigma is missing (it is -log_std per dimension).",
            lambda actions, mu, log_std: np.sum(terms(actions, mu, log_std) + log_std, axis=-1),
        ),
        Mistake(
            "The constant -log(2 pi)/2 per dimension is missing.",
            lambda actions, mu, log_std: np.sum(terms(actions, mu, log_std) + 0.5 * LOG_2PI, axis=-1),
        ),
        Mistake(
            "sigma = exp(log_std) is the standard deviation; the variance is sigma^2 = exp(2 log_std).",
            as_variance,
        ),
        Mistake("log_std is the log of sigma: use sigma = exp(log_std), not log_std itself.", log_std_as_std),
    ]
    return cases, mistakes
