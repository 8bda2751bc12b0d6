"""A small multi-layer perceptron with a hand-written backward pass (notebooks 04 and 07).

The network maps a batch of inputs x, shape (B, n_in), to outputs y, shape (B, n_out):

    h_0 = x,   h_{k+1} = tanh(h_k W_k + b_k)  for the hidden layers,   y = h_L W_L + b_L  (linear output).

``forward`` returns y and a cache of the activations h_k; ``backward`` takes dL/dy and walks the layers in
reverse with the chain rule, returning dL/dW_k and dL/db_k for every layer. Each derivative is written right
under the forward computation it differentiates, in the spirit of micrograd. Parameters live in one list,
``params = [W_0, b_0, W_1, b_1, ...]``, which the optimiser (``vpg_helpers.nn.adam.Adam``) updates in place.
"""

import numpy as np

from vpg_helpers.validation import (
    as_finite_scalar,
    as_float_array,
    as_float_dtype,
    as_int_tuple,
    as_positive_int,
    as_rng,
)

__all__ = ["MLP", "orthogonal", "flatten", "unflatten"]

SQRT2 = float(np.sqrt(2.0))


def orthogonal(rng, n_in, n_out, gain=1.0, dtype=np.float64):
    """An (n_in, n_out) matrix with orthonormal rows or columns, times ``gain`` (orthogonal initialisation).

    Math: W = gain * Q, where Q comes from the QR decomposition of a standard-normal matrix (sign-corrected
    so Q is uniformly distributed). Such a W keeps the size of the signals it multiplies.

    >>> W = orthogonal(np.random.default_rng(0), 3, 2)
    >>> np.allclose(W.T @ W, np.eye(2))
    True
    """
    rng, gain, dtype = as_rng(rng), as_finite_scalar("gain", gain), as_float_dtype("dtype", dtype)
    n_in, n_out = as_positive_int("n_in", n_in), as_positive_int("n_out", n_out)
    a = rng.standard_normal((max(n_in, n_out), min(n_in, n_out)))
    q, r = np.linalg.qr(a)
    q = q * np.sign(np.diag(r))  # make the decomposition unique, hence Q uniformly distributed
    q = q if n_in >= n_out else q.T
    return (gain * q).astype(dtype)


