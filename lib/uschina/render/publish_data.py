"""The site's copy of ``data/``: validated first, then swapped in whole.

Every data set is loaded through the catalog (schema, dates, finite numbers, no empty file),
every CSV must have its metadata sidecar, and only when all pass is a fresh copy written
beside the published one and exchanged with it in one step. A bad file therefore leaves the
site's previous good copy (and its catalog page) as they were, and the error names the file,
the line and the problem.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

from ..errors import DataFileError, UschinaError

STAGE_PREFIX, OLD_PREFIX = ".data-new-", ".data-old-"


def recover(site: Path) -> None:
    """Undo what a render killed mid-publish left (only the two-rename fallback can)."""
    olds = sorted(site.glob(f"{OLD_PREFIX}*"))
    if olds and not (site / "data").exists():
        os.replace(olds.pop(), site / "data")  # the previous good copy, back in place
    for leftover in [*olds, *site.glob(f"{STAGE_PREFIX}*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def problems(data_dir: Path) -> list[str]:
    """Everything wrong with ``data_dir`` (the folder the catalog reads), one line each."""
    from .. import datasets

    found, named = [], set()
    for key in datasets.keys():
        try:
            named.add(datasets.meta(key).file)
            datasets.load(key)
        except UschinaError as exc:
            found.append(str(exc))
    for csv in sorted(data_dir.glob("*.csv")):
        if csv.name not in named:
            found.append(f"{csv}: no metadata sidecar names it (expected {csv.stem}.yaml with "
                         f"file: {csv.name}); without one it would drop out of the catalog")
    return found


def publish(site: Path, data_dir: Path) -> Path:
    """Validate ``data_dir``, then make ``<site>/data`` an exact copy of its CSV and YAML files.

    Raises :class:`DataFileError` listing every problem, before anything in the site changes.
    """
    bad = problems(data_dir)
    if bad:
        raise DataFileError(f"{len(bad)} problem{'s' * (len(bad) > 1)} in {data_dir}:\n  - "
                            + "\n  - ".join(bad))
    dest = site / "data"
    recover(site)
    stage = site / f"{STAGE_PREFIX}{os.getpid()}"
    try:
        stage.mkdir(parents=True)
        for src in sorted(data_dir.glob("*.csv")) + sorted(data_dir.glob("*.yaml")):
            shutil.copyfile(src, stage / src.name)
            os.chmod(stage / src.name, 0o644)
        os.chmod(stage, 0o755)
        if dest.is_dir() and _exchange(stage, dest):
            pass  # stage now holds the old copy
        elif dest.is_dir():
            old = site / f"{OLD_PREFIX}{os.getpid()}"
            os.replace(dest, old)
            os.replace(stage, dest)
            stage = old
        else:
            os.replace(stage, dest)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return dest


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically (Linux ``renameat2(RENAME_EXCHANGE)``); False if unsupported."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False  # an old kernel or a file system without it: two renames instead
    raise OSError(code, os.strerror(code), str(b))
