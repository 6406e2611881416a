"""图表1's exchanges: the monthly count's linear trend, and the pick-up after the summer."""

from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd

from .. import datasets, style, trend
from ..charts.common import highlight, legend_above, through_text
from .base import Analysis, check_common, signed, titles

NAME = "exchanges_trend"
TEXT = {"zh": "中美高层交往：月度次数的线性趋势",
        "en": "US-China high-level exchanges: trend in the monthly count"}
REPORT_DATE = pd.Timestamp("2021-11-16")  # the table ends with the summit


def monthly_counts(as_of=None) -> pd.Series:
    """Exchanges per month from February 2021 (the first) to the report's month, zeros kept.

    Parameters
    ----------
    as_of : date-like, optional
        Only exchanges published by then (the months end at the earlier of as_of and the
        report's date).

    Returns
    -------
    pd.Series
        ``exchanges`` (float) by month start.

    Examples
    --------
    >>> float(monthly_counts("2021-11-16").sum())
    20.0
    """
    ev = datasets.load("us_china_exchanges", as_of=as_of)
    end = REPORT_DATE if as_of is None else min(REPORT_DATE, pd.Timestamp(as_of))
    months = pd.period_range("2021-02", end, freq="M")
    counts = ev["date"].dt.to_period("M").value_counts().reindex(months, fill_value=0)
    counts.index = counts.index.to_timestamp()
    counts.index.name = "date"
    return counts.astype(float).rename("exchanges")


def exchanges_trend(as_of=None, lang: str = "zh") -> Analysis:
    """Linear trend of the monthly count of 图表1's exchanges, and the pick-up from September.

    Parameters
    ----------
    as_of : date-like, optional
        Only data published by then ("2021-11-16": what the report's authors could see).
    lang : {"zh", "en"}
        The language of every word in the figure.

    Returns
    -------
    Analysis
        The figure, the data behind it (CSV), raw ``key_figures`` (``summary()``), reader
        ``highlights`` in ``lang`` and ``through`` (last observation drawn per data set);
        ``tables`` and ``results`` hold the tidy tables and the :mod:`uschina.trend` objects.

    Examples
    --------
    >>> exchanges_trend().key_figures["total exchanges"]
    20
    """
    a = check_common(lang, as_of)
    counts = monthly_counts(a)
    fit = trend.linear_trend(counts)
    before = counts[:"2021-08-01"]
    after = counts["2021-09-01":]
    figures: dict[str, object] = {
        "months": f"{counts.index[0]:%Y-%m} to {counts.index[-1]:%Y-%m}",
        "total exchanges": int(counts.sum()),
        "trend, exchanges per month per month": fit.slope_per_period,
        "trend slope s.e. (HAC)": fit.slope_se,
        "mean per month, Feb-Aug": float(before.mean()),
        "mean per month, Sep on": float(after.mean()) if len(after) else "n/a",
        "months with 3 or more": ", ".join(f"{d:%Y-%m}" for d in counts.index[counts >= 3]),
    }
    data = fit.table.rename(columns={"actual": "exchanges"})
    ev = datasets.load("us_china_exchanges", as_of=a)
    credit = style.credit(ev.attrs, lang)
    through = {"us_china_exchanges": pd.Timestamp(ev["date"].max())}
    heads = titles({k: finding(figures, k) for k in TEXT})
    fig = _draw(counts, fit, lang, credit, heads[lang], through_text(through, lang))
    w = WORDS[lang]
    hl = [highlight(w["h_total"], str(figures["total exchanges"])),
          highlight(w["h_before"], f"{figures['mean per month, Feb-Aug']:.1f}")]
    if len(after):
        hl.append(highlight(w["h_after"], f"{figures['mean per month, Sep on']:.1f}"))
    hl.append(highlight(w["h_slope"], signed(fit.slope_per_period, 2)))
    return Analysis(name=NAME, title=heads[lang], titles=heads, fig=fig, data=data,
                    key_figures=figures, sources=["us_china_exchanges"],
                    results={"linear": fit}, lang=lang, highlights=hl, through=through)


WORDS = {
    "zh": {"finding": "中美高层交往由 2–8 月月均 {b:.1f} 次增至 9 月以来月均 {a:.1f} 次",
           "h_total": "交往次数", "h_before": "2–8 月月均", "h_after": "9 月以来月均",
           "h_slope": "线性趋势（次/月，每月）",
           "bars": "每月交往次数", "linear": "线性趋势：每月增加 {s:.2f} 次", "band": "95% 置信带",
           "unit": "次", "three": "3 次", "note": "11 月截至 16 日"},
    "en": {"finding": "China–US exchanges rose from {b:.1f} a month (Feb–Aug) to {a:.1f} "
                      "(September on)",
           "h_total": "Exchanges", "h_before": "A month, Feb–Aug", "h_after": "A month, Sep on",
           "h_slope": "Linear trend, per month per month",
           "bars": "exchanges per month", "linear": "linear trend: +{s:.2f} a month per month",
           "band": "95% confidence band", "unit": "exchanges", "three": "3 a month",
           "note": "November to the 16th"},
}


def finding(figures: dict, lang: str) -> str:
    """The headline finding, or the method when the window has no autumn months.

    Parameters
    ----------
    figures : dict
        The analysis' key figures (the means before and from September).
    lang : {"zh", "en"}
        The finding's language.

    Returns
    -------
    str
        One sentence.

    Examples
    --------
    >>> finding({"mean per month, Feb-Aug": 1.4286, "mean per month, Sep on": 3.3333}, "en")
    'China–US exchanges rose from 1.4 a month (Feb–Aug) to 3.3 (September on)'
    """
    after = figures["mean per month, Sep on"]
    if after == "n/a":
        return TEXT[lang]
    return WORDS[lang]["finding"].format(b=figures["mean per month, Feb-Aug"], a=after)


def _draw(counts, fit, lang, credit, head, stamp):
    w = WORDS[lang]
    fig, ax = style.new_figure(figsize=(9.0, 4.6))
    ax.bar(counts.index, counts.to_numpy(), width=20, color=style.PALETTE["main"],
           label=w["bars"])
    t = fit.table
    ax.plot(t.index, t["trend"], color=style.PALETTE["second"], ls="--", lw=1.3,
            label=w["linear"].format(s=fit.slope_per_period))
    ax.fill_between(t.index, t["lower"], t["upper"], color=style.PALETTE["second"], alpha=0.15,
                    lw=0, label=w["band"])
    ax.set_ylabel(w["unit"])
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    ax.axhline(3, color=style.PALETTE["grey"], lw=0.8, ls=":", label=w["three"])
    legend_above(ax, ncols=2)
    note = w["note"]
    return style.finish(fig, head, style.source_line([credit], lang, note, stamp))