class MLP:
    """tanh hidden layers and a linear output, with forward and backward passes written out.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths from input to output, e.g. (4, 64, 64, 2): 4 inputs, two hidden layers of 64, 2 outputs.
    rng : numpy.random.Generator
        Draws the initial weights (orthogonal; biases start at 0).
    hidden_gain, output_gain : float
        Scale of the hidden and output weight matrices. A small output_gain (0.01) makes a fresh policy
        almost uniform; 1.0 suits a value function.
    dtype : numpy float dtype
        float64 (the course default) or float32 (faster, used for training).

    >>> net = MLP((3, 8, 2), np.random.default_rng(0))
    >>> x = np.ones((5, 3))
    >>> y, cache = net.forward(x)
    >>> y.shape
    (5, 2)
    >>> grads = net.backward(cache, grad_y=np.ones_like(y))   # gradients of sum(y) w.r.t. W_0, b_0, W_1, b_1
    >>> [g.shape for g in grads]
    [(3, 8), (8,), (8, 2), (2,)]
    """

    def __init__(self, sizes, rng, hidden_gain=SQRT2, output_gain=1.0, dtype=np.float64):
        sizes = as_int_tuple("sizes", sizes)
        if len(sizes) < 2:
            raise ValueError(f"sizes must hold at least 2 layer widths (input, ..., output), got {sizes}")
        rng, self.dtype = as_rng(rng), as_float_dtype("dtype", dtype)
        hidden_gain, output_gain = (
            as_finite_scalar("hidden_gain", hidden_gain),
            as_finite_scalar("output_gain", output_gain),
        )
        self.sizes = sizes
        self.params = []
        for k, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
            gain = output_gain if k == len(sizes) - 2 else hidden_gain
            self.params += [orthogonal(rng, n_in, n_out, gain, self.dtype), np.zeros(n_out, dtype=self.dtype)]

    def __repr__(self):
        return f"MLP(sizes={self.sizes})"

    @property
    def n_params(self):
        """Total number of scalar parameters."""
        return sum(p.size for p in self.params)

    def _check_input(self, x, name):
        x = as_float_array(name, x, keep_float=True)
        if x.ndim != 2 or x.shape[1] != self.sizes[0]:
            raise ValueError(f"{name} must have shape (batch, {self.sizes[0]}), got {x.shape}")
        return x.astype(self.dtype, copy=False)

    def forward(self, x, name="x"):
        """Outputs y, shape (B, n_out), and the cache [h_0, ..., h_L] that ``backward`` needs.

        ``name`` is what an error message calls ``x`` (e.g. "observations" when a policy calls it)."""
        h = self._check_input(x, name)
        cache = [h]
        n_layers = len(self.params) // 2
        for k in range(n_layers):
            W, b = self.params[2 * k], self.params[2 * k + 1]
            z = h @ W + b  # backward: dL/dW = h^T dL/dz,  dL/db = sum_batch dL/dz,  dL/dh = dL/dz W^T
            h = np.tanh(z) if k < n_layers - 1 else z  # backward: dtanh(z)/dz = 1 - tanh(z)^2
            cache.append(h)
        return h, cache

    def __call__(self, x, name="x"):
        """Just the outputs: ``net(x)`` is ``net.forward(x)[0]``."""
        return self.forward(x, name)[0]

    def backward(self, cache, grad_y):
        """Gradients [dL/dW_0, dL/db_0, ...] given grad_y = dL/dy, shape (B, n_out)."""
        grad_y = self._check_grad_y(cache, grad_y)
        n_layers = len(self.params) // 2
        grads = [None] * len(self.params)
        grad_z = grad_y  # the output layer is linear: dL/dz_L = dL/dy
        for k in reversed(range(n_layers)):
            h_in, W = cache[k], self.params[2 * k]
            grads[2 * k] = h_in.T @ grad_z  # z = h W + b  ->  dL/dW = h^T dL/dz
            grads[2 * k + 1] = grad_z.sum(axis=0)  # dL/db = sum over the batch of dL/dz
            if k > 0:
                grad_h = grad_z @ W.T  # dL/dh = dL/dz W^T
                grad_z = grad_h * (1.0 - h_in**2)  # h = tanh(z)  ->  dL/dz = dL/dh (1 - h^2)
        return grads

    def _check_grad_y(self, cache, grad_y):
        grad_y = as_float_array("grad_y", grad_y, keep_float=True).astype(self.dtype, copy=False)
        if grad_y.shape != cache[-1].shape:
            raise ValueError(f"grad_y must have the output's shape {cache[-1].shape}, got {grad_y.shape}")
        return grad_y

    def per_sample_grads(self, cache, grad_y):
        """Row i: the gradient of sample i's output term, all parameters flattened in ``params`` order; (B, P).

        Math: for sample i, dW_k = outer(h_k[i], dz_k[i]) and db_k = dz_k[i]; summing the rows over i gives
        ``backward``'s gradients (flattened). B times the memory of ``backward``: use it for small batches
        or when each sample's gradient is needed, as in notebook 07's policy-gradient estimate.

        >>> net = MLP((3, 4, 2), np.random.default_rng(0))
        >>> y, cache = net.forward(np.ones((5, 3)))
        >>> rows = net.per_sample_grads(cache, np.ones_like(y))
        >>> rows.shape, np.allclose(rows.sum(axis=0), flatten(net.backward(cache, np.ones_like(y))))
        ((5, 26), True)
        """
        grad_z = self._check_grad_y(cache, grad_y)  # the same walk as backward, samples kept apart
        n_layers = len(self.params) // 2
        blocks = [None] * len(self.params)
        for k in reversed(range(n_layers)):
            h_in, W = cache[k], self.params[2 * k]
            blocks[2 * k] = np.einsum("bi,bo->bio", h_in, grad_z).reshape(len(h_in), -1)
            blocks[2 * k + 1] = grad_z
            if k > 0:
                grad_z = (grad_z @ W.T) * (1.0 - h_in**2)
        return np.concatenate(blocks, axis=1)


def flatten(arrays):
    """One vector of all the entries of ``arrays`` (e.g. gradients shaped like ``params``), in order.

    >>> flatten([np.ones((2, 2)), np.zeros(3)]).shape
    (7,)
    """
    return np.concatenate([np.ravel(a) for a in arrays])


def unflatten(vector, like):
    """Split a flat ``vector`` into arrays shaped like those in ``like`` (the inverse of ``flatten``).

    >>> [a.shape for a in unflatten(np.arange(7.0), like=[np.ones((2, 2)), np.zeros(3)])]
    [(2, 2), (3,)]
    """
    vector = np.asarray(vector)
    sizes = [np.size(a) for a in like]
    if vector.shape != (sum(sizes),):
        raise ValueError(
            f"vector must have shape ({sum(sizes)},) to fill {len(like)} arrays, got {vector.shape}"
        )
    pieces = np.split(vector, np.cumsum(sizes)[:-1])
    return [
        piece.reshape(np.shape(a)).astype(np.asarray(a).dtype) for piece, a in zip(pieces, like, strict=True)
    ]
