"""The render plan and parameter typing: no kernels, fast."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from uschina.errors import ParameterError
from uschina.paths import REPO_DIR
from uschina.render import parameters as P
from uschina.render import plan as plan_mod

PARAMS_CELL = '''\
code = "001"
n = 3
x = 1.5
flag = False
as_of = None  # "2021-11-16" gives the report's view
limit: int | None = None
names = ["a"]
lang = "zh"
fig_dir = None
'''


def write_nb(path: Path, params: str = PARAMS_CELL, body: str = "print(lang)",
             metadata: dict | None = None) -> Path:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(params)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell, nbformat.v4.new_code_cell(body)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    if metadata:
        nb.metadata["uschina"] = {"render": metadata}
    nbformat.write(nb, path)
    return path


@pytest.fixture
def nb(tmp_path) -> Path:
    return write_nb(tmp_path / "typed.ipynb")


def test_declared_types_come_from_defaults_and_annotations(nb):
    d = P.declared(nb)
    assert list(d) == ["code", "n", "x", "flag", "as_of", "limit", "names", "lang", "fig_dir"]
    assert (d["code"].type, d["n"].type, d["x"].type, d["flag"].type) == (
        "str", "int", "float", "bool")
    assert d["as_of"].type == "any" and d["as_of"].nullable
    assert d["limit"].type == "int" and d["limit"].nullable
    assert d["names"].type == "list"


def test_cli_values_take_the_declared_type(nb):
    d = P.declared(nb)
    assert P.coerce(d["code"], "001", nb) == "001"  # papermill's own -p would give 1
    assert P.coerce(d["n"], "007", nb) == 7
    assert P.coerce(d["x"], "2", nb) == 2.0 and isinstance(P.coerce(d["x"], "2", nb), float)
    assert P.coerce(d["flag"], "true", nb) is True
    assert P.coerce(d["flag"], "0", nb) is False
    assert P.coerce(d["as_of"], "2021-11-16", nb) == "2021-11-16"
    assert P.coerce(d["as_of"], "None", nb) is None
    assert P.coerce(d["as_of"], "null", nb) is None
    assert P.coerce(d["limit"], "12", nb) == 12
    assert P.coerce(d["names"], "[a, b]", nb) == ["a", "b"]
    assert P.coerce(d["lang"], "en", nb) == "en"


@pytest.mark.parametrize("name,raw,words", [
    ("n", "abc", ["'n'", "int", "whole number", "'abc'"]),
    ("n", "2.5", ["'n'", "int", "'2.5'"]),
    ("x", "two", ["'x'", "float", "'two'"]),
    ("flag", "maybe", ["'flag'", "true or false"]),
    ("limit", "many", ["'limit'", "int", "or None"]),
])
def test_bad_values_name_the_parameter(nb, name, raw, words):
    with pytest.raises(ParameterError) as err:
        P.coerce(P.declared(nb)[name], raw, nb)
    for w in words:
        assert w in str(err.value)


def test_parse_assignments():
    assert P.parse_assignments(["a=1", "b=x=y", "c="]) == {"a": "1", "b": "x=y", "c": ""}
    with pytest.raises(ParameterError, match="KEY=VALUE"):
        P.parse_assignments(["lang"])


PLAN = {
    "notebooks": ["*.ipynb"], "exclude": [], "overrides": {},
    "views": {"report": {"params": {"as_of": "2021-11-16"}, "langs": ["zh"]},
              "today": {"params": {"as_of": None}, "langs": ["zh", "en"]}},
}


def test_default_views_expand_to_report_zh_and_today_zh_en(nb, tmp_path):
    jobs = plan_mod.expand(PLAN, tmp_path / "render.yaml", [nb], {})
    assert [j.id for j in jobs] == ["typed/report_zh", "typed/today_zh", "typed/today_en"]
    assert jobs[0].params == {"as_of": "2021-11-16", "lang": "zh"}
    assert jobs[2].params == {"as_of": None, "lang": "en"}


def test_cli_params_override_the_plan_with_declared_types(nb, tmp_path):
    jobs = plan_mod.expand(PLAN, tmp_path / "render.yaml", [nb],
                           {"as_of": "2020-01-31", "code": "001", "n": "5"})
    assert {j.params["as_of"] for j in jobs} == {"2020-01-31"}
    assert jobs[0].params["code"] == "001" and jobs[0].params["n"] == 5


def test_unknown_and_reserved_parameters_are_refused(nb, tmp_path):
    with pytest.raises(ParameterError, match=r"unknown parameter 'colour' for typed.ipynb"):
        plan_mod.expand(PLAN, tmp_path / "render.yaml", [nb], {"colour": "red"})
    with pytest.raises(ParameterError, match="renderer sets"):
        plan_mod.expand(PLAN, tmp_path / "render.yaml", [nb], {"lang": "en"})
    bad = {**PLAN, "views": {"v": {"params": {"nope": 1}, "langs": ["zh"]}}}
    with pytest.raises(ParameterError, match=r"unknown parameter 'nope'.*view 'v'"):
        plan_mod.expand(bad, tmp_path / "render.yaml", [nb], {})


def test_notebook_metadata_and_plan_overrides_change_views(tmp_path):
    nb = write_nb(tmp_path / "special.ipynb", metadata={
        "extra_views": {"covid": {"params": {"as_of": "2020-06-30"}, "langs": ["en"]}},
        "params": {"n": 10},
    })
    plan = {**PLAN, "overrides": {"special.ipynb": {"params": {"n": 20}}}}
    jobs = plan_mod.expand(plan, tmp_path / "render.yaml", [nb], {})
    assert [j.slot for j in jobs] == ["report_zh", "today_zh", "today_en", "covid_en"]
    assert jobs[-1].params == {"as_of": "2020-06-30", "n": 20, "lang": "en"}  # plan wins
    skip = {**PLAN, "overrides": {"special.ipynb": {"skip": True}}}
    assert plan_mod.expand(skip, tmp_path / "render.yaml", [nb], {}) == []
    assert len(plan_mod.expand(skip, tmp_path / "render.yaml", [nb], {},
                               honour_skip=False)) == 4


def test_the_default_plan_renders_every_notebook_in_three_jobs():
    path = REPO_DIR / "notebooks" / "render.yaml"
    plan = plan_mod.load_plan(path)
    notebooks = plan_mod.select_notebooks(plan, path, [])
    assert REPO_DIR / "notebooks" / "fig3_us_cpi.ipynb" in notebooks
    assert len(notebooks) == len(list((REPO_DIR / "notebooks").glob("*.ipynb")))
    jobs = plan_mod.expand(plan, path, [REPO_DIR / "notebooks" / "fig3_us_cpi.ipynb"], {})
    assert [(j.slot, j.params.get("as_of")) for j in jobs] == [
        ("report_zh", "2021-11-16"), ("today_zh", None), ("today_en", None)]


def test_a_broken_plan_names_the_file_and_field(tmp_path):
    path = tmp_path / "render.yaml"
    path.write_text("notebooks: ['*.ipynb']\nviewz: {}\n")
    with pytest.raises(ParameterError, match=r"render.yaml: unknown field 'viewz'"):
        plan_mod.load_plan(path)
