"""Approval: the slope of Biden's 2021 approval (points per month), its fall since January, a
break test, and his path by days in office against his predecessors' (Gallup polls)."""

from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd

from .. import datasets, style, trend
from ..charts.approval import PRESIDENTS
from ..charts.approval import WORDS as CHART_WORDS
from ..charts.common import Through, day_label, highlight, label_point, through_text
from .base import Analysis, check_common, signed, titles

NAME = "fig2_approval_trend"
TEXT = {"zh": "拜登 2021 年支持率的下行斜率、降幅与历任总统同期走势",
        "en": "the slope and fall of Biden's 2021 approval, and his predecessors' paths"}
FIRST_DAY = pd.Timestamp("2021-01-20")
REPORT_DAY = pd.Timestamp("2021-11-15")  # the report's "截至 11 月 15 日"
DAYS_PER_MONTH = 365.25 / 12
COMPARE_DAYS = 365  # the predecessors' first year in office


def approval_trend(as_of=None, lang: str = "zh", through=REPORT_DAY) -> Analysis:
    """Biden's 538 average from his first estimate to ``through``: slope, fall, break, paths.

    Parameters
    ----------
    as_of : date-like, optional
        Only data published by then ("2021-11-16": what the report's authors could see).
    lang : {"zh", "en"}
        The language of every word in the figure.
    through : date-like
        The last day analysed (default the report's day, 2021-11-15).

    Returns
    -------
    Analysis
        The figure, the data behind it (CSV), raw ``key_figures`` (``summary()``), reader
        ``highlights`` in ``lang`` and ``through`` (last observation drawn per data set);
        ``tables`` and ``results`` hold the tidy tables and the :mod:`uschina.trend` objects.

    Examples
    --------
    >>> approval_trend(as_of="2021-11-16").key_figures["break in trend (QLR)"]
    Timestamp('2021-08-04 00:00:00')
    """
    a = check_common(lang, as_of)
    end = pd.Timestamp(through) if a is None else min(pd.Timestamp(through),
                                                      a - pd.Timedelta(days=1))
    frame = datasets.load("biden_approval_538", end=end, as_of=a)
    biden = frame["approve"].rename("biden_approve")
    lt = trend.linear_trend(biden)
    brk = trend.structural_break(biden, model="trend")
    paths = _paths(a, end)
    figures = _figures(biden, lt, brk, paths)
    # the stamp dates Biden's series; the Gallup paths are history he is compared with
    through = Through({"biden_approval_538": biden.index[-1]}, as_of=a)
    heads = titles({k: finding(figures, biden, k) for k in TEXT})
    fig = _draw(biden, lt, brk, paths, lang, [style.credit(frame.attrs, lang), "Gallup"],
                heads[lang], through_text(through, lang))
    data = lt.table.rename(columns={"actual": "approve"})
    data["trend_by_regime"] = brk.fitted()
    w = WORDS[lang]
    hl = [highlight(w["h_latest"].format(d=day_label(biden.index[-1], lang)),
                    f"{figures['latest']:.1f}%"),
          highlight(w["h_slope"], signed(figures["slope, points per month"], 2)),
          highlight(w["h_break"], day_label(brk.date, lang))]
    if figures["fall since January mean, points"] != "n/a":
        hl.insert(1, highlight(w["h_fall"], signed(figures["fall since January mean, points"])))
    return Analysis(
        name=NAME, title=heads[lang], titles=heads, fig=fig, data=data,
        key_figures=figures,
        sources=["biden_approval_538", "trump_approval_538", "presidential_approval_polls"],
        tables={"biden_trend": data, "by_day_in_office": paths}, results={"trend": lt,
                                                                          "break": brk},
        lang=lang, highlights=hl[:4], through=through)


