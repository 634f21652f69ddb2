"""Snippet search: papers whose text names the dataset, whether or not they cite a seed paper.

Many users train on a derivative (MS1MV2, Glint360K ...) and cite only a code repository, or
nothing: no citation index links them to a seed. Semantic Scholar's full-text snippet search
(`/snippet/search`) finds passages naming each canonical name of the profile (a bounded list of
queries). The endpoint has no offset: a query that fills `limit` is split by publication years,
halving the range until each part holds fewer hits or is one year. The papers found are resolved
in batches (`/paper/batch`, 500 ids a call) unless discovery already knows their corpus id; each
keeps its passages as evidence (findings.evidence_source "snippet").
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator

from flows.discover import CITATION_FIELDS, DiscoveredPaper, Discovery, S2Client
from models.profile import Profile

log = logging.getLogger(__name__)

LIMIT = 100                 # hits per query (the API allows 1000)
FIRST_YEAR = 1990           # the oldest publication year a split goes back to
BATCH = 500                 # ids per /paper/batch call
PAPER_FIELDS = tuple(f for f in CITATION_FIELDS if f not in ("contexts", "intents", "contextsWithIntent", "isInfluential"))


def queries(profile: Profile) -> list[str]:
    """One query per canonical name of the profile's dataset and its derivatives."""
    return list(profile.variants)


def search(client: S2Client, query: str, limit: int = LIMIT, years: tuple[int, int] | None = None) -> Iterator[dict]:
    """Every hit for `query`, splitting the publication years while a part fills the limit."""
    lo, hi = years or (FIRST_YEAR, dt.date.today().year)
    params = {"query": query, "limit": limit}
    if years:
        params["year"] = f"{lo}-{hi}" if lo != hi else str(lo)
    page = client.get("/snippet/search", params) or {}
    hits = page.get("data") or []
    if len(hits) < limit or lo == hi:
        yield from hits
        return
    mid = (lo + hi) // 2
    yield from search(client, query, limit, (lo, mid))
    yield from search(client, query, limit, (mid + 1, hi))


def discover_snippets(profile: Profile, client: S2Client, known_corpus_ids: set[int] = frozenset(),
                      limit: int = LIMIT) -> Discovery:
    """Papers with passages naming the dataset: known ones (by corpus id) just gain the passages,
    the others are looked up and found_by ["snippet"]."""
    passages: dict[int, list[str]] = {}
    for query in queries(profile):
        for hit in search(client, query, limit):
            corpus_id = _int((hit.get("paper") or {}).get("corpusId"))
            text = ((hit.get("snippet") or {}).get("text") or "").strip()
            if corpus_id is not None and text and text not in passages.setdefault(corpus_id, []):
                passages[corpus_id].append(text)
    found = Discovery(sources=["snippet"])
    new = [c for c in passages if c not in known_corpus_ids]
    records = {}
    for start in range(0, len(new), BATCH):
        chunk = new[start:start + BATCH]
        answer = client.get("/paper/batch", {"fields": ",".join(PAPER_FIELDS)}, body={"ids": [f"CorpusId:{c}" for c in chunk]})
        records.update((c, r) for c, r in zip(chunk, answer or []) if r and r.get("paperId"))
    for corpus_id, texts in passages.items():
        if corpus_id in records:
            paper = DiscoveredPaper.from_s2(records[corpus_id], source="snippet")
        elif corpus_id in known_corpus_ids:
            paper = DiscoveredPaper(corpus_id=corpus_id, found_by=("snippet",))
        else:
            log.info("snippet search: corpus id %s unknown to /paper/batch; skipped", corpus_id)
            continue
        found.snippets[found.add_paper(paper)] = texts
    return found


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
