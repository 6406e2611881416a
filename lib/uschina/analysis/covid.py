"""COVID-19: the wave peaks of the 7-day average and their dates, the growth rate of the
7-day average, and the size of the rebound from the late-October 2021 low."""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from scipy.signal import find_peaks

from .. import datasets, style
from ..charts.common import day_label, highlight, label_point, last_drawn, pct, through_text
from ..errors import ParameterError
from .base import Analysis, check_common, signed, titles

NAME = "fig5_us_covid_trend"
TEXT = {"zh": "疫情波峰、7 日均值增速与 10 月末低点以来的反弹",
        "en": "wave peaks, growth of the 7-day average and the rebound from the late-October low"}
TROUGH_SEARCH = (pd.Timestamp("2021-10-15"), pd.Timestamp("2021-11-05"))
REPORT_DAY = pd.Timestamp("2021-11-15")
# on the log scale, so the rule does not depend on the largest wave (or on as_of): a wave peak
# is at least 1.5 times the higher of the lows on either side
PEAK_RATIO = 1.5
MIN_PEAK = 1_000  # cases a day: the handful of early-2020 cases are not a wave
PEAK_DISTANCE_DAYS = 60
GROWTH_LAG = 7


def wave_peaks(mean7: pd.Series, ratio: float = PEAK_RATIO,
               distance: int = PEAK_DISTANCE_DAYS, min_peak: float = MIN_PEAK) -> pd.DataFrame:
    """Local maxima of the 7-day mean at least ``ratio`` times the higher of the lows on
    either side (prominence on the log scale), ``distance`` days apart or more.

    Parameters
    ----------
    mean7 : pd.Series
        7-day average of new cases, daily; values at or below 0 and NaNs are ignored.
    ratio : float
        How many times the higher of the neighbouring lows a peak must be (default 1.5).
    distance : int
        Minimum days between two peaks (default 60).
    min_peak : float
        Smallest peak counted, cases a day (default 1,000: early-2020 cases are no wave).

    Returns
    -------
    pd.DataFrame
        Indexed by ``date``, columns ``peak`` (cases a day) and ``peak_to_low_ratio``.

    Raises
    ------
    ParameterError
        Fewer than 3 positive values.

    Examples
    --------
    >>> mean7 = datasets.load("us_covid_new_cases_7d", as_of="2021-11-16").rename("mean7")
    >>> wave_peaks(mean7)["peak"].idxmax()
    Timestamp('2021-01-08 00:00:00')
    """
    s = mean7[mean7 > 0].dropna()
    if len(s) < 3:
        raise ParameterError(f"{mean7.name}: needs at least 3 positive values to find peaks, "
                             f"has {len(s)}")
    idx, props = find_peaks(np.log(s.to_numpy()), prominence=np.log(ratio), distance=distance,
                            height=np.log(min_peak))
    out = pd.DataFrame({"peak": s.iloc[idx].to_numpy(),
                        "peak_to_low_ratio": np.exp(props["prominences"])}, index=s.index[idx])
    out.index.name = "date"
    return out


def growth_rate(mean7: pd.Series, lag: int = GROWTH_LAG) -> pd.Series:
    """Average daily growth of the 7-day mean over the last ``lag`` days, % per day (log).

    Parameters
    ----------
    mean7 : pd.Series
        7-day average of new cases, daily; values at or below 0 give NaN.
    lag : int
        Days the growth is averaged over (default 7).

    Returns
    -------
    pd.Series
        ``growth_pct_per_day``: ``log(mean7 / mean7.shift(lag)) / lag * 100``.

    Examples
    --------
    >>> mean7 = datasets.load("us_covid_new_cases_7d", as_of="2021-11-16").rename("mean7")
    >>> round(float(growth_rate(mean7)["2021-11-15"]), 2)
    2.35
    """
    s = mean7.where(mean7 > 0)
    return (np.log(s / s.shift(lag)) / lag * 100).rename("growth_pct_per_day")


