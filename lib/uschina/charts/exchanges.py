"""图表1：今年以来中美高层交往频繁，9 月以来每月达到 3 次以上 (China–US high-level exchanges, 2021).

The report's 图表1 is a table of 20 exchanges; here it is drawn as a table figure, and a second
chart counts the exchanges per month, coloured by field, and checks the claim "at least 3 a
month since September" month by month against a threshold line.
Measuring (:func:`measure`, :func:`measure_table`), words (``WORDS``) and drawing
(:func:`exchanges_by_month`, :func:`exchanges_table`) are apart.
"""

from __future__ import annotations

import re

import pandas as pd

from .. import datasets, style
from ..errors import ParameterError
from ..params import check_int, parse_date
from .base import Chart
from .common import day_label, headline, highlight, legend_above, through_text

NAME_TABLE = "fig1_exchanges_table"
NAME_MONTHLY = "fig1_exchanges_monthly"
TITLES = {"zh": "今年以来中美高层交往频繁，9 月以来每月达到 3 次以上",
          "en": "Frequent China–US high-level exchanges in 2021: 3 or more a month since September"}
NEUTRAL_TITLES = {"zh": "2021 年中美高层交往（按月）",
                  "en": "China–US high-level exchanges by month"}
TABLE_TITLES = {"zh": "2021 年中美高层交往一览", "en": "China–US high-level exchanges in 2021"}
REPORT_DATE = pd.Timestamp("2021-11-16")  # the table lists exchanges to the report's date
FIRST_MONTH = pd.Period("2021-01", "M")  # "今年以来": since January 2021
SINCE = "2021-09"  # the report's "9 月以来"
THRESHOLD = 3  # the report's "3 次以上" (3 or more)

KINDS = {  # field (as the data name it) -> colour, in the legend's order
    "元首对话": style.PALETTE["main"],
    "外交": style.PALETTE["second"],
    "经贸": style.PALETTE["third"],
    "气候变化": style.PALETTE["fourth"],
}
MARKS = {"met": style.PALETTE["fourth"], "not met": style.PALETTE["main"],
         "pending": style.PALETTE["grey"]}
CELL_PAD = 0.005  # a table cell's left margin, as a share of the axes' width
# the table figure: width (in), column widths and font size per language
LAYOUT = {"zh": {"width": 11.5, "cols": [0.04, 0.10, 0.12, 0.08, 0.24, 0.42], "font": 8.5},
          "en": {"width": 14.0, "cols": [0.03, 0.07, 0.15, 0.09, 0.27, 0.39], "font": 8}}

