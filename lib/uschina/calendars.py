"""Release calendars: the day each observation of a series became public.

A series declares in its metadata (``release:``, see :class:`uschina.meta.Release`) how it is
published, and ``load(key, as_of=DAY)`` keeps what had been published by the end of DAY:

- ``weekly``: the Fed's H.10 (USD/CNY, the broad dollar) comes out on Mondays (the next
  business day after a federal holiday) for the week to the previous Friday;
- ``listed``: monthly releases on the days listed in ``release_dates.yaml`` (BLS CPI, G.17,
  TIC, BEA), a documented fallback rule for months not listed;
- ``same_day``: a market close known at the end of its day; ``next_business_day``: a daily
  figure published the next federal business day (Debt to the Penny);
- ``lag`` (the default, and any series without a declaration): the end of the period plus
  ``release_lag_days``.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from pandas.tseries.holiday import USFederalHolidayCalendar

from .errors import MetadataError

DATES_FILE = Path(__file__).with_name("release_dates.yaml")


@functools.lru_cache(maxsize=1)
def _holidays() -> np.ndarray:
    days = USFederalHolidayCalendar().holidays("1950-01-01", "2100-12-31")
    return days.values.astype("datetime64[D]")


def business_day_on_or_after(days: pd.Series | pd.DatetimeIndex) -> np.ndarray:
    d = np.asarray(pd.DatetimeIndex(days).values.astype("datetime64[D]"))
    return np.busday_offset(d, 0, roll="forward", holidays=_holidays())


def next_business_day(days) -> np.ndarray:
    d = np.asarray(pd.DatetimeIndex(days).values.astype("datetime64[D]"))
    return np.busday_offset(d, 1, roll="forward", holidays=_holidays())


@functools.lru_cache(maxsize=1)
def calendars() -> dict[str, dict]:
    try:
        raw = yaml.safe_load(DATES_FILE.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise MetadataError(f"{DATES_FILE}: not valid YAML: {exc}") from None
    out = {}
    for name, cal in raw.items():
        dates = {}
        for month, entry in (cal.get("dates") or {}).items():
            if isinstance(entry, dict):
                dates[str(month)] = (pd.Timestamp(entry["date"]), bool(entry.get("certain", True)),
                                     entry.get("note", ""))
            else:
                dates[str(month)] = (pd.Timestamp(entry), True, "")
        out[name] = cal | {"dates": dates}
    return out


def release_date(calendar: str, month) -> tuple[pd.Timestamp, str]:
    """The day reference ``month`` was first published, and how we know it.

    The second item is ``"listed"``, ``"listed (not confirmed)"`` or ``"fallback rule"``.
    """
    return _release_date(calendar, str(pd.Period(month, freq="M")))


@functools.lru_cache(maxsize=8192)
def _release_date(calendar: str, month: str) -> tuple[pd.Timestamp, str]:
    cals = calendars()
    if calendar not in cals:
        raise MetadataError(f"unknown release calendar {calendar!r}; known: {sorted(cals)} "
                            f"(in {DATES_FILE.name})")
    cal = cals[calendar]
    period = pd.Period(month, freq="M")
    hit = cal["dates"].get(str(period))
    if hit is not None:
        return hit[0], "listed" if hit[1] else "listed (not confirmed)"
    rule = cal["fallback"]
    target = (period + int(rule["months_after"])).to_timestamp() + pd.Timedelta(
        days=int(rule["day"]) - 1)
    return pd.Timestamp(business_day_on_or_after([target])[0]), "fallback rule"


def _listed(dates: pd.Series, calendar: str) -> pd.Series:
    months = dates.dt.to_period("M")
    lookup = {p: _release_date(calendar, str(p))[0] for p in months.dropna().unique()}
    return months.map(lookup).astype("datetime64[ns]")


def _weekly(dates: pd.Series, weekday: int) -> pd.Series:
    """Published on ``weekday`` after the Friday that ends the observation's week."""
    wd = dates.dt.day_of_week
    friday = dates + pd.to_timedelta((4 - wd) % 7, unit="D")
    out = friday + pd.to_timedelta((weekday - 4) % 7 or 7, unit="D")
    return pd.Series(business_day_on_or_after(out).astype("datetime64[ns]"), index=dates.index)


def published_on(dates: pd.Series, m) -> pd.Series:
    """The day each observation of series ``m`` (a SeriesMeta) became public."""
    dates = pd.to_datetime(dates)
    rel = m.release
    rule = rel.rule if rel is not None else "lag"
    if rule == "weekly":
        return _weekly(dates, rel.weekday)
    if rule == "listed":
        return _listed(dates, rel.calendar)
    if rule == "same_day":
        return dates
    if rule == "next_business_day":
        return pd.Series(next_business_day(dates).astype("datetime64[ns]"), index=dates.index)
    ends = {"monthly": pd.offsets.MonthEnd(0), "quarterly": pd.offsets.QuarterEnd(0)}
    offset = ends.get(m.frequency)
    period_end = dates + offset if offset is not None else dates
    return period_end + pd.Timedelta(days=m.release_lag_days)


def describe(m) -> str:
    """One line on how the series is published (for notes and the catalog)."""
    rel = m.release
    if rel is None or rel.rule == "lag":
        return f"published {m.release_lag_days} days after the end of each period (a fixed lag)"
    if rel.rule == "weekly":
        day = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")[rel.weekday]
        return (f"published weekly on {day} (the next business day after a holiday) for the "
                "week to the previous Friday")
    if rel.rule == "listed":
        return f"published on the listed release dates of calendar {rel.calendar!r}"
    if rel.rule == "same_day":
        return "known at the end of each day"
    return "published the next business day"


