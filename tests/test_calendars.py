"""Release calendars: load(as_of=DAY) shows what had been published by the end of DAY."""

from __future__ import annotations

import pandas as pd
import pytest

from uschina import calendars, datasets
from uschina.errors import MetadataError


def last(key: str, as_of: str) -> str:
    data = datasets.load(key, as_of=as_of)
    return data.index[-1].date().isoformat()


def test_h10_is_weekly_on_mondays():
    # 2021-11-15 (a Monday) is in the H.10 of Monday 2021-11-22, not before
    assert last("usd_cny", "2021-11-16") == "2021-11-12"
    assert last("usd_cny", "2021-11-21") == "2021-11-12"
    assert last("usd_cny", "2021-11-22") == "2021-11-19"
    assert last("usd_broad_index", "2021-11-16") == "2021-11-12"


def test_h10_moves_to_tuesday_after_a_holiday():
    # Monday 2021-09-06 was Labor Day: the week to Friday 09-03 came out on Tuesday 09-07
    assert last("usd_cny", "2021-09-06") == "2021-08-27"
    assert last("usd_cny", "2021-09-07") == "2021-09-03"


def test_cpi_on_the_bls_release_days():
    assert last("us_cpi_yoy", "2021-09-13") == "2021-07-01"  # August came out on 09-14
    assert last("us_cpi_yoy", "2021-09-14") == "2021-08-01"
    assert last("us_cpi_yoy", "2021-11-09") == "2021-09-01"
    assert last("us_cpi_yoy", "2021-11-10") == "2021-10-01"  # October, released that day


def test_g17_on_its_release_day():
    assert last("us_auto_production", "2021-10-17") == "2021-08-01"
    assert last("us_auto_production", "2021-10-18") == "2021-09-01"


def test_tic_release_days_and_first_prints():
    # October 2025 first printed on 2025-12-18 at 688.7, November on 2026-01-15 at 682.6
    assert last("china_ust_holdings", "2025-12-17") == "2025-09-01"
    h = datasets.load("china_ust_holdings", as_of="2026-01-15")["value"]
    assert h["2025-10-01"] == 688.7 and h["2025-11-01"] == 682.6
    assert h.attrs["vintage"] == "as published on 2026-01-15 where kept, else latest revision"
    assert h.attrs["published"] == {"2025-10-01": "2025-12-18", "2025-11-01": "2026-01-15"}
    today = datasets.load("china_ust_holdings")["value"]
    assert today["2025-10-01"] == 687.7 and today["2025-11-01"] == 683.9
    assert today.attrs["vintage"] == "latest revision"
    # revised values in the table dated 2026-03-18
    h = datasets.load("china_ust_holdings", as_of="2026-03-18")["value"]
    assert h["2025-10-01"] == 687.7


def test_series_without_vintages_say_latest_revision():
    assert datasets.load("us_cpi_yoy", as_of="2021-11-16").attrs["vintage"] == "latest revision"


def test_debt_to_the_penny_next_business_day():
    # Friday 2025-10-17's figure is posted on Monday 10-20
    assert last("us_public_debt", "2025-10-19") == "2025-10-16"
    assert last("us_public_debt", "2025-10-20") == "2025-10-17"


def test_release_date_listed_unconfirmed_and_fallback():
    d, how = calendars.release_date("bls_cpi", "2021-08")
    assert d == pd.Timestamp("2021-09-14") and how == "listed"
    d, how = calendars.release_date("tic", "2025-12")
    assert how == "listed (not confirmed)"
    # G.17 for Sep 2010 is not listed: the 16th of October 2010 was a Saturday -> Monday
    d, how = calendars.release_date("fed_g17", "2010-09")
    assert d == pd.Timestamp("2010-10-18") and how == "fallback rule"
    with pytest.raises(MetadataError, match="unknown release calendar 'nope'"):
        calendars.release_date("nope", "2021-01")


def test_listed_cpi_dates_fall_mid_month_on_business_days():
    for month, (day, _, _) in calendars.calendars()["bls_cpi"]["dates"].items():
        assert day.weekday() < 5, month
        assert pd.Period(month, "M") + 1 <= pd.Period(day, "M") <= pd.Period(month, "M") + 2


def test_release_declaration_is_validated(tmp_path):
    from uschina.meta import Release

    with pytest.raises(ValueError, match="weekday"):
        Release(rule="weekly")
    with pytest.raises(ValueError, match="calendar"):
        Release(rule="listed")


def test_a_bad_release_declaration_names_the_file(data_copy):
    path = data_copy / "usd_cny.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("release: {rule: weekly, weekday: 0,", "release: {rule: weekly,"),
                    encoding="utf-8")
    with pytest.raises(MetadataError, match=r"usd_cny.yaml.*release.*weekday"):
        datasets.load("usd_cny", as_of="2021-11-16")


def test_catalog_says_how_each_series_is_published():
    cat = datasets.catalog()
    assert cat.loc["usd_cny", "release"].startswith("published weekly on Monday")
    assert "bls_cpi" in cat.loc["us_cpi_yoy", "release"]
    assert "fixed lag" in cat.loc["us_covid_new_cases", "release"]
