"""What every topic analysis returns: a Chart (figure, tidy data, key figures) plus tables."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .. import style
from ..charts.base import Chart
from ..errors import ParameterError
from ..params import parse_date

HEADING = {"zh": "趋势分析", "en": "Trend analysis"}


@dataclass
class Analysis(Chart):
    """A Chart whose ``data`` is the main tidy result; ``tables`` (from Chart) holds the others.

    ``results`` keeps the underlying :mod:`uschina.trend` objects for further work.
    """

    results: dict[str, object] = field(default_factory=dict)


def titles(text: dict[str, str]) -> dict[str, str]:
    """Prefix each language's text with the section heading.

    Parameters
    ----------
    text : dict of str to str
        The title per language, ``{"zh": ..., "en": ...}``.

    Returns
    -------
    dict of str to str
        The same keys, each text after 趋势分析： / Trend analysis: .

    Examples
    --------
    >>> titles({"zh": "结论", "en": "finding"})
    {'zh': '趋势分析：结论', 'en': 'Trend analysis: finding'}
    """
    return {k: f"{HEADING[k]}：{v}" if k == "zh" else f"{HEADING[k]}: {v}" for k, v in text.items()}


def check_common(lang: str, as_of) -> pd.Timestamp | None:
    """Check ``lang`` and parse ``as_of`` (None stays None).

    Parameters
    ----------
    lang : {"zh", "en"}
        The figure's language.
    as_of : str, datetime-like or None
        The data vintage date, ``"YYYY-MM-DD"``; None for the latest data.

    Returns
    -------
    pandas.Timestamp or None
        ``as_of`` as a Timestamp.

    Raises
    ------
    ParameterError
        ``lang`` is not a house language, or ``as_of`` is not a date.

    Examples
    --------
    >>> check_common("en", "2021-11-16")
    Timestamp('2021-11-16 00:00:00')
    """
    style.check_lang(lang)
    return parse_date("as_of", as_of)


def check_window(start, end) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """Parse ``start``/``end``; start must not be after end.

    Parameters
    ----------
    start, end : str, datetime-like or None
        The window's ends, ``"YYYY-MM-DD"``; None leaves that end open.

    Returns
    -------
    tuple of (pandas.Timestamp or None, pandas.Timestamp or None)
        ``(start, end)`` parsed.

    Raises
    ------
    ParameterError
        Either is not a date, or ``start`` is after ``end``.

    Examples
    --------
    >>> check_window("2021-01-01", None)
    (Timestamp('2021-01-01 00:00:00'), None)
    """
    s, e = parse_date("start", start), parse_date("end", end)
    if s is not None and e is not None and s > e:
        raise ParameterError(f"parameter 'start' ({s.date()}) is after 'end' ({e.date()})")
    return s, e


def signed(v: float, decimals: int = 1) -> str:
    """+1.2 / −1.2 with a real minus sign (the CJK font has U+2212).

    Parameters
    ----------
    v : float
        The number.
    decimals : int, default 1
        Digits after the decimal point.

    Returns
    -------
    str
        The number with its sign always shown, e.g. ``"+0.4"`` or ``"−1.26"``.

    Examples
    --------
    >>> signed(-1.26, 2)
    '−1.26'
    >>> signed(0.44)
    '+0.4'
    """
    return f"{v:+.{decimals}f}".replace("-", "\u2212")
