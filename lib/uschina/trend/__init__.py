"""Trend analysis on curated series: decomposition, trends, breaks, forecasts, co-movement.

Each function takes a date-indexed pandas Series and returns a small dataclass holding a tidy
``table`` (DataFrame) and the key numbers, with a ``plot(ax, lang)`` method in the house style.
Bad input raises :class:`AnalysisError` (a ``ParameterError``) saying what the method needs.
"""

from ._base import AnalysisError, Frequency, infer_frequency
from .breaks import BreakTest, structural_break
from .figure import figure
from .forecast import Forecast, forecast
from .hp import HPTrend, hp_trend, ravn_uhlig_lambda
from .linear import LinearTrend, linear_trend
from .rolling import RollingRelation, rolling_relation
from .stl import Decomposition, stl

__all__ = [
    "AnalysisError",
    "BreakTest",
    "Decomposition",
    "Forecast",
    "Frequency",
    "HPTrend",
    "LinearTrend",
    "RollingRelation",
    "figure",
    "forecast",
    "hp_trend",
    "infer_frequency",
    "linear_trend",
    "ravn_uhlig_lambda",
    "rolling_relation",
    "stl",
    "structural_break",
]
