"""Measure a drawn figure's layout: overlapping texts, legends on data, labels crossed by lines.

Everything is measured in display pixels after a full draw, so what is checked is what a
reader sees. A ``Figure()`` made without pyplot has a canvas that lays nothing out, so
:func:`measure` attaches a ``FigureCanvasAgg`` first.

Example::

    report = measure(chart.fig)
    assert not report.problems(), report.describe()
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PathCollection, PolyCollection
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.table import Table
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

PAD = 1.0  # px: a legend and a box that merely touch do not overlap
GAP = 3.0  # px at 100 dpi: two texts closer than this read as one ("38.1" "42" -> "38.142")


@dataclass(frozen=True)
class Box:
    """A drawn thing's extent in display pixels, with a name to report it by."""

    kind: str  # "text", "legend", "line", "points", "bars", "band"
    name: str
    bbox: Bbox
    owner: object = None  # the axes of a text or line; the annotation of a leader line
    artist: object = None  # the Text itself, for texts


@dataclass
class Layout:
    """What was drawn (texts, legends, data) and the collisions found among them."""

    texts: list[Box] = field(default_factory=list)
    legends: list[Box] = field(default_factory=list)
    data: list[tuple[Box, np.ndarray | None]] = field(default_factory=list)
    text_overlaps: list[tuple[str, str]] = field(default_factory=list)
    legend_overlaps: list[tuple[str, str]] = field(default_factory=list)
    crossed_labels: list[tuple[str, str]] = field(default_factory=list)
    cut_off: list[str] = field(default_factory=list)  # texts running off the figure

    def problems(self) -> list[str]:
        """Every collision as one line of text; empty when the layout is clean."""
        return ([f"texts overlap: {a!r} / {b!r}" for a, b in self.text_overlaps]
                + [f"legend on {b}: {a!r}" for a, b in self.legend_overlaps]
                + [f"label crossed by data: {a!r} ({b})" for a, b in self.crossed_labels]
                + [f"text cut off by the figure's edge: {a!r}" for a in self.cut_off])

    def describe(self) -> str:
        return "\n".join(self.problems()) or "no collisions"


def measure(fig: Figure) -> Layout:
    """Draw ``fig`` and report its collisions.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure, as a chart function returns it (``chart.fig``).

    Returns
    -------
    Layout
        The boxes found and four lists of collisions: overlapping texts, legends on
        data or text, labels crossed by a data line, and texts cut off by the figure's edge.

    Examples
    --------
    >>> from uschina.charts.cpi import us_cpi_yoy  # doctest: +SKIP
    >>> measure(us_cpi_yoy(lang="en").fig).problems()  # doctest: +SKIP
    []
    """
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    out = Layout()
    out.texts = _texts(fig, renderer)
    out.legends = _legends(fig, renderer)
    out.data = _data_items(fig)
    out.text_overlaps = _text_overlaps(out.texts, GAP * fig.dpi / 100)
    out.legend_overlaps = _legend_overlaps(out.legends, out.texts, out.data)
    out.crossed_labels = _crossed(out.texts, out.data)
    edge = fig.bbox
    out.cut_off = [t.name for t in [*out.texts, *out.legends]
                   if t.bbox.x0 < edge.x0 - PAD or t.bbox.x1 > edge.x1 + PAD
                   or t.bbox.y0 < edge.y0 - PAD or t.bbox.y1 > edge.y1 + PAD]
    return out


# --- collecting -----------------------------------------------------------------------------

def _text_box(t: Text, renderer) -> Bbox | None:
    if not t.get_visible() or not t.get_text().strip():
        return None
    # an Annotation's own extent includes its arrow; the label is the text alone
    bb = Text.get_window_extent(t, renderer) if isinstance(t, Annotation) else \
        t.get_window_extent(renderer)
    if bb.width <= 0 or bb.height <= 0:
        return None
    return bb


