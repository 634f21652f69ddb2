"""Alerts (flows/notify.py) through Apprise to a local JSON receiver on 127.0.0.1.

One module-level scenario makes the real flow runs (three, ~10 s each): the first run sends one
digest listing every user, a second run with nothing new sends none, and a third run with a new
user whose receiver answers 500 still succeeds, with the warning in its output and `runs` row.
No file, log or output holds the notification URL's password.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import polars as pl
import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

import pdfs
from flows.cli import app
from flows.notify import NOTIFY_ENV, Digest, digest, private, send
from flows.storage import read_table, upsert

DS = "ms-celeb-1m"
PASSWORD = "s3cr3t-Pw-7731"
runner = CliRunner()
pytestmark = [pytest.mark.usefixtures("no_registry"),
              pytest.mark.filterwarnings("ignore:registry folder not found:RuntimeWarning")]


@pytest.fixture
def receiver():
    with HTTPServer(host="127.0.0.1", port=0) as server:
        yield server


def url(server: HTTPServer, path: str = "/hook") -> str:
    return f"json://watchdog:{PASSWORD}@127.0.0.1:{server.port}{path}"


def posts(server: HTTPServer) -> list[dict]:
    return [json.loads(request.get_data()) for request, _ in server.log if request.method == "POST"]


def test_digest_names_each_new_user_with_institutions_usage_and_a_quote(tmp_path):
    upsert(tmp_path, DS, "findings", [
        {"paper_id": "a", "uses_dataset": True, "usage": ["train", "evaluate"], "year": 2021, "title": "Late Paper",
         "post_retraction": True, "evidence": [{"page": 4, "quote": "We train on MS1MV2.", "label": "train"}],
         "verified": True},
        {"paper_id": "b", "uses_dataset": True, "usage": ["pretrained_model"], "year": 2018, "title": "Early Paper",
         "post_retraction": False, "evidence": [{"page": 2, "quote": "A model pretrained on MS-Celeb-1M.",
                                                 "label": "pretrained_model"}]},
    ])
    upsert(tmp_path, DS, "affiliations", [
        {"paper_id": "a", "institution": "Example Vision Ltd", "sector": "company", "country": "CN"},
        {"paper_id": "a", "institution": "Example University", "sector": "education", "country": "GB"}])
    d = digest(tmp_path, DS, ["a", "b"], "run7")
    assert d.title == "citewatch: 2 new users of MS-Celeb-1M"
    lines = d.body.splitlines()
    assert lines[0] == "2 new papers use MS-Celeb-1M; 1 of them published after its withdrawal (2019-06-06)."
    first, second = lines.index("1. Early Paper (2018)"), lines.index("2. Late Paper (2021)  [verified]")
    assert lines[first + 1] == "   institutions: none found"
    assert lines[second + 1] == "   institutions: Example Vision Ltd (company, CN); Example University (education, GB)"
    assert lines[second + 2] == "   usage: train, evaluate"
    assert lines[second + 3] == '   p. 4: "We train on MS1MV2."'


def test_a_failing_or_unknown_notifier_is_a_warning_without_its_secret(receiver):
    receiver.expect_request("/hook", method="POST").respond_with_data("down", status=500)
    sent, problems = send([url(receiver), f"nosuchscheme://user:{PASSWORD}@host/x"], Digest("t", "b"))
    assert sent == 0 and len(problems) == 2
    assert "500" in problems[0] and f"127.0.0.1:{receiver.port}" in problems[0]
    assert not any(PASSWORD in p for p in problems)
    assert PASSWORD not in private(url(receiver)) and "watchdog" in private(url(receiver))


def _stored_text(out: Path, prefect_home: Path) -> str:
    """Everything written: every table's rows (Parquet compresses, so read them), the other files of
    the output as bytes, and Prefect's database (its flow runs, parameters and logs)."""
    from models.schema import TABLES

    tables = "".join(str(read_table(out, DS, t).to_dicts()) for t in TABLES)
    files = [p for folder in (out, prefect_home) for p in folder.rglob("*") if p.is_file() and p.suffix != ".parquet"]
    return tables + "".join(p.read_bytes().decode("utf-8", "replace") for p in files)


def test_one_digest_for_new_users_none_when_nothing_is_new_and_a_failing_receiver_never_fails_the_run(
        tmp_path, receiver, caplog):
    folder = tmp_path / "pdfs"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(pdfs.standard_paper(["We train our model on MS1MV2 and evaluate it on RFW."],
                                                       front=["Anna Example", "arXiv:2101.00001v1 [cs.CV] 1 Jan 2021"]))
    (folder / "b.pdf").write_bytes(pdfs.standard_paper(["We fine-tune the network on MS-Celeb-1M for ten epochs."],
                                                       title="Another Study of Compact Face Features"))
    (folder / "c.pdf").write_bytes(pdfs.standard_paper(["We train our model on VGGFace2."], title="No Celebrities"))
    out = tmp_path / "out"
    receiver.expect_request("/hook", method="POST").respond_with_data("ok")
    args = ["run", "--pdf-dir", str(folder), "--out", str(out)]

    first = runner.invoke(app, [*args, "--notify", url(receiver)])
    assert first.exit_code == 0, (first.output, first.exception)
    users = read_table(out, DS, "findings").filter(pl.col("uses_dataset"))
    assert users.height == 2
    [message] = posts(receiver)                                          # exactly one digest
    assert message["title"] == "citewatch: 2 new users of MS-Celeb-1M"
    assert all(f"{title} (" in message["message"] for title in users["title"])
    assert "No Celebrities" not in message["message"]
    request, _ = receiver.log[0]
    assert request.authorization.password == PASSWORD                  # the URL's credentials were used
    runs = read_table(out, DS, "runs")
    assert json.loads(runs["counts"][0])["notified"] == 1

    receiver.clear_log()
    second = runner.invoke(app, [*args, "--notify", url(receiver)])
    assert second.exit_code == 0, second.output
    assert posts(receiver) == []                                         # nothing new, nothing sent

    receiver.clear()
    receiver.expect_request("/hook", method="POST").respond_with_data("broken", status=500)
    (folder / "d.pdf").write_bytes(pdfs.standard_paper(["We evaluate our model on RFW."], title="Fairness Audit"))
    os.environ[NOTIFY_ENV] = url(receiver)                               # the environment works like --notify
    third = runner.invoke(app, args)
    assert third.exit_code == 0, (third.output, third.exception)         # the run succeeds all the same
    assert len(posts(receiver)) == 1
    runs = read_table(out, DS, "runs").sort("started")
    assert runs["status"].to_list() == ["completed"] * 3
    counts = json.loads(runs["counts"][2])
    assert counts["new_users"] == 1 and counts["notified"] == 0
    [warning] = counts["notify_warnings"]
    assert "500" in warning and f"127.0.0.1:{receiver.port}" in warning
    assert "warning: notification to" in third.output and "error=500" in third.output

    stored = _stored_text(out, Path(os.environ["PREFECT_HOME"]))
    assert f"watchdog:****@127.0.0.1:{receiver.port}/hook failed" in stored      # the warning, as stored
    assert PASSWORD not in stored
    assert all(PASSWORD not in r.output for r in (first, second, third))
    assert PASSWORD not in caplog.text
