"""Helpers for the chart notebooks: a quiet setup cell and a readable view of data sources.

The first code cell of every notebook calls :func:`setup`:

- it loads IPython's ``autoreload`` (mode 2) once, silently, so library edits show up on the
  next cell run and re-running the cell prints nothing. Installed packages (the standard
  library and site-packages: pandas, matplotlib, ...) are left out of its checks: autoreload
  would otherwise look at the ~2,500 files of every imported module before each cell (about
  15 ms a cell, 0.2 s a Run All), for files nobody edits in a session; uschina, installed
  editable, and your own modules are still reloaded when edited;
- it installs a handler that shows a :class:`~uschina.errors.UschinaError` (a bad parameter, a
  broken data file) as one line, ``ParameterError: parameter 'lang' must be ...``, instead of a
  traceback. The cell still fails: the kernel reports the error to the front end, so papermill,
  nbclient and "Run All" stop there as before.
"""

from __future__ import annotations

import os
import sys
import sysconfig
import weakref

import pandas as pd

from .errors import UschinaError

_RED, _RESET = "\x1b[0;31m", "\x1b[0m"


def setup(autoreload: bool = True) -> None:
    """Prepare the running IPython kernel for a uschina notebook (idempotent).

    Parameters
    ----------
    autoreload : bool
        Load the ``autoreload`` extension in mode 2 (reload edited modules before each cell).

    Outside IPython (a plain ``python`` process) this does nothing.

    Example
    -------
    >>> from uschina import notebook
    >>> notebook.setup()
    """
    from IPython import get_ipython

    ip = get_ipython()
    if ip is None:
        return
    loaded = ip.extension_manager.loaded  # IPython >= 8.x records the full module name
    if autoreload and not {"autoreload", "IPython.extensions.autoreload"} & set(loaded):
        # the extension manager returns "already loaded" instead of printing it
        ip.extension_manager.load_extension("autoreload")
        ip.run_line_magic("autoreload", "2")
    if autoreload:
        _watch_only_editable_modules(ip)
    ip.set_custom_exc((UschinaError,), _one_line)


def _installed_roots() -> tuple[str, ...]:
    """The folders of the standard library and of installed (non-editable) packages."""
    paths = sysconfig.get_paths()
    roots = {paths[k] for k in ("stdlib", "platstdlib", "purelib", "platlib") if k in paths}
    roots |= {os.path.realpath(r) for r in roots}
    return tuple(os.path.join(r, "") for r in sorted(roots))


def installed_modules(names, roots: tuple[str, ...] | None = None) -> list[str]:
    """Which of the modules ``names`` come from the standard library or site-packages.

    Parameters
    ----------
    names : iterable of str
        Names of imported modules (keys of ``sys.modules``).
    roots : tuple of str, optional
        Folders counted as installed (default: the interpreter's stdlib, purelib, platlib).

    Returns
    -------
    list of str
        The names whose file lies under one of ``roots``; built-in modules, namespace
        packages and modules outside them (uschina installed editable, your own) are not.

    Examples
    --------
    >>> installed_modules(["json", "uschina.style"])  # doctest: +SKIP
    ['json']
    """
    roots = _installed_roots() if roots is None else roots
    out = []
    for name in names:
        path = getattr(sys.modules.get(name), "__file__", None)
        if isinstance(path, str) and (path.startswith(roots)
                                      or os.path.realpath(path).startswith(roots)):
            out.append(name)
    return out


def _watch_only_editable_modules(ip) -> None:
    """Tell autoreload to skip installed modules, now and after every cell (new imports)."""
    magics = ip.magics_manager.registry.get("AutoreloadMagics")
    reloader = getattr(magics, "_reloader", None)
    skip = getattr(reloader, "skip_modules", None)
    if not isinstance(skip, dict):  # another autoreload: leave it as it is
        return
    seen = _seen.setdefault(reloader, set())  # modules already looked at, per reloader

    def skip_new(*_args) -> None:
        new = sys.modules.keys() - seen
        seen.update(new)
        skip.update(dict.fromkeys(installed_modules(new), True))

    skip_new()
    if not any(getattr(cb, "__qualname__", "").startswith(_watch_only_editable_modules.__name__)
               for cb in ip.events.callbacks["post_run_cell"]):
        ip.events.register("post_run_cell", skip_new)


