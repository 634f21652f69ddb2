"""Discovery: the papers that cite a dataset's seed papers, from the Semantic Scholar Graph API.

Plain functions at the I/O edge; the flow wraps them in tasks. httpx rather than the
semanticscholar package: its paginated calls (get_paper_citations) do not send the API key, and
discovery needs its own retry and rate control anyway. The key is sent as the x-api-key header
of every request and appears nowhere else: not in URLs, logs, reprs, errors or rows.
"""
from __future__ import annotations

import csv
import datetime as dt
import logging
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from flows.http import USER_AGENT, RateLimiter, RetryPolicy, request_with_retries
from models.profile import Profile, Seed

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.semanticscholar.org/graph/v1"
CITATION_FIELDS = ("paperId", "externalIds", "title", "year", "publicationDate", "venue", "authors", "abstract",
                   "openAccessPdf", "isOpenAccess", "contexts", "intents", "contextsWithIntent", "isInfluential")
MAX_PAGE = 1000        # the API's largest `limit` for citations
MAX_WINDOW = 9999      # the API serves a paper's citations only while offset + limit < 10,000


class S2Error(RuntimeError):
    """The API answered, but not with what discovery needs (after any retries)."""


class NetworkUnavailable(S2Error):
    """The API cannot be reached at all: no network, DNS failure, connection refused."""

    def __init__(self, endpoint: str, cause: Exception):
        super().__init__(
            f"cannot reach the Semantic Scholar API at {endpoint} ({type(cause).__name__}: {cause}). "
            "Check the network, or set CITEWATCH_S2_API_URL to a reachable mirror. Offline alternatives: "
            "--pdf-dir DIR analyses a folder of PDFs; --papers-csv FILE takes the list of papers from a CSV "
            "instead of Semantic Scholar.")
        self.endpoint = endpoint


class SeedNotFound(S2Error):
    """No identifier of a seed paper is known to the API."""


class CitationWindowExceeded(S2Error):
    """A seed has more citations than the API pages through (offset + limit must stay < 10,000)."""


@dataclass(frozen=True)
class DiscoveredPaper:
    """A citing paper's metadata, whichever source it came from (Semantic Scholar or a CSV)."""

    s2_paper_id: str
    title: str = ""
    year: int | None = None
    publication_date: dt.date | None = None
    venue: str | None = None
    doi: str | None = None
    arxiv_id: str | None = None
    abstract: str | None = None
    open_access_url: str | None = None
    authors: tuple[str, ...] = ()

    @property
    def paper_id(self) -> str:
        return paper_key(self.s2_paper_id)

    @classmethod
    def from_s2(cls, raw: dict) -> DiscoveredPaper:
        ext = raw.get("externalIds") or {}
        return cls(
            s2_paper_id=raw["paperId"],
            title=raw.get("title") or "",
            year=raw.get("year"),
            publication_date=_date(raw.get("publicationDate")),
            venue=raw.get("venue") or None,
            doi=ext.get("DOI"),
            arxiv_id=normalize_arxiv_id(ext.get("ArXiv")),
            abstract=raw.get("abstract"),
            open_access_url=(raw.get("openAccessPdf") or {}).get("url") or None,   # the API also sends url ""
            authors=tuple(a["name"] for a in raw.get("authors") or () if a.get("name")),
        )


@dataclass(frozen=True)
class Citation:
    """One citing paper -> one seed, with the sentences that cite it (evidence without a PDF)."""

    paper_id: str          # S2 paperId of the citing paper
    seed_id: str           # S2 paperId of the seed
    contexts: tuple[str, ...] = ()
    intents: tuple[str, ...] = ()
    is_influential: bool | None = None


@dataclass
class Discovery:
    """What one pass over the seeds found; a paper citing several seeds is one paper."""

    seeds: dict[str, Seed] = field(default_factory=dict)                  # S2 paperId -> seed
    papers: dict[str, DiscoveredPaper] = field(default_factory=dict)      # S2 paperId -> paper
    citations: dict[tuple[str, str], Citation] = field(default_factory=dict)   # (paper, seed) -> citation
    unresolved: list[Seed] = field(default_factory=list)
    truncated: list[Seed] = field(default_factory=list)
    skipped: int = 0       # citation entries without a paperId (S2 could not resolve the citing work)

    def add(self, seed_id: str, item: dict) -> None:
        raw = item.get("citingPaper") or {}
        if not raw.get("paperId"):
            self.skipped += 1
            return
        paper = self.papers.setdefault(raw["paperId"], DiscoveredPaper.from_s2(raw))
        self.citations[paper.s2_paper_id, seed_id] = Citation(
            paper_id=paper.s2_paper_id, seed_id=seed_id,
            contexts=tuple(item.get("contexts") or ()), intents=tuple(item.get("intents") or ()),
            is_influential=item.get("isInfluential"))


