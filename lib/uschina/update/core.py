"""`uschina update`: fetch each series from its official source, check it, write it.

Each updatable key names its source in its metadata (``source.update``). An update runs in
three steps so that a failure changes nothing: fetch every source (one line naming the source
on failure), build and validate every new file with the same schema checks as ``load``, then
record the vintages and replace the curated files atomically.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import datasets
from ..errors import UschinaError
from ..fidelity import bls_round
from ..meta import SeriesMeta
from ..paths import data_dir
from . import fiscal, fred, http, tic, vintages
from .errors import FormatError, UpdateError

FRED_BASE, FRED_API_BASE, FISCAL_BASE = fred.GRAPH_BASE, fred.API_BASE, fiscal.BASE
TIC_URL = "https://ticdata.treasury.gov/resource-center/data-chart-center/tic/Documents/mfhhis01.txt"
SOURCE_NAMES = {"fred": "FRED", "fiscal_data": "Treasury Fiscal Data", "tic": "Treasury TIC"}
# why a key cannot be updated automatically (shown by --list)
MANUAL = {
    "presidential_approval_polls": "Gallup publishes no machine-readable archive (compiled list)",
    "trump2_approval_gallup": "Gallup publishes no machine-readable archive (compiled list)",
    "biden_approval_538": "archived: FiveThirtyEight's old model ended 2023-06",
    "trump_approval_538": "archived: FiveThirtyEight's old model, Trump's first term",
    "trump2_approval_nyt": "the NYT average is not an official open data series",
    "trump2_approval_silver": "Silver Bulletin's average is not an official open data series",
    "us_covid_new_cases": "archived: NYT's national series ended 2023-03-23",
    "us_covid_new_cases_7d": "archived: derived from NYT's ended series",
    "us_china_exchanges": "the 2021 report's table, typed in",
    "phase_one_purchases": "PIIE checkpoints as quoted: no machine-readable source",
    "rare_earth_claims": "the 2026 text's figures, typed in",
    "dxy": "ICE publishes no open machine-readable history (Yahoo mirror)",
    "nber_recessions": "NBER dates, typed in; they change once a cycle",
}


@dataclass
class Endpoints:
    """Where each source lives; tests point these at a local server."""

    fred: str = FRED_BASE
    fred_api: str = FRED_API_BASE
    fiscal: str = FISCAL_BASE
    tic: str = TIC_URL

    @classmethod
    def from_env(cls) -> Endpoints:
        e = os.environ
        return cls(fred=e.get("USCHINA_FRED_BASE", FRED_BASE),
                   fred_api=e.get("USCHINA_FRED_API_BASE", FRED_API_BASE),
                   fiscal=e.get("USCHINA_FISCAL_BASE", FISCAL_BASE),
                   tic=e.get("USCHINA_TIC_URL", TIC_URL))


@dataclass
class Change:
    """What an update found for one key."""

    key: str
    source: str
    urls: list[str]
    frame: pd.DataFrame  # the new curated file (text values)
    new: pd.DataFrame  # rows whose date is not in the curated file
    revised: pd.DataFrame  # date, column, old, new
    removed: pd.DataFrame  # curated rows inside the fetched span that the source no longer has
    vintage_rows: pd.DataFrame  # rows to add to data/vintages/<key>/changes.csv
    fetched_rows: int = 0

    @property
    def changed(self) -> bool:
        return bool(len(self.new) or len(self.revised) or len(self.removed))


@dataclass
class Session:
    endpoints: Endpoints = field(default_factory=Endpoints.from_env)
    timeout: float = http.DEFAULT_TIMEOUT
    api_key: str | None = field(default_factory=lambda: os.environ.get("FRED_API_KEY") or None)
    today: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).strftime("%Y-%m-%d"))
    get: Callable[..., str] = http.get
    _cache: dict[str, str] = field(default_factory=dict)

    def fetch(self, url: str, source: str) -> str:
        if url not in self._cache:  # one TIC file serves four keys
            self._cache[url] = self.get(url, source, timeout=self.timeout)
        return self._cache[url]


# ---------------------------------------------------------------- listing


def listing() -> pd.DataFrame:
    """One row per key: its publisher, the source `update` fetches, and whether it can."""
    rows = []
    for key in datasets.keys():
        m = datasets.meta(key)
        u = m.source.update
        if u is None:
            how, auto = MANUAL.get(key, "no official machine-readable source"), False
        elif u.source == "derived":
            how, auto = f"computed from {u.series_id}", True
        else:
            how, auto = f"{SOURCE_NAMES[u.source]} {u.series_id}", True
        rows.append({"key": key, "automatic": "yes" if auto else "no", "source": how,
                     "publisher": m.source.publisher,
                     "secondary": "yes" if m.source.secondary else ""})
    return pd.DataFrame(rows).set_index("key")


def updatable_keys() -> list[str]:
    return [k for k in datasets.keys() if datasets.meta(k).source.update is not None]


# ---------------------------------------------------------------- the three steps


def plan(keys: list[str] | None) -> list[str]:
    """The keys to update, parents before the keys derived from them."""
    every = updatable_keys()
    if not keys:
        return every
    chosen = []
    for k in keys:
        m = datasets.meta(k)  # UnknownKeyError names the known keys
        if m.source.update is None:
            raise UpdateError(f"{k} cannot be updated automatically: "
                              f"{MANUAL.get(k, 'no official machine-readable source')} "
                              "(see `uschina update --list`)")
        if m.source.update.source == "derived":
            chosen.append(m.source.update.series_id)
        chosen.append(k)
    for k in list(chosen):  # a parent brings its derived keys along
        chosen += [d for d in every if datasets.meta(d).source.update.source == "derived"
                   and datasets.meta(d).source.update.series_id == k]
    return [k for k in every if k in set(chosen)]


def prepare(keys: list[str], session: Session) -> list[Change]:
    """Fetch and build every key; nothing is written. Raises on the first failure."""
    fetched: dict[str, tuple[pd.DataFrame, list[str], pd.DataFrame | None]] = {}
    for key in keys:  # step 1: every fetch first, so an unreachable source changes nothing
        m = datasets.meta(key)
        if m.source.update.source != "derived":
            fetched[key] = _fetch(key, m, session)
    changes: dict[str, Change] = {}
    for key in keys:  # step 2: build and validate
        m = datasets.meta(key)
        if m.source.update.source == "derived":
            parent = changes[m.source.update.series_id].frame
            rows, urls, alfred = _derive(key, m, parent), changes[
                m.source.update.series_id].urls, None
        else:
            rows, urls, alfred = fetched[key]
        changes[key] = _build(key, m, rows, urls, alfred, session.today)
        validate(key, changes[key].frame)
    return [changes[k] for k in keys]


def commit(changes: list[Change], session: Session) -> None:
    """Record each fetch as a vintage and replace the curated files (atomic renames)."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    for c in changes:
        m = datasets.meta(c.key)
        vintages.record(c.key, c.vintage_rows, {
            "fetched_at": stamp, "vintage": session.today, "source": c.source,
            "url": " ".join(_redact(u) for u in c.urls), "rows": c.fetched_rows,
            "new": len(c.new), "revised": len(c.revised)})
        if c.changed:
            vintages.write_csv_atomic(c.frame, data_dir() / m.file)


