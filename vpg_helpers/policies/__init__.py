"""The policies of the course: hand-made CartPole rules (``simple``), a linear softmax (``linear_softmax``) and
the MLP policies VPG trains (``mlp``: categorical and diagonal Gaussian)."""

__all__: list[str] = []
