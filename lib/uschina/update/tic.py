"""Parse Treasury's "Major Foreign Holders of Treasury Securities" text (mfhhis01.txt).

The file is tab-delimited, in yearly blocks, newest month first: a row of month names, a
``Country`` row of years, then one row per holder (names with commas are quoted; footnote
markers such as ``United Kingdom 2/`` are stripped). On a series-break month (2000-03 and June
2002-2011) the month appears twice: the left column is the new series, the right one the
earlier series "shown for comparison only" (series ``prior``).
"""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

from .errors import FormatError

MONTHS = {m: i for i, m in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1)}
_FOOTNOTE = re.compile(r"(\s+\d+/)+$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
MISSING = ("", "n.a.", "*")  # empty, not available, less than $50 million
TITLE = "MAJOR FOREIGN HOLDERS OF TREASURY SECURITIES"


def clean_name(cell: str) -> str:
    return _FOOTNOTE.sub("", cell.strip()).strip()


def parse_mfh(text: str, source: str = "mfhhis01.txt") -> pd.DataFrame:
    """Long frame: country, date (first of the month), value (USD bn, text as published),
    series ('current' or 'prior'). Raises FormatError when no block can be read."""
    if TITLE not in text[:2000]:
        raise FormatError(f"{source}: not a TIC Major Foreign Holders file "
                          f"(no {TITLE!r} title in its first lines)")
    rows = list(csv.reader(io.StringIO(text), delimiter="\t"))
    out: list[tuple[str, str, str, str]] = []
    columns: list[tuple[str, str]] | None = None  # (date, series) per value column
    months: list[str] | None = None
    for cells in rows:
        cells = [c.strip() for c in cells]
        rest = [c for c in cells[1:] if c]
        if not cells or (not cells[0] and rest and all(c in MONTHS for c in rest)):
            if cells and rest:
                months = cells[1:]
            continue
        if cells[0] == "Country" and months is not None:
            columns = _columns(months, cells[1:], source)
            continue
        if columns is None or not cells[0]:
            continue
        values = cells[1:1 + len(columns)]
        if not any(_NUMBER.match(v) for v in values):
            continue
        name = clean_name(cells[0])
        for (date, series), v in zip(columns, values, strict=False):
            if v in MISSING:
                continue
            if not _NUMBER.match(v):
                raise FormatError(f"{source}: row {name!r}, {date}: expected a number, got {v!r}")
            out.append((name, date, v, series))
    if not out:
        raise FormatError(f"{source}: no holdings rows found (expected yearly blocks with a "
                          "month row, a 'Country' row of years and one row per holder)")
    frame = pd.DataFrame(out, columns=["country", "date", "value", "series"])
    if frame.duplicated(["country", "date", "series"]).any():
        dup = frame[frame.duplicated(["country", "date", "series"], keep=False)].iloc[0]
        raise FormatError(f"{source}: {dup['country']!r} has two values for {dup['date']}")
    return frame.sort_values(["country", "series", "date"]).reset_index(drop=True)


def _columns(months: list[str], years: list[str], source: str) -> list[tuple[str, str]]:
    cols: list[tuple[str, str]] = []
    seen: set[str] = set()
    for m, y in zip(months, years, strict=False):
        if not m and not y:
            continue
        if m not in MONTHS or not re.fullmatch(r"\d{4}", y):
            raise FormatError(f"{source}: column header {m!r} {y!r} is not a month and year")
        date = f"{y}-{MONTHS[m]:02d}-01"
        cols.append((date, "prior" if date in seen else "current"))
        seen.add(date)
    return cols


def holder(frame: pd.DataFrame, country: str) -> pd.DataFrame:
    """One holder's rows as date, value, prior_series (floats; prior only on break months)."""
    mine = frame[frame["country"] == country]
    if mine.empty:
        known = ", ".join(sorted(frame["country"].unique())[:12])
        raise FormatError(f"no row {country!r} in the TIC table (rows include {known}, ...)")
    wide = mine.pivot(index="date", columns="series", values="value").astype(float)
    wide = wide.reindex(columns=["current", "prior"])
    wide.columns = ["value", "prior_series"]
    return wide.rename_axis("date").reset_index()
