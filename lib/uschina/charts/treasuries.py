"""中国持有美债: China's holdings of US Treasuries (TIC), with Japan and China's share of the total.

The 2026 commentary: "中国持有的美债规模已降至6830亿美元，创下2008年以来的最低水平，较2013年前后
1.3万亿美元的峰值，累计减持超过6000亿美元，相当于砍掉了近一半的持仓" (seed 004, line 23).
"""

from __future__ import annotations

import pandas as pd

from .. import datasets, measures, style
from ..errors import ParameterError
from .base import Chart
from .common import (
    date_axis,
    headline,
    highlight,
    label_point,
    last_drawn,
    legend_above,
    month_label,
    pct,
    through_text,
    usd_bn,
)

NAME = "ust_holdings"
TITLES = {"zh": "中国持有美国国债规模", "en": "China's holdings of US Treasury securities"}
# From December 2011 TIC holdings rest on form SLT; before, they are survey-benchmarked estimates.
SLT_START = pd.Timestamp("2011-12-01")
NEAR_DAYS = 365  # a "lowest since" month closer than this to the latest is itself the news


def decline_since(s: pd.Series, start, end) -> dict[str, float]:
    """Change from ``start`` to ``end``: $bn, %, and the average pace per year ($bn and %).

    Parameters
    ----------
    s : pd.Series
        Holdings, USD bn, monthly; both months must be in its index.
    start, end : date-like
        The months compared (``end`` after ``start``).

    Returns
    -------
    dict
        ``change_bn``, ``change_pct``, ``years`` (365.25-day years between the months),
        ``pace_bn_per_year`` (linear) and ``pace_pct_per_year`` (compound).

    Raises
    ------
    ValueError
        ``end`` is not after ``start``.

    Examples
    --------
    >>> cn = datasets.load("china_ust_holdings", as_of="2026-03-01")["value"]
    >>> d = decline_since(cn, "2013-11-01", "2025-12-01")
    >>> round(d["change_bn"], 1), round(d["pace_pct_per_year"], 2)
    (-633.2, -5.28)
    """
    a, b = float(s[pd.Timestamp(start)]), float(s[pd.Timestamp(end)])
    years = (pd.Timestamp(end) - pd.Timestamp(start)).days / 365.25
    if years <= 0:
        raise ValueError(f"end {end} must be after start {start}")
    return {
        "change_bn": b - a,
        "change_pct": (b / a - 1) * 100,
        "years": years,
        "pace_bn_per_year": (b - a) / years,
        "pace_pct_per_year": ((b / a) ** (1 / years) - 1) * 100,
    }


def break_months(frame: pd.DataFrame) -> pd.DatetimeIndex:
    """Months where TIC prints an earlier series 'for comparison only' (a series break).

    Parameters
    ----------
    frame : pd.DataFrame
        ``china_ust_holdings`` (or Japan's): a ``prior_series`` column, NaN where TIC prints
        no earlier series.

    Returns
    -------
    pd.DatetimeIndex
        The months with a ``prior_series`` value.

    Examples
    --------
    >>> break_months(datasets.load("china_ust_holdings"))[:3].strftime("%Y-%m").tolist()
    ['2000-03', '2002-06', '2003-06']
    """
    return frame.index[frame["prior_series"].notna()]


