"""Check for notebook 07's assembly exercise: ``vpg_update``, one policy step and the value regression.

An update's result is a side effect (the networks' parameters move), so the check runs the learner's
function on fresh copies of small networks, optimisers and a made-up batch, and compares what it leaves
behind: the policy's and the value network's parameters after the update, and the three stats it returns.
The expected numbers come from the course's ``vpg_update``, which computes the policy gradient in one
backward pass (``loss_and_grads``) rather than from per-sample rows: a different route to the same step.
"""

import numpy as np

from vpg_helpers.checks._core import Case, Mistake
from vpg_helpers.checks.registry import exercise_check
from vpg_helpers.envs.vector import Batch
from vpg_helpers.nn.adam import Adam
from vpg_helpers.nn.mlp import MLP, flatten, unflatten
from vpg_helpers.policies.mlp import CategoricalPolicy, GaussianPolicy
from vpg_helpers.policy_gradient import policy_gradient
from vpg_helpers.vpg.config import VPGConfig
from vpg_helpers.vpg.targets import compute_batch_targets
from vpg_helpers.vpg.update import vpg_update

__all__ = ["check_vpg_update", "STATS"]

STATS = ("pi_loss", "vf_loss_before", "vf_loss_after")
"""The keys of the dict an update returns (the training loop passes them on to its callback)."""


def after_update(fn):
    """Run an update ``fn`` and return what it changed: policy params, value params, then its stats."""

    def run(policy, value_net, pi_opt, vf_opt, batch, config):
        stats = fn(policy, value_net, pi_opt, vf_opt, batch, config)
        if not isinstance(stats, dict) or not set(STATS) <= set(stats):
            raise ValueError(f"vpg_update must return a dict with the keys {', '.join(STATS)}; got {stats!r}")
        return np.concatenate([flatten(policy.params), flatten(value_net.params), [stats[k] for k in STATS]])

    return run


class GradientDescent:
    """Plain gradient descent, theta <- theta - lr * grad, in place: unlike Adam's step, its step grows with the
    gradient's scale, so a case with it tells 2 (v - R) / B from a gradient off by a constant factor."""

    def __init__(self, params, lr):
        self.params, self.lr = params, lr

    def __repr__(self):
        return f"GradientDescent(lr={self.lr:g})"

    def step(self, grads):
        for p, g in zip(self.params, grads, strict=True):
            p -= self.lr * g


def _inputs(seed, T, N, continuous=False, train_v_iters=3, optimiser=Adam):
    rng = np.random.default_rng(seed)
    if continuous:
        policy = GaussianPolicy(3, 1, (5,), rng, log_std_init=-0.3)
        actions = rng.normal(size=(T, N, 1))
    else:
        policy = CategoricalPolicy(3, 2, (5,), rng)
        actions = rng.integers(0, 2, size=(T, N))
    value_net = MLP((3, 5, 1), rng)
    observations = rng.normal(size=(T, N, 3))
    values = value_net(observations.reshape(-1, 3))[:, 0].reshape(T, N)
    terminated = rng.random((T, N)) < 0.15
    truncated = (rng.random((T, N)) < 0.15) & ~terminated
    after = value_net(rng.normal(size=(T * N, 3)))[:, 0].reshape(T, N)  # V(final obs) at truncations
    next_values = np.vstack([values[1:], after[-1:]])
    next_values = np.where(truncated, after, np.where(terminated, 0.0, next_values))
    batch = Batch(
        observations, actions, rng.uniform(0, 2, (T, N)), values, next_values, terminated, truncated
    )
    config = VPGConfig(  # min_adv_std=0: the plain normalisation the exercise asks for
        gamma=0.9,
        lam=0.8,
        pi_lr=0.05,
        vf_lr=0.02,
        train_v_iters=train_v_iters,
        dtype="float64",
        min_adv_std=0.0,
    )
    pi_opt, vf_opt = optimiser(policy.params, lr=config.pi_lr), optimiser(value_net.params, lr=config.vf_lr)
    return dict(policy=policy, value_net=value_net, pi_opt=pi_opt, vf_opt=vf_opt, batch=batch, config=config)


