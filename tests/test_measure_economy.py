"""图表3 (CPI), 图表4 (autos), 图表5 (COVID-19), federal debt and Treasury holdings: the pure
``measure`` functions on small inputs with hand-computed answers, and one real figure each."""

from __future__ import annotations

import numpy as np
import pandas as pd

from uschina import datasets
from uschina.charts import autos, covid, cpi, debt, treasuries

T = pd.Timestamp
REPORT = "2021-11-16"


def _monthly(first: str, values) -> pd.Series:
    return pd.Series(values, pd.date_range(first, periods=len(values), freq="MS"), dtype=float)


# ---------------------------------------------------------------- 图表3 CPI


def test_cpi_measure_report_month_since_and_gaps():
    old = _monthly("1990-10-01", [6.3, 6.2])
    yoy = _monthly("2021-08-01", [5.3, 5.4, 6.2, np.nan, 7.0])
    f = cpi.measure(yoy, pd.concat([old, yoy]))
    assert f["window"] == "2021-08-01 to 2021-12-01"
    assert (f["latest month"], f["latest YoY %"]) == (T("2021-12-01"), 7.0)
    assert (f["window peak month"], f["window peak YoY %"]) == (T("2021-12-01"), 7.0)
    assert f["Oct 2021 YoY %"] == 6.2
    assert f["Oct 2021 highest since"] == T("1990-11-01")  # the last month at or above 6.2
    assert (f["2021 high month"], f["2021 high YoY %"]) == (T("2021-12-01"), 7.0)
    assert f["months without data"] == "2021-11"


def test_cpi_measure_without_the_report_month_or_2021():
    yoy = _monthly("2022-05-01", [8.6, 9.1, 8.5])
    f = cpi.measure(yoy, yoy)
    assert (f["window peak month"], f["window peak YoY %"]) == (T("2022-06-01"), 9.1)
    assert not {"Oct 2021 YoY %", "2021 high YoY %", "months without data"} & set(f)


def test_cpi_measure_real_report_view():
    yoy = datasets.load("us_cpi_yoy", start="1990-01-01", as_of=REPORT)
    f = cpi.measure(yoy, datasets.load("us_cpi_yoy", as_of=REPORT))
    assert f["Oct 2021 YoY %"] == 6.2
    assert f["Oct 2021 highest since"] == T("1990-11-01")


# ---------------------------------------------------------------- 图表4 autos


def test_autos_measure_shortage_high_trough_and_fall():
    prod = _monthly("2020-11-01", [100, 104, 103, 98, 90, 95, 101, 99])
    sold = _monthly("2020-11-01", [16, 17, 18, 15, 12, 13, 14, 14.5])
    f = autos.measure(prod, sold, (T("2021-01-01"), T("2021-04-30")))
    assert f["production window"] == "2020-11-01 to 2021-06-01"
    assert (f["production window low month"], f["production window low"]) == (T("2021-03-01"),
                                                                              90.0)
    # the high is looked for from the shortage's start, so Dec 2020's 104 is not it
    assert (f["shortage production high month"], f["shortage production high"]) == (
        T("2021-01-01"), 103.0)
    assert (f["shortage production trough month"], f["shortage production trough"]) == (
        T("2021-03-01"), 90.0)
    assert f["shortage production fall %"] == -12.6  # 90 / 103 - 1
    assert (f["production latest month"], f["production latest"]) == (T("2021-06-01"), 99.0)
    assert (f["shortage sales high"], f["shortage sales trough"]) == (18.0, 12.0)
    assert f["shortage sales fall %"] == -33.3  # 12 / 18 - 1
    assert f["sales latest"] == 14.5


def test_autos_measure_empty_panel_and_no_shade():
    prod = _monthly("2021-01-01", [103, 90, 95])
    f = autos.measure(prod, prod.iloc[:0], None)
    assert f["sales window"] == "no data"
    assert not [k for k in f if k.startswith("shortage") or k.startswith("sales latest")]
    assert (f["production window low"], f["production latest"]) == (90.0, 95.0)


def test_autos_measure_real_report_view():
    prod = datasets.load("us_auto_production", start="2019-01-01", as_of=REPORT)
    sold = datasets.load("us_vehicle_sales", start="2019-01-01", as_of=REPORT)
    f = autos.measure(prod, sold, (T("2021-01-01"), T("2021-10-31")))
    assert f["shortage production trough month"] == T("2021-09-01")
    assert (f["shortage production fall %"], f["shortage sales fall %"]) == (-17.0, -31.5)


