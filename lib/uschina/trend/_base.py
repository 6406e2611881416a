"""Input checks and frequency inference shared by the trend methods.

Every method needs a date-indexed numeric series; most need a regular one. The errors say what
was wrong and what the method needs, so a notebook stops with a message, not a traceback deep
inside statsmodels.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ..errors import ParameterError


class AnalysisError(ParameterError):
    """A series that a trend method cannot work on (too short, irregular, empty)."""


@dataclass(frozen=True)
class Frequency:
    name: str  # "monthly", "quarterly", "annual", "daily", "weekly", "business"
    periods_per_year: float
    season: int  # the seasonal period STL uses
    offset: str | None  # pandas frequency alias for a regular index; None for business w/ gaps

    def label(self, lang: str) -> str:
        """The period's name: 月/month, 季/quarter, ..."""
        return _PERIOD_NAMES[self.name][0 if lang == "zh" else 1]


_PERIOD_NAMES = {"monthly": ("月", "month"), "quarterly": ("季", "quarter"),
                 "annual": ("年", "year"), "daily": ("日", "day"), "weekly": ("周", "week"),
                 "business": ("交易日", "trading day")}

MONTHLY = Frequency("monthly", 12, 12, "MS")
QUARTERLY = Frequency("quarterly", 4, 4, "QS")
ANNUAL = Frequency("annual", 1, 1, "YS")
DAILY = Frequency("daily", 365.25, 7, "D")
WEEKLY = Frequency("weekly", 52.18, 52, "W")
BUSINESS = Frequency("business", 261, 5, None)  # weekdays per year; trading days skip holidays


def infer_frequency(index: pd.DatetimeIndex, *, allow_gaps: bool = False,
                    name: str = "series") -> Frequency:
    """The frequency of a date index: monthly/quarterly/annual/daily/weekly, else an error.

    With ``allow_gaps``, weekday-only indexes with holiday gaps (trading days) count as
    "business"; the methods that need a strict calendar (STL, HP, ARIMA, ETS) do not allow it.

    Parameters
    ----------
    index : pandas.DatetimeIndex
        Sorted dates, at least 3.
    allow_gaps : bool, default False
        Accept trading days (weekdays with holidays missing) as "business".
    name : str
        The series' name, used in error messages.

    Returns
    -------
    Frequency
        ``name`` ("monthly", "quarterly", "annual", "daily", "weekly", "business"),
        ``periods_per_year``, ``season`` (the STL period) and ``offset`` (pandas alias).

    Raises
    ------
    AnalysisError
        Fewer than 3 dates, or no regular calendar (the message names the first odd step).

    Examples
    --------
    >>> infer_frequency(pd.date_range("2020-01-01", periods=24, freq="MS")).name
    'monthly'
    """
    if len(index) < 3:
        raise AnalysisError(
            f"{name}: needs at least 3 dates to tell its frequency, has {len(index)}")
    found = _regular_frequency(index)
    if found is not None and (found.name != "business" or allow_gaps):
        return found
    steps = np.asarray((index[1:] - index[:-1]).days, float)
    if allow_gaps and (index.day_of_week < 5).all() and steps.max() <= 5 and np.median(steps) == 1:
        return BUSINESS
    where = _first_irregular(index)
    need = ("a regular monthly, quarterly, annual, weekly or daily index"
            + (" (or trading days)" if allow_gaps else ""))
    raise AnalysisError(f"{name}: irregular date index{where}; this method needs {need}")


def _regular_frequency(index: pd.DatetimeIndex) -> Frequency | None:
    """The frequency whose calendar the index follows exactly, if any."""
    first, last = index[0], index[-1]
    month = first.strftime("%b").upper()
    weekday = first.strftime("%a").upper()
    candidates = [("MS", MONTHLY), ("ME", MONTHLY), (f"QS-{month}", QUARTERLY),
                  (f"QE-{month}", QUARTERLY), (f"YS-{month}", ANNUAL), (f"YE-{month}", ANNUAL),
                  ("D", DAILY), (f"W-{weekday}", WEEKLY), ("B", BUSINESS)]
    for alias, freq in candidates:
        if pd.date_range(first, last, freq=alias).equals(index):
            return replace(freq, offset=alias) if freq.offset else freq
    return None


def _first_irregular(index: pd.DatetimeIndex) -> str:
    steps = pd.Series(index[1:] - index[:-1], index=index[1:])
    if steps.empty:
        return ""
    usual = steps.mode().iloc[0]
    odd = steps[steps != usual]
    if odd.empty:
        return ""
    return f" (the step before {odd.index[0].date()} is {odd.iloc[0].days} days, usually " \
           f"{usual.days})"


