"""图表2：拜登支持率在历届总统支持率中排名靠后 (approval at the same day in office, Truman→today).

The *subject* is the president in office at ``as_of`` (the current one, Trump's second term
from 2025-01-20, when None). For each presidency: the Gallup approval of the last poll ending on
or before day N in office (day 0 = first day; :func:`uschina.approval_days.approval_on_day`),
the presidency's Gallup high–low range as a grey bar, and the polling averages where they exist
(FiveThirtyEight for Trump's first term and Biden; the New York Times and Silver Bulletin for
Trump's second). N is the subject's latest day with data published by ``as_of`` (day 299 =
2021-11-15 for the report). Gallup's readings of Trump's second term end on 2025-12-15, so when
the subject's last Gallup poll is stale his polling average is what is ranked.
Measuring (:func:`measure`), words (``WORDS``) and drawing (:func:`presidential_approval`) are
apart.
"""

from __future__ import annotations

import pandas as pd

from .. import approval_days, datasets, measures, style
from ..errors import ParameterError
from ..params import check_int, parse_date
from .base import Chart
from .common import Through, day_label, headline, highlight, legend_above, through_text

NAME = "fig2_approval"
TITLES = {"zh": "拜登支持率在历届总统支持率中排名靠后",
          "en": "Biden's approval ranks low among US presidents"}
NEUTRAL_TITLES = {"zh": "历届美国总统任内同期支持率",
                  "en": "US presidents' approval at the same day in office"}
REPORT_DAY = 299  # Biden on 2021-11-15
MAX_DAY = 2 * 4 * 366  # two full terms
FTE_SHIFT = 0.2  # x offset of the FiveThirtyEight marker from the Gallup dot
THREE_SHIFT = (0.22, 0.1, 0.32)  # a Gallup dot (left of centre) and two averages (right)
SUBJECT = "Joe Biden"  # the report's subject
STALE_DAYS = 45  # a Gallup poll older than this on the day is not "his approval on that day"
LOW_RANK_SHARE = 0.75  # "排名靠后": in the bottom quarter of the presidents shown

# The report's order (chronological); display names are in WORDS[lang]["presidents"]
PRESIDENTS = ("Harry S. Truman", "Dwight D. Eisenhower", "John F. Kennedy", "Lyndon B. Johnson",
              "Richard Nixon", "Gerald Ford", "Jimmy Carter", "Ronald Reagan", "George H.W. Bush",
              "Bill Clinton", "George W. Bush", "Barack Obama", "Donald Trump", "Joe Biden")
# a second, separate presidency of the same person: its own row and key; the short names
# (raw key figures, English) of his first and second presidency
SECOND = {"Donald Trump": ("Trump (1st term)", "Trump (2nd term)")}
FTE_KEYS = {"Donald Trump": "trump_approval_538", "Joe Biden": "biden_approval_538"}
# averages drawn per row (table index): column, data key, marker, legend key
AVERAGE_COLUMNS = {"FiveThirtyEight": "fte_approve", "New York Times": "nyt_approve",
                   "Silver Bulletin": "silver_approve"}
AVERAGE_KEYS = {("Donald Trump (2025)", "New York Times"): "trump2_approval_nyt",
                ("Donald Trump (2025)", "Silver Bulletin"): "trump2_approval_silver"}
MARKERS = {"fte_approve": "D", "nyt_approve": "s", "silver_approve": "^"}
# per language: the x tick size, and whether two-word names break over two lines when the
# current president's row makes the axis crowded
LAYOUT = {"zh": {"tick_size": None, "crowded_tick_size": None, "break_names": False},
          "en": {"tick_size": 9, "crowded_tick_size": 8.5, "break_names": True}}

