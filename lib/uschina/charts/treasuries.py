"""中国持有美债: China's holdings of US Treasuries (TIC), with Japan's and the UK's, and China's
share of the total.

The 2026 commentary: "中国持有的美债规模已降至6830亿美元，创下2008年以来的最低水平，较2013年前后
1.3万亿美元的峰值，累计减持超过6000亿美元，相当于砍掉了近一半的持仓" (seed 004, line 23).

Measuring (:func:`measure`), words (``WORDS``) and drawing (:func:`ust_holdings`) are apart.
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
# the holders compared with China, in the legend's order; their names are in WORDS
PEERS = {"Japan": "japan_ust_holdings", "UK": "uk_ust_holdings"}

WORDS = {
    "zh": {"title_low": "中国持有美债{lm}降至{v}，为{since}以来最低，较{pm}峰值减少{d}",
           "title": "中国持有美债{lm}为{v}，较{pm}峰值减少{d}",
           "title_near": "中国持有美债{lm}为{v}，略高于{low}的{lv}（{since}以来最低），"
                         "较{pm}峰值减少{d}",
           "title_peak": "中国持有美债{lm}升至{v}，为窗口内最高",
           "title_rank": "；{m}起排名第{r}，次于{ahead}",
           "h_latest": "{m}持有额", "h_peak": "峰值（{m}）", "h_change": "较峰值变动",
           "h_share": "占外国持有总额", "h_rank": "在中、日、英中的排名（{m}起）",
           "rank": "第{r}，次于{ahead}",
           "survey": "基准调查估算期", "Japan": "日本", "UK": "英国",
           "peer": "{n}持有美债", "china": "中国（大陆）持有美债", "and": "、",
           "break": "断点月份的旧序列（仅供比较）", "peak": "峰值 {m}：{v}", "point": "{m}：{v}",
           "lowest_since": "{m}（{v}）以来最低", "unit": "十亿美元",
           "share": "中国占全部外国持有美债的比重",
           "year": "{y}年",
           "note": "月末持有额；2011年12月前为基于年度调查的估算值；"
                   "空心点为中国序列断点月份的旧序列；英国含海峡群岛和马恩岛，按托管地统计"},
    "en": {"title_low": "China's Treasury holdings fell to {v} in {lm}, the lowest since {since}, "
                        "{d} below the {pm} peak",
           "title": "China's Treasury holdings at {v} in {lm}, {d} below the {pm} peak",
           "title_near": "China's Treasury holdings at {v} in {lm}, just above {low}'s {lv} "
                         "(the lowest since {since}), {d} below the {pm} peak",
           "title_peak": "China's Treasury holdings rose to {v} in {lm}, the window's high",
           "title_rank": "; {r} behind {ahead} since {m}",
           "h_latest": "Holdings, {m}", "h_peak": "Peak ({m})", "h_change": "Change from peak",
           "h_share": "Share of all foreign holdings",
           "h_rank": "Rank among China, Japan, UK (since {m})", "rank": "{r}, behind {ahead}",
           "survey": "survey-benchmarked", "Japan": "Japan", "UK": "the UK",
           "peer": "{n}", "china": "China (mainland)", "and": " and ",
           "break": "earlier series at a break (comparison only)",
           "peak": "Peak {m}: {v}", "point": "{m}: {v}",
           "lowest_since": "lowest since {m} ({v})",
           "unit": "USD bn", "share": "China's share of all foreign holdings", "year": "{y}",
           "note": "end-of-month holdings; before Dec 2011 survey-benchmarked estimates; hollow "
                   "dots: China's earlier series at series-break months; the UK includes the "
                   "Channel Islands and the Isle of Man, counted where the custodian sits"},
}
# legend names of the peers ("UK" in a sentence is "the UK", in a legend "United Kingdom")
_LEGEND = {"zh": {"Japan": "日本持有美债", "UK": "英国持有美债"},
           "en": {"Japan": "Japan", "UK": "United Kingdom"}}
_ORDINAL = {"zh": {3: "三", 4: "四"}, "en": {3: "third", 4: "fourth"}}


def decline_since(s: pd.Series, start, end) -> dict[str, float]:
    """Change from ``start`` to ``end``: $bn, %, and the average pace per year ($bn and %).

    Parameters
    ----------
    s : pd.Series
        Monthly holdings, USD bn, dated on the month's first day.
    start, end : date-like
        Two months of ``s``; ``end`` after ``start``.

    Returns
    -------
    dict
        ``change_bn``, ``change_pct``, ``years``, ``pace_bn_per_year`` and
        ``pace_pct_per_year`` (compound).

    Examples
    --------
    >>> s = pd.Series([100.0, 81.0], index=pd.to_datetime(["2020-01-01", "2022-01-01"]))
    >>> round(decline_since(s, "2020-01-01", "2022-01-01")["pace_pct_per_year"], 1)
    -10.0
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
        A TIC holdings frame with a ``prior_series`` column (blank except on break months).

    Returns
    -------
    pd.DatetimeIndex
        The break months.

    Examples
    --------
    >>> break_months(datasets.load("china_ust_holdings"))[0]
    Timestamp('2000-03-01 00:00:00')
    """
    return frame.index[frame["prior_series"].notna()]


def rank_run(china: pd.Series, peers: dict[str, pd.Series]) -> dict[str, object]:
    """China's rank among itself and ``peers`` in its latest month, who is ahead, and since
    when it has held that rank without a break (the one rank rule, :func:`measures.rank`).

    Parameters
    ----------
    china : pd.Series
        China's monthly holdings (the latest month is ranked).
    peers : dict of str to pd.Series
        The other holders by name, monthly; a month a peer lacks is ranked without it.

    Returns
    -------
    dict
        ``rank`` (1 = largest), ``ahead`` (names of the peers holding more, largest first),
        ``since`` (first month of the run at this rank).

    Examples
    --------
    >>> idx = pd.date_range("2025-01-01", periods=3, freq="MS")
    >>> r = rank_run(pd.Series([9.0, 7.0, 6.0], idx), {"UK": pd.Series([8.0, 8.0, 9.0], idx)})
    >>> (r["rank"], r["ahead"], r["since"].strftime("%Y-%m"))
    (2, ['UK'], '2025-02')
    """
    c = china.dropna()
    frame = pd.DataFrame({"China": c, **{n: s.reindex(c.index) for n, s in peers.items()}})

    def rank_at(month) -> int:
        return measures.rank(frame.loc[month], "China")

    last = c.index[-1]
    rank = rank_at(last)
    since = last
    for month in reversed(c.index[:-1]):
        if rank_at(month) != rank:
            break
        since = month
    row = frame.loc[last].drop("China").dropna()
    ahead = row[row > frame.at[last, "China"]].sort_values(ascending=False)
    return {"rank": rank, "ahead": list(ahead.index), "since": since}


def measure(china: pd.DataFrame, china_all: pd.DataFrame, total: pd.Series,
            peers: dict[str, pd.Series], peers_all: dict[str, pd.Series]) -> dict[str, object]:
    """The chart's key figures: China's latest, peak, lows, change, rank and share.

    Parameters
    ----------
    china : pd.DataFrame
        China's TIC frame (``value``, ``prior_series``) in the window drawn.
    china_all : pd.DataFrame
        The same, all months published at as_of ("lowest since" looks before the window).
    total : pd.Series
        All foreign holdings in the window, USD bn.
    peers : dict of str to pd.Series
        Holders compared with China in the window (``{"Japan": ..., "UK": ...}``).
    peers_all : dict of str to pd.Series
        The same, all months published at as_of (for the rank's run).

    Returns
    -------
    dict
        Raw key figures (nbval checks them through ``Chart.summary()``); the recent-low keys
        appear when the latest month is just above a low less than a year back.

    Examples
    --------
    >>> idx = pd.date_range("2020-01-01", periods=4, freq="MS")
    >>> cn = pd.DataFrame({"value": [5.0, 8.0, 6.0, 5.5], "prior_series": None}, index=idx)
    >>> tot = pd.Series([50.0, 50.0, 40.0, 55.0], idx)
    >>> f = measure(cn, cn, tot, {"Japan": tot / 5}, {"Japan": tot / 5})
    >>> (f["peak $bn"], f["last lower month before latest"].month, f["China share latest %"])
    (8.0, 1, 10.0)
    """
    cn = china["value"].dropna()
    full = china_all["value"]
    figures: dict[str, object] = {}
    last, top = measures.latest(cn), measures.peak(cn)
    figures["window"] = f"{cn.index[0].date()} to {last.date.date()}"
    figures["latest month"] = last.date
    figures["latest $bn"] = last.value
    figures["peak month"] = top.date
    figures["peak $bn"] = top.value

    lower = measures.lowest_since(full, last.date, strict=True)
    figures["last lower month before latest"] = lower.date if lower else "none (all-time low)"
    if lower:
        figures["last lower value $bn"] = lower.value
        # a break after that month means part of the climb since was a revision
        between = [d for d in break_months(china_all) if lower.date < d <= last.date]
        figures["series breaks since then"] = (
            ", ".join(d.strftime("%Y-%m") for d in between) if between else "none")
        # When the last lower month is under a year back, "lowest since <that month>" says
        # little: the news is that month's low, and the last month below it.
        if (last.date - lower.date).days < NEAR_DAYS:
            before = measures.lowest_since(full, lower.date, strict=True)
            if before is not None:
                figures["recent low month"] = lower.date
                figures["recent low $bn"] = lower.value
                figures["last lower month before recent low"] = before.date
                figures["last lower value before recent low $bn"] = before.value
    if last.date != top.date:
        change = decline_since(cn, top.date, last.date)
        figures["change from peak $bn"] = round(change["change_bn"], 1)
        figures["change from peak %"] = round(change["change_pct"], 1)
        figures["pace since peak $bn/yr"] = round(change["pace_bn_per_year"], 1)
        figures["pace since peak %/yr"] = round(change["pace_pct_per_year"], 2)

    for name, s in peers.items():
        s = s.dropna()
        if s.empty:
            continue
        figures[f"{name} latest $bn"] = measures.latest(s).value
        ahead = (cn > s.reindex(cn.index)).reindex(cn.index)
        if ahead.any() and not ahead.iloc[-1]:
            figures[f"last month China above {name}"] = ahead[ahead].index[-1]
    if peers_all:  # a rank needs someone to rank against
        r = rank_run(full[:last.date], {n: s[:last.date] for n, s in peers_all.items()})
        figures[f"China rank among China, {', '.join(peers_all)}"] = r["rank"]
        if r["rank"] > 1:
            figures["holders ahead of China"] = ", ".join(r["ahead"])
            figures["China at this rank since"] = r["since"]

    share = (cn / total.reindex(cn.index) * 100).dropna()
    if len(share):
        sh_top, sh_last = measures.peak(share), measures.latest(share)
        figures["China share latest %"] = round(sh_last.value, 2)
        figures["China share peak month"] = sh_top.date
        figures["China share peak %"] = round(sh_top.value, 2)
    breaks = break_months(china)
    if len(breaks):
        figures["series-break months"] = ", ".join(d.strftime("%Y-%m") for d in breaks)
    return figures


def _rank_key(figures: dict) -> str | None:
    return next((k for k in figures if k.startswith("China rank among")), None)


def _ahead(figures: dict, lang: str) -> str:
    w = WORDS[lang]
    return w["and"].join(w[n] for n in figures["holders ahead of China"].split(", "))


def computed_title(figures: dict, lang: str) -> str:
    """What the data show: the latest holdings, how low, how far below the peak, and China's
    rank among China, Japan and the UK when it is third (or lower).

    Parameters
    ----------
    figures : dict
        The output of :func:`measure`.
    lang : {"zh", "en"}
        The title's language.

    Returns
    -------
    str
        The title (without a chart number).

    Examples
    --------
    >>> f = {"latest month": pd.Timestamp("2026-07-01"), "latest $bn": 618.0,
    ...      "peak month": pd.Timestamp("2013-11-01"), "peak $bn": 1316.7,
    ...      "last lower month before latest": pd.Timestamp("2008-08-01")}
    >>> computed_title(f, "en")
    "China's Treasury holdings fell to $618bn in Jul 2026, the lowest since 2008, $699bn below the Nov 2013 peak"
    """  # noqa: E501
    w = WORDS[lang]
    lm, pm = month_label(figures["latest month"], lang), month_label(figures["peak month"], lang)
    v = usd_bn(figures["latest $bn"], lang)
    if figures["latest month"] == figures["peak month"]:
        text = w["title_peak"].format(lm=lm, v=v)
    else:
        d = usd_bn(figures["peak $bn"] - figures["latest $bn"], lang)
        lower = figures.get("last lower month before latest")
        if "recent low month" in figures:  # the recent low is the news
            since = w["year"].format(y=figures["last lower month before recent low"].year)
            text = w["title_near"].format(
                lm=lm, v=v, low=month_label(figures["recent low month"], lang),
                lv=usd_bn(figures["recent low $bn"], lang), since=since, pm=pm, d=d)
        elif isinstance(lower, pd.Timestamp):
            text = w["title_low"].format(lm=lm, v=v, since=w["year"].format(y=lower.year),
                                         pm=pm, d=d)
        else:
            text = w["title"].format(lm=lm, v=v, pm=pm, d=d)
    key = _rank_key(figures)
    if key and figures[key] > 2:
        text += w["title_rank"].format(r=_ORDINAL[lang].get(figures[key], figures[key]),
                                       ahead=_ahead(figures, lang),
                                       m=month_label(figures["China at this rank since"], lang))
    return text


def _highlights(figures: dict, lang: str) -> list[dict[str, str]]:
    w = WORDS[lang]
    out = [highlight(w["h_latest"].format(m=month_label(figures["latest month"], lang)),
                     usd_bn(figures["latest $bn"], lang))]
    key = _rank_key(figures)
    ranked = key is not None and figures[key] > 2
    if not ranked or "change from peak %" not in figures:
        out.append(highlight(w["h_peak"].format(m=month_label(figures["peak month"], lang)),
                             usd_bn(figures["peak $bn"], lang)))
    if "change from peak %" in figures:
        label = w["h_change"]
        if ranked:  # the peak's own row gives way to the rank: name it here
            label += f"（{month_label(figures['peak month'], lang)}）" if lang == "zh" else \
                f" ({month_label(figures['peak month'], lang)})"
        out.append(highlight(label, pct(figures["change from peak %"], signed=True)))
    if ranked:
        r = _ORDINAL[lang].get(figures[key], figures[key])
        out.append(highlight(
            w["h_rank"].format(m=month_label(figures["China at this rank since"], lang)),
            w["rank"].format(r=r, ahead=_ahead(figures, lang))))
    if "China share latest %" in figures:
        out.append(highlight(w["h_share"], pct(figures["China share latest %"])))
    return out[:4]


def ust_holdings(start="2000-01-01", end=None, as_of=None, lang: str = "zh",
                 show_japan: bool = True) -> Chart:
    """China's holdings of US Treasuries (TIC) with Japan's and the UK's, and China's share of
    all foreign holdings.

    Parameters
    ----------
    start, end : date-like, optional
        The window drawn (default from 2000).
    as_of : date-like, optional
        Only data published by then: "2021-11-16" is the report's view; None uses all data.
    lang : {"zh", "en"}
        The language of every word in the figure.
    show_japan : bool
        Draw the two other largest holders, Japan and the UK, for comparison (China's rank
        among the three is measured either way).

    Returns
    -------
    Chart
        The figure, the data behind it (CSV), raw ``key_figures`` (``summary()``), reader
        ``highlights`` in ``lang`` and ``through`` (last observation drawn per data set).

    Examples
    --------
    >>> chart = ust_holdings(as_of="2026-03-01", lang="en")
    >>> chart.key_figures["last lower month before latest"]  # "lowest since 2008"
    Timestamp('2008-09-01 00:00:00')
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
    total = datasets.load("foreign_ust_holdings", start=start, end=end, as_of=as_of)["value"]
    peers_all = {n: _value(datasets.load(k, as_of=as_of)) for n, k in PEERS.items()}
    window = china.index
    peers = {n: s[window[0]:window[-1] + pd.offsets.MonthEnd(0)] for n, s in peers_all.items()}
    figures = measure(china, china_all, total, peers, peers_all)
    cn = china["value"].rename("china")
    share = (cn / total * 100).rename("china_share_pct")
    x0 = pd.Timestamp(start) if start else cn.index[0]
    x1 = (pd.Timestamp(end) if end else cn.index[-1]) + pd.offsets.MonthEnd(0)

    fig, (ax, ax2) = style.new_figure(figsize=(9.0, 6.6), nrows=2, sharex=True,
                                      gridspec_kw={"height_ratios": [3, 1.2]})
    w = WORDS[lang]
    red, grey = style.PALETTE["main"], style.PALETTE["grey"]
    colors = {"Japan": style.PALETTE["second"], "UK": style.PALETTE["fourth"]}

    # survey-benchmarked estimates before Dec 2011: a light band, explained in the note
    if x0 < SLT_START:
        ax.axvspan(x0, min(SLT_START, x1), color="#F3F3F3", lw=0, zorder=0)
        ax.text(x0 + pd.Timedelta(days=60), 0.97, w["survey"],
                transform=ax.get_xaxis_transform(), fontsize=8, color=grey, va="top")

    if show_japan:
        for name, s in peers.items():
            ax.plot(s.index, s.to_numpy(), color=colors[name], lw=1.2, alpha=0.85,
                    label=_LEGEND[lang][name])
    ax.plot(cn.index, cn.to_numpy(), color=red, lw=1.8, label=w["china"])

    breaks = break_months(china)
    if len(breaks):  # one artist each for the leaders and the dots, not one per month
        ax.vlines(breaks, china.loc[breaks, "prior_series"].to_numpy(), cn[breaks].to_numpy(),
                  color=red, lw=0.8, ls=":")
        ax.plot(breaks, china.loc[breaks, "prior_series"].to_numpy(), "o", ms=4, mfc="white",
                mec=red, mew=1.0, ls="none", label=w["break"])

    _label_china(ax, figures, x0, lang)
    ax.set_ylabel(w["unit"])
    drawn = [cn, *(peers.values() if show_japan else [])]
    tallest = max(float(s.max()) for s in drawn if s.notna().any())
    ax.set_ylim(0, tallest * 1.18)  # headroom: the peak's label stays inside the axes
    handles, labels = ax.get_legend_handles_labels()
    order = sorted(range(len(labels)), key=lambda i: labels[i] != w["china"])  # China first
    legend_above(ax, handles=[handles[i] for i in order], labels=[labels[i] for i in order],
                 ncols=4)

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
    ax2.set_title(w["share"], loc="left", fontsize=9.5, color="#333333")
    date_axis(ax2, x0, x1)

    through = last_drawn(china_ust_holdings=cn, foreign_ust_holdings=total,
                         **({k: peers[n] for n, k in PEERS.items()} if show_japan else {}))
    titles = {k: style.chart_title(None, v, k) for k, v in headline(
        None, {k: computed_title(figures, k) for k in TITLES}, as_of).items()}
    title = titles[lang]
    style.finish(fig, title, style.source_line([style.credit(china.attrs, lang)], lang,
                                               w["note"], through_text(through, lang)))

    data = pd.DataFrame({
        "china_bn_usd": cn,
        "china_prior_series_bn_usd": china["prior_series"],
        **{f"{n.lower()}_bn_usd": s for n, s in peers.items()},
        "all_foreign_bn_usd": total,
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
        sources=["china_ust_holdings", *PEERS.values(), "foreign_ust_holdings"],
        lang=lang, highlights=_highlights(figures, lang), through=through,
    )


def _value(loaded) -> pd.Series:
    """The value column of a TIC frame (Japan's file is a plain series)."""
    return loaded["value"] if isinstance(loaded, pd.DataFrame) else loaded


def _label_china(ax, figures: dict, x0: pd.Timestamp, lang: str) -> None:
    """China's peak, latest month and how low it is, from the measured figures."""
    w = WORDS[lang]
    red, grey = style.PALETTE["main"], style.PALETTE["grey"]
    fmt = "{:,.1f}".format
    top = measures.Point(figures["peak month"], figures["peak $bn"])
    last = measures.Point(figures["latest month"], figures["latest $bn"])
    label_point(ax, top.date, top.value, w["peak"].format(m=month_label(top.date, lang),
                                                          v=fmt(top.value)),
                red, dx=-10, dy=12, ha="right")
    if last.date == top.date:
        return
    lower = figures.get("last lower month before latest")
    lower = (measures.Point(lower, figures["last lower value $bn"])
             if isinstance(lower, pd.Timestamp) else None)
    lines = [w["point"].format(m=month_label(last.date, lang), v=fmt(last.value))]
    anchor = last
    if "recent low month" in figures:
        # the low a month or so back is the news: one label for both (their dots touch)
        anchor = measures.Point(figures["recent low month"], figures["recent low $bn"])
        lower = measures.Point(figures["last lower month before recent low"],
                               figures["last lower value before recent low $bn"])
        if anchor.date < x0:
            return
        lines.append(w["point"].format(m=month_label(anchor.date, lang), v=fmt(anchor.value)))
    if lower is not None and lower.date >= x0:
        # "lowest since <month>": a level line back to the last lower month, whose value is
        # in this label (a label of its own there would sit on the other holders' lines)
        lines.append(w["lowest_since"].format(m=month_label(lower.date, lang),
                                              v=fmt(lower.value)))
        ax.hlines(anchor.value, lower.date, anchor.date, color=grey, lw=0.8, ls="--", zorder=1)
        ax.plot([lower.date], [lower.value], "o", color=grey, ms=5, zorder=5)
    # low and left of the line's end: under the other holders' lines, which run higher there
    label_point(ax, anchor.date, anchor.value, "\n".join(lines), red, dx=-15, dy=-50,
                ha="right")