WORDS = {
    "zh": {"finding": "拜登支持率{d}为 {v:.1f}%，2021 年趋势每月 {s} 个百分点",
           "h_latest": "{d} 538 平均", "h_fall": "较 1 月均值（百分点）",
           "h_slope": "趋势（百分点/月）", "h_break": "趋势断点",
           "biden": "拜登支持率（538 平均）", "linear": "线性趋势：{s} 个百分点/月",
           "regime": "分段趋势（QLR 断点）", "break": "断点 {m}月{day}日",
           "last": "{m}月{day}日：{v:.1f}%，较首日 {c} 个百分点", "approve": "支持率（%）",
           "a": "(a) 拜登 2021 年支持率与趋势",
           "band": "1945–2009 年历任总统区间（盖洛普，30 天均值）",
           "median": "历任总统中位数", "gallup": "{n}（盖洛普）", "fte": "{n}（538）",
           "days": "就任天数", "b": "(b) 就任首年支持率：按就任天数对齐",
           "note": "趋势为 OLS，标准误 Newey–West；断点为 QLR（sup-F）检验"},
    "en": {"finding": "Biden's approval at {v:.1f}% on {d}, trending {s} points a month in 2021",
           "h_latest": "538 average, {d}", "h_fall": "Since January's mean (points)",
           "h_slope": "Trend, points a month", "h_break": "Break in trend",
           "biden": "Biden approval (538 average)", "linear": "linear trend: {s} points/month",
           "regime": "trend by regime (QLR break)", "break": "break {day} {b}",
           "last": "{day} {b}: {v:.1f}%, {c} points since first", "approve": "approve (%)",
           "a": "(a) Biden's 2021 approval and trend",
           "band": "predecessors 1945–2009, range (Gallup, 30-day means)",
           "median": "predecessors' median", "gallup": "{n} (Gallup)", "fte": "{n} (538)",
           "days": "days in office", "b": "(b) First-year approval by days in office",
           "note": "trend by OLS with Newey–West errors; break by the QLR (sup-F) test"},
}


def finding(figures: dict, biden: pd.Series, lang: str) -> str:
    """The headline finding: the latest approval and the slope of its trend.

    Parameters
    ----------
    figures : dict
        The analysis' key figures ("latest", "slope, points per month").
    biden : pd.Series
        Biden's approval average (its last date is the finding's day).
    lang : {"zh", "en"}
        The finding's language.

    Returns
    -------
    str
        One sentence.

    Examples
    --------
    >>> i = pd.to_datetime(["2021-01-23", "2021-11-15"])
    >>> finding({"latest": 42.91, "slope, points per month": -1.2576},
    ...         pd.Series([53.0, 42.91], i), "en")
    "Biden's approval at 42.9% on 15 Nov 2021, trending −1.26 points a month in 2021"
    """
    return WORDS[lang]["finding"].format(d=day_label(biden.index[-1], lang),
                                         v=figures["latest"],
                                         s=signed(figures["slope, points per month"], 2))


def _paths(a, end: pd.Timestamp) -> pd.DataFrame:
    """Approval by day in office, first year: Gallup polls for all, 538 for Trump and Biden."""
    polls = datasets.load("presidential_approval_polls", as_of=a)
    polls = polls[(polls["days_in_office"] <= COMPARE_DAYS) & (polls["term_number"] == 1)]
    rows = polls[["president", "days_in_office", "approve"]].assign(source="Gallup")
    trump = datasets.load("trump_approval_538", end="2018-01-20", as_of=a)["approve"]
    biden = datasets.load("biden_approval_538", end=end, as_of=a)["approve"]
    extra = [pd.DataFrame({"president": name, "days_in_office": (s.index - first).days,
                           "approve": s.to_numpy(), "source": "FiveThirtyEight"})
             for name, s, first in (("Donald Trump", trump, pd.Timestamp("2017-01-20")),
                                    ("Joe Biden", biden, FIRST_DAY))]
    out = pd.concat([rows, *extra], ignore_index=True)
    return out[out["days_in_office"] <= COMPARE_DAYS].reset_index(drop=True)


