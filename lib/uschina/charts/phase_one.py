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
from .base import Chart
from .common import headline, highlight, month_label, pct, through_text

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
MEASURES = {  # measure -> (zh, en, colour key, x offset in days so pairs do not overlap)
    "china_imports": ("中方进口统计", "Chinese imports", "main", -9),
    "us_exports": ("美方出口统计", "US exports", "second", 9),
    "us_exports_census": ("美方出口（Census，Waugh 口径）", "US exports (Census, Waugh mapping)",
                          "fourth", 9),
}
CATEGORIES = {
    "agriculture": ("农产品", "agriculture"),
    "manufacturing": ("制成品", "manufacturing"),
    "energy": ("能源", "energy"),
    "total_goods": ("货物合计", "all goods"),
    "total_goods_and_services": ("货物和服务", "goods and services"),
}


def checkpoints(as_of=None, start=None, end=None) -> pd.DataFrame:
    """Rows with actual purchases (PIIE checkpoints and the 2020 Census tally), by period end.

    Example: ``checkpoints(as_of="2021-11-16")["period_end"].max()  # Timestamp("2020-12-31")``
    """
    t = datasets.load("phase_one_purchases", as_of=as_of)
    t = t[t["actual_bn_usd"].notna()].copy()
    if start is not None:
        t = t[t["period_end"] >= pd.Timestamp(start)]
    if end is not None:
        t = t[t["period_end"] <= pd.Timestamp(end)]
    return t.sort_values(["period_end", "measure", "category"]).reset_index(drop=True)


def targets() -> pd.DataFrame:
    """The agreement's increments above the 2017 baseline, by year and category ($bn).

    Example: ``targets().loc["total", "2020-21"]  # 200.0 ($bn above the 2017 baseline)``
    """
    t = datasets.load("phase_one_purchases")
    t = t[t["record_type"] == "agreement_target_increment"]
    out = t.pivot_table(index="category", columns=t["period_end"].dt.year,
                        values="target_bn_usd", aggfunc="sum")
    out.loc["total"] = out.sum()
    out["2020-21"] = out.sum(axis=1)
    return out


def around(cp: pd.DataFrame, when=REPORT_THROUGH) -> dict[str, pd.DataFrame]:
    """Total-goods checkpoints just before and just after ``when`` (there is none at it).

    Example: ``around(checkpoints())["after"]  # the checkpoints through Oct 2021``
    """
    goods = cp[cp["category"] == "total_goods"]
    before = goods[goods["period_end"] < when]
    after = goods[goods["period_end"] > when]
    at = goods[goods["period_end"] == when]
    return {
        "at": at,
        "before": before[before["period_end"] == before["period_end"].max()],
        "after": after[after["period_end"] == after["period_end"].min()],
    }


def _category(category: str, lang: str) -> str:
    zh, en = CATEGORIES[category]
    return zh if lang == "zh" else en


def _label(measure: str, lang: str) -> str:
    zh, en, _, _ = MEASURES[measure]
    return zh if lang == "zh" else en


def _describe(r, lang: str) -> str:
    return (f"{r.actual_bn_usd:,.1f} / {r.target_bn_usd:,.1f} = {r.pct_of_target:.1f}%")


