"""One module per report chart; each exposes a function that returns a :class:`Chart`."""

from .base import Chart

__all__ = ["Chart"]
