"""Re-execute notebooks with their default parameters and keep only the nbval-checked outputs.

Cells whose source contains ``# NBVAL_CHECK_OUTPUT`` keep their outputs; every other output,
execution count and per-run metadata is stripped by the same normalisation as the git filter
(:mod:`uschina.nbclean`), so a refreshed notebook is exactly what git would commit. Run after
changing data or code:

    .venv/bin/python tools/refresh_notebooks.py [notebooks/NAME.ipynb ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from uschina.nbclean import clean

REPO = Path(__file__).resolve().parents[1]


def refresh(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    # "python3" is this interpreter's own kernel: refreshing needs no registered kernelspec
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(clean(nb), path)
    print(f"refreshed {path.relative_to(REPO)}")


def main(argv: list[str]) -> None:
    paths = [Path(a).resolve() for a in argv] or sorted((REPO / "notebooks").glob("*.ipynb"))
    for p in paths:
        refresh(p)


if __name__ == "__main__":
    main(sys.argv[1:])
