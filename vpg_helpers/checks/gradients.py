"""Checks for the hands-on gradient exercises: grad log pi of a softmax policy (notebook 02), one Adam step
(notebook 04).

The expected gradients are central finite differences of ``categorical_log_prob``, not the course's formula:
the learner's derivation is checked against the definition of a derivative.
"""

import numpy as np

from vpg_helpers.checks._core import Case, Mistake, vector
from vpg_helpers.checks.registry import exercise_check
from vpg_helpers.distributions import categorical_log_prob, categorical_log_prob_grad, softmax
from vpg_helpers.nn.adam import adam_step
from vpg_helpers.nn.gradcheck import numerical_gradient

__all__ = ["check_categorical_log_prob_grad", "check_adam_step"]


def _onehot(logits, actions):
    return np.eye(np.shape(logits)[-1])[np.asarray(actions)]


@exercise_check(categorical_log_prob_grad)
def check_categorical_log_prob_grad():
    """Check ``fn(logits, actions)`` -> d log pi(a|s) / d logits, shaped like ``logits``."""
    inputs = [
        ("one state, two actions", vector(0.0, np.log(3.0)), np.array(0)),
        ("one state, three actions", vector(1.0, -0.5, 2.0), np.array(2)),
        (
            "a batch of 3 states, 4 actions",
            np.array([[1.0, 2.0, 0.5, -1.0], [0.0, 0.0, 0.0, 0.0], [-2.0, 3.0, 1.0, 0.0]]),
            np.array([0, 3, 1]),
        ),
        ("huge logits (numerical stability)", np.array([[1000.0, 0.0], [0.0, 1000.0]]), np.array([0, 0])),
    ]
    cases = [
        Case(
            d,
            dict(logits=z, actions=a),
            # Rows are independent, so the finite-difference gradient of the sum is every row's gradient.
            numerical_gradient(lambda x, a=a: np.sum(categorical_log_prob(x, a)), z, eps=1e-5),
            hint="d log pi(a) / d z_k = 1[k = a] - pi_k: the one-hot of the action minus the softmax "
            "probabilities (over the last axis).",
        )
        for d, z, a in inputs
    ]

    def naive_softmax(logits, actions):
        with np.errstate(all="ignore"):
            e = np.exp(logits)
            return _onehot(logits, actions) - e / e.sum(axis=-1, keepdims=True)

    mistakes = [
        Mistake(
            "The sign is flipped: log pi(a) = z_a - logsumexp(z) grows with z_a, so the gradient is "
            "onehot(a) - pi, not pi - onehot(a).",
            lambda logits, actions: -categorical_log_prob_grad(logits, actions),
        ),
        Mistake(
            "The softmax term is missing: log pi(a) = z_a - log sum_j exp(z_j), and the second term's "
            "derivative is -pi_k for every k. The gradient is onehot(a) - pi.",
            _onehot,
        ),
        Mistake(
            "The one-hot term is missing: d z_a / d z_k = 1[k = a] adds 1 at the chosen action. The "
            "gradient is onehot(a) - pi.",
            lambda logits, actions: -softmax(logits),
        ),
        Mistake(
            "That is the gradient of pi(a), not of log pi(a): divide by pi(a) (the log's chain rule), "
            "which leaves onehot(a) - pi.",
            lambda logits, actions: (
                np.exp(categorical_log_prob(logits, actions))[..., None]
                * categorical_log_prob_grad(logits, actions)
            ),
        ),
        Mistake(
            "exp(1000) overflows: compute pi with the max logit subtracted first, softmax(z - max z), "
            "which gives the same probabilities.",
            naive_softmax,
        ),
    ]
    return cases, mistakes


@exercise_check(adam_step)
def check_adam_step():
    """Check ``fn(theta, grad, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8) -> (theta, m, v)``."""
    zeros = np.zeros(3)
    inputs = [
        ("the first step (t = 1, m = v = 0)", vector(1.0, -2.0, 0.5), vector(0.5, -2.0, 0.1), zeros, zeros, 1,
         0.1, {}),
        ("a later step (t = 3) with m and v from earlier steps", vector(1.0, -2.0, 0.5), vector(0.3, 1.0, -0.2),
         vector(0.1, -0.2, 0.05), vector(0.01, 0.04, 0.002), 3, 0.01, {}),
        ("tiny gradients (|g| ~ 1e-8: where eps goes matters)", vector(1.0, 1.0, 1.0), vector(1e-8, -3e-9, 0.2),
         zeros, zeros, 1, 0.1, {}),
        ("other betas and eps", vector(0.0, 1.0, 2.0), vector(-1.0, 0.5, 2e-3), vector(0.2, 0.0, 0.1),
         vector(0.5, 0.1, 0.0), 2, 0.05, dict(beta1=0.5, beta2=0.9, eps=1e-3)),
    ]  # fmt: skip
    cases = [
        Case(
            d,
            dict(theta=th, grad=g, m=m, v=v, t=t, lr=lr, **kw),
            adam_step(th, g, m, v, t, lr, **kw),
            hint="m = beta1 m + (1 - beta1) g; v = beta2 v + (1 - beta2) g^2; m_hat = m / (1 - beta1^t); "
            "v_hat = v / (1 - beta2^t); theta - lr m_hat / (sqrt(v_hat) + eps); return (theta, m, v).",
        )
        for d, th, g, m, v, t, lr, kw in inputs
    ]

    def variant(theta, grad, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8, mistake=None):
        m = beta1 * m + (1 - beta1) * grad
        v = beta2 * v + (1 - beta2) * grad**2
        m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
        step = {
            "no_correction": lr * m / (np.sqrt(v) + eps),
            "eps_in_sqrt": lr * m_hat / np.sqrt(v_hat + eps),
            "eps_uncorrected": lr * np.sqrt(1 - beta2**t) / (1 - beta1**t) * m / (np.sqrt(v) + eps),
        }.get(mistake, lr * m_hat / (np.sqrt(v_hat) + eps))
        if mistake == "ascends":
            return theta + step, m, v
        if mistake == "returns_hats":
            return theta - step, m_hat, v_hat
        return theta - step, m, v

    def wrong(name):
        def adam(theta, grad, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
            return variant(theta, grad, m, v, t, lr, beta1, beta2, eps, mistake=name)

        return adam

    mistakes = [
        Mistake("Adam minimises: step *against* the gradient, theta - lr m_hat / (...).", wrong("ascends")),
        Mistake(
            "The bias corrections are missing: m and v start at 0, so early on they are too small; divide "
            "by (1 - beta1^t) and (1 - beta2^t) before the step.",
            wrong("no_correction"),
        ),
        Mistake(
            "eps goes outside the square root, sqrt(v_hat) + eps: inside, sqrt(v_hat + eps) is about 1e-4 "
            "for tiny gradients, and their parameters barely move.",
            wrong("eps_in_sqrt"),
        ),
        Mistake(
            "eps is added to the uncorrected sqrt(v) (the bias corrections folded into the learning rate): "
            "on step 1 that makes eps about 32 times larger. Add it to sqrt(v_hat).",
            wrong("eps_uncorrected"),
        ),
        Mistake(
            "Return the running means m and v themselves, not the bias-corrected m_hat and v_hat: the "
            "correction is recomputed from t at every step.",
            wrong("returns_hats"),
        ),
    ]
    return cases, mistakes
