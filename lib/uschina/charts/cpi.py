"""图表3：美国 CPI 同比创下 30 年以来的新高 (US CPI YoY, with NBER recessions).

Measuring (:func:`measure`), words (``WORDS``) and drawing (:func:`us_cpi_yoy`) are apart.
"""

from __future__ import annotations

import pandas as pd

from .. import datasets, measures, style
from ..errors import ParameterError
from .base import Chart
from .common import (
    date_axis,
    end_label,
    headline,
    highlight,
    label_point,
    last_drawn,
    legend_above,
    month_label,
    pct,
    shade_recessions,
    through_text,
)

NAME = "fig3_us_cpi"
TITLES = {"zh": "美国 CPI 同比创下 30 年以来的新高", "en": "US CPI inflation at a 30-year high"}
REPORT_MONTH = pd.Timestamp("2021-10-01")  # the report's "10 月 CPI 同比 6.2%"

WORDS = {
    "zh": {
        "series": "美国：CPI：当月同比",
        "report_month": "{m}：{v}",
        "highest_since": "{m}以来最高",
        "peak": "峰值 {m}：{v}",
        "latest": "{m}：{v}",
        "title_peak": "美国 CPI 同比于{pm}见顶（{pv}），{lm}为{lv}",
        "title_high": "美国 CPI 同比{lm}升至{lv}，为{sm}以来最高",
        "title_record": "美国 CPI 同比{lm}升至{lv}，为窗口内最高",
        "gap_note": "2025年10月 BLS 未发布 CPI（政府停摆），该月留空",
        "h_latest": "{m} CPI 同比", "h_peak": "峰值（{m}）", "h_report": "2021年10月 CPI 同比",
        "h_since": "此前同样高的月份",
    },
    "en": {
        "series": "US CPI-U, 12-month change",
        "report_month": "{m}: {v}",
        "highest_since": "highest since {m}",
        "peak": "Peak {m}: {v}",
        "latest": "{m}: {v}",
        "title_peak": "US CPI inflation peaked at {pv} in {pm}; {lv} in {lm}",
        "title_high": "US CPI inflation at {lv} in {lm}, the highest since {sm}",
        "title_record": "US CPI inflation at {lv} in {lm}, the window's high",
        "gap_note": "BLS published no October 2025 CPI (shutdown); the month is left blank",
        "h_latest": "CPI YoY, {m}", "h_peak": "Peak ({m})", "h_report": "CPI YoY, Oct 2021",
        "h_since": "Last month as high",
    },
}


def measure(yoy: pd.Series, history: pd.Series) -> dict[str, object]:
    """The chart's key figures from the YoY series in the window and its full history.

    Parameters
    ----------
    yoy : pd.Series
        CPI-U 12-month change (%), monthly, in the window drawn.
    history : pd.Series
        The whole series as published at as_of, for "highest since".

    Returns
    -------
    dict
        Raw key figures (nbval checks them through ``Chart.summary()``): the window, the
        latest and peak month and value, the report month's reading and since when it is
        the highest (when October 2021 is in the window), the 2021 high, and any months
        without data.

    Examples
    --------
    >>> yoy = datasets.load("us_cpi_yoy", start="1990-01-01", as_of="2021-11-16")
    >>> history = datasets.load("us_cpi_yoy", as_of="2021-11-16")
    >>> measure(yoy, history)["latest YoY %"]
    6.2
    """
    figures: dict[str, object] = {}
    last, top = measures.latest(yoy), measures.peak(yoy)
    figures["window"] = f"{yoy.dropna().index[0].date()} to {last.date.date()}"
    figures["latest month"] = last.date
    figures["latest YoY %"] = last.value
    figures["window peak month"] = top.date
    figures["window peak YoY %"] = top.value
    if REPORT_MONTH in yoy.dropna().index:
        since = measures.highest_since(history, REPORT_MONTH)
        figures["Oct 2021 YoY %"] = float(yoy[REPORT_MONTH])
        figures["Oct 2021 highest since"] = since.date if since else "record"
    y2021 = yoy["2021-01-01":"2021-12-31"].dropna()
    if not y2021.empty:
        hi = measures.peak(y2021)
        figures["2021 high month"] = hi.date
        figures["2021 high YoY %"] = hi.value
    gaps = yoy[yoy.isna()]
    if not gaps.empty:
        figures["months without data"] = ", ".join(d.strftime("%Y-%m") for d in gaps.index)
    return figures


def computed_title(yoy: pd.Series, history: pd.Series, lang: str) -> str:
    """What the window shows: its peak and latest reading, or how high the latest is.

    Parameters
    ----------
    yoy : pd.Series
        CPI-U 12-month change (%), monthly, in the window drawn.
    history : pd.Series
        The whole series as published at as_of, for "highest since".
    lang : {"zh", "en"}
        The title's language.

    Returns
    -------
    str
        The title computed from the data (without the "图表3" prefix).

    Examples
    --------
    >>> yoy = datasets.load("us_cpi_yoy", start="1990-01-01", as_of="2026-03-01")
    >>> history = datasets.load("us_cpi_yoy", as_of="2026-03-01")
    >>> computed_title(yoy, history, "en")
    'US CPI inflation peaked at 9.1% in Jun 2022; 2.4% in Jan 2026'
    """
    w = WORDS[lang]
    last, top = measures.latest(yoy), measures.peak(yoy)
    lm, lv = month_label(last.date, lang), pct(last.value)
    if top.date != last.date:
        return w["title_peak"].format(pm=month_label(top.date, lang), pv=pct(top.value),
                                      lm=lm, lv=lv)
    since = measures.highest_since(history, last.date)
    if since is None:
        return w["title_record"].format(lm=lm, lv=lv)
    return w["title_high"].format(lm=lm, lv=lv, sm=month_label(since.date, lang))


