"""图表4 (autos) and 图表6 (dollar vs yuan): key figures, titles, parameters, odd windows."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from uschina import export
from uschina.charts import autos, fx
from uschina.errors import ParameterError

T = pd.Timestamp


def _texts(chart) -> list[str]:
    # source lines and titles wrap to the figure's width: read them unwrapped
    out = [t.get_text().replace("\n", "" if chart.lang == "zh" else " ")
           for t in [*chart.fig.texts, *([chart.fig._suptitle] if chart.fig._suptitle else [])]]
    for ax in chart.fig.axes:
        out += [t.get_text() for t in ax.texts]
        out += [ax.get_title(loc=w) for w in ("left", "right")]
        if ax.get_legend():
            leg = ax.get_legend()
            out += [leg.get_title().get_text(), *(t.get_text() for t in leg.get_texts())]
    for leg in chart.fig.legends:
        out += [t.get_text() for t in leg.get_texts()]
    return out


# ---------------------------------------------------------------- 图表4


def test_autos_report_view_shows_the_september_2021_troughs():
    c = autos.us_autos(as_of="2021-11-16")
    k = c.key_figures
    assert c.title == "图表4：美国汽车行业面临缺芯问题，生产受制"
    assert k["shortage production trough month"] == T("2021-09-01")
    assert k["shortage production trough"] == pytest.approx(86.3, abs=0.05)
    assert k["shortage production high month"] == T("2021-01-01")
    assert k["shortage sales trough month"] == T("2021-09-01")
    assert k["shortage sales trough"] == pytest.approx(12.73, abs=0.005)
    assert (k["shortage sales high month"], k["shortage sales high"]) == (T("2021-04-01"), 18.574)
    # what was published by the end of 2021-11-16: G.17's October came out that morning,
    # BEA's October sales in early November
    assert k["production latest month"] == T("2021-10-01")
    assert (k["sales latest month"], k["sales latest"]) == (T("2021-10-01"), 13.156)
    assert (k["production window low month"], k["sales window low month"]) == (
        T("2020-04-01"), T("2020-04-01"))
    texts = " ".join(_texts(c))
    assert "缺芯低点 2021年9月：86.3" in texts and "缺芯低点 2021年9月：12.73" in texts
    assert "缺芯时期（2021年1月至2021年12月）" in texts
    assert "资料来源：美联储（G.17）、美国经济分析局（BEA）" in texts


def test_autos_today_view_shows_the_latest_months_in_english():
    c = autos.us_autos(lang="en")
    k = c.key_figures
    assert (k["production latest month"], k["production latest"]) == (T("2025-08-01"), 106.9238)
    assert (k["sales latest month"], k["sales latest"]) == (T("2026-06-01"), 17.037)
    assert k["shortage production trough month"] == T("2021-09-01")
    texts = " ".join(_texts(c))
    assert "Latest (Jun 2026): 17.04" in texts and "Latest (Aug 2025): 106.9" in texts
    # not the report's view: the title states what today's data show
    assert c.title == ("Chart 4: In the chip shortage US auto output fell to 86.3 in Sep 2021, "
                       "\u221217.0% from Jan 2021; 106.9 in Aug 2025")
    assert "Data through Jun 2026 (US industrial production, motor vehicles and parts: " \
        "Aug 2025)" in texts


def test_autos_light_sales_say_where_they_end():
    c = autos.us_autos(sales="light")
    k = c.key_figures
    assert k["sales latest month"] == T("2024-03-01")
    assert k["shortage sales trough"] == 12.315
    texts = " ".join(_texts(c))
    assert "缺芯低点 2021年9月：12.32" in texts  # rounded half up, as published
    assert "销量（ALTSALES）数据截至2024年3月" in texts


@pytest.mark.parametrize(("start", "end"), [("2015-01-01", "2019-12-31"),
                                            ("2020-01-01", "2020-12-31")])
def test_autos_windows_without_the_shortage_have_no_shading_and_a_neutral_title(start, end,
                                                                                 tmp_path):
    c = autos.us_autos(start=start, end=end)
    last = "2019年12月" if start == "2015-01-01" else "2020年12月"
    assert c.title.startswith(f"图表4：美国汽车生产指数{last}为")
    assert not any(k.startswith("shortage") for k in c.key_figures)
    assert not any(ax.get_legend() for ax in c.fig.axes)
    assert "缺芯" not in " ".join(_texts(c))
    assert c.data.index.min() >= T(start) and c.data.index.max() <= T(end)
    if start == "2020-01-01":
        assert c.key_figures["production window low"] == pytest.approx(20.4, abs=0.05)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        files = export.save(c, tmp_path, "zh")
    assert all(p.stat().st_size > 0 for p in files.values())


def test_autos_window_past_the_production_data_draws_an_empty_panel():
    c = autos.us_autos(start="2025-10-01", lang="en")
    assert c.key_figures["production window"] == "no data"
    assert c.key_figures["sales latest month"] == T("2026-06-01")
    assert any("no data in this window (the series covers Jan 1972 to Aug 2025)" in t
               for t in _texts(c))


def test_autos_shortage_window_is_a_parameter():
    c = autos.us_autos(shortage_start="2021-05-01", shortage_end="2021-08-31")
    k = c.key_figures
    assert k["shortage production trough month"] == T("2021-06-01")  # 90.5: before Sep
    assert k["shortage production trough"] == pytest.approx(90.5, abs=0.05)
    assert k["shortage sales high month"] == T("2021-05-01")
    none = autos.us_autos(shortage_start=None, shortage_end=None)
    assert not any(k.startswith("shortage") for k in none.key_figures)
    assert none.title == ("图表4：美国汽车生产指数2025年8月为106.9，"
                          "销量2026年6月为17.04 百万辆（年化）")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"sales": "heavy"}, "parameter 'sales' must be one of ('total', 'light'), got 'heavy'"),
    ({"lang": "fr"}, "parameter 'lang' must be one of"),
    ({"start": "2021-13-01"}, "parameter 'start' must be a date"),
    ({"start": "2022-01-01", "end": "2021-01-01"}, "parameter 'start' (2022-01-01) is after"),
    ({"shortage_start": "2021-01-01", "shortage_end": None}, "go together"),
    ({"shortage_start": "2021-12-01", "shortage_end": "2021-01-01"},
     "parameter 'shortage_start' (2021-12-01) is after 'shortage_end'"),
    ({"start": "1900-01-01", "end": "1950-01-01"}, "no auto production or sales data"),
])
def test_autos_bad_parameters_are_named(kwargs, message):
    with pytest.raises(ParameterError) as err:
        autos.us_autos(**kwargs)
    assert message in str(err.value)


# ---------------------------------------------------------------- 图表6


def test_fx_report_view_dollar_up_yuan_stronger():
    c = fx.usd_vs_cny(as_of="2021-11-16")
    k = c.key_figures
    assert c.title == "图表6：近期美元指数上行，人民币汇率并未跟随贬值"
    # H.10 of Monday 2021-11-15 covers the week to Friday 11-12: the common span ends there
    assert k["window"] == "2021-01-04 to 2021-11-12"
    assert (k["dollar index first"], k["dollar index last"]) == (89.88, 95.13)
    assert k["dollar index change %"] == pytest.approx(95.13 / 89.88 * 100 - 100, abs=0.005)
    assert (k["USD/CNY first"], k["USD/CNY last"]) == (6.4601, 6.3787)
    assert k["USD/CNY change %"] == pytest.approx(-1.26, abs=0.005)
    texts = " ".join(_texts(c))
    assert "美元指数（左轴）：+5.8%" in texts
    assert "美元兑人民币（右轴）：\u22121.3%，人民币升值" in texts
    assert "2021年1月4日至2021年11月12日涨跌幅" in texts
    assert "资料来源：ICE（经雅虎财经）、美联储（H.10）" in texts


def test_fx_broad_index_by_parameter():
    c = fx.usd_vs_cny(as_of="2021-11-16", dollar_index="broad", lang="en")
    k = c.key_figures
    assert k["dollar index"] == "usd_broad_index"
    assert k["dollar index change %"] == pytest.approx(2.97, abs=0.005)
    assert k["dollar index low day"] == T("2021-06-01")
    assert c.title == "Chart 6: The dollar index rose, but the yuan did not weaken with it"
    assert list(c.data.columns) == ["usd_broad_index", "usd_cny"]


def test_fx_today_view_uses_the_common_span_and_states_its_changes():
    c = fx.usd_vs_cny(lang="en")
    k = c.key_figures
    # the DXY mirrors end 2026-08-21, USD/CNY 2026-09-18: both changes end on the earlier day
    assert k["window"] == "2021-01-04 to 2026-08-21"
    assert k["dollar index last"] == 98.84 and k["USD/CNY last"] == 6.721
    assert k["USD/CNY change %"] > 0  # the yuan did weaken over this window
    assert c.title == ("Chart 6: 4 Jan 2021 to 21 Aug 2026: the dollar index +10.0%, "
                       "USD/CNY +4.0% (yuan weaker)")


@pytest.mark.parametrize(("start", "end"), [("2015-01-01", "2019-12-31"),
                                            ("2020-01-01", "2020-12-31"),
                                            ("2006-01-01", None)])
def test_fx_unusual_windows_draw(start, end, tmp_path):
    c = fx.usd_vs_cny(start=start, end=end, lang="en")
    assert c.data.index.min() >= T(start)
    # not the report's view: each title states its own window's changes
    if start == "2006-01-01":  # DXY 89.84 -> 98.84 while USD/CNY 8.07 -> 6.72
        assert c.title == ("Chart 6: 3 Jan 2006 to 21 Aug 2026: the dollar index +10.0%, "
                           "USD/CNY \u221216.7% (yuan stronger)")
    elif start == "2015-01-01":  # the yuan weakened
        assert c.title.endswith("USD/CNY +12.2% (yuan weaker)")
    else:  # the dollar fell
        assert "the dollar index \u22127.1%" in c.title
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        files = export.save(c, tmp_path, "en")
    csv = pd.read_csv(files["csv"], index_col="date", parse_dates=True)
    assert list(csv.columns) == ["dxy", "usd_cny"]
    if start == "2020-01-01":
        assert c.key_figures["dollar index change %"] == pytest.approx(-7.13, abs=0.01)


def test_fx_axes_share_one_percentage_scale():
    c = fx.usd_vs_cny(as_of="2021-11-16")
    left, right = c.fig.axes[0].get_ylim(), c.fig.axes[1].get_ylim()
    assert left[0] / 89.88 == pytest.approx(right[0] / 6.4601)
    assert left[1] / 89.88 == pytest.approx(right[1] / 6.4601)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"dollar_index": "DXY"}, "parameter 'dollar_index' must be one of ('dxy', 'broad')"),
    ({"lang": "de"}, "parameter 'lang' must be one of"),
    ({"end": "not a date"}, "parameter 'end' must be a date"),
    ({"start": "2021-06-01", "end": "2021-01-01"}, "parameter 'start' (2021-06-01) is after"),
    ({"start": "1990-01-01", "end": "1995-01-01"}, "fewer than two common trading days"),
    ({"start": "2021-11-20", "end": "2021-11-21"}, "fewer than two common trading days"),
])
def test_fx_bad_parameters_are_named(kwargs, message):
    with pytest.raises(ParameterError) as err:
        fx.usd_vs_cny(**kwargs)
    assert message in str(err.value)


# ---------------------------------------------------------------- the notebooks under papermill


@pytest.mark.parametrize(("notebook", "parameters", "expect"), [
    ("fig4_us_autos", {"as_of": "2021-11-16", "lang": "en"},
     "shortage sales trough month: 2021-09-01"),
    ("fig4_us_autos", {"start": "2015-01-01", "end": "2019-12-31", "sales": "light"},
     "sales window low month: 2019-04-01"),
    ("fig6_usd_cny", {"as_of": "2021-11-16", "dollar_index": "broad"},
     "dollar index change %: 2.97"),
    ("fig6_usd_cny", {"start": "2020-01-01", "end": "2020-12-31", "lang": "en"},
     "dollar index change %: -7.13"),
])
def test_notebooks_run_under_papermill(notebook, parameters, expect, tmp_path):
    import nbformat
    import papermill as pm

    from uschina.paths import REPO_DIR

    out = tmp_path / "out.ipynb"
    pm.execute_notebook(str(REPO_DIR / "notebooks" / f"{notebook}.ipynb"), str(out),
                        parameters=parameters | {"fig_dir": str(tmp_path / "fig")},
                        kernel_name="python3", progress_bar=False,
                        cwd=str(REPO_DIR / "notebooks"))
    printed = "".join(o.get("text", "") for c in nbformat.read(out, as_version=4).cells
                      if c.cell_type == "code" for o in c.get("outputs", []))
    assert expect in printed
    written = {p.name for p in (tmp_path / "fig").iterdir()}
    # the chart's own exports (the trend-analysis section adds its own files beside them)
    assert {f"{notebook}.{ext}" for ext in ("csv", "json", "png", "svg")} <= written


@pytest.mark.parametrize(("notebook", "parameters", "message"), [
    ("fig4_us_autos", {"sales": "trucks"}, "parameter 'sales' must be one of"),
    ("fig6_usd_cny", {"dollar_index": "euro"}, "parameter 'dollar_index' must be one of"),
])
def test_notebook_bad_parameter_stops_with_the_name(notebook, parameters, message, tmp_path):
    import papermill as pm

    from uschina.paths import REPO_DIR

    with pytest.raises(pm.PapermillExecutionError) as err:
        pm.execute_notebook(str(REPO_DIR / "notebooks" / f"{notebook}.ipynb"),
                            str(tmp_path / "out.ipynb"),
                            parameters=parameters | {"fig_dir": str(tmp_path)},
                            kernel_name="python3", progress_bar=False,
                            cwd=str(REPO_DIR / "notebooks"))
    assert "ParameterError" in str(err.value) and message in str(err.value)
