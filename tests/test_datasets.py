"""The catalog core: loading, as_of, validation errors that name the file, line and problem."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import uschina
from uschina import datasets
from uschina.errors import DataFileError, MetadataError, UnknownKeyError

REQUIRED_SOURCE = ("publisher", "series_id", "url", "license", "attribution", "curated_from")


def test_catalog_has_one_row_per_key_with_complete_metadata():
    cat = uschina.catalog()
    assert {"us_cpi_index", "us_cpi_yoy", "nber_recessions"} <= set(cat.index)
    assert cat.index.is_unique
    for col in ("title_zh", "title_en", "unit_zh", "unit_en", "frequency", "publisher",
                "series_id", "url", "license", "release_lag_days"):
        assert cat[col].notna().all(), col
        assert (cat[col].astype(str).str.len() > 0).all(), col
    assert cat.loc["us_cpi_yoy", "series_id"].startswith("CUUR0000SA0")
    assert cat.loc["us_cpi_index", "first"] == pd.Timestamp("1913-01-01")


@pytest.mark.parametrize("key", datasets.keys())
def test_every_key_loads_with_metadata_in_attrs(key):
    m = datasets.meta(key)
    for field in REQUIRED_SOURCE:
        assert getattr(m.source, field).strip(), f"{key}: source.{field} is empty"
    data = uschina.load(key)
    assert len(data) > 0
    assert data.attrs["key"] == key
    url = data.attrs["source"]["url"]
    # an official URL, or (for figures typed from a source text) the seed file it names
    assert url.startswith("https://") or url.startswith("http://") or "seed" in url, url
    if m.kind != "table":
        assert isinstance(data.index, pd.DatetimeIndex)
        assert data.index.is_monotonic_increasing and data.index.is_unique


def test_cpi_values_and_the_october_2025_gap():
    yoy = uschina.load("us_cpi_yoy")
    idx = uschina.load("us_cpi_index")
    assert yoy["2021-10-01"] == 6.2
    assert yoy["2022-06-01"] == 9.1
    assert idx["2021-10-01"] == pytest.approx(276.589)
    assert pd.isna(yoy["2025-10-01"]) and pd.isna(idx["2025-10-01"])
    assert idx.index[0] == pd.Timestamp("1913-01-01")
    # the YoY is the index's 12-month change, rounded to one decimal
    computed = ((idx / idx.shift(12) - 1) * 100).round(1).reindex(yoy.index)
    assert (computed - yoy).abs().max() < 0.051


def test_as_of_uses_the_release_lag():
    # Oct 2021 CPI was released 2021-11-10: in the report's view; Nov 2021 is not
    s = uschina.load("us_cpi_yoy", as_of="2021-11-16")
    assert s.index[-1] == pd.Timestamp("2021-10-01")
    assert uschina.load("us_cpi_yoy", as_of="2021-11-09").index[-1] == pd.Timestamp("2021-09-01")


def test_start_and_end_filter_inclusive():
    s = uschina.load("us_cpi_yoy", start="2020-01-01", end="2020-12-01")
    assert len(s) == 12 and s.index[0] == pd.Timestamp("2020-01-01")


def test_unknown_key_names_the_key_and_known_keys():
    with pytest.raises(UnknownKeyError, match=r"unknown data key 'cpi'.*us_cpi_yoy"):
        uschina.load("cpi")


def _edit(path, old, new):
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def test_duplicate_date_is_named(data_copy):
    _edit(data_copy / "us_cpi_yoy.csv", "2021-11-01,6.8", "2021-10-01,6.8")
    with pytest.raises(DataFileError) as err:
        uschina.load("us_cpi_yoy")
    msg = str(err.value)
    assert "us_cpi_yoy.csv" in msg and "duplicate date 2021-10-01" in msg
    assert re.search(r"line 129[56]", msg)


def test_non_numeric_value_is_named(data_copy):
    _edit(data_copy / "us_cpi_yoy.csv", "2021-10-01,6.2", "2021-10-01,6,2%")
    with pytest.raises(DataFileError):
        uschina.load("us_cpi_yoy")  # an extra field: unreadable or wrong column count
    _edit(data_copy / "us_cpi_yoy.csv", "2021-10-01,6,2%", "2021-10-01,six")
    with pytest.raises(DataFileError,
                       match=r"us_cpi_yoy.csv: line 1295 \(date 2021-10-01\): column 'value': "
                             r"expected a number, got 'six'"):
        uschina.load("us_cpi_yoy")


def test_missing_column_is_named(data_copy):
    path = data_copy / "us_cpi_yoy.csv"
    path.write_text(path.read_text().replace("date,value", "date,val", 1))
    with pytest.raises(DataFileError, match=r"missing column 'value'"):
        uschina.load("us_cpi_yoy")


def test_undeclared_gap_is_named(data_copy):
    _edit(data_copy / "us_cpi_yoy.csv", "2020-05-01,0.1", "2020-05-01,")
    with pytest.raises(DataFileError, match=r"line 1278 \(date 2020-05-01\): missing value where"):
        uschina.load("us_cpi_yoy")


def test_missing_month_is_named(data_copy):
    _edit(data_copy / "us_cpi_yoy.csv", "2020-05-01,0.1\n", "")
    with pytest.raises(DataFileError, match=r"date 2020-06-01.*monthly step"):
        uschina.load("us_cpi_yoy")


def test_unsorted_dates_are_named(data_copy):
    _edit(data_copy / "us_cpi_yoy.csv", "2020-05-01,0.1\n2020-06-01,0.6",
          "2020-06-01,0.6\n2020-05-01,0.1")
    with pytest.raises(DataFileError, match=r"dates must be sorted ascending"):
        uschina.load("us_cpi_yoy")


def test_metadata_frequency_that_disagrees_with_the_file(data_copy):
    _edit(data_copy / "us_cpi_yoy.yaml", "frequency: monthly", "frequency: quarterly")
    with pytest.raises(DataFileError, match=r"frequency.*'quarterly'"):
        uschina.load("us_cpi_yoy")


def test_malformed_metadata_names_the_field(data_copy):
    _edit(data_copy / "us_cpi_yoy.yaml", "release_lag_days: 13", "release_lag_days: soon")
    with pytest.raises(MetadataError, match=r"us_cpi_yoy.yaml.*field 'release_lag_days'"):
        uschina.load("us_cpi_yoy")


def test_metadata_naming_a_missing_file(data_copy):
    (data_copy / "us_cpi_yoy.csv").unlink()
    with pytest.raises(MetadataError, match=r"field 'file' names us_cpi_yoy.csv"):
        uschina.load("us_cpi_yoy")


def test_load_log_records_the_files_read(tmp_path, monkeypatch):
    log = tmp_path / "loads.txt"
    monkeypatch.setenv("USCHINA_LOAD_LOG", str(log))
    uschina.load("us_cpi_yoy")
    assert {p.rsplit("/", 1)[-1] for p in log.read_text().split()} == {
        "us_cpi_yoy.csv", "us_cpi_yoy.yaml"}


def test_unparseable_date_is_named_with_its_line(data_copy):
    _edit(data_copy / "us_cpi_yoy.csv", "2021-10-01,6.2", "18 March,6.2")
    with pytest.raises(DataFileError, match=r"line 1295: column 'date': expected a date "
                                            r"\(YYYY-MM-DD\), got '18 March'"):
        uschina.load("us_cpi_yoy")


def test_top_level_names_are_the_functions():
    assert callable(uschina.meta) and uschina.meta("us_cpi_yoy").key == "us_cpi_yoy"
    assert callable(uschina.load) and callable(uschina.catalog) and callable(uschina.keys)
