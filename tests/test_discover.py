"""Discovery against the fake Semantic Scholar (tests/s2server.py): paging, faults, the key, no network."""
from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import socket
import time
from collections import Counter

import httpx
import pytest
from s2server import PENG_CSV

from flows import discover as disc
from flows.discover import (NetworkUnavailable, S2Client, S2Error, discover, normalize_arxiv_id, papers_from_csv,
                            rows_for)
from flows.http import RateLimiter, RetryPolicy, retry_after
from models.profile import Seed
from models.schema import frame

KEY = "test-key-4f9a1c"
MS_CELEB, ARCFACE = "1607.08221", "1801.07698"


def client(fake, waits: list | None = None, **kwargs) -> S2Client:
    """A client of the fake with no rate limit; retry waits are recorded instead of slept."""
    kwargs.setdefault("api_key", KEY)
    return S2Client(fake.api_url, rate=0, sleep=(waits if waits is not None else []).append, **kwargs)


def per_seed(found) -> dict[str, int]:
    arxiv = {sid: seed.arxiv for sid, seed in found.seeds.items()}
    return dict(Counter(arxiv[c.seed_id] for c in found.citations.values()))


def test_finds_each_peng_paper_once_with_a_citation_row_per_seed(fake, profile):
    with client(fake) as s2:
        found = discover(profile, s2)
    assert (len(found.papers), len(found.citations)) == (1404, 1674)
    assert per_seed(found) == {MS_CELEB: 740, ARCFACE: 934}
    assert len(found.seeds) == len(profile.seeds) and not found.unresolved and not found.truncated
    assert s2.requests == 12        # 6 seeds resolved + one page of citations each at limit 1000

    both = fake.cases["both_seeds"]
    assert sorted(found.seeds[s].arxiv for p, s, _ in found.citations if p == f"s2:{both}") == [MS_CELEB, ARCFACE]
    rows = rows_for(found, "run-1", profile.slug)
    papers, citations = frame("papers", rows["papers"]), frame("citations", rows["citations"])
    assert papers["paper_id"].n_unique() == papers.height == 1404
    assert citations.select("paper_id", "seed_id").n_unique() == citations.height == 1674
    assert set(citations["paper_id"]) == set(papers["paper_id"])
    assert (papers["paper_id"] == papers["source_path"]).all()
    assert citations.filter(citations["paper_id"] == f"s2:{both}").height == 2


def test_records_carry_metadata_and_citation_contexts(fake, profile):
    with client(fake) as s2:
        found = discover(profile, s2)
    arcface = found.papers["s2:d4f100ca5edfe53b562f1d170b2c48939bab0e27"]     # ArcFace cites MS-Celeb-1M
    assert arcface.arxiv_id == ARCFACE and arcface.year is not None
    assert arcface.open_access_url == f"{fake.url}/oa/{arcface.s2_paper_id}.pdf"
    assert found.papers[f"s2:{fake.cases['no_oa']}"].open_access_url is None
    with_context = [c for c in found.citations.values() if c.contexts]
    assert with_context and all(c.intents == ("methodology",) and c.is_influential for c in with_context)
    assert any("MS-Celeb" in text or "MS1M" in text for c in with_context for text in c.contexts)


def test_pages_with_offset_limit_and_next(fake, profile):
    with client(fake, page_size=100) as s2:
        seed_id = s2.resolve_seed(profile.seeds[0])
        entries = list(s2.iter_citations(seed_id))
    assert len(entries) == 740 and len({e["citingPaper"]["paperId"] for e in entries}) == 740
    pages = [h.query for h in fake.hits(f"/graph/v1/paper/{seed_id}/citations")]
    assert [q.split("offset=")[1].split("&")[0] for q in pages] == [str(o) for o in range(0, 800, 100)]
    assert all("limit=100" in q for q in pages)


@pytest.mark.parametrize("fault, expect_wait", [
    (dict(status=429, retry_after="7"), 7.0),        # Retry-After honoured
    (dict(status=429), None),                        # no Retry-After: backoff
    (dict(status=500), None),                        # 500 then success
    (dict(status=503, times=3), None),
])
def test_rate_limits_and_server_errors_are_retried_and_lose_nothing(fake, profile, fault, expect_wait):
    fake.inject("/citations?", **fault)
    fake.inject("offset=300", **fault)
    waits = []
    with client(fake, waits, page_size=300) as s2:
        found = discover(profile, s2)
    assert (len(found.papers), len(found.citations)) == (1404, 1674)
    assert len(waits) == 2 * fault.get("times", 1)
    if expect_wait:
        assert waits == [expect_wait, expect_wait]
    else:
        assert all(0 < w <= RetryPolicy().max_wait for w in waits)


def test_read_timeout_is_retried(fake, profile):
    fake.inject("/citations?", delay=1.5)
    waits = []
    with client(fake, waits, timeout=0.5) as s2:
        found = discover(profile, s2)
    # at least the injected timeout was retried (a busy machine may slow another answer past the timeout too)
    assert len(found.citations) == 1674 and len(waits) >= 1


def test_bounded_retries_end_in_a_clear_error(fake, profile):
    fake.inject("/citations?", status=500, times=99)
    with client(fake, policy=RetryPolicy(attempts=3)) as s2, pytest.raises(S2Error, match="HTTP 500") as err:
        discover(profile, s2)
    assert len(fake.hits("/graph/v1/paper/")) == 1 + 3 and KEY not in str(err.value)


