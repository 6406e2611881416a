"""Compare every committed value with a folder of reference files (development and CI only).

The folder is always passed in (tests and ``make fidelity`` name it); the product itself never
reads it. Each data set's metadata says which reference file and columns it mirrors (field
``reference``) and the tolerance.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import datasets


@dataclass
class Fidelity:
    key: str
    reference: str
    rows: int  # committed rows compared
    values: int  # committed non-empty values compared
    max_abs_diff: float
    tolerance: float
    missing_in_reference: int  # committed rows with no matching reference row
    mismatches: list[str]

    @property
    def ok(self) -> bool:
        return not self.mismatches and self.missing_in_reference == 0


def compare(key: str, reference_dir: Path) -> Fidelity | None:
    """None when the data set declares no reference file (e.g. typed in from the report).

    A series extended from a newer copy names more reference files (``more_references``), each
    for the span of our rows it covers; every committed row must match one of them.
    """
    m = datasets.meta(key)
    if m.reference is None:
        return None
    ours_all = pd.read_csv(datasets.data_dir() / m.file, dtype=str, keep_default_na=False,
                           na_values=[""])
    parts = [_compare_one(m, ref, ours_all, reference_dir)
             for ref in (m.reference, *m.more_references)]
    covered = pd.concat([p[0] for p in parts]) if parts else pd.Series(dtype=bool)
    unmatched = len(ours_all) - int(covered.groupby(level=0).any().sum())
    return Fidelity(
        key=key,
        reference=" + ".join(r.file for r in (m.reference, *m.more_references)),
        rows=len(ours_all),
        values=sum(p[1] for p in parts),
        max_abs_diff=max(p[2] for p in parts),
        tolerance=max(r.tolerance for r in (m.reference, *m.more_references)),
        missing_in_reference=unmatched,
        mismatches=[x for p in parts for x in p[3]],
    )


def _compare_one(m, ref_meta, ours_all: pd.DataFrame, reference_dir: Path):
    """(matched: bool per our row in this file's span, values compared, max diff, mismatches)"""
    ours = ours_all.copy()
    if m.date_column and (ref_meta.start or ref_meta.end):
        d = pd.to_datetime(ours[m.date_column])
        lo = pd.Timestamp(ref_meta.start) if ref_meta.start else d.min()
        hi = pd.Timestamp(ref_meta.end) if ref_meta.end else d.max()
        ours = ours[(d >= lo) & (d <= hi)]
    theirs = read_reference(ref_meta, reference_dir)
    for col, want in ref_meta.filter.items():
        theirs = theirs[theirs[col] == want]
    match = ref_meta.match or ([m.date_column] if m.date_column else [])
    mapping = ({m.date_column: ref_meta.date_column}
               if m.date_column and ref_meta.date_column else {})
    mapping |= ref_meta.columns
    mapping |= {c: c for c in match if c not in mapping and c != "row"}
    theirs = theirs[list(mapping.values())].rename(columns={v: k for k, v in mapping.items()})
    for col, spec in m.columns.items():  # dates compare as dates, whatever their text form
        if spec.type == "date" and col in theirs.columns:
            for frame in (ours, theirs):
                frame[col] = pd.to_datetime(frame[col]).dt.normalize()
                if m.frequency in ("monthly", "quarterly") and col == m.date_column:
                    # month-end and month-start dates name the same period
                    frame[col] = frame[col].dt.to_period("M").dt.to_timestamp()
    if ref_meta.transform:
        theirs = _transform(theirs, m.date_column, list(ref_meta.columns), ref_meta.transform)
    idx = ours.index
    if match == ["row"]:  # a table copied row for row: align by position
        ours = ours.reset_index(names="row")
        theirs = theirs.reset_index(drop=True).reset_index(names="row")
        if len(theirs) != len(ours):
            raise ValueError(f"{ref_meta.file}: {len(theirs)} rows after the filter, ours "
                             f"{len(ours)}: cannot align row by row")
    if theirs.duplicated(match).any():
        raise ValueError(f"{ref_meta.file}: the match columns {match} are not unique")
    merged = ours.merge(theirs, on=match, how="left", suffixes=("", "__ref"), indicator=True)
    merged.index = idx
    both = merged["_merge"] == "both"
    mismatches: list[str] = []
    max_diff = 0.0
    n_values = 0
    for col in ref_meta.columns:
        a, b = merged[col], merged[f"{col}__ref"]
        num_a, num_b = pd.to_numeric(a, errors="coerce"), pd.to_numeric(b, errors="coerce")
        numeric = a.isna() | num_a.notna()
        n_values += int((a.notna() & both).sum())
        if numeric.all():
            diff = (num_a - num_b).abs()
            bad = both & ((diff > ref_meta.tolerance + 1e-9) | (num_a.isna() != num_b.isna()))
            if diff.notna().any():
                max_diff = max(max_diff, float(np.nanmax(diff.to_numpy(dtype=float))))
        else:
            bad = both & (a.fillna("") != b.fillna(""))
        for i in merged.index[bad][:5]:
            where = ", ".join(_text(merged.loc[i, c]) for c in match) if match else i
            mismatches.append(f"{col} at {where}: ours {a[i]!r}, reference {b[i]!r}")
    if m.declared_gaps and m.date_column:  # an empty row at a declared gap needs no match
        gap = pd.to_datetime(ours[m.date_column]).isin(pd.to_datetime(m.declared_gaps))
        empty = ours[list(ref_meta.columns)].isna().all(axis=1)
        both = both | (gap & empty).to_numpy()
    return both, n_values, max_diff, mismatches


def read_reference(ref_meta, reference_dir: Path) -> pd.DataFrame:
    """The reference file as a frame of text columns, in the layout its metadata names."""
    path = reference_dir / ref_meta.file
    na = ["", *ref_meta.na_values]
    if ref_meta.layout == "csv":
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=na,
                            header=None if ref_meta.names else "infer", names=ref_meta.names)
    elif ref_meta.layout == "json_arrays":
        raw = json.loads(path.read_text(encoding="utf-8"))
        cols = [ref_meta.date_column, *ref_meta.columns.values()]
        frame = pd.DataFrame({c: [None if v is None else str(v) for v in raw[c]] for c in cols})
    elif ref_meta.layout == "json_mapping":
        raw = json.loads(path.read_text(encoding="utf-8"))
        series = {c: pd.Series({d: str(v) for d, v in raw[c].items()})
                  for c in ref_meta.columns.values()}
        frame = pd.DataFrame(series).rename_axis(ref_meta.date_column).reset_index()
    else:  # tic_mfh
        from .update.tic import parse_mfh

        long = parse_mfh(path.read_text(encoding="utf-8"))
        long = long[long["series"] == "current"]
        frame = long.pivot(index="date", columns="country", values="value")
        frame = frame.rename_axis(columns=None).rename_axis(ref_meta.date_column).reset_index()
    if ref_meta.pivot:
        keys = [ref_meta.date_column, ref_meta.pivot]
        values = [c for c in frame.columns if c not in keys]
        wide = frame.pivot(index=ref_meta.date_column, columns=ref_meta.pivot, values=values)
        wide.columns = [f"{answer}.{col}" for col, answer in wide.columns]
        frame = wide.reset_index()
    return frame


