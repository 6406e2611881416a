"""CPI: the price level against its 2010–2019 log-linear trend, and a YoY forecast made at the
report date set against what happened next (the 9.1% peak of June 2022)."""

from __future__ import annotations

import pandas as pd

from .. import datasets, style, trend
from ..charts.common import (
    end_label,
    highlight,
    label_point,
    last_drawn,
    month_label,
    pct,
    through_text,
)
from ..errors import ParameterError
from ..params import parse_date
from .base import Analysis, check_common, signed, titles

NAME = "fig3_us_cpi_trend"
TEXT = {"zh": "物价水平偏离 2010–2019 年趋势；报告日的通胀预测与其后走势",
        "en": "the price level against its 2010–2019 trend; a forecast at the report date"}
REPORT_DATE = pd.Timestamp("2021-11-16")
REPORT_MONTH = pd.Timestamp("2021-10-01")
TREND_FIT = ("2010-01-01", "2019-12-01")
FORECAST_FIT_YEARS = 30  # the model sees the last 30 years of YoY rates, 1991 on
HORIZON = 12


def cpi_trend(as_of=None, lang: str = "zh", forecast_at=REPORT_DATE,
              horizon: int = HORIZON) -> Analysis:
    """CPI-U against its 2010–2019 log-linear trend, and a YoY forecast made at ``forecast_at``.

    Parameters
    ----------
    as_of : date-like, optional
        Only data published by then ("2021-11-16": what the report's authors could see).
    lang : {"zh", "en"}
        The language of the title, labels and highlights.
    forecast_at : date-like
        The forecast origin (default the report's date); capped at ``as_of``.
    horizon : int
        Months forecast.

    Returns
    -------
    Analysis
        The figure, the data behind it (CSV), raw ``key_figures`` (``summary()``), reader
        ``highlights`` in ``lang`` and ``through`` (last observation drawn per data set);
        ``tables`` and ``results`` hold the tidy tables and the :mod:`uschina.trend` objects.

    Examples
    --------
    >>> cpi_trend().key_figures["realised peak in horizon"]
    Timestamp('2022-06-01 00:00:00')
    >>> round(cpi_trend(as_of="2021-11-16").key_figures["gap to trend latest %"], 1)
    4.8
    """
    a = check_common(lang, as_of)
    origin = parse_date("forecast_at", forecast_at)
    if origin is None:
        raise ParameterError("parameter 'forecast_at' must be a date like '2021-11-16'")
    if a is not None and a < origin:
        origin = a  # nothing later was known
    index = datasets.load("us_cpi_index", start="2000-01-01", as_of=a)
    if index.dropna().index[-1] < pd.Timestamp(TREND_FIT[1]):
        raise ParameterError(f"as_of={as_of!r}: the 2010–2019 trend needs CPI through "
                             f"{TREND_FIT[1][:7]}")
    lt = trend.linear_trend(index, log=True, fit_start=TREND_FIT[0], fit_end=TREND_FIT[1])

    fit_start = origin - pd.DateOffset(years=FORECAST_FIT_YEARS)
    history = datasets.load("us_cpi_yoy", start=fit_start, as_of=origin)
    realised = datasets.load("us_cpi_yoy", as_of=a)
    fc = trend.forecast(history, horizon=horizon, order="auto", actual=realised)

    figures = _figures(lt, fc)
    through = last_drawn(us_cpi_index=index)
    r = fc.realised
    if not r.empty:
        through["us_cpi_yoy"] = pd.Timestamp(r["actual"].dropna().index[-1])
    heads = titles({k: finding(figures, k) for k in TEXT})
    fig = _draw(lt, fc, lang, index.attrs, heads[lang], through_text(through, lang))
    gap = lt.table.rename(columns={"actual": "cpi_u_index"})
    fc_table = fc.table.rename(columns={"actual": "realised_yoy_pct"})
    w = WORDS[lang]
    hl = [highlight(w["h_gap"].format(m=month_label(figures["gap to trend latest month"], lang)),
                    pct(figures["gap to trend latest %"], signed=True)),
          highlight(w["h_trend"], pct(figures["trend growth %/yr"], 2))]
    if "realised peak YoY %" in figures:
        hl.append(highlight(w["h_peak"].format(m=month_label(figures["realised peak in horizon"],
                                                             lang)),
                            pct(figures["realised peak YoY %"])))
        hl.append(highlight(w["h_fc"], pct(figures["forecast for that month %"])))
    return Analysis(
        name=NAME, title=heads[lang], titles=heads, fig=fig, data=gap,
        key_figures=figures, sources=["us_cpi_index", "us_cpi_yoy"],
        tables={"trend_gap": gap, "yoy_forecast": fc_table},
        results={"trend": lt, "forecast": fc}, lang=lang, highlights=hl, through=through)


