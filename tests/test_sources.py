"""OpenAlex beside Semantic Scholar: cursor paging, faults, the merge into one paper per row, the
sources as options. Fakes: tests/openalexserver.py and tests/s2server.py (Peng et al.'s 1,404)."""
from __future__ import annotations

import datetime as dt
import json
import random
import socket

import pytest
from openalexserver import peng_openalex, work_id, work_record
from s2server import OWN_USE, SHARED, peng_server, snippet_hit, snippet_only_paper

from flows import discover as disc
from flows.discover import TRUST_ARXIV, TRUST_OTHER, TRUST_PUBLISHED, DiscoveredPaper, Discovery, S2Client, discover
from flows.fetch import pdf_urls
from flows.openalex import OpenAlexClient, OpenAlexError, affiliations, discover_openalex, paper_from_work
from flows.snippets import discover_snippets
from flows.sources import discover_sources, parse_sources

FIXTURE = SHARED / "corpus" / "s2" / "openalex_work_W2741809807_fixture.json"


def oa_client(fake, waits: list | None = None, **kwargs) -> OpenAlexClient:
    return OpenAlexClient(fake.api_url, rate=0, sleep=(waits if waits is not None else []).append, **kwargs)


def both(profile, s2_fake, oa_fake) -> Discovery:
    with S2Client(s2_fake.api_url, rate=0) as s2, oa_client(oa_fake) as oa:
        found = discover(profile, s2)
        found.absorb(discover_openalex(profile, oa))
    return found


@pytest.fixture
def fakes(shared, profile):
    with peng_server(profile) as s2_fake, peng_openalex(profile) as oa_fake:
        yield s2_fake, oa_fake


def test_each_index_misses_a_different_tenth_and_the_union_has_every_paper_once(fakes, profile):
    s2_fake, oa_fake = fakes
    ids = sorted(s2_fake.papers)
    peng = [pid for pid in ids if any(e["citingPaper"] == pid for es in s2_fake.citations.values() for e in es)]
    random.Random(12).shuffle(peng)
    tenth = len(peng) // 10
    s2_fake.drop_citing(set(peng[:tenth]))
    oa_fake.drop_citing({work_id(pid) for pid in peng[tenth:2 * tenth]})
    found = both(profile, s2_fake, oa_fake)
    assert len(peng) == 1404 and len(found.papers) == 1404
    assert len({p.s2_paper_id for p in found.papers.values() if p.s2_paper_id}) == 1404 - tenth
    assert len({p.openalex_id for p in found.papers.values() if p.openalex_id}) == 1404 - tenth
    assert found.supplied() == {"openalex": tenth, "s2": tenth, "s2+openalex": 1404 - 2 * tenth}
    only_openalex = [p for p in found.papers.values() if p.found_by == ("openalex",)]
    assert all(p.paper_id.startswith("openalex:W") for p in only_openalex)
    # one citation row per (paper, seed, source): S2 740 + 934 minus its tenth's rows, OpenAlex likewise
    assert {src for _, _, src in found.citations} == {"s2", "openalex"}
    assert all(found.citations[k].paper_id in found.papers for k in found.citations)


def one_seed_cited_by_all(s2_fake, oa_fake) -> None:
    """Both fakes: every Peng paper cites the first seed (MS-Celeb-1M), no other seed is cited."""
    entries = list({e["citingPaper"]: e for es in s2_fake.citations.values() for e in es}.values())
    first = next(pid for pid, p in s2_fake.papers.items() if p["externalIds"].get("ArXiv") == "1607.08221")
    s2_fake.citations = {pid: entries if pid == first else [] for pid in s2_fake.citations}
    works = sorted({w for ws in oa_fake.citing.values() for w in ws})
    oa_fake.citing = {sid: works if sid == "W9000000000" else [] for sid in oa_fake.citing}


def test_past_the_s2_window_openalex_finds_every_paper(fakes, profile, monkeypatch):
    s2_fake, oa_fake = fakes
    one_seed_cited_by_all(s2_fake, oa_fake)
    s2_fake.window = 1000
    monkeypatch.setattr(disc, "MAX_WINDOW", 999)
    with S2Client(s2_fake.api_url, rate=0, page_size=500) as s2:
        alone = discover(profile, s2)
    assert len(alone.papers) == 999 and [s.arxiv for s in alone.truncated] == ["1607.08221"]
    found = both(profile, s2_fake, oa_fake)
    assert len(found.papers) == 1404
    assert [s.arxiv for s in found.truncated] == ["1607.08221"]
    assert found.supplied() == {"openalex": 1404 - 999, "s2+openalex": 999}


