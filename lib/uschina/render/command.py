"""``uschina render``: render the plan's notebooks in parallel, incrementally, to the HTML site.

Nothing heavy is imported at module level: with nothing to do, a run reads the plan, hashes
what changed since last time (by size and mtime), and stops well within a second.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import time
from datetime import datetime
from pathlib import Path

from ..errors import UschinaError
from ..paths import PACKAGE_DIR, REPO_DIR, build_dir, data_dir

DEFAULT_PLAN = REPO_DIR / "notebooks" / "render.yaml"
LIB_DIR = PACKAGE_DIR  # the library code every job depends on (tests point it elsewhere)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "notebooks", nargs="*", metavar="NOTEBOOK",
        help="render only these notebooks (paths, or names in the plan's folder such as "
             "fig3_us_cpi); default: every notebook the plan lists")
    parser.add_argument(
        "--plan", type=Path, default=DEFAULT_PLAN, metavar="FILE",
        help="render plan: notebooks, views and their parameters (default: %(default)s)")
    parser.add_argument(
        "-p", "--param", action="append", default=[], metavar="KEY=VALUE",
        help="set a notebook parameter for every job, overriding the plan; the value takes the "
             "type the notebook's parameters cell declares (-p code=001 stays the string '001'; "
             "None or null gives None). Repeatable")
    parser.add_argument(
        "--jobs", "-j", type=_positive_int, default=os.cpu_count() or 1, metavar="N",
        help="notebooks executed at the same time (default: the number of cores, %(default)s)")
    parser.add_argument(
        "--force", action="store_true",
        help="re-render every job, even those whose inputs did not change")
    parser.add_argument(
        "--out", type=Path, default=build_dir() / "site", metavar="DIR",
        help="site folder to write (default: %(default)s)")
    parser.add_argument(
        "--scheduler", default=os.environ.get("USCHINA_SCHEDULER") or None, metavar="ADDRESS",
        help="run the jobs on this Dask cluster (e.g. tcp://10.0.0.5:8786; default: the env "
             "var USCHINA_SCHEDULER, else local worker processes). Its workers must see the "
             "notebooks, data and --out folder at the same paths")
    parser.add_argument(
        "--timeout", type=_positive_int, default=600, metavar="SECONDS",
        help="stop a cell that runs longer than this (default: %(default)s)")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value


class Interrupted(BaseException):  # noqa: N818 - like KeyboardInterrupt, not an error
    """SIGTERM (or SIGHUP) while rendering: stop the workers, keep what finished."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _on_signal(signum, _frame) -> None:
    raise Interrupted(signum)


def run(args) -> int:
    import signal

    handled = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    try:
        saved = {s: signal.signal(s, _on_signal) for s in handled}
    except ValueError:  # not the main thread: no handlers, the default actions apply
        saved = {}
    try:
        return _run(args)
    except (KeyboardInterrupt, Interrupted) as exc:
        signum = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
        print(f"uschina render: stopped by {signal.Signals(signum).name}; the jobs that "
              "finished are recorded, the others keep their previous pages", file=sys.stderr)
        return 128 + signum
    finally:
        for s, h in saved.items():
            signal.signal(s, h)


