"""Re-execute notebooks with their default parameters and keep only the nbval-checked outputs.

Cells whose source contains ``# NBVAL_CHECK_OUTPUT`` keep their outputs (marked with
``keep_output`` metadata, which nbstripout honours); every other output, execution count and
volatile metadata is stripped, so notebook diffs stay small. Run after changing data or code:

    .venv/bin/python tools/refresh_notebooks.py [notebooks/NAME.ipynb ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbstripout import strip_output

REPO = Path(__file__).resolve().parents[1]
MARK = "# NBVAL_CHECK_OUTPUT"


def refresh(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if MARK in cell.source:
            cell.metadata["keep_output"] = True
        else:
            cell.metadata.pop("keep_output", None)
    # nbval skips a cell with outputs but no execution count, so kept cells keep theirs
    strip_output(nb, keep_output=None, keep_count=True, keep_id=True,
                 extra_keys=["metadata.widgets", "cell.metadata.execution"])
    for cell in nb.cells:
        if cell.cell_type == "code" and not cell.metadata.get("keep_output"):
            cell.execution_count = None
    nb.metadata.pop("papermill", None)
    nbformat.write(nb, path)
    print(f"refreshed {path.relative_to(REPO)}")


def main(argv: list[str]) -> None:
    paths = [Path(a).resolve() for a in argv] or sorted((REPO / "notebooks").glob("*.ipynb"))
    for p in paths:
        refresh(p)


if __name__ == "__main__":
    main(sys.argv[1:])
