"""A kernel manager whose kernels talk over IPC (Unix domain sockets), never TCP ports.

Papermill issue 511 (nteract/papermill#511): kernels started at the same moment can collide on
ports, because jupyter_client picks free TCP ports by binding and releasing them, and another
process may grab the same port before the kernel binds it ("ZMQError: Address already in use").
jupyter_client's LocalPortCache only protects kernels started from one process; our workers are
separate processes. With ``transport="ipc"`` there are no ports: each channel is a socket file.

jupyter_client's default IPC base path is ``kernel-ipc`` in the current directory, shared by
every kernel started from there, with a check-then-create choice of file names that races in
just the same way. So each kernel here gets its own fresh private directory for its sockets.

Everything a job's kernel needs is given to its manager class, never through this process's
globals (:func:`manager_for`): the environment variables it adds, the file its stderr goes to,
and the fork server to start it from, if any. When one is given (:mod:`.forkserver`), a Python
kernel of this same interpreter is started through the thin launcher :mod:`.forkclient` instead
of ``python -m ipykernel_launcher``: same arguments, environment and working directory, but a
fork of a process with the libraries imported. So many jobs can run side by side in one
process (a Dask worker's threads) without stepping on each other.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import default

from .lifecycle import socket_folder

if sys.platform == "win32":  # pragma: no cover - no Unix sockets; TCP with its rare race
    IPCKernelManager = AsyncKernelManager
else:

    class IPCKernelManager(AsyncKernelManager):
        """An ``AsyncKernelManager`` on the ``ipc`` transport with a private socket folder."""

        @default("transport")
        def _default_transport(self) -> str:
            return "ipc"

        @default("ip")
        def _default_ip(self) -> str:
            # short path: a Unix socket path must stay under ~100 bytes
            self._socket_dir = socket_folder("uck-")  # named after its owner (sweep_sockets)
            return os.path.join(self._socket_dir, "k")

        async def _async_cleanup_resources(self, restart: bool = False) -> None:
            await super()._async_cleanup_resources(restart=restart)
            if not restart and getattr(self, "_socket_dir", None):
                shutil.rmtree(self._socket_dir, ignore_errors=True)

        cleanup_resources = _async_cleanup_resources  # the async API nbclient awaits

        job_env: dict = {}  # set per job by manager_for(); plain class attributes, not traits
        job_stderr: str | None = None
        job_forkserver: str | None = None

        async def start_kernel(self, **kw) -> None:
            env = dict(kw.pop("env", None) or os.environ)
            env.update(self.job_env)
            kw["env"] = env
            log = None
            if self.job_stderr and "stderr" not in kw:
                # the kernel's own fd 2: its warnings go to the job's log, not our terminal
                log = kw["stderr"] = open(self.job_stderr, "ab")  # noqa: SIM115
            try:
                await self._async_start_kernel(**kw)
            finally:
                if log is not None:
                    log.close()  # the kernel holds its own copy

        def format_kernel_cmd(self, extra_arguments=None) -> list[str]:
            cmd = super().format_kernel_cmd(extra_arguments)
            server = self.job_forkserver
            return forked_cmd(cmd, server) if server else cmd


def manager_for(env: dict[str, str], stderr: str | None = None,
                forkserver: str | None = None) -> type:
    """A kernel manager class for one job: its kernel gets ``env`` added to this process's
    environment, writes its stderr to the file ``stderr`` and is forked from ``forkserver``."""
    return type("JobKernelManager", (IPCKernelManager,),
                {"job_env": dict(env), "job_stderr": stderr, "job_forkserver": forkserver})


FORKCLIENT = Path(__file__).with_name("forkclient.py")


def forked_cmd(cmd: list[str], server: str) -> list[str]:
    """``python -m ipykernel_launcher ARGS`` -> ``python -S forkclient.py SERVER ARGS``.

    Only for a kernel of this very interpreter: the fork server runs it.
    """
    try:
        i = cmd.index("ipykernel_launcher")
    except ValueError:
        return cmd
    same_python = cmd and os.path.realpath(cmd[0]) == os.path.realpath(sys.executable)
    if i < 2 or cmd[i - 1] != "-m" or not same_python:
        return cmd
    return [sys.executable, "-S", str(FORKCLIENT), server, *cmd[i + 1:]]
