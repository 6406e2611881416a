"""稀土: the rare-earth figures the 2026 commentary states (seed 004, lines 14-17).

These are the text's claims. The bundled data cannot verify any of them, and the chart says so.
Measuring (:func:`measure`), words (``WORDS``) and drawing (:func:`rare_earth_claims`) are
apart.
"""

from __future__ import annotations

import math

import pandas as pd
from matplotlib.patches import Patch

from .. import datasets, style
from .base import Chart
from .common import highlight

NAME = "rare_earths"
TITLES = {
    "zh": "2026 年评论中的稀土数字（文中说法，未经核实）",
    "en": "Rare-earth figures in the 2026 commentary (the text's claims, unverified)",
}
# The text cites TIC's December 2025 holdings, published 2026-02-18: it cannot be older.
TEXT_NOT_BEFORE = pd.Timestamp("2026-02-18")
# The claims drawn as shares (%), top to bottom; their labels are in WORDS[lang]["bars"].
SHARE_BARS = ("us_heavy_ree_reserve_share", "china_separation_cost_vs_us",
              "mountain_pass_light_ree_share", "china_magnet_patent_share",
              "china_links_covered")
HIGHLIGHTED = ("us_heavy_ree_reserve_share", "china_magnet_patent_share")

WORDS = {
    # the seed line after a bar's value: a full-width bracket brings its own space
    "zh": {"line": "（第{n}行）", "shares": "比重类说法", "china": "中国", "us": "美国企业",
           "nines": "纯度（9 的个数，N）", "purity": "提炼纯度（第{n}行）",
           "hatch": "斜线：上限或区间上端",
           "note": "另称中国拥有稀土相关专利 {v} 件（第{n}行）。"
                   "以上均为文中说法，本项目数据无法核实",
           "stamp": "数据：2026 年评论原文（写于 2026年2月18日之后）",
           "h_purity": "提炼纯度：中国 / 美国企业", "h_patents": "中国稀土相关专利",
           "bars": {"us_heavy_ree_reserve_share": "美国重稀土储量占全球",
                    "china_separation_cost_vs_us": "中国分离成本相当于美国的",
                    "mountain_pass_light_ree_share": "芒廷帕斯矿满足美国轻稀土需求",
                    "china_magnet_patent_share": "中国占永磁材料专利",
                    "china_links_covered": "中国专利覆盖的关键环节（15/17）"}},
    "en": {"line": "  (line {n})", "shares": "Claims stated as shares", "china": "China",
           "us": "US firms", "nines": "purity (number of nines, N)",
           "purity": "Refining purity (line {n})",
           "hatch": "hatched: upper bound\nor top of a range",
           "note": "also claimed: {v} rare-earth patents in China (line {n}); the bundled data "
                   "cannot verify these claims",
           "stamp": "Data: the 2026 commentary as written (after 18 Feb 2026)",
           "h_purity": "Refining purity: China / US firms",
           "h_patents": "China's rare-earth patents",
           "bars": {"us_heavy_ree_reserve_share": "US heavy rare-earth reserves, % of world",
                    "china_separation_cost_vs_us": "China's separation cost, % of US cost",
                    "mountain_pass_light_ree_share":
                        "Mountain Pass, % of US light rare-earth demand",
                    "china_magnet_patent_share": "China's share of permanent-magnet patents",
                    "china_links_covered": "key links covered by China's patents (15/17)"}},
}


def claims_table(lang: str = "zh") -> pd.DataFrame:
    """The tidy table of the text's rare-earth claims, descriptions in ``lang``.

    Parameters
    ----------
    lang : {"zh", "en"}
        The language of the ``what`` column.

    Returns
    -------
    pd.DataFrame
        One row per claim: claim, stated (as the text states it), value, unit, seed_line, what.

    Examples
    --------
    >>> claims_table("en").loc[0, "stated"]
    '< 1'
    """
    style.check_lang(lang)
    t = datasets.load("rare_earth_claims")
    return pd.DataFrame({
        "claim": t["claim"],
        "stated": [stated(r) for _, r in t.iterrows()],
        "value": t["value"],
        "unit": t["unit"],
        "seed_line": t["seed_line"],
        "what": t[f"what_{lang}"],
    })


