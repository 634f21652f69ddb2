"""The `citewatch` command line."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(help="Find out who uses a withdrawn dataset, and for what, from the papers that cite it.",
                  no_args_is_help=True, add_completion=False)

DatasetOpt = Annotated[str, typer.Option("--dataset", "-d", help="Dataset profile: a slug in models/datasets/ or a YAML path.")]
RegistryOpt = Annotated[Optional[Path], typer.Option(
    "--registry", envvar="CITEWATCH_REGISTRY",
    help="Institution registry folder (laid out like ../shared/registry); default: the per-user data folder.")]
OutOpt = Annotated[Path, typer.Option("--out", "-o", help="Output root; tables go to <out>/<dataset>/<table>/.")]
NotifyOpt = Annotated[Optional[list[str]], typer.Option(
    "--notify", envvar="CITEWATCH_NOTIFY", show_default=False,
    help="Send a digest of new users after each run to this Apprise URL (mailto://, slack://, json://, ...); "
         "repeatable. Secrets in it are never printed or stored.")]


@app.command()
def run(
    ctx: typer.Context,
    dataset: DatasetOpt = "ms-celeb-1m",
    out: OutOpt = Path("outputs"),
    pdf_dir: Annotated[Optional[Path], typer.Option(
        "--pdf-dir", help="Analyse this folder of PDFs (searched recursively) instead of discovering papers.")] = None,
    papers_csv: Annotated[Optional[Path], typer.Option(
        "--papers-csv", help="Analyse the papers listed in this CSV (paperId, title, abstract, year, venue, "
                             "arxivId, doi, pdfUrl) instead of discovering them.")] = None,
    since: Annotated[Optional[dt.datetime], typer.Option(
        formats=["%Y-%m-%d"], help="Only citing papers published on or after this date.")] = None,
    registry: RegistryOpt = None,
    cache_dir: Annotated[Optional[Path], typer.Option(
        envvar="CITEWATCH_PDF_CACHE", help="Downloaded PDFs (content-addressed); default: the user cache folder.")] = None,
    s2_rate: Annotated[float, typer.Option(help="Requests per second to each index (Semantic Scholar, OpenAlex).")] = 1.0,
    sources: Annotated[str, typer.Option(
        help="Where to discover papers, comma-separated: s2 (Semantic Scholar citations), openalex "
             "(OpenAlex citations), snippet (Semantic Scholar full-text search for the dataset's names). "
             "One that cannot be reached is skipped with a warning.")] = "s2,openalex,snippet",
    concurrency: Annotated[int, typer.Option(help="PDF downloads at once.")] = 4,
    per_host_rate: Annotated[float, typer.Option(help="PDF requests per second to one host.")] = 1.0,
    batch_size: Annotated[int, typer.Option(help="Papers per write (one Delta commit per table).")] = 25,
    grobid_url: Annotated[Optional[str], typer.Option(
        envvar="GROBID_URL", help="A GROBID server (e.g. http://localhost:8070) for better headers, "
                                  "affiliations, funders and citation links; without one PyMuPDF alone is used.")] = None,
    runner: Annotated[str, typer.Option(help="Where analysis tasks run: local, or dask (needs the dask extra).")] = "local",
    workers: Annotated[Optional[int], typer.Option(
        min=1, help="Local worker processes analysing PDFs (default: one per core); 1 analyses them one at "
                    "a time.")] = None,
    wait: Annotated[bool, typer.Option(
        "--wait/--no-wait", help="When another run is writing into the same output: wait for it (default), "
                                 "or stop at once naming it.")] = True,
    dask_address: Annotated[Optional[str], typer.Option(
        help="Dask scheduler address (tcp://host:8786) for --runner dask; default: a local cluster of 2 workers.")] = None,
    notify: NotifyOpt = None,
) -> None:
    """The main job: discover papers citing the dataset's seeds, fetch open-access PDFs, analyse them.

    Runs are incremental: only new citations, due fetches and new PDFs are processed. With
    --pdf-dir or --papers-csv no discovery happens (for offline use).
    """
    from rich.console import Console

    from flows.discover import S2Error
    from flows.grobid import GrobidService, health_message
    from flows.lease import OutputBusy
    from flows.storage import CommitConflict
    from models.profile import ProfileError

    if grobid_url and not GrobidService(grobid_url, timeout=10).is_alive():
        typer.echo(f"warning: {health_message(grobid_url)}", err=True)

    from flows.notify import notifying

    ctx.with_resource(notifying(notify or []))   # the flow reads the URLs there, never as parameters
    try:
        from flows.analysis import default_workers, pdf_files
        from flows.prefect_settings import prefect_configured

        registry_dir = str(registry) if registry else None
        workers = workers or default_workers()
        if pdf_dir is not None:
            workers = min(workers, len(pdf_files(pdf_dir)) or 1)      # no more workers than PDFs
            args = (str(pdf_dir), str(out), dataset, batch_size)
            options = {"registry": registry_dir, "grobid_url": grobid_url, "wait": wait}
            if runner == "local" and not prefect_configured():
                # a one-off run with no Prefect server to report to: the run's steps on a local pool,
                # without importing Prefect (a second) or starting a throwaway server (seconds) to
                # keep records nobody reads
                from flows.analysis import run_pdf_dir, worker_pool

                with worker_pool(workers, dataset, registry_dir):
                    summary = run_pdf_dir(*args, **options)
            else:
                from flows.run import prefect_api, run_pdf_dir, task_runner

                tasks = task_runner(runner, dask_address, workers, dataset, registry_dir)
                with prefect_api():
                    summary = run_pdf_dir.with_options(task_runner=tasks)(*args, **options)
        else:
            from flows.run import prefect_api, task_runner
            from flows.sources import parse_sources, reachable_sources

            tasks = task_runner(runner, dask_address, workers, dataset, registry_dir)
            from flows.watch import run_dataset

            chosen = parse_sources(sources)
            if papers_csv is None:       # no network: say so now, not after starting Prefect
                chosen, warnings = reachable_sources(chosen)
                for warning in warnings:
                    typer.echo(f"warning: {warning}", err=True)

            with prefect_api():
                summary = run_dataset.with_options(task_runner=tasks)(dataset, str(out), since=since.date() if since else None,
                                      papers_csv=str(papers_csv) if papers_csv else None,
                                      registry=str(registry) if registry else None,
                                      cache_dir=str(cache_dir) if cache_dir else None, rate=s2_rate,
                                      concurrency=concurrency, per_host_rate=per_host_rate, batch_size=batch_size,
                                      grobid_url=grobid_url, wait=wait, sources=chosen)
    except (FileNotFoundError, ProfileError, S2Error, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    except OutputBusy as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(3) from exc
    except CommitConflict as exc:
        typer.echo(f"error: {exc}; the tables hold every batch committed before it, and a rerun redoes the rest",
                   err=True)
        raise typer.Exit(4) from exc
    Console().print(summary.table())


@app.command()
def serve(
    dataset: DatasetOpt = "ms-celeb-1m",
    out: OutOpt = Path("outputs"),
    cron: Annotated[str, typer.Option(help="When to run (cron, UTC).")] = "0 3 * * 1",
    registry: RegistryOpt = None,
    name: Annotated[str, typer.Option(help="Deployment name.")] = "weekly",
    notify: NotifyOpt = None,
) -> None:
    """Serve the main job as a Prefect deployment on a cron schedule (needs a Prefect server)."""
    from flows.notify import notifying
    from flows.watch import deployment

    from prefect import serve as prefect_serve

    with notifying(notify or []):      # the deployment's runs read the URLs here, never as parameters
        prefect_serve(deployment(dataset, str(out.resolve()), cron, str(registry) if registry else None, name))


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="SQL over the tables papers, mentions, findings ... (polars SQL).")],
    out: OutOpt = Path("outputs"),
    dataset: DatasetOpt = "ms-celeb-1m",
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
) -> None:
    """Run SQL over the Delta tables of the output and print the result."""
    from flows.query import render, run_query

    if fmt not in ("table", "csv", "json"):
        raise typer.BadParameter("--format must be table, csv or json")
    try:
        df = run_query(sql, out, dataset)
    except FileNotFoundError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    except Exception as exc:  # polars SQL errors: show them, not a traceback
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    sys.stdout.write(render(df, fmt) + ("\n" if fmt == "table" else ""))


@app.command()
def compact(
    out: OutOpt = Path("outputs"),
    dataset: DatasetOpt = "ms-celeb-1m",
    retention_hours: Annotated[int, typer.Option(
        help="Keep the files older versions need for this long (time travel); the versions the last "
             "completed run recorded are always kept.")] = 24 * 30,
) -> None:
    """Compact each table's small files into large ones and delete files no kept version needs.

    Runs do this by themselves when a table has too many files. It waits for a run writing into
    the output to finish.
    """
    from flows.lease import exclusive_run
    from flows.storage import compact as compact_tables

    with exclusive_run(out, dataset, "compact"):
        done = compact_tables(out, dataset, retention_hours=retention_hours)
    if not done:
        typer.echo(f"no tables under {out / dataset}")
    for table, n in done.items():
        typer.echo(f"{table}: {n['files_before']} -> {n['files_after']} data files, {n['vacuumed']} files deleted")


@app.command()
def migrate(
    out: OutOpt = Path("outputs"),
    dataset: DatasetOpt = "ms-celeb-1m",
) -> None:
    """Turn tables written in the old one-file layout (<table>/part-0.parquet) into Delta tables,
    keeping every row. Writes do it by themselves; this does it for all tables at once."""
    from flows.lease import exclusive_run
    from flows.storage import migrate as migrate_tables

    with exclusive_run(out, dataset, "migrate"):
        done = migrate_tables(out, dataset)
    typer.echo(f"migrated {', '.join(done)}" if done else f"nothing to migrate under {out / dataset}")


@app.command(name="eval")
def eval_(
    gold: Annotated[Path, typer.Option("--gold", help="Hand labels, one JSON object per paper (gold.jsonl format).")],
    pdf_dir: Annotated[Path, typer.Option("--pdf-dir", help="Folder holding the gold papers' PDFs.")],
    dataset: DatasetOpt = "ms-celeb-1m",
    registry: RegistryOpt = None,
    matcher_pairs: Annotated[Optional[Path], typer.Option(
        help="Also score the registry matcher on a fixed sample of 2,000 (affiliation -> ROR ids) pairs "
             "from this .jsonl.gz file (../shared/registry/eval/...).")] = None,
    by_source: Annotated[bool, typer.Option(
        "--by-source", help="Also score each source group (the source_repo column of the MANIFEST.csv beside "
                            "the gold file, or --manifest) separately.")] = False,
    manifest: Annotated[Optional[Path], typer.Option(help="MANIFEST.csv for --by-source.")] = None,
) -> None:
    """Precision, recall and F1 against hand labels, with every error and its evidence."""
    from flows.evaluate import evaluate, load_gold
    from flows.analysis import load_registry
    from models.profile import load_profile

    from flows.eval_signals import evaluate_signals

    from flows.evaluate import by_source_lines, load_sources

    reg = load_registry(str(registry) if registry else None)
    records = load_gold(gold)
    sources = None
    if by_source:
        manifest = manifest or gold.parent / "MANIFEST.csv"
        if not manifest.is_file():
            raise typer.BadParameter(f"--by-source needs a MANIFEST.csv: {manifest} not found (use --manifest)")
        sources = load_sources(manifest)
    report, results, groups = evaluate(records, pdf_dir, load_profile(dataset), reg, sources)
    typer.echo("\n".join(report.lines()))
    if groups:
        typer.echo("\n" + "\n".join(by_source_lines(groups)))
    typer.echo("\n" + "\n".join(evaluate_signals(records, results)))
    if matcher_pairs and reg is not None:
        from flows.eval_matcher import evaluate_matcher

        result = evaluate_matcher(reg, matcher_pairs)
        typer.echo("\nregistry matcher on 2,000 ROR affiliation pairs (seed 0):")
        for kind in ("all", "confident"):
            r = result[kind]
            typer.echo(f"  {kind:10} precision {r['precision']:.3f}  recall (all gold ids) {r['recall_all']:.3f}  "
                       f"recall (gold id in registry) {r['recall_in_registry']:.3f}")


registry_app = typer.Typer(help="The offline institution registry (ROR + overlays).", no_args_is_help=True)
app.add_typer(registry_app, name="registry")


@registry_app.command("fetch")
def registry_fetch(
    dest: Annotated[Optional[Path], typer.Option("--registry", envvar="CITEWATCH_REGISTRY",
                                                 help="Folder to fill; default: the per-user data folder.")] = None,
) -> None:
    """Download the registry sources (ROR dump from Zenodo, Hipo universities, MISP clusters)."""
    from flows.registry_fetch import FetchError, fetch_registry
    from models.registry import default_registry_dir

    target = dest or default_registry_dir()
    try:
        written = fetch_registry(target)
    except FetchError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    for path in written:
        typer.echo(f"wrote {path}")


review_app = typer.Typer(help="Human review: export the papers to check, import the decisions, "
                                "turn them into gold labels.", no_args_is_help=True)
app.add_typer(review_app, name="review")
FileOpt = Annotated[Path, typer.Option("--file", "-f", help="The file to write.")]


@review_app.command("export")
def review_export(
    file: FileOpt,
    out: OutOpt = Path("outputs"),
    dataset: DatasetOpt = "ms-celeb-1m",
    everything: Annotated[bool, typer.Option(
        "--all", help="Every paper naming the dataset, not only those "
                      "flagged for review and not yet verified.")] = False,
) -> None:
    """Write the papers to check as CSV: the machine's verdict, quotes with pages, institutions, signals,
    and empty decision (use / not_use / unsure), usage and note columns to fill in."""
    from flows.review import export

    n = export(out, dataset, file, everything)
    typer.echo(f"wrote {n} papers to {file}")


@review_app.command("import")
def review_import(
    file: Annotated[Path, typer.Argument(help="A review CSV written by `citewatch review export`, filled in.")],
    out: OutOpt = Path("outputs"),
    dataset: DatasetOpt = "ms-celeb-1m",
    reviewer: Annotated[Optional[str], typer.Option(help="Who decided; default: the login name.")] = None,
) -> None:
    """Store the decisions (the reviews table) and apply them to findings: uses_dataset and usage follow
    the reviewer, verified is true. Any bad line (unknown paper, bad decision, duplicate) stops it, and
    nothing is written."""
    import getpass

    from flows.review import ReviewFileError, import_reviews

    try:
        done = import_reviews(out, dataset, file, reviewer or getpass.getuser())
    except (ReviewFileError, FileNotFoundError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"imported {done['imported']} decisions ({done['unchanged']} unchanged) into {out / dataset}")


@review_app.command("gold")
def review_gold(
    file: FileOpt,
    out: OutOpt = Path("outputs"),
    dataset: DatasetOpt = "ms-celeb-1m",
) -> None:
    """Write the reviewed papers as gold labels (gold.jsonl format) for `citewatch eval --gold FILE`."""
    from flows.review import write_gold

    n, skipped = write_gold(out, dataset, file)
    typer.echo(f"wrote {n} reviewed papers to {file}")
    for reason in skipped:
        typer.echo(f"  left out {reason}")


@app.command()
def report(
    out: OutOpt = Path("outputs"),
    dataset: DatasetOpt = "ms-celeb-1m",
    html: Annotated[Optional[Path], typer.Option(help="Where to write the report; default <out>/<dataset>/report.html.")] = None,
) -> None:
    """A self-contained HTML report of the outputs: users over time, variants, sectors, countries,
    institutions, company and surveillance-flagged papers, every claim linked to its quote."""
    from flows.report import write_report

    path = write_report(out, dataset, html or out / dataset / "report.html")
    typer.echo(f"wrote {path}")


@app.command()
def profiles() -> None:
    """List the dataset profiles that can be watched."""
    from models.profile import available_profiles, load_profile

    for slug in available_profiles():
        p = load_profile(slug)
        typer.echo(f"{slug}\t{p.name}\twithdrawn {p.withdrawn or '-'}\t{len(p.variants)} variants")


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
