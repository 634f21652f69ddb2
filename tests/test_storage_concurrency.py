"""Several writers at once, and writers killed mid-write: storage-level processes
(tests/storage_writer.py), no Prefect, so each costs about a second."""
from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import polars as pl
import pytest

from flows.lease import OutputBusy, exclusive_run
from flows.storage import compact, read_table
from models.schema import TABLES
from storage_writer import DS, batch_rows

WRITER = str(Path(__file__).with_name("storage_writer.py"))


def start(out: Path, name: str, batches: int, size: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, WRITER, str(out), name, str(batches), str(size)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def tables(out: Path) -> dict[str, pl.DataFrame]:
    """Every table, sorted by all its sortable columns, for comparing whole tables."""
    found = {}
    for table in ("papers", "mentions", "findings", "runs"):
        df = read_table(out, DS, table)
        found[table] = df.sort([c for c, t in df.schema.items() if not t.is_nested()])
    return found


def test_three_writers_and_compactions_at_once_lose_nothing(tmp_path):
    out = tmp_path / "out"
    writers = [start(out, name, batches=12, size=2) for name in ("a", "b", "c")]
    while any(w.poll() is None for w in writers):       # and `citewatch compact` running against them
        with exclusive_run(out, DS, "compactor"):
            compact(out, DS)
        time.sleep(0.2)
    for w in writers:
        assert w.returncode == 0, w.stderr.read()
    got = tables(out)
    expected = {f"{name}/{b}-{i}.pdf" for name in "abc" for b in range(12) for i in range(2)}
    assert sorted(got["papers"]["source_path"]) == sorted(expected)               # every paper exactly once
    assert got["papers"]["paper_id"].n_unique() == 72
    assert got["mentions"].height == 3 * 72 and got["findings"].height == 72
    assert set(got["mentions"]["paper_id"]) == set(got["papers"]["paper_id"])
    assert got["runs"]["run_id"].to_list() == ["a", "b", "c"]


def test_a_writer_killed_at_random_points_leaves_tables_that_open_and_a_rerun_repairs(tmp_path):
    clean = tmp_path / "clean"
    began = time.monotonic()
    assert start(clean, "w", batches=8, size=3).wait() == 0
    duration = time.monotonic() - began
    out = tmp_path / "killed"
    rng = random.Random(11)
    killed_mid_run = 0
    for _ in range(20):
        writer = start(out, "w", batches=8, size=3)
        time.sleep(rng.uniform(0.3, duration))
        writer.kill()                                           # SIGKILL: no cleanup of any kind
        killed_mid_run += writer.wait() == -9
        for table, df in tables(out).items():                   # every table opens, with its columns
            assert df.columns == list(TABLES[table])
    assert killed_mid_run >= 15
    assert start(out, "w", batches=8, size=3).wait() == 0
    expected = tables(clean)
    got = tables(out)
    for table in expected:
        assert got[table].equals(expected[table]), table
    one = batch_rows("w", 7, 3)["papers"][2]["paper_id"]
    assert got["mentions"].filter(pl.col("paper_id") == one).height == 3


def test_a_run_into_a_busy_output_stops_at_once_naming_the_other_run(tmp_path):
    with exclusive_run(tmp_path, DS, "first-run"):
        with pytest.raises(OutputBusy, match=r"being written by run first-run \(pid \d+ on "):
            with exclusive_run(tmp_path, DS, "second-run", wait=False):
                pass


def test_a_run_into_a_busy_output_waits_for_it_saying_so(tmp_path, capsys):
    order = []
    first = exclusive_run(tmp_path, DS, "first-run")
    first.__enter__()

    def second():
        with exclusive_run(tmp_path, DS, "second-run"):
            order.append("second")

    waiter = threading.Thread(target=second)
    waiter.start()
    time.sleep(0.5)
    order.append("first done")
    first.__exit__(None, None, None)
    waiter.join(10)
    assert order == ["first done", "second"]
    assert "being written by run first-run" in capsys.readouterr().err


def test_a_run_that_raises_is_recorded_as_failed_and_frees_the_output(tmp_path):
    from flows.analysis import recorded_run

    with pytest.raises(RuntimeError, match="disk on fire"):
        with recorded_run(tmp_path, DS, "r1", {"pdf_dir": "x"}) as counts:
            counts["files"] = 3
            assert read_table(tmp_path, DS, "runs")["status"].to_list() == ["running"]
            raise RuntimeError("disk on fire")
    row = read_table(tmp_path, DS, "runs").row(0, named=True)
    assert row["status"] == "failed" and row["finished"] is not None and row["versions"] is None
    with recorded_run(tmp_path, DS, "r2", {}, wait=False):       # the output is free again
        pass
    assert dict(read_table(tmp_path, DS, "runs").select("run_id", "status").iter_rows()) == {
        "r1": "failed", "r2": "completed"}


def test_a_paper_a_crash_left_without_its_papers_row_is_analysed_again(tmp_path):
    from flows.storage import upsert
    from flows.watch import _analysed

    upsert(tmp_path, DS, "papers", [{"paper_id": p, "source_path": p, "status": "discovered", "dataset": DS}
                                    for p in ("s2:a", "s2:b")])
    upsert(tmp_path, DS, "findings", [{"paper_id": "s2:a", "uses_dataset": True, "dataset": DS},
                                      {"paper_id": "s2:b", "uses_dataset": True, "dataset": DS}])
    upsert(tmp_path, DS, "papers", [{"paper_id": "s2:a", "source_path": "s2:a", "status": "ok", "dataset": DS}])
    assert _analysed(tmp_path, DS) == {"s2:a"}          # b's batch died before its papers row: redo it


def test_a_killed_run_is_recorded_as_interrupted_by_the_next_run(tmp_path):
    from flows.analysis import recorded_run

    code = ("import os, signal, sys; from pathlib import Path; from flows.analysis import recorded_run\n"
            "with recorded_run(Path(sys.argv[1]), sys.argv[2], 'killed', {}):\n"
            "    os.kill(os.getpid(), signal.SIGKILL)\n")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path), DS], capture_output=True)
    assert done.returncode == -9
    assert read_table(tmp_path, DS, "runs")["status"].to_list() == ["running"]     # nobody said otherwise
    with recorded_run(tmp_path, DS, "next", {}, wait=False):      # the kernel freed the output at once
        pass
    assert dict(read_table(tmp_path, DS, "runs").select("run_id", "status").iter_rows()) == {
        "killed": "interrupted", "next": "completed"}