def change_by_day(paths: pd.DataFrame, day: int) -> pd.DataFrame:
    """Each president's Gallup change from the first poll to the last one by ``day``.

    Parameters
    ----------
    paths : pd.DataFrame
        Approval by day in office: president, days_in_office, approve, source.
    day : int
        The last day in office counted.

    Returns
    -------
    pd.DataFrame
        Indexed by president (the report's order; those with fewer than two polls by then
        are left out): first_day, first, last_day, last, change (points).

    Examples
    --------
    >>> paths = pd.DataFrame({"president": "Joe Biden", "days_in_office": [5, 100, 400],
    ...                       "approve": [57.0, 54.0, 41.0], "source": "Gallup"})
    >>> float(change_by_day(paths, 299).loc["Joe Biden", "change"])
    -3.0
    """
    g = paths[(paths["source"] == "Gallup") & (paths["days_in_office"] <= day)
              & paths["president"].isin(PRESIDENTS)]
    g = g.sort_values("days_in_office", kind="stable").groupby("president")
    out = pd.DataFrame({"first_day": g["days_in_office"].first().astype(int),
                        "first": g["approve"].first().astype(float),
                        "last_day": g["days_in_office"].last().astype(int),
                        "last": g["approve"].last().astype(float),
                        "n": g.size()})
    keep = out[out["n"] >= 2]
    out = keep.drop(columns="n").reindex([p for p in PRESIDENTS if p in keep.index])
    out.index.name = "president"
    out["change"] = out["last"] - out["first"]
    return out


