"""A render job as it crosses a process or machine boundary: a plain, typed record in, another
one out.

A :class:`Task` carries everything the job needs, explicitly: the notebook, the parameters, the
environment variables its kernel must see, the site folder to write to, the time limit. The
process that runs it (a local pool worker, or a Dask worker on another machine) changes none of
its own globals for it: no ``os.environ`` edits, no redirected stderr, so jobs can share a
process. A :class:`Result` comes back with what the renderer records.

Standard library only: :mod:`.command` builds tasks on the no-change path too.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

STAGING = ".staging"  # <site>/.staging/<stem>__<slot>/: a job's outputs until they swap in


@dataclass(frozen=True)
class Task:
    id: str  # "<notebook stem>/<slot>"
    stem: str
    slot: str  # "<view>_<lang>": the file stem of its outputs in the notebook's site folder
    notebook: str  # absolute path; the same path must exist where the task runs
    params: dict  # the notebook's parameters, except fig_dir (set where it renders)
    site: str  # absolute path of the site folder (shared by every worker)
    title: str  # the page title of a kept failure
    timeout: int | None = 600  # seconds per cell
    env: dict = field(default_factory=dict)  # added to the kernel's environment
    forkserver: bool = True  # may use the worker's kernel fork server, if it has one


@dataclass
class Result:
    id: str
    status: str = "failed"  # "ok" or "failed"
    seconds: float = 0.0  # wall time of the job in its worker
    exec_seconds: float = 0.0  # of which the notebook's cells ran (papermill's timings)
    data: list = field(default_factory=list)  # data files the notebook loaded
    figures: list = field(default_factory=list)  # figure descriptions written (*.json)
    error: dict | None = None
    html_bytes: int | None = None
    host: str = ""  # where it ran (a cluster's worker address, or "local")
    kept: str | None = None  # a failed job's kept notebook, set by the renderer

    def to_dict(self) -> dict:
        return asdict(self)


def failure(task, ename: str, evalue: str) -> Result:
    """A job that failed outside the job itself (its worker died, the cluster lost it)."""
    tid = task.id if isinstance(task, Task) else str(task.get("id"))
    return Result(tid, error={"ename": ename, "evalue": evalue})
