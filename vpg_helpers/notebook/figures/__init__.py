"""Figures for the notebooks: pure functions that return a matplotlib Figure (one module per notebook topic)."""
