"""The policy gradient theorem, checked exactly on the short corridor (notebooks 03 and 04).

Sutton & Barto (2nd ed.), section 13.2, for an episodic task from the start state s_0:

    grad J(theta) = sum_s eta(s) sum_a q_pi(s, a) grad pi(a|s)  ∝  sum_s mu(s) sum_a q_pi(s, a) grad pi(a|s),

where eta(s) = sum_t gamma^t P(s_t = s) is the (discounted) expected number of visits of s in one episode,
mu(s) = eta(s) / sum_s' eta(s') the on-policy state distribution, and the constant of the proportionality is
sum_s eta(s): with gamma = 1, the expected episode length E[T]. Everything here is computed from linear
equations on the corridor's three states (the policy is p = P(RIGHT) = sigmoid(theta) in every state):

    q_pi(s, a) = -1 + gamma v_pi(next(s, a)),  v_pi(G) = 0;      eta = (I - gamma P_p^T)^-1 e_0.

``expected_estimate`` gives the exact mean of each sampled estimator of notebook 03 at any gamma, and
``action_baseline_shift`` the exact change of that mean caused by a baseline b(s, a) that depends on the action.
"""

import numpy as np

from vpg_helpers.envs.short_corridor import LEFT, RIGHT, TERMINAL, exact_state_values, step
from vpg_helpers.validation import as_float_array, as_open_unit_interval, as_unit_interval

__all__ = [
    "action_values",
    "visit_counts",
    "state_distribution",
    "policy_grad",
    "theorem_gradient",
    "expected_estimate",
    "action_baseline_shift",
]

_STATES = np.arange(3)


def _check_p(p):
    return as_open_unit_interval("p", p, why=" (otherwise the episode never ends)")


def _transitions(p):
    """P_p[s, s'] = sum_a pi(a) P(s'|s, a) over the non-terminal states, built from ``step`` itself."""
    P = np.zeros((3, 3))
    for action, prob in ((LEFT, 1.0 - p), (RIGHT, p)):
        for s, s_next in zip(_STATES, step(_STATES, np.full(3, action)), strict=True):
            if s_next != TERMINAL:
                P[s, s_next] += prob
    return P


def action_values(p, gamma=1.0):
    """q_pi(s, a) for s = 0, 1, 2 and a = LEFT, RIGHT, shape (3, 2).

    Math: q_pi(s, a) = r + gamma v_pi(s'), with r = -1, s' = next(s, a) and v_pi(G) = 0.

    >>> action_values(0.5).round(6)
    array([[-13., -11.],
           [ -7., -13.],
           [-11.,  -1.]])
    """
    p, gamma = _check_p(p), as_unit_interval("gamma", gamma)
    v = np.append(exact_state_values(p, gamma), 0.0)  # v(G) = 0, at index TERMINAL = 3
    q = np.empty((3, 2))
    for action in (LEFT, RIGHT):
        q[:, action] = -1.0 + gamma * v[step(_STATES, np.full(3, action))]
    return q


def visit_counts(p, gamma=1.0):
    """eta(s) = sum_t gamma^t P(s_t = s | s_0 = 0), shape (3,): with gamma = 1, the expected number of visits.

    Math: eta = e_0 + gamma P_p^T eta, i.e. eta = (I - gamma P_p^T)^-1 e_0. With gamma = 1 the entries sum to
    the expected episode length E[T] (= -J(p) on the corridor, where every step costs 1).

    >>> visit_counts(0.5).round(6), float(visit_counts(0.5).sum().round(6))
    (array([6., 4., 2.]), 12.0)
    """
    p, gamma = _check_p(p), as_unit_interval("gamma", gamma)
    start = np.array([1.0, 0.0, 0.0])
    return np.linalg.solve(np.eye(3) - gamma * _transitions(p).T, start)


def state_distribution(p, gamma=1.0):
    """mu(s) = eta(s) / sum_s' eta(s'), the on-policy state distribution (Sutton & Barto's mu), shape (3,)."""
    eta = visit_counts(p, gamma)
    return eta / eta.sum()


