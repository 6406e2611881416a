"""One render job, run in a worker process: execute with papermill, export HTML, swap in.

A job renders into a staging folder (``<site>/.staging/<notebook>__<view>_<lang>/``) and only
a successful job's figures, executed notebook and page replace the previous ones, each with an
atomic rename. A failed job leaves the previous good outputs alone and keeps its partly executed
notebook (and a page of it) as ``<view>_<lang>.failed.ipynb`` / ``.failed.html`` for debugging.

Workers are long-lived (a local process pool, or Dask workers): papermill, nbconvert and the
HTML templates load once per process. A job changes no process-wide state (see :mod:`.tasks`).
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sys
import time
import traceback
from pathlib import Path

from .tasks import STAGING, Result, Task


def preload() -> None:
    """Pay the imports and the template loading once per process (a pool initializer; a Dask
    worker calls it on its first job). Changes nothing a job depends on."""
    # jsonschema (via nbformat) imports the optional rfc3987_syntax, which builds a grammar at
    # import: ~1 s of CPU per process, for the "iri" format that notebook schemas never use.
    # Marking it absent makes jsonschema skip that check, as it does when it is not installed.
    sys.modules.setdefault("rfc3987_syntax", None)
    import papermill  # noqa: F401

    from . import htmlexport, kernels  # noqa: F401

    htmlexport.exporter()


def pool_preload() -> None:
    """Local pool initializer: start this worker's fork server, then :func:`preload`."""
    _FORKSERVER.start()  # imports in its own process while this one imports papermill
    preload()


# two kernels share two cores: one BLAS thread each (given to each kernel, see kernel_env)
KERNEL_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def forkserver_wanted() -> bool:
    """On by default on Linux (``USCHINA_RENDER_FORKSERVER=0`` turns it off); never elsewhere.

    Measured on the quiet 2-core machine: a cold ``--force`` render of the 33-job default plan
    took 64.9 s with it and 94.2 s without (load average 1.3-1.9); an earlier comparison on a
    machine loaded to 5-6 by other work (54.0 s against 56.3 s) was within its noise. Forking a
    process that imported numpy and matplotlib is unsafe on macOS (Objective-C and Accelerate
    state); Windows has no fork.
    """
    import socket

    return (os.environ.get("USCHINA_RENDER_FORKSERVER", "1") != "0"
            and sys.platform.startswith("linux") and hasattr(socket, "send_fds"))


class _ForkServer:
    """This worker's kernel fork server (see :mod:`.forkserver`), if it could be started.

    A per-process resource, like an open file: a job that may use it gets its socket path
    passed explicitly to its kernel manager; a job without it starts its kernel the usual way.
    """

    def __init__(self):
        self.proc = None
        self.path = None
        self.checked = False

    def start(self) -> None:
        import subprocess

        from .lifecycle import socket_folder

        if not forkserver_wanted():
            return
        self.path = os.path.join(socket_folder("ufs-"), "s")
        # its stdin is a pipe from this worker: when the worker exits, the server does too
        # (and it asks Linux to kill it when this worker dies, for a worker killed mid-job)
        env = {**os.environ, **KERNEL_ENV}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uschina.render.forkserver", self.path, str(os.getpid())],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)

    def ready(self) -> str | None:
        """The server's socket once its imports are done; None if there is none."""
        if not self.checked:
            self.checked = True
            if self.proc is None:
                self.path = None
                return None
            proc, self.proc = self.proc, None
            line = proc.stdout.readline()
            if line.strip() == b"ready":
                self._keep = proc  # keeps the pipe open for the worker's lifetime
            else:
                proc.kill()
                self.path = None
        return self.path


_FORKSERVER = _ForkServer()
_PRELOADED = False


def run_task(task: Task) -> Result:
    """A Dask task: :func:`run`, with the imports paid once per worker process and the
    worker's address in the result."""
    global _PRELOADED
    if not _PRELOADED:
        preload()
        _PRELOADED = True
    result = run(task)
    try:
        from distributed import get_worker

        result.host = get_worker().address
    except (ImportError, ValueError):
        pass
    return result


def run(task: Task) -> Result:
    """Render one job. Never raises: every failure is a result with ``status: failed`` and an
    ``error``. An ``OSError`` also carries ``errno`` and ``filename`` (a full disk or a
    read-only site stops the whole render, see :func:`uschina.render.command._render`).
    """
    t0 = time.monotonic()
    site = Path(task.site)
    stem, slot = task.stem, task.slot
    stage = site / STAGING / f"{stem}__{slot}"
    load_log = stage / "loads.txt"
    nb_stage = stage / f"{slot}.ipynb"
    result = Result(task.id, host="local")
    try:
        shutil.rmtree(stage, ignore_errors=True)
        fig_stage = stage / slot
        fig_stage.mkdir(parents=True)
        load_log.touch()
        env = {**KERNEL_ENV, **task.env, "USCHINA_LOAD_LOG": str(load_log)}
        server = _FORKSERVER.ready() if task.forkserver else None
        try:
            nb = _execute(task, nb_stage, fig_stage, env, stage / "kernel.log", server)
        except Exception as exc:  # noqa: BLE001 - any failure is reported, the others go on
            result.error = _describe(exc)
            result.error["kernel_log"] = _tail(stage / "kernel.log")
            if not disk_error(result.error):  # a cut-off notebook helps nobody
                _keep_failed(site, stem, slot, nb_stage, task.title)
        else:
            from .htmlexport import write_html

            result.exec_seconds = _exec_seconds(nb)
            result.html_bytes = write_html(nb, stage / f"{slot}.html", task.title)
            _swap_in(site / stem, slot, stage)
            result.status = "ok"
            result.figures = sorted(p.name for p in (site / stem / slot).glob("*.json"))
    except Exception as exc:  # noqa: BLE001 - staging, export or swap-in failed
        result.status, result.error = "failed", _describe(exc)
    result.data = _read_loads(load_log, site)
    shutil.rmtree(stage, ignore_errors=True)
    result.seconds = round(time.monotonic() - t0, 3)
    return result


