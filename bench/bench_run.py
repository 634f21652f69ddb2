"""Benchmark: `citewatch run --pdf-dir` end to end, as a user runs it (a new process each time).

Run on demand (not in CI):  python bench/bench_run.py --pdf-dir ../shared/corpus/pdf --registry ../shared/registry
Prints (1) the wall time of a run over a folder holding one PDF, `--repeat` times, min and median:
what a researcher checking a paper waits for; (2) pages/s of a run over the whole folder with one
worker and with the default (one per core), each `--full-repeat` times in turn, their medians and
ratio, and the peak RSS of the largest process; (3) a run over the whole folder as a first run on a new
machine (empty cache: the registry is compiled from its sources) and the peak RSS of all runs.
Every run writes into a fresh output folder.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

CITEWATCH = [sys.executable, "-m", "flows.cli"]


def run(pdf_dir: Path, out: Path, registry: Path | None, workers: int | None, env: dict | None = None) -> float:
    """One `citewatch run`; its wall time in seconds."""
    args = [*CITEWATCH, "run", "--pdf-dir", str(pdf_dir), "--out", str(out)]
    args += ["--registry", str(registry)] if registry else []
    args += ["--workers", str(workers)] if workers else []
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, env={**os.environ, **(env or {})})
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"citewatch run failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return elapsed


def peak_rss_mb() -> float:
    """The largest peak RSS of any process these runs started (their pool workers included)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pdf-dir", type=Path, default=Path("../shared/corpus/pdf"))
    ap.add_argument("--registry", type=Path, help="institution registry folder (as `make run` passes it)")
    ap.add_argument("--repeat", type=int, default=5, help="one-PDF runs")
    ap.add_argument("--full-repeat", type=int, default=3, help="runs over the whole folder, per setting")
    ap.add_argument("--skip-full", action="store_true", help="only the one-PDF runs")
    args = ap.parse_args()
    files = sorted(args.pdf_dir.glob("*.pdf"))
    if not files:
        sys.exit(f"no PDFs in {args.pdf_dir}")
    with tempfile.TemporaryDirectory(prefix="citewatch-bench-") as tmp:
        one = Path(tmp) / "one"
        one.mkdir()
        (one / files[0].name).symlink_to(files[0].resolve())      # a link: the file stays where it is
        times = [run(one, Path(tmp) / f"one-{i}", args.registry, None) for i in range(args.repeat)]
        print(f"one PDF ({files[0].name}), {args.repeat} runs: min {min(times):.2f} s, "
              f"median {statistics.median(times):.2f} s  [{' '.join(f'{t:.2f}' for t in times)}]")
        if args.skip_full:
            return
        # both settings in turn, `--full-repeat` times: a slow spell of the machine hits both
        times: dict[int | None, list[float]] = {1: [], None: []}
        pages = 0
        for n in range(args.full_repeat):
            for workers in (1, None):
                out = Path(tmp) / f"all-{workers or 'default'}-{n}"
                times[workers].append(run(args.pdf_dir, out, args.registry, workers))
                pages = pl.read_delta(str(out / "ms-celeb-1m" / "papers"))["n_pages"].sum()
        for workers, label in ((1, "1 worker"), (None, f"default ({os.cpu_count()} cores)")):
            best = statistics.median(times[workers])
            print(f"{len(files)} PDFs, {label}: {pages} pages, median {best:.2f} s = {pages / best:.1f} pages/s "
                  f"[{' '.join(f'{t:.2f}' for t in times[workers])}] | peak RSS so far {peak_rss_mb():.0f} MB")
        print(f"speed-up default / 1 worker (medians): {statistics.median(times[1]) / statistics.median(times[None]):.2f}x")
        # last, a first run on a new machine: nothing cached, the registry is compiled from its sources
        cold = run(args.pdf_dir, Path(tmp) / "cold", args.registry, None, {"CITEWATCH_CACHE_DIR": str(Path(tmp) / "cache")})
        print(f"{len(files)} PDFs, default, first run (empty cache): {cold:.2f} s | peak RSS of all runs {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
