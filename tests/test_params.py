from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from uschina import params
from uschina.errors import ParameterError


def test_defaults_and_derived_fig_dir():
    p = params.check(start="1990-01-01", end=None, as_of="2021-11-16", lang="zh", name="x")
    assert p.start == pd.Timestamp("1990-01-01") and p.end is None
    assert p.as_of == pd.Timestamp("2021-11-16")
    assert p.fig_dir.parts[-3:] == ("figures", "x", "as_of_2021-11-16_zh")
    assert params.check(fig_dir="out", name="x").fig_dir == Path("out")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lang": "fr"}, r"parameter 'lang' must be one of \('zh', 'en'\), got 'fr'"),
        ({"start": "2022-01-01", "end": "2021-01-01"},
         r"parameter 'start' \(2022-01-01\) is after parameter 'end' \(2021-01-01\)"),
        ({"start": "2021-13-45"}, r"parameter 'start' must be a date like '2021-11-16'"),
        ({"as_of": "yesterday-ish"}, r"parameter 'as_of' must be a date"),
        ({"end": 2021}, r"parameter 'end' must be a date string"),
        ({"fig_dir": 3}, r"parameter 'fig_dir' must be a folder path"),
    ],
)
def test_bad_parameters_are_named(kwargs, message):
    with pytest.raises(ParameterError, match=message):
        params.check(name="x", **kwargs)


def test_choice_and_int_checks():
    assert params.check_choice("dollar_index", "dxy", ("dxy", "broad")) == "dxy"
    with pytest.raises(ParameterError, match="parameter 'dollar_index' must be one of"):
        params.check_choice("dollar_index", "DXY", ("dxy", "broad"))
    with pytest.raises(ParameterError, match="whole number"):
        params.check_int("window", "60")
    with pytest.raises(ParameterError, match="between 2 and 10"):
        params.check_int("window", 11, 2, 10)
