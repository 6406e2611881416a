"""Processes that die with their parent, and the leftovers of renders that were killed.

A render is a tree: ``uschina render`` -> worker processes -> a fork server and kernels per
worker. Each process below the top asks Linux to kill it when its parent dies
(``PR_SET_PDEATHSIG``), so ``kill -9`` of the renderer takes the whole tree down and no orphan
keeps the site's lock or a CPU. What a killed tree cannot clean up itself (socket folders in
/tmp, named after the process that made them) is removed by the next render.

Standard library only: the fork server imports this module before anything else.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import sys
import time

PR_SET_PDEATHSIG = 1
SOCKET_PREFIXES = ("ufs-", "uck-")  # fork server sockets, kernel IPC sockets
_OWNED = re.compile(r"^(?:ufs|uck)-(\d+)-")
LEGACY_AGE = 600.0  # seconds; folders named without an owner pid are judged by age and sockets


def die_with_parent(expected_parent: int | None = None, sig: int = signal.SIGKILL) -> bool:
    """Ask the kernel to send ``sig`` to this process when its parent exits (Linux only).

    The signal is tied to the parent *thread* that created this process: callers create their
    children from a thread that lives as long as the children should (the main thread).
    If the parent is already gone (it died between fork and this call), exit now.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        ok = libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except (OSError, AttributeError):  # pragma: no cover - no usable libc
        return False
    if expected_parent is not None and os.getppid() != expected_parent:
        os._exit(1)
    return ok


def socket_root() -> str:
    import tempfile

    root = "/tmp" if os.path.isdir("/tmp") else tempfile.gettempdir()
    return root if len(root) < 40 else tempfile.gettempdir()


def socket_folder(prefix: str) -> str:
    """A fresh private folder for sockets, named after this process (its owner)."""
    import tempfile

    return tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=socket_root())


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return _not_zombie(pid)


def _not_zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def _listening(folder: str) -> bool:
    """True when some socket in ``folder`` still accepts connections."""
    try:
        names = os.listdir(folder)
    except OSError:
        return False
    for name in names:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(0.2)
            try:
                s.connect(os.path.join(folder, name))
            except OSError:
                continue
            return True
    return False


def sweep_sockets(root: str | None = None, now: float | None = None) -> list[str]:
    """Remove this user's socket folders whose owner died (a killed render's leftovers).

    Folders carry their owner's pid (``ufs-<pid>-...``); older ones without it are removed
    only when stale (no socket answers and untouched for ``LEGACY_AGE`` seconds), since a
    render of another checkout may be using them right now.
    """
    root = root or socket_root()
    now = time.time() if now is None else now
    uid = os.getuid() if hasattr(os, "getuid") else None
    removed = []
    try:
        entries = list(os.scandir(root))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(SOCKET_PREFIXES):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if not entry.is_dir(follow_symlinks=False) or (uid is not None and st.st_uid != uid):
                continue
        except OSError:
            continue
        m = _OWNED.match(entry.name)
        if m:
            dead = not alive(int(m.group(1)))
        else:
            dead = now - st.st_mtime > LEGACY_AGE and not _listening(entry.path)
        if dead:
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(entry.path)
    return removed
