"""Precision/recall of the affiliation matcher against ROR's own affiliation gold pairs.

The shared registry is a ~45% subset of ROR, so recall is reported twice: over all gold ids
and over the gold ids the registry contains (the ones the matcher could possibly find).
"""

from __future__ import annotations

import gzip
import json
import random
import sys
import time
from pathlib import Path

from extractors.institutions import CONFIDENT, match_affiliation
from models.registry import Registry

DEFAULT_PAIRS = Path(__file__).resolve().parents[1] / ".." / "shared" / "registry" / "eval" / \
    "ror_api_affiliation_gold_pairs.jsonl.gz"


def load_pairs(pairs_path: str | Path, n: int = 2000, seed: int = 0) -> list[dict]:
    """A fixed random sample (same n and seed -> same pairs) of {affiliation, ror_ids} objects."""
    with gzip.open(pairs_path, "rt", encoding="utf-8") as fh:
        pairs = [json.loads(line) for line in fh if line.strip()]
    return random.Random(seed).sample(pairs, min(n, len(pairs)))


THRESHOLDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, CONFIDENT)


def evaluate_matcher(registry: Registry, pairs_path: str | Path = DEFAULT_PAIRS, n: int = 2000,
                     seed: int = 0) -> dict:
    """Micro-averaged precision/recall of primary ROR ids, over all output and over confident output.

    "all" counts every primary match with a ROR id; "confident" only those scoring >= CONFIDENT
    (an exact name, alone in its affiliation); "curve" the same at each of THRESHOLDS, the
    trade-off a caller gets by keeping matches above a score. ``errors`` lists every string with
    a wrong or missed id (of all output).
    """
    known = registry.ror_ids()
    counts = {t: [0, 0] for t in THRESHOLDS}  # true, false positives at score >= t
    gold_all = gold_known = 0
    errors = []
    pairs = load_pairs(pairs_path, n, seed)
    started = time.perf_counter()
    for pair in pairs:
        gold = set(pair["ror_ids"])
        primary = [m for m in match_affiliation(registry, pair["affiliation"]) if m.ror_id and m.primary]
        for threshold, tally in counts.items():
            predicted = {m.ror_id for m in primary if m.score >= threshold}
            tally[0] += len(predicted & gold)
            tally[1] += len(predicted - gold)
        gold_all += len(gold)
        gold_known += len(gold & known)
        predicted = {m.ror_id for m in primary}
        if predicted != gold & known or predicted - gold:
            errors.append({"affiliation": pair["affiliation"], "gold": sorted(gold),
                           "gold_in_registry": sorted(gold & known), "predicted": sorted(predicted)})
    elapsed = time.perf_counter() - started
    curve = {t: _scores(tp, fp, gold_all, gold_known) for t, (tp, fp) in counts.items()}
    return {"pairs": len(pairs), "seed": seed, "gold_ids": gold_all, "gold_ids_in_registry": gold_known,
            "strings_per_second": round(len(pairs) / elapsed, 1), "all": curve[0.0], "confident": curve[CONFIDENT],
            "curve": [{"min_score": t, **curve[t]} for t in THRESHOLDS], "errors": errors}


def _scores(tp: int, fp: int, gold_all: int, gold_known: int) -> dict:
    return {"true_positives": tp, "false_positives": fp,
            "precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
            "recall_all": round(tp / gold_all, 4) if gold_all else 0.0,
            "recall_in_registry": round(tp / gold_known, 4) if gold_known else 0.0}


def main(argv: list[str]) -> None:
    """python -m flows.eval_matcher [REGISTRY_DIR] [PAIRS] [SEED]: seed 0 is the held-out sample,
    rules are tuned on others; an empty argument takes the default."""
    registry = Registry.load(argv[0] if argv else None)
    result = evaluate_matcher(registry, argv[1] if len(argv) > 1 and argv[1] else DEFAULT_PAIRS,
                              seed=int(argv[2]) if len(argv) > 2 else 0)
    errors, curve = result.pop("errors"), result.pop("curve")
    print(json.dumps(result, indent=2))
    print("min_score  precision  recall_all  recall_in_registry")
    for point in curve:
        print(f"{point['min_score']:9.2f}  {point['precision']:9.4f}  {point['recall_all']:10.4f}  "
              f"{point['recall_in_registry']:18.4f}")
    print(f"{len(errors)} strings with a missed or wrong id; first 10:")
    for error in errors[:10]:
        print(json.dumps(error, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
