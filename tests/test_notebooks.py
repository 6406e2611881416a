"""Notebook hygiene and structure, parameter errors under papermill, nbval catching an edit."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from uschina import nbclean
from uschina.paths import REPO_DIR

NOTEBOOKS = sorted((REPO_DIR / "notebooks").glob("*.ipynb"))
CHART_NOTEBOOKS = [p for p in NOTEBOOKS if p.stem != "claims"]
MARK = "# NBVAL_CHECK_OUTPUT"
# the gallery order of PLAN/README: the claim check, 图表1-6, the 2026 topics, Phase One
ORDER = {"claims": 0, "fig1_exchanges": 1, "fig2_approval": 2, "fig3_us_cpi": 3,
         "fig4_us_autos": 4, "fig5_us_covid": 5, "fig6_usd_cny": 6, "ust_holdings": 7,
         "federal_debt": 8, "rare_earths": 9, "phase_one": 10}
NO_WINDOW = {"claims", "rare_earths"}  # no start/end: passing them is refused


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def _tags(cell) -> list[str]:
    return cell.metadata.get("tags", [])


def _chinese_share(text: str) -> float:
    """Share of Chinese in prose: hanzi against words (≈ 4 Latin letters), code and quotes aside."""
    text = re.sub(r"`[^`]*`|“[^”]*”", "", text)
    cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
    latin = len(re.findall(r"[A-Za-z]", text)) / 4
    return cjk / (cjk + latin) if cjk + latin else 0.0


def test_notebooks_are_all_here():
    assert {p.stem for p in NOTEBOOKS} == set(ORDER)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_clean_and_parameterized(path):
    text = path.read_text(encoding="utf-8")
    assert nbclean.clean_text(text) == text, "not normalised: run tools/refresh_notebooks.py"
    nb = _read(path)
    assert nb.metadata["kernelspec"] == nbclean.KERNELSPEC
    assert "language_info" not in nb.metadata
    tagged = [c for c in nb.cells if "parameters" in _tags(c)]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters'"
    src = "\n" + tagged[0].source
    for name in ("as_of", "lang", "fig_dir"):
        assert f"\n{name} = " in src, f"parameter {name!r} missing"
    for name in ("start", "end"):
        assert (f"\n{name} = " in src) == (path.stem not in NO_WINDOW), name
    checked = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if MARK in cell.source:
            checked += 1
            assert "remove-cell" in _tags(cell), "checked cells are not for readers"
            assert cell.outputs, f"checked cell without stored output: {cell.source[:60]!r}"
            assert cell.execution_count is not None
            for out in cell.outputs:  # nothing nondeterministic or binary in compared cells
                assert out.output_type in ("stream", "execute_result"), out.output_type
                assert out.get("name") != "stderr"
        else:
            assert not cell.outputs, f"unchecked cell keeps outputs: {cell.source[:60]!r}"
            assert cell.execution_count is None
    assert checked >= 1, "no nbval-checked cell"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_titles_and_bilingual_prose(path):
    nb = _read(path)
    zh, en = nb.cells[0], nb.cells[1]
    assert (zh.cell_type, en.cell_type) == ("markdown", "markdown")
    assert _tags(zh) == ["lang-zh"] and _tags(en) == ["lang-en"]
    assert zh.source.startswith("# ") and en.source.startswith("# ")
    meta = nb.metadata["uschina"]
    assert meta["title"] == {"zh": zh.source[2:].strip(), "en": en.source[2:].strip()}
    assert meta["order"] == ORDER[path.stem]
    number = re.match(r"fig(\d)_", path.stem)
    if number:
        assert zh.source.startswith(f"# 图表{number[1]}："), zh.source
        assert en.source.startswith(f"# Figure {number[1]}: "), en.source
    cells = nb.cells
    for i, cell in enumerate(cells):
        if cell.cell_type != "markdown":
            continue
        tags = _tags(cell)
        assert ("lang-zh" in tags) != ("lang-en" in tags), f"prose cell {i} needs one lang tag"
        if "lang-zh" in tags:  # each Chinese cell is followed by its English counterpart
            nxt = cells[i + 1]
            assert nxt.cell_type == "markdown" and "lang-en" in _tags(nxt), f"cell {i}"
            assert cell.source.lstrip("#").split("\n")[0].count("#") == 0
            assert cell.source[:3].count("#") == nxt.source[:3].count("#"), "same heading level"
            assert _chinese_share(cell.source) > 0.6, cell.source[:80]
            assert _chinese_share(nxt.source) < 0.3, nxt.source[:80]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_code_cells_can_be_rerun_and_read(path):
    nb = _read(path)
    code = [c for c in nb.cells if c.cell_type == "code"]
    setup = code[1]
    assert "parameters" in _tags(code[0])
    assert "notebook.setup()" in setup.source and "remove-cell" in _tags(setup)
    everything = "\n".join(c.source for c in code)
    assert "%load_ext" not in everything and "%autoreload" not in everything
    # a topic module imported under its own name would be shadowed by the other package's
    bare = re.findall(r"^from uschina\.(?:charts|analysis) import (\w+)$", everything, re.M)
    assert not bare, f"import chart/analysis modules under distinct names: {bare}"
    for cell in code:
        if "export.save(" in cell.source or ".to_csv(" in cell.source:
            assert "remove-cell" in _tags(cell), cell.source[:60]
    if path.stem in NO_WINDOW:
        assert 'refuse_parameters(globals(), ["start", "end"]' in setup.source
    if path in CHART_NOTEBOOKS:
        assert any(c.source.startswith("chart.highlights_frame()") for c in code)
        assert any(c.source.strip() == "chart.data" for c in code)
        assert any(c.source.strip() == "chart.sources" for c in code)
        assert any("notebook.sources_frame(chart.sources" in c.source for c in code)
        heads = [c.source for c in nb.cells if c.cell_type == "markdown"]
        assert any(h.startswith("## 数据与来源") for h in heads[-6:])
        assert any(h.startswith("## Data & sources") for h in heads[-6:])


def _papermill(tmp_path, notebook: str, **parameters):
    import papermill as pm

    # "python3": this interpreter, so the test needs no registered kernelspec
    return pm.execute_notebook(
        str(REPO_DIR / "notebooks" / notebook), str(tmp_path / "out.ipynb"),
        parameters={"fig_dir": str(tmp_path), **parameters}, kernel_name="python3",
        progress_bar=False, cwd=str(REPO_DIR / "notebooks"),
    )


def _error_outputs(path: Path) -> list:
    nb = _read(path)
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
            if o.output_type == "error"]


def test_bad_parameter_stops_papermill_with_one_clear_line(tmp_path):
    import papermill as pm

    with pytest.raises(pm.PapermillExecutionError) as err:
        _papermill(tmp_path, "fig3_us_cpi.ipynb", lang="fr")
    assert err.value.ename == "ParameterError"
    assert "parameter 'lang' must be one of ('zh', 'en'), got 'fr'" in str(err.value)
    (error,) = _error_outputs(tmp_path / "out.ipynb")
    assert len(error.traceback) == 1, error.traceback  # the message, not a traceback
    line = re.sub(r"\x1b\[[0-9;]*m", "", error.traceback[0])
    assert line == "ParameterError: parameter 'lang' must be one of ('zh', 'en'), got 'fr'"


def test_a_parameter_the_notebook_does_not_take_is_refused(tmp_path):
    import papermill as pm

    with pytest.raises(pm.PapermillExecutionError) as err:
        _papermill(tmp_path, "rare_earths.ipynb", start="2020-01-01")
    assert err.value.ename == "ParameterError"
    assert "parameter 'start' does not apply to this notebook" in err.value.evalue


def test_setup_in_ipython_is_quiet_and_shortens_only_uschina_errors(capsys):
    from IPython.core.interactiveshell import InteractiveShell

    ip = InteractiveShell.instance()
    try:
        for _ in range(2):  # the second run would print "already loaded" with %load_ext
            assert ip.run_cell("from uschina import notebook\nnotebook.setup()").success
        assert capsys.readouterr().out == ""
        assert {"autoreload", "IPython.extensions.autoreload"} & ip.extension_manager.loaded

        result = ip.run_cell("from uschina.errors import ParameterError\n"
                             "def f():\n    raise ParameterError('parameter x must be 1, got 2')\n"
                             "f()")
        assert isinstance(result.error_in_exec, Exception)  # still a failed cell
        out = re.sub(r"\x1b\[[0-9;]*m", "", capsys.readouterr().out).strip()
        assert out == "ParameterError: parameter x must be 1, got 2"

        assert not ip.run_cell("1 / 0").success  # a bug keeps its traceback
        out = re.sub(r"\x1b\[[0-9;]*m", "", capsys.readouterr().out)
        assert "Traceback (most recent call last)" in out and out.count("\n") > 3
        assert "ZeroDivisionError: division by zero" in out
    finally:
        ip.set_custom_exc((), None)
        InteractiveShell.clear_instance()


def _nbval(notebook: Path, data_dir: Path) -> subprocess.CompletedProcess:
    env = os.environ | {"USCHINA_DATA_DIR": str(data_dir), "USCHINA_CACHE": "0"}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-current-env", "-q",
         "-p", "no:cacheprovider", "-p", "no:xdist", str(notebook)],
        cwd=REPO_DIR, env=env, capture_output=True, text=True, timeout=300,
    )


def test_editing_a_curated_cpi_value_fails_nbval(data_copy):
    notebook = REPO_DIR / "notebooks" / "fig3_us_cpi.ipynb"
    assert _nbval(notebook, data_copy).returncode == 0  # the copy itself passes
    path = data_copy / "us_cpi_yoy.csv"
    path.write_text(path.read_text().replace("2022-06-01,9.1", "2022-06-01,9.2", 1))
    result = _nbval(notebook, data_copy)
    assert result.returncode == 1, result.stdout[-2000:]
    assert "9.2" in result.stdout and "9.1" in result.stdout
