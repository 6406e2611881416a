"""China's Treasury holdings (TIC): the HP trend, the pace of decline since the November 2013
peak (log-linear), and the date of the break in trend (QLR)."""

from __future__ import annotations

from .. import datasets, style, trend
from ..charts.common import (
    highlight,
    label_point,
    last_drawn,
    month_label,
    pct,
    through_text,
    usd_bn,
)
from .base import Analysis, check_common, titles

NAME = "china_ust_holdings_trend"
TEXT = {"zh": "中国持有美债：趋势、峰值以来的年均降幅与结构断点",
        "en": "China's Treasury holdings: trend, pace of decline since the peak, break"}
# TIC re-benchmarked the series each June to 2011 (June 2010: +268 bn of revision); a break test
# over those months finds the revision, so it starts after the last one
BREAK_FROM = "2011-07-01"
PROJECTION_MONTHS = 24


def holdings_trend(as_of=None, lang: str = "zh") -> Analysis:
    """China's Treasury holdings: HP trend, log-linear pace since the 2013 peak, break, projection.

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
    >>> round(holdings_trend(as_of="2026-03-01").key_figures["trend since peak, %/yr"], 2)
    -4.84
    """
    a = check_common(lang, as_of)
    frame = datasets.load("china_ust_holdings", as_of=a)
    s = frame["value"].rename("china_ust_holdings")
    hp = trend.hp_trend(s)
    peak = s.idxmax()
    since = trend.linear_trend(s, log=True, fit_start=peak)
    brk = trend.structural_break(s[BREAK_FROM:], model="trend")
    # projected from the post-benchmark data (from July 2011) with an ARIMA picked by AIC
    proj = trend.forecast(s[BREAK_FROM:], horizon=PROJECTION_MONTHS, order="auto")
    end = proj.table.iloc[-1]
    figures: dict[str, object] = {
        "data to": s.index[-1],
        "latest, USD bn": float(s.iloc[-1]),
        "peak": f"{s[peak]:,.1f} in {peak:%Y-%m}",
        "change since peak %": float((s.iloc[-1] / s[peak] - 1) * 100),
        "trend since peak, %/yr": since.growth_pct_per_year,
        f"break in trend (QLR, from {BREAK_FROM[:7]})": brk.date,
        "break sup-F": brk.sup_f,
        "slope before break, bn/month": brk.before[1],
        "slope after break, bn/month": brk.after[1],
        "projection model": proj.spec,
        f"projection {proj.table.index[-1]:%Y-%m}, USD bn": float(end["forecast"]),
        "projection 95% interval": f"{end['lower']:,.0f} to {end['upper']:,.0f}",
    }
    data = hp.table.rename(columns={"actual": "holdings_bn", "trend": "hp_trend"})
    data["loglinear_since_peak"] = since.table["trend"]
    data["trend_by_regime"] = brk.fitted()
    through = last_drawn(china_ust_holdings=s)
    heads = titles({k: finding(s, since, k) for k in TEXT})
    fig = _draw(s, hp, since, brk, proj, lang, style.credit(frame.attrs, lang), heads[lang],
                through_text(through, lang))
    w = WORDS[lang]
    hl = [highlight(w["h_latest"].format(m=month_label(s.index[-1], lang)),
                    usd_bn(float(s.iloc[-1]), lang)),
          highlight(w["h_pace"], pct(since.growth_pct_per_year, signed=True)),
          highlight(w["h_break"], month_label(brk.date, lang)),
          highlight(w["h_proj"].format(m=month_label(proj.table.index[-1], lang)),
                    usd_bn(float(end["forecast"]), lang))]
    return Analysis(name=NAME, title=heads[lang], titles=heads, fig=fig, data=data,
                    key_figures=figures, sources=["china_ust_holdings"],
                    tables={"trend": data, "projection": proj.table},
                    results={"hp": hp, "since_peak": since, "break": brk, "projection": proj},
                    lang=lang, highlights=hl, through=through)