WORDS = {
    "zh": {"title_met": "{y}年中美高层交往{n}次，{m}起每月均达 {t} 次以上",
           "title": "{y}年中美高层交往{n}次，{b}最多（{k} 次）",
           "h_count": "交往次数", "h_first": "首次", "h_last": "最近一次", "h_field": "最多的领域",
           "h_busiest": "最多的月份", "h_claim": "{m}起每月 {n} 次以上",
           "table_note": "概要为 uschina 自行概括，非报告原文", "count_of": "{k}（{n}）",
           "kinds": {k: k for k in KINDS}, "kind_sep": "、",
           "modes": {"call": "通话", "video": "视频", "in_person": "会面",
                     "declaration": "联合宣言"},
           "columns": {"item": "序号", "date": "时间", "kind": "领域", "mode": "形式",
                       "participants": "双方", "summary": "概要"},
           "date": "{m}月{d}日", "date_range": "{m}月{d}日至{e}日",
           "mark": {"met": "达到", "not met": "未达", "pending": "月内未完"},
           "threshold": "{m}以来门槛：{n} 次", "unit": "次", "month": "{n}月",
           "two_fields": "兼属两个领域的交往按首个领域计", "partial": "最后一月计至 {m} 月 {d} 日",
           "sep": "；",
           "verdict": {"holds": "成立",
                       "holds so far (last month not over)": "目前成立（当月未完）",
                       "does not hold": "不成立",
                       "not checked (months not in window)": "未检验"}},
    "en": {"title_met": "China–US high-level exchanges in {y}: {n}, at least {t} a month since {m}",
           "title": "China–US high-level exchanges in {y}: {n}, most in {b} ({k})",
           "h_count": "Exchanges", "h_first": "First", "h_last": "Latest",
           "h_field": "Most frequent field", "h_busiest": "Busiest month",
           "h_claim": "{n} or more a month since {m}",
           "table_note": "summaries are uschina's own; dates, fields and participants from the "
                         "report",
           "count_of": "{k} ({n})",
           "kinds": {"元首对话": "Heads of state", "外交": "Diplomacy",
                     "经贸": "Economy and trade", "气候变化": "Climate change"},
           "kind_sep": " / ",
           "modes": {"call": "call", "video": "video", "in_person": "in person",
                     "declaration": "joint declaration"},
           "columns": {"item": "No.", "date": "Date", "kind": "Field", "mode": "Format",
                       "participants": "Participants", "summary": "Summary"},
           "date": "{d} {b}", "date_range": "{d}–{e} {b}",
           "mark": {"met": "met", "not met": "not met", "pending": "month not over"},
           "threshold": "threshold since {m}: {n}", "unit": "exchanges", "month": "{b}",
           "two_fields": "an exchange in two fields counts under the first",
           "partial": "last month counted to {day}", "sep": "; ",
           "verdict": {"holds": "holds", "holds so far (last month not over)":
                       "holds so far (month not over)", "does not hold": "does not hold",
                       "not checked (months not in window)": "not checked"}},
}


def _load(start=None, end=None, as_of=None) -> pd.DataFrame:
    """The exchanges in the window; a clear error when none are."""
    s, e, a = parse_date("start", start), parse_date("end", end), parse_date("as_of", as_of)
    if s is not None and e is not None and s > e:
        raise ParameterError(f"parameter 'start' ({s.date()}) is after 'end' ({e.date()})")
    ex = datasets.load("us_china_exchanges", start=s, end=e, as_of=a)
    if ex.empty:
        full = datasets.load("us_china_exchanges")
        raise ParameterError(
            f"no exchanges between start={start!r} and end={end!r} (as_of={as_of!r}); the "
            f"report's table covers {full['date'].min().date()} to {full['date'].max().date()}"
        )
    return ex


def _kind_label(kinds: str, lang: str) -> str:
    """The exchange's field(s) in ``lang``: "外交;经贸" -> "Diplomacy / Economy and trade"."""
    w = WORDS[lang]
    return w["kind_sep"].join(w["kinds"][k] for k in kinds.split(";"))


def _date_label(d: pd.Timestamp, end, lang: str) -> str:
    """The exchange's date (and end day) as the table prints it: "3月18日至19日", "18–19 Mar"."""
    w = WORDS[lang]
    fmt = w["date_range"] if pd.notna(end) else w["date"]
    return fmt.format(m=d.month, d=d.day, b=d.strftime("%b"),
                      e=end.day if pd.notna(end) else None)


def _month(m: pd.Period, lang: str) -> str:
    return WORDS[lang]["month"].format(n=m.month, b=m.strftime("%b"))