def _tick_texts(ax: Axes) -> list[Text]:
    """Tick labels that are drawn: visible, non-empty and inside the view limits."""
    out = []
    for axis in (ax.xaxis, ax.yaxis):
        if not axis.get_visible():
            continue
        lo, hi = sorted(axis.get_view_interval())
        tol = (hi - lo) * 1e-9
        for tick in [*axis.get_major_ticks(), *axis.get_minor_ticks()]:
            loc = tick.get_loc()
            if loc is None or not (lo - tol <= loc <= hi + tol):
                continue
            out += [lab for lab in (tick.label1, tick.label2) if lab.get_visible()]
    return out


def _texts(fig: Figure, renderer) -> list[Box]:
    """Every visible text outside legends: figure texts, titles, axis and tick labels,
    annotations, table cells.

    Example: ``_texts(fig, fig.canvas.get_renderer())[0].name  # the first text's words``
    """
    found: list[tuple] = [(t, None) for t in fig.texts]
    if fig._suptitle is not None:
        found.append((fig._suptitle, None))
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        found += [(t, ax) for t in (ax.title, ax._left_title, ax._right_title)]
        found += [(ax.xaxis.label, ax), (ax.yaxis.label, ax)]
        found += [(t, ax, "tick") for t in _tick_texts(ax)]
        found += [(t, ax) for t in ax.texts]
        for table in (c for c in ax.get_children() if isinstance(c, Table)):
            found += [(cell.get_text(), ax) for cell in table.get_celld().values()]
    out, seen = [], set()
    for t, ax, *tick in found:
        if id(t) in seen:
            continue
        seen.add(id(t))
        bb = _text_box(t, renderer)
        if bb is not None:
            out.append(Box("tick" if tick else "text", t.get_text().replace("\n", " | "), bb,
                           ax, t))
    return out