def rebound(mean7: pd.Series, until: pd.Timestamp) -> dict[str, object] | None:
    """The late-October 2021 low of the 7-day mean and the rise after it, to ``until``.

    Parameters
    ----------
    mean7 : pd.Series
        7-day average of new cases, daily.
    until : pd.Timestamp
        The last day of the rebound measured.

    Returns
    -------
    dict or None
        ``low_date``, ``low`` (the lowest value 15 Oct to 5 Nov 2021), ``to_date``, ``to``
        (the last value by ``until``) and ``pct`` (the rise from the low, %); None when there is
        no data in the low's window or after the low.

    Examples
    --------
    >>> mean7 = datasets.load("us_covid_new_cases_7d", as_of="2021-11-16").rename("mean7")
    >>> round(rebound(mean7, pd.Timestamp("2021-11-15"))["pct"], 1)
    23.9
    """
    low_window = mean7[TROUGH_SEARCH[0]:TROUGH_SEARCH[1]].dropna()
    if low_window.empty:
        return None
    low = low_window.idxmin()
    after = mean7[(mean7.index > low) & (mean7.index <= until)].dropna()
    if after.empty:
        return None
    return {"low_date": low, "low": float(mean7[low]), "to_date": after.index[-1],
            "to": float(after.iloc[-1]),
            "pct": float((after.iloc[-1] / mean7[low] - 1) * 100)}


def covid_trend(as_of=None, lang: str = "zh") -> Analysis:
    """Wave peaks of the 7-day average, its growth rate, and the rebound from late October 2021.

    Parameters
    ----------
    as_of : date-like, optional
        Only data published by then ("2021-11-16": what the report's authors could see).
    lang : {"zh", "en"}

    Returns
    -------
    Analysis
        The figure, the data behind it (CSV), raw ``key_figures`` (``summary()``), reader
        ``highlights`` in ``lang`` and ``through`` (last observation drawn per data set);
        ``tables`` and ``results`` hold the tidy tables and the :mod:`uschina.trend` objects.

    Examples
    --------
    >>> covid_trend(as_of="2021-11-16").key_figures["late-October low"]
    '2021-10-25: 70,291'
    """
    a = check_common(lang, as_of)
    mean7 = datasets.load("us_covid_new_cases_7d", as_of=a).rename("mean7")
    if mean7.dropna().empty:
        raise ParameterError(f"as_of={as_of!r}: no COVID-19 data published by then")
    mean7 = mean7[mean7.first_valid_index():]
    peaks = wave_peaks(mean7)
    growth = growth_rate(mean7)
    last = mean7.dropna().index[-1]
    figures: dict[str, object] = {"data to": last}
    for i, (d, row) in enumerate(peaks.iterrows(), 1):
        figures[f"wave peak {i}"] = f"{d.date()}: {row['peak']:,.0f} per day"
    report_day = min(REPORT_DAY, last)
    at_report = rebound(mean7, report_day)
    if at_report:
        figures["late-October low"] = f"{at_report['low_date'].date()}: {at_report['low']:,.0f}"
        figures[f"rebound to {at_report['to_date'].date()} %"] = at_report["pct"]
    g = float(growth.get(report_day, np.nan))
    if np.isfinite(g):
        figures[f"growth of 7-day mean on {report_day.date()}, %/day"] = g
        if g > 0:
            figures["doubling time at that pace, days"] = float(np.log(2) / (g / 100))
    at_last = rebound(mean7, last) if last > report_day else None
    if at_last:
        figures[f"rebound to {at_last['to_date'].date()} %"] = at_last["pct"]
        figures[f"growth of 7-day mean on {last.date()}, %/day"] = float(growth[last])
    data = pd.DataFrame({"mean7": mean7, "growth_pct_per_day": growth})
    data.index.name = "date"
    through = last_drawn(us_covid_new_cases_7d=mean7)
    heads = titles({k: finding(peaks, at_report, k) for k in TEXT})
    fig = _draw(data, peaks, at_report, at_last, lang, style.credit(mean7.attrs, lang),
                heads[lang], through_text(through, lang))
    w = WORDS[lang]
    hl = [highlight(w["h_waves"], str(len(peaks)))]
    if len(peaks):
        top = peaks["peak"].idxmax()
        hl.append(highlight(w["h_top"].format(d=day_label(top, lang)),
                            f"{peaks.loc[top, 'peak']:,.0f}"))
    if at_report:
        hl.append(highlight(w["h_rebound"].format(d=day_label(at_report["to_date"], lang)),
                            pct(at_report["pct"], 0, signed=True)))
    if np.isfinite(g):
        hl.append(highlight(w["h_growth"].format(d=day_label(report_day, lang)),
                            pct(g, 2, signed=True)))
    return Analysis(name=NAME, title=heads[lang], titles=heads, fig=fig,
                    data=data, key_figures=figures, sources=["us_covid_new_cases_7d"],
                    tables={"wave_peaks": peaks, "series": data}, lang=lang,
                    highlights=hl[:4], through=through)


