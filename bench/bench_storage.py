"""Upsert cost as a table grows: 400 batches of 25 papers into one Delta table, as a run writes them.

Each batch replaces its papers' `mentions` rows (synthetic rows of realistic size: eight mentions
a paper, sentences of 80-300 characters) and then, as a run does between batches, compacts the
table when it has more than MAX_FILES files. Prints the write time of the first and last batches
(single and median of ten), rows/s (in upserts; and overall, with row generation and
compactions), and the file counts before and after a final `compact`.

Usage: python bench/bench_storage.py [BATCHES] [PAPERS_PER_BATCH] [OUT]
"""
from __future__ import annotations

import hashlib
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flows.storage import MAX_FILES, compact, compact_if_needed, data_files, upsert  # noqa: E402

DS = "bench"
WORDS = ("we train our model on the refined MS1MV2 dataset and evaluate face verification accuracy "
         "with an additive angular margin loss using a ResNet backbone on LFW CFP-FP AgeDB").split()


def mentions(batch: int, size: int, rng: random.Random) -> tuple[list[dict], list[str]]:
    rows, ids = [], []
    for i in range(size):
        pid = "sha256:" + hashlib.sha256(f"{batch}/{i}".encode()).hexdigest()[:16]
        ids.append(pid)
        for m in range(8):
            sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 45)))
            rows.append({"paper_id": pid, "variant": rng.choice(["MS1MV2", "MS-Celeb-1M", "RFW", "MS1MV3"]),
                         "surface": "MS1MV2", "page": rng.randint(1, 14), "section": "body", "sentence": sentence,
                         "char_start": m * 400, "char_end": m * 400 + 6, "usage": "train", "confidence": 0.9,
                         "labels": ["train", "evaluate"][: rng.randint(1, 2)], "own": True,
                         "rule": "own_use_first_person", "heading": "4 Experiments", "dataset": DS})
    return rows, ids


def main(batches: int = 400, size: int = 25, out: Path | None = None) -> None:
    out = out or Path(tempfile.mkdtemp(prefix="bench-storage-"))
    rng = random.Random(0)
    writes, compactions, rows_written = [], [], 0
    began = time.perf_counter()
    for batch in range(batches):
        rows, ids = mentions(batch, size, rng)
        t = time.perf_counter()
        upsert(out, DS, "mentions", rows, replace=ids)
        writes.append(time.perf_counter() - t)
        rows_written += len(rows)
        t = time.perf_counter()
        if compact_if_needed(out, DS):
            compactions.append(time.perf_counter() - t)
    total = time.perf_counter() - began
    ms = lambda s: f"{s * 1000:.0f} ms"  # noqa: E731
    print(f"{batches} batches x {size} papers ({rows_written} mention rows) into {out / DS / 'mentions'}")
    print(f"write of the first batch (creates the table) {ms(writes[0])}, of the second {ms(writes[1])}, "
          f"of the last {ms(writes[-1])}")
    first, last = statistics.median(writes[1:11]), statistics.median(writes[-10:])
    print(f"median write of batches 2-11 {ms(first)}, of the last 10 {ms(last)}: ratio {last / first:.2f}")
    ranked = sorted(writes)
    print(f"every write: median {ms(ranked[len(ranked) // 2])}, 90th percentile {ms(ranked[len(ranked) * 9 // 10])}, "
          f"slowest {ms(ranked[-1])}")
    print(f"{rows_written / sum(writes):.0f} rows/s in upserts; {rows_written / total:.0f} rows/s overall ({total:.1f} s, including {len(compactions)} automatic "
          f"compactions at > {MAX_FILES} files, {ms(sum(compactions))} in all)")
    before = data_files(out, DS, "mentions")
    on_disk = len(list((out / DS / "mentions").glob("*.parquet")))
    done = compact(out, DS, retention_hours=0)["mentions"]
    print(f"data files before compact {before} ({on_disk} on disk), after {done['files_after']} "
          f"({len(list((out / DS / 'mentions').glob('*.parquet')))} on disk, {done['vacuumed']} vacuumed)")


if __name__ == "__main__":
    args = sys.argv[1:]
    main(int(args[0]) if args else 400, int(args[1]) if len(args) > 1 else 25, Path(args[2]) if len(args) > 2 else None)
