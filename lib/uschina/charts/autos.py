"""图表4：美国汽车行业面临缺芯问题，生产受制 (US motor-vehicle output and sales, chip shortage).

Two panels sharing the date axis: the Fed's motor-vehicle production index (G.17) on top and
BEA vehicle sales (SAAR) below, with the chip-shortage window shaded in both.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from .. import datasets, measures, style
from ..errors import ParameterError
from ..params import check_choice, parse_date
from .base import Chart
from .common import (
    date_axis,
    headline,
    highlight,
    label_point,
    last_drawn,
    month_label,
    pct,
    through_text,
)

NAME = "fig4_us_autos"
TITLES = {"zh": "美国汽车行业面临缺芯问题，生产受制",
          "en": "US auto industry short of chips, output constrained"}
NEUTRAL_TITLES = {"zh": "美国汽车生产与销量", "en": "US motor-vehicle production and sales"}

# The shortage the report describes: chips ran short from early 2021 (first plant idlings in
# February) and output and sales bottomed in September 2021. Calendar 2021 is the default.
SHORTAGE = ("2021-01-01", "2021-12-31")
SALES_KEYS = {"total": "us_vehicle_sales", "light": "us_light_vehicle_sales"}

_LABELS = {
    "production": {"zh": "美国：工业生产指数：汽车及零部件（2017=100，季调）",
                   "en": "US industrial production: motor vehicles and parts (2017=100, SA)"},
    "total": {"zh": "美国：汽车销量（季调年化，百万辆）",
              "en": "US total vehicle sales (SAAR, million units)"},
    "light": {"zh": "美国：轻型车销量（季调年化，百万辆）",
              "en": "US light-vehicle sales (SAAR, million units)"},
    "shortage": {"zh": "缺芯时期（{a}至{b}）", "en": "Chip shortage ({a} to {b})"},
    "no_data": {"zh": "本窗口无数据", "en": "no data in this window"},
}


def check_shortage(shortage_start, shortage_end) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """Both dates, or both None (no shading); start on or before end.

    Parameters
    ----------
    shortage_start, shortage_end : date-like or None
        The chip-shortage window to shade, as given to :func:`us_autos`.

    Returns
    -------
    tuple of pd.Timestamp, or None
        ``(start, end)``, or None when both are None.

    Raises
    ------
    ParameterError
        Only one of the two is None, a date does not parse, or start is after end.

    Examples
    --------
    >>> check_shortage("2021-01-01", "2021-12-31")
    (Timestamp('2021-01-01 00:00:00'), Timestamp('2021-12-31 00:00:00'))
    >>> check_shortage(None, None) is None
    True
    """
    a = parse_date("shortage_start", shortage_start)
    b = parse_date("shortage_end", shortage_end)
    if (a is None) != (b is None):
        raise ParameterError(
            "parameters 'shortage_start' and 'shortage_end' go together: give both dates "
            f"or both None (no shading); got {shortage_start!r} and {shortage_end!r}"
        )
    if a is None:
        return None
    if a > b:
        raise ParameterError(
            f"parameter 'shortage_start' ({a.date()}) is after 'shortage_end' ({b.date()})"
        )
    return a, b


def measure(prod: pd.Series, sold: pd.Series, shade=None) -> dict[str, object]:
    """The chart's key figures from production and sales in the window.

    Parameters
    ----------
    prod : pd.Series
        The motor-vehicle production index (2017=100), monthly, in the window (may be empty).
    sold : pd.Series
        Vehicle sales, million SAAR, monthly, in the window (may be empty).
    shade : (pd.Timestamp, pd.Timestamp), optional
        The chip-shortage window where it overlaps the window drawn (None: not measured).

    Returns
    -------
    dict
        Raw key figures (``Chart.summary()``), for "production" then "sales": the window
        ("no data" when empty), its low, in the shortage the high before the trough, the
        trough and the fall (%, 1 decimal), and the latest month and value.

    Examples
    --------
    >>> prod = datasets.load("us_auto_production", start="2019-01-01", as_of="2021-11-16")
    >>> sold = datasets.load("us_vehicle_sales", start="2019-01-01", as_of="2021-11-16")
    >>> figures = measure(prod, sold, (pd.Timestamp("2021-01-01"), pd.Timestamp("2021-10-31")))
    >>> figures["shortage production fall %"], figures["shortage sales fall %"]
    (-17.0, -31.5)
    """
    figures: dict[str, object] = {}
    for tag, s in (("production", prod), ("sales", sold)):
        if s.empty:
            figures[f"{tag} window"] = "no data"
            continue
        low, last = measures.trough(s), measures.latest(s)
        figures[f"{tag} window"] = f"{s.index[0].date()} to {last.date.date()}"
        figures[f"{tag} window low month"] = low.date
        figures[f"{tag} window low"] = low.value
        inside = s[shade[0]:shade[1]] if shade is not None else s.iloc[:0]
        if not inside.empty:
            t = measures.trough(inside)
            top = measures.peak(s[shade[0]:t.date])
            figures[f"shortage {tag} high month"] = top.date
            figures[f"shortage {tag} high"] = top.value
            figures[f"shortage {tag} trough month"] = t.date
            figures[f"shortage {tag} trough"] = t.value
            figures[f"shortage {tag} fall %"] = round((t.value / top.value - 1) * 100, 1)
        figures[f"{tag} latest month"] = last.date
        figures[f"{tag} latest"] = last.value
    return figures


def us_autos(start="2019-01-01", end=None, as_of=None, lang: str = "zh",
             shortage_start=SHORTAGE[0], shortage_end=SHORTAGE[1],
             sales: str = "total") -> Chart:
    """图表4: the Fed's motor-vehicle production index and BEA vehicle sales, shortage shaded.

    Parameters
    ----------
    start, end : date-like, optional
        The window drawn (default from 2019).
    as_of : date-like, optional
        Only data published by then: "2021-11-16" is the report's view (and the only view with
        the report's headline); None uses all data.
    lang : {"zh", "en"}
        The language of every word in the figure.
    shortage_start, shortage_end : date-like or None
        The shaded chip-shortage window (both None: no shading).
    sales : {"total", "light"}
        TOTALSA, or ALTSALES (which ends 2024-03).

    Returns
    -------
    Chart
        The figure, the data behind it (CSV), raw ``key_figures`` (``summary()``), reader
        ``highlights`` in ``lang`` and ``through`` (last observation drawn per data set).

    Examples
    --------
    >>> chart = us_autos(as_of="2021-11-16", lang="en")
    >>> chart.key_figures["shortage production trough month"]
    Timestamp('2021-09-01 00:00:00')
    >>> chart.key_figures["shortage production fall %"]
    -17.0
    """
    style.check_lang(lang)
    check_choice("sales", sales, tuple(SALES_KEYS))
    shortage = check_shortage(shortage_start, shortage_end)
    s0, s1 = parse_date("start", start), parse_date("end", end)
    if s0 is not None and s1 is not None and s0 > s1:
        raise ParameterError(f"parameter 'start' ({s0.date()}) is after 'end' ({s1.date()})")

    prod = datasets.load("us_auto_production", start=s0, end=s1, as_of=as_of).dropna()
    sold = datasets.load(SALES_KEYS[sales], start=s0, end=s1, as_of=as_of).dropna()
    if prod.empty and sold.empty:
        cover = datasets.load("us_auto_production", as_of=as_of)
        raise ParameterError(
            f"no auto production or sales data between start={start!r} and end={end!r} "
            f"(as_of={as_of!r}); production covers {cover.index[0].date()} to "
            f"{cover.index[-1].date()}"
        )
    firsts = [s.index[0] for s in (prod, sold) if not s.empty]
    lasts = [s.index[-1] for s in (prod, sold) if not s.empty]
    x0 = s0 if s0 is not None else min(firsts)
    x1 = s1 if s1 is not None else max(lasts) + pd.offsets.MonthEnd(0)

    # the shortage is shaded and discussed only where it overlaps the window
    shade = None
    if shortage is not None and shortage[0] <= x1 and shortage[1] >= x0:
        shade = (max(shortage[0], x0), min(shortage[1], x1))

    fig, (ax_p, ax_s) = style.new_figure(figsize=(9.0, 6.6), nrows=2, sharex=True)
    figures = measure(prod, sold, shade)
    panels = [
        (ax_p, prod, "production", style.PALETTE["main"], 1),
        (ax_s, sold, sales, style.PALETTE["second"], 2),
    ]
    for ax, s, label_key, color, decimals in panels:
        _panel(ax, s, _LABELS[label_key][lang], color, decimals, shade, lang, as_of)
    if shade is not None:
        a, b = (month_label(shortage[0], lang), month_label(shortage[1], lang))
        text = _LABELS["shortage"][lang].format(a=a, b=b)
        patch = ax_p.axvspan(*shade, color=style.PALETTE["shade"], zorder=0, lw=0)
        ax_s.axvspan(*shade, color=style.PALETTE["shade"], zorder=0, lw=0)
        # under the lower panel's date axis, right: clear of the data, titles and labels
        ax_s.legend([patch], [text], loc="upper right", bbox_to_anchor=(1.0, -0.17),
                    fontsize=9, borderaxespad=0.0)
    date_axis(ax_s, x0, x1)

    fits = shade is not None and "shortage production trough" in figures
    titles = {k: style.chart_title(4, v, k) for k, v in headline(
        TITLES if fits else None, {k: computed_title(figures, k) for k in TITLES},
        as_of).items()}
    credits = [datasets.meta(k).source.credit(lang)
               for k in ("us_auto_production", SALES_KEYS[sales])]
    through = last_drawn(**{"us_auto_production": prod, SALES_KEYS[sales]: sold})
    style.finish(fig, titles[lang], style.source_line(credits, lang, _note(sold, sales, x1, lang),
                                                      through_text(through, lang)))

    data = pd.DataFrame({"production_index_2017_100": prod, f"{sales}_sales_saar_mn": sold})
    data.index.name = "date"
    return Chart(name=NAME, title=titles[lang], titles=titles, fig=fig, data=data,
                 key_figures=figures, sources=["us_auto_production", SALES_KEYS[sales]],
                 lang=lang, highlights=_highlights(figures, lang), through=through)


WORDS = {
    "zh": {"title_short": "缺芯期间美国汽车生产指数{th}跌至{tv}，较{hh}高点{fall}；{lm}为{lv}",
           "title": "美国汽车生产指数{lm}为{lv}，销量{sm}为{sv} 百万辆（年化）",
           "h_prod": "生产指数（{m}）", "h_sales": "销量，百万辆（{m}）",
           "h_fall": "缺芯期间生产跌幅", "h_trough": "缺芯期间生产低点",
           "covers": "（数据覆盖{a}至{b}）", "short_low": "缺芯低点 {m}：{v}",
           "low": "低点 {m}：{v}",
           "latest": "最新（{m}）：{v}", "sales_end": "销量（{n}）数据截至{m}"},
    "en": {"title_short": "In the chip shortage US auto output fell to {tv} in {th}, {fall} from "
                          "{hh}; {lv} in {lm}",
           "title": "US auto output index at {lv} in {lm}; sales {sv} million (SAAR) in {sm}",
           "h_prod": "Output index ({m})", "h_sales": "Sales, million SAAR ({m})",
           "h_fall": "Output fall in the shortage", "h_trough": "Shortage output low",
           "covers": " (the series covers {a} to {b})", "short_low": "shortage low {m}: {v}",
           "low": "low {m}: {v}", "latest": "Latest ({m}): {v}",
           "sales_end": "sales ({n}) end in {m}"},
}


def computed_title(figures: dict, lang: str) -> str:
    """What the panels show: the shortage's fall in output where the window holds it, else
    the latest output and sales.

    Parameters
    ----------
    figures : dict
        The chart's ``key_figures`` ("production latest" and its month; the "shortage
        production ..." figures when the shortage is in the window; "sales latest" otherwise).
    lang : {"zh", "en"}
        The title's language.

    Returns
    -------
    str
        The title computed from the data (without the "图表4" prefix); the neutral title when
        the window holds no production data.

    Examples
    --------
    >>> figures = us_autos(as_of="2021-11-16").key_figures
    >>> for part in computed_title(figures, "en").split("; "): print(part)
    In the chip shortage US auto output fell to 86.3 in Sep 2021, −17.0% from Jan 2021
    95.3 in Oct 2021
    """
    w = WORDS[lang]
    if "production latest" not in figures:
        return NEUTRAL_TITLES[lang]
    lm, lv = month_label(figures["production latest month"], lang), \
        fmt(figures["production latest"], 1)
    if "shortage production trough" in figures:
        return w["title_short"].format(
            th=month_label(figures["shortage production trough month"], lang),
            tv=fmt(figures["shortage production trough"], 1),
            hh=month_label(figures["shortage production high month"], lang),
            fall=pct(figures["shortage production fall %"], signed=True), lm=lm, lv=lv)
    if "sales latest" not in figures:
        return NEUTRAL_TITLES[lang]
    return w["title"].format(lm=lm, lv=lv, sm=month_label(figures["sales latest month"], lang),
                             sv=fmt(figures["sales latest"], 2))


def _highlights(figures: dict, lang: str) -> list[dict[str, str]]:
    w = WORDS[lang]
    out = []
    if "production latest" in figures:
        out.append(highlight(w["h_prod"].format(m=month_label(figures["production latest month"],
                                                               lang)),
                             fmt(figures["production latest"], 1)))
    if "sales latest" in figures:
        out.append(highlight(w["h_sales"].format(m=month_label(figures["sales latest month"],
                                                                lang)),
                             fmt(figures["sales latest"], 2)))
    if "shortage production trough" in figures:
        out.append(highlight(w["h_trough"], month_label(
            figures["shortage production trough month"], lang)))
        out.append(highlight(w["h_fall"], pct(figures["shortage production fall %"],
                                              signed=True)))
    return out


def _panel(ax, s: pd.Series, label: str, color: str, decimals: int, shade, lang: str,
           as_of) -> None:
    """One series with its troughs and latest value labelled."""
    if s.empty:
        full = datasets.load(str(s.name), as_of=as_of).dropna()
        a, b = month_label(full.index[0], lang), month_label(full.index[-1], lang)
        span = WORDS[lang]["covers"].format(a=a, b=b)
        ax.text(0.5, 0.5, _LABELS["no_data"][lang] + span, transform=ax.transAxes,
                ha="center", color=style.PALETTE["grey"])
        ax.set_yticks([])
        ax.set_title(label, loc="left", fontsize=10, color=color)
        return
    ax.plot(s.index, s.to_numpy(), color=color, lw=1.6)
    ax.set_title(label, loc="left", fontsize=10, color=color)
    # headroom above for the labels, none below zero
    lo, hi = float(s.min()), float(s.max())
    pad = (hi - lo) * 0.18 or abs(hi) * 0.05 or 1.0
    ax.set_ylim(max(0.0, lo - pad * 1.6) if lo >= 0 else lo - pad, hi + pad)

    low = measures.trough(s)
    last = measures.latest(s)
    if shade is not None:
        inside = s[shade[0]:shade[1]]
        if not inside.empty:
            t = measures.trough(inside)
            if t.date != low.date:
                _label(ax, t, WORDS[lang]["short_low"].format(m=month_label(t.date, lang),
                                                               v=fmt(t.value, decimals)),
                       color, lang, s, dy=-16)
    _label(ax, low, WORDS[lang]["low"].format(m=month_label(low.date, lang),
                                              v=fmt(low.value, decimals)), color, lang, s, dy=-16)
    # the latest value goes in the panel's title row, where it cannot cover the line
    ax.plot([last.date], [last.value], "o", color=color, ms=4, zorder=5)
    when, value = month_label(last.date, lang), fmt(last.value, decimals)
    text = WORDS[lang]["latest"].format(m=when, v=value)
    ax.set_title(text, loc="right", fontsize=9, color="#555555")


def _label(ax, p: measures.Point, text: str, color: str, lang: str, s: pd.Series,
           dy: int) -> None:
    # keep labels inside the axes: points near the right edge get right-aligned text
    where = (p.date - s.index[0]) / max(s.index[-1] - s.index[0], pd.Timedelta(days=1))
    ha, dx = ("right", -8) if where > 0.75 else ("left", 8) if where < 0.1 else ("center", 0)
    label_point(ax, p.date, p.value, text, color, dx=dx, dy=dy, ha=ha)


def fmt(value: float, decimals: int) -> str:
    """Round half up on the decimal digits as published (12.315 -> 12.32, as BEA would).

    Parameters
    ----------
    value : float
        The number, as stored (its shortest repr is rounded, not its binary value).
    decimals : int
        Digits after the decimal point.

    Returns
    -------
    str
        The rounded number, without thousands separators.

    Examples
    --------
    >>> fmt(12.315, 2)
    '12.32'
    >>> fmt(86.2722, 1)
    '86.3'
    """
    q = Decimal(1).scaleb(-decimals)
    return str(Decimal(repr(value)).quantize(q, rounding=ROUND_HALF_UP))


def _note(sold: pd.Series, sales: str, x1: pd.Timestamp, lang: str) -> str | None:
    """Say so when the sales series stops well before the window does (ALTSALES ends 2024-03)."""
    if sold.empty or sold.index[-1] >= x1 - pd.DateOffset(months=3):
        return None
    name = {"total": "TOTALSA", "light": "ALTSALES"}[sales]
    last = month_label(sold.index[-1], lang)
    return WORDS[lang]["sales_end"].format(n=name, m=last)
