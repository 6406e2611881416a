"""The site's own pages: the gallery (``index.html``, ``index.en.html``), the data catalog
(``catalog.html``, ``catalog.en.html``) and the headers of the notebook pages.

Jinja2 templates (``lib/uschina/templates/site``) and one stylesheet (``site.css``); relative
links only, so the folder works opened from disk. The gallery is built from the render records
and the files the jobs wrote (see :mod:`.gallery`); it needs no heavy import. The catalog page
loads every series (pandas), so it is rebuilt only when ``data/`` changed.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from . import gallery, pages
from .pages import CATALOG, HTML_LANG, INDEX, LANG_NAMES, LANGS, WORDS


def _common(lang: str, page: dict[str, str]) -> dict:
    other = "en" if lang == "zh" else "zh"
    return {
        "lang": lang, "html_lang": HTML_LANG[lang], "t": WORDS[lang],
        "home": INDEX[lang], "catalog": CATALOG[lang],
        "alternates": [{"href": page[other], "hreflang": HTML_LANG[other],
                        "label": LANG_NAMES[other]}],
        "generated": f"{datetime.now():%Y-%m-%d %H:%M}",
    }


# ---------------------------------------------------------------- gallery


def build_index(site: Path, records: dict[str, dict]) -> Path:
    """The gallery in each language, and the header of every notebook page."""
    pages.install_stylesheet(site)
    nbs = gallery.notebooks(site, records)
    refresh_headers(site, nbs)
    failed = sum(r.get("status") != "ok" for r in records.values())
    for lang in LANGS:
        words = WORDS[lang]
        status = ""
        if failed:
            status = (f"{failed} / {len(records)} 个渲染任务失败 · render FAILED" if lang == "zh"
                      else f"{failed} of {len(records)} render jobs FAILED")
        html = pages.render(
            "index.html.j2", **_common(lang, INDEX), page_title=words["heading"],
            heading=words["heading"], summary=status,
            cards=[gallery.card(site, nb, lang) for nb in nbs])
        pages.write_text(site / INDEX[lang], html)
    return site / INDEX["zh"]


def refresh_headers(site: Path, nbs: list[dict]) -> int:
    """Give every notebook page its full header; returns how many pages changed."""
    changed = 0
    for nb in nbs:
        recs = [r for r in nb["records"]
                if (site / r["stem"] / f"{r['slot']}.html").is_file()]
        for rec in recs:
            lang = rec["lang"] if rec["lang"] in LANGS else "zh"
            ctx = pages.header_context(site, rec, recs, nb["titles"][lang])
            changed += pages.refresh_header(site / rec["stem"] / f"{rec['slot']}.html", ctx)
    return changed


# ---------------------------------------------------------------- catalog


def _date(value) -> str:
    import pandas as pd

    return "" if pd.isna(value) else pd.Timestamp(value).date().isoformat()


def build_catalog(site: Path, data_dir: Path) -> Path:
    """The data catalog pages, and a copy of every data file under ``<site>/data/``."""
    from .. import datasets
    from .publish_data import publish

    publish(site, data_dir)  # validated, then swapped in whole; raises before any change
    cat = datasets.catalog()
    pages.install_stylesheet(site)
    for lang in LANGS:
        rows = []
        for key, r in cat.iterrows():
            url = str(r["url"])
            rows.append({
                "key": key, "title": r[f"title_{lang}"], "unit": r[f"unit_{lang}"],
                "frequency": r["frequency"], "publisher": r["publisher"],
                "series_id": r["series_id"], "license": r["license"],
                "url": url if url.startswith(("http://", "https://")) else "",
                "first": _date(r["first"]), "last": _date(r["last"]), "rows": int(r["rows"]),
                "lag": int(r["release_lag_days"]), "file": r["file"], "notes": r["notes"],
            })
        words = WORDS[lang]
        html = pages.render(
            "catalog.html.j2", **_common(lang, CATALOG), page_title=words["catalog_heading"],
            heading=words["catalog_heading"], intro=words["catalog_intro"].format(n=len(cat)),
            rows=rows)
        pages.write_text(site / CATALOG[lang], html)
    return site / CATALOG["zh"]
