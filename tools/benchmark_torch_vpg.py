"""BENCHMARK ONLY: the course's VPG with PyTorch networks, timed side by side with our numpy VPG.

torch is NOT a course dependency and nothing in vpg_helpers imports it. This script runs in a separate venv:

    python3 -m venv .venv-torch
    .venv-torch/bin/pip install torch==2.13.0 "gymnasium[classic-control]==1.4.0" numpy==2.4.6 \
        threadpoolctl==3.8.0
    .venv-torch/bin/pip install -e . --no-deps
    .venv-torch/bin/python tools/benchmark_torch_vpg.py --seeds 5 --threads 1 2 --numpy

It trains CartPole-v1 with exactly the algorithm of ``vpg_helpers.vpg.train`` (same VPGConfig defaults), and
the only difference is who computes the networks and their gradients:

* the env side is ours, unchanged: ``make_vec_env`` (8 sync envs, SAME_STEP autoreset), ``VecCollector``
  (250 steps per env, truncation/batch-cut bootstrapping), ``compute_batch_targets`` (GAE gamma=0.99,
  lam=0.97, normalised advantages, rewards-to-go), ``first_solved`` (last 20 episodes >= 475);
* action sampling is ours too (same inverse-CDF sampling from the same numpy Generator), and the initial
  weights are our numpy MLPs' orthogonal weights (gain sqrt 2 hidden, 0.01 policy output, 1.0 value output,
  zero biases; drawn from ``default_rng(seed)`` in the same order as ``train``) copied into torch layers;
* the networks are torch ``nn.Linear``/``nn.Tanh`` MLPs (4-64-64-2 policy, 4-64-64-1 value, float32), the
  losses are -mean(A log pi(a|s)) and mean (V(s) - R)^2, the gradients come from autograd, and the optimisers
  are ``torch.optim.Adam`` (pi_lr 0.01, vf_lr 0.003, betas (0.9, 0.999), eps 1e-8 added to sqrt(v_hat), as ours):
  one policy step and 20 value steps per 2000-step batch.

With ``--numpy`` it also times our numpy trainer (``vpg_helpers.vpg.train``) in the same process, seed by
seed, alternating with the torch runs so machine load affects both alike. Before the timed runs each backend
does one short untimed warm-up run (torch's first calls are slow). Seconds are wall-clock, measured as in
``train``: from env creation to the end of the epoch in which the env was solved.

Prints one row per run, a median/min/max summary per backend, and last one JSON line with everything.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

import gymnasium as gym
import numpy as np
import torch
from provenance import provenance  # tools/, this script's folder, is on sys.path
from torch import nn

from vpg_helpers.envs.vector import VecCollector, make_vec_env
from vpg_helpers.nn.mlp import MLP
from vpg_helpers.vpg import train
from vpg_helpers.vpg.config import VPGConfig
from vpg_helpers.vpg.score import first_solved
from vpg_helpers.vpg.targets import compute_batch_targets


def torch_mlp(numpy_mlp):
    """nn.Sequential(Linear, Tanh, ..., Linear) holding a copy of a numpy MLP's (initial) weights."""
    layers, n_layers = [], len(numpy_mlp.params) // 2
    for k in range(n_layers):
        W, b = numpy_mlp.params[2 * k], numpy_mlp.params[2 * k + 1]
        linear = nn.Linear(W.shape[0], W.shape[1])
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(W.T.copy()))  # numpy: h W (in, out); torch: h W^T (out, in)
            linear.bias.copy_(torch.from_numpy(b.copy()))
        layers += [linear] + ([nn.Tanh()] if k < n_layers - 1 else [])
    return nn.Sequential(*layers)


class TorchCategoricalPolicy:
    """The course's CategoricalPolicy interface (act), with torch logits."""

    def __init__(self, net):
        self.net = net

    def act(self, observations, rng):
        with torch.no_grad():
            logits = self.net(torch.from_numpy(observations)).numpy()
        # Identical to vpg_policies.CategoricalPolicy.act: inverse-CDF sampling with the numpy Generator.
        probs = np.exp(logits - logits.max(axis=1, keepdims=True))
        cdf = np.cumsum(probs, axis=1)
        u = rng.random((len(logits), 1)) * cdf[:, -1:]
        return np.minimum((cdf < u).sum(axis=1), logits.shape[1] - 1)


