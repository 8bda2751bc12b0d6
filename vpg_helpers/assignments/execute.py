"""Run a notebook's code cells for grading, and say how each one ended, whatever the notebook does.

Cells run in a fresh kernel of this Python (not whatever ``python3`` a machine has registered), in a
scratch folder, with a time limit per cell and one for the whole notebook. A cell that runs too long is
interrupted and the next one runs; once the overall limit is spent, or if the kernel dies, the remaining
cells are reported as not run. Errors in cells never stop the run.
"""

import os
import subprocess
import tempfile
import time

import ipykernel.kernelspec
from jupyter_client import AsyncKernelManager
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_core.utils import run_sync
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError

from vpg_helpers.notebook.graded import GRADING_VARIABLE

__all__ = ["CellRun", "run_cells"]


class _ThisPython(KernelSpecManager):
    """Kernel specs where ``python3`` always means the Python running the grader."""

    def get_kernel_spec(self, kernel_name):
        return self.kernel_spec_class(
            resource_dir=ipykernel.kernelspec.RESOURCES, **ipykernel.kernelspec.get_kernel_dict()
        )


class CellRun:
    """How one cell ended: ``status`` is 'ok', 'error', 'timeout' or 'not run'; ``reason`` says more."""

    def __init__(self, status, reason=""):
        self.status, self.reason = status, reason

    def __repr__(self):
        return f"CellRun({self.status!r}, {self.reason!r})"


def run_cells(nb, indices, timeout=300, total_timeout=1200, grading=True):
    """Execute ``nb``'s code cells up to the last of ``indices``, in place (outputs are stored in ``nb``).

    Returns ``{index: CellRun}`` for every index in ``indices``. ``timeout`` (seconds) bounds each cell,
    ``total_timeout`` the whole run, kernel start included. ``grading`` tells the kernel, as nbgrader does,
    that the run grades (test cells' ``graded(...)`` then raise on a failed check); False runs the notebook
    as a learner would.
    """
    runs = {i: CellRun("not run", "an earlier cell did not finish") for i in indices}
    if not indices:
        return runs
    replies = {}
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", PYDEVD_DISABLE_FILE_VALIDATION="1", MPLBACKEND="Agg")
    env.pop(GRADING_VARIABLE, None)
    if grading:  # as nbgrader does: test cells' graded(...) raise on a failed check
        env[GRADING_VARIABLE] = "autograde"
    km = AsyncKernelManager(kernel_name="python3", kernel_spec_manager=_ThisPython())  # async: timeouts work
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="vpg-grade-") as scratch:
        client = NotebookClient(
            nb,
            km=km,
            allow_errors=True,
            interrupt_on_timeout=True,
            error_on_timeout={"ename": "Timeout", "evalue": "", "traceback": []},
            resources={"metadata": {"path": scratch}},
            on_cell_executed=lambda cell, cell_index, execute_reply: replies.update(
                {cell_index: execute_reply["content"]}
            ),
        )
        try:
            with client.setup_kernel(
                env=env, cwd=scratch, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            ):
                for i in range(max(indices) + 1):
                    cell = nb.cells[i]
                    if cell.cell_type != "code":
                        continue
                    remaining = total_timeout - (time.monotonic() - start)
                    if remaining <= 1:
                        _mark_rest(runs, i, f"the notebook's time limit ({total_timeout} s) was reached")
                        break
                    client.timeout = int(min(timeout, remaining))
                    client.execute_cell(cell, i, execution_count=None)
                    if i in runs:
                        runs[i] = _ended(replies.get(i), cell, client.timeout)
        except DeadKernelError:
            _mark_rest(runs, None, "the kernel died (did the code exit or crash Python?)")
        except Exception as err:  # a kernel that will not start, a broken channel: report, never crash
            _mark_rest(runs, None, f"execution stopped: {type(err).__name__}: {err}")
        finally:
            if client.kc is not None:
                client.kc.stop_channels()
            if km.has_kernel:
                run_sync(km.shutdown_kernel)(now=True)
    return runs


def _mark_rest(runs, first, reason):
    for i, run in runs.items():
        if run.status == "not run" and (first is None or i >= first):
            run.reason = reason


def _ended(reply, cell, seconds):
    if reply is None:
        return CellRun("ok") if not cell.source.strip() else CellRun("not run", "no reply from the kernel")
    if reply.get("status") != "error":
        return CellRun("ok")
    if reply.get("ename") == "Timeout":
        return CellRun("timeout", f"the cell ran longer than {seconds} s and was interrupted")
    return CellRun("error", f"{reply.get('ename')}: {reply.get('evalue')}".rstrip(": "))