def test_api_key_goes_with_every_request_and_nowhere_else(fake, profile, caplog):
    caplog.set_level(logging.DEBUG)
    fake.inject("offset=200", status=429, retry_after="0")
    with client(fake, page_size=200) as s2:
        found = discover(profile, s2)
        shown = repr(s2) + str(s2)
    assert len(fake.log) > 12 and all(h.api_key == KEY for h in fake.log)
    assert all(KEY not in h.query for h in fake.log)
    assert KEY not in shown and "api_key=set" in shown
    assert KEY not in caplog.text and "retry" in caplog.text
    assert KEY not in repr(rows_for(found, "r", profile.slug)) and KEY not in repr(found)


def test_configuration_from_the_environment(fake, profile, monkeypatch):
    monkeypatch.setenv("CITEWATCH_S2_API_URL", fake.api_url + "/")
    monkeypatch.setenv("S2_API_KEY", "env-key")
    with S2Client(rate=0) as s2:
        assert s2.base_url == fake.api_url
        s2.resolve_seed(profile.seeds[0])
    monkeypatch.delenv("S2_API_KEY")
    with S2Client(rate=0) as s2:
        s2.resolve_seed(profile.seeds[0])
    assert [h.api_key for h in fake.log] == ["env-key", None]
    monkeypatch.delenv("CITEWATCH_S2_API_URL")
    assert S2Client().base_url == "https://api.semanticscholar.org/graph/v1"


def test_no_network_fails_fast_with_the_offline_alternatives(profile):
    with socket.socket() as sock:              # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        endpoint = f"http://127.0.0.1:{sock.getsockname()[1]}/graph/v1"
    start = time.monotonic()
    with S2Client(endpoint, api_key=KEY) as s2, pytest.raises(NetworkUnavailable) as err:
        discover(profile, s2)
    assert time.monotonic() - start < 3
    message = str(err.value)
    assert endpoint in message and "--pdf-dir" in message and "--papers-csv" in message and KEY not in message


def test_a_seed_unknown_to_the_api_is_recorded_and_the_rest_go_on(fake, profile):
    ghost = Seed(title="A paper nobody has", arxiv="2101.00001", doi="10.0000/none")
    with client(fake) as s2:
        found = discover(dataclasses.replace(profile, seeds=(ghost, *profile.seeds)), s2)
    assert found.unresolved == [ghost] and len(found.citations) == 1674


def test_more_citations_than_the_api_serves_are_flagged(fake, profile, monkeypatch):
    monkeypatch.setattr(disc, "MAX_WINDOW", 500)
    with client(fake, page_size=300) as s2:
        found = discover(profile, s2)
    assert sorted(s.arxiv for s in found.truncated) == [MS_CELEB, ARCFACE]
    assert per_seed(found) == {MS_CELEB: 500, ARCFACE: 500}
    assert all("limit=200" in h.query for h in fake.log if "offset=300" in h.query)


def test_an_unknown_field_is_an_error_not_an_empty_result(fake, profile):
    with client(fake) as s2, pytest.raises(S2Error, match="Unrecognized"):
        list(s2.iter_citations(s2.resolve_seed(profile.seeds[0]), fields=("title", "citingPaperTitle")))


def test_papers_from_the_peng_csv(shared):
    papers = {p.s2_paper_id: p for p in papers_from_csv(PENG_CSV)}
    assert len(papers) == 1404
    arcface = papers["d4f100ca5edfe53b562f1d170b2c48939bab0e27"]
    assert (arcface.arxiv_id, arcface.open_access_url) == (ARCFACE, "https://arxiv.org/pdf/1801.07698.pdf")
    assert sum(p.arxiv_id is not None for p in papers.values()) == 674
    assert all(len(p.arxiv_id.split(".")[1]) == 5 for p in papers.values() if p.arxiv_id and p.arxiv_id >= "15")


@pytest.mark.parametrize("raw, expected", [
    ("1803.0714", "1803.07140"), ("1903.119", "1903.11900"), ("2004.12", "2004.12000"),
    ("1801.07698", "1801.07698"), ("1412.356", "1412.3560"), ("1607.08221v2", "1607.08221v2"),
    ("arXiv:1905.00641", "1905.00641"), ("hep-th/9901001", "hep-th/9901001"), ("", None), (None, None),
])
def test_arxiv_ids_get_their_trailing_zeros_back(raw, expected):
    assert normalize_arxiv_id(raw) == expected


def test_retry_after_in_seconds_or_as_a_date():
    now = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.timezone.utc)
    answer = lambda value: httpx.Response(429, headers={"Retry-After": value})  # noqa: E731
    assert retry_after(answer("12"), now) == 12.0
    assert retry_after(answer("Wed, 01 May 2024 12:00:30 GMT"), now) == 30.0
    assert retry_after(answer("soon"), now) is None and retry_after(httpx.Response(429), now) is None


def test_rate_limiter_spaces_requests_per_host():
    clock, slept = [0.0], []
    limiter = RateLimiter(2.0, clock=lambda: clock[0], sleep=slept.append)
    for url in ("http://a/1", "http://a/2", "http://b/1", "http://a/3"):
        limiter.wait(url)
    assert slept == [0.5, 1.0]