WORDS = {
    "zh": {"finding": "7 日均值共 {n} 个波峰，最高 {v}（{d}）",
           "finding_rebound": "；{t}较 10 月末低点{p}",
           "h_waves": "波峰个数", "h_top": "最高波峰（{d}）",
           "h_rebound": "较 10 月末低点（至{d}）",
           "h_growth": "7 日均值日增速（{d}）",
           "mean7": "新增确诊 7 日均值", "unit": "人/日（对数坐标）",
           "off_low": "{m}月{day}日 较低点 {p}%", "off_low_end": "{m}月{day}日\n较低点 {p}%",
           "rising": "上升", "falling": "下降", "growth_unit": "%/日",
           "growth": "7 日均值的日均增速（对数，7 日窗口）",
           "note": "波峰：至少为两侧较高低点 1.5 倍、间隔不少于 60 天的局部最高点"},
    "en": {"finding": "{n} waves in the 7-day average, the highest {v} on {d}",
           "finding_rebound": "; {p} off the late-October low by {t}",
           "h_waves": "Waves", "h_top": "Highest peak ({d})",
           "h_rebound": "Off the late-October low (to {d})",
           "h_growth": "Daily growth of the 7-day mean ({d})",
           "mean7": "new cases, 7-day mean", "unit": "per day (log scale)",
           "off_low": "{d:%-d %b %Y}: {p}% off the low",
           "off_low_end": "{d:%-d %b %Y}:\n{p}% off the low", "rising": "rising",
           "falling": "falling", "growth_unit": "% per day",
           "growth": "daily growth of the 7-day mean (log, over 7 days)",
           "note": "peaks: local maxima ≥ 1.5 times the higher low on either side, ≥ 60 days "
                   "apart"},
}


def finding(peaks: pd.DataFrame, at_report, lang: str) -> str:
    """The headline finding: the number of waves, the highest, and the autumn-2021 rebound.

    Parameters
    ----------
    peaks : pd.DataFrame
        :func:`wave_peaks` of the 7-day average.
    at_report : dict or None
        :func:`rebound` to the report day (None: no rebound part).
    lang : {"zh", "en"}
        The language of the sentence.

    Returns
    -------
    str
        One sentence, used as the analysis's title.

    Examples
    --------
    >>> mean7 = datasets.load("us_covid_new_cases_7d", as_of="2021-11-16").rename("mean7")
    >>> text = finding(wave_peaks(mean7), rebound(mean7, pd.Timestamp("2021-11-15")), "en")
    >>> for part in text.split("; "): print(part)
    4 waves in the 7-day average, the highest 259,616 on 8 Jan 2021
    +24% off the late-October low by 15 Nov 2021
    """
    w = WORDS[lang]
    if peaks.empty:
        return TEXT[lang]
    top = peaks["peak"].idxmax()
    text = w["finding"].format(n=len(peaks), v=f"{peaks.loc[top, 'peak']:,.0f}",
                               d=day_label(top, lang))
    if at_report:
        text += w["finding_rebound"].format(t=day_label(at_report["to_date"], lang),
                                            p=pct(at_report["pct"], 0, signed=True))
    return text