WORDS = {
    "zh": {"title": "{when}的盖洛普支持率为 {v}，在 {n} 位总统中排第 {r}",
           "title_avg": "{when}的支持率为 {v}（民调平均），在 {n} 位总统同期中排第 {r}",
           "title_none": "历届美国总统就任第 {d} 天的支持率",
           "h_gallup": "{who}盖洛普支持率（第 {d} 天）", "h_rank": "在历任总统中的排名",
           "h_avg": "{who}{src}", "rank": "第 {r} / {n} 位", "h_above": "紧邻其上",
           "note": "任期第 {d} 天（就职首日为第 0 天）；灰色为任内盖洛普支持率最高值与最低值",
           "stale": "；{who}的盖洛普民调止于{w}（第 {d} 天，{v:.0f}%），故以民调平均与前任同期的"
                    "盖洛普读数比较",
           "published": "；截至 {a} 已发布的数据", "sep": "、", "line_join": "",
           "range": "任内最高–最低（盖洛普）", "gallup": "盖洛普：第 {d} 天或之前最近一次民调",
           "fte_approve": "FiveThirtyEight 民调平均（第 {d} 天）",
           "nyt_approve": "《纽约时报》民调平均（第 {d} 天）",
           "silver_approve": "Silver Bulletin 民调平均（第 {d} 天）",
           "ylabel": "支持率（%）", "not_in_office": "任期不足\n{d} 天", "no_poll": "无民调",
           "line": "{who}：{v:g}%（{src}，参考线）", "gallup_src": "盖洛普",
           # the subject as the title names him and his day (a second presidency says so)
           "who": {"Donald Trump (2025)": "特朗普第二任期"},
           "when": {"Donald Trump (2025)": "特朗普第二任期第 {d} 天"},
           "when_default": "{who}就任第 {d} 天",
           "source": {"FiveThirtyEight": " 538 平均", "New York Times": "《纽约时报》平均",
                      "Silver Bulletin": " Silver Bulletin 平均"},
           "presidents": {"Harry S. Truman": "杜鲁门", "Dwight D. Eisenhower": "艾森豪威尔",
                          "John F. Kennedy": "肯尼迪", "Lyndon B. Johnson": "约翰逊",
                          "Richard Nixon": "尼克松", "Gerald Ford": "福特", "Jimmy Carter": "卡特",
                          "Ronald Reagan": "里根", "George H.W. Bush": "老布什",
                          "Bill Clinton": "克林顿", "George W. Bush": "小布什",
                          "Barack Obama": "奥巴马", "Donald Trump": "特朗普", "Joe Biden": "拜登"},
           # a president with two separate presidencies: (first, second)
           "terms": {"Donald Trump": ("特朗普\n（第一任期）", "特朗普\n（第二任期）")}},
    "en": {"title": "{who}'s Gallup approval on {when}: {v}, {r} of {n} presidents",
           "title_avg": "{who}'s approval on {when}: {v} (polling averages), {r} of {n} "
                        "presidents at the same day",
           "title_none": "US presidents' approval on day {d} in office",
           "h_gallup": "{who}, Gallup (day {d})", "h_rank": "Rank among presidents",
           "h_avg": "{who}, {src}", "rank": "{r} of {n}", "h_above": "Just above",
           "note": "day {d} in office (first day = day 0); grey bars: Gallup high and low in "
                   "office",
           "stale": "; Gallup's polls of {who} end on {w} (day {d}, {v:.0f}%), so his polling "
                    "averages are ranked against his predecessors' Gallup readings",
           "published": "; data published by {a}", "sep": ", ", "line_join": " ",
           "range": "High–low in office (Gallup)",
           "gallup": "Gallup: last poll ending on or before day {d}",
           "fte_approve": "FiveThirtyEight average, day {d}",
           "nyt_approve": "New York Times average, day {d}",
           "silver_approve": "Silver Bulletin average, day {d}",
           "ylabel": "approve (%)", "not_in_office": "not in office\non day {d}",
           "no_poll": "no poll", "line": "{who}: {v:g}% ({src}; reference line)",
           "gallup_src": "Gallup",
           "who": {"Donald Trump (2025)": "Trump"},
           "when": {"Donald Trump (2025)": "day {d} of his second term"},
           "when_default": "day {d} in office",
           "source": {"FiveThirtyEight": "538 average", "New York Times": "NYT average",
                      "Silver Bulletin": "Silver Bulletin average"},
           "presidents": {"Harry S. Truman": "Truman", "Dwight D. Eisenhower": "Eisenhower",
                          "John F. Kennedy": "Kennedy", "Lyndon B. Johnson": "L. Johnson",
                          "Richard Nixon": "Nixon", "Gerald Ford": "Ford",
                          "Jimmy Carter": "Carter", "Ronald Reagan": "Reagan",
                          "George H.W. Bush": "G.H.W. Bush", "Bill Clinton": "Clinton",
                          "George W. Bush": "G.W. Bush", "Barack Obama": "Obama",
                          "Donald Trump": "Trump", "Joe Biden": "Biden"},
           "terms": {"Donald Trump": ("Trump\n(1st term)", "Trump\n(2nd term)")}},
}


