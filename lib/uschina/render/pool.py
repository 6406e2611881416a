"""Long-lived worker processes that run jobs, die with the renderer, and survive each other.

Unlike ``concurrent.futures.ProcessPoolExecutor``, where one worker that dies breaks the whole
pool (``BrokenProcessPool`` for every job), here a dead worker costs only the job it was
running: that job is tried once more on a fresh worker, and if its worker dies again it is
reported failed. Each worker:

- asks Linux to kill it when the renderer dies (:func:`.lifecycle.die_with_parent`), so a
  ``kill -9`` of ``uschina render`` leaves no orphan holding the site's lock;
- runs in its own process group, so Ctrl-C reaches only the renderer, which then stops the
  workers itself;
- closes its inherited copy of the lock file (``close_fds``): a lock the renderer holds must
  end with the renderer.

A job is a picklable record in and out (:class:`.tasks.Task` and :class:`.tasks.Result`).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import wait

from .lifecycle import die_with_parent


def _worker_main(conn, fn: Callable[[dict], dict], initializer, close_fds, parent: int) -> None:
    die_with_parent(parent)
    try:
        os.setpgrp()
    except OSError:  # pragma: no cover
        pass
    for fd in close_fds:
        try:
            os.close(fd)
        except OSError:
            pass
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if initializer is not None:
        try:
            initializer()
        except Exception:  # noqa: BLE001 - each job reports what it cannot do itself
            pass
    while True:
        try:
            spec = conn.recv()
        except (EOFError, OSError):
            return
        if spec is None:
            return
        try:
            result = fn(spec)
        except Exception as exc:  # noqa: BLE001 - fn reports its own errors; a safety net
            result = failure(spec, type(exc).__name__, str(exc))
        conn.send(result)


def _id(spec) -> str:
    return str(spec["id"] if isinstance(spec, dict) else spec.id)


def failure(spec, ename: str, evalue: str):
    """A failed result of the same kind the job function returns: a :class:`.tasks.Result`
    for a :class:`.tasks.Task`, a dict for a dict."""
    from .tasks import Result

    result = Result(_id(spec), error={"ename": ename, "evalue": evalue})
    return result.to_dict() if isinstance(spec, dict) else result


class _Worker:
    def __init__(self, ctx, fn, initializer, close_fds):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, daemon=True,
                                args=(child, fn, initializer, close_fds, os.getpid()))
        self.proc.start()
        child.close()
        self.spec: dict | None = None


class Pool:
    """``size`` workers running ``fn(spec) -> result``; ``run`` yields results as they end."""

    def __init__(self, size: int, fn: Callable[[dict], dict], initializer=None,
                 close_fds: Iterable[int] = (), retries: int = 1):
        self.size, self.fn, self.initializer = size, fn, initializer
        self.close_fds, self.retries = tuple(close_fds), retries
        self.workers: list[_Worker] = []
        self.crashes: dict[str, int] = {}

    def _context(self):
        # fork is cheap, but forking while another thread runs (the catalog page) can copy a
        # lock held mid-import: replacements started then are spawned instead
        methods = multiprocessing.get_all_start_methods()
        if "fork" in methods and threading.active_count() == 1:
            return multiprocessing.get_context("fork"), self.close_fds
        return multiprocessing.get_context("spawn"), ()  # a spawned child inherits no fds

    def start(self) -> None:
        """Start every worker now (call before starting other threads)."""
        while len(self.workers) < self.size:
            self._add()

    def _add(self) -> _Worker:
        ctx, fds = self._context()
        w = _Worker(ctx, self.fn, self.initializer, fds)
        self.workers.append(w)
        return w

    def run(self, specs: Iterable[dict], stop: Callable[[], bool] = lambda: False,
            ) -> Iterator[tuple[dict, dict]]:
        """Yield ``(spec, result)`` as jobs end. ``stop()`` true: start no further job."""
        queue = deque(specs)
        self.start()
        while True:
            if stop():
                queue.clear()
            for w in self.workers:
                if w.spec is None and queue:
                    w.spec = queue.popleft()
                    try:
                        w.conn.send(w.spec)
                    except OSError:
                        pass  # dead already: found below
            busy = [w for w in self.workers if w.spec is not None]
            if not busy:
                return
            wait([x for w in busy for x in (w.conn, w.proc.sentinel)])
            for w in busy:
                result = self._collect(w)
                if result is None:
                    continue
                spec, w.spec = w.spec, None
                if result is _DIED:
                    result = self._died(w, spec, queue)
                    if result is None:
                        continue
                yield spec, result

    def _collect(self, w: _Worker):
        try:
            if w.conn.poll():
                return w.conn.recv()
        except (EOFError, OSError):
            return _DIED
        if w.proc.exitcode is not None or not w.proc.is_alive():
            return _DIED
        return None

    def _died(self, w: _Worker, spec: dict, queue: deque) -> dict | None:
        w.proc.join(timeout=5)
        how = _how(w.proc.exitcode)
        self.workers.remove(w)
        w.conn.close()
        jid = _id(spec)
        self.crashes[jid] = self.crashes.get(jid, 0) + 1
        if queue or self.crashes[jid] <= self.retries:
            self._add()  # a fresh worker for the retry and the jobs still waiting
        if self.crashes[jid] <= self.retries:
            queue.appendleft(spec)
            return None
        tries = self.crashes[jid]
        return failure(spec, "WorkerDied",
                       f"the worker process rendering this job died ({how}), "
                       f"{tries} time{'s' * (tries > 1)}; the other jobs were not affected")

    def close(self, kill: bool = False) -> None:
        """Stop the workers: politely (they finish, then exit) or at once (``kill``)."""
        for w in self.workers:
            if kill:
                w.proc.kill()
            else:
                try:
                    w.conn.send(None)
                except OSError:
                    pass
        for w in self.workers:
            w.proc.join(timeout=None if kill else 30)
            if w.proc.is_alive():
                w.proc.kill()
                w.proc.join()
            w.conn.close()
        self.workers = []

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close(kill=exc_type is not None)


_DIED = object()


def _how(code: int | None) -> str:
    if code is None:
        return "exit status unknown"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"