def measure(china: pd.DataFrame, china_all: pd.DataFrame, share: pd.Series,
            japan: pd.Series | None = None) -> dict[str, object]:
    """The chart's key figures from China's holdings in the window and in full.

    Parameters
    ----------
    china : pd.DataFrame
        ``china_ust_holdings`` in the window drawn: ``value`` (USD bn, monthly) and
        ``prior_series`` (the earlier series TIC prints at a break, else NaN).
    china_all : pd.DataFrame
        The same, all months published at as_of: "lowest since" looks back over it.
    share : pd.Series
        China's share of all foreign holdings, %, in the window.
    japan : pd.Series, optional
        Japan's holdings, USD bn, in the window (None: no Japan figures).

    Returns
    -------
    dict
        Raw key figures (``Chart.summary()``): the window, the latest and peak month and
        value, the last month lower than the latest (and the series breaks since), the change
        and pace since the peak, Japan's latest and the last month China was above it, China's
        share latest and at its peak, and the series-break months in the window.

    Examples
    --------
    >>> china = datasets.load("china_ust_holdings", start="2000-01-01", as_of="2021-11-16")
    >>> total = datasets.load("foreign_ust_holdings", start="2000-01-01", as_of="2021-11-16")
    >>> figures = measure(china, china, china["value"] / total["value"] * 100)
    >>> figures["latest $bn"], figures["change from peak %"], figures["China share latest %"]
    (1047.0, -20.5, 13.81)
    """
    cn = china["value"]
    figures: dict[str, object] = {}
    last, top = measures.latest(cn), measures.peak(cn)
    figures["window"] = f"{cn.index[0].date()} to {last.date.date()}"
    figures["latest month"] = last.date
    figures["latest $bn"] = last.value
    figures["peak month"] = top.date
    figures["peak $bn"] = top.value
    lower = measures.lowest_since(china_all["value"], last.date, strict=True)
    figures["last lower month before latest"] = lower.date if lower else "none (all-time low)"
    if lower:
        figures["last lower value $bn"] = lower.value
        # a break after that month means part of the climb since was a revision
        between = [d for d in break_months(china_all) if lower.date < d <= last.date]
        figures["series breaks since then"] = (
            ", ".join(d.strftime("%Y-%m") for d in between) if between else "none")
    if last.date != top.date:
        change = decline_since(cn, top.date, last.date)
        figures["change from peak $bn"] = round(change["change_bn"], 1)
        figures["change from peak %"] = round(change["change_pct"], 1)
        figures["pace since peak $bn/yr"] = round(change["pace_bn_per_year"], 1)
        figures["pace since peak %/yr"] = round(change["pace_pct_per_year"], 2)
    if japan is not None and not japan.empty:
        figures["Japan latest $bn"] = measures.latest(japan).value
        ahead = (cn > japan).reindex(cn.index)
        if ahead.any():
            figures["last month China above Japan"] = ahead[ahead].index[-1]
    sh_top, sh_last = measures.peak(share), measures.latest(share)
    figures["China share latest %"] = round(sh_last.value, 2)
    figures["China share peak month"] = sh_top.date
    figures["China share peak %"] = round(sh_top.value, 2)
    breaks = break_months(china)
    if len(breaks):
        figures["series-break months"] = ", ".join(d.strftime("%Y-%m") for d in breaks)
    return figures


