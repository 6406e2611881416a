"""`uschina render` on tiny notebooks in tmp dirs: skip/rebuild decisions and failures."""

from __future__ import annotations

import argparse
from pathlib import Path

import nbformat
import pytest

from uschina.render import command
from uschina.render.state import read_jobs

PARAMS = 'lang = "zh"\nfig_dir = None\nas_of = None\n'

# loads one data set through the catalog (which logs the files it reads) and "exports" a figure
LOADER = '''\
from pathlib import Path
import json
from uschina import datasets
s = datasets.load("{key}", as_of=as_of)
out = Path(fig_dir); out.mkdir(parents=True, exist_ok=True)
(out / "{key}.json").write_text(json.dumps({{"name": "{key}", "title": "{key}",
    "titles": {{"zh": "{key} 中文", "en": "{key} English"}}, "key_figures": {{"n": len(s)}},
    "files": {{"csv": "{key}.csv"}}}}))
s.to_csv(out / "{key}.csv")
print("rows", len(s))
'''

# no imports beyond the standard library: a kernel that starts and finishes fast
PLAIN = '''\
from pathlib import Path
import json
out = Path(fig_dir); out.mkdir(parents=True, exist_ok=True)
(out / "plain.json").write_text(json.dumps({"name": "plain", "title": "plain",
    "titles": {"zh": "朴素", "en": "plain"}, "files": {"png": "plain.png"}}))
(out / "plain.png").write_bytes(b"version-1")
print("plain", lang)
'''


def write_nb(path: Path, *cells: str) -> Path:
    nb = nbformat.v4.new_notebook()
    first = nbformat.v4.new_code_cell(PARAMS)
    first.metadata["tags"] = ["parameters"]
    nb.cells = [first] + [nbformat.v4.new_code_cell(c) for c in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


def write_plan(folder: Path) -> Path:
    plan = folder / "render.yaml"
    plan.write_text("notebooks: ['*.ipynb']\n"
                    "views:\n  today: {params: {as_of: null}, langs: [zh]}\n", encoding="utf-8")
    return plan


@pytest.fixture
def frozen_lib(tmp_path, monkeypatch) -> Path:
    """Other people edit lib/ while tests run: hash a private stand-in instead."""
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "__init__.py").write_text("")
    (lib / "datasets.py").write_text("x = 1\n")  # the LOADER notebooks import it
    (lib / "charts.py").write_text("y = 1\n")  # no notebook here imports it
    monkeypatch.setattr(command, "LIB_DIR", lib)
    # tiny notebooks need no preloaded libraries: plain kernels start sooner than a fork server
    # (test_render_site renders with it; the fork server has its own test below)
    monkeypatch.setenv("USCHINA_RENDER_FORKSERVER", "0")
    return lib


def render(plan: Path, site: Path, *extra: str) -> int:
    parser = argparse.ArgumentParser()
    command.add_arguments(parser)
    args = parser.parse_args(["--plan", str(plan), "--out", str(site), "--jobs", "2", *extra])
    return command.run(args)


def jobs_of(site: Path) -> dict[str, dict]:
    return read_jobs(site)


def finished(site: Path) -> dict[str, str]:
    return {k: v["finished"] + str(v["seconds"]) for k, v in jobs_of(site).items()}


def test_only_notebooks_that_read_a_changed_data_file_rerender(
        tmp_path, data_copy, frozen_lib, capsys):
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    write_nb(nbs / "cpi.ipynb", LOADER.format(key="us_cpi_yoy"))
    write_nb(nbs / "rec.ipynb", LOADER.format(key="nber_recessions"))
    plan, site = write_plan(nbs), tmp_path / "site"

    assert render(plan, site) == 0
    out = capsys.readouterr().out
    assert "2 jobs: 0 up to date, 2 to render" in out
    state = {"jobs": jobs_of(site)}
    # the files each notebook loaded were recorded through USCHINA_LOAD_LOG
    assert {Path(p).name for p in state["jobs"]["cpi/today_zh"]["data"]} == {
        "us_cpi_yoy.csv", "us_cpi_yoy.yaml"}
    assert {Path(p).name for p in state["jobs"]["rec/today_zh"]["data"]} == {
        "nber_recessions.csv", "nber_recessions.yaml"}
    first = finished(site)

    assert render(plan, site) == 0  # nothing changed: nothing runs
    assert "2 jobs: 2 up to date, 0 to render" in capsys.readouterr().out
    assert finished(site) == first

    csv = data_copy / "us_cpi_yoy.csv"
    lines = csv.read_text().splitlines()
    date, value = lines[-1].split(",")
    lines[-1] = f"{date},{float(value) + 0.1:.1f}"  # a revised last value
    csv.write_text("\n".join(lines) + "\n")
    assert render(plan, site) == 0
    out = capsys.readouterr().out
    assert "2 jobs: 1 up to date, 1 to render" in out
    assert "cpi/today_zh: data changed: us_cpi_yoy.csv" in out
    now = finished(site)
    assert now["rec/today_zh"] == first["rec/today_zh"]
    assert now["cpi/today_zh"] != first["cpi/today_zh"]

    (frozen_lib / "charts.py").write_text("y = 2\n")  # a module no notebook imports
    assert render(plan, site) == 0
    assert "2 jobs: 2 up to date, 0 to render" in capsys.readouterr().out
    (frozen_lib / "datasets.py").write_text("x = 2\n")  # a module both import: both re-render
    assert render(plan, site) == 0
    out = capsys.readouterr().out
    assert "2 jobs: 0 up to date, 2 to render" in out
    assert "cpi/today_zh: library code changed" in out

    assert render(plan, site, "--force") == 0
    assert "2 to render" in capsys.readouterr().out
    gallery = (site / "index.html").read_text(encoding="utf-8")
    assert "us_cpi_yoy 中文" in gallery and "nber_recessions English" in gallery
    assert 'href="cpi/today_zh.html"' in gallery
    # the downloads are in the page's header
    page = (site / "cpi" / "today_zh.html").read_text(encoding="utf-8")
    assert 'href="today_zh/us_cpi_yoy.csv"' in page


