"""第一阶段经贸协议: Phase One purchases against the commitment, at the checkpoints that exist.

The 2021 report: "截至 2021 年 9 月，中国累计自美国进口商品金额达到协议目标值的 60%" (seed 000,
lines 49-51). There is no checkpoint through September 2021 in the data, so the claim is drawn
beside the checkpoints before and after it. Only checkpoints are drawn: points and bars, never
lines between them, because the monthly tracker data are not available.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.patches import Patch

from .. import datasets, style
from ..errors import ParameterError
from ..params import parse_date
from .base import Chart
from .common import Through, headline, highlight, month_label, pct, through_text

NAME_CHECKPOINTS = "phase_one_checkpoints"
NAME_CATEGORIES = "phase_one_categories"
TITLES = {
    "zh": "中美第一阶段经贸协议：累计采购与承诺（检查点）",
    "en": "Phase One deal: cumulative purchases against the commitment (checkpoints)",
}
TITLES_CAT = {
    "zh": "中美第一阶段经贸协议：分类别完成率（检查点）",
    "en": "Phase One deal: share of the commitment met, by category (checkpoints)",
}
REPORT_DATE = pd.Timestamp("2021-11-16")
REPORT_THROUGH = pd.Timestamp("2021-09-30")
REPORT_PCT = 60.0
MEASURES = {  # measure -> (colour key, x offset in days so pairs do not overlap)
    "china_imports": ("main", -9),
    "us_exports": ("second", 9),
    "us_exports_census": ("fourth", 9),
}
CATEGORIES = ("agriculture", "manufacturing", "energy", "total_goods",
              "total_goods_and_services")  # in the categories chart's order
TOTALS = ("total_goods", "total_goods_and_services")

WORDS = {
    "zh": {"title": "中美第一阶段经贸协议：截至{m}，{who}达同期采购承诺的{p}",
           "cat_title": "中美第一阶段经贸协议：截至{m}（{who}），{parts}", "cat_sep": "，",
           "h": "{who}，截至{m}", "h_report": "2021 年报告：截至 2021年9月",
           "h_cat": "{cat} · {who}",
           "outline": "外框：同期承诺（按比例折算）", "dotted": "点状外框：货物和服务承诺",
           "unit": "十亿美元（自2020年1月累计）", "pct": "占同期承诺 %",
           "report": "2021 年报告：截至 9 月 60%（无此月检查点）", "diamond": "菱形：货物和服务",
           "note": "仅有检查点，没有月度序列，点之间不连线；方块为 2020 年 Census 数据",
           "to": "至{m}", "cat_x": "占同期承诺 %（括号内：实际 / 承诺，十亿美元）",
           "cat_note": "2020 年为当年承诺，2021 年检查点为 2020 年 1 月起累计",
           "measures": {"china_imports": "中方进口统计", "us_exports": "美方出口统计",
                        "us_exports_census": "美方出口（Census，Waugh 口径）"},
           "categories": {"agriculture": "农产品", "manufacturing": "制成品", "energy": "能源",
                          "total_goods": "货物合计", "total_goods_and_services": "货物和服务"}},
    "en": {"title": "Phase One deal: {who} reached {p} of the commitment through {m}",
           "cat_title": "Phase One deal through {m}, {who}: {parts} of the commitment",
           "cat_sep": ", ",
           "h": "{who}, through {m}", "h_report": "2021 report: through Sep 2021",
           "h_cat": "{cat} · {who}",
           "outline": "outline: commitment to date (prorated)",
           "dotted": "dotted outline: goods-and-services commitment",
           "unit": "USD bn, cumulative from Jan 2020", "pct": "% of commitment to date",
           "report": "2021 report: 60% by Sep 2021 (no checkpoint that month)",
           "diamond": "diamond: goods and services",
           "note": "checkpoints only, no monthly series, so no lines; square: 2020 Census data",
           "to": "to {m}",
           "cat_x": "% of the commitment to date (in brackets: actual / commitment, USD bn)",
           "cat_note": "2020 checkpoints against the 2020 commitment; 2021 ones cumulative from "
                       "Jan 2020",
           "measures": {"china_imports": "Chinese imports", "us_exports": "US exports",
                        "us_exports_census": "US exports (Census, Waugh mapping)"},
           "categories": {"agriculture": "agriculture", "manufacturing": "manufacturing",
                          "energy": "energy", "total_goods": "all goods",
                          "total_goods_and_services": "goods and services"}},
}


def checkpoints(as_of=None, start=None, end=None) -> pd.DataFrame:
    """Rows with actual purchases (PIIE checkpoints and the 2020 Census tally), by period end.

    Parameters
    ----------
    as_of : date-like, optional
        Only checkpoints published by then.
    start, end : date-like, optional
        Keep the checkpoints whose period ends in this window.

    Returns
    -------
    pd.DataFrame
        One row per checkpoint, measure and category, sorted by period end.

    Examples
    --------
    >>> checkpoints(as_of="2021-11-16")["period_end"].max()
    Timestamp('2020-12-31 00:00:00')
    """
    s, e = parse_date("start", start), parse_date("end", end)
    t = datasets.load("phase_one_purchases", as_of=as_of)
    t = t[t["actual_bn_usd"].notna()]
    if s is not None:
        t = t[t["period_end"] >= s]
    if e is not None:
        t = t[t["period_end"] <= e]
    return t.sort_values(["period_end", "measure", "category"]).reset_index(drop=True)


def targets() -> pd.DataFrame:
    """The agreement's increments above the 2017 baseline, by year and category ($bn).

    The targets are the agreement's text: no view or window changes them.

    Returns
    -------
    pd.DataFrame
        Categories (and ``total``) by 2020, 2021 and ``2020-21``.

    Examples
    --------
    >>> float(targets().loc["total", "2020-21"])
    200.0
    """
    t = datasets.load("phase_one_purchases")
    t = t[t["record_type"] == "agreement_target_increment"]
    out = t.pivot_table(index="category", columns=t["period_end"].dt.year,
                        values="target_bn_usd", aggfunc="sum")
    out.loc["total"] = out.sum()
    out["2020-21"] = out.sum(axis=1)
    return out


def around(cp: pd.DataFrame, when=REPORT_THROUGH) -> dict[str, pd.DataFrame]:
    """Total-goods checkpoints at ``when``, and just before and just after it.

    Parameters
    ----------
    cp : pd.DataFrame
        Checkpoints, as :func:`checkpoints` returns them.
    when : date-like
        The day looked around (default the report's "截至 2021 年 9 月", 2021-09-30).

    Returns
    -------
    dict
        ``"at"``, ``"before"`` and ``"after"``: the total-goods rows of the checkpoint at,
        last before and first after ``when`` (empty frames where there is none).

    Examples
    --------
    >>> around(checkpoints())["after"]["period_end"].iloc[0]
    Timestamp('2021-10-31 00:00:00')
    """
    when = pd.Timestamp(when)
    goods = cp[cp["category"] == "total_goods"]
    before = goods[goods["period_end"] < when]
    after = goods[goods["period_end"] > when]
    return {
        "at": goods[goods["period_end"] == when],
        "before": before[before["period_end"] == before["period_end"].max()],
        "after": after[after["period_end"] == after["period_end"].min()],
    }


def _describe(r) -> str:
    return f"{r.actual_bn_usd:,.1f} / {r.target_bn_usd:,.1f} = {r.pct_of_target:.1f}%"


def _latest_goods(cp: pd.DataFrame) -> pd.DataFrame:
    goods = cp[cp["category"] == "total_goods"]
    return goods[goods["period_end"] == goods["period_end"].max()]


def measure(cp: pd.DataFrame) -> dict[str, object]:
    """The checkpoint chart's key figures: every total checkpoint, and those around Sep 2021.

    Parameters
    ----------
    cp : pd.DataFrame
        Checkpoints, as :func:`checkpoints` returns them.

    Returns
    -------
    dict
        ``"<measure> <category> through <YYYY-MM>"`` -> ``"actual / target = share%"`` for the
        total rows, and the checkpoints at, before and after the report's September 2021
        (nbval checks them through ``Chart.summary()``).

    Examples
    --------
    >>> cp = pd.DataFrame({"period_end": pd.to_datetime(["2020-12-31", "2021-10-31"]),
    ...                    "measure": "china_imports", "category": "total_goods",
    ...                    "actual_bn_usd": [100.0, 208.3], "target_bn_usd": [173.1, 334.8],
    ...                    "pct_of_target": [57.8, 62.2]})
    >>> measure(cp)["nearest checkpoint after 2021-09"]
    'through 2021-10: china_imports 62.2%'
    """
    figures: dict[str, object] = {
        f"{r.measure} {r.category} through {r.period_end.strftime('%Y-%m')}": _describe(r)
        for r in cp[cp["category"].isin(TOTALS)].itertuples()}
    near = around(cp)
    figures["checkpoint through 2021-09"] = "none in the data" if near["at"].empty else "yes"
    for side in ("before", "after"):
        rows = near[side]
        if rows.empty:
            figures[f"nearest checkpoint {side} 2021-09"] = "none published yet"
        else:
            parts = [f"{r.measure} {r.pct_of_target:.1f}%" for r in rows.itertuples()]
            figures[f"nearest checkpoint {side} 2021-09"] = (
                f"through {rows['period_end'].iloc[0].strftime('%Y-%m')}: " + ", ".join(parts))
    return figures


def computed_title(cp: pd.DataFrame, lang: str) -> str:
    """What the checkpoints show: the share of the goods commitment met at the latest one.

    Parameters
    ----------
    cp : pd.DataFrame
        Checkpoints, as :func:`checkpoints` returns them.
    lang : {"zh", "en"}
        The title's language.

    Returns
    -------
    str
        The title (Chinese imports first, as the report counts); the neutral title when no
        goods checkpoint is in ``cp``.

    Examples
    --------
    >>> computed_title(checkpoints(), "en")
    'Phase One deal: Chinese imports reached 62.2% of the commitment through Oct 2021'
    """
    rows = _latest_goods(cp)
    if rows.empty:
        return TITLES[lang]
    r = rows.sort_values("measure").iloc[0]  # china_imports first, as the report counts
    w = WORDS[lang]
    return w["title"].format(m=month_label(r["period_end"], lang), who=w["measures"][r["measure"]],
                             p=pct(r["pct_of_target"]))


def phase_one_checkpoints(start=None, end=None, as_of=None, lang: str = "zh") -> Chart:
    """Phase One purchases against the prorated commitment, at each published checkpoint.

    Parameters
    ----------
    start, end : date-like, optional
        The window drawn (checkpoints whose period ends in it).
    as_of : date-like, optional
        Only data published by then: "2021-11-16" is the report's view; None uses all data.
    lang : {"zh", "en"}
        The language of every word in the figure.

    Returns
    -------
    Chart
        The figure, the data behind it (CSV), raw ``key_figures`` (``summary()``), reader
        ``highlights`` in ``lang`` and ``through`` (last observation drawn per data set).

    Examples
    --------
    >>> chart = phase_one_checkpoints(as_of="2021-11-16")
    >>> chart.key_figures["checkpoint through 2021-09"]
    'none in the data'
    """
    style.check_lang(lang)
    cp = checkpoints(as_of=as_of, start=start, end=end)
    if cp.empty:
        raise ParameterError(
            f"no Phase One checkpoints published by as_of={as_of!r} between start={start!r} "
            f"and end={end!r}: the first (through March 2020) was published in May 2020"
        )
    figures = measure(cp)
    w = WORDS[lang]
    totals = cp[cp["category"].isin(TOTALS)]
    services = totals["category"] == "total_goods_and_services"
    fig, (ax, ax2) = style.new_figure(figsize=(9.0, 6.4), nrows=2, sharex=True,
                                      gridspec_kw={"height_ratios": [1.4, 1]})
    seen: set[str] = set()
    for r, svc in zip(totals.itertuples(), services, strict=True):
        colour, dx = MEASURES[r.measure]
        c = style.PALETTE[colour]
        x = r.period_end + pd.Timedelta(days=dx)
        label = w["measures"][r.measure] if r.measure not in seen else None
        seen.add(r.measure)
        # target as an outlined bar, purchases as a filled bar inside it
        ax.bar(x, r.target_bn_usd, width=14, color="white", edgecolor=c, lw=1.0,
               hatch="..." if svc else None)
        ax.bar(x, r.actual_bn_usd, width=14, color=c, alpha=0.9, label=label)
        marker = "D" if svc else ("s" if r.measure == "us_exports_census" else "o")
        ax2.plot([x], [r.pct_of_target], marker, color=c, ms=6, ls="none", label=label)
        # Chinese-import labels above the point, US-export labels below: pairs sit close
        dy = 7 if r.measure == "china_imports" else -9
        ax2.annotate(f"{r.pct_of_target:.0f}%", (x, r.pct_of_target), xytext=(0, dy),
                     textcoords="offset points", ha="center", va="bottom" if dy > 0 else "top",
                     fontsize=8, color=c)
    handles, _ = ax.get_legend_handles_labels()
    handles.append(Patch(facecolor="white", edgecolor="#555555", label=w["outline"]))
    if services.any():
        handles.append(Patch(facecolor="white", edgecolor="#555555", hatch="...",
                             label=w["dotted"]))
    ax.set_ylabel(w["unit"])
    ax.legend(handles=handles, loc="upper left", fontsize=8.5)

    ax2.axhline(100, color="#999999", lw=0.8)
    ax2.set_ylim(0, 135)
    ax2.set_ylabel(w["pct"])
    if as_of is None or pd.Timestamp(as_of) >= REPORT_DATE:
        ax2.plot([REPORT_THROUGH], [REPORT_PCT], "*", ms=13, mfc="white",
                 mec=style.PALETTE["highlight"], mew=1.4, ls="none", label=w["report"])
    if services.any():  # the diamond, explained
        ax2.plot([], [], "D", color="#555555", ms=6, ls="none", label=w["diamond"])
    ax2.legend(loc="upper left", fontsize=8, ncol=2)  # above 100%: no checkpoint is there
    ax2.xaxis.set_major_locator(mdates.MonthLocator(bymonth=[1, 4, 7, 10]))
    ax2.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    ax2.set_xlim(pd.Timestamp("2020-01-01"), pd.Timestamp("2022-01-31"))

    through = Through({"phase_one_purchases": pd.Timestamp(totals["period_end"].max())},
                      as_of=as_of)  # trade data are revised: a past view says so
    titles = {k: style.chart_title(None, v, k) for k, v in headline(
        None, {k: computed_title(cp, k) for k in TITLES}, as_of).items()}
    style.finish(fig, titles[lang], style.source_line([style.credit(cp.attrs, lang)], lang,
                                                      w["note"], through_text(through, lang)))
    data = totals[["period_end", "published_by", "measure", "category", "actual_bn_usd",
                   "target_bn_usd", "pct_of_target", "source"]].set_index("period_end")
    hl = [highlight(w["h"].format(who=w["measures"][r.measure],
                                  m=month_label(r.period_end, lang)), pct(r.pct_of_target))
          for r in _latest_goods(cp).itertuples()]
    hl.append(highlight(w["h_report"], pct(REPORT_PCT, 0)))
    return Chart(name=NAME_CHECKPOINTS, title=titles[lang], titles=titles, fig=fig, data=data,
                 key_figures=figures, sources=["phase_one_purchases"], lang=lang,
                 highlights=hl[:4], through=through)


def _by_category(cp: pd.DataFrame) -> pd.DataFrame:
    """The rows the categories chart draws, in its order: each category's checkpoints, and
    all goods only beside a checkpoint that also has categories (for comparison)."""
    by_cat = cp[cp["category"].isin(["agriculture", "manufacturing", "energy"])]
    keys = by_cat.set_index(["period_end", "measure"]).index
    total = cp[(cp["category"] == "total_goods")
               & cp.set_index(["period_end", "measure"]).index.isin(keys)]
    cats = pd.concat([by_cat, total])
    order = cats["category"].map(CATEGORIES.index)
    return cats.assign(_c=order).sort_values(["_c", "period_end", "measure"]).drop(columns="_c")


def measure_categories(cats: pd.DataFrame) -> dict[str, object]:
    """The categories chart's key figures: the share of the commitment met per row drawn.

    Parameters
    ----------
    cats : pd.DataFrame
        Checkpoint rows with ``category``, ``measure``, ``period_end`` and ``pct_of_target``.

    Returns
    -------
    dict
        ``"<category> <measure> through <YYYY-MM>"`` -> ``"share%"`` (one decimal).

    Examples
    --------
    >>> cats = pd.DataFrame({"category": ["energy"], "measure": ["us_exports_census"],
    ...                      "period_end": pd.to_datetime(["2020-12-31"]),
    ...                      "pct_of_target": [33.6]})
    >>> measure_categories(cats)
    {'energy us_exports_census through 2020-12': '33.6%'}
    """
    return {f"{r.category} {r.measure} through {r.period_end.strftime('%Y-%m')}":
            f"{r.pct_of_target:.1f}%" for r in cats.itertuples()}


def computed_categories_title(cats: pd.DataFrame, lang: str) -> str:
    """What the latest checkpoint with categories shows: each category's share met.

    Parameters
    ----------
    cats : pd.DataFrame
        The rows drawn (as in :func:`measure_categories`).
    lang : {"zh", "en"}
        The title's language.

    Returns
    -------
    str
        The title; the neutral title when ``cats`` has no category row.

    Examples
    --------
    >>> cats = pd.DataFrame({"category": ["agriculture", "energy"],
    ...                      "measure": "us_exports_census",
    ...                      "period_end": pd.to_datetime(["2020-12-31", "2020-12-31"]),
    ...                      "pct_of_target": [81.6, 33.6]})
    >>> computed_categories_title(cats, "en")
    'Phase One deal through Dec 2020, US exports (Census, Waugh mapping): agriculture 81.6%, \
energy 33.6% of the commitment'
    """
    last = cats[(cats["period_end"] == cats["period_end"].max())
                & (cats["category"] != "total_goods")]
    if last.empty:
        return TITLES_CAT[lang]
    w = WORDS[lang]
    r0 = last.iloc[0]
    parts = [f"{w['categories'][r.category]} {pct(r.pct_of_target)}" for r in last.itertuples()]
    return w["cat_title"].format(m=month_label(r0["period_end"], lang),
                                 who=w["measures"][r0["measure"]],
                                 parts=w["cat_sep"].join(parts))


def phase_one_categories(start=None, end=None, as_of=None, lang: str = "zh") -> Chart:
    """Share of the commitment met, by category, at each checkpoint that has categories.

    Parameters
    ----------
    start, end : date-like, optional
        The window drawn (checkpoints whose period ends in it).
    as_of : date-like, optional
        Only checkpoints published by then.
    lang : {"zh", "en"}
        The language of every word in the figure.

    Returns
    -------
    Chart
        One bar per category, checkpoint and measure, coloured by measure (legend above).

    Examples
    --------
    >>> phase_one_categories(as_of="2021-11-16").key_figures[
    ...     "agriculture china_imports through 2020-10"]
    '57.6%'
    """
    style.check_lang(lang)
    cats = _by_category(checkpoints(as_of=as_of, start=start, end=end))
    if cats.empty:
        raise ParameterError(
            f"no Phase One checkpoints with categories published by as_of={as_of!r} between "
            f"start={start!r} and end={end!r}")
    figures = measure_categories(cats)
    w = WORDS[lang]
    fig, ax = style.new_figure(figsize=(9.0, 1.7 + 0.36 * len(cats)))  # + title, legend, source
    y, ticks, labels, gap = 0.0, [], [], 0.7
    previous = None
    for r in cats.itertuples():
        if previous is not None and r.category != previous:
            y -= gap
        previous = r.category
        ax.barh(y, r.pct_of_target, color=style.PALETTE[MEASURES[r.measure][0]], height=0.7)
        ax.text(r.pct_of_target + 1, y, f"{r.pct_of_target:.1f}%  ({r.actual_bn_usd:,.1f} / "
                f"{r.target_bn_usd:,.1f})", va="center", fontsize=8, color="#333333")
        ticks.append(y)
        labels.append(f"{w['categories'][r.category]} · "
                      f"{w['to'].format(m=month_label(r.period_end, lang))} · "
                      f"{w['measures'][r.measure]}")
        y -= 1
    ax.set_yticks(ticks, labels, fontsize=8)
    ax.axvline(100, color="#999999", lw=0.8)
    ax.set_xlim(0, 130)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel(w["cat_x"])
    ax.grid(axis="x", color="#E5E5E5")
    ax.grid(axis="y", visible=False)
    ax.set_axisbelow(True)
    shown = list(dict.fromkeys(cats["measure"]))
    ax.legend(handles=[Patch(color=style.PALETTE[MEASURES[m][0]], label=w["measures"][m])
                       for m in shown], loc="lower left", bbox_to_anchor=(0.0, 1.0),
              ncols=len(shown), fontsize=8.5, borderaxespad=0.3)
    titles = {k: style.chart_title(None, v, k) for k, v in headline(
        None, {k: computed_categories_title(cats, k) for k in TITLES_CAT}, as_of).items()}
    through = Through({"phase_one_purchases": pd.Timestamp(cats["period_end"].max())},
                      as_of=as_of)
    style.finish(fig, titles[lang], style.source_line([style.credit(cats.attrs, lang)], lang,
                                                      w["cat_note"],
                                                      through_text(through, lang)))
    last = cats[cats["period_end"] == cats["period_end"].max()]
    hl = [highlight(w["h_cat"].format(cat=w["categories"][r.category],
                                      who=w["measures"][r.measure]), pct(r.pct_of_target))
          for r in last.itertuples()][:4]
    data = cats[["period_end", "measure", "category", "actual_bn_usd", "target_bn_usd",
                 "pct_of_target", "source"]]
    return Chart(name=NAME_CATEGORIES, title=titles[lang], titles=titles, fig=fig,
                 data=data.set_index("period_end"), key_figures=figures,
                 sources=["phase_one_purchases"], lang=lang, highlights=hl, through=through)
