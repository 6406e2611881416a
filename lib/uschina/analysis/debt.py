"""US public debt: growth of month-end debt on its 2010–2019 log-linear trend, the gap to that
trend since, and the break in trend (QLR) on month-end values."""

from __future__ import annotations

import pandas as pd
from matplotlib.ticker import NullFormatter

from .. import datasets, style, trend
from ..charts.common import (
    Through,
    highlight,
    legend_above,
    month_label,
    pct,
    through_text,
    usd_trn,
)
from .base import Analysis, check_common, signed, titles

NAME = "federal_debt_trend"
TEXT = {"zh": "美国联邦债务：2010–2019 年趋势增速、疫情后的偏离与结构断点",
        "en": "US federal debt: the 2010–2019 trend, the gap since and the break"}
TREND_FIT = ("2010-01-01", "2019-12-01")
TRN = 1e12


def month_end(total: pd.Series) -> pd.Series:
    """The last business day's figure of each month, dated on the month's first day; a last
    month that is not over yet (no figure near its final business day) is left out.

    Parameters
    ----------
    total : pd.Series
        Daily debt outstanding (the "total" column of ``us_public_debt``), dated.

    Returns
    -------
    pd.Series
        Monthly, indexed by ``date`` (each month's first day), in the units of ``total``.

    Examples
    --------
    >>> frame = datasets.load("us_public_debt", start="2010-01-01", as_of="2021-11-16")
    >>> frame.index[-1], month_end(frame["total"]).index[-1]  # November 2021 is not over
    (Timestamp('2021-11-15 00:00:00'), Timestamp('2021-10-01 00:00:00'))
    """
    s = total.dropna()
    last = s.index[-1]
    if last < last + pd.offsets.BMonthEnd(0) - pd.Timedelta(days=4):  # 4: holidays at the end
        s = s[s.index < last.to_period("M").to_timestamp()]
    m = s.groupby(s.index.to_period("M")).last()
    m.index = m.index.to_timestamp()
    m.index.name = "date"
    return m


def debt_trend(as_of=None, lang: str = "zh") -> Analysis:
    """US federal debt at month ends: the 2010–2019 trend, the gap since, the break in trend.

    Parameters
    ----------
    as_of : date-like, optional
        Only data published by then ("2021-11-16": what the report's authors could see).
    lang : {"zh", "en"}
        The language of the title, labels and highlights.

    Returns
    -------
    Analysis
        The figure, the data behind it (CSV), raw ``key_figures`` (``summary()``), reader
        ``highlights`` in ``lang`` and ``through`` (last observation drawn per data set);
        ``tables`` and ``results`` hold the tidy tables and the :mod:`uschina.trend` objects.

    Examples
    --------
    >>> debt_trend(as_of="2021-11-16").key_figures["break in trend (QLR, from 2010)"]
    Timestamp('2020-01-01 00:00:00')
    >>> debt_trend().key_figures["break in trend (QLR, from 2010)"]
    Timestamp('2020-04-01 00:00:00')
    """
    a = check_common(lang, as_of)
    frame = datasets.load("us_public_debt", start=TREND_FIT[0], as_of=a)
    monthly = (month_end(frame["total"]) / TRN).rename("total_trn")
    lt = trend.linear_trend(monthly, log=True, fit_start=TREND_FIT[0], fit_end=TREND_FIT[1])
    brk = trend.structural_break(monthly, model="trend")
    recent = trend.linear_trend(monthly, log=True, fit_start=brk.date)
    figures: dict[str, object] = {
        "month-end data to": monthly.index[-1],
        "latest, USD trn": float(monthly.iloc[-1]),
        "trend growth 2010–2019 %/yr": lt.growth_pct_per_year,
        "gap to 2010–2019 trend, latest %": float(lt.table["gap_pct"].iloc[-1]),
        "break in trend (QLR, from 2010)": brk.date,
        "break sup-F": brk.sup_f,
        "growth since the break %/yr": recent.growth_pct_per_year,
    }
    data = lt.table.rename(columns={"actual": "total_trn"})
    # month-end values are drawn: the stamp dates the last month-end shown
    through = Through({"us_public_debt": pd.Timestamp(frame["total"].dropna()[
        :monthly.index[-1] + pd.offsets.MonthEnd(0)].index[-1])}, as_of=a)
    heads = titles({k: finding(figures, monthly, k) for k in TEXT})
    fig = _draw(monthly, lt, brk, recent, lang, style.credit(frame.attrs, lang), heads[lang],
                through_text(through, lang))
    w = WORDS[lang]
    hl = [highlight(w["h_latest"].format(m=month_label(monthly.index[-1], lang)),
                    usd_trn(float(monthly.iloc[-1]), lang, 1)),
          highlight(w["h_trend"], pct(lt.growth_pct_per_year, signed=True)),
          highlight(w["h_recent"].format(m=month_label(brk.date, lang)),
                    pct(recent.growth_pct_per_year, signed=True)),
          highlight(w["h_gap"], pct(figures["gap to 2010–2019 trend, latest %"], signed=True))]
    return Analysis(name=NAME, title=heads[lang], titles=heads, fig=fig, data=data,
                    key_figures=figures, sources=["us_public_debt"],
                    tables={"trend_gap": data}, results={"trend": lt, "break": brk,
                                                         "since_break": recent},
                    lang=lang, highlights=hl, through=through)