def us_cpi_yoy(start="1990-01-01", end=None, as_of=None, lang: str = "zh") -> Chart:
    """图表3: US CPI-U 12-month change with NBER recessions shaded.

    Parameters
    ----------
    start, end : date-like, optional
        The window drawn (default 1990 to the latest month).
    as_of : date-like, optional
        Only data published by then ("2021-11-16": the report's view, with its headline).
    lang : {"zh", "en"}

    Returns
    -------
    Chart
        With ``key_figures`` (raw), ``highlights`` (for readers) and ``through``.

    Examples
    --------
    >>> chart = us_cpi_yoy(as_of="2021-11-16", lang="en")
    >>> chart.key_figures["Oct 2021 YoY %"]
    6.2
    """
    style.check_lang(lang)
    w = WORDS[lang]
    yoy = datasets.load("us_cpi_yoy", start=start, end=end, as_of=as_of)
    # for "highest since", before the window; require: an as_of before 1914 is a named error
    history = datasets.load("us_cpi_yoy", as_of=as_of, require=True)
    index = datasets.load("us_cpi_index", start=start, end=end, as_of=as_of)
    if yoy.dropna().empty:
        raise ParameterError(
            f"no CPI data between start={start!r} and end={end!r} (as_of={as_of!r}); "
            f"the series covers {history.index[0].date()} to {history.index[-1].date()}"
        )
    figures = measure(yoy, history)
    x0 = pd.Timestamp(start) if start else yoy.index[0]
    x1 = pd.Timestamp(end) if end else yoy.index[-1] + pd.offsets.MonthEnd(0)

    fig, ax = style.new_figure()
    sources = ["us_cpi_yoy", *shade_recessions(ax, x0, x1, lang, as_of=as_of)]
    ax.plot(yoy.index, yoy.to_numpy(), color=style.PALETTE["main"], lw=1.6, label=w["series"])
    ax.axhline(0, color="#999999", lw=0.8)
    ax.set_ylabel("%")
    date_axis(ax, x0, x1)

    last, top = measures.latest(yoy), measures.peak(yoy)
    if "Oct 2021 YoY %" in figures:
        v = figures["Oct 2021 YoY %"]
        text = w["report_month"].format(m=month_label(REPORT_MONTH, lang), v=pct(v))
        since = figures["Oct 2021 highest since"]
        if isinstance(since, pd.Timestamp):
            text += "\n" + w["highest_since"].format(m=month_label(since, lang))
        if REPORT_MONTH == last.date:
            end_label(ax, REPORT_MONTH, v, text, style.PALETTE["second"])
        else:
            label_point(ax, REPORT_MONTH, v, text, style.PALETTE["second"], dx=-70, dy=25,
                        ha="right")
    if top.date not in (REPORT_MONTH, last.date):
        label_point(ax, top.date, top.value,
                    w["peak"].format(m=month_label(top.date, lang), v=pct(top.value)),
                    style.PALETTE["main"], dx=-10, dy=8, ha="right")
    if last.date != REPORT_MONTH:
        end_label(ax, last.date, last.value,
                  w["latest"].format(m=month_label(last.date, lang), v=pct(last.value)),
                  style.PALETTE["main"])
    ax.set_ylim(top=max(ax.get_ylim()[1], top.value * 1.18))  # headroom for the peak label
    legend_above(ax)

    note = w["gap_note"] if "months without data" in figures else None
    through = last_drawn(us_cpi_yoy=yoy)
    titles = {k: style.chart_title(3, v, k) for k, v in headline(
        TITLES, {k: computed_title(yoy, history, k) for k in TITLES}, as_of).items()}
    meta_credit = style.credit(yoy.attrs, lang)
    style.finish(fig, titles[lang], style.source_line([meta_credit, "NBER"], lang, note,
                                                      through_text(through, lang)))

    hl = [highlight(w["h_latest"].format(m=month_label(last.date, lang)), pct(last.value))]
    if top.date != last.date:
        hl.append(highlight(w["h_peak"].format(m=month_label(top.date, lang)), pct(top.value)))
    if "Oct 2021 YoY %" in figures and last.date != REPORT_MONTH:
        hl.append(highlight(w["h_report"], pct(figures["Oct 2021 YoY %"])))
    if isinstance(figures.get("Oct 2021 highest since"), pd.Timestamp):
        hl.append(highlight(w["h_since"], month_label(figures["Oct 2021 highest since"], lang)))

    data = pd.DataFrame({"cpi_u_index": index, "cpi_yoy_pct": yoy})
    data.index.name = "date"
    return Chart(name=NAME, title=titles[lang], titles=titles, fig=fig, data=data,
                 key_figures=figures, sources=[*sources, "us_cpi_index"], lang=lang,
                 highlights=hl[:4], through=through)
