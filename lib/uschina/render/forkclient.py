"""The kernel command when a fork server runs: ask it for a kernel, then stand in for it.

Run as a plain script (``python -S forkclient.py SOCKET -f CONNECTION_FILE``) so it starts in
milliseconds: it imports nothing from uschina. The kernel manager sees this process as the
kernel: signals it receives are forwarded to the forked kernel, it exits when the kernel
exits, and if it is killed the kernel notices and exits too (see :mod:`.forkserver`).
If the server cannot be reached, it runs an ordinary kernel instead (``ipykernel_launcher``).
"""

import json
import os
import signal
import socket
import sys

FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT,
             signal.SIGUSR1, signal.SIGUSR2)


def main(argv: list[str]) -> None:
    path, kernel_argv = argv[0], argv[1:]
    request = json.dumps({"argv": kernel_argv, "env": dict(os.environ),
                          "cwd": os.getcwd()}).encode() + b"\n"
    try:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.connect(path)
        socket.send_fds(conn, [request], [0, 1, 2])
        line = b""
        while not line.endswith(b"\n"):
            more = conn.recv(64)
            if not more:
                raise OSError("the fork server closed the connection")
            line += more
        pid = int(line)
    except (OSError, ValueError):
        # no server: an ordinary kernel, with the normal interpreter flags (site enabled)
        os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", *kernel_argv])
    for sig in FORWARDED:
        signal.signal(sig, lambda signum, _frame: _forward(pid, signum))
    try:
        while conn.recv(64):
            pass
    except OSError:
        pass
    sys.exit(0)


def _forward(pid: int, signum: int) -> None:
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        sys.exit(0)
    if signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        sys.exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
