"""图表5：10 月末以来，美国疫情新增确诊病例有反弹势头 (US daily new COVID-19 cases, NYT).

Daily new cases as thin bars, the trailing 7-day mean as a line. The late-October 2021 low of
the 7-day mean and the rise after it are marked; NYT's negative days (downward revisions, from
2021-06-04) are drawn below zero in their own colour, not hidden; close ones share a label.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.ticker as mticker
import pandas as pd

from .. import datasets, style
from ..errors import ParameterError
from ..params import parse_date
from .base import Chart
from .common import (
    date_axis,
    day_label,
    headline,
    highlight,
    last_drawn,
    legend_above,
    pct,
    through_text,
)

NAME = "fig5_us_covid"
TITLES = {"zh": "10 月末以来，美国疫情新增确诊病例有反弹势头",
          "en": "US new COVID-19 cases rebounding since late October"}
NEUTRAL_TITLES = {"zh": "美国疫情每日新增确诊病例", "en": "US daily new confirmed COVID-19 cases"}

# Where the report looks for the turn: the low of the 7-day mean in late October 2021, and its
# value on the report's last data day (the 16 Nov report saw data to 15 Nov).
TROUGH_SEARCH = (pd.Timestamp("2021-10-15"), pd.Timestamp("2021-11-05"))
REPORT_DAY = pd.Timestamp("2021-11-15")
REBOUND_MIN_PCT = 10.0  # a rise of at least this much off the low counts as a rebound
HEADROOM = 0.66  # the data fill the lower two thirds; labels go above
NEAR = 0.12  # negative days closer than this share of the x-span are labelled together
MONTH = pd.Period("2021-11", "M")  # "11 月美国日均新增确诊人数超 8 万人"

_TEXT = {
    "bars": {"zh": "美国：新增确诊病例（每日）", "en": "US new confirmed cases, daily"},
    "line": {"zh": "7 日移动平均", "en": "7-day average"},
    "negative": {"zh": "NYT 向下修正日（负值）", "en": "NYT downward revision (negative)"},
    "unit": {"zh": "人", "en": "persons"},
}


def _fmt_int(v: float) -> str:
    return f"{v:,.0f}".replace("-", "\u2212")


def measure(cases: pd.Series, mean7: pd.Series) -> dict[str, object]:
    """The chart's key figures from daily new cases and their 7-day average in the window.

    Parameters
    ----------
    cases : pd.Series
        Daily new cases (NYT), float, in the window drawn; negative days are NYT revisions.
    mean7 : pd.Series
        Their 7-day average in the window (may be empty).

    Returns
    -------
    dict
        Raw key figures (``Chart.summary()``): the window, the latest day and its cases, the
        latest 7-day average and its peak in the window; the late-October 2021 low and the
        rise from it to the report's day (see :func:`rebound`); the negative days; November
        2021's daily average (and October's, when the window holds the whole month).

    Examples
    --------
    >>> cases = datasets.load("us_covid_new_cases", as_of="2021-11-16").astype(float)
    >>> mean7 = datasets.load("us_covid_new_cases_7d", as_of="2021-11-16")
    >>> figures = measure(cases, mean7)
    >>> figures["late-October low of 7-day average"], figures["rise from the late-October low %"]
    (70291, 23.9)
    """
    figures: dict[str, object] = {
        "window": f"{cases.index[0].date()} to {cases.index[-1].date()}",
        "latest day": cases.index[-1],
        "latest daily new cases": int(cases.iloc[-1]),
    }
    if not mean7.empty:
        figures["latest 7-day average"] = round(float(mean7.iloc[-1]))
        peak = mean7.idxmax()
        figures["window peak of 7-day average"] = round(float(mean7[peak]))
        figures["window peak date"] = peak
    found = rebound(mean7)
    if found is not None:
        low, low_v, then, then_v = found
        figures["late-October low of 7-day average"] = round(low_v)
        figures["late-October low date"] = low
        figures[f"7-day average on {then.date()}"] = round(then_v)
        figures["rise from the late-October low %"] = round((then_v / low_v - 1) * 100, 1)
    neg = cases[cases < 0]
    if not neg.empty:
        figures["negative days"] = ", ".join(f"{d.date()} ({v:,.0f})" for d, v in neg.items())
    days = cases[cases.index.to_period("M") == MONTH]
    if not days.empty:
        full = len(days) == MONTH.days_in_month
        span = "" if full else f" ({days.index[0].day}-{days.index[-1].day} Nov)"
        figures[f"Nov 2021 daily average{span}"] = round(float(days.mean()))
        figures["Nov 2021 days"] = len(days)
        oct_ = cases[cases.index.to_period("M") == MONTH - 1]
        if len(oct_) == (MONTH - 1).days_in_month:
            figures["Oct 2021 daily average"] = round(float(oct_.mean()))
    return figures


def us_covid_cases(start="2020-01-01", end=None, as_of=None, lang: str = "zh") -> Chart:
    """图表5: US daily new COVID-19 cases (NYT) with the 7-day average and the late-October turn.

    Parameters
    ----------
    start, end : date-like, optional
        The window drawn (default from 2020).
    as_of : date-like, optional
        Only data published by then: "2021-11-16" is the report's view (and the only view with
        the report's headline); None uses all data.
    lang : {"zh", "en"}
        The language of every word in the figure.

    Returns
    -------
    Chart
        The figure, the data behind it (CSV), raw ``key_figures`` (``summary()``), reader
        ``highlights`` in ``lang`` and ``through`` (last observation drawn per data set).

    Examples
    --------
    >>> chart = us_covid_cases(as_of="2021-11-16", lang="en")
    >>> chart.key_figures["late-October low date"]
    Timestamp('2021-10-25 00:00:00')
    >>> chart.key_figures["rise from the late-October low %"]
    23.9
    """
    style.check_lang(lang)
    s, e, a = parse_date("start", start), parse_date("end", end), parse_date("as_of", as_of)
    if s is not None and e is not None and s > e:
        raise ParameterError(f"parameter 'start' ({s.date()}) is after 'end' ({e.date()})")
    cases = datasets.load("us_covid_new_cases", start=s, end=e, as_of=a).astype(float)
    mean7 = datasets.load("us_covid_new_cases_7d", start=s, end=e, as_of=a)
    if cases.empty:
        full = datasets.load("us_covid_new_cases", as_of=a)
        raise ParameterError(
            f"no COVID-19 case data between start={start!r} and end={end!r} (as_of={as_of!r}); "
            f"the NYT series covers {full.index[0].date()} to {full.index[-1].date()}"
        )
    x0 = s if s is not None and s > cases.index[0] - pd.Timedelta(days=31) else cases.index[0]
    x1 = cases.index[-1] + pd.Timedelta(days=1)
    if e is not None and e < x1:
        x1 = e + pd.Timedelta(days=1)

    fig, ax = style.new_figure()
    neg = cases[cases < 0]
    pos = cases[cases >= 0]
    width = 0.9 if len(cases) < 120 else 1.0
    ax.bar(pos.index, pos.to_numpy(), width=width, color="#9DB3CC", lw=0, label=_TEXT["bars"][lang])
    if not neg.empty:
        ax.bar(neg.index, neg.to_numpy(), width=max(width, 3.0), color=style.PALETTE["highlight"],
               lw=0, label=_TEXT["negative"][lang], zorder=4)
    ax.plot(mean7.index, mean7.to_numpy(), color=style.PALETTE["main"], lw=1.6,
            label=_TEXT["line"][lang], zorder=5)
    ax.axhline(0, color="#777777", lw=0.8)
    ax.yaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: _fmt_int(v)))
    ax.set_ylabel(_TEXT["unit"][lang])
    date_axis(ax, x0, x1)
    span = (x1 - x0).days
    if 180 < span <= 730:  # quarterly ticks read better than common.date_axis' 8-month steps
        ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
    elif span <= 120:  # short windows: the 1st and 15th of each month
        ax.xaxis.set_major_locator(mdates.DayLocator(bymonthday=(1, 15)))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
    top = max(float(cases.max()), float(mean7.max()) if not mean7.empty else 0.0, 1.0)
    labelled = rebound(mean7) is not None or (cases.index.to_period("M") == MONTH).any()
    ax.set_ylim(min(0.0, float(cases.min())), top / HEADROOM if labelled else top * 1.1)

    figures = measure(cases, mean7)
    rebounding = _mark_rebound(ax, mean7, lang)
    _mark_negative(ax, neg, lang)
    _month_average(ax, cases, lang)

    legend_above(ax, ncols=4, columnspacing=1.0)
    note = None
    if not neg.empty:
        note = _WORDS[lang]["neg_note"]
    through = last_drawn(us_covid_new_cases=cases, us_covid_new_cases_7d=mean7)
    titles = {k: style.chart_title(5, v, k) for k, v in headline(
        TITLES if rebounding else None, {k: computed_title(figures, k) for k in TITLES},
        a).items()}
    title = titles[lang]
    style.finish(fig, title, style.source_line([style.credit(cases.attrs, lang)], lang, note,
                                               through_text(through, lang)))

    data = pd.DataFrame({"new_cases": cases.astype("Int64"), "new_cases_7d_avg": mean7})
    data.index.name = "date"
    return Chart(
        name=NAME,
        title=title,
        titles=titles,
        fig=fig,
        data=data,
        key_figures=figures,
        sources=["us_covid_new_cases", "us_covid_new_cases_7d"],
        lang=lang, highlights=_highlights(figures, lang), through=through,
    )


_WORDS = {
    "zh": {"title": "美国每日新增确诊 7 日均值{pd}达峰（{pv}），{ld}为{lv}",
           "title_rise": "美国每日新增确诊 7 日均值{ld}为{lv}，较{low}低点{chg}",
           "title_high": "美国每日新增确诊 7 日均值{ld}升至{lv}，为窗口内最高",
           "h_latest": "{d} 7 日均值", "h_peak": "峰值（{d}）", "h_rise": "较 10 月末低点",
           "h_nov": "2021年11月日均新增",
           "neg_note": "负值为 NYT 对累计病例的向下修正，如实保留", "span": "10 月末低点以来",
           "low": "{d}低点\n{v}", "then": "{d}\n{v}（较低点 {p}%）",
           "neg_day": "{d}：{v}", "neg_what": "NYT 向下修正",
           "part": "（{a}–{b}日）", "nov": "2021年11月{s}日均新增：{v}"},
    "en": {"title": "US new COVID-19 cases: the 7-day average peaked at {pv} on {pd}; "
                    "{lv} on {ld}",
           "title_rise": "US new COVID-19 cases: 7-day average {lv} on {ld}, {chg} from the "
                         "{low} low",
           "title_high": "US new COVID-19 cases: the 7-day average rose to {lv} on {ld}, "
                         "the window's high",
           "h_latest": "7-day average, {d}", "h_peak": "Peak ({d})",
           "h_rise": "From the late-October low",
           "h_nov": "Daily average, Nov 2021",
           "neg_note": "negative values are NYT's downward revisions, kept as published",
           "span": "since the late-October low", "low": "Low {d}\n{v}",
           "then": "{d}\n{v} ({p}% from low)", "neg_day": "{d}: {v}",
           "neg_what": "NYT downward revision",
           "part": " ({a}-{b} Nov)", "nov": "Nov 2021{s} daily average: {v}"},
}


def computed_title(figures: dict, lang: str) -> str:
    """What the window shows: the rise off the late-October low when the window ends near it,
    else the 7-day average's peak and latest value.

    Parameters
    ----------
    figures : dict
        The chart's ``key_figures`` ("latest day" and the latest value; the window peak and
        the late-October low and rise when the window holds them).
    lang : {"zh", "en"}
        The title's language.

    Returns
    -------
    str
        The title computed from the data (without the "图表5" prefix); the neutral title when
        the window has no 7-day-average peak.

    Examples
    --------
    >>> figures = us_covid_cases(as_of="2021-11-16").key_figures
    >>> computed_title(figures, "en")
    'US new COVID-19 cases: 7-day average 87,089 on 15 Nov 2021, +24% from the 25 Oct 2021 low'
    """
    w = _WORDS[lang]
    ld = day_label(figures["latest day"], lang)
    lv = _fmt_int(figures.get("latest 7-day average", figures["latest daily new cases"]))
    rise = "rise from the late-October low %"
    if rise in figures and figures["window peak date"] < figures["late-October low date"]:
        return w["title_rise"].format(ld=ld, lv=lv, chg=pct(figures[rise], 0, signed=True),
                                      low=day_label(figures["late-October low date"], lang))
    if "window peak date" not in figures:
        return NEUTRAL_TITLES[lang]
    if figures["window peak date"] == figures["latest day"]:
        return w["title_high"].format(ld=ld, lv=lv)
    return w["title"].format(pd=day_label(figures["window peak date"], lang),
                             pv=_fmt_int(figures["window peak of 7-day average"]), ld=ld, lv=lv)


def _highlights(figures: dict, lang: str) -> list[dict[str, str]]:
    w = _WORDS[lang]
    out = []
    if "latest 7-day average" in figures:
        out.append(highlight(w["h_latest"].format(d=day_label(figures["latest day"], lang)),
                             _fmt_int(figures["latest 7-day average"])))
        out.append(highlight(w["h_peak"].format(d=day_label(figures["window peak date"], lang)),
                             _fmt_int(figures["window peak of 7-day average"])))
    if "rise from the late-October low %" in figures:
        out.append(highlight(w["h_rise"], pct(figures["rise from the late-October low %"], 0,
                                               signed=True)))
    nov = [k for k in figures if k.startswith("Nov 2021 daily average")]
    if nov:
        out.append(highlight(w["h_nov"], _fmt_int(figures[nov[0]])))
    return out[:4]


def rebound(mean7: pd.Series) -> tuple[pd.Timestamp, float, pd.Timestamp, float] | None:
    """The late-October low of the 7-day mean and its value on the report's day (or the last
    day in the window, if earlier). None when the window does not hold both.

    Parameters
    ----------
    mean7 : pd.Series
        7-day average of new cases, daily, in the window drawn.

    Returns
    -------
    tuple or None
        ``(low date, low, end date, value on the end date)``: the low is the lowest value from
        15 Oct to 5 Nov 2021, the end the report's day (15 Nov 2021) or the window's last day;
        None without a late-October value or with less than a week after the low.

    Examples
    --------
    >>> mean7 = datasets.load("us_covid_new_cases_7d", start="2020-01-01", as_of="2021-11-16")
    >>> rebound(mean7)
    (Timestamp('2021-10-25 00:00:00'), 70290.7, Timestamp('2021-11-15 00:00:00'), 87089.0)
    """
    late_oct = mean7[TROUGH_SEARCH[0]:TROUGH_SEARCH[1]]
    if late_oct.empty:
        return None
    low = late_oct.idxmin()
    after = mean7[(mean7.index > low) & (mean7.index <= REPORT_DAY)]
    if len(after) < 7:  # a week at least, or a "rise" is noise
        return None
    return low, float(mean7[low]), after.index[-1], float(after.iloc[-1])


def _mark_rebound(ax, mean7: pd.Series, lang: str) -> bool:
    found = rebound(mean7)
    if found is None:
        return False
    low, low_v, then, then_v = found
    pct = (then_v / low_v - 1) * 100
    w = _WORDS[lang]
    ax.axvspan(low, then, color=style.PALETTE["shade"], zorder=0, lw=0, label=w["span"])
    low_text = w["low"].format(d=day_label(low, lang), v=_fmt_int(low_v))
    then_text = w["then"].format(d=day_label(then, lang), v=_fmt_int(then_v), p=f"{pct:+.0f}")
    # labels sit in the headroom band above the data (see HEADROOM), arrows point down
    # the low's label further left, so the later point's leader passes right of it
    _callout(ax, low, low_v, low_text, style.PALETTE["second"], 0.74, gap=0.09)
    _callout(ax, then, then_v, then_text, style.PALETTE["main"], 0.86)
    return pct >= REBOUND_MIN_PCT


def _mark_negative(ax, neg: pd.Series, lang: str) -> None:
    if neg.empty:
        return
    # days closer than NEAR of the x-span share one label (a line per day): no two collide
    lo_x, hi_x = ax.get_xlim()
    near = NEAR * (hi_x - lo_x)
    groups: list[list[tuple[pd.Timestamp, float]]] = []
    for d, v in neg.items():
        if groups and mdates.date2num(d) - mdates.date2num(groups[-1][-1][0]) < near:
            groups[-1].append((d, v))
        else:
            groups.append([(d, v)])
    w = _WORDS[lang]
    lines = 1
    for group in groups:
        days = [w["neg_day"].format(d=day_label(d, lang), v=_fmt_int(v)) for d, v in group]
        text = "\n".join([*days, w["neg_what"]])
        lines = max(lines, len(group) + 1)
        d, v = min(group, key=lambda p: p[1])  # the leader-less label hangs below the deepest
        x = (mdates.date2num(group[0][0]) + mdates.date2num(group[-1][0])) / 2
        frac = (x - lo_x) / (hi_x - lo_x)
        ha = "right" if frac > 0.85 else "left" if frac < 0.15 else "center"
        ax.annotate(text, (mdates.date2num(group[-1][0] if ha == "right" else group[0][0])
                           if ha != "center" else x, v),
                    xytext=(0, -4), textcoords="offset points", ha=ha,
                    va="top", fontsize=8, color=style.PALETTE["highlight"])
    lo, hi = ax.get_ylim()
    # room below zero for the tallest label: ~11 pt a line at 8 pt, as a share of the axes
    axes_pt = ax.get_position().height * ax.figure.get_figheight() * 72
    room = (lines * 11 + 6) / axes_pt
    lo_new = min(lo, (neg.min() - room * hi) / (1 - room))
    ax.set_ylim(lo_new, hi)


def _callout(ax, date, value, text, color, y_frac: float, gap: float = 0.03) -> None:
    """A point with its label in axes coordinates at height ``y_frac``, left of the point."""
    ax.plot([date], [value], "o", color=color, ms=5, zorder=6)
    lo, hi = ax.get_xlim()
    x_frac = (mdates.date2num(date) - lo) / (hi - lo)
    right = x_frac > 0.35  # room on the left: text ends left of the point, else starts right
    ax.annotate(text, (date, value), xytext=(x_frac - gap if right else x_frac + gap, y_frac),
                textcoords="axes fraction", ha="right" if right else "left", va="center",
                fontsize=9, color=color,
                arrowprops={"arrowstyle": "-", "color": color, "lw": 0.8,
                            "relpos": (1.0, 0.5) if right else (0.0, 0.5)})


def _month_average(ax, cases: pd.Series, lang: str) -> None:
    """November 2021's daily average, marked partial when the window cuts the month."""
    days = cases[cases.index.to_period("M") == MONTH]
    if days.empty:
        return
    mean = float(days.mean())
    full = len(days) == MONTH.days_in_month
    part = "" if full else _WORDS[lang]["part"].format(a=days.index[0].day, b=days.index[-1].day)
    text = _WORDS[lang]["nov"].format(s=part, v=_fmt_int(mean))
    ax.text(0.99, 0.97, text, transform=ax.transAxes, ha="right", va="top", fontsize=9,
            color=style.PALETTE["main"])