def _run(args) -> int:
    from . import plan as plan_mod
    from .deps import Deps
    from .parameters import parse_assignments
    from .progress import Progress
    from .state import State, job_key, reason, up_to_date

    t0 = time.monotonic()
    site = args.out.resolve()
    try:
        plan_path = args.plan.resolve()
        plan = plan_mod.load_plan(plan_path)
        notebooks = plan_mod.select_notebooks(plan, plan_path, args.notebooks)
        cli = parse_assignments(args.param)
        jobs = plan_mod.expand(plan, plan_path, notebooks, cli,
                               honour_skip=not args.notebooks)
    except UschinaError as exc:
        print(f"uschina render: error: {exc}", file=sys.stderr)
        return 2
    if not jobs:
        print("uschina render: the plan selects no notebooks; nothing to do", file=sys.stderr)
        return 2

    lock = state = catalog = None
    try:
        site.mkdir(parents=True, exist_ok=True)
        lock = _lock(site)
        state = State(site)
        deps = Deps(LIB_DIR, state.hasher, state.site.get("imports"))
        renderer = _renderer_files()
        code: dict[Path, str] = {}  # per notebook: the library modules it imports
        todo, why = [], {}
        for job in jobs:
            if job.notebook not in code:
                code[job.notebook] = deps.notebook_hash(job.notebook, renderer)
            key = job_key(job, state.hasher, code[job.notebook])
            record = state.jobs.get(job.id)
            if args.force or not up_to_date(job, record, key, state.hasher, site):
                todo.append((job, key))
                why[job.id] = "forced" if args.force else reason(
                    job, record, key, state.hasher, site)
        progress = Progress(len(todo))
        workers = min(args.jobs, len(todo)) or 0
        where = (f" on the Dask cluster {args.scheduler}" if getattr(args, "scheduler", None)
                 else f" on {workers} worker{'s' * (workers > 1)}")
        progress(f"{len(jobs)} jobs: {len(jobs) - len(todo)} up to date, {len(todo)} to render"
                 + (where if todo else ""))
        if len(todo) <= 8:
            for job, _ in todo:
                progress(f"  - {job.id}: {why[job.id]}")
        elif todo:
            counts: dict[str, int] = {}
            for reason_text in why.values():
                counts[reason_text] = counts.get(reason_text, 0) + 1
            progress("  why: " + ", ".join(f"{n} {r}" for r, n in sorted(
                counts.items(), key=lambda rn: -rn[1])))
        orders: dict[str, int] = {}  # views in plan order, for the gallery's columns
        for job in jobs:
            orders.setdefault(job.view.name, len(orders))
        catalog = _CatalogPage(site, state, force=args.force)
        _sweep(site)
        failed, fatal = (_render(todo, state, site, workers, args.timeout, progress, orders,
                                 catalog, lock, getattr(args, "scheduler", None))
                         if todo else ([], None))
        if fatal is not None:
            raise fatal
        catalog.build()  # no-op when it was built during the render or data/ is unchanged
        _build_index(site, state, force=bool(todo) or args.force)
        state.site["imports"] = deps.pruned()
        state.save()
    except OSError as exc:
        if catalog is not None:
            catalog.wait()  # its data copy cleans up after itself, if it is let finish
        _sweep_temp(site)
        print(f"uschina render: error: {_write_problem(exc, site)}; the site keeps its "
              "previous pages", file=sys.stderr)
        return 1
    finally:
        if state is not None:
            state.close()
        if lock is not None:
            os.close(lock)
    elapsed = time.monotonic() - t0
    if catalog.error is not None:
        print(f"uschina render: error: data not published: {catalog.error}\n"
              f"  the site keeps its previous copy of the data and catalog page "
              f"({site / 'data'}, {site / 'catalog.html'})", file=sys.stderr)
    if failed:
        names = ", ".join(failed)
        if len(failed) == len(todo):
            print(f"all {len(todo)} job{'s' * (len(todo) > 1)} FAILED ({names}); "
                  f"no page was replaced. {elapsed:.1f}s. Site: {site / 'index.html'}")
        else:
            print(f"{len(failed)} of {len(todo)} jobs FAILED ({names}); the others rendered. "
                  f"{elapsed:.1f}s. Site: {site / 'index.html'}")
        return 1
    print(f"done in {elapsed:.1f}s. Site: {site / 'index.html'}")
    return 1 if catalog.error is not None else 0


def _renderer_files() -> list[Path]:
    """What shapes every job's page besides the notebook's own code: the page export."""
    here = Path(__file__).parent
    templates = PACKAGE_DIR / "templates" / "uschina_offline"
    return [here / "htmlexport.py", here / "reader.py", *sorted(templates.glob("*"))]


def _write_problem(exc: OSError, site: Path) -> str:
    """One line: what could not be written, where, and why."""
    import errno as E

    path = exc.filename or site
    why = {E.ENOSPC: "no space left on device", E.EDQUOT: "disk quota exceeded",
           E.EROFS: "read-only file system", E.EACCES: "permission denied",
           E.EPERM: "permission denied"}.get(exc.errno, exc.strerror or str(exc))
    return f"cannot write {path}: {why}"


