"""After "Run All", every code cell can be re-run, in any order: here last to first, one kernel.

This is what broke when ``from uschina.charts import cpi`` was later shadowed by
``from uschina.analysis import cpi``: re-running the chart cell raised AttributeError.
One test per notebook, so pytest-xdist can spread them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from nbclient import NotebookClient
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook

from uschina.paths import REPO_DIR

NOTEBOOKS = sorted((REPO_DIR / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_cell_reruns_last_to_first_after_run_all(path: Path, tmp_path):
    nb = load_notebook_node(str(path))  # papermill's reader: adds the metadata it expects
    # exports go to a temporary folder, as the renderer's fig_dir does
    nb = parameterize_notebook(nb, {"fig_dir": str(tmp_path)}, kernel_name="python3",
                               language="python")
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    with client.setup_kernel():
        for i in code:  # Run All; a failing cell raises CellExecutionError
            client.execute_cell(nb.cells[i], i)
        for i in reversed(code):
            client.execute_cell(nb.cells[i], i)
    errors = [o for i in code for o in nb.cells[i].outputs if o.output_type == "error"]
    assert not errors
    assert any(tmp_path.iterdir()), "the exports went elsewhere"