def _terms(polls: pd.DataFrame) -> pd.DataFrame:
    """:func:`presidencies` from the poll table (all data)."""
    zh, en = WORDS["zh"], WORDS["en"]
    rows = []
    for (name, first), mine in polls.groupby(["president", "first_day"], sort=False):
        key, names = name, (zh["presidents"][name], en["presidents"][name],
                            en["presidents"][name])
        if any(r["president"] == name for r in rows):  # the same person again
            key = f"{name} ({first.year})"
            names = (zh["terms"][name][1], en["terms"][name][1], SECOND[name][1])
        rows.append({"key": key, "president": name, "first_day": first,
                     "last_day": mine["last_day"].iloc[0], "party": mine["party"].iloc[0],
                     "name_zh": names[0], "name_en": names[1], "short_en": names[2]})
    return pd.DataFrame(rows).set_index("key")


def presidencies() -> pd.DataFrame:
    """Every presidency in the Gallup tables (all data, whatever the view), chronological.

    Returns
    -------
    pd.DataFrame
        Index ``key`` (the president, or "Name (year)" for a second, separate presidency);
        columns president, first_day, last_day, party, name_zh, name_en, short_en.

    Examples
    --------
    >>> presidencies().index[-1]
    'Donald Trump (2025)'
    """
    return _terms(approval_days.gallup_polls())


def _subject_at(a: pd.Timestamp | None, terms: pd.DataFrame) -> str:
    if a is None:
        return terms.index[-1]
    began = terms[terms["first_day"] <= a - pd.Timedelta(days=1)]
    if began.empty:
        raise ParameterError(
            f"parameter 'as_of' ({a.date()}) is before the first presidency in the Gallup "
            f"polls ({terms['first_day'].min().date()}): no president in office to compare")
    return began.index[-1]


def subject_at(as_of) -> str:
    """The presidency in office on the last day published by ``as_of`` (the day before).

    Parameters
    ----------
    as_of : date-like or None
        The view's date; None: the current presidency.

    Returns
    -------
    str
        Its key in :func:`presidencies`.

    Examples
    --------
    >>> subject_at("2021-11-16"), subject_at(None)
    ('Joe Biden', 'Donald Trump (2025)')
    """
    return _subject_at(parse_date("as_of", as_of), presidencies())


def _default_day(a: pd.Timestamp | None, terms: pd.DataFrame, polls: pd.DataFrame) -> int:
    """:func:`default_day` from the presidencies and the Gallup polls published by ``a``."""
    me = terms.loc[_subject_at(a, terms)]
    first = me["first_day"]
    last = me["last_day"] if a is None else min(me["last_day"], a - pd.Timedelta(days=1))
    ends = []
    for (pres, start), sources in approval_days.AVERAGES.items():
        if pres == me["president"] and pd.Timestamp(start) == first:
            for k, _ in sources:
                values = datasets.load(k, as_of=a)["approve"].dropna()
                values = values[(values.index >= first) & (values.index <= last)]
                if len(values):
                    ends.append(values.index[-1])
    # the later of its polls and the averages
    mine = polls[(polls["first_day"] == first) & (polls["poll_end"] <= last)]
    ends.append(mine["poll_end"].max() if len(mine) else first)
    return approval_days.day_in_office(first, min(max(ends), last))


def default_day(as_of) -> int:
    """The subject's latest day in office with data published by ``as_of``.

    Data are published the next day, so as_of 2021-11-16 gives Biden's day 299 (2021-11-15);
    the day is capped at the end of the presidency and at the later of his last polling
    average and last Gallup poll published by then. Without as_of: the current president's
    latest day with data (Trump's second term: day 610, 2026-09-22, the NYT average's last
    day).

    Parameters
    ----------
    as_of : date-like or None
        The view's date.

    Returns
    -------
    int
        Day in office (0 = first day).

    Examples
    --------
    >>> default_day("2021-11-16")
    299
    """
    a = parse_date("as_of", as_of)
    return _default_day(a, presidencies(), approval_days.gallup_polls(as_of=a))


