"""Time a cold `uschina render --force` of the default plan against the naive loop.

The naive loop renders the same jobs (same notebooks, same parameters) one after another, each
with the `papermill` CLI and then `jupyter nbconvert --to html`. The script prints both wall
times, their ratio, the peak memory of each (the summed PSS of the whole process tree, sampled
every 50 ms with psutil; the summed RSS too) and the median time of a second
`uschina render` with nothing changed.

    .venv/bin/python benchmarks/render_bench.py [--jobs N] [--only NOTEBOOK ...] [--strict]

Targets (issues 5 and 17, on 2 cores): >= 5x faster than the naive loop, peak memory < 1.5 GB,
no-change re-render < 0.5 s. With --strict the exit status says whether they were met.
``--forkserver-compare`` also times a cold render with the kernel fork server off
(``USCHINA_RENDER_FORKSERVER=0``), to show what it is worth.
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
TARGET_RATIO, TARGET_MEMORY_GB, TARGET_NOOP_S = 5.0, 1.5, 0.5


class PeakMemory:
    """Samples the memory of a process and all its descendants, summed.

    ``peak`` is the summed PSS (proportional set size: a page shared by n processes counts
    1/n in each), the physical memory the tree really uses. Forked kernels share most of their
    pages with their fork server, so the summed RSS (``peak_rss``) counts those many times.
    """

    def __init__(self, pid: int):
        self.pid, self.peak, self.peak_rss, self._stop = pid, 0, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        # fork-server kernels are reparented away from the tree: follow them by their server
        seen: dict[int, psutil.Process] = {}
        while not self._stop.is_set():
            try:
                for p in [root, *root.children(recursive=True)]:
                    seen.setdefault(p.pid, p)
            except psutil.NoSuchProcess:
                break
            pss = rss = 0
            for pid, p in list(seen.items()):
                try:
                    info = p.memory_full_info()
                    pss += getattr(info, "pss", info.rss)
                    rss += info.rss
                    for child in p.children(recursive=True):
                        seen.setdefault(child.pid, child)
                except psutil.Error:
                    seen.pop(pid, None)
            self.peak, self.peak_rss = max(self.peak, pss), max(self.peak_rss, rss)
            self._stop.wait(0.05)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def timed(cmd: list[str], peaks: list | None = None, **kw) -> tuple[float, str]:
    """Run ``cmd``; return (wall seconds, stdout). Appends (peak PSS, peak RSS) to ``peaks``."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=REPO, **kw)
    try:
        import psutil  # noqa: F401 - installed with ipykernel

        with PeakMemory(proc.pid) as mem:
            out, err = proc.communicate()
        if peaks is not None:
            peaks.append((mem.peak, mem.peak_rss))
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


def naive(jobs, work: Path) -> tuple[float, tuple[int, int]]:
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
    return total, max(peaks, default=(0, 0))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                    help="workers for uschina render (default: the number of cores)")
    ap.add_argument("--only", nargs="*", default=[], metavar="NOTEBOOK",
                    help="benchmark only these notebooks (default: the whole default plan)")
    ap.add_argument("--skip-naive", action="store_true",
                    help="time only uschina render (the naive loop is slow)")
    ap.add_argument("--forkserver-compare", action="store_true",
                    help="also time a cold render without the kernel fork server")
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
        peaks: list = []
        cold, out = timed([*render, "--force"], peaks)
        print(out.rstrip().splitlines()[-1])
        pss, rss = peaks[-1]
        print(f"uschina render --force (cold, {args.jobs} workers): {cold:.1f}s, "
              f"peak memory {pss / 1e9:.2f} GB (summed RSS {rss / 1e9:.2f} GB); "
              f"load average now {os.getloadavg()[0]:.2f}", flush=True)
        noops = []
        for _ in range(5):
            t, out = timed(render)
            if "0 to render" in out:  # not when someone edited lib/ or data/ meanwhile
                noops.append(t)
            if len(noops) == 3:
                break
        noop = sorted(noops)[len(noops) // 2] if noops else float("nan")
        print(f"uschina render, nothing changed: median {noop:.2f}s of "
              f"{', '.join(f'{t:.2f}' for t in noops)}s ({out.splitlines()[0]})")
        results = {"cold_s": cold, "peak_gb": pss / 1e9, "noop_s": noop}
        if args.forkserver_compare:
            env = {**os.environ, "USCHINA_RENDER_FORKSERVER": "0"}
            load = os.getloadavg()[0]
            plain, _ = timed([*render, "--force"], env=env)
            print(f"uschina render --force without the fork server: {plain:.1f}s "
                  f"(with it: {cold:.1f}s; the fork server saves {1 - cold / plain:.0%}); "
                  f"load average {load:.2f} -> {os.getloadavg()[0]:.2f}", flush=True)
        if not args.skip_naive:
            naive_s, (naive_pss, naive_rss) = naive(jobs, work / "naive")
            results |= {"naive_s": naive_s, "ratio": naive_s / cold}
            print(f"naive loop (papermill CLI + nbconvert CLI per job): {naive_s:.1f}s, "
                  f"peak memory {naive_pss / 1e9:.2f} GB (RSS {naive_rss / 1e9:.2f} GB); "
                  f"load average now {os.getloadavg()[0]:.2f}")
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
    print("  (other work on the machine slows the parallel render more than the one-core naive "
          "loop: compare the load averages printed above)")
    return 1 if args.strict and not all(ok for _, ok, _ in checks) else 0


if __name__ == "__main__":
    sys.exit(main())
