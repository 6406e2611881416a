"""图表1 (exchanges), 图表2 (approval), 图表5 (COVID): values, as_of, parameters, windows."""

from __future__ import annotations

import io
import warnings

import pandas as pd
import pytest

from uschina import export
from uschina.charts import approval, covid, exchanges
from uschina.errors import ParameterError
from uschina.paths import REPO_DIR


def _draw(chart) -> None:
    """Render once with warnings as errors: a missing glyph (tofu) fails the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        chart.fig.savefig(io.BytesIO(), format="png")


# ---------------------------------------------------------------- 图表1


def test_exchanges_monthly_report_view():
    chart = exchanges.exchanges_by_month(as_of="2021-11-16")
    kf = chart.key_figures
    assert kf["exchanges"] == 20
    assert chart.data["total"].to_dict() == {
        "2021-01": 0, "2021-02": 2, "2021-03": 1, "2021-04": 0, "2021-05": 1, "2021-06": 3,
        "2021-07": 1, "2021-08": 2, "2021-09": 3, "2021-10": 4, "2021-11": 3}
    assert kf["claim: at least 3 a month since 2021-09"] == "holds"
    assert kf["2021-10 at least 3"] == "met"
    assert chart.data.loc["2021-11", "元首对话"] == 1
    assert chart.data.loc["2021-11", "气候变化"] == 1
    assert chart.title == "图表1：今年以来中美高层交往频繁，9 月以来每月达到 3 次以上"
    assert chart.through == {"us_china_exchanges": pd.Timestamp("2021-11-16")}
    # today's view: the headline is the report view's; the title states what the counts show
    today = exchanges.exchanges_by_month()
    assert today.title == "图表1：2021年中美高层交往20次，9月起每月均达 3 次以上"
    _draw(chart)


def test_exchanges_threshold_four_fails_and_title_turns_neutral():
    chart = exchanges.exchanges_by_month(lang="en", threshold=4)
    assert chart.key_figures["2021-09 at least 4"] == "not met"
    assert chart.key_figures["claim: at least 4 a month since 2021-09"] == "does not hold"
    assert "3 or more" not in chart.title
    _draw(chart)


def test_exchanges_as_of_cuts_the_last_month_short():
    chart = exchanges.exchanges_by_month(as_of="2021-11-12")
    kf = chart.key_figures
    assert kf["exchanges"] == 18
    assert kf["2021-11 at least 3"] == "pending"
    assert kf["last month partial"] == "2021-11 to 2021-11-12"
    assert kf["claim: at least 3 a month since 2021-09"].startswith("holds so far")
    assert "9 月以来" not in chart.title


def test_exchanges_window_without_september_is_not_checked():
    chart = exchanges.exchanges_by_month(start="2021-06-01", end="2021-08-31", lang="en")
    assert list(chart.data.index) == ["2021-06", "2021-07", "2021-08"]
    assert chart.key_figures["claim: at least 3 a month since 2021-09"].startswith("not checked")
    assert chart.title == "Chart 1: China–US high-level exchanges in 2021: 6, most in Jun (3)"
    _draw(chart)


def test_exchanges_window_past_the_report_stops_at_the_report():
    chart = exchanges.exchanges_by_month(end="2026-11-21")
    assert chart.data.index[-1] == "2021-11"  # no empty "zero" months after the table ends


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_exchanges_table(lang):
    shown = exchanges.table(lang=lang)
    assert len(shown) == 20
    chart = exchanges.exchanges_table(lang=lang)
    assert chart.name != exchanges.NAME_MONTHLY
    assert len(chart.data) == 20 and "summary_en" in chart.data.columns
    if lang == "zh":
        assert shown.loc[3, "时间"] == "3月18日至19日"
        assert shown.loc[11, "领域"] == "外交、气候变化"
    else:
        assert shown.loc[3, "Date"] == "18–19 Mar"
        assert shown.loc[11, "Field"] == "Diplomacy / Climate change"
    _draw(chart)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start": "2020-01-01", "end": "2020-12-31"}, "no exchanges between"),
        ({"threshold": 0}, "parameter 'threshold' must be between 1 and 31"),
        ({"threshold": "3"}, "parameter 'threshold' must be a whole number"),
        ({"since": "September"}, "parameter 'since' must be a month like '2021-09'"),
        ({"start": "2021-10-01", "end": "2021-09-01"}, "'start' .* is after 'end'"),
        ({"lang": "fr"}, "parameter 'lang'"),
    ],
)
def test_exchanges_bad_parameters(kwargs, message):
    with pytest.raises(ParameterError, match=message):
        exchanges.exchanges_by_month(**kwargs)


# ---------------------------------------------------------------- 图表2


def test_approval_report_view():
    chart = approval.presidential_approval(as_of="2021-11-16")
    kf = chart.key_figures
    assert kf["day in office"] == 299
    assert kf["Biden date"] == pd.Timestamp("2021-11-15")
    assert kf["Biden FiveThirtyEight %"] == 42.91
    assert kf["Biden Gallup %"] == 42
    assert kf["Biden rank (Gallup, 1 = highest)"] == "13 of 14"
    assert kf["closest above"] == "Clinton 48, Ford 51"
    assert kf["below Biden"] == "Trump 37"
    data = chart.data
    assert list(data["name_en"])[:3] == ["Truman", "Eisenhower", "Kennedy"]
    assert data.loc["Donald Trump", "fte_approve"] == pytest.approx(38.08, abs=0.005)
    assert (data.loc["Harry S. Truman", "gallup_high"], data.loc["Harry S. Truman",
            "gallup_low"]) == (87, 22)
    # in the report's view Biden's range runs to the polls published by then
    assert data.loc["Joe Biden", "gallup_range_to"] == pd.Timestamp("2021-10-19")
    assert data.loc["Joe Biden", "gallup_low"] > 36  # his later low is not yet known
    assert chart.title == "图表2：拜登支持率在历届总统支持率中排名靠后"
    _draw(chart)


def test_approval_full_history_uses_the_whole_presidency_for_the_range():
    # Biden's day 299 on all data: his whole term's Gallup high and low
    chart = approval.presidential_approval(lang="en", day_in_office=299, as_of="2025-01-20")
    data = chart.data
    assert chart.key_figures["day in office"] == 299
    assert (data.loc["Joe Biden", "gallup_high"], data.loc["Joe Biden", "gallup_low"]) == (57, 36)
    assert chart.title.startswith("Chart 2: Biden")
    _draw(chart)


def test_approval_day_follows_as_of_and_is_capped_at_the_term():
    assert approval.default_day("2021-11-16") == 299
    assert approval.default_day("2022-01-21") == 365
    assert approval.default_day("2025-01-20") == 1456  # Biden's last Gallup poll, 2025-01-15
    assert approval.default_day("2020-06-01") == 1227  # Trump's first term, 2020-05-31
    # today: Trump's second term, to the NYT average's last day (2026-09-22)
    assert approval.default_day(None) == 610
    assert approval.default_day("2026-11-21") == 610
    assert approval.subject_at("2021-11-16") == "Joe Biden"
    assert approval.subject_at(None) == "Donald Trump (2025)"


def test_approval_long_day_marks_short_presidencies():
    chart = approval.presidential_approval(day_in_office=1000, lang="en", as_of="2025-01-20")
    data = chart.data
    assert not data.loc["Gerald Ford", "in_office"]
    assert pd.isna(data.loc["Gerald Ford", "gallup_approve"])
    assert data.loc["John F. Kennedy", "in_office"]  # 1,036 days in office
    assert chart.key_figures["Biden rank (Gallup, 1 = highest)"] == "11 of 13"
    _draw(chart)


def test_approval_window_without_biden_has_a_neutral_title():
    chart = approval.presidential_approval(start="1981-01-01", end="2000-12-31",
                                           day_in_office=299)
    assert list(chart.data["name_en"]) == ["Carter", "Reagan", "G.H.W. Bush", "Clinton"]
    assert "Biden rank (Gallup, 1 = highest)" not in chart.key_figures
    assert chart.title == "图表2：历届美国总统就任第 299 天的支持率"
    _draw(chart)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"day_in_office": -1}, "parameter 'day_in_office' must be between 0"),
        ({"day_in_office": 299.5}, "parameter 'day_in_office' must be a whole number"),
        ({"as_of": "1940-06-01"}, "before the first presidency in the Gallup polls"),
        ({"as_of": "yesterday"}, "parameter 'as_of' must be a date"),
        ({"start": "1900-01-01", "end": "1940-01-01"}, "no president in office"),
    ],
)
def test_approval_bad_parameters(kwargs, message):
    with pytest.raises(ParameterError, match=message):
        approval.presidential_approval(**kwargs)


# ---------------------------------------------------------------- 图表5


def test_covid_today():
    chart = covid.us_covid_cases()
    kf = chart.key_figures
    assert kf["Nov 2021 daily average"] == 86_223
    assert kf["Oct 2021 daily average"] == 79_873
    assert kf["late-October low date"] == pd.Timestamp("2021-10-25")
    assert kf["late-October low of 7-day average"] == 70_291
    assert kf["7-day average on 2021-11-15"] == 87_089
    assert kf["negative days"] == ("2021-06-04 (-23,999), 2022-10-08 (-6,940), "
                                   "2023-01-01 (-14,195)")
    assert kf["latest day"] == pd.Timestamp("2023-03-23")  # NYT's last day: the whole pandemic
    assert (kf["window peak date"], kf["window peak of 7-day average"]) == (
        pd.Timestamp("2022-01-14"), 806_928)  # Omicron, no longer cut off
    assert chart.data.loc["2021-06-04", "new_cases"] == -23_999  # kept in the export
    # not the report's view: the title states the Omicron peak and the last day
    assert chart.title == ("图表5：美国每日新增确诊 7 日均值2022年1月14日达峰（806,928），"
                           "2023年3月23日为20,925")
    _draw(chart)


def test_covid_report_view_sees_half_of_november():
    chart = covid.us_covid_cases(as_of="2021-11-16", lang="en")
    kf = chart.key_figures
    assert kf["latest day"] == pd.Timestamp("2021-11-15")
    assert kf["Nov 2021 days"] == 15
    assert kf["Nov 2021 daily average (1-15 Nov)"] > 80_000  # the report's "超 8 万"
    assert "Nov 2021 daily average" not in kf  # no whole-month figure from half a month
    assert kf["rise from the late-October low %"] == pytest.approx(23.9)
    _draw(chart)


def test_covid_only_2020_is_neutral_and_has_no_rebound():
    chart = covid.us_covid_cases(start="2020-01-01", end="2020-12-31", lang="en")
    kf = chart.key_figures
    assert kf["window"] == "2020-01-21 to 2020-12-31"
    assert not any(k.startswith(("Nov 2021", "late-October", "negative")) for k in kf)
    assert chart.title == ("Chart 5: US new COVID-19 cases: the 7-day average peaked at 222,620 "
                           "on 17 Dec 2020; 188,556 on 31 Dec 2020")
    _draw(chart)


def test_covid_first_week_has_no_7day_mean_but_draws():
    chart = covid.us_covid_cases(start="2020-01-21", end="2020-01-25")
    assert chart.data["new_cases_7d_avg"].isna().all()
    assert "latest 7-day average" not in chart.key_figures
    _draw(chart)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start": "2023-04-01"}, "no COVID-19 case data between"),
        ({"start": "2021-12-01", "end": "2021-01-01"}, "'start' .* is after 'end'"),
        ({"end": "2021-13-45"}, "parameter 'end' must be a date"),
        ({"lang": "de"}, "parameter 'lang'"),
    ],
)
def test_covid_bad_parameters(kwargs, message):
    with pytest.raises(ParameterError, match=message):
        covid.us_covid_cases(**kwargs)


# ---------------------------------------------------------------- exports and notebooks


def test_exports_write_png_svg_csv(tmp_path):
    chart = covid.us_covid_cases(start="2021-10-01", end="2021-11-30")
    files = export.save(chart, tmp_path, "zh")
    assert {p.suffix for p in files.values()} == {".png", ".svg", ".csv", ".json"}
    csv = pd.read_csv(files["csv"], index_col="date")
    assert len(csv) == 61


@pytest.mark.parametrize(
    ("notebook", "parameters", "expected"),
    [
        ("fig1_exchanges", {"as_of": "2021-11-16"},
         "claim: at least 3 a month since 2021-09: holds"),
        ("fig1_exchanges", {"lang": "en", "threshold": 4}, "2021-09 at least 4: not met"),
        ("fig1_exchanges", {"start": "2021-06-01", "end": "2021-08-31"},
         "window: 2021-06 to 2021-08"),
        ("fig2_approval", {"as_of": "2021-11-16"}, "closest above: Clinton 48, Ford 51"),
        ("fig2_approval", {"lang": "en", "day_in_office": 1000}, "day in office: 1000"),
        ("fig2_approval", {"start": "1981-01-01", "end": "2000-12-31"}, "presidents shown: 4"),
        ("fig5_us_covid", {"as_of": "2021-11-16"}, "Nov 2021 days: 15"),
        ("fig5_us_covid", {"lang": "en"}, "Nov 2021 daily average: 86223"),
        ("fig5_us_covid", {"start": "2020-01-01", "end": "2020-12-31"},
         "window: 2020-01-21 to 2020-12-31"),
    ],
)
def test_notebook_runs_under_papermill(tmp_path, notebook, parameters, expected):
    import papermill as pm

    out = tmp_path / "out.ipynb"
    pm.execute_notebook(
        str(REPO_DIR / "notebooks" / f"{notebook}.ipynb"), str(out),
        parameters={**parameters, "fig_dir": str(tmp_path / "fig")}, kernel_name="python3",
        progress_bar=False, cwd=str(REPO_DIR / "notebooks"),
    )
    assert expected in out.read_text(encoding="utf-8")
    assert any((tmp_path / "fig").glob("*.png"))
