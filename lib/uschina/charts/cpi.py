"""图表3：美国 CPI 同比创下 30 年以来的新高 (US CPI YoY, with NBER recessions)."""

from __future__ import annotations

import pandas as pd

from .. import datasets, measures, style
from ..errors import ParameterError
from .base import Chart
from .common import date_axis, label_point, month_label, shade_recessions

NAME = "fig3_us_cpi"
TITLES = {"zh": "美国 CPI 同比创下 30 年以来的新高", "en": "US CPI inflation at a 30-year high"}
REPORT_MONTH = pd.Timestamp("2021-10-01")  # the report's "10 月 CPI 同比 6.2%"


def us_cpi_yoy(start="1990-01-01", end=None, as_of=None, lang: str = "zh") -> Chart:
    style.check_lang(lang)
    yoy = datasets.load("us_cpi_yoy", start=start, end=end, as_of=as_of)
    # for "highest since", before the window; require: an as_of before 1914 is a named error
    history = datasets.load("us_cpi_yoy", as_of=as_of, require=True)
    index = datasets.load("us_cpi_index", start=start, end=end, as_of=as_of)
    if yoy.dropna().empty:
        raise ParameterError(
            f"no CPI data between start={start!r} and end={end!r} (as_of={as_of!r}); "
            f"the series covers {history.index[0].date()} to {history.index[-1].date()}"
        )
    x0 = pd.Timestamp(start) if start else yoy.index[0]
    x1 = pd.Timestamp(end) if end else yoy.index[-1] + pd.offsets.MonthEnd(0)

    fig, ax = style.new_figure()
    sources = ["us_cpi_yoy", *shade_recessions(ax, x0, x1, lang, as_of=as_of)]
    label = "美国：CPI：当月同比" if lang == "zh" else "US CPI-U, 12-month change"
    ax.plot(yoy.index, yoy.to_numpy(), color=style.PALETTE["main"], lw=1.6, label=label)
    ax.axhline(0, color="#999999", lw=0.8)
    ax.set_ylabel("%")
    date_axis(ax, x0, x1)

    figures: dict[str, object] = {}
    last = measures.latest(yoy)
    top = measures.peak(yoy)
    figures["window"] = f"{yoy.dropna().index[0].date()} to {last.date.date()}"
    figures["latest month"] = last.date
    figures["latest YoY %"] = last.value
    figures["window peak month"] = top.date
    figures["window peak YoY %"] = top.value

    if REPORT_MONTH in yoy.dropna().index:
        v = float(yoy[REPORT_MONTH])
        since = measures.highest_since(history, REPORT_MONTH)
        figures["Oct 2021 YoY %"] = v
        figures["Oct 2021 highest since"] = since.date if since else "record"
        if lang == "zh":
            text = f"{month_label(REPORT_MONTH, lang)}：{v:.1f}%"
            if since:
                text += f"\n{since.date.year}年{since.date.month}月以来最高"
        else:
            text = f"{month_label(REPORT_MONTH, lang)}: {v:.1f}%"
            if since:
                text += f"\nhighest since {month_label(since.date, lang)}"
        label_point(ax, REPORT_MONTH, v, text, style.PALETTE["second"], dx=-70, dy=25)

    if top.date != REPORT_MONTH:
        text = (
            f"峰值 {month_label(top.date, lang)}：{top.value:.1f}%"
            if lang == "zh"
            else f"Peak {month_label(top.date, lang)}: {top.value:.1f}%"
        )
        label_point(ax, top.date, top.value, text, style.PALETTE["main"], dx=-10, dy=8, ha="right")
    if last.date not in (top.date, REPORT_MONTH):
        text = f"{month_label(last.date, lang)}：{last.value:.1f}%" if lang == "zh" else (
            f"{month_label(last.date, lang)}: {last.value:.1f}%"
        )
        label_point(ax, last.date, last.value, text, style.PALETTE["grey"], dx=-25, dy=-45,
                    ha="right")

    y2021 = yoy["2021-01-01":"2021-12-31"].dropna()
    if not y2021.empty:
        hi = measures.peak(y2021)
        figures["2021 high month"] = hi.date
        figures["2021 high YoY %"] = hi.value

    gaps = yoy[yoy.isna()]
    if not gaps.empty:
        figures["months without data"] = ", ".join(d.strftime("%Y-%m") for d in gaps.index)

    ax.legend(loc="upper left")
    note = None
    if not gaps.empty:
        note = (
            "2025年10月 BLS 未发布 CPI（政府停摆），该月留空"
            if lang == "zh"
            else "BLS published no October 2025 CPI (shutdown); the month is left blank"
        )
    meta_credit = style.credit(yoy.attrs, lang)
    title = style.chart_title(3, TITLES[lang], lang)
    style.finish(fig, title, style.source_line([meta_credit, "NBER"], lang, note))

    data = pd.DataFrame({"cpi_u_index": index, "cpi_yoy_pct": yoy})
    data.index.name = "date"
    return Chart(
        name=NAME,
        title=title,
        titles={k: style.chart_title(3, v, k) for k, v in TITLES.items()},
        fig=fig,
        data=data,
        key_figures=figures,
        sources=[*sources, "us_cpi_index"],
    )
