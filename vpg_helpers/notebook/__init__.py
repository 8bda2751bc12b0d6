"""What the notebooks show: figures, widgets, display helpers, the VPG training panel and the course map.

Thin layers over the math modules; nothing here computes what a lesson teaches."""

__all__: list[str] = []