def ust_holdings(start="2000-01-01", end=None, as_of=None, lang: str = "zh",
                 show_japan: bool = True) -> Chart:
    """China's holdings of US Treasuries (TIC) with Japan's, and China's share of all foreign.

    Parameters
    ----------
    start, end : date-like, optional
        The window drawn (default from 2000).
    as_of : date-like, optional
        Only data published by then: "2021-11-16" is the report's view (and the only view with
        the report's headline); None uses all data.
    lang : {"zh", "en"}
        The language of every word in the figure.
    show_japan : bool
        Draw Japan's holdings for comparison.

    Returns
    -------
    Chart
        The figure, the data behind it (CSV), raw ``key_figures`` (``summary()``), reader
        ``highlights`` in ``lang`` and ``through`` (last observation drawn per data set).

    Examples
    --------
    >>> chart = ust_holdings(as_of="2021-11-16", lang="en")
    >>> chart.key_figures["latest $bn"], chart.key_figures["last lower month before latest"]
    (1047.0, Timestamp('2010-05-01 00:00:00'))
    >>> ust_holdings(as_of="2026-03-01").key_figures["last lower month before latest"]
    Timestamp('2025-11-01 00:00:00')
    """
    style.check_lang(lang)
    if not isinstance(show_japan, bool):
        raise ParameterError(f"parameter 'show_japan' must be True or False, got {show_japan!r}")
    china_all = datasets.load("china_ust_holdings", as_of=as_of)
    if china_all.empty:
        raise ParameterError(
            f"no TIC holdings published by as_of={as_of!r}: the first month (2000-03) "
            "was published in 2000-05"
        )
    china = datasets.load("china_ust_holdings", start=start, end=end, as_of=as_of)
    if china.empty:
        raise ParameterError(
            f"no TIC holdings between start={start!r} and end={end!r} (as_of={as_of!r}); "
            f"the series covers {china_all.index[0].date()} to {china_all.index[-1].date()}"
        )
    total = datasets.load("foreign_ust_holdings", start=start, end=end, as_of=as_of)
    japan = datasets.load("japan_ust_holdings", start=start, end=end, as_of=as_of)
    cn = china["value"].rename("china")
    share = (cn / total["value"] * 100).rename("china_share_pct")
    x0 = pd.Timestamp(start) if start else cn.index[0]
    x1 = (pd.Timestamp(end) if end else cn.index[-1]) + pd.offsets.MonthEnd(0)

    fig, (ax, ax2) = style.new_figure(figsize=(9.0, 6.4), nrows=2, sharex=True,
                                      gridspec_kw={"height_ratios": [3, 1.2]})
    w = _WORDS[lang]
    red, blue, grey = style.PALETTE["main"], style.PALETTE["second"], style.PALETTE["grey"]

    # survey-benchmarked estimates before Dec 2011: a light band, explained in the note
    if x0 < SLT_START:
        ax.axvspan(x0, min(SLT_START, x1), color="#F3F3F3", lw=0, zorder=0)
        ax.text(x0 + pd.Timedelta(days=60), 0.97, w["survey"],
                transform=ax.get_xaxis_transform(), fontsize=8, color=grey, va="top")

    if show_japan:
        ax.plot(japan.index, japan.to_numpy(), color=blue, lw=1.2, alpha=0.8,
                label=w["japan"])
    ax.plot(cn.index, cn.to_numpy(), color=red, lw=1.8,
            label=w["china"])

    breaks = break_months(china)
    for d in breaks:
        ax.vlines(d, china.at[d, "prior_series"], cn[d], color=red, lw=0.8, ls=":")
    if len(breaks):
        ax.plot(breaks, china.loc[breaks, "prior_series"].to_numpy(), "o", ms=4, mfc="white",
                mec=red, mew=1.0, ls="none",
                label=w["break"])

    figures = measure(china, china_all, share, japan if show_japan else None)
    last = measures.latest(cn)
    top = measures.peak(cn)

    fmt = "{:,.1f}".format
    peak_text = w["peak"].format(m=month_label(top.date, lang), v=fmt(top.value))
    label_point(ax, top.date, top.value, peak_text, red, dx=-10, dy=12, ha="right")

    lower = measures.lowest_since(china_all["value"], last.date, strict=True)
    # When the last lower month is under a year back, "lowest since <last month>" says little:
    # the news is that month's low. Label it with its own "lowest since" and the latest plainly.
    low, lower_low = None, None
    if lower is not None and (last.date - lower.date).days < NEAR_DAYS:
        lower_low = measures.lowest_since(china_all["value"], lower.date, strict=True)
        low = lower if lower_low is not None else None  # an all-time low: the usual labels
    if last.date != top.date:
        text = w["point"].format(m=month_label(last.date, lang), v=fmt(last.value))
        if low is None and lower is not None and lower.date >= x0:
            # "lowest since <month>": that month was the last one lower than now
            text += "\n" + w["lowest_since"].format(m=month_label(lower.date, lang))
        if low is None:
            label_point(ax, last.date, last.value, text, red, dx=-15, dy=-40, ha="right")
    if low is not None and low.date >= x0 and last.date != top.date:
        # one label for both months (a month apart, their dots touch): the low, then the latest
        text = (w["point"].format(m=month_label(low.date, lang), v=fmt(low.value))
                + w["low_since"].format(y=lower_low.date.year) + "\n"
                + w["point"].format(m=month_label(last.date, lang), v=fmt(last.value)))
        label_point(ax, low.date, low.value, text, red, dx=-15, dy=-40, ha="right")
        if lower_low.date >= x0:
            ax.hlines(low.value, lower_low.date, low.date, color=grey, lw=0.8, ls="--", zorder=1)
            text = w["point"].format(m=month_label(lower_low.date, lang), v=fmt(lower_low.value))
            label_point(ax, lower_low.date, lower_low.value, text, grey, dx=25, dy=-30,
                        ha="left")
    elif lower is not None and lower.date >= x0 and last.date != top.date:
        # a level line back to the last lower month: nothing in between was as low
        ax.hlines(last.value, lower.date, last.date, color=grey, lw=0.8, ls="--", zorder=1)
        text = w["point"].format(m=month_label(lower.date, lang), v=fmt(lower.value))
        label_point(ax, lower.date, lower.value, text, grey, dx=25, dy=-30, ha="left")

    ax.set_ylabel(w["unit"])
    tallest = max(float(cn.max()), float(japan.max()) if show_japan and len(japan) else 0.0)
    ax.set_ylim(0, tallest * 1.18)  # headroom: the peak's label stays inside the axes
    legend_above(ax)

    # lower panel: China's share of all foreign holdings
    ax2.plot(share.index, share.to_numpy(), color=red, lw=1.4)
    sh_top, sh_last = measures.peak(share), measures.latest(share)
    ax2.plot([sh_top.date, sh_last.date], [sh_top.value, sh_last.value], "o", color=red, ms=4)
    # above the peak, and right of the line's end: where the line is not
    ax2.annotate(f"{sh_top.value:.1f}%", (sh_top.date, sh_top.value), xytext=(0, 5),
                 textcoords="offset points", fontsize=8.5, color=red, ha="center", va="bottom")
    ax2.annotate(f"{sh_last.value:.1f}%", (sh_last.date, sh_last.value), xytext=(6, 0),
                 textcoords="offset points", fontsize=8.5, color=red, ha="left", va="center",
                 annotation_clip=False)
    ax2.set_ylabel("%")
    ax2.set_ylim(0, max(30.0, sh_top.value * 1.3))
    ax2.set_title(w["share"],
                  loc="left", fontsize=9.5, color="#333333")
    date_axis(ax2, x0, x1)

    note = w["note"]
    through = last_drawn(china_ust_holdings=cn, foreign_ust_holdings=total["value"],
                         **({"japan_ust_holdings": japan} if show_japan else {}))
    titles = {k: style.chart_title(None, v, k) for k, v in headline(
        None, {k: computed_title(figures, k, low=(low, lower_low) if low else None)
               for k in TITLES}, as_of).items()}
    title = titles[lang]
    style.finish(fig, title, style.source_line([style.credit(china.attrs, lang)], lang, note,
                                               through_text(through, lang)))

    data = pd.DataFrame({
        "china_bn_usd": cn,
        "china_prior_series_bn_usd": china["prior_series"],
        "japan_bn_usd": japan,
        "all_foreign_bn_usd": total["value"],
        "china_share_pct": share.round(3),
    })
    data.index.name = "date"
    return Chart(
        name=NAME,
        title=title,
        titles=titles,
        fig=fig,
        data=data,
        key_figures=figures,
        sources=["china_ust_holdings", "japan_ust_holdings", "foreign_ust_holdings"],
        lang=lang, highlights=_highlights(figures, lang), through=through,
    )


