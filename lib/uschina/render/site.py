"""The site's own pages: the gallery (``index.html``) and the data catalog (``catalog.html``).

Plain HTML with inline CSS and relative links only, so the folder works opened from disk.
The gallery is built from the render state and the JSON that ``uschina.export.save`` writes
next to each figure (title, titles, key_figures, files); it needs no heavy import. The catalog
page loads every series (pandas), so it is rebuilt only when ``data/`` changed.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime
from html import escape
from pathlib import Path

CSS = """
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;
 margin:0 auto;max-width:1200px;padding:0 16px 40px;color:#222;line-height:1.45}
header{border-bottom:3px solid #B22222;margin-bottom:12px}
h1{font-size:1.5em;margin:16px 0 4px} h2{font-size:1.2em;margin:28px 0 6px;color:#B22222}
.sub{color:#666;font-size:.9em;margin:0 0 10px}
nav a{margin-right:14px}
a{color:#1F4E79}
.fig{border:1px solid #ddd;border-radius:6px;margin:12px 0;padding:10px}
.fig h3{margin:0 0 8px;font-size:1.05em} .fig h3 small{color:#555;font-weight:normal}
.views{display:grid;grid-template-columns:repeat(auto-fit,minmax(330px,1fr));gap:14px}
.view{background:#fafafa;border-radius:4px;padding:8px}
.view h4{margin:0 0 6px;font-size:.95em;color:#1F4E79}
.view img{width:100%;height:auto;border:1px solid #e5e5e5;background:#fff}
.links{font-size:.85em;margin:4px 0} .links b{display:inline-block;min-width:4.5em}
.kf{font-size:.8em;color:#444;margin:4px 0 0;padding-left:1.2em}
.failed{background:#fdecea;border:1px solid #B22222;color:#7a1010;padding:6px;border-radius:4px;
 font-size:.85em;margin:4px 0}
.stale{color:#7a1010;font-size:.8em}
table{border-collapse:collapse;font-size:.85em;width:100%}
th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f3f3f3} td.notes{max-width:360px;color:#555}
footer{margin-top:30px;color:#888;font-size:.8em}
"""

LANG_NAMES = {"zh": "中文", "en": "English"}


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n"
        f"<footer>uschina · {datetime.now():%Y-%m-%d %H:%M}</footer>\n</body>\n</html>\n"
    )


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def _nav() -> str:
    return ('<nav><a href="index.html">图表 · Charts</a>'
            '<a href="catalog.html">数据目录 · Data catalog</a></nav>')


# ---------------------------------------------------------------- gallery


def _figure_info(site: Path, stem: str, slot: str, name: str) -> dict | None:
    try:
        return json.loads((site / stem / slot / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def build_index(site: Path, records: dict[str, dict]) -> Path:
    """The gallery: per notebook and figure, one column per view, links per language."""
    by_nb: dict[str, list[dict]] = {}
    for rec in records.values():
        by_nb.setdefault(rec["stem"], []).append(rec)
    sections, failed = [], 0
    for stem in sorted(by_nb):
        recs = sorted(by_nb[stem], key=lambda r: (r.get("view_order", 0), r["lang"] != "zh",
                                                  r["lang"]))
        failed += sum(r["status"] != "ok" for r in recs)
        sections.append(_notebook_section(site, stem, recs))
    total = len(records)
    summary = f"{total} 个渲染任务 · {total} render jobs"
    if failed:
        summary += f' · <span class="stale">{failed} 失败 / failed</span>'
    body = (
        "<header><h1>uschina：中美关系量化指标 · US–China indicators</h1>"
        "<p class=\"sub\">每张图表：报告时点（2021-11-16）与今日数据并列；"
        "点击缩略图打开 notebook 页面。"
        "<br>Each chart in the report's view (as of 2021-11-16) and today's view, side by side; "
        f"click a thumbnail for the notebook page. {summary}</p>{_nav()}</header>\n"
        + "\n".join(sections)
    )
    out = site / "index.html"
    _write(out, _page("uschina: US–China indicators", body))
    return out


def _notebook_section(site: Path, stem: str, recs: list[dict]) -> str:
    views: dict[str, list[dict]] = {}
    for r in recs:
        views.setdefault(r["view"], []).append(r)
    names: list[str] = []
    for r in recs:
        for n in r.get("figures", []):
            if n not in names:
                names.append(n)
    parts = [f'<h2 id="{escape(stem)}">{escape(stem)}</h2>']
    if not names:  # nothing rendered yet (e.g. it failed the first time)
        parts.append('<div class="fig"><div class="views">')
        parts += [_view_column(site, stem, v, rs, None) for v, rs in views.items()]
        parts.append("</div></div>")
    for name in names:
        infos = [_figure_info(site, stem, r["slot"], name) for r in recs]
        titles = next((i["titles"] for i in infos if i and i.get("titles")), {})
        head = escape(titles.get("zh", name.removesuffix(".json")))
        if titles.get("en"):
            head += f"<br><small>{escape(titles['en'])}</small>"
        parts.append(f'<div class="fig"><h3>{head}</h3><div class="views">')
        parts += [_view_column(site, stem, v, rs, name) for v, rs in views.items()]
        parts.append("</div></div>")
    return "\n".join(parts)


def _view_column(site: Path, stem: str, view: str, recs: list[dict], name: str | None) -> str:
    label = recs[0].get("view_label") or {}
    head = escape(label.get("zh", view))
    if label.get("en"):
        head += f" · {escape(label['en'])}"
    out = [f'<div class="view"><h4>{head}</h4>']
    shown = next((r for r in recs if (site / stem / r["slot"] / (name or "")).is_file()
                  and name), None)
    if shown is not None:
        info = _figure_info(site, stem, shown["slot"], name) or {}
        png = info.get("files", {}).get("png")
        if png:
            out.append(f'<a href="{escape(stem)}/{escape(shown["slot"])}.html">'
                       f'<img src="{escape(stem)}/{escape(shown["slot"])}/{escape(png)}" '
                       f'alt="{escape(info.get("title", ""))}" loading="lazy"></a>')
        kf = info.get("key_figures") or {}
        if kf:
            items = "".join(f"<li>{escape(k)}: {escape(str(v))}</li>"
                            for k, v in list(kf.items())[:4])
            out.append(f'<ul class="kf">{items}</ul>')
    for r in recs:
        out.append(_links(site, stem, r, name))
    out.append("</div>")
    return "\n".join(out)


def _links(site: Path, stem: str, rec: dict, name: str | None) -> str:
    slot, lang = rec["slot"], rec["lang"]
    base = f"{escape(stem)}/{escape(slot)}"
    words = [f"<b>{escape(LANG_NAMES.get(lang, lang))}</b>"]
    page = site / stem / f"{slot}.html"
    if page.is_file():
        words.append(f'<a href="{base}.html">页面 page</a>')
        words.append(f'<a href="{base}.ipynb">ipynb</a>')
    info = _figure_info(site, stem, slot, name) if name else None
    for ext in ("png", "svg", "csv"):
        file = (info or {}).get("files", {}).get(ext)
        if file and (site / stem / slot / file).is_file():
            words.append(f'<a href="{base}/{escape(file)}">{ext.upper()}</a>')
    html = '<div class="links">' + " · ".join(words) + "</div>"
    if rec["status"] != "ok":
        err = rec.get("error") or {}
        msg = f"{err.get('ename', 'Error')}: {err.get('evalue', '')}"
        kept = ""
        if (site / stem / f"{slot}.failed.html").is_file():
            kept = (f' <a href="{base}.failed.html">失败的 notebook · failed notebook</a>'
                    f' (<a href="{base}.failed.ipynb">ipynb</a>)')
        stale = ""
        if rec.get("last_ok"):
            stale = (f'<div class="stale">显示的是上次成功的渲染 · showing the last good render '
                     f'({escape(rec["last_ok"])})</div>')
        html += (f'<div class="failed">渲染失败 · render FAILED ({escape(rec.get("finished", ""))})'
                 f": {escape(msg[:300])}{kept}</div>{stale}")
    return html


# ---------------------------------------------------------------- catalog


def build_catalog(site: Path, data_dir: Path) -> Path:
    """The data catalog page, and a copy of every data file under ``<site>/data/``."""
    import pandas as pd

    from .. import datasets
    from .publish_data import publish

    publish(site, data_dir)  # validated, then swapped in whole; raises before any change
    cat = datasets.catalog()
    rows = []
    for key, r in cat.iterrows():
        first = "" if pd.isna(r["first"]) else pd.Timestamp(r["first"]).date().isoformat()
        last = "" if pd.isna(r["last"]) else pd.Timestamp(r["last"]).date().isoformat()
        url = str(r["url"])
        source = escape(str(r["publisher"]))
        sid = escape(str(r["series_id"]))
        if url.startswith(("http://", "https://")):
            sid = f'<a href="{escape(url)}">{sid}</a>'
        rows.append(
            "<tr>"
            f'<td id="{escape(key)}"><code>{escape(key)}</code></td>'
            f"<td>{escape(str(r['title_zh']))}<br>{escape(str(r['title_en']))}</td>"
            f"<td>{escape(str(r['unit_zh']))}</td><td>{escape(str(r['frequency']))}</td>"
            f"<td>{source}<br>{sid}<br><small>{escape(str(r['license']))}</small></td>"
            f"<td>{first} – {last}<br><small>{int(r['rows'])} rows</small></td>"
            f"<td>{int(r['release_lag_days'])}</td>"
            f'<td><a href="data/{escape(str(r["file"]))}">CSV</a> · '
            f'<a href="data/{escape(key)}.yaml">YAML</a></td>'
            f'<td class="notes">{escape(str(r["notes"]))}</td>'
            "</tr>"
        )
    body = (
        "<header><h1>数据目录 · Data catalog</h1>"
        f"<p class=\"sub\">{len(cat)} 个数据集，每个都注明官方来源 · "
        f"{len(cat)} data sets, each with its official source.</p>{_nav()}</header>\n"
        "<table><thead><tr><th>key</th><th>标题 title</th><th>单位 unit</th>"
        "<th>频率 frequency</th><th>来源 source</th><th>范围 range</th>"
        "<th>发布滞后（天）release lag (days)</th><th>下载 download</th><th>注 notes</th>"
        "</tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>"
    )
    out = site / "catalog.html"
    _write(out, _page("uschina: data catalog", body))
    return out
