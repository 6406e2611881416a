"""The data catalog: list the curated data sets and load them, validated, with their metadata.

Each data set is ``data/<key>.csv`` plus its sidecar ``data/<key>.yaml`` (see :mod:`uschina.meta`).
Schema checks use pandera; an error names the file, the CSV line and the problem.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from . import calendars
from .errors import (
    DataFileError,
    MetadataError,
    NotPublishedError,
    ParameterError,
    UnknownKeyError,
)
from .meta import SeriesMeta, read_meta
from .params import check_order, parse_date
from .paths import data_dir

_PANDAS_TYPES = {
    "float": "float64",
    "int": "Int64",
    "str": "str",
    "date": "datetime64[ns]",
    "bool": "boolean",
}
_STEP = {"daily": pd.Timedelta(days=1), "monthly": pd.DateOffset(months=1),
         "quarterly": pd.DateOffset(months=3)}


# ---------------------------------------------------------------- catalog


def keys() -> list[str]:
    """The keys of the curated data sets: one per ``data/<key>.yaml`` sidecar.

    Returns
    -------
    list of str
        The keys, sorted.

    Examples
    --------
    >>> "us_cpi_yoy" in keys()
    True
    """
    return sorted(p.stem for p in data_dir().glob("*.yaml"))


def meta(key: str) -> SeriesMeta:
    """The metadata of a data set, read from its sidecar ``data/<key>.yaml``.

    Cached per file and modification time, so an edited sidecar is read again.

    Parameters
    ----------
    key : str
        A data key (see :func:`keys`).

    Returns
    -------
    SeriesMeta
        Titles, unit, frequency, source, release rule and columns (:mod:`uschina.meta`).

    Raises
    ------
    UnknownKeyError
        No such sidecar; the message lists the known keys.

    Examples
    --------
    >>> meta("us_cpi_yoy").frequency
    'monthly'
    """
    path = data_dir() / f"{key}.yaml"
    if not path.exists():
        known = ", ".join(keys()) or "(none)"
        raise UnknownKeyError(
            f"unknown data key {key!r}: no {path.name} in {data_dir()}. Known keys: {known}"
        )
    return _read_meta_cached(str(path), path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=256)
def _read_meta_cached(path: str, _mtime: int) -> SeriesMeta:
    return read_meta(Path(path))


def catalog() -> pd.DataFrame:
    """One row per data key: titles, unit, frequency, provenance, release rule and coverage.

    Loads every data set (validating it) to find its first and last date and row count.

    Returns
    -------
    pandas.DataFrame
        Indexed by key (also a column ``key``).

    Examples
    --------
    >>> catalog().loc["us_cpi_yoy", "first"]
    Timestamp('1914-01-01 00:00:00')
    """
    rows = []
    for key in keys():
        m = meta(key)
        data = load(key)
        if m.kind == "table":
            dates = (
                pd.to_datetime(data[m.date_column]) if m.date_column else pd.Series(dtype="M8[ns]")
            )
        else:
            dates = data.index.to_series()
        rows.append(
            {
                "key": key,
                "kind": m.kind,
                "title_zh": m.title.zh,
                "title_en": m.title.en,
                "unit_zh": m.unit.zh,
                "unit_en": m.unit.en,
                "frequency": m.frequency,
                "publisher": m.source.publisher,
                "series_id": m.source.series_id,
                "url": m.source.url,
                "license": m.source.license,
                "attribution": m.source.attribution,
                "release_lag_days": m.release_lag_days,
                "release": calendars.describe(m),
                "first": dates.min() if len(dates) else pd.NaT,
                "last": dates.max() if len(dates) else pd.NaT,
                "rows": len(data),
                "file": m.file,
                "notes": " ".join(m.notes),
            }
        )
    return pd.DataFrame(rows).set_index("key", drop=False)


# ---------------------------------------------------------------- loading


def load(key: str, start=None, end=None, as_of=None, *, require: bool = False):
    """Load a curated data set, validated, optionally as it was known on a date.

    ``as_of`` keeps only what had been published by the end of that day, by the series'
    release calendar (:mod:`uschina.calendars`), with the values as published then where
    vintages are kept (data/vintages). ``attrs["vintage"]`` says which: ``"latest revision"``,
    ``"as published on DATE"`` or ``"as published on DATE where kept, else latest
    revision"``; ``attrs["published"]`` lists the periods shown as first published
    (``{period: vintage date}``) and ``attrs["as_of"]`` the view's date.

    Parameters
    ----------
    key : str
        A data key (see :func:`keys`).
    start, end : date-like, optional
        Keep the observations dated from ``start`` to ``end`` (inclusive).
    as_of : date-like, optional
        Keep what had been published by the end of that day (None: all data).
    require : bool, default False
        Raise :class:`NotPublishedError` instead of returning an empty result when nothing
        had been published by ``as_of``.

    Returns
    -------
    pandas.Series or pandas.DataFrame
        A Series (kind ``series``) or DataFrame (``frame``: indexed by date; ``table``), with
        the metadata in ``.attrs``.

    Raises
    ------
    ParameterError
        A bad parameter, named (a number is not a date; start must not be after end).
    NotPublishedError
        With ``require=True``, nothing had been published by ``as_of``; the message says when
        it first was (a ParameterError).
    UnknownKeyError, DataFileError, MetadataError
        No such key, or its data or sidecar fail validation (naming file, line and problem).

    Examples
    --------
    >>> float(load("us_cpi_yoy", as_of="2021-11-16").iloc[-1])
    6.2
    >>> load("us_cpi_yoy", start="2021-01-01", end="2021-03-01").tolist()
    [1.4, 1.7, 2.6]
    """
    if not isinstance(key, str) or not key:
        raise ParameterError(f"data key must be a name such as 'us_cpi_yoy', got {key!r}")
    start, end = parse_date("start", start), parse_date("end", end)
    as_of = parse_date("as_of", as_of)
    check_order(start, end)
    m = meta(key)
    path = data_dir() / m.file
    _log_load(path, data_dir() / f"{key}.yaml")
    if not path.exists():
        raise MetadataError(f"{data_dir() / (key + '.yaml')}: field 'file' names {m.file}, "
                            f"which does not exist in {data_dir()}")
    frame = _load_validated(str(path), path.stat().st_mtime_ns, path.stat().st_size, key)
    frame = frame.copy()
    # which values: today's revision, unless vintages are kept (data/vintages) for as_of
    kept: dict[str, str] = {}
    if as_of is not None and m.date_column:
        from .update.vintages import as_of_frame

        frame = as_of_frame(key, frame, m.date_column, as_of)
        kept = _kept_vintages(key, as_of)
    dates = _dates(frame, m)
    keep = pd.Series(True, index=frame.index)
    if dates is not None:
        if start is not None:
            keep &= dates >= start
        if end is not None:
            keep &= dates <= end
        if as_of is not None:
            published = published_on(dates, m)
            public = published <= as_of
            if require and not public.any():
                first = published.min()
                when = (f"; its first value ({_fmt(dates.min())}) was published on "
                        f"{_fmt(first)}. Expected as_of on or after {_fmt(first)}, or None "
                        "for all data") if len(dates) else ""
                raise NotPublishedError(
                    f"{key}: nothing had been published by as_of={as_of.date()}{when}")
            keep &= public
    frame = frame[keep.to_numpy()]
    if kept:  # only the periods shown count
        shown = set(_dates(frame, m).dt.strftime("%Y-%m-%d"))
        kept = {d: v for d, v in kept.items() if d in shown}
    attrs = m.model_dump(mode="json") | {
        "path": str(path), "vintage": _vintage_text(as_of, kept, len(frame)),
        "published": kept, "release_rule": calendars.describe(m),
        # the view's date (None: today's data), for the charts' "values are ..." note
        "as_of": None if as_of is None else as_of.date().isoformat()}
    if m.kind == "series":
        out = frame.set_index(m.date_column)[m.value_column].rename(key)
        out.index.name = "date"
    elif m.kind == "frame":
        out = frame.set_index(m.date_column)
        out.index.name = "date"
    else:
        out = frame.reset_index(drop=True)
    out.attrs = attrs
    return out


def _kept_vintages(key: str, as_of: pd.Timestamp) -> dict[str, str]:
    """``{date: vintage}`` for the periods whose value on ``as_of`` comes from a kept vintage
    (data/vintages) published on or before it. A value kept under the baseline vintage (as
    curated before its first fetched revision, publication date unknown) does not count."""
    from .update.vintages import BASELINE, read_changes

    changes = read_changes(key)
    if changes is None or changes.empty:
        return {}
    day = as_of.strftime("%Y-%m-%d")
    c = changes[changes["vintage"] <= day].sort_values(["date", "vintage"], kind="stable")
    c = c.drop_duplicates("date", keep="last")
    c = c[c["vintage"] > BASELINE]
    return dict(zip(c["date"].astype(str), c["vintage"].astype(str), strict=True))


def _vintage_text(as_of, kept: dict[str, str], rows: int) -> str:
    """``attrs["vintage"]``: "latest revision" (no value shown comes from a kept vintage),
    "as published on DATE" (every value shown does) or "as published on DATE where kept,
    else latest revision"."""
    if as_of is None or not kept:
        return "latest revision"
    if len(kept) >= rows:
        return f"as published on {as_of.date()}"
    return f"as published on {as_of.date()} where kept, else latest revision"