def phase_one_checkpoints(start=None, end=None, as_of=None, lang: str = "zh") -> Chart:
    """Phase One purchases against the prorated commitment, at each published checkpoint.

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

        chart = phase_one_checkpoints(as_of="2021-11-16")
        chart.key_figures["checkpoint through 2021-09"]  # "none in the data"
    """
    style.check_lang(lang)
    cp = checkpoints(as_of=as_of, start=start, end=end)
    if cp.empty:
        raise ParameterError(
            f"no Phase One checkpoints published by as_of={as_of!r} between start={start!r} "
            f"and end={end!r}: the first (through March 2020) was published in May 2020"
        )
    w = WORDS[lang]
    totals = cp[cp["category"].isin(["total_goods", "total_goods_and_services"])]
    fig, (ax, ax2) = style.new_figure(figsize=(9.0, 6.4), nrows=2, sharex=True,
                                      gridspec_kw={"height_ratios": [1.4, 1]})
    seen: set[str] = set()
    for r in totals.itertuples():
        _, _, colour, dx = MEASURES[r.measure]
        c = style.PALETTE[colour]
        x = r.period_end + pd.Timedelta(days=dx)
        services = r.category == "total_goods_and_services"
        first = r.measure not in seen
        seen.add(r.measure)
        # target as an outlined bar, purchases as a filled bar inside it
        ax.bar(x, r.target_bn_usd, width=14, color="white", edgecolor=c, lw=1.0,
               hatch="..." if services else None)
        ax.bar(x, r.actual_bn_usd, width=14, color=c, alpha=0.9,
               label=_label(r.measure, lang) if first else None)
        marker = "D" if services else ("s" if r.measure == "us_exports_census" else "o")
        ax2.plot([x], [r.pct_of_target], marker, color=c, ms=6, ls="none",
                 label=_label(r.measure, lang) if first else None)
        # Chinese-import labels above the point, US-export labels below: pairs sit close
        dy = 7 if r.measure == "china_imports" else -9
        ax2.annotate(f"{r.pct_of_target:.0f}%", (x, r.pct_of_target), xytext=(0, dy),
                     textcoords="offset points", ha="center", va="bottom" if dy > 0 else "top",
                     fontsize=8, color=c)
    handles, _ = ax.get_legend_handles_labels()
    handles.append(Patch(facecolor="white", edgecolor="#555555",
                         label=w["outline"]))
    if (totals["category"] == "total_goods_and_services").any():
        handles.append(Patch(facecolor="white", edgecolor="#555555", hatch="...",
                             label=w["dotted"]))
    ax.set_ylabel(w["unit"])
    ax.legend(handles=handles, loc="upper left", fontsize=8.5)

    ax2.axhline(100, color="#999999", lw=0.8)
    ax2.set_ylim(0, 135)
    ax2.set_ylabel(w["pct"])
    figures: dict[str, object] = {}
    show_report = as_of is None or pd.Timestamp(as_of) >= REPORT_DATE
    if show_report:
        ax2.plot([REPORT_THROUGH], [REPORT_PCT], "*", ms=13, mfc="white",
                 mec=style.PALETTE["highlight"], mew=1.4, ls="none",
                 label=w["report"])
    if (totals["category"] == "total_goods_and_services").any():  # the diamond, explained
        ax2.plot([], [], "D", color="#555555", ms=6, ls="none", label=w["diamond"])
    ax2.legend(loc="upper left", fontsize=8, ncol=2)  # above 100%: no checkpoint is there

    for r in totals.itertuples():
        key = f"{r.measure} {r.category} through {r.period_end.strftime('%Y-%m')}"
        figures[key] = _describe(r, lang)
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

    ax2.xaxis.set_major_locator(mdates.MonthLocator(bymonth=[1, 4, 7, 10]))
    ax2.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    ax2.set_xlim(pd.Timestamp("2020-01-01"), pd.Timestamp("2022-01-31"))
    note = w["note"]
    through = {"phase_one_purchases": pd.Timestamp(totals["period_end"].max())}
    titles = {k: style.chart_title(None, v, k) for k, v in headline(
        None, {k: computed_title(cp, k) for k in TITLES}, as_of).items()}
    title = titles[lang]
    credit = style.credit(cp.attrs, lang)
    style.finish(fig, title, style.source_line([credit], lang, note, through_text(through, lang)))
    data = totals[["period_end", "published_by", "measure", "category", "actual_bn_usd",
                   "target_bn_usd", "pct_of_target", "source"]].set_index("period_end")
    return Chart(
        name=NAME_CHECKPOINTS,
        title=title,
        titles=titles,
        fig=fig,
        data=data,
        key_figures=figures,
        sources=["phase_one_purchases"],
        lang=lang, highlights=_highlights(cp, lang), through=through,
    )


