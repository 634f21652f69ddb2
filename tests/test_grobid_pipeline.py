"""GROBID in the pipeline: TEI-fed analysis, per-document fallback, and no loss against PyMuPDF alone."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from extractors.pipeline import analyse_pdf
from flows.evaluate import Report, score_document
from flows.grobid import GrobidError
from flows.analysis import grobid_service
from flows.run import analyse_file

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"


def tei_pairs() -> list[tuple[Path, Path]]:
    """(PDF, newest TEI) for the corpus PDFs GROBID output exists for."""
    if not CORPUS.is_dir():
        pytest.skip(f"../shared not present: expected the corpus at {CORPUS}")
    files = [row["file"] for row in csv.DictReader((CORPUS / "MANIFEST.csv").open(encoding="utf-8"))]
    teis = [f for f in files if f.startswith("tei/")]
    pairs = []
    for pdf in (f for f in files if f.startswith("pdf/")):
        twins = sorted(t for t in teis if Path(t).name.split(".")[0] == Path(pdf).stem)
        if twins:
            pairs.append((CORPUS / pdf, CORPUS / twins[-1]))
    return pairs


@pytest.fixture(scope="module")
def fes() -> tuple[bytes, bytes]:
    pdf, tei = next((p, t) for p, t in tei_pairs() if p.stem == "fes_hand_opening_jner")
    return pdf.read_bytes(), tei.read_bytes()


def test_tei_feeds_the_analysis_with_the_pdf_kept_for_layout(fes, profile, nlp):
    pdf, tei = fes
    plain = analyse_pdf(pdf, "fes.pdf", profile, nlp)
    both = analyse_pdf(pdf, "fes.pdf", profile, nlp, tei=tei)
    assert both.paper["status"] == "ok" and both.paper["extractor"] == "grobid+pymupdf"
    assert both.findings[0]["uses_dataset"] == plain.findings[0]["uses_dataset"] is False
    assert len(both.funders) >= len(plain.funders)
    assert {a["institution"] for a in plain.affiliations} <= {a["institution"] for a in both.affiliations}


@pytest.mark.parametrize("tei", [GrobidError("grobid_unavailable", "connection refused"), b"<TEI><unclosed"])
def test_a_grobid_failure_falls_back_to_pymupdf_and_says_so(fes, profile, nlp, tei):
    pdf, _ = fes
    result = analyse_pdf(pdf, "fes.pdf", profile, nlp, tei=tei)
    assert result.paper["status"] == "grobid_fallback" and result.ok
    assert result.paper["extractor"] == "pymupdf" and "PyMuPDF used" in result.paper["error"]
    assert result.findings and result.affiliations        # nothing lost


def test_the_flow_task_asks_grobid_and_falls_back_per_document(fes, tmp_path, monkeypatch):
    pdf, tei = fes
    good, bad = tmp_path / "fes.pdf", tmp_path / "other.pdf"
    good.write_bytes(pdf)
    bad.write_bytes(pdf + b"\n% another version\n")
    monkeypatch.setenv("CITEWATCH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CITEWATCH_REGISTRY", str(tmp_path / "no-registry"))
    with HTTPServer(host="127.0.0.1", port=0) as server:
        server.expect_request("/api/isalive").respond_with_data("true")
        answers = iter([(tei, 200), (b"server error", 500)])

        def process(request):
            from werkzeug import Response
            body, status = next(answers)
            return Response(body, status=status, content_type="application/xml")

        server.expect_request("/api/processFulltextDocument", method="POST").respond_with_handler(process)
        url = server.url_for("/")
        grobid_service.cache_clear()
        first = analyse_file.fn(str(good), "ms-celeb-1m", grobid_url=url)
        second = analyse_file.fn(str(bad), "ms-celeb-1m", grobid_url=url)
        again = analyse_file.fn(str(good), "ms-celeb-1m", grobid_url=url)     # from the TEI cache
    grobid_service.cache_clear()
    assert first.paper["extractor"] == again.paper["extractor"] == "grobid+pymupdf"
    assert second.paper["status"] == "grobid_fallback" and second.findings
    assert list((tmp_path / "cache" / "grobid").glob("*.tei.xml"))


def test_with_grobid_is_at_least_as_good_as_without(profile, nlp, shared):
    """Against gold.jsonl on the corpus papers that have real TEI."""
    from models.registry import Registry

    registry = Registry.load(shared / "registry")
    gold = {Path(json.loads(line)["file"]).name: json.loads(line)
            for line in (CORPUS / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()}
    without, with_ = Report(), Report()
    for pdf, tei in tei_pairs():
        data = pdf.read_bytes()
        score_document(without, gold[pdf.name], analyse_pdf(data, str(pdf), profile, nlp, registry))
        score_document(with_, gold[pdf.name], analyse_pdf(data, str(pdf), profile, nlp, registry, tei=tei.read_bytes()))
    assert with_.uses.f1 >= without.uses.f1
    assert with_.institutions.f1 >= without.institutions.f1
    assert with_.funders.recall >= without.funders.recall
