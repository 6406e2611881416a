"""Autos: the chip-shortage drawdown of production and sales from their pre-shortage peaks,
the trough dates, and the months to recover (or "not recovered by …")."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import datasets, style
from ..charts.common import highlight, label_point, last_drawn, month_label, pct, through_text
from ..errors import ParameterError
from .base import Analysis, check_common, signed, titles

NAME = "fig4_us_autos_trend"
TEXT = {"zh": "缺芯冲击：生产与销量较缺芯前高点的回撤与修复",
        "en": "the chip shortage: drawdown and recovery of production and sales"}
# the pre-shortage peak is looked for from late 2020 (after the COVID rebound) to the
# spring of 2021, when the shortage began to cut output
PEAK_WINDOW = ("2020-10-01", "2021-05-01")
SERIES = {"us_auto_production": ("汽车及零部件工业生产指数", "Motor vehicles & parts output"),
          "us_vehicle_sales": ("汽车总销量（年化）", "Total vehicle sales (SAAR)")}


@dataclass(frozen=True)
class Drawdown:
    peak_date: pd.Timestamp
    peak: float
    trough_date: pd.Timestamp
    trough: float
    recovered_date: pd.Timestamp | None  # first month back at or above the peak
    last_date: pd.Timestamp

    @property
    def depth_pct(self) -> float:
        return (self.trough / self.peak - 1) * 100

    @property
    def months_peak_to_trough(self) -> int:
        return _months(self.peak_date, self.trough_date)

    @property
    def months_to_recover(self) -> int | None:
        """Months from the peak until the series is back at the peak (None: not yet)."""
        return None if self.recovered_date is None else _months(self.peak_date,
                                                                 self.recovered_date)

    def recovery_text(self) -> str:
        if self.recovered_date is None:
            return f"not recovered by {self.last_date:%Y-%m}"
        return f"{self.months_to_recover} months (back at the peak in {self.recovered_date:%Y-%m})"


def _months(a: pd.Timestamp, b: pd.Timestamp) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


def drawdown(series: pd.Series, peak_window=PEAK_WINDOW) -> Drawdown:
    """The peak inside ``peak_window``, the lowest point after it before the series regains
    the peak, and the first period back at or above the peak.

    Parameters
    ----------
    series : pd.Series
        A level series (e.g. the production index), dated; NaNs are dropped.
    peak_window : (date, date)
        Where the pre-shortage peak is looked for (default Oct 2020 to May 2021).

    Returns
    -------
    Drawdown
        Peak, trough (the lowest value before the series is back at the peak), first month
        back at the peak (None: not yet) and the last date; ``depth_pct`` is the fall in %.

    Raises
    ------
    ParameterError
        No values in ``peak_window``, or none after the peak.

    Examples
    --------
    >>> production = datasets.load("us_auto_production", start="2019-01-01", as_of="2021-11-16")
    >>> d = drawdown(production)
    >>> d.peak_date, d.trough_date, round(d.depth_pct, 1)
    (Timestamp('2020-12-01 00:00:00'), Timestamp('2021-09-01 00:00:00'), -17.2)
    """
    s = series.dropna()
    w = s[pd.Timestamp(peak_window[0]):pd.Timestamp(peak_window[1])]
    if w.empty:
        raise ParameterError(
            f"{series.name}: no values in the peak window {peak_window[0]} to {peak_window[1]}; "
            f"the series covers {s.index[0].date()} to {s.index[-1].date()}" if len(s) else
            f"{series.name}: no values")
    peak_date = w.idxmax()
    peak = float(w[peak_date])
    after = s[s.index > peak_date]
    back = after[after >= peak]
    recovered = back.index[0] if not back.empty else None
    down = after[after.index < recovered] if recovered is not None else after
    if down.empty:
        raise ParameterError(f"{series.name}: nothing after the peak of {peak_date.date()}")
    trough_date = down.idxmin()
    return Drawdown(peak_date, peak, trough_date, float(down[trough_date]), recovered,
                    s.index[-1])


def autos_trend(as_of=None, lang: str = "zh", peak_window=PEAK_WINDOW) -> Analysis:
    """The chip shortage's drawdown of production and sales from their pre-shortage peaks.

    Parameters
    ----------
    as_of : date-like, optional
        Only data published by then ("2021-11-16": what the report's authors could see).
    lang : {"zh", "en"}
        The language of the title, labels and highlights.
    peak_window : (date, date)
        Where the pre-shortage peak is looked for.

    Returns
    -------
    Analysis
        The figure, the data behind it (CSV), raw ``key_figures`` (``summary()``), reader
        ``highlights`` in ``lang`` and ``through`` (last observation drawn per data set);
        ``tables`` and ``results`` hold the tidy tables and the :mod:`uschina.trend` objects.

    Examples
    --------
    >>> autos_trend(as_of="2021-11-16").results["us_auto_production"].trough_date
    Timestamp('2021-09-01 00:00:00')
    """
    a = check_common(lang, as_of)
    loaded = {k: datasets.load(k, start="2019-01-01", as_of=a) for k in SERIES}
    episodes = {k: drawdown(s.rename(k), peak_window) for k, s in loaded.items()}
    rows = []
    for k, d in episodes.items():
        rows.append({"series": k, "peak_date": d.peak_date, "peak": d.peak,
                     "trough_date": d.trough_date, "trough": d.trough,
                     "drawdown_pct": d.depth_pct, "months_peak_to_trough": d.months_peak_to_trough,
                     "recovered_date": d.recovered_date, "months_to_recover":
                     d.months_to_recover, "last_date": d.last_date})
    table = pd.DataFrame(rows).set_index("series")
    underwater = pd.DataFrame({k: (loaded[k] / episodes[k].peak - 1) * 100 for k in SERIES})
    underwater.index.name = "date"
    figures: dict[str, object] = {}
    for k, d in episodes.items():
        tag = "production" if k == "us_auto_production" else "sales"
        dec = 1 if tag == "production" else 2  # index to 1 decimal, million units to 2
        figures[f"{tag} peak"] = f"{d.peak:.{dec}f} in {d.peak_date:%Y-%m}"
        figures[f"{tag} trough (lowest so far)"] = f"{d.trough:.{dec}f} in {d.trough_date:%Y-%m}"
        figures[f"{tag} drawdown %"] = d.depth_pct
        figures[f"{tag} recovery"] = d.recovery_text()
    through = last_drawn(**loaded)
    heads = titles({k: finding(episodes, k) for k in TEXT})
    fig = _draw(underwater, episodes, lang, [style.credit(s.attrs, lang)
                                             for s in loaded.values()],
                heads[lang], through_text(through, lang))
    hl = []
    for k, d in episodes.items():
        name = _name(k, lang)
        hl.append(highlight(WORDS[lang]["h_depth"].format(n=name), pct(d.depth_pct, signed=True)))
        hl.append(highlight(WORDS[lang]["h_rec"].format(n=name), _recovery(d, lang)))
    return Analysis(name=NAME, title=heads[lang], titles=heads, fig=fig,
                    data=underwater, key_figures=figures, sources=list(SERIES),
                    tables={"episodes": table, "drawdown_pct": underwater},
                    results=episodes, lang=lang, highlights=hl, through=through)


WORDS = {
    "zh": {"finding": "缺芯冲击：生产较高点最多回撤 {p}，销量 {s}",
           "h_depth": "{n}：最大回撤", "h_rec": "{n}：修复",
           "rec": "{n} 个月后收复高点", "not": "截至{m}未收复",
           "vs_peak": "{n}：相对 {m} 高点", "trough": "{m}：{v}%\n{r}",
           "recovered": "{n}：收复高点", "shortage": "2021 年缺芯", "unit": "相对缺芯前高点（%）",
           "note": "高点取 2020 年 10 月至 2021 年 5 月的最高值；2020 年 4 月疫情低谷超出纵轴"},
    "en": {"finding": "The chip shortage: output fell up to {p} from its peak, sales {s}",
           "h_depth": "{n}: largest fall", "h_rec": "{n}: recovery",
           "rec": "back at the peak after {n} months", "not": "not recovered by {m}",
           "vs_peak": "{n}, vs {m} peak", "trough": "{m}: {v}%\n{r}",
           "recovered": "{n}: back at the peak", "shortage": "2021 chip shortage",
           "unit": "% from the pre-shortage peak",
           "note": "peak = highest value Oct 2020 to May 2021; the April 2020 COVID collapse is "
                   "off scale"},
}


def _name(key: str, lang: str) -> str:
    zh, en = SERIES[key]
    return zh if lang == "zh" else en


def _recovery(d: Drawdown, lang: str) -> str:
    w = WORDS[lang]
    if d.recovered_date is None:
        return w["not"].format(m=month_label(d.last_date, lang))
    return w["rec"].format(n=d.months_to_recover)


def finding(episodes: dict[str, Drawdown], lang: str) -> str:
    """The headline finding: how deep production and sales fell from their peaks.

    Parameters
    ----------
    episodes : dict of str to Drawdown
        :func:`drawdown` of "us_auto_production" and "us_vehicle_sales" (the ``results`` of
        :func:`autos_trend`).
    lang : {"zh", "en"}
        The language of the sentence.

    Returns
    -------
    str
        One sentence, used as the analysis's title.

    Examples
    --------
    >>> finding(autos_trend(as_of="2021-11-16").results, "en")
    'The chip shortage: output fell up to −17.2% from its peak, sales −31.5%'
    """
    p, s = episodes["us_auto_production"], episodes["us_vehicle_sales"]
    return WORDS[lang]["finding"].format(p=pct(p.depth_pct, signed=True),
                                         s=pct(s.depth_pct, signed=True))


def _draw(underwater: pd.DataFrame, episodes: dict[str, Drawdown], lang: str, credits,
          head: str, stamp: str | None):
    w = WORDS[lang]
    fig, ax = style.new_figure(figsize=(9.5, 5.0))
    colors = {"us_auto_production": style.PALETTE["main"],
              "us_vehicle_sales": style.PALETTE["second"]}
    for k, d in episodes.items():
        s = underwater[k].dropna()
        name = _name(k, lang)
        peak = month_label(d.peak_date, lang)
        ax.plot(s.index, s.to_numpy(), color=colors[k], lw=1.5,
                label=w["vs_peak"].format(n=name, m=peak))
        ax.plot([d.peak_date], [0], "o", color=colors[k], ms=5)
        rec = _recovery(d, lang)
        text = w["trough"].format(m=month_label(d.trough_date, lang), v=signed(d.depth_pct),
                                  r=rec)
        dy = -40 if k == "us_auto_production" else -75
        label_point(ax, d.trough_date, d.depth_pct, text, colors[k], dx=40, dy=dy, ha="left")
        if d.recovered_date is not None:
            ax.axvline(d.recovered_date, color=colors[k], lw=0.8, ls=":",
                       label=w["recovered"].format(n=name))
    ax.axhline(0, color="#777777", lw=0.9)
    ax.axvspan(pd.Timestamp("2021-01-01"), pd.Timestamp("2021-12-31"),
               color=style.PALETTE["shade"], lw=0, zorder=0,
               label=w["shortage"])
    lo = float(underwater.min().min())
    ax.set_ylim(max(lo, -60) - 5, 25)  # the April 2020 collapse runs off the bottom
    ax.set_xlim(pd.Timestamp("2020-01-01"), underwater.index[-1])
    ax.set_ylabel(w["unit"])
    ax.legend(loc="upper right", fontsize=8)
    note = w["note"]
    return style.finish(fig, head, style.source_line(credits, lang, note, stamp))
