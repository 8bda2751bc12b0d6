"""Adam, written out (notebooks 04 and 07).

For each parameter array theta with gradient g (of a loss to *minimise*), step t = 1, 2, ...:

    m_t = beta1 m_{t-1} + (1 - beta1) g              (running mean of the gradient)
    v_t = beta2 v_{t-1} + (1 - beta2) g^2            (running mean of its square)
    m_hat = m_t / (1 - beta1^t),  v_hat = v_t / (1 - beta2^t)     (bias correction: m_0 = v_0 = 0)
    theta <- theta - lr * m_hat / (sqrt(v_hat) + eps)

Where eps goes matters. We add it to sqrt(v_hat), as PyTorch does. On the first step m_hat = g and
sqrt(v_hat) = |g|, so every parameter moves by lr * g / (|g| + eps), about lr, whatever its gradient's size,
as long as |g| >> eps. Adding eps to the *uncorrected* sqrt(v_t) = sqrt(1 - beta2) |g| = 0.03 |g| instead
(the textbook's "efficient" form, with the bias corrections folded into the learning rate) makes eps
count 1 / sqrt(1 - beta2^t), about 32 times more on step 1: a parameter whose gradient is tiny
(|g| ~ 1e-8, e.g. a weight fed by a near-zero input) then moves by lr * g / (|g| + 32 eps), about lr / 33
instead of lr / 2, and lags behind for the first hundreds of steps, until the bias correction fades.
"""

import numpy as np

from vpg_helpers.validation import as_float_array, as_positive_number, as_vector

__all__ = ["Adam", "adam_step"]


def adam_step(theta, grad, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    """One Adam step on one parameter array: returns the new (theta, m, v); the inputs are not changed.

    Math: m_t = beta1 m + (1 - beta1) g;  v_t = beta2 v + (1 - beta2) g^2;
    m_hat = m_t / (1 - beta1^t);  v_hat = v_t / (1 - beta2^t);  theta <- theta - lr * m_hat / (sqrt(v_hat) + eps).
    ``t`` counts steps from 1 (the first step has t = 1); ``m`` and ``v`` start at 0.

    >>> theta, m, v = adam_step(np.array([1.0]), grad=np.array([0.5]), m=np.zeros(1), v=np.zeros(1), t=1, lr=0.1)
    >>> theta.round(6), m, v                      # the first step moves by about lr, whatever the gradient's size
    (array([0.9]), array([0.05]), array([0.00025]))
    """
    m = beta1 * m + (1.0 - beta1) * grad
    v = beta2 * v + (1.0 - beta2) * grad * grad
    m_hat = m / (1.0 - beta1**t)  # bias corrections: m and v started at 0
    v_hat = v / (1.0 - beta2**t)
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


class Adam:
    """Adam optimiser over a list of numpy arrays, updated in place.

    Parameters
    ----------
    params : list of float arrays
        The arrays to optimise (e.g. ``MLP.params``). They are changed in place by ``step``, so every object
        holding them sees the new values.
    lr : float > 0
        Learning rate (the size of the first steps).
    betas : (float, float) in [0, 1)
        Decay rates of the running means of g and g^2.
    eps : float > 0
        Added to sqrt(v_hat) (see the module docstring for why there).

    Math: theta <- theta - lr * m_hat / (sqrt(v_hat) + eps).

    >>> theta = [np.array([1.0, -2.0])]
    >>> opt = Adam(theta, lr=0.1)
    >>> opt.step([np.array([0.5, -1e-3])])   # first step: every entry moves by about lr, against its gradient
    >>> theta[0].round(4)
    array([ 0.9, -1.9])
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        if not isinstance(params, list | tuple) or not all(isinstance(p, np.ndarray) for p in params):
            raise TypeError("params must be a list of numpy arrays (e.g. net.params)")
        if not all(np.issubdtype(p.dtype, np.floating) for p in params):
            raise TypeError("params must be float arrays (an int array cannot be updated in place)")
        betas = as_vector("betas", betas, length=2)
        if not np.all((betas >= 0) & (betas < 1)):
            raise ValueError(f"betas must be two numbers in [0, 1), got {tuple(betas)}")
        self.params = params
        self.lr, self.eps = as_positive_number("lr", lr), as_positive_number("eps", eps)
        self.betas = (float(betas[0]), float(betas[1]))
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]
        self.t = 0

    def __repr__(self):
        return f"Adam(lr={self.lr:g}, steps taken={self.t})"

    def _check_grads(self, grads):
        """``grads`` as float arrays shaped like ``params``, all checked before anything changes (a bad grads[1]
        must not move params[0] or t)."""
        if not isinstance(grads, list | tuple):
            raise TypeError(f"grads must be a list of arrays (one per param), got {type(grads).__name__}")
        if len(grads) != len(self.params):
            raise ValueError(f"grads must hold {len(self.params)} arrays (one per param), got {len(grads)}")
        grads = [as_float_array(f"grads[{i}]", g, keep_float=True) for i, g in enumerate(grads)]
        for i, (p, g) in enumerate(zip(self.params, grads, strict=True)):
            if g.shape != p.shape:
                raise ValueError(f"grads[{i}] must have shape {p.shape} like params[{i}], got {g.shape}")
        return grads

    def step(self, grads):
        """Move every parameter one Adam step against its gradient (``grads`` shaped like ``params``)."""
        grads = self._check_grads(grads)  # all of them, before anything changes
        self.t += 1
        beta1, beta2 = self.betas
        for p, g, m, v in zip(self.params, grads, self.m, self.v, strict=True):
            new_p, m[...], v[...] = adam_step(p, g, m, v, self.t, self.lr, beta1, beta2, self.eps)
            p[...] = new_p.astype(p.dtype, copy=False)  # in place: every holder of params sees the step