def _exec_seconds(nb) -> float:
    """The notebook's own work: the sum of papermill's per-cell durations."""
    total = 0.0
    for cell in nb.cells:
        d = cell.get("metadata", {}).get("papermill", {}).get("duration")
        if isinstance(d, (int, float)):
            total += d
    return round(total, 4)


# errors that no retry or other job can get past: the render stops and says where
DISK_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.EACCES, errno.EPERM}
_ERRNO_TEXT = re.compile(r"\[Errno (\d+)\][^:]*(?::\s*'([^']*)')?")


def disk_error(error: dict | None) -> tuple[int, str] | None:
    """``(errno, path)`` when a job failed because its output could not be written.

    Covers the renderer's own writes (``errno`` recorded) and a notebook's cell failing with
    ``[Errno 28] No space left on device: '...'`` while it saved a figure.
    """
    if not error:
        return None
    code, path = error.get("errno"), error.get("filename")
    if code is None and error.get("ename") in ("OSError", "PermissionError"):
        m = _ERRNO_TEXT.search(str(error.get("evalue", "")))
        if m:
            code, path = int(m.group(1)), m.group(2)
    if code in DISK_ERRNOS:
        return code, path or ""
    return None


def _tail(path: Path, lines: int = 8) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.strip().splitlines()[-lines:])


def _execute(task: Task, nb_out: Path, fig_dir: Path, env: dict, log: Path,
             server: str | None):
    import papermill as pm

    from .kernels import manager_for

    # relative to the notebook's folder (its working directory): no machine paths in the pages
    nb_dir = Path(task.notebook).parent
    params = {**task.params, "fig_dir": os.path.relpath(fig_dir, nb_dir)}
    return pm.execute_notebook(
        task.notebook, str(nb_out), parameters=params,
        cwd=str(nb_dir),
        progress_bar=False, log_output=False, request_save_on_cell_execute=False,
        kernel_manager_class=manager_for(env, str(log), server),
        execution_timeout=task.timeout,
        # the outputs are complete once the last cell ran; a graceful shutdown costs ~0.7 s
        shutdown_kernel="immediate",
    )


def _swap_in(nb_site: Path, slot: str, stage: Path) -> None:
    """Replace the figure folder, the executed notebook and the page, each atomically."""
    nb_site.mkdir(parents=True, exist_ok=True)
    final = nb_site / slot
    old = None
    if final.exists():
        old = nb_site / f".old-{slot}-{os.getpid()}"
        shutil.rmtree(old, ignore_errors=True)
        os.replace(final, old)
    os.replace(stage / slot, final)
    for ext in ("ipynb", "html"):
        os.replace(stage / f"{slot}.{ext}", nb_site / f"{slot}.{ext}")
        (nb_site / f"{slot}.failed.{ext}").unlink(missing_ok=True)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _keep_failed(site: Path, stem: str, slot: str, nb_stage: Path, title: str) -> None:
    """Keep the partly executed notebook (and a page of it), if it is a whole notebook."""
    if not nb_stage.is_file():
        return  # failed before papermill wrote anything (e.g. the kernel did not start)
    try:
        import nbformat

        nb = nbformat.read(nb_stage, as_version=4)  # a cut-off file is not kept
    except Exception:  # noqa: BLE001
        return
    nb_site = site / stem
    try:
        from .htmlexport import write_html

        nb_site.mkdir(parents=True, exist_ok=True)
        write_html(nb, nb_stage.with_suffix(".failed.html"), f"FAILED {title}")
        os.replace(nb_stage.with_suffix(".failed.html"), nb_site / f"{slot}.failed.html")
    except Exception:  # noqa: BLE001 - the notebook itself is what matters for debugging
        pass
    try:
        os.replace(nb_stage, nb_site / f"{slot}.failed.ipynb")
    except OSError:
        pass


def _describe(exc: BaseException) -> dict:
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        return {
            # papermill counts the injected-parameters cell; the user's cell number is the same
            # as shown in the executed notebook
            "cell_index": exc.cell_index,
            "exec_count": exc.exec_count,
            "source": exc.source,
            "ename": exc.ename,
            "evalue": exc.evalue,
        }
    out = {
        "ename": type(exc).__name__,
        "evalue": str(exc),
        "traceback": "".join(traceback.format_exception(exc)[-6:]),
    }
    if isinstance(exc, OSError) and exc.errno is not None:
        out["errno"] = exc.errno
        out["filename"] = str(exc.filename) if exc.filename else None
    return out


def _read_loads(log: Path, site: Path) -> list[str]:
    try:
        lines = log.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return sorted({str(Path(p).resolve()) for p in lines if p.strip()})
