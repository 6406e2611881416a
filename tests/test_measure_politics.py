"""图表1 (exchanges) and 图表2 (approval): the pure measure / computed_title functions on
small inputs with hand-computed answers, one real figure each, and the words tables."""

from __future__ import annotations

import pandas as pd
import pytest

from uschina import datasets
from uschina.charts import approval, exchanges

T = pd.Timestamp
REPORT = "2021-11-16"


# ---------------------------------------------------------------- 图表1


def _exchanges() -> pd.DataFrame:
    dates = ["2021-09-02", "2021-09-10", "2021-09-20", "2021-10-01", "2021-10-05", "2021-11-03"]
    kinds = ["外交;气候变化", "经贸", "外交", "外交", "元首对话", "经贸"]
    return pd.DataFrame({"date": pd.to_datetime(dates), "kinds": kinds,
                         "kind": [k.split(";")[0] for k in kinds]})


MONTHS = pd.period_range("2021-08", "2021-11", freq="M")


def test_exchanges_measure_counts_and_a_partial_last_month():
    f = exchanges.measure(_exchanges(), MONTHS, threshold=2, since="2021-09",
                          window_end=T("2021-11-16"))
    assert f["window"] == "2021-08 to 2021-11"
    assert f["exchanges"] == 6
    assert f["per month"] == "2021-08: 0, 2021-09: 3, 2021-10: 2, 2021-11: 1"
    # September 3 and October 2 reach 2; November has 1 by the 16th: not over, so pending
    assert [f[f"2021-{m} at least 2"] for m in ("09", "10", "11")] == ["met", "met", "pending"]
    assert "2021-08 at least 2" not in f  # before `since`: not checked
    assert f["claim: at least 2 a month since 2021-09"] == "holds so far (last month not over)"
    assert f["last month partial"] == "2021-11 to 2021-11-16"
    assert f["counted under first field"] == "2021-09-02 (外交+气候变化)"


def test_exchanges_measure_a_whole_month_below_fails_the_claim():
    ex = _exchanges()
    # the last month complete: November's 1 is below 2
    f = exchanges.measure(ex, MONTHS, threshold=2, since="2021-09")
    assert f["2021-11 at least 2"] == "not met" and "last month partial" not in f
    assert f["claim: at least 2 a month since 2021-09"] == "does not hold"
    # a threshold of 3: October's 2 fails whatever November does
    f3 = exchanges.measure(ex, MONTHS, threshold=3, since="2021-09",
                           window_end=T("2021-11-16"))
    assert f3["2021-10 at least 3"] == "not met"
    assert f3["claim: at least 3 a month since 2021-09"] == "does not hold"
    # a `since` after the window: nothing to check
    f4 = exchanges.measure(ex, MONTHS, threshold=1, since="2022-01")
    assert f4["claim: at least 1 a month since 2022-01"] == "not checked (months not in window)"


def test_exchanges_measure_table_and_titles():
    ex = _exchanges()
    assert exchanges.measure_table(ex) == {"exchanges": 6, "first": T("2021-09-02"),
                                           "last": T("2021-11-03")}
    total = pd.Series([0, 3, 2, 1], index=MONTHS)
    sep = pd.Period("2021-09", "M")
    not_all = {sep: "met", sep + 1: "not met", sep + 2: "not met"}
    assert exchanges.computed_title(total, not_all, 3, sep, "en") == \
        "China–US high-level exchanges in 2021: 6, most in Sep (3)"
    assert exchanges.computed_title(total, not_all, 3, sep, "zh") == \
        "2021年中美高层交往6次，9月最多（3 次）"
    met = {sep: "met", sep + 1: "met", sep + 2: "met"}
    assert exchanges.computed_title(total, met, 1, sep, "zh") == \
        "2021年中美高层交往6次，9月起每月均达 1 次以上"


def test_exchanges_measure_on_the_report_table():
    ex = datasets.load("us_china_exchanges", as_of=REPORT)
    months = pd.period_range("2021-01", "2021-11", freq="M")
    f = exchanges.measure(ex, months, window_end=T(REPORT))
    assert f["per month"] == ("2021-01: 0, 2021-02: 2, 2021-03: 1, 2021-04: 0, 2021-05: 1, "
                              "2021-06: 3, 2021-07: 1, 2021-08: 2, 2021-09: 3, 2021-10: 4, "
                              "2021-11: 3")
    assert f["claim: at least 3 a month since 2021-09"] == "holds"
    assert f["last month partial"] == "2021-11 to 2021-11-16"


