"""Stored outputs of training cells must survive a one-ulp change of the initial parameters.

Another CPU's BLAS kernel rounds the last bit of a matrix product differently, and a training run amplifies
that: the same seed solved InvertedPendulum in 41,888 env steps on one kernel and 42,688 on another. So what
strict nbval compares in a cell that trains (or reports on a training run) must be a robust fact, not the
last bits of a chaotic computation. This test re-executes every notebook with such cells (tagged `training`)
with every initial parameter moved one unit in the last place of its dtype (`np.nextafter` towards +inf),
which is what another kernel's rounding amounts to, and requires the compared outputs of every tagged cell
to be unchanged, through the same sanitiser as nbval. It does not choose the BLAS kernel: it runs on
whatever kernel the machine has.

The perturbation is injected as a code cell right after the notebook's setup cell (its imports), and
patches the parameter-making code in every vpg_helpers module loaded by then, wherever the package keeps it
(so the setup cell must import what the training cells use, as CONTRIBUTING asks):
- every ``MLP`` (policies, value functions, notebook 04's fits): all of its weights and biases;
- every ``GaussianPolicy``: its ``log_std`` too;
- ``linear_softmax_policy(theta, b)`` (notebook 03's training, which starts from theta = 0, where one ulp is
  a denormal that rounds away): the parameters it acts with, on every call.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbval.plugin import coalesce_streams, get_sanitize_patterns

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SANITIZE = get_sanitize_patterns((ROOT / "tests" / "nbval_sanitize.cfg").read_text())
TAG = "training"
# The functions that run an optimisation loop whose result a notebook shows. A cell that calls one must be
# tagged (test_every_training_cell_is_tagged); so must every cell that reports on such a run.
TRAINING_CALL = re.compile(r"(?<![\w.])(train|train_linear_softmax|fit_mlp_value|fit_linear_value)\(")
# What nbval does not compare (its defaults, with PNGs skipped as without --nbdime).
SKIP = {
    "metadata",
    "traceback",
    "prompt_number",
    "output_type",
    "name",
    "execution_count",
    "application/vnd.jupyter.widget-view+json",
    "image/png",
    "image/jpeg",
}

PERTURB = '''\
# Injected by tests/test_perturbation.py: every initial parameter one ulp up (np.nextafter towards +inf).
import sys as _sys

import numpy as _np


def _ulp_up(array):
    array[...] = _np.nextafter(array, _np.array(_np.inf, array.dtype))
    return array


def _wrap_init(cls, arrays_of):
    init = cls.__init__

    def perturbed_init(self, *args, **kwargs):
        init(self, *args, **kwargs)
        for array in arrays_of(self):
            _ulp_up(array)

    cls.__init__ = perturbed_init


def _everywhere(name):
    """The objects called ``name`` in the loaded vpg_helpers modules, with the modules holding them."""
    holders = [m for n, m in list(_sys.modules.items()) if n.split(".")[0] == "vpg_helpers" and m]
    return [(m, getattr(m, name)) for m in holders if hasattr(m, name)]


_perturbed = []
for _name, _arrays in (("MLP", lambda net: net.params), ("GaussianPolicy", lambda pi: [pi.log_std])):
    for _cls in {id(obj): obj for _, obj in _everywhere(_name) if isinstance(obj, type)}.values():
        _wrap_init(_cls, _arrays)
        _perturbed.append(_name)
for _module, _policy in _everywhere("linear_softmax_policy"):
    _perturbed.append("linear_softmax_policy")

    def _nudged(theta, b, _policy=_policy):
        return _policy(_ulp_up(_np.array(theta, float)), _ulp_up(_np.array(b, float)))

    setattr(_module, "linear_softmax_policy", _nudged)
assert _perturbed, "found nothing to perturb: has the package renamed MLP or linear_softmax_policy?"
'''


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def compared(outputs):
    """What strict nbval compares of a cell's outputs, sanitised: {key: [text, ...]}."""
    result = {}
    for out in coalesce_streams([nbformat.from_dict(o) for o in outputs]):
        items = out.get("data", {}).items() if "data" in out else [(out.get("name"), out.get("text"))]
        if out["output_type"] == "error":
            items = [("error", f"{out['ename']}: {out['evalue']}")]
        for key, value in items:
            if key in SKIP:
                continue
            text = "".join(value) if isinstance(value, list) else value
            for regex, replace in SANITIZE:
                text = re.sub(regex, replace, text)
            result.setdefault(key, []).append(text)
    return result


