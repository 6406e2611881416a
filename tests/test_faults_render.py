"""Faults while rendering: the renderer killed, a worker dying, deleted notebooks, one-offs.

The kill tests run `uschina render` as a real process tree (renderer, workers, fork servers,
kernels) and kill its top; everything below must go with it, and the next render must proceed.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from test_render_run import PLAIN, render, write_nb, write_plan
from test_render_run import frozen_lib as frozen_lib  # noqa: F401 - the fixture

from uschina.render import lifecycle
from uschina.render.state import read_jobs

SLEEPER = '''\
from pathlib import Path
Path({mark!r}).write_text("running")
import time
time.sleep({seconds})
'''


def _start_render(plan: Path, site: Path, log: Path) -> subprocess.Popen:
    env = {**os.environ, "USCHINA_RENDER_FORKSERVER": "1"}
    with open(log, "wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "uschina.cli", "render", "--plan", str(plan), "--out",
             str(site), "--jobs", "2"], stdout=out, stderr=subprocess.STDOUT, env=env)


def _wait_for(path: Path, proc: subprocess.Popen, log: Path, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while not path.exists():
        assert proc.poll() is None, log.read_text()
        assert time.monotonic() < deadline, "the notebook never started: " + log.read_text()
        time.sleep(0.2)


def _tree(pid: int) -> list[psutil.Process]:
    return psutil.Process(pid).children(recursive=True)


def _cmdline(p: psutil.Process) -> list[str]:
    try:
        return p.cmdline()
    except psutil.Error:  # ended (or a zombie) since it was listed
        return []


def _all_gone(procs: list[psutil.Process], wait: float = 15.0) -> list[int]:
    deadline = time.monotonic() + wait
    while True:
        alive = []
        for p in procs:
            try:
                if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                    alive.append(p.pid)
            except psutil.NoSuchProcess:
                pass
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.2)


def _lock_is_free(site: Path) -> bool:
    with open(site / ".render.lock", "a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(fh, fcntl.LOCK_UN)
        return True


def _socket_dirs_of(pids) -> list[Path]:
    root = Path(lifecycle.socket_root())
    return [p for pid in pids for pre in lifecycle.SOCKET_PREFIXES
            for p in root.glob(f"{pre}{pid}-*")]


@pytest.mark.usefixtures("frozen_lib")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_a_killed_render_leaves_no_process_nor_lock_and_the_next_render_proceeds(
        tmp_path, sig):
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    mark = tmp_path / "running"
    write_nb(nbs / "slow.ipynb", SLEEPER.format(mark=str(mark), seconds=600))
    write_nb(nbs / "plain.ipynb", PLAIN)
    plan, site, log = write_plan(nbs), tmp_path / "site", tmp_path / "render.log"
    proc = _start_render(plan, site, log)
    try:
        _wait_for(mark, proc, log)
        procs = _tree(proc.pid)
        workers = [p.pid for p in psutil.Process(proc.pid).children()]
        names = " ".join(" ".join(_cmdline(p)) for p in procs)
        assert "uschina.render.forkserver" in names and "forkclient" in names  # a full tree
        assert _socket_dirs_of(workers)
        assert (site / ".staging").is_dir()
        os.kill(proc.pid, sig)
        code = proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert code == -signal.SIGKILL if sig == signal.SIGKILL else code == 128 + sig
    if sig != signal.SIGKILL:  # stopped its workers itself, recorded what finished
        assert f"stopped by {signal.Signals(sig).name}" in log.read_text()
    assert _all_gone(procs) == []  # workers, fork servers, launchers, kernels: all gone
    assert _lock_is_free(site)

    # the next render neither waits nor trips over the leftovers, and cleans them up
    write_nb(nbs / "slow.ipynb", PLAIN)
    assert render(plan, site) == 0
    assert (site / "slow" / "today_zh.html").is_file()
    assert not (site / ".staging").exists()
    assert _socket_dirs_of(workers) == []
    assert not list(site.glob(".*.tmp"))


CRASHER = '''\
import os, signal
from pathlib import Path
count = Path({counter!r})
n = int(count.read_text()) if count.exists() else 0
count.write_text(str(n + 1))
if n < {crashes}:
    os.kill(int(os.environ["JPY_PARENT_PID"]), signal.SIGKILL)  # the worker running this job
    import time
    time.sleep(30)
print("survived")
'''


@pytest.mark.usefixtures("frozen_lib")
def test_a_dying_worker_fails_only_its_job_after_one_retry(tmp_path, capsys):
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    write_nb(nbs / "always.ipynb", CRASHER.format(counter=str(tmp_path / "a"), crashes=99))
    write_nb(nbs / "once.ipynb", CRASHER.format(counter=str(tmp_path / "o"), crashes=1))
    for name in ("p1", "p2", "p3"):
        write_nb(nbs / f"{name}.ipynb", PLAIN)
    plan, site = write_plan(nbs), tmp_path / "site"
    assert render(plan, site) == 1
    out = capsys.readouterr().out
    assert "1 of 5 jobs FAILED (always/today_zh); the others rendered" in out
    assert "error:      WorkerDied: the worker process rendering this job died " \
           "(killed by SIGKILL), 2 times" in out
    assert (tmp_path / "a").read_text() == "2"  # tried, then retried once
    assert (tmp_path / "o").read_text() == "2"  # crashed once, fine on the retry
    for name in ("once", "p1", "p2", "p3"):
        assert (site / name / "today_zh.html").is_file(), name
    state = {"jobs": read_jobs(site)}
    assert state["jobs"]["always/today_zh"]["error"]["ename"] == "WorkerDied"
    assert "BrokenProcessPool" not in out


@pytest.mark.usefixtures("frozen_lib")
def test_a_deleted_notebooks_pages_leave_the_site(tmp_path, capsys):
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    write_nb(nbs / "keep.ipynb", PLAIN)
    gone = write_nb(nbs / "gone.ipynb", PLAIN)
    plan, site = write_plan(nbs), tmp_path / "site"
    assert render(plan, site) == 0
    assert (site / "gone" / "today_zh.html").is_file()
    assert 'href="gone/today_zh.html"' in (site / "index.html").read_text(encoding="utf-8")
    gone.unlink()
    assert render(plan, site) == 0  # nothing to render, yet the site follows the deletion
    assert not (site / "gone").exists()
    assert "gone/" not in (site / "index.html").read_text(encoding="utf-8")
    assert (site / "keep" / "today_zh.html").is_file()
    state = {"jobs": read_jobs(site)}
    assert list(state["jobs"]) == ["keep/today_zh"]


@pytest.mark.usefixtures("frozen_lib")
def test_when_every_job_fails_the_summary_says_so(tmp_path, capsys):
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    write_nb(nbs / "a.ipynb", "raise ValueError('a')")
    write_nb(nbs / "b.ipynb", "raise ValueError('b')")
    assert render(write_plan(nbs), tmp_path / "site") == 1
    out = capsys.readouterr().out
    assert "all 2 jobs FAILED (" in out and "); no page was replaced." in out
    assert "the others rendered" not in out


def _without_view_links(page: bytes) -> bytes:
    """... but for the links between views in a page's header, which now list the one-off."""
    import re

    return re.sub(rb'<nav class="us-switch".*?</nav>', b"", page, flags=re.S)


