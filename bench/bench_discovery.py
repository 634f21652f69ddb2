"""Benchmark: discover Peng et al.'s 1,404 papers from the fake Semantic Scholar and the fake
OpenAlex at a real rate limit, each index blind to a different share of them.

Run on demand (not in CI):
    .venv/bin/python bench/bench_discovery.py [--rate 1] [--sources s2,openalex] [--blind 0.1]
Prints wall time, the calls each index got, and which source supplied how many papers. At
1 request/s the time is set by the number of calls (per index: one per seed to resolve it, one
per page of citations; the two indexes are asked side by side), not by the servers, so it
predicts the real APIs' time for the same seeds and citation counts.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from openalexserver import peng_openalex, work_id  # noqa: E402
from s2server import PENG_CSV, peng_server  # noqa: E402

from flows.sources import discover_sources, parse_sources  # noqa: E402
from models.profile import load_profile  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=1.0, help="requests per second to each index (default 1)")
    parser.add_argument("--sources", default="s2,openalex", help="s2, openalex, snippet (comma-separated)")
    parser.add_argument("--blind", type=float, default=0.1,
                        help="share of the papers each index misses (a different share each; default 0.1)")
    parser.add_argument("--dataset", default="ms-celeb-1m")
    args = parser.parse_args()
    if not PENG_CSV.is_file():
        sys.exit(f"needs the Peng data at {PENG_CSV}")
    profile = load_profile(args.dataset)
    with peng_server(profile) as s2_fake, peng_openalex(profile) as oa_fake:
        peng = sorted({e["citingPaper"] for es in s2_fake.citations.values() for e in es})
        random.Random(12).shuffle(peng)
        n = int(len(peng) * args.blind)
        s2_fake.drop_citing(set(peng[:n]))
        oa_fake.drop_citing({work_id(pid) for pid in peng[n:2 * n]})
        os.environ.update(CITEWATCH_S2_API_URL=s2_fake.api_url, CITEWATCH_OPENALEX_URL=oa_fake.api_url)
        start = time.perf_counter()
        found, warnings = discover_sources(profile, parse_sources(args.sources), rate=args.rate)
        wall = time.perf_counter() - start
        calls = {"s2": len(s2_fake.hits("/graph/v1/")), "openalex": len(oa_fake.hits("/works"))}
    print(f"papers {len(found.papers)} (Peng: {len(peng)}), distinct: {len(set(found.papers)) == len(found.papers)}, "
          f"citation rows {len(found.citations)}, each index blind to {n}")
    print("supplied: " + ", ".join(f"{k} {v}" for k, v in found.supplied().items()))
    print(f"rate {args.rate:g}/s per index, sources {','.join(found.sources)}: HTTP requests {calls}, "
          f"wall time {wall:.1f} s" + (f"; warnings: {warnings}" if warnings else ""))


if __name__ == "__main__":
    main()
