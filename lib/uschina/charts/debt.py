"""美国联邦债务: US total public debt outstanding, daily (Treasury, Debt to the Penny).

The 2026 commentary: "当前美国联邦政府债务规模已经突破38万亿美元" (seed 004, line 30).
"""

from __future__ import annotations

import math

import pandas as pd

from .. import datasets, measures, style
from ..errors import ParameterError
from ..params import check_int
from .base import Chart
from .common import (
    date_axis,
    day_label,
    end_label,
    headline,
    highlight,
    label_point,
    last_drawn,
    legend_above,
    pct,
    through_text,
    usd_trn,
)

NAME = "federal_debt"
TITLES = {"zh": "美国联邦政府债务总额", "en": "US total public debt outstanding"}
TRN = 1e12
TEXT_TRILLION = 38  # the 2026 text: "突破38万亿美元"
LABELLED_EVERY = 5  # label every 5th trillion crossed, plus the text's 38 and the first


def trillion_crossings(total: pd.Series, from_trillion: int = 20) -> pd.DataFrame:
    """The first day the total was at or above each whole trillion, from ``from_trillion`` up.

    The total can dip back below a level (e.g. around debt-ceiling episodes); only the first
    day at or above it counts.

    Parameters
    ----------
    total : pd.Series
        Total public debt outstanding, USD, daily (the "total" column of ``us_public_debt``).
    from_trillion : int
        The first whole trillion listed (default 20).

    Returns
    -------
    pd.DataFrame
        One row a trillion reached: ``trillion``, ``first_day``, ``total_usd`` (that day's
        total) and ``days_since_previous`` (Int64; NA on the first row).

    Examples
    --------
    >>> total = datasets.load("us_public_debt", as_of="2026-03-01")["total"]
    >>> trillion_crossings(total, 38)["first_day"].iloc[0]
    Timestamp('2025-10-21 00:00:00')
    """
    total = total.dropna()
    rows = []
    top = math.floor(total.max() / TRN) if len(total) else from_trillion - 1
    previous = None
    for n in range(from_trillion, top + 1):
        hit = total[total >= n * TRN]
        if hit.empty:
            break
        day = hit.index[0]
        rows.append({
            "trillion": n,
            "first_day": day,
            "total_usd": float(hit.iloc[0]),
            "days_since_previous": (day - previous).days if previous is not None else None,
        })
        previous = day
    out = pd.DataFrame(rows, columns=["trillion", "first_day", "total_usd", "days_since_previous"])
    out["days_since_previous"] = out["days_since_previous"].astype("Int64")
    return out


def value_years_before(total: pd.Series, day, years: int) -> measures.Point:
    """The last value on or before ``day`` minus ``years`` calendar years.

    Parameters
    ----------
    total : pd.Series
        Total public debt outstanding, USD, daily (the "total" column of ``us_public_debt``).
    day : date-like
        The day counted back from.
    years : int
        Calendar years back.

    Returns
    -------
    measures.Point
        The date and value of the last observation on or before that day.

    Raises
    ------
    ValueError
        The series starts after that day.

    Examples
    --------
    >>> total = datasets.load("us_public_debt", as_of="2026-03-01")["total"]
    >>> value_years_before(total, "2026-03-02", 5).date
    Timestamp('2021-03-02 00:00:00')
    """
    when = pd.Timestamp(day) - pd.DateOffset(years=years)
    before = total.dropna()[:when]
    if before.empty:
        raise ValueError(f"no value on or before {when.date()} ({years} years before {day})")
    return measures.Point(before.index[-1], float(before.iloc[-1]))


def growth(total: pd.Series, years: int) -> dict[str, float]:
    """Growth of the latest value over ``years``: total % and compound % per year.

    Parameters
    ----------
    total : pd.Series
        Total public debt outstanding, USD, daily (the "total" column of ``us_public_debt``).
    years : int
        Calendar years back from the latest day (see :func:`value_years_before`).

    Returns
    -------
    dict
        ``from`` (the day compared with), ``pct`` (total growth, %) and ``pct_per_year``
        (compound, over the actual span in years of 365.25 days).

    Examples
    --------
    >>> total = datasets.load("us_public_debt", as_of="2026-03-01")["total"]
    >>> g = growth(total, 5)
    >>> g["from"], round(g["pct"], 1), round(g["pct_per_year"], 2)
    (Timestamp('2021-02-26 00:00:00'), 39.0, 6.81)
    """
    last = measures.latest(total)
    then = value_years_before(total, last.date, years)
    span = (last.date - then.date).days / 365.25
    ratio = last.value / then.value
    return {"from": then.date, "pct": (ratio - 1) * 100,
            "pct_per_year": (ratio ** (1 / span) - 1) * 100}


