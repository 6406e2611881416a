"""The metadata sidecar of each data set (``data/<key>.yaml``), validated with pydantic.

The shape follows OWID's ETL metadata: titles and units in both languages, provenance
(publisher, official series id and URL, licence), release lag, display decimals, and the
known quirks of the series written down rather than silently fixed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import MetadataError

Frequency = Literal["daily", "business", "monthly", "quarterly", "irregular", "none"]
Kind = Literal["series", "frame", "table"]
ColumnType = Literal["float", "int", "str", "date", "bool"]


class Bilingual(BaseModel):
    model_config = ConfigDict(extra="forbid")
    zh: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class ColumnSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: ColumnType = "float"
    nullable: bool = False
    description: str = ""


CopyKind = Literal["official", "mirror", "secondary", "transcribed"]
# "official": the publisher's file, unmodified; "mirror": a download of the publisher's file
# kept unaltered by a third party (e.g. a FRED CSV committed to GitHub); "secondary": processed
# or compiled by a third party (a JSON re-export, a compiled poll list, a modified mirror,
# figures quoted on web pages); "transcribed": rebuilt from a text view, not byte-certified
SECONDARY_KINDS = ("secondary", "transcribed")


class Copy(BaseModel):
    """One span of a series' rows and the copy it was curated from."""

    model_config = ConfigDict(extra="forbid")
    start: date
    end: date
    kind: CopyKind
    origin: str = Field(description="repository, path and commit (or URL) of the copy")
    note: str = ""


class Update(BaseModel):
    """The official machine-readable source `uschina update` fetches the series from."""

    model_config = ConfigDict(extra="forbid")
    source: Literal["fred", "fiscal_data", "tic", "derived"]
    series_id: str = Field(
        description="FRED series id, Fiscal Data endpoint, TIC row name, or (derived) the key "
        "this one is computed from"
    )
    url: str = Field(description="the endpoint fetched (documentation; the code builds it)")


class Source(BaseModel):
    """Where the numbers come from: the official publisher and series, and the mirror we read."""

    model_config = ConfigDict(extra="forbid")
    publisher: str
    series_id: str
    url: str
    license: str
    attribution: str
    credit: Bilingual = Field(description="short source credit for chart source lines")
    curated_from: str = Field(
        description="the copy the values were curated from (mirror repository, commit, file)"
    )
    copies: list[Copy] = Field(
        default_factory=list,
        description="which copy each span of rows comes from, and what kind of copy it is; "
        "a series spliced from an official file and a secondary one lists both",
    )
    update: Update | None = Field(
        default=None, description="how `uschina update` refreshes the series (absent: it cannot)"
    )

    @property
    def secondary(self) -> bool:
        """True when any span is not the publisher's own file or an unmodified mirror of it."""
        return any(c.kind in SECONDARY_KINDS for c in self.copies)


class Reference(BaseModel):
    """How the curated values map onto a reference file (fidelity tests only).

    The product never reads reference files; tests compare against them when they are present.
    """

    model_config = ConfigDict(extra="forbid")
    file: str
    columns: dict[str, str] = Field(description="our column -> the reference file's column")
    date_column: str | None = "date"
    match: list[str] | None = Field(
        default=None,
        description="our columns that identify a row; default: the date column; "
        "['row'] aligns rows by position (a table copied row for row)",
    )
    filter: dict[str, str] = Field(default_factory=dict, description="reference rows to keep")
    tolerance: float = Field(0.0, ge=0, description="max abs difference allowed; 0 = exact")
    start: date | None = Field(default=None, description="first of our rows this file covers")
    end: date | None = Field(default=None, description="last of our rows this file covers")
    layout: Literal["csv", "json_arrays", "json_mapping", "tic_mfh"] = Field(
        "csv",
        description="csv; json_arrays: {date_column: [...], column: [...]}; json_mapping: "
        "{column: {date: value}}; tic_mfh: Treasury's Major Foreign Holders text (columns "
        "name its rows, e.g. 'China, Mainland')",
    )
    names: list[str] | None = Field(default=None, description="column names of a headerless CSV")
    na_values: list[str] = Field(default_factory=list, description="extra missing-value markers")
    pivot: str | None = Field(
        default=None,
        description="a long file with one row per (date, this column): columns are then named "
        "'<value of this column>.<value column>', e.g. 'Approve.pct_estimate'",
    )
    transform: Literal["diff", "pct_change_12", "diff_mean_7"] | None = Field(
        default=None,
        description="derive our values from the file's: first difference (first row kept), "
        "12-period percent change rounded to 1 decimal, or 7-day mean of the first difference",
    )