def _transform(theirs: pd.DataFrame, date_col: str, cols: list[str], how: str) -> pd.DataFrame:
    """Derive the reference's values the way the curation does (whole file, in date order)."""
    out = theirs.sort_values(date_col).reset_index(drop=True)
    for c in cols:
        x = pd.to_numeric(out[c])
        if how == "diff":
            y = x.diff()
            y.iloc[0] = x.iloc[0]
            out[c] = y
        elif how == "diff_mean_7":
            y = x.diff()
            y.iloc[0] = x.iloc[0]
            out[c] = y.rolling(7).mean().round(1)
        else:  # pct_change_12
            out[c] = bls_round((x / x.shift(12) - 1) * 100)
    return out


def bls_round(pct: pd.Series) -> pd.Series:
    """Round to 1 decimal, halves away from zero (as BLS rounds published changes)."""
    return np.sign(pct) * np.floor(pct.abs() * 10 + 0.5 + 1e-9) / 10


def _text(v) -> str:
    return v.date().isoformat() if isinstance(v, pd.Timestamp) else str(v)


def summary(reference_dir: Path) -> pd.DataFrame:
    """One row per data key: rows and values compared, max abs difference, tolerance, verdict."""
    rows = []
    for key in datasets.keys():
        f = compare(key, reference_dir)
        if f is None:
            src = datasets.meta(key).source.curated_from
            rows.append({"key": key, "reference": "(none: " + src[:60] + ")", "rows": 0,
                         "values": 0, "max_abs_diff": np.nan, "tolerance": np.nan,
                         "missing": 0, "ok": True})
            continue
        rows.append({"key": key, "reference": f.reference, "rows": f.rows, "values": f.values,
                     "max_abs_diff": f.max_abs_diff, "tolerance": f.tolerance,
                     "missing": f.missing_in_reference, "ok": f.ok})
    return pd.DataFrame(rows).set_index("key")
