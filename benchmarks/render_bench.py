"""Time a cold `uschina render --force` of the default plan against the naive loop.

The naive loop renders the same jobs (same notebooks, same parameters) one after another, each
with the `papermill` CLI and then `jupyter nbconvert --to html`. The script prints both wall
times, their ratio, the peak memory of each (the summed RSS of the whole process tree, sampled
every 50 ms with psutil) and the time of a second `uschina render` with nothing changed.

    .venv/bin/python benchmarks/render_bench.py [--jobs N] [--only NOTEBOOK ...] [--strict]

Targets (issue 5, on 2 cores): >= 3x faster than the naive loop, peak memory < 1.5 GB, no-change
re-render < 1 s. With --strict the exit status says whether they were met.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TARGET_RATIO, TARGET_MEMORY_GB, TARGET_NOOP_S = 3.0, 1.5, 1.0


class PeakMemory:
    """Samples the summed RSS of a process and all its descendants."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self._stop.is_set():
            total = 0
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            for p in procs:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(0.05)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def timed(cmd: list[str], peaks: list[int] | None = None, **kw) -> tuple[float, str]:
    """Run ``cmd``; return (wall seconds, stdout). Records the peak tree RSS in ``peaks``."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=REPO, **kw)
    try:
        import psutil  # noqa: F401 - installed with ipykernel

        with PeakMemory(proc.pid) as mem:
            out, err = proc.communicate()
        if peaks is not None:
            peaks.append(mem.peak)
    except ImportError:
        out, err = proc.communicate()
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{out}\n{err}")
    return wall, out


def plan_jobs(only: list[str]) -> list:
    from uschina.render import plan as plan_mod
    from uschina.render.command import DEFAULT_PLAN

    plan = plan_mod.load_plan(DEFAULT_PLAN)
    notebooks = plan_mod.select_notebooks(plan, DEFAULT_PLAN, only)
    return plan_mod.expand(plan, DEFAULT_PLAN, notebooks, {}, honour_skip=not only)


def naive(jobs, work: Path) -> tuple[float, int]:
    """papermill CLI then nbconvert CLI, per job, one after another."""
    peaks: list[int] = []
    total = 0.0
    for i, job in enumerate(jobs, 1):
        out = work / job.stem / f"{job.slot}.ipynb"
        out.parent.mkdir(parents=True, exist_ok=True)
        params = {**job.params, "fig_dir": str(work / job.stem / job.slot)}
        # -y (YAML) so None and date strings arrive as they do in our renderer
        t1, _ = timed([str(BIN / "papermill"), str(job.notebook), str(out),
                       "-y", json.dumps(params), "--cwd", str(job.notebook.parent),
                       "--no-progress-bar"], peaks)
        t2, _ = timed([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(out)], peaks)
        total += t1 + t2
        print(f"  naive {i}/{len(jobs)} {job.id}: papermill {t1:.1f}s + nbconvert {t2:.1f}s",
              flush=True)
    return total, max(peaks, default=0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                    help="workers for uschina render (default: the number of cores)")
    ap.add_argument("--only", nargs="*", default=[], metavar="NOTEBOOK",
                    help="benchmark only these notebooks (default: the whole default plan)")
    ap.add_argument("--skip-naive", action="store_true",
                    help="time only uschina render (the naive loop is slow)")
    ap.add_argument("--strict", action="store_true",
                    help="exit non-zero when a target is missed")
    args = ap.parse_args(argv)

    jobs = plan_jobs(args.only)
    print(f"default plan: {len(jobs)} jobs over {len({j.stem for j in jobs})} notebooks; "
          f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}", flush=True)
    work = Path(tempfile.mkdtemp(prefix="uschina-bench-"))
    try:
        site = work / "site"
        render = [str(BIN / "uschina"), "render", *args.only, "--out", str(site),
                  "--jobs", str(args.jobs)]
        peaks: list[int] = []
        cold, out = timed([*render, "--force"], peaks)
        print(out.rstrip().splitlines()[-1])
        print(f"uschina render --force (cold, {args.jobs} workers): {cold:.1f}s, "
              f"peak memory {peaks[-1] / 1e9:.2f} GB", flush=True)
        noop, out = timed(render)
        if "0 to render" not in out:  # someone edited lib/ or data/ meanwhile: once more
            noop, out = timed(render)
        print(f"uschina render, nothing changed: {noop:.2f}s ({out.splitlines()[0]})")
        results = {"cold_s": cold, "peak_gb": peaks[-1] / 1e9, "noop_s": noop}
        if not args.skip_naive:
            naive_s, naive_peak = naive(jobs, work / "naive")
            results |= {"naive_s": naive_s, "ratio": naive_s / cold}
            print(f"naive loop (papermill CLI + nbconvert CLI per job): {naive_s:.1f}s, "
                  f"peak memory {naive_peak / 1e9:.2f} GB")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print("\nresult")
    checks = [("peak memory", results["peak_gb"] < TARGET_MEMORY_GB,
               f"{results['peak_gb']:.2f} GB (target < {TARGET_MEMORY_GB} GB)"),
              ("no-change re-render", results["noop_s"] < TARGET_NOOP_S,
               f"{results['noop_s']:.2f}s (target < {TARGET_NOOP_S}s)")]
    if "ratio" in results:
        checks.insert(0, ("speed-up", results["ratio"] >= TARGET_RATIO,
                          f"{results['naive_s']:.1f}s / {results['cold_s']:.1f}s = "
                          f"{results['ratio']:.1f}x (target >= {TARGET_RATIO}x)"))
    for name, ok, text in checks:
        print(f"  {'ok  ' if ok else 'MISS'} {name}: {text}")
    print(f"  load average at the end: {os.getloadavg()[0]:.2f} (other work slows both sides)")
    return 1 if args.strict and not all(ok for _, ok, _ in checks) else 0


if __name__ == "__main__":
    sys.exit(main())
