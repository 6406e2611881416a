"""图表1：今年以来中美高层交往频繁，9 月以来每月达到 3 次以上 (China–US high-level exchanges, 2021).

The report's 图表1 is a table of 20 exchanges; here it is drawn as a table figure, and a second
chart counts the exchanges per month, coloured by field, and checks the claim "at least 3 a
month since September" month by month against a threshold line.
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

KINDS = {  # field -> (English, colour), in the legend's order
    "元首对话": ("Heads of state", style.PALETTE["main"]),
    "外交": ("Diplomacy", style.PALETTE["second"]),
    "经贸": ("Economy and trade", style.PALETTE["third"]),
    "气候变化": ("Climate change", style.PALETTE["fourth"]),
}
MODES = {"call": ("通话", "call"), "video": ("视频", "video"),
         "in_person": ("会面", "in person"), "declaration": ("联合宣言", "joint declaration")}
_COLUMNS = {
    "zh": {"item": "序号", "date": "时间", "kind": "领域", "mode": "形式",
           "participants": "双方", "summary": "概要"},
    "en": {"item": "No.", "date": "Date", "kind": "Field", "mode": "Format",
           "participants": "Participants", "summary": "Summary"},
}


def load(start=None, end=None, as_of=None) -> pd.DataFrame:
    """The exchanges in the window; a clear error when none are.

    Example: ``load(as_of="2021-11-16")["date"].max()  # Timestamp("2021-11-16")``
    """
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


def kind_label(kinds: str, lang: str) -> str:
    """The exchange's field(s) in ``lang``.

    Example: ``kind_label("外交;经贸", "en")  # "Diplomacy / Economy and trade"``
    """
    parts = kinds.split(";")
    return "、".join(parts) if lang == "zh" else " / ".join(KINDS[k][0] for k in parts)


def date_label(row, lang: str) -> str:
    """The exchange's date (and end date) as the table prints it.

    Example: ``date_label(row, "zh")  # "11月16日"``
    """
    d, end = row["date"], row["end_date"]
    if lang == "zh":
        text = f"{d.month}月{d.day}日"
        return text + (f"至{end.day}日" if pd.notna(end) else "")
    text = d.strftime("%-d %b")
    return text.replace(" ", f"–{end.day} ", 1) if pd.notna(end) else text


def table(start=None, end=None, as_of=None, lang: str = "zh") -> pd.DataFrame:
    """The exchanges as a readable table in one language (what the notebook shows).

    Example: ``table(lang="en").columns  # Date, Field, Format, Participants, Summary``
    """
    style.check_lang(lang)
    ex = load(start, end, as_of)
    cols = _COLUMNS[lang]
    i = 0 if lang == "zh" else 1
    out = pd.DataFrame({
        cols["item"]: ex["item"],
        cols["date"]: [date_label(r, lang) for _, r in ex.iterrows()],
        cols["kind"]: [kind_label(k, lang) for k in ex["kinds"]],
        cols["mode"]: [MODES[m][i] for m in ex["mode"]],
        cols["participants"]: ex[f"participants_{lang}"],
        cols["summary"]: ex[f"summary_{lang}"],
    })
    return out.set_index(cols["item"])


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

    Example::

        chart = exchanges_table(lang="en")
        chart.key_figures["exchanges"]  # 20
    """
    shown = table(start, end, as_of, lang)
    ex = load(start, end, as_of)
    cells = [[str(n), *map(str, row)] for n, row in shown.iterrows()]
    # one line per exchange: the summaries are written short enough (zh <= 26, en <= 85 chars)
    width = 11.5 if lang == "zh" else 14.0
    fig, ax = style.new_figure(figsize=(width, 1.0 + 0.27 * len(cells)))
    ax.axis("off")
    widths = [0.04, 0.10, 0.12, 0.08, 0.24, 0.42] if lang == "zh" else \
        [0.03, 0.07, 0.15, 0.09, 0.27, 0.39]
    tab = ax.table(cellText=cells, colLabels=[shown.index.name, *shown.columns],
                   loc="upper center", cellLoc="left", colLoc="left", colWidths=widths)
    tab.auto_set_font_size(False)
    tab.set_fontsize(8.5 if lang == "zh" else 8)
    tab.scale(1, 1.45)
    for (r, c), cell in tab.get_celld().items():
        cell.set_edgecolor("#DDDDDD")
        if r == 0:
            cell.set_facecolor(style.PALETTE["main"])
            cell.get_text().set_color("white")
        elif c == 2:  # the field, in its colour
            kind = ex["kind"].iloc[r - 1]
            cell.get_text().set_color(KINDS[kind][1])
    title = style.chart_title(1, TABLE_TITLES[lang], lang)
    note = WORDS[lang]["table_note"]
    through = {"us_china_exchanges": pd.Timestamp(ex["date"].max())}
    style.finish(fig, title, style.source_line([style.credit(ex.attrs, lang)], lang, note,
                                               through_text(through, lang)))
    data = ex.set_index("item")
    w = WORDS[lang]
    fields = ex["kind"].value_counts()
    return Chart(
        name=NAME_TABLE, title=title,
        titles={k: style.chart_title(1, v, k) for k, v in TABLE_TITLES.items()},
        fig=fig, data=data,
        key_figures={"exchanges": len(ex), "first": ex["date"].min(), "last": ex["date"].max()},
        sources=["us_china_exchanges"], lang=lang, through=through,
        highlights=[highlight(w["h_count"], str(len(ex))),
                    highlight(w["h_first"], day_label(ex["date"].min(), lang)),
                    highlight(w["h_last"], day_label(ex["date"].max(), lang)),
                    highlight(w["h_field"], w["count_of"].format(
                        k=kind_label(fields.index[0], lang), n=fields.iloc[0]))],
    )


