"""The main job: discover papers citing a dataset's seeds, fetch open-access PDFs, analyse, store.

`citewatch run --dataset ms-celeb-1m` runs this flow; a schedule (`citewatch serve`) repeats it.
Every run is incremental: only citations not stored before are written, only papers whose last
fetch is due are fetched (never one already in the cache), only newly fetched PDFs are
analysed, and papers with no PDF are judged once from their citation contexts and abstract.
Data flows one way: discover -> fetch -> analyse -> store; the `runs` table records each run and
the table versions it left, and "new since the last run" compares the tables with those versions.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from prefect import flow, task
from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import unmapped
from rich.table import Table

from extractors.lexicons import validate_lexicons
from extractors.nlp import load_pipeline
from extractors.pipeline import PaperResult, analyse_snippets
from flows.discover import SOURCES, Discovery, DiscoveredPaper, paper_columns, papers_from_csv, rows_for
from flows.fetch import PdfCache, due, fetch_all, fetch_rows
from flows.notify import announce
from flows.analysis import BatchWriter, cache_root, recorded_run
from flows.run import analyse_file, task_runner
from flows.sources import discover_sources
from flows.storage import last_completed_run, new_since_last_run, read_table, scan_table, upsert
from models.profile import Profile, load_profile


@dataclass
class WatchSummary:
    run_id: str
    dataset: str
    out: Path
    counts: dict = field(default_factory=dict)
    new_users: list[dict] = field(default_factory=list)
    new_institutions: list[str] = field(default_factory=list)

    def table(self) -> Table:
        t = Table(title=f"citewatch run {self.run_id} — {self.dataset}")
        t.add_column("what")
        t.add_column("count", justify="right")
        for name, value in self.counts.items():
            t.add_row(name.replace("_", " "), str(value))
        t.add_row("new users since the last run", str(len(self.new_users)))
        for user in self.new_users[:20]:
            t.add_row(f"  {user['year'] or '?'} {str(user['title'])[:70]}", ", ".join(user["usage"]))
        t.add_row("new institutions among users", str(len(self.new_institutions)))
        for name in self.new_institutions[:20]:
            t.add_row(f"  {name}", "")
        t.add_row("output", str(self.out / self.dataset))
        return t


@task(name="discover-citations", cache_policy=NO_CACHE, retries=0)
def discover_task(dataset: str, rate: float, sources: tuple[str, ...],
                  openalex_since: dt.date | None = None) -> tuple[Discovery, list[str]]:
    """Page through the citations of every seed in each source (API keys come from the
    environment, never a parameter)."""
    return discover_sources(load_profile(dataset), sources, rate, openalex_since)


@task(name="fetch-pdfs", cache_policy=NO_CACHE)
def fetch_task(papers: list[DiscoveredPaper], cache_dir: str, concurrency: int, per_host_rate: float):
    return fetch_all(papers, PdfCache(cache_dir), concurrency=concurrency, per_host_rate=per_host_rate)


def _since(papers: list[DiscoveredPaper], since: dt.date | None) -> list[DiscoveredPaper]:
    if since is None:
        return papers
    return [p for p in papers
            if (p.publication_date and p.publication_date >= since) or (not p.publication_date and p.year and p.year >= since.year)]


def _store_discovery(out: Path, profile: Profile, rows: dict[str, list[dict]]) -> dict[str, int]:
    """Write only what is new: old citation rows keep their first sighting, old paper rows their
    analysis (a known paper another source has now found only gains that source and its
    OpenAlex id)."""
    stored = {r["paper_id"]: r for r in read_table(out, profile.slug, "papers").to_dicts()}
    old = read_table(out, profile.slug, "citations")
    known_citations = set(zip(old["paper_id"].to_list(), old["seed_id"].to_list(),
                              old["source"].fill_null("s2").to_list()))     # rows from before sources: S2's
    papers = [r for r in rows["papers"] if r["paper_id"] not in stored]
    grown = []
    for row in rows["papers"]:
        before = stored.get(row["paper_id"])
        if before is None:
            continue
        found_by = [s for s in SOURCES if s in (before["found_by"] or []) + row["found_by"]]
        if found_by != (before["found_by"] or []) or (row["openalex_id"] and not before["openalex_id"]):
            grown.append({**before, "found_by": found_by, "openalex_id": before["openalex_id"] or row["openalex_id"]})
    citations = [r for r in rows["citations"] if (r["paper_id"], r["seed_id"], r["source"]) not in known_citations]
    if citations:
        upsert(out, profile.slug, "citations", citations)
    if papers or grown:
        upsert(out, profile.slug, "papers", papers + grown)
    return {"new_papers": len(papers), "new_citations": len(citations), "papers_found_by_more_sources": len(grown)}


def _analysed(out: Path, dataset: str) -> set[str]:
    """Papers whose analysis was stored: their `papers` row, written after all their other rows,
    is no longer the discovery row (so a paper a crash left half-written is analysed again)."""
    papers = scan_table(out, dataset, "papers")
    if papers is None:
        return set()
    return set(papers.filter(pl.col("status") != "discovered").select("paper_id").collect()["paper_id"].to_list())


def _with_metadata(result: PaperResult, paper: DiscoveredPaper) -> PaperResult:
    """The analysis row keeps what discovery knew (DOI, venue, open-access URL ...)."""
    meta = paper_columns(paper)
    result.paper = {**meta, **{k: v for k, v in result.paper.items() if v is not None},
                    "title": result.paper.get("title") or paper.title,
                    "year": paper.year or result.paper.get("year")}
    for row in result.findings:
        row["year"] = paper.year or row.get("year")
        row["title"] = paper.title or row.get("title")
    return result


@flow(name="citewatch-dataset", log_prints=True, task_runner=ThreadPoolTaskRunner(max_workers=1))
def run_dataset(dataset: str = "ms-celeb-1m", out: str = "outputs", since: dt.date | None = None,
                papers_csv: str | None = None, registry: str | None = None, cache_dir: str | None = None,
                rate: float = 1.0, concurrency: int = 4, per_host_rate: float = 1.0,
                batch_size: int = 25, grobid_url: str | None = None, wait: bool = True,
                sources: tuple[str, ...] = SOURCES) -> WatchSummary:
    """Discover -> fetch -> analyse -> store, doing only what earlier runs have not done."""
    profile = load_profile(dataset)
    validate_lexicons()  # a broken pattern file fails the run at once, naming file and line
    root = Path(out)
    run_id = uuid.uuid4().hex[:12]
    options = {"dataset": dataset, "since": str(since) if since else None, "papers_csv": papers_csv,
               "rate": rate, "concurrency": concurrency, "s2_api_key": bool(os.environ.get("S2_API_KEY")),
               "sources": list(sources)}
    with recorded_run(root, profile.slug, run_id, options, wait) as counts:
        summary = WatchSummary(run_id=run_id, dataset=profile.slug, out=root, counts=counts)

        # 1. discover (fails fast, before any paper is written, when the API cannot be reached)
        if papers_csv:
            discovery = Discovery()
            for paper in papers_from_csv(papers_csv):
                discovery.papers.setdefault(paper.paper_id, paper)
        else:
            discovery, warnings = discover_task(profile.slug, rate, tuple(sources), _openalex_since(root, profile.slug))
            for warning in warnings:
                print(f"warning: {warning}")
            counts["sources_ran"] = discovery.sources
            counts["sources_skipped"] = [s for s in sources if s not in discovery.sources]
            discovery.adopt(read_table(root, profile.slug, "papers").to_dicts())
        papers = _since(list(discovery.papers.values()), since)
        keep = {p.paper_id for p in papers}
        discovery.citations = {k: c for k, c in discovery.citations.items() if c.paper_id in keep}
        discovery.papers = {p.paper_id: p for p in papers}
        counts.update({"papers_discovered": len(papers), "citations_discovered": len(discovery.citations)})
        counts |= {f"found_by_{combo}": n for combo, n in discovery.supplied().items()}
        counts |= _store_discovery(root, profile, rows_for(discovery, run_id, profile.slug))

        # 2. fetch what is due
        previous = {r["paper_id"]: r for r in read_table(root, profile.slug, "fetches").to_dicts()}
        todo = [p for p in papers if due(previous.get(p.paper_id))]
        pdf_dir = str(Path(cache_dir) if cache_dir else cache_root() / "pdfs")
        fetched = fetch_task(todo, pdf_dir, concurrency, per_host_rate) if todo else []
        if fetched:
            upsert(root, profile.slug, "fetches", fetch_rows(fetched, run_id, profile.slug))
        counts["fetch_attempts"] = len(fetched)
        counts["downloaded"] = sum(1 for r in fetched if r.ok and not r.cached)
        for status in sorted({r.status for r in fetched}):
            counts[f"fetch_{status}"] = sum(1 for r in fetched if r.status == status)

        # 3. analyse new PDFs; judge papers without one from their citation contexts, snippet-search
        #    passages and abstract
        analysed = _analysed(root, profile.slug)
        by_id = {p.paper_id: p for p in papers}
        cache = PdfCache(pdf_dir)
        results: list[PaperResult] = []
        new_pdfs = [r for r in fetched if r.ok and r.paper_id not in analysed]
        futures = analyse_file.map([str(cache.path(r.sha256)) for r in new_pdfs], unmapped(profile.slug),
                                   unmapped(registry), paper_id=[r.paper_id for r in new_pdfs],
                                   grobid_url=unmapped(grobid_url))
        results += [_with_metadata(f.result(), by_id[r.paper_id]) for r, f in zip(new_pdfs, futures)]
        with_pdf = {r.paper["paper_id"] for r in results} | {p for p, row in previous.items() if row["status"] == "ok"}
        counts["affiliations_disagree_openalex"] = sum(
            _disagree(r.affiliations, by_id[r.paper["paper_id"]].affiliations) for r in results)
        contexts = _contexts(discovery)
        nlp = load_pipeline()
        index_affiliations: dict[str, list[dict]] = {}      # papers judged without a PDF: OpenAlex's
        for paper in papers:
            if paper.paper_id in analysed or paper.paper_id in with_pdf:
                continue
            snippets = [("citation_context", c) for c in contexts.get(paper.paper_id, [])]
            snippets += [("snippet", text) for text in discovery.snippets.get(paper.paper_id, [])]
            snippets += [("abstract", paper.abstract)] if paper.abstract else []
            result = analyse_snippets(snippets, paper.paper_id, profile, nlp, title=paper.title, year=paper.year)
            rows = [{**row, "paper_id": paper.paper_id, "dataset": profile.slug} for row in paper.affiliations]
            if result is not None:
                results.append(_with_affiliations(_with_metadata(result, paper), rows))
            elif rows:
                index_affiliations[paper.paper_id] = rows
        if index_affiliations:
            upsert(root, profile.slug, "affiliations", [r for rows in index_affiliations.values() for r in rows],
                   replace=list(index_affiliations))
        counts["affiliations_from_openalex"] = sum(len(r.affiliations) for r in results if not r.paper.get("pdf_sha256")) \
            + sum(map(len, index_affiliations.values()))
        writer = BatchWriter(root, profile.slug, run_id)
        for start in range(0, len(results), batch_size):
            writer.write(results[start:start + batch_size])
        writer.finish()
        counts["analysed_full_text"] = len(new_pdfs)
        counts["analysed_from_snippets"] = len(results) - len(new_pdfs)

        # 4. what is new (recorded_run then completes the run's record)
        summary.new_users, summary.new_institutions = new_since_last_run(root, profile.slug, run_id)
        counts["new_users"] = len(summary.new_users)
        announce(root, profile.slug, run_id, summary.new_users, counts)     # warnings land in counts
        return summary
    return summary


def _contexts(discovery: Discovery) -> dict[str, list[str]]:
    contexts: dict[str, list[str]] = {}
    for citation in discovery.citations.values():
        contexts.setdefault(citation.paper_id, []).extend(citation.contexts)
    return contexts


def _openalex_since(out: Path, dataset: str) -> dt.date | None:
    """Ask OpenAlex only for works created since the day before the last completed run that
    asked it (a day's overlap: creation dates are days, and the run took time)."""
    last = last_completed_run(out, dataset)
    if last is None or "openalex" not in json.loads(last.get("counts") or "{}").get("sources_ran", []):
        return None
    return last["started"].date() - dt.timedelta(days=1)


def _with_affiliations(result: PaperResult, rows: list[dict]) -> PaperResult:
    """A paper judged without its PDF takes OpenAlex's affiliations, and its finding their sectors
    and countries."""
    if not rows:
        return result
    result.affiliations = rows
    sectors = sorted({r["sector"] for r in rows if r.get("sector")})
    for finding in result.findings:
        finding.update(sectors=sectors, countries=sorted({r["country"] for r in rows if r.get("country")}),
                       has_company="company" in sectors, has_military="military" in sectors)
    return result


def _disagree(pdf_rows: list[dict], index_rows: tuple[dict, ...]) -> bool:
    """The PDF's affiliations and OpenAlex's name no common institution (by ROR id, else by
    country), both having some: the PDF's win, the disagreement is counted."""
    pdf_ror = {r["ror_id"].rsplit("/", 1)[-1] for r in pdf_rows if r.get("ror_id")}
    index_ror = {r["ror_id"].rsplit("/", 1)[-1] for r in index_rows if r.get("ror_id")}
    if pdf_ror and index_ror:
        return not pdf_ror & index_ror
    pdf_c = {r["country"] for r in pdf_rows if r.get("country")}
    index_c = {r["country"] for r in index_rows if r.get("country")}
    return bool(pdf_c and index_c and not pdf_c & index_c)


def deployment(dataset: str, out: str, cron: str, registry: str | None = None, name: str = "weekly"):
    """The main job as a scheduled Prefect deployment (served by `citewatch serve`).

    One deployment is one dataset and output, and it runs at most once at a time: a run that
    comes due (or is started by hand) while another is active is cancelled, not queued. Runs are
    incremental, so the next one picks up whatever the cancelled one would have done, and runs
    slower than the schedule never pile up. Its PDFs are analysed on a process per core.
    """
    return run_dataset.with_options(task_runner=task_runner("local", dataset=dataset, registry=registry)).to_deployment(
        name=f"{dataset}-{name}", cron=cron, tags=["citewatch", dataset],
        parameters={"dataset": dataset, "out": out, "registry": registry},
        concurrency_limit=ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW),
        description="Discover, fetch and analyse new papers citing the dataset's seeds.")
