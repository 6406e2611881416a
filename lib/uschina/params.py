"""Validation of the notebooks' common parameters, with messages that name the parameter."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import ParameterError
from .paths import default_fig_dir

LANGS = ("zh", "en")  # as uschina.style.LANGS (not imported: it loads matplotlib)


@dataclass(frozen=True)
class Params:
    start: pd.Timestamp | None
    end: pd.Timestamp | None
    as_of: pd.Timestamp | None
    lang: str
    fig_dir: Path

    @property
    def view(self) -> str:
        """'report' for an as_of view, 'today' for the latest data."""
        return "today" if self.as_of is None else f"as_of_{self.as_of.date().isoformat()}"


def parse_date(name: str, value) -> pd.Timestamp | None:
    """A date parameter as a Timestamp (None stays None); the error names the parameter.

    Accepted: a date string (``'2021-11-16'``), ``datetime.date``/``datetime``, a pandas
    Timestamp or a numpy datetime64. A number is refused: pandas would read ``2021`` as
    2021 nanoseconds after 1970.
    """
    if value is None or (isinstance(value, str) and value.strip() in ("", "None", "null")):
        return None
    if isinstance(value, (bool, int, float)) or not (
            isinstance(value, (str, pd.Timestamp, np.datetime64)) or hasattr(value, "isoformat")):
        hint = (f" (for the year {value}, write '{value}-01-01')"
                if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999
                else "")
        raise ParameterError(
            f"parameter {name!r} must be a date string like '2021-11-16' or None, "
            f"got {value!r} ({type(value).__name__}){hint}"
        )
    try:
        ts = pd.Timestamp(value.strip() if isinstance(value, str) else value)
    except (ValueError, TypeError, OverflowError):
        raise ParameterError(
            f"parameter {name!r} must be a date like '2021-11-16' (YYYY-MM-DD) or None, "
            f"got {value!r}"
        ) from None
    if ts is pd.NaT or pd.isna(ts):
        raise ParameterError(f"parameter {name!r} must be a date or None, got {value!r}")
    return ts.tz_localize(None) if ts.tzinfo else ts


def check_order(start: pd.Timestamp | None, end: pd.Timestamp | None) -> None:
    if start is not None and end is not None and start > end:
        raise ParameterError(
            f"parameter 'start' ({start.date()}) is after parameter 'end' ({end.date()}): "
            "start must be on or before end"
        )


def check(*, start=None, end=None, as_of=None, lang="zh", fig_dir=None, name: str) -> Params:
    """Validate the common parameters; ``name`` is the notebook's name (default export folder)."""
    if lang not in LANGS:
        raise ParameterError(f"parameter 'lang' must be one of {LANGS}, got {lang!r}")
    s, e, a = parse_date("start", start), parse_date("end", end), parse_date("as_of", as_of)
    check_order(s, e)
    if fig_dir is None or fig_dir == "":
        view = "today" if a is None else f"as_of_{a.date().isoformat()}"
        out = default_fig_dir(name) / f"{view}_{lang}"
    elif isinstance(fig_dir, (str, Path)):
        out = Path(fig_dir)
    else:
        raise ParameterError(
            f"parameter 'fig_dir' must be a folder path (string) or None, got {fig_dir!r}"
        )
    return Params(start=s, end=e, as_of=a, lang=lang, fig_dir=out)


def check_choice(name: str, value, allowed) -> object:
    if value not in allowed:
        raise ParameterError(f"parameter {name!r} must be one of {tuple(allowed)}, got {value!r}")
    return value


def check_int(name: str, value, lo: int | None = None, hi: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ParameterError(f"parameter {name!r} must be a whole number, got {value!r}")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise ParameterError(f"parameter {name!r} must be between {lo} and {hi}, got {value}")
    return value
