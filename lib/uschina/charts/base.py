"""What every chart function returns: the figure, the data behind it and its key figures.

A figure is rasterised once per state: :func:`png_bytes` renders it at export resolution
(twice the 100 dpi layout, at least :data:`PNG_MIN_WIDTH` px wide) and keeps the bytes until the
figure changes. The notebook's inline display (``Chart._repr_png_``, shown at the layout size
through the width/height metadata) and ``export.save``'s PNG file are the same bytes.
"""

from __future__ import annotations

import math
import weakref
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import BytesIO

import pandas as pd
from matplotlib.figure import Figure

# Column headings of the reader-facing highlights table, per language.
_HIGHLIGHT_HEADERS = {"zh": ("要点", "数值"), "en": ("Key figure", "Value")}

LAYOUT_DPI = 100  # the figures are laid out (and shown inline) at 100 dpi
PNG_SCALE = 2  # the PNG has twice that resolution: sharp on high-density screens
PNG_MIN_WIDTH = 1920  # px

# figure -> (dpi, PNG bytes) of its last rendering; an entry goes with its figure
_rendered: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@dataclass
class Chart:
    name: str  # file stem of the exports, e.g. "fig3_us_cpi"
    title: str  # in the chart's language
    titles: dict[str, str]  # {"zh": ..., "en": ...} for the gallery
    fig: Figure
    data: pd.DataFrame  # the data behind the chart, as exported to CSV
    key_figures: dict[str, object] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)  # data keys used
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)  # extra tables, each a CSV
    lang: str = "zh"
    # 2-4 figures a reader cares about, in ``lang``, formatted for people:
    # [{"label": "2021年10月 CPI 同比", "value": "6.2%"}, ...]
    highlights: list[dict[str, str]] = field(default_factory=list)
    # the last observation drawn, per data key: {"us_cpi_yoy": Timestamp("2026-05-01")}
    through: dict[str, pd.Timestamp] = field(default_factory=dict)

    def formatted(self) -> dict[str, str]:
        return {k: _fmt(v) for k, v in self.key_figures.items()}

    def summary(self) -> str:
        """The key figures as stable text lines (nbval compares them)."""
        return "\n".join(f"{k}: {v}" for k, v in self.formatted().items())

    def highlights_frame(self) -> pd.DataFrame:
        """The reader-facing key figures as a two-column table with headings in ``lang``.

        Falls back to the raw key figures when a chart declares no highlights.
        """
        label, value = _HIGHLIGHT_HEADERS.get(self.lang, _HIGHLIGHT_HEADERS["en"])
        rows = self.highlights or [
            {"label": k, "value": v} for k, v in self.formatted().items()
        ]
        frame = pd.DataFrame({value: [r["value"] for r in rows]},
                             index=pd.Index([r["label"] for r in rows]), dtype=object)
        # the label heading names the columns, so both headings share one row when shown
        frame.columns.name = label
        return frame

    def _repr_png_(self):
        """Show the figure when a Chart is a cell's last value: the export PNG (rendered here
        once, reused by ``export.save``), displayed at the layout size."""
        width, height = self.fig.get_size_inches() * LAYOUT_DPI
        return png_bytes(self.fig), {"width": round(width), "height": round(height)}


def png_dpi(fig: Figure) -> int:
    """The export resolution: twice the layout's, and at least PNG_MIN_WIDTH pixels wide.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (its width in inches decides).

    Returns
    -------
    int
        Dots per inch.

    Examples
    --------
    >>> png_dpi(Figure(figsize=(9.0, 5.0)))  # 1920 px / 9 in
    214
    """
    return max(PNG_SCALE * LAYOUT_DPI, math.ceil(PNG_MIN_WIDTH / fig.get_figwidth()))


def png_bytes(fig: Figure) -> bytes:
    """The figure as a PNG at :func:`png_dpi`, rendered once per state of the figure.

    The bytes are kept and returned again until the figure changes: any change to an artist
    marks the figure stale (``fig.stale``, matplotlib's own redraw flag), and a stale figure is
    rendered afresh.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.

    Returns
    -------
    bytes
        The PNG file's content.

    Examples
    --------
    >>> fig = Figure(figsize=(9.0, 5.0))
    >>> png_bytes(fig) is png_bytes(fig)  # unchanged: the same rendering
    True
    """
    dpi = png_dpi(fig)
    done = _rendered.get(fig)
    if done is not None and done[0] == dpi and not fig.stale:
        return done[1]
    buf = BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    data = buf.getvalue()
    # savefig marks the figure stale when it puts its own dpi back; what was drawn is current
    fig.stale = False
    _rendered[fig] = (dpi, data)
    return data


@contextmanager
def keep_rendering(fig: Figure):
    """Context manager for another rendering of ``fig`` (e.g. as SVG): the PNG kept by
    :func:`png_bytes` stays valid if the figure was unchanged before it.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure about to be drawn.

    Returns
    -------
    contextlib.AbstractContextManager
        Restores the figure's "unchanged since rendered" state on a normal exit.

    Examples
    --------
    >>> fig = Figure()
    >>> with keep_rendering(fig):  # doctest: +SKIP
    ...     fig.savefig("f.svg")
    """
    clean = fig in _rendered and not fig.stale
    yield fig
    if clean:
        fig.stale = False


def _fmt(v) -> str:
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat()
    if isinstance(v, float):
        return repr(round(v, 4)) if abs(v) < 1e5 else f"{v:,.0f}"
    return str(v)