# ---------------------------------------------------------------- fetching


def _fetch(key: str, m: SeriesMeta, s: Session):
    u = m.source.update
    e = s.endpoints
    if u.source == "fred":
        if s.api_key:
            url = fred.api_url(u.series_id, s.api_key, e.fred_api, vintages=True)
            obs = fred.parse_api_json(s.fetch(url, "FRED API (ALFRED)"), u.series_id)
            current = (obs.sort_values(["date", "realtime_start"])
                       .drop_duplicates("date", keep="last")[["date", "value"]])
            alfred = obs.rename(columns={"realtime_start": "vintage"})[["vintage", "date",
                                                                        "value"]]
            return current.reset_index(drop=True), [url], alfred
        url = fred.graph_url(u.series_id, e.fred)
        return fred.parse_graph_csv(s.fetch(url, "FRED"), u.series_id), [url], None
    if u.source == "tic":
        table = tic.parse_mfh(s.fetch(e.tic, "Treasury TIC"), source=e.tic)
        frame = tic.holder(table, u.series_id)
        for col in ("value", "prior_series"):
            frame[col] = frame[col].map(lambda v: None if pd.isna(v) else str(float(v)))
        return frame, [e.tic], None
    if u.source == "fiscal_data":
        have = pd.read_csv(data_dir() / m.file, dtype=str, usecols=[m.date_column])
        # re-read the last month too: Treasury corrects recent days now and then
        since = (pd.Timestamp(have[m.date_column].iloc[-1]) - pd.Timedelta(days=31))
        pages, urls, n = [], [], 1
        while True:
            url = fiscal.page_url(since.strftime("%Y-%m-%d"), n, e.fiscal)
            frame, total = fiscal.parse_page(s.fetch(url, "Treasury Fiscal Data"))
            pages.append(frame)
            urls.append(url)
            if n >= total:
                break
            n += 1
        return pd.concat(pages, ignore_index=True), urls, None
    raise UpdateError(f"{key}: unknown update source {u.source!r}")