def _compare(day_in_office: int, a, s, e, terms: pd.DataFrame,
             polls: pd.DataFrame) -> pd.DataFrame:
    """:func:`compare_at_day` from parsed dates, the presidencies and the polls published."""
    table = approval_days.approval_on_day(polls, day_in_office, today=a)
    range_to = polls.groupby(["president", "first_day"])["poll_end"].max()
    key_of = {(r.president, r.first_day): k for k, r in terms.iterrows()}
    rows = []
    for r in table.itertuples():
        key = key_of[(r.president, r.first_day)]
        me = terms.loc[key]
        last = me["last_day"] if a is None else min(me["last_day"], a)
        if (s is not None and last < s) or (e is not None and me["first_day"] > e):
            continue
        avg = approval_days.average_on_day(
            r.president, r.first_day, day_in_office, as_of=a,
            slack_days=approval_days.AVERAGE_SLACK_DAYS) if r.in_office else {}
        row = {"president": key, "name_zh": me["name_zh"], "name_en": me["name_en"],
               "short_en": me["short_en"], "party": me["party"], "first_day": r.first_day,
               "day_in_office": day_in_office, "date": r.date, "in_office": r.in_office,
               "gallup_approve": r.gallup_approve, "gallup_poll_end": r.gallup_poll_end,
               "gallup_days_before": r.gallup_days_before,
               "gallup_high": r.gallup_high, "gallup_low": r.gallup_low,
               "gallup_range_to": range_to[(r.president, r.first_day)]}
        for source, col in AVERAGE_COLUMNS.items():
            row[col] = avg.get(source, float("nan"))
        rows.append(row)
    if not rows:
        return pd.DataFrame(columns=["president"]).set_index("president")
    out = pd.DataFrame(rows).set_index("president")
    for name, (short1, _) in SECOND.items():
        if name in out.index and any(out.index.str.startswith(f"{name} (")):
            out.loc[name, ["name_zh", "name_en", "short_en"]] = [
                WORDS["zh"]["terms"][name][0], WORDS["en"]["terms"][name][0], short1]
    # columns no presidency has (e.g. Silver Bulletin in 2021) are left out
    return out.drop(columns=[c for c in ("nyt_approve", "silver_approve")
                             if out[c].isna().all()])


def compare_at_day(day_in_office: int, as_of=None, start=None, end=None) -> pd.DataFrame:
    """One row per presidency (chronological): the approval at ``day_in_office`` and the range.

    Gallup by the one selection rule (:func:`uschina.approval_days.approval_on_day`), the
    averages by :func:`uschina.approval_days.average_on_day`.

    Parameters
    ----------
    day_in_office : int
        The day compared (0 = first day).
    as_of : date-like, optional
        Only data published by then.
    start, end : date-like, optional
        Keep the presidencies whose time in office overlaps this window.

    Returns
    -------
    pd.DataFrame
        Indexed by presidency: names, the day's date, ``in_office``, the Gallup reading and
        how old it is, the Gallup high and low, and the averages on the day.

    Examples
    --------
    >>> float(compare_at_day(299, as_of="2021-11-16").loc["Joe Biden", "gallup_approve"])
    42.0
    """
    a = parse_date("as_of", as_of)
    s, e = parse_date("start", start), parse_date("end", end)
    return _compare(day_in_office, a, s, e, presidencies(), approval_days.gallup_polls(as_of=a))


def _average_key(pres: str, col: str) -> str:
    if col == "fte_approve":
        return FTE_KEYS[pres]
    source = next(k for k, v in AVERAGE_COLUMNS.items() if v == col)
    return AVERAGE_KEYS[(pres, source)]


