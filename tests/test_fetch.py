"""Fetching PDFs from the fake host (tests/s2server.py): every status, the cache, reruns, acceptance."""
from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from s2server import REAL_PDFS

from flows.discover import DiscoveredPaper, S2Client, discover
from flows.fetch import FETCH_STATUSES, PdfCache, due, fetch_all, fetch_rows
from flows.http import RetryPolicy
from models.schema import frame

NOW = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def papers(s2_server, profile) -> dict[str, DiscoveredPaper]:
    """The fake's papers by S2 paperId."""
    with S2Client(s2_server.api_url, api_key="k", rate=0) as s2:
        return {p.s2_paper_id: p for p in discover(profile, s2).papers.values()}


@pytest.fixture
def cache(tmp_path) -> PdfCache:
    return PdfCache(tmp_path / "pdfs")


def fetch(fake, cache, papers, **options):
    """fetch_all against the fake: no rate limit, its arXiv stand-in, retry waits skipped."""
    options = {"per_host_rate": 0, "arxiv_base": fake.arxiv_url, "sleep": lambda s: None, **options}
    return fetch_all(papers, cache, **options)


def case(fake, papers, name) -> DiscoveredPaper:
    return papers[fake.cases[name]]


def downloads(fake) -> Counter:
    """Successful PDF-host answers per path, fault answers excluded."""
    return Counter(h.path for h in fake.log if not h.path.startswith("/graph/") and h.status == 200 and not h.fault)


def test_a_status_for_every_kind_of_answer(fake, cache, papers):
    served = papers[next(iter(REAL_PDFS))]
    missing = next(p for p in papers.values() if p.open_access_url and not p.arxiv_id
                   and f"/oa/{p.s2_paper_id}.pdf" not in fake.pdfs and p.s2_paper_id not in fake.cases.values())
    names = ["served", "html", "truncated", "no_oa", "missing", "fallback"]
    batch = [served, case(fake, papers, "html"), case(fake, papers, "truncated"), case(fake, papers, "no_oa"),
             missing, case(fake, papers, "fallback")]
    results = dict(zip(names, fetch(fake, cache, batch)))

    assert {n: r.status for n, r in results.items()} == {
        "served": "ok", "html": "not_pdf", "truncated": "not_pdf", "no_oa": "not_open_access",
        "missing": "http_error", "fallback": "ok"}
    assert [r.paper_id for r in results.values()] == [p.paper_id for p in batch]
    assert results["served"].http_status == 200 and cache.path(results["served"].sha256).read_bytes()[:5] == b"%PDF-"
    assert "not a PDF" in results["html"].error and "text/html" in results["html"].error
    assert "truncated" in results["truncated"].error and results["truncated"].sha256 is None
    assert results["missing"].http_status == 404 and results["no_oa"].url is None
    assert results["fallback"].url == fake.arxiv_url + case(fake, papers, "fallback").arxiv_id
    assert sorted(p.name for p in cache.root.glob("*/*.pdf")) == sorted(
        f"{r.sha256}.pdf" for r in results.values() if r.ok)          # failures leave nothing behind


def test_500_then_success(fake, cache, papers):
    flaky = case(fake, papers, "flaky")
    fake.inject(f"/oa/{flaky.s2_paper_id}.pdf", status=500)
    [result] = fetch(fake, cache, [flaky])
    assert result.status == "ok" and len(fake.hits("/oa/")) == 2


def test_timeouts_are_retried_then_reported(fake, cache, papers):
    slow = case(fake, papers, "slow")
    fake.inject(f"/oa/{slow.s2_paper_id}.pdf", delay=1.0)
    assert fetch(fake, cache, [slow], timeout=0.3)[0].status == "ok"
    fake.reset()
    fake.inject(f"/oa/{slow.s2_paper_id}.pdf", delay=1.0, times=2)
    [result] = fetch(fake, PdfCache(cache.root.parent / "other"), [slow], timeout=0.3,
                     policy=RetryPolicy(attempts=2, connect_attempts=1))
    assert (result.status, result.http_status) == ("timeout", None) and due(fetch_rows([result], "r", "d")[0])


