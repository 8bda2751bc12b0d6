"""Every reproducer of issue 17 ("a hardened public API"), one test each: the wrong answer is now right, the
silent answer is now a ValueError/TypeError naming the argument, the traceback is now one line."""

import subprocess
import sys

import gymnasium as gym
import numpy as np
import pytest

from vpg_helpers.assignments.grade import grade
from vpg_helpers.assignments.release import release
from vpg_helpers.checks import check_rewards_to_go
from vpg_helpers.discounting import discount_weights
from vpg_helpers.distributions import diag_gaussian_log_prob, diag_gaussian_log_prob_grad
from vpg_helpers.envs import short_corridor
from vpg_helpers.envs.exact_mdp import TabularMDP, random_mdp
from vpg_helpers.nn.adam import Adam
from vpg_helpers.policies.mlp import CategoricalPolicy, GaussianPolicy
from vpg_helpers.returns import gae_advantages, gae_advantages_batch, n_step_returns, rewards_to_go
from vpg_helpers.vpg import VPGConfig, train
from vpg_helpers.vpg.evaluate import run_policy
from vpg_helpers.vpg.score import first_solved
from vpg_helpers.vpg.targets import compute_batch_targets


# Wrong answers on valid input
def test_gaussian_log_prob_at_a_tiny_sigma_is_finite_and_exact():
    # log pi = -log_std - log(2 pi) / 2 at a = mu, however small sigma = exp(log_std) is
    assert diag_gaussian_log_prob([0.0], [0.0], [-800.0]) == pytest.approx(
        800 - 0.5 * np.log(2 * np.pi), abs=1e-12
    )
    assert diag_gaussian_log_prob([0.0], [0.0], [-800.0]) == pytest.approx(799.0810614667953)


def test_gaussian_log_prob_grad_at_a_tiny_sigma_is_zero_and_minus_one():
    grad_mu, grad_log_std = diag_gaussian_log_prob_grad([0.0], [0.0], [-400.0])
    assert grad_mu.tolist() == [0.0] and grad_log_std.tolist() == [-1.0]


@pytest.mark.parametrize("batched", [False, True])
def test_float32_gamma_and_lam_are_promoted_before_gamma_times_lam(batched):
    T, gamma, lam = 200, np.float32(0.99), np.float32(0.97)
    exact = gae_advantages(np.ones(T), np.zeros(T), float(gamma), float(lam))  # the same numbers, as floats
    if batched:  # float32 arrays, as training stores them: dones used to be cast to float32 with gamma lam
        f32 = np.float32
        rewards, values = np.ones((T, 1), f32), np.zeros((T, 1), f32)
        got = gae_advantages_batch(rewards, values, values, np.zeros((T, 1), bool), gamma, lam)[:, 0]
    else:
        got = gae_advantages(np.ones(T), np.zeros(T), gamma, lam)
    np.testing.assert_array_equal(got, exact)  # gamma lam rounded to float32 was 5.9e-6 off here


def test_zero_d_integer_arrays_are_accepted_for_n_and_T():
    assert n_step_returns([1.0, 1.0], [0.0, 0.0], 0.5, np.array(1)).tolist() == [1.0, 1.0]
    assert discount_weights(0.5, np.array(3)).tolist() == [1.0, 0.5, 0.25]


def test_zero_d_arrays_are_accepted_wherever_a_number_is():
    config = VPGConfig(
        gamma=np.array(0.9),
        seed=np.array(3),
        num_envs=np.array(2, dtype=np.int32),
        stop_when_solved=np.array(False),
    )
    assert (config.gamma, config.seed, config.num_envs, config.stop_when_solved) == (0.9, 3, 2, False)
    assert type(config.seed) is int and type(config.gamma) is float
    # R_1 = 1 + 0.5 * 2 = 2, R_0 = 1 + 0.5 * R_1 = 2
    np.testing.assert_array_equal(rewards_to_go([1.0, 1.0], np.array(0.5), np.array(2.0)), [2.0, 2.0])


# _validate let through
@pytest.mark.parametrize(
    ("rewards", "gamma", "error", "argument"),
    [
        (np.array([1 + 5j, 2]), 0.5, TypeError, "rewards"),  # was [2., 2.]: the imaginary part dropped
        (np.array(["2020-01-01", "2020-01-02"], dtype="datetime64[D]"), 0.5, TypeError, "rewards"),
        ([1.0, 2.0], np.array(True), TypeError, "gamma"),  # was gamma = 1
        ([1.0, 2.0], np.array("0.5"), TypeError, "gamma"),  # was gamma = 0.5
    ],
)
def test_complex_datetime_bool_and_str_are_refused(rewards, gamma, error, argument):
    with pytest.raises(error, match=argument):
        rewards_to_go(rewards, gamma)


