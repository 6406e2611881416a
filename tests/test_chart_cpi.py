from __future__ import annotations

import json
import warnings

import pandas as pd
import pytest

from uschina import export
from uschina.charts import cpi
from uschina.errors import ParameterError


def test_report_view_shows_october_2021_as_the_latest_and_a_30_year_high():
    c = cpi.us_cpi_yoy(as_of="2021-11-16", lang="zh")
    k = c.key_figures
    assert k["latest month"] == pd.Timestamp("2021-10-01") and k["latest YoY %"] == 6.2
    assert k["Oct 2021 highest since"] == pd.Timestamp("1990-11-01")
    assert k["2021 high YoY %"] == 6.2
    assert c.title == "图表3：美国 CPI 同比创下 30 年以来的新高"
    assert "months without data" not in k


def test_today_view_shows_the_june_2022_peak_and_the_gap():
    c = cpi.us_cpi_yoy(lang="en")
    k = c.key_figures
    assert (k["window peak month"], k["window peak YoY %"]) == (pd.Timestamp("2022-06-01"), 9.1)
    assert k["months without data"] == "2025-10"
    # not the report's view: its own peak and latest reading, not "a 30-year high"
    assert c.title == "Chart 3: US CPI inflation peaked at 9.1% in Jun 2022; 3.4% in Jul 2026"
    texts = [t.get_text().replace("\n", " ") for t in c.fig.texts]
    assert any(t.startswith("Source: US BLS, NBER; uschina. Data through Jul 2026") for t in texts)
    assert c.through == {"us_cpi_yoy": pd.Timestamp("2026-07-01")}
    assert c.lang == "en"
    assert c.highlights[:2] == [{"label": "CPI YoY, Jul 2026", "value": "3.4%"},
                                {"label": "Peak (Jun 2022)", "value": "9.1%"}]


@pytest.mark.parametrize(("start", "end"), [("2015-01-01", "2019-12-01"),
                                            ("2020-01-01", "2020-12-01"),
                                            ("1913-01-01", None)])
def test_unusual_windows_draw(start, end, tmp_path):
    c = cpi.us_cpi_yoy(start=start, end=end, lang="zh")
    assert c.data.index.min() >= pd.Timestamp(start)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        files = export.save(c, tmp_path, "zh")
    assert all(p.stat().st_size > 0 for p in files.values())
    if end and end < "2021":
        assert "Oct 2021 YoY %" not in c.key_figures


def test_window_without_data_is_a_clear_error():
    with pytest.raises(ParameterError, match="no CPI data between"):
        cpi.us_cpi_yoy(start="1800-01-01", end="1850-01-01")


def test_exports_are_complete_and_deterministic(tmp_path):
    c = cpi.us_cpi_yoy(as_of="2021-11-16", lang="zh")
    files = export.save(c, tmp_path / "a", "zh")
    again = export.save(cpi.us_cpi_yoy(as_of="2021-11-16", lang="zh"), tmp_path / "b", "zh")
    assert files["svg"].read_bytes() == again["svg"].read_bytes()
    info = json.loads(files["json"].read_text())
    assert info["titles"]["en"] == "Chart 3: US CPI inflation at a 30-year high"
    assert info["key_figures"]["latest YoY %"] == "6.2"
    assert info["highlights"][0] == {"label": "2021年10月 CPI 同比", "value": "6.2%"}
    assert info["data_through"] == [{"key": "us_cpi_yoy", "date": "2021-10-31",
                                     "label": "2021年10月",
                                     "source": "美国劳工统计局（BLS） CUUR0000SA0, 12-month "
                                               "percent change",
                                     "values": "最新修订值"}]  # a past view of revised data
    assert info["files"]["meta"] == "fig3_us_cpi.meta.json"
    # PNG at twice screen resolution, at least 1,900 px wide
    from PIL import Image
    with Image.open(files["png"]) as im:
        assert im.width >= 1900
    # SVG text stays text, with CJK fallbacks named
    svg = files["svg"].read_text()
    assert "<text" in svg and ">图表3：美国 CPI 同比创下 30 年以来的新高<" in svg
    assert "'Source Han Sans SC'" in svg and "sans-serif" in svg
    meta = json.loads(files["meta"].read_text())
    assert meta["csv"] == ["fig3_us_cpi.csv"]
    cpi_meta = {s["key"]: s for s in meta["series"]}["us_cpi_yoy"]
    assert cpi_meta["series_id"].startswith("CUUR0000SA0")
    assert cpi_meta["data_through"] == "2021-10-31" and cpi_meta["unit"] == "%"
    csv = pd.read_csv(files["csv"], index_col="date", parse_dates=True)
    assert csv.loc["2021-10-01", "cpi_yoy_pct"] == 6.2
    assert not list(tmp_path.rglob("*.tmp"))


def test_extra_tables_are_exported(tmp_path):
    c = cpi.us_cpi_yoy(start="2021-01-01", end="2021-12-01")
    c.tables["yearly"] = c.data.resample("YS").mean()
    files = export.save(c, tmp_path, "zh")
    assert files["csv:yearly"].name == "fig3_us_cpi_yearly.csv"
    assert "2021-01-01" in files["csv:yearly"].read_text()
