"""One VPG update from a batch: GAE targets, one policy step, the value regression (notebook 07)."""

import numpy as np

from vpg_helpers.vpg.diagnostics import explained_variance, global_norm
from vpg_helpers.vpg.targets import compute_batch_targets

__all__ = ["vpg_update"]


def vpg_update(policy, value_net, pi_opt, vf_opt, batch, config, targets=compute_batch_targets):
    """One VPG update from a batch: GAE, normalised advantages, a policy step, value regression.

    Returns the policy loss, the norm of its gradient, the explained variance of the value net's
    predictions (made before this update) on the rewards-to-go, and the value loss before and after.
    ``targets`` computes (advantages, rewards_to_go) with ``compute_batch_targets``' signature: notebook 08
    plugs broken ones in here (``vpg_helpers.debugging``).
    """
    dones = batch.terminated | batch.truncated
    advantages, rewards_to_go = targets(
        batch.rewards, batch.values, batch.next_values, dones, config.gamma, config.lam, config.min_adv_std
    )
    obs, actions = batch.flat()
    pi_loss, grads = policy.loss_and_grads(obs, actions, advantages.ravel())
    grad_norm = global_norm(grads)  # ||g|| over all the policy's parameters (grads holds -g)
    pi_opt.step(grads)  # Adam minimises -mean(A log pi), i.e. ascends the policy gradient
    targets = rewards_to_go.reshape(-1, 1).astype(obs.dtype)
    vf_loss_before = float(np.mean((value_net(obs) - targets) ** 2))
    for _ in range(config.train_v_iters):  # V(s) regression on rewards-to-go: L = mean (V(s) - R)^2
        v, cache = value_net.forward(obs)
        vf_opt.step(value_net.backward(cache, 2.0 * (v - targets) / len(obs)))
    return {
        "pi_loss": pi_loss,
        "grad_norm": grad_norm,
        "explained_variance": explained_variance(rewards_to_go.ravel(), batch.values.ravel()),
        "vf_loss_before": vf_loss_before,
        "vf_loss_after": float(np.mean((value_net(obs) - targets) ** 2)),
    }
