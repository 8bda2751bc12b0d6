"""What every notebook figure must satisfy, shared by the tests/test_figures_*.py files."""

__all__ = ["assert_readable"]


def assert_readable(fig):
    """Fits the ~844 px notebook column unshrunk (at most 9.5 in wide), legends >= 8.5 pt."""
    assert fig.get_size_inches()[0] <= 9.5
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is not None:
            assert min(text.get_fontsize() for text in legend.get_texts()) >= 8.5