def test_cursor_paging_has_no_ceiling_and_asks_only_for_what_is_new(fakes, profile):
    _, oa_fake = fakes
    with oa_client(oa_fake, page_size=50) as oa:
        found = discover_openalex(profile, oa)
    assert len(found.papers) == 1404 and len(found.citations) == 1674
    pages = [h.query for h in oa_fake.hits("/works") if "cites" in h.query]
    assert len(pages) == 15 + 19 + 4          # 740/50 and 934/50 pages; one (empty) for each other seed
    assert pages[0].count("cursor=%2A") == 1 and all("per_page=50" in q for q in pages)
    newer = work_record("e" * 40, "A work indexed today", 2026, doi="10.9999/new", created="2026-11-20")
    oa_fake.add_citing(next(iter(oa_fake.citing)), newer)
    oa_fake.reset()
    with oa_client(oa_fake) as oa:
        recent = discover_openalex(profile, oa, since=dt.date(2026, 11, 1))
    assert [p.title for p in recent.papers.values()] == ["A work indexed today"]
    assert all("from_created_date%3A2026-11-01" in h.query for h in oa_fake.hits("/works") if "cites" in h.query)


@pytest.mark.parametrize("fault", [dict(status=429, retry_after="3"), dict(status=503, times=2),
                                   dict(body='{"meta": {"count": 7'), dict(body="<html>busy</html>")])
def test_rate_limits_server_errors_and_malformed_json_are_retried(fakes, profile, fault):
    _, oa_fake = fakes
    oa_fake.inject("cursor=%2A", **fault)
    waits = []
    with oa_client(oa_fake, waits) as oa:
        found = discover_openalex(profile, oa)
    assert len(found.papers) == 1404
    assert len(waits) == fault.get("times", 1)
    if "retry_after" in fault:
        assert waits == [3.0]


def test_bounded_retries_end_in_a_clear_error(fakes, profile):
    _, oa_fake = fakes
    oa_fake.inject("/works", body="not json", times=99)
    with oa_client(oa_fake) as oa, pytest.raises(OpenAlexError, match="no JSON"):
        discover_openalex(profile, oa)


def test_email_and_key_go_as_parameters_and_nowhere_else(fakes, profile, caplog):
    _, oa_fake = fakes
    oa_fake.inject("cursor=%2A", status=429, retry_after="0")
    with oa_client(oa_fake, email="me@example.org", api_key="oa-secret-9") as oa:
        discover_openalex(profile, oa)
        shown = repr(oa)
    assert all("mailto=me%40example.org" in h.query and "api_key=oa-secret-9" in h.query for h in oa_fake.log)
    assert "oa-secret-9" not in shown + caplog.text and "api_key=set" in shown


def test_an_unreachable_source_is_a_warning_when_another_runs(fakes, profile, monkeypatch):
    s2_fake, _ = fakes
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    monkeypatch.setenv("CITEWATCH_S2_API_URL", s2_fake.api_url)
    monkeypatch.setenv("CITEWATCH_OPENALEX_URL", dead)
    found, warnings = discover_sources(profile, ("s2", "openalex"), rate=0)
    assert found.sources == ["s2"] and len(found.papers) == 1404
    assert len(warnings) == 1 and "OpenAlex" in warnings[0] and dead in warnings[0]
    assert parse_sources("openalex, s2") == ("s2", "openalex")
    assert parse_sources("snippet,openalex, s2") == ("s2", "openalex", "snippet")
    with pytest.raises(ValueError, match="snippets"):
        parse_sources("s2,snippets")


def test_records_of_one_paper_merge_by_doi_arxiv_or_title_and_year():
    found = Discovery()
    a = found.add_paper(DiscoveredPaper(s2_paper_id="a1", title="Deep Faces", year=2020, doi="10.1/X", found_by=("s2",)))
    assert found.add_paper(DiscoveredPaper(openalex_id="W1", title="Other title", doi="https://doi.org/10.1/x",
                                           found_by=("openalex",))) == a
    b = found.add_paper(DiscoveredPaper(s2_paper_id="b1", title="Big Margins", year=2019, arxiv_id="1901.00001"))
    assert found.add_paper(DiscoveredPaper(openalex_id="W2", arxiv_id="1901.00001v2")) == b
    c = found.add_paper(DiscoveredPaper(s2_paper_id="c1", title="Face Recognition: A Survey", year=2018))
    assert found.add_paper(DiscoveredPaper(openalex_id="W3", title="Face recognition - a survey", year=2018)) == c
    assert found.add_paper(DiscoveredPaper(openalex_id="W4", title="Face recognition - a survey", year=2021)) != c
    # two records one index keeps apart stay apart, even with one DOI
    assert found.add_paper(DiscoveredPaper(s2_paper_id="a2", title="Deep Faces", year=2020, doi="10.1/x")) != a
    assert found.papers[a].found_by == ("s2", "openalex") and found.papers[a].openalex_id == "W1"