class S2Client:
    """The few Graph API calls discovery needs, rate-limited and retried.

    base_url defaults to $CITEWATCH_S2_API_URL, then the public API; api_key to $S2_API_KEY.
    `rate` is requests per second (the API grants 1/s to a key; <= 0: no limit). Connecting gets
    at most 5 s, so a machine without network learns it in seconds. `sleep` (retry waits) is
    injectable for tests.
    """

    def __init__(self, base_url: str | None = None, api_key: str | None = None, rate: float = 1.0,
                 page_size: int = MAX_PAGE, client: httpx.Client | None = None, *, timeout: float = 30.0,
                 policy: RetryPolicy = RetryPolicy(), sleep: Callable[[float], None] = time.sleep):
        self.base_url = (base_url or os.environ.get("CITEWATCH_S2_API_URL") or DEFAULT_API_URL).rstrip("/")
        key = api_key if api_key is not None else os.environ.get("S2_API_KEY")
        self._headers = {"x-api-key": key} if key else {}
        self.has_key = bool(key)
        self.page_size = max(1, min(page_size, MAX_PAGE))
        self.policy, self._sleep = policy, sleep
        self._limiter = RateLimiter(rate)
        self._own = client is None
        self._http = client or httpx.Client(timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
                                            headers={"User-Agent": USER_AGENT})
        self.requests = 0      # API calls made (each may have taken several attempts)

    def __repr__(self) -> str:
        return (f"S2Client(base_url={self.base_url!r}, api_key={'set' if self.has_key else 'unset'}, "
                f"rate={1 / self._limiter.interval if self._limiter.interval else 'unlimited'}, "
                f"page_size={self.page_size})")

    __str__ = __repr__

    def __enter__(self) -> S2Client:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._own:
            self._http.close()

    def check_reachable(self) -> None:
        """Fail fast, before any work starts: NetworkUnavailable when the API's host cannot be
        reached at all. Any HTTP answer, even an error, means the network is there."""
        try:
            self._http.get(self.base_url, timeout=httpx.Timeout(5.0))
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            raise NetworkUnavailable(self.base_url, exc) from None
        except httpx.TransportError:
            pass   # a slow or odd answer: the real calls retry

    def get(self, path: str, params: dict) -> dict | None:
        """GET base_url + path as JSON; None for 404. Raises NetworkUnavailable or S2Error."""
        url = self.base_url + path
        self.requests += 1
        try:
            response = request_with_retries(self._http, "GET", url, params=params, headers=self._headers,
                                            policy=self.policy, rate_limiter=self._limiter, sleep=self._sleep)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            raise NetworkUnavailable(self.base_url, exc) from None
        except httpx.TransportError as exc:
            raise S2Error(f"GET {url}: no answer after {self.policy.attempts} attempts ({exc!r})") from None
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise S2Error(f"GET {url}: HTTP {response.status_code}: {response.text[:300]}")
        return response.json()

    def resolve_seed(self, seed: Seed) -> str:
        """The seed's S2 paperId, trying its corpus id, arXiv id and DOI in turn."""
        idents = [f"CorpusId:{seed.s2_corpus_id}" if seed.s2_corpus_id else None,
                  f"ARXIV:{seed.arxiv}" if seed.arxiv else None, f"DOI:{seed.doi}" if seed.doi else None]
        for ident in filter(None, idents):
            found = self.get(f"/paper/{ident}", {"fields": "paperId,title"})
            if found:
                return found["paperId"]
        raise SeedNotFound(f"seed {seed.title!r} not found under {', '.join(filter(None, idents)) or 'no id'}")

    def iter_citations(self, seed_id: str, fields: tuple[str, ...] = CITATION_FIELDS) -> Iterator[dict]:
        """Every citation entry of a paper, page by page (offset/limit, until no `next`).

        Raises CitationWindowExceeded after the last reachable page when the API holds more.
        """
        offset = 0
        while True:
            limit = min(self.page_size, MAX_WINDOW - offset)
            page = self.get(f"/paper/{seed_id}/citations",
                            {"fields": ",".join(fields), "offset": offset, "limit": limit})
            if page is None:
                raise S2Error(f"paper {seed_id} vanished while its citations were paged")
            yield from page.get("data") or ()
            if page.get("next") is None:
                return
            offset = int(page["next"])
            if offset >= MAX_WINDOW:
                raise CitationWindowExceeded(f"paper {seed_id}: only the first {offset} citations are served")


