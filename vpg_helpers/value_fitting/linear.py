"""Fitting a linear value function V(s) = phi(s) . w by regression of rewards-to-go on states (notebook 04).

The data D is a batch of trajectories; every time step of every trajectory gives one example
(s_t, R_t) with R_t the reward-to-go. Spinning Up's loss, with |D| trajectories of T steps each,

    L(phi) = 1 / (|D| T) sum_{tau in D} sum_{t=0}^{T-1} (V_phi(s_t) - R_t)^2,

is the mean over all time steps of the batch. Episodes have different lengths, so we read |D| T as the
total number of steps N: arrays here are the steps of all trajectories concatenated, shape (N, ...).
"""

import numpy as np

from vpg_helpers.envs.rollouts import Trajectory
from vpg_helpers.returns import rewards_to_go
from vpg_helpers.validation import as_float_array, as_matrix, as_positive_int, as_positive_number, as_vector

__all__ = [
    "linear_features",
    "feature_scaling",
    "value_mse",
    "linear_value_mse_grad",
    "fit_linear_value",
    "batch_rewards_to_go",
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
    s = as_matrix("observations", observations, "(N, obs_dim)")
    return np.hstack([np.ones((len(s), 1)), s, s**2])


def _regression_args(weights, features, targets):
    features = as_matrix("features", features)
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
    features = as_matrix("features", features)
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
    lr, iterations = as_positive_number("lr", lr), as_positive_int("iterations", iterations)
    losses = np.full(iterations + 1, np.nan)
    for i in range(iterations + 1):
        errors = features @ weights - targets
        losses[i] = np.mean(errors**2)
        if i == iterations or losses[i] > 1e6 * max(losses[0], 1e-12):
            break
        weights = weights - lr * 2.0 / len(targets) * (features.T @ errors)  # linear_value_mse_grad, inlined
    return weights, losses


def batch_rewards_to_go(trajectories, gamma):
    """Rewards-to-go R_t of every step of every trajectory, concatenated, shape (N,) (the regression targets).

    A terminated trajectory ends with V(s_T) = 0; a truncated one would need V(s_T), so it is rejected here.
    """
    if not isinstance(trajectories, list | tuple) or not trajectories:
        raise TypeError(
            f"trajectories must be a non-empty list of Trajectory, got {type(trajectories).__name__}"
        )
    if not all(isinstance(tau, Trajectory) for tau in trajectories):
        raise TypeError(
            "trajectories must hold Trajectory objects (from collect_trajectory or collect_batch)"
        )
    if any(tau.truncated for tau in trajectories):
        raise ValueError(
            "trajectories must all be terminated (a truncated one needs a bootstrap value V(s_T))"
        )
    return np.concatenate([rewards_to_go(tau.rewards, gamma) for tau in trajectories])
