"""Seasonal-trend decomposition (STL, statsmodels) with the period taken from the frequency."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsmodels.tsa.seasonal import STL

from ..cache import memoize
from ..style import PALETTE
from ._base import AnalysisError, Frequency, clean, infer_frequency, regular


@dataclass
class Decomposition:
    """``table``: observed, trend, seasonal, resid (observed = trend + seasonal + resid)."""

    table: pd.DataFrame
    frequency: Frequency
    period: int
    robust: bool

    @property
    def seasonal_strength(self) -> float:
        """Wang–Smith–Hyndman strength, 0 (none) to 1: 1 − var(resid) / var(seasonal + resid)."""
        t = self.table
        denom = np.var(t["seasonal"] + t["resid"])
        return float(max(0.0, 1 - np.var(t["resid"]) / denom)) if denom > 0 else 0.0

    def seasonal_profile(self) -> pd.Series:
        """Mean seasonal component by position in the cycle (month 1–12, weekday 0–6, …)."""
        idx = self.table.index
        key = {"monthly": idx.month, "quarterly": idx.quarter, "daily": idx.day_of_week,
               "weekly": idx.isocalendar().week.to_numpy()}.get(self.frequency.name)
        if key is None:
            key = np.arange(len(idx)) % self.period
        return self.table["seasonal"].groupby(np.asarray(key)).mean()

    def plot(self, axes, lang: str = "zh") -> None:
        """Draw observed+trend, seasonal and residual on three axes."""
        zh = lang == "zh"
        t = self.table
        axes[0].plot(t.index, t["observed"], color=PALETTE["grey"], lw=1,
                     label="原始值" if zh else "observed")
        axes[0].plot(t.index, t["trend"], color=PALETTE["main"], lw=1.6,
                     label="趋势（STL）" if zh else "trend (STL)")
        axes[0].legend(loc="upper left")
        axes[1].plot(t.index, t["seasonal"], color=PALETTE["second"], lw=1)
        axes[1].set_title(f"季节项（周期 {self.period}）" if zh
                          else f"seasonal (period {self.period})", fontsize=9, loc="left")
        axes[2].plot(t.index, t["resid"], color=PALETTE["grey"], lw=0.8)
        axes[2].axhline(0, color="#999999", lw=0.6)
        axes[2].set_title("残差" if zh else "residual", fontsize=9, loc="left")


@memoize  # a fit depends only on its arguments: cached on their values
def stl(series: pd.Series, *, period: int | None = None, robust: bool = True) -> Decomposition:
    """STL decomposition; the period is 12 (monthly), 4 (quarterly), 7 (daily), 52 (weekly).

    Needs a regular index without missing values and at least two full cycles.

    Parameters
    ----------
    series : pandas.Series
        Values on a regular DatetimeIndex with no missing values.
    period : int, optional
        The seasonal period; default from the frequency.
    robust : bool, default True
        Robust fitting (outliers go to the residual instead of bending the trend).

    Returns
    -------
    Decomposition
        ``table`` (observed, trend, seasonal, resid; observed = trend + seasonal + resid),
        ``seasonal_strength`` (0 to 1), ``seasonal_profile()`` and ``plot(axes, lang)``.

    Raises
    ------
    AnalysisError
        Irregular or gapped index, no seasonal period (annual data), fewer than 2 cycles + 1.

    Examples
    --------
    >>> sales = uschina.load("us_vehicle_sales", start="2010-01-01")  # doctest: +SKIP
    >>> stl(sales).seasonal_strength  # doctest: +SKIP
    """
    s = clean(series, min_points=4, method="stl")
    freq = infer_frequency(s.index, name=str(s.name))
    p = period or freq.season
    if p < 2:
        raise AnalysisError(f"stl: {s.name} is {freq.name}: no seasonal period to remove "
                            "(pass period= explicitly if the series has a cycle)")
    if len(s) < 2 * p + 1:
        raise AnalysisError(f"stl: {s.name} has {len(s)} values; STL with period {p} needs at "
                            f"least {2 * p + 1} (two full cycles and one)")
    res = STL(regular(s, freq), period=p, robust=robust).fit()
    table = pd.DataFrame({"observed": s, "trend": res.trend.to_numpy(),
                          "seasonal": res.seasonal.to_numpy(), "resid": res.resid.to_numpy()},
                         index=s.index)
    table.index.name = "date"
    return Decomposition(table=table, frequency=freq, period=p, robust=robust)