# ---------------------------------------------------------------- 图表5 COVID-19


def test_covid_measure_rebound_negative_days_and_month_averages():
    days = pd.date_range("2021-10-01", "2021-11-20", freq="D")
    cases = pd.Series(1000.0, days)
    cases["2021-10-10"] = -500.0
    cases["2021-11-01":] = 2000.0
    mean7 = pd.Series(100.0, pd.date_range("2021-10-20", "2021-11-20", freq="D"))
    mean7["2021-10-20"], mean7["2021-10-25"] = 200.0, 50.0
    mean7["2021-11-15"], mean7["2021-11-20"] = 80.0, 120.0
    f = covid.measure(cases, mean7)
    assert f["window"] == "2021-10-01 to 2021-11-20"
    assert (f["latest day"], f["latest daily new cases"]) == (T("2021-11-20"), 2000)
    assert f["latest 7-day average"] == 120
    assert (f["window peak date"], f["window peak of 7-day average"]) == (T("2021-10-20"), 200)
    assert (f["late-October low date"], f["late-October low of 7-day average"]) == (
        T("2021-10-25"), 50)
    assert f["7-day average on 2021-11-15"] == 80  # the report's day, not the last day
    assert f["rise from the late-October low %"] == 60.0  # 80 / 50 - 1
    assert f["negative days"] == "2021-10-10 (-500)"
    assert f["Nov 2021 daily average (1-20 Nov)"] == 2000 and f["Nov 2021 days"] == 20
    assert f["Oct 2021 daily average"] == 952  # (30 * 1000 - 500) / 31 = 951.6


def test_covid_measure_no_rebound_before_a_week_after_the_low():
    cases = pd.Series(10.0, pd.date_range("2021-10-20", "2021-10-30", freq="D"))
    cases["2021-10-27"] = 5.0
    f = covid.measure(cases, cases)
    assert "rise from the late-October low %" not in f  # 3 days after the low only
    assert "Oct 2021 daily average" not in f  # a part of October only
    assert "negative days" not in f and "Nov 2021 days" not in f


def test_covid_measure_real_report_view():
    cases = datasets.load("us_covid_new_cases", as_of=REPORT).astype(float)
    f = covid.measure(cases, datasets.load("us_covid_new_cases_7d", as_of=REPORT))
    assert f["late-October low of 7-day average"] == 70291
    assert f["rise from the late-October low %"] == 23.9


# ---------------------------------------------------------------- federal debt


def _debt() -> pd.Series:
    return pd.Series([10e12, 16e12, 20e12, 19.5e12, 21e12, 24e12], pd.to_datetime(
        ["2015-01-01", "2020-01-01", "2021-01-01", "2021-06-01", "2025-01-01", "2026-01-01"]))


def test_debt_measure_crossings_growth_and_doubling():
    total = _debt()
    f = debt.measure(total, total, 20)
    assert f["window"] == "2015-01-01 to 2026-01-01"
    assert (f["latest day"], f["latest total $trn"]) == (T("2026-01-01"), 24.0)
    crossings = {k: v for k, v in f.items() if k.startswith("first day")}
    assert crossings == {"first day >= $20T": T("2021-01-01"), "first day >= $21T": T("2025-01-01"),
                         "first day >= $22T": T("2026-01-01"), "first day >= $23T": T("2026-01-01"),
                         "first day >= $24T": T("2026-01-01")}  # the June 2021 dip is no crossing
    assert f["latest above $38T (the 2026 text)"] == "no"
    # compound over the actual span: 365, 1,826 and 4,018 days of 365.25
    assert (f["growth 1y %"], f["growth 1y %/yr"]) == (14.3, 14.3)  # 24 / 21
    assert (f["growth 5y %"], f["growth 5y %/yr"]) == (20.0, 3.71)  # 1.2 ** (1 / 5.0)
    assert (f["growth 10y %"], f["growth 10y %/yr"]) == (140.0, 8.28)  # 2.4 ** (1 / 11.0), 2015
    assert (f["last doubling from"], f["last doubling years"]) == (T("2015-01-01"), 11.0)


def test_debt_measure_window_and_short_history():
    total = _debt()
    f = debt.measure(total["2025-01-01":], total["2021-01-01":], 21)
    assert f["window"] == "2025-01-01 to 2026-01-01"
    assert "first day >= $20T" not in f and f["first day >= $21T"] == T("2025-01-01")
    assert "growth 10y %" not in f and "last doubling from" not in f  # history too short


