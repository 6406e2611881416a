"""图表6：近期美元指数上行，人民币汇率并未跟随贬值 (dollar index against USD/CNY).

A dual axis: the dollar index (ICE DXY, or the Fed's broad index) on the left, CNY per USD on
the right. The two axes share one percentage scale and the lines start at the same height, so
the gap between them at the right edge is the gap between their percentage changes.
Measuring (:func:`measure`), words (``WORDS``) and drawing (:func:`usd_vs_cny`) are apart.
"""

from __future__ import annotations

import pandas as pd

from .. import datasets, measures, style
from ..errors import ParameterError
from ..params import check_choice, parse_date
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

NAME = "fig6_usd_cny"
TITLES = {"zh": "近期美元指数上行，人民币汇率并未跟随贬值",
          "en": "The dollar index rose, but the yuan did not weaken with it"}
NEUTRAL_TITLES = {"zh": "美元指数与美元兑人民币汇率", "en": "The dollar index and the yuan"}
DOLLAR_KEYS = {"dxy": "dxy", "broad": "usd_broad_index"}

WORDS = {
    "zh": {"title": "{a}至{b}，{d}{dc}，美元兑人民币{cc}（人民币{way}）",
           "stronger": "升值", "weaker": "贬值", "flat": "持平",
           "h_dollar": "{n}涨跌幅", "h_cny": "美元兑人民币涨跌幅",
           "h_cny_last": "美元兑人民币（{d}）",
           "h_since_low": "美元指数低点（{d}）以来人民币",
           "yuan_up": "，人民币升值", "yuan_down": "，人民币贬值", "left": "{n}（左轴）：{c}",
           "right": "{n}（右轴）：{c}", "head": "{a}至{b}涨跌幅",
           "note": "左右轴按相同百分比刻度对齐，两线起点重合",
           # the series in the legend and highlights, and as the title names it
           "names": {"dxy": "美元指数", "broad": "美元广义指数", "usd_cny": "美元兑人民币"},
           "title_names": {"dxy": "美元指数", "broad": "美元广义指数"},
           "axes": {"dxy": "美元指数（1973年3月=100）", "broad": "美元广义指数（2006年1月=100）",
                    "usd_cny": "人民币元/美元（上行=人民币贬值）"}},
    "en": {"title": "{a} to {b}: {d} {dc}, USD/CNY {cc} (yuan {way})",
           "stronger": "stronger", "weaker": "weaker", "flat": "unchanged",
           "h_dollar": "{n}, change", "h_cny": "USD/CNY, change", "h_cny_last": "USD/CNY ({d})",
           "h_since_low": "USD/CNY since the dollar's low ({d})",
           "yuan_up": ", yuan stronger", "yuan_down": ", yuan weaker", "left": "{n} (left): {c}",
           "right": "{n} (right): {c}", "head": "Change, {a} to {b}",
           "note": "both axes on one percentage scale; the lines start together",
           "names": {"dxy": "US Dollar Index (DXY)", "broad": "Broad dollar index",
                     "usd_cny": "USD/CNY"},
           "title_names": {"dxy": "the dollar index", "broad": "the broad dollar"},
           "axes": {"dxy": "DXY (March 1973=100)", "broad": "Broad dollar index (Jan 2006=100)",
                    "usd_cny": "yuan per dollar (up = weaker yuan)"}},
}


def _signed(x: float) -> str:
    return pct(x, 1, signed=True)  # "+1.2%", "−1.2%" (a true minus sign; the fonts carry it)


