"""Drawing helpers shared by the charts: recession shading, date axes, labelled points."""

from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd

from .. import datasets
from ..style import PALETTE


def shade_recessions(ax, start, end, lang: str, as_of=None) -> list[str]:
    """Shade NBER recessions that overlap [start, end]; returns the data key used."""
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
    """Year ticks that suit the window's length, and no padding beyond it."""
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
    return f"{ts.year}年{ts.month}月" if lang == "zh" else ts.strftime("%b %Y")


def day_label(ts: pd.Timestamp, lang: str) -> str:
    return f"{ts.year}年{ts.month}月{ts.day}日" if lang == "zh" else ts.strftime("%-d %b %Y")