def _log_load(*paths: Path) -> None:
    """Record the files a notebook reads (the renderer re-runs it when one of them changes)."""
    log = os.environ.get("USCHINA_LOAD_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            fh.writelines(f"{p}\n" for p in paths)


def published_on(dates: pd.Series, m: SeriesMeta) -> pd.Series:
    """The date each observation became public, by the series' release calendar.

    Parameters
    ----------
    dates : pandas.Series
        The observations' dates.
    m : SeriesMeta
        The series' metadata (:func:`meta`), whose release rule is applied
        (:func:`uschina.calendars.published_on`).

    Returns
    -------
    pandas.Series
        The publication date of each observation, aligned with ``dates``.

    Examples
    --------
    >>> dates = pd.Series(pd.to_datetime(["2021-10-01"]))
    >>> published_on(dates, meta("us_cpi_yoy")).tolist()
    [Timestamp('2021-11-10 00:00:00')]
    """
    return calendars.published_on(dates, m)


def _dates(frame: pd.DataFrame, m: SeriesMeta) -> pd.Series | None:
    return frame[m.date_column] if m.date_column else None


@functools.lru_cache(maxsize=64)
def _load_validated(path: str, _mtime: int, _size: int, key: str) -> pd.DataFrame:
    m = meta(key)
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise DataFileError(f"{path}: cannot be read as CSV: {exc}") from None
    if raw.empty:
        raise DataFileError(
            f"{path}: line 2: no data rows under the header ({', '.join(raw.columns)}); "
            "expected at least one row of data")
    columns = _column_schema(m)
    try:
        frame = columns.validate(raw, lazy=True)
    except SchemaErrors as exc:
        raise DataFileError(_describe(path, raw, m, exc)) from None
    try:
        _structure_schema(m).validate(frame, lazy=True)
    except SchemaErrors as exc:
        raise DataFileError(_describe(path, frame, m, exc)) from None
    return frame


def _column_schema(m: SeriesMeta) -> pa.DataFrameSchema:
    cols = {}
    for name, spec in m.columns.items():
        cols[name] = pa.Column(
            _PANDAS_TYPES[spec.type],
            coerce=True,
            # missing values in a series are judged by the structure checks (declared gaps)
            nullable=spec.nullable or (m.kind != "table" and name != m.date_column),
            unique=(name == m.date_column and m.kind != "table"),
            # "inf" parses as a float: a value no source publishes and a chart cannot draw
            checks=[pa.Check(_finite, name="finite")]
            if spec.type == "float" else None,
        )
    return pa.DataFrameSchema(cols, strict=True, name=m.file)


def _finite(values: pd.Series) -> pd.Series:
    return ~np.isinf(pd.to_numeric(values, errors="coerce"))  # NaN: judged elsewhere


def _structure_schema(m: SeriesMeta) -> pa.DataFrameSchema:
    """Sorted dates, the declared frequency, and missing values only at declared gaps."""
    if m.kind == "table" or not m.date_column:
        # a row pasted twice: no source publishes the same record twice
        return pa.DataFrameSchema(checks=[pa.Check(lambda df: ~df.duplicated(),
                                                   name="duplicate_row")], name=m.file)
    d = m.date_column
    gaps = pd.DatetimeIndex(pd.to_datetime(m.declared_gaps))
    checks = [
        pa.Check(
            lambda df: df[d].diff().isna() | (df[d].diff() > pd.Timedelta(0)),
            error="dates must be sorted ascending",
            name="sorted_dates",
        ),
    ]
    nonnull = [c for c, s in m.columns.items() if c != d and not s.nullable]
    if nonnull:
        checks.append(
            pa.Check(
                lambda df: df[nonnull].notna().all(axis=1) | df[d].isin(gaps),
                error="missing value where the metadata declares no gap (declared_gaps)",
                name="declared_gaps",
            )
        )
    freq = m.frequency
    if freq in ("monthly", "quarterly"):
        months = 1 if freq == "monthly" else 3
        checks.append(
            pa.Check(
                lambda df: (df[d].dt.day == 1)
                & ((df[d].dt.month - 1) % months == 0 if months == 3 else True),
                error=f"{freq} dates must fall on the first day of the period "
                f"(metadata field 'frequency' is {freq!r})",
                name="frequency",
            )
        )
    if freq in _STEP:
        step = _STEP[freq]
        checks.append(
            pa.Check(
                lambda df: df[d].shift(1).isna() | (df[d].shift(1) + step == df[d]),
                error=f"date does not follow the previous one by one {freq} step "
                f"(metadata field 'frequency' is {freq!r}: a missing or extra period)",
                name="frequency_step",
            )
        )
    if freq == "business":
        limit = pd.Timedelta(days=m.max_gap_days or 0)
        checks.append(
            pa.Check(
                lambda df: df[d].diff().isna() | (df[d].diff() <= limit),
                error=f"more than max_gap_days={m.max_gap_days} days since the previous date "
                "(metadata field 'frequency' is 'business')",
                name="frequency_step",
            )
        )
    return pa.DataFrameSchema(checks=checks, name=m.file)


def _describe(path: str, frame: pd.DataFrame, m: SeriesMeta, exc: SchemaErrors) -> str:
    cases = _locate_bad_dates(exc.failure_cases, frame, m)
    lines = []
    for _, case in cases.head(6).iterrows():
        check = str(case["check"])
        column = case.get("column")
        idx = case.get("index")
        where = ""
        if idx is not None and not pd.isna(idx):
            row = int(idx)
            where = f"line {row + 2}"  # the header is line 1
            if (m.date_column and m.date_column in frame.columns and row < len(frame)
                    and not (column == m.date_column and check.startswith(("coerce", "dtype")))):
                where += f" (date {_fmt(frame[m.date_column].iloc[row])})"
            where += ": "
        lines.append(where + _problem(check, column, case["failure_case"], m))
    more = len(cases) - 6
    tail = f"; and {more} more" if more > 0 else ""
    return f"{path}: " + "; ".join(dict.fromkeys(lines)) + tail


def _locate_bad_dates(cases: pd.DataFrame, frame: pd.DataFrame, m: SeriesMeta) -> pd.DataFrame:
    """pandera reports an unparseable date column without row numbers: find the rows."""
    extra = []
    for _, case in cases.iterrows():
        col = case.get("column")
        if (pd.isna(case.get("index")) and col in m.columns and m.columns[col].type == "date"
                and col in frame.columns and str(case["check"]).startswith("coerce_dtype")):
            raw = frame[col]
            bad = raw.notna() & pd.to_datetime(raw, errors="coerce", format="ISO8601").isna()
            extra += [{"check": case["check"], "column": col, "index": i,
                       "failure_case": raw[i]} for i in raw.index[bad]]
    if not extra:
        return cases
    return pd.concat([pd.DataFrame(extra), cases[cases["index"].notna()]], ignore_index=True)


def _problem(check: str, column, value, m: SeriesMeta) -> str:
    if check == "column_in_dataframe":
        return f"missing column {value!r} (the metadata {m.key}.yaml lists it)"
    if check == "column_in_schema":
        return f"unexpected column {value!r} (not listed in the metadata {m.key}.yaml)"
    if check == "field_uniqueness":
        return f"duplicate date {_fmt(value)} in column {column!r}"
    if check.startswith("coerce_dtype") or check.startswith("dtype"):
        want = m.columns[column].type if column in m.columns else "?"
        noun = {"float": "a number", "int": "an integer", "date": "a date (YYYY-MM-DD)"}.get(
            want, want
        )
        return f"column {column!r}: expected {noun}, got {value!r}"
    if check.startswith("not_nullable"):
        return f"column {column!r}: empty value where one is required"
    if check == "finite":
        return f"column {column!r}: expected a finite number, got {value!r}"
    if check == "duplicate_row":
        return "the same row as an earlier line (a duplicate row)"
    return check


def _fmt(value) -> str:
    try:
        return pd.Timestamp(value).date().isoformat()
    except (ValueError, TypeError):
        return str(value)
