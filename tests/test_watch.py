"""The main job (flows/watch.py) against the fake Semantic Scholar and PDF host (tests/s2server.py)."""
from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.storage import read_table
from flows.watch import deployment, run_dataset

DS = "ms-celeb-1m"


@pytest.fixture
def env(fake, openalex, tmp_path, monkeypatch):
    monkeypatch.setenv("CITEWATCH_S2_API_URL", fake.api_url)
    monkeypatch.setenv("CITEWATCH_OPENALEX_URL", openalex.api_url)
    monkeypatch.setenv("CITEWATCH_REGISTRY", str(tmp_path / "no-registry"))
    monkeypatch.setenv("CITEWATCH_ARXIV_PDF_URL", fake.arxiv_url)
    return {"out": str(tmp_path / "out"), "cache_dir": str(tmp_path / "pdfs"), "rate": 0, "per_host_rate": 0,
            "concurrency": 8}


def test_two_runs_discover_everything_once_and_the_second_does_nothing_again(fake, openalex, env):
    first = run_dataset(DS, **env)
    out = env["out"]
    papers, citations = read_table(out, DS, "papers"), read_table(out, DS, "citations")
    assert papers["paper_id"].n_unique() == papers.height == 1404
    assert citations.height == 2 * 1674                                       # one row per source
    assert citations.filter(pl.col("source") == "openalex")["contexts"].list.len().max() == 0
    assert first.counts["found_by_s2+openalex"] == 1404 and first.counts["sources_ran"] == ["s2", "openalex", "snippet"]
    assert papers["openalex_id"].null_count() == 0
    fetches = read_table(out, DS, "fetches")
    assert fetches.height == 1404 and fetches["status"].null_count() == 0      # a status for every paper
    served = [h.path for h in fake.log if h.path.startswith(("/oa/", "/arxiv/")) and h.status == 200]
    assert len(served) == len(set(served))                                    # each served PDF fetched once
    ok = fetches.filter(pl.col("status") == "ok")
    not_pdf = fetches.filter(pl.col("status") == "not_pdf").height                # the HTML page, the truncated PDF
    assert ok.height + not_pdf == len(served) and ok.height >= 14 and first.counts["downloaded"] == ok.height
    findings = read_table(out, DS, "findings")
    full_text = findings.filter(pl.col("evidence_source").list.contains("full_text"))
    assert set(full_text["paper_id"]) == set(ok["paper_id"])                  # every fetched PDF analysed
    assert findings.filter(pl.col("evidence_source").list.contains("abstract")
                           | pl.col("evidence_source").list.contains("citation_context")).height > 0
    assert (findings["first_seen_run"] == first.run_id).all()
    assert first.counts["new_users"] == findings["uses_dataset"].sum() > 0
    affiliations = read_table(out, DS, "affiliations")
    from_index = affiliations.filter(pl.col("method") == "openalex")
    assert from_index.height > 0 and from_index["ror_id"].null_count() == 0        # papers without a PDF
    assert not set(from_index["paper_id"]) & set(ok["paper_id"])                   # the PDF's own win
    assert first.counts["affiliations_from_openalex"] == from_index.height
    assert "affiliations_disagree_openalex" in first.counts

    fake.reset()
    openalex.reset()
    second = run_dataset(DS, **env)
    assert not [h for h in fake.log if h.path.startswith(("/oa/", "/arxiv/"))]    # nothing fetched again
    listed = [h.query for h in openalex.hits("/works") if "cites" in h.query]
    assert listed and all("from_created_date" in q for q in listed)            # OpenAlex: only what is new
    assert second.counts["downloaded"] == 0
    assert second.counts["analysed_full_text"] == 0 and second.counts["analysed_from_snippets"] == 0
    assert second.counts["new_citations"] == 0 and second.counts["new_users"] == 0
    assert read_table(out, DS, "citations").height == 2 * 1674
    assert read_table(out, DS, "findings").height == findings.height
    runs = read_table(out, DS, "runs").sort("started")
    assert runs.height == 2 and json.loads(runs["counts"][1])["downloaded"] == 0
    assert '"s2_api_key": false' in runs["options"][0]
    assert runs["status"].to_list() == ["completed", "completed"]
    first_versions, second_versions = (json.loads(v) for v in runs["versions"])
    assert first_versions["findings"] == second_versions["findings"]            # the second run wrote no findings
    assert second_versions["runs"] > first_versions["runs"]


def test_a_paper_only_snippet_search_finds_is_analysed_and_counted_as_a_user(fake, env):
    from s2server import OWN_USE, snippet_hit, snippet_only_paper

    paper = snippet_only_paper(fake)
    fake.snippets = {"MS1MV2": [snippet_hit(paper, OWN_USE)]}
    try:
        summary = run_dataset(DS, sources=("snippet",), **env)
    finally:
        fake.snippets = {}
    pid = f"s2:{paper['paperId']}"
    papers = read_table(env["out"], DS, "papers")
    assert papers["paper_id"].to_list() == [pid] and papers["found_by"].to_list() == [["snippet"]]
    assert read_table(env["out"], DS, "fetches")["status"].to_list() == ["not_open_access"]
    finding = read_table(env["out"], DS, "findings").row(0, named=True)
    assert finding["paper_id"] == pid and finding["uses_dataset"] and finding["evidence_source"] == ["snippet"]
    assert summary.counts["found_by_snippet"] == 1 and summary.counts["sources_ran"] == ["snippet"]
    assert summary.counts["new_users"] == 1
    assert not fake.hits("/graph/v1/paper/") or all("/citations" not in h.path for h in fake.log)