WORDS = {
    "zh": {"finding": "{m}物价水平{way} 2010–2019 年趋势 {g}", "above": "高于", "below": "低于",
           "finding_fc": "；报告日模型预测{pm}同比 {f}，实际 {a}",
           "h_gap": "相对趋势（{m}）", "h_trend": "2010–2019 年趋势增速/年",
           "h_peak": "实际峰值（{m}）", "h_fc": "报告日模型对该月的预测",
           "gap_line": "CPI-U 相对趋势的偏离", "fitted": "趋势拟合区间",
           "a": "(a) 物价水平相对 2010–2019 年对数线性趋势（{g}%/年）的偏离", "point": "{m}：{v}",
           "b": "(b) CPI 同比：{m}数据所作预测 vs 实际",
           "note": "偏离 = 实际 / 趋势 − 1；预测为 ARIMA（按 AIC 选阶），阴影为 95% 预测区间"},
    "en": {"finding": "The price level was {g} {way} its 2010–2019 trend in {m}",
           "above": "above", "below": "below",
           "finding_fc": "; a model at the report date saw {f} for {pm}, actual {a}",
           "h_gap": "Gap to trend ({m})", "h_trend": "2010–2019 trend a year",
           "h_peak": "Realised peak ({m})", "h_fc": "Forecast at the report date",
           "gap_line": "CPI-U gap to trend", "fitted": "trend fitted on",
           "a": "(a) Price level vs its 2010–2019 log-linear trend ({g}%/yr)", "point": "{m}: {v}",
           "b": "(b) CPI YoY: forecast from data to {m} vs actual",
           "note": "gap = actual / trend − 1; forecast: ARIMA (order by AIC), shaded 95% "
                   "interval"},
}


def finding(figures: dict, lang: str) -> str:
    """The headline finding: the latest gap to trend, and the forecast against the peak.

    Parameters
    ----------
    figures : dict
        The ``key_figures`` of :func:`cpi_trend` ("gap to trend latest %" and its month; the
        realised peak and the forecast for it when the horizon has been observed).
    lang : {"zh", "en"}
        The language of the sentence.

    Returns
    -------
    str
        One sentence, used as the analysis's title.

    Examples
    --------
    >>> finding(cpi_trend(as_of="2021-11-16").key_figures, "en")
    'The price level was 4.8% above its 2010–2019 trend in Oct 2021'
    """
    w = WORDS[lang]
    g = figures["gap to trend latest %"]
    text = w["finding"].format(m=month_label(figures["gap to trend latest month"], lang),
                               g=pct(abs(g)), way=w["above" if g >= 0 else "below"])
    if "realised peak YoY %" in figures:
        text += w["finding_fc"].format(pm=month_label(figures["realised peak in horizon"], lang),
                                       f=pct(figures["forecast for that month %"]),
                                       a=pct(figures["realised peak YoY %"]))
    return text