_seen: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _one_line(shell, etype, value, tb, tb_offset=None) -> list[str]:
    """IPython custom exception handler: the error's class and message, no traceback.

    The returned lines become the error output's traceback; the kernel still replies with
    status "error", which is what makes nbclient and papermill treat the cell as failed.
    """
    line = f"{_RED}{etype.__name__}{_RESET}: {value}"
    shell._showtraceback(etype, value, [line])  # noqa: SLF001 - IPython's own display path
    return [line]


def format_error(exc: BaseException) -> str:
    """The one line shown for ``exc`` (without colour): ``ParameterError: ...``."""
    return f"{type(exc).__name__}: {exc}"


SOURCE_HEADERS = {
    "zh": {"key": "数据键", "title": "序列", "unit": "单位", "publisher": "发布机构",
           "series_id": "序列代码", "frequency": "频率", "through": "数据截至",
           "license": "许可", "url": "网址"},
    "en": {"key": "key", "title": "series", "unit": "unit", "publisher": "publisher",
           "series_id": "series id", "frequency": "frequency", "through": "data through",
           "license": "licence", "url": "URL"},
}


FREQUENCY_ZH = {"daily": "日", "business": "交易日", "monthly": "月", "quarterly": "季",
                "irregular": "不定期", "none": "—"}


def sources_frame(keys, lang: str = "zh", through: dict | None = None) -> pd.DataFrame:
    """The metadata of data sets (``uschina.meta(key)``) as a table, one row per key.

    Parameters
    ----------
    keys : iterable of str
        Data keys, e.g. ``chart.sources``.
    lang : {"zh", "en"}
        Language of the headings, titles and units.
    through : dict, optional
        ``chart.through``: the last observation drawn per key (shown as "data through").

    Returns
    -------
    pandas.DataFrame
        Indexed by key: title, unit, publisher, series id, frequency, data through, licence, URL.

    Example
    -------
    >>> sources_frame(["us_cpi_yoy"], "en").loc["us_cpi_yoy", "publisher"]  # doctest: +SKIP
    'US Bureau of Labor Statistics'
    """
    from . import datasets

    heads = SOURCE_HEADERS["zh" if lang == "zh" else "en"]
    rows = []
    for key in dict.fromkeys(keys):  # keep order, drop repeats
        m = datasets.meta(key)
        when = (through or {}).get(key)
        rows.append({
            heads["key"]: key,
            heads["title"]: m.title(lang),
            heads["unit"]: m.unit(lang),
            # the publisher as the page language names it (its full English name on en)
            heads["publisher"]: m.source.publisher if lang == "en" else m.source.credit.zh,
            heads["series_id"]: m.source.series_id,
            heads["frequency"]: FREQUENCY_ZH.get(m.frequency, m.frequency) if lang == "zh"
            else m.frequency,
            heads["through"]: "" if when is None else pd.Timestamp(when).date().isoformat(),
            heads["license"]: m.source.license,
            heads["url"]: m.source.url,
        })
    frame = pd.DataFrame(rows, columns=list(heads.values()), dtype=object)
    if not through:
        frame = frame.drop(columns=heads["through"])
    return frame.set_index(heads["key"])


def refuse_parameters(namespace: dict, names, reason: str) -> None:
    """Raise ``ParameterError`` if any of ``names`` was given (e.g. injected by papermill).

    For notebooks that have no use for a common parameter: passing it is a mistake worth
    saying out loud rather than ignoring.

    Parameters
    ----------
    namespace : dict
        The notebook's globals, ``globals()``.
    names : iterable of str
        Parameters this notebook does not take, e.g. ``["start", "end"]``.
    reason : str
        Why they do not apply, shown in the message.

    Example
    -------
    >>> refuse_parameters({"start": "2020-01-01"}, ["start"], "not a time series")
    Traceback (most recent call last):
    ...
    uschina.errors.ParameterError: parameter 'start' does not apply to this notebook ...
    """
    from .errors import ParameterError

    for name in names:
        if namespace.get(name) is not None:
            raise ParameterError(
                f"parameter {name!r} does not apply to this notebook ({reason}), "
                f"got {namespace[name]!r}: leave it out"
            )
