"""Drawing helpers shared by the charts: recession shading, date axes, labelled points, the
headline rule and the data-through stamp (with what the values are: the latest revision, or as
published at the view's date)."""

from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd

from .. import datasets
from ..style import PALETTE

# every reader-visible word of this module, per language
WORDS = {
    "zh": {
        "recession": "美国经济衰退期（NBER）",
        "month": "{y}年{m}月", "day": "{y}年{m}月{d}日",
        "through": "数据截至 {d}",
        "early": "（{parts}）", "sep": "；", "colon": "：",
        "latest_revision": "；数值为最新修订值",
        "as_published": "；数值为当时公布值",
        "mixed": "；{names}为当时公布值，其余为最新修订值",
        "partly": "；{names}有存档处为当时公布值，其余为最新修订值",
        "names_sep": "、",
        "values_latest": "最新修订值", "values_published": "当时公布值",
        "values_partly": "有存档处为当时公布值，其余为最新修订值",
        # 亿 is 0.1 billion; 1,000 billion and more are written in 万亿
        "bn": "{v:,.0f}亿美元", "bn_factor": 10, "bn_as_trn": True, "trn": "{v:,.{n}f}万亿美元",
    },
    "en": {
        "recession": "US recession (NBER)",
        "month": "{b} {y}", "day": "{d} {b} {y}",
        "through": "Data through {d}",
        "early": " ({parts})", "sep": "; ", "colon": ": ",
        "latest_revision": "; values are the latest revisions",
        "as_published": "; values as published then",
        "mixed": "; {names} as published then, other values the latest revisions",
        "partly": "; {names} as published then where kept, other values the latest revisions",
        "names_sep": ", ",
        "values_latest": "latest revision", "values_published": "as published then",
        "values_partly": "as published then where kept, else latest revision",
        "bn": "${v:,.0f}bn", "bn_factor": 1, "bn_as_trn": False, "trn": "${v:,.{n}f}tn",
    },
}
LATEST_REVISION = "latest revision"  # datasets.load's attrs["vintage"] without kept vintages


def shade_recessions(ax, start, end, lang: str, as_of=None) -> list[str]:
    """Shade the NBER recessions that overlap [start, end], with one legend entry.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to shade.
    start, end : date-like
        The window drawn.
    lang : {"zh", "en"}
        The legend entry's language.
    as_of : date-like, optional
        Only recessions NBER had dated by then.

    Returns
    -------
    list of str
        The data keys used (``["nber_recessions"]``), for the chart's sources.

    Examples
    --------
    >>> shade_recessions(ax, "1990-01-01", "2026-05-31", "en")  # doctest: +SKIP
    ['nber_recessions']
    """
    rec = datasets.load("nber_recessions", as_of=as_of)
    label = WORDS[lang]["recession"]
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

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes whose x axis holds dates.
    start, end : date-like
        The window drawn: the axis limits.

    Returns
    -------
    None

    Examples
    --------
    >>> date_axis(ax, "1990-01-01", "2026-05-31")  # doctest: +SKIP
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

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to draw on.
    date : date-like
        The point's x.
    value : float
        The point's y.
    text : str
        The label.
    color : str
        Colour of the point, the leader line and the label.
    dx, dy : float, optional
        The label's offset from the point, in points.
    ha : {"center", "left", "right"}, optional
        The label's horizontal alignment.

    Returns
    -------
    None

    Examples
    --------
    >>> label_point(ax, pd.Timestamp("2022-06-01"), 9.1, "Peak: 9.1%", "red",
    ...             dx=-10, dy=8, ha="right")  # doctest: +SKIP
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
    """A month as readers write it.

    Parameters
    ----------
    ts : pandas.Timestamp
        Any day of the month.
    lang : {"zh", "en"}
        The language.

    Returns
    -------
    str
        "2026年5月" or "May 2026".

    Examples
    --------
    >>> month_label(pd.Timestamp("2026-05-01"), "zh")
    '2026年5月'
    >>> month_label(pd.Timestamp("2026-05-01"), "en")
    'May 2026'
    """
    return WORDS[lang]["month"].format(y=ts.year, m=ts.month, b=ts.strftime("%b"))


