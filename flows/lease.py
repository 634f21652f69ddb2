"""One run at a time per output: a run holds an exclusive lock on `<out>/<dataset>/_run.lock`.

The lock is the kernel's (flock), so it goes with the process however that ends, SIGKILL
included; the file also says which run holds it, so a run that finds the output busy can name
it. The tables themselves need no lock (Delta commits are atomic and conflicts are retried); this
keeps two runs from interleaving their reads and writes, e.g. both judging the same new papers.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK = "_run.lock"


class OutputBusy(RuntimeError):
    """Another run is writing into the same output."""


def holder(path: Path) -> str:
    """The run that holds (or last held) the lock, as a phrase for messages."""
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "another run (starting)"
    return f"run {info['run_id']} (pid {info['pid']} on {info['host']}, started {info['started']})"


@contextmanager
def exclusive_run(out: Path, dataset: str, run_id: str, wait: bool = True) -> Iterator[None]:
    """Hold the output for this run; when another run holds it, wait for it (saying so) or, with
    wait=False, raise OutputBusy naming that run."""
    path = Path(out) / dataset / LOCK
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            other = holder(path)
            if not wait:
                raise OutputBusy(f"{path.parent} is being written by {other}; wait for it to finish "
                                 "(or run without --no-wait, which waits)") from None
            # straight to stderr: inside a flow, print() becomes a log record below the shown level
            sys.stderr.write(f"citewatch: {path.parent} is being written by {other}; waiting for it to finish\n")
            sys.stderr.flush()
            fcntl.flock(fh, fcntl.LOCK_EX)
        fh.seek(0)
        fh.truncate()
        fh.write(json.dumps({"run_id": run_id, "pid": os.getpid(), "host": socket.gethostname(),
                             "started": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}))
        fh.flush()
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