def _figures(lt: trend.LinearTrend, fc: trend.Forecast) -> dict[str, object]:
    g = lt.table["gap_pct"].dropna()
    f: dict[str, object] = {
        "trend fit": f"{lt.fit_start.date()} to {lt.fit_end.date()} (log-linear, CPI-U NSA)",
        "trend growth %/yr": lt.growth_pct_per_year,
    }
    if REPORT_MONTH in g.index:
        f["gap to trend Oct 2021 %"] = float(g[REPORT_MONTH])
    f["gap to trend latest month"] = g.index[-1]
    f["gap to trend latest %"] = float(g.iloc[-1])
    f["forecast made with data to"] = fc.made_at
    f["forecast model"] = fc.spec
    last = fc.table.iloc[-1]
    f["forecast horizon end"] = fc.table.index[-1]
    f["forecast at horizon end %"] = float(last["forecast"])
    f["95% interval at horizon end"] = f"{last['lower']:.1f} to {last['upper']:.1f}"
    r = fc.realised
    if not r.empty:
        top = r["actual"].idxmax()
        f["realised peak in horizon"] = top
        f["realised peak YoY %"] = float(r.loc[top, "actual"])
        f["forecast for that month %"] = float(r.loc[top, "forecast"])
        inside = r.loc[top, "lower"] <= r.loc[top, "actual"] <= r.loc[top, "upper"]
        f["peak inside 95% interval"] = "yes" if inside else "no"
        f["realised months inside interval"] = f"{int(round(fc.coverage * len(r)))} of {len(r)}"
    return f


def _draw(lt: trend.LinearTrend, fc: trend.Forecast, lang: str, attrs: dict, head: str,
          stamp: str | None):
    w = WORDS[lang]
    fig, (ax1, ax2) = style.new_figure(figsize=(11.0, 4.8), ncols=2)
    g = lt.table.loc["2010-01-01":, "gap_pct"]
    ax1.plot(g.index, g.to_numpy(), color=style.PALETTE["main"], lw=1.5,
             label=w["gap_line"])
    ax1.axhline(0, color="#999999", lw=0.8)
    ax1.axvspan(lt.fit_start, lt.fit_end + pd.offsets.MonthEnd(0), color=style.PALETTE["shade"],
                lw=0, zorder=0, label=w["fitted"])
    ax1.set_ylabel("%")
    growth = f"{lt.growth_pct_per_year:.2f}"
    ax1.set_title(w["a"].format(g=growth), fontsize=10, loc="left")
    gap = g.dropna()
    lo, hi = float(gap.min()), float(gap.max())
    ax1.set_ylim(lo - 0.1 * (hi - lo), hi + 0.15 * (hi - lo))  # room for the labels
    last = gap.index[-1]
    if last != REPORT_MONTH:  # the latest at the line's end, where no data are
        v = float(gap[last])
        end_label(ax1, last, v, f"{month_label(last, lang)}\n{signed(v)}%", style.PALETTE["main"])
    for when, color, dx in [(REPORT_MONTH, style.PALETTE["second"], -60)]:
        if when in gap.index:
            v = float(gap[when])
            dy = 25 if v < lo + 0.6 * (hi - lo) else -30  # below the point near the top
            label_point(ax1, when, v, w["point"].format(m=month_label(when, lang),
                                                        v=f"{signed(v)}%"),
                        color, dx=dx, dy=dy, ha="right")
    ax1.legend(loc="upper left", fontsize=8)

    fc.plot(ax2, lang=lang, history_periods=34)
    ax2.axhline(0, color="#999999", lw=0.8)
    ax2.set_ylabel("%")
    ax2.set_title(w["b"].format(m=month_label(fc.made_at, lang)), fontsize=10, loc="left")
    r = fc.realised
    if not r.empty:
        top = r["actual"].idxmax()
        v = float(r.loc[top, "actual"])
        label_point(ax2, top, v, w["point"].format(m=month_label(top, lang), v=f"{v:.1f}%"),
                    style.PALETTE["main"], dx=-30, dy=10, ha="right")
        lo2, hi2 = ax2.get_ylim()
        ax2.set_ylim(lo2, max(hi2, v + (v - lo2) * 0.15))  # headroom: the label stays inside
    ax2.legend(loc="upper left", fontsize=8)
    for ax in (ax1, ax2):
        ax.tick_params(axis="x", labelsize=8)
    note = w["note"]
    credit = style.credit(attrs, lang)
    return style.finish(fig, head, style.source_line([credit], lang, note, stamp))
