"""Forecasts with prediction intervals (ARIMA or ETS, statsmodels), set against what happened.

The model is fitted on ``history`` only: pass the series as it stood at the forecast date
(``datasets.load(key, as_of=...)`` applies the publication lag). ``actual``, if given, is the
later series; its values over the horizon are shown against the forecast.
"""

from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsmodels.tools.sm_exceptions import ConvergenceWarning
from statsmodels.tsa.arima.model import ARIMA
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

from ..cache import memoize
from ..style import PALETTE
from ._base import AnalysisError, Frequency, clean, future_dates, infer_frequency, regular

METHODS = ("arima", "ets")
MIN_POINTS = {"arima": 24, "ets": 24}
AUTO_ORDERS = [(p, 1, q) for p, q in itertools.product(range(3), range(3))]


@dataclass
class Forecast:
    """``table``: forecast, lower, upper (prediction interval) and actual (NaN if not yet known)."""

    history: pd.Series
    table: pd.DataFrame
    method: str
    spec: str  # e.g. "ARIMA(1,1,0)" or "ETS(A,Ad,N)"
    aic: float
    alpha: float
    frequency: Frequency

    @property
    def made_at(self) -> pd.Timestamp:
        """The last observation the model saw."""
        return self.history.index[-1]

    @property
    def realised(self) -> pd.DataFrame:
        """The rows of ``table`` whose actual value is known (published later)."""
        return self.table.dropna(subset=["actual"])

    @property
    def coverage(self) -> float | None:
        """Share of realised values inside the prediction interval (None if none realised)."""
        r = self.realised
        if r.empty:
            return None
        return float(((r["actual"] >= r["lower"]) & (r["actual"] <= r["upper"])).mean())

    def plot(self, ax, lang: str = "zh", history_periods: int | None = None,
             color: str | None = None) -> None:
        """Draw the history (its last ``history_periods`` values), the forecast with its
        interval and, where known, what happened next, on ``ax`` with labels in ``lang``."""
        zh = lang == "zh"
        h = self.history if history_periods is None else self.history.iloc[-history_periods:]
        t = self.table
        ax.plot(h.index, h.to_numpy(), color=color or PALETTE["main"], lw=1.5,
                label=(f"截至 {self.made_at.date()} 的数据" if zh
                       else f"data to {self.made_at.date()}"))
        # join the forecast to the last observation so the lines connect
        fx = pd.concat([h.iloc[-1:], t["forecast"]])
        ax.plot(fx.index, fx.to_numpy(), color=PALETTE["second"], lw=1.4, ls="--",
                label=f"预测（{self.spec}）" if zh else f"forecast ({self.spec})")
        level = round((1 - self.alpha) * 100)
        ax.fill_between(t.index, t["lower"], t["upper"], color=PALETTE["second"], alpha=0.15,
                        lw=0, label=f"{level}% 预测区间" if zh else f"{level}% prediction interval")
        r = self.realised
        if not r.empty:
            rx = pd.concat([h.iloc[-1:], r["actual"]])
            ax.plot(rx.index, rx.to_numpy(), color=PALETTE["main"], lw=1.5, ls=":",
                    marker="o", ms=2.5, label="实际走势（其后公布）" if zh
                    else "what happened next (published later)")


