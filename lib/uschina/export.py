"""Write a chart's PNG, SVG, CSV (with a metadata sidecar) and a JSON description, atomically.

Each file is written to a temporary name in the same folder and renamed into place, so a
killed run never leaves a half-written figure where a good one was.

- PNG at twice screen resolution and at least 1,920 px wide (sharp on high-density screens):
  the very bytes the notebook showed inline when the figure has not changed since
  (:func:`uschina.charts.base.png_bytes`), so a figure is rasterised once, not twice;
- SVG with its text kept as text (editable, searchable), fonts named with CJK fallbacks;
- CSV of the data drawn, and ``<name>.meta.json`` beside it: series ids, units, sources and
  the data-through date of each series;
- ``<name>.json`` for the site: title, key figures, highlights, data-through and file names.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

import matplotlib as mpl
import pandas as pd

from . import datasets
from .charts.base import PNG_MIN_WIDTH, PNG_SCALE, Chart, keep_rendering, png_bytes
from .charts.base import png_dpi as base_png_dpi
from .charts.common import period_label, values_label

__all__ = ["PNG_MIN_WIDTH", "PNG_SCALE", "atomic_write", "csv_meta", "data_through", "png_dpi",
           "save", "write_png", "write_svg"]
# who renders the SVG may lack the font the figure was drawn with: name common CJK faces
CJK_FALLBACKS = ["Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC",
                 "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", "DejaVu Sans",
                 "sans-serif"]


def atomic_write(path: Path, write) -> None:
    """Call ``write(tmp_path)`` and move the result onto ``path`` only if it succeeded."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; the site's files are for reading
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def png_dpi(chart: Chart) -> int:
    """Twice the layout resolution, and at least PNG_MIN_WIDTH pixels wide."""
    return base_png_dpi(chart.fig)


def write_png(chart: Chart, path: Path) -> None:
    """The PNG at :func:`png_dpi`: rendered once per state of the figure (the inline display
    and the file share the rendering)."""
    path.write_bytes(png_bytes(chart.fig))


def _svg_fonts(text: str) -> str:
    """Every font-family list in the SVG, extended with the CJK fallbacks."""
    def extend(m: re.Match) -> str:
        names = [n.strip().strip("'\"") for n in m.group(1).split(",") if n.strip()]
        names += [f for f in CJK_FALLBACKS if f not in names]
        return "font-family: " + ", ".join(n if n == "sans-serif" else f"'{n}'" for n in names)
    return re.sub(r"font-family: ?([^;\"]+)", extend, text)


def write_svg(chart: Chart, path: Path) -> None:
    with mpl.rc_context({"svg.fonttype": "none"}), keep_rendering(chart.fig):  # text as text
        chart.fig.savefig(path, format="svg", metadata={"Date": None})
    path.write_text(_svg_fonts(path.read_text(encoding="utf-8")), encoding="utf-8")


def data_through(chart: Chart, lang: str) -> list[dict[str, str]]:
    """One entry per series drawn: its key, the last observation's date (ISO; a month's or
    quarter's last day for monthly data), that date for readers in ``lang``, and its source.

    Example: ``[{"key": "us_cpi_yoy", "date": "2026-05-31", "label": "2026年5月",
    "source": "美国劳工统计局（BLS） CUUR0000SA0, 12-month percent change"}]``
    """
    out = []
    for key, ts in chart.through.items():
        meta = datasets.meta(key)
        ts = pd.Timestamp(ts)
        end = ts + pd.offsets.MonthEnd(0) if meta.frequency in ("monthly", "quarterly") else ts
        out.append({"key": key, "date": end.date().isoformat(),
                    "label": period_label(key, ts, lang),
                    "source": f"{meta.source.credit(lang)} {meta.source.series_id}",
                    # in a view of the past: "latest revision" or "as published then"
                    "values": values_label(chart.through, key, lang)})
    return out


def csv_meta(chart: Chart, lang: str, csv_names: list[str]) -> dict:
    """The CSV's sidecar: what each data set behind it is, where it comes from, how recent."""
    through = {d["key"]: d for d in data_through(chart, lang)}
    series = []
    for key in dict.fromkeys(chart.sources):
        meta = datasets.meta(key)
        series.append({
            "key": key, "title": meta.title(lang), "unit": meta.unit(lang),
            "frequency": meta.frequency, "publisher": meta.source.publisher,
            "series_id": meta.source.series_id, "url": meta.source.url,
            "license": meta.source.license,
            "data_through": through.get(key, {}).get("date"),
        })
    return {"name": chart.name, "lang": lang, "title": chart.title, "csv": csv_names,
            "series": series}


def save(chart: Chart, fig_dir, lang: str) -> dict[str, Path]:
    """Export ``chart`` into ``fig_dir``: <name>.png, .svg, .csv, .meta.json and .json.

    Parameters
    ----------
    chart : Chart
        What a chart or analysis function returned.
    fig_dir : path-like
        The folder to write into (created if absent).
    lang : {"zh", "en"}
        The page language the description is for.

    Returns
    -------
    dict
        File kind -> path written ("png", "svg", "csv", "meta", "json", "csv:<table>").

    Example: ``save(us_cpi_yoy(lang="en"), "figures", "en")["png"]`` ->
    ``Path("figures/fig3_us_cpi.png")``.
    """
    fig_dir = Path(fig_dir)
    stem = fig_dir / chart.name
    out = {ext: stem.with_suffix(f".{ext}") for ext in ("png", "svg", "csv")}
    out["meta"] = fig_dir / f"{chart.name}.meta.json"
    out["json"] = stem.with_suffix(".json")
    atomic_write(out["png"], lambda p: write_png(chart, p))
    atomic_write(out["svg"], lambda p: write_svg(chart, p))
    atomic_write(
        out["csv"],
        lambda p: chart.data.to_csv(p, lineterminator="\n", float_format="%.6g"),
    )
    for label, table in chart.tables.items():
        path = fig_dir / f"{chart.name}_{label}.csv"
        atomic_write(path, lambda p, t=table: t.to_csv(p, lineterminator="\n"))
        out[f"csv:{label}"] = path
    csvs = [p.name for k, p in out.items() if k == "csv" or k.startswith("csv:")]
    sidecar = csv_meta(chart, lang, csvs)
    atomic_write(out["meta"], lambda p: _write_json(p, sidecar))
    info = {
        "name": chart.name,
        "lang": lang,
        "title": chart.title,
        "titles": chart.titles,
        "sources": chart.sources,
        "key_figures": chart.formatted(),
        "highlights": chart.highlights,
        "data_through": data_through(chart, lang),
        "files": {ext: p.name for ext, p in out.items()},
    }
    atomic_write(out["json"], lambda p: _write_json(p, info))
    return out


def _write_json(path: Path, obj) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=1), encoding="utf-8")