def test_exchanges_table_words():
    shown = exchanges.table(as_of=REPORT, lang="en")
    assert shown.loc[3, "Date"] == "18–19 Mar" and shown.loc[3, "Format"] == "in person"
    zh = exchanges.table(as_of=REPORT, lang="zh")
    assert zh.loc[3, "时间"] == "3月18日至19日" and zh.loc[3, "形式"] == "会面"


# ---------------------------------------------------------------- 图表2


def _presidents(biden_days_before: int = 3, biden_fte: float = 42.9) -> pd.DataFrame:
    first = {"A": "1961-01-20", "B": "1977-01-20", "C": "1993-01-20", "Joe Biden": "2021-01-20"}
    rows = []
    for key, v in (("A", 60.0), ("B", 50.0), ("C", 45.0), ("Joe Biden", 42.0)):
        f = T(first[key])
        date = f + pd.Timedelta(days=299)
        before = biden_days_before if key == "Joe Biden" else 3
        rows.append({"president": key, "short_en": "Biden" if key == "Joe Biden" else key,
                     "first_day": f, "date": date, "in_office": True, "gallup_approve": v,
                     "gallup_poll_end": date - pd.Timedelta(days=before),
                     "gallup_days_before": before,
                     "fte_approve": biden_fte if key == "Joe Biden" else float("nan")})
    return pd.DataFrame(rows).set_index("president")


def test_approval_measure_ranks_the_gallup_reading():
    f = approval.measure(_presidents(), 299, "Joe Biden")
    assert f["day in office"] == 299 and f["presidents shown"] == 4
    assert f["Biden date"] == T("2021-11-15")
    assert f["Biden FiveThirtyEight %"] == 42.9
    assert f["Biden Gallup %"] == 42
    assert f["Biden Gallup poll ended"] == T("2021-11-12")
    assert f["Biden rank (Gallup, 1 = highest)"] == "4 of 4"
    assert f["closest above"] == "C 45, B 50"
    assert f["below Biden"] == "none"
    assert "polls older than 45 days" not in f
    # 4th of 4 is in the bottom quarter: the report's "排名靠后"
    assert approval._rank(_presidents(), 299, "Joe Biden")[1] is True
    assert approval.computed_title(f, "en") == \
        "Biden's Gallup approval on day 299 in office: 42%, 4 of 4 presidents"
    assert approval.computed_title(f, "zh") == \
        "拜登就任第 299 天的盖洛普支持率为 42%，在 4 位总统中排第 4"


def test_approval_measure_ranks_the_average_when_the_poll_is_stale():
    # Biden's last Gallup poll 100 days old: his 538 average (47.0) is ranked instead
    t = _presidents(biden_days_before=100, biden_fte=47.0)
    f = approval.measure(t, 299, "Joe Biden")
    assert "Biden Gallup %" not in f
    assert f["Biden last Gallup poll"] == "42 on 2021-08-07 (day 199)"
    assert f["Biden rank (averages vs Gallup, 1 = highest)"] == "3 of 4"
    assert f["closest above"] == "B 50, A 60"
    assert f["below Biden"] == "C 45"
    assert f["polls older than 45 days"] == "Biden (100 d)"
    assert approval.computed_title(f, "en") == ("Biden's approval on day 299 in office: 47.0% "
                                                "(polling averages), 3 of 4 presidents at the "
                                                "same day")


def test_approval_measure_without_the_subject_and_the_neutral_title():
    t = _presidents().drop(index="Joe Biden")
    f = approval.measure(t, 299, "Joe Biden")
    assert f == {"day in office": 299, "presidents shown": 3}
    assert approval.computed_title(f, "en") == "US presidents' approval on day 299 in office"


def test_approval_measure_on_the_report_view():
    f = approval.measure(approval.compare_at_day(299, as_of=REPORT), 299)
    assert (f["Biden Gallup %"], f["Biden rank (Gallup, 1 = highest)"]) == (42, "13 of 14")
    assert f["closest above"] == "Clinton 48, Ford 51"
    assert f["Biden FiveThirtyEight %"] == 42.91


# ---------------------------------------------------------------- the words


def _same_shape(zh, en, path=""):
    assert type(zh) is type(en), path
    if isinstance(zh, dict):
        assert set(zh) == set(en), f"{path}: {set(zh) ^ set(en)}"
        for k in zh:
            _same_shape(zh[k], en[k], f"{path}.{k}")


@pytest.mark.parametrize("module", [approval, exchanges])
def test_words_have_the_same_keys_in_both_languages(module):
    _same_shape(module.WORDS["zh"], module.WORDS["en"], module.__name__)