def presidential_approval(start=None, end=None, as_of=None, lang: str = "zh",
                          day_in_office: int | None = None) -> Chart:
    """图表2: each president's approval on the same day in office as the subject, with the
    Gallup range.

    The subject is the president in office at ``as_of``: Biden in the report's view, Trump's
    second term today.

    Parameters
    ----------
    start, end : date-like, optional
        The window drawn (presidents in office in it).
    as_of : date-like, optional
        Only data published by then: "2021-11-16" is the report's view (and the only view with
        the report's headline); None uses all data.
    lang : {"zh", "en"}
        The language of every word in the figure.
    day_in_office : int, optional
        The day compared (0 = first day); default the subject's last day with data at
        ``as_of`` (:func:`default_day`).

    Returns
    -------
    Chart
        The figure, the data behind it (CSV), raw ``key_figures`` (``summary()``), reader
        ``highlights`` in ``lang`` and ``through`` (last observation drawn per data set).

    Examples
    --------
    >>> chart = presidential_approval(as_of="2021-11-16")
    >>> chart.key_figures["Biden rank (Gallup, 1 = highest)"]
    '13 of 14'
    """
    style.check_lang(lang)
    s, e, a = parse_date("start", start), parse_date("end", end), parse_date("as_of", as_of)
    if s is not None and e is not None and s > e:
        raise ParameterError(f"parameter 'start' ({s.date()}) is after 'end' ({e.date()})")
    # the poll tables once per chart: the presidencies from all data, the rest as of a
    every = approval_days.gallup_polls()
    terms = _terms(every)
    subject = _subject_at(a, terms)  # first: an as_of before 1945 is a named error
    polls = every if a is None else approval_days.gallup_polls(as_of=a)
    day = _default_day(a, terms, polls) if day_in_office is None else check_int(
        "day_in_office", day_in_office, 0, MAX_DAY)
    table = _compare(day, a, s, e, terms, polls)
    if table.empty:
        raise ParameterError(
            f"no president in office between start={start!r} and end={end!r} "
            f"(as_of={as_of!r}); the Gallup polls cover Truman (1945) to Trump (2025)"
        )
    figures, low_rank, extra = _rank(table, day, subject)
    stale = _is_stale(table, subject)
    w, layout = WORDS[lang], LAYOUT[lang]

    crowded = len(table) > 14  # the current president's row added: more room, shorter names
    fig, ax = style.new_figure(figsize=(11.0 if crowded else 10.0, 5.4))
    x = range(len(table))
    is_subject = table.index == subject
    ax.bar(x, table["gallup_high"] - table["gallup_low"], bottom=table["gallup_low"], width=0.5,
           color=style.PALETTE["light"], label=w["range"], zorder=1)
    # a stale poll is not the subject's approval on the day: his averages stand for it
    dots = table["gallup_approve"].where(~(is_subject & stale))
    colors = [style.PALETTE["main"] if b else style.PALETTE["second"] for b in is_subject]
    averages = [c for c in AVERAGE_COLUMNS.values() if c in table and table[c].notna().any()]
    # a column with a Gallup dot and two averages: the dot moves left, the averages right
    three = [dots.iloc[i] == dots.iloc[i] and sum(pd.notna(table[c].iloc[i]) for c in averages)
             == 2 for i in x]
    dot_x = [i - THREE_SHIFT[0] if t else i for i, t in zip(x, three, strict=True)]
    ax.scatter(dot_x, dots, s=42, c=colors, zorder=4,
               label=w["gallup"].format(d=day))
    for col in averages:
        ax.scatter([], [], s=46, marker=MARKERS[col], facecolors="white", linewidths=1.4,
                   edgecolors=style.PALETTE["third"], label=w[col].format(d=day))
    ref = extra.get("ranked")  # the subject's value, drawn as a dashed reference line
    for i, (pres, row) in enumerate(table.iterrows()):
        color = style.PALETTE["main"] if pres == subject else "#333333"
        if not row["in_office"]:
            ax.text(i, 8, w["not_in_office"].format(d=day), ha="center", va="bottom",
                    fontsize=8, color=style.PALETTE["grey"])
            continue
        if pd.isna(row["gallup_approve"]):
            ax.text(i, 8, w["no_poll"], ha="center", fontsize=8,
                    color=style.PALETTE["grey"])
        elif pd.notna(dots.iloc[i]):
            # a label on the reference line is set on white, so the line does not cross it
            near = ref is not None and abs(row["gallup_approve"] - ref) < 2.5
            ax.annotate(f"{row['gallup_approve']:.0f}", (dot_x[i], row["gallup_approve"]),
                        xytext=(-7, 0), textcoords="offset points", ha="right", va="center",
                        fontsize=9, color=color, zorder=6,
                        bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none"}
                        if near else None)
        mine = [c for c in averages if pd.notna(row[c])]
        edge = style.PALETTE["main"] if pres == subject else style.PALETTE["third"]
        for j, col in enumerate(mine):
            if len(mine) == 1:
                # beside the Gallup dot, label above (below when the dot is higher): to its
                # right it would run into the next president's label
                at, off, ha, va = i + FTE_SHIFT, (0, 7), "center", "bottom"
                if pd.notna(dots.iloc[i]) and dots.iloc[i] > row[col]:
                    off, va = (0, -7), "top"
            else:  # two averages (no Gallup dot on the day): one each side, the lower
                # labelled below and the higher above, off the reference line at the lower
                at = i + (THREE_SHIFT[1 + j] if three[i] else (-FTE_SHIFT, FTE_SHIFT)[j])
                low = row[col] <= min(row[c] for c in mine)
                off, ha, va = ((0, -7), "center", "top") if low else ((0, 7), "center",
                                                                      "bottom")
            ax.scatter([at], [row[col]], s=46, marker=MARKERS[col], facecolors="white",
                       edgecolors=edge, linewidths=1.4, zorder=5)
            ax.annotate(f"{row[col]:.1f}", (at, row[col]), xytext=off,
                        textcoords="offset points", ha=ha, va=va, fontsize=9, color=color)
    if ref is not None:
        ax.axhline(ref, color=style.PALETTE["main"], lw=0.8, ls="--", zorder=2,
                   label=w["line"].format(
                       who=_who(table, subject, lang), v=ref,
                       src=w["source"].get(extra.get("source"), w["gallup_src"])
                       .strip()))
    names = table[f"name_{lang}"]
    if crowded and layout["break_names"]:  # "G.H.W. Bush" in two lines, as "Trump (2nd term)"
        names = names.where(names.str.contains("\n"), names.str.replace(" ", "\n", n=1))
    ax.set_xticks(list(x), names.tolist())
    for tick, b in zip(ax.get_xticklabels(), is_subject, strict=True):
        if b:
            tick.set_color(style.PALETTE["main"])
    size = layout["crowded_tick_size" if crowded else "tick_size"]
    if size is not None:
        ax.tick_params(axis="x", labelsize=size)
    ax.set_ylim(0, 100)
    ax.set_xlim(-0.6, len(table) - 0.4)
    ax.set_ylabel(w["ylabel"])
    legend_above(ax)

    computed = {k: computed_title(figures, k, table, subject) for k in TITLES}
    titles = {k: style.chart_title(2, v, k) for k, v in headline(
        TITLES if low_rank and subject == SUBJECT else None, computed, a).items()}
    title = titles[lang]
    drawn = [(pres, col) for col in averages for pres in table.index[table[col].notna()]]
    keys = ["presidential_approval_polls"]
    if "Donald Trump (2025)" in table.index:
        keys.append("trump2_approval_gallup")
    keys += [k for k in dict.fromkeys(_average_key(p_, c) for p_, c in drawn)
             if k != FTE_KEYS["Donald Trump"] or subject == "Donald Trump"]
    credits = [style.credit(datasets.meta(k).model_dump(), lang) for k in keys]
    note = w["note"].format(d=day)
    if stale and "last_gallup" in extra:
        when, v, d = extra["last_gallup"]
        note += w["stale"].format(who=_who(table, subject, lang), v=v,
                                  w=day_label(when, lang), d=d)
    if a is not None:
        note += w["published"].format(a=a.date())
    through = {}
    for key in ("presidential_approval_polls", "trump2_approval_gallup"):
        # the range bars draw every poll to as_of: their last is the last drawn
        ends = table["gallup_range_to"][
            (table.index == "Donald Trump (2025)") == (key == "trump2_approval_gallup")]
        if ends.notna().any():
            through[key] = pd.Timestamp(ends.max())
    for pres, col in drawn:
        key = _average_key(pres, col)
        values = datasets.load(key, as_of=a)["approve"].dropna()
        through[key] = pd.Timestamp(values.index[values.index <= table.loc[pres, "date"]][-1])
    # the stamp dates the current presidency's data; predecessors' are history by design
    current = Through({k: v for k, v in through.items() if k in _subject_keys(subject)},
                      as_of=a)  # poll averages are remodelled later: a past view says so
    style.finish(fig, title, style.source_line(credits, lang, note, through_text(current, lang)))

    return Chart(
        name=NAME,
        title=title,
        titles=titles,
        fig=fig,
        data=table,
        key_figures=figures,
        sources=list(dict.fromkeys(["presidential_approval_polls", *FTE_KEYS.values(), *keys])),
        lang=lang, highlights=_highlights(figures, table, subject, lang), through=through,
    )