def day_label(ts: pd.Timestamp, lang: str) -> str:
    """A day as readers write it.

    Parameters
    ----------
    ts : pandas.Timestamp
        The day.
    lang : {"zh", "en"}
        The language.

    Returns
    -------
    str
        "2021年11月15日" or "15 Nov 2021".

    Examples
    --------
    >>> day_label(pd.Timestamp("2021-11-15"), "en")
    '15 Nov 2021'
    """
    return WORDS[lang]["day"].format(y=ts.year, m=ts.month, d=ts.day, b=ts.strftime("%b"))


# --- the one headline rule and the data-through stamp, shared by every chart and analysis ---

REPORT_DATE = pd.Timestamp("2021-11-16")  # the 2021 report's date: its view is as_of this day
_PERIOD = {"monthly": "month", "quarterly": "month"}  # others are dated to the day


def is_report_view(as_of) -> bool:
    """True in the report's view: data as published on the report's date (2021-11-16).

    Parameters
    ----------
    as_of : date-like or None
        The view's date (None: today's data).

    Returns
    -------
    bool

    Examples
    --------
    >>> is_report_view("2021-11-16"), is_report_view(None)
    (True, False)
    """
    return as_of is not None and pd.Timestamp(as_of).normalize() == REPORT_DATE


def headline(report: dict[str, str] | None, computed: dict[str, str], as_of) -> dict[str, str]:
    """The one rule for titles: the report's headline verbatim in the report's view only;
    every other view states what its own data show (``computed``, both languages).

    Parameters
    ----------
    report : dict or None
        The report's headline, ``{"zh": ..., "en": ...}`` (None: the chart has none).
    computed : dict
        The title computed from the view's data, in both languages.
    as_of : date-like or None
        The view's date.

    Returns
    -------
    dict
        ``{"zh": ..., "en": ...}``.

    Examples
    --------
    >>> headline({"zh": "报告", "en": "report"}, {"zh": "数据", "en": "data"}, "2021-11-16")
    {'zh': '报告', 'en': 'report'}
    >>> headline({"zh": "报告", "en": "report"}, {"zh": "数据", "en": "data"}, None)["en"]
    'data'
    """
    return dict(report) if report is not None and is_report_view(as_of) else dict(computed)


def period_label(key: str, ts: pd.Timestamp, lang: str) -> str:
    """``ts`` as a reader would date an observation of data set ``key``: a month for monthly
    series ("2026年5月" / "May 2026"), else the day.

    Parameters
    ----------
    key : str
        The data key (its frequency decides).
    ts : pandas.Timestamp
        The observation's date.
    lang : {"zh", "en"}
        The language.

    Returns
    -------
    str

    Examples
    --------
    >>> period_label("us_cpi_yoy", pd.Timestamp("2026-05-01"), "en")
    'May 2026'
    >>> period_label("usd_cny", pd.Timestamp("2021-11-12"), "zh")
    '2021年11月12日'
    """
    freq = datasets.meta(key).frequency
    return month_label(ts, lang) if _PERIOD.get(freq) == "month" else day_label(ts, lang)


class Through(dict):
    """``{data key: last observation drawn}``, plus what the values drawn are.

    A dict, so ``chart.through`` reads as before; ``as_of`` is the view's date (None: today's
    data) and ``vintages`` maps a key to ``datasets.load``'s ``attrs["vintage"]``
    ("latest revision" or "as published on DATE"). Keys added by hand (``through[k] = ts``)
    count as the latest revision.

    Examples
    --------
    >>> t = last_drawn(us_cpi_yoy=datasets.load("us_cpi_yoy", as_of="2021-11-16"))
    >>> t["us_cpi_yoy"], t.as_of, t.vintages["us_cpi_yoy"]
    (Timestamp('2021-10-01 00:00:00'), '2021-11-16', 'latest revision')
    """

    def __init__(self, dates=(), *, as_of=None, vintages=None):
        super().__init__(dates)
        self.as_of = None if as_of is None else str(pd.Timestamp(as_of).date())
        self.vintages = dict(vintages or {})


