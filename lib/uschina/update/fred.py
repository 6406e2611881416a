"""FRED downloads: the graph CSV in both header eras, and the API's observations JSON.

- ``fredgraph.csv?id=ID``: header ``DATE,ID`` with ``.`` for a missing value (downloads to
  about 2024), or ``observation_date,ID`` with an empty field (2025 on).
- ``fred/series/observations`` (API key needed): JSON whose observations carry string values,
  ``"."`` for missing, and ``realtime_start``/``realtime_end``: with
  ``realtime_start=1776-07-04&realtime_end=9999-12-31`` every vintage (ALFRED) is returned.
"""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import urlencode

import pandas as pd

from .errors import FormatError

GRAPH_BASE = "https://fred.stlouisfed.org"
API_BASE = "https://api.stlouisfed.org"
ALL_VINTAGES = {"realtime_start": "1776-07-04", "realtime_end": "9999-12-31"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
MISSING = ("", ".")


def graph_url(series_id: str, base: str = GRAPH_BASE) -> str:
    return f"{base}/graph/fredgraph.csv?{urlencode({'id': series_id})}"


def api_url(series_id: str, api_key: str, base: str = API_BASE, vintages: bool = False) -> str:
    query = {"series_id": series_id, "api_key": api_key, "file_type": "json"}
    if vintages:
        query |= ALL_VINTAGES
    return f"{base}/fred/series/observations?{urlencode(query)}"


def parse_graph_csv(text: str, series_id: str, source: str = "FRED") -> pd.DataFrame:
    """date, value (text as published; None where missing), in date order."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows:
        raise FormatError(f"{source}: empty response for {series_id} (expected a CSV)")
    header = [h.strip() for h in rows[0]]
    if len(header) < 2 or header[0] not in ("DATE", "observation_date"):
        raise FormatError(f"{source}: {series_id}: expected a header 'observation_date,"
                          f"{series_id}' or 'DATE,{series_id}', got {','.join(header)[:80]!r}")
    if series_id not in header[1:]:
        raise FormatError(f"{source}: the download has columns {header[1:]}, "
                          f"not the series {series_id}")
    col = header.index(series_id)
    out = []
    for n, row in enumerate(rows[1:], start=2):
        if not row or not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            raise FormatError(f"{source}: {series_id} line {n}: {len(row)} fields, "
                              f"header has {len(header)}")
        date, value = row[0].strip(), row[col].strip()
        out.append(_observation(date, value, f"{source}: {series_id} line {n}"))
    return _frame(out, series_id, source)


def parse_api_json(text: str, series_id: str, source: str = "FRED API") -> pd.DataFrame:
    """date, value, realtime_start, realtime_end (text; value None where missing)."""
    try:
        raw = json.loads(text)
        obs = raw["observations"]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise FormatError(f"{source}: {series_id}: expected JSON with 'observations' "
                          f"({type(exc).__name__}: {exc})") from None
    out = []
    for i, o in enumerate(obs):
        try:
            date, value = o["date"], o["value"]
            rs, re_ = o["realtime_start"], o["realtime_end"]
        except (KeyError, TypeError):
            raise FormatError(f"{source}: {series_id} observation {i}: expected date, value, "
                              f"realtime_start, realtime_end; got {o!r:.120}") from None
        out.append((*_observation(date, value, f"{source}: {series_id} observation {i}"),
                    rs, re_))
    frame = pd.DataFrame(out, columns=["date", "value", "realtime_start", "realtime_end"])
    if frame.empty:
        raise FormatError(f"{source}: {series_id}: no observations")
    return frame.sort_values(["date", "realtime_start"]).reset_index(drop=True)


def _observation(date: str, value: str, where: str) -> tuple[str, str | None]:
    if not _DATE.match(date):
        raise FormatError(f"{where}: expected a date YYYY-MM-DD, got {date!r}")
    if value in MISSING:
        return date, None
    if not _NUMBER.match(value):
        raise FormatError(f"{where}: expected a number or '.', got {value!r}")
    return date, value


def _frame(out, series_id: str, source: str) -> pd.DataFrame:
    frame = pd.DataFrame(out, columns=["date", "value"])
    if frame.empty:
        raise FormatError(f"{source}: {series_id}: the download has no observations")
    if frame["date"].duplicated().any():
        dup = frame["date"][frame["date"].duplicated()].iloc[0]
        raise FormatError(f"{source}: {series_id}: date {dup} appears twice")
    return frame.sort_values("date").reset_index(drop=True)
