"""Vanilla Policy Gradient, the whole algorithm in one loop (notebook 07).

Each epoch: collect a batch from N vectorised envs -> GAE advantages (bootstrapped at truncations and at
the batch cut, not at terminations) -> normalise them -> one Adam step on the policy -> many Adam steps
regressing V(s) on the rewards-to-go -> repeat, until the last 20 episodes average the env's
reward_threshold or the step budget runs out.

    python -m vpg_helpers.vpg --env CartPole-v1 --seed 0 [--total-steps 200000]

prints a progress line per epoch and, last, one JSON line with the result.
"""

import argparse
import json
import time

import gymnasium as gym
import numpy as np
from threadpoolctl import threadpool_limits

from vpg_helpers.mlp import MLP
from vpg_helpers.optim import Adam
from vpg_helpers.vpg_batch import VecCollector, compute_batch_targets, make_vec_env
from vpg_helpers.vpg_config import DEFAULTS, VPGConfig, VPGResult
from vpg_helpers.vpg_policies import CategoricalPolicy, GaussianPolicy
from vpg_helpers.vpg_run import run_policy

__all__ = ["VPGConfig", "VPGResult", "DEFAULTS", "train", "vpg_update", "first_solved", "run_policy", "main"]


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


def first_solved(returns, window, threshold, start=0):
    """Index i >= start of the first episode whose window of the last ``window`` returns averages >= threshold.

    None if there is none, or if ``threshold`` is None (some envs, e.g. Pendulum-v1, define no threshold).

    >>> first_solved([100, 500, 480, 490], window=2, threshold=475)
    2
    """
    for i in range(max(window - 1, start), len(returns) if threshold is not None else 0):
        if np.mean(returns[i + 1 - window : i + 1]) >= threshold:
            return i
    return None


# One BLAS thread: OpenBLAS splits even these small matrix products over every core, and on a shared 2-core
# machine the threads wait for each other (measured ~9x slower in CPU time); one thread also makes the
# floating-point sums, and so the results, the same on any number of cores.
@threadpool_limits.wrap(limits=1, user_api="blas")
def train(config, callback=None):
    """Train VPG with ``config``; call ``callback(epoch_info)`` after each epoch; return a VPGResult.

    epoch_info is a dict: epoch, env_steps, seconds, mean_return (of the last solve_window episodes, None
    before the first), episode_returns, episode_end_steps, solved, pi_loss, vf_loss_first, vf_loss_last,
    batch, policy, value_net.
    """
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
        # 2-5. GAE, normalised advantages, one policy step, value regression.
        stats = vpg_update(policy, value_net, pi_opt, vf_opt, batch, config)
        epoch += 1
        i = None if result.solved else first_solved(returns, W, threshold, start=n_before)
        if i is not None:
            result.solved, result.solved_at_steps = True, collector.episode_end_steps[i]
            result.solved_at_seconds = time.perf_counter() - start
        if callback is not None:
            mean_return = float(np.mean(returns[-W:])) if returns else None
            callback(dict(epoch=epoch, env_steps=collector.env_steps, seconds=time.perf_counter() - start,
                          mean_return=mean_return, episode_returns=returns,
                          episode_end_steps=collector.episode_end_steps, solved=result.solved, batch=batch,
                          policy=policy, value_net=value_net, **stats))  # fmt: skip
    envs.close()
    result.env_steps, result.seconds = collector.env_steps, time.perf_counter() - start
    result.final_mean_return = float(np.mean(returns[-W:])) if returns else None
    result.episode_returns, result.episode_end_steps = returns, collector.episode_end_steps
    result.env_seconds = collector.env_seconds
    return result


def main(argv=None):
    """The command line: train one seed, print progress lines, then the JSON summary as the last line."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--env", default="CartPole-v1")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--total-steps", type=int, default=None)
    args = parser.parse_args(argv)
    overrides = {"seed": args.seed} | ({"total_steps": args.total_steps} if args.total_steps else {})
    config = VPGConfig.for_env(args.env, **overrides)

    def progress(info):
        mean = "n/a" if info["mean_return"] is None else f"{info['mean_return']:.1f}"
        print(
            f"epoch {info['epoch']:3d}  steps {info['env_steps']:7d}  mean return {mean:>6}  "
            f"{info['seconds']:.1f} s",
            flush=True,
        )

    result = train(config, callback=progress)
    print(json.dumps(result.summary()))


if __name__ == "__main__":
    main()
