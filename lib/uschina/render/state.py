"""What each job's last render depended on, so that an unchanged job is skipped.

A job's inputs are its notebook file, its parameters, the library modules the notebook imports
(see :mod:`.deps`), the renderer's page templates, and the data files it loaded (recorded by
``uschina.datasets.load`` through the kernel's env var ``USCHINA_LOAD_LOG``). File contents are
hashed; like git, a hash is reused while the file's size and mtime are unchanged, so a no-change
run reads almost nothing.

The state lives in ``<site>/.render-state.sqlite`` (stdlib :mod:`sqlite3`): one row per job,
written as the job ends, so the cost of recording a job does not grow with the plan (a JSON
file rewritten whole after every job cost 117 ms per job at 3,600 jobs).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import sqlite3
from pathlib import Path

FORMAT = 2  # bump when the layout of the outputs changes: every job re-renders once
STATE_NAME = ".render-state.sqlite"
OLD_STATE = ".render-state.json"  # format 1, replaced by the database


class Hasher:
    """Content hashes of files, cached by (size, mtime) across runs."""

    def __init__(self, cache: dict | None = None):
        self.cache: dict[str, list] = dict(cache or {})
        self.used: set[str] = set()

    def file(self, path: Path | str) -> str | None:
        """The file's sha1, or None when it does not exist."""
        key = str(path)
        self.used.add(key)
        try:
            st = os.stat(key)
        except OSError:
            return None
        hit = self.cache.get(key)
        if hit and hit[0] == st.st_size and hit[1] == st.st_mtime_ns:
            return hit[2]
        digest = hashlib.sha1(Path(key).read_bytes()).hexdigest()
        self.cache[key] = [st.st_size, st.st_mtime_ns, digest]
        return digest

    def tree(self, root: Path, suffixes: tuple[str, ...] | None = None) -> str:
        """One hash over every file under ``root`` (names and contents), caches excluded."""
        h = hashlib.sha1()
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__"
                                 and not d.startswith("."))
            for name in sorted(filenames):
                if name.endswith((".pyc", ".pyo")) or name.startswith("."):
                    continue
                if suffixes and not name.endswith(suffixes):
                    continue
                path = os.path.join(dirpath, name)
                h.update(os.path.relpath(path, root).encode())
                h.update((self.file(path) or "-").encode())
        return h.hexdigest()

    def pruned(self) -> dict:
        return {k: v for k, v in self.cache.items() if k in self.used}