def policy_grad(p):
    """d pi(a|s) / d theta for p = sigmoid(theta), shape (3, 2): the same in every state.

    Math: d p / d theta = p (1 - p), so d pi(RIGHT) / d theta = p (1 - p) and d pi(LEFT) / d theta = -p (1 - p).
    """
    p = _check_p(p)
    grad = np.empty((3, 2))
    grad[:, RIGHT], grad[:, LEFT] = p * (1 - p), -p * (1 - p)
    return grad


def theorem_gradient(p, gamma=1.0):
    """The right side of the policy gradient theorem: sum_s eta(s) sum_a q_pi(s, a) d pi(a|s) / d theta.

    Equal to E[T] sum_s mu(s) sum_a q_pi(s, a) d pi(a|s) / d theta when gamma = 1. It must equal
    ``short_corridor.exact_gradient(p, gamma, wrt="theta")``, the derivative of J = v_pi(s_0) itself.

    >>> round(theorem_gradient(0.5), 9)
    2.0
    """
    return float(visit_counts(p, gamma) @ np.sum(action_values(p, gamma) * policy_grad(p), axis=1))


def expected_estimate(p, gamma, weight):
    """The exact mean of one episode's term sum_t (d log pi(a_t) / d theta) w_t, for each weight w_t.

    Math, with q_gamma the discounted action values:

    - ``weight="total"`` (w_t = R(tau) = sum_k gamma^k r_k) and ``"discounted_future"`` (w_t = gamma^t R_t):
      sum_s eta_gamma(s) sum_a q_gamma(s, a) d pi(a|s) / d theta = dJ_gamma / d theta, the gradient of the
      discounted objective J_gamma = E[sum_t gamma^t r_t];
    - ``weight="future"`` (w_t = R_t = sum_{k >= t} gamma^{k-t} r_k, the course's weight):
      sum_s eta_1(s) sum_a q_gamma(s, a) d pi(a|s) / d theta, with the *undiscounted* visit counts: the
      gradient of no objective in general when gamma < 1 (the usual, deliberate bias), and dJ/d theta at gamma = 1.

    >>> round(expected_estimate(0.5, 1.0, "future"), 9) == round(expected_estimate(0.5, 1.0, "total"), 9) == 2.0
    True
    """
    gamma = as_unit_interval("gamma", gamma)
    if weight not in ("total", "future", "discounted_future"):
        raise ValueError(f"weight must be 'total', 'future' or 'discounted_future', got {weight!r}")
    visits = visit_counts(p, 1.0 if weight == "future" else gamma)
    return float(visits @ np.sum(action_values(p, gamma) * policy_grad(p), axis=1))


def action_baseline_shift(p, baseline):
    """The exact change of the gradient estimate's mean when w_t = R_t - b(s_t, a_t) (gamma = 1).

    Math: E[sum_t (d log pi(a_t) / d theta) b(s_t, a_t)] = sum_s eta(s) sum_a (d pi(a|s) / d theta) b(s, a),
    and the estimate's mean moves by minus that. It is 0 when b does not depend on a (sum_a d pi(a|s) = 0),
    and not 0 in general when it does.

    Parameters
    ----------
    baseline : array, shape (3, 2): b(s, a) for s = 0, 1, 2 and a = LEFT, RIGHT.

    >>> action_baseline_shift(0.5, np.array([[5.0, 5.0], [1.0, 1.0], [2.0, 2.0]]))   # b(s) only: no shift
    0.0
    """
    baseline = as_float_array("baseline", baseline)
    if baseline.shape != (3, 2):
        raise ValueError(
            f"baseline must have shape (3, 2) (b(s, a) for 3 states, 2 actions), got {baseline.shape}"
        )
    return float(-(visit_counts(p) @ np.sum(policy_grad(p) * baseline, axis=1)))