@pytest.mark.usefixtures("frozen_lib")
def test_a_one_off_render_never_overwrites_a_plan_view(tmp_path, capsys):
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    write_nb(nbs / "plain.ipynb", PLAIN)
    plan = nbs / "render.yaml"
    plan.write_text("views:\n"
                    "  report: {label: {en: as of 2021-11-16}, params: {as_of: '2021-11-16'},"
                    " langs: [zh]}\n"
                    "  today: {params: {as_of: null}, langs: [zh, en]}\n", encoding="utf-8")
    site = tmp_path / "site"
    assert render(plan, site) == 0
    before = {p: p.read_bytes() for p in (site / "plain").rglob("*") if p.is_file()}
    capsys.readouterr()

    assert render(plan, site, "plain", "-p", "as_of=2030-01-01") == 0
    out = capsys.readouterr().out
    # both plan views come to the same values: rendered once per language, in their own slot
    assert "2 jobs: 0 up to date, 2 to render" in out
    for path, data in before.items():  # the plan's views are untouched ...
        assert _without_view_links(path.read_bytes()) == _without_view_links(data), path
    state = {"jobs": read_jobs(site)}
    oneoff = {k: v for k, v in state["jobs"].items() if v.get("oneoff")}
    assert sorted(v["lang"] for v in oneoff.values()) == ["en", "zh"]
    slot = next(iter(oneoff.values()))["slot"]
    assert slot.startswith("oneoff-") and (site / "plain" / f"{slot}.html").is_file()
    label = next(iter(oneoff.values()))["view_label"]
    assert label["en"] == "One-off render (-p): as_of=2030-01-01"
    assert state["jobs"]["plain/report_zh"]["params"]["as_of"] == "2021-11-16"
    gallery = (site / "index.html").read_text(encoding="utf-8")  # zh; index.en.html: en
    assert "一次性渲染（-p）：as_of=2030-01-01" in gallery
    gallery_en = (site / "index.en.html").read_text(encoding="utf-8")
    assert "One-off render (-p): as_of=2030-01-01" in gallery_en
    assert "as of 2021-11-16" in gallery_en

    assert render(plan, site, "plain", "-p", "as_of=2030-01-01") == 0  # the same again
    assert "2 jobs: 2 up to date, 0 to render" in capsys.readouterr().out