WORDS = {
    "zh": {"finding": "美国联邦债务{m}为{v}，较 2010–2019 年趋势{way} {g}",
           "above": "高出", "below": "低",
           "h_latest": "{m}月末债务", "h_trend": "2010–2019 年趋势增速/年",
           "h_recent": "断点（{m}）以来增速/年", "h_gap": "相对 2010–2019 年趋势",
           "actual": "联邦债务总额（月末）", "since_break": "断点（{m}）以来趋势：{g:.1f}%/年",
           "unit": "万亿美元（对数坐标）", "last": "{m}：{v:.1f} 万亿\n相对 2010–2019 趋势 {g}%",
           "note": "月末值；趋势为对数线性 OLS，置信带用 Newey–West 标准误"},
    "en": {"finding": "US federal debt at {v} in {m}, {g} {way} its 2010–2019 trend",
           "above": "above", "below": "below",
           "h_latest": "Month-end debt, {m}", "h_trend": "2010–2019 trend, a year",
           "h_recent": "Since the break ({m}), a year", "h_gap": "Against the 2010–2019 trend",
           "actual": "total debt, month-end",
           "since_break": "trend since the break ({m}): {g:.1f}%/yr",
           "unit": "USD trn (log scale)", "last": "{m}: {v:.1f} trn\n{g}% vs the 2010–2019 trend",
           "note": "month-end values; log-linear OLS trends, band with Newey–West errors"},
}


def finding(figures: dict, monthly: pd.Series, lang: str) -> str:
    """The headline finding: the latest month-end debt and its gap to the 2010s trend.

    Parameters
    ----------
    figures : dict
        The ``key_figures`` of :func:`debt_trend` (it reads "gap to 2010–2019 trend, latest %").
    monthly : pd.Series
        Month-end debt in USD trillion (:func:`month_end` / 1e12); its last value is quoted.
    lang : {"zh", "en"}
        The language of the sentence.

    Returns
    -------
    str
        One sentence, used as the analysis's title.

    Examples
    --------
    >>> frame = datasets.load("us_public_debt", start="2010-01-01", as_of="2021-11-16")
    >>> figures = debt_trend(as_of="2021-11-16").key_figures
    >>> finding(figures, month_end(frame["total"]) / 1e12, "en")
    'US federal debt at $28.9tn in Oct 2021, 12.2% above its 2010–2019 trend'
    """
    w = WORDS[lang]
    g = figures["gap to 2010–2019 trend, latest %"]
    return w["finding"].format(m=month_label(monthly.index[-1], lang),
                               v=usd_trn(float(monthly.iloc[-1]), lang, 1), g=pct(abs(g)),
                               way=w["above" if g >= 0 else "below"])


def _draw(monthly, lt, brk, recent, lang, credit, head, stamp):
    w = WORDS[lang]
    fig, ax = style.new_figure(figsize=(9.5, 5.0))
    lt.plot(ax, lang=lang, actual_label=w["actual"])
    r = recent.table.loc[brk.date:]
    ax.plot(r.index, r["trend"], color=style.PALETTE["highlight"], lw=1.2,
            label=w["since_break"].format(m=month_label(brk.date, lang),
                                          g=recent.growth_pct_per_year))
    ax.axvline(brk.date, color=style.PALETTE["highlight"], lw=0.9, ls=":")
    ax.set_yscale("log")
    ticks = [5, 10, 15, 20, 30, 40]
    ax.set_yticks(ticks, [str(t) for t in ticks])
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_ylim(12, float(monthly.max()) * 1.15)
    ax.set_ylabel(w["unit"])
    gap = float(lt.table["gap_pct"].iloc[-1])
    last = monthly.index[-1]
    ax.annotate(w["last"].format(m=month_label(last, lang), v=monthly.iloc[-1], g=signed(gap)),
                (last, float(monthly.iloc[-1])), xytext=(0.97, 0.08), textcoords="axes fraction",
                ha="right", fontsize=9, color=style.PALETTE["main"],
                arrowprops={"arrowstyle": "-", "color": style.PALETTE["main"], "lw": 0.8})
    legend_above(ax, ncols=2, fontsize=8)
    note = w["note"]
    return style.finish(fig, head, style.source_line([credit], lang, note, stamp))
