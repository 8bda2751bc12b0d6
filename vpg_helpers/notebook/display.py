"""Small display helpers for the notebooks (no global state is touched)."""

import inspect

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

__all__ = ["show_source"]


class _Source:
    """Source code that JupyterLab renders highlighted (HTML) and plain text shows as-is."""

    def __init__(self, text):
        self.text = text

    def _repr_html_(self):
        # Long lines scroll sideways instead of wrapping mid-word (a markdown code block wraps them).
        code = highlight(self.text, PythonLexer(), HtmlFormatter(noclasses=True, nowrap=True))
        return f'<div style="overflow-x: auto"><pre style="white-space: pre; margin: 0">{code}</pre></div>'

    def __repr__(self):
        return self.text


def show_source(fn):
    """Show the source of a helper, so a notebook can say "this is the code" without pasting it.

    >>> from vpg_helpers.returns import td_residuals
    >>> show_source(td_residuals).text.splitlines()[0]
    'def td_residuals(rewards, values, gamma, last_value=0.0):'
    """
    if not callable(fn):
        raise TypeError(f"fn must be a function or class, got {type(fn).__name__}")
    try:
        return _Source(inspect.getsource(fn).rstrip())
    except (OSError, TypeError):  # a builtin, or code typed at a prompt: there is no file to read
        raise TypeError(f"fn must be a function or class defined in a file, got {fn!r}") from None
