"""A full disk or a read-only site: one clear line, the previous pages untouched, no temp files.

ENOSPC is injected where the renderer writes (always runs); the same cases on a real, small
tmpfs (filled up, or remounted read-only) run where this process may mount (root in CI).
"""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import threading
from pathlib import Path

import pytest
from test_render_run import PLAIN, render, write_nb, write_plan
from test_render_run import frozen_lib as frozen_lib  # noqa: F401 - the fixture

from uschina.render import state as state_mod
from uschina.render import worker
from uschina.render.state import read_jobs


def _snapshot(site: Path) -> dict[str, bytes]:
    """The site's visible files (pages, figures, notebooks, gallery, data), but the catalog
    pages: ``--force`` rebuilds them from the same data beside the jobs (a new date line)."""
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and not p.name.startswith("catalog")
            and not any(part.startswith(".") for part in p.relative_to(site).parts)}


def _leftovers(site: Path) -> list[str]:
    found = [p for p in site.rglob("*") if p.name.endswith(".tmp") or ".failed." in p.name
             or p.name.startswith((".staging", ".old-", ".data-"))]
    return sorted(str(p.relative_to(site)) for p in found)


def _three(tmp_path: Path) -> tuple[Path, Path]:
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    for name in ("a", "b", "c"):
        write_nb(nbs / f"{name}.ipynb", PLAIN)
    return write_plan(nbs), tmp_path / "site"


@pytest.mark.usefixtures("frozen_lib")
def test_no_space_while_a_notebook_is_saved_stops_the_render_cleanly(
        tmp_path, monkeypatch, capsys):
    plan, site = _three(tmp_path)
    assert render(plan, site) == 0
    before = _snapshot(site)
    capsys.readouterr()

    def full_disk(task, nb_out, *_):  # papermill got half the notebook out, then ENOSPC
        nb_out.write_text('{"cells": [{"cell_type": "code", "sou')
        raise OSError(errno.ENOSPC, "No space left on device", str(nb_out))

    monkeypatch.setattr(worker, "_execute", full_disk)  # the workers are forked from here
    # ...but the pool spawns (losing the patch) when another thread is alive, as one left by
    # an earlier test in the same xdist worker may be: make it fork
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert render(plan, site, "--force") == 1
    captured = capsys.readouterr()
    lines = [ln for ln in captured.err.splitlines() if ln.strip()]
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("uschina render: error: cannot write ")
    assert lines[0].endswith(".ipynb: no space left on device; the site keeps its previous pages")
    assert _snapshot(site) == before  # pages, figures, gallery: as they were
    assert _leftovers(site) == []  # no cut-off *.failed.ipynb, no .state.*.tmp, no staging
    # it stopped: the jobs in flight failed, the third was not started
    assert captured.out.count("FAILED  ") == 2
    monkeypatch.undo()
    assert render(plan, site) == 0  # space again: the failed jobs render, the rest is kept


@pytest.mark.usefixtures("frozen_lib")
def test_no_space_while_the_state_is_saved_leaves_no_temp_file(tmp_path, monkeypatch, capsys):
    plan, site = _three(tmp_path)
    assert render(plan, site) == 0
    old_state = read_jobs(site)
    before = _snapshot(site)
    capsys.readouterr()

    class FullDisk:  # the state database's writes fail as SQLite reports a full disk
        def __init__(self, db):
            self.db = db

        def __getattr__(self, name):
            return getattr(self.db, name)

        def executemany(self, sql, rows):
            rows = list(rows)
            if rows:
                self.db.executemany(sql, rows[:1])  # half-way through the transaction
                raise sqlite3.OperationalError("database or disk is full")

    connect = state_mod.State._connect
    monkeypatch.setattr(state_mod.State, "_connect", lambda self: FullDisk(connect(self)))
    (plan.parent / "a.ipynb").unlink()  # something to save: a notebook's record goes
    assert render(plan, site) == 1
    err = capsys.readouterr().err.strip()
    assert err == (f"uschina render: error: cannot write {site / '.render-state.sqlite'}: "
                   "no space left on device; the site keeps its previous pages")
    monkeypatch.undo()
    assert read_jobs(site) == old_state  # the transaction was rolled back whole
    assert not list(site.glob(".state.*")) and not list(site.glob("*-journal"))
    assert {k: v for k, v in before.items() if not k.startswith(("a/", "index"))} == {
        k: v for k, v in _snapshot(site).items() if not k.startswith(("a/", "index"))}


# ---------------------------------------------------------------- a real small file system


@pytest.fixture
def small_fs(tmp_path):
    mnt = tmp_path / "fs"
    mnt.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", str(mnt)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root): " + done.stderr.decode().strip())
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def _fill(folder: Path) -> None:
    """Take every free byte (the file's last bytes can end up on no page: the disk stays full)."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        for size in (1 << 20, 1 << 12, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)


@pytest.mark.usefixtures("frozen_lib")
def test_a_full_disk_for_real(small_fs, tmp_path, capsys):
    plan, _ = _three(tmp_path)
    site = small_fs / "site"
    assert render(plan, site) == 0
    before = _snapshot(site)
    _fill(small_fs)
    capsys.readouterr()
    assert render(plan, site, "--force") == 1
    err = [ln for ln in capsys.readouterr().err.splitlines() if ln.strip()]
    assert len(err) == 1 and "no space left on device" in err[0], err
    assert str(site) in err[0]
    assert _snapshot(site) == before
    assert _leftovers(site) == [], list((site / ".staging").rglob("*"))


@pytest.mark.usefixtures("frozen_lib")
def test_a_read_only_site(small_fs, tmp_path, capsys):
    plan, _ = _three(tmp_path)
    site = small_fs / "site"
    assert render(plan, site) == 0
    before = _snapshot(site)
    subprocess.run(["mount", "-o", "remount,ro", str(small_fs)], check=True)
    capsys.readouterr()
    assert render(plan, site, "--force") == 1
    err = capsys.readouterr().err.strip()
    assert err == (f"uschina render: error: cannot write {site / '.render.lock'}: read-only "
                   "file system; the site keeps its previous pages")
    assert _snapshot(site) == before
