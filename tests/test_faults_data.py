"""Bad data never reaches the site, and every bad input is a named error.

Publishing: the data files are validated before the site's copy is replaced, so a bad file
leaves the previous good copy and catalog page in place and the run names file, line, problem.
Loading: ``uschina.load`` checks its parameters and refuses non-finite values and empty files.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_render_run import PLAIN, render, write_nb, write_plan
from test_render_run import frozen_lib as frozen_lib  # noqa: F401 - the fixture

from uschina import claims, datasets, params, style
from uschina.errors import (
    DataFileError,
    MetadataError,
    NotPublishedError,
    ParameterError,
    UnknownKeyError,
)


def _replace_line(path: Path, n: int, new: str | None) -> None:
    """Line ``n`` (1 = header) replaced by ``new``; None deletes it; "+" repeats it."""
    lines = path.read_text().splitlines()
    if new is None:
        del lines[n - 1]
    elif new == "+":
        lines.insert(n, lines[n - 1])
    else:
        lines[n - 1] = new
    path.write_text("\n".join(lines) + "\n")


def _value_line(path: Path, n: int, value: str) -> None:
    lines = path.read_text().splitlines()
    _replace_line(path, n, lines[n - 1].split(",")[0] + "," + value)


# (what is broken, how, what the error must say)
BAD = [
    ("duplicate date", lambda d: _replace_line(d / "us_cpi_yoy.csv", 5, "+"),
     ["us_cpi_yoy.csv", "line 6", "duplicate date"]),
    ("duplicate table row", lambda d: _replace_line(d / "nber_recessions.csv", 3, "+"),
     ["nber_recessions.csv", "line 4", "duplicate row"]),
    ("not a number", lambda d: _value_line(d / "us_cpi_yoy.csv", 8, "6,2"),
     ["us_cpi_yoy.csv", "cannot be read as CSV", "line 8"]),
    ("text for a number", lambda d: _value_line(d / "us_cpi_yoy.csv", 8, "n/a"),
     ["us_cpi_yoy.csv", "line 8", "expected a number, got 'n/a'"]),
    ("infinite value", lambda d: _value_line(d / "us_cpi_index.csv", 9, "inf"),
     ["us_cpi_index.csv", "line 9", "expected a finite number, got inf"]),
    ("deleted sidecar", lambda d: (d / "dxy.yaml").unlink(),
     ["dxy.csv: no metadata sidecar names it"]),
    ("header only", lambda d: (d / "usd_cny.csv").write_text("date,value\n"),
     ["usd_cny.csv", "line 2", "no data rows"]),
    ("empty file", lambda d: (d / "usd_cny.csv").write_text(""),
     ["usd_cny.csv", "cannot be read as CSV"]),
    ("deleted data file", lambda d: (d / "us_vehicle_sales.csv").unlink(),
     ["us_vehicle_sales.yaml", "us_vehicle_sales.csv, which does not exist"]),
    ("bad date", lambda d: _replace_line(d / "us_cpi_yoy.csv", 4, "1914-13-01,1.0"),
     ["us_cpi_yoy.csv", "line 4", "expected a date"]),
    ("missing row", lambda d: _replace_line(d / "us_cpi_yoy.csv", 30, None),
     ["us_cpi_yoy.csv", "line 30", "missing or extra period"]),
    ("broken sidecar", lambda d: (d / "dxy.yaml").write_text("key: dxy\nkind: [\n"),
     ["dxy.yaml", "not valid YAML"]),
]


@pytest.mark.usefixtures("frozen_lib")
def test_bad_data_leaves_the_published_copy_and_catalog_and_names_the_problem(
        tmp_path, data_copy, capsys):
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    write_nb(nbs / "plain.ipynb", PLAIN)
    plan, site = write_plan(nbs), tmp_path / "site"
    assert render(plan, site) == 0
    published = {p.name: p.read_bytes() for p in (site / "data").iterdir()}
    assert "us_cpi_yoy.csv" in published and "dxy.yaml" in published
    catalog = (site / "catalog.html").read_bytes()
    good = {p.name: p.read_bytes() for p in data_copy.iterdir() if p.is_file()}
    capsys.readouterr()

    for what, breaks, says in BAD:
        breaks(data_copy)
        assert render(plan, site) == 1, what
        err = capsys.readouterr().err
        assert "error: data not published" in err, what
        for text in says:
            assert text in err, (what, text, err)
        assert "keeps its previous copy of the data and catalog page" in err
        now = {p.name: p.read_bytes() for p in (site / "data").iterdir()}
        assert now == published, what
        assert (site / "catalog.html").read_bytes() == catalog, what
        assert not list(site.glob(".data-*")), what
        # put it right again
        for p in [p for p in data_copy.iterdir() if p.is_file()]:
            p.unlink()
        for name, data in good.items():
            (data_copy / name).write_bytes(data)

    # a good change is published, whole
    _value_line(data_copy / "us_cpi_yoy.csv", 8, "9.9")
    assert render(plan, site) == 0
    assert (site / "data" / "us_cpi_yoy.csv").read_bytes() == (
        data_copy / "us_cpi_yoy.csv").read_bytes()
    assert not list(site.glob(".data-*"))


# ---------------------------------------------------------------- load


@pytest.mark.parametrize(("kwargs", "says"), [
    ({"start": 2021}, "parameter 'start' must be a date string like '2021-11-16' or None, "
                      "got 2021 (int) (for the year 2021, write '2021-01-01')"),
    ({"end": 2021.5}, "parameter 'end' must be a date string"),
    ({"as_of": True}, "parameter 'as_of' must be a date string"),
    ({"start": "2021-13-01"}, "parameter 'start' must be a date like '2021-11-16' (YYYY-MM-DD) "
                              "or None, got '2021-13-01'"),
    ({"as_of": "yesterday"}, "parameter 'as_of' must be a date like"),
    ({"start": "2021-05-01", "end": "2020-01-01"},
     "parameter 'start' (2021-05-01) is after parameter 'end' (2020-01-01)"),
])
def test_load_names_a_bad_parameter(kwargs, says):
    with pytest.raises(ParameterError) as info:
        datasets.load("us_cpi_yoy", **kwargs)
    assert says in str(info.value)


def test_load_accepts_dates_in_every_usual_form():
    want = datasets.load("us_cpi_yoy", start="2021-01-01", end="2021-03-01")
    assert list(want.index.month) == [1, 2, 3]
    for start in (dt.date(2021, 1, 1), dt.datetime(2021, 1, 1), pd.Timestamp("2021-01-01"),
                  np.datetime64("2021-01-01")):
        got = datasets.load("us_cpi_yoy", start=start, end="2021-03-01")
        assert got.index.equals(want.index), start
    with pytest.raises(ParameterError, match="data key must be a name"):
        datasets.load(3)
    with pytest.raises(UnknownKeyError, match="unknown data key 'cpi'"):
        datasets.load("cpi")


def test_an_as_of_before_the_first_publication_is_empty_or_with_require_a_named_error():
    early = datasets.load("us_cpi_yoy", as_of="1900-01-01")  # nothing was known yet
    assert early.empty and early.attrs["key"] == "us_cpi_yoy"
    with pytest.raises(NotPublishedError) as info:
        datasets.load("us_cpi_yoy", as_of="1900-01-01", require=True)
    assert str(info.value) == (
        "us_cpi_yoy: nothing had been published by as_of=1900-01-01; its first value "
        "(1914-01-01) was published on 1914-02-13. Expected as_of on or after 1914-02-13, "
        "or None for all data")
    assert isinstance(info.value, ParameterError)
    # the day it came out, it is there
    assert len(datasets.load("us_cpi_yoy", as_of="1914-02-13", require=True)) == 1


def test_fig3_with_an_early_as_of_is_a_named_error():
    from uschina.charts import cpi

    with pytest.raises(NotPublishedError, match="as_of=1900-01-01"):
        cpi.us_cpi_yoy(as_of="1900-01-01")


def test_non_finite_and_empty_files_are_data_errors(data_copy):
    _value_line(data_copy / "us_cpi_index.csv", 9, "-inf")
    with pytest.raises(DataFileError, match=r"us_cpi_index.csv: line 9 \(date [0-9-]+\): "
                                            r"column 'value': expected a finite number, got -inf"):
        datasets.load("us_cpi_index")
    (data_copy / "usd_cny.csv").write_text("date,value\n")
    with pytest.raises(DataFileError, match=r"usd_cny.csv: line 2: no data rows under the "
                                            r"header \(date, value\)"):
        datasets.load("usd_cny")
    (data_copy / "nber_recessions.yaml").write_text("key: [\n")
    with pytest.raises(MetadataError, match="nber_recessions.yaml: not valid YAML"):
        datasets.load("nber_recessions")


def test_params_languages_match_the_style_module():
    assert params.LANGS == style.LANGS  # params keeps its own copy to stay light to import


# ---------------------------------------------------------------- claims


@pytest.mark.parametrize("as_of", ["1900-01-01", "1990-01-01", "2020-06-30", "2021-01-25",
                                   "2021-11-16", "2024-01-01"])
def test_check_claims_at_any_as_of_gives_verdicts_not_exceptions(as_of):
    t = claims.check(as_of=as_of)
    assert len(t) > 50 and set(t["verdict"]) <= set(claims.VERDICTS)
    early = t[t["verdict"] == claims.NOT_PUBLISHED]
    assert early["detail"].str.startswith("not yet published at as_of").all()
    if as_of <= "2020-06-30":
        t = t.set_index("id")
        # Biden took office in 2021: his approval claims were not yet published
        assert t.loc["biden_approval_42_5", "verdict"] == claims.NOT_PUBLISHED


def test_check_claims_cli_early_as_of_and_a_bad_date(capsys):
    from uschina.cli import main

    assert main(["check-claims", "--as-of", "2020-06-30"]) == 0
    out = capsys.readouterr().out
    assert "not yet published" in out
    assert main(["check-claims", "--as-of", "yesterday"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == ("uschina check-claims: error: parameter 'as_of' must be a date like "
                           "'2021-11-16' (YYYY-MM-DD) or None, got 'yesterday'")


def test_the_claim_summary_shows_not_yet_published_only_when_there_is_some():
    from uschina.claims import present

    assert claims.NOT_PUBLISHED not in present.summary(claims.check()).columns
    early = present.summary(claims.check(as_of="2020-06-30"))
    assert early.loc["total", claims.NOT_PUBLISHED] > 0
    assert "not yet published" in present.to_html(claims.check(as_of="2020-06-30"), "en")


def test_a_publish_killed_between_its_renames_is_undone(tmp_path):
    from uschina.render.publish_data import recover

    site = tmp_path / "site"
    (site / ".data-old-123").mkdir(parents=True)
    (site / ".data-old-123" / "x.csv").write_text("good")
    (site / ".data-new-123").mkdir()
    recover(site)
    assert (site / "data" / "x.csv").read_text() == "good"
    assert sorted(p.name for p in site.iterdir()) == ["data"]


def test_the_catalog_command_names_a_bad_file_in_one_line(data_copy, capsys):
    from uschina.cli import main

    _value_line(data_copy / "us_cpi_index.csv", 9, "inf")
    assert main(["catalog"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("uschina catalog: error: ")
    assert "us_cpi_index.csv: line 9" in err and "expected a finite number, got inf" in err
    assert "\n" not in err and "Traceback" not in err
