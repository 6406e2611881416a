"""The Chart object as a notebook shows it."""

from __future__ import annotations

from uschina.charts import cpi


def test_highlights_table_has_one_heading_row():
    chart = cpi.us_cpi_yoy(as_of="2021-11-16", lang="zh")
    frame = chart.highlights_frame()
    html = frame.to_html()
    assert html.count("<tr", 0, html.index("</thead>")) == 1  # "要点 | 数值" on one row
    assert list(frame.columns) == ["数值"] and frame.columns.name == "要点"
    assert frame.loc["2021年10月 CPI 同比", "数值"] == "6.2%"
