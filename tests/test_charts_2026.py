"""Charts of the 2026 commentary and Phase One: measurements, key figures, both views, errors."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from uschina import datasets, export, measures
from uschina.charts import debt, phase_one, rare_earths, treasuries
from uschina.errors import ParameterError

# ---------------------------------------------------------------- treasuries


def test_lowest_since_strict_synthetic():
    s = pd.Series([5.0, 3.0, 4.0, 6.0, 3.5], index=pd.date_range("2020-01-01", periods=5,
                                                                 freq="MS"))
    p = measures.lowest_since(s, "2020-05-01", strict=True)
    assert (p.date, p.value) == (pd.Timestamp("2020-02-01"), 3.0)
    assert measures.lowest_since(s, "2020-02-01", strict=True) is None  # an all-time low


def test_lowest_since_2008_and_reduction():
    c = datasets.load("china_ust_holdings")["value"]
    p = measures.lowest_since(c, "2025-12-01", strict=True)
    assert (p.date, p.value) == (pd.Timestamp("2008-09-01"), 618.2)
    d = treasuries.decline_since(c, "2013-11-01", "2025-12-01")
    assert d["change_bn"] == pytest.approx(-633.2)  # "累计减持超过6000亿美元"
    assert d["change_pct"] == pytest.approx(-48.09, abs=0.01)  # "近一半"
    assert d["pace_bn_per_year"] == pytest.approx(-52.4, abs=0.05)


def test_ust_holdings_key_figures_today():
    f = treasuries.ust_holdings().key_figures
    assert f["peak month"] == pd.Timestamp("2013-11-01") and f["peak $bn"] == 1316.7
    assert f["latest month"] == pd.Timestamp("2026-07-01") and f["latest $bn"] == 618.0
    assert f["last lower month before latest"] == pd.Timestamp("2008-08-01")
    assert f["series breaks since then"] == "2009-06, 2010-06, 2011-06"
    assert f["China share latest %"] == pytest.approx(7.37, abs=0.01)
    assert f["last month China above Japan"] == pd.Timestamp("2019-05-01")


def test_ust_holdings_report_view_english():
    chart = treasuries.ust_holdings(as_of="2021-11-16", lang="en")
    f = chart.key_figures
    assert f["latest month"] == pd.Timestamp("2021-08-01") and f["latest $bn"] == 1047.0
    assert f["last lower month before latest"] == pd.Timestamp("2010-05-01")
    assert f["series breaks since then"] == "2010-06, 2011-06"
    assert chart.title == ("China's Treasury holdings fell to $1,047bn in Aug 2021, the lowest "
                           "since 2010, $270bn below the Nov 2013 peak")
    assert chart.data.loc["2010-06-01", "china_prior_series_bn_usd"] == 843.7


def test_ust_holdings_bad_parameters():
    with pytest.raises(ParameterError, match="show_japan"):
        treasuries.ust_holdings(show_japan="yes")
    with pytest.raises(ParameterError, match="start='2030-01-01'"):
        treasuries.ust_holdings(start="2030-01-01")
    with pytest.raises(ParameterError, match="as_of"):
        treasuries.ust_holdings(as_of="1999-01-01")


# ---------------------------------------------------------------- debt


def test_trillion_crossings_real():
    total = datasets.load("us_public_debt")["total"]
    t = debt.trillion_crossings(total, 20).set_index("trillion")["first_day"]
    assert t[20] == pd.Timestamp("2017-09-08")
    assert t[37] == pd.Timestamp("2025-08-11")
    assert t[38] == pd.Timestamp("2025-10-21")
    assert t[40] == pd.Timestamp("2026-08-18")
    assert t.index.max() == 40


def test_trillion_crossings_counts_the_first_day_only():
    s = pd.Series([0.9e12, 1.05e12, 0.95e12, 1.2e12, 2.0e12],
                  index=pd.date_range("2020-01-01", periods=5))
    t = debt.trillion_crossings(s, 1)
    assert t["first_day"].tolist() == [pd.Timestamp("2020-01-02"), pd.Timestamp("2020-01-05")]
    assert pd.isna(t["days_since_previous"].iloc[0])
    assert t["days_since_previous"].iloc[1] == 3


def test_growth_and_doubling():
    total = datasets.load("us_public_debt")["total"]
    assert debt.growth(total, 10)["pct"] == pytest.approx(105.9, abs=0.05)
    assert debt.growth(total, 1)["pct"] == pytest.approx(7.7, abs=0.05)
    d = debt.last_doubling(total)
    assert d["from"] == pd.Timestamp("2017-09-07")
    assert d["years"] == pytest.approx(8.95, abs=0.01)


def test_federal_debt_views():
    f = debt.federal_debt().key_figures
    assert f["latest day"] == pd.Timestamp("2026-08-20")
    assert f["latest above $38T (the 2026 text)"] == "yes"
    r = debt.federal_debt(as_of="2021-11-16", lang="en").key_figures
    assert r["latest day"] == pd.Timestamp("2021-11-15")
    assert r["latest total $trn"] == pytest.approx(28.909, abs=0.001)
    assert "first day >= $29T" not in r
    with pytest.raises(ParameterError, match="from_trillion"):
        debt.federal_debt(from_trillion=0)


def test_parts_mismatch_finds_the_quirk():
    odd = debt.parts_mismatch(datasets.load("us_public_debt"))
    assert list(odd.index) == [pd.Timestamp("2025-08-04")]


# ---------------------------------------------------------------- rare earths


def test_rare_earth_helpers():
    assert rare_earths.nines(99.9999) == pytest.approx(6)
    assert rare_earths.nines(99.0) == pytest.approx(2)
    t = datasets.load("rare_earth_claims").set_index("claim")
    assert rare_earths.as_percent(t.loc["china_links_covered"]) == pytest.approx(88.24, abs=0.01)
    assert rare_earths.as_percent(t.loc["china_separation_cost_vs_us"]) == 25
    assert rare_earths.stated(t.loc["us_heavy_ree_reserve_share"]) == "< 1"
    assert rare_earths.stated(t.loc["us_refining_purity"]) == "99 - 99.9"


def test_rare_earth_chart_says_unverified():
    chart = rare_earths.rare_earth_claims(lang="en", as_of="2021-11-16")
    assert "unverified" in chart.title
    assert chart.key_figures["china_ree_patents (line 17)"] == "38,000 patents"
    assert "precedes the text" in chart.key_figures["note"]
    assert "note" not in rare_earths.rare_earth_claims().key_figures
    table = rare_earths.claims_table("zh")
    assert table["seed_line"].tolist() == [14, 15, 15, 15, 16, 17, 17, 17]


# ---------------------------------------------------------------- Phase One


def test_phase_one_around_september_2021():
    near = phase_one.around(phase_one.checkpoints())
    assert near["at"].empty
    assert near["before"]["period_end"].iloc[0] == pd.Timestamp("2020-12-31")
    after = near["after"].set_index("measure")["pct_of_target"]
    assert after.to_dict() == {"china_imports": 62.2, "us_exports": 59.9}
    report_view = phase_one.around(phase_one.checkpoints(as_of="2021-11-16"))
    assert report_view["after"].empty


def test_phase_one_targets_sum_to_200():
    t = phase_one.targets()
    assert t.loc["total", "2020-21"] == pytest.approx(200.0)
    assert t.loc["energy", 2021] == 33.9


def test_phase_one_chart_draws_no_lines_between_checkpoints():
    chart = phase_one.phase_one_checkpoints()
    _, pct_axis = chart.fig.axes
    for line in pct_axis.get_lines():
        xs = line.get_xdata()
        if len(set(line.get_ydata())) == 1 and line.get_linestyle() != "None":
            continue  # the 100% reference line
        assert len(xs) == 1 or line.get_linestyle() == "None", "checkpoints joined by a line"
    assert chart.key_figures["checkpoint through 2021-09"] == "none in the data"
    assert chart.key_figures["us_exports total_goods through 2021-10"] == (
        "186.2 / 310.8 = 59.9%")


def test_phase_one_report_view_and_categories():
    chart = phase_one.phase_one_checkpoints(as_of="2021-11-16", lang="en")
    assert chart.key_figures["nearest checkpoint after 2021-09"] == "none published yet"
    cats = phase_one.phase_one_categories().key_figures
    assert cats["agriculture us_exports through 2021-11"] == "82.8%"
    assert cats["manufacturing us_exports through 2021-11"] == "59.2%"
    with pytest.raises(ParameterError, match="as_of"):
        phase_one.phase_one_checkpoints(as_of="2020-01-31")


# ---------------------------------------------------------------- all charts


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_missing_glyphs_and_exports(lang, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        charts = [treasuries.ust_holdings(lang=lang), debt.federal_debt(lang=lang),
                  rare_earths.rare_earth_claims(lang=lang),
                  phase_one.phase_one_checkpoints(lang=lang),
                  phase_one.phase_one_categories(lang=lang)]
        for chart in charts:
            files = export.save(chart, tmp_path, lang)
            assert all(p.stat().st_size > 0 for p in files.values())
