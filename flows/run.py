"""Prefect's view of a folder run: the steps of flows/analysis.py as a flow and tasks, where the
tasks run, and the Prefect API the runs report to.

Scheduled runs and runs with a Prefect server configured go through here; a one-off `--pdf-dir`
run without one calls flows/analysis.py directly (see `citewatch run`).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

from flows import analysis
from flows.analysis import default_workers, warm_worker

analyse_file = task(name="analyse-pdf", cache_policy=NO_CACHE)(analysis.analyse_file)
write_batch = task(name="write-batch", cache_policy=NO_CACHE)(analysis.write_batch)
run_pdf_dir = flow(name="citewatch-pdf-dir", log_prints=True,
                   task_runner=ThreadPoolTaskRunner(max_workers=1))(analysis.run_pdf_dir)


def task_runner(kind: str = "local", address: str | None = None, workers: int | None = None,
                dataset: str = "ms-celeb-1m", registry: str | None = None):
    """Where analysis tasks run. "local": a pool of `workers` processes (default: one per core),
    each warmed by `warm_worker`; with one worker, one task at a time in this process (PyMuPDF is
    not thread-safe). "dask": on a Dask cluster through prefect-dask (the `dask` extra), at
    `address` or, without one, on a local cluster of two worker processes."""
    if kind == "local":
        workers = workers or default_workers()
        if workers == 1:
            return ThreadPoolTaskRunner(max_workers=1)
        return ProcessPoolTaskRunner(max_workers=workers, initializer=warm_worker, initargs=(dataset, registry))
    if kind == "dask":
        try:
            from prefect_dask import DaskTaskRunner
        except ImportError as exc:
            raise ValueError("--runner dask needs prefect-dask: pip install 'citewatch[dask]'") from exc
        if address:
            return DaskTaskRunner(address=address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": 2, "threads_per_worker": 1, "processes": True})
    raise ValueError(f"unknown runner {kind!r}: local or dask")


@contextmanager
def prefect_api() -> Iterator[None]:
    """Flow runs started here, and their process-pool workers, report to one Prefect API: the
    configured server (PREFECT_API_URL), or else an ephemeral server started here, once (each
    worker process would otherwise start one of its own)."""
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_API_URL, temporary_settings

    if PREFECT_API_URL.value():
        yield
        return
    server = SubprocessASGIServer()
    server.start()
    with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
        yield
