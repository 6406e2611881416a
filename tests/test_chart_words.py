"""The shared words of every chart: the headline rule, the data-through stamp, number formats."""

from __future__ import annotations

import pandas as pd
import pytest

from uschina import measures, style
from uschina.charts import common, cpi

T = pd.Timestamp
REPORT = {"zh": "报告标题", "en": "report headline"}
OWN = {"zh": "数据所示", "en": "what the data show"}


@pytest.mark.parametrize(("as_of", "expected"), [
    ("2021-11-16", REPORT), (T("2021-11-16"), REPORT), (None, OWN), ("2021-11-15", OWN),
    ("2026-03-01", OWN)])
def test_the_report_headline_only_in_the_report_view(as_of, expected):
    assert common.headline(REPORT, OWN, as_of) == expected


def test_a_chart_without_a_report_headline_always_states_its_data():
    assert common.headline(None, OWN, "2021-11-16") == OWN


def test_through_text_stamps_the_latest_and_names_series_ending_earlier():
    assert common.through_text({"us_cpi_yoy": T("2026-05-01")}, "zh") == "数据截至 2026年5月"
    assert common.through_text({"us_cpi_yoy": T("2026-05-01")}, "en") == "Data through May 2026"
    assert common.through_text({"us_public_debt": T("2026-08-20")}, "en") == \
        "Data through 20 Aug 2026"
    both = {"us_auto_production": T("2025-08-01"), "us_vehicle_sales": T("2026-06-01")}
    assert common.through_text(both, "en") == (
        "Data through Jun 2026 (US industrial production, motor vehicles and parts: Aug 2025)")
    assert common.through_text({}, "zh") is None


def test_last_drawn_skips_missing_values_at_the_end():
    s = pd.Series([1.0, 2.0, None], index=pd.date_range("2025-08-01", periods=3, freq="MS"))
    assert common.last_drawn(us_cpi_yoy=s) == {"us_cpi_yoy": T("2025-09-01")}
    assert common.last_drawn(us_cpi_yoy=s.iloc[:0]) == {}


def test_numbers_for_people():
    assert common.pct(6.2) == "6.2%"
    assert common.pct(-3.44, signed=True) == "\u22123.4%"
    assert common.pct(23.9, 0, signed=True) == "+24%"
    assert common.usd_bn(683.5, "en") == "$684bn" and common.usd_bn(683.5, "zh") == "6,835亿美元"
    assert common.usd_bn(1316.7, "zh") == "1.32万亿美元"
    assert common.usd_trn(38.774, "zh") == "38.77万亿美元" and common.usd_trn(38.774, "en") == \
        "$38.77tn"


def test_wrap_breaks_at_spaces_and_between_cjk_characters():
    text = "Source: US BLS, NBER; uschina. Data through May 2026. Note: a long note " * 3
    lines = style.wrap(text.strip(), 400, 8).split("\n")
    assert len(lines) > 1 and all(not line.startswith(" ") for line in lines)
    assert " ".join(lines) == text.strip()
    zh = "资料来源：美国劳工统计局" * 12
    assert "".join(style.wrap(zh, 300, 8).split("\n")) == zh


def test_cpi_measure_and_title_are_pure():
    idx = pd.date_range("2019-01-01", periods=6, freq="MS")
    yoy = pd.Series([2.0, 5.0, 9.1, 7.0, 4.0, 3.0], index=idx)
    f = cpi.measure(yoy, yoy)
    assert (f["window peak month"], f["window peak YoY %"]) == (T("2019-03-01"), 9.1)
    assert cpi.computed_title(yoy, yoy, "en") == \
        "US CPI inflation peaked at 9.1% in Mar 2019; 3.0% in Jun 2019"
    rising = yoy.iloc[:3]
    assert cpi.computed_title(rising, rising, "zh") == \
        "美国 CPI 同比2019年3月升至9.1%，为窗口内最高"


def test_one_rank_rule():
    v = pd.Series({"a": 50.0, "b": 42.0, "c": 42.0, "d": None})
    assert [measures.rank(v, k) for k in "abc"] == [1, 2, 2]
    with pytest.raises(ValueError, match="'d' has no value"):
        measures.rank(v, "d")