def vintage_note(through, lang: str) -> str:
    """What the values drawn are, in a view of the past: the latest revisions (today's data
    filtered to what had been published), or as published then (kept vintages).

    Parameters
    ----------
    through : Through or dict
        From :func:`last_drawn`; a plain dict (no view date) gives no note.
    lang : {"zh", "en"}
        The language.

    Returns
    -------
    str
        "" for today's data, else e.g. "；数值为最新修订值" / "; values are the latest
        revisions".

    Examples
    --------
    >>> vintage_note(Through({"us_cpi_yoy": pd.Timestamp("2021-10-01")}, as_of="2021-11-16"),
    ...              "en")
    '; values are the latest revisions'
    >>> vintage_note(Through({"us_cpi_yoy": pd.Timestamp("2026-05-01")}), "en")
    ''
    """
    if not through or getattr(through, "as_of", None) is None:
        return ""
    w = WORDS[lang]
    kinds = {k: _vintage_kind(through.vintages.get(k, LATEST_REVISION)) for k in through}
    published = [k for k in through if kinds[k] != "latest"]
    if not published:
        return w["latest_revision"]
    if all(kinds[k] == "published" for k in through):
        return w["as_published"]
    names = w["names_sep"].join(datasets.meta(k).title(lang) for k in published)
    partly = any(kinds[k] == "partly" for k in published)
    return w["partly" if partly else "mixed"].format(names=names)


def _vintage_kind(vintage: str) -> str:
    """"latest", "published" or "partly" from ``datasets.load``'s ``attrs["vintage"]``."""
    if vintage == LATEST_REVISION:
        return "latest"
    return "partly" if "else latest revision" in vintage else "published"


def values_label(through, key: str, lang: str) -> str:
    """What the values of one drawn series are, in a view of the past (for the site's
    data-through line): the latest revision, or as published then.

    Parameters
    ----------
    through : Through or dict
        From :func:`last_drawn`; a plain dict or today's view gives "".
    key : str
        The data key.
    lang : {"zh", "en"}
        The language.

    Returns
    -------
    str

    Examples
    --------
    >>> values_label(Through({"usd_cny": pd.Timestamp("2021-11-12")}, as_of="2021-11-16"),
    ...              "usd_cny", "en")
    'latest revision'
    """
    if getattr(through, "as_of", None) is None or key not in through:
        return ""
    kind = _vintage_kind(through.vintages.get(key, LATEST_REVISION))
    return WORDS[lang]["values_" + kind]


def through_text(through: dict[str, pd.Timestamp], lang: str) -> str | None:
    """The stamp for a source line, from the last observation drawn of each series.

    The latest of them is stamped; a series ending more than a month earlier is named with
    its own date, so no reader takes a stale panel for a fresh one. In a view of the past
    (``through`` from :func:`last_drawn` on data loaded with ``as_of``) the stamp also says
    whether the values are the latest revisions or as published then (:func:`vintage_note`).

    Parameters
    ----------
    through : Through or dict
        ``{data key: last observation drawn}``, from :func:`last_drawn`.
    lang : {"zh", "en"}
        The language.

    Returns
    -------
    str or None
        The stamp; None when nothing was drawn.

    Examples
    --------
    >>> through_text({"us_cpi_yoy": pd.Timestamp("2026-05-01")}, "en")
    'Data through May 2026'
    >>> through_text(last_drawn(us_cpi_yoy=datasets.load("us_cpi_yoy", as_of="2021-11-16")),
    ...              "zh")
    '数据截至 2021年10月；数值为最新修订值'
    """
    if not through:
        return None
    w = WORDS[lang]
    key, ts = max(through.items(), key=lambda kv: kv[1])
    text = w["through"].format(d=period_label(key, ts, lang))
    early = [(k, d) for k, d in through.items() if (ts - d).days > 31]
    if early:
        parts = [f"{datasets.meta(k).title(lang)}{w['colon']}{period_label(k, d, lang)}"
                 for k, d in early]
        text += w["early"].format(parts=w["sep"].join(parts))
    return text + vintage_note(through, lang)


def last_drawn(**series) -> Through:
    """The last non-missing date of each drawn series or frame, passed by data key, with the
    view's date and the values' vintage read from what ``datasets.load`` returned.

    Parameters
    ----------
    **series : pandas.Series or pandas.DataFrame
        The data drawn, by data key (as loaded, or sliced from what was loaded).

    Returns
    -------
    Through
        ``{key: Timestamp}`` (keys with no data left out), with ``as_of`` and ``vintages``.

    Examples
    --------
    >>> last_drawn(us_cpi_yoy=datasets.load("us_cpi_yoy", end="2026-05-31"))
    {'us_cpi_yoy': Timestamp('2026-05-01 00:00:00')}
    """
    out, vintages, as_of = {}, {}, None
    for key, s in series.items():
        as_of = as_of or s.attrs.get("as_of")
        vintages[key] = s.attrs.get("vintage", LATEST_REVISION)
        s = s.dropna(how="all") if isinstance(s, pd.DataFrame) else s.dropna()
        if len(s):
            out[key] = pd.Timestamp(s.index[-1])
    return Through(out, as_of=as_of, vintages=vintages)


