"""Value functions fitted by regression on rewards-to-go: ``linear`` (features, gradient descent) and ``mlp``
(an MLP with Adam) (notebook 04)."""

__all__: list[str] = []