ReleaseRule = Literal["lag", "weekly", "listed", "same_day", "next_business_day"]


class Release(BaseModel):
    """How the publisher releases the series (see :mod:`uschina.calendars`)."""

    model_config = ConfigDict(extra="forbid")
    rule: ReleaseRule
    weekday: int | None = Field(
        default=None, ge=0, le=4, description="weekly: day of publication, 0 = Monday")
    calendar: str | None = Field(
        default=None, description="listed: the calendar in release_dates.yaml, e.g. 'bls_cpi'")
    note: str = ""

    @model_validator(mode="after")
    def _complete(self) -> Release:
        if self.rule == "weekly" and self.weekday is None:
            raise ValueError("a weekly release needs weekday (0 = Monday)")
        if self.rule == "listed" and not self.calendar:
            raise ValueError("a listed release needs calendar (a name in release_dates.yaml)")
        return self


class SeriesMeta(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str
    kind: Kind
    file: str
    title: Bilingual
    unit: Bilingual
    frequency: Frequency
    source: Source
    columns: dict[str, ColumnSpec]
    date_column: str | None = "date"
    value_column: str | None = None
    release_lag_days: int = Field(ge=0, description="days from the period's end to publication")
    release: Release | None = Field(
        default=None,
        description="how the series is published; absent: the fixed release_lag_days rule",
    )
    declared_gaps: list[date] = Field(
        default_factory=list, description="periods whose value is known to be missing (NaN)"
    )
    max_gap_days: int | None = Field(
        default=None,
        description="for business/daily series with holidays: the longest run of absent days",
    )
    display_decimals: int = 1
    notes: list[str] = Field(default_factory=list)
    derivation: str | None = None
    reference: Reference | None = Field(
        default=None, description="the reference file the values are tested against"
    )
    more_references: list[Reference] = Field(
        default_factory=list,
        description="further reference files, each for the span of rows it covers (start/end), "
        "for a series extended from a newer copy",
    )

    @model_validator(mode="after")
    def _consistent(self) -> SeriesMeta:
        if self.kind == "series":
            if not self.value_column:
                raise ValueError("a 'series' needs value_column")
            if self.value_column not in self.columns:
                raise ValueError(f"value_column {self.value_column!r} is not in columns")
        if self.kind in ("series", "frame") and not self.date_column:
            raise ValueError(f"a {self.kind!r} needs date_column")
        if self.date_column and self.date_column not in self.columns:
            raise ValueError(f"date_column {self.date_column!r} is not in columns")
        if self.more_references and self.reference is None:
            raise ValueError("more_references needs a primary 'reference'")
        if self.frequency == "business" and self.max_gap_days is None:
            raise ValueError("a 'business' series must declare max_gap_days (holidays)")
        return self


def read_meta(path: Path) -> SeriesMeta:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise MetadataError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise MetadataError(
            f"{path}: expected a mapping of metadata fields, got {type(raw).__name__}"
        )
    try:
        meta = SeriesMeta.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"field '{'.'.join(str(p) for p in err['loc']) or '(top)'}': {err['msg']}"
            for err in exc.errors()
        )
        raise MetadataError(f"{path}: invalid metadata: {problems}") from None
    if meta.key != path.name.removesuffix(".yaml"):
        raise MetadataError(
            f"{path}: field 'key' is {meta.key!r} but the file is named for {path.stem!r}"
        )
    return meta
