"""The git "clean" filter for notebooks: what is committed is the notebook minus its run.

``make install`` registers it (``git config filter.nbclean.clean``) and ``.gitattributes``
applies it to ``*.ipynb``, so running and saving a notebook leaves ``git status`` clean unless
its cells or metadata were really changed. It is nbstripout's ``strip_output`` plus three
normalisations that nbstripout leaves to the user:

- cells marked ``# NBVAL_CHECK_OUTPUT`` keep their outputs (``keep_output`` metadata, which
  nbstripout honours) and an execution count, which nbval needs to compare them. The count is
  the cell's position among code cells, i.e. what a fresh "Run All" gives, so re-running a
  cell twice does not change the file;
- the kernelspec is the project kernel's and ``language_info`` (Python version, lexer) is
  dropped: neither depends on the notebook, only on the machine that ran it;
- papermill's and JupyterLab's per-run metadata (``papermill``, ``execution``, ``widgets``,
  collapsed/scrolled view state) go too.

The same cleaning runs when JupyterLab saves (:func:`pre_save_hook`), so that the file on
disk is already what git stores.

Usage as a filter: ``python -m uschina.nbclean < in.ipynb > out.ipynb``; with file arguments
it cleans the files in place (``python -m uschina.nbclean notebooks/*.ipynb``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbstripout import strip_output

MARK = "# NBVAL_CHECK_OUTPUT"
KERNEL_NAME = "uschina"
KERNEL_DISPLAY_NAME = "Python (uschina)"
KERNELSPEC = {"display_name": KERNEL_DISPLAY_NAME, "language": "python", "name": KERNEL_NAME}
EXTRA_KEYS = [
    "metadata.language_info", "metadata.papermill", "metadata.widgets", "metadata.signature",
    "metadata.toc", "metadata.varInspector",
    "cell.metadata.papermill", "cell.metadata.execution", "cell.metadata.collapsed",
    "cell.metadata.scrolled", "cell.metadata.ExecuteTime", "cell.metadata.jupyter",
    "cell.metadata.trusted",
]


def clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Strip ``nb`` in place (see the module docstring) and return it."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if isinstance(cell.source, list):  # the on-disk JSON form, as a save hook gets it
            cell.source = "".join(cell.source)
        if MARK in cell.source:
            cell.metadata["keep_output"] = True
        else:
            cell.metadata.pop("keep_output", None)
    strip_output(nb, keep_output=None, keep_count=True, keep_id=True, extra_keys=EXTRA_KEYS)
    ordinal = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        ordinal += 1
        kept = bool(cell.metadata.get("keep_output"))
        cell.execution_count = ordinal if kept else None
        for out in cell.outputs:
            if "execution_count" in out:
                out["execution_count"] = ordinal
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    return nb


def pre_save_hook(model: dict, **kwargs) -> None:
    """JupyterLab's save hook (``ContentsManager.pre_save_hook``): save notebooks clean.

    The git filter alone keeps the outputs out of commits, but git compares file sizes before
    it runs a filter, so a notebook saved with its outputs shows as modified in ``git status``
    (with an empty ``git diff``). Saving the cleaned notebook avoids that; the outputs stay
    on screen until the notebook is closed. ``make install`` enables it for the project's
    JupyterLab (``.venv/etc/jupyter/jupyter_server_config.json``).
    """
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    model["content"] = clean(nbformat.from_dict(model["content"]))


def clean_text(text: str) -> str:
    nb = nbformat.reads(text, as_version=nbformat.NO_CONVERT)
    out = nbformat.writes(clean(nb))
    return out if out.endswith("\n") else out + "\n"


def main(argv: list[str]) -> int:
    if not argv:
        # bytes in and out: a git filter must not depend on the locale's encoding
        sys.stdout.buffer.write(clean_text(sys.stdin.buffer.read().decode("utf-8")).encode())
        return 0
    for name in argv:
        path = Path(name)
        text = path.read_text(encoding="utf-8")
        new = clean_text(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