# Shapes broadcast silently
@pytest.mark.parametrize("fn", [diag_gaussian_log_prob, diag_gaussian_log_prob_grad])
def test_log_std_with_extra_leading_axes_is_refused(fn):
    with pytest.raises(ValueError, match="log_std"):
        fn(np.zeros((3, 2)), np.zeros((3, 2)), np.zeros((4, 3, 2)))


@pytest.mark.parametrize(
    ("argument", "value"), [("values", np.zeros(3)), ("values", np.zeros((5, 1))), ("next_values", 0.0)]
)
def test_batched_gae_refuses_shapes_that_would_broadcast(argument, value):
    batch = dict(
        rewards=np.ones((5, 3)),
        values=np.zeros((5, 3)),
        next_values=np.zeros((5, 3)),
        dones=np.zeros((5, 3), bool),
    )
    with pytest.raises(ValueError, match=argument):
        gae_advantages_batch(**{**batch, argument: value}, gamma=0.9, lam=0.9)


@pytest.mark.parametrize("fn", [gae_advantages_batch, compute_batch_targets])
def test_batched_targets_take_dones_as_bools_or_0_1_flags_in_arrays_or_lists(fn):
    dones = np.array([[False, True], [False, False], [True, False]])
    batch = dict(
        rewards=np.ones((3, 2)), values=np.zeros((3, 2)), next_values=np.ones((3, 2)), gamma=0.9, lam=0.8
    )
    expected = fn(**batch, dones=dones)
    for same in (dones.tolist(), dones.astype(int), dones.astype(int).tolist(), dones.astype(float)):
        assert np.array_equal(np.asarray(fn(**batch, dones=same)), np.asarray(expected))  # one or two arrays


@pytest.mark.parametrize("policy_class", [CategoricalPolicy, GaussianPolicy])
def test_loss_and_grads_refuses_one_advantage_for_a_batch(policy_class):
    policy = policy_class(4, 2, (8,), np.random.default_rng(0))
    actions = np.zeros(5, int) if policy_class is CategoricalPolicy else np.zeros((5, 2))
    with pytest.raises(ValueError, match="advantages"):
        policy.loss_and_grads(np.zeros((5, 4)), actions, np.ones(1))  # was: gradients 5 times too large


# Unvalidated
@pytest.mark.parametrize("fn", [gae_advantages_batch, compute_batch_targets])
@pytest.mark.parametrize(
    ("change", "argument"),
    [
        (dict(gamma=1.5), "gamma"),
        (dict(dones=np.full((3, 2), 2)), "dones"),
        (dict(rewards=np.full((3, 2), np.nan)), "rewards"),
    ],
)
def test_batched_targets_validate_their_input(fn, change, argument):
    batch = dict(
        rewards=np.ones((3, 2)),
        values=np.zeros((3, 2)),
        next_values=np.zeros((3, 2)),
        dones=np.zeros((3, 2)),
        gamma=0.9,
        lam=0.9,
    )
    with pytest.raises(ValueError, match=argument):
        fn(**{**batch, **change})


def test_short_corridor_step_refuses_states_outside_the_corridor():
    with pytest.raises(ValueError, match="states"):
        short_corridor.step([5], [1])  # was [6]
    with pytest.raises(ValueError, match="actions"):
        short_corridor.step([0], [2])


@pytest.mark.parametrize(
    ("change", "argument"),
    [("rows summing to 3", "transitions"), ("negative probabilities", "policy"), ("gamma 1.5", "gamma")],
)
def test_tabular_mdp_validates_its_fields(change, argument):
    mdp = random_mdp(seed=0)
    fields = dict(
        transitions=mdp.transitions, rewards=mdp.rewards, policy=mdp.policy, gamma=0.9, reward_noise=1.0
    )
    fields.update(
        {
            "rows summing to 3": dict(transitions=3 * mdp.transitions),
            "negative probabilities": dict(policy=-mdp.policy),
            "gamma 1.5": dict(gamma=1.5),
        }[change]
    )
    with pytest.raises(ValueError, match=argument):
        TabularMDP(**fields)