WORDS = {
    "zh": {"title": "中美第一阶段经贸协议：截至{m}，{who}达同期采购承诺的{p}",
           "h": "{who}，截至{m}", "h_report": "2021 年报告：截至 2021年9月",
           "outline": "外框：同期承诺（按比例折算）", "dotted": "点状外框：货物和服务承诺",
           "unit": "十亿美元（自2020年1月累计）", "pct": "占同期承诺 %",
           "report": "2021 年报告：截至 9 月 60%（无此月检查点）", "diamond": "菱形：货物和服务",
           "note": "仅有检查点，没有月度序列，点之间不连线；方块为 2020 年 Census 数据",
           "to": "至{m}", "cat_x": "占同期承诺 %（括号内：实际 / 承诺，十亿美元）",
           "cat_note": "2020 年为当年承诺，2021 年检查点为 2020 年 1 月起累计"},
    "en": {"title": "Phase One deal: {who} reached {p} of the commitment through {m}",
           "h": "{who}, through {m}", "h_report": "2021 report: through Sep 2021",
           "outline": "outline: commitment to date (prorated)",
           "dotted": "dotted outline: goods-and-services commitment",
           "unit": "USD bn, cumulative from Jan 2020", "pct": "% of commitment to date",
           "report": "2021 report: 60% by Sep 2021 (no checkpoint that month)",
           "diamond": "diamond: goods and services",
           "note": "checkpoints only, no monthly series, so no lines; square: 2020 Census data",
           "to": "to {m}",
           "cat_x": "% of the commitment to date (in brackets: actual / commitment, USD bn)",
           "cat_note": "2020 checkpoints against the 2020 commitment; 2021 ones cumulative from "
                       "Jan 2020"},
}


def _categories_title(last: pd.DataFrame, lang: str) -> str:
    """What the latest checkpoint with categories shows: each category's share met."""
    if last.empty:
        return TITLES_CAT[lang]
    r0 = last.iloc[0]
    parts = [f"{_category(r.category, lang)} {pct(r.pct_of_target)}"
             for r in last.itertuples()]
    if lang == "zh":
        return (f"中美第一阶段经贸协议：截至{month_label(r0['period_end'], lang)}"
                f"（{_label(r0['measure'], lang)}），" + "，".join(parts))
    return (f"Phase One deal through {month_label(r0['period_end'], lang)}, "
            f"{_label(r0['measure'], lang)}: " + ", ".join(parts) + " of the commitment")


def _latest_goods(cp: pd.DataFrame) -> pd.DataFrame:
    goods = cp[cp["category"] == "total_goods"]
    return goods[goods["period_end"] == goods["period_end"].max()]


def computed_title(cp: pd.DataFrame, lang: str) -> str:
    """What the checkpoints show: the share of the goods commitment met at the latest one.

    Example::

        computed_title(cp, "en")
        # -> "Phase One deal: Chinese imports reached 62.2% of the commitment through Oct
        #    2021"
    """
    rows = _latest_goods(cp)
    if rows.empty:
        return TITLES[lang]
    r = rows.sort_values("measure").iloc[0]  # china_imports first, as the report counts
    return WORDS[lang]["title"].format(m=month_label(r["period_end"], lang),
                                       who=_label(r["measure"], lang),
                                       p=pct(r["pct_of_target"]))


def _highlights(cp: pd.DataFrame, lang: str) -> list[dict[str, str]]:
    w = WORDS[lang]
    out = [highlight(w["h"].format(who=_label(r.measure, lang),
                                   m=month_label(r.period_end, lang)), pct(r.pct_of_target))
           for r in _latest_goods(cp).itertuples()]
    out.append(highlight(w["h_report"], pct(REPORT_PCT, 0)))
    return out[:4]


