"""The `citewatch` command line."""
from __future__ import annotations

import os
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


@app.command()
def run(
    pdf_dir: Annotated[Path, typer.Option("--pdf-dir", help="Folder of PDFs to analyse (searched recursively).")],
    out: OutOpt = Path("outputs"),
    dataset: DatasetOpt = "ms-celeb-1m",
    batch_size: Annotated[int, typer.Option(help="PDFs per Parquet write.")] = 25,
    registry: RegistryOpt = None,
) -> None:
    """Analyse a folder of PDFs: mentions of the dataset, real use, and Parquet tables."""
    from flows.run import run_pdf_dir
    from models.profile import ProfileError

    try:
        summary = run_pdf_dir(str(pdf_dir), str(out), dataset, batch_size,
                              registry=str(registry) if registry else None)
    except (FileNotFoundError, ProfileError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    from rich.console import Console

    Console().print(summary.table())


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="SQL over the tables papers, mentions, findings (polars SQL).")],
    out: OutOpt = Path("outputs"),
    dataset: DatasetOpt = "ms-celeb-1m",
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
) -> None:
    """Run SQL over the Parquet outputs and print the result."""
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


@app.command(name="eval")
def eval_(
    gold: Annotated[Path, typer.Option("--gold", help="Hand labels, one JSON object per paper (gold.jsonl format).")],
    pdf_dir: Annotated[Path, typer.Option("--pdf-dir", help="Folder holding the gold papers' PDFs.")],
    dataset: DatasetOpt = "ms-celeb-1m",
    registry: RegistryOpt = None,
    matcher_pairs: Annotated[Optional[Path], typer.Option(
        help="Also score the registry matcher on a fixed sample of 2,000 (affiliation -> ROR ids) pairs "
             "from this .jsonl.gz file (../shared/registry/eval/...).")] = None,
) -> None:
    """Precision, recall and F1 against hand labels, with every error and its evidence."""
    from flows.evaluate import evaluate, load_gold
    from flows.run import load_registry
    from models.profile import load_profile

    reg = load_registry(str(registry) if registry else None)
    report = evaluate(load_gold(gold), pdf_dir, load_profile(dataset), reg)
    typer.echo("\n".join(report.lines()))
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
