"""What the site's pages share: the Jinja2 templates, the words per language, the figure
descriptions (``<name>.json`` written by ``uschina.export.save``), and the header of every
notebook page.

A notebook page is exported by a render worker with a minimal header between two markers
(:data:`HEADER_START`, :data:`HEADER_END`); once the run knows every job, :func:`refresh_header`
replaces it with the full header (the other views and languages, the downloads, the
data-through line). That costs a read and a write per page, not an nbconvert export.
"""

from __future__ import annotations

import functools
import json
import os
import re
import tempfile
from pathlib import Path

from ..paths import PACKAGE_DIR

TEMPLATES = PACKAGE_DIR / "templates" / "site"
STYLESHEET = "site.css"
HEADER_START, HEADER_END = "<!--uschina:header-->", "<!--/uschina:header-->"
LANGS = ("zh", "en")
LANG_NAMES = {"zh": "中文", "en": "English"}
HTML_LANG = {"zh": "zh-Hans", "en": "en"}
INDEX = {"zh": "index.html", "en": "index.en.html"}
CATALOG = {"zh": "catalog.html", "en": "catalog.en.html"}

# Every word the templates show, per language (the templates hold no prose of their own).
WORDS = {
    "zh": {
        "site": "uschina · 中美关系量化指标",
        "tagline": "两篇文本中的数字与图表，用官方数据重做、核验，并更新到今天。",
        "home": "图表总览", "catalog": "数据目录", "other_lang": "English",
        "views": "视图与语言", "downloads": "下载", "notebook": "Notebook（.ipynb，含代码）",
        "through": "数据截至", "no_through": "数据截至：见各图表 CSV",
        "claims_title": "数字核验", "claims_all": "查看全部论断与核验说明",
        "claims_inconsistent": "与数据不一致的论断", "stated": "文中", "measured": "数据",
        "verdict": {"consistent": "一致", "inconsistent": "不一致",
                    "not checkable": "无法核验", "not comparable": "口径不可比",
                    "not yet published": "当时尚未发布", "total": "合计"},
        "identical": "（两个视图的图表相同）", "failed": "渲染失败 · render FAILED",
        "failed_nb": "失败的 notebook · failed notebook", "stale": "显示的是上次成功的渲染 · "
        "showing the last good render", "only_in": "仅有中文页面",
        "catalog_intro": "{n} 个数据集，每个都注明官方来源与发布滞后。",
        "col": {"key": "代码", "title": "标题", "unit": "单位", "frequency": "频率",
                "source": "来源", "range": "范围", "lag": "发布滞后（天）",
                "download": "下载", "notes": "说明", "rows": "行"},
        "generated": "生成于", "heading": "中美关系量化指标：图表与数字核验",
        "catalog_heading": "数据目录", "colon": "：", "values_sep": "，",
        "lp": "（", "rp": "）", "list": "；",
    },
    "en": {
        "site": "uschina · US–China indicators",
        "tagline": "The numbers and charts of two texts, redrawn from official data, checked, "
                   "and brought up to date.",
        "home": "All charts", "catalog": "Data catalog", "other_lang": "中文",
        "views": "Views and languages", "downloads": "Downloads",
        "notebook": "Notebook (.ipynb, with the code)",
        "through": "Data through", "no_through": "Data through: see each chart's CSV",
        "claims_title": "Claim check", "claims_all": "All claims, with how each was checked",
        "claims_inconsistent": "Claims the data do not support", "stated": "stated",
        "measured": "data",
        "verdict": {"consistent": "consistent", "inconsistent": "inconsistent",
                    "not checkable": "not checkable", "not comparable": "not comparable",
                    "not yet published": "not yet published", "total": "total"},
        "identical": "(both views draw the same chart)", "failed": "render FAILED",
        "failed_nb": "failed notebook", "stale": "showing the last good render",
        "only_in": "Chinese pages only",
        "catalog_intro": "{n} data sets, each with its official source and release lag.",
        "col": {"key": "key", "title": "title", "unit": "unit", "frequency": "frequency",
                "source": "source", "range": "range", "lag": "release lag (days)",
                "download": "download", "notes": "notes", "rows": "rows"},
        "generated": "generated", "heading": "US–China indicators: charts and claim check",
        "catalog_heading": "Data catalog", "colon": ": ", "values_sep": ", ",
        "lp": " (", "rp": ")", "list": "; ",
    },
}


@functools.cache
def environment():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True, trim_blocks=True, lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,  # a typo in a template fails loudly, in tests
    )


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