def _derive(key: str, m: SeriesMeta, parent: pd.DataFrame) -> pd.DataFrame:
    """us_cpi_yoy from the new index: BLS-style rounding, from the 13th month on."""
    x = pd.to_numeric(parent["value"])
    yoy = bls_round((x / x.shift(12) - 1) * 100)
    out = pd.DataFrame({"date": parent["date"],
                        "value": yoy.map(lambda v: None if pd.isna(v) else f"{v:.1f}")})
    return out.iloc[12:].reset_index(drop=True)


# ---------------------------------------------------------------- building


def _build(key, m: SeriesMeta, rows: pd.DataFrame, urls, alfred, today: str) -> Change:
    u = m.source.update
    cols = [c for c in m.columns if c != m.date_column]
    current = pd.read_csv(data_dir() / m.file, dtype=str, keep_default_na=False,
                          na_values=[""])
    current = current.rename(columns={m.date_column: "date"})
    missing = [c for c in cols if c not in rows.columns]
    if missing:
        raise FormatError(f"{key}: the fetched data lack column(s) {missing}")
    rows = rows[["date", *cols]].copy()
    rows = rows[rows["date"] >= current["date"].iloc[0]]  # keep the committed span's start
    if m.frequency == "business":  # holidays are absent, not empty rows
        rows = rows.dropna(subset=cols, how="all")
    if rows.empty:
        raise FormatError(f"{key}: the source has no rows from {current['date'].iloc[0]} on")
    lo, hi = rows["date"].iloc[0], rows["date"].iloc[-1]
    inside = (current["date"] >= lo) & (current["date"] <= hi)
    merged = rows.merge(current, on="date", how="left", suffixes=("", "__old"),
                        indicator=True)
    revised = []
    for c in cols:
        same = vintages.same(merged[c], merged[f"{c}__old"])
        # unchanged values keep the curated text, so an update changes no digits needlessly
        merged.loc[same, c] = merged.loc[same, f"{c}__old"]
        bad = ~same & (merged["_merge"] == "both")
        revised += [{"date": d, "column": c, "old": o, "new": n} for d, o, n in
                    zip(merged.loc[bad, "date"], merged.loc[bad, f"{c}__old"],
                        merged.loc[bad, c], strict=True)]
    new_rows = merged.loc[merged["_merge"] == "left_only", ["date", *cols]]
    removed = current[inside & ~current["date"].isin(rows["date"])]
    frame = pd.concat([current[~inside], merged[["date", *cols]]], ignore_index=True)
    frame = frame.sort_values("date", kind="stable").reset_index(drop=True)
    frame = frame.rename(columns={"date": m.date_column})[list(m.columns)]
    # the vintage: the rows this fetch adds or revises (unchanged rows need no record: the
    # curated file holds them); a first revision also files the value it replaces under
    # BASELINE, so that `as_of` before the fetch still sees it
    known = vintages.read_changes(key)
    if alfred is not None:
        alfred = alfred[alfred["date"] >= current["date"].iloc[0]].rename(
            columns={"value": cols[0]})
        vrows = alfred if known is None else alfred.merge(
            known[["vintage", "date"]], on=["vintage", "date"], how="left",
            indicator=True).query("_merge == 'left_only'").drop(columns="_merge")
    else:
        touched = set(new_rows["date"]) | {r["date"] for r in revised}
        vrows = merged.loc[merged["date"].isin(touched), ["date", *cols]].assign(vintage=today)
        seen = set() if known is None else set(known["date"])
        old = current[current["date"].isin({r["date"] for r in revised} - seen)]
        vrows = pd.concat([old[["date", *cols]].assign(vintage=vintages.BASELINE), vrows],
                          ignore_index=True)
    vrows = vrows[["vintage", "date", *cols]].reset_index(drop=True)
    source = (f"{SOURCE_NAMES.get(u.source, 'computed')} {u.series_id}" if u.source != "derived"
              else f"computed from {u.series_id}")
    return Change(key=key, source=source, urls=list(urls), frame=frame, new=new_rows,
                  revised=pd.DataFrame(revised, columns=["date", "column", "old", "new"]),
                  removed=removed, vintage_rows=vrows, fetched_rows=len(rows))


