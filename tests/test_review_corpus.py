"""The review loop over the real corpus (../shared/corpus), once: run with an alert, export, decide,
import, run again, then evaluate against the decisions. Two real runs over 65 PDFs (~30 s each)."""
from __future__ import annotations

import csv
import json

import polars as pl
import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from flows.cli import app
from flows.storage import read_table

DS = "ms-celeb-1m"
runner = CliRunner()
pytestmark = [pytest.mark.usefixtures("no_registry"),
              pytest.mark.filterwarnings("ignore:registry folder not found:RuntimeWarning")]


def test_reviewed_decisions_hold_over_the_corpus_and_feed_eval(shared, tmp_path):
    corpus = shared / "corpus" / "pdf"
    out = tmp_path / "out"
    with HTTPServer(host="127.0.0.1", port=0) as receiver:
        receiver.expect_request("/hook", method="POST").respond_with_data("ok")
        args = ["run", "--pdf-dir", str(corpus), "--out", str(out), "--notify", f"json://127.0.0.1:{receiver.port}/hook"]
        first = runner.invoke(app, args)
        assert first.exit_code == 0, (first.output, first.exception)
        before = read_table(out, DS, "findings").sort("paper_id")
        users = before.filter(pl.col("uses_dataset"))
        [message] = [json.loads(r.get_data()) for r, _ in receiver.log]       # one digest, every user in it
        assert message["title"].startswith(f"citewatch: {users.height} new users")
        for user in users.to_dicts():
            assert f"{user['title'] or user['paper_id']} (" in message["message"]

        review = tmp_path / "review.csv"
        result = runner.invoke(app, ["review", "export", "--all", "--file", str(review), "--out", str(out)])
        assert result.exit_code == 0, result.output
        with open(review, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert len(rows) == before.height
        rejected = next(r for r in rows if r["uses_dataset"] == "true")
        promoted = next(r for r in rows if r["uses_dataset"] == "false" and r["variants"])
        rejected.update(decision="not_use", note="the quoted model is a baseline")
        promoted.update(decision="use", usage="evaluate")
        with open(review, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        result = runner.invoke(app, ["review", "import", str(review), "--out", str(out), "--reviewer", "tester"])
        assert result.exit_code == 0 and "imported 2 decisions" in result.output, result.output

        receiver.clear_log()
        second = runner.invoke(app, args)                                      # the same folder again
        assert second.exit_code == 0, (second.output, second.exception)
        [message] = [json.loads(r.get_data()) for r, _ in receiver.log]       # the paper the reviewer added
        assert message["title"].startswith("citewatch: 1 new user ")

    after = read_table(out, DS, "findings").sort("paper_id")
    decided = {r["paper_id"]: r for r in after.filter(pl.col("verified")).to_dicts()}
    assert set(decided) == {rejected["paper_id"], promoted["paper_id"]}
    assert decided[rejected["paper_id"]]["uses_dataset"] is False
    assert (decided[promoted["paper_id"]]["uses_dataset"], decided[promoted["paper_id"]]["usage"]) == (True, ["evaluate"])
    assert {r["decision_source"] for r in decided.values()} == {"review"}
    untouched = ~pl.col("paper_id").is_in(list(decided))
    assert after.filter(untouched).equals(before.filter(untouched))          # every other paper as it was

    gold = tmp_path / "gold.jsonl"
    assert runner.invoke(app, ["review", "gold", "--file", str(gold), "--out", str(out)]).exit_code == 0
    scored = runner.invoke(app, ["eval", "--gold", str(gold), "--pdf-dir", str(corpus)])
    assert scored.exit_code == 0, scored.output
    assert "documents: 2" in scored.output
    line = next(l for l in scored.output.splitlines() if l.startswith("uses_dataset (paper)"))
    assert line.split()[-3:] == ["0", "1", "1"]              # the machine's two verdicts the reviewer overruled
