"""Running a notebook and saving it leaves `git status` clean: the nbclean filter at work."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from uschina.paths import REPO_DIR

NAME = "fig3_us_cpi.ipynb"


@pytest.fixture
def repo(tmp_path):
    """A git repository holding one notebook and the project's git attributes, with the
    filter configured as `make install` does (this interpreter instead of .venv/bin/python)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    (root / "notebooks").mkdir(parents=True)
    shutil.copy(REPO_DIR / ".gitattributes", root)
    shutil.copy(REPO_DIR / ".gitignore", root)  # .ipynb_checkpoints/
    shutil.copy(REPO_DIR / "notebooks" / NAME, root / "notebooks")
    git = _git(root)
    git("init", "-q")
    git("config", "user.email", "test@example.invalid")
    git("config", "user.name", "test")
    git("config", "filter.nbclean.clean", f"{shlex.quote(sys.executable)} -m uschina.nbclean")
    git("config", "filter.nbclean.smudge", "cat")
    git("add", ".")
    git("commit", "-qm", "notebook")
    return root


def _git(root):
    def run(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                              text=True).stdout
    return run


def _run(path):
    """What a person does in JupyterLab: run every cell (outputs, counts, timings, the
    kernel's language_info all end up in the notebook)."""
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(REPO_DIR / "notebooks")}}).execute()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    return nb


def _lab_contents_manager(root):
    """JupyterLab's contents manager with the project's server config (`make install`
    copies etc/jupyter/jupyter_server_config.json into .venv/etc/jupyter/)."""
    from jupyter_server.services.contents.largefilemanager import LargeFileManager

    config = json.loads((REPO_DIR / "etc/jupyter/jupyter_server_config.json").read_text())
    return LargeFileManager(root_dir=str(root), **config["ContentsManager"])


def test_run_and_save_in_jupyterlab_leaves_git_status_clean(repo):
    git = _git(repo)
    nb = _run(repo / "notebooks" / NAME)
    cm = _lab_contents_manager(repo)
    cm.save({"type": "notebook", "format": "json", "content": json.loads(nbformat.writes(nb))},
            f"notebooks/{NAME}")
    assert git("status", "--porcelain") == "", git("diff")[:3000]

    nb.cells[2].source += "\n\nA sentence the person added."  # a real change is seen
    cm.save({"type": "notebook", "format": "json", "content": json.loads(nbformat.writes(nb))},
            f"notebooks/{NAME}")
    assert git("status", "--porcelain").split() == ["M", f"notebooks/{NAME}"]
    added, deleted = map(int, git("diff", "--numstat").split()[:2])
    assert added + deleted <= 4, git("diff")  # that edit and nothing else
    assert "A sentence the person added." in git("diff")


def test_a_notebook_saved_with_outputs_by_another_tool_commits_clean(repo):
    """Without the save hook (another editor): the git filter keeps the run out of commits."""
    git = _git(repo)
    path = repo / "notebooks" / NAME
    committed = path.read_bytes()
    nbformat.write(_run(path), path)
    saved = path.read_text(encoding="utf-8")
    assert '"image/png"' in saved and '"language_info"' in saved  # the file did change
    assert git("diff", "--numstat") == ""  # git sees no change in content
    git("add", ".")
    assert git("status", "--porcelain") == ""
    assert git("show", f"HEAD:notebooks/{NAME}").encode() == committed
