"""Small display helpers for the notebooks (no global state is touched)."""

import inspect

__all__ = ["show_source"]


class _Source:
    """Source code that JupyterLab renders highlighted (markdown) and plain text shows as-is."""

    def __init__(self, text):
        self.text = text

    def _repr_markdown_(self):
        return f"```python\n{self.text}\n```"

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
    return _Source(inspect.getsource(fn).rstrip())
