"""Notebook -> standalone HTML with the offline template (no CDN scripts, images embedded).

The template ``lib/uschina/templates/uschina_offline`` extends nbconvert's ``lab`` template and
drops the blocks that load require.js, MathJax, mermaid and the widget manager from a CDN.
The exporter is built once per worker process: loading the templates is the slow part.
"""

from __future__ import annotations

import functools
from pathlib import Path

from ..paths import PACKAGE_DIR

TEMPLATES = PACKAGE_DIR / "templates"
TEMPLATE_NAME = "uschina_offline"
PAGE_LIMIT = 3 * 1024 * 1024  # bytes; a page above this is reported


@functools.cache
def exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATES)],
        embed_images=True,  # markdown images inline, so a page is one file
    )


def to_html(nb, title: str) -> str:
    body, _ = exporter().from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body


def write_html(nb, path: Path, title: str) -> int:
    """Export ``nb`` to ``path`` atomically; returns the page size in bytes."""
    from ..export import atomic_write

    body = to_html(nb, title).encode("utf-8")
    atomic_write(path, lambda p: p.write_bytes(body))
    return len(body)