WORDS = {
    "zh": {"finding": "中国持有美债{pm}见顶后年均{g}，{lm}为{v}",
           "h_latest": "{m}持有额", "h_pace": "峰值以来年均变动", "h_break": "趋势断点",
           "h_proj": "预测（{m}）", "china": "中国大陆持有美国国债",
           "hp": "HP 趋势（λ={lamb:,.0f}）",
           "loglin": "峰值以来对数线性趋势：{g}/年", "band": "趋势 95% 置信带",
           "break": "趋势断点 {m}\nsup-F={f:.0f}", "point": "{m}：{v:,.1f}",
           "proj": "{n} 个月预测（{spec}）", "interval": "95% 预测区间", "unit": "十亿美元",
           "note": "2002–2011 年各年 6 月为 TIC 基准修订衔接点，跳变部分并非买卖；"
                   "断点检验自 2011 年 7 月起"},
    "en": {"finding": "China's Treasury holdings have changed {g} a year since the {pm} peak, "
                      "to {v} in {lm}",
           "h_latest": "Holdings, {m}", "h_pace": "Pace since the peak, a year",
           "h_break": "Break in trend", "h_proj": "Projection ({m})",
           "china": "China (mainland) holdings", "hp": "HP trend (λ={lamb:,.0f})",
           "loglin": "log-linear trend since the peak: {g}/yr",
           "band": "trend, 95% confidence band", "break": "break in trend {m}\nsup-F={f:.0f}",
           "point": "{m}: {v:,.1f}", "proj": "{n}-month projection ({spec})",
           "interval": "95% prediction interval", "unit": "USD bn",
           "note": "June 2002–2011: TIC benchmark revisions, jumps partly not trades; "
                   "break test from July 2011"},
}


def finding(s, since, lang: str) -> str:
    """The headline finding: the pace since the peak and the latest holdings.

    Parameters
    ----------
    s : pd.Series
        China's holdings, USD bn, monthly; its maximum is the peak, its last value is quoted.
    since : trend.LinearTrend
        The log-linear trend fitted from the peak (``results["since_peak"]`` of
        :func:`holdings_trend`).
    lang : {"zh", "en"}
        The language of the sentence.

    Returns
    -------
    str
        One sentence, used as the analysis's title.

    Examples
    --------
    >>> s = datasets.load("china_ust_holdings", as_of="2021-11-16")["value"]
    >>> since = holdings_trend(as_of="2021-11-16").results["since_peak"]
    >>> finding(s, since, "en")  # doctest: +NORMALIZE_WHITESPACE
    "China's Treasury holdings have changed −2.5% a year since the Nov 2013 peak,
    to $1,047bn in Aug 2021"
    """
    return WORDS[lang]["finding"].format(
        pm=month_label(s.idxmax(), lang), g=pct(since.growth_pct_per_year, signed=True),
        lm=month_label(s.index[-1], lang), v=usd_bn(float(s.iloc[-1]), lang))


def _draw(s, hp, since, brk, proj, lang, credit, head, stamp):
    w = WORDS[lang]
    fig, ax = style.new_figure(figsize=(9.5, 5.0))
    ax.plot(s.index, s.to_numpy(), color=style.PALETTE["main"], lw=1.4,
            label=w["china"])
    ax.plot(hp.table.index, hp.table["trend"], color=style.PALETTE["grey"], lw=1.2,
            label=w["hp"].format(lamb=hp.lamb))
    t = since.table.loc[since.fit_start:]
    ax.plot(t.index, t["trend"], color=style.PALETTE["second"], lw=1.2, ls="--",
            label=w["loglin"].format(g=pct(since.growth_pct_per_year, signed=True)))
    ax.fill_between(t.index, t["lower"], t["upper"], color=style.PALETTE["second"], alpha=0.15,
                    lw=0, label=w["band"])
    ax.axvline(brk.date, color=style.PALETTE["highlight"], lw=0.9, ls=":")
    ax.annotate(w["break"].format(m=month_label(brk.date, lang), f=brk.sup_f),
                (brk.date, 0.05), xycoords=("data", "axes fraction"), xytext=(4, 0),
                textcoords="offset points", fontsize=8, color=style.PALETTE["highlight"])
    peak = s.idxmax()
    label_point(ax, peak, float(s[peak]), w["point"].format(m=month_label(peak, lang), v=s[peak]),
                style.PALETTE["main"],
                dx=-12, dy=10, ha="right")  # left: the trend since the peak runs right
    last = s.index[-1]
    label_point(ax, last, float(s.iloc[-1]), f"{s.iloc[-1]:,.1f}", style.PALETTE["main"],
                dx=-10, dy=-30, ha="right")
    t = proj.table
    ax.plot(t.index, t["forecast"], color=style.PALETTE["highlight"], lw=1.2, ls="--",
            label=w["proj"].format(n=PROJECTION_MONTHS, spec=proj.spec))
    ax.fill_between(t.index, t["lower"], t["upper"], color=style.PALETTE["highlight"],
                    alpha=0.15, lw=0, label=w["interval"])
    ax.set_ylabel(w["unit"])
    ax.set_ylim(0, float(s.max()) * 1.15)
    ax.legend(loc="upper left", fontsize=8)
    note = w["note"]
    return style.finish(fig, head, style.source_line([credit], lang, note, stamp))
