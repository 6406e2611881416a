"""The gallery's content: one card per notebook, in reading order, per language.

Built from the render records and the files the jobs left in the site (figure JSONs, PNGs, the
claim table CSV); no notebook is executed and nothing heavy is imported (Pillow, for the
thumbnails, only when one must be made).
"""

from __future__ import annotations

import csv
import functools
import hashlib
import re
from pathlib import Path

from . import pages
from .pages import LANG_NAMES, LANGS, WORDS
from .titles import notebook_info, read_notebook_metadata

THUMB_WIDTH = 480  # px: sharp on a phone, a fraction of the full PNG's weight
THUMBS = "thumbs"
VERDICTS = ("consistent", "inconsistent", "not comparable", "not checkable", "not yet published")
# shown even at zero; the others only when some claim has them
CORE_VERDICTS = ("consistent", "inconsistent", "not checkable")


def _has_page(site: Path, rec: dict) -> bool:
    return (site / rec["stem"] / f"{rec['slot']}.html").is_file()


def _sorted(recs: list[dict]) -> list[dict]:
    return sorted(recs, key=lambda r: (r.get("view_order", 0), r["lang"] != "zh", r["lang"]))


def notebooks(site: Path, records: dict[str, dict]) -> list[dict]:
    """Per notebook (gallery order): stem, order, titles and its records in view order."""
    by_stem: dict[str, list[dict]] = {}
    for rec in records.values():
        by_stem.setdefault(rec["stem"], []).append(rec)
    out = []
    for stem, recs in by_stem.items():
        recs = _sorted(recs)
        info = notebook_info(stem, read_notebook_metadata(Path(recs[0].get("notebook", ""))))
        titles = dict(info["titles"])
        for lang in LANGS:  # last resort: the titles of the notebook's own figure
            if not titles.get(lang):
                titles[lang] = _figure_title(site, stem, recs, lang) or stem
        out.append({"stem": stem, "order": info["order"], "titles": titles, "records": recs})
    return sorted(out, key=lambda n: (n["order"], n["stem"]))


def _figure_title(site: Path, stem: str, recs: list[dict], lang: str) -> str | None:
    for rec in recs:
        infos = pages.figures(site / stem / rec["slot"], stem)
        if infos and (infos[0].get("titles") or {}).get(lang):
            return infos[0]["titles"][lang]
    return None


# ---------------------------------------------------------------- thumbnails


def thumbnail(site: Path, stem: str, slot: str, png: str) -> dict | None:
    """A small copy of a figure PNG (made once per new PNG): ``{"src", "width", "height"}``."""
    src = site / stem / slot / png
    dest = site / THUMBS / stem / slot / png
    try:
        src_time = src.stat().st_mtime
    except OSError:
        return None
    from PIL import Image

    try:
        if dest.is_file() and dest.stat().st_mtime >= src_time:
            with Image.open(dest) as im:
                size = im.size
        else:
            import io

            with Image.open(src) as im:
                im = im.convert("RGBA")
                if im.width > THUMB_WIDTH:
                    height = max(1, round(im.height * THUMB_WIDTH / im.width))
                    im = im.resize((THUMB_WIDTH, height), Image.Resampling.LANCZOS)
                # on white, then 256 colours: a chart loses nothing visible and the file
                # shrinks about four times (fig3: 53 kB -> 12 kB)
                flat = Image.alpha_composite(Image.new("RGBA", im.size, "white"), im)
                flat = flat.convert("RGB").quantize(256, method=Image.Quantize.FASTOCTREE)
                buf = io.BytesIO()
                flat.save(buf, format="PNG")
                size = flat.size
            pages.write_bytes(dest, buf.getvalue())
    except OSError:  # not a readable image: no thumbnail rather than a broken one
        return None
    return {"src": f"{THUMBS}/{stem}/{slot}/{png}", "width": size[0], "height": size[1]}


