"""`--runner dask`: a real flow run on a local Dask cluster of 2 worker processes, whose batch
writes run on the workers, two at a time, into the same tables."""
from __future__ import annotations

import json

import polars as pl
import pytest

from flows.run import run_pdf_dir, task_runner
from flows.storage import read_table
from pdfs import corrupt_pdf, standard_paper

pytest.importorskip("prefect_dask", reason="the dask extra (prefect-dask) is not installed")

DS = "ms-celeb-1m"


def test_a_flow_runs_and_writes_on_a_two_worker_dask_cluster(tmp_path, monkeypatch):
    monkeypatch.setenv("CITEWATCH_REGISTRY", str(tmp_path / "no-registry"))
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    for i in range(5):
        (pdfs / f"user{i}.pdf").write_bytes(standard_paper([f"We train model {i} on MS-Celeb-1M and test it on LFW."],
                                                           title=f"Face Embeddings Part {i}"))
    (pdfs / "citer.pdf").write_bytes(standard_paper(["We train our model on CASIA-WebFace."]))
    (pdfs / "broken.pdf").write_bytes(corrupt_pdf())
    runner = task_runner("dask")
    assert type(runner).__name__ == "DaskTaskRunner"
    out = tmp_path / "out"
    summary = run_pdf_dir.with_options(task_runner=runner)(str(pdfs), str(out), batch_size=1, progress=False)
    papers = read_table(out, DS, "papers")
    assert summary.files == papers.height == 7 == papers["source_path"].n_unique()     # every paper exactly once
    assert sorted(papers["status"]) == ["corrupt"] + ["ok"] * 6
    findings = read_table(out, DS, "findings")
    assert findings.height == 6 and findings["uses_dataset"].sum() == 5
    mentions = read_table(out, DS, "mentions")
    own = mentions.filter(pl.col("own"))
    assert set(own["paper_id"]) == set(findings.filter(pl.col("uses_dataset"))["paper_id"])
    assert own.group_by("paper_id").len()["len"].to_list() == [1] * 5                  # no row written twice
    run = read_table(out, DS, "runs").row(0, named=True)
    assert run["run_id"] == summary.run_id and run["status"] == "completed"
    assert {"papers", "mentions", "findings"} <= set(json.loads(run["versions"]))


def test_unknown_runner_is_a_clear_error():
    with pytest.raises(ValueError, match="local or dask"):
        task_runner("spark")
