"""`--runner dask`: the analysis tasks of a real flow run on a local Dask cluster of 2 worker processes."""
from __future__ import annotations

import pytest

from flows.run import run_pdf_dir, task_runner
from flows.storage import read_table
from pdfs import corrupt_pdf, standard_paper

pytest.importorskip("prefect_dask", reason="the dask extra (prefect-dask) is not installed")


def test_a_flow_runs_its_tasks_on_a_two_worker_dask_cluster(tmp_path, monkeypatch):
    monkeypatch.setenv("CITEWATCH_REGISTRY", str(tmp_path / "no-registry"))
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    (pdfs / "user.pdf").write_bytes(standard_paper(["We train our model on MS-Celeb-1M and test it on LFW."]))
    (pdfs / "citer.pdf").write_bytes(standard_paper(["We train our model on CASIA-WebFace."]))
    (pdfs / "broken.pdf").write_bytes(corrupt_pdf())
    runner = task_runner("dask")
    assert type(runner).__name__ == "DaskTaskRunner"
    summary = run_pdf_dir.with_options(task_runner=runner)(str(pdfs), str(tmp_path / "out"), progress=False)
    papers = read_table(tmp_path / "out", "ms-celeb-1m", "papers")
    assert summary.files == papers.height == 3
    assert sorted(papers["status"]) == ["corrupt", "ok", "ok"]
    findings = read_table(tmp_path / "out", "ms-celeb-1m", "findings")
    assert findings["uses_dataset"].sum() == 1


def test_unknown_runner_is_a_clear_error():
    with pytest.raises(ValueError, match="local or dask"):
        task_runner("spark")
