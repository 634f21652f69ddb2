"""`citewatch run --workers N`: PDFs analysed on a pool of worker processes write exactly the rows
one worker writes. Both runs go through the CLI without a Prefect server configured (the path
without Prefect: no flow run, no server to start)."""
from __future__ import annotations

import polars as pl
import pytest
from typer.testing import CliRunner

import pdfs
from flows.cli import app
from flows.storage import read_table
from models.schema import TABLES

DS = "ms-celeb-1m"
PER_RUN = {"run_id", "processed_at", "first_seen_run"}

pytestmark = pytest.mark.filterwarnings("ignore:registry folder not found:RuntimeWarning")


def rows(out, table: str) -> list[str]:
    """A table's rows, per-run columns left out, in a stable order."""
    df = read_table(out, DS, table)
    return sorted(repr(row) for row in df.select([c for c in df.columns if c not in PER_RUN]).iter_rows())


def test_two_workers_write_the_same_rows_as_one(tmp_path, monkeypatch):
    monkeypatch.setenv("CITEWATCH_REGISTRY", str(tmp_path / "no-registry"))
    folder = tmp_path / "pdfs"
    folder.mkdir()
    for i in range(4):
        (folder / f"user{i}.pdf").write_bytes(pdfs.standard_paper(
            [f"We train model {i} on MS1MV2 and evaluate it on RFW.", "The baseline of [3] uses MS-Celeb-1M."],
            title=f"Margins for Face Embeddings {i}", references=pdfs.REFERENCES))
    (folder / "citer.pdf").write_bytes(pdfs.standard_paper(["We train our model on CASIA-WebFace."]))
    (folder / "broken.pdf").write_bytes(pdfs.corrupt_pdf())
    outs = {}
    for workers in (1, 2):
        outs[workers] = tmp_path / f"out{workers}"
        result = CliRunner().invoke(app, ["run", "--pdf-dir", str(folder), "--out", str(outs[workers]),
                                          "--workers", str(workers), "--batch-size", "2"])
        assert result.exit_code == 0, (result.output, result.exception)
    papers = read_table(outs[2], DS, "papers")
    assert sorted(papers["status"]) == ["corrupt"] + ["ok"] * 5
    assert read_table(outs[2], DS, "findings").filter(pl.col("uses_dataset")).height == 4
    for table in TABLES:
        if table != "runs":
            assert rows(outs[2], table) == rows(outs[1], table), table
