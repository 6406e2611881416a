"""Structural breaks: the Quandt likelihood-ratio (sup-F) test over candidate dates, and CUSUM.

For each candidate date inside the trimmed sample, statsmodels fits OLS with the mean (model
"level") or the intercept and slope (model "trend") allowed to shift at that date, and tests the
shift with a Wald F statistic using Newey-West errors (HAC; residuals of economic series are
autocorrelated). The largest F is the QLR statistic; its date estimates the break.
It is compared with Andrews' (1993) critical values for 15% trimming, not the ordinary F table:
the date was chosen to make F large.
A CUSUM test of the no-break model (statsmodels ``breaks_cusumolsresid``) is reported too.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
from statsmodels.stats.diagnostic import breaks_cusumolsresid

from ..cache import memoize
from ..style import PALETTE
from ._base import AnalysisError, Frequency, clean, period_number
from .linear import infer_frequency_with_gaps

# Andrews (1993) QLR critical values, 15% trimming, in F form (Wald / q), for q restrictions;
# as tabulated in Stock & Watson, Introduction to Econometrics, table "Critical values of the
# QLR statistic with 15% trimming".
QLR_CRITICAL = {1: {0.10: 7.12, 0.05: 8.68, 0.01: 12.16},
                2: {0.10: 5.00, 0.05: 5.86, 0.01: 7.78}}
MODELS = {"level": 1, "trend": 2}
MAX_CANDIDATES = 400  # longer (daily) series are scanned on a grid, then refined


@dataclass
class BreakTest:
    """``table``: the F statistic at each candidate date (NaN where not scanned)."""

    series: pd.Series
    table: pd.DataFrame
    model: str
    date: pd.Timestamp  # the estimated break: the first period of the new regime
    sup_f: float  # the QLR statistic: the largest F over the candidates
    f_at_date: float  # F at the estimated date
    critical: dict[float, float] | None  # significance level -> critical value
    cusum_stat: float
    cusum_pvalue: float
    before: tuple[float, float]  # (intercept, slope per period) before the break
    after: tuple[float, float]
    frequency: Frequency
    trim: float

    @property
    def significant_5pct(self) -> bool | None:
        """sup-F above Andrews' 5% critical value (None when no tabulated value applies)."""
        return None if self.critical is None else self.sup_f > self.critical[0.05]

    def fitted(self) -> pd.Series:
        """The two-regime fit: mean (level) or line (trend) on each side of the break."""
        t = period_number(self.series.index, self.frequency)
        t_b = t[self.series.index.get_loc(self.date)]
        a = np.where(t < t_b, self.before[0], self.after[0])
        b = np.where(t < t_b, self.before[1], self.after[1])
        return pd.Series(a + b * t, index=self.series.index, name="fitted")

    def plot(self, ax, lang: str = "zh", color: str | None = None) -> None:
        """Draw the series, the two-regime fit and the break date on ``ax``, labels in ``lang``."""
        zh = lang == "zh"
        s = self.series
        ax.plot(s.index, s.to_numpy(), color=color or PALETTE["main"], lw=1.3,
                label="实际值" if zh else "actual")
        fit = self.fitted()
        left = fit.index < self.date
        ax.plot(fit.index[left], fit[left], color=PALETTE["second"], lw=1.3,
                label="分段拟合" if zh else "fit by regime")
        ax.plot(fit.index[~left], fit[~left], color=PALETTE["second"], lw=1.3)
        ax.axvline(self.date, color=PALETTE["highlight"], lw=1, ls="--")
        crit = f"{self.critical[0.05]:.2f}" if self.critical else "n/a"
        text = (f"断点 {self.date.date()}\nsup-F={self.sup_f:.1f}（5% 临界值 {crit}）" if zh
                else f"break {self.date.date()}\nsup-F={self.sup_f:.1f} (5% critical {crit})")
        ax.annotate(text, (self.date, 1), xycoords=("data", "axes fraction"), xytext=(5, -5),
                    textcoords="offset points", va="top", fontsize=8, color=PALETTE["highlight"])


