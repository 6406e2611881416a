"""How the renderer's own cost per job grows with the plan: `make bench-scale`.

Renders plans of 36, 120 and 360 small jobs (6 tiny notebooks, each swept over 6, 20 or 60
values of ``as_of``) into fresh sites with ``uschina render``, and reports the overhead per
job: the wall time beyond the notebooks' own execution (the sum of papermill's per-cell
durations, recorded per job, spread over the workers), divided by the number of jobs. Kernel
start-up, the page export, bookkeeping and the gallery are all overhead. The last line is

    overhead per job: A ms at 36 jobs, B ms at 360 jobs (ratio R)

and the target is R <= 1.3: the cost of a job must not grow with the number of jobs.

    .venv/bin/python benchmarks/scale_bench.py [--jobs N] [--sizes 36 120 360] [--strict]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
NOTEBOOKS = 6
TARGET_RATIO = 1.3

# stdlib only (a real PNG, for the gallery's thumbnails): a notebook that does almost nothing
CELL = '''\
import json, struct, zlib
from pathlib import Path
out = Path(fig_dir); out.mkdir(parents=True, exist_ok=True)
shade = int(as_of[8:10]) * 8 if as_of else 0
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xffffffff)
rows = b"".join(b"\\x00" + bytes([shade, 64, 128]) * 64 for _ in range(32))
(out / "fig.png").write_bytes(b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", struct.pack(
    ">IIBBBBB", 64, 32, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
(out / "fig.json").write_text(json.dumps({"name": "fig", "title": "fig",
    "titles": {"zh": "小图", "en": "small"}, "files": {"png": "fig.png"},
    "highlights": [{"label": "shade", "value": str(shade)}]}))
print(lang, as_of)
'''


def write_notebook(path: Path) -> None:
    def cell(source: str, tags=()) -> dict:
        return {"cell_type": "code", "execution_count": None, "id": f"c{len(tags)}",
                "metadata": {"tags": list(tags)}, "outputs": [], "source": source}

    nb = {"cells": [cell('lang = "zh"\nfig_dir = None\nas_of = None\n', ["parameters"]),
                    cell(CELL)],
          "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                      "language": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(nb), encoding="utf-8")


def write_plan(folder: Path, values: int) -> Path:
    folder.mkdir(parents=True)
    for i in range(NOTEBOOKS):
        write_notebook(folder / f"small{i}.ipynb")
    from datetime import date, timedelta

    last = date(2021, 1, 1) + timedelta(days=values - 1)
    plan = folder / "render.yaml"
    plan.write_text("notebooks: ['*.ipynb']\nviews:\n  daily:\n"
                    f"    sweep: {{as_of: {{from: '2021-01-01', to: '{last}', every: day}}}}\n"
                    "    langs: [zh]\n", encoding="utf-8")
    return plan


def own_seconds(site: Path) -> tuple[int, float]:
    import sqlite3

    with sqlite3.connect(site / ".render-state.sqlite") as db:
        recs = [json.loads(r) for (r,) in db.execute("SELECT record FROM jobs")]
    bad = [r for r in recs if r.get("status") != "ok"]
    if bad:
        sys.exit(f"{len(bad)} jobs failed, e.g. {bad[0].get('error')}")
    return len(recs), sum(r.get("exec_seconds", 0.0) for r in recs)


def run(cmd: list[str]) -> tuple[float, str]:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stdout}\n{proc.stderr}")
    return wall, proc.stdout


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--sizes", type=int, nargs="+", default=[36, 120, 360])
    ap.add_argument("--strict", action="store_true", help="exit 1 when R > 1.3")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="uschina-scale-"))
    per_job: dict[int, float] = {}
    print(f"{os.cpu_count()} cores, {args.jobs} workers; load average "
          f"{os.getloadavg()[0]:.2f}", flush=True)
    try:
        for size in args.sizes:
            if size % NOTEBOOKS:
                sys.exit(f"--sizes: {size} is not a multiple of {NOTEBOOKS}")
            plan = write_plan(work / f"plan{size}", size // NOTEBOOKS)
            site = work / f"site{size}"
            cmd = [str(BIN / "uschina"), "render", "--plan", str(plan), "--out", str(site),
                   "--jobs", str(args.jobs)]
            load = os.getloadavg()[0]
            wall, _ = run(cmd)
            n, own = own_seconds(site)
            assert n == size, (n, size)
            overhead = (wall - own / args.jobs) / n
            per_job[size] = overhead
            noop, out = run(cmd)
            print(f"{size:4d} jobs: {wall:6.1f}s wall, notebooks' own execution {own:5.1f}s "
                  f"(summed), overhead {overhead * 1000:5.0f} ms per job; nothing changed: "
                  f"{noop:.2f}s; load average {load:.2f} -> {os.getloadavg()[0]:.2f}",
                  flush=True)
            assert f"{size} up to date" in out, out
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lo, hi = min(per_job), max(per_job)
    ratio = per_job[hi] / per_job[lo]
    print(f"overhead per job: {per_job[lo] * 1000:.0f} ms at {lo} jobs, "
          f"{per_job[hi] * 1000:.0f} ms at {hi} jobs (ratio {ratio:.2f})")
    return 1 if args.strict and ratio > TARGET_RATIO else 0


if __name__ == "__main__":
    sys.exit(main())
