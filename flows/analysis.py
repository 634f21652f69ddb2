"""Analysing a folder of PDFs into the tables: extract -> mentions -> usage -> Delta tables.

Plain Python, no Prefect: a one-off `--pdf-dir` run with no Prefect server to report to runs
`run_pdf_dir` here directly, its PDFs on the warmed processes of `worker_pool`, and never pays
for importing Prefect (about a second). flows/run.py wraps the same functions as a Prefect flow and
tasks for scheduled runs and runs that report to a server.

Each PDF is one task: a file that fails becomes a `papers` row with its status and reason, and
the run goes on. Results are written in batches (on the task runner's workers; without Prefect,
on a thread of this process), so memory stays flat however many PDFs there are, and a crash loses
at most the batches in flight. A batch's `papers` rows are written last: a reader that sees them
sees the batch's other rows too, and a rerun redoes any paper a crash left half-written. The run
holds its output for its whole duration (flows.lease) and its `runs` row says whether it completed.
"""
from __future__ import annotations

import datetime as dt
import functools
import gc
import hashlib
import json
import multiprocessing
import os
import sys
import uuid
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from extractors.lexicons import validate_lexicons
from extractors.nlp import load_pipeline
from extractors.pipeline import PaperResult, analyse_pdf, default_extractors, matcher_for
from flows.grobid import GrobidError, GrobidService, health_message
from flows.lease import exclusive_run
from flows.notify import announce
from flows.review import apply_reviews
from flows.storage import compact_if_needed, new_since_last_run, scan_table, upsert, versions
from models.profile import Profile, load_profile
from models.registry import Registry, RegistryError, default_cache_dir


@dataclass
class RunSummary:
    run_id: str
    out: Path
    dataset: str
    files: int = 0
    statuses: Counter = field(default_factory=Counter)
    users: list[str] = field(default_factory=list)
    variants: Counter = field(default_factory=Counter)
    needs_review: int = 0
    affiliations_rejected: int = 0       # strings that failed the organisation test (no table holds them)
    warnings: list[str] = field(default_factory=list)     # e.g. a notifier that failed

    def add(self, result: PaperResult) -> None:
        self.files += 1
        self.statuses[result.paper["status"]] += 1
        for finding in result.findings:
            if finding["uses_dataset"]:
                self.users.append(result.paper["source_path"])
                self.variants.update(finding["variants"])
            self.needs_review += bool(finding.get("needs_review"))
            self.affiliations_rejected += finding.get("affiliations_rejected") or 0

    def table(self) -> Table:
        t = Table(title=f"citewatch run {self.run_id} — {self.dataset}")
        t.add_column("what")
        t.add_column("count", justify="right")
        t.add_row("files", str(self.files))
        for status, n in sorted(self.statuses.items()):
            t.add_row(f"status {status}", str(n))
        t.add_row("papers using the dataset", str(len(self.users)))
        for variant, n in self.variants.most_common():
            t.add_row(f"  naming {variant}", str(n))
        t.add_row("flagged for review", str(self.needs_review))
        t.add_row("rejected affiliation strings", str(self.affiliations_rejected))
        t.add_row("output", str(self.out / self.dataset))
        for warning in self.warnings:
            t.add_row(f"[yellow]warning: {warning}", "")
        return t


