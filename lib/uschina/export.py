"""Write a chart's PNG, SVG, CSV and a small JSON description, atomically.

Each file is written to a temporary name in the same folder and renamed into place, so a
killed run never leaves a half-written figure where a good one was.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from .charts.base import Chart

PNG_DPI = 110  # sharp enough on screen, small enough for the HTML pages


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


def save(chart: Chart, fig_dir, lang: str) -> dict[str, Path]:
    """Export ``chart`` into ``fig_dir``: <name>.png, .svg, .csv and .json."""
    fig_dir = Path(fig_dir)
    stem = fig_dir / chart.name
    out = {ext: stem.with_suffix(f".{ext}") for ext in ("png", "svg", "csv", "json")}
    atomic_write(out["png"], lambda p: chart.fig.savefig(p, format="png", dpi=PNG_DPI))
    atomic_write(
        out["svg"], lambda p: chart.fig.savefig(p, format="svg", metadata={"Date": None})
    )
    atomic_write(
        out["csv"],
        lambda p: chart.data.to_csv(p, lineterminator="\n", float_format="%.6g"),
    )
    for label, table in chart.tables.items():
        path = fig_dir / f"{chart.name}_{label}.csv"
        atomic_write(path, lambda p, t=table: t.to_csv(p, lineterminator="\n"))
        out[f"csv:{label}"] = path
    info = {
        "name": chart.name,
        "lang": lang,
        "title": chart.title,
        "titles": chart.titles,
        "sources": chart.sources,
        "key_figures": chart.formatted(),
        "files": {ext: p.name for ext, p in out.items()},
    }
    atomic_write(
        out["json"],
        lambda p: p.write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8"),
    )
    return out
