"""Vanilla Policy Gradient, the whole algorithm in one loop (notebook 07).

Each epoch: collect a batch from N vectorised envs -> GAE advantages (bootstrapped at truncations and at
the batch cut, not at terminations) -> normalise them -> one Adam step on the policy -> many Adam steps
regressing V(s) on the rewards-to-go -> repeat, until the last 20 episodes average the env's
reward_threshold or the step budget runs out.

``python -m vpg_helpers.vpg`` runs it from the command line (see ``vpg_helpers/vpg/__main__.py``).
"""

import time

import gymnasium as gym
import numpy as np

from vpg_helpers.envs.supported import env_spaces
from vpg_helpers.envs.vector import VecCollector, make_vec_env
from vpg_helpers.nn.adam import Adam
from vpg_helpers.nn.mlp import MLP
from vpg_helpers.nn.threads import single_blas_thread
from vpg_helpers.policies.mlp import CategoricalPolicy, GaussianPolicy
from vpg_helpers.vpg.config import VPGConfig, VPGResult
from vpg_helpers.vpg.score import first_solved, mean_last_returns
from vpg_helpers.vpg.update import vpg_update

__all__ = ["train"]


@single_blas_thread()
def train(config, callback=None, update=None):
    """Train VPG with ``config``; call ``callback(epoch_info)`` after each epoch; return a VPGResult.

    ``update(policy, value_net, pi_opt, vf_opt, batch, config) -> stats dict`` does steps 2-5 of each epoch;
    it defaults to the course's ``vpg_update``, so a learner's own (or a deliberately broken) one plugs in.

    epoch_info is a dict: epoch, env_steps, seconds, mean_return (of the last solve_window episodes, None
    before the first), episode_returns, episode_end_steps, solved, pi_loss, vf_loss_first, vf_loss_last,
    batch, policy, value_net.
    """
    obs_dim, space = _check(config, callback, update)  # and env_id: an env VPG cannot train on is refused
    update = vpg_update if update is None else update
    start, dtype, rng = time.perf_counter(), np.dtype(config.dtype), np.random.default_rng(config.seed)
    envs = make_vec_env(config.env_id, config.num_envs)
    threshold, W = gym.spec(config.env_id).reward_threshold, config.solve_window
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
        # 2-5. GAE, normalised advantages, one policy step, value regression.
        stats = update(policy, value_net, pi_opt, vf_opt, batch, config)
        epoch += 1
        i = None if result.solved else first_solved(returns, W, threshold, start=n_before)
        if i is not None:
            result.solved, result.solved_at_steps = True, collector.episode_end_steps[i]
            result.solved_at_seconds = time.perf_counter() - start
        if callback is not None:
            mean_return = mean_last_returns(returns, W)
            callback(dict(epoch=epoch, env_steps=collector.env_steps, seconds=time.perf_counter() - start,
                          mean_return=mean_return, episode_returns=returns,
                          episode_end_steps=collector.episode_end_steps, solved=result.solved, batch=batch,
                          policy=policy, value_net=value_net, **stats))  # fmt: skip
    envs.close()
    result.env_steps, result.seconds = collector.env_steps, time.perf_counter() - start
    result.final_mean_return = mean_last_returns(returns, W)
    result.episode_returns, result.episode_end_steps = returns, collector.episode_end_steps
    result.env_seconds = collector.env_seconds
    return result


def _check(config, callback, update):
    """The arguments of ``train``, checked before anything is built; returns the env's (obs_dim, action space)."""
    if not isinstance(config, VPGConfig):
        raise TypeError(
            f"config must be a VPGConfig (VPGConfig.for_env(env_id)), got {type(config).__name__}"
        )
    for name, fn in (("callback", callback), ("update", update)):
        if fn is not None and not callable(fn):
            raise TypeError(f"{name} must be a function (or None), got {type(fn).__name__}")
    return env_spaces(config.env_id)