def phase_one_categories(as_of=None, lang: str = "zh") -> Chart:
    """Share of the commitment met, by category, at each checkpoint that has categories.

    Parameters
    ----------
    as_of : date-like, optional
        Only checkpoints published by then.
    lang : {"zh", "en"}

    Returns
    -------
    Chart
        One bar per category, checkpoint and measure, coloured by measure (legend above).

    Example::

        phase_one_categories(as_of="2021-11-16").key_figures[
            "agriculture china_imports through 2020-10"]  # "57.6%"
    """
    style.check_lang(lang)
    cp = checkpoints(as_of=as_of)
    by_cat = cp[cp["category"].isin(["agriculture", "manufacturing", "energy"])]
    # all-goods rows only beside a checkpoint that also has categories, for comparison
    total = cp[(cp["category"] == "total_goods")
               & cp.set_index(["period_end", "measure"]).index.isin(
                   by_cat.set_index(["period_end", "measure"]).index)]
    cats = pd.concat([by_cat, total])
    if cats.empty:
        raise ParameterError(f"no Phase One checkpoints published by as_of={as_of!r}")
    w = WORDS[lang]
    order = list(CATEGORIES)
    cats = cats.assign(_c=cats["category"].map(order.index)).sort_values(["_c", "period_end",
                                                                          "measure"])
    fig, ax = style.new_figure(figsize=(9.0, 1.7 + 0.36 * len(cats)))  # + title, legend, source
    y, ticks, labels, gap = 0.0, [], [], 0.7
    previous = None
    for r in cats.itertuples():
        if previous is not None and r.category != previous:
            y -= gap
        previous = r.category
        _, _, colour, _ = MEASURES[r.measure]
        c = style.PALETTE[colour]
        ax.barh(y, r.pct_of_target, color=c, height=0.7)
        ax.text(r.pct_of_target + 1, y, f"{r.pct_of_target:.1f}%  ({r.actual_bn_usd:,.1f} / "
                f"{r.target_bn_usd:,.1f})", va="center", fontsize=8, color="#333333")
        through = w["to"].format(m=month_label(r.period_end, lang))
        cat = _category(r.category, lang)
        ticks.append(y)
        labels.append(f"{cat} · {through} · {_label(r.measure, lang)}")
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
    ax.legend(handles=[Patch(color=style.PALETTE[MEASURES[m][2]], label=_label(m, lang))
                       for m in shown], loc="lower left", bbox_to_anchor=(0.0, 1.0),
              ncols=len(shown), fontsize=8.5, borderaxespad=0.3)
    figures = {f"{r.category} {r.measure} through {r.period_end.strftime('%Y-%m')}":
               f"{r.pct_of_target:.1f}%" for r in cats.itertuples()}
    note = w["cat_note"]
    last = cats[(cats["period_end"] == cats["period_end"].max())
                & (cats["category"] != "total_goods")]
    titles = {k: style.chart_title(None, v, k) for k, v in headline(
        None, {k: _categories_title(last, k) for k in TITLES_CAT}, as_of).items()}
    title = titles[lang]
    through = {"phase_one_purchases": pd.Timestamp(cats["period_end"].max())}
    style.finish(fig, title, style.source_line([style.credit(cp.attrs, lang)], lang, note,
                                               through_text(through, lang)))
    last = cats[cats["period_end"] == cats["period_end"].max()]
    hl = [highlight(f"{_category(r.category, lang)} · {_label(r.measure, lang)}",
                    pct(r.pct_of_target)) for r in last.itertuples()][:4]
    data = cats.drop(columns="_c")[["period_end", "measure", "category", "actual_bn_usd",
                                    "target_bn_usd", "pct_of_target", "source"]]
    return Chart(
        name=NAME_CATEGORIES,
        title=title,
        titles=titles,
        fig=fig,
        data=data.set_index("period_end"),
        key_figures=figures,
        sources=["phase_one_purchases"],
        lang=lang, highlights=hl, through=through,
    )
