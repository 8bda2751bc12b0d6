"""Fitting a value function V(s) by regression of rewards-to-go on states (notebook 04).

The data D is a batch of trajectories; every time step of every trajectory gives one example
(s_t, R_t) with R_t the reward-to-go. Spinning Up's loss, with |D| trajectories of T steps each,

    L(phi) = 1 / (|D| T) sum_{tau in D} sum_{t=0}^{T-1} (V_phi(s_t) - R_t)^2,

is the mean over all time steps of the batch. Episodes have different lengths, so we read |D| T as the
total number of steps N: arrays here are the steps of all trajectories concatenated, shape (N, ...).
"""

import numpy as np

from vpg_helpers._validate import (
    as_float_array,
    as_vector,
    check_finite_scalar,
    check_positive_int,
    check_seed,
)
from vpg_helpers.optim import Adam
from vpg_helpers.returns import rewards_to_go

__all__ = [
    "linear_features",
    "feature_scaling",
    "value_mse",
    "linear_value_mse_grad",
    "fit_linear_value",
    "predict_values",
    "mlp_value_mse_grads",
    "fit_mlp_value",
    "batch_rewards_to_go",
    "rewards_to_go_advantages",
    "policy_gradient_terms",
]


def linear_features(observations):
    """Features phi(s) = (1, s, s^2) for a linear value function V(s) = phi(s) . w.

    A constant, the state and its elementwise square: still linear in the weights w, but able to say
    "a pole far from upright is worth less on either side".

    Parameters
    ----------
    observations : array, shape (N, obs_dim)

    Returns
    -------
    array, shape (N, 1 + 2 obs_dim)

    >>> linear_features([[2.0, -1.0]])
    array([[ 1.,  2., -1.,  4.,  1.]])
    """
    s = as_float_array("observations", observations)
    if s.ndim != 2:
        raise ValueError(f"observations must have shape (N, obs_dim), got {s.shape}")
    return np.hstack([np.ones((len(s), 1)), s, s**2])


def _regression_args(weights, features, targets):
    features = as_float_array("features", features)
    if features.ndim != 2:
        raise ValueError(f"features must have shape (N, F), got {features.shape}")
    weights = as_vector("weights", weights, length=features.shape[1])
    targets = as_vector("targets", targets, length=features.shape[0])
    return weights, features, targets


def value_mse(predictions, targets):
    """The value loss: mean over all N time steps of (V(s_t) - R_t)^2.

    Math: L = 1 / (|D| T) sum_tau sum_t (V(s_t) - R_t)^2, with |D| T = N steps in total.

    >>> value_mse([1.0, 2.0, 3.0], targets=[1.0, 2.0, 5.0])   # (0 + 0 + 4) / 3
    1.3333333333333333
    """
    targets = as_vector("targets", targets)
    predictions = as_vector("predictions", predictions, length=len(targets))
    return float(np.mean((predictions - targets) ** 2))


def linear_value_mse_grad(weights, features, targets):
    """Gradient of the value loss of a linear V(s) = phi(s) . w with respect to w.

    Math: dL/dw = (2 / N) Phi^T (Phi w - R), Phi the (N, F) feature matrix, R the rewards-to-go.

    >>> linear_value_mse_grad([1.0], features=[[1.0], [2.0]], targets=[0.0, 0.0])   # (2/2) (1*1 + 2*2)
    array([5.])
    """
    weights, features, targets = _regression_args(weights, features, targets)
    return 2.0 / len(targets) * features.T @ (features @ weights - targets)


def feature_scaling(features):
    """Mean and standard deviation of each feature column, to standardise features: (Phi - mean) / std.

    Constant columns (the bias feature) get mean 0 and std 1, so they pass unchanged. Gradient descent on
    unscaled CartPole features crawls: the loss's curvatures differ by a factor of about 10^4 between
    directions, and the learning rate must suit the steepest one.

    >>> feature_scaling([[1.0, 2.0], [1.0, 4.0]])
    (array([0., 3.]), array([1., 1.]))
    """
    features = as_float_array("features", features)
    if features.ndim != 2:
        raise ValueError(f"features must have shape (N, F), got {features.shape}")
    mean, std = features.mean(axis=0), features.std(axis=0)
    constant = std < 1e-12
    return np.where(constant, 0.0, mean), np.where(constant, 1.0, std)


def fit_linear_value(features, targets, lr, iterations, weights=None):
    """Plain gradient descent on the value loss of a linear V: w <- w - lr dL/dw (from w = 0 by default).

    A learning rate above 2 / (the largest eigenvalue of (2/N) Phi^T Phi) makes the loss grow geometrically;
    once it exceeds 1e6 times its start the fit stops, and the remaining losses are NaN (never inf or an
    overflow warning).

    Returns
    -------
    (weights, losses): the final weights, shape (F,), and the loss before each step and after the last,
    shape (iterations + 1,).

    >>> w, losses = fit_linear_value([[1.0], [1.0]], targets=[1.0, 3.0], lr=0.25, iterations=20)
    >>> w.round(4), float(losses[0]), round(float(losses[-1]), 6)   # the best constant is the mean, 2
    (array([2.]), 5.0, 1.0)
    """
    features = as_float_array("features", features)
    weights = np.zeros(features.shape[1] if features.ndim == 2 else 0) if weights is None else weights
    weights, features, targets = _regression_args(weights, features, targets)
    lr, iterations = check_finite_scalar("lr", lr), check_positive_int("iterations", iterations)
    losses = np.full(iterations + 1, np.nan)
    for i in range(iterations + 1):
        errors = features @ weights - targets
        losses[i] = np.mean(errors**2)
        if i == iterations or losses[i] > 1e6 * max(losses[0], 1e-12):
            break
        weights = weights - lr * 2.0 / len(targets) * (features.T @ errors)  # linear_value_mse_grad, inlined
    return weights, losses


