"""Benchmark: the citewatch pipeline against bare PyMuPDF text extraction on the same PDFs.

Run on demand (not in CI):  python bench/bench_pipeline.py --pdf-dir ../shared/corpus/pdf
Prints pages/s for both, their ratio in wall and in CPU time, and peak memory after each pass over
the files: the pipeline streams documents, so peak memory must not grow with the number of PDFs.
"""
from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

import pymupdf

from extractors.nlp import load_pipeline
from extractors.pipeline import analyse_pdf
from flows.analysis import load_registry, profile_for, warm_worker


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bare(path: Path) -> int:
    """Plain PyMuPDF text extraction of one file: the floor the pipeline is compared with."""
    with pymupdf.open(path) as doc:
        for page in doc:
            page.get_text()
        return doc.page_count


def timed(fn, *args) -> tuple[object, float, float]:
    """fn(*args), its wall time and its CPU time (this process only: other programs on the
    machine do not count, the host's own slowdowns still do)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn(*args)
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pdf-dir", type=Path, default=Path("../shared/corpus/pdf"))
    ap.add_argument("--dataset", default="ms-celeb-1m")
    ap.add_argument("--passes", type=int, default=3, help="passes over the files, to show memory stays flat")
    ap.add_argument("--registry", type=Path, help="institution registry folder (default: as a run, the per-user data folder)")
    args = ap.parse_args()
    files = sorted(args.pdf_dir.glob("*.pdf"))
    registry_dir = str(args.registry) if args.registry else None
    warm_worker(args.dataset, registry_dir)        # what a run's worker loads once: not timed
    profile, nlp, registry = profile_for(args.dataset), load_pipeline(), load_registry(registry_dir)
    print(f"{len(files)} PDFs in {args.pdf_dir}")
    for n in range(1, args.passes + 1):
        # each file is read bare and then by the pipeline, so a slow spell of the machine hits both
        pages, totals = 0, {"bare": [0.0, 0.0], "pipeline": [0.0, 0.0]}
        for f in files:
            count, wall, cpu = timed(bare, f)
            pages += count
            totals["bare"][0] += wall
            totals["bare"][1] += cpu
            _, wall, cpu = timed(analyse_pdf, f.read_bytes(), str(f), profile, nlp, registry)
            totals["pipeline"][0] += wall
            totals["pipeline"][1] += cpu
        (bare_wall, bare_cpu), (pipe_wall, pipe_cpu) = totals["bare"], totals["pipeline"]
        print(f"pass {n}: bare PyMuPDF {pages / bare_wall:6.1f} pages/s ({bare_wall:.2f} s) | "
              f"pipeline {pages / pipe_wall:6.1f} pages/s ({pipe_wall:.2f} s) | "
              f"ratio {pipe_wall / bare_wall:.2f}x wall, {pipe_cpu / bare_cpu:.2f}x CPU | peak RSS {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