def test_size_cap_with_and_without_content_length(fake, cache, papers):
    served, fallback = papers[next(iter(REAL_PDFS))], case(fake, papers, "fallback")   # arXiv: chunked
    results = fetch(fake, cache, [served, fallback], max_bytes=100_000)
    assert [r.status for r in results] == ["too_large", "too_large"]
    assert "Content-Length" in results[0].error and "body over" in results[1].error
    assert not list(cache.root.rglob("*.pdf"))


def test_cached_pdfs_are_never_downloaded_again(fake, cache, papers):
    batch = [papers[pid] for pid in REAL_PDFS]
    first = fetch(fake, cache, batch, concurrency=4)
    assert all(r.ok and not r.cached for r in first) and len(fake.hits("/oa/")) == len(batch)
    fake.reset()
    again = fetch(fake, PdfCache(cache.root), batch)           # a new run: the index is on disk
    assert all(r.ok and r.cached for r in again) and fake.log == []
    assert [r.sha256 for r in again] == [r.sha256 for r in first]


def test_the_same_pdf_for_two_papers_is_one_file(fake, cache, papers):
    served = papers[next(iter(REAL_PDFS))]
    twin = DiscoveredPaper(s2_paper_id="f" * 40, title="twin", open_access_url=served.open_access_url)
    a, b = fetch(fake, cache, [served, twin], concurrency=1)
    assert a.sha256 == b.sha256 and b.cached and len(list(cache.root.rglob("*.pdf"))) == 1
    assert PdfCache(cache.root).lookup(twin.paper_id)[0] == a.sha256


@pytest.mark.parametrize("row, expected", [
    (None, True),
    ({"status": "ok", "http_status": 200}, False),
    ({"status": "not_open_access", "http_status": None}, True),
    ({"status": "timeout", "http_status": None}, True),
    ({"status": "http_error", "http_status": 503}, True),
    ({"status": "http_error", "http_status": None}, True),          # connection failed
    ({"status": "http_error", "http_status": 404, "fetched_at": NOW - dt.timedelta(days=2)}, False),
    ({"status": "not_pdf", "http_status": 200, "fetched_at": NOW - dt.timedelta(days=40)}, True),
    ({"status": "too_large", "http_status": 200, "fetched_at": NOW}, False),
])
def test_which_fetches_a_rerun_retries(row, expected):
    assert due(row, now=NOW) is expected


def test_acceptance_every_paper_a_status_every_pdf_once_and_a_rerun_downloads_nothing(fake, profile, cache):
    fake.inject("/citations?", status=429, retry_after="1")       # faults fire in order, once each
    fake.inject("/citations?", status=500)
    fake.inject("/citations?", delay=1.0)                           # beyond the client's timeout
    fake.inject(f"/oa/{fake.cases['flaky']}.pdf", status=500)
    fake.inject(f"/oa/{fake.cases['slow']}.pdf", delay=1.0)
    with S2Client(fake.api_url, api_key="k", rate=0, timeout=0.5, sleep=lambda s: None) as s2:
        found = discover(profile, s2)
    assert (len(found.papers), len(found.citations)) == (1404, 1674)
    assert sum(h.fault for h in fake.hits("/graph/")) == 3

    results = fetch(fake, cache, found.papers.values(), concurrency=8, timeout=0.5)
    rows = fetch_rows(results, "run-1", profile.slug, now=NOW)
    table = frame("fetches", rows)
    assert table["paper_id"].n_unique() == table.height == 1404
    assert set(table["status"]) <= set(FETCH_STATUSES)
    served = set(fake.pdfs) | {f"/oa/{fake.cases['html']}.pdf", f"/oa/{fake.cases['truncated']}.pdf"}
    assert downloads(fake) == Counter({path: 1 for path in served})
    statuses = Counter(table["status"])
    assert statuses["ok"] == len(REAL_PDFS) + 3 and statuses["not_pdf"] == 2
    assert statuses["not_open_access"] == sum(not p.open_access_url and not p.arxiv_id for p in found.papers.values())

    fake.reset()
    previous = {row["paper_id"]: row for row in rows}
    rerun = [p for p in found.papers.values() if due(previous[p.paper_id], now=NOW + dt.timedelta(hours=6))]
    again = fetch(fake, PdfCache(cache.root), rerun)
    assert {r.status for r in again} == {"not_open_access"} and fake.log == []
