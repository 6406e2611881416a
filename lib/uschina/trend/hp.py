"""Hodrick–Prescott trend with the smoothing parameter scaled to the frequency (Ravn–Uhlig).

Ravn and Uhlig (2002): lambda = 1600 · (f / 4)^4 for f periods a year, so 129,600 monthly,
1,600 quarterly and 6.25 annual. The HP trend is two-sided: its last few years move when new
data arrive (end-point problem), which the plot marks.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from statsmodels.tsa.filters.hp_filter import hpfilter

from ..style import PALETTE
from ._base import AnalysisError, Frequency, clean, infer_frequency

MIN_POINTS = 8


def ravn_uhlig_lambda(periods_per_year: float) -> float:
    """The HP smoothing parameter for a frequency, by Ravn and Uhlig's (2002) rule.

    Parameters
    ----------
    periods_per_year : float
        12 for monthly data, 4 for quarterly, 1 for annual.

    Returns
    -------
    float
        1600 × (periods_per_year / 4)^4: 1600 quarterly, 129,600 monthly, 6.25 annual.

    Examples
    --------
    >>> ravn_uhlig_lambda(12)
    129600.0
    """
    return 1600.0 * (periods_per_year / 4.0) ** 4


@dataclass
class HPTrend:
    """``table``: actual, trend, cycle (actual − trend), cycle_pct ((actual/trend − 1)×100)."""

    table: pd.DataFrame
    frequency: Frequency
    lamb: float

    def plot(self, ax, lang: str = "zh", color: str | None = None) -> None:
        """Draw the series and its HP trend on ``ax``, labels in ``lang`` ("zh" or "en")."""
        zh = lang == "zh"
        t = self.table
        ax.plot(t.index, t["actual"], color=color or PALETTE["main"], lw=1.4,
                label="实际值" if zh else "actual")
        ax.plot(t.index, t["trend"], color=PALETTE["second"], lw=1.4,
                label=f"HP 趋势（λ={self.lamb:,.6g}）" if zh else f"HP trend (λ={self.lamb:,.6g})")


def hp_trend(series: pd.Series, *, lamb: float | None = None) -> HPTrend:
    """Hodrick–Prescott trend and cycle of a regular series without gaps.

    Parameters
    ----------
    series : pandas.Series
        Values on a regular DatetimeIndex (monthly, quarterly, ...), no missing values
        inside, at least 12 of them.
    lamb : float, optional
        Smoothing parameter; default :func:`ravn_uhlig_lambda` of the series' frequency.

    Returns
    -------
    HPTrend
        ``table`` with columns actual, trend, cycle (actual − trend) and cycle_pct
        ((actual / trend − 1) × 100); ``frequency``; ``lamb``; ``plot(ax, lang)``.

    Raises
    ------
    AnalysisError
        Not a date-indexed series, too short, irregular or gapped, or ``lamb`` ≤ 0.

    Examples
    --------
    >>> holdings = uschina.load("china_ust_holdings", start="2000-01-01")  # doctest: +SKIP
    >>> hp_trend(holdings).table["trend"].iloc[-1]  # doctest: +SKIP
    """
    s = clean(series, min_points=MIN_POINTS, method="hp_trend")
    freq = infer_frequency(s.index, name=str(s.name))
    lam = ravn_uhlig_lambda(freq.periods_per_year) if lamb is None else float(lamb)
    if lam <= 0:
        raise AnalysisError(f"hp_trend: lamb must be positive, got {lamb!r}")
    cycle, trend = hpfilter(s.to_numpy(), lamb=lam)
    table = pd.DataFrame({"actual": s, "trend": trend, "cycle": cycle}, index=s.index)
    table["cycle_pct"] = (table["actual"] / table["trend"] - 1) * 100
    table.index.name = "date"
    return HPTrend(table=table, frequency=freq, lamb=lam)
