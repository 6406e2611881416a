"""图表2：拜登支持率在历届总统支持率中排名靠后 (approval at the same day in office, Truman→Biden).

For each president: the Gallup approval of the last poll ending on or before day N in office
(day 0 = first day), with the presidency's Gallup high–low range as a grey bar, and the
FiveThirtyEight average where it exists (Trump's first term, Biden). N is Biden's day in office
on the last day with published data at ``as_of`` (day 299 = 2021-11-15 for the report).
"""

from __future__ import annotations

import pandas as pd

from .. import datasets, measures, style
from ..errors import ParameterError
from ..params import check_int, parse_date
from .base import Chart
from .common import headline, highlight, legend_above, through_text

NAME = "fig2_approval"
TITLES = {"zh": "拜登支持率在历届总统支持率中排名靠后",
          "en": "Biden's approval ranks low among US presidents"}
NEUTRAL_TITLES = {"zh": "历届美国总统任内同期支持率",
                  "en": "US presidents' approval at the same day in office"}
REPORT_DAY = 299  # Biden on 2021-11-15
MAX_DAY = 2 * 4 * 366  # two full terms
FTE_SHIFT = 0.2  # x offset of the FiveThirtyEight marker from the Gallup dot
SUBJECT = "Joe Biden"
LOW_RANK_SHARE = 0.75  # "排名靠后": in the bottom quarter of the presidents shown

# The report's order (chronological) and display names
PRESIDENTS = {
    "Harry S. Truman": ("杜鲁门", "Truman"),
    "Dwight D. Eisenhower": ("艾森豪威尔", "Eisenhower"),
    "John F. Kennedy": ("肯尼迪", "Kennedy"),
    "Lyndon B. Johnson": ("约翰逊", "L. Johnson"),
    "Richard Nixon": ("尼克松", "Nixon"),
    "Gerald Ford": ("福特", "Ford"),
    "Jimmy Carter": ("卡特", "Carter"),
    "Ronald Reagan": ("里根", "Reagan"),
    "George H.W. Bush": ("老布什", "G.H.W. Bush"),
    "Bill Clinton": ("克林顿", "Clinton"),
    "George W. Bush": ("小布什", "G.W. Bush"),
    "Barack Obama": ("奥巴马", "Obama"),
    "Donald Trump": ("特朗普", "Trump"),
    "Joe Biden": ("拜登", "Biden"),
}
FTE_KEYS = {"Donald Trump": "trump_approval_538", "Joe Biden": "biden_approval_538"}

_TEXT = {
    "range": {"zh": "任内最高–最低（盖洛普）", "en": "High–low in office (Gallup)"},
    "gallup": {"zh": "盖洛普：第 {d} 天或之前最近一次民调",
               "en": "Gallup: last poll ending on or before day {d}"},
    "fte": {"zh": "FiveThirtyEight 民调平均（第 {d} 天）",
            "en": "FiveThirtyEight average, day {d}"},
    "ylabel": {"zh": "支持率（%）", "en": "approve (%)"},
    "not_in_office": {"zh": "任期不足\n{d} 天", "en": "not in office\non day {d}"},
    "no_poll": {"zh": "无民调", "en": "no poll"},
}


def default_day(as_of) -> int:
    """Biden's day in office on the last day whose data were published at ``as_of``.

    FiveThirtyEight and Gallup publish the next day, so as_of 2021-11-16 gives day 299
    (2021-11-15). Without as_of: the report's day, 299. Capped at the end of his term.

    Example: ``default_day("2021-11-16")  # 299``
    """
    a = parse_date("as_of", as_of)
    if a is None:
        return REPORT_DAY
    first, last = _terms().loc[SUBJECT, ["first_day", "last_day"]]
    day = (a - pd.Timedelta(days=1) - first).days
    if day < 0:
        raise ParameterError(
            f"parameter 'as_of' ({a.date()}) is before Biden's first day in office "
            f"({first.date()}), so no day in office can be derived from it: "
            "pass day_in_office explicitly"
        )
    return min(day, (last - first).days)


def _terms() -> pd.DataFrame:
    polls = datasets.load("presidential_approval_polls")
    terms = polls.groupby("president", sort=False).agg(
        party=("party", "first"), first_day=("term_start", "min"), last_day=("term_end", "max")
    )
    return terms


