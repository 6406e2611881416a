"""Linear and log-linear trends by OLS, with a confidence band and the gap of actual vs trend.

The band uses Newey-West (HAC) standard errors: residuals around a trend are autocorrelated,
and plain OLS errors would draw a band that is too narrow.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm

from ..style import PALETTE
from ._base import AnalysisError, Frequency, clean, infer_frequency, period_number

MIN_POINTS = 8


@dataclass
class LinearTrend:
    """``table``: actual, trend, lower, upper (confidence band of the trend line), gap, gap_pct.

    ``log``: fitted on ln(value); slopes are then log points (×100 ≈ % per period).
    ``gap`` is actual − trend (in the series' unit); ``gap_pct`` = (actual / trend − 1) × 100.
    """

    table: pd.DataFrame
    log: bool
    frequency: Frequency
    fit_start: pd.Timestamp
    fit_end: pd.Timestamp
    n_fit: int
    slope_per_period: float
    slope_per_year: float
    slope_se: float  # HAC standard error of the per-period slope
    r_squared: float
    alpha: float

    @property
    def growth_pct_per_year(self) -> float:
        """Compound growth of the trend per year, % (log trends; linear: relative to mean)."""
        if self.log:
            return float(np.expm1(self.slope_per_period * self.frequency.periods_per_year) * 100)
        mean = self.table.loc[self.fit_start:self.fit_end, "actual"].mean()
        return float(self.slope_per_year / mean * 100)

    def gap_at(self, date) -> float:
        """The gap to trend at ``date`` in % ((actual / trend − 1) × 100); KeyError if absent.

        Example: ``linear_trend(cpi, log=True, fit_end="2019-12-01").gap_at("2021-10-01")``.
        """
        return float(self.table.loc[pd.Timestamp(date), "gap_pct"])

    def plot(self, ax, lang: str = "zh", actual_label: str | None = None,
             color: str | None = None) -> None:
        """Draw actual, the trend line over its fit window (solid) and beyond (dashed), and
        its confidence band on ``ax``; ``actual_label`` names the series in the legend."""
        t = self.table
        color = color or PALETTE["main"]
        fit = t.loc[self.fit_start:self.fit_end]
        zh = lang == "zh"
        ax.plot(t.index, t["actual"], color=color, lw=1.5,
                label=actual_label or ("实际值" if zh else "actual"))
        kind = ("对数线性趋势" if self.log else "线性趋势") if zh else (
            "log-linear trend" if self.log else "linear trend")
        span = f"{self.fit_start.year}–{self.fit_end.year}"
        ax.plot(fit.index, fit["trend"], color=PALETTE["second"], lw=1.2,
                label=f"{kind}（{span} 拟合）" if zh else f"{kind} (fitted {span})")
        out = t.loc[self.fit_end:]
        if len(out) > 1:
            ax.plot(out.index, out["trend"], color=PALETTE["second"], lw=1.2, ls="--",
                    label="趋势外推" if zh else "trend extrapolated")
        level = round((1 - self.alpha) * 100)
        ax.fill_between(t.index, t["lower"], t["upper"], color=PALETTE["second"], alpha=0.15,
                        lw=0, label=f"{level}% 置信带" if zh else f"{level}% confidence band")


def linear_trend(series: pd.Series, *, log: bool = False, fit_start=None, fit_end=None,
                 alpha: float = 0.05) -> LinearTrend:
    """Fit value = a + b·t (or ln value = a + b·t) on [fit_start, fit_end]; extend to all dates.

    ``t`` counts periods of the series' frequency, so ``slope_per_period`` is per month for a
    monthly series; ``slope_per_year`` multiplies by the periods in a year. Missing values are
    left out of the fit; trading-day series (holiday gaps) are allowed.

    Parameters
    ----------
    series : pandas.Series
        Values on a DatetimeIndex, at least 8 in the fit window.
    log : bool, default False
        Fit ln(value) (all values must be positive): a constant-growth trend.
    fit_start, fit_end : date-like, optional
        The fit window (default: the whole series); the trend is extended to every date.
    alpha : float, default 0.05
        1 − confidence level of the band around the trend line (Newey–West errors).

    Returns
    -------
    LinearTrend
        ``table`` (actual, trend, lower, upper, gap, gap_pct), ``slope_per_period``,
        ``slope_per_year``, ``slope_se`` (HAC), ``r_squared``, ``growth_pct_per_year``,
        ``gap_at(date)`` and ``plot(ax, lang)``.

    Raises
    ------
    AnalysisError
        Too few points in the window, non-positive values with ``log=True``, bad ``alpha``.

    Examples
    --------
    >>> cpi = uschina.load("us_cpi_index", start="2000-01-01")  # doctest: +SKIP
    >>> lt = linear_trend(cpi, log=True, fit_start="2010-01-01", fit_end="2019-12-01")
    >>> round(lt.growth_pct_per_year, 1), round(lt.gap_at("2021-10-01"), 1)  # doctest: +SKIP
    (1.6, 4.8)
    """
    s = clean(series, min_points=MIN_POINTS, method="linear_trend", interior_nan="drop")
    if not 0 < alpha < 1:
        raise AnalysisError(f"linear_trend: alpha must be between 0 and 1, got {alpha!r}")
    if log and (s <= 0).any():
        bad = s[s <= 0].index[0].date()
        raise AnalysisError(f"linear_trend: log=True needs positive values; {s.name} is "
                            f"{s[s <= 0].iloc[0]} on {bad}")
    freq = infer_frequency_with_gaps(s)
    t = pd.Series(period_number(s.index, freq), index=s.index)
    lo = pd.Timestamp(fit_start) if fit_start is not None else s.index[0]
    hi = pd.Timestamp(fit_end) if fit_end is not None else s.index[-1]
    in_fit = (s.index >= lo) & (s.index <= hi)
    n_fit = int(in_fit.sum())
    if n_fit < MIN_POINTS:
        raise AnalysisError(
            f"linear_trend: the fit window {lo.date()} to {hi.date()} holds {n_fit} value(s) "
            f"of {s.name}; a trend needs at least {MIN_POINTS}")
    y = np.log(s) if log else s
    X = sm.add_constant(t.to_numpy())
    lags = int(np.floor(4 * (n_fit / 100) ** (2 / 9)))  # Newey-West rule of thumb
    res = sm.OLS(y[in_fit].to_numpy(), X[in_fit]).fit(cov_type="HAC", cov_kwds={"maxlags": lags})
    band = res.get_prediction(X).summary_frame(alpha=alpha)
    mean, lower, upper = (band[c].to_numpy() for c in ("mean", "mean_ci_lower", "mean_ci_upper"))
    if log:
        mean, lower, upper = np.exp(mean), np.exp(lower), np.exp(upper)
    table = pd.DataFrame({"actual": s, "trend": mean, "lower": lower, "upper": upper},
                         index=s.index)
    table["gap"] = table["actual"] - table["trend"]
    table["gap_pct"] = (table["actual"] / table["trend"] - 1) * 100
    table.index.name = "date"
    slope = float(res.params[1])
    return LinearTrend(
        table=table, log=log, frequency=freq, fit_start=s.index[in_fit][0],
        fit_end=s.index[in_fit][-1], n_fit=n_fit, slope_per_period=slope,
        slope_per_year=slope * freq.periods_per_year, slope_se=float(res.bse[1]),
        r_squared=float(res.rsquared), alpha=alpha)


def infer_frequency_with_gaps(s: pd.Series) -> Frequency:
    """Frequency of a series whose missing values were dropped: judge the full calendar.

    Parameters
    ----------
    s : pandas.Series
        Date-indexed values, possibly with dates missing where NaNs were dropped.

    Returns
    -------
    Frequency
        As :func:`infer_frequency` (trading days allowed), judged on the full calendar
        from the first to the last date when a few periods are missing.

    Raises
    ------
    AnalysisError
        No regular calendar, even allowing for up to 20% of the periods missing.

    Examples
    --------
    >>> months = pd.date_range("2020-01-01", periods=24, freq="MS")
    >>> infer_frequency_with_gaps(pd.Series(1.0, index=months.delete(5))).name
    'monthly'
    """
    try:
        return infer_frequency(s.index, allow_gaps=True, name=str(s.name))
    except AnalysisError:
        # dropped NaNs (e.g. an unpublished month) leave holes; the calendar is still regular
        for freq in ("MS", "QS", "YS", "D"):
            full = pd.date_range(s.index[0], s.index[-1], freq=freq)
            if s.index.isin(full).all() and len(full) <= 1.2 * len(s):
                return infer_frequency(full, name=str(s.name))
        raise
