"""The GROBID client (flows/grobid.py) against a local stand-in server on 127.0.0.1.

The stand-in answers /api/isalive and /api/processFulltextDocument; for a corpus PDF it returns
the real TEI GROBID wrote for it (matched by the uploaded file's sha256, pairs from MANIFEST.csv),
and it can be made busy, slow, or return garbage, an XML bomb or an external entity.
"""
from __future__ import annotations

import csv
import hashlib
import threading
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from extractors.tei import parse_tei
from flows.grobid import ENV_URL, GrobidError, GrobidService, grobid_url, health_message
from test_tei import BOMB, XXE

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
PROCESS = "/api/processFulltextDocument"
PDF = b"%PDF-1.4\n% a stand-in document\n"


@pytest.fixture(scope="module")
def server():
    """A threaded server, so that slow and concurrent requests can be tested."""
    srv = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    srv.start()
    yield srv
    srv.clear()
    srv.stop()


@pytest.fixture
def grobid(server, tmp_path):
    server.clear()
    server.expect_request("/api/isalive").respond_with_data("true")
    service = GrobidService(server.url_for("/"), timeout=0.5, retries=2, backoff=0.01, cache_dir=tmp_path / "tei")
    yield service
    service.close()


def corpus_tei() -> dict[str, Path]:
    """sha256 of each corpus PDF -> the TEI GROBID wrote for it (the newest, when there are several)."""
    if not CORPUS.is_dir():
        pytest.skip(f"../shared not present: expected the corpus at {CORPUS}")
    files = [row["file"] for row in csv.DictReader((CORPUS / "MANIFEST.csv").open(encoding="utf-8"))]
    teis = [f for f in files if f.startswith("tei/")]
    pairs = {}
    for pdf in (f for f in files if f.startswith("pdf/")):
        stem = Path(pdf).stem
        twins = sorted(t for t in teis if Path(t).name.split(".")[0] == stem)
        if twins:
            pairs[hashlib.sha256((CORPUS / pdf).read_bytes()).hexdigest()] = CORPUS / twins[-1]
    return pairs


def fulltext(request: Request, pairs: dict[str, Path]) -> Response:
    """processFulltextDocument as citewatch calls it: the parameters are checked, the TEI looked up."""
    form = request.form
    assert (form["consolidateHeader"], form["consolidateCitations"], form["segmentSentences"]) == ("0", "0", "1")
    assert {"s", "p", "ref", "biblStruct", "persName"} <= set(form.getlist("teiCoordinates"))
    sha = hashlib.sha256(request.files["input"].read()).hexdigest()
    if sha not in pairs:
        return Response("no TEI for this PDF", status=500)
    return Response(pairs[sha].read_bytes(), content_type="application/xml")


def test_health_check(grobid, monkeypatch):
    assert grobid.is_alive()
    with GrobidService("http://127.0.0.1:9", timeout=0.5) as dead:
        assert not dead.is_alive()
    message = health_message(dead.url)
    assert "http://127.0.0.1:9/api/isalive" in message and "docker compose up -d grobid" in message
    monkeypatch.setenv(ENV_URL, "http://grobid:8070/")
    assert grobid_url(None) == "http://grobid:8070" and grobid_url("http://other:1") == "http://other:1"
    monkeypatch.delenv(ENV_URL)
    assert grobid_url(None) is None


def test_corpus_pdfs_get_their_real_tei_and_a_rerun_uses_the_cache(server, grobid):
    pairs = corpus_tei()
    server.expect_request(PROCESS, method="POST").respond_with_handler(lambda r: fulltext(r, pairs))
    pdfs = {p: p.read_bytes() for p in sorted((CORPUS / "pdf").glob("*.pdf"))
            if hashlib.sha256(p.read_bytes()).hexdigest() in pairs}
    assert len(pdfs) >= 8
    for path, data in pdfs.items():
        tei = parse_tei(grobid.process(data))
        assert tei.title and tei.authors, path.name
    requests = len(server.log)
    assert sorted(p.name for p in grobid.cache_dir.iterdir()) == sorted(
        f"{hashlib.sha256(d).hexdigest()}.tei.xml" for d in pdfs.values())
    for data in pdfs.values():
        grobid.process(data)
    assert len(server.log) == requests          # every answer came from the cache


