"""Affiliation strings matched per second on one core, and registry load time from the cache.

Usage: python -m bench.bench_matcher [REGISTRY_DIR] [N]   (defaults: ../shared/registry, 5000)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from extractors.institutions import match_affiliation
from flows.eval_matcher import DEFAULT_PAIRS, load_pairs
from models.registry import Registry

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "registry"


def main(argv: list[str]) -> None:
    path = Path(argv[0]) if argv else SHARED
    n = int(argv[1]) if len(argv) > 1 else 5000
    started = time.perf_counter()
    Registry.load(path)  # builds the cached index if needed
    print(f"first load (build if uncached): {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    registry = Registry.load(path)
    print(f"load from cache: {time.perf_counter() - started:.3f} s")
    texts = [pair["affiliation"] for pair in load_pairs(DEFAULT_PAIRS, n, seed=42)]
    started = time.perf_counter()
    for text in texts:
        match_affiliation(registry, text)
    elapsed = time.perf_counter() - started
    print(f"matched {len(texts)} affiliation strings in {elapsed:.2f} s: {len(texts) / elapsed:.0f} strings/s")


if __name__ == "__main__":
    main(sys.argv[1:])
