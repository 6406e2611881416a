"""图表2 today: the current president (Trump's second term, from 2025-01-20) at his latest day
in office against every predecessor; the report's view unchanged; one rank and one poll rule
shared with the claims."""

from __future__ import annotations

import pandas as pd
import pytest

from uschina import approval_days, measures
from uschina.charts import approval, layout
from uschina.claims import rules

REPORT = "2021-11-16"
# the report view's raw summary, as the notebook's nbval-checked cell shows it
REPORT_SUMMARY = """day in office: 299
presidents shown: 14
Biden date: 2021-11-15
Biden FiveThirtyEight %: 42.91
Biden Gallup %: 42
Biden Gallup poll ended: 2021-10-19
Biden rank (Gallup, 1 = highest): 13 of 14
closest above: Clinton 48, Ford 51
below Biden: Trump 37
polls older than 45 days: L. Johnson (78 d)"""


@pytest.fixture(scope="module")
def today():
    return {lang: approval.presidential_approval(lang=lang) for lang in ("zh", "en")}


def test_today_compares_trumps_second_term_at_his_latest_day(today):
    chart = today["en"]
    kf = chart.key_figures
    assert kf["day in office"] == 610  # 2026-09-22, the NYT average's last day
    assert kf["presidents shown"] == 15  # Truman to Biden, and Trump's second term
    assert kf["Trump (2nd term) date"] == pd.Timestamp("2026-09-22")
    assert kf["Trump (2nd term) New York Times average %"] == 37.8
    # Silver Bulletin's file ends on 2026-09-21: its value of that day stands for day 610
    assert kf["Trump (2nd term) Silver Bulletin average %"] == pytest.approx(38.6, abs=0.01)
    # Gallup's 2025 readings end on day 329: stale, so not ranked as his approval on day 610
    assert kf["Trump (2nd term) last Gallup poll"] == "36 on 2025-12-15 (day 329)"
    assert "Trump (2nd term) Gallup %" not in kf
    # NYT 37.8 is above only Truman (34); Silver 38.6 also above Trump's first term (38)
    assert kf["Trump (2nd term) rank (averages vs Gallup, 1 = highest)"] == "13–14 of 15"
    assert kf["closest above"] == "Trump (1st term) 38, Reagan 42"
    assert kf["below Trump (2nd term)"] == "Truman 34"
    data = chart.data
    assert list(data.index[-2:]) == ["Joe Biden", "Donald Trump (2025)"]
    # Biden's full term is history now: his whole-term range and his day-610 readings
    assert (data.loc["Joe Biden", "gallup_high"], data.loc["Joe Biden", "gallup_low"]) == (57, 36)
    assert data.loc["Joe Biden", "gallup_approve"] == 42
    assert data.loc["Joe Biden", "fte_approve"] == pytest.approx(42.5, abs=0.05)
    assert data.loc["Donald Trump", "name_en"] == "Trump\n(1st term)"


def test_today_headline_highlights_and_stamp(today):
    zh, en = today["zh"], today["en"]
    assert en.title == ("Chart 2: Trump's approval on day 610 of his second term: 37.8–38.6% "
                        "(polling averages), 13–14 of 15 presidents at the same day")
    assert zh.title == ("图表2：特朗普第二任期第 610 天的支持率为 37.8–38.6%（民调平均），"
                        "在 15 位总统同期中排第 13–14")
    assert zh.titles == en.titles
    assert [h["value"] for h in en.highlights] == ["37.8%", "38.6%", "13–14 of 15",
                                                  "Trump (1st term) 38%, Reagan 42%"]
    assert zh.highlights[2] == {"label": "在历任总统中的排名", "value": "第 13–14 / 15 位"}
    assert en.through["trump2_approval_nyt"] == pd.Timestamp("2026-09-22")
    assert en.through["trump2_approval_silver"] == pd.Timestamp("2026-09-21")
    assert en.through["trump2_approval_gallup"] == pd.Timestamp("2025-12-15")
    # Biden's whole-term range bar is drawn: his last Gallup poll is the last drawn
    assert en.through["presidential_approval_polls"] == pd.Timestamp("2025-01-15")
    source = zh.fig.texts[-1].get_text().replace("\n", "")
    assert "数据截至 2026年9月22日" in source
    assert "盖洛普民调止于2025年12月15日（第 329 天，36%）" in source
    assert "New York Times" in en.fig.texts[-1].get_text().replace("\n", " ")


def test_report_view_is_unchanged():
    zh = approval.presidential_approval(as_of=REPORT)
    en = approval.presidential_approval(as_of=REPORT, lang="en")
    assert zh.title == "图表2：拜登支持率在历届总统支持率中排名靠后"
    assert en.title == "Chart 2: Biden's approval ranks low among US presidents"
    assert zh.summary() == REPORT_SUMMARY
    assert "Donald Trump (2025)" not in zh.data.index
    assert zh.data.loc["Donald Trump", "name_zh"] == "特朗普"


@pytest.mark.parametrize(("as_of", "subject", "day", "title"), [
    ("2020-06-01", "Trump", 1227, "Chart 2: Trump's Gallup approval on day 1227 in office: "
                                  "49%, 5 of 11 presidents"),
    ("2022-01-21", "Biden", 365, "Chart 2: Biden's Gallup approval on day 365 in office: 40%, "
                                 "13 of 14 presidents"),
    ("2025-06-01", "Trump (2nd term)", 131, "Chart 2: Trump's Gallup approval on day 131 of "
                                            "his second term: 43%, 13 of 15 presidents"),
])
def test_as_of_picks_the_president_in_office_and_his_day(as_of, subject, day, title):
    chart = approval.presidential_approval(as_of=as_of, lang="en")
    assert chart.key_figures["day in office"] == day
    assert f"{subject} date" in chart.key_figures
    assert chart.title == title
    for lang in ("zh", "en"):  # the layout test's rules hold in these views too
        found = layout.measure(approval.presidential_approval(as_of=as_of, lang=lang).fig)
        assert found.texts and not found.problems(), found.describe()


class _Ctx:
    def __init__(self, as_of=None):
        self.as_of = as_of


@pytest.mark.parametrize(("day", "as_of"), [(299, REPORT), (299, None), (1000, None)])
def test_chart_and_claims_share_the_poll_and_rank_rules(day, as_of):
    chart = approval.compare_at_day(day, as_of=as_of)
    claims = rules._approval_at_day({"day": day}, _Ctx(as_of)).set_index("president")
    first = chart[chart.index.isin(claims.index)]["gallup_approve"].dropna()
    assert claims["approve"].to_dict() == first.to_dict()
    measured = rules.approval_rank({"president": "Joe Biden", "day": day}, _Ctx(as_of))
    assert measured.value == measures.rank(first, "Joe Biden")


def test_rank_is_a_competition_rank_and_ties_share_it():
    v = pd.Series({"a": 50.0, "b": 42.0, "c": 42.0, "d": 30.0, "e": float("nan")})
    assert [measures.rank(v, k) for k in "abcd"] == [1, 2, 2, 4]
    with pytest.raises(ValueError, match="'e' has no value to rank"):
        measures.rank(v, "e")


def test_poll_rule_takes_the_last_poll_ending_on_or_before_the_day():
    polls = approval_days.gallup_polls()
    table = approval_days.approval_on_day(polls, 299)
    biden = table[table["president"] == "Joe Biden"].iloc[0]
    # the 2021-11-01..16 poll ends after day 299 (2021-11-15); the October one is taken
    assert biden["gallup_poll_end"] == pd.Timestamp("2021-10-19")
    assert biden["gallup_approve"] == 42
