"""图表6 (dollar and yuan), Phase One and rare earths: the pure measure / computed_title
functions on small inputs with hand-computed answers, one real figure each, the words tables,
and the Phase One window."""

from __future__ import annotations

import pandas as pd
import pytest

from uschina import datasets
from uschina.charts import fx, phase_one, rare_earths
from uschina.errors import ParameterError

T = pd.Timestamp
REPORT = "2021-11-16"


# ---------------------------------------------------------------- 图表6


def test_fx_measure_changes_gap_and_the_dollar_low():
    i = pd.to_datetime(["2021-01-04", "2021-01-05", "2021-01-06", "2021-01-07"])
    dollar = pd.Series([90.0, 88.0, 95.0, 99.0], i)
    cny = pd.Series([6.5, 6.6, 6.5, 6.435], i)
    f = fx.measure(dollar, cny, "dxy")
    assert f["window"] == "2021-01-04 to 2021-01-07"
    assert (f["dollar index first"], f["dollar index last"]) == (90.0, 99.0)
    assert f["dollar index change %"] == 10.0  # 99 / 90 - 1
    assert f["USD/CNY change %"] == -1.0  # 6.435 / 6.5 - 1
    assert f["gap, dollar minus USD/CNY, pp"] == 11.0
    assert (f["dollar index low day"], f["dollar index low"]) == (T("2021-01-05"), 88.0)
    assert f["dollar index change since its low %"] == 12.5  # 99 / 88 - 1
    assert f["USD/CNY change since the dollar low %"] == -2.5  # 6.435 / 6.6 - 1


def test_fx_measure_has_no_low_when_the_dollar_only_rose():
    i = pd.to_datetime(["2021-01-04", "2021-01-05"])
    f = fx.measure(pd.Series([90.0, 91.8], i), pd.Series([6.5, 6.5], i), "usd_broad_index")
    assert f["dollar index"] == "usd_broad_index" and f["dollar index change %"] == 2.0
    assert f["USD/CNY change %"] == 0.0
    assert not any(k.startswith("dollar index low") for k in f)


def test_fx_computed_title_says_which_way_the_yuan_went():
    a, b = T("2021-01-04"), T("2021-11-12")
    assert fx.computed_title(5.84, -1.26, a, b, "dxy", "en") == (
        "4 Jan 2021 to 12 Nov 2021: the dollar index +5.8%, USD/CNY \u22121.3% (yuan stronger)")
    assert fx.computed_title(2.0, 0.0, a, b, "broad", "zh") == (
        "2021年1月4日至2021年11月12日，美元广义指数+2.0%，美元兑人民币+0.0%（人民币持平）")


def test_fx_measure_on_the_report_view():
    dollar = datasets.load("dxy", start="2021-01-01", as_of=REPORT).dropna()
    cny = datasets.load("usd_cny", start="2021-01-01", as_of=REPORT).dropna()
    hi = min(dollar.index[-1], cny.index[-1])
    f = fx.measure(dollar[:hi], cny[:hi])
    assert f["window"] == "2021-01-04 to 2021-11-12"
    assert (f["dollar index first"], f["dollar index last"]) == (89.88, 95.13)
    assert (f["USD/CNY first"], f["USD/CNY last"]) == (6.4601, 6.3787)
    assert f["USD/CNY change %"] == -1.26


# ---------------------------------------------------------------- Phase One


def _checkpoints() -> pd.DataFrame:
    rows = [("2020-12-31", "china_imports", "total_goods", 100.0, 173.1, 57.8),
            ("2020-12-31", "china_imports", "agriculture", 20.0, 40.0, 50.0),
            ("2021-10-31", "china_imports", "total_goods", 208.3, 334.8, 62.2),
            ("2021-10-31", "china_imports", "energy", 15.0, 50.0, 30.0),
            ("2021-12-31", "us_exports", "total_goods_and_services", 288.8, 502.4, 57.5)]
    t = pd.DataFrame(rows, columns=["period_end", "measure", "category", "actual_bn_usd",
                                    "target_bn_usd", "pct_of_target"])
    t["period_end"] = pd.to_datetime(t["period_end"])
    return t


