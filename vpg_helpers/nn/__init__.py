"""Neural-network pieces written out in numpy: an MLP with its backward pass, Adam, finite differences and
the BLAS thread limit (notebooks 02, 04 and 07)."""

__all__: list[str] = []
