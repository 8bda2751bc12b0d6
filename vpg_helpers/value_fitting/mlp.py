"""Fitting an MLP value function V(s) with Adam, by regression of rewards-to-go on states (notebooks 04 and 07).

The loss is the same as the linear fit's (``value_fitting.linear``): the mean over all N steps of
(V(s_t) - R_t)^2; only the gradient differs, carried back through the network by ``MLP.backward``.
"""

import numpy as np

from vpg_helpers.nn.adam import Adam
from vpg_helpers.nn.mlp import MLP
from vpg_helpers.validation import as_float_array, as_positive_int, as_seed, as_vector

__all__ = ["predict_values", "mlp_value_mse_grads", "fit_mlp_value"]


def _value_net(net):
    if not (isinstance(net, MLP) and net.sizes[-1] == 1):
        raise TypeError(
            f"net must be an MLP with one output, V(s) (MLP((obs_dim, ..., 1), rng)), got {net!r}"
        )
    return net


def _observations(net, observations, name="observations"):
    observations = as_float_array(name, observations)
    if observations.ndim != 2 or observations.shape[1] != net.sizes[0] or len(observations) == 0:
        raise ValueError(f"{name} must have shape (N, {net.sizes[0]}) with N >= 1, got {observations.shape}")
    return observations


def predict_values(net, observations, chunk=200):
    """V(s) for every row of ``observations``, shape (N,), computed in chunks of ``chunk`` rows.

    Why chunks: numpy's BLAS (OpenBLAS) splits a matrix product over threads once rows x width x width
    exceeds about 262,000; on a busy 2-core machine a threaded product of a 32-wide layer then took 10-100
    times longer than the same work in small single-threaded pieces (measured here).
    """
    net, observations = _value_net(net), _observations(net, observations)
    chunk = as_positive_int("chunk", chunk)
    return np.concatenate(
        [net(observations[i : i + chunk])[:, 0] for i in range(0, len(observations), chunk)]
    )


def mlp_value_mse_grads(net, observations, targets):
    """Value loss of an MLP V(s) (``vpg_helpers.nn.mlp.MLP`` with one output) on a batch, and its gradients.

    Math: L = (1/N) sum_t (V(s_t) - R_t)^2;  dL/dV(s_t) = (2/N) (V(s_t) - R_t), which ``net.backward``
    carries back to every weight.

    Returns
    -------
    (loss, grads): a float and a list of arrays shaped like ``net.params``.
    """
    net, observations = _value_net(net), _observations(net, observations)
    targets = as_vector("targets", targets, length=len(observations))
    predictions, cache = net.forward(observations)
    errors = predictions[:, 0] - targets
    return float(np.mean(errors**2)), net.backward(cache, (2.0 / len(targets) * errors)[:, None])


def fit_mlp_value(
    net, observations, targets, lr, iterations, batch_size=128, seed=0, record_every=10, held_out=None
):
    """Fit an MLP V(s) with Adam (``vpg_helpers.nn.adam.Adam``); ``net``'s parameters change in place.

    Each iteration is one Adam step on the loss of ``batch_size`` steps drawn at random from the data (a
    minibatch: a noisy but unbiased estimate of the full loss's gradient, far cheaper, and small enough to
    stay single-threaded, see ``predict_values``).

    Returns
    -------
    array, shape (iterations // record_every + 1,): the loss on *all* the data before the first step and
    after every ``record_every`` steps; with ``held_out = (observations, targets)``, a pair of such arrays
    (training loss, held-out loss).
    """
    net, observations = _value_net(net), _observations(net, observations)
    targets = as_vector("targets", targets, length=len(observations))
    if held_out is not None:
        if not (isinstance(held_out, tuple | list) and len(held_out) == 2):
            raise TypeError(f"held_out must be a pair (observations, targets), got {type(held_out).__name__}")
        held_obs = _observations(net, held_out[0], "held_out[0]")
        held_out = (held_obs, as_vector("held_out[1]", held_out[1], length=len(held_obs)))
    iterations, batch_size = (
        as_positive_int("iterations", iterations),
        as_positive_int("batch_size", batch_size),
    )
    record_every, rng = (
        as_positive_int("record_every", record_every),
        np.random.default_rng(as_seed(seed)),
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
