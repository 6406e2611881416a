"""Progress lines: jobs done out of total, elapsed time, and each job's result as it ends."""

from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, total: int, stream=None):
        self.total = total
        self.done = 0
        self.t0 = time.monotonic()
        self.stream = stream or sys.stdout

    def elapsed(self) -> str:
        s = int(time.monotonic() - self.t0)
        return f"{s // 60}:{s % 60:02d}"

    def say(self, text: str) -> None:
        print(text, file=self.stream, flush=True)

    def job_done(self, job, result: dict) -> None:
        self.done += 1
        width = len(str(self.total))
        head = f"[{self.done:>{width}}/{self.total} {self.elapsed():>5}]"
        if result["status"] == "ok":
            size = result.get("html_bytes", 0) / 1e6
            self.say(f"{head} ok      {job.id}  {result['seconds']:.1f}s  page {size:.2f} MB")
        else:
            self.say(f"{head} FAILED  {job.id}  {result['seconds']:.1f}s")
            self.say(failure_text(job, result))

    def __call__(self, text: str) -> None:
        self.say(text)


def failure_text(job, result: dict) -> str:
    """The notebook, the parameter set, the failing cell and the error, indented."""
    err = result.get("error") or {}
    lines = [f"    notebook:   {job.notebook}",
             f"    parameters: {job.params_json()}"]
    if "cell_index" in err:
        source = (err.get("source") or "").strip().splitlines()
        shown = "\n                ".join(source[:6]) + ("\n                ..."
                                                        if len(source) > 6 else "")
        lines.append(f"    cell:       {err['cell_index']} (In [{err.get('exec_count')}]) "
                     "of the executed notebook")
        lines.append(f"    source:     {shown}")
    lines.append(f"    error:      {err.get('ename')}: {err.get('evalue')}")
    if err.get("traceback") and "cell_index" not in err:
        lines.append("    " + err["traceback"].rstrip().replace("\n", "\n    "))
    if err.get("kernel_log") and "cell_index" not in err:
        lines.append("    kernel log: " + err["kernel_log"].replace("\n", "\n                "))
    if result.get("kept"):
        lines.append(f"    kept:       {result['kept']}")
    return "\n".join(lines)