def _who(table: pd.DataFrame | None, subject: str, lang: str) -> str:
    w = WORDS[lang]
    if subject in w["who"]:
        return w["who"][subject]
    if table is None or subject not in table.index:
        return w["presidents"][SUBJECT]
    return table.loc[subject, f"name_{lang}"]


def _when(table, subject: str, lang: str, d: int) -> str:
    w = WORDS[lang]
    return w["when"].get(subject, w["when_default"]).format(who=_who(table, subject, lang), d=d)


def _subject_keys(subject: str) -> set[str]:
    """The data sets of the subject's own presidency: the stamp dates these."""
    if subject == "Donald Trump (2025)":
        return {"trump2_approval_gallup", *AVERAGE_KEYS.values()}
    return {"presidential_approval_polls", *([FTE_KEYS[subject]] if subject in FTE_KEYS
                                             else [])}


def _is_stale(table: pd.DataFrame, subject: str) -> bool:
    """True when the subject's last Gallup poll is too old to be his approval on the day
    and a polling average is there to stand for it."""
    if subject not in table.index or not table.loc[subject, "in_office"]:
        return False
    me = table.loc[subject]
    has_avg = any(pd.notna(me.get(c)) for c in AVERAGE_COLUMNS.values() if c in table)
    old = pd.isna(me["gallup_approve"]) or int(me["gallup_days_before"]) > STALE_DAYS
    return bool(has_avg and old)


