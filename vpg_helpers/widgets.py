"""A thin layer that turns a pure drawing function into a live figure under ipywidgets controls.

The pattern, used in every notebook: ``draw(**values) -> matplotlib Figure`` is a pure function (tests call
it directly and time it); ``interactive_figure(draw, gamma=FloatSlider(...), ...)`` shows the controls and
redraws the figure when one moves. Figures are built with ``plotting.new_figure`` at a fixed size, so the
image does not jump while a slider moves.
"""

import ipywidgets as widgets
from IPython.display import display

__all__ = ["interactive_figure"]


def interactive_figure(draw, **controls):
    """Display ``controls`` and, under them, ``draw(**values)``, redrawn on every change.

    Parameters
    ----------
    draw : callable returning a matplotlib Figure
    **controls : ipywidgets value widgets (sliders, dropdowns, ...), one per keyword argument of ``draw``.
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

    def update(**values):
        display(draw(**values))

    output = widgets.interactive_output(update, controls)
    panel = widgets.VBox(
        [widgets.HBox(list(controls.values()), layout=widgets.Layout(flex_flow="row wrap")), output]
    )
    display(panel)
