"""The series brought up to the latest reference files: coverage, splices, flags, ranks."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import REFERENCE_DIR, needs_reference
from uschina import approval_days, datasets, fidelity
from uschina.update import tic

# key -> last date the reference files support (issue 15)
LATEST = {
    "us_cpi_index": "2026-07-01", "us_cpi_yoy": "2026-07-01", "usd_cny": "2026-09-18",
    "dxy": "2026-08-21", "us_covid_new_cases": "2023-03-23", "us_covid_new_cases_7d":
    "2023-03-23", "china_ust_holdings": "2026-07-01", "japan_ust_holdings": "2026-07-01",
    "uk_ust_holdings": "2026-07-01", "foreign_ust_holdings": "2025-12-01",
    "biden_approval_538": "2023-06-27", "trump2_approval_nyt": "2026-09-22",
    "trump2_approval_silver": "2026-09-21",
}


@pytest.mark.parametrize(("key", "last"), LATEST.items())
def test_series_run_to_the_latest_supported_date(key, last):
    assert datasets.load(key).index[-1] == pd.Timestamp(last)


@pytest.mark.parametrize("key", datasets.keys())
def test_copies_cover_the_rows_in_order_and_flag_secondary_ones(key):
    m = datasets.meta(key)
    copies = m.source.copies
    if not copies:
        return
    data = datasets.load(key)
    dates = pd.to_datetime(data[m.date_column]) if m.kind == "table" else data.index
    spans = [(pd.Timestamp(c.start), pd.Timestamp(c.end)) for c in copies]
    assert spans[0][0] == dates.min() and spans[-1][1] == dates.max(), key
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert end < start, f"{key}: copies overlap or are out of order"
    covered = sum(((dates >= s) & (dates <= e)).sum() for s, e in spans)
    assert covered == len(dates), f"{key}: rows outside every copy's span"
    assert m.source.secondary == any(c.kind in ("secondary", "transcribed") for c in copies)


def test_secondary_and_transcribed_copies_are_flagged():
    flagged = {k for k in datasets.keys() if datasets.meta(k).source.secondary}
    assert {"trump2_approval_nyt", "trump2_approval_silver", "trump2_approval_gallup",
            "china_ust_holdings", "japan_ust_holdings", "uk_ust_holdings", "usd_cny",
            "dxy", "usd_broad_index", "us_public_debt", "us_covid_new_cases",
            "presidential_approval_polls"} <= flagged
    assert not {"foreign_ust_holdings", "us_cpi_index", "biden_approval_538"} & flagged
    kinds = {c.kind for c in datasets.meta("trump2_approval_nyt").source.copies}
    assert kinds == {"transcribed"}
    # every key read from a copy says what kind of copy it is
    typed = {"nber_recessions", "us_china_exchanges", "rare_earth_claims"}
    assert all(datasets.meta(k).source.copies for k in datasets.keys() if k not in typed)


def test_china_ranks_third_behind_japan_and_the_uk():
    c, j, u = (datasets.load(k)["value"] if k != "japan_ust_holdings" else datasets.load(k)
               for k in ("china_ust_holdings", "japan_ust_holdings", "uk_ust_holdings"))
    since = slice("2025-03-01", None)
    assert ((j[since] > u[since]) & (u[since] > c[since])).all()
    assert c["2025-02-01"] > u["2025-02-01"]  # the last month China held more
    assert (j["2025-12-01"], u["2025-12-01"], c["2025-12-01"]) == (1185.5, 866.0, 683.5)
    assert (j["2026-07-01"], u["2026-07-01"], c["2026-07-01"]) == (1103.9, 998.3, 618.0)


def test_uk_keeps_its_series_breaks():
    u = datasets.load("uk_ust_holdings")
    assert u.loc["2000-03-01"].tolist() == [78.6, 235.7]
    assert u.loc["2010-06-01"].tolist() == [94.5, 363.6]
    assert u["prior_series"].notna().sum() == 11


def test_holdings_release_lag_hides_july_2026_until_mid_september():
    assert datasets.load("uk_ust_holdings", as_of="2026-09-18").index[-1] == pd.Timestamp(
        "2026-07-01")
    assert datasets.load("uk_ust_holdings", as_of="2026-09-17").index[-1] == pd.Timestamp(
        "2026-06-01")


def test_cpi_latest_months():
    idx, yoy = datasets.load("us_cpi_index"), datasets.load("us_cpi_yoy")
    assert (idx["2026-06-01"], idx["2026-07-01"]) == (333.952, 333.918)  # SOURCES-3.md
    assert (yoy["2026-06-01"], yoy["2026-07-01"]) == (3.5, 3.4)
    assert yoy["2026-07-01"] == round((333.918 / idx["2025-07-01"] - 1) * 100, 1)


def test_daily_markets_latest_values():
    cny = datasets.load("usd_cny")
    assert (cny["2026-08-14"], cny["2026-08-28"], cny["2026-09-18"]) == (6.7412, 6.726, 6.6975)
    assert datasets.load("dxy")["2026-08-14"] == 99.67


def test_trump_second_term_averages_and_gallup():
    nyt = datasets.load("trump2_approval_nyt")
    assert nyt.loc["2026-09-22"].tolist() == [37.8, 59.3]
    assert nyt.loc["2026-06-30"].tolist() == [39.0, 57.9]
    sb = datasets.load("trump2_approval_silver")
    assert sb.loc["2026-01-01", "approve"] == pytest.approx(42.24879)
    assert sb.loc["2026-09-21", "disapprove"] == pytest.approx(58.8613)
    assert len(sb) == 609 and sb.index.to_series().diff().dt.days.max() == 1
    g = datasets.load("trump2_approval_gallup")
    assert len(g) == 12 and set(g["pollster"]) == {"Gallup"}
    assert g[["approve", "disapprove"]].iloc[[0, 5, -1]].values.tolist() == [[47, 48], [40, 57],
                                                                           [36, 59]]
    assert g["days_in_office"].iloc[0] == 7  # counted from 2025-01-20
    assert g["url"].str.startswith("https://news.gallup.com/poll/").all()


def test_biden_gallup_polls_cover_his_whole_term():
    polls = datasets.load("presidential_approval_polls")
    biden = polls[polls["president"] == "Joe Biden"]
    assert len(biden) == 42
    assert biden["poll_end"].max() == pd.Timestamp("2025-01-15")
    assert biden.iloc[-1][["approve", "disapprove"]].tolist() == [40, 54]  # SOURCES-3.md


def test_approval_at_day_299_reproduces_the_report():
    polls = approval_days.gallup_polls(as_of="2021-11-16")
    t = approval_days.approval_on_day(polls, 299, today="2021-11-16").set_index("president")
    assert t.loc["Joe Biden", "gallup_approve"] == 42
    assert t.loc["Bill Clinton", "gallup_approve"] == 48
    assert t.loc["Gerald Ford", "gallup_approve"] == 51
    assert len(t) == 14  # Trump's second term had not begun


def test_current_president_against_every_predecessor():
    table, info = approval_days.today_comparison(today="2026-11-21")
    assert (info["president"], info["first_day"]) == ("Donald Trump", pd.Timestamp("2025-01-20"))
    assert (info["day"], info["date"]) == (610, pd.Timestamp("2026-09-22"))
    assert info["averages"] == {"New York Times": 37.8}  # Silver Bulletin ends a day earlier
    assert len(table) == 15 and table["in_office"].all()
    trump1, trump2 = table[table["president"] == "Donald Trump"].itertuples()
    assert (trump1.first_day, trump2.first_day) == (pd.Timestamp("2017-01-20"),
                                                   pd.Timestamp("2025-01-20"))
    assert trump1.gallup_approve == 38 and trump2.gallup_approve == 36
    assert trump2.gallup_days_before == 281  # Gallup's last 2025 reading: stale, and said so
    assert (trump2.gallup_high, trump2.gallup_low) == (47, 36)


def test_like_for_like_on_gallup_s_last_reading():
    table, info = approval_days.today_comparison(today="2026-11-21", basis="gallup")
    assert (info["day"], info["date"]) == (329, pd.Timestamp("2025-12-15"))
    assert info["averages"] == {"New York Times": 42.8,
                                "Silver Bulletin": pytest.approx(42.71596)}
    t = table.set_index(["president", "first_day"])
    assert t.loc[("Donald Trump", pd.Timestamp("2025-01-20")), "gallup_days_before"] == 0
    assert t.loc[("Joe Biden", pd.Timestamp("2021-01-20")), "gallup_approve"] == 42
    # at day 329 only Trump's own first term (34 on 2017-12-15) had a lower Gallup reading
    below = t[t["gallup_approve"] < 36].index.tolist()
    assert below == [("Donald Trump", pd.Timestamp("2017-01-20"))]
    with pytest.raises(Exception, match="parameter 'basis'"):
        approval_days.today_comparison(basis="poll")


def test_day_in_office_counts_from_the_presidency_not_the_first_term():
    polls = approval_days.gallup_polls()
    obama = polls[polls["president"] == "Barack Obama"]
    assert obama["first_day"].nunique() == 1  # two consecutive terms: one presidency
    trump = polls[polls["president"] == "Donald Trump"]
    assert sorted(trump["first_day"].unique()) == [pd.Timestamp("2017-01-20"),
                                                   pd.Timestamp("2025-01-20")]
    assert approval_days.day_in_office("2025-01-20", "2026-11-21") == 670
    with pytest.raises(Exception, match="before the first day in office"):
        approval_days.day_in_office("2025-01-20", "2024-12-31")


@needs_reference
def test_tic_parser_equals_the_independent_parse():
    table = tic.parse_mfh((REFERENCE_DIR / "mfhhis01.txt").read_text(encoding="utf-8"))
    ref = pd.read_csv(REFERENCE_DIR / "china_holdings_us_treasuries_monthly.csv")
    for row, col in (("China, Mainland", "china_mainland_bn_usd"), ("Japan", "japan_bn_usd"),
                     ("Grand Total", "grand_total_bn_usd")):
        ours = tic.holder(table, row)
        assert ours["date"].tolist() == ref["date"].tolist()
        assert ours["value"].tolist() == ref[col].tolist(), row
    china = tic.holder(table, "China, Mainland")
    assert china["prior_series"].fillna(-1).tolist() == \
        ref["china_mainland_bn_usd_prior_series"].fillna(-1).tolist()


@needs_reference
def test_the_old_covid_copy_differs_only_by_documented_revisions():
    old = pd.read_csv(REFERENCE_DIR / "us_covid19_daily_cases_nyt.csv", parse_dates=["date"])
    new = datasets.load("us_covid_new_cases")
    j = old.set_index("date")["new_cases"].to_frame().join(new)
    differ = j[j["new_cases"] != j["us_covid_new_cases"]]
    assert len(differ) == 29
    assert (j["new_cases"].sum(), j["us_covid_new_cases"].sum()) == (54_689_367, 54_689_367)


@needs_reference
def test_biden_538_matches_the_2021_topline_copy_to_its_rounding():
    ref = pd.read_csv(REFERENCE_DIR / "fivethirtyeight_biden_approval_topline_2021.csv",
                      parse_dates=["date"]).set_index("date")
    ours = datasets.load("biden_approval_538").loc[ref.index]
    half = 5e-5 + 1e-9  # rounded to 4 decimals (54.80725 was written 54.8072)
    assert (ours["approve"] - ref["approve_estimate"]).abs().max() <= half
    assert (ours["disapprove_hi"] - ref["disapprove_hi"]).abs().max() <= half


@needs_reference
@pytest.mark.parametrize(("key", "line", "edit"), [
    ("us_cpi_index", "2026-07-01,333.918", "2026-07-01,333.9"),  # in the newer copy's span
    ("us_cpi_yoy", "2026-07-01,3.4", "2026-07-01,3.5"),  # derived from the newer copy
    ("usd_cny", "2026-09-18,6.6975", "2026-09-18,6.6976"),  # a JSON reference
    ("china_ust_holdings", "2026-07-01,618.0,", "2026-07-01,618.1,"),  # month-end keys
    ("uk_ust_holdings", "2025-12-01,866.0,", "2025-12-01,865.0,"),  # Treasury's own text
    ("us_covid_new_cases", "2022-10-08,-6940", "2022-10-08,0"),  # a differenced reference
    ("biden_approval_538", "2023-06-27,41.518313", "2023-06-27,41.6"),  # a pivoted one
])
def test_an_edit_in_an_extended_span_is_caught(data_copy, key, line, edit):
    path = data_copy / f"{key}.csv"
    text = path.read_text()
    assert line in text
    path.write_text(text.replace(line, edit, 1))
    f = fidelity.compare(key, REFERENCE_DIR)
    assert not f.ok and len(f.mismatches) == 1, f.mismatches