def test_busy_server_is_retried_then_succeeds(server, grobid):
    tei = (CORPUS / "tei" / "specter_acl2020.tei.xml")
    if not tei.is_file():
        pytest.skip(f"../shared not present: expected {tei}")
    server.expect_oneshot_request(PROCESS, method="POST").respond_with_data("busy", status=503)
    server.expect_request(PROCESS, method="POST").respond_with_data(tei.read_bytes())
    assert parse_tei(grobid.process(PDF)).title.startswith("SPECTER")
    assert [resp.status_code for _, resp in server.log if _.path == PROCESS] == [503, 200]


def test_always_busy_gives_up_after_the_retries(server, grobid):
    server.expect_request(PROCESS, method="POST").respond_with_data("busy", status=503)
    with pytest.raises(GrobidError) as err:
        grobid.process(PDF)
    assert err.value.status == "grobid_busy"
    assert sum(r.path == PROCESS for r, _ in server.log) == 1 + grobid.retries


def test_slow_server_times_out(server, grobid):
    def slow(request: Request) -> Response:
        time.sleep(1.0)
        return Response("<TEI/>")

    server.expect_request(PROCESS, method="POST").respond_with_handler(slow)
    started = time.monotonic()
    with pytest.raises(GrobidError) as err:
        grobid.process(PDF)
    assert err.value.status == "grobid_timeout" and time.monotonic() - started < 1.0


@pytest.mark.parametrize("body, reason", [
    (b"<TEI><teiHeader></TEI", "malformed XML"),
    (BOMB, "refused"),
    (XXE, "refused"),
    (b"", "empty"),
])
def test_garbage_bombs_and_external_entities_are_refused_and_not_cached(server, grobid, body, reason):
    server.expect_request(PROCESS, method="POST").respond_with_data(body)
    with pytest.raises(GrobidError, match=reason) as err:
        grobid.process(PDF)
    assert err.value.status == "grobid_bad_tei" and str(err.value).startswith("grobid_bad_tei: ")
    assert not grobid.cache_dir.exists() or not any(grobid.cache_dir.iterdir())


def test_server_errors_are_reported_per_document(server, grobid):
    server.expect_request(PROCESS, method="POST").respond_with_data("[GENERAL] An exception occurred", status=500)
    with pytest.raises(GrobidError) as err:
        grobid.process(PDF)
    assert err.value.status == "grobid_http_error" and "HTTP 500" in str(err.value)


def test_a_dead_server_is_not_called_again_after_repeated_failures(tmp_path):
    service = GrobidService("http://127.0.0.1:9", timeout=0.5, max_failures=2, cache_dir=tmp_path)
    statuses = []
    for i in range(4):
        try:
            service.process(PDF + bytes([i]))
        except GrobidError as exc:
            statuses.append(exc.status)
    assert statuses == ["grobid_unavailable"] * 4
    with pytest.raises(GrobidError, match="not called: 2 consecutive failures"):
        service.process(PDF + b"x")
    service.close()


def test_concurrency_is_bounded(server, grobid):
    lock, state = threading.Lock(), {"now": 0, "max": 0}

    def counted(request: Request) -> Response:
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        time.sleep(0.1)
        with lock:
            state["now"] -= 1
        return Response('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/></TEI>')

    server.expect_request(PROCESS, method="POST").respond_with_handler(counted)
    with GrobidService(grobid.url, timeout=2, concurrency=2) as service:
        results = service.process_many(PDF + bytes([i]) for i in range(6))
    assert len(results) == 6 and all(isinstance(r, bytes) for r in results)
    assert state["max"] == 2
