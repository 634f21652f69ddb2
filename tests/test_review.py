"""Human review (flows/review.py): CSV export, validated import, decisions that survive
re-analysis, changed PDFs flagged again, gold labels for `citewatch eval`, the report.

No flow runs here: batches are written through the task body (`write_batch.fn`), as a run does.
"""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

import pdfs
from flows.cli import app
from flows.report import build_report
from flows.review import ReviewFileError, cell, export, import_reviews
from flows.storage import read_table, versions

DS = "ms-celeb-1m"
runner = CliRunner()
pytestmark = [pytest.mark.usefixtures("no_registry"),
              pytest.mark.filterwarnings("ignore:registry folder not found:RuntimeWarning")]

PAPERS = {
    # a machine user the reviewer will reject
    "user.pdf": pdfs.standard_paper(["We train our model on MS1MV2 and evaluate it on RFW."],
                                    front=["Anna Example", "arXiv:2101.00001v1 [cs.CV] 1 Jan 2021"]),
    # a machine user nobody reviews: it must stay as it is
    "other.pdf": pdfs.standard_paper(["We fine-tune the network on MS-Celeb-1M for ten epochs."],
                                     title="Another Study of Compact Face Features",
                                     front=["Bo Sample", "arXiv:2203.00002v1 [cs.CV] 2 Mar 2022"]),
    # names the dataset only in related work; the title starts like a spreadsheet formula
    "citer.pdf": pdfs.standard_paper(["We train our model on VGGFace2 and report \"verification\" accuracy."],
                                     title="@Scale Face Embeddings Without Web Celebrities",
                                     related=["ArcFace [1] was trained on MS1MV2 by its authors."]),
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("review-pdfs")
    for name, data in PAPERS.items():
        (folder / name).write_bytes(data)
    return folder


def analyse_into(out: Path, folder: Path, run_id: str, names=tuple(PAPERS)) -> None:
    """What a run over the folder writes (one batch)."""
    from flows.run import analyse_file, write_batch

    write_batch.fn([analyse_file.fn(str(folder / n), DS) for n in names], str(out), DS, run_id)


def ids_by_name(out: Path) -> dict[str, str]:
    papers = read_table(out, DS, "papers")
    return {Path(p).name: i for p, i in zip(papers["source_path"], papers["paper_id"])}


def findings_by_name(out: Path) -> dict[str, dict]:
    names = {i: n for n, i in ids_by_name(out).items()}
    return {names[f["paper_id"]]: f for f in read_table(out, DS, "findings").to_dicts()}


def fill(path: Path, decisions: dict[str, dict]) -> None:
    """A reviewer's edit of the exported CSV: decision, usage and note of some papers."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        row.update(decisions.get(row["paper_id"], {}))
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def out(tmp_path, folder) -> Path:
    out = tmp_path / "out"
    analyse_into(out, folder, "run1")
    return out


def test_cells_a_spreadsheet_would_run_are_neutralised():
    assert [cell(v) for v in ("=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "\tx", "plain", None, True, ["a", "b"])] == \
        ["'=HYPERLINK(\"x\")", "'+1", "'-2", "'@SUM(A1)", "'\tx", "plain", "", "true", "a; b"]


def test_export_writes_utf8_csv_with_the_machine_verdict_and_empty_decisions(out, tmp_path):
    path = tmp_path / "review.csv"
    assert export(out, DS, path, everything=True) == 3
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                              # UTF-8 with BOM: spreadsheets read it so
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = {r["paper_id"]: r for r in csv.DictReader(fh)}
    ids = ids_by_name(out)
    user, citer = rows[ids["user.pdf"]], rows[ids["citer.pdf"]]
    assert user["uses_dataset"] == "true" and "train" in user["machine_usage"].split("; ")
    assert user["variants"] == "MS-Celeb-1M; MS1MV2; RFW" and user["year"] == "2021"
    assert "We train our model on MS1MV2" in user["quote_1"] and user["page_1"] == "1"
    assert citer["uses_dataset"] == "false" and citer["title"].startswith("'@Scale")      # neutralised
    assert all(r["decision"] == r["usage"] == r["note"] == "" for r in rows.values())
    # by default only what is flagged and not yet verified
    flagged = read_table(out, DS, "findings").filter(pl.col("needs_review"))
    assert export(out, DS, tmp_path / "queue.csv") == flagged.height


def test_decisions_hold_through_reanalysis_and_others_stay_as_they_were(out, folder, tmp_path):
    ids = ids_by_name(out)
    before = findings_by_name(out)
    path = tmp_path / "review.csv"
    export(out, DS, path, everything=True)
    fill(path, {ids["user.pdf"]: {"decision": "not_use", "note": "the model is only \"compared\"; =not ours"},
                ids["citer.pdf"]: {"decision": "use", "usage": "evaluate"}})
    result = runner.invoke(app, ["review", "import", str(path), "--out", str(out), "--reviewer", "rita"])
    assert result.exit_code == 0, result.output
    assert "imported 2 decisions" in result.output

    for when in ("after import", "after re-analysis"):
        now = findings_by_name(out)
        user, citer, other = now["user.pdf"], now["citer.pdf"], now["other.pdf"]
        assert (user["uses_dataset"], user["verified"], user["decision_source"]) == (False, True, "review"), when
        assert user["usage"] == ["related_work"] and user["post_retraction"] is False
        assert user["machine_uses_dataset"] is True and user["machine_usage"] == before["user.pdf"]["usage"]
        assert (citer["uses_dataset"], citer["usage"], citer["verified"]) == (True, ["evaluate"], True), when
        assert citer["decision_source"] == "review" and citer["machine_uses_dataset"] is False
        assert other["verified"] is False and other["decision_source"] == "machine"
        assert other == before["other.pdf"], when                       # every column, first_seen_run included
        analyse_into(out, folder, "run2")                                 # re-analysis of the same files

    reviews = read_table(out, DS, "reviews").sort("decision")
    assert reviews["decision"].to_list() == ["not_use", "use"]
    assert set(reviews["reviewer"]) == {"rita"} and reviews["decided_at"].null_count() == 0
    assert reviews.filter(pl.col("decision") == "not_use")["machine_decision"].item() == "use"
    assert reviews.filter(pl.col("decision") == "not_use")["note"].item() == "the model is only \"compared\"; =not ours"

    # exported again, the decisions are filled in; importing them unchanged changes nothing
    again = tmp_path / "again.csv"
    export(out, DS, again, everything=True)
    with open(again, encoding="utf-8-sig", newline="") as fh:
        decided = {r["paper_id"]: r["decision"] for r in csv.DictReader(fh)}
    assert decided[ids["user.pdf"]] == "not_use" and decided[ids["other.pdf"]] == ""
    assert import_reviews(out, DS, again, "someone else") == {"imported": 0, "unchanged": 2}
    assert set(read_table(out, DS, "reviews")["reviewer"]) == {"rita"}


def test_import_names_every_bad_line_and_writes_nothing(out, tmp_path):
    ids = ids_by_name(out)
    path = tmp_path / "bad.csv"
    path.write_text("paper_id,title,decision,usage,note\n"
                    f"{ids['user.pdf']},User,not_use,,fine\n"
                    "sha256:0000000000000000,Nobody,use,train,\n"
                    f"{ids['citer.pdf']},Citer,maybe,,\n"
                    f"\"{ids['other.pdf']}\",\"Other, with a\nline break\",use,,\n"
                    f"{ids['user.pdf']},User again,use,,\n", encoding="utf-8")
    before = versions(out, DS)
    result = runner.invoke(app, ["review", "import", str(path), "--out", str(out)])
    assert result.exit_code == 2
    assert "line 3: unknown paper_id 'sha256:0000000000000000'" in result.output
    assert "line 4: decision 'maybe'" in result.output
    assert f"line 7: paper {ids['user.pdf']} again (first on line 2)" in result.output   # after a 2-line cell
    assert "nothing imported" in result.output
    assert versions(out, DS) == before and read_table(out, DS, "reviews").is_empty()


def test_import_reads_a_spreadsheet_saved_with_semicolons_and_refuses_other_encodings(out, tmp_path):
    ids = ids_by_name(out)
    path = tmp_path / "semicolons.csv"
    path.write_text(f"paper_id;title;decision;usage;note\n{ids['user.pdf']};Überall, \"ja\";not_use;;schön\n",
                    encoding="utf-8-sig")
    assert import_reviews(out, DS, path, "x") == {"imported": 1, "unchanged": 0}
    assert read_table(out, DS, "reviews")["note"].to_list() == ["schön"]
    latin = tmp_path / "latin.csv"
    latin.write_bytes(f"paper_id,decision,note\n{ids['citer.pdf']},use,schön\n".encode("latin-1"))
    with pytest.raises(ReviewFileError, match="not UTF-8"):
        import_reviews(out, DS, latin, "x")


def test_use_without_a_usage_needs_one_when_the_machine_saw_none(out, tmp_path):
    ids = ids_by_name(out)
    path = tmp_path / "r.csv"
    path.write_text(f"paper_id,decision,usage\n{ids['citer.pdf']},use,\n{ids['user.pdf']},not_use,train\n",
                    encoding="utf-8")
    with pytest.raises(ReviewFileError) as err:
        import_reviews(out, DS, path, "x")
    assert [p.split(":")[0] for p in err.value.problems] == ["line 2", "line 3"]


def test_a_changed_pdf_is_flagged_again_with_the_reason(folder, tmp_path):
    own = tmp_path / "pdfs"                      # this test changes a file: its own copy of the folder
    own.mkdir()
    for name in PAPERS:
        (own / name).write_bytes((folder / name).read_bytes())
    out = tmp_path / "out"
    analyse_into(out, own, "run1")
    ids = ids_by_name(out)
    path = tmp_path / "review.csv"
    export(out, DS, path, everything=True)
    fill(path, {ids["user.pdf"]: {"decision": "not_use"}, ids["other.pdf"]: {"decision": "unsure", "note": "table?"}})
    import_reviews(out, DS, path, "rita")
    day = read_table(out, DS, "reviews")["decided_at"][0].date()
    assert findings_by_name(out)["other.pdf"]["review_reason"] == f"reviewer unsure (unsure by rita on {day}): table?"
    assert findings_by_name(out)["other.pdf"]["needs_review"] is True

    (own / "user.pdf").write_bytes(pdfs.standard_paper(         # the camera-ready replaces the preprint
        ["We train our model on MS1MV2 and evaluate it on RFW; the camera-ready adds ablations."],
        front=["Anna Example", "arXiv:2101.00001v2 [cs.CV] 1 Jun 2021"]))
    analyse_into(out, own, "run2")
    row = findings_by_name(out)["user.pdf"]
    assert row["paper_id"] != ids["user.pdf"]                    # new content, new content-addressed id
    assert (row["uses_dataset"], row["verified"], row["decision_source"], row["needs_review"]) == \
        (True, False, "machine", True)
    assert row["review_reason"] == (f"the PDF changed after the review (not_use by rita on {day}): the machine's "
                                    "verdict on the new PDF stands until it is reviewed again")
    assert read_table(out, DS, "findings").height == 3


def test_a_discovered_paper_whose_pdf_changed_is_flagged_and_a_confirmed_decision_holds_again(folder, tmp_path):
    """A discovered paper keeps its id ("s2:...") when its PDF changes, unlike a local file."""
    from flows.run import analyse_file, write_batch

    out = tmp_path / "out"
    pdf = tmp_path / "cached.pdf"
    pdf.write_bytes(PAPERS["user.pdf"])
    write_batch.fn([analyse_file.fn(str(pdf), DS, paper_id="s2:p1")], str(out), DS, "run1")
    path = tmp_path / "review.csv"
    export(out, DS, path, everything=True)
    fill(path, {"s2:p1": {"decision": "not_use", "note": "baseline only"}})
    assert import_reviews(out, DS, path, "rita")["imported"] == 1

    pdf.write_bytes(PAPERS["other.pdf"])                           # a new version of the paper's PDF
    write_batch.fn([analyse_file.fn(str(pdf), DS, paper_id="s2:p1")], str(out), DS, "run2")
    row = read_table(out, DS, "findings").row(0, named=True)
    assert (row["verified"], row["uses_dataset"], row["needs_review"]) == (False, True, True)
    assert row["review_reason"].startswith("the PDF changed after the review (not_use by rita")

    queue_csv = tmp_path / "queue.csv"                              # flagged: in the default queue, decision filled in
    assert export(out, DS, queue_csv) == 1
    with open(queue_csv, encoding="utf-8-sig", newline="") as fh:
        assert [(r["paper_id"], r["decision"]) for r in csv.DictReader(fh)] == [("s2:p1", "not_use")]
    assert import_reviews(out, DS, queue_csv, "rita") == {"imported": 1, "unchanged": 0}   # confirmed for this PDF
    row = read_table(out, DS, "findings").row(0, named=True)
    assert (row["verified"], row["uses_dataset"], row["needs_review"], row["review_reason"]) == (True, False, False, None)


def test_gold_from_reviews_feeds_eval_and_the_report_shows_the_review(out, folder, tmp_path):
    ids = ids_by_name(out)
    path = tmp_path / "review.csv"
    export(out, DS, path, everything=True)
    fill(path, {ids["user.pdf"]: {"decision": "not_use", "note": "only <compared>"},
                ids["citer.pdf"]: {"decision": "use", "usage": "evaluate"},
                ids["other.pdf"]: {"decision": "use", "note": "checked p. 1"}})
    import_reviews(out, DS, path, "rita")

    gold = tmp_path / "gold.jsonl"
    result = runner.invoke(app, ["review", "gold", "--file", str(gold), "--out", str(out)])
    assert result.exit_code == 0, result.output
    records = {r["file"]: r for r in map(json.loads, gold.read_text(encoding="utf-8").splitlines())}
    assert set(records) == {f"pdf/{n}" for n in PAPERS}
    assert records["pdf/user.pdf"]["uses_msceleb"] is False and records["pdf/user.pdf"]["use_evidence"] == []
    assert records["pdf/user.pdf"]["usage"] == ["survey_or_related_work_only"]
    assert records["pdf/citer.pdf"]["uses_msceleb"] is True and records["pdf/citer.pdf"]["usage"] == ["evaluate"]
    assert records["pdf/other.pdf"]["use_evidence"][0]["page"] == 1
    assert records["pdf/other.pdf"]["variants"] == ["MS-Celeb-1M"]

    scored = runner.invoke(app, ["eval", "--gold", str(gold), "--pdf-dir", str(folder)])
    assert scored.exit_code == 0, scored.output
    line = next(l for l in scored.output.splitlines() if l.startswith("uses_dataset (paper)"))
    assert line.split()[-3:] == ["1", "1", "1"]          # tp other, fp user, fn citer: the reviewer's corrections
    assert "FN institution" not in scored.output and "FP institution" not in scored.output

    page = build_report(out, DS)
    assert "Verified by rita" in page and "only &lt;compared&gt;" in page
    assert "overruled the machine on 2 papers: 1 machine users judged not to use the dataset, 1 papers the machine missed" in page
    assert "Verified users (2)" in page and "Unverified users (0)" in page
    links, ids = set(re.findall(r'href="#([^"]+)"', page)), set(re.findall(r'\bid="([^"]+)"', page))
    assert links and links <= ids, links - ids
