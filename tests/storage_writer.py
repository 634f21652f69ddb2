"""A storage-level writer for the concurrency and crash tests: `python storage_writer.py OUT NAME
BATCHES BATCH_SIZE` upserts BATCHES batches of BATCH_SIZE synthetic papers, each batch as a run
writes one (mentions and findings first, papers last), then its `runs` row. The rows depend only
on NAME and the batch number, so an interrupted writer rerun must end with the same tables. After
each batch it compacts the tables with more than MAX_FILES files, holding the output's lease as
a run does (a small limit, so that kills land in compactions too)."""
from __future__ import annotations

import datetime as dt
import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flows.lease import exclusive_run  # noqa: E402
from flows.storage import compact_if_needed, upsert  # noqa: E402

DS = "ms-celeb-1m"
T0 = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
MAX_FILES = 8


def batch_rows(name: str, batch: int, size: int) -> dict[str, list[dict]]:
    papers, mentions, findings = [], [], []
    for i in range(size):
        pid = "sha256:" + hashlib.sha256(f"{name}/{batch}/{i}".encode()).hexdigest()[:16]
        papers.append({"paper_id": pid, "source_path": f"{name}/{batch}-{i}.pdf", "status": "ok", "dataset": DS,
                       "run_id": name, "processed_at": T0, "title": f"Paper {name} {batch} {i}", "year": 2020})
        mentions += [{"paper_id": pid, "variant": "MS1MV2", "page": p, "sentence": f"We train on MS1MV2 ({p}).",
                      "usage": "train", "own": True, "labels": ["train"], "dataset": DS} for p in range(1, 4)]
        findings.append({"paper_id": pid, "uses_dataset": True, "usage": ["train"], "variants": ["MS1MV2"],
                         "first_seen_run": name, "dataset": DS})
    return {"mentions": mentions, "findings": findings, "papers": papers}


def main(out: str, name: str, batches: int, size: int) -> None:
    for batch in range(batches):
        rows = batch_rows(name, batch, size)
        ids = [p["paper_id"] for p in rows["papers"]]
        for table in ("mentions", "findings"):
            upsert(Path(out), DS, table, rows[table], replace=ids)
        upsert(Path(out), DS, "papers", rows["papers"])
        with exclusive_run(Path(out), DS, name):
            compact_if_needed(Path(out), DS, max_files=MAX_FILES)
    upsert(Path(out), DS, "runs", [{"run_id": name, "started": T0, "finished": T0, "dataset": DS}])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
