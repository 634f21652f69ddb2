"""Benchmark: discover Peng et al.'s 1,404 papers from the fake Semantic Scholar at a real rate limit.

Run on demand (not in CI):  .venv/bin/python bench/bench_discovery.py [--rate 1] [--page-size 1000]
Prints wall time, API calls and the HTTP requests the server saw. At 1 request/s the time is set
by the number of calls (one per seed to resolve it, one per page of citations), not by the
server, so it predicts the real API's time for the same seeds and citation counts.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from s2server import PENG_CSV, peng_server  # noqa: E402

from flows.discover import S2Client, discover  # noqa: E402
from models.profile import load_profile  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=1.0, help="requests per second (default 1, as with a key)")
    parser.add_argument("--page-size", type=int, default=1000, help="citations per page (the API allows 1000)")
    parser.add_argument("--dataset", default="ms-celeb-1m")
    args = parser.parse_args()
    if not PENG_CSV.is_file():
        sys.exit(f"needs the Peng data at {PENG_CSV}")
    profile = load_profile(args.dataset)
    with peng_server(profile) as fake, S2Client(fake.api_url, api_key="bench", rate=args.rate,
                                                page_size=args.page_size) as s2:
        start = time.perf_counter()
        found = discover(profile, s2)
        wall = time.perf_counter() - start
        seen = len(fake.log)
    print(f"seeds {len(found.seeds)} (unresolved {len(found.unresolved)}), papers {len(found.papers)}, "
          f"citation rows {len(found.citations)}")
    print(f"rate {args.rate:g}/s, page size {args.page_size}: {s2.requests} API calls, {seen} HTTP requests, "
          f"wall time {wall:.1f} s")


if __name__ == "__main__":
    main()
