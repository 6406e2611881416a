"""Time an economist's loop in a notebook: Run All, then change a parameter and Run All again.

Run: .venv/bin/python benchmarks/notebook_bench.py [NAME ...]   (default: every notebook)

Per notebook, in one kernel (as in JupyterLab), with an empty model cache in a temporary folder:
- "cold": a new kernel's first Run All (imports, data validation, model fits);
- "lang=en", "start", "end": Run All again after editing the parameters cell (the target is
  under 3 s: loaded data and fitted models are reused, see uschina.cache);
then "new kernel": a second kernel's first Run All, with the disk cache the first one filled.
Kernel start-up is not counted; exports go to a temporary folder. ``--cells N`` also prints,
per notebook, the N slowest cells of the warm re-runs (wall seconds, the slowest of the three
edits): where a re-run's time goes.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import nbformat
import psutil
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
TARGET_S = 3.0


def _params_cell(nb) -> int:
    return next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))


def _kernel_cpu(client: NotebookClient) -> float:
    """CPU seconds the kernel process has used (user + system): a load-independent measure."""
    cpu = psutil.Process(client.km.provisioner.process.pid).cpu_times()
    return cpu.user + cpu.system


def _run_all(client: NotebookClient, nb, cells: dict[int, float] | None = None
             ) -> tuple[float, float]:
    """Wall and kernel-CPU seconds of one Run All; ``cells`` keeps each cell's slowest wall."""
    t, c = time.perf_counter(), _kernel_cpu(client)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            s = time.perf_counter()
            client.execute_cell(cell, i)
            if cells is not None:
                cells[i] = max(cells.get(i, 0.0), time.perf_counter() - s)
    return time.perf_counter() - t, _kernel_cpu(client) - c


def _cell_label(source: str) -> str:
    """A cell's first line of code, for the --cells listing."""
    lines = [s for s in source.splitlines() if s.strip() and not s.lstrip().startswith("#")]
    return lines[0][:70] if lines else "(empty)"


def _variants(source: str) -> dict[str, str]:
    """Edits of the parameters cell, as a person would type them."""
    out = {"lang=en": 'lang = "en"'}
    if "\nstart = " in "\n" + source:
        out["start"] = 'start = "2015-01-01"'
    if "\nend = " in "\n" + source:
        out["end"] = 'end = "2025-12-31"'
    return out


def bench(path: Path, fig_dir: str, cells: dict[int, float] | None = None
          ) -> dict[str, tuple[float, float]]:
    nb = nbformat.read(path, as_version=4)
    k = _params_cell(nb)
    base = nb.cells[k].source + f"\nfig_dir = {fig_dir!r}"
    nb.cells[k].source = base
    times = {}
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    with client.setup_kernel():
        times["cold"] = _run_all(client, nb)
        for name, line in _variants(base).items():
            nb.cells[k].source = base + "\n" + line
            times[name] = _run_all(client, nb, cells)
    nb.cells[k].source = base
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    with client.setup_kernel():
        times["new kernel"] = _run_all(client, nb)
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", help="notebook names (default: all)")
    ap.add_argument("--cells", type=int, default=0, metavar="N",
                    help="also print each notebook's N slowest cells of the warm re-runs")
    args = ap.parse_args()
    paths = ([REPO / "notebooks" / f"{n.removesuffix('.ipynb')}.ipynb" for n in args.names]
             or sorted((REPO / "notebooks").glob("*.ipynb")))
    cols = ["cold", "lang=en", "start", "end", "new kernel"]
    head = f"{'notebook':<16}" + "".join(f"{c:>14}" for c in cols)
    print(head + f"   (wall s / kernel CPU s; warm target < {TARGET_S:.0f} s)")
    print(f"load average at the start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs",
          flush=True)
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["USCHINA_CACHE_DIR"] = str(Path(tmp) / "cache")  # kernels inherit it
        for path in paths:
            cells: dict[int, float] = {}
            t = bench(path, str(Path(tmp) / path.stem), cells)
            warm = [v[0] for c, v in t.items() if c in ("lang=en", "start", "end")]
            worst = max(worst, *warm)
            print(f"{path.stem:<16}" + "".join(
                f"{t[c][0]:>8.2f}/{t[c][1]:<5.2f}" if c in t else f"{'-':>14}" for c in cols),
                flush=True)
            if args.cells:
                sources = nbformat.read(path, as_version=4).cells
                for i, s in sorted(cells.items(), key=lambda kv: -kv[1])[:args.cells]:
                    print(f"{'':<16}{s:>8.2f}  {_cell_label(sources[i].source)}", flush=True)
    print(f"slowest warm re-run: {worst:.2f} s wall ({'within' if worst < TARGET_S else 'OVER'} "
          f"the {TARGET_S:.0f} s target); load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
