"""Which gymnasium environments the course's VPG can train on, checked before anything is built (notebook 07).

VPG here feeds a flat observation vector to an MLP and has two policy families: categorical for a
``Discrete`` action space, diagonal Gaussian for a 1-D ``Box`` one. Anything else (a ``Discrete`` or
``Dict``/``Tuple`` observation space, ``MultiDiscrete`` actions, an unknown id) is refused with one clear
message naming the env and what is supported, instead of a traceback deep inside the training loop.
"""

import gymnasium as gym

from vpg_helpers.validation import as_str

__all__ = ["SUPPORTED", "env_spaces"]

SUPPORTED = (
    "a 1-D Box observation space and a Discrete or 1-D Box action space (e.g. CartPole-v1, Pendulum-v1)"
)


def env_spaces(env_id):
    """``(obs_dim, action_space)`` of ``env_id`` after checking VPG supports it; ValueError naming env_id if not.

    >>> env_spaces("CartPole-v1")
    (4, Discrete(2))
    """
    env_id = as_str("env_id", env_id)
    try:
        env = gym.make(env_id)
    except gym.error.Error as err:  # unknown id, missing dependency, deprecated version
        raise ValueError(
            f"env_id {env_id!r} cannot be made by gymnasium ({err}); VPG needs {SUPPORTED}"
        ) from None
    obs_space, action_space = env.observation_space, env.action_space
    env.close()
    if not (isinstance(obs_space, gym.spaces.Box) and len(obs_space.shape) == 1):
        raise ValueError(f"env_id {env_id!r} has observation space {obs_space}; VPG needs {SUPPORTED}")
    is_box = isinstance(action_space, gym.spaces.Box) and len(action_space.shape) == 1
    if not (isinstance(action_space, gym.spaces.Discrete) or is_box):
        raise ValueError(f"env_id {env_id!r} has action space {action_space}; VPG needs {SUPPORTED}")
    return obs_space.shape[0], action_space
