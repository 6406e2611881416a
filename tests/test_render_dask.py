"""`uschina render --scheduler`: the plan's jobs on a real Dask cluster on this machine.

A scheduler and two workers (`dask scheduler`, `dask worker`, each a subprocess on 127.0.0.1 on
free ports) render tiny notebooks into a site; one job kills its worker once, and the cluster
runs it again elsewhere. Everything started here is killed at the end.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_render_run import PLAIN, render, write_nb, write_plan
from test_render_run import frozen_lib as frozen_lib  # noqa: F401 - the fixture

from uschina.render.state import read_jobs

distributed = pytest.importorskip("distributed")
DASK = Path(sys.executable).with_name("dask")

# kills the Dask worker process that started this kernel, the first time only
KILLER = '''\
import os, signal, time
from pathlib import Path
mark = Path({mark!r})
if not mark.exists():
    mark.write_text(str(os.getppid()))
    os.kill(os.getppid(), signal.SIGKILL)
    time.sleep(60)
'''


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def cluster(tmp_path):
    """``tcp://127.0.0.1:PORT`` with two single-thread workers (each under a nanny, which
    starts a new worker process when one dies)."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path / "dask-logs"
    logs.mkdir()
    procs: list[subprocess.Popen] = []

    def start(name: str, *args: str) -> None:
        with open(logs / f"{name}.log", "wb") as log:
            procs.append(subprocess.Popen([str(DASK), *args], stdout=log,
                                          stderr=subprocess.STDOUT, start_new_session=True))

    try:
        start("scheduler", "scheduler", "--host", "127.0.0.1", "--port", str(port),
              "--no-dashboard")
        for i in (1, 2):
            start(f"worker{i}", "worker", address, "--host", "127.0.0.1", "--nthreads", "1",
                  "--nworkers", "1", "--no-dashboard", "--name", f"w{i}")
        with distributed.Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=90)
        yield address
    finally:
        for p in reversed(procs):
            try:
                os.killpg(p.pid, signal.SIGKILL)  # the nanny, its worker and their kernels
            except ProcessLookupError:
                pass
            p.wait(timeout=30)


@pytest.mark.usefixtures("frozen_lib")
def test_a_plan_renders_on_two_dask_workers_and_a_lost_job_is_retried(
        tmp_path, cluster, capsys):
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    for name in ("a", "b", "c"):
        write_nb(nbs / f"{name}.ipynb", PLAIN + "import time; time.sleep(1)\n")
    mark = tmp_path / "killed-once"
    write_nb(nbs / "killer.ipynb", KILLER.format(mark=str(mark)), PLAIN)
    plan, site = write_plan(nbs), tmp_path / "site"

    t0 = time.monotonic()
    assert render(plan, site, "--scheduler", cluster) == 0, capsys.readouterr()
    out = capsys.readouterr().out
    assert "4 jobs: 0 up to date, 4 to render on the Dask cluster tcp://127.0.0.1:" in out
    assert time.monotonic() - t0 < 240
    jobs = read_jobs(site)
    assert sorted(jobs) == ["a/today_zh", "b/today_zh", "c/today_zh", "killer/today_zh"]
    assert all(r["status"] == "ok" for r in jobs.values()), jobs
    # the jobs ran in the workers (not here), on both of them
    hosts = {r["host"] for r in jobs.values()}
    assert all(h.startswith("tcp://127.0.0.1:") for h in hosts) and len(hosts) >= 2, hosts
    # the killer's first worker died mid-job; the job ran again and finished
    assert mark.read_text().isdigit()
    page = (site / "killer" / "today_zh.html").read_text(encoding="utf-8")
    assert "plain zh" in page
    assert (site / "a" / "today_zh" / "plain.png").read_bytes() == b"version-1"
    assert (site / "index.html").is_file()
    # the data files and the kernel's env came with the task, not from the worker's env
    assert "USCHINA_LOAD_LOG" not in os.environ

    assert render(plan, site, "--scheduler", cluster) == 0  # nothing changed: nothing sent
    assert "4 jobs: 4 up to date, 0 to render" in capsys.readouterr().out


def test_an_unreachable_scheduler_is_a_named_error(tmp_path, capsys, frozen_lib):
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    write_nb(nbs / "a.ipynb", PLAIN)
    port = _free_port()
    with pytest.raises(Exception) as info:
        render(write_plan(nbs), tmp_path / "site", "--scheduler", f"tcp://127.0.0.1:{port}")
    assert f"--scheduler tcp://127.0.0.1:{port}: cannot reach a Dask scheduler" in str(
        info.value)