def table(start=None, end=None, as_of=None, lang: str = "zh") -> pd.DataFrame:
    """The exchanges as a readable table in one language (what the notebook shows).

    Parameters
    ----------
    start, end : date-like, optional
        The window shown.
    as_of : date-like, optional
        Only exchanges published by then.
    lang : {"zh", "en"}
        The language of the headings and cells.

    Returns
    -------
    pd.DataFrame
        Indexed by item number; date, field, format, participants and summary.

    Examples
    --------
    >>> list(table(lang="en").columns)
    ['Date', 'Field', 'Format', 'Participants', 'Summary']
    """
    style.check_lang(lang)
    ex = _load(start, end, as_of)
    w = WORDS[lang]
    cols = w["columns"]
    out = pd.DataFrame({
        cols["item"]: ex["item"],
        cols["date"]: [_date_label(d, e, lang)
                       for d, e in zip(ex["date"], ex["end_date"], strict=True)],
        cols["kind"]: [_kind_label(k, lang) for k in ex["kinds"]],
        cols["mode"]: ex["mode"].map(w["modes"]),
        cols["participants"]: ex[f"participants_{lang}"],
        cols["summary"]: ex[f"summary_{lang}"],
    })
    return out.set_index(cols["item"])


def measure_table(ex: pd.DataFrame) -> dict[str, object]:
    """The table figure's key figures: how many exchanges, the first and the last.

    Parameters
    ----------
    ex : pd.DataFrame
        The exchanges (``date`` column).

    Returns
    -------
    dict
        ``exchanges`` (count), ``first`` and ``last`` (Timestamps).

    Examples
    --------
    >>> f = measure_table(pd.DataFrame({"date": pd.to_datetime(["2021-02-06", "2021-11-16"])}))
    >>> f["exchanges"], f["last"]
    (2, Timestamp('2021-11-16 00:00:00'))
    """
    return {"exchanges": len(ex), "first": ex["date"].min(), "last": ex["date"].max()}


def exchanges_table(start=None, end=None, as_of=None, lang: str = "zh") -> Chart:
    """图表1 as a table figure: the report's 20 exchanges, one line each (CSV: both languages).

    Parameters
    ----------
    start, end : date-like, optional
        The window drawn.
    as_of : date-like, optional
        Only data published by then: "2021-11-16" is the report's view (and the only view with
        the report's headline); None uses all data.
    lang : {"zh", "en"}
        The language of every word in the figure.

    Returns
    -------
    Chart
        The figure, the data behind it (CSV), raw ``key_figures`` (``summary()``), reader
        ``highlights`` in ``lang`` and ``through`` (last observation drawn per data set).

    Examples
    --------
    >>> chart = exchanges_table(lang="en")
    >>> chart.key_figures["exchanges"]
    20
    """
    shown = table(start, end, as_of, lang)
    ex = _load(start, end, as_of)
    figures = measure_table(ex)
    w, layout = WORDS[lang], LAYOUT[lang]
    cells = [[str(n), *map(str, row)] for n, row in zip(shown.index, shown.to_numpy(),
                                                          strict=True)]
    # one line per exchange: the summaries are written short enough (zh <= 26, en <= 85 chars)
    fig, ax = style.new_figure(figsize=(layout["width"], 1.0 + 0.27 * len(cells)))
    ax.axis("off")
    tab = ax.table(cellText=cells, colLabels=[shown.index.name, *shown.columns],
                   loc="upper center", cellLoc="left", colLoc="left", colWidths=layout["cols"])
    tab.auto_set_font_size(False)
    tab.set_fontsize(layout["font"])
    tab.scale(1, 1.45)
    kinds = ex["kind"].tolist()
    for (r, c), cell in tab.get_celld().items():
        cell.set_edgecolor("#DDDDDD")
        # the same left margin in every column (matplotlib pads by a share of the width)
        cell.PAD = CELL_PAD / layout["cols"][c]
        if r == 0:
            cell.set_facecolor(style.PALETTE["main"])
            cell.get_text().set_color("white")
        elif c == 2:  # the field, in its colour
            cell.get_text().set_color(KINDS[kinds[r - 1]])
    titles = {k: style.chart_title(1, v, k) for k, v in TABLE_TITLES.items()}
    through = {"us_china_exchanges": pd.Timestamp(figures["last"])}
    style.finish(fig, titles[lang], style.source_line([style.credit(ex.attrs, lang)], lang,
                                                      w["table_note"],
                                                      through_text(through, lang)))
    fields = ex["kind"].value_counts()
    return Chart(
        name=NAME_TABLE, title=titles[lang], titles=titles, fig=fig, data=ex.set_index("item"),
        key_figures=figures, sources=["us_china_exchanges"], lang=lang, through=through,
        highlights=[highlight(w["h_count"], str(figures["exchanges"])),
                    highlight(w["h_first"], day_label(figures["first"], lang)),
                    highlight(w["h_last"], day_label(figures["last"], lang)),
                    highlight(w["h_field"], w["count_of"].format(
                        k=_kind_label(fields.index[0], lang), n=fields.iloc[0]))],
    )


