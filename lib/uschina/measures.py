"""Small, tested measurements on a series: peaks, 'highest since', changes."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Point:
    date: pd.Timestamp
    value: float


def peak(s: pd.Series) -> Point:
    s = s.dropna()
    if s.empty:
        raise ValueError(f"series {s.name!r} has no values in the window")
    d = s.idxmax()
    return Point(d, float(s[d]))


def trough(s: pd.Series) -> Point:
    s = s.dropna()
    if s.empty:
        raise ValueError(f"series {s.name!r} has no values in the window")
    d = s.idxmin()
    return Point(d, float(s[d]))


def latest(s: pd.Series) -> Point:
    s = s.dropna()
    if s.empty:
        raise ValueError(f"series {s.name!r} has no values in the window")
    return Point(s.index[-1], float(s.iloc[-1]))


def highest_since(s: pd.Series, date) -> Point | None:
    """The last observation before ``date`` at or above the value at ``date``.

    The value at ``date`` is then the highest since just after that point ("a 30-year high").
    None when nothing earlier in the series was as high (an all-time high).
    """
    s = s.dropna()
    date = pd.Timestamp(date)
    value = s[date]
    earlier = s[(s.index < date) & (s >= value)]
    if earlier.empty:
        return None
    return Point(earlier.index[-1], float(earlier.iloc[-1]))


def lowest_since(s: pd.Series, date) -> Point | None:
    """The last observation before ``date`` at or below the value at ``date`` ("lowest since")."""
    s = s.dropna()
    date = pd.Timestamp(date)
    value = s[date]
    earlier = s[(s.index < date) & (s <= value)]
    if earlier.empty:
        return None
    return Point(earlier.index[-1], float(earlier.iloc[-1]))


def pct_change(s: pd.Series) -> float:
    """Percent change from the first to the last value of the window."""
    s = s.dropna()
    if len(s) < 2:
        raise ValueError(f"series {s.name!r} needs two values for a change, has {len(s)}")
    return float((s.iloc[-1] / s.iloc[0] - 1) * 100)