_WORDS = {
    "zh": {"title_low": "中国持有美债{lm}降至{v}，为{since}以来最低，较{pm}峰值减少{d}",
           "title": "中国持有美债{lm}为{v}，较{pm}峰值减少{d}",
           "title_near": "中国持有美债{lm}为{v}，略高于{low}的{lv}（{since}以来最低），"
                         "较{pm}峰值减少{d}",
           "title_peak": "中国持有美债{lm}升至{v}，为窗口内最高",
           "h_latest": "{m}持有额", "h_peak": "峰值（{m}）", "h_change": "较峰值变动",
           "h_share": "占外国持有总额",
           "survey": "基准调查估算期", "japan": "日本持有美债", "china": "中国（大陆）持有美债",
           "break": "序列断点：旧序列（仅供比较）", "peak": "峰值 {m}：{v}", "point": "{m}：{v}",
           "lowest_since": "{m}以来最低", "low_since": "，{y}年以来最低", "unit": "十亿美元",
           "share": "中国占全部外国持有美债的比重",
           "year": "{y}年",
           "note": "月末持有额；2011年12月前为基于年度调查的估算值；空心点为序列断点月份的旧序列"},
    "en": {"title_low": "China's Treasury holdings fell to {v} in {lm}, the lowest since {since}, "
                        "{d} below the {pm} peak",
           "title": "China's Treasury holdings at {v} in {lm}, {d} below the {pm} peak",
           "title_near": "China's Treasury holdings at {v} in {lm}, just above {low}'s {lv} "
                         "(the lowest since {since}), {d} below the {pm} peak",
           "title_peak": "China's Treasury holdings rose to {v} in {lm}, the window's high",
           "h_latest": "Holdings, {m}", "h_peak": "Peak ({m})", "h_change": "Change from peak",
           "h_share": "Share of all foreign holdings",
           "survey": "survey-benchmarked", "japan": "Japan", "china": "China (mainland)",
           "break": "series break: earlier series (for comparison only)",
           "peak": "Peak {m}: {v}", "point": "{m}: {v}", "lowest_since": "lowest since {m}",
           "low_since": ", lowest since {y}",
           "unit": "USD bn", "share": "China's share of all foreign holdings", "year": "{y}",
           "note": "end-of-month holdings; before Dec 2011 survey-benchmarked estimates; hollow "
                   "dots: earlier series at series-break months"},
}


