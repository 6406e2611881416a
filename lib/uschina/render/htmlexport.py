"""Executed notebook -> reader page (standalone HTML, offline) and published ``.ipynb``.

The template ``lib/uschina/templates/uschina_offline`` extends nbconvert's ``lab`` template,
drops the blocks that load require.js, MathJax, mermaid and the widget manager from a CDN, links
the site's stylesheet and leaves a slot for the page header (:mod:`.pages`).

Reader pages use nbconvert's own machinery to hide code: ``exclude_input`` (every code input;
the ``.ipynb`` download has the code) and the ``TagRemovePreprocessor`` for ``remove-cell``,
``remove-output``, ``remove-input`` and the papermill ``parameters``/``injected-parameters``
cells. One language per page is :func:`.reader.for_reader`.

The exporter is built once per worker process: loading the templates is the slow part.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import re
from pathlib import Path
from urllib.parse import quote

from ..paths import PACKAGE_DIR

TEMPLATES = PACKAGE_DIR / "templates"
TEMPLATE_NAME = "uschina_offline"
PAGE_LIMIT = 3 * 1024 * 1024  # bytes; a page above this is reported
REMOVE_CELL_TAGS = {"remove-cell", "parameters", "injected-parameters"}
_EMBEDDED_PNG = re.compile(r'<img ([^>]*?)src="data:image/png;base64,([A-Za-z0-9+/=\s]+)"([^>]*)>')
_NBCONVERT_ALT = 'alt="No description has been provided for this image"'


@functools.cache
def exporter():
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    c = Config()
    c.TemplateExporter.exclude_input = True
    c.TemplateExporter.exclude_input_prompt = True
    c.TemplateExporter.exclude_output_prompt = True
    # off by default in HTMLExporter's preprocessors list (nbconvert issue 764): enable it
    c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_cell_tags = set(REMOVE_CELL_TAGS)
    c.TagRemovePreprocessor.remove_all_outputs_tags = {"remove-output"}
    c.TagRemovePreprocessor.remove_input_tags = {"remove-input"}
    return HTMLExporter(
        config=c,
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATES)],
        embed_images=True,  # markdown images inline, so a page is one file
    )


def _slot_of(path: Path) -> str:
    """``today_zh`` for ``today_zh.html`` and for a kept ``today_zh.failed.html``."""
    return path.name.split(".", 1)[0]


def titles_of(nb) -> dict:
    """The notebook's human titles (read before :func:`.reader.for_publication` drops the
    notebook's path)."""
    from .reader import notebook_stem
    from .titles import notebook_info

    return notebook_info(notebook_stem(nb), nb.metadata)["titles"]


def to_html(nb, title: str, ipynb: str | None = None, titles: dict | None = None) -> str:
    """The reader page of an executed notebook (call :func:`.reader.for_publication` first)."""
    from . import pages
    from .reader import for_reader, page_lang

    lang = page_lang(nb)
    reader_nb = for_reader(nb, lang, titles)
    resources = {"metadata": {"name": title},
                 "uschina_header": pages.minimal_header(lang, title, ipynb)}
    body, _ = exporter().from_notebook_node(reader_nb, resources=resources)
    # nbconvert writes its own language_code (en) on <html>; the page's is the job's
    return re.sub(r'<html lang="[^"]*">', f'<html lang="{pages.HTML_LANG[lang]}">', body,
                  count=1)


def write_html(nb, path: Path, title: str) -> int:
    """Publish one job: the reader page at ``path`` and, if the executed notebook sits beside
    it (``<slot>.ipynb``), that notebook cleaned of local paths. Both atomically.

    Returns the page size in bytes.
    """
    import nbformat

    from ..export import atomic_write
    from .reader import for_publication

    slot = _slot_of(path)
    titles = titles_of(nb)
    published = for_publication(nb, slot)
    ipynb = path.with_suffix(".ipynb")
    if ipynb.is_file():
        atomic_write(ipynb, lambda p: nbformat.write(published, p))
    lang = published.metadata.get("papermill", {}).get("parameters", {}).get("lang", "zh")
    title = titles.get(lang) or title
    body = to_html(published, title, ipynb.name if ipynb.is_file() else None, titles)
    body = link_figures(body, path.parent / slot, title).encode("utf-8")
    atomic_write(path, lambda p: p.write_bytes(body))
    return len(body)


def link_figures(page: str, folder: Path, page_title: str) -> str:
    """Point each inline figure of ``page`` that is byte for byte an exported PNG in
    ``folder`` (the job's figure folder, beside the page) at that file, with the figure's
    title as its ``alt`` text.

    A notebook shows the export PNG itself (``Chart._repr_png_``), so the page need not carry
    a second, base64 copy: pages shrink by about two thirds, and the browser caches the file.
    Other images stay inline; nbconvert's English "No description" ``alt`` becomes the page's
    title, in the page's language.

    Parameters
    ----------
    page : str
        The reader page's HTML.
    folder : Path
        Its figure folder (``<slot>/``); a missing folder links nothing.
    page_title : str
        The ``alt`` text of images that are not exported figures.

    Returns
    -------
    str
        The page with ``src="<slot>/<name>.png"`` for every exported figure.

    Examples
    --------
    >>> link_figures(html, Path("site/fig3_us_cpi/today_zh"), "图表3")  # doctest: +SKIP
    """
    exported = {}
    for png in sorted(folder.glob("*.png")) if folder.is_dir() else []:
        info = png.with_suffix(".json")
        try:
            alt = json.loads(info.read_text(encoding="utf-8")).get("title") or page_title
        except (OSError, ValueError):
            alt = page_title
        exported[hashlib.sha256(png.read_bytes()).hexdigest()] = (png.name, alt)

    def relink(m: re.Match) -> str:
        before, data, after = m.groups()
        try:
            digest = hashlib.sha256(base64.b64decode(data)).hexdigest()
        except ValueError:
            digest = ""
        if digest in exported:
            name, alt = exported[digest]
            src = f"{quote(folder.name)}/{quote(name)}"
        else:
            alt, src = page_title, f"data:image/png;base64,{data}"
        attrs = f"{before}src=\"{src}\"{after}".replace(
            _NBCONVERT_ALT, f'alt="{html.escape(alt, quote=True)}"')
        return f"<img {attrs}>"

    return _EMBEDDED_PNG.sub(relink, page)
