"""Kept vintages: what each fetch found, so that ``as_of`` can show what was known on a date.

Layout (documented in data/vintages/README.md), one folder per key beside the curated file:

    data/vintages/<key>/changes.csv   vintage,date,<value columns>: the rows that were new or
                                      revised at each vintage, and under 0001-01-01 the value a
                                      first revision replaced; the series at vintage V is the
                                      curated file with, per date, the latest row among
                                      vintages <= V (dates first added after V left out)
    data/vintages/<key>/fetches.csv   fetched_at,vintage,source,url,rows,new,revised: one
                                      line per fetch, including fetches that changed nothing

A vintage is the UTC date of the fetch, or, for ALFRED (FRED_API_KEY set), the date FRED
says a value was first published (realtime_start).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from ..paths import data_dir

CHANGES = "changes.csv"
# the vintage of a value as curated before its first revision by a fetch (date unknown)
BASELINE = "0001-01-01"
FETCHES = "fetches.csv"
FETCH_COLUMNS = ["fetched_at", "vintage", "source", "url", "rows", "new", "revised"]


def folder(key: str) -> Path:
    return data_dir() / "vintages" / key


def read_changes(key: str) -> pd.DataFrame | None:
    path = folder(key) / CHANGES
    if not path.exists():
        return None
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])


def state(changes: pd.DataFrame, vintage: str | None = None) -> pd.DataFrame:
    """The rows as known at ``vintage`` (all vintages when None): latest per date."""
    c = changes if vintage is None else changes[changes["vintage"] <= vintage]
    c = c.sort_values(["date", "vintage"], kind="stable").drop_duplicates("date", keep="last")
    return c.drop(columns="vintage").reset_index(drop=True)


def same(a: pd.Series, b: pd.Series) -> pd.Series:
    """Equal as numbers where both are numbers, else as text; two missing values are equal."""
    na, nb = pd.to_numeric(a, errors="coerce"), pd.to_numeric(b, errors="coerce")
    both_num = na.notna() & nb.notna()
    eq = (na == nb) & both_num
    missing = a.isna().to_numpy() & b.isna().to_numpy()
    present = a.notna().to_numpy() & b.notna().to_numpy()
    text = ~both_num & present & (a.astype(object).astype(str).to_numpy()
                                  == b.astype(object).astype(str).to_numpy())
    return pd.Series(eq.to_numpy() | text.to_numpy() | missing, index=a.index)


def record(key: str, rows: pd.DataFrame, fetch: dict) -> None:
    """Append ``rows`` (already a delta; each with its vintage) and the fetch to the log."""
    d = folder(key)
    d.mkdir(parents=True, exist_ok=True)
    if len(rows):
        old = read_changes(key)
        out = rows if old is None else pd.concat([old, rows], ignore_index=True)
        write_csv_atomic(out.sort_values(["vintage", "date"], kind="stable"), d / CHANGES)
    log = d / FETCHES
    old_log = (pd.read_csv(log, dtype=str, keep_default_na=False) if log.exists()
               else pd.DataFrame(columns=FETCH_COLUMNS))
    entry = pd.DataFrame([{c: str(fetch.get(c, "")) for c in FETCH_COLUMNS}])
    write_csv_atomic(pd.concat([old_log, entry], ignore_index=True), log)


def write_csv_atomic(frame: pd.DataFrame, path: Path, float_format: str | None = None) -> None:
    """Write beside the target, then rename over it: readers see the old or the new file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            frame.to_csv(fh, index=False, lineterminator="\n", float_format=float_format)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def as_of_frame(key: str, frame: pd.DataFrame, date_column: str, as_of) -> pd.DataFrame:
    """The curated rows as known on ``as_of``, where kept vintages say more than the file.

    A period that a fetch added after ``as_of`` is dropped; a period revised by a fetch takes
    the value of the latest vintage on or before ``as_of`` (``BASELINE``: as curated before its
    first revision); every other row is as curated. The release-lag rule applies on top.
    """
    changes = read_changes(key)
    if changes is None or changes.empty:
        return frame
    from ..datasets import _log_load  # the renderer re-runs a notebook when this file changes

    _log_load(folder(key) / CHANGES)
    day = pd.Timestamp(as_of).strftime("%Y-%m-%d")
    known = state(changes, day)
    first_seen = changes.groupby("date")["vintage"].min()
    later = set(first_seen.index[first_seen > day])
    dates = frame[date_column].dt.strftime("%Y-%m-%d")
    out = frame[~dates.isin(later).to_numpy()].copy()
    dates = out[date_column].dt.strftime("%Y-%m-%d")
    known = known.set_index("date")
    hit = dates.isin(known.index).to_numpy()
    for col in known.columns:
        if col in out.columns:
            vals = known.loc[dates[hit], col].to_numpy()
            out.loc[hit, col] = pd.Series(vals, index=out.index[hit]).astype(out[col].dtype) \
                if out[col].dtype.kind != "f" else pd.to_numeric(vals)
    return out
