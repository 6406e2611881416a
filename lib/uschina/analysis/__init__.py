"""One analysis per chart notebook ("趋势分析 / Trend analysis" sections), built on uschina.trend.

Each topic module has one function that a notebook calls in one line; it returns an
:class:`~uschina.analysis.base.Analysis` (a Chart with tidy tables and key figures).
Modules are imported on use (``from uschina.analysis import cpi``) to keep imports light.
"""

from .base import Analysis

__all__ = ["Analysis"]
