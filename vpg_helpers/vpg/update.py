"""One VPG update from a batch: GAE targets, one policy step, the value regression (notebook 07)."""

import numpy as np

from vpg_helpers.vpg.targets import compute_batch_targets

__all__ = ["vpg_update"]


def vpg_update(policy, value_net, pi_opt, vf_opt, batch, config):
    """One VPG update from a batch: GAE, normalised advantages, a policy step, value regression."""
    dones = batch.terminated | batch.truncated
    advantages, rewards_to_go = compute_batch_targets(
        batch.rewards, batch.values, batch.next_values, dones, config.gamma, config.lam
    )
    obs = batch.observations.reshape(-1, batch.observations.shape[-1])
    actions = batch.actions.reshape(len(obs), *batch.actions.shape[2:])
    pi_loss, grads = policy.loss_and_grads(obs, actions, advantages.ravel())
    pi_opt.step(grads)  # Adam minimises -mean(A log pi), i.e. ascends the policy gradient
    targets = rewards_to_go.reshape(-1, 1).astype(obs.dtype)
    vf_losses = []
    for _ in range(config.train_v_iters):  # V(s) regression on rewards-to-go: L = mean (V(s) - R)^2
        v, cache = value_net.forward(obs)
        vf_losses.append(float(np.mean((v - targets) ** 2)))
        vf_opt.step(value_net.backward(cache, 2.0 * (v - targets) / len(obs)))
    return {
        "pi_loss": pi_loss,
        "vf_loss_first": vf_losses[0] if vf_losses else None,
        "vf_loss_last": vf_losses[-1] if vf_losses else None,
    }