def as_percent(row: pd.Series) -> float:
    """A claim (a row of the table) as a percentage, for the share bars.

    Parameters
    ----------
    row : pd.Series
        One claim: ``value``, ``unit`` and ``of_total`` (a count out of a total, or NaN).

    Returns
    -------
    float
        ``value / of_total`` in % for counts, ``value`` × 100 for ratios, else ``value``.

    Examples
    --------
    >>> as_percent(pd.Series({"value": 15, "of_total": 17, "unit": "links"}))  # doctest: +ELLIPSIS
    88.23...
    """
    if pd.notna(row["of_total"]):
        return float(row["value"]) / float(row["of_total"]) * 100
    if row["unit"].startswith("ratio"):
        return float(row["value"]) * 100
    return float(row["value"])


def nines(purity_pct: float) -> float:
    """Purity in 'N' (number of nines): 99.9999% is 6N, 99% is 2N.

    Parameters
    ----------
    purity_pct : float
        Purity in %, below 100.

    Returns
    -------
    float
        ``-log10(1 - purity_pct / 100)``.

    Examples
    --------
    >>> round(nines(99.9999), 6)
    6.0
    """
    return -math.log10(1 - purity_pct / 100)


def stated(row: pd.Series) -> str:
    """The value as the text states it: '< 1', '99 - 99.9', '15 / 17', '38,000'.

    Parameters
    ----------
    row : pd.Series
        One claim: ``value``, ``comparator`` ("<", "range" or none), ``value_high``,
        ``of_total``.

    Returns
    -------
    str
        The value with its comparator, range or total.

    Examples
    --------
    >>> stated(pd.Series({"value": 99.0, "comparator": "range", "value_high": 99.9,
    ...                   "of_total": float("nan")}))
    '99 - 99.9'
    """
    v = f"{row['value']:,.6g}"
    if row["comparator"] == "<":
        return f"< {v}"
    if row["comparator"] == "range":
        return f"{v} - {row['value_high']:,.6g}"
    if pd.notna(row["of_total"]):
        return f"{v} / {row['of_total']:,.6g}"
    return v


def _share_text(claims: pd.DataFrame, claim: str) -> str:
    """A share bar's value as readers see it: "< 1%", "88.2%", "82%"."""
    v = as_percent(claims.loc[claim])
    if claims.at[claim, "comparator"] == "<":
        return f"< {v:g}%"
    return f"{v:.0f}%" if v == round(v) else f"{v:.1f}%"


def measure(claims: pd.DataFrame, as_of=None) -> dict[str, object]:
    """The chart's key figures: each claim as stated, and a note if ``as_of`` precedes the text.

    Parameters
    ----------
    claims : pd.DataFrame
        The ``rare_earth_claims`` table indexed by claim.
    as_of : date-like, optional
        The view's date; before the text was written, the figures say so.

    Returns
    -------
    dict
        ``"<claim> (line <n>)"`` -> ``"<stated> <unit>"``, plus ``"note"`` for an early
        ``as_of`` (nbval checks them through ``Chart.summary()``).

    Examples
    --------
    >>> t = datasets.load("rare_earth_claims").set_index("claim")
    >>> measure(t)["china_ree_patents (line 17)"]
    '38,000 patents'
    """
    figures: dict[str, object] = {f"{claim} (line {r['seed_line']})": f"{stated(r)} {r['unit']}"
                                  for claim, r in claims.iterrows()}
    if as_of is not None and pd.Timestamp(as_of) < TEXT_NOT_BEFORE:
        figures["note"] = (f"as_of {pd.Timestamp(as_of).date()} precedes the text "
                           f"(written after {TEXT_NOT_BEFORE.date()})")
    return figures