def _png_digest(folder: Path, infos: list[dict]) -> str | None:
    """One hash over every figure PNG of a job: equal for two views that draw the same."""
    h, n = hashlib.sha1(), 0
    for info in infos:
        png = (info.get("files") or {}).get("png")
        try:
            h.update((folder / png).read_bytes() if png else b"")
            n += bool(png)
        except OSError:
            return None
    return h.hexdigest() if n else None


# ---------------------------------------------------------------- cards


def _page_link(rec: dict, lang: str) -> dict:
    return {"href": f"{rec['stem']}/{rec['slot']}.html",
            "label": f"{pages.view_label(rec, lang)} · {LANG_NAMES.get(rec['lang'], rec['lang'])}",
            "hreflang": pages.HTML_LANG.get(rec["lang"], rec["lang"])}


def _failure(site: Path, rec: dict) -> dict | None:
    if rec.get("status") == "ok":
        return None
    err = rec.get("error") or {}
    stem, slot = rec["stem"], rec["slot"]
    kept = (site / stem / f"{slot}.failed.html").is_file()
    return {"when": rec.get("finished", ""), "slot": slot,
            "message": f"{stem}/{slot}: {err.get('ename', 'Error')}: "
                       f"{str(err.get('evalue', ''))[:300]}",
            "kept": f"{stem}/{slot}.failed.html" if kept else None,
            "kept_ipynb": f"{stem}/{slot}.failed.ipynb" if kept else None,
            "last_ok": rec.get("last_ok")}


def card(site: Path, nb: dict, lang: str) -> dict:
    stem, recs = nb["stem"], nb["records"]
    other = "en" if lang == "zh" else "zh"
    shown = [r for r in recs if _has_page(site, r)]
    mine = [r for r in shown if r["lang"] == lang]
    main = next((r for r in mine if r["view"] == "today"), mine[0] if mine else
                (shown[0] if shown else None))
    out = {
        "id": stem, "order": nb["order"], "kind": "notebook",
        "title": nb["titles"][lang], "subtitle": nb["titles"].get(other, ""),
        "subtitle_lang": pages.HTML_LANG[other],
        "href": f"{stem}/{main['slot']}.html" if main else "#" + stem,
        # a sweep's pages are reached from its own strip, not listed one by one here
        "pages": [_page_link(r, lang) for r in shown if not r.get("sweep")],
        "failures": [f for f in (_failure(site, r) for r in recs) if f],
        "note": "" if mine or not shown else WORDS[lang]["only_in"],
        "views": [],
    }
    if out["subtitle"] == out["title"]:
        out["subtitle"] = ""
    claims = _claims(site, stem, [main, *mine, *shown] if main else [], lang)
    if claims is not None:
        out.update(kind="claims", documents=claims)
        return out
    groups: list[dict] = []
    sweeps: dict[str, dict] = {}
    for rec in mine or shown:
        sweep = rec.get("sweep")
        if sweep:  # every value of a swept view: one figure with a slider and a strip
            group = sweeps.get(sweep["group"])
            if group is None:
                label = pages.view_label(rec, lang).rsplit(" · ", 1)[0]
                group = sweeps[sweep["group"]] = {
                    "kind": "sweep", "id": f"{stem}--{sweep['group']}--{rec['lang']}",
                    "labels": [label], "param": sweep["param"], "steps": []}
                groups.append(group)
            group["steps"].append(_step(site, stem, rec, sweep, lang))
            continue
        folder = site / stem / rec["slot"]
        infos = pages.figures(folder, stem)
        digest = _png_digest(folder, infos)
        same = next((g for g in groups if digest and g["digest"] == digest), None)
        if same is not None:  # a view identical to one already shown: name it, don't repeat it
            same["labels"].append(pages.view_label(rec, lang))
            same["identical"] = True
            continue
        primary = next((i for i in infos if (i.get("files") or {}).get("png")), None)
        thumb = None
        if primary is not None:
            thumb = thumbnail(site, stem, rec["slot"], primary["files"]["png"])
            if thumb:
                thumb["alt"] = pages.figure_title(primary, lang)
        through = pages.data_through(folder, [primary] if primary else [], lang)
        groups.append({
            "kind": "figure", "digest": digest, "labels": [pages.view_label(rec, lang)],
            "identical": False,
            "href": f"{stem}/{rec['slot']}.html", "thumb": thumb,
            "highlights": pages.highlights(primary) if primary else [],
            "through": pages.through_short(through, sep=WORDS[lang]["list"]),
        })
    for group in sweeps.values():
        group["steps"].sort(key=lambda st: st["index"])
    out["views"] = groups
    return out