def _lock(site: Path) -> int:
    """One render at a time per site folder: two would swap the same folders.

    An flock on an open file: the kernel releases it when the holder dies, however it dies.
    Worker processes close their inherited copy at once (see :mod:`.pool`), so only this
    process can keep it.
    """
    fd = os.open(site / ".render.lock", os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0),
                 0o644)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no locking
        return fd
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
        print(f"waiting for another uschina render (pid {holder}) writing to {site} ...",
              flush=True)
        fcntl.flock(fd, fcntl.LOCK_EX)
    try:  # who holds it, for the message above; not needed for the lock itself
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    except OSError:
        pass  # a full disk: the render says so where it matters
    return fd


def _render(todo, state, site: Path, workers: int, timeout: int, progress,
            orders: dict[str, int], catalog: _CatalogPage, lock: int,
            scheduler: str | None = None):
    """Run the jobs on local worker processes or a Dask cluster; record each result as it ends.

    Returns the failed job ids, and the ``OSError`` that stopped the render (a full disk,
    a read-only site), if one did: no further job is started then.
    """
    from . import worker
    from .pool import Pool

    # longest first (from the last run's timings) keeps both cores busy to the end
    todo = sorted(todo, key=lambda jk: -(state.jobs.get(jk[0].id) or {}).get("seconds", 0))
    by_id = {job.id: (job, key) for job, key in todo}
    failed: list[str] = []
    fatal: list[OSError] = []
    tasks = [_task(job, site, timeout, local=scheduler is None) for job, _ in todo]
    try:
        with contextlib.ExitStack() as stack:
            if scheduler:
                from . import cluster

                catalog.start()
                results = cluster.run(scheduler, tasks, stop=lambda: bool(fatal))
            else:
                pool = stack.enter_context(Pool(workers, worker.run,
                                                initializer=worker.pool_preload,
                                                close_fds=[lock]))
                pool.start()
                # the workers are forked by now, so a thread is safe: the catalog page (pandas)
                # is built while this process would otherwise only wait for the workers
                catalog.start()
                results = pool.run(tasks, stop=lambda: bool(fatal))
            for task, outcome in results:
                job, key = by_id[task.id]
                result = outcome.to_dict()  # the record keeps plain values
                result["kept"] = _kept(site, job)
                disk = worker.disk_error(result.get("error"))
                if disk is not None and not fatal:
                    fatal.append(OSError(disk[0], os.strerror(disk[0]), disk[1] or str(site)))
                _record(state, site, job, key, result, orders.get(job.view.name, 0))
                try:
                    state.save_job(job.id)  # one row: a killed run keeps what finished
                except OSError as exc:  # let the jobs in flight end, then stop
                    fatal.append(exc)
                progress.job_done(job, result)
                if result["status"] != "ok":
                    failed.append(job.id)
    finally:
        shutil.rmtree(site / worker.STAGING, ignore_errors=True)
    return failed, (fatal[0] if fatal else None)


def _sweep(site: Path) -> None:
    """Leftovers of a render that was killed mid-way: staging copies, folders being replaced,
    temporary files, and socket folders in /tmp whose owner died."""
    from .lifecycle import sweep_sockets
    from .tasks import STAGING

    shutil.rmtree(site / STAGING, ignore_errors=True)
    for old in site.glob("*/.old-*"):
        shutil.rmtree(old, ignore_errors=True)
    _sweep_temp(site)
    if any(site.glob(".data-*")):
        from .publish_data import recover

        recover(site)
    sweep_sockets()


def _sweep_temp(site: Path) -> None:
    """Temporary files of atomic writes (``.<name>.*.tmp``) that never got renamed."""
    for pattern in (".*.tmp", "*/.*.tmp"):
        for tmp in site.glob(pattern):
            try:
                tmp.unlink()
            except OSError:
                pass


def _task(job, site: Path, timeout: int, local: bool = True):
    """The job as a self-contained record: what it needs is in it, nothing in our globals."""
    from .tasks import Task

    return Task(id=job.id, stem=job.stem, slot=job.slot, notebook=str(job.notebook),
                params=job.params, site=str(site), timeout=timeout,
                title=f"{job.stem} · {job.view.name} · {job.lang}",
                env={"USCHINA_DATA_DIR": str(data_dir())}, forkserver=local)


def _kept(site: Path, job) -> str | None:
    path = site / job.stem / f"{job.slot}.failed.ipynb"
    return str(path) if path.is_file() else None