def validate(key: str, frame: pd.DataFrame) -> None:
    """The same schema checks as ``load``, run on a private copy of the key's files."""
    m = datasets.meta(key)
    with tempfile.TemporaryDirectory(prefix="uschina-update-") as tmp:
        shutil.copy(data_dir() / f"{key}.yaml", Path(tmp) / f"{key}.yaml")
        frame.to_csv(Path(tmp) / m.file, index=False, lineterminator="\n")
        old = os.environ.get("USCHINA_DATA_DIR")
        os.environ["USCHINA_DATA_DIR"] = tmp
        try:
            datasets.load(key)
        except UschinaError as exc:
            raise UpdateError(f"{key}: the fetched data fail the schema, nothing written: "
                              f"{str(exc).replace(tmp, 'data')}") from None
        finally:
            if old is None:
                os.environ.pop("USCHINA_DATA_DIR", None)
            else:
                os.environ["USCHINA_DATA_DIR"] = old


def _redact(url: str) -> str:
    """Never write an API key into the repository's vintage log."""
    import re

    return re.sub(r"(api_key=)[^&]+", r"\1***", url)


def describe(c: Change, limit: int = 12) -> list[str]:
    """Human lines: the key's summary, then its new (+), revised (~) and removed (-) rows."""
    head = (f"{c.key}: {c.source}: {c.fetched_rows} rows fetched; {len(c.new)} new, "
            f"{len(c.revised)} revised" + (f", {len(c.removed)} removed" if len(c.removed)
                                            else ""))
    lines = [head]
    items = [f"  + {r.date}  " + "  ".join(f"{k}={v}" for k, v in r._asdict().items()
                                          if k not in ("Index", "date") and v is not None
                                          and not (isinstance(v, float) and pd.isna(v)))
             for r in c.new.itertuples()]
    items += [f"  ~ {r.date}  {r.column}: {r.old} -> {r.new}" for r in c.revised.itertuples()]
    items += [f"  - {r}" for r in c.removed["date"]]
    lines += items[:limit]
    if len(items) > limit:
        lines.append(f"  ... and {len(items) - limit} more")
    return lines
