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


def lowest_since(s: pd.Series, date, strict: bool = False) -> Point | None:
    """The last observation before ``date`` at or below the value at ``date`` ("lowest since").

    With ``strict=True``, strictly below: the value at ``date`` is then the lowest since just
    after that point ("the lowest since 2008"); None when nothing earlier was (as) low.

    Example: ``lowest_since(holdings, "2026-02-01", strict=True).date.year`` -> 2008.
    """
    s = s.dropna()
    date = pd.Timestamp(date)
    if date not in s.index:
        raise ValueError(f"no value at {date.date()} in series {s.name!r}")
    value = s[date]
    earlier = s[(s.index < date) & ((s < value) if strict else (s <= value))]
    if earlier.empty:
        return None
    return Point(earlier.index[-1], float(earlier.iloc[-1]))


def pct_change(s: pd.Series) -> float:
    """Percent change from the first to the last value of the window."""
    s = s.dropna()
    if len(s) < 2:
        raise ValueError(f"series {s.name!r} needs two values for a change, has {len(s)}")
    return float((s.iloc[-1] / s.iloc[0] - 1) * 100)


def rank(values: pd.Series, who) -> int:
    """Competition rank of ``values[who]`` (1 = highest; ties share the better rank).

    The one rule for "ranks Nth among ..." claims, used by the approval chart and the claims
    table alike. NaNs are not ranked.

    Example: ``rank(pd.Series({"a": 50, "b": 42, "c": 42}), "c")`` -> 2.
    """
    v = values.dropna()
    if who not in v.index:
        raise ValueError(f"{who!r} has no value to rank among {list(v.index)}")
    return int((v > v[who]).sum()) + 1