def discover(profile: Profile, client: S2Client) -> Discovery:
    """Resolve every seed of the profile and collect the papers citing it.

    A seed the API does not know, or one with more citations than the API pages through, is
    recorded (Discovery.unresolved / .truncated) and logged; the other seeds go on.
    """
    found = Discovery()
    for seed in profile.seeds:
        try:
            seed_id = client.resolve_seed(seed)
        except SeedNotFound as exc:
            log.warning("%s", exc)
            found.unresolved.append(seed)
            continue
        if seed_id in found.seeds:
            continue
        found.seeds[seed_id] = seed
        try:
            for item in client.iter_citations(seed_id):
                found.add(seed_id, item)
        except CitationWindowExceeded as exc:
            log.warning("%s: %s", seed.title, exc)
            found.truncated.append(seed)
    return found


def paper_key(s2_paper_id: str) -> str:
    """Table id of a paper known to Semantic Scholar (papers.paper_id, citations.paper_id/seed_id)."""
    return f"s2:{s2_paper_id}"


def rows_for(discovery: Discovery, run_id: str, dataset: str, now: dt.datetime | None = None) -> dict[str, list[dict]]:
    """`papers` and `citations` rows (models.schema) for everything discovered.

    source_path is "s2:<paperId>", never the PDF URL: it is the papers table's upsert key and must
    not change when Semantic Scholar changes a paper's open-access link.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    papers = [{"paper_id": p.paper_id, "source_path": p.paper_id, "title": p.title, "year": p.year,
               "status": "discovered", "dataset": dataset, "run_id": run_id, "processed_at": now,
               "s2_paper_id": p.s2_paper_id, "doi": p.doi, "arxiv_id": p.arxiv_id,
               "publication_date": p.publication_date, "venue": p.venue, "open_access_url": p.open_access_url}
              for p in discovery.papers.values()]
    citations = [{"paper_id": paper_key(c.paper_id), "seed_id": paper_key(c.seed_id), "contexts": list(c.contexts),
                  "intents": list(c.intents), "is_influential": c.is_influential, "discovered_at": now,
                  "run_id": run_id, "dataset": dataset}
                 for c in discovery.citations.values()]
    return {"papers": papers, "citations": citations}


def papers_from_csv(path: str | Path) -> list[DiscoveredPaper]:
    """Papers listed in a CSV shaped like Peng et al.'s msceleb1m_all.csv (paperId, title,
    abstract, year, venue, arxivId, doi, pdfUrl); only paperId is required."""
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if "paperId" not in (reader.fieldnames or ()):
            raise ValueError(f"{path}: no paperId column (columns: {', '.join(reader.fieldnames or ())})")
        return [DiscoveredPaper(
            s2_paper_id=row["paperId"].strip(), title=(row.get("title") or "").strip(),
            year=int(float(row["year"])) if (row.get("year") or "").strip() else None,
            venue=row.get("venue") or None, doi=row.get("doi") or None,
            arxiv_id=normalize_arxiv_id(row.get("arxivId")), abstract=row.get("abstract") or None,
            open_access_url=(row.get("pdfUrl") or "").strip() or None)
            for row in reader if (row.get("paperId") or "").strip()]


_NEW_ARXIV = re.compile(r"(?:arxiv:)?(\d{2})(\d{2})\.(\d{1,5})(v\d+)?", re.IGNORECASE)


def normalize_arxiv_id(raw: str | None) -> str | None:
    """An arXiv id as arXiv spells it, restoring trailing zeros lost to float formatting.

    Peng et al.'s CSV went through floats, so 1803.07140 became 1803.0714. That is reliably
    undone: since 2015-01 the number after the dot has exactly five digits, before that four,
    and only trailing zeros were dropped. Old-style ids (hep-th/9901001) pass through unchanged.
    """
    raw = (raw or "").strip()
    match = _NEW_ARXIV.fullmatch(raw)
    if not match:
        return raw or None
    yy, mm, number, version = match.groups()
    width = 5 if (int(yy), int(mm)) >= (15, 1) else 4
    return f"{yy}{mm}.{number.ljust(width, '0')}{version or ''}"


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