def _record(state, site: Path, job, key: dict, result: dict, order: int) -> None:
    old = state.jobs.get(job.id) or {}
    now = datetime.now().isoformat(timespec="seconds")
    rec = {
        "stem": job.stem, "slot": job.slot, "view": job.view.name, "lang": job.lang,
        "view_label": job.view.label, "view_order": order + 100 * job.view.oneoff,
        "oneoff": job.view.oneoff,
        # a value of a swept view: the gallery shows the sweep as one card to step through
        "sweep": (dict(zip(("group", "param", "value", "index"), job.view.sweep, strict=True))
                  if job.view.sweep else None),
        "notebook": str(job.notebook), "params": job.params,
        "status": result["status"], "seconds": result["seconds"], "finished": now,
        "exec_seconds": result.get("exec_seconds", 0.0), "host": result.get("host", ""),
        "key": key, "data": {p: state.hasher.file(p) for p in result["data"]},
    }
    if result["status"] == "ok":
        rec.update(figures=result["figures"], html_bytes=result.get("html_bytes"), last_ok=now)
    else:
        rec["error"] = result["error"]
        # the previous good outputs stay in place; the index shows them, marked stale
        good = (site / job.stem / f"{job.slot}.html").is_file()
        rec["figures"] = old.get("figures", []) if good else []
        rec["last_ok"] = old.get("last_ok") if good else None
    state.jobs[job.id] = rec


class _CatalogPage:
    """The catalog page and data copies, rebuilt only when data/ changed (needs pandas)."""

    def __init__(self, site: Path, state, force: bool):
        self.site, self.dir = site, data_dir()
        self.hash = state.hasher.tree(self.dir)
        self.state = state
        self.needed = (force or state.site.get("data") != self.hash
                       or not (site / "catalog.html").is_file())
        self.thread = None
        self.error: BaseException | None = None

    def start(self) -> None:
        import threading

        if self.needed and self.thread is None:
            self.thread = threading.Thread(target=self._run, daemon=True)
            self.thread.start()

    def _run(self) -> None:
        from .site import build_catalog

        try:
            build_catalog(self.site, self.dir)
        except (UschinaError, OSError) as exc:  # reported by run()
            self.error = exc
        except Exception as exc:  # noqa: BLE001 - a bug, still reported by run()
            self.error = RuntimeError(f"{type(exc).__name__}: {exc}")

    def wait(self) -> None:
        """Let a running catalog thread end (a stopped render must not leave it mid-copy)."""
        if self.thread is not None:
            self.thread.join()

    def build(self) -> None:
        if not self.needed:
            return
        if self.thread is None:
            self._run()
        else:
            self.thread.join()
        if self.error is not None:
            if isinstance(self.error, OSError):
                raise self.error  # a full disk or read-only site: reported by run()
            return  # bad data: reported by run(); tried again next time
        self.state.site["data"] = self.hash
        self.needed = False


def _build_index(site: Path, state, force: bool) -> None:
    """Rebuild the gallery when a job ran or records of deleted notebooks dropped out."""
    exists: dict[str, bool] = {}  # one stat per notebook, not per job
    gone = [j for j, r in state.jobs.items()
            if not exists.setdefault(r["notebook"], Path(r["notebook"]).is_file())]
    for jid in gone:
        _remove_outputs(site, state.jobs.pop(jid))
    if force or gone or not (site / "index.html").is_file() or (
            state.site.get("index") != len(state.jobs)):
        from .site import build_index  # Jinja2 and the page modules: only when needed

        build_index(site, state.jobs)
        state.site["index"] = len(state.jobs)


def _remove_outputs(site: Path, rec: dict) -> None:
    """A deleted notebook's pages, figures and kept failures; its folder once empty."""
    folder = site / rec["stem"]
    slot = rec["slot"]
    if folder.parent != site or not rec["stem"] or not slot:
        return
    shutil.rmtree(folder / slot, ignore_errors=True)
    for ext in ("html", "ipynb", "failed.html", "failed.ipynb"):
        (folder / f"{slot}.{ext}").unlink(missing_ok=True)
    try:
        folder.rmdir()
    except OSError:
        pass  # other views of it remain (or someone's own files)
