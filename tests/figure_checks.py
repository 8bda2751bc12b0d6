"""What every notebook figure must satisfy, shared by the tests/notebook/test_figures_*.py files.

``assert_readable(fig)`` renders the figure and checks the classes of defect a reader sees at once:
too wide for the notebook column, legends too small, text cut off at the figure's edge, and a legend drawn
over the data (the points of lines, markers and bars inside its box). ``assert_fills_x(fig)`` is for live
plots: when a run is done, its data must span at least half of the x-axis.
"""

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.patches import Rectangle

__all__ = ["assert_readable", "assert_fills_x", "clipped_texts", "legend_overlaps"]


def _render(fig):
    """Draw ``fig`` as savefig would (Agg, at its own size and dpi); its renderer and size in pixels."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer(), canvas.get_width_height()


def clipped_texts(fig, tolerance=1.0):
    """What reaches beyond the figure's edge by more than ``tolerance`` pixels: each axes (named by its title;
    its box holds its labels, tick labels and annotations, as drawn) and each figure-level text."""
    renderer, (width, height) = _render(fig)
    parts = [(ax.get_title() or f"axes {i}", ax) for i, ax in enumerate(fig.axes)]
    parts += [(t.get_text(), t) for t in fig.texts if t.get_text().strip()]
    if fig._suptitle is not None and fig._suptitle.get_text():
        parts.append((fig._suptitle.get_text(), fig._suptitle))
    out = []
    for name, artist in parts:
        box = artist.get_tightbbox(renderer)
        if box is None:
            continue
        if (
            box.x0 < -tolerance
            or box.y0 < -tolerance
            or box.x1 > width + tolerance
            or box.y1 > height + tolerance
        ):
            out.append(name)
    return out


def _data_points(ax):
    """Display coordinates of the data a legend could hide: line vertices, markers, bar tops."""
    points = []
    for line in ax.get_lines():
        if not line.get_visible():
            continue
        xy = np.asarray(line.get_xydata(), dtype=float)
        if len(xy):
            points.append(line.get_transform().transform(xy))
    for collection in ax.collections:
        offsets = np.asarray(collection.get_offsets(), dtype=float)
        if offsets.size and collection.get_offset_transform() is not None:
            points.append(collection.get_offset_transform().transform(offsets))
    x0, x1 = ax.get_xlim()
    for patch in ax.patches:
        # bars and histogram bins (narrow rectangles); not full-width spans such as axhspan
        if (
            isinstance(patch, Rectangle)
            and abs(patch.get_width()) < 0.3 * abs(x1 - x0)
            and patch.get_height()
        ):
            corners = [
                (patch.get_x(), patch.get_y() + patch.get_height()),
                (patch.get_x() + patch.get_width(), patch.get_y() + patch.get_height()),
                (patch.get_x() + patch.get_width() / 2, patch.get_y() + patch.get_height()),
            ]
            points.append(patch.get_transform().transform(np.asarray(corners)))
    if not points:
        return np.empty((0, 2))
    points = np.vstack(points)
    return points[np.all(np.isfinite(points), axis=1)]


def legend_overlaps(fig):
    """For each legend drawn inside its axes, the number of data points (see _data_points) under its box."""
    renderer, _ = _render(fig)
    out = {}
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is None or not legend.get_visible():
            continue
        box = legend.get_window_extent(renderer)
        axes_box = ax.get_window_extent(renderer)
        if not axes_box.overlaps(box):
            continue  # a legend outside the axes hides nothing
        points = _data_points(ax)
        # only points that are drawn: inside the axes
        inside_axes = (
            (points[:, 0] >= axes_box.x0)
            & (points[:, 0] <= axes_box.x1)
            & (points[:, 1] >= axes_box.y0)
            & (points[:, 1] <= axes_box.y1)
        )
        under = (
            inside_axes
            & (points[:, 0] > box.x0)
            & (points[:, 0] < box.x1)
            & (points[:, 1] > box.y0)
            & (points[:, 1] < box.y1)
        )
        if under.any():
            out[ax.get_title() or f"axes {fig.axes.index(ax)}"] = int(under.sum())
    return out


def assert_readable(fig):
    """Fits the ~844 px notebook column unshrunk (at most 9.5 in wide), legends >= 8.5 pt, no text cut off
    at the figure's edge, no legend over the data."""
    assert fig.get_size_inches()[0] <= 9.5
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is not None:
            assert min(text.get_fontsize() for text in legend.get_texts()) >= 8.5
    assert not clipped_texts(fig), f"text cut off at the figure's edge: {clipped_texts(fig)}"
    assert not legend_overlaps(fig), f"legend over the data (axes: points hidden): {legend_overlaps(fig)}"


def assert_fills_x(fig, fraction=0.5):
    """Each axes' data (its lines in data coordinates) spans at least ``fraction`` of its x-axis."""
    for ax in fig.axes:
        data = []
        for line in ax.get_lines():
            if line.get_transform() != ax.transData:
                continue  # axhline and the like: drawn across the axes, not data
            x = np.asarray(line.get_xdata(), dtype=float)
            data.append(x[np.isfinite(x)])
        data = [x for x in data if x.size]
        if not data:
            continue
        low, high = ax.get_xlim()
        span = max(x.max() for x in data) - low
        assert span >= fraction * (high - low), (
            f"{ax.get_title()!r}: the data reach {span:g} of an x-axis {high - low:g} long"
        )
