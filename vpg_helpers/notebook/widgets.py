"""A thin layer that turns a pure drawing function into a live figure under ipywidgets controls.

The pattern, used in every notebook: ``draw(**values) -> matplotlib Figure`` is a pure function (tests call
it directly and time it); ``interactive_figure(draw, gamma=FloatSlider(...), ...)`` shows the controls and
redraws the figure when one moves. Figures are built with ``plotting.new_figure`` at a fixed size and
rendered here to a PNG of exactly that size (no "tight" cropping), shown in an ``Image`` widget whose
picture is swapped in place: the figure neither jumps nor flickers while a slider moves.
"""

import io
import time

import ipywidgets as widgets
from IPython.display import display
from matplotlib.figure import Figure

__all__ = ["interactive_figure", "figure_png", "SLOW_REDRAW_SECONDS"]

SLOW_REDRAW_SECONDS = 0.1
"""A redraw slower than this makes sliders update on release only: during a drag every intermediate value
would queue a redraw, and the figure would lag behind the mouse."""


def figure_png(fig):
    """The PNG bytes of ``fig`` at its own size and dpi (what the live widget shows).

    >>> from vpg_helpers.notebook.plotting import new_figure
    >>> fig, ax = new_figure(width=2.0, height=1.0)
    >>> figure_png(fig)[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """
    if not isinstance(fig, Figure):
        raise TypeError(f"draw must return a matplotlib Figure, got {type(fig).__name__}")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def interactive_figure(draw, continuous_update=None, **controls):
    """Display ``controls`` and, under them, ``draw(**values)``, redrawn on every change.

    Parameters
    ----------
    draw : callable returning a matplotlib Figure
    continuous_update : bool or None
        Whether sliders redraw while they are dragged (True) or only when released (False). None (the
        default) decides from the first redraw: False if it took longer than SLOW_REDRAW_SECONDS.
    **controls : ipywidgets value widgets (sliders, dropdowns, ...), one per keyword argument of ``draw``.

    The figure is drawn once before anything is shown, so the widget never appears empty. Anything ``draw``
    prints, and its traceback if it raises, appear under the figure.
    """
    if not callable(draw):
        raise TypeError(f"draw must be a function returning a Figure, got {type(draw).__name__}")
    for name, control in controls.items():
        if not isinstance(control, widgets.ValueWidget):
            raise TypeError(
                f"{name} must be an ipywidgets control (e.g. FloatSlider), got {type(control).__name__}"
            )
        if not control.description:
            control.description = name
        control.style = {"description_width": "initial"}

    # max_width: a figure wider than the notebook column is scaled down, as JupyterLab does for images.
    image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto"))
    messages = widgets.Output()

    def update(change=None):
        messages.clear_output()
        with messages:  # shows a traceback here instead of losing it in the kernel's log
            image.value = figure_png(draw(**{name: c.value for name, c in controls.items()}))

    for control in controls.values():
        control.observe(update, names="value")
    start = time.perf_counter()
    update()
    if continuous_update is None:
        continuous_update = time.perf_counter() - start <= SLOW_REDRAW_SECONDS
    for control in controls.values():
        if hasattr(control, "continuous_update"):  # sliders and text boxes; dropdowns update on choice
            control.continuous_update = bool(continuous_update)
    panel = widgets.VBox(
        [widgets.HBox(list(controls.values()), layout=widgets.Layout(flex_flow="row wrap")), image, messages]
    )
    display(panel)