def measure(dollar: pd.Series, cny: pd.Series, key: str = "dxy") -> dict[str, object]:
    """The chart's key figures from the two series over their common span.

    Parameters
    ----------
    dollar : pd.Series
        The dollar index, daily, cut to the days both series cover.
    cny : pd.Series
        USD/CNY (yuan per dollar), daily, over the same span.
    key : str
        The dollar index's data key ("dxy" or "usd_broad_index").

    Returns
    -------
    dict
        Raw key figures: first, last and % change of each, the gap in percentage points, and
        the dollar's low inside the window with both changes since it (nbval checks them
        through ``Chart.summary()``).

    Examples
    --------
    >>> i = pd.to_datetime(["2021-01-04", "2021-01-05", "2021-01-06"])
    >>> f = measure(pd.Series([90.0, 88.0, 99.0], i), pd.Series([6.5, 6.6, 6.435], i))
    >>> f["dollar index change %"], f["USD/CNY change %"], f["dollar index low"]
    (10.0, -1.0, 88.0)
    """
    d_chg, c_chg = measures.pct_change(dollar), measures.pct_change(cny)
    figures: dict[str, object] = {
        "dollar index": key,
        "window": f"{dollar.index[0].date()} to {dollar.index[-1].date()}",
        "dollar index first": float(dollar.iloc[0]),
        "dollar index last": float(dollar.iloc[-1]),
        "dollar index change %": round(d_chg, 2),
        "USD/CNY first": float(cny.iloc[0]),
        "USD/CNY last": float(cny.iloc[-1]),
        "USD/CNY change %": round(c_chg, 2),
        "gap, dollar minus USD/CNY, pp": round(d_chg - c_chg, 2),
    }
    low = measures.trough(dollar)
    if low.date not in (dollar.index[0], dollar.index[-1]):
        # the report: "下半年以来美元指数开始见底回升" (the dollar bottomed and turned up)
        figures["dollar index low day"] = low.date
        figures["dollar index low"] = low.value
        figures["dollar index change since its low %"] = round(
            float(dollar.iloc[-1] / low.value - 1) * 100, 2)
        since = cny[low.date:]
        if len(since) >= 2:
            figures["USD/CNY change since the dollar low %"] = round(measures.pct_change(since), 2)
    return figures


def computed_title(d_chg: float, c_chg: float, lo, hi, dollar_index: str, lang: str) -> str:
    """What the window shows: both changes over the common span, and which way the yuan went.

    Parameters
    ----------
    d_chg, c_chg : float
        % change of the dollar index and of USD/CNY over the span.
    lo, hi : pd.Timestamp
        The span's first and last common day.
    dollar_index : {"dxy", "broad"}
        Which dollar index.
    lang : {"zh", "en"}
        The title's language.

    Returns
    -------
    str
        The title without its "Chart 6:" prefix.

    Examples
    --------
    >>> computed_title(12.9, 4.8, pd.Timestamp("2021-01-04"), pd.Timestamp("2026-07-23"),
    ...                "dxy", "en")
    '4 Jan 2021 to 23 Jul 2026: the dollar index +12.9%, USD/CNY +4.8% (yuan weaker)'
    """
    w = WORDS[lang]
    way = w["weaker"] if c_chg > 0 else w["stronger"] if c_chg < 0 else w["flat"]
    return w["title"].format(a=day_label(lo, lang), b=day_label(hi, lang),
                             d=w["title_names"][dollar_index], dc=_signed(d_chg),
                             cc=_signed(c_chg), way=way)


