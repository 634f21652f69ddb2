"""The CLI (typer) and the Prefect flow: task bodies directly, and one real flow run, run twice.

Real flow runs start an ephemeral Prefect server and cost seconds: this module makes exactly two
(the second run checks that a rerun replaces rows instead of duplicating them).
"""
from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
import typer.main
from typer.testing import CliRunner

import pdfs
from flows.cli import app
from flows.storage import read_table

DS = "ms-celeb-1m"
runner = CliRunner()

# No institution registry: analyse_file would otherwise load whatever the per-user data folder holds.
pytestmark = pytest.mark.filterwarnings("ignore:registry folder not found:RuntimeWarning")


@pytest.fixture(autouse=True)
def no_registry(tmp_path_factory, monkeypatch):
    from flows.analysis import load_registry

    monkeypatch.setenv("CITEWATCH_REGISTRY", str(tmp_path_factory.getbasetemp() / "no-registry"))
    load_registry.cache_clear()
    yield
    load_registry.cache_clear()


# --- CLI without flow runs -------------------------------------------------------------------------


def _command_paths() -> list[list[str]]:
    """[], ["run"], ..., ["registry", "fetch"]: every command and sub-command of the app."""
    paths: list[list[str]] = [[]]

    def walk(command, prefix):
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            paths.append([*prefix, name])
            walk(sub, [*prefix, name])

    walk(typer.main.get_command(app), [])
    return paths


COMMANDS = _command_paths()