def _tally(ex: pd.DataFrame, months: pd.PeriodIndex, threshold: int, since: pd.Period,
           window_end: pd.Timestamp) -> tuple[pd.DataFrame, pd.Series, dict, bool]:
    """Counts per month and field, totals, the verdict per month checked, and whether the
    last month is cut short by ``window_end``."""
    counts = pd.crosstab(ex["date"].dt.to_period("M"), ex["kind"])
    counts = counts.reindex(index=months, columns=list(KINDS), fill_value=0)
    counts.index.name = "month"
    total = counts.sum(axis=1)
    partial = window_end < months[-1].end_time.normalize()
    # per month since `since`: met, not met, or pending (a partial month still below)
    verdict = {m: "met" if n >= threshold else
               ("pending" if partial and m == months[-1] else "not met")
               for m, n in total[total.index >= since].items()}
    return counts, total, verdict, partial


def measure(ex: pd.DataFrame, months: pd.PeriodIndex, threshold: int = THRESHOLD,
            since: pd.Period | str = SINCE,
            window_end: pd.Timestamp | None = None) -> dict[str, object]:
    """The monthly chart's key figures: counts per month and the claim checked month by month.

    Parameters
    ----------
    ex : pd.DataFrame
        The exchanges (``date``, ``kind``, ``kinds`` columns).
    months : pd.PeriodIndex
        The months counted (zero where there were none).
    threshold : int
        Exchanges a month the claim asks for (the report: 3).
    since : pd.Period or str
        The first month checked (the report: "2021-09").
    window_end : pd.Timestamp, optional
        The last day covered; before the end of the last month, that month is "partial"
        (default: the whole last month).

    Returns
    -------
    dict
        window, exchanges, per month, each checked month's verdict ("met", "not met",
        "pending"), the claim's verdict, and notes on a partial month and on exchanges in two
        fields (nbval checks them through ``Chart.summary()``).

    Examples
    --------
    >>> ex = pd.DataFrame({"date": pd.to_datetime(["2021-09-02", "2021-09-10", "2021-10-01"]),
    ...                    "kind": ["外交", "经贸", "外交"], "kinds": ["外交", "经贸", "外交"]})
    >>> f = measure(ex, pd.period_range("2021-09", "2021-10", freq="M"), threshold=2)
    >>> f["per month"], f["claim: at least 2 a month since 2021-09"]
    ('2021-09: 2, 2021-10: 1', 'does not hold')
    """
    since = pd.Period(since, "M")
    window_end = months[-1].end_time.normalize() if window_end is None else window_end
    _, total, verdict, partial = _tally(ex, months, threshold, since, window_end)
    figures: dict[str, object] = {
        "window": f"{months[0]} to {months[-1]}",
        "exchanges": int(total.sum()),
        "per month": ", ".join(f"{m}: {n}" for m, n in total.items()),
    }
    for m, v in verdict.items():
        figures[f"{m} at least {threshold}"] = v
    if not verdict:
        claim = "not checked (months not in window)"
    elif since in total.index and all(v == "met" for v in verdict.values()):
        claim = "holds"
    elif all(v != "not met" for v in verdict.values()):
        claim = "holds so far (last month not over)"
    else:
        claim = "does not hold"
    figures[f"claim: at least {threshold} a month since {since}"] = claim
    if partial:
        figures["last month partial"] = f"{months[-1]} to {window_end.date()}"
    two = ex[ex["kinds"].str.contains(";")]
    if len(two):
        figures["counted under first field"] = ", ".join(
            f"{d.date()} ({k.replace(';', '+')})"
            for d, k in zip(two["date"], two["kinds"], strict=True))
    return figures


