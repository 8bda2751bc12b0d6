"""One BLAS thread for the small matrix products of the course: the one place the thread count is set.

OpenBLAS splits even small matrix products over every core; on a shared 2-core machine the threads wait
for each other (measured ~9x slower in CPU time for VPG's training loop). One thread also makes the
floating-point sums, and so the results, the same on any number of cores.
"""

from threadpoolctl import threadpool_limits

__all__ = ["single_blas_thread"]


def single_blas_thread():
    """Limit BLAS to one thread while a block or a function runs (``with single_blas_thread():`` or as a
    decorator ``@single_blas_thread()``); the earlier limit comes back afterwards.

    >>> with single_blas_thread():
    ...     pass
    """
    return threadpool_limits.wrap(limits=1, user_api="blas")
