"""Whole runs into one output at once: three `citewatch run` processes (each starts its own
Prefect, about 10 s), and a run told not to wait."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

import pytest
from typer.testing import CliRunner

import pdfs
from flows.cli import app
from flows.lease import exclusive_run
from flows.storage import read_table

DS = "ms-celeb-1m"


def citewatch(*args: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "flows.cli", *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_three_runs_into_one_output_at_once_keep_every_paper_and_run(tmp_path):
    folders = []
    for name in ("a", "b", "c"):
        folder = tmp_path / name
        folder.mkdir()
        for i in range(3):
            (folder / f"{name}{i}.pdf").write_bytes(pdfs.standard_paper(
                [f"We train model {name}{i} on MS1MV2."], title=f"Face Embeddings {name.upper()} {i}"))
        folders.append(folder)
    out = tmp_path / "out"
    runs = []
    for folder in folders:
        env = {**os.environ, "PREFECT_HOME": tempfile.mkdtemp(dir=tmp_path), "DO_NOT_TRACK": "1",
               "CITEWATCH_REGISTRY": str(tmp_path / "no-registry")}
        runs.append(citewatch("run", "--pdf-dir", str(folder), "--out", str(out), "--batch-size", "1", env=env))
    results = [(r.wait(timeout=300), *r.communicate()) for r in runs]
    for code, stdout, stderr in results:
        assert code == 0, stderr[-3000:]
    papers = read_table(out, DS, "papers")
    assert papers.height == 9 == papers["source_path"].n_unique() == papers["paper_id"].n_unique()
    assert read_table(out, DS, "findings")["uses_dataset"].sum() == 9
    runs_table = read_table(out, DS, "runs")
    assert runs_table.height == 3 and set(runs_table["status"]) == {"completed"}
    assert {json.loads(o)["pdf_dir"] for o in runs_table["options"]} == {str(f) for f in folders}
    assert sum("being written by run" in stderr for _, _, stderr in results) >= 1    # the later ones said they waited


def test_a_run_that_must_not_wait_stops_at_once_naming_the_other_run(tmp_path, monkeypatch):
    monkeypatch.setenv("CITEWATCH_REGISTRY", str(tmp_path / "no-registry"))
    folder = tmp_path / "pdfs"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(pdfs.standard_paper(["We train our model on MS1MV2."]))
    out = tmp_path / "out"
    with exclusive_run(out, DS, "scheduled-run-1"):
        result = CliRunner().invoke(app, ["run", "--pdf-dir", str(folder), "--out", str(out), "--no-wait"])
    assert result.exit_code == 3, result.output
    assert "being written by run scheduled-run-1" in result.output
    assert read_table(out, DS, "papers").height == 0
