"""Drawing helpers shared by the charts: recession shading, date axes, labelled points."""

from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd

from .. import datasets
from ..style import PALETTE


def shade_recessions(ax, start, end, lang: str, as_of=None) -> list[str]:
    """Shade NBER recessions that overlap [start, end]; returns the data key used.

    Example: ``shade_recessions(ax, "1990-01-01", "2026-05-31", "en")  # ["nber_recessions"]``
    """
    rec = datasets.load("nber_recessions", as_of=as_of)
    label = "美国经济衰退期（NBER）" if lang == "zh" else "US recession (NBER)"
    first = True
    for peak, trough in zip(rec["peak"], rec["trough"], strict=True):
        # shade from the month after the peak to the end of the trough month, as FRED does
        lo, hi = peak + pd.offsets.MonthBegin(1), trough + pd.offsets.MonthEnd(0)
        if hi < pd.Timestamp(start) or lo > pd.Timestamp(end):
            continue
        ax.axvspan(lo, hi, color=PALETTE["shade"], zorder=0, lw=0, label=label if first else None)
        first = False
    return ["nber_recessions"]


def date_axis(ax, start, end) -> None:
    """Year ticks that suit the window's length, and no padding beyond it.

    Example: ``date_axis(ax, "1990-01-01", "2026-05-31")  # ticks every 5 years``
    """
    span_years = (pd.Timestamp(end) - pd.Timestamp(start)).days / 365.25
    if span_years > 20:
        ax.xaxis.set_major_locator(mdates.YearLocator(5))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    elif span_years > 6:
        ax.xaxis.set_major_locator(mdates.YearLocator(2))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    elif span_years > 2:
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    else:
        ax.xaxis.set_major_locator(mdates.MonthLocator(interval=max(1, round(span_years * 4))))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    ax.set_xlim(pd.Timestamp(start), pd.Timestamp(end))


def label_point(ax, date, value, text, color, dx=0, dy=18, ha="center") -> None:
    """A point with a label on a leader line; a label asked to hang left of a point near the
    axes' left edge (or right of one near the right edge) is mirrored to stay inside.

    Example::

        label_point(ax, Timestamp("2022-06-01"), 9.1, "Peak: 9.1%", "red", dx=-10, dy=8, ha="right")
    """
    lo, hi = ax.get_xlim()
    where = (mdates.date2num(pd.Timestamp(date)) - lo) / (hi - lo) if hi > lo else 0.5
    if ha == "right" and where < 0.25:
        ha, dx = "left", -dx
    elif ha == "left" and where > 0.75:
        ha, dx = "right", -dx
    ax.plot([date], [value], "o", color=color, ms=5, zorder=5)
    ax.annotate(
        text,
        (date, value),
        xytext=(dx, dy),
        textcoords="offset points",
        ha=ha,
        va="bottom" if dy >= 0 else "top",
        fontsize=9,
        color=color,
        arrowprops={"arrowstyle": "-", "color": color, "lw": 0.8},
    )


def month_label(ts: pd.Timestamp, lang: str) -> str:
    """A month for readers.

    Example: ``month_label(Timestamp("2026-05-01"), "zh")  # "2026年5月" ("May 2026" in en)``
    """
    return f"{ts.year}年{ts.month}月" if lang == "zh" else ts.strftime("%b %Y")


def day_label(ts: pd.Timestamp, lang: str) -> str:
    """A day for readers.

    Example: ``day_label(Timestamp("2021-11-15"), "en")  # "15 Nov 2021" ("2021年11月15日" in zh)``
    """
    return f"{ts.year}年{ts.month}月{ts.day}日" if lang == "zh" else ts.strftime("%-d %b %Y")


# --- the one headline rule and the data-through stamp, shared by every chart and analysis ---

REPORT_DATE = pd.Timestamp("2021-11-16")  # the 2021 report's date: its view is as_of this day
_THROUGH = {"zh": "数据截至 {d}", "en": "Data through {d}"}
_PERIOD = {"monthly": "month", "quarterly": "month"}  # others are dated to the day


def is_report_view(as_of) -> bool:
    """True in the report's view: data as published on the report's date (2021-11-16).

    Example: ``is_report_view("2021-11-16")`` -> True; ``is_report_view(None)`` -> False.
    """
    return as_of is not None and pd.Timestamp(as_of).normalize() == REPORT_DATE


def headline(report: dict[str, str] | None, computed: dict[str, str], as_of) -> dict[str, str]:
    """The one rule for titles: the report's headline verbatim in the report's view only;
    every other view states what its own data show (``computed``, both languages).

    Example: ``headline(TITLES, {"zh": "...峰值...", "en": "...peak..."}, None)`` -> computed.
    """
    return dict(report) if report is not None and is_report_view(as_of) else dict(computed)


