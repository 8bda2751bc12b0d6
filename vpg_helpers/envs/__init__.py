"""Environments and how to collect experience from them: rollouts of one gymnasium env, batches from
vectorised envs, and the small MDPs whose answers are known exactly (short corridor, random tabular MDPs)."""

__all__: list[str] = []