def _step(site: Path, stem: str, rec: dict, sweep: dict, lang: str) -> dict:
    folder = site / stem / rec["slot"]
    infos = pages.figures(folder, stem)
    primary = next((i for i in infos if (i.get("files") or {}).get("png")), None)
    thumb = None
    if primary is not None:
        thumb = thumbnail(site, stem, rec["slot"], primary["files"]["png"])
        if thumb:
            thumb["alt"] = pages.figure_title(primary, lang)
    through = pages.data_through(folder, [primary] if primary else [], lang)
    value = sweep["value"]
    return {"index": sweep.get("index", 0), "value": "None" if value is None else str(value),
            "href": f"{stem}/{rec['slot']}.html", "thumb": thumb,
            "highlights": pages.highlights(primary) if primary else [],
            "through": pages.through_short(through, sep=WORDS[lang]["list"]),
            "lang": rec["lang"]}


# ---------------------------------------------------------------- the claim check


@functools.cache
def _document_titles() -> dict[str, dict]:
    """Seed file -> its document's titles, read straight from the claim registries (the C
    YAML loader, without validating the claims: that is the claims module's job)."""
    out = {}
    try:
        import yaml

        from ..claims.registry import SEEDS_DIR

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        for path in sorted(Path(SEEDS_DIR).glob("*.yaml")):
            doc = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)["document"]
            out[str(doc["seed_file"])] = {k: str(v) for k, v in doc["title"].items()}
    except Exception:  # noqa: BLE001 - titles are a nicety; the seed file name will do
        pass
    return out


def _number(text: str) -> str:
    try:
        v = float(text)
    except (TypeError, ValueError):
        return text or "–"
    if v.is_integer() and abs(v) < 1e15:
        return f"{int(v):,}"
    return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.4g}"


def _unit(unit: str, lang: str) -> str:
    """The registry's units are written in English: shown on English pages, and on Chinese
    pages only when they are symbols (%, 亿美元) rather than words."""
    if lang == "en" or not re.search(r"[A-Za-z]{2,}", unit or ""):
        return unit or ""
    return ""


def _claims(site: Path, stem: str, candidates: list[dict], lang: str) -> list[dict] | None:
    """Per source document: counts by verdict and the inconsistent claims, from the claim
    table a claims notebook exports (``claims.csv``); None for other notebooks."""
    path = next((site / stem / r["slot"] / "claims.csv" for r in candidates
                 if (site / stem / r["slot"] / "claims.csv").is_file()), None)
    if path is None:
        return None
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, csv.Error):
        return None
    if not rows or "verdict" not in rows[0]:
        return None
    words = WORDS[lang]["verdict"]
    titles = _document_titles()
    docs: dict[str, list[dict]] = {}
    for row in rows:
        docs.setdefault(row.get("document", ""), []).append(row)
    out = []
    for doc, part in docs.items():
        counts = [{"key": v, "label": words[v], "n": sum(r["verdict"] == v for r in part)}
                  for v in VERDICTS]
        counts = [c for c in counts if c["n"] or c["key"] in CORE_VERDICTS]
        counts.append({"key": "total", "label": words["total"], "n": len(part)})
        bad = [{"id": r.get("id", ""),
                "text": r.get(f"claim_{lang}") or r.get("claim_zh") or r.get("id", ""),
                "stated": _number(r.get("stated", "")), "unit": _unit(r.get("unit", ""), lang),
                "measured": _number(r.get("measured", ""))}
               for r in part if r["verdict"] == "inconsistent"]
        out.append({"title": (titles.get(doc) or {}).get(lang) or doc, "counts": counts,
                    "inconsistent": bad})
    return out
