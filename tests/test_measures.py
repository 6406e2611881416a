from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import uschina
from uschina import measures


def test_october_2021_is_the_highest_since_november_1990():
    yoy = uschina.load("us_cpi_yoy")
    since = measures.highest_since(yoy, "2021-10-01")
    assert since == measures.Point(pd.Timestamp("1990-11-01"), 6.3)
    # June 2022 (9.1%) is the highest since November 1981 (9.6%)
    assert measures.highest_since(yoy, "2022-06-01").date == pd.Timestamp("1981-11-01")


def test_peak_trough_latest_skip_gaps():
    s = pd.Series([1.0, 5.0, None, 2.0], index=pd.date_range("2020-01-01", periods=4, freq="MS"))
    assert measures.peak(s) == measures.Point(pd.Timestamp("2020-02-01"), 5.0)
    assert measures.trough(s).value == 1.0
    assert measures.latest(s).date == pd.Timestamp("2020-04-01")
    assert measures.pct_change(s) == pytest.approx(100.0)
    with pytest.raises(ValueError, match="no values"):
        measures.peak(s.iloc[2:3])


@given(st.lists(st.floats(-100, 100), min_size=2, max_size=40))
def test_highest_since_is_the_last_earlier_value_at_least_as_high(values):
    s = pd.Series(values, index=pd.date_range("2000-01-01", periods=len(values), freq="MS"))
    last = s.index[-1]
    got = measures.highest_since(s, last)
    earlier = s.iloc[:-1]
    higher = earlier[earlier >= s.iloc[-1]]
    if higher.empty:
        assert got is None
    else:
        assert got.date == higher.index[-1]
        assert (s[got.date:].iloc[1:-1] < s.iloc[-1]).all()


def test_lowest_since_2008_for_china_holdings():
    s = uschina.load("china_ust_holdings")["value"]
    assert measures.lowest_since(s, "2025-12-01") == measures.Point(pd.Timestamp("2008-09-01"),
                                                                   618.2)
