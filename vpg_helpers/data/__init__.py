"""Data the notebooks read, shipped inside the package (read it with ``importlib.resources``):

- ``gae_lambda_sweep.json``: notebook 06's lambda sweep of VPG on CartPole-v1, written by ``tools/gae_sweep.py``.
"""

__all__: list[str] = []