def computed_title(total: pd.Series, verdict: dict, threshold: int, since: pd.Period,
                   lang: str) -> str:
    """What the counts show: the total, and the threshold met since ``since`` or the busiest
    month.

    Parameters
    ----------
    total : pd.Series
        Exchanges per month (PeriodIndex).
    verdict : dict
        Month -> "met", "not met" or "pending", for the months checked.
    threshold : int
        Exchanges a month the claim asks for.
    since : pd.Period
        The first month checked.
    lang : {"zh", "en"}
        The title's language.

    Returns
    -------
    str
        The title without its "Chart 1:" prefix.

    Examples
    --------
    >>> total = pd.Series([2, 3, 4], index=pd.period_range("2021-08", "2021-10", freq="M"))
    >>> computed_title(total, {total.index[1]: "met", total.index[2]: "met"}, 3,
    ...                total.index[1], "en")
    'China–US high-level exchanges in 2021: 9, at least 3 a month since Sep'
    """
    w = WORDS[lang]
    years = sorted({m.year for m in total.index})
    y = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
    n = int(total.sum())
    if verdict and all(v == "met" for v in verdict.values()):
        return w["title_met"].format(y=y, n=n, t=threshold, m=_month(since, lang))
    return w["title"].format(y=y, n=n, b=_month(total.idxmax(), lang), k=int(total.max()))


