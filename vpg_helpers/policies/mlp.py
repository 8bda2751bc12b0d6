"""The two policy families of the course as MLPs: categorical (discrete actions) and diagonal Gaussian (notebook 07).

Both share one interface, which is all the VPG loop needs:

* ``policy.params``: the list of arrays Adam updates in place;
* ``policy.act(observations, rng, greedy=False)``: one action per row of observations;
* ``policy.grad_log_probs(observations, actions)``: row i is grad_theta log pi(a_i|s_i), all parameters
  flattened in ``params`` order, shape (B, P): what notebook 07's ``policy_gradient`` averages;
* ``policy.loss_and_grads(observations, actions, advantages)``: the policy-gradient "loss"
  L(theta) = -mean_i A_i log pi_theta(a_i|s_i) and its gradient. Its gradient is minus the policy-gradient
  estimate g = mean_i A_i grad log pi(a_i|s_i), so a minimiser such as Adam *ascends* the return. (L is not
  a performance measure: its value says little about how good the policy is, see notebook 03.)

The gradients of log pi w.r.t. the logits, mu and log_std are notebook 02's helpers; the MLP's backward pass
carries them on to the weights.
"""

import numpy as np

from vpg_helpers.distributions import (
    categorical_entropy,
    categorical_log_prob,
    categorical_log_prob_grad,
    diag_gaussian_entropy,
    diag_gaussian_log_prob,
    diag_gaussian_log_prob_grad,
    sample_categorical,
)
from vpg_helpers.nn.mlp import MLP

__all__ = ["CategoricalPolicy", "GaussianPolicy"]


class CategoricalPolicy:
    """pi(a|s) = softmax(logits(s)) over ``n_actions`` actions, logits from an MLP.

    >>> policy = CategoricalPolicy(obs_dim=4, n_actions=2, hidden_sizes=(8,), rng=np.random.default_rng(0))
    >>> policy.act(np.zeros((3, 4)), np.random.default_rng(0)).shape
    (3,)
    """

    def __init__(self, obs_dim, n_actions, hidden_sizes, rng, dtype=np.float64):
        # output_gain 0.01: the first policy is nearly uniform, so it explores every action.
        self.net = MLP((obs_dim, *hidden_sizes, n_actions), rng, output_gain=0.01, dtype=dtype)
        self.params = self.net.params

    def __repr__(self):
        return f"CategoricalPolicy(sizes={self.net.sizes})"

    def act(self, observations, rng, greedy=False):
        """Sample a ~ pi(.|s) for each row (or take the most likely action if ``greedy``); shape (B,)."""
        logits = self.net(observations)
        if greedy:
            return logits.argmax(axis=1)
        return sample_categorical(np.exp(logits - logits.max(axis=1, keepdims=True)), rng)

    def log_prob(self, observations, actions):
        """log pi(a_i|s_i), shape (B,)."""
        return categorical_log_prob(self.net(observations), actions)

    def grad_log_probs(self, observations, actions):
        """grad_theta log pi(a_i|s_i) for every sample, one row each, shape (B, P).

        Math: d log pi(a_i|s_i) / dlogits_i = onehot(a_i) - pi(.|s_i), backpropagated through the MLP sample
        by sample.
        """
        logits, cache = self.net.forward(observations)
        return self.net.per_sample_grads(cache, categorical_log_prob_grad(logits, actions))

    def entropy(self, observations):
        """H(pi(.|s_i)) = -sum_k pi_k log pi_k for each row, shape (B,)."""
        return categorical_entropy(self.net(observations))

    def loss_and_grads(self, observations, actions, advantages):
        """L = -mean_i A_i log pi(a_i|s_i) and dL/dparams.

        Math: dL/dlogits_i = -A_i (onehot(a_i) - pi(.|s_i)) / B, then backpropagated through the MLP.
        """
        logits, cache = self.net.forward(observations)
        advantages = np.asarray(advantages, dtype=np.float64)
        loss = -float(np.mean(advantages * categorical_log_prob(logits, actions)))
        grad_logits = -advantages[:, None] * categorical_log_prob_grad(logits, actions) / len(advantages)
        return loss, self.net.backward(cache, grad_logits)


class GaussianPolicy:
    """a ~ N(mu(s), diag(sigma^2)): mu from an MLP, log sigma a state-independent parameter vector.

    >>> policy = GaussianPolicy(obs_dim=4, act_dim=1, hidden_sizes=(8,), rng=np.random.default_rng(0))
    >>> policy.act(np.zeros((3, 4)), np.random.default_rng(0)).shape
    (3, 1)
    >>> [p.shape for p in policy.params][-1]   # log_std, updated by Adam with the weights
    (1,)
    """

    def __init__(self, obs_dim, act_dim, hidden_sizes, rng, log_std_init=-0.5, dtype=np.float64):
        self.net = MLP((obs_dim, *hidden_sizes, act_dim), rng, output_gain=0.01, dtype=dtype)
        self.log_std = np.full(act_dim, log_std_init, dtype=dtype)
        self.params = [*self.net.params, self.log_std]

    def __repr__(self):
        return f"GaussianPolicy(sizes={self.net.sizes}, log_std={np.round(self.log_std, 4).tolist()})"

    def act(self, observations, rng, greedy=False):
        """Sample a = mu + sigma * eps, eps ~ N(0, I) (or a = mu if ``greedy``); shape (B, act_dim)."""
        mu = self.net(observations)
        if greedy:
            return mu
        return mu + np.exp(self.log_std) * rng.standard_normal(mu.shape).astype(mu.dtype)

    def log_prob(self, observations, actions):
        """log pi(a_i|s_i), summed over action dimensions, shape (B,)."""
        return diag_gaussian_log_prob(actions, self.net(observations), self.log_std)

    def grad_log_probs(self, observations, actions):
        """grad_theta log pi(a_i|s_i) for every sample, one row each, shape (B, P); log_std's columns last.

        Math: d log pi / d mu_i = (a_i - mu_i) / sigma^2 (backpropagated through the MLP sample by sample);
        d log pi / d log_std = (a_i - mu_i)^2 / sigma^2 - 1.
        """
        mu, cache = self.net.forward(observations)
        grad_mu, grad_log_std = diag_gaussian_log_prob_grad(actions, mu, self.log_std)
        rows = self.net.per_sample_grads(cache, grad_mu)
        return np.concatenate([rows, grad_log_std.astype(rows.dtype)], axis=1)

    def entropy(self, observations):
        """H(pi(.|s_i)) = sum_d [log sigma_d + (1 + log 2 pi) / 2] for each row (the same for every s), shape (B,)."""
        return np.full(len(observations), diag_gaussian_entropy(self.log_std))

    def loss_and_grads(self, observations, actions, advantages):
        """L = -mean_i A_i log pi(a_i|s_i) and dL/dparams (the last one for log_std).

        Math: dL/dmu_i = -A_i (a_i - mu_i) / sigma^2 / B;  dL/dlog_std = -mean_i A_i ((a_i - mu_i)^2 / sigma^2 - 1).
        """
        mu, cache = self.net.forward(observations)
        advantages = np.asarray(advantages, dtype=np.float64)
        loss = -float(np.mean(advantages * diag_gaussian_log_prob(actions, mu, self.log_std)))
        grad_mu, grad_log_std = diag_gaussian_log_prob_grad(actions, mu, self.log_std)
        weights = -advantages[:, None] / len(advantages)
        grads = self.net.backward(cache, weights * grad_mu)
        return loss, [*grads, (weights * grad_log_std).sum(axis=0).astype(self.log_std.dtype)]