def test_phase_one_measure_totals_and_the_checkpoints_around_september_2021():
    f = phase_one.measure(_checkpoints())
    assert f == {
        "china_imports total_goods through 2020-12": "100.0 / 173.1 = 57.8%",
        "china_imports total_goods through 2021-10": "208.3 / 334.8 = 62.2%",
        "us_exports total_goods_and_services through 2021-12": "288.8 / 502.4 = 57.5%",
        "checkpoint through 2021-09": "none in the data",
        "nearest checkpoint before 2021-09": "through 2020-12: china_imports 57.8%",
        "nearest checkpoint after 2021-09": "through 2021-10: china_imports 62.2%",
    }
    early = phase_one.measure(_checkpoints().iloc[:2])
    assert early["nearest checkpoint after 2021-09"] == "none published yet"


def test_phase_one_titles_and_categories():
    cp = _checkpoints()
    assert phase_one.computed_title(cp, "en") == \
        "Phase One deal: Chinese imports reached 62.2% of the commitment through Oct 2021"
    assert phase_one.computed_title(cp, "zh") == \
        "中美第一阶段经贸协议：截至2021年10月，中方进口统计达同期采购承诺的62.2%"
    assert phase_one.measure_categories(cp.iloc[[1, 3]]) == {
        "agriculture china_imports through 2020-12": "50.0%",
        "energy china_imports through 2021-10": "30.0%"}
    # the latest checkpoint with categories: its categories, not the all-goods row
    assert phase_one.computed_categories_title(cp.iloc[:4], "en") == \
        "Phase One deal through Oct 2021, Chinese imports: energy 30.0% of the commitment"


def test_phase_one_measure_on_the_report_view():
    f = phase_one.measure(phase_one.checkpoints(as_of=REPORT))
    assert f["nearest checkpoint before 2021-09"] == \
        "through 2020-12: china_imports 57.8%, us_exports_census 62.0%"
    assert f["nearest checkpoint after 2021-09"] == "none published yet"


def test_phase_one_categories_follow_the_window():
    c = phase_one.phase_one_categories(start="2021-01-01", lang="en")
    assert set(c.data.index.year) == {2021}
    assert c.key_figures["agriculture us_exports through 2021-11"] == "82.8%"
    assert c.title == ("Phase One deal through Nov 2021, US exports: agriculture 82.8%, "
                       "manufacturing 59.2% of the commitment")
    with pytest.raises(ParameterError, match="no Phase One checkpoints with categories"):
        phase_one.phase_one_categories(start="2022-06-01")
    with pytest.raises(ParameterError, match="parameter 'end' must be"):
        phase_one.phase_one_checkpoints(end=2021)


# ---------------------------------------------------------------- rare earths


def test_rare_earth_measure_states_each_claim_and_notes_an_early_view():
    t = pd.DataFrame({"claim": ["a_share", "b_range"], "seed_line": [14, 15],
                      "value": [1.0, 99.0], "value_high": [float("nan"), 99.9],
                      "comparator": ["<", "range"], "of_total": [float("nan"), float("nan")],
                      "unit": ["% of world", "% purity"]}).set_index("claim")
    assert rare_earths.measure(t) == {"a_share (line 14)": "< 1 % of world",
                                      "b_range (line 15)": "99 - 99.9 % purity"}
    early = rare_earths.measure(t, as_of="2021-11-16")
    assert early["note"] == "as_of 2021-11-16 precedes the text (written after 2026-02-18)"
    assert "note" not in rare_earths.measure(t, as_of="2026-03-01")


def test_rare_earth_measure_on_the_text():
    t = datasets.load("rare_earth_claims").set_index("claim")
    f = rare_earths.measure(t)
    assert f["china_links_covered (line 17)"] == "15 / 17 links (of 17)"
    assert f["china_separation_cost_vs_us (line 15)"] == "0.25 ratio (China / US)"
    assert len(f) == 8


# ---------------------------------------------------------------- the words


def _same_shape(zh, en, path=""):
    assert type(zh) is type(en), path
    if isinstance(zh, dict):
        assert set(zh) == set(en), f"{path}: {set(zh) ^ set(en)}"
        for k in zh:
            _same_shape(zh[k], en[k], f"{path}.{k}")


@pytest.mark.parametrize("module", [fx, phase_one, rare_earths])
def test_words_have_the_same_keys_in_both_languages(module):
    _same_shape(module.WORDS["zh"], module.WORDS["en"], module.__name__)
