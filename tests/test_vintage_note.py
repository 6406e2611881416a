"""Issue 16: a view of the past says what its values are. Where an earlier published value is
kept (data/vintages), the view uses it and says "as published then"; elsewhere the stamp says
the values are the latest revisions. Today's view needs no such note."""

from __future__ import annotations

import doctest

import matplotlib
import pandas as pd
import pytest

from uschina import datasets
from uschina.charts import common, cpi, treasuries
from uschina.charts.common import Through, last_drawn, through_text, vintage_note

matplotlib.use("Agg")


def _source_line(chart) -> str:
    return chart.fig.texts[-1].get_text().replace("\n", "")


@pytest.mark.parametrize(("lang", "note"), [("zh", "数据截至 2021年10月；数值为最新修订值"),
                                            ("en", "Data through Oct 2021; values are the "
                                                   "latest revisions")])
def test_the_reports_view_of_a_revised_series_says_latest_revision(lang, note):
    chart = cpi.us_cpi_yoy(as_of="2021-11-16", lang=lang)
    assert note in _source_line(chart)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_todays_view_has_no_vintage_note(lang):
    line = _source_line(cpi.us_cpi_yoy(lang=lang))
    assert "修订" not in line and "revision" not in line and "published then" not in line


def test_a_view_served_from_kept_vintages_says_where_values_are_as_published():
    # TIC's first prints of Oct and Nov 2025 (688.7, 682.6) are kept; the other months and
    # Japan's series are today's revisions
    china = datasets.load("china_ust_holdings", as_of="2026-01-20")
    assert china.attrs["published"] == {"2025-10-01": "2025-12-18", "2025-11-01": "2026-01-15"}
    assert china.attrs["vintage"] == "as published on 2026-01-20 where kept, else latest revision"
    assert china.loc["2025-11-01", "value"] == 682.6
    t = last_drawn(china_ust_holdings=china)
    assert through_text(t, "zh") == ("数据截至 2025年11月；中国（大陆）持有美国国债有存档处为当时"
                                     "公布值，其余为最新修订值")
    line = treasuries.ust_holdings(as_of="2026-01-20", lang="en").fig.texts[-1].get_text()
    assert "as published then where kept, other values the latest revisions" in " ".join(
        line.split())
    # every value drawn as published: the short form
    full = Through({"china_ust_holdings": pd.Timestamp("2025-11-01")}, as_of="2026-01-20",
                   vintages={"china_ust_holdings": "as published on 2026-01-20"})
    assert vintage_note(full, "en") == "; values as published then"


def test_a_vintage_folder_alone_does_not_make_values_as_published():
    # in 2021 no kept first print applies: the holdings shown are today's revisions
    china = datasets.load("china_ust_holdings", as_of="2021-11-16")
    assert china.attrs["vintage"] == "latest revision" and china.attrs["published"] == {}
    line = _source_line(treasuries.ust_holdings(as_of="2021-11-16", lang="zh"))
    assert "数值为最新修订值" in line and "当时公布值" not in line


def test_through_stays_a_date_mapping():
    t = last_drawn(us_cpi_yoy=datasets.load("us_cpi_yoy", as_of="2021-11-16"))
    assert t == {"us_cpi_yoy": pd.Timestamp("2021-10-01")} and t.as_of == "2021-11-16"
    t["extra"] = pd.Timestamp("2021-09-01")  # added by hand: counts as the latest revision
    assert vintage_note(t, "zh") == "；数值为最新修订值"
    assert vintage_note({"us_cpi_yoy": pd.Timestamp("2021-10-01")}, "en") == ""  # no view date
    assert vintage_note(Through({}, as_of="2021-11-16"), "en") == ""  # nothing drawn


def test_the_shared_helpers_examples_are_true():
    # the Examples sections of charts.common are run: a wrong example fails here
    result = doctest.testmod(common, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 15 and result.failed == 0