def test_a_failing_notebook_does_not_stop_the_others_nor_break_its_last_page(
        tmp_path, frozen_lib, capsys):
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    write_nb(nbs / "good.ipynb", PLAIN)
    flaky = write_nb(nbs / "flaky.ipynb", PLAIN)
    plan, site = write_plan(nbs), tmp_path / "site"
    assert render(plan, site) == 0
    capsys.readouterr()
    page = (site / "flaky" / "today_zh.html").read_bytes()
    figure = (site / "flaky" / "today_zh" / "plain.png").read_bytes()
    assert b"plain zh" in page

    # now the notebook writes a new figure, then fails in a later cell
    write_nb(flaky, PLAIN.replace("version-1", "version-2"),
             "raise ValueError('parameter as_of went wrong on purpose')")
    assert render(plan, site, "--force") == 1
    out = capsys.readouterr().out
    assert "ok      good/today_zh" in out
    assert "FAILED  flaky/today_zh" in out
    assert f"notebook:   {flaky}" in out
    assert 'parameters: {"as_of": null, "lang": "zh"}' in out
    assert "raise ValueError('parameter as_of went wrong on purpose')" in out
    assert "error:      ValueError: parameter as_of went wrong on purpose" in out
    assert "1 of 2 jobs FAILED (flaky/today_zh)" in out

    # the last good page and figure are untouched; the partial run is kept for debugging
    assert (site / "flaky" / "today_zh.html").read_bytes() == page
    assert (site / "flaky" / "today_zh" / "plain.png").read_bytes() == figure
    kept = nbformat.read(site / "flaky" / "today_zh.failed.ipynb", as_version=4)
    assert kept.metadata["papermill"]["exception"] is True
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in kept.cells)
    assert (site / "flaky" / "today_zh.failed.html").is_file()
    assert (site / "good" / "today_zh.html").is_file()
    assert not list(site.glob(".staging*")) and not list((site / "flaky").glob(".old-*"))

    gallery = (site / "index.html").read_text(encoding="utf-8")
    assert "render FAILED" in gallery and "flaky/today_zh.failed.html" in gallery
    assert "showing the last good render" in gallery

    # fixed: it renders again and the failure marks go away
    write_nb(flaky, PLAIN.replace("version-1", "version-3"))
    assert render(plan, site) == 0
    assert (site / "flaky" / "today_zh" / "plain.png").read_bytes() == b"version-3"
    assert not (site / "flaky" / "today_zh.failed.ipynb").exists()
    assert "render FAILED" not in (site / "index.html").read_text(encoding="utf-8")


def test_bad_cli_parameter_stops_before_rendering(tmp_path, frozen_lib, capsys):
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    write_nb(nbs / "plain.ipynb", PLAIN)
    plan, site = write_plan(nbs), tmp_path / "site"
    assert render(plan, site, "-p", "colour=red") == 2
    err = capsys.readouterr().err
    assert "unknown parameter 'colour' for plain.ipynb" in err
    assert "declares: lang, fig_dir, as_of" in err
    assert not (site / "index.html").exists()


