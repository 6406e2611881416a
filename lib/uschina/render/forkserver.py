"""A kernel fork server: kernels start as forks of a process that has the libraries imported.

Most of a job's CPU time is not the notebook's work but starting a kernel: Python, IPython and
ipykernel, then pandas, matplotlib, pandera and uschina (about 1.5 s of the 2.5 s a chart
notebook takes). Each render worker therefore starts one server process that imports those
once and then forks a fresh kernel per job: every job still gets its own new process with an
empty namespace (the executed notebook is the same), only without the import cost.

Protocol (a Unix socket): the thin launcher :mod:`.forkclient` is the "kernel command" the
kernel manager starts. It sends the kernel's argv, environment and working directory, and its
stdin/stdout/stderr file descriptors; the server forks; the child takes them over and runs
``IPKernelApp``. The child exits if the launcher dies (the kernel manager's kill) because it
watches the socket; the launcher forwards signals (interrupts) to the child and exits with it.

Run as ``python -m uschina.render.forkserver SOCKET [PARENT_PID]``; it prints ``ready`` and
serves until its stdin closes (its worker exited) or its parent dies.
On by default on Linux, off elsewhere; ``USCHINA_RENDER_FORKSERVER=0`` turns it off (see
:func:`.worker.forkserver_wanted` for the measurement). Never used for jobs on a Dask cluster.
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import sys
import threading

from uschina.render.lifecycle import die_with_parent

# imported once here, inherited by every kernel; failures are ignored (a kernel imports later)
PRELOAD = (
    "IPython", "IPython.extensions.autoreload", "ipykernel.kernelapp", "ipykernel.ipkernel",
    "matplotlib_inline.backend_inline", "numpy", "pandas", "matplotlib", "matplotlib.pyplot",
    "pandera.pandas", "uschina",
)
# the project's own modules too (charts, analysis, ...), but not the command line's
SKIP = ("uschina.render", "uschina.commands", "uschina.cli", "uschina.fidelity")


def preload() -> None:
    import contextlib
    import importlib
    import pkgutil

    # what ipykernel would set before matplotlib is first imported in a kernel
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    names = list(PRELOAD)
    with contextlib.redirect_stdout(sys.stderr):  # stdout carries the "ready" line
        for name in names:
            _try_import(importlib, name)
        import uschina

        for info in pkgutil.walk_packages(uschina.__path__, "uschina.",
                                          onerror=lambda _name: None):
            if not info.name.startswith(SKIP):
                _try_import(importlib, info.name)


def _try_import(importlib, name: str) -> None:
    try:
        importlib.import_module(name)
    except Exception:  # noqa: BLE001 - a kernel that needs it reports the error itself
        pass


def serve(path: str, parent: int | None = None) -> None:
    if parent is not None:
        die_with_parent(parent)  # a worker killed mid-job takes its server along
    preload()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped automatically
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(16)
    print("ready", flush=True)
    while True:
        ready, _, _ = select.select([server, sys.stdin], [], [])
        if sys.stdin in ready and not os.read(sys.stdin.fileno(), 1024):
            break  # the worker that started us is gone
        if server in ready:
            conn, _ = server.accept()
            try:
                request, fds = _receive(conn)
            except (OSError, ValueError):
                conn.close()
                continue
            request["server"] = os.getpid()
            if os.fork() == 0:
                server.close()
                _become_kernel(conn, request, fds)  # never returns
            conn.close()
            for fd in fds:
                os.close(fd)
    server.close()
    os.unlink(path)
    try:
        os.rmdir(os.path.dirname(path))  # the private folder the worker made for the socket
    except OSError:
        pass


def _receive(conn: socket.socket) -> tuple[dict, list[int]]:
    data, fds, _, _ = socket.recv_fds(conn, 1 << 20, 3)
    while not data.endswith(b"\n"):
        more = conn.recv(1 << 20)
        if not more:
            raise ValueError("incomplete request")
        data += more
    return json.loads(data), list(fds)


def _become_kernel(conn: socket.socket, request: dict, fds: list[int]) -> None:
    code = 1
    try:
        die_with_parent(request.get("server"))  # the server dies only when its worker did
        sys.stdin.close()
        for target, fd in zip((0, 1, 2), fds, strict=False):
            os.dup2(fd, target)
            os.close(fd)
        sys.stdin = open(0, closefd=False)  # noqa: SIM115
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = ["ipykernel_launcher", *request["argv"]]
        if os.environ.get("JPY_PARENT_PID"):
            # the trait's default was read from the server's environment at import time
            sys.argv.append(f"--IPKernelApp.parent_handle={os.environ['JPY_PARENT_PID']}")
        if sys.path and sys.path[0] in ("", os.getcwd()):
            del sys.path[0]  # as ipykernel_launcher does; IPython adds it back
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        conn.sendall(f"{os.getpid()}\n".encode())
        threading.Thread(target=_exit_with_launcher, args=(conn,), daemon=True).start()
        from ipykernel.kernelapp import IPKernelApp

        IPKernelApp.launch_instance()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0
    except BaseException:  # noqa: BLE001
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)  # never run the server's own cleanup in a kernel


def _exit_with_launcher(conn: socket.socket) -> None:
    """The kernel manager kills the launcher to stop the kernel: follow it."""
    try:
        while conn.recv(64):
            pass
    except OSError:
        pass
    os._exit(1)


if __name__ == "__main__":
    serve(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else None)
