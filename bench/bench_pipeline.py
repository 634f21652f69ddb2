"""Benchmark: the citewatch pipeline against bare PyMuPDF text extraction on the same PDFs.

Run on demand (not in CI):  python bench/bench_pipeline.py --pdf-dir ../shared/corpus/pdf
Prints pages/s for both, their ratio, and peak memory after each pass over the files: the
pipeline streams documents, so peak memory must not grow with the number of PDFs processed.
"""
from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

import pymupdf

from extractors.nlp import load_pipeline
from extractors.pipeline import analyse_pdf
from models.profile import load_profile
from models.registry import Registry


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bare(files: list[Path]) -> tuple[int, float]:
    start, pages = time.perf_counter(), 0
    for f in files:
        with pymupdf.open(f) as doc:
            for page in doc:
                page.get_text()
                pages += 1
    return pages, time.perf_counter() - start


def pipeline(files: list[Path], dataset: str, registry: Registry | None) -> tuple[int, float]:
    profile, nlp = load_profile(dataset), load_pipeline()
    start, pages = time.perf_counter(), 0
    for f in files:
        result = analyse_pdf(f.read_bytes(), str(f), profile, nlp, registry)
        pages += result.paper.get("n_pages") or 0
    return pages, time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pdf-dir", type=Path, default=Path("../shared/corpus/pdf"))
    ap.add_argument("--dataset", default="ms-celeb-1m")
    ap.add_argument("--passes", type=int, default=3, help="passes over the files, to show memory stays flat")
    ap.add_argument("--registry", type=Path, help="institution registry folder (default: none, rules only)")
    args = ap.parse_args()
    files = sorted(args.pdf_dir.glob("*.pdf"))
    load_pipeline()  # model and registry load once per worker, not per document: keep them out of the timing
    registry = Registry.load(args.registry) if args.registry else None
    print(f"{len(files)} PDFs in {args.pdf_dir}")
    for n in range(1, args.passes + 1):
        bare_pages, bare_s = bare(files)
        pipe_pages, pipe_s = pipeline(files, args.dataset, registry)
        print(f"pass {n}: bare PyMuPDF {bare_pages / bare_s:7.1f} pages/s ({bare_s:.2f} s) | "
              f"pipeline {pipe_pages / pipe_s:7.1f} pages/s ({pipe_s:.2f} s) | "
              f"ratio {pipe_s / bare_s:.2f}x | peak RSS {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
