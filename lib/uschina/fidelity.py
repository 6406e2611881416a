"""Compare every committed value with a folder of reference files (development and CI only).

The folder is always passed in (tests and ``make fidelity`` name it); the product itself never
reads it. Each data set's metadata says which reference file and columns it mirrors (field
``reference``) and the tolerance.
"""

from __future__ import annotations

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
    """None when the data set declares no reference file (e.g. typed in from the report)."""
    m = datasets.meta(key)
    ref_meta = m.reference
    if ref_meta is None:
        return None
    ours = pd.read_csv(datasets.data_dir() / m.file, dtype=str, keep_default_na=False,
                       na_values=[""])
    theirs = pd.read_csv(reference_dir / ref_meta.file, dtype=str, keep_default_na=False,
                         na_values=[""])
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
    if match == ["row"]:  # a table copied row for row: align by position
        ours = ours.reset_index(names="row")
        theirs = theirs.reset_index(drop=True).reset_index(names="row")
        if len(theirs) != len(ours):
            raise ValueError(f"{ref_meta.file}: {len(theirs)} rows after the filter, ours "
                             f"{len(ours)}: cannot align row by row")
    if theirs.duplicated(match).any():
        raise ValueError(f"{ref_meta.file}: the match columns {match} are not unique")
    merged = ours.merge(theirs, on=match, how="left", suffixes=("", "__ref"), indicator=True)
    missing = int((merged["_merge"] == "left_only").sum())
    mismatches: list[str] = []
    max_diff = 0.0
    n_values = 0
    for col in ref_meta.columns:
        a, b = merged[col], merged[f"{col}__ref"]
        num_a, num_b = pd.to_numeric(a, errors="coerce"), pd.to_numeric(b, errors="coerce")
        numeric = a.isna() | num_a.notna()
        both = merged["_merge"] == "both"
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
    return Fidelity(
        key=key,
        reference=ref_meta.file,
        rows=len(ours),
        values=n_values,
        max_abs_diff=max_diff,
        tolerance=ref_meta.tolerance,
        missing_in_reference=missing,
        mismatches=mismatches,
    )


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