def test_a_stored_paper_another_source_finds_keeps_its_row_and_gains_the_source(tmp_path, profile):
    from flows.discover import Citation, DiscoveredPaper, Discovery, rows_for
    from flows.storage import upsert
    from flows.watch import _store_discovery

    upsert(tmp_path, DS, "papers", [{"paper_id": "s2:a", "source_path": "s2:a", "s2_paper_id": "a", "doi": "10.1/a",
                                     "status": "ok", "pdf_sha256": "f" * 64, "found_by": None}])
    found = Discovery()
    pid = found.add_paper(DiscoveredPaper(openalex_id="W1", doi="10.1/A", found_by=("openalex",)))
    found.add_citation(Citation(paper_id=pid, seed_id="s2:seed", source="openalex"))
    found.adopt(read_table(tmp_path, DS, "papers").to_dicts())
    assert list(found.papers) == ["s2:a"]                       # the stored id, matched by DOI
    counts = _store_discovery(tmp_path, profile, rows_for(found, "r2", DS))
    assert counts == {"new_papers": 0, "new_citations": 1, "papers_found_by_more_sources": 1}
    row = read_table(tmp_path, DS, "papers").row(0, named=True)
    assert (row["status"], row["pdf_sha256"], row["openalex_id"], row["found_by"]) == ("ok", "f" * 64, "W1", ["openalex"])
    assert read_table(tmp_path, DS, "citations")["paper_id"].to_list() == ["s2:a"]


def test_new_since_the_last_run_compares_with_that_runs_table_versions(tmp_path):
    from flows.storage import upsert, versions
    from flows.watch import new_since_last_run

    def user(pid, uses=True, run="r1"):
        return {"paper_id": pid, "uses_dataset": uses, "year": 2020, "title": pid, "usage": ["train"],
                "first_seen_run": run, "dataset": DS}

    def affiliation(pid, name):
        return {"paper_id": pid, "institution": name, "dataset": DS}

    upsert(tmp_path, DS, "findings", [user("a"), user("b", uses=False)])
    upsert(tmp_path, DS, "affiliations", [affiliation("a", "Uni A")])
    upsert(tmp_path, DS, "runs", [{"run_id": "r1", "status": "completed", "finished": dt.datetime.now(dt.timezone.utc),
                                   "versions": json.dumps(versions(tmp_path, DS))}])
    # the next run: b is now a user (re-analysed), c is new; a's and c's institutions
    upsert(tmp_path, DS, "findings", [user("b", run="r1"), user("c", run="r2")])
    upsert(tmp_path, DS, "affiliations", [affiliation("b", "Uni A"), affiliation("c", "Company C")], replace=["b", "c"])
    users, institutions = new_since_last_run(tmp_path, DS, "r2")
    assert sorted(u["paper_id"] for u in users) == ["b", "c"]
    assert institutions == ["Company C"]


def test_no_network_fails_fast_and_leaves_outputs_untouched(tmp_path, monkeypatch):
    out = tmp_path / "out"
    (out / DS / "papers").mkdir(parents=True)
    marker = out / DS / "papers" / "part-0.parquet"
    pl.DataFrame({"paper_id": ["x"]}).write_parquet(marker)
    before = marker.read_bytes()
    monkeypatch.setenv("CITEWATCH_S2_API_URL", "http://127.0.0.1:9/graph/v1")   # nothing listens on port 9
    monkeypatch.setenv("CITEWATCH_OPENALEX_URL", "http://127.0.0.1:9/openalex")
    started = dt.datetime.now()
    result = CliRunner().invoke(app, ["run", "--dataset", DS, "--out", str(out)])
    assert result.exit_code == 2
    message = result.output
    assert "127.0.0.1:9" in message and "--pdf-dir" in message and "--papers-csv" in message
    assert "127.0.0.1:9/openalex" in message and "OpenAlex" in message
    assert (dt.datetime.now() - started).total_seconds() < 30
    assert marker.read_bytes() == before


def test_the_schedule_is_a_cron_deployment_of_the_main_job():
    d = deployment(DS, "/tmp/out", "0 3 * * 1")
    assert d.name == f"{DS}-weekly"
    assert d.parameters["dataset"] == DS
    assert [s.schedule.cron for s in d.schedules] == ["0 3 * * 1"]


def test_papers_from_a_csv_are_fetched_and_analysed_without_discovery(fake, env, tmp_path):
    from s2server import REAL_PDFS

    pid = next(iter(REAL_PDFS))
    csv_path = tmp_path / "papers.csv"
    csv_path.write_text("paperId,title,abstract,year,venue,arxivId,doi,pdfUrl\n"
                        f"{pid},A listed paper,,2019,,,,{fake.url}/oa/{pid}.pdf\n"
                        f"missing0000,A paper with no PDF,We train on MS-Celeb-1M.,2020,,,,\n", encoding="utf-8")
    fake.reset()
    summary = run_dataset(DS, papers_csv=str(csv_path), **env)
    assert not fake.hits("/graph/v1")                                        # no discovery calls
    papers = read_table(env["out"], DS, "papers")
    assert set(papers["paper_id"]) == {f"s2:{pid}", "s2:missing0000"}
    fetches = {r["paper_id"]: r["status"] for r in read_table(env["out"], DS, "fetches").to_dicts()}
    assert fetches == {f"s2:{pid}": "ok", "s2:missing0000": "not_open_access"}
    findings = {r["paper_id"]: r for r in read_table(env["out"], DS, "findings").to_dicts()}
    assert findings[f"s2:{pid}"]["evidence_source"] == ["full_text"]
    assert findings["s2:missing0000"]["evidence_source"] == ["abstract"] and findings["s2:missing0000"]["uses_dataset"]
    assert summary.counts["analysed_full_text"] == 1
