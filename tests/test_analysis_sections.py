"""The analysis sections added for 图表1 and the holdings projection."""

from __future__ import annotations

import pandas as pd
import pytest

from uschina.analysis import exchanges, holdings


def test_exchanges_monthly_counts_and_trend():
    counts = exchanges.monthly_counts()
    assert counts.sum() == 20
    assert counts["2021-04-01"] == 0  # no exchange in April: kept as a zero month
    assert counts["2021-10-01"] == 4
    a = exchanges.exchanges_trend(lang="en")
    assert a.key_figures["mean per month, Sep on"] == pytest.approx(10 / 3)
    assert a.key_figures["mean per month, Feb-Aug"] == pytest.approx(10 / 7)
    assert a.key_figures["trend, exchanges per month per month"] > 0


def test_exchanges_as_of_cuts_the_months():
    counts = exchanges.monthly_counts(as_of="2021-07-01")
    assert counts.index[-1] == pd.Timestamp("2021-07-01")
    assert counts.sum() == 7  # the exchanges up to 11 June (July's starts on the 25th)


def test_holdings_projection_widens_and_starts_after_the_data():
    a = holdings.holdings_trend(lang="zh")
    proj = a.tables["projection"]
    assert proj.index[0] == pd.Timestamp("2026-08-01") and len(proj) == 24
    width = proj["upper"] - proj["lower"]
    assert width.is_monotonic_increasing
    assert a.key_figures["peak"] == "1,316.7 in 2013-11"
