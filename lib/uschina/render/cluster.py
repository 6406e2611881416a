"""Run the render's tasks on a Dask distributed cluster (``uschina render --scheduler ADDRESS``).

Each :class:`.tasks.Task` is submitted as it is (a picklable record) to
:func:`.worker.run_task`, which renders it in the Dask worker's process and returns a
:class:`.tasks.Result`. The scheduler re-runs a task whose worker died or left the cluster (up
to its ``allowed-failures``, 3 by default); a task lost more often than that is reported failed, and
the others go on. Workers write into the site folder themselves, through the same staging and
atomic renames as local workers, so every worker must see the notebooks, ``data/`` and the site
folder at the same paths, and run the same Python environment (see README: "Rendering on a
cluster").
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator

from .tasks import Result, Task, failure

CONNECT_TIMEOUT = "20s"


def run(address: str, tasks: Iterable[Task], stop: Callable[[], bool] = lambda: False,
        ) -> Iterator[tuple[Task, Result]]:
    """Yield ``(task, result)`` as tasks end on the cluster at ``address``."""
    try:
        from distributed import Client, as_completed
    except ImportError:  # pragma: no cover - installed by `make install`
        from ..errors import UschinaError

        raise UschinaError("--scheduler needs the 'distributed' package "
                           "(pip install distributed)") from None
    from distributed.scheduler import KilledWorker

    from .worker import run_task

    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except OSError as exc:
        from ..errors import UschinaError

        raise UschinaError(f"--scheduler {address}: cannot reach a Dask scheduler there "
                           f"({exc}); expected the address `dask scheduler` prints, "
                           "such as tcp://10.0.0.5:8786") from None
    run_id = uuid.uuid4().hex[:8]
    try:
        futures = {}
        for task in tasks:
            # a unique key per run: the scheduler must not hand back a previous run's result
            fut = client.submit(run_task, task, key=f"uschina-{task.id}-{run_id}", pure=False)
            futures[fut] = task
        pending = as_completed(list(futures), loop=client.loop)
        for fut in pending:
            task = futures[fut]
            try:
                result = fut.result()
            except KilledWorker as exc:
                result = failure(task, "WorkerDied", f"the Dask workers running this job died "
                                 f"or left the cluster too often ({exc}); the other jobs were "
                                 "not affected")
            except Exception as exc:  # noqa: BLE001 - reported with the job
                result = failure(task, type(exc).__name__, str(exc))
            yield task, result
            if stop():
                for other in futures:
                    if not other.done():
                        other.cancel()
                return
    finally:
        client.close()
