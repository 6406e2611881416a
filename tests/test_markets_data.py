"""The autos and dollar/RMB data: spot values from SOURCES.md, release lags, trading-day gaps."""

from __future__ import annotations

import pandas as pd
import pytest

import uschina
from conftest import REFERENCE_DIR, needs_reference
from uschina import fidelity
from uschina.errors import DataFileError

KEYS = ["us_auto_production", "us_vehicle_sales", "us_light_vehicle_sales",
        "usd_broad_index", "dxy", "usd_cny"]
DAILY = ["usd_broad_index", "dxy", "usd_cny"]


@pytest.mark.parametrize(("key", "date", "value"), [
    ("us_auto_production", "2020-04-01", 20.4),
    ("us_auto_production", "2021-01-01", 103.9),
    ("us_auto_production", "2021-04-01", 89.4),
    ("us_auto_production", "2021-09-01", 86.3),
    ("us_auto_production", "2021-11-01", 99.5),
    ("us_vehicle_sales", "2020-04-01", 8.92),
    ("us_vehicle_sales", "2021-04-01", 18.57),
    ("us_vehicle_sales", "2021-09-01", 12.73),
    ("us_light_vehicle_sales", "2021-04-01", 18.01),
    ("us_light_vehicle_sales", "2021-11-01", 13.11),
    ("usd_cny", "2021-11-30", 6.364),
    ("usd_broad_index", "2020-03-23", 126.13),
    ("dxy", "2020-12-31", 89.94),
    ("dxy", "2021-11-24", 96.84),
    ("dxy", "2021-12-31", 95.67),
    ("dxy", "2022-09-27", 114.11),
    ("dxy", "2025-12-31", 98.28),
])
def test_spot_values_from_sources_md(key, date, value):
    s = uschina.load(key)
    assert s[pd.Timestamp(date)] == pytest.approx(value, abs=0.005 if value < 20 else 0.05)


def test_monthly_averages_match_the_published_ones():
    assert uschina.load("usd_cny")["2021-11"].mean() == pytest.approx(6.3889, abs=5e-5)
    assert uschina.load("usd_broad_index")["2021-11"].mean() == pytest.approx(114.99, abs=0.005)
    cny = uschina.load("usd_cny", start="2019-01-01", end="2021-12-31")
    assert (cny.idxmax(), cny.max()) == (pd.Timestamp("2019-09-03"), 7.1786)


def test_light_vehicle_sales_trough_is_september_2021_and_ends_march_2024():
    s = uschina.load("us_light_vehicle_sales")
    assert s["2021"].idxmin() == pd.Timestamp("2021-09-01")
    assert s.index[-1] == pd.Timestamp("2024-03-01")
    assert "2024-03" in " ".join(uschina.meta("us_light_vehicle_sales").notes)


def test_coverage_runs_to_the_latest_reference_period():
    last = {k: uschina.load(k).index[-1] for k in KEYS}
    assert last["us_auto_production"] == pd.Timestamp("2025-08-01")
    assert last["us_vehicle_sales"] == pd.Timestamp("2026-06-01")
    assert last["usd_broad_index"] == pd.Timestamp("2026-08-14")
    assert last["usd_cny"] == pd.Timestamp("2026-09-18")
    assert last["dxy"] == pd.Timestamp("2026-08-21")
    for k in DAILY:  # the report's chart window is covered, daily
        assert uschina.load(k).index[0] <= pd.Timestamp("2006-01-03")


def test_report_view_stops_where_the_authors_could_see():
    # G.17 for October 2021 came out on 2021-11-16: as_of is the end of the day (calendars)
    assert uschina.load("us_auto_production", as_of="2021-11-15").index[-1] == pd.Timestamp(
        "2021-09-01")
    assert uschina.load("us_auto_production", as_of="2021-11-16").index[-1] == pd.Timestamp(
        "2021-10-01")
    # BEA posted October sales in early November
    assert uschina.load("us_vehicle_sales", as_of="2021-11-16").index[-1] == pd.Timestamp(
        "2021-10-01")
    assert uschina.load("us_vehicle_sales", as_of="2021-11-03").index[-1] == pd.Timestamp(
        "2021-09-01")
    # the ICE close is known at the end of its day; H.10 (USD/CNY, broad dollar) comes out
    # on Mondays for the week to the previous Friday
    assert uschina.load("dxy", as_of="2021-11-16").index[-1] == pd.Timestamp("2021-11-16")
    for k in ("usd_cny", "usd_broad_index"):
        assert uschina.load(k, as_of="2021-11-16").index[-1] == pd.Timestamp("2021-11-12")