def train_torch(config):
    """``vpg_helpers.vpg.train`` for a discrete-action env, with torch networks/autograd/Adam. Returns a dict."""
    start, dtype, rng = time.perf_counter(), np.dtype(config.dtype), np.random.default_rng(config.seed)
    envs = make_vec_env(config.env_id, config.num_envs)
    threshold, W = gym.spec(config.env_id).reward_threshold, config.solve_window
    obs_dim, n_actions = envs.single_observation_space.shape[0], int(envs.single_action_space.n)
    # Same initial weights as train(): numpy MLPs drawn from rng in the same order, copied into torch.
    pi_init = MLP((obs_dim, *config.hidden_sizes, n_actions), rng, output_gain=0.01, dtype=dtype)
    vf_init = MLP((obs_dim, *config.hidden_sizes, 1), rng, output_gain=1.0, dtype=dtype)
    pi_net, vf_net = torch_mlp(pi_init), torch_mlp(vf_init)
    policy = TorchCategoricalPolicy(pi_net)
    pi_opt = torch.optim.Adam(pi_net.parameters(), lr=config.pi_lr, betas=(0.9, 0.999), eps=1e-8)
    vf_opt = torch.optim.Adam(vf_net.parameters(), lr=config.vf_lr, betas=(0.9, 0.999), eps=1e-8)

    def value_fn(x):
        with torch.no_grad():
            return vf_net(torch.from_numpy(x))[:, 0].numpy()

    collector = VecCollector(envs, config.seed, dtype)
    returns, solved, solved_at_steps, solved_at_seconds = collector.episode_returns, False, None, None
    while collector.env_steps < config.total_steps and not (solved and config.stop_when_solved):
        n_before = len(returns)
        batch = collector.collect(policy, value_fn, config.steps_per_env, rng)
        dones = batch.terminated | batch.truncated
        advantages, rewards_to_go = compute_batch_targets(
            batch.rewards, batch.values, batch.next_values, dones, config.gamma, config.lam
        )
        obs = torch.from_numpy(batch.observations.reshape(-1, obs_dim))
        actions = torch.from_numpy(batch.actions.reshape(-1).astype(np.int64))
        adv = torch.from_numpy(advantages.ravel().astype(dtype))
        # One policy step on L = -mean(A log pi(a|s)).
        logp = torch.log_softmax(pi_net(obs), dim=1).gather(1, actions[:, None])[:, 0]
        pi_loss = -(adv * logp).mean()
        pi_opt.zero_grad()
        pi_loss.backward()
        pi_opt.step()
        # train_v_iters Adam steps on L = mean (V(s) - R)^2.
        targets = torch.from_numpy(rewards_to_go.reshape(-1, 1).astype(dtype))
        for _ in range(config.train_v_iters):
            vf_loss = ((vf_net(obs) - targets) ** 2).mean()
            vf_opt.zero_grad()
            vf_loss.backward()
            vf_opt.step()
        i = None if solved else first_solved(returns, W, threshold, start=n_before)
        if i is not None:
            solved, solved_at_steps = True, collector.episode_end_steps[i]
            solved_at_seconds = time.perf_counter() - start
    envs.close()
    seconds = time.perf_counter() - start
    return dict(env=config.env_id, seed=config.seed, env_steps=collector.env_steps, seconds=seconds,
                solved=solved, solved_at_steps=solved_at_steps, solved_at_seconds=solved_at_seconds,
                final_mean_return=float(np.mean(returns[-W:])) if returns else None,
                env_seconds=collector.env_seconds)  # fmt: skip


