"""From an executed notebook to what a reader sees, and to what the site publishes.

- :func:`for_reader`: one language per page. Cells tagged for the other language go
  (``lang-zh`` / ``lang-en``), the page gets exactly one H1, in its language, and warnings on
  stderr are left out. The other tags (``remove-cell``, ``remove-output``, ``parameters``,
  ``injected-parameters``) are nbconvert's job: see :mod:`.htmlexport`.
- :func:`for_publication`: the executed ``.ipynb`` as it is published, with no local paths
  (papermill records the absolute input and output paths; ``fig_dir`` points into staging).

Pure functions on ``nbformat`` nodes; no nbconvert import here.
"""

from __future__ import annotations

import copy
import os
import re
import sys
from pathlib import Path

from .titles import notebook_info

LANGS = ("zh", "en")
LANG_TAGS = {lang: f"lang-{lang}" for lang in LANGS}
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_H1 = re.compile(r"^#\s+(?P<text>\S.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", None) or [])


def page_lang(nb) -> str:
    """The language a render job ran in (papermill's recorded ``lang`` parameter)."""
    lang = nb.metadata.get("papermill", {}).get("parameters", {}).get("lang")
    return lang if lang in LANGS else "zh"


def notebook_stem(nb, default: str = "") -> str:
    path = nb.metadata.get("papermill", {}).get("input_path")
    return Path(path).stem if path else default


def is_bilingual(nb) -> bool:
    """True when the notebook marks its cells per language (the site trusts its titles)."""
    return any(tags(c) & set(LANG_TAGS.values()) for c in nb.cells)


def has_cjk(text: str) -> bool:
    return bool(CJK.search(text or ""))


def _h1_lines(source: str) -> list[int]:
    """Indexes of the Markdown ``# heading`` lines outside fenced code."""
    out, fenced = [], False
    for i, line in enumerate(source.split("\n")):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and _H1.match(line):
            out.append(i)
    return out


def _wrong_language(text: str, lang: str) -> bool:
    return has_cjk(text) if lang == "en" else not has_cjk(text)


def for_reader(nb, lang: str | None = None, titles: dict | None = None):
    """A copy of ``nb`` for a reader page in ``lang`` (default: the job's language).

    ``titles`` (``{"zh", "en"}``, default: the notebook's metadata or the fallback table)
    supply the page title when the notebook has none in ``lang``: an English page never gets
    a Chinese H1 because the notebook has not been translated yet.
    """
    nb = copy.deepcopy(nb)
    lang = lang or page_lang(nb)
    if titles is None:
        titles = notebook_info(notebook_stem(nb), nb.metadata).get("titles", {})
    bilingual = is_bilingual(nb)
    drop = {t for k, t in LANG_TAGS.items() if k != lang}
    nb.cells = [c for c in nb.cells if not tags(c) & drop]
    wanted = titles.get(lang)
    seen_h1 = False
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.get("outputs", [])
                            if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
            continue
        if cell.cell_type != "markdown" or "remove-cell" in tags(cell):
            continue
        lines = cell.source.split("\n")
        for i in _h1_lines(cell.source):
            if seen_h1:  # one H1 per page: later ones become sections
                lines[i] = "#" + lines[i]
                continue
            seen_h1 = True
            text = _H1.match(lines[i]).group("text")
            if wanted and (not bilingual or _wrong_language(text, lang)):
                lines[i] = f"# {wanted}"
        cell.source = "\n".join(lines)
    # a code cell with nothing to show would only leave a gap (its input is hidden anyway)
    nb.cells = [c for c in nb.cells if c.cell_type != "code" or c.get("outputs")]
    if not seen_h1 and wanted:
        import nbformat

        nb.cells.insert(0, nbformat.v4.new_markdown_cell(f"# {wanted}"))
    return nb


# ------------------------------------------------------------------ publication


def _roots() -> list[tuple[str, str]]:
    """Local folders a published file must not name, each with what replaces it."""
    from ..paths import REPO_DIR

    pairs = [(str(REPO_DIR), "<repo>"), (sys.prefix, "<python>"),
             (sys.base_prefix, "<python>"), (os.path.expanduser("~"), "~")]
    # longest first, so a venv inside the repo reads <python>, not <repo>/.venv
    return sorted({(r, p) for r, p in pairs if len(r) > 1}, key=lambda rp: -len(rp[0]))


# An absolute path of two or more segments not inside a URL (no "//" or ":" right before it).
_ABS_PATH = re.compile(r"(?<![\w.:/~\\-])/(?:[^\s/'\"<>()\[\]{}:;,|]+/)+[^\s/'\"<>()\[\]{}:;,|]*")


def scrub(text: str, extra: list[tuple[str, str]] = ()) -> str:
    """Replace absolute local paths in ``text``: known roots by a placeholder, others by
    ``…/<last part>``."""
    roots = sorted([*extra, *_roots()], key=lambda rp: -len(rp[0]))

    def fix(m: re.Match) -> str:
        path = m.group(0)
        for root, placeholder in roots:
            if path == root or path.startswith(root.rstrip("/") + "/"):
                return placeholder + path[len(root.rstrip("/")):]
        return "…/" + path.rstrip("/").rsplit("/", 1)[-1]

    return _ABS_PATH.sub(fix, text)


_TEXT_MIMES = ("text/plain", "text/html", "text/markdown", "text/latex")


def _scrub_value(value, extra):
    if isinstance(value, str):
        return scrub(value, extra)
    if isinstance(value, list):
        return [_scrub_value(v, extra) for v in value]
    return value


def for_publication(nb, folder: str):
    """A copy of ``nb`` fit to publish beside its figure folder ``folder`` (e.g. ``today_zh``).

    papermill's ``input_path``/``output_path`` go; ``fig_dir`` (parameter and injected cell)
    becomes ``folder``, which is where the figures sit next to the published notebook; any
    other absolute path in the outputs is shortened.
    """
    nb = copy.deepcopy(nb)
    pm = nb.metadata.get("papermill")
    extra = []
    if pm is not None:
        for key in ("input_path", "output_path"):
            path = pm.pop(key, None)
            if path:
                extra.append((str(Path(path).parent), "."))
        params = pm.get("parameters") or {}
        if "fig_dir" in params:
            params["fig_dir"] = folder
    for cell in nb.cells:
        if cell.cell_type == "code" and "injected-parameters" in tags(cell):
            cell.source = re.sub(r"(?m)^fig_dir\s*=.*$", f"fig_dir = {folder!r}", cell.source)
        for out in cell.get("outputs", []):
            if "text" in out:
                out["text"] = _scrub_value(out["text"], extra)
            for mime in _TEXT_MIMES:
                if mime in out.get("data", {}):
                    out["data"][mime] = _scrub_value(out["data"][mime], extra)
            if "traceback" in out:
                out["traceback"] = _scrub_value(out["traceback"], extra)
            if "evalue" in out:
                out["evalue"] = scrub(out["evalue"], extra)
    return nb