def predecessor_band(paths: pd.DataFrame, bin_days: int = 30) -> pd.DataFrame:
    """Low, median and high across presidents before Trump of their mean Gallup approval in
    each ``bin_days`` bin of days in office (a bin counts where 3 or more have polls).

    Parameters
    ----------
    paths : pd.DataFrame
        Approval by day in office: president, days_in_office, approve, source.
    bin_days : int
        Width of a bin, in days (the bins are labelled by their middle day).

    Returns
    -------
    pd.DataFrame
        Indexed by the bin's middle day: low, median, high, presidents (how many).

    Examples
    --------
    >>> paths = pd.DataFrame({"president": ["A", "B", "C"], "days_in_office": [3, 10, 20],
    ...                       "approve": [60.0, 50.0, 70.0], "source": "Gallup"})
    >>> predecessor_band(paths).loc[15.0, ["low", "median", "high"]].tolist()
    [50.0, 60.0, 70.0]
    """
    g = paths[(paths["source"] == "Gallup")
              & ~paths["president"].isin(["Donald Trump", "Joe Biden"])]
    mid = (g["days_in_office"] // bin_days) * bin_days + bin_days / 2
    means = g.groupby([mid, g["president"]])["approve"].mean().unstack()
    means = means[means.notna().sum(axis=1) >= 3]
    out = pd.DataFrame({"low": means.min(axis=1), "median": means.median(axis=1),
                        "high": means.max(axis=1), "presidents": means.notna().sum(axis=1)})
    out.index.name = "days_in_office"
    return out


def _figures(biden, lt, brk, paths) -> dict[str, object]:
    jan = biden[biden.index.month == 1]
    last_day = biden.index[-1]
    top = biden.idxmax()
    f: dict[str, object] = {
        "538 window": f"{biden.index[0].date()} to {last_day.date()}",
        "slope, points per month": lt.slope_per_period * DAYS_PER_MONTH,
        "slope s.e. (HAC)": lt.slope_se * DAYS_PER_MONTH,
        "January 2021 mean": float(jan.mean()) if len(jan) else "n/a",
        "latest": float(biden.iloc[-1]),
        "fall since January mean, points": float(biden.iloc[-1] - jan.mean()) if len(jan)
        else "n/a",
        "fall since first estimate, points": float(biden.iloc[-1] - biden.iloc[0]),
        "high": f"{biden[top]:.2f} on {top.date()}",
        "break in trend (QLR)": brk.date,
        "break sup-F": brk.sup_f,
        "break 5% critical": brk.critical[0.05],
        "slope before break, points/month": brk.before[1] * DAYS_PER_MONTH,
        "slope after break, points/month": brk.after[1] * DAYS_PER_MONTH,
    }
    day = int((last_day - FIRST_DAY).days)
    ch = change_by_day(paths, day)
    if "Joe Biden" in ch.index:
        ranks = ch["change"].rank()
        f[f"Gallup change to day {day}, Biden"] = float(ch.loc["Joe Biden", "change"])
        f[f"Gallup fall to day {day}: presidents with a larger fall"] = ", ".join(
            CHART_WORDS["en"]["presidents"][n]
            for n in ch.index[ranks < ranks["Joe Biden"]]) or "none"
    return f


def _draw(biden, lt, brk, paths, lang, credits, head, stamp):
    w = WORDS[lang]
    fig, (ax1, ax2) = style.new_figure(figsize=(11.0, 4.8), ncols=2)
    ax1.plot(biden.index, biden.to_numpy(), color=style.PALETTE["main"], lw=1.6,
             label=w["biden"])
    t = lt.table
    per_month = lt.slope_per_period * DAYS_PER_MONTH
    ax1.plot(t.index, t["trend"], color=style.PALETTE["grey"], lw=1, ls="--",
             label=w["linear"].format(s=signed(per_month, 2)))
    fit = brk.fitted()
    left = fit.index < brk.date
    ax1.plot(fit.index[left], fit[left], color=style.PALETTE["second"], lw=1.2,
             label=w["regime"])
    ax1.plot(fit.index[~left], fit[~left], color=style.PALETTE["second"], lw=1.2)
    ax1.axvline(brk.date, color=style.PALETTE["highlight"], lw=0.9, ls=":")
    ax1.annotate(w["break"].format(m=brk.date.month, day=brk.date.day, b=f"{brk.date:%b}"),
                 (brk.date, 0.97), xycoords=("data", "axes fraction"), xytext=(4, 0),
                 textcoords="offset points", fontsize=8, color=style.PALETTE["highlight"])
    first, last = biden.index[0], biden.index[-1]
    label_point(ax1, first, float(biden.iloc[0]), f"{biden.iloc[0]:.1f}%",
                style.PALETTE["main"], dx=15, dy=-30, ha="left")
    drop = biden.iloc[-1] - biden.iloc[0]
    ax1.plot([last], [biden.iloc[-1]], "o", color=style.PALETTE["main"], ms=5, zorder=5)
    ax1.annotate(w["last"].format(m=last.month, day=last.day, b=f"{last:%b}", v=biden.iloc[-1],
                                  c=signed(drop)),
                 (last, float(biden.iloc[-1])), xytext=(0.62, 0.05), textcoords="axes fraction",
                 ha="right", va="bottom", fontsize=9, color=style.PALETTE["main"],
                 arrowprops={"arrowstyle": "-", "color": style.PALETTE["main"], "lw": 0.8})
    ax1.set_ylabel(w["approve"])
    ax1.set_title(w["a"],
                  fontsize=10, loc="left")
    ax1.legend(loc="upper right", fontsize=8, bbox_to_anchor=(1, 0.93))
    ax1.xaxis.set_major_locator(mdates.MonthLocator(bymonth=range(1, 13, 2)))
    ax1.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    ax1.tick_params(axis="x", labelsize=8)

    band = predecessor_band(paths)
    names = CHART_WORDS[lang]["presidents"]
    ax2.fill_between(band.index, band["low"], band["high"], color=style.PALETTE["shade"], lw=0,
                     label=w["band"])
    ax2.plot(band.index, band["median"], color=style.PALETTE["grey"], lw=1, ls="--",
             label=w["median"])
    for name, color in (("Gerald Ford", style.PALETTE["third"]),
                        ("Bill Clinton", style.PALETTE["fourth"])):
        mine = paths[paths["president"] == name].sort_values("days_in_office")
        ax2.plot(mine["days_in_office"], mine["approve"], color=color, lw=1, marker="o", ms=2.5,
                 label=w["gallup"].format(n=names[name]))
    for name, color in (("Donald Trump", style.PALETTE["second"]),
                        ("Joe Biden", style.PALETTE["main"])):
        src = paths[(paths["president"] == name) & (paths["source"] == "FiveThirtyEight")]
        ax2.plot(src["days_in_office"], src["approve"], color=color, lw=1.8, zorder=4,
                 label=w["fte"].format(n=names[name]))
    ax2.set_xlim(0, COMPARE_DAYS)
    ax2.set_ylim(25, 108)  # the legend sits above the band
    ax2.set_xlabel(w["days"])
    ax2.set_ylabel(w["approve"])
    ax2.set_title(w["b"], fontsize=10, loc="left")
    ax2.legend(loc="upper right", fontsize=7, ncols=2)
    note = w["note"]
    return style.finish(fig, head, style.source_line(credits, lang, note, stamp))