def test_debt_measure_real_2026_text():
    total = datasets.load("us_public_debt", as_of="2026-03-01")["total"]
    f = debt.measure(total["2000-01-01":], total)
    assert f["latest total $trn"] == 38.79
    assert f["first day >= $38T"] == T("2025-10-21")
    assert f["latest above $38T (the 2026 text)"] == "yes"


# ---------------------------------------------------------------- Treasury holdings


def _holdings() -> pd.DataFrame:
    value = _monthly("2019-01-01", [100, 120, 90, 110, 95, 105, 97, 96])
    prior = pd.Series(np.nan, value.index)
    prior["2019-06-01"] = 104.0
    return pd.DataFrame({"value": value, "prior_series": prior})


def test_treasuries_measure_lowest_since_breaks_pace_and_japan():
    china_all = _holdings()
    china = china_all["2019-03-01":]
    share = _monthly("2019-03-01", [10, 12, 11, 9, 8, 7.5])
    japan = _monthly("2019-03-01", [100] * 6)
    total = china["value"] / share * 100  # all foreign holdings, so that China's share is `share`
    f = treasuries.measure(china, china_all, total, {"Japan": japan}, {"Japan": japan})
    assert f["window"] == "2019-03-01 to 2019-08-01"
    assert (f["latest month"], f["latest $bn"]) == (T("2019-08-01"), 96.0)
    assert (f["peak month"], f["peak $bn"]) == (T("2019-04-01"), 110.0)  # Feb's 120: off window
    assert (f["last lower month before latest"], f["last lower value $bn"]) == (
        T("2019-05-01"), 95.0)
    assert f["series breaks since then"] == "2019-06"
    assert (f["change from peak $bn"], f["change from peak %"]) == (-14.0, -12.7)
    assert f["pace since peak $bn/yr"] == -41.9  # -14 over 122 days of 365.25
    assert f["pace since peak %/yr"] == -33.47  # (96 / 110) ** (365.25 / 122) - 1
    assert f["Japan latest $bn"] == 100.0
    assert f["last month China above Japan"] == T("2019-06-01")
    assert (f["China share latest %"], f["China share peak month"], f["China share peak %"]) == (
        7.5, T("2019-04-01"), 12.0)
    assert f["series-break months"] == "2019-06"
    # China's rank: second behind Japan, since July (above Japan in June)
    assert f["China rank among China, Japan"] == 2
    assert (f["holders ahead of China"], f["China at this rank since"]) == ("Japan",
                                                                            T("2019-07-01"))
    # the latest (96) is just above May's low (95), itself the lowest since March (90)
    assert (f["recent low month"], f["recent low $bn"]) == (T("2019-05-01"), 95.0)
    assert f["last lower month before recent low"] == T("2019-03-01")


def test_treasuries_measure_all_time_low_at_the_peak_and_without_japan():
    china = _holdings()[["value", "prior_series"]].iloc[:2]  # 100 then 120: latest is the peak
    f = treasuries.measure(china, china, china["value"] / _monthly("2019-01-01", [5, 6]) * 100,
                           {}, {})
    assert f["last lower month before latest"] == T("2019-01-01")
    assert "change from peak $bn" not in f and "Japan latest $bn" not in f
    assert not [k for k in f if "rank" in k]  # nobody to rank against
    low = _holdings().iloc[:3]  # 90 in March: the lowest of all
    f = treasuries.measure(low, low, low["value"] / _monthly("2019-01-01", [5, 6, 4]) * 100,
                           {}, {})
    assert f["last lower month before latest"] == "none (all-time low)"
    assert "last lower value $bn" not in f and "series-break months" not in f


def test_treasuries_measure_real_report_view():
    chart = treasuries.ust_holdings(as_of=REPORT, lang="en")
    china = datasets.load("china_ust_holdings", as_of=REPORT)
    total = datasets.load("foreign_ust_holdings", as_of=REPORT)
    peers = {n: treasuries._value(datasets.load(k, as_of=REPORT))
             for n, k in treasuries.PEERS.items()}
    f = treasuries.measure(china, china, total["value"], peers, peers)
    assert f["latest $bn"] == 1047.0
    assert f["China rank among China, Japan, UK"] == 2  # in 2021 behind Japan only
    assert f["last lower month before latest"] == T("2010-05-01")
    assert {k: v for k, v in f.items() if k in chart.key_figures} == {
        k: v for k, v in chart.key_figures.items() if k in f}
