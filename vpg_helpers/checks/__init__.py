"""Self-checks for the exercises: ``check_<function name>(your_function)``.

Each check prints a short report and returns True if every case passes, False otherwise. It never raises for
a mistake in your code, so a notebook keeps running top to bottom (and a grading cell can ``assert`` it).
Most take your function (``check_rewards_to_go(rewards_to_go)``); ``check_diagnoses(answers)`` takes a dict
of bug names (notebook 08).
"""

from vpg_helpers.checks.catches_bug import check_test_catches_bug
from vpg_helpers.checks.debugging import check_collect_episode
from vpg_helpers.checks.diagnosis import check_diagnoses
from vpg_helpers.checks.distributions import check_categorical_log_prob, check_diag_gaussian_log_prob
from vpg_helpers.checks.gae import check_gae_advantages, check_lambda_weighted_advantages
from vpg_helpers.checks.gae_batch import check_gae_advantages_batch
from vpg_helpers.checks.gradients import check_adam_step, check_categorical_log_prob_grad
from vpg_helpers.checks.n_step import check_n_step_returns, check_n_step_td_episode
from vpg_helpers.checks.policy_gradient import check_policy_gradient_estimate
from vpg_helpers.checks.registry import hidden_case  # noqa: F401  (grading cells call it; not a check)
from vpg_helpers.checks.returns import check_discount_weights, check_discounted_return, check_rewards_to_go
from vpg_helpers.checks.trajectories import check_episode_rewards
from vpg_helpers.checks.value_fitting import check_linear_value_mse_grad, check_rewards_to_go_advantages
from vpg_helpers.checks.vpg import check_compute_batch_targets, check_policy_gradient
from vpg_helpers.checks.vpg_update import check_vpg_update

__all__ = [
    "check_discount_weights",
    "check_discounted_return",
    "check_episode_rewards",
    "check_rewards_to_go",
    "check_n_step_returns",
    "check_gae_advantages",
    "check_lambda_weighted_advantages",
    "check_n_step_td_episode",
    "check_linear_value_mse_grad",
    "check_rewards_to_go_advantages",
    "check_categorical_log_prob",
    "check_diag_gaussian_log_prob",
    "check_categorical_log_prob_grad",
    "check_adam_step",
    "check_policy_gradient_estimate",
    "check_policy_gradient",
    "check_gae_advantages_batch",
    "check_compute_batch_targets",
    "check_vpg_update",
    "check_test_catches_bug",
    "check_collect_episode",
    "check_diagnoses",
]