def clean(series, *, name: str | None = None, min_points: int, method: str,
          interior_nan: str = "error") -> pd.Series:
    """A float series on a sorted, unique DatetimeIndex, with leading/trailing NaNs trimmed.

    Parameters
    ----------
    series : pandas.Series
        The input, indexed by date.
    name : str, optional
        The series' name in error messages (default: ``series.name``).
    min_points : int
        The fewest non-missing values the method needs.
    method : str
        The calling method's name, for error messages (e.g. ``"hp_trend"``).
    interior_nan : {"error", "drop", "keep"}, default "error"
        What to do with NaNs inside the window: "error" (methods that need every period),
        "drop" (OLS on dates), or "keep" (state-space models, which treat a NaN as a missing
        observation).

    Returns
    -------
    pandas.Series
        float64 values, infinities as NaN, named ``name``.

    Raises
    ------
    AnalysisError
        Not a date-indexed Series, duplicate or unsorted dates, non-numeric values, all NaN,
        interior NaNs with ``interior_nan="error"``, or fewer than ``min_points`` values.

    Examples
    --------
    >>> s = pd.Series([np.nan, 1, 2, 3], index=pd.date_range("2020-01-01", periods=4, freq="MS"))
    >>> clean(s, name="x", min_points=3, method="demo").tolist()
    [1.0, 2.0, 3.0]
    """
    if not isinstance(series, pd.Series):
        raise AnalysisError(f"{method}: expected a pandas Series, got {type(series).__name__}")
    label = name or str(series.name or "series")
    if not isinstance(series.index, pd.DatetimeIndex):
        raise AnalysisError(f"{method}: {label} must have a DatetimeIndex, "
                            f"got {type(series.index).__name__}")
    if series.index.has_duplicates:
        dup = series.index[series.index.duplicated()][0]
        raise AnalysisError(f"{method}: {label} has a duplicate date {dup.date()}")
    if not series.index.is_monotonic_increasing:
        raise AnalysisError(f"{method}: {label} dates must be sorted ascending")
    try:
        s = series.astype("float64")
    except (TypeError, ValueError):
        raise AnalysisError(f"{method}: {label} must hold numbers, got {series.dtype}") from None
    s = s.replace([np.inf, -np.inf], np.nan)
    valid = s.notna()
    if not valid.any():
        raise AnalysisError(f"{method}: {label} has no values (all NaN)")
    s = s.loc[s.first_valid_index():s.last_valid_index()]
    gaps = s.index[s.isna()]
    if len(gaps) and interior_nan == "error":
        shown = ", ".join(str(d.date()) for d in gaps[:3]) + (" …" if len(gaps) > 3 else "")
        raise AnalysisError(
            f"{method}: {label} has {len(gaps)} missing value(s) inside the window ({shown}); "
            "this method needs every period: choose a window without them or fill them "
            "explicitly (and say so)")
    if interior_nan == "drop":
        s = s.dropna()
    n = int(s.notna().sum())
    if n < min_points:
        raise AnalysisError(
            f"{method}: {label} has {n} value(s); this method needs at least {min_points}")
    s.name = label
    return s


def period_number(index: pd.DatetimeIndex, freq: Frequency) -> np.ndarray:
    """Whole periods since the first date (gaps kept), so slopes are 'per period'.

    Parameters
    ----------
    index : pandas.DatetimeIndex
        The dates, sorted.
    freq : Frequency
        Their frequency (:func:`infer_frequency`).

    Returns
    -------
    numpy.ndarray
        float periods since ``index[0]``: months, quarters, years, business days, weeks or
        days.

    Examples
    --------
    >>> idx = pd.DatetimeIndex(["2020-01-01", "2020-02-01", "2020-06-01"])
    >>> period_number(idx, MONTHLY).tolist()
    [0.0, 1.0, 5.0]
    """
    first = index[0]
    if freq.name == "monthly":
        return np.asarray((index.year - first.year) * 12 + (index.month - first.month), float)
    if freq.name == "quarterly":
        return np.asarray((index.year - first.year) * 4 + (index.quarter - first.quarter), float)
    if freq.name == "annual":
        return np.asarray(index.year - first.year, float)
    if freq.name == "business":
        d = index.values.astype("datetime64[D]")
        return np.busday_count(d[0], d).astype(float)
    days = np.asarray((index - first).days, float)
    return days / 7 if freq.name == "weekly" else days


def regular(s: pd.Series, freq: Frequency) -> pd.Series:
    """The series with its frequency set on the index (statsmodels wants one for forecasts).

    Parameters
    ----------
    s : pandas.Series
        Values on a regular DatetimeIndex.
    freq : Frequency
        Its frequency; one without an ``offset`` (trading days) leaves ``s`` as it is.

    Returns
    -------
    pandas.Series
        A copy whose index carries ``freq.offset``.

    Examples
    --------
    >>> s = pd.Series(1.0, index=pd.DatetimeIndex(["2020-01-01", "2020-02-01", "2020-03-01"]))
    >>> regular(s, MONTHLY).index.freqstr
    'MS'
    """
    if freq.offset is None:
        return s
    out = s.copy()
    out.index = pd.DatetimeIndex(out.index, freq=freq.offset)
    return out


def future_dates(last: pd.Timestamp, freq: Frequency, horizon: int) -> pd.DatetimeIndex:
    """The ``horizon`` dates after ``last`` on the series' calendar (a forecast's dates).

    Parameters
    ----------
    last : pandas.Timestamp
        The last observed date.
    freq : Frequency
        The series' frequency; trading days (no ``offset``) step by business days.
    horizon : int
        How many dates.

    Returns
    -------
    pandas.DatetimeIndex
        ``horizon`` dates, the first one period after ``last``.

    Examples
    --------
    >>> future_dates(pd.Timestamp("2021-11-01"), MONTHLY, 2).strftime("%Y-%m-%d").tolist()
    ['2021-12-01', '2022-01-01']
    """
    if freq.offset is None:
        return pd.bdate_range(last + pd.offsets.BDay(1), periods=horizon)
    return pd.date_range(last, periods=horizon + 1, freq=freq.offset)[1:]