def pct(v: float, decimals: int = 1, signed: bool = False) -> str:
    """A percentage for people: "6.2%", "−3.4%" (a real minus sign).

    Parameters
    ----------
    v : float
        The percentage.
    decimals : int, optional
        Decimals shown.
    signed : bool, optional
        Show "+" on positive values.

    Returns
    -------
    str

    Examples
    --------
    >>> pct(-3.44, signed=True)
    '−3.4%'
    """
    text = f"{v:+.{decimals}f}%" if signed else f"{v:.{decimals}f}%"
    return text.replace("-", "\u2212")


def usd_bn(v: float, lang: str) -> str:
    """Billions of dollars for people: "$683bn" / "6,835亿美元" (in Chinese, 1,000 billion
    and more as 万亿).

    Parameters
    ----------
    v : float
        Billions of dollars.
    lang : {"zh", "en"}
        The language.

    Returns
    -------
    str

    Examples
    --------
    >>> usd_bn(683.5, "zh"), usd_bn(683.5, "en"), usd_bn(1300, "zh")
    ('6,835亿美元', '$684bn', '1.30万亿美元')
    """
    w = WORDS[lang]
    if w["bn_as_trn"] and abs(v) >= 1000:
        return usd_trn(v / 1000, lang)
    return w["bn"].format(v=v * w["bn_factor"])


def usd_trn(v: float, lang: str, decimals: int = 2) -> str:
    """Trillions of dollars: "$38.77tn" / "38.77万亿美元".

    Parameters
    ----------
    v : float
        Trillions of dollars.
    lang : {"zh", "en"}
        The language.
    decimals : int, optional
        Decimals shown.

    Returns
    -------
    str

    Examples
    --------
    >>> usd_trn(38.774, "en"), usd_trn(38.774, "zh", decimals=1)
    ('$38.77tn', '38.8万亿美元')
    """
    return WORDS[lang]["trn"].format(v=v, n=decimals)


def highlight(label: str, value: str) -> dict[str, str]:
    """One reader-facing key figure: a label and a formatted value.

    Parameters
    ----------
    label : str
        What the figure is, in the chart's language.
    value : str
        The figure, formatted for people.

    Returns
    -------
    dict
        ``{"label": label, "value": value}``.

    Examples
    --------
    >>> highlight("CPI YoY, May 2026", "4.2%")
    {'label': 'CPI YoY, May 2026', 'value': '4.2%'}
    """
    return {"label": label, "value": value}


def legend_above(ax, **kw):
    """The legend in a row above the axes, left-aligned: off the data by construction.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes whose labelled artists the legend lists.
    **kw
        ``Axes.legend`` options overriding the defaults (e.g. ``ncols``).

    Returns
    -------
    matplotlib.legend.Legend

    Examples
    --------
    >>> legend_above(ax, ncols=2)  # doctest: +SKIP
    """
    opts = {"loc": "lower left", "bbox_to_anchor": (0.0, 1.01), "ncols": 3, "fontsize": 8.5,
            "borderaxespad": 0.0, "handlelength": 1.6, "columnspacing": 1.2}
    opts.update(kw)
    return ax.legend(**opts)


def end_label(ax, date, value, text, color, dy=0) -> None:
    """A point and its label just right of it, at the line's end (outside the data).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to draw on.
    date : date-like
        The last point's x.
    value : float
        The last point's y.
    text : str
        The label.
    color : str
        Colour of the point and the label.
    dy : float, optional
        Vertical offset of the label, in points.

    Returns
    -------
    None

    Examples
    --------
    >>> end_label(ax, pd.Timestamp("2026-05-01"), 4.2, "May 2026: 4.2%", "red")  # doctest: +SKIP
    """
    ax.plot([date], [value], "o", color=color, ms=5, zorder=5)
    ax.annotate(text, (date, value), xytext=(7, dy), textcoords="offset points", ha="left",
                va="center", fontsize=9, color=color, annotation_clip=False)