def test_dxy_keeps_its_mirror_row_by_row():
    m = uschina.meta("dxy")
    assert "ICE" in m.source.publisher and "Yahoo" in m.source.publisher
    assert "src" in m.columns
    raw = pd.read_csv(uschina.datasets.data_dir() / m.file, parse_dates=["date"])
    before = raw[raw["date"] < "2014-01-02"]["src"].unique().tolist()
    middle = raw[(raw["date"] >= "2014-01-02") & (raw["date"] <= "2026-07-23")]
    after = raw[raw["date"] > "2026-07-23"]
    assert before == ["teofiloxyz/precious-metals-price"]
    assert middle["src"].unique().tolist() == ["kittycapital/btc-asset-correlation"]
    assert after["src"].unique().tolist() == ["ifxquantbot/edge-data"]
    assert after["date"].iloc[-1] == pd.Timestamp("2026-08-21")
    assert after["close"].iloc[-1] == 98.84  # SOURCES-3.md (a later version revises to 98.80)
    # every span is flagged as a secondary copy (Yahoo, not ICE)
    assert m.source.secondary and {c.kind for c in m.source.copies} == {"secondary"}


@pytest.mark.parametrize("key", DAILY)
def test_daily_series_hold_trading_days_only(key):
    m = uschina.meta(key)
    assert m.frequency == "business"
    s = uschina.load(key)
    assert (s.index.day_of_week < 5).all()  # no weekend rows
    assert s.notna().all()  # holidays are absent, not filled
    gaps = s.index.to_series().diff().dt.days
    assert gaps.max() == m.max_gap_days  # the declared limit is the real longest gap
    for holiday in ("2021-07-05", "2021-11-25", "2021-12-24"):  # US holidays: absent
        assert pd.Timestamp(holiday) not in s.index
    assert pd.Timestamp("2021-11-24") in s.index and pd.Timestamp("2021-11-26") in s.index


def test_broad_index_keeps_the_2010_snowstorm_gap_visible():
    s = uschina.load("usd_broad_index", start="2010-02-01", end="2010-02-15")
    assert s.index.strftime("%m-%d").tolist() == ["02-01", "02-02", "02-03", "02-04", "02-05",
                                                  "02-12"]
    assert "2010-02-08..11" in " ".join(uschina.meta("usd_broad_index").notes)


@pytest.mark.parametrize("key", KEYS)
def test_metadata_is_complete(key):
    m = uschina.meta(key)
    assert m.source.publisher and m.source.url.startswith("https://")
    assert m.source.license and m.source.attribution and m.source.credit.zh
    assert len(m.source.curated_from) > 40 and any(c.isdigit() for c in m.source.curated_from)
    assert m.reference is not None and m.reference.tolerance == 0
    assert m.notes


def test_a_gap_longer_than_declared_is_caught(data_copy):
    path = data_copy / "usd_cny.csv"
    lines = path.read_text().splitlines()
    # drop two weeks of rows in 2021: longer than max_gap_days
    kept = [ln for ln in lines if not ln.startswith(("2021-03-0", "2021-03-1"))]
    path.write_text("\n".join(kept) + "\n")
    with pytest.raises(DataFileError, match=r"usd_cny\.csv.*2021-03-2.*max_gap_days=5"):
        uschina.load("usd_cny")


def test_a_weekly_date_in_a_monthly_series_is_caught(data_copy):
    path = data_copy / "us_vehicle_sales.csv"
    path.write_text(path.read_text().replace("2021-09-01,", "2021-09-08,"))
    with pytest.raises(DataFileError, match=r"us_vehicle_sales\.csv.*2021-09-08"):
        uschina.load("us_vehicle_sales")


@needs_reference
@pytest.mark.parametrize("key", KEYS)
def test_every_value_matches_the_reference_exactly(key):
    f = fidelity.compare(key, REFERENCE_DIR)
    assert f.ok, f.mismatches[:5]
    assert f.rows > 500 and f.max_abs_diff == 0.0 and f.missing_in_reference == 0
