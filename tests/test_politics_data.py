"""The politics data: approval (538, Gallup), COVID cases (NYT) and the 图表1 exchanges."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import REFERENCE_DIR, SEEDS_DIR, needs_reference, needs_seeds
from uschina import datasets, fidelity
from uschina.errors import DataFileError

KEYS = [
    "biden_approval_538",
    "trump_approval_538",
    "presidential_approval_polls",
    "us_covid_new_cases",
    "us_covid_new_cases_7d",
    "us_china_exchanges",
]


@pytest.mark.parametrize("key", KEYS)
def test_catalog_lists_key_with_provenance(key):
    row = datasets.catalog().loc[key]
    assert row["url"] and row["license"] and row["attribution"]
    assert row["rows"] > 0


def test_538_spot_checks():
    biden = datasets.load("biden_approval_538")
    assert biden.loc["2021-11-15", "approve"] == pytest.approx(42.9121)
    assert biden.loc["2021-11-11", "approve"] == pytest.approx(42.54, abs=0.005)
    assert biden["approve"].idxmax() == pd.Timestamp("2021-03-22")
    assert biden["approve"].max() == pytest.approx(55.06, abs=0.005)
    days = biden.dropna()
    assert len(biden) - len(days) == 6  # 538's file has no estimate on six days in 2022
    assert (days["approve_lo"] < days["approve"]).all()
    assert (days["approve"] < days["approve_hi"]).all()
    assert (biden.index[0], biden.index[-1]) == (pd.Timestamp("2021-01-23"),
                                                 pd.Timestamp("2023-06-27"))
    assert biden["approve"].idxmin() == pd.Timestamp("2022-07-21")
    assert biden.loc["2022-07-20", "approve"] == pytest.approx(37.972746)  # SOURCES-3.md
    trump = datasets.load("trump_approval_538")
    assert trump.loc["2017-11-15", "approve"] == pytest.approx(38.08, abs=0.005)
    assert trump["approve"].idxmin() == pd.Timestamp("2017-12-16")
    assert trump["approve"].min() == pytest.approx(36.40, abs=0.005)


def test_538_as_of_hides_the_day_of_publication():
    # the average for 11-15 is published on 11-16 (lag 1): the report's last value
    biden = datasets.load("biden_approval_538", as_of="2021-11-16")
    assert biden.index[-1] == pd.Timestamp("2021-11-15")


def test_gallup_polls_day_299():
    polls = datasets.load("presidential_approval_polls")
    assert len(polls) == 2824
    assert polls["president"].nunique() == 14
    biden = polls[polls["president"] == "Joe Biden"]
    before = biden[biden["days_in_office"] <= 299].iloc[-1]
    assert before["approve"] == 42
    assert before["poll_end"] == pd.Timestamp("2021-10-19")
    clinton = polls[(polls["president"] == "Bill Clinton") & (polls["days_in_office"] <= 299)]
    assert clinton.iloc[-1]["approve"] == 48
    # presidency high and low, as Gallup publishes them (SOURCES-2.md)
    truman = polls[polls["president"] == "Harry S. Truman"]["approve"]
    assert (truman.max(), truman.min()) == (87, 22)


def test_gallup_polls_as_of_is_by_poll_end_plus_one_day():
    polls = datasets.load("presidential_approval_polls", as_of="2021-11-16")
    assert polls["poll_end"].max() == pd.Timestamp("2021-10-19")
    assert len(datasets.load("presidential_approval_polls", as_of="2021-11-17")) == len(polls) + 1


def test_covid_spot_checks():
    cases = datasets.load("us_covid_new_cases")
    nov = cases["2021-11-01":"2021-11-30"]
    assert int(nov.sum()) == 2_586_694
    assert round(float(nov.mean())) == 86_223
    assert round(float(cases["2021-10-01":"2021-10-31"].mean())) == 79_873
    # the NYT corrections stay visible
    assert cases[cases < 0].to_dict() == {pd.Timestamp("2021-06-04"): -23_999,
                                          pd.Timestamp("2022-10-08"): -6_940,
                                          pd.Timestamp("2023-01-01"): -14_195}
    # the whole pandemic: NYT's last day, and the Omicron peak
    assert (cases.index[0], cases.index[-1]) == (pd.Timestamp("2020-01-21"),
                                                 pd.Timestamp("2023-03-23"))
    assert int(cases.sum()) == 103_910_034  # NYT's final cumulative count
    assert cases.idxmax() == pd.Timestamp("2022-01-10")
    assert int(cases["2020-01-21":"2020-12-31"].sum()) == 20_024_801


def test_covid_7d_is_the_rolling_mean_of_the_daily_series():
    cases = datasets.load("us_covid_new_cases").astype(float)
    avg = datasets.load("us_covid_new_cases_7d")
    expected = cases.rolling(7).mean().dropna()
    assert avg.index.equals(expected.index)
    assert (avg - expected).abs().max() <= 0.05
    assert avg["2021-11-15"] == pytest.approx(87_089.0)
    assert (avg.idxmax(), avg.max()) == (pd.Timestamp("2022-01-14"), 806_927.9)
    assert avg.index[0] == pd.Timestamp("2020-01-27")


def test_covid_as_of():
    cases = datasets.load("us_covid_new_cases", as_of="2021-11-16")
    assert cases.index[-1] == pd.Timestamp("2021-11-15")


def test_exchanges_table():
    ex = datasets.load("us_china_exchanges")
    assert list(ex["item"]) == list(range(1, 21))
    assert set(ex["kind"]) == {"元首对话", "外交", "经贸", "气候变化"}
    assert ex.loc[ex["item"] == 11, "kinds"].item() == "外交;气候变化"
    for kinds, kind in zip(ex["kinds"], ex["kind"], strict=True):
        assert kinds.split(";")[0] == kind
    assert set(ex["mode"]) <= {"call", "video", "in_person", "declaration"}
    two_day = ex.dropna(subset=["end_date"])
    assert list(two_day["item"]) == [3, 8]
    assert ((two_day["end_date"] - two_day["date"]).dt.days == 1).all()
    per_month = ex.groupby(ex["date"].dt.month).size()
    assert per_month.to_dict() == {2: 2, 3: 1, 5: 1, 6: 3, 7: 1, 8: 2, 9: 3, 10: 4, 11: 3}
    assert (ex[["summary_zh", "summary_en", "participants_en"]] != "").all().all()


@needs_seeds
def test_exchanges_match_the_report_dates_and_fields():
    text = (SEEDS_DIR / "000_941802ea72d19463.txt").read_text(encoding="utf-8")
    block = text[text.index("序号 时间 领域 内容"): text.index("资料来源：粤开证券研究院整理")]
    ex = datasets.load("us_china_exchanges")
    for _, row in ex.iterrows():
        day = f"{row['date'].month} 月 {row['date'].day} 日"
        if pd.isna(row["end_date"]):
            assert f"{row['item']} {day} {row['kinds'].replace(';', '、')}" in block, row["item"]
        else:  # the two-day rows wrap in the report's layout
            assert f"{row['item']} \n{row['date'].month} 月 {row['date'].day} 至" in block


@needs_reference
@pytest.mark.parametrize("key", [k for k in KEYS if datasets.meta(k).reference])
def test_fidelity(key):
    result = fidelity.compare(key, REFERENCE_DIR)
    assert result.ok, result.mismatches
    assert result.rows == len(datasets.load(key))


@needs_reference
def test_gallup_polls_equal_the_reference_row_by_row():
    ours = pd.read_csv(datasets.data_dir() / "presidential_approval_polls.csv", dtype=str,
                       keep_default_na=False)
    ref = pd.read_csv(REFERENCE_DIR / "us_presidential_approval_gallup_polls.csv", dtype=str,
                      keep_default_na=False)
    key = ["president", "poll_start", "poll_end", "approve"]
    ref = ref.rename(columns={"approve_pct": "approve", "disapprove_pct": "disapprove",
                              "no_opinion_pct": "no_opinion", "pollster_label": "pollster"})
    for col in ("approve", "disapprove", "no_opinion", "sample_size"):
        ref[col] = ref[col].str.removesuffix(".0")
    a = ours.sort_values([*key, "sample_size"]).reset_index(drop=True)
    b = ref[ours.columns].sort_values([*key, "sample_size"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)


@needs_reference
def test_gallup_day_299_agrees_with_the_reference_comparison():
    """Cross-check only: the comparison file is not committed."""
    comp = pd.read_csv(REFERENCE_DIR / "us_presidential_approval_comparison.csv")
    comp = comp.drop_duplicates("president")
    polls = datasets.load("presidential_approval_polls")
    for _, row in comp.iterrows():
        mine = polls[(polls["president"] == row["president"]) & (polls["days_in_office"] <= 299)]
        assert mine.iloc[-1]["approve"] == row["gallup_latest_on_or_before"], row["president"]
        whole = polls.loc[polls["president"] == row["president"], "approve"]
        assert (whole.max(), whole.min()) == (row["gallup_presidency_max"],
                                              row["gallup_presidency_min"])


def test_bad_row_in_exchanges_names_file_and_line(data_copy):
    path = data_copy / "us_china_exchanges.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = "three" + lines[3].removeprefix("3")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"us_china_exchanges\.csv.*line 4.*'item'.*'three'"):
        datasets.load("us_china_exchanges")


def test_duplicate_day_in_covid_is_refused(data_copy):
    path = data_copy / "us_covid_new_cases.csv"
    lines = path.read_text().splitlines()
    lines.insert(3, lines[2])
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataFileError, match="duplicate date 2020-01-22"):
        datasets.load("us_covid_new_cases")


def test_data_files_stay_small():
    total = sum((datasets.data_dir() / f"{k}.csv").stat().st_size for k in KEYS)
    assert total < 1_000_000