def usd_vs_cny(start="2021-01-01", end=None, as_of=None, lang: str = "zh",
               dollar_index: str = "dxy") -> Chart:
    """图表6: the dollar index against USD/CNY on one percentage scale, over their common days.

    Parameters
    ----------
    start, end : date-like, optional
        The window drawn (default from 2021).
    as_of : date-like, optional
        Only data published by then: "2021-11-16" is the report's view (and the only view with
        the report's headline); None uses all data.
    lang : {"zh", "en"}
        The language of every word in the figure.
    dollar_index : {"dxy", "broad"}
        ICE's DXY or the Fed's broad dollar index.

    Returns
    -------
    Chart
        The figure, the data behind it (CSV), raw ``key_figures`` (``summary()``), reader
        ``highlights`` in ``lang`` and ``through`` (last observation drawn per data set).

    Examples
    --------
    >>> chart = usd_vs_cny(as_of="2021-11-16")
    >>> chart.key_figures["USD/CNY change %"]
    -1.26
    """
    style.check_lang(lang)
    check_choice("dollar_index", dollar_index, tuple(DOLLAR_KEYS))
    s0, s1 = parse_date("start", start), parse_date("end", end)
    if s0 is not None and s1 is not None and s0 > s1:
        raise ParameterError(f"parameter 'start' ({s0.date()}) is after 'end' ({s1.date()})")
    key = DOLLAR_KEYS[dollar_index]
    dollar = datasets.load(key, start=s0, end=s1, as_of=as_of).dropna()
    cny = datasets.load("usd_cny", start=s0, end=s1, as_of=as_of).dropna()

    # compare like with like: both changes over the span where both series have data
    lo = max(dollar.index.min(), cny.index.min()) if len(dollar) and len(cny) else None
    hi = min(dollar.index.max(), cny.index.max()) if len(dollar) and len(cny) else None
    if lo is None or lo >= hi:
        raise ParameterError(
            f"the window start={start!r}, end={end!r} (as_of={as_of!r}) holds fewer than two "
            f"common trading days of {key} and usd_cny; {_coverage(key, as_of)}"
        )
    dollar, cny = dollar[lo:hi], cny[lo:hi]
    figures = measure(dollar, cny, key)
    d_chg, c_chg = measures.pct_change(dollar), measures.pct_change(cny)
    report = TITLES if _report_fits(d_chg, c_chg) else None
    titles = {k: style.chart_title(6, v, k) for k, v in headline(
        report, {k: computed_title(d_chg, c_chg, lo, hi, dollar_index, k) for k in TITLES},
        as_of).items()}

    w = WORDS[lang]
    fig, ax = style.new_figure(figsize=(9.0, 5.2))
    ax2 = ax.twinx()
    ax2.spines["right"].set_visible(True)
    ax2.grid(False)
    d_color, c_color = style.PALETTE["main"], style.PALETTE["second"]
    d_name = w["names"][dollar_index]
    c_chg_text = _signed(c_chg) + (w["yuan_up"] if c_chg < 0 else
                                   w["yuan_down"] if c_chg > 0 else "")
    h1 = ax.plot(dollar.index, dollar.to_numpy(), color=d_color, lw=1.4,
                 label=w["left"].format(n=d_name, c=_signed(d_chg)))
    h2 = ax2.plot(cny.index, cny.to_numpy(), color=c_color, lw=1.4,
                  label=w["right"].format(n=w["names"]["usd_cny"], c=c_chg_text))
    for axis, s, color in ((ax, dollar, d_color), (ax2, cny, c_color)):
        # the first and last days sit on the axes' edges: their dots are drawn whole
        axis.plot([s.index[0], s.index[-1]], [s.iloc[0], s.iloc[-1]], "o", color=color, ms=4,
                  zorder=5, clip_on=False)
    ax.set_ylabel(w["axes"][dollar_index], color=d_color)
    ax2.set_ylabel(w["axes"]["usd_cny"], color=c_color)
    _same_percent_scale(ax, ax2, dollar, cny)
    x0 = s0 if s0 is not None else lo
    x1 = max(s1, hi) if s1 is not None else hi
    date_axis(ax, x0, x1)
    # the changes are the chart's message: they head the legend, clear of the lines
    head = w["head"].format(a=day_label(lo, lang), b=day_label(hi, lang))
    legend = legend_above(ax, handles=h1 + h2, title=head, fontsize=10, title_fontsize=9,
                          alignment="left", ncols=1)
    legend.get_title().set_color("#555555")

    credits = [datasets.meta(key).source.credit(lang), datasets.meta("usd_cny").source.credit(lang)]
    through = last_drawn(**{key: dollar, "usd_cny": cny})
    style.finish(fig, titles[lang], style.source_line(credits, lang, w["note"],
                                                      through_text(through, lang)))

    data = pd.DataFrame({key: dollar, "usd_cny": cny})
    data.index.name = "date"
    hl = [highlight(w["h_dollar"].format(n=d_name), _signed(d_chg)),
          highlight(w["h_cny"], _signed(c_chg)),
          highlight(w["h_cny_last"].format(d=day_label(hi, lang)), f"{cny.iloc[-1]:.4f}")]
    if "USD/CNY change since the dollar low %" in figures:
        hl.append(highlight(w["h_since_low"].format(d=day_label(figures["dollar index low day"],
                                                                lang)),
                            _signed(figures["USD/CNY change since the dollar low %"])))
    return Chart(name=NAME, title=titles[lang], titles=titles, fig=fig, data=data,
                 key_figures=figures, sources=[key, "usd_cny"], lang=lang, highlights=hl,
                 through=through)


def _report_fits(d_chg: float, c_chg: float) -> bool:
    """The report's headline holds when the dollar index rose while USD/CNY did not (the yuan
    did not weaken)."""
    return d_chg > 0 and c_chg <= 0


def _same_percent_scale(ax, ax2, a: pd.Series, b: pd.Series) -> None:
    """Limits on both axes such that 1% spans the same height and both lines start together."""
    ra, rb = a / a.iloc[0], b / b.iloc[0]
    lo, hi = min(ra.min(), rb.min()), max(ra.max(), rb.max())
    pad = (hi - lo) * 0.08 or 0.01
    lo, hi = lo - pad, hi + pad
    hi += (hi - lo) * 0.05  # the legend sits above the axes
    ax.set_ylim(a.iloc[0] * lo, a.iloc[0] * hi)
    ax2.set_ylim(b.iloc[0] * lo, b.iloc[0] * hi)


def _coverage(key: str, as_of) -> str:
    parts = []
    for k in (key, "usd_cny"):
        s = datasets.load(k, as_of=as_of)
        parts.append(f"{k} covers {s.index[0].date()} to {s.index[-1].date()}")
    return "; ".join(parts)
