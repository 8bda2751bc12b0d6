"""Hand-made CartPole policies for notebook 01, before any learning: a coin flip and a "lean" rule.

A policy here is a function ``policy(observation, rng) -> action`` (see ``rollouts.collect_trajectory``).
CartPole's observation is (cart position x, cart velocity, pole angle theta, pole angular velocity);
action 0 pushes the cart left, 1 pushes it right.
"""

from vpg_helpers.validation import as_finite_scalar, as_rng, as_unit_interval

__all__ = ["random_policy", "lean_policy"]


def random_policy(observation, rng):
    """Push left or right with probability 1/2 each.

    >>> import numpy as np
    >>> random_policy(None, np.random.default_rng(0))
    1
    """
    return int(as_rng(rng).integers(2))


def lean_policy(angle_weight=1.0, angular_velocity_weight=0.5, noise=0.0):
    """A policy that pushes the cart under the falling pole.

    Math: a = 1 if angle_weight * theta + angular_velocity_weight * theta_dot > 0 else 0, and with
    probability ``noise`` a random action instead (so the policy is stochastic when noise > 0).

    >>> import numpy as np
    >>> policy = lean_policy(angle_weight=1.0, angular_velocity_weight=0.0)
    >>> policy(np.array([0.0, 0.0, 0.1, 0.0]), np.random.default_rng(0))   # pole leans right: push right
    1
    """
    angle_weight = as_finite_scalar("angle_weight", angle_weight)
    angular_velocity_weight = as_finite_scalar("angular_velocity_weight", angular_velocity_weight)
    noise = as_unit_interval("noise", noise)

    def policy(observation, rng):
        # Draw the coin on every step, even when noise = 0, so changing `noise` does not shift the rng stream.
        explore = rng.uniform() < noise
        if explore:
            return int(rng.integers(2))
        return int(angle_weight * observation[2] + angular_velocity_weight * observation[3] > 0)

    policy.__name__ = (
        f"lean_policy(angle_weight={angle_weight:g}, "
        f"angular_velocity_weight={angular_velocity_weight:g}, noise={noise:g})"
    )
    return policy