def compare_at_day(day_in_office: int, as_of=None, start=None, end=None) -> pd.DataFrame:
    """One row per president (chronological): the approval at ``day_in_office`` and the range.

    ``start``/``end`` keep the presidents whose time in office overlaps that window.

    Example: ``compare_at_day(299).loc["Joe Biden", "gallup_approve"]  # 42.0``
    """
    a = parse_date("as_of", as_of)
    polls = datasets.load("presidential_approval_polls", as_of=a)
    terms = _terms()
    s, e = parse_date("start", start), parse_date("end", end)
    rows = []
    for name, (zh, en) in PRESIDENTS.items():
        first, last = terms.loc[name, ["first_day", "last_day"]]
        if a is not None:
            if first > a:
                continue  # not yet president at as_of
            last = min(last, a)
        if (s is not None and last < s) or (e is not None and first > e):
            continue
        mine = polls[polls["president"] == name]
        day = first + pd.Timedelta(days=day_in_office)
        in_office = day <= last
        before = mine[mine["poll_end"] <= day] if in_office else mine.iloc[0:0]
        poll = before.iloc[-1] if not before.empty else None
        fte = _fte_value(name, day, a) if in_office else None
        rows.append({
            "president": name, "name_zh": zh, "name_en": en,
            "party": terms.loc[name, "party"],
            "first_day": first, "day_in_office": day_in_office, "date": day,
            "in_office": bool(in_office),
            "gallup_approve": float(poll["approve"]) if poll is not None else float("nan"),
            "gallup_poll_end": poll["poll_end"] if poll is not None else pd.NaT,
            "gallup_days_before": (day - poll["poll_end"]).days if poll is not None else pd.NA,
            "gallup_high": float(mine["approve"].max()) if not mine.empty else float("nan"),
            "gallup_low": float(mine["approve"].min()) if not mine.empty else float("nan"),
            "gallup_range_to": mine["poll_end"].max() if not mine.empty else pd.NaT,
            "fte_approve": fte if fte is not None else float("nan"),
        })
    if not rows:
        return pd.DataFrame(columns=["president"]).set_index("president")
    return pd.DataFrame(rows).set_index("president")


def _fte_value(name: str, day: pd.Timestamp, as_of) -> float | None:
    key = FTE_KEYS.get(name)
    if key is None:
        return None
    frame = datasets.load(key, as_of=as_of)
    return float(frame.loc[day, "approve"]) if day in frame.index else None