def predict_values(net, observations, chunk=200):
    """V(s) for every row of ``observations``, shape (N,), computed in chunks of ``chunk`` rows.

    Why chunks: numpy's BLAS (OpenBLAS) splits a matrix product over threads once rows x width x width
    exceeds about 262,000; on a busy 2-core machine a threaded product of a 32-wide layer then took 10-100
    times longer than the same work in small single-threaded pieces (measured here).
    """
    observations = as_float_array("observations", observations)
    return np.concatenate(
        [net(observations[i : i + chunk])[:, 0] for i in range(0, len(observations), chunk)]
    )


def mlp_value_mse_grads(net, observations, targets):
    """Value loss of an MLP V(s) (``vpg_helpers.mlp.MLP`` with one output) on a batch, and its gradients.

    Math: L = (1/N) sum_t (V(s_t) - R_t)^2;  dL/dV(s_t) = (2/N) (V(s_t) - R_t), which ``net.backward``
    carries back to every weight.

    Returns
    -------
    (loss, grads): a float and a list of arrays shaped like ``net.params``.
    """
    predictions, cache = net.forward(observations)
    errors = predictions[:, 0] - targets
    return float(np.mean(errors**2)), net.backward(cache, (2.0 / len(targets) * errors)[:, None])


def fit_mlp_value(
    net, observations, targets, lr, iterations, batch_size=128, seed=0, record_every=10, held_out=None
):
    """Fit an MLP V(s) with Adam (``vpg_helpers.optim.Adam``); ``net``'s parameters change in place.

    Each iteration is one Adam step on the loss of ``batch_size`` steps drawn at random from the data (a
    minibatch: a noisy but unbiased estimate of the full loss's gradient, far cheaper, and small enough to
    stay single-threaded, see ``predict_values``).

    Returns
    -------
    array, shape (iterations // record_every + 1,): the loss on *all* the data before the first step and
    after every ``record_every`` steps; with ``held_out = (observations, targets)``, a pair of such arrays
    (training loss, held-out loss).
    """
    observations = as_float_array("observations", observations)
    targets = as_vector("targets", targets, length=len(observations))
    iterations, batch_size = (
        check_positive_int("iterations", iterations),
        check_positive_int("batch_size", batch_size),
    )
    record_every, rng = (
        check_positive_int("record_every", record_every),
        np.random.default_rng(check_seed(seed)),
    )
    data = [(observations, targets)] + ([] if held_out is None else [held_out])
    optimizer, losses = Adam(net.params, lr=lr), []
    for i in range(iterations + 1):
        if i > 0:
            rows = rng.integers(len(targets), size=min(batch_size, len(targets)))
            optimizer.step(mlp_value_mse_grads(net, observations[rows], targets[rows])[1])
        if i % record_every == 0:
            losses.append([np.mean((predict_values(net, x) - y) ** 2) for x, y in data])
    losses = np.array(losses)
    return losses[:, 0] if held_out is None else (losses[:, 0], losses[:, 1])


def batch_rewards_to_go(trajectories, gamma):
    """Rewards-to-go R_t of every step of every trajectory, concatenated, shape (N,) (the regression targets).

    A terminated trajectory ends with V(s_T) = 0; a truncated one would need V(s_T), so it is rejected here.
    """
    if any(tau.truncated for tau in trajectories):
        raise ValueError(
            "trajectories must all be terminated (a truncated one needs a bootstrap value V(s_T))"
        )
    return np.concatenate([rewards_to_go(tau.rewards, gamma) for tau in trajectories])


def rewards_to_go_advantages(rewards, values, gamma, last_value=0.0):
    """Advantage estimates with V as a baseline: A_t = R_t - V(s_t), R_t the rewards-to-go.

    >>> rewards_to_go_advantages([1.0, 1.0], values=[1.5, 0.5], gamma=1.0)
    array([0.5, 0.5])
    """
    returns = rewards_to_go(rewards, gamma, last_value)
    return returns - as_vector("values", values, length=len(returns))


def policy_gradient_terms(grad_log_probs, rewards, gamma, values=None):
    """One trajectory's term of the policy-gradient estimate, with or without a baseline.

    Math: sum_t grad log pi(a_t|s_t) (R_t - b(s_t)), with b(s_t) = values[t] (0 without a baseline).
    The batch estimate is the mean of these terms over trajectories. A baseline that depends only on the
    state leaves its expectation unchanged, since E_a[grad log pi(a|s)] = grad sum_a pi(a|s) = grad 1 = 0.

    Parameters
    ----------
    grad_log_probs : array, shape (T, P): row t is the gradient of log pi(a_t|s_t) over the P parameters
    rewards : array, shape (T,)
    gamma : float in [0, 1]
    values : array, shape (T,), or None

    >>> policy_gradient_terms([[1.0], [-1.0]], rewards=[1.0, 1.0], gamma=1.0, values=[1.5, 0.5])
    array([0.])
    """
    grads = as_float_array("grad_log_probs", grad_log_probs)
    weights = (
        rewards_to_go(rewards, gamma) if values is None else rewards_to_go_advantages(rewards, values, gamma)
    )
    if grads.ndim != 2 or len(grads) != len(weights):
        raise ValueError(f"grad_log_probs must have shape ({len(weights)}, P), got {grads.shape}")
    return weights @ grads