def pdf_files(pdf_dir: Path) -> list[Path]:
    """Every file in the folder (recursively) that claims to be a PDF, in a stable order."""
    if not pdf_dir.is_dir():
        raise FileNotFoundError(f"--pdf-dir {pdf_dir} is not a folder")
    return sorted(p for p in pdf_dir.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")


def cache_root() -> Path:
    """Where downloaded PDFs, GROBID's TEI and other caches live: $CITEWATCH_CACHE_DIR or the
    user cache folder."""
    return Path(os.environ.get("CITEWATCH_CACHE_DIR") or default_cache_dir())


@functools.lru_cache(maxsize=None)
def profile_for(dataset: str) -> Profile:
    """The dataset profile, once per worker: the compiled name matcher is cached per profile object,
    so a profile parsed again for every PDF would rebuild it (and keep every copy)."""
    return load_profile(dataset)


@functools.lru_cache(maxsize=None)
def load_registry(path: str | None) -> Registry | None:
    """The institution registry, once per worker; None (with a warning) when there is none."""
    try:
        return Registry.load(path)
    except RegistryError as exc:
        warnings.warn(f"{exc}; affiliations are typed by name rules only", RuntimeWarning, stacklevel=2)
        return None


@functools.lru_cache(maxsize=None)
def grobid_service(url: str | None) -> GrobidService | None:
    """The GROBID client for this worker (TEI cached by PDF hash); None without a URL.

    A server that is down at start is never called: cached TEI is still used, every other PDF
    falls back to PyMuPDF with a status saying so.
    """
    if not url:
        return None
    service = GrobidService(url, cache_dir=cache_root() / "grobid")
    if not service.is_alive():
        warnings.warn(health_message(url), RuntimeWarning, stacklevel=2)
        service.max_failures = 0
    return service


def tei_for(data: bytes, url: str | None) -> bytes | GrobidError | None:
    service = grobid_service(url)
    if service is None:
        return None
    try:
        return service.process(data, hashlib.sha256(data).hexdigest())
    except GrobidError as exc:
        return exc


def analyse_file(path: str, dataset: str, registry: str | None = None, paper_id: str | None = None,
                 grobid_url: str | None = None) -> PaperResult:
    """Read one file and analyse it; spaCy, the registry and GROBID's client load once per worker.

    A known paper (`paper_id`, e.g. a discovered "s2:..." one) keeps its id as its source too, so
    its analysis replaces its discovery row.
    """
    profile = profile_for(dataset)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return PaperResult({"paper_id": f"unreadable:{path}", "source_path": path, "dataset": profile.slug,
                            "status": "unreadable", "error": str(exc), "extractor": "pymupdf"})
    return analyse_pdf(data, paper_id or path, profile, load_pipeline(), load_registry(registry), paper_id=paper_id,
                       tei=tei_for(data, grobid_url))


def write_batch(results: list[PaperResult], out: str, dataset: str, run_id: str) -> None:
    """Upsert one batch into every table, `papers` last; a rerun replaces each file's and paper's
    old rows."""
    root = Path(out)
    now = dt.datetime.now(dt.timezone.utc)
    papers = [{**r.paper, "run_id": run_id, "processed_at": now} for r in results]
    ids = [r.paper["paper_id"] for r in results] + stale_paper_ids(root, dataset, papers)
    first_seen = _first_seen(root, dataset, ids)
    for r in results:
        for row in r.findings:
            row["first_seen_run"] = first_seen.get(row["paper_id"]) or run_id
    apply_reviews(root, dataset, [row for r in results for row in r.findings], papers)   # decisions survive reruns
    tables = dict.fromkeys(t for r in results for t in r.tables() if t != "papers")
    for table in tables:
        upsert(root, dataset, table, [row for r in results for row in r.rows(table)], replace=ids)
    upsert(root, dataset, "papers", papers)


def _first_seen(out: Path, dataset: str, ids: list[str]) -> dict[str, str]:
    findings = scan_table(out, dataset, "findings")
    if findings is None:
        return {}
    return dict(findings.filter(pl.col("paper_id").is_in(ids)).select("paper_id", "first_seen_run").collect().iter_rows())


def stale_paper_ids(out: Path, dataset: str, papers: list[dict]) -> list[str]:
    """Paper ids that these files had before their content changed, and no other file still has."""
    old = scan_table(out, dataset, "papers")
    if old is None:
        return []
    paths = [p["source_path"] for p in papers]
    before = set(old.filter(pl.col("source_path").is_in(paths)).select("paper_id").collect()["paper_id"].to_list())
    before -= {p["paper_id"] for p in papers}
    if not before:
        return []
    still = old.filter(pl.col("paper_id").is_in(list(before)) & ~pl.col("source_path").is_in(paths))
    return sorted(before - set(still.select("paper_id").collect()["paper_id"].to_list()))


class BatchWriter:
    """A run's batch writes: each one a step where the run's steps run (a task on the runner's
    workers under Prefect, where Dask workers write concurrently; without Prefect, the writer
    thread of `worker_pool`), at most `in_flight` at once so memory stays flat, any failure raised here.
    Between batches this process compacts the tables that have grown too many files: only the
    run that holds the output compacts, so compactions never overlap (see storage.compact)."""

    def __init__(self, out: Path, dataset: str, run_id: str, in_flight: int = 2):
        self.out, self.dataset, self.run_id, self.in_flight = Path(out), dataset, run_id, in_flight
        self.pending: list = []

    def write(self, results: list[PaperResult]) -> None:
        self.pending.append(submit(write_batch, results, str(self.out), self.dataset, self.run_id))
        while len(self.pending) >= self.in_flight:
            self.pending.pop(0).result()
        compact_if_needed(self.out, self.dataset)

    def finish(self) -> None:
        while self.pending:
            self.pending.pop(0).result()


def default_workers() -> int:
    """One worker per core this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def warm_worker(dataset: str, registry: str | None) -> None:
    """What a worker process loads once, as it starts: spaCy, the profile and its name matcher, the
    registry and the signal extractors, so its first PDF costs what the others do. They live as long
    as the worker, so they are moved out of the garbage collector's sight (`gc.freeze`): every full
    collection would otherwise walk the registry and the model again, about 7 % of the analysis."""
    matcher_for(profile_for(dataset))
    load_pipeline()
    load_registry(registry)
    default_extractors()
    gc.collect()       # what loading left behind goes first: frozen garbage would stay for good
    gc.freeze()


_POOLS: ContextVar[tuple[Executor, Executor] | None] = ContextVar("citewatch_pools", default=None)


@contextmanager
def worker_pool(workers: int, dataset: str, registry: str | None = None) -> Iterator[None]:
    """Run `run_pdf_dir`'s steps without Prefect (inside this block): PDFs on `workers`
    warmed processes (forked on Linux; elsewhere spawned, or with one worker a thread of this
    process), batch writes on a thread of this process, so that workers never hold the Delta
    writer's memory. For a one-off
    `--pdf-dir` run with no Prefect server configured, which would otherwise wait seconds for a
    throwaway one."""
    warm = {"initializer": warm_worker, "initargs": (dataset, registry)}
    if sys.platform == "linux":
        # fork the workers at once, before this process starts any thread: they skip the imports
        # a spawned worker repeats (seconds), and load the models in parallel, each its own copy
        # (loaded here first, they would be shared, but this process would hold them too). Frozen
        # first, as the gc docs advise before a fork: the workers' collections then leave the
        # shared pages alone, and this process skips walking its imports at exit (about 0.6 s).
        gc.collect()
        gc.freeze()
        pool: Executor = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), **warm)
        pool.submit(os.getpid)      # a forking pool starts all its workers on the first task
    elif workers > 1:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), **warm)
    else:
        pool = ThreadPoolExecutor(max_workers=1, **warm)
    writer = ThreadPoolExecutor(max_workers=1)
    token = _POOLS.set((pool, writer))
    try:
        with writer, pool:
            yield
    finally:
        _POOLS.reset(token)


def submit(step: Callable, *args, **kwargs):
    """Start one step of a run (`analyse_file`, `write_batch`) where this run's steps run: on the
    pools of `worker_pool` when there are some, otherwise as the Prefect task of the same name
    (flows/run.py) on the flow run's task runner. Returns a future (`.result()`)."""
    pools = _POOLS.get()
    if pools is None:
        from flows import run     # Prefect's side: imported only by runs that use Prefect

        return getattr(run, step.__name__).submit(*args, **kwargs)
    workers, writer = pools
    return (writer if step is write_batch else workers).submit(step, *args, **kwargs)


def run_pdf_dir(pdf_dir: str, out: str = "outputs", dataset: str = "ms-celeb-1m", batch_size: int = 25,
                progress: bool = True, registry: str | None = None, grobid_url: str | None = None,
                wait: bool = True) -> RunSummary:
    """Analyse every PDF in a folder and write papers, mentions and findings as Delta tables."""
    profile = load_profile(dataset)
    validate_lexicons()  # a broken pattern file fails the run at once, naming file and line
    # largest first: the last PDFs to finish are then small ones, so no worker idles at the end
    files = sorted(pdf_files(Path(pdf_dir)), key=lambda p: -p.stat().st_size)
    summary = RunSummary(run_id=uuid.uuid4().hex[:12], out=Path(out), dataset=profile.slug)
    options = {"pdf_dir": pdf_dir, "dataset": dataset, "registry": registry, "grobid": bool(grobid_url)}
    console = Console(stderr=True)
    with recorded_run(Path(out), profile.slug, summary.run_id, options, wait) as counts, \
            Progress(TextColumn("[bold]analysing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                     TextColumn("{task.description}"), console=console, disable=not progress) as bar:
        job = bar.add_task("", total=len(files))
        writer = BatchWriter(Path(out), profile.slug, summary.run_id)
        batches = [[str(p) for p in files[start:start + batch_size]] for start in range(0, len(files), batch_size)]

        def analyse(paths: list[str]) -> list:
            return [submit(analyse_file, path, profile.slug, registry, grobid_url=grobid_url) for path in paths]

        upcoming = analyse(batches[0]) if batches else []
        for n, paths in enumerate(batches):
            # the next batch is queued before this one is collected, so workers never wait for a write
            futures, upcoming = upcoming, analyse(batches[n + 1]) if n + 1 < len(batches) else []
            batch = []
            for path, future in zip(paths, futures):
                batch.append(future.result())
                summary.add(batch[-1])
                bar.update(job, advance=1, description=Path(path).name)
            writer.write(batch)
        writer.finish()
        counts.update({"files": summary.files, **summary.statuses, "users": len(summary.users)})
        new_users, _ = new_since_last_run(Path(out), profile.slug, summary.run_id)
        counts["new_users"] = len(new_users)
        summary.warnings = announce(Path(out), profile.slug, summary.run_id, new_users, counts)
    return summary


@contextmanager
def recorded_run(out: Path, dataset: str, run_id: str, options: dict, wait: bool = True) -> Iterator[dict]:
    """Hold the output for one run and keep its `runs` row: `running` from the start, then
    `completed` with the counts the body filled in and every table's version (what the next run
    time-travels to), or `failed`. A row still `running` when a run takes the output belongs to a
    run that was killed (it would still hold the output otherwise): it becomes `interrupted`."""
    with exclusive_run(out, dataset, run_id, wait):
        close_interrupted_runs(out, dataset)
        started = dt.datetime.now(dt.timezone.utc)
        counts: dict = {}
        record_run(out, dataset, run_id, started, counts, options, "running")
        try:
            yield counts
        except BaseException:
            record_run(out, dataset, run_id, started, counts, options, "failed")
            raise
        record_run(out, dataset, run_id, started, counts, options, "completed", versions(out, dataset))


def close_interrupted_runs(out: Path, dataset: str) -> None:
    """Mark `interrupted` the runs recorded as `running` (call it while holding the output)."""
    runs = scan_table(out, dataset, "runs")
    if runs is None:
        return
    stale = runs.filter(pl.col("status") == "running").collect()
    if stale.height:
        upsert(out, dataset, "runs", stale.with_columns(status=pl.lit("interrupted")).to_dicts())


def record_run(out: Path, dataset: str, run_id: str, started: dt.datetime, counts: dict, options: dict,
               status: str, table_versions: dict[str, int] | None = None) -> None:
    """The run's manifest row (never secrets in options)."""
    upsert(out, dataset, "runs", [{"run_id": run_id, "started": started, "dataset": dataset, "status": status,
                                   "finished": None if status == "running" else dt.datetime.now(dt.timezone.utc),
                                   "counts": json.dumps(counts), "options": json.dumps(options),
                                   "versions": json.dumps(table_versions) if table_versions is not None else None}])
