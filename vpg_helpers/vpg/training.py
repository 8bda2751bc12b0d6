"""Vanilla Policy Gradient, the whole algorithm in one loop (notebook 07).

Each epoch: collect a batch from N vectorised envs -> GAE advantages (bootstrapped at truncations and at
the batch cut, not at terminations) -> normalise them -> one Adam step on the policy -> many Adam steps
regressing V(s) on the rewards-to-go -> repeat, until the last 20 episodes average the env's
reward_threshold or the step budget runs out. Two knobs keep a run that goes on after solving healthy:
the advantages' std is floored (config.min_adv_std) and the policy's step size follows the measured KL of
each step (config.target_kl). Each epoch also reports the diagnostics of ``vpg_helpers.vpg.diagnostics``.

``python -m vpg_helpers.vpg`` runs it from the command line (see ``vpg_helpers/vpg/__main__.py``).
"""

import time

import gymnasium as gym
import numpy as np

from vpg_helpers.envs.vector import VecCollector, make_vec_env
from vpg_helpers.nn.adam import Adam
from vpg_helpers.nn.mlp import MLP
from vpg_helpers.nn.threads import single_blas_thread
from vpg_helpers.policies.mlp import CategoricalPolicy, GaussianPolicy
from vpg_helpers.vpg.config import VPGResult
from vpg_helpers.vpg.diagnostics import approx_kl, truncated_fraction
from vpg_helpers.vpg.score import first_solved, mean_last_returns
from vpg_helpers.vpg.update import vpg_update

__all__ = ["train", "UPDATE_STATS", "kl_adapted_lr"]

UPDATE_STATS = ("pi_loss", "grad_norm", "explained_variance", "vf_loss_before", "vf_loss_after")
"""What the course's ``vpg_update`` returns; in epoch_info, NaN where an ``update`` hook returns less."""


def kl_adapted_lr(lr, kl, target_kl, max_lr):
    """The policy's next learning rate after a step that moved it by ``kl`` (config.target_kl's rule).

    Divided by 1.5 after a step with kl > 2 target_kl (it moved pi too far), multiplied by 1.5 (up to
    ``max_lr``) after one with kl < target_kl / 2, unchanged otherwise (also when kl is NaN).

    >>> kl_adapted_lr(0.01, 0.5, 0.02, 0.01), kl_adapted_lr(0.004, 0.001, 0.02, 0.01)
    (0.006666666666666667, 0.006)
    """
    if kl > 2.0 * target_kl:
        return lr / 1.5
    if kl < target_kl / 2.0:
        return min(lr * 1.5, max_lr)
    return lr


def _as_stats(stats):
    """An update's returned stats as a dict with every UPDATE_STATS key (NaN where missing); None is {}."""
    if stats is None:
        stats = {}
    if not isinstance(stats, dict):
        raise TypeError(f"update must return a dict of stats (or None), got {type(stats).__name__}")
    return {name: float("nan") for name in UPDATE_STATS} | stats


@single_blas_thread()
def train(config, callback=None, update=None):
    """Train VPG with ``config``; call ``callback(epoch_info)`` after each epoch; return a VPGResult.

    ``update(policy, value_net, pi_opt, vf_opt, batch, config) -> stats dict`` does steps 2-5 of each epoch;
    it defaults to the course's ``vpg_update``, so a learner's own (or a deliberately broken) one plugs in.
    It may return only some stats (or None): the loop measures entropy, approx_kl and truncated_fraction
    itself, and the UPDATE_STATS it did not return are NaN.

    epoch_info is a dict: epoch, env_steps, seconds, mean_return (of the last solve_window episodes, None
    before the first), episode_returns, episode_end_steps, solved, batch, policy, value_net; this epoch's
    diagnostics (see vpg_helpers.vpg.diagnostics), measured by the loop: entropy (mean over the batch,
    before the policy step), approx_kl (of that step, on the batch's own actions), truncated_fraction (of
    the episodes ended in the batch), pi_lr (the policy's learning rate in that step); and the update's
    stats: pi_loss, grad_norm (of the policy gradient), explained_variance (of the value net's predictions
    before its update), vf_loss_before and vf_loss_after (of the value regression), plus any others it
    returns.
    """
    update = vpg_update if update is None else update
    start, dtype, rng = time.perf_counter(), np.dtype(config.dtype), np.random.default_rng(config.seed)
    envs = make_vec_env(config.env_id, config.num_envs)
    threshold, W = gym.spec(config.env_id).reward_threshold, config.solve_window
    obs_dim, space = envs.single_observation_space.shape[0], envs.single_action_space
    # The policy pi_theta(a|s) and the value function V_phi(s): MLPs with the same hidden layers.
    if isinstance(space, gym.spaces.Discrete):
        policy = CategoricalPolicy(obs_dim, int(space.n), config.hidden_sizes, rng, dtype=dtype)
    else:
        policy = GaussianPolicy(obs_dim, space.shape[0], config.hidden_sizes, rng, config.log_std_init, dtype)
    value_net = MLP((obs_dim, *config.hidden_sizes, 1), rng, output_gain=1.0, dtype=dtype)
    pi_opt, vf_opt = Adam(policy.params, lr=config.pi_lr), Adam(value_net.params, lr=config.vf_lr)
    collector = VecCollector(envs, config.seed, dtype)
    result = VPGResult(config.env_id, config.seed, policy=policy, value_fn=value_net)
    returns, epoch = collector.episode_returns, 0
    while collector.env_steps < config.total_steps and not (result.solved and config.stop_when_solved):
        n_before = len(returns)
        # 1. Collect a batch with the current policy; V(s) of every state comes from the current value net.
        batch = collector.collect(policy, lambda x: value_net(x)[:, 0], config.steps_per_env, rng)
        # 2-5. GAE, normalised advantages, one policy step, value regression; the policy's entropy on the
        # batch before the step, and how far the step moved it (approx_kl on the batch's own actions).
        obs, actions = batch.flat()
        log_probs_old, entropy = policy.log_prob(obs, actions), float(np.mean(policy.entropy(obs)))
        pi_lr = pi_opt.lr
        stats = _as_stats(update(policy, value_net, pi_opt, vf_opt, batch, config))
        stats |= dict(entropy=entropy, approx_kl=approx_kl(log_probs_old, policy.log_prob(obs, actions)),
                      truncated_fraction=truncated_fraction(batch.terminated, batch.truncated), pi_lr=pi_lr)  # fmt: skip
        if config.target_kl is not None:  # a step that moved pi too far: smaller steps from now on
            pi_opt.lr = kl_adapted_lr(pi_opt.lr, stats["approx_kl"], config.target_kl, config.pi_lr)
        epoch += 1
        i = None if result.solved else first_solved(returns, W, threshold, start=n_before)
        if i is not None:
            result.solved, result.solved_at_steps = True, collector.episode_end_steps[i]
            result.solved_at_seconds = time.perf_counter() - start
        if callback is not None:
            mean_return = mean_last_returns(returns, W)
            callback(stats | dict(epoch=epoch, env_steps=collector.env_steps,
                                  seconds=time.perf_counter() - start, mean_return=mean_return,
                                  episode_returns=returns, episode_end_steps=collector.episode_end_steps,
                                  solved=result.solved, batch=batch, policy=policy, value_net=value_net))  # fmt: skip
    envs.close()
    result.env_steps, result.seconds = collector.env_steps, time.perf_counter() - start
    result.final_mean_return = mean_last_returns(returns, W)
    result.episode_returns, result.episode_end_steps = returns, collector.episode_end_steps
    result.env_seconds = collector.env_seconds
    return result