def _prefix(table, subject) -> str:
    """The subject's name in the raw key_figures ("Biden", "Trump (2nd term)")."""
    if table is None or subject not in table.index:
        return "Biden"
    return table.loc[subject, "short_en"]


def _average_figure_keys(p: str) -> list[str]:
    """The key figures' names of the subject's averages, in AVERAGE_COLUMNS' order."""
    return [f"{p} {source} %" if source == "FiveThirtyEight" else f"{p} {source} average %"
            for source in AVERAGE_COLUMNS]


def computed_title(figures: dict, lang: str, table: pd.DataFrame | None = None,
                   subject: str = SUBJECT) -> str:
    """What the table shows: the subject's approval and rank at the day.

    Parameters
    ----------
    figures : dict
        The key figures of :func:`measure`.
    lang : {"zh", "en"}
        The title's language.
    table : pd.DataFrame, optional
        The table of :func:`compare_at_day` (for the subject's name; default Biden).
    subject : str
        The subject's key in the table.

    Returns
    -------
    str
        The title without its "Chart 2:" prefix.

    Examples
    --------
    >>> computed_title({"day in office": 299, "Biden Gallup %": 42,
    ...                 "Biden rank (Gallup, 1 = highest)": "13 of 14"}, "en")
    "Biden's Gallup approval on day 299 in office: 42%, 13 of 14 presidents"
    """
    w, d = WORDS[lang], figures["day in office"]
    p = _prefix(table, subject)
    rank = next((v for k, v in figures.items() if k.startswith(f"{p} rank")), None)
    if rank is None:
        return w["title_none"].format(d=d)
    r, n = rank.split(" of ")
    who, when = _who(table, subject, lang), _when(table, subject, lang, d)
    if f"{p} Gallup %" in figures:
        return w["title"].format(who=who, when=when, v=f"{figures[f'{p} Gallup %']}%", r=r,
                                 n=n)
    vals = sorted(figures[k] for k in _average_figure_keys(p) if k in figures)
    v = f"{vals[0]:.1f}%" if vals[0] == vals[-1] else f"{vals[0]:.1f}–{vals[-1]:.1f}%"
    return w["title_avg"].format(who=who, when=when, v=v, r=r, n=n)


def _highlights(figures: dict, table: pd.DataFrame, subject: str,
                lang: str) -> list[dict[str, str]]:
    w, d = WORDS[lang], figures["day in office"]
    p = _prefix(table, subject)
    gap = w["line_join"]
    who = table.loc[subject, f"name_{lang}"].replace("\n", gap) if subject in table.index else p
    out = []
    if f"{p} Gallup %" in figures:
        out.append(highlight(w["h_gallup"].format(who=who, d=d), f"{figures[f'{p} Gallup %']}%"))
    for source, key in zip(AVERAGE_COLUMNS, _average_figure_keys(p), strict=True):
        if key in figures:
            out.append(highlight(w["h_avg"].format(who=who, src=w["source"][source]),
                                 f"{figures[key]:.1f}%"))
    ranks = [(k, v) for k, v in figures.items() if k.startswith(f"{p} rank")]
    if ranks:
        r, n = ranks[0][1].split(" of ")
        out.insert(1 if f"{p} Gallup %" in figures else len(out),
                   highlight(w["h_rank"], w["rank"].format(r=r, n=n)))
    if figures.get("closest above", "none") != "none" and len(out) < 4:
        names = dict(zip(table["short_en"], table[f"name_{lang}"].str.replace("\n", gap),
                         strict=True))
        parts = [q.rsplit(" ", 1) for q in figures["closest above"].split(", ")]
        out.append(highlight(w["h_above"], w["sep"].join(
            f"{names.get(n, n)} {v}%" for n, v in parts)))
    return out[:4]