def check_since(since) -> pd.Period:
    """A month written 'YYYY-MM' (strict: dateutil would read 'September' as some year).

    Parameters
    ----------
    since : str
        The month, e.g. "2021-09".

    Returns
    -------
    pd.Period
        The month; anything else is a ``ParameterError`` naming ``since``.

    Examples
    --------
    >>> check_since("2021-09")
    Period('2021-09', 'M')
    """
    if not (isinstance(since, str) and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", since.strip())):
        raise ParameterError(
            f"parameter 'since' must be a month like '2021-09', got {since!r}")
    return pd.Period(since.strip(), "M")


def exchanges_by_month(start=None, end=None, as_of=None, lang: str = "zh",
                       threshold: int = THRESHOLD, since: str = SINCE) -> Chart:
    """图表1 counted: exchanges a month by field, checked against "3 or more a month since Sep".

    Parameters
    ----------
    start, end : date-like, optional
        The window drawn.
    as_of : date-like, optional
        Only data published by then: "2021-11-16" is the report's view (and the only view with
        the report's headline); None uses all data.
    lang : {"zh", "en"}
        The language of every word in the figure.
    threshold : int
        Exchanges a month the claim asks for (the report: 3).
    since : str
        The first month checked, "YYYY-MM" (the report: "2021-09").

    Returns
    -------
    Chart
        The figure, the data behind it (CSV), raw ``key_figures`` (``summary()``), reader
        ``highlights`` in ``lang`` and ``through`` (last observation drawn per data set).

    Examples
    --------
    >>> chart = exchanges_by_month(as_of="2021-11-16")
    >>> chart.key_figures["claim: at least 3 a month since 2021-09"]
    'holds'
    """
    style.check_lang(lang)
    threshold = check_int("threshold", threshold, 1, 31)
    since_p = check_since(since)
    ex = _load(start, end, as_of)
    # months run over the window, but never past what the table covers (the report's date,
    # or as_of if earlier): a month after that is "not recorded", not "no exchanges"
    a = parse_date("as_of", as_of)
    seen_to = REPORT_DATE if a is None else min(a, REPORT_DATE)
    s, e = parse_date("start", start), parse_date("end", end)
    first = max(FIRST_MONTH, s.to_period("M")) if s is not None else FIRST_MONTH
    last = min(seen_to.to_period("M"), e.to_period("M")) if e is not None else \
        seen_to.to_period("M")
    months = pd.period_range(first, last, freq="M")
    window_end = min(seen_to, e) if e is not None else seen_to
    figures = measure(ex, months, threshold, since_p, window_end)
    counts, total, verdict, partial = _tally(ex, months, threshold, since_p, window_end)
    claim = figures[f"claim: at least {threshold} a month since {since_p}"]

    w = WORDS[lang]
    fig, ax = style.new_figure(figsize=(9.0, 5.0))
    x = range(len(months))
    bottom = pd.Series(0, index=months)
    for kind, color in KINDS.items():
        ax.bar(x, counts[kind], bottom=bottom, width=0.6, color=color,
               label=w["kinds"][kind], zorder=3)
        bottom += counts[kind]
    for i, (m, n) in enumerate(total.items()):
        ax.text(i, n + 0.08, str(n), ha="center", va="bottom", fontsize=10, color="#333333")
        if m in verdict:
            ax.text(i, n + 0.55, w["mark"][verdict[m]], ha="center", va="bottom", fontsize=8.5,
                    color=MARKS[verdict[m]])
    if verdict:
        i0 = list(months).index(min(verdict))
        ax.hlines(threshold, i0 - 0.4, len(months) - 0.6, colors=style.PALETTE["highlight"],
                  linestyles="--", lw=1.2, zorder=4)
        label = w["threshold"].format(m=_month(since_p, lang), n=threshold)
        ax.text(i0 - 0.4, threshold + 0.08, label, ha="right" if i0 > 1 else "left",
                va="bottom", fontsize=8.5, color=style.PALETTE["highlight"])
    ax.set_xticks(list(x), [_month(m, lang) for m in months])
    ax.set_xlim(-0.6, len(months) - 0.4)
    ax.set_ylim(0, max(int(total.max()), threshold) + 1.3)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_ylabel(w["unit"])
    ax.set_xlabel(str(months[0].year) if months[0].year == months[-1].year else "")
    legend_above(ax, ncols=4)

    report_wording = claim == "holds" and threshold == THRESHOLD and \
        since_p == pd.Period(SINCE, "M")
    titles = {k: style.chart_title(1, v, k) for k, v in headline(
        TITLES if report_wording else None,
        {k: computed_title(total, verdict, threshold, since_p, k) for k in TITLES}, a).items()}
    note = _note(ex, window_end if partial else None, lang)
    through = {"us_china_exchanges": pd.Timestamp(ex["date"].max())}
    style.finish(fig, titles[lang], style.source_line([style.credit(ex.attrs, lang)], lang,
                                                      note, through_text(through, lang)))
    data = counts.assign(total=total)
    data.index = data.index.astype(str)
    busiest = total.idxmax()
    hl = [highlight(w["h_count"], str(int(total.sum()))),
          highlight(w["h_busiest"], w["count_of"].format(k=_month(busiest, lang),
                                                          n=int(total.max())))]
    if verdict:
        hl.append(highlight(w["h_claim"].format(n=threshold, m=_month(since_p, lang)),
                            w["verdict"][claim]))
    return Chart(
        name=NAME_MONTHLY, title=titles[lang], titles=titles,
        fig=fig, data=data, key_figures=figures, sources=["us_china_exchanges"],
        lang=lang, highlights=hl, through=through,
    )


def _note(ex, partial_to, lang) -> str:
    w, parts = WORDS[lang], []
    if (ex["kinds"].str.contains(";")).any():
        parts.append(w["two_fields"])
    if partial_to is not None:
        parts.append(w["partial"].format(m=partial_to.month, d=partial_to.day,
                                         day=partial_to.strftime("%-d %b %Y")))
    return w["sep"].join(parts)