def monthly_counts(ex: pd.DataFrame, months: pd.PeriodIndex) -> pd.DataFrame:
    """Exchanges per month (rows) and field (columns), zero where there were none.

    Example: ``monthly_counts(ex, months).sum().sum()  # 20``
    """
    counts = pd.crosstab(ex["date"].dt.to_period("M"), ex["kind"])
    counts = counts.reindex(index=months, columns=list(KINDS), fill_value=0)
    counts.index.name = "month"
    return counts


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

    Example::

        chart = exchanges_by_month(as_of="2021-11-16")
        chart.key_figures["claim: at least 3 a month since 2021-09"]  # "holds"
    """
    style.check_lang(lang)
    threshold = check_int("threshold", threshold, 1, 31)
    since_p = check_since(since)
    ex = load(start, end, as_of)
    # months run over the window, but never past what the table covers (the report's date,
    # or as_of if earlier): a month after that is "not recorded", not "no exchanges"
    a = parse_date("as_of", as_of)
    seen_to = REPORT_DATE if a is None else min(a, REPORT_DATE)
    s, e = parse_date("start", start), parse_date("end", end)
    first = max(FIRST_MONTH, s.to_period("M")) if s is not None else FIRST_MONTH
    last = min(seen_to.to_period("M"), e.to_period("M")) if e is not None else \
        seen_to.to_period("M")
    months = pd.period_range(first, last, freq="M")
    counts = monthly_counts(ex, months)
    total = counts.sum(axis=1)
    window_end = min(seen_to, e) if e is not None else seen_to
    partial = window_end < months[-1].end_time.normalize()

    # per month since `since`: met, not met, or pending (a partial month still below)
    checked = total[total.index >= since_p]
    verdict = {m: "met" if n >= threshold else
               ("pending" if partial and m == months[-1] else "not met")
               for m, n in checked.items()}
    claim_holds = bool(verdict) and since_p in total.index and \
        all(v == "met" for v in verdict.values())

    w = WORDS[lang]
    fig, ax = style.new_figure(figsize=(9.0, 5.0))
    x = range(len(months))
    bottom = pd.Series(0, index=months)
    for kind, (_, color) in KINDS.items():
        ax.bar(x, counts[kind], bottom=bottom, width=0.6, color=color,
               label=w["kinds"].get(kind, kind), zorder=3)
        bottom += counts[kind]
    for i, (m, n) in enumerate(total.items()):
        ax.text(i, n + 0.08, str(n), ha="center", va="bottom", fontsize=10, color="#333333")
        if m in verdict:
            v = verdict[m]
            text = w["mark"][v]
            color = {"met": style.PALETTE["fourth"], "not met": style.PALETTE["main"],
                     "pending": style.PALETTE["grey"]}[v]
            ax.text(i, n + 0.55, text, ha="center", va="bottom", fontsize=8.5, color=color)
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

    figures: dict[str, object] = {
        "window": f"{months[0]} to {months[-1]}",
        "exchanges": int(total.sum()),
        "per month": ", ".join(f"{m}: {n}" for m, n in total.items()),
    }
    for m, v in verdict.items():
        figures[f"{m} at least {threshold}"] = v
    if not verdict:
        claim = "not checked (months not in window)"
    elif claim_holds:
        claim = "holds"
    elif all(v != "not met" for v in verdict.values()):
        claim = "holds so far (last month not over)"
    else:
        claim = "does not hold"
    figures[f"claim: at least {threshold} a month since {since_p}"] = claim
    if partial:
        figures["last month partial"] = f"{months[-1]} to {window_end.date()}"
    if (ex["kinds"].str.contains(";")).any():
        figures["counted under first field"] = ", ".join(
            f"{r['date'].date()} ({r['kinds'].replace(';', '+')})"
            for _, r in ex[ex["kinds"].str.contains(";")].iterrows())

    report_wording = claim_holds and threshold == THRESHOLD and since_p == pd.Period(SINCE, "M")
    titles = {k: style.chart_title(1, v, k) for k, v in headline(
        TITLES if report_wording else None,
        {k: computed_title(total, verdict, threshold, since_p, k) for k in TITLES}, a).items()}
    title = titles[lang]
    note = _note(ex, window_end if partial else None, lang)
    through = {"us_china_exchanges": pd.Timestamp(ex["date"].max())}
    style.finish(fig, title, style.source_line([style.credit(ex.attrs, lang)], lang, note,
                                               through_text(through, lang)))
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
        name=NAME_MONTHLY, title=title, titles=titles,
        fig=fig, data=data, key_figures=figures, sources=["us_china_exchanges"],
        lang=lang, highlights=hl, through=through,
    )


WORDS = {
    "zh": {"title_met": "{y}年中美高层交往{n}次，{m}起每月均达 {t} 次以上",
           "title": "{y}年中美高层交往{n}次，{b}最多（{k} 次）",
           "h_count": "交往次数", "h_first": "首次", "h_last": "最近一次", "h_field": "最多的领域",
           "h_busiest": "最多的月份", "h_claim": "{m}起每月 {n} 次以上",
           "table_note": "概要为 uschina 自行概括，非报告原文", "count_of": "{k}（{n}）",
           "kinds": {}, "mark": {"met": "达到", "not met": "未达", "pending": "月内未完"},
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
           "count_of": "{k} ({n})", "kinds": {k: v[0] for k, v in KINDS.items()},
           "mark": {"met": "met", "not met": "not met", "pending": "month not over"},
           "threshold": "threshold since {m}: {n}", "unit": "exchanges", "month": "{b}",
           "two_fields": "an exchange in two fields counts under the first",
           "partial": "last month counted to {day}", "sep": "; ",
           "verdict": {"holds": "holds", "holds so far (last month not over)":
                       "holds so far (month not over)", "does not hold": "does not hold",
                       "not checked (months not in window)": "not checked"}},
}


def _month(m: pd.Period, lang: str) -> str:
    return WORDS[lang]["month"].format(n=m.month, b=m.strftime("%b"))


def computed_title(total: pd.Series, verdict: dict, threshold: int, since: pd.Period,
                   lang: str) -> str:
    """What the counts show: the total, and the threshold met since ``since`` or the busiest
    month.

    Example::

        computed_title(total, verdict, 3, Period("2021-09"), "en")
        # -> "... in 2021: 20, at least 3 a month since Sep"
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

    Example: ``check_since("2021-09")  # Period("2021-09", "M")``
    """
    if not (isinstance(since, str) and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", since.strip())):
        raise ParameterError(
            f"parameter 'since' must be a month like '2021-09', got {since!r}")
    return pd.Period(since.strip(), "M")


def _note(ex, partial_to, lang) -> str:
    w, parts = WORDS[lang], []
    if (ex["kinds"].str.contains(";")).any():
        parts.append(w["two_fields"])
    if partial_to is not None:
        parts.append(w["partial"].format(m=partial_to.month, d=partial_to.day,
                                         day=partial_to.strftime("%-d %b %Y")))
    return w["sep"].join(parts)