@memoize  # a fit depends only on its arguments: cached on their values
def forecast(history: pd.Series, *, horizon: int = 12, method: str = "arima",
             order: tuple[int, int, int] | str = (1, 1, 0), damped: bool = True,
             alpha: float = 0.05, actual: pd.Series | None = None) -> Forecast:
    """Forecast ``horizon`` periods after the last value of ``history``.

    ARIMA: ``order`` (p, d, q), or "auto" to pick by AIC among p, q ≤ 2 with d = 1; missing
    values inside the history are allowed (the Kalman filter skips them).
    ETS: additive errors, additive (damped) trend, no seasonality; needs a gap-free history.
    Fits are cached on the values of the arguments (:mod:`uschina.cache`).

    Parameters
    ----------
    history : pandas.Series
        The series as it stood at the forecast date (e.g. ``uschina.load(key, as_of=...)``),
        on a regular DatetimeIndex, at least 24 values.
    horizon : int, default 12
        Periods ahead.
    method : {"arima", "ets"}
    order : (p, d, q) or "auto", default (1, 1, 0)
        ARIMA order; "auto" fits the nine orders with d = 1 and keeps the lowest AIC.
    damped : bool, default True
        ETS only: damp the trend.
    alpha : float, default 0.05
        1 − coverage of the prediction interval.
    actual : pandas.Series, optional
        The later series; its values over the horizon fill the ``actual`` column.

    Returns
    -------
    Forecast
        ``table`` (forecast, lower, upper, actual by date), ``spec`` (e.g. "ARIMA(1,1,0)"),
        ``aic``, ``made_at`` (last observation used), ``realised`` and ``coverage`` (share
        of realised values inside the interval), ``plot(ax, lang)``.

    Raises
    ------
    AnalysisError
        Unknown method or order, horizon < 1, alpha outside (0, 1), too short or irregular
        history, gaps with ETS.

    Examples
    --------
    >>> history = uschina.load("us_cpi_yoy", start="1991-11-01", as_of="2021-11-16")
    >>> later = uschina.load("us_cpi_yoy")  # doctest: +SKIP
    >>> fc = forecast(history, horizon=12, order="auto", actual=later)  # doctest: +SKIP
    >>> fc.spec, fc.coverage  # doctest: +SKIP
    """
    if method not in METHODS:
        raise AnalysisError(f"forecast: method must be one of {METHODS}, got {method!r}")
    if isinstance(horizon, bool) or not isinstance(horizon, (int, np.integer)) or horizon < 1:
        raise AnalysisError(f"forecast: horizon must be a whole number ≥ 1, got {horizon!r}")
    if not 0 < alpha < 1:
        raise AnalysisError(f"forecast: alpha must be between 0 and 1, got {alpha!r}")
    s = clean(history, min_points=MIN_POINTS[method], method=f"forecast ({method})",
              interior_nan="keep" if method == "arima" else "error")
    freq = infer_frequency(s.index, name=str(s.name))
    endog = regular(s, freq)
    with warnings.catch_warnings():
        # short or flat windows make the optimiser complain; the AIC still ranks the fits
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", UserWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        if method == "arima":
            res, spec = _fit_arima(endog, order)
            frame = res.get_forecast(horizon).summary_frame(alpha=alpha)
            mean, lower, upper = frame["mean"], frame["mean_ci_lower"], frame["mean_ci_upper"]
        else:
            res = ETSModel(endog, error="add", trend="add", damped_trend=damped).fit(disp=False)
            spec = "ETS(A,Ad,N)" if damped else "ETS(A,A,N)"
            frame = res.get_prediction(start=len(endog), end=len(endog) + horizon - 1)
            frame = frame.summary_frame(alpha=alpha)
            mean, lower, upper = frame["mean"], frame["pi_lower"], frame["pi_upper"]
    dates = future_dates(s.index[-1], freq, horizon)
    table = pd.DataFrame({"forecast": np.asarray(mean), "lower": np.asarray(lower),
                          "upper": np.asarray(upper)}, index=dates)
    table["actual"] = np.nan
    if actual is not None:
        later = clean(actual, min_points=1, method="forecast (actual)", interior_nan="keep")
        table["actual"] = later.reindex(dates).to_numpy()
    table.index.name = "date"
    return Forecast(history=s, table=table, method=method, spec=spec, aic=float(res.aic),
                    alpha=alpha, frequency=freq)


def _fit_arima(endog: pd.Series, order):
    if isinstance(order, str):
        if order != "auto":
            raise AnalysisError(f"forecast: order must be (p, d, q) or 'auto', got {order!r}")
        fits = [(ARIMA(endog, order=o).fit(), o) for o in AUTO_ORDERS]
        res, best = min(fits, key=lambda f: f[0].aic)
    else:
        if len(order) != 3 or any(not isinstance(k, (int, np.integer)) or k < 0 for k in order):
            raise AnalysisError(f"forecast: order must be three whole numbers (p, d, q), "
                                f"got {order!r}")
        best = tuple(int(k) for k in order)
        res = ARIMA(endog, order=best).fit()
    return res, "ARIMA({},{},{})".format(*best)
