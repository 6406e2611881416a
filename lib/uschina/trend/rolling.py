"""Rolling correlation and beta of one series on another, on their common dates.

Levels of two trending series correlate whether or not they move together, so by default the
relation is measured on log changes between consecutive common dates (``transform="logdiff"``).
Beta is the slope of y on x from a rolling OLS (statsmodels ``RollingOLS``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
from statsmodels.regression.rolling import RollingOLS

from ..cache import memoize
from ..style import PALETTE
from ._base import AnalysisError, clean

TRANSFORMS = ("logdiff", "diff", "level")


@dataclass
class RollingRelation:
    """``table``: y, x (transformed, common dates), corr, beta, and n (observations in window).

    ``full_beta``/``full_corr``: over the whole common sample, with the beta's HAC s.e.
    """

    table: pd.DataFrame
    window: int
    transform: str
    y_name: str
    x_name: str
    full_beta: float
    full_beta_se: float
    full_alpha: float
    full_corr: float

    def plot(self, ax, lang: str = "zh", what: str = "corr") -> None:
        """Draw the rolling ``what`` ("corr" or "beta") and its full-sample value on ``ax``."""
        zh = lang == "zh"
        t = self.table
        w = self.window
        label = {"corr": (f"{w} 期滚动相关系数", f"{w}-period rolling correlation"),
                 "beta": (f"{w} 期滚动贝塔", f"{w}-period rolling beta")}[what]
        ax.plot(t.index, t[what], color=PALETTE["main"], lw=1.3, label=label[0 if zh else 1])
        ax.axhline(0, color="#999999", lw=0.8)
        full = self.full_corr if what == "corr" else self.full_beta
        ax.axhline(full, color=PALETTE["grey"], lw=0.9, ls="--",
                   label=(f"全样本：{full:.2f}" if zh else f"full sample: {full:.2f}"))


@memoize  # a fit depends only on its arguments: cached on their values
def rolling_relation(y: pd.Series, x: pd.Series, *, window: int = 60,
                     transform: str = "logdiff") -> RollingRelation:
    """Rolling ``window``-observation correlation and beta of ``y`` on ``x``.

    The two series are aligned on the dates both have (e.g. trading days of two markets), then
    transformed: "logdiff" (log change, ×100 = %), "diff" (change) or "level".

    Parameters
    ----------
    y, x : pandas.Series
        Date-indexed series; beta is that of ``y`` regressed on ``x``.
    window : int, default 60
        Observations per window (≥ 3).
    transform : {"logdiff", "diff", "level"}
        What is correlated: log changes (needs positive values), changes or levels.

    Returns
    -------
    RollingRelation
        ``table`` (y, x, corr, beta, n), ``full_corr``, ``full_beta`` with its HAC s.e.
        ``full_beta_se``, ``full_alpha``, and ``plot(ax, lang, what="corr" | "beta")``.

    Raises
    ------
    AnalysisError
        Unknown transform, window < 3, fewer common dates than the window needs.

    Examples
    --------
    >>> dxy = uschina.load("dxy", start="2019-01-01")  # doctest: +SKIP
    >>> cny = uschina.load("usd_cny", start="2019-01-01")  # doctest: +SKIP
    >>> rolling_relation(cny, dxy, window=60).full_corr  # doctest: +SKIP
    """
    if transform not in TRANSFORMS:
        raise AnalysisError(f"rolling_relation: transform must be one of {TRANSFORMS}, "
                            f"got {transform!r}")
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or window < 3:
        raise AnalysisError(f"rolling_relation: window must be a whole number ≥ 3, "
                            f"got {window!r}")
    need = window + (transform != "level")
    ys = clean(y, min_points=need, method="rolling_relation", interior_nan="drop")
    xs = clean(x, min_points=need, method="rolling_relation", interior_nan="drop")
    both = pd.concat({"y": ys, "x": xs}, axis=1, join="inner")
    if transform == "logdiff":
        if (both <= 0).any().any():
            raise AnalysisError("rolling_relation: transform='logdiff' needs positive values; "
                                "use transform='diff' for series that can be zero or negative")
        both = np.log(both).diff() * 100
    elif transform == "diff":
        both = both.diff()
    both = both.dropna()
    if len(both) < window:
        raise AnalysisError(
            f"rolling_relation: {ys.name} and {xs.name} share {len(both)} usable dates "
            f"(after transform={transform!r}); window={window} needs at least {window}")
    X = sm.add_constant(both["x"])
    roll = RollingOLS(both["y"], X, window=window).fit(params_only=True)
    table = both.copy()
    table["corr"] = both["y"].rolling(window).corr(both["x"])
    table["beta"] = roll.params["x"]
    table["n"] = both["y"].rolling(window).count()
    table.index.name = "date"
    lags = int(np.floor(4 * (len(both) / 100) ** (2 / 9)))
    full = sm.OLS(both["y"], X).fit(cov_type="HAC", cov_kwds={"maxlags": lags})
    return RollingRelation(
        table=table, window=window, transform=transform, y_name=str(ys.name),
        x_name=str(xs.name), full_beta=float(full.params["x"]), full_beta_se=float(full.bse["x"]),
        full_alpha=float(full.params["const"]), full_corr=float(both["y"].corr(both["x"])))