def test_pdf_links_from_both_indexes_are_tried_in_order_of_trust():
    work = {"id": "https://openalex.org/W7", "title": "T", "doi": "https://doi.org/10.5/t",
            "locations": [
                {"is_oa": True, "pdf_url": "https://preprints.example.org/t.pdf", "version": "submittedVersion"},
                {"is_oa": True, "pdf_url": "https://arxiv.org/pdf/2001.00002v1", "version": "submittedVersion",
                 "landing_page_url": "https://arxiv.org/abs/2001.00002v1"},
                {"is_oa": True, "pdf_url": "https://repository.example.edu/t.pdf", "version": "acceptedVersion"}]}
    from_openalex = paper_from_work(work)
    assert from_openalex.arxiv_id == "2001.00002v1"
    assert [t for t, _ in from_openalex.pdf_links] == [TRUST_PUBLISHED, TRUST_ARXIV, TRUST_OTHER]
    from_s2 = DiscoveredPaper(s2_paper_id="s", title="T", doi="10.5/t", pdf_links=((TRUST_ARXIV, "https://arxiv.org/pdf/2001.00002"),))
    merged = from_s2.merge(from_openalex)
    assert pdf_urls(merged, "https://arxiv.example/") == [
        "https://repository.example.edu/t.pdf", "https://arxiv.org/pdf/2001.00002", "https://arxiv.org/pdf/2001.00002v1",
        "https://arxiv.example/2001.00002v1", "https://preprints.example.org/t.pdf"]
    assert merged.open_access_url == "https://repository.example.edu/t.pdf"


def test_affiliations_from_a_real_openalex_record(shared):
    rows = affiliations(json.loads(FIXTURE.read_text(encoding="utf-8")))
    assert rows and all(r["method"] == "openalex" and r["institution"] for r in rows)
    first = rows[0]
    assert first["ror_id"].startswith("https://ror.org/") and len(first["country"]) == 2
    assert {r["sector"] for r in rows} <= {"education", "company", "nonprofit", "government", "facility",
                                          "healthcare", "other"}


RELATED = "Earlier margin-based losses were benchmarked on MS1MV2 by other groups."     # written for this test


def test_snippet_search_finds_papers_that_cite_no_seed(fakes, profile):
    s2_fake, _ = fakes
    new = snippet_only_paper(s2_fake)
    peng = s2_fake.papers[s2_fake.cases["no_oa"]]
    s2_fake.snippets = {"MS1MV2": [snippet_hit(new, OWN_USE), snippet_hit(peng, RELATED)]}
    with S2Client(s2_fake.api_url, rate=0) as s2:
        found = discover(profile, s2)
        found.absorb(discover_snippets(profile, s2, {p.corpus_id for p in found.papers.values()}))
    assert len(found.papers) == 1405
    only = found.papers[f"s2:{new['paperId']}"]
    assert only.found_by == ("snippet",) and only.year == 2021
    assert found.snippets[only.paper_id] == [OWN_USE]
    assert found.papers[f"s2:{peng['paperId']}"].found_by == ("s2", "snippet")
    assert found.snippets[f"s2:{peng['paperId']}"] == [RELATED]
    batches = s2_fake.hits("/graph/v1/paper/batch")
    assert len(batches) == 1                                   # only the unknown paper was looked up
    searched = [h.query for h in s2_fake.hits("/graph/v1/snippet/search")]
    assert len(searched) == len(profile.variants)              # one query per canonical name


def test_a_query_that_fills_the_limit_is_split_by_year(fakes, profile):
    s2_fake, _ = fakes
    papers = [snippet_only_paper(s2_fake, str(n) * 40, year) for n, year in ((6, 2018), (7, 2020), (8, 2023))]
    s2_fake.snippets = {"Glint360K": [snippet_hit(p, f"We train on Glint360K ({p['year']}).") for p in papers]}
    with S2Client(s2_fake.api_url, rate=0) as s2:
        found = discover_snippets(profile, s2, limit=2)
    assert sorted(p.year for p in found.papers.values()) == [2018, 2020, 2023]
    years = [h.query for h in s2_fake.hits("/graph/v1/snippet/search") if "Glint360K" in h.query]
    assert len(years) > 1 and all("year=" in q for q in years[1:])