def run(backend, config):
    """One timed run: backend "numpy" or "torch-<threads>t"; returns a summary row."""
    cpu = time.process_time()
    if backend == "numpy":
        row = train(config).summary()
    else:
        torch.set_num_threads(int(backend.split("-")[1][:-1]))
        row = train_torch(config)
    row["cpu_seconds"] = time.process_time() - cpu
    row["env_share"] = row["env_seconds"] / row["seconds"]
    return {"backend": backend} | row


def summary(rows):
    solved = [r for r in rows if r["solved"]]
    out = {"solved": f"{len(solved)}/{len(rows)}"}
    for key in ("solved_at_steps", "solved_at_seconds", "cpu_seconds", "env_share"):
        values = [r[key] for r in (solved if key.startswith("solved") else rows)]
        out[key] = {"median": float(np.median(values)), "min": min(values), "max": max(values)}
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seeds", type=int, default=5, help="seeds 0..N-1")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2], help="torch.set_num_threads values")
    parser.add_argument("--numpy", action="store_true", help="also time our numpy trainer, interleaved")
    parser.add_argument("--total-steps", type=int, default=None)
    args = parser.parse_args(argv)
    backends = (["numpy"] if args.numpy else []) + [f"torch-{t}t" for t in args.threads]
    default_threads = torch.get_num_threads()
    load_before = open("/proc/loadavg").read().split()[:3]
    print(f"torch {torch.__version__} (default threads {default_threads}), numpy {np.__version__}, "
          f"gymnasium {gym.__version__}; nproc {os.cpu_count()}; load average before: {' '.join(load_before)}")  # fmt: skip
    for backend in backends:  # untimed warm-up: first-call overheads (torch's, imports, caches)
        run(backend, VPGConfig(seed=1000, total_steps=4000))
    rows = []
    for seed in range(args.seeds):
        overrides = {"seed": seed} | ({"total_steps": args.total_steps} if args.total_steps else {})
        for backend in backends:
            row = run(backend, VPGConfig.for_env("CartPole-v1", **overrides))
            rows.append(row)
            print(f"seed {seed} {backend:>9}: solved {row['solved']} at {row['solved_at_steps']} steps, "
                  f"{row['solved_at_seconds'] or float('nan'):.2f} s (run {row['seconds']:.2f} s, "
                  f"cpu {row['cpu_seconds']:.2f} s), env share {row['env_share']:.0%}", flush=True)  # fmt: skip
    load_after = open("/proc/loadavg").read().split()[:3]
    print(f"load average after: {' '.join(load_after)}")
    summaries = {b: summary([r for r in rows if r["backend"] == b]) for b in backends}
    for backend, s in summaries.items():
        st, sec = s["solved_at_steps"], s["solved_at_seconds"]
        print(f"{backend:>9}: solved {s['solved']}; steps median {st['median']:.0f} (min {st['min']}, "
              f"max {st['max']}); seconds median {sec['median']:.2f} (min {sec['min']:.2f}, max {sec['max']:.2f}); "
              f"env share median {s['env_share']['median']:.0%}")  # fmt: skip
    ratios = {}
    if "numpy" in summaries:
        for backend in backends[1:]:
            ratios[backend] = summaries[backend]["solved_at_seconds"]["median"] / summaries["numpy"][
                "solved_at_seconds"]["median"]  # fmt: skip
            print(f"median seconds to solve, {backend} / numpy: {ratios[backend]:.2f}x")
    print(json.dumps({
        "command": " ".join([Path(sys.executable).as_posix(), *sys.argv]),
        "versions": {"torch": torch.__version__, "numpy": np.__version__, "gymnasium": gym.__version__,
                     "python": sys.version.split()[0]},
        "provenance": provenance(),  # CPU, BLAS kernel, versions: the step counts are exact only there
        "machine": {"nproc": os.cpu_count(), "torch_default_threads": default_threads,
                    "loadavg_before": load_before, "loadavg_after": load_after},
        "rows": rows, "summary": summaries, "median_seconds_ratio_vs_numpy": ratios,
    }))  # fmt: skip


if __name__ == "__main__":
    main()
