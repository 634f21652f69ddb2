"""Benchmark: the main job twice on the fakes (Peng et al.'s 1,404 papers in both indexes); the
second run should ask only for what is new, fetch nothing and finish in seconds.

Run on demand (not in CI):  .venv/bin/python bench/bench_rerun.py [--rate 1] [--out DIR]
The first run goes without a rate limit (it is not what is measured); the second at `--rate`
requests per second per index, as in production. Prints each run's wall time (Prefect's
start-up included), the requests each fake saw in the second run and its counts.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="citewatch-bench-prefect-"))
os.environ.setdefault("DO_NOT_TRACK", "1")

from openalexserver import peng_openalex  # noqa: E402
from s2server import PENG_CSV, peng_server  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=1.0, help="requests per second per index in the second run")
    parser.add_argument("--out", default=None, help="output folder (default: a temporary one)")
    args = parser.parse_args()
    if not PENG_CSV.is_file():
        sys.exit(f"needs the Peng data at {PENG_CSV}")
    from flows.watch import run_dataset

    out = args.out or tempfile.mkdtemp(prefix="citewatch-bench-out-")
    with peng_server() as s2_fake, peng_openalex() as oa_fake:
        os.environ.update(CITEWATCH_S2_API_URL=s2_fake.api_url, CITEWATCH_OPENALEX_URL=oa_fake.api_url,
                          CITEWATCH_ARXIV_PDF_URL=s2_fake.arxiv_url, CITEWATCH_REGISTRY=str(Path(out) / "none"))
        common = {"out": out, "cache_dir": str(Path(out) / "pdfs"), "per_host_rate": 0, "concurrency": 8}
        start = time.perf_counter()
        first = run_dataset("ms-celeb-1m", rate=0, **common)
        first_wall = time.perf_counter() - start
        s2_fake.reset()
        oa_fake.reset()
        start = time.perf_counter()
        second = run_dataset("ms-celeb-1m", rate=args.rate, **common)
        second_wall = time.perf_counter() - start
        pdfs = [h for h in s2_fake.log if h.path.startswith(("/oa/", "/arxiv/"))]
        print(f"first run: {first_wall:.1f} s, papers {first.counts['papers_discovered']}, "
              f"downloaded {first.counts['downloaded']}")
        print(f"second run at {args.rate:g}/s per index: {second_wall:.1f} s; requests: S2 API "
              f"{len(s2_fake.hits('/graph/v1/'))}, OpenAlex {len(oa_fake.log)}, PDF host {len(pdfs)}")
        print("second run counts: " + ", ".join(f"{k} {v}" for k, v in second.counts.items()
                                                if k.startswith(("new_", "downloaded", "analysed", "fetch_attempts"))))


if __name__ == "__main__":
    main()