def test_sweep_removes_socket_folders_of_dead_owners_only(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    mine = tmp_path / f"ufs-{os.getpid()}-abc"
    theirs = tmp_path / f"uck-{dead.pid}-abc"
    legacy_old, legacy_new = tmp_path / "ufs-oldstyle", tmp_path / "uck-newstyle"
    for d in (mine, theirs, legacy_old, legacy_new):
        d.mkdir()
    (theirs / "k-1").write_text("")
    os.utime(legacy_old, (0, 0))
    removed = lifecycle.sweep_sockets(str(tmp_path))
    assert sorted(removed) == sorted([str(theirs), str(legacy_old)])
    assert mine.is_dir() and legacy_new.is_dir()


def test_die_with_parent_kills_a_child_whose_parent_is_killed(tmp_path):
    """The mechanism the worker tree relies on, on its own: parent -> child, kill parent."""
    pidfile = tmp_path / "child.pid"
    code = (
        "import os, sys, time\n"
        "from uschina.render.lifecycle import die_with_parent\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    die_with_parent(int(sys.argv[2]))\n"
        "    open(sys.argv[1], 'w').write(str(os.getpid()))\n"
        "    time.sleep(120)\n"
        "    os._exit(0)\n"
        "time.sleep(120)\n"
    )
    # the parent pid the child expects is the python process itself: pass it via a wrapper
    wrapper = f"import os, sys; sys.argv = ['x', {str(pidfile)!r}, str(os.getpid())]; " \
              f"exec({code!r})"
    parent = subprocess.Popen([sys.executable, "-c", wrapper])
    deadline = time.monotonic() + 30
    while not pidfile.exists() or not pidfile.read_text():
        assert time.monotonic() < deadline
        time.sleep(0.1)
    child = psutil.Process(int(pidfile.read_text()))
    parent.kill()
    parent.wait()
    assert _all_gone([child], wait=10) == []


@pytest.mark.usefixtures("frozen_lib")
def test_a_bad_date_given_with_p_stops_before_any_kernel(tmp_path, capsys):
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    write_nb(nbs / "plain.ipynb", PLAIN)
    site = tmp_path / "site"
    assert render(write_plan(nbs), site, "-p", "as_of=yesterday") == 2
    err = capsys.readouterr().err.strip()
    assert err == ("uschina render: error: parameter 'as_of' must be a date like '2021-11-16' "
                   "(YYYY-MM-DD) or None, got 'yesterday'")
    assert not (site / "plain").exists()


def _pool_job(spec: dict) -> dict:
    flag = Path(spec["flag"])
    if spec["crash"] == "always":
        os.kill(os.getpid(), signal.SIGKILL)
    if spec["crash"] == "once" and not flag.exists():
        flag.write_text("crashed")
        os._exit(3)
    return {"id": spec["id"], "status": "ok", "pid": os.getpid()}


@pytest.mark.parametrize("busy_thread", [False, True])
def test_pool_retries_a_crashed_job_once_on_a_fresh_worker(tmp_path, busy_thread):
    """With another thread running, replacement workers are spawned rather than forked."""
    import threading

    from uschina.render.pool import Pool

    stop = threading.Event()
    if busy_thread:
        threading.Thread(target=stop.wait, daemon=True).start()
    specs = [{"id": name, "crash": name, "flag": str(tmp_path / name)}
             for name in ("always", "once", "fine1", "fine2", "fine3")]
    try:
        with Pool(2, _pool_job) as pool:
            results = dict((spec["id"], result) for spec, result in pool.run(specs))
    finally:
        stop.set()
    assert sorted(results) == ["always", "fine1", "fine2", "fine3", "once"]
    assert results["always"]["status"] == "failed"
    assert results["always"]["error"] == {
        "ename": "WorkerDied",
        "evalue": "the worker process rendering this job died (killed by SIGKILL), 2 times; "
                  "the other jobs were not affected"}
    assert all(results[n]["status"] == "ok" for n in ("once", "fine1", "fine2", "fine3"))
    assert (tmp_path / "once").read_text() == "crashed"
    assert pool.crashes == {"always": 2, "once": 1}
    assert pool.workers == []
