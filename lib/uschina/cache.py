"""Memoise slow, pure computations (model fits) on their real inputs.

A call's key is a hash of: the function's name, the values of its arguments (for pandas
objects: every value, the index, the dtypes and the name, not the object's identity), the
source code of the package the function lives in (so an edit, also one picked up by
``%autoreload``, invalidates), and the versions of numpy, pandas, scipy and statsmodels.
Data files reach a fit only as arguments, so changing a data file changes the key too.

Two levels: a per-process memory cache (re-running a notebook cell in the same kernel) and a
disk cache under ``build/cache/`` (a new kernel, the renderer's jobs) for calls that took longer
than :data:`DISK_MIN_SECONDS`. Results are stored pickled and unpickled on every hit, so a caller
that mutates a result cannot corrupt the cache.

``USCHINA_CACHE=0`` turns caching off; ``USCHINA_CACHE_DIR`` moves the disk cache.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import tempfile
import time
from collections import OrderedDict
from pathlib import Path

import numpy as np
import pandas as pd

from .paths import build_dir

DISK_MIN_SECONDS = 0.05  # cheaper calls are not worth a file
MEMORY_ITEMS = 256

_memory: OrderedDict[str, bytes] = OrderedDict()
stats = {"hits_memory": 0, "hits_disk": 0, "misses": 0}


def enabled() -> bool:
    return os.environ.get("USCHINA_CACHE", "1") not in ("0", "false", "no", "off")


def cache_dir() -> Path:
    override = os.environ.get("USCHINA_CACHE_DIR")
    return Path(override) if override else build_dir() / "cache"


_OTHER_MEMORY: list = []  # clear() of other in-process caches (e.g. claims.check's results)


def on_clear(clear_fn) -> None:
    """Have :func:`clear` also empty another in-process cache (``clear_fn()``)."""
    _OTHER_MEMORY.append(clear_fn)


def clear(disk: bool = False) -> None:
    """Empty the memory caches (and the disk cache with ``disk=True``)."""
    _memory.clear()
    for clear_other in _OTHER_MEMORY:
        clear_other()
    if disk:
        import shutil

        shutil.rmtree(cache_dir(), ignore_errors=True)


def _feed(h, obj) -> None:
    """Hash ``obj`` by value into ``h`` (a hashlib object)."""
    if isinstance(obj, (pd.Series, pd.DataFrame)):
        h.update(b"pd:" + type(obj).__name__.encode())
        h.update(pd.util.hash_pandas_object(obj, index=True).to_numpy().tobytes())
        _feed(h, obj.name if isinstance(obj, pd.Series) else list(obj.columns))
        _feed(h, [str(obj.dtypes)] if isinstance(obj, pd.Series) else [str(d) for d in obj.dtypes])
        _feed(h, [str(obj.index.dtype), obj.index.name, getattr(obj.index, "freqstr", None)])
    elif isinstance(obj, pd.Index):
        _feed(h, pd.Series(obj))
    elif isinstance(obj, np.ndarray):
        h.update(f"nd:{obj.dtype}:{obj.shape}:".encode())
        h.update(np.ascontiguousarray(obj).tobytes())
    elif isinstance(obj, dict):
        h.update(b"dict:")
        for k in sorted(obj, key=repr):
            _feed(h, k)
            _feed(h, obj[k])
    elif isinstance(obj, (list, tuple)):
        h.update(f"{type(obj).__name__}:{len(obj)}:".encode())
        for item in obj:
            _feed(h, item)
    elif obj is None or isinstance(obj, (str, int, float, bool, np.generic, pd.Timestamp,
                                          pd.Timedelta, pd.Period)):
        h.update(f"{type(obj).__name__}:{obj!r};".encode())
    else:  # e.g. a dataclass: its pickle is its value
        h.update(b"pickle:" + pickle.dumps(obj, protocol=4))


def fingerprint(*objs) -> str:
    """A hex digest of ``objs`` by value (pandas objects by their data, index and dtypes)."""
    h = hashlib.sha256()
    for obj in objs:
        _feed(h, obj)
    return h.hexdigest()


def _sources(package_file: str) -> tuple[tuple[str, int, int], ...]:
    folder = Path(package_file).parent
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size)
                 for p in sorted(folder.glob("*.py")))


@functools.lru_cache(maxsize=32)
def _code_hash(sources: tuple[tuple[str, int, int], ...]) -> str:
    h = hashlib.sha256()
    for path, _mtime, _size in sources:
        h.update(Path(path).read_bytes())
    for lib in ("numpy", "pandas", "scipy", "statsmodels"):
        mod = sys.modules.get(lib)
        h.update(f"{lib}={getattr(mod, '__version__', None)};".encode())
    return h.hexdigest()


def code_version(module_file: str) -> str:
    """Hash of the ``*.py`` files beside ``module_file`` and the numerical libraries' versions.

    Re-read when a file's modification time or size changes (an edit, ``%autoreload``).
    """
    return _code_hash(_sources(module_file))


def memoize(fn):
    """Decorator: cache ``fn``'s result on the value of its arguments and its package's code.

    ``fn`` must be pure: its result depends only on its arguments (and the code).

    Example
    -------
    >>> @memoize
    ... def slow_fit(series, order=(1, 1, 0)):
    ...     ...
    """
    module_file = sys.modules[fn.__module__].__file__
    name = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if not enabled():
            return fn(*args, **kwargs)
        key = fingerprint(name, code_version(module_file), args, kwargs)
        blob = _memory.get(key)
        if blob is not None:
            _memory.move_to_end(key)
            stats["hits_memory"] += 1
            return pickle.loads(blob)
        path = cache_dir() / name / f"{key}.pkl"
        try:
            blob = path.read_bytes()
            result = pickle.loads(blob)
            stats["hits_disk"] += 1
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            t0 = time.perf_counter()
            result = fn(*args, **kwargs)
            took = time.perf_counter() - t0
            stats["misses"] += 1
            blob = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
            if took >= DISK_MIN_SECONDS:
                _write(path, blob)
        _remember(key, blob)
        return result

    wrapper.uncached = fn
    return wrapper


def _remember(key: str, blob: bytes) -> None:
    _memory[key] = blob
    while len(_memory) > MEMORY_ITEMS:
        _memory.popitem(last=False)


def _write(path: Path, blob: bytes) -> None:
    """Atomically (parallel render jobs may write the same key); a read-only disk is fine."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, path)
    except OSError:
        pass