def test_parallel_kernels_use_private_ipc_sockets(tmp_path):
    """Kernels started at the same moment from several processes (papermill issue 511)."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(3) as pool:
        infos = pool.map(_start_two_kernels, range(3))
    flat = [i for pair in infos for i in pair]
    assert all(i["transport"] == "ipc" and i["ok"] for i in flat)
    assert len({i["ip"] for i in flat}) == 6  # six distinct socket folders
    assert all(not Path(i["ip"]).parent.exists() for i in flat)  # cleaned up


def _start_two_kernels(_):
    import asyncio

    from uschina.render.kernels import IPCKernelManager

    async def one():
        km = IPCKernelManager(kernel_name="python3")
        await km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=60)
            reply = await kc.execute_interactive("1 + 1", timeout=30)
            info = {"transport": km.transport, "ip": km.ip,
                    "ok": reply["content"]["status"] == "ok"}
        finally:
            kc.stop_channels()
            await km.shutdown_kernel(now=True)
        return info

    async def both():
        return await asyncio.gather(one(), one())

    return asyncio.run(both())



def test_a_cell_over_the_timeout_fails_its_job_and_leaves_no_kernel(tmp_path, frozen_lib, capsys):
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    write_nb(nbs / "slow.ipynb", "import time\ntime.sleep(120)")
    plan, site = write_plan(nbs), tmp_path / "site"
    assert render(plan, site, "--timeout", "3") == 1
    out = capsys.readouterr().out
    assert "FAILED  slow/today_zh" in out and "time.sleep(120)" in out
    assert "CellTimeoutError" in out or "Timeout" in out
    assert _processes_of(site) == []  # the kernel was stopped


def _processes_of(site: Path, wait: float = 10.0) -> list[int]:
    """Our kernels still alive after a grace time: processes started with USCHINA_LOAD_LOG
    pointing into ``site`` (launchers, ordinary kernels), and forked kernels of a fork server
    whose socket was in ``site`` and is gone (a fork keeps the server's command line)."""
    import time

    import psutil

    deadline = time.monotonic() + wait
    while True:
        found = []
        for p in psutil.process_iter():
            try:
                if p.status() == psutil.STATUS_ZOMBIE:
                    continue
                cmd = p.cmdline()
                if str(site) in p.environ().get("USCHINA_LOAD_LOG", ""):
                    found.append(p.pid)
                elif ("uschina.render.forkserver" in cmd and cmd[-1].startswith(str(site))
                      and not Path(cmd[-1]).exists()):
                    found.append(p.pid)
            except (psutil.Error, IndexError):
                pass
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def test_fork_server_kernels_are_fresh_processes_with_the_managers_env_and_cwd(tmp_path):
    """A kernel forked from the server sees the env and cwd its manager gave it, is interruptible
    and dies when the manager kills it."""
    import asyncio
    import os
    import subprocess
    import sys

    from uschina.render.kernels import forked_cmd, manager_for

    cmd = [sys.executable, "-m", "ipykernel_launcher", "-f", "/x/k.json"]
    assert forked_cmd(cmd, "/tmp/s")[1:] == ["-S", str(Path(command.__file__).with_name(
        "forkclient.py")), "/tmp/s", "-f", "/x/k.json"]
    assert forked_cmd(["/usr/bin/other-python", "-m", "ipykernel_launcher"], "/s")[0] == (
        "/usr/bin/other-python")  # another interpreter's kernel is left alone

    sock = tmp_path / "fs.sock"
    server = subprocess.Popen([sys.executable, "-m", "uschina.render.forkserver", str(sock)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert server.stdout.readline().strip() == b"ready"
        work = tmp_path / "cwd"
        work.mkdir()

        async def scenario():
            # everything the kernel gets is given to its manager: this process's env is untouched
            km = manager_for({"USCHINA_LOAD_LOG": str(tmp_path / "loads.txt")},
                             str(tmp_path / "kernel.log"), str(sock))(kernel_name="python3")
            await km.start_kernel(cwd=str(work))
            assert "USCHINA_LOAD_LOG" not in os.environ
            kc = km.client()
            kc.start_channels()
            await kc.wait_for_ready(timeout=60)
            outputs = []
            code = ("import os, sys; print(os.getppid(), os.getcwd(), "
                    "os.environ['USCHINA_LOAD_LOG'], 'pandas' in sys.modules, 'x' in dir())")
            await kc.execute_interactive(code, timeout=30, output_hook=outputs.append)
            text = "".join(m["content"].get("text", "") for m in outputs)
            task = asyncio.ensure_future(kc.execute_interactive("import time; time.sleep(60)",
                                                                timeout=30))
            await asyncio.sleep(1.0)
            await km.interrupt_kernel()
            reply = await task
            kernel_pid = _kernel_child(server.pid)
            launcher = _processes_of(tmp_path, wait=0)
            assert len(launcher) == 1 and launcher[0] != kernel_pid  # the check sees it
            await km.shutdown_kernel(now=True)
            kc.stop_channels()
            return text, reply, kernel_pid

        text, reply, kernel_pid = asyncio.run(scenario())
        ppid, cwd, log, has_pandas, leaked = text.split()
        assert int(ppid) == server.pid  # forked from the server
        assert cwd == str(work) and log == str(tmp_path / "loads.txt")
        assert has_pandas == "True" and leaked == "False"  # preloaded, yet a clean namespace
        assert reply["content"]["status"] == "error"
        assert reply["content"]["ename"] == "KeyboardInterrupt"
        assert kernel_pid is not None
        assert _processes_of(tmp_path) == []  # the launcher was killed ...
        assert _gone(kernel_pid)  # ... and the kernel died with it
    finally:
        server.stdin.close()  # the server exits when its worker's pipe closes
        assert server.wait(timeout=10) == 0
    assert not sock.exists()


def _gone(pid: int, wait: float = 10.0) -> bool:
    import time

    import psutil

    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.2)
    return False


def _kernel_child(server_pid: int) -> int | None:
    import psutil

    children = psutil.Process(server_pid).children()
    return children[0].pid if children else None