def computed_title(figures: dict, lang: str, low=None) -> str:
    """What the data show: the latest holdings, how low, and how far below the peak.

    Parameters
    ----------
    figures : dict
        The chart's ``key_figures`` (latest and peak month and $bn, and "last lower month
        before latest").
    lang : {"zh", "en"}
        The title's language.
    low : tuple of measures.Point, optional
        (the recent low month, the last month below it) when the latest month is only just
        above a low less than a year back; the title then names that low.

    Returns
    -------
    str
        The title computed from the data (without the chart-number prefix).

    Examples
    --------
    >>> figures = ust_holdings(as_of="2021-11-16").key_figures
    >>> computed_title(figures, "en")  # doctest: +NORMALIZE_WHITESPACE
    "China's Treasury holdings fell to $1,047bn in Aug 2021, the lowest since 2010,
    $270bn below the Nov 2013 peak"
    """
    w = _WORDS[lang]
    lm, pm = month_label(figures["latest month"], lang), month_label(figures["peak month"], lang)
    v = usd_bn(figures["latest $bn"], lang)
    if figures["latest month"] == figures["peak month"]:
        return w["title_peak"].format(lm=lm, v=v)
    d = usd_bn(figures["peak $bn"] - figures["latest $bn"], lang)
    if low is not None:  # (the recent low, the last month below it): the low is the news
        near, before = low
        since = w["year"].format(y=before.date.year)
        return w["title_near"].format(lm=lm, v=v, low=month_label(near.date, lang),
                                      lv=usd_bn(near.value, lang), since=since, pm=pm, d=d)
    lower = figures.get("last lower month before latest")
    if isinstance(lower, pd.Timestamp):
        since = w["year"].format(y=lower.year)
        return w["title_low"].format(lm=lm, v=v, since=since, pm=pm, d=d)
    return w["title"].format(lm=lm, v=v, pm=pm, d=d)


def _highlights(figures: dict, lang: str) -> list[dict[str, str]]:
    w = _WORDS[lang]
    out = [highlight(w["h_latest"].format(m=month_label(figures["latest month"], lang)),
                     usd_bn(figures["latest $bn"], lang)),
           highlight(w["h_peak"].format(m=month_label(figures["peak month"], lang)),
                     usd_bn(figures["peak $bn"], lang))]
    if "change from peak %" in figures:
        out.append(highlight(w["h_change"], pct(figures["change from peak %"], signed=True)))
    out.append(highlight(w["h_share"], pct(figures["China share latest %"])))
    return out