def _legends(fig: Figure, renderer) -> list[Box]:
    """Every visible legend's box, figure legends included.

    Example: ``_legends(fig, renderer)[0].bbox  # the first legend's box in pixels``
    """
    found: list[Legend] = list(fig.legends)
    found += [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    return [Box("legend", _legend_name(lg), lg.get_window_extent(renderer), lg)
            for lg in found if lg.get_visible()]


def _legend_name(lg: Legend) -> str:
    words = [t.get_text() for t in lg.get_texts()]
    return "legend[" + "; ".join(words)[:60] + "]"


def _display_xy(artist, xy: np.ndarray) -> np.ndarray:
    return artist.get_transform().transform(np.asarray(xy, dtype=float))


def _data_items(fig: Figure) -> list[tuple[Box, np.ndarray | None]]:
    """Data drawn in the axes: lines (as display vertices), markers, bars and bands.

    Reference lines (axhline/axvline, on an axes-fraction coordinate) are not data.

    Example: ``_data_items(fig)[0][0].kind  # "line"``
    """
    out: list[tuple[Box, np.ndarray | None]] = []
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        clip = ax.bbox
        for line in ax.get_lines():
            # data lines only: axhline/axvline use an axes-fraction coordinate
            if not line.get_visible() or line.get_transform() != ax.transData:
                continue
            xy = line.get_xydata()  # unit-converted (dates as floats)
            if not len(xy):
                continue
            pts = _display_xy(line, xy)
            name = line.get_label() if not line.get_label().startswith("_") else "line"
            drawn_line = line.get_linestyle() not in ("None", "", " ", "none") and len(pts) > 1
            if drawn_line:
                out.append((Box("line", name, clip, ax), pts))
            if line.get_marker() not in (None, "None", "", " ", "none"):
                ms = line.get_markersize() * fig.dpi / 72
                for p in pts[np.isfinite(pts).all(axis=1)]:
                    bb = Bbox.from_extents(p[0] - ms / 2, p[1] - ms / 2, p[0] + ms / 2,
                                           p[1] + ms / 2)
                    out.append((Box("points", name, bb, ax), None))
        for coll in ax.collections:
            if not coll.get_visible():
                continue
            if isinstance(coll, PathCollection) and len(coll.get_offsets()):
                pts = coll.get_offset_transform().transform(np.asarray(coll.get_offsets()))
                size = np.sqrt(np.max(coll.get_sizes()) if len(coll.get_sizes()) else 36.0)
                r = size * fig.dpi / 72 / 2
                for p in pts[np.isfinite(pts).all(axis=1)]:
                    out.append((Box("points", "markers",
                                    Bbox.from_extents(p[0] - r, p[1] - r, p[0] + r, p[1] + r),
                                    ax), None))
            elif isinstance(coll, LineCollection) and coll.get_transform() == ax.transData:
                for seg in coll.get_segments():
                    if len(seg) > 1:
                        out.append((Box("line", "segment", clip, ax),
                                    coll.get_transform().transform(np.asarray(seg, float))))
            elif isinstance(coll, PolyCollection) and coll.get_transform().contains_branch(
                    ax.transData):
                for path in coll.get_paths():
                    bb = path.get_extents(coll.get_transform())
                    bb = Bbox.intersection(bb, clip)
                    if bb is not None:
                        out.append((Box("band", "band", bb, ax), None))
        for container in ax.containers:
            if not isinstance(container, BarContainer):
                continue
            for rect in container:
                if rect.get_visible() and rect.get_height() != 0 and rect.get_width() != 0:
                    bb = Bbox.intersection(rect.get_window_extent(), clip)
                    if bb is not None:
                        kind = "bars" if _dark(rect) else "light bars"
                        out.append((Box(kind, "bar", bb, ax), None))
    for ax in fig.axes:  # leader lines: an annotation's arrow must not cross another label
        for t in ax.texts:
            if isinstance(t, Annotation) and t.arrow_patch is not None and t.get_visible():
                for path in t.arrow_patch._get_path_in_displaycoord()[0]:
                    pts = np.asarray(path.vertices, float)
                    out.append((Box("leader", f"leader of {t.get_text()[:20]!r}",
                                    fig.bbox, t), pts))
    return out


def _dark(patch) -> bool:
    """A bar a label cannot sit on: its fill is darker than a light grey (luminance < 0.75)."""
    r, g, b, a = patch.get_facecolor()
    if a == 0 or not patch.get_fill():
        return False  # an outline only: a label reads on the white inside
    lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return (1 - a) + a * lum < 0.75


# --- geometry -------------------------------------------------------------------------------

def _shrunk(bb: Bbox, pad: float = PAD) -> Bbox:
    return Bbox.from_extents(bb.x0 + pad, bb.y0 + pad, bb.x1 - pad, bb.y1 - pad)


def boxes_overlap(a: Bbox, b: Bbox, pad: float = PAD) -> bool:
    """True when the boxes share more than a ``pad``-pixel sliver (a negative ``pad``: when
    they come closer than that on both axes).

    Parameters
    ----------
    a, b : matplotlib.transforms.Bbox
        The two boxes, in display pixels.
    pad : float, default PAD
        Overlap (px) to tolerate on each axis; negative to also catch boxes this close.

    Returns
    -------
    bool
        Whether they overlap by more than ``pad`` on both axes.

    Examples
    --------
    >>> boxes_overlap(Bbox.from_extents(0, 0, 10, 10), Bbox.from_extents(5, 5, 20, 20))
    True
    >>> boxes_overlap(Bbox.from_extents(0, 0, 10, 10), Bbox.from_extents(12, 0, 20, 10), pad=-3)
    True
    """
    return bool(min(a.x1, b.x1) - max(a.x0, b.x0) > pad
                and min(a.y1, b.y1) - max(a.y0, b.y0) > pad)


def segments_cross_box(pts: np.ndarray, bb: Bbox) -> bool:
    """True when the polyline through ``pts`` (display px, NaN = gap) passes through ``bb``.

    Liang–Barsky clipping of every segment against the box, vectorised.

    Parameters
    ----------
    pts : numpy.ndarray
        The polyline's vertices, shape (n, 2), in display pixels; a NaN row breaks the line.
    bb : matplotlib.transforms.Bbox
        The box, in display pixels.

    Returns
    -------
    bool
        Whether any segment enters the box (a segment wholly inside counts).

    Examples
    --------
    >>> segments_cross_box(np.array([[-5, 5], [15, 5]]), Bbox.from_extents(0, 0, 10, 10))
    True
    >>> segments_cross_box(np.array([[-5, 15], [15, 15]]), Bbox.from_extents(0, 0, 10, 10))
    False
    """
    if bb.width <= 0 or bb.height <= 0 or len(pts) < 2:
        return False
    p0, p1 = pts[:-1], pts[1:]
    ok = np.isfinite(p0).all(axis=1) & np.isfinite(p1).all(axis=1)
    p0, p1 = p0[ok], p1[ok]
    if not len(p0):
        return False
    # quick reject: both ends on the same outer side
    out = ((p0[:, 0] < bb.x0) & (p1[:, 0] < bb.x0)) | ((p0[:, 0] > bb.x1) & (p1[:, 0] > bb.x1)) \
        | ((p0[:, 1] < bb.y0) & (p1[:, 1] < bb.y0)) | ((p0[:, 1] > bb.y1) & (p1[:, 1] > bb.y1))
    p0, p1 = p0[~out], p1[~out]
    if not len(p0):
        return False
    d = p1 - p0
    t0 = np.zeros(len(p0))
    t1 = np.ones(len(p0))
    alive = np.ones(len(p0), bool)
    for p, q in ((-d[:, 0], p0[:, 0] - bb.x0), (d[:, 0], bb.x1 - p0[:, 0]),
                 (-d[:, 1], p0[:, 1] - bb.y0), (d[:, 1], bb.y1 - p0[:, 1])):
        parallel = p == 0
        alive &= ~(parallel & (q < 0))
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(parallel, 0.0, q / np.where(parallel, 1.0, p))
        t0 = np.where(~parallel & (p < 0), np.maximum(t0, r), t0)
        t1 = np.where(~parallel & (p > 0), np.minimum(t1, r), t1)
    return bool((alive & (t0 <= t1)).any())


# --- collisions -----------------------------------------------------------------------------

def _text_overlaps(boxes: list[Box], gap: float) -> list[tuple[str, str]]:
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            # tick labels of an axes' two axes meet at its corner by matplotlib's own layout:
            # only a real overlap counts there
            ticks = a.kind == b.kind == "tick"
            if boxes_overlap(a.bbox, b.bbox, pad=PAD if ticks else -gap):
                found.append((a.name, b.name))
    return found


def _legend_overlaps(legs: list[Box], txts: list[Box], data) -> list[tuple[str, str]]:
    found = []
    for lg in legs:
        for t in txts:
            if boxes_overlap(lg.bbox, t.bbox):
                found.append((lg.name, f"text {t.name!r}"))
        for other in legs:
            if other is not lg and id(other) > id(lg) and boxes_overlap(lg.bbox, other.bbox):
                found.append((lg.name, f"legend {other.name!r}"))
        for box, pts in data:
            inner = _shrunk(lg.bbox)
            if pts is not None:
                clipped = Bbox.intersection(inner, box.bbox)
                if clipped is not None and segments_cross_box(pts, clipped):
                    found.append((lg.name, f"line {box.name!r}"))
            elif boxes_overlap(lg.bbox, box.bbox):
                found.append((lg.name, f"{box.kind} {box.name!r}"))
    return list(dict.fromkeys(found))


def _crossed(txts: list[Box], data) -> list[tuple[str, str]]:
    found = []
    for t in txts:
        for box, pts in data:
            if box.kind in ("bars", "points"):
                if boxes_overlap(t.bbox, box.bbox, pad=PAD):
                    found.append((t.name, f"{box.kind} {box.name!r}"))
                continue
            if pts is None:
                continue
            if box.kind == "leader" and box.owner is t.artist:
                continue  # a label's own leader line starts at it
            # a line through the glyphs' box, or grazing its edge, crosses the label
            clipped = Bbox.intersection(_shrunk(t.bbox, -PAD), box.bbox)  # clipped to the axes
            if clipped is not None and segments_cross_box(pts, clipped):
                found.append((t.name, f"line {box.name!r}"))
    return list(dict.fromkeys(found))


__all__ = ["Box", "Layout", "measure", "boxes_overlap", "segments_cross_box"]
