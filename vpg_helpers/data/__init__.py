"""Data the notebooks read, shipped inside the package (read it with ``importlib.resources``):

- ``gae_lambda_sweep.json``: notebook 06's lambda sweep of VPG on CartPole-v1, written by ``tools/gae_sweep.py``.
- ``collapse_cartpole_plain.json`` and ``collapse_cartpole_defaults.json``: notebook 08's 200k-step runs of
  CartPole-v1 seed 13 without and with the stability knobs (min_adv_std, target_kl), every epoch's
  diagnostics, written by ``tools/stability_sweep.py --compact`` (the commands are in its docstring).
- ``bug_zoo.json``: notebook 08's bug zoo, healthy VPG and each bug over seeds (per-epoch return and
  diagnostics), written by ``tools/bug_zoo_sweep.py``; read with ``vpg_helpers.debugging.zoo.load_zoo``.
"""

__all__: list[str] = []