def test_the_documented_commands_exist():
    assert {"run", "query", "eval", "profiles"} <= {path[0] for path in COMMANDS if path}


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "citewatch")
def test_help_of_every_command(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output
    if not command:
        for sub in ("run", "query", "eval", "profiles"):
            assert sub in result.output


def test_profiles_lists_ms_celeb(profile):
    result = runner.invoke(app, ["profiles"])
    assert result.exit_code == 0, result.output
    line = next(l for l in result.output.splitlines() if l.startswith(DS))
    assert line.split("\t") == [DS, "MS-Celeb-1M", "withdrawn 2019-06-06", f"{len(profile.variants)} variants"]


def test_query_without_outputs_exits_2(tmp_path):
    result = runner.invoke(app, ["query", "SELECT * FROM papers", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "citewatch run" in result.output


def test_query_rejects_unknown_format(tmp_path):
    result = runner.invoke(app, ["query", "SELECT 1", "--out", str(tmp_path), "--format", "xml"])
    assert result.exit_code == 2
    assert "--format" in result.output


def test_query_reports_sql_errors_without_traceback(tmp_path):
    from flows.storage import upsert

    upsert(tmp_path, DS, "papers", [{"paper_id": "a", "source_path": "a.pdf", "status": "ok"}])
    result = runner.invoke(app, ["query", "SELECT no_such_column FROM papers", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.startswith("error:")


# --- task bodies without a flow run ----------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_dir(tmp_path_factory) -> Path:
    """Four files: a user, a citation-only paper, a corrupt PDF, and HTML saved as x.pdf."""
    folder = tmp_path_factory.mktemp("pdfs")
    (folder / "user.pdf").write_bytes(pdfs.standard_paper(
        ["We train our model on MS1MV2 and evaluate it on RFW."],
        front=["Anna Example", "arXiv:2101.00001v1 [cs.CV] 1 Jan 2021"], references=pdfs.REFERENCES[:2]))
    (folder / "sub").mkdir()
    (folder / "sub" / "citer.PDF").write_bytes(pdfs.standard_paper(["We train our model on VGGFace2."]))
    (folder / "broken.pdf").write_bytes(pdfs.corrupt_pdf())
    (folder / "x.pdf").write_bytes(pdfs.html_bytes())
    (folder / "notes.txt").write_text("not a pdf, not picked up")
    return folder


EXPECTED_STATUS = {"user.pdf": "ok", "citer.PDF": "ok", "broken.pdf": "corrupt", "x.pdf": "not_pdf"}


def test_pdf_files_finds_every_pdf_recursively(pdf_dir):
    from flows.analysis import pdf_files

    assert sorted(p.name for p in pdf_files(pdf_dir)) == sorted(EXPECTED_STATUS)
    with pytest.raises(FileNotFoundError):
        pdf_files(pdf_dir / "missing")


def test_analyse_file_task_body(pdf_dir):
    from flows.run import analyse_file

    user = analyse_file.fn(str(pdf_dir / "user.pdf"), DS)
    assert user.ok and user.findings[0]["uses_dataset"] is True
    assert user.findings[0]["variants"] == ["MS1MV2", "RFW"]
    broken = analyse_file.fn(str(pdf_dir / "broken.pdf"), DS)
    assert broken.paper["status"] == "corrupt" and broken.findings == []
    missing = analyse_file.fn(str(pdf_dir / "gone.pdf"), DS)
    assert missing.paper["status"] == "unreadable"
    assert missing.paper["source_path"] == str(pdf_dir / "gone.pdf")
    assert missing.paper["error"]


def test_write_batch_task_body(pdf_dir, tmp_path):
    from flows.run import analyse_file, write_batch

    results = [analyse_file.fn(str(pdf_dir / name), DS) for name in ("user.pdf", "broken.pdf", "x.pdf")]
    results.append(analyse_file.fn(str(pdf_dir / "gone.pdf"), DS))
    for run_id in ("run1", "run2"):
        write_batch.fn(results, str(tmp_path), DS, run_id)
    papers = read_table(tmp_path, DS, "papers")
    assert papers.height == 4
    assert set(papers["run_id"]) == {"run2"}
    assert papers["processed_at"].null_count() == 0
    assert dict(zip(papers["source_path"].map_elements(lambda p: Path(p).name, return_dtype=pl.String),
                    papers["status"])) == {"user.pdf": "ok", "broken.pdf": "corrupt", "x.pdf": "not_pdf",
                                           "gone.pdf": "unreadable"}
    findings = read_table(tmp_path, DS, "findings")
    assert findings.height == 1 and findings["uses_dataset"].to_list() == [True]
    assert read_table(tmp_path, DS, "mentions").height == len(results[0].mentions) > 0


def test_write_batch_drops_mentions_a_rerun_no_longer_finds(pdf_dir, tmp_path):
    from flows.run import analyse_file, write_batch

    result = analyse_file.fn(str(pdf_dir / "user.pdf"), DS)
    write_batch.fn([result], str(tmp_path), DS, "run1")
    assert read_table(tmp_path, DS, "mentions").height > 0
    result.mentions = []           # e.g. a better matcher now finds nothing in this paper
    write_batch.fn([result], str(tmp_path), DS, "run2")
    assert read_table(tmp_path, DS, "mentions").height == 0
    assert read_table(tmp_path, DS, "findings").height == 1


def test_rerun_after_a_file_changed_leaves_no_orphan_findings(tmp_path):
    from flows.run import analyse_file, write_batch

    path = tmp_path / "in" / "paper.pdf"
    path.parent.mkdir()
    out = tmp_path / "out"
    path.write_bytes(pdfs.standard_paper(["We train our model on MS1MV2."]))
    write_batch.fn([analyse_file.fn(str(path), DS)], str(out), DS, "run1")
    path.write_bytes(pdfs.standard_paper(["We train our model on MS1MV2 for 20 epochs (camera-ready)."]))
    write_batch.fn([analyse_file.fn(str(path), DS)], str(out), DS, "run2")
    papers = read_table(out, DS, "papers")
    findings = read_table(out, DS, "findings")
    assert papers.height == 1
    assert findings["paper_id"].to_list() == papers["paper_id"].to_list()


# --- one real flow run, twice ----------------------------------------------------------------------


def _counts(out: Path) -> dict[str, int]:
    return {t: read_table(out, DS, t).height for t in ("papers", "mentions", "findings")}


def test_flow_run_end_to_end_and_rerun_via_cli(pdf_dir, tmp_path):
    from flows.run import run_pdf_dir

    out = tmp_path / "out"
    summary = run_pdf_dir(str(pdf_dir), str(out), DS, batch_size=3, progress=False)

    # every file has a papers row with its status: nothing is silently lost
    assert summary.files == 4
    assert dict(summary.statuses) == {"ok": 2, "corrupt": 1, "not_pdf": 1}
    papers = read_table(out, DS, "papers")
    by_name = {Path(p).name: s for p, s in zip(papers["source_path"], papers["status"])}
    assert by_name == EXPECTED_STATUS
    assert papers["run_id"].unique().to_list() == [summary.run_id]
    bad = papers.filter(pl.col("status") != "ok")
    assert bad["error"].null_count() == 0

    # findings for the readable files only, with the right verdicts
    findings = read_table(out, DS, "findings")
    ok_ids = set(papers.filter(pl.col("status") == "ok")["paper_id"])
    assert set(findings["paper_id"]) == ok_ids and findings.height == 2
    verdict = {Path(papers.filter(pl.col("paper_id") == pid)["source_path"].item()).name: uses
               for pid, uses in zip(findings["paper_id"], findings["uses_dataset"])}
    assert verdict == {"user.pdf": True, "citer.PDF": False}
    user = findings.filter(pl.col("uses_dataset")).row(0, named=True)
    assert user["variants"] == ["MS1MV2", "RFW"] and user["post_retraction"] is True
    assert summary.users == [str(pdf_dir / "user.pdf")]
    assert summary.needs_review == int(findings["needs_review"].sum())
    assert summary.affiliations_rejected == int(findings["affiliations_rejected"].sum())
    first = _counts(out)
    assert first["mentions"] > 0

    # the second run, through the CLI: same rows, replaced rather than duplicated
    result = runner.invoke(app, ["run", "--pdf-dir", str(pdf_dir), "--out", str(out), "--batch-size", "2"])
    assert result.exit_code == 0, (result.output, result.exception)
    assert "papers using the dataset" in result.output
    assert "flagged for review" in result.output and "rejected affiliation strings" in result.output
    assert _counts(out) == first
    rerun = read_table(out, DS, "papers")
    assert rerun["run_id"].n_unique() == 1 and rerun["run_id"].item(0) != summary.run_id

    # and the query command reads what the flow wrote
    q = runner.invoke(app, ["query", "SELECT status, count(*) AS n FROM papers GROUP BY status ORDER BY status",
                            "--out", str(out), "--format", "json"])
    assert q.exit_code == 0, q.output
    assert json.loads(q.output) == [{"status": "corrupt", "n": 1}, {"status": "not_pdf", "n": 1},
                                    {"status": "ok", "n": 2}]


def _configured_in_a_fresh_process(cwd: Path, home: Path, **extra: str) -> list[str]:
    """`prefect_configured()` in a new process (this one has imported Prefect), and whether it had
    to import Prefect to answer."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items()
           if k.upper() not in ("PREFECT_API_URL", "PREFECT_PROFILES_PATH", "PREFECT_PROFILE")}
    code = ("import sys, flows.analysis, flows.prefect_settings as p; "
            "print(p.prefect_configured(), 'prefect' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=cwd, env={**env, "PREFECT_HOME": str(home), **extra},
                          capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_no_prefect_server_is_known_without_importing_prefect(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    assert _configured_in_a_fresh_process(tmp_path, home) == ["False", "False"]
    # a profile naming a server: Prefect's own settings decide, and they say yes
    (home / "profiles.toml").write_text('active = "srv"\n\n[profiles.srv]\nPREFECT_API_URL = "http://127.0.0.1:9/api"\n')
    assert _configured_in_a_fresh_process(tmp_path, home) == ["True", "True"]
    # a .env in the working folder is read by Prefect too
    (home / "profiles.toml").unlink()
    (tmp_path / ".env").write_text("PREFECT_API_URL=http://127.0.0.1:9/api\n")
    assert _configured_in_a_fresh_process(tmp_path, home) == ["True", "True"]
    # a prefect.toml that sets something else: Prefect is asked, and says no
    (tmp_path / ".env").unlink()
    (tmp_path / "prefect.toml").write_text('[logging]\nlevel = "DEBUG"\n')
    assert _configured_in_a_fresh_process(tmp_path, home) == ["False", "True"]
    (tmp_path / "prefect.toml").unlink()
    # Prefect reads its variables in any case; PREFECT_PROFILE picks a profile, which may name a
    # server (Prefect's bundled "local" one does), so Prefect is asked
    assert _configured_in_a_fresh_process(tmp_path, home, prefect_api_url="http://127.0.0.1:9/api")[0] == "True"
    assert _configured_in_a_fresh_process(tmp_path, home, PREFECT_PROFILE="local")[1] == "True"
