"""Figures for the notebooks: fixed sizes, labelled axes, no change to matplotlib's global settings."""

from matplotlib.figure import Figure

from vpg_helpers.validation import as_positive_int, as_positive_number

__all__ = ["new_figure"]


def new_figure(ncols=1, nrows=1, width=9.0, height=3.2, **subplot_kw):
    """A fresh Figure (not registered with pyplot, so nothing leaks between slider moves) and its axes.

    The size is fixed, so a figure redrawn under a slider keeps its size; the layout is constrained, so
    labels are not clipped.
    """
    ncols, nrows = as_positive_int("ncols", ncols), as_positive_int("nrows", nrows)
    width, height = as_positive_number("width", width), as_positive_number("height", height)
    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=True, subplot_kw=subplot_kw or None)
    return fig, axes