def measure(table: pd.DataFrame, day: int, subject: str = SUBJECT) -> dict[str, object]:
    """The chart's key figures: the subject's approval on the day, his rank and neighbours.

    Parameters
    ----------
    table : pd.DataFrame
        One row per presidency, as :func:`compare_at_day` returns it.
    day : int
        The day in office compared.
    subject : str
        The subject's key in the table (the president in office at ``as_of``).

    Returns
    -------
    dict
        Raw figures, keys named after the subject (e.g. "Biden Gallup %", "Biden rank
        (Gallup, 1 = highest)"), the closest presidents above and those below; when his last
        Gallup poll is stale, his polling averages are ranked instead (nbval checks them
        through ``Chart.summary()``).

    Examples
    --------
    >>> f = measure(compare_at_day(299, as_of="2021-11-16"), 299)
    >>> f["Biden Gallup %"], f["Biden rank (Gallup, 1 = highest)"], f["closest above"]
    (42, '13 of 14', 'Clinton 48, Ford 51')
    """
    return _rank(table, day, subject)[0]


def _rank(table: pd.DataFrame, day: int,
          subject: str = SUBJECT) -> tuple[dict[str, object], bool, dict]:
    """:func:`measure`'s figures, whether the subject ranks low, and the value ranked and his
    last Gallup poll (for the drawing)."""
    figures: dict[str, object] = {"day in office": day, "presidents shown": len(table)}
    extra: dict = {}
    if subject not in table.index or not table.loc[subject, "in_office"]:
        return figures, False, extra
    p = _prefix(table, subject)
    me = table.loc[subject]
    figures[f"{p} date"] = me["date"]
    averages = {}
    for source, col in AVERAGE_COLUMNS.items():
        if col in table and pd.notna(me[col]):
            averages[source] = round(float(me[col]), 2)
            figures[_average_figure_keys(p)[list(AVERAGE_COLUMNS).index(source)]] = \
                averages[source]
    ranked = table["gallup_approve"].dropna()
    if _is_stale(table, subject):
        if pd.notna(me["gallup_approve"]):
            extra["last_gallup"] = (me["gallup_poll_end"], float(me["gallup_approve"]),
                                    int((me["gallup_poll_end"] - me["first_day"]).days))
            figures[f"{p} last Gallup poll"] = (f"{me['gallup_approve']:.0f} on "
                                                f"{me['gallup_poll_end'].date()} "
                                                f"(day {extra['last_gallup'][2]})")
        # the first named average is drawn as the line
        extra["source"], mine = next(iter(averages.items()))
        ranks = []
        for v in averages.values():
            ranks.append(measures.rank(pd.concat([ranked.drop(subject, errors="ignore"),
                                                  pd.Series({subject: v})]), subject))
        ranked = pd.concat([ranked.drop(subject, errors="ignore"), pd.Series({subject: mine})])
        lo, hi = min(ranks), max(ranks)
        figures[f"{p} rank (averages vs Gallup, 1 = highest)"] = (
            f"{lo} of {len(ranked)}" if lo == hi else f"{lo}–{hi} of {len(ranked)}")
        rank = hi
    else:
        if pd.isna(me["gallup_approve"]):
            return figures, False, extra
        mine = float(me["gallup_approve"])
        figures[f"{p} Gallup %"] = int(mine)
        figures[f"{p} Gallup poll ended"] = me["gallup_poll_end"]
        rank = measures.rank(ranked, subject)
        figures[f"{p} rank (Gallup, 1 = highest)"] = f"{rank} of {len(ranked)}"
    extra["ranked"] = mine
    short = table["short_en"]
    others = ranked.drop(subject)
    above = others[others > mine].sort_values().head(2)
    figures["closest above"] = ", ".join(
        f"{short[q]} {v:.0f}" for q, v in above.items()) or "none"
    below = others[others < mine].sort_values(ascending=False)
    figures[f"below {p}"] = ", ".join(
        f"{short[q]} {v:.0f}" for q, v in below.items()) or "none"
    stale = table[table["gallup_days_before"].fillna(0).astype(int) > STALE_DAYS]
    if not stale.empty:
        figures[f"polls older than {STALE_DAYS} days"] = ", ".join(
            f"{short[q]} ({d} d)" for q, d in stale["gallup_days_before"].items())
    return figures, len(ranked) >= 4 and rank > LOW_RANK_SHARE * len(ranked), extra