def write_text(path: Path, text: str) -> bool:
    """Write atomically; returns False (and leaves the file alone) when nothing changed."""
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_bytes(path, data)
    return True


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def install_stylesheet(site: Path) -> None:
    write_text(site / STYLESHEET, (TEMPLATES / STYLESHEET).read_text(encoding="utf-8"))
    install_font(site)


def install_font(site: Path) -> None:
    """Ship the package's CJK font with the site: a reader without a Chinese system font
    would otherwise see boxes. Copied once; the stylesheet's @font-face points at it."""
    from importlib import resources

    from ..style import CJK_FONT_FILE

    src = resources.files("uschina") / "fonts" / CJK_FONT_FILE
    dst = site / "fonts" / CJK_FONT_FILE
    data = src.read_bytes()
    if not dst.is_file() or dst.stat().st_size != len(data):
        write_bytes(dst, data)


# ---------------------------------------------------------------- figures


def read_figure(folder: Path, name: str) -> dict | None:
    try:
        info = json.loads((folder / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) else None


def figures(folder: Path, stem: str) -> list[dict]:
    """The figure descriptions of one job's folder, the notebook's own figure first
    (:func:`_figure_rank`).

    Each gets ``_json`` (its file name); entries that are not figure descriptions (no
    ``files``) are left out.
    """
    out = []
    for path in sorted(folder.glob("*.json")):
        if path.name.endswith(".meta.json"):  # a CSV's metadata sidecar, not a figure
            continue
        info = read_figure(folder, path.name)
        if info and isinstance(info.get("files"), dict):
            out.append({**info, "_json": path.name})
    out.sort(key=lambda i: _figure_rank(i.get("name", ""), stem))
    return out


def _figure_rank(name: str, stem: str) -> tuple:
    """The notebook's own chart first (named after it, or after it with a suffix), then
    other charts, trend analyses last: the gallery's thumbnail is the first."""
    return (name != stem, not name.startswith(stem), "trend" in name, name)


META_LABEL = {"zh": "CSV 说明（JSON）", "en": "CSV metadata (JSON)"}


def downloads(folder: Path, info: dict, lang: str = "zh") -> list[dict]:
    """``[{"label": "PNG", "file": ...}]`` for the files of a figure that exist."""
    files = info.get("files") or {}
    out = []
    for key in ("png", "svg", "csv"):
        if files.get(key) and (folder / files[key]).is_file():
            out.append({"label": key.upper(), "file": files[key]})
    for key, name in files.items():  # extra tables: "csv:trend_gap"
        if key.startswith("csv:") and (folder / name).is_file():
            out.append({"label": f"CSV ({key[4:].replace('_', ' ')})", "file": name})
    meta = files.get("meta")
    if meta and (folder / meta).is_file():
        out.append({"label": META_LABEL.get(lang, META_LABEL["en"]), "file": meta})
    return out


def figure_title(info: dict, lang: str) -> str:
    titles = info.get("titles") or {}
    return str(titles.get(lang) or info.get("title") or info.get("name") or "")


def highlights(info: dict, limit: int = 4) -> list[dict]:
    """The reader's key figures (never the raw ``key_figures``: those are for tests)."""
    out = []
    for h in info.get("highlights") or []:
        if isinstance(h, dict) and h.get("label") and h.get("value") not in (None, ""):
            out.append({"label": str(h["label"]), "value": str(h["value"])})
    return out[:limit]


_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?")


def _last_csv_date(path: Path) -> str | None:
    """The last date in the first column of a figure's CSV (for JSONs without
    ``data_through``)."""
    try:
        with open(path, "rb") as fh:
            fh.seek(0, os.SEEK_END)
            fh.seek(max(0, fh.tell() - 4096))
            tail = fh.read().decode("utf-8", errors="replace").strip().splitlines()
    except OSError:
        return None
    for line in reversed(tail):
        m = _DATE.match(line.split(",", 1)[0].strip('"'))
        if m:
            return m.group(0)
    return None


@functools.cache
def series_title(key: str, lang: str) -> str:
    """A data key's title from its metadata sidecar, or the key itself."""
    from ..paths import data_dir

    try:
        import yaml

        meta = yaml.safe_load((data_dir() / f"{key}.yaml").read_text(encoding="utf-8"))
        return str(meta["title"][lang])
    except Exception:  # noqa: BLE001 - a label, not worth failing a page for
        return key


def data_through(folder: Path, infos: list[dict], lang: str) -> list[dict]:
    """One entry per series drawn: ``{"series", "label", "source"}``, from the figures'
    ``data_through``; without it, the last date of each figure's CSV."""
    out, seen = [], set()
    for info in infos:
        entries = info.get("data_through")
        if isinstance(entries, list) and entries:
            for e in entries:
                if not isinstance(e, dict) or e.get("key") in seen:
                    continue
                seen.add(e.get("key"))
                label = e.get("label") or e.get("date")
                if not label:
                    continue
                if e.get("values"):  # a view of the past: what the values are
                    label = f"{label}{WORDS[lang]['values_sep']}{e['values']}"
                out.append({"series": series_title(str(e.get("key", "")), lang)
                            if e.get("key") else "",
                            "label": str(label), "source": str(e.get("source") or "")})
            continue
        csv = (info.get("files") or {}).get("csv")
        last = _last_csv_date(folder / csv) if csv else None
        if last and ("csv", last, info.get("name")) not in seen:
            seen.add(("csv", last, info.get("name")))
            out.append({"series": figure_title(info, lang), "label": last, "source": ""})
    return out


def through_short(entries: list[dict], limit: int = 2, sep: str = "; ") -> str:
    """The distinct data-through dates, for a gallery card."""
    labels = list(dict.fromkeys(e["label"] for e in entries))
    return sep.join(labels[:limit]) + ("…" if len(labels) > limit else "")


# ---------------------------------------------------------------- notebook page header


def view_label(rec: dict, lang: str) -> str:
    label = rec.get("view_label") or {}
    return str(label.get(lang) or label.get("zh") or rec.get("view") or "")


def header_context(site: Path, rec: dict, siblings: list[dict], title: str) -> dict:
    """Everything the header of the page of ``rec`` shows. ``siblings``: the records of the
    same notebook (``rec`` included), in gallery order."""
    lang = rec["lang"] if rec["lang"] in LANGS else "zh"
    stem, slot = rec["stem"], rec["slot"]
    folder = site / stem / slot
    infos = figures(folder, stem)
    switch = []
    for s in siblings:
        if not (site / stem / f"{s['slot']}.html").is_file():
            continue
        switch.append({"href": f"{s['slot']}.html", "current": s["slot"] == slot,
                       "view": view_label(s, lang), "lang": LANG_NAMES.get(s["lang"], s["lang"]),
                       "hreflang": HTML_LANG.get(s["lang"], s["lang"])})
    figs = [{"title": figure_title(i, lang), "files": [
        {**d, "href": f"{slot}/{d['file']}"} for d in downloads(folder, i, lang)]}
        for i in infos]
    # tables a notebook exports without a figure (the claim table): offered by file name
    claimed = {f for i in infos for f in (i.get("files") or {}).values()}
    loose = [p.name for p in sorted(folder.glob("*.csv")) if p.name not in claimed]
    if loose:
        figs.append({"title": "CSV", "files": [
            {"label": name, "file": name, "href": f"{slot}/{name}"} for name in loose]})
    return {
        "lang": lang, "t": WORDS[lang], "title": title,
        "home": f"../{INDEX[lang]}", "catalog": f"../{CATALOG[lang]}",
        "view": view_label(rec, lang), "switch": switch,
        "figures": [f for f in figs if f["files"]],
        "through": data_through(folder, infos, lang),
        "ipynb": f"{slot}.ipynb" if (site / stem / f"{slot}.ipynb").is_file() else None,
    }


def minimal_header(lang: str, title: str, ipynb: str | None) -> str:
    """The header a worker writes: the way home and to the code; the rest comes later."""
    lang = lang if lang in LANGS else "zh"
    return render("page_header.html.j2", lang=lang, t=WORDS[lang], title=title,
                  home=f"../{INDEX[lang]}", catalog=f"../{CATALOG[lang]}", view="",
                  switch=[], figures=[], through=None, ipynb=ipynb)


def splice_header(html: str, header: str) -> str | None:
    """``html`` with its header replaced; None when the page has no header markers."""
    start = html.find(HEADER_START)
    end = html.find(HEADER_END, start)
    if start < 0 or end < 0:
        return None
    return html[:start + len(HEADER_START)] + header + html[end:]


def refresh_header(page: Path, context: dict) -> bool:
    """Rewrite the header of one page if it changed; True when the file was written."""
    try:
        html = page.read_text(encoding="utf-8")
    except OSError:
        return False
    new = splice_header(html, render("page_header.html.j2", **context))
    return new is not None and write_text(page, new)