def last_doubling(total: pd.Series) -> dict[str, object]:
    """How long the debt took to reach its latest value from half of it.

    Starts on the last day the total was at or below half the latest value.

    Parameters
    ----------
    total : pd.Series
        Total public debt outstanding, USD, daily (the "total" column of ``us_public_debt``).

    Returns
    -------
    dict
        ``from`` and ``from_value`` (that day and its total), ``to`` (the latest day) and
        ``years`` (365.25-day years between them); empty if the total was never that low.

    Examples
    --------
    >>> total = datasets.load("us_public_debt", as_of="2026-03-01")["total"]
    >>> d = last_doubling(total)
    >>> d["from"], round(d["years"], 2)
    (Timestamp('2016-08-10 00:00:00'), 9.55)
    """
    total = total.dropna()
    last = measures.latest(total)
    half = total[total <= last.value / 2]
    if half.empty:
        return {}
    start = half.index[-1]
    return {"from": start, "from_value": float(half.iloc[-1]), "to": last.date,
            "years": (last.date - start).days / 365.25}


def measure(total: pd.Series, history: pd.Series, from_trillion: int = 20) -> dict[str, object]:
    """The chart's key figures from the total in the window and its full history.

    Parameters
    ----------
    total : pd.Series
        Total public debt outstanding, USD, daily, in the window drawn.
    history : pd.Series
        The whole total as published at as_of: the trillion crossings, growth and the last
        doubling are measured on it (from its latest day, the window's latest day by default).
    from_trillion : int
        The first whole trillion listed (default 20).

    Returns
    -------
    dict
        Raw key figures (``Chart.summary()``): the window, the latest day and total ($trn, 3
        decimals), the first day at or above each whole trillion, whether the latest total is
        above the 2026 text's $38T, growth over 1, 5 and 10 years (total % and % a year,
        where the history reaches back so far) and the last doubling.

    Examples
    --------
    >>> total = datasets.load("us_public_debt", as_of="2026-03-01")["total"]
    >>> figures = measure(total["2000-01-01":], total)
    >>> figures["latest total $trn"], figures["growth 5y %/yr"], figures["last doubling years"]
    (38.79, 6.81, 9.55)
    """
    figures: dict[str, object] = {}
    last = measures.latest(total)
    figures["window"] = f"{total.index[0].date()} to {last.date.date()}"
    figures["latest day"] = last.date
    figures["latest total $trn"] = round(last.value / TRN, 3)
    for row in trillion_crossings(history, from_trillion).itertuples():
        figures[f"first day >= ${row.trillion}T"] = row.first_day
    above = last.value >= TEXT_TRILLION * TRN
    figures[f"latest above ${TEXT_TRILLION}T (the 2026 text)"] = "yes" if above else "no"
    for years in (1, 5, 10):
        try:
            g = growth(history, years)
        except ValueError:
            continue
        figures[f"growth {years}y %"] = round(g["pct"], 1)
        figures[f"growth {years}y %/yr"] = round(g["pct_per_year"], 2)
    d = last_doubling(history)
    if d:
        figures["last doubling from"] = d["from"]
        figures["last doubling years"] = round(d["years"], 2)
    return figures