def period_label(key: str, ts: pd.Timestamp, lang: str) -> str:
    """``ts`` as a reader would date an observation of data set ``key``: a month for monthly
    series ("2026年5月" / "May 2026"), else the day.

    Example: ``period_label("us_cpi_yoy", Timestamp("2026-05-01"), "en")  # "May 2026"``
    """
    freq = datasets.meta(key).frequency
    return month_label(ts, lang) if _PERIOD.get(freq) == "month" else day_label(ts, lang)


def through_text(through: dict[str, pd.Timestamp], lang: str) -> str | None:
    """The stamp for a source line, from the last observation drawn of each series.

    The latest of them is stamped; a series ending more than a month earlier is named with
    its own date, so no reader takes a stale panel for a fresh one.

    Example: ``through_text({"us_cpi_yoy": Timestamp("2026-05-01")}, "en")`` ->
    ``"Data through May 2026"``.
    """
    if not through:
        return None
    key, ts = max(through.items(), key=lambda kv: kv[1])
    text = _THROUGH[lang].format(d=period_label(key, ts, lang))
    early = [(k, d) for k, d in through.items() if (ts - d).days > 31]
    if early:
        sep, colon = ("；", "：") if lang == "zh" else ("; ", ": ")
        parts = [f"{datasets.meta(k).title(lang)}{colon}{period_label(k, d, lang)}"
                 for k, d in early]
        text += f"（{sep.join(parts)}）" if lang == "zh" else f" ({sep.join(parts)})"
    return text


def last_drawn(**series) -> dict[str, pd.Timestamp]:
    """``{key: last non-missing date}`` for each drawn series or frame passed by data key.

    Example: ``last_drawn(us_cpi_yoy=yoy)`` -> ``{"us_cpi_yoy": Timestamp("2026-05-01")}``.
    """
    out = {}
    for key, s in series.items():
        s = s.dropna(how="all") if isinstance(s, pd.DataFrame) else s.dropna()
        if len(s):
            out[key] = pd.Timestamp(s.index[-1])
    return out


def pct(v: float, decimals: int = 1, signed: bool = False) -> str:
    """A percentage for people: "6.2%", "−3.4%" (a real minus sign).

    Example: ``pct(-3.44, signed=True)  # "−3.4%"``
    """
    text = f"{v:+.{decimals}f}%" if signed else f"{v:.{decimals}f}%"
    return text.replace("-", "\u2212")


def usd_bn(v: float, lang: str) -> str:
    """Billions of dollars for people: "$683bn" / "6,830亿美元".

    Example: ``usd_bn(683.5, "zh")  # "6,835亿美元" ("$684bn" in en)``
    """
    if lang == "zh":
        return f"{v / 1000:.2f}万亿美元" if abs(v) >= 1000 else f"{v * 10:,.0f}亿美元"
    return f"${v:,.0f}bn"


def usd_trn(v: float, lang: str, decimals: int = 2) -> str:
    """Trillions of dollars: "$38.77tn" / "38.77万亿美元".

    Example: ``usd_trn(38.774, "en")  # "$38.77tn"``
    """
    return f"{v:,.{decimals}f}万亿美元" if lang == "zh" else f"${v:,.{decimals}f}tn"


def highlight(label: str, value: str) -> dict[str, str]:
    """One reader-facing key figure: a label and a formatted value.

    Example: ``highlight("CPI YoY, May 2026", "4.2%")  # {"label": ..., "value": ...}``
    """
    return {"label": label, "value": value}


def legend_above(ax, **kw):
    """The legend in a row above the axes, left-aligned: off the data by construction.

    Example: ``legend_above(ax, ncols=2)``
    """
    opts = {"loc": "lower left", "bbox_to_anchor": (0.0, 1.01), "ncols": 3, "fontsize": 8.5,
            "borderaxespad": 0.0, "handlelength": 1.6, "columnspacing": 1.2}
    opts.update(kw)
    return ax.legend(**opts)


def end_label(ax, date, value, text, color, dy=0) -> None:
    """A point and its label just right of it, at the line's end (outside the data).

    Example: ``end_label(ax, Timestamp("2026-05-01"), 4.2, "May 2026: 4.2%", "red")``
    """
    ax.plot([date], [value], "o", color=color, ms=5, zorder=5)
    ax.annotate(text, (date, value), xytext=(7, dy), textcoords="offset points", ha="left",
                va="center", fontsize=9, color=color, annotation_clip=False)