def training_notebooks():
    return [p for p in NOTEBOOKS if any(TAG in tags(c) for c in nbformat.read(p, as_version=4).cells)]


def execute_perturbed(path):
    """Run the notebook up to its last tagged cell, perturbed, in a scratch folder; return its cells."""
    nb = nbformat.read(path, as_version=4)
    last = max(i for i, c in enumerate(nb.cells) if TAG in tags(c))
    setup = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    cells = [c for c in nb.cells[: last + 1]]
    cells.insert(setup + 1, nbformat.v4.new_code_cell(PERTURB, metadata={"tags": ["perturbation"]}))
    nb.cells = cells
    env = {
        "SDL_VIDEODRIVER": os.environ.get("SDL_VIDEODRIVER", "dummy"),
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }
    with tempfile.TemporaryDirectory(prefix="vpg-perturbed-") as scratch:
        saved = dict(os.environ)
        os.environ.update(env)  # the kernel inherits these; OPENBLAS_CORETYPE is left as the machine sets it
        try:
            NotebookClient(
                nb,
                timeout=300,
                kernel_name="python3",
                allow_errors=True,
                resources={"metadata": {"path": scratch}},
            ).execute()
        finally:
            os.environ.clear()
            os.environ.update(saved)
    return [c for c in nb.cells if "perturbation" not in tags(c)]


@pytest.mark.parametrize("path", training_notebooks(), ids=lambda p: p.name)
def test_training_cells_survive_a_one_ulp_perturbation(path):
    stored = nbformat.read(path, as_version=4).cells
    fresh = execute_perturbed(path)
    changed = []
    for i, (before, after) in enumerate(zip(stored, fresh, strict=False)):
        if TAG not in tags(before) or "nbval-ignore-output" in tags(before):
            continue
        want, got = compared(before.outputs), compared(after.outputs)
        if want != got:
            changed.append(f"cell {i} ({before.source[:80]!r}...):\n  stored:    {want}\n  perturbed: {got}")
    assert not changed, (
        "a training cell's compared output changed when the initial parameters moved by one ulp; it would "
        "fail on a CPU with another BLAS kernel. Compare only robust facts (asserted in the cell) and show "
        "the run-specific numbers in its nbval-ignore-output progress cell:\n" + "\n".join(changed)
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_training_cell_is_tagged(path):
    nb = json.loads(path.read_text())
    untagged = [
        "".join(c["source"])[:200]
        for c in nb["cells"]
        if c["cell_type"] == "code" and TRAINING_CALL.search("".join(c["source"])) and TAG not in tags(c)
    ]
    assert not untagged, f"cells that train must carry the '{TAG}' tag (see CONTRIBUTING.md):\n" + "\n".join(
        untagged
    )


def test_the_perturbation_is_one_ulp_and_changes_a_run():
    """The injected cell moves every initial parameter by one ulp, and a short run from them differs."""
    script = f"""
import numpy as np
from vpg_helpers.vpg import VPGConfig, train

def run():
    result = train(VPGConfig.for_env("InvertedPendulum-v5", seed=0, total_steps=2000))
    return type(result.policy), [p.copy() for p in result.policy.params]

def initial(policy_class):
    return policy_class(4, 1, (8,), np.random.default_rng(0)).params

policy_class, trained = run()
start = initial(policy_class)
{PERTURB}
_, trained_perturbed = run()
assert sorted(set(_perturbed)) == ["GaussianPolicy", "MLP"], _perturbed
for a, b in zip(initial(policy_class), start, strict=True):
    assert np.array_equal(a, np.nextafter(b, np.inf)), "not one ulp up"
gaps = [float(np.max(np.abs(a - b))) for a, b in zip(trained_perturbed, trained, strict=True)]
print(max(gaps))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    gap = float(out.stdout.split()[-1])
    assert 0 < gap < 1e-3, f"largest change of a parameter after two updates: {gap}"