@memoize  # a fit depends only on its arguments: cached on their values
def structural_break(series: pd.Series, *, model: str = "level", trim: float = 0.15,
                     hac: bool = True) -> BreakTest:
    """Find the single most likely break in ``series`` and test it (QLR / sup-F).

    ``model`` "level": a shift in the mean; "trend": a shift in intercept and slope.
    The estimated date is the first period of the new regime.

    Parameters
    ----------
    series : pandas.Series
        Date-indexed values (missing values are left out), at least 20 and enough for the
        trimming.
    model : {"level", "trend"}, default "level"
        What may break: the mean, or the intercept and slope of a linear trend.
    trim : float, default 0.15
        Share of the sample at each end where no break is looked for (0.05 to 0.5).
    hac : bool, default True
        Newey–West (HAC) covariance in the F statistics, for autocorrelated errors.

    Returns
    -------
    BreakTest
        ``date`` (first period of the new regime), ``sup_f`` and ``critical`` (Andrews'
        critical values at 10/5/1%, 15% trimming only), ``significant_5pct``, ``before`` /
        ``after`` (intercept, slope), a CUSUM test (``cusum_stat``, ``cusum_pvalue``),
        ``table`` (F by candidate date), ``fitted()`` and ``plot(ax, lang)``.

    Raises
    ------
    AnalysisError
        Unknown model, trim outside [0.05, 0.5), too few observations.

    Examples
    --------
    >>> debt = uschina.load("us_public_debt", start="2010-01-01")["total_usd"]  # doctest: +SKIP
    >>> structural_break(debt.resample("ME").last(), model="trend").date  # doctest: +SKIP
    """
    if model not in MODELS:
        raise AnalysisError(f"structural_break: model must be one of {tuple(MODELS)}, "
                            f"got {model!r}")
    if not 0.05 <= trim < 0.5:
        raise AnalysisError(f"structural_break: trim must be in [0.05, 0.5), got {trim!r}")
    q = MODELS[model]
    min_points = max(20, int(np.ceil(2 * (q + 2) / trim)))
    s = clean(series, min_points=min_points, method="structural_break", interior_nan="drop")
    freq = infer_frequency_with_gaps(s)
    t = period_number(s.index, freq)
    n = len(s)
    y = s.to_numpy()
    base = np.column_stack([np.ones(n), t])[:, :q]
    lags = int(np.floor(4 * (n / 100) ** (2 / 9)))
    lo, hi = int(np.floor(trim * n)), int(np.ceil((1 - trim) * n))
    stride = max(1, (hi - lo) // MAX_CANDIDATES)

    r = np.zeros((q, 2 * q))
    r[:, q:] = np.eye(q)

    def scan(k: int) -> tuple[float, float]:
        """(Wald F of the shift, sum of squared residuals) with the break at position k."""
        d = (np.arange(n) >= k).astype(float)
        X = np.column_stack([base, base * d[:, None]])
        fit = sm.OLS(y, X).fit(**({"cov_type": "HAC", "cov_kwds": {"maxlags": lags}}
                                  if hac else {}))
        return float(np.squeeze(fit.f_test(r).fvalue)), float(fit.ssr)

    stats = {k: scan(k) for k in range(lo, hi, stride)}
    if stride > 1:  # refine around the best grid point
        best = min(stats, key=lambda k: stats[k][1])
        for k in range(max(lo, best - stride), min(hi, best + stride)):
            stats.setdefault(k, scan(k))
    # the date is the least-squares estimate (Bai 1994); the test statistic is the sup of F
    k_best = min(stats, key=lambda k: stats[k][1])
    sup_f = max(v[0] for v in stats.values())
    table = pd.DataFrame({"f_stat": np.nan, "ssr": np.nan}, index=s.index)
    table.index.name = "date"
    keys = sorted(stats)
    table.iloc[keys, 0] = [stats[k][0] for k in keys]
    table.iloc[keys, 1] = [stats[k][1] for k in keys]

    def line(part: slice) -> tuple[float, float]:
        coef = sm.OLS(y[part], base[part]).fit().params
        return float(coef[0]), float(coef[1]) if q == 2 else 0.0

    cusum_stat, cusum_p, _ = breaks_cusumolsresid(
        sm.OLS(y, base).fit().resid, ddof=q)
    return BreakTest(
        series=s, table=table, model=model, date=s.index[k_best], sup_f=sup_f,
        f_at_date=stats[k_best][0],
        critical=QLR_CRITICAL.get(q) if abs(trim - 0.15) < 1e-9 else None,
        cusum_stat=float(cusum_stat), cusum_pvalue=float(cusum_p),
        before=line(slice(0, k_best)), after=line(slice(k_best, n)), frequency=freq, trim=trim)