def _variant(step_sign=-1.0, v_target=1, v_iters=None, cut_at="both", loss_sign=-1.0):
    """The per-sample route to an update, with one thing changed: the classic mistakes."""

    def update(policy, value_net, pi_opt, vf_opt, batch, config):
        dones = batch.terminated | batch.truncated if cut_at == "both" else batch.terminated
        targets = compute_batch_targets(
            batch.rewards, batch.values, batch.next_values, dones, config.gamma, config.lam
        )
        advantages = targets[0].ravel()
        obs = batch.observations.reshape(len(advantages), -1)
        actions = batch.actions.reshape(len(obs), *batch.actions.shape[2:])
        pi_loss = loss_sign * np.mean(advantages * policy.log_prob(obs, actions))
        g = policy_gradient(policy.grad_log_probs(obs, actions), advantages)
        pi_opt.step(unflatten(step_sign * g, like=policy.params))
        y = targets[v_target].reshape(-1, 1)
        losses = []
        for _ in range(config.train_v_iters if v_iters is None else v_iters):
            v, cache = value_net.forward(obs)
            losses.append(np.mean((v - y) ** 2))
            vf_opt.step(value_net.backward(cache, 2.0 * (v - y) / len(obs)))
        v_after = value_net(obs)
        return dict(pi_loss=pi_loss, vf_loss_before=losses[0], vf_loss_after=np.mean((v_after - y) ** 2))

    return update


@exercise_check(vpg_update, adapt=after_update)
def check_vpg_update():
    """Check ``fn(policy, value_net, pi_opt, vf_opt, batch, config) -> stats``: the parameters it leaves."""
    inputs = [  # each batch is built twice: once to keep as the case's input, once for the expected result
        ("a categorical policy, T = 6 steps of N = 2 envs, 3 value steps", (0, 6, 2)),
        ("a Gaussian policy (continuous actions), T = 5, N = 3", (1, 5, 3, True)),
        ("a categorical policy, one value step", (2, 7, 2, False, 1)),
        (
            "plain gradient descent instead of Adam (the gradient's scale matters)",
            (3, 6, 2, False, 3, GradientDescent),
        ),
    ]
    cases = [
        Case(
            description,
            _inputs(*args),
            after_update(vpg_update)(**_inputs(*args)),
            hint="dones = terminated | truncated; (A, R) = compute_batch_targets(...); g = policy_gradient("
            "policy.grad_log_probs(obs, actions), A); pi_opt.step(unflatten(-g, like=policy.params)); then "
            "config.train_v_iters Adam steps on mean (V(s) - R)^2. If your earlier exercises' checks pass, "
            "the mistake is in this function.",
        )
        for description, args in inputs
    ]
    mistakes = [
        Mistake(
            "The policy moved the wrong way: Adam *minimises*, so give it the loss gradient -g "
            "(unflatten(-g, like=policy.params)); stepping with +g lowers the return. (If this function "
            "does pass -g, does check_policy_gradient pass? A flipped sign there ends up here.)",
            _variant(step_sign=1.0),
        ),
        Mistake(
            "V regresses on the rewards-to-go (the second thing compute_batch_targets returns), not on the "
            "advantages.",
            _variant(v_target=0),
        ),
        Mistake(
            "Take config.train_v_iters Adam steps of value regression, not one.",
            _variant(v_iters=1),
        ),
        Mistake(
            "An episode also ends where it was truncated: dones = batch.terminated | batch.truncated.",
            _variant(cut_at="terminated"),
        ),
        Mistake(
            "pi_loss is the surrogate L = -mean(A log pi(a|s)), with a minus sign (its gradient is -g).",
            _variant(loss_sign=1.0),
        ),
    ]
    return cases, mistakes