def federal_debt(start="2000-01-01", end=None, as_of=None, lang: str = "zh",
                 from_trillion: int = 20) -> Chart:
    """US total public debt outstanding, daily, with the first day above each whole trillion.

    Parameters
    ----------
    start, end : date-like, optional
        The window drawn (default from 2000).
    as_of : date-like, optional
        Only data published by then: "2021-11-16" is the report's view (and the only view with
        the report's headline); None uses all data.
    lang : {"zh", "en"}
        The language of every word in the figure.
    from_trillion : int
        The first whole trillion listed in the crossings table.

    Returns
    -------
    Chart
        The figure, the data behind it (CSV), raw ``key_figures`` (``summary()``), reader
        ``highlights`` in ``lang`` and ``through`` (last observation drawn per data set).

    Examples
    --------
    >>> chart = federal_debt(as_of="2026-03-01", lang="en")
    >>> chart.key_figures["latest above $38T (the 2026 text)"]
    'yes'
    >>> chart.key_figures["latest total $trn"]
    38.79
    """
    style.check_lang(lang)
    check_int("from_trillion", from_trillion, lo=1, hi=100)
    history = datasets.load("us_public_debt", as_of=as_of)
    frame = datasets.load("us_public_debt", start=start, end=end, as_of=as_of)
    if frame.empty:
        span = (f"{history.index[0].date()} to {history.index[-1].date()}" if len(history)
                else "nothing yet")
        raise ParameterError(
            f"no Debt to the Penny data between start={start!r} and end={end!r} "
            f"(as_of={as_of!r}); published data cover {span}"
        )
    total = frame["total"]
    x0 = pd.Timestamp(start) if start else total.index[0]
    x1 = pd.Timestamp(end) if end else total.index[-1]
    w = _WORDS[lang]
    red, blue = style.PALETTE["main"], style.PALETTE["second"]

    fig, ax = style.new_figure()
    ax.plot(total.index, total.to_numpy() / TRN, color=red, lw=1.6,
            label=w["total"])
    public = frame["held_by_public"]
    # the parts are daily only from 2005-04; before that a few scattered days would mislead
    daily_public = public[public.index >= pd.Timestamp("2005-04-01")]
    if daily_public.notna().any():
        ax.plot(daily_public.index, daily_public.to_numpy() / TRN, color=blue, lw=1.1,
                label=w["public"])

    figures = measure(total, history["total"], from_trillion)
    last = measures.latest(total)
    crossings = trillion_crossings(history["total"], from_trillion)
    in_window = crossings[(crossings["first_day"] >= total.index[0])
                          & (crossings["first_day"] <= last.date)]
    ax.plot(in_window["first_day"], in_window["trillion"], "o", color=red, ms=3.5,
            mfc="white", mew=1.0, zorder=4,
            label=w["crossing"])
    labelled = set(in_window["trillion"].iloc[:1]) | {TEXT_TRILLION} | {
        n for n in in_window["trillion"] if n % LABELLED_EVERY == 0}
    for row in in_window.itertuples():
        # a crossing within a few months of the latest day would collide with its label
        near_latest = (last.date - row.first_day).days < 120 and row.trillion != TEXT_TRILLION
        if row.trillion in labelled and not near_latest:
            text = w["cross_label"].format(n=row.trillion, d=day_label(row.first_day, lang))
            label_point(ax, row.first_day, row.trillion, text, "#333333", dx=-16, dy=8,
                        ha="right")

    text = w["latest"].format(d=day_label(last.date, lang), v=last.value / TRN)
    end_label(ax, last.date, last.value / TRN, text, red)  # at the line's end, past the data

    ax.set_ylabel(w["unit"])
    ax.set_ylim(0, last.value / TRN * 1.08)
    date_axis(ax, x0, x1)
    legend_above(ax)
    note = w["note"]
    through = last_drawn(us_public_debt=total)
    titles = {k: style.chart_title(None, v, k) for k, v in headline(
        None, {k: computed_title(figures, k) for k in TITLES}, as_of).items()}
    title = titles[lang]
    style.finish(fig, title, style.source_line([style.credit(frame.attrs, lang)], lang, note,
                                               through_text(through, lang)))

    data = (frame / TRN).rename(columns={"total": "total_usd_trn",
                                         "held_by_public": "held_by_public_usd_trn",
                                         "intragovernmental": "intragovernmental_usd_trn"})
    data.index.name = "date"
    chart = Chart(
        name=NAME,
        title=title,
        titles=titles,
        fig=fig,
        data=data,
        key_figures=figures,
        sources=["us_public_debt"],
        lang=lang, highlights=_highlights(figures, lang), through=through,
    )
    chart.crossings = crossings  # the trillion table, for the notebook
    return chart


