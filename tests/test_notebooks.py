"""Notebook hygiene, parameter errors under papermill, and nbval catching an edited value."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from uschina.paths import REPO_DIR

NOTEBOOKS = sorted((REPO_DIR / "notebooks").glob("*.ipynb"))
MARK = "# NBVAL_CHECK_OUTPUT"


def _read(path: Path):
    return nbformat.read(path, as_version=4)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_clean_and_parameterized(path):
    nb = _read(path)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters'"
    src = tagged[0].source
    for name in ("start", "end", "as_of", "lang", "fig_dir"):
        assert f"\n{name} = " in "\n" + src, f"parameter {name!r} missing"
    checked = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if MARK in cell.source:
            checked += 1
            assert cell.outputs, f"checked cell without stored output: {cell.source[:60]!r}"
            assert cell.execution_count is not None
            for out in cell.outputs:  # nothing nondeterministic or binary in compared cells
                assert out.output_type in ("stream", "execute_result"), out.output_type
                assert out.get("name") != "stderr"
        else:
            assert not cell.outputs, f"unchecked cell keeps outputs: {cell.source[:60]!r}"
    assert checked >= 1, "no nbval-checked cell"


def test_bad_parameter_stops_papermill_with_a_clear_message(tmp_path):
    import papermill as pm

    with pytest.raises(pm.PapermillExecutionError) as err:
        pm.execute_notebook(
            str(REPO_DIR / "notebooks" / "fig3_us_cpi.ipynb"), str(tmp_path / "out.ipynb"),
            parameters={"lang": "fr", "fig_dir": str(tmp_path)}, kernel_name="python3",
            progress_bar=False, cwd=str(REPO_DIR / "notebooks"),
        )
    assert "ParameterError" in str(err.value)
    assert "parameter 'lang' must be one of ('zh', 'en'), got 'fr'" in str(err.value)


def _nbval(notebook: Path, data_dir: Path) -> subprocess.CompletedProcess:
    env = os.environ | {"USCHINA_DATA_DIR": str(data_dir)}
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