def _draw(data, peaks, at_report, at_last, lang, credit, head, stamp):
    w = WORDS[lang]
    fig, (ax1, ax2) = style.new_figure(figsize=(9.5, 6.2), nrows=2, sharex=True,
                                       gridspec_kw={"height_ratios": [2.2, 1]})
    m = data["mean7"]
    ax1.plot(m.index, m.to_numpy(), color=style.PALETTE["main"], lw=1.5,
             label=w["mean7"])
    ax1.set_yscale("log")
    ax1.set_ylim(MIN_PEAK, float(m.max()) * 12)  # from 1,000 a day: the first weeks off scale
    above = m[m >= MIN_PEAK]
    if not above.empty:
        ax1.set_xlim(above.index[0] - pd.Timedelta(days=14), m.index[-1] + pd.Timedelta(days=5))
    ax1.set_ylabel(w["unit"])
    for i, (d, row) in enumerate(peaks.iterrows()):
        text = f"{d.year}-{d.month:02d}-{d.day:02d}\n{row['peak']:,.0f}"
        label_point(ax1, d, row["peak"], text, style.PALETTE["second"], dx=0,
                    dy=14 + 12 * (i % 2), ha="center")
    for r, color, latest in ((at_report, style.PALETTE["highlight"], False),
                             (at_last, style.PALETTE["grey"], True)):
        if r:
            ax1.plot([r["low_date"], r["to_date"]], [r["low"], r["to"]], "o-", color=color,
                     ms=4, lw=0.9)
            key = "off_low_end" if latest else "off_low"
            text = w[key].format(d=r["to_date"], m=r["to_date"].month, day=r["to_date"].day,
                                 p=signed(r["pct"], 0))
            if latest:  # at the line's end, right of the last point: no data there
                ax1.annotate(text,
                             (r["to_date"], r["to"]), xytext=(6, 0),
                             textcoords="offset points", ha="left", va="center", fontsize=8,
                             color=color, annotation_clip=False)
                continue
            # low on the axis, under every trough (none goes below 8,000 a day after the first
            # weeks), so no data line crosses it; left of the point when near the right edge
            lo_x, hi_x = ax1.get_xlim()
            right = (mdates.date2num(r["to_date"]) - lo_x) / (hi_x - lo_x) > 0.6
            ax1.annotate(text, (r["to_date"], r["to"]),
                         xytext=(r["to_date"] + pd.Timedelta(days=-10 if right else 10),
                                 MIN_PEAK * 3),
                         ha="right" if right else "left", va="center", fontsize=8, color=color,
                         arrowprops={"arrowstyle": "-", "color": color, "lw": 0.6,
                                     "relpos": (1.0, 0.5) if right else (0.0, 0.5)})
    ax1.legend(loc="upper left", fontsize=8)
    g = data["growth_pct_per_day"]
    ax2.fill_between(g.index, g.clip(lower=0), 0, color=style.PALETTE["main"], alpha=0.5, lw=0,
                     label=w["rising"])
    ax2.fill_between(g.index, g.clip(upper=0), 0, color=style.PALETTE["second"], alpha=0.5, lw=0,
                     label=w["falling"])
    # on the panel title's row, right: every colour explained, off the data
    ax2.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=2, fontsize=8,
               borderaxespad=0.2)
    ax2.axhline(0, color="#777777", lw=0.8)
    ax2.set_ylim(-8, 12)  # the first weeks of 2020 grow by 20–40%/day: off scale
    ax2.set_ylabel(w["growth_unit"])
    ax2.set_title(w["growth"], fontsize=9, loc="left")
    note = w["note"]
    return style.finish(fig, head, style.source_line([credit], lang, note, stamp))
