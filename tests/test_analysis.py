"""Topic analyses: helpers on synthetic data with known answers, then key figures on real data
(spot checks from the data's sidecars and SOURCES notes)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from uschina.analysis import approval, autos, covid, cpi, debt, fx, holdings
from uschina.errors import ParameterError

# ------------------------------------------------------------------ synthetic


def months(values, start="2020-01-01", name="x"):
    return pd.Series(np.asarray(values, float),
                     pd.date_range(start, periods=len(values), freq="MS"), name=name)


def test_drawdown_peak_trough_and_recovery():
    # peak 110 in 2021-01, trough 80 in 2021-06, back to 110 in 2022-01
    s = months([100, 105, 108, 106, 104, 102, 101, 103, 104, 106, 107, 109,
                110, 100, 95, 90, 85, 80, 85, 90, 95, 100, 105, 108, 110, 111])
    d = autos.drawdown(s, ("2020-06-01", "2021-03-01"))
    assert (d.peak_date, d.peak) == (pd.Timestamp("2021-01-01"), 110)
    assert (d.trough_date, d.trough) == (pd.Timestamp("2021-06-01"), 80)
    assert d.depth_pct == pytest.approx(-27.2727, abs=1e-4)
    assert d.months_peak_to_trough == 5
    assert d.recovered_date == pd.Timestamp("2022-01-01")
    assert d.months_to_recover == 12


def test_drawdown_not_recovered_and_later_lower_lows_count():
    s = months([100, 90, 80, 85, 70, 75, 78])
    d = autos.drawdown(s, ("2020-01-01", "2020-02-01"))
    assert d.recovered_date is None and d.months_to_recover is None
    assert d.trough == 70
    assert d.recovery_text() == "not recovered by 2020-07"


def test_drawdown_without_data_in_the_peak_window_says_so():
    with pytest.raises(ParameterError, match="no values in the peak window"):
        autos.drawdown(months([1, 2, 3]), ("2019-01-01", "2019-06-01"))


def test_wave_peaks_finds_the_planted_waves_only():
    days = pd.date_range("2020-01-01", periods=400, freq="D")
    t = np.arange(400)
    waves = (5_000 * np.exp(-((t - 80) / 20) ** 2) + 20_000 * np.exp(-((t - 250) / 30) ** 2)
             + 1_000 + 50 * np.sin(t))  # small wiggles are not waves
    peaks = covid.wave_peaks(pd.Series(waves, days))
    where = [days.get_loc(d) for d in peaks.index]
    assert len(where) == 2
    assert abs(where[0] - 80) <= 3 and abs(where[1] - 250) <= 3  # the wiggle moves the top
    assert peaks["peak"].iloc[1] == pytest.approx(21_000, rel=0.01)


def test_growth_rate_of_an_exponential_is_its_rate():
    days = pd.date_range("2021-01-01", periods=30, freq="D")
    s = pd.Series(1000 * np.exp(0.03 * np.arange(30)), days)
    g = covid.growth_rate(s).dropna()
    assert len(g) == 23
    assert g.to_numpy() == pytest.approx(3.0)


def test_divergence_path_against_a_known_beta():
    days = pd.bdate_range("2020-12-28", "2021-03-31")
    dollar = pd.Series(np.linspace(90, 99, len(days)), days)
    cny = 6.5 * (dollar / dollar.iloc[3]) ** 0.5  # beta 0.5 in log changes, no divergence
    path = fx.divergence_path(cny, dollar, beta=0.5)
    assert path.index[0] == pd.Timestamp("2021-01-01")
    assert path["gap_pp"].abs().max() < 1e-9
    moved = fx.divergence_path(cny * 0.98, dollar, beta=0.5)  # 2% stronger yuan all along,
    # measured from end-2020 when the shift already applied: no gap either
    assert moved["gap_pp"].abs().max() < 1e-9
    flat = fx.divergence_path(pd.Series(6.5, days), dollar, beta=0.5)
    end = flat.iloc[-1]
    assert end["cny_pct"] == 0
    assert end["gap_pp"] == pytest.approx(-end["predicted_pct"])
    assert end["predicted_pct"] == pytest.approx((np.sqrt(99 / dollar.iloc[3]) - 1) * 100)


def test_month_end_drops_an_unfinished_month():
    days = pd.bdate_range("2021-01-01", "2021-03-15")
    s = pd.Series(np.arange(len(days), dtype=float), days)
    m = debt.month_end(s)
    assert list(m.index) == [pd.Timestamp("2021-01-01"), pd.Timestamp("2021-02-01")]
    assert m.iloc[-1] == s["2021-02-26"]


# ------------------------------------------------------------------ real data


@pytest.fixture(scope="module")
def today():
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # a missing glyph would warn
        return {
            "cpi": cpi.cpi_trend(lang="zh"),
            "approval": approval.approval_trend(lang="zh"),
            "autos": autos.autos_trend(lang="zh"),
            "covid": covid.covid_trend(lang="zh"),
            "fx": fx.fx_trend(lang="zh"),
            "holdings": holdings.holdings_trend(lang="zh"),
            "debt": debt.debt_trend(lang="zh"),
        }


def test_cpi_forecast_at_the_report_date_against_the_june_2022_peak(today):
    k = today["cpi"].key_figures
    assert k["forecast made with data to"] == pd.Timestamp("2021-10-01")  # Oct CPI, out 10 Nov
    assert k["realised peak in horizon"] == pd.Timestamp("2022-06-01")
    assert k["realised peak YoY %"] == 9.1
    assert 5.5 < k["forecast for that month %"] < 7.5  # the model expected ~6%
    assert k["gap to trend Oct 2021 %"] == pytest.approx(4.84, abs=0.05)
    assert 1.4 < k["trend growth %/yr"] < 1.9  # 2010s inflation
    fc = today["cpi"].tables["yoy_forecast"]
    width = fc["upper"] - fc["lower"]
    assert (width.diff().dropna() > 0).all()


def test_approval_slope_and_fall_since_january(today):
    k = today["approval"].key_figures
    assert k["538 window"] == "2021-01-23 to 2021-11-15"
    assert k["January 2021 mean"] == pytest.approx(54.1, abs=0.05)  # SOURCES-2: 54.1
    assert k["latest"] == pytest.approx(42.91, abs=0.005)  # 2021-11-15: 42.91
    assert k["fall since first estimate, points"] < -10  # "累计下行了超 10 个百分点"
    assert -1.6 < k["slope, points per month"] < -0.9
    assert k["slope after break, points/month"] < k["slope before break, points/month"]
    assert pd.Timestamp("2021-06-15") < k["break in trend (QLR)"] < pd.Timestamp("2021-09-30")


def test_autos_peaks_troughs_and_recovery(today):
    k = today["autos"].key_figures
    assert k["sales peak"] == "18.57 in 2021-04"  # SOURCES: Apr 2021 = 18.57
    assert k["sales trough (lowest so far)"] == "12.73 in 2021-09"
    assert k["production trough (lowest so far)"] == "86.3 in 2021-09"
    assert k["sales recovery"].startswith("not recovered by 2026-")
    assert k["production recovery"].endswith("(back at the peak in 2022-10)")


def test_covid_waves_low_and_rebound(today):
    k = today["covid"].key_figures
    peaks = today["covid"].tables["wave_peaks"]
    assert pd.Timestamp("2021-01-08") in peaks.index
    assert k["late-October low"].startswith("2021-10-25")
    assert k["rebound to 2021-11-15 %"] == pytest.approx(87_089 / 70_291 * 100 - 100, abs=0.5)
    assert k["growth of 7-day mean on 2021-11-15, %/day"] > 0


def test_fx_2021_divergence(today):
    k = today["fx"].key_figures
    assert k["dxy change %"] > 5  # SOURCES: about +6.4% over 2021
    assert k["USD/CNY change %"] < -2
    assert 0 < k["beta of USD/CNY on dxy, 2019–2020"] < 1
    assert k["RMB divergence (actual − predicted), pp"] < -3


def test_holdings_and_debt(today):
    h = today["holdings"].key_figures
    assert h["peak"] == "1,316.7 in 2013-11"
    assert h["latest, USD bn"] == 618.0  # July 2026
    assert h["trend since peak, %/yr"] < -3
    d = today["debt"].key_figures
    assert 5 < d["trend growth 2010–2019 %/yr"] < 6.5
    assert pd.Timestamp("2020-01-01") <= d["break in trend (QLR, from 2010)"] <= \
        pd.Timestamp("2020-06-01")


@pytest.mark.parametrize("fn", [cpi.cpi_trend, approval.approval_trend, autos.autos_trend,
                                covid.covid_trend, fx.fx_trend, holdings.holdings_trend,
                                debt.debt_trend])
def test_report_view_in_english_uses_only_published_data(fn):
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        a = fn(as_of="2021-11-16", lang="en")
    assert a.title.startswith("Trend analysis: ")
    assert a.fig.texts[-1].get_text().startswith("Source: ")
    assert a.data.index.max() <= pd.Timestamp("2021-11-16")
    assert a.summary()  # deterministic text for nbval


def test_bad_parameters_are_named():
    with pytest.raises(ParameterError, match="parameter 'lang'"):
        cpi.cpi_trend(lang="fr")
    with pytest.raises(ParameterError, match="parameter 'as_of'"):
        covid.covid_trend(as_of="yesterday")
    with pytest.raises(ParameterError, match="parameter 'dollar_index'"):
        fx.fx_trend(dollar_index="euro")
