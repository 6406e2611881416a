"""The claim table as a styled, bilingual HTML table, each checked claim linked to its chart."""

from __future__ import annotations

from html import escape

import pandas as pd

from .check import CONSISTENT, INCONSISTENT, NOT_CHECKABLE, NOT_COMPARABLE, NOT_PUBLISHED

VERDICT_TEXT = {
    "zh": {CONSISTENT: "一致", INCONSISTENT: "不一致", NOT_CHECKABLE: "无法核验",
           NOT_COMPARABLE: "口径不可比", NOT_PUBLISHED: "当时尚未发布"},
    "en": {CONSISTENT: "consistent", INCONSISTENT: "inconsistent", NOT_CHECKABLE: "not checkable",
           NOT_COMPARABLE: "not comparable", NOT_PUBLISHED: "not yet published"},
}
VERDICT_COLOUR = {CONSISTENT: "#DCEFD8", INCONSISTENT: "#F6D5D1", NOT_CHECKABLE: "#EEEEEE",
                  NOT_COMPARABLE: "#FBEFD5", NOT_PUBLISHED: "#E6EEF7"}
HEADERS = {
    "zh": {"line": "行", "claim": "论断", "stated": "文中数值", "unit": "单位",
           "measured": "数据测得", "verdict": "结论", "detail": "说明", "chart": "图表"},
    "en": {"line": "line", "claim": "claim", "stated": "stated", "unit": "unit",
           "measured": "measured", "verdict": "verdict", "detail": "detail", "chart": "chart"},
}


def _number(v) -> str:
    if isinstance(v, float):  # 86220.0 -> "86,220", never "8.622e+04"
        return f"{v:,.4g}" if abs(v) < 1000 else f"{v:,.0f}"
    if isinstance(v, list):
        return ", ".join(map(str, v))
    return "" if v is None else str(v)


def summary(table: pd.DataFrame) -> pd.DataFrame:
    """Counts of verdicts per document (rows) — the numbers nbval compares.

    Parameters
    ----------
    table : pandas.DataFrame
        A claim table from :func:`uschina.claims.check`.

    Returns
    -------
    pandas.DataFrame
        One row per document plus ``total``; columns: the verdicts (``not yet published``
        only when it occurs) and ``total``.

    Examples
    --------
    >>> from uschina import claims
    >>> int(summary(claims.check()).loc["total", "total"])
    89
    """
    out = pd.crosstab(table["document"], table["verdict"], margins=True, margins_name="total")
    # "not yet published" appears only for an as_of view (the checked outputs use all data)
    extra = [NOT_PUBLISHED] if (table["verdict"] == NOT_PUBLISHED).any() else []
    return out.reindex(columns=[CONSISTENT, INCONSISTENT, NOT_COMPARABLE, NOT_CHECKABLE, *extra,
                                "total"],
                       fill_value=0)


def _titles(lang: str) -> dict[str, str]:
    """Document titles in ``lang``, keyed by seed file (the ``document`` column)."""
    from .registry import registries

    return {reg.document.seed_file: getattr(reg.document.title, lang) for reg in registries()}


