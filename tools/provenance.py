"""Where a stored result was measured, for the tools that write assets (sweeps, benchmarks).

A training run's exact numbers hold only on the machine that made them: another CPU's BLAS kernel rounds the
last bit of a matrix product differently and training amplifies it. So every stored result records its CPU,
its BLAS library and kernel (threadpoolctl's ``internal_api`` and ``architecture``), and the versions.

    >>> sorted(provenance())[:3]
    ['blas', 'cpu', 'date']
"""

import datetime
import os
import platform

import gymnasium
import numpy as np
from threadpoolctl import threadpool_info

__all__ = ["provenance", "describe"]


def cpu_model():
    """The CPU's model name (from /proc/cpuinfo on Linux), else what ``platform`` knows."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def provenance():
    """A JSON-ready dict: CPU, BLAS kernel, Python and package versions, date."""
    np.ones((2, 2)) @ np.ones((2, 2))  # make sure numpy's BLAS is loaded before asking threadpoolctl
    blas = [
        {key: info.get(key) for key in ("internal_api", "architecture", "version")}
        for info in threadpool_info()
        if info.get("user_api") == "blas"
    ]
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "blas": blas,
        "openblas_coretype_env": os.environ.get("OPENBLAS_CORETYPE"),
        "date": datetime.date.today().isoformat(),
        "machine": platform.machine(),
        "system": platform.system(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "gymnasium": gymnasium.__version__,
    }


def describe(prov):
    """One line for a report, e.g. 'AMD EPYC, OpenBLAS SkylakeX kernel, Python 3.11.2, numpy 2.4.6'."""
    kernels = ", ".join(f"{b['internal_api']} {b['architecture']} kernel" for b in prov.get("blas", []))
    return (
        f"{prov.get('cpu')}, {kernels or 'BLAS unknown'}, Python {prov.get('python')}, "
        f"numpy {prov.get('numpy')}, gymnasium {prov.get('gymnasium')}"
    )