_WORDS = {
    "zh": {"title": "美国联邦政府债务总额{d}达{v}", "title_g": "，近 {y} 年年均增长{g}",
           "h_latest": "{d}债务总额", "h_growth": "近 {y} 年年均增速",
           "h_text": "是否突破 38 万亿美元",
           "yes": "是", "no": "否", "h_double": "上一次翻倍用时", "years": "{y:.1f} 年",
           "total": "联邦政府债务总额", "public": "其中：公众持有",
           "crossing": "首次突破整万亿美元", "cross_label": "{n}万亿：{d}",
           "latest": "{d}\n{v:.2f}万亿美元", "unit": "万亿美元",
           "note": "工作日数据，周末与假日无记录"},
    "en": {"title": "US total public debt reached {v} on {d}", "title_g": ", up {g} a year "
                    "over {y} years",
           "h_latest": "Total debt, {d}", "h_growth": "Growth a year, last {y} years",
           "h_text": "Above $38tn (the 2026 text)", "yes": "yes", "no": "no",
           "h_double": "Last doubling took", "years": "{y:.1f} years",
           "total": "Total public debt outstanding", "public": "of which held by the public",
           "crossing": "first day above each whole trillion", "cross_label": "${n}T: {d}",
           "latest": "{d}\n${v:.2f}T", "unit": "USD trillion",
           "note": "business days; no rows on weekends and holidays"},
}


def computed_title(figures: dict, lang: str) -> str:
    """What the data show: the latest total, and its growth over the last 5 years.

    Parameters
    ----------
    figures : dict
        The chart's ``key_figures`` ("latest day", "latest total $trn" and, when the window
        spans 5 years, "growth 5y %/yr").
    lang : {"zh", "en"}
        The title's language.

    Returns
    -------
    str
        The title computed from the data (without the chart-number prefix).

    Examples
    --------
    >>> figures = federal_debt(as_of="2026-03-01").key_figures
    >>> computed_title(figures, "en")
    'US total public debt reached $38.79tn on 26 Feb 2026, up 6.8% a year over 5 years'
    """
    w = _WORDS[lang]
    text = w["title"].format(d=day_label(figures["latest day"], lang),
                             v=usd_trn(figures["latest total $trn"], lang))
    if "growth 5y %/yr" in figures:
        text += w["title_g"].format(y=5, g=pct(figures["growth 5y %/yr"]))
    return text


def _highlights(figures: dict, lang: str) -> list[dict[str, str]]:
    w = _WORDS[lang]
    out = [highlight(w["h_latest"].format(d=day_label(figures["latest day"], lang)),
                     usd_trn(figures["latest total $trn"], lang))]
    if "growth 5y %/yr" in figures:
        out.append(highlight(w["h_growth"].format(y=5), pct(figures["growth 5y %/yr"])))
    key = f"latest above ${TEXT_TRILLION}T (the 2026 text)"
    out.append(highlight(w["h_text"], w[figures[key]]))
    if "last doubling years" in figures:
        years = figures["last doubling years"]
        out.append(highlight(w["h_double"], w["years"].format(y=years)))
    return out


def parts_mismatch(frame: pd.DataFrame, tolerance_usd: float = 1.0) -> pd.DataFrame:
    """Days where held-by-public plus intragovernmental differ from the total (a source quirk).

    Parameters
    ----------
    frame : pd.DataFrame
        ``us_public_debt``: columns ``total``, ``held_by_public`` and ``intragovernmental``.
    tolerance_usd : float
        Differences up to this many dollars (rounding) are not reported (default 1).

    Returns
    -------
    pd.DataFrame
        The rows of ``frame`` that differ, with ``parts_minus_total_usd`` added.

    Examples
    --------
    >>> parts_mismatch(datasets.load("us_public_debt")).empty  # the source has such days
    False
    """
    both = frame.dropna(subset=["held_by_public", "intragovernmental"])
    diff = both["held_by_public"] + both["intragovernmental"] - both["total"]
    out = both.assign(parts_minus_total_usd=diff)
    return out[diff.abs() > tolerance_usd]