def presidential_approval(start=None, end=None, as_of=None, lang: str = "zh",
                          day_in_office: int | None = None) -> Chart:
    """图表2: each president's Gallup approval on the same day in office as Biden, with the range.

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
        The day compared (0 = first day); default Biden's last day with data at ``as_of``.

    Returns
    -------
    Chart
        The figure, the data behind it (CSV), raw ``key_figures`` (``summary()``), reader
        ``highlights`` in ``lang`` and ``through`` (last observation drawn per data set).

    Example::

        chart = presidential_approval(as_of="2021-11-16")
        chart.key_figures["Biden rank (Gallup, 1 = highest)"]  # "13 of 14"
    """
    style.check_lang(lang)
    s, e, a = parse_date("start", start), parse_date("end", end), parse_date("as_of", as_of)
    if s is not None and e is not None and s > e:
        raise ParameterError(f"parameter 'start' ({s.date()}) is after 'end' ({e.date()})")
    day = default_day(a) if day_in_office is None else check_int(
        "day_in_office", day_in_office, 0, MAX_DAY)
    table = compare_at_day(day, as_of=a, start=s, end=e)
    if table.empty:
        raise ParameterError(
            f"no president in office between start={start!r} and end={end!r} "
            f"(as_of={as_of!r}); the Gallup polls cover Truman (1945) to Biden (2025)"
        )

    fig, ax = style.new_figure(figsize=(10.0, 5.4))
    x = range(len(table))
    names = table[f"name_{lang}"].tolist()
    is_subject = table.index == SUBJECT
    ax.bar(x, table["gallup_high"] - table["gallup_low"], bottom=table["gallup_low"], width=0.5,
           color=style.PALETTE["light"], label=_TEXT["range"][lang], zorder=1)
    colors = [style.PALETTE["main"] if b else style.PALETTE["second"] for b in is_subject]
    ax.scatter(x, table["gallup_approve"], s=42, c=colors, zorder=4,
               label=_TEXT["gallup"][lang].format(d=day))
    fte = table["fte_approve"]
    if fte.notna().any():  # beside the Gallup dot, so two close values do not hide each other
        fte_x = [i + FTE_SHIFT for i in x]
        edges = [style.PALETTE["main"] if b else style.PALETTE["third"] for b in is_subject]
        ax.scatter(fte_x, fte, s=46, marker="D", facecolors="white", edgecolors=edges,
                   linewidths=1.4, zorder=5)
        ax.scatter([], [], s=46, marker="D", facecolors="white", linewidths=1.4,
                   edgecolors=style.PALETTE["third"], label=_TEXT["fte"][lang].format(d=day))
    for i, (pres, row) in enumerate(table.iterrows()):
        color = style.PALETTE["main"] if pres == SUBJECT else "#333333"
        if not row["in_office"]:
            ax.text(i, 8, _TEXT["not_in_office"][lang].format(d=day), ha="center", va="bottom",
                    fontsize=8, color=style.PALETTE["grey"])
            continue
        if pd.isna(row["gallup_approve"]):
            ax.text(i, 8, _TEXT["no_poll"][lang], ha="center", fontsize=8,
                    color=style.PALETTE["grey"])
        else:
            ax.annotate(f"{row['gallup_approve']:.0f}", (i, row["gallup_approve"]),
                        xytext=(-7, 0), textcoords="offset points", ha="right", va="center",
                        fontsize=9, color=color)
        if pd.notna(row["fte_approve"]):
            # above the diamond: to its right it would run into the next president's label
            ax.annotate(f"{row['fte_approve']:.1f}", (i + FTE_SHIFT, row["fte_approve"]),
                        xytext=(0, 7), textcoords="offset points", ha="center", va="bottom",
                        fontsize=9, color=color)
    if SUBJECT in table.index and pd.notna(table.loc[SUBJECT, "gallup_approve"]):
        ax.axhline(table.loc[SUBJECT, "gallup_approve"], color=style.PALETTE["main"], lw=0.8,
                   ls="--", zorder=2)
    ax.set_xticks(list(x), names)
    for tick, b in zip(ax.get_xticklabels(), is_subject, strict=True):
        if b:
            tick.set_color(style.PALETTE["main"])
    if lang == "en":
        ax.tick_params(axis="x", labelsize=9)
    ax.set_ylim(0, 100)
    ax.set_xlim(-0.6, len(table) - 0.4)
    ax.set_ylabel(_TEXT["ylabel"][lang])
    legend_above(ax)

    figures, low_rank = _key_figures(table, day)
    titles = {k: style.chart_title(2, v, k) for k, v in headline(
        TITLES if low_rank else None, {k: computed_title(figures, k) for k in TITLES},
        a).items()}
    title = titles[lang]
    keys = ["presidential_approval_polls"] + ([FTE_KEYS[SUBJECT]] if fte.notna().any() else [])
    credits = [style.credit(datasets.meta(k).model_dump(), lang) for k in keys]
    note = _WORDS[lang]["note"].format(d=day)
    if a is not None:
        note += _WORDS[lang]["published"].format(a=a.date())
    through = {}
    if table["gallup_poll_end"].notna().any():
        through["presidential_approval_polls"] = pd.Timestamp(table["gallup_poll_end"].max())
    shown = table[table["fte_approve"].notna()]
    for pres, row in shown.iterrows():
        through[FTE_KEYS[pres]] = pd.Timestamp(row["date"])
    # the stamp dates the current presidency's data; predecessors' are history by design
    current = {k: v for k, v in through.items() if k != FTE_KEYS["Donald Trump"]}
    style.finish(fig, title, style.source_line(credits, lang, note, through_text(current, lang)))

    return Chart(
        name=NAME,
        title=title,
        titles=titles,
        fig=fig,
        data=table,
        key_figures=figures,
        sources=["presidential_approval_polls", *FTE_KEYS.values()],
        lang=lang, highlights=_highlights(figures, table, lang), through=through,
    )


