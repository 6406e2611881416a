"""What each job's last render depended on, so that an unchanged job is skipped.

A job's inputs are its notebook file, its parameters, the library code (``lib/uschina/**``)
and the data files it loaded (recorded by ``uschina.datasets.load`` through the env var
``USCHINA_LOAD_LOG``). File contents are hashed; like git, a hash is reused while the file's
size and mtime are unchanged, so a no-change run reads almost nothing.

The state lives in ``<site>/.render-state.json``, rewritten atomically after every job.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

FORMAT = 1  # bump when the layout of the outputs changes: every job re-renders once
STATE_NAME = ".render-state.json"


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
    def __init__(self, site: Path):
        self.path = site / STATE_NAME
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raw = {}
        if raw.get("format") != FORMAT:
            raw = {}
        self.jobs: dict[str, dict] = raw.get("jobs", {})
        self.site: dict = raw.get("site", {})
        self.hasher = Hasher(raw.get("files"))

    def save(self) -> None:
        data = {"format": FORMAT, "jobs": self.jobs, "site": self.site,
                "files": self.hasher.pruned() if self.hasher.used else self.hasher.cache}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".state.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False, indent=1, sort_keys=True)
            os.replace(tmp, self.path)
        except BaseException as exc:  # a full disk, or a signal: no half-written file left
            try:
                os.unlink(tmp)
            except OSError:
                pass
            if isinstance(exc, OSError) and not exc.filename:
                exc.filename = str(self.path)
            raise


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