class State:
    """``jobs`` (job id -> record) and ``site`` (the site's own fingerprints), loaded whole
    (fast: one query), written back a row at a time."""

    def __init__(self, site: Path):
        self.path = site / STATE_NAME
        self.jobs: dict[str, dict] = {}
        self.site: dict = {}
        self._db: sqlite3.Connection | None = None
        files: dict[str, list] = {}
        if self.path.is_file():
            try:
                db = self._connect()
                if dict(db.execute("SELECT key, value FROM meta")).get("format") == str(FORMAT):
                    self.jobs = {k: json.loads(v) for k, v in db.execute(
                        "SELECT id, record FROM jobs")}
                    self.site = {k: json.loads(v) for k, v in db.execute(
                        "SELECT key, value FROM site")}
                    files = {p: [size, mtime, digest] for p, size, mtime, digest in db.execute(
                        "SELECT path, size, mtime, digest FROM files")}
                else:
                    self._reset(db)
            except sqlite3.DatabaseError:  # damaged or foreign: start again (re-render all)
                self._close()
                self.path.unlink(missing_ok=True)
        self._saved_files = {k: tuple(v) for k, v in files.items()}
        self._saved_jobs = set(self.jobs)
        self.hasher = Hasher(files)

    # ---------------------------------------------------------------- storage

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            # a killed renderer loses nothing the OS already has; only a power cut could
            # damage the file, and a damaged state only means one full re-render
            db.execute("PRAGMA synchronous=OFF")
            db.executescript("""
                CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
                CREATE TABLE IF NOT EXISTS jobs (id TEXT PRIMARY KEY, record TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS site (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER,
                                                  mtime INTEGER, digest TEXT);
            """)
            db.execute("INSERT OR IGNORE INTO meta VALUES ('format', ?)", (str(FORMAT),))
            self._db = db
        return self._db

    def _reset(self, db: sqlite3.Connection) -> None:
        db.executescript("DELETE FROM jobs; DELETE FROM site; DELETE FROM files;")
        db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (str(FORMAT),))

    def _close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _write(self, statements) -> None:
        """Run ``(sql, rows)`` pairs in one transaction; a failure changes nothing and is an
        ``OSError`` naming the file (a full disk, a read-only site)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = self._connect()
            db.execute("BEGIN IMMEDIATE")
            try:
                for sql, rows in statements:
                    db.executemany(sql, rows)
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            self._close()
            raise _as_os_error(exc, self.path) from None
        except OSError as exc:
            if not exc.filename:
                exc.filename = str(self.path)
            raise

    # ---------------------------------------------------------------- the API

    def save_job(self, job_id: str) -> None:
        """Record one job (as it ends): a single row."""
        rec = self.jobs.get(job_id)
        if rec is None:
            self._write([("DELETE FROM jobs WHERE id = ?", [(job_id,)])])
            self._saved_jobs.discard(job_id)
        else:
            self._write([("INSERT OR REPLACE INTO jobs VALUES (?, ?)",
                          [(job_id, json.dumps(rec, ensure_ascii=False, sort_keys=True))])])
            self._saved_jobs.add(job_id)

    def save(self) -> None:
        """The end of a run: dropped jobs, the site's fingerprints, changed file hashes."""
        gone = self._saved_jobs - set(self.jobs)
        unsaved = [j for j in self.jobs if j not in self._saved_jobs]
        files = self.hasher.pruned() if self.hasher.used else self.hasher.cache
        changed = [(k, *v) for k, v in files.items() if self._saved_files.get(k) != tuple(v)]
        stale = [(k,) for k in self._saved_files if k not in files]
        self._write([
            ("DELETE FROM jobs WHERE id = ?", [(j,) for j in gone]),
            ("INSERT OR REPLACE INTO jobs VALUES (?, ?)",
             [(j, json.dumps(self.jobs[j], ensure_ascii=False, sort_keys=True))
              for j in unsaved]),
            ("INSERT OR REPLACE INTO site VALUES (?, ?)",
             [(k, json.dumps(v, ensure_ascii=False, sort_keys=True))
              for k, v in self.site.items()]),
            ("DELETE FROM files WHERE path = ?", stale),
            ("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)", changed),
        ])
        self._saved_jobs = set(self.jobs)
        self._saved_files = {k: tuple(v) for k, v in files.items()}
        (self.path.parent / OLD_STATE).unlink(missing_ok=True)

    def close(self) -> None:
        self._close()


def read_jobs(site: Path) -> dict[str, dict]:
    """The job records of a site (for tests and tools)."""
    state = State(Path(site))
    try:
        return state.jobs
    finally:
        state.close()


def _as_os_error(exc: sqlite3.Error, path: Path) -> OSError:
    text = str(exc).lower()
    if "full" in text:
        code = errno.ENOSPC
    elif "readonly" in text or "read-only" in text:
        code = errno.EROFS
    elif "unable to open" in text or "permission" in text:
        code = errno.EACCES
    else:
        code = errno.EIO
    return OSError(code, os.strerror(code) if code != errno.EIO else str(exc), str(path))


def job_key(job, hasher: Hasher, lib_hash: str) -> dict:
    """The inputs known before running: notebook, parameters, library code."""
    return {
        "format": FORMAT,
        "notebook": hasher.file(job.notebook),
        "params": job.params_json(),
        "lib": lib_hash,
    }


def data_unchanged(record: dict, hasher: Hasher) -> bool:
    return all(hasher.file(p) == digest for p, digest in record.get("data", {}).items())


def up_to_date(job, record: dict | None, key: dict, hasher: Hasher, site: Path) -> bool:
    """True when the last render of ``job`` succeeded with exactly these inputs."""
    if not record or record.get("status") != "ok" or record.get("key") != key:
        return False
    if not (site / job.stem / f"{job.slot}.html").is_file():
        return False  # someone deleted the page: render it again
    return data_unchanged(record, hasher)


def reason(job, record: dict | None, key: dict, hasher: Hasher, site: Path) -> str:
    """Why a job must run (for the progress display)."""
    if not record:
        return "new"
    if record.get("status") != "ok":
        return "failed last time"
    old = record.get("key", {})
    for field in ("format", "notebook", "params", "lib"):
        if old.get(field) != key[field]:
            return {"format": "renderer changed", "notebook": "notebook changed",
                    "params": "parameters changed", "lib": "library code changed"}[field]
    if not (site / job.stem / f"{job.slot}.html").is_file():
        return "page missing"
    changed = [Path(p).name for p, d in record.get("data", {}).items() if hasher.file(p) != d]
    return "data changed: " + ", ".join(changed) if changed else "forced"