def summary_for_readers(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``summary`` with the documents' titles and the verdicts in ``lang`` (for pages).

    Parameters
    ----------
    table : pandas.DataFrame
        A claim table from :func:`uschina.claims.check`.
    lang : {"en", "zh"}
        Language of the titles, verdicts and headings.

    Returns
    -------
    pandas.DataFrame
        :func:`summary`, its rows named by document title and its columns by verdict in
        ``lang``.

    Examples
    --------
    >>> from uschina import claims
    >>> summary_for_readers(claims.check(), "zh").columns[0]
    '一致'
    """
    titles = _titles(lang)
    total = {"zh": "合计", "en": "total"}[lang]
    out = summary(table)
    out = out.rename(index=lambda d: titles.get(d, total if d == "total" else d),
                     columns=lambda v: VERDICT_TEXT[lang].get(v, total))
    out.index.name, out.columns.name = {"zh": ("文档", "结论"), "en": ("document", "verdict")}[lang]
    return out


def to_html(table: pd.DataFrame, lang: str, chart_link: str = "../{chart}/{slot}.html",
            slot: str | None = None) -> str:
    """One HTML table per document, rows coloured by verdict, each claim linked to its chart.

    Parameters
    ----------
    table : pandas.DataFrame
        A claim table from :func:`uschina.claims.check`.
    lang : {"en", "zh"}
        Language of the headings, claims, verdicts and document titles.
    chart_link : str, default "../{chart}/{slot}.html"
        The link to a claim's chart, formatted with ``chart`` and ``slot``.
    slot : str, optional
        The page slot linked to, by default ``today_{lang}``.

    Returns
    -------
    str
        A ``<style>`` block and, per document, a heading and a table.

    Examples
    --------
    >>> from uschina import claims
    >>> '<a href="../fig3_us_cpi/today_en.html">' in to_html(claims.check(), "en")
    True
    """
    h = HEADERS[lang]
    slot = slot or f"today_{lang}"
    titles = _titles(lang)  # read the seeds once, not per document
    parts = []
    for doc, part in table.groupby("document", sort=False):
        rows = []
        for r in part.itertuples():
            chart = ""
            if isinstance(r.chart, str) and r.chart:
                href = chart_link.format(chart=r.chart, slot=slot)
                chart = f'<a href="{escape(href)}">{escape(r.chart)}</a>'
            claim = r.claim_zh if lang == "zh" else r.claim_en
            rows.append(
                f'<tr style="background:{VERDICT_COLOUR[r.verdict]}">'
                f"<td>{r.line}</td><td>{escape(claim)}</td><td>{escape(_number(r.stated))}</td>"
                f"<td>{escape(str(r.unit))}</td><td>{escape(_number(r.measured))}</td>"
                f"<td style='white-space:nowrap'><b>{VERDICT_TEXT[lang][r.verdict]}</b></td>"
                f"<td>{escape(str(r.detail))}</td><td>{chart}</td></tr>"
            )
        head = "".join(f"<th>{h[c]}</th>" for c in
                       ("line", "claim", "stated", "unit", "measured", "verdict", "detail",
                        "chart"))
        # a wide table scrolls in its own box on a phone, not the page
        parts.append(
            f"<h3>{escape(titles.get(doc, doc))}</h3>"
            "<div style='overflow-x:auto;max-width:100%'>"
            f"<table class='claims' style='border-collapse:collapse;font-size:90%;"
            f"min-width:720px'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>"
            "</table></div>"
        )
    style = ("<style>table.claims td,table.claims th{border:1px solid #ccc;padding:3px 6px;"
             "vertical-align:top;text-align:left}</style>")
    return style + "\n".join(parts)


def side_by_side_html(lang: str, today=None) -> str:
    """Per claim, the verdict when the text was written and today, coloured, in ``lang``.

    Parameters
    ----------
    lang : {"en", "zh"}
        Language of the headings, claims, verdicts and document titles.
    today : date-like, optional
        The as_of of the "today" columns (None: all the data); see
        :func:`uschina.claims.side_by_side`.

    Returns
    -------
    str
        A ``<style>`` block and, per document, a heading and a table.

    Examples
    --------
    >>> html = side_by_side_html("en")
    >>> "verdict when written" in html
    True
    """
    from .views import HEADINGS, side_by_side

    view = side_by_side(lang, today=today, raw=True)
    h, words = HEADINGS[lang], VERDICT_TEXT[lang]
    cols = ("line", "claim", "stated", "period", "then", "measured_then", "now", "measured_now")
    titles = _titles(lang)
    parts = []
    for doc, part in view.groupby("document", sort=False):
        rows = []
        for r in part.itertuples():
            def verdict(v):
                return (f"<td style='background:{VERDICT_COLOUR[v]};white-space:nowrap'>"
                        f"<b>{escape(words[v])}</b></td>")
            rows.append(
                f"<tr><td>{r.line}</td><td>{escape(str(r.claim))}</td>"
                f"<td>{escape(_number(r.stated))}</td><td>{escape(str(r.period))}</td>"
                f"{verdict(r.then)}<td>{escape(_number(r.measured_then))}</td>"
                f"{verdict(r.now)}<td>{escape(_number(r.measured_now))}</td></tr>")
        head = "".join(f"<th>{escape(h[c])}</th>" for c in cols)
        parts.append(
            f"<h3>{escape(titles.get(doc, doc))}</h3>"
            "<div style='overflow-x:auto;max-width:100%'>"
            f"<table class='claims' style='border-collapse:collapse;font-size:90%;"
            f"min-width:720px'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>"
            "</table></div>")
    style = ("<style>table.claims td,table.claims th{border:1px solid #ccc;padding:3px 6px;"
             "vertical-align:top;text-align:left}</style>")
    return style + "\n".join(parts)