def rare_earth_claims(lang: str = "zh", as_of=None) -> Chart:
    """The rare-earth figures of the 2026 commentary, drawn as the text states them (unverified).

    Parameters
    ----------
    lang : {"zh", "en"}
        The language of every word in the figure.
    as_of : date-like, optional
        Noted in the key figures when it precedes the text; the claims are not data series.

    Returns
    -------
    Chart
        Figure, claims table, key figures and highlights; ``through`` is empty (claims carry
        no observation dates, and the source line says so).

    Examples
    --------
    >>> rare_earth_claims(lang="en").highlights[0]["value"]
    '< 1%'
    """
    style.check_lang(lang)
    t = datasets.load("rare_earth_claims").set_index("claim")
    figures = measure(t, as_of)
    w = WORDS[lang]
    red, blue = style.PALETTE["main"], style.PALETTE["second"]

    fig, (ax, ax2) = style.new_figure(figsize=(9.0, 4.8), ncols=2,
                                      gridspec_kw={"width_ratios": [2.3, 1]})
    # left: the claims that are shares, in %; an upper bound ("< 1%") is a hatched outline
    ys = list(range(len(SHARE_BARS)))[::-1]
    bounded = [t.at[n, "comparator"] == "<" for n in SHARE_BARS]
    values = [as_percent(t.loc[n]) for n in SHARE_BARS]
    ax.barh(ys, values, height=0.6, edgecolor=red,
            color=["white" if b else red for b in bounded],
            hatch=["///" if b else None for b in bounded])
    for y, n, v in zip(ys, SHARE_BARS, values, strict=True):
        ax.text(v + 1.5, y, _share_text(t, n) + w["line"].format(n=t.at[n, "seed_line"]),
                va="center", fontsize=9, color="#333333")
    ax.set_yticks(ys, [w["bars"][n] for n in SHARE_BARS], fontsize=9)
    ax.set_xlim(0, 130)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel("%")
    ax.grid(axis="x", color="#E5E5E5")
    ax.grid(axis="y", visible=False)
    ax.set_axisbelow(True)
    ax2.set_axisbelow(True)
    ax.set_title(w["shares"], loc="left", fontsize=10)

    # right: purity, as the number of nines (6N vs 2N-3N)
    cn, us = t.loc["china_refining_purity"], t.loc["us_refining_purity"]
    n_cn, n_us_lo, n_us_hi = nines(cn["value"]), nines(us["value"]), nines(us["value_high"])
    ax2.bar(0, n_cn, color=red, width=0.6)
    ax2.bar(1, n_us_hi, color="white", edgecolor=blue, hatch="///", width=0.6)
    ax2.bar(1, n_us_lo, color=blue, width=0.6)
    ax2.text(0, n_cn + 0.15, f"{n_cn:.0f}N\n99.9999%", ha="center", fontsize=9, color=red)
    ax2.text(1, n_us_hi + 0.15, f"{n_us_lo:.0f}N-{n_us_hi:.0f}N\n99%-99.9%", ha="center",
             fontsize=9, color=blue)
    ax2.set_xticks([0, 1], [w["china"], w["us"]])
    ax2.set_ylim(0, 8)
    ax2.set_ylabel(w["nines"])
    ax2.set_title(w["purity"].format(n=int(cn["seed_line"])), loc="left", fontsize=10)
    # the hatch, explained: an upper bound ("< 1%") or the top of a range (2N-3N)
    ax2.legend(handles=[Patch(facecolor="white", edgecolor="#555555", hatch="///",
                              label=w["hatch"])], loc="upper right", fontsize=8)

    patents = t.loc["china_ree_patents"]
    note = w["note"].format(v=f"{patents['value']:,.0f}", n=patents["seed_line"])
    titles = {k: style.chart_title(None, v, k) for k, v in TITLES.items()}
    # claims, not observations: no data-through date; the stamp says where they come from
    style.finish(fig, titles[lang], style.source_line([style.credit(t.attrs, lang)], lang, note,
                                                      w["stamp"]))
    hl = [highlight(w["bars"][n], _share_text(t, n)) for n in HIGHLIGHTED]
    hl.append(highlight(w["h_purity"], f"{n_cn:.0f}N / {n_us_lo:.0f}N-{n_us_hi:.0f}N"))
    hl.append(highlight(w["h_patents"], f"{patents['value']:,.0f}"))
    return Chart(name=NAME, title=titles[lang], titles=titles, fig=fig,
                 data=claims_table(lang).set_index("claim"), key_figures=figures,
                 sources=["rare_earth_claims"], lang=lang, highlights=hl, through={})