_WORDS = {
    "zh": {"title": "拜登就任第 {d} 天的盖洛普支持率为 {v}，在 {n} 位总统中排第 {r}",
           "title_none": "历届美国总统就任第 {d} 天的支持率",
           "h_gallup": "拜登盖洛普支持率（第 {d} 天）", "h_rank": "在历任总统中的排名",
           "rank": "第 {r} / {n} 位", "h_fte": "拜登 538 平均", "h_above": "紧邻其上",
           "note": "任期第 {d} 天（就职首日为第 0 天）；灰色为任内盖洛普支持率最高值与最低值",
           "published": "；截至 {a} 已发布的数据", "sep": "、"},
    "en": {"title": "Biden's Gallup approval on day {d} in office: {v}, {r} of {n} presidents",
           "title_none": "US presidents' approval on day {d} in office",
           "h_gallup": "Biden, Gallup (day {d})", "h_rank": "Rank among presidents",
           "rank": "{r} of {n}", "h_fte": "Biden, 538 average", "h_above": "Just above",
           "note": "day {d} in office (first day = day 0); grey bars: Gallup high and low in "
                   "office",
           "published": "; data published by {a}", "sep": ", "},
}


def computed_title(figures: dict, lang: str) -> str:
    """What the table shows: Biden's approval and rank at the day, when he has a poll.

    Example::

        computed_title(figures, "en")
        # -> "Biden's Gallup approval on day 299 in office: 42%, 13 of 14 presidents"
    """
    w, d = _WORDS[lang], figures["day in office"]
    rank = figures.get("Biden rank (Gallup, 1 = highest)")
    if rank is None:
        return w["title_none"].format(d=d)
    r, n = rank.split(" of ")
    return w["title"].format(d=d, v=f"{figures['Biden Gallup %']}%", r=r, n=n)


def _highlights(figures: dict, table: pd.DataFrame, lang: str) -> list[dict[str, str]]:
    w, d = _WORDS[lang], figures["day in office"]
    out = []
    if "Biden Gallup %" in figures:
        out.append(highlight(w["h_gallup"].format(d=d), f"{figures['Biden Gallup %']}%"))
        r, n = figures["Biden rank (Gallup, 1 = highest)"].split(" of ")
        out.append(highlight(w["h_rank"], w["rank"].format(r=r, n=n)))
    if "Biden FiveThirtyEight %" in figures:
        out.append(highlight(w["h_fte"], f"{figures['Biden FiveThirtyEight %']:.1f}%"))
    if figures.get("closest above", "none") != "none":
        col = f"name_{lang}"
        names = {r["name_en"]: r[col] for _, r in table.iterrows()}
        parts = [p.rsplit(" ", 1) for p in figures["closest above"].split(", ")]
        out.append(highlight(w["h_above"], w["sep"].join(
            f"{names.get(n, n)} {v}%" for n, v in parts)))
    return out


def _key_figures(table: pd.DataFrame, day: int) -> tuple[dict[str, object], bool]:
    figures: dict[str, object] = {"day in office": day, "presidents shown": len(table)}
    if SUBJECT not in table.index or not table.loc[SUBJECT, "in_office"]:
        return figures, False
    me = table.loc[SUBJECT]
    figures["Biden date"] = me["date"]
    if pd.notna(me["fte_approve"]):
        figures["Biden FiveThirtyEight %"] = round(float(me["fte_approve"]), 2)
    if pd.isna(me["gallup_approve"]):
        return figures, False
    mine = float(me["gallup_approve"])
    figures["Biden Gallup %"] = int(mine)
    figures["Biden Gallup poll ended"] = me["gallup_poll_end"]
    ranked = table["gallup_approve"].dropna()
    rank = measures.rank(ranked, SUBJECT)
    figures["Biden rank (Gallup, 1 = highest)"] = f"{rank} of {len(ranked)}"
    above = ranked[ranked > mine].sort_values().head(2)
    figures["closest above"] = ", ".join(
        f"{table.loc[p, 'name_en']} {v:.0f}" for p, v in above.items()) or "none"
    below = ranked[ranked < mine].sort_values(ascending=False)
    figures["below Biden"] = ", ".join(
        f"{table.loc[p, 'name_en']} {v:.0f}" for p, v in below.items()) or "none"
    stale = table[table["gallup_days_before"].fillna(0).astype(int) > 45]
    if not stale.empty:
        figures["polls older than 45 days"] = ", ".join(
            f"{r['name_en']} ({r['gallup_days_before']} d)" for _, r in stale.iterrows())
    return figures, len(ranked) >= 4 and rank > LOW_RANK_SHARE * len(ranked)