@pytest.mark.parametrize(
    ("change", "error", "argument"),
    [
        (dict(hidden_sizes="64"), TypeError, "hidden_sizes"),
        (dict(env_id=None), TypeError, "env_id"),
        (dict(pi_lr=np.inf), ValueError, "pi_lr"),
    ],
)
def test_vpg_config_validates_every_field(change, error, argument):
    with pytest.raises(error, match=argument):
        VPGConfig(**change)  # hidden_sizes='64' was ('6', '4')


def test_adam_refuses_an_infinite_learning_rate():
    with pytest.raises(ValueError, match="lr"):
        Adam([np.zeros(2)], lr=np.inf)


def test_first_solved_refuses_window_zero():
    with pytest.raises(ValueError, match="window"):
        first_solved([1.0, 2.0, 3.0], window=0, threshold=1.0)


def test_run_policy_refuses_a_negative_max_steps():
    policy = CategoricalPolicy(4, 2, (8,), np.random.default_rng(0))
    with pytest.raises(ValueError, match="max_steps"):
        run_policy(policy, "CartPole-v1", seed=0, max_steps=-1)  # ran forever


class _MultiDiscreteEnv(gym.Env):
    observation_space = gym.spaces.Box(-1.0, 1.0, (3,))
    action_space = gym.spaces.MultiDiscrete([2, 3])


@pytest.fixture
def multi_discrete_env():
    gym.register("Hardened/MultiDiscrete-v0", entry_point=_MultiDiscreteEnv, max_episode_steps=10)
    yield "Hardened/MultiDiscrete-v0"
    del gym.registry["Hardened/MultiDiscrete-v0"]


def test_train_refuses_a_multidiscrete_action_space(multi_discrete_env):
    with pytest.raises(ValueError, match="env_id .*MultiDiscrete.*Discrete or 1-D Box"):
        train(VPGConfig(env_id=multi_discrete_env, total_steps=100))  # sent float actions to the env


# Learner-facing
@pytest.mark.parametrize(
    ("wrong_kind", "convert"),
    [
        ("complex", lambda x: x.astype(complex)),
        ("strings", lambda x: x.astype(str)),
        ("10**400", lambda x: [10**400] * len(x)),
    ],
)
def test_checks_fail_right_numbers_of_the_wrong_kind_without_raising(wrong_kind, convert, capsys):
    def learner(rewards, gamma, last_value=0.0):
        return convert(rewards_to_go(rewards, gamma, last_value))

    assert check_rewards_to_go(learner) is False  # complex and strings were given a tick; 10**400 raised
    assert "not a number" in capsys.readouterr().out


def _cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "vpg_helpers.vpg", *args], capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--total-steps", "0"], "total_steps"),  # ran 34,000 steps and exited 0
        (["--env", "NoSuchEnv-v0"], "env_id"),
        (["--env", "Blackjack-v1"], "Tuple"),  # a Tuple observation space
        (["--env", "FrozenLake-v1"], "Discrete(16)"),  # a Discrete observation space
        (["--gamma", "1.5"], "gamma"),
        (["--hidden-sizes", "x"], "--hidden-sizes"),
    ],
)
def test_cli_errors_are_one_line_naming_the_argument(args, named):
    run = _cli(*args)
    assert run.returncode == 2 and run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and named in lines[0], run.stderr
    if named not in ("total_steps", "gamma", "--hidden-sizes"):
        assert "1-D Box observation space and a Discrete or 1-D Box action space" in lines[0]


def test_release_refuses_one_string_for_notebooks(tmp_path):
    with pytest.raises(TypeError, match=r"notebooks must be a list.*\['03_future_return.ipynb'\]"):
        release(tmp_path, notebooks="03_future_return.ipynb")  # iterated the string's characters
    assert not any(tmp_path.iterdir())


def test_grade_refuses_none():
    with pytest.raises(TypeError, match="submission must be a path"):
        grade(None)


# A failing call that changes its input
def test_adam_step_with_a_bad_grad_changes_nothing():
    params = [np.zeros(2), np.zeros(3)]
    opt = Adam(params, lr=0.1)
    for bad in (np.zeros(2), np.array(["a", "b", "c"]), np.full(3, np.nan)):
        with pytest.raises((ValueError, TypeError), match=r"grads\[1\]"):
            opt.step([np.ones(2), bad])
    assert opt.t == 0 and params[0].tolist() == [0.0, 0.0] and opt.m[0].tolist() == [0.0, 0.0]
