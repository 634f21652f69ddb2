"""Discovery: the papers that cite a dataset's seed papers, from the Semantic Scholar Graph API,
and the one-paper-one-row merge of every source (Semantic Scholar, OpenAlex, snippet search).

Plain functions at the I/O edge; the flow wraps them in tasks. httpx rather than the
semanticscholar package (0.12.0 writes the x-api-key header into its debug log and retries 429s
at its own fixed pace; see docs/discovery.md). The key is sent as the x-api-key header of every
request and appears nowhere else: not in URLs, logs, reprs, errors or rows.
"""
from __future__ import annotations

import csv
import datetime as dt
import logging
import os
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import httpx

from flows.http import JsonApi, RetryPolicy
from models.profile import Profile, Seed

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.semanticscholar.org/graph/v1"
CITATION_FIELDS = ("paperId", "corpusId", "externalIds", "title", "year", "publicationDate", "venue", "authors", "abstract",
                   "openAccessPdf", "isOpenAccess", "contexts", "intents", "contextsWithIntent", "isInfluential")
MAX_PAGE = 1000        # the API's largest `limit` for citations
MAX_WINDOW = 9999      # the API serves a paper's citations only while offset + limit < 10,000
SOURCES = ("s2", "openalex", "snippet")     # papers.found_by values (citations.source: the first two)
# Trust of a PDF URL (lower is tried first): the publisher's or a repository's copy of the
# version of record, then arXiv, then anything else (preprint servers, personal pages).
TRUST_PUBLISHED, TRUST_ARXIV, TRUST_OTHER = 0, 1, 2


class S2Error(RuntimeError):
    """The API answered, but not with what discovery needs (after any retries)."""


class NetworkUnavailable(S2Error):
    """The API cannot be reached at all: no network, DNS failure, connection refused."""

    def __init__(self, endpoint: str, cause: Exception, service: str = "Semantic Scholar",
                 variable: str = "CITEWATCH_S2_API_URL"):
        super().__init__(
            f"cannot reach the {service} API at {endpoint} ({type(cause).__name__}: {cause}). "
            f"Check the network, or set {variable} to a reachable mirror. Offline alternatives: "
            "--pdf-dir DIR analyses a folder of PDFs; --papers-csv FILE takes the list of papers from a CSV "
            "instead of discovering them.")
        self.endpoint = endpoint


class SeedNotFound(S2Error):
    """No identifier of a seed paper is known to the API."""


class CitationWindowExceeded(S2Error):
    """A seed has more citations than the API pages through (offset + limit must stay < 10,000)."""


@dataclass(frozen=True)
class DiscoveredPaper:
    """A citing paper's metadata, whichever source found it (Semantic Scholar, OpenAlex, snippet
    search or a CSV); `merge` folds two records of one paper into one."""

    s2_paper_id: str | None = None
    title: str = ""
    year: int | None = None
    publication_date: dt.date | None = None
    venue: str | None = None
    doi: str | None = None
    arxiv_id: str | None = None
    abstract: str | None = None
    open_access_url: str | None = None
    authors: tuple[str, ...] = ()
    openalex_id: str | None = None
    corpus_id: int | None = None
    found_by: tuple[str, ...] = ()
    pdf_links: tuple[tuple[int, str], ...] = ()       # (trust, URL): every open-access PDF URL known
    affiliations: tuple[dict, ...] = ()               # OpenAlex authorships' institutions (affiliations rows)
    table_id: str | None = None                       # the paper_id a stored row already has

    @property
    def paper_id(self) -> str:
        """The table id: the stored one, else Semantic Scholar's, else OpenAlex's (else, for a
        record known only by its S2 corpus id, that)."""
        if self.table_id:
            return self.table_id
        if self.s2_paper_id:
            return paper_key(self.s2_paper_id)
        return f"openalex:{self.openalex_id}" if self.openalex_id else f"corpus:{self.corpus_id}"

    @classmethod
    def from_s2(cls, raw: dict, source: str = "s2") -> DiscoveredPaper:
        ext = raw.get("externalIds") or {}
        url = (raw.get("openAccessPdf") or {}).get("url") or None     # the API also sends url ""
        return cls(
            s2_paper_id=raw["paperId"],
            title=raw.get("title") or "",
            year=raw.get("year"),
            publication_date=_date(raw.get("publicationDate")),
            venue=raw.get("venue") or None,
            doi=normalize_doi(ext.get("DOI")),
            arxiv_id=normalize_arxiv_id(ext.get("ArXiv")),
            abstract=raw.get("abstract"),
            open_access_url=url,
            authors=tuple(a["name"] for a in raw.get("authors") or () if a.get("name")),
            corpus_id=raw.get("corpusId") or ext.get("CorpusId"),
            found_by=(source,),
            pdf_links=((url_trust(url), url),) if url else (),
        )

    def identities(self) -> list[str]:
        """What makes two records the same paper, strongest first: ids, DOI, arXiv id, title+year."""
        keys = [f"s2:{self.s2_paper_id}" if self.s2_paper_id else None,
                f"openalex:{self.openalex_id}" if self.openalex_id else None,
                f"corpus:{self.corpus_id}" if self.corpus_id else None,
                f"doi:{normalize_doi(self.doi)}" if normalize_doi(self.doi) else None,
                f"arxiv:{_unversioned(self.arxiv_id)}" if self.arxiv_id else None,
                f"title:{normalize_title(self.title)}:{self.year or ''}" if normalize_title(self.title) else None]
        return [k for k in keys if k]

    def merge(self, other: DiscoveredPaper) -> DiscoveredPaper:
        """One record of the paper: this one's values, the other's where this has none; the
        sources and PDF links of both (best link first)."""
        filled = {f: getattr(other, f) for f in ("s2_paper_id", "year", "publication_date", "venue", "doi", "arxiv_id",
                                                   "abstract", "openalex_id", "corpus_id", "table_id")
                  if getattr(self, f) in (None, "") and getattr(other, f) not in (None, "")}
        best: dict[str, int] = {}
        for trust, url in self.pdf_links + other.pdf_links:
            best[url] = min(trust, best.get(url, trust))
        links = tuple(sorted(((t, u) for u, t in best.items()), key=lambda link: link[0]))   # stable within a trust
        return replace(self, **filled, title=self.title or other.title, authors=self.authors or other.authors,
                       found_by=tuple(s for s in SOURCES if s in self.found_by + other.found_by),
                       pdf_links=links, open_access_url=links[0][1] if links else None,
                       affiliations=self.affiliations or other.affiliations)


@dataclass(frozen=True)
class Citation:
    """One citing paper -> one seed, as one source saw it, with the sentences that cite it
    (evidence without a PDF; Semantic Scholar has them, OpenAlex does not)."""

    paper_id: str          # table id of the citing paper (s2:..., openalex:...)
    seed_id: str           # table id of the seed
    source: str = "s2"
    contexts: tuple[str, ...] = ()
    intents: tuple[str, ...] = ()
    is_influential: bool | None = None


@dataclass
class Discovery:
    """What one pass over the sources found: a paper any number of sources found is one paper.

    Papers are keyed by table id; `_ids` maps every identity of a paper (ids, DOI, arXiv id,
    normalised title + year) to it, so a record from another index lands on the same paper.
    """

    seeds: dict[str, Seed] = field(default_factory=dict)                  # seed table id -> seed
    papers: dict[str, DiscoveredPaper] = field(default_factory=dict)      # table id -> paper
    citations: dict[tuple[str, str, str], Citation] = field(default_factory=dict)  # (paper, seed, source) ->
    snippets: dict[str, list[str]] = field(default_factory=dict)          # table id -> snippet-search passages
    unresolved: list[Seed] = field(default_factory=list)
    truncated: list[Seed] = field(default_factory=list)
    skipped: int = 0       # citation entries without a paperId (S2 could not resolve the citing work)
    sources: list[str] = field(default_factory=list)                      # the sources that ran
    _ids: dict[str, list[str]] = field(default_factory=dict, repr=False)   # identity -> table ids

    def add_paper(self, paper: DiscoveredPaper) -> str:
        """File a record under the paper it belongs to (merging), or as a new paper; its table id.

        Two records one index keeps apart (two S2 paperIds, two OpenAlex works) stay two papers,
        even when they share a DOI or title: the index knows them better than a key match does.
        """
        known = next((pid for k in paper.identities() for pid in self._ids.get(k, ())
                      if not _distinct(self.papers[pid], paper)), None)
        if known is not None:
            paper = self.papers[known].merge(paper)
        pid = known or paper.paper_id
        self.papers[pid] = paper
        for k in paper.identities():
            if pid not in self._ids.setdefault(k, []):
                self._ids[k].append(pid)
        return pid

    def each_seed(self, profile: Profile, resolve: Callable[[Seed], str], prefix: str) -> Iterator[tuple[str, str, Seed]]:
        """(the source's id, table id, seed) for each seed the source knows, once; a seed it does
        not know is logged and recorded in `unresolved`."""
        for seed in profile.seeds:
            try:
                raw = resolve(seed)
            except SeedNotFound as exc:
                log.warning("%s", exc)
                self.unresolved.append(seed)
                continue
            seed_id = f"{prefix}:{raw}"
            if seed_id not in self.seeds:
                self.seeds[seed_id] = seed
                yield raw, seed_id, seed

    def add_citation(self, citation: Citation) -> None:
        key = (citation.paper_id, citation.seed_id, citation.source)
        self.citations.setdefault(key, citation)

    def add(self, seed_id: str, item: dict) -> None:
        """A Semantic Scholar citation entry (citingPaper + contexts) of the seed `seed_id`."""
        raw = item.get("citingPaper") or {}
        if not raw.get("paperId"):
            self.skipped += 1
            return
        pid = self.add_paper(DiscoveredPaper.from_s2(raw))
        self.add_citation(Citation(paper_id=pid, seed_id=seed_id, source="s2",
                                   contexts=tuple(item.get("contexts") or ()), intents=tuple(item.get("intents") or ()),
                                   is_influential=item.get("isInfluential")))

    def absorb(self, other: Discovery) -> None:
        """Merge another source's discovery into this one (seeds by seed, papers by identity)."""
        seed_ids = {}
        for sid, seed in other.seeds.items():
            mine = next((k for k, s in self.seeds.items() if s == seed), None)
            seed_ids[sid] = mine or sid
            self.seeds.setdefault(seed_ids[sid], seed)
        # records with an id, DOI or arXiv id this discovery knows first, so that a title match
        # cannot take the paper a stronger key points to
        strong = {pid for pid, p in other.papers.items()
                  if any(k in self._ids for k in p.identities() if not k.startswith("title:"))}
        order = sorted(other.papers, key=lambda pid: pid not in strong)
        paper_ids = {pid: self.add_paper(other.papers[pid]) for pid in order}
        for c in other.citations.values():
            self.add_citation(replace(c, paper_id=paper_ids[c.paper_id], seed_id=seed_ids.get(c.seed_id, c.seed_id)))
        for pid, passages in other.snippets.items():
            self.snippets.setdefault(paper_ids[pid], []).extend(passages)
        resolved = list(self.seeds.values())
        self.unresolved = [s for s in dict.fromkeys(self.unresolved + other.unresolved) if s not in resolved]
        self.truncated += [s for s in other.truncated if s not in self.truncated]
        self.skipped += other.skipped
        self.sources += [s for s in other.sources if s not in self.sources]

    def adopt(self, stored: Iterable[dict]) -> None:
        """Give papers already stored (papers rows) their stored table id, so a paper keeps its
        id whichever source finds it first or next."""
        index = {}
        for row in stored:
            known = DiscoveredPaper(s2_paper_id=row.get("s2_paper_id"), openalex_id=row.get("openalex_id"),
                                    doi=row.get("doi"), arxiv_id=row.get("arxiv_id"), title=row.get("title") or "",
                                    year=row.get("year"))
            index.update((k, row["paper_id"]) for k in known.identities() if not k.startswith("title:"))
        renamed = {}
        for pid, paper in self.papers.items():
            stored_id = next((index[k] for k in paper.identities() if k in index), None)
            renamed[pid] = stored_id or pid
        if all(a == b for a, b in renamed.items()):
            return
        self.papers = {renamed[pid]: replace(p, table_id=renamed[pid]) for pid, p in self.papers.items()}
        self.citations = {(renamed[p], s, src): replace(c, paper_id=renamed[p]) for (p, s, src), c in self.citations.items()}
        self.snippets = {renamed[p]: v for p, v in self.snippets.items()}
        self._ids = {k: [renamed[v] for v in vs] for k, vs in self._ids.items()}

    def supplied(self) -> dict[str, int]:
        """Papers per combination of sources ("s2+openalex": 1200 ...): who supplied what."""
        counts: dict[str, int] = {}
        for paper in self.papers.values():
            name = "+".join(paper.found_by) or "csv"
            counts[name] = counts.get(name, 0) + 1
        return dict(sorted(counts.items()))


class S2Client(JsonApi):
    """The few Graph API calls discovery needs, rate-limited and retried.

    base_url defaults to $CITEWATCH_S2_API_URL, then the public API; api_key to $S2_API_KEY.
    `rate` is requests per second (the API grants 1/s to a key; <= 0: no limit). `sleep` (retry
    waits) is injectable for tests.
    """

    error = S2Error

    def __init__(self, base_url: str | None = None, api_key: str | None = None, rate: float = 1.0,
                 page_size: int = MAX_PAGE, client: httpx.Client | None = None, *, timeout: float = 30.0,
                 policy: RetryPolicy = RetryPolicy(), sleep: Callable[[float], None] = time.sleep):
        super().__init__(base_url or os.environ.get("CITEWATCH_S2_API_URL") or DEFAULT_API_URL, rate, client,
                         timeout, policy, sleep)
        key = api_key if api_key is not None else os.environ.get("S2_API_KEY")
        self._headers = {"x-api-key": key} if key else {}
        self.has_key = bool(key)
        self.page_size = max(1, min(page_size, MAX_PAGE))

    def __repr__(self) -> str:
        return (f"S2Client(base_url={self.base_url!r}, api_key={'set' if self.has_key else 'unset'}, "
                f"rate={1 / self._limiter.interval if self._limiter.interval else 'unlimited'}, "
                f"page_size={self.page_size})")

    __str__ = __repr__

    def _unreachable(self, cause: Exception) -> NetworkUnavailable:
        return NetworkUnavailable(self.base_url, cause)

    def get(self, path: str, params: dict, body: object = None) -> dict | list | None:
        """GET (or, with a JSON body, POST) base_url + path as JSON; None for 404. Raises
        NetworkUnavailable or S2Error."""
        return self._json("GET" if body is None else "POST", path, params=params, headers=self._headers, json=body)

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
    found = Discovery(sources=["s2"])
    for s2_id, seed_id, seed in found.each_seed(profile, client.resolve_seed, "s2"):
        try:
            for item in client.iter_citations(s2_id):
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

    source_path is the table id, never the PDF URL: it is the papers table's upsert key and must
    not change when an index changes a paper's open-access link.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    papers = [{**paper_columns(p), "paper_id": p.paper_id, "source_path": p.paper_id, "title": p.title, "year": p.year,
               "status": "discovered", "dataset": dataset, "run_id": run_id, "processed_at": now}
              for p in discovery.papers.values()]
    citations = [{"paper_id": c.paper_id, "seed_id": c.seed_id, "source": c.source, "contexts": list(c.contexts),
                  "intents": list(c.intents), "is_influential": c.is_influential, "discovered_at": now,
                  "run_id": run_id, "dataset": dataset}
                 for c in discovery.citations.values()]
    return {"papers": papers, "citations": citations}


def paper_columns(paper: DiscoveredPaper) -> dict:
    """The `papers` columns discovery knows (kept on the row when the paper is analysed)."""
    return {"s2_paper_id": paper.s2_paper_id, "doi": paper.doi, "arxiv_id": paper.arxiv_id,
            "publication_date": paper.publication_date, "venue": paper.venue,
            "open_access_url": paper.open_access_url, "openalex_id": paper.openalex_id,
            "found_by": list(paper.found_by)}


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
            venue=row.get("venue") or None, doi=normalize_doi(row.get("doi")),
            arxiv_id=normalize_arxiv_id(row.get("arxivId")), abstract=row.get("abstract") or None,
            open_access_url=(row.get("pdfUrl") or "").strip() or None,
            pdf_links=((url_trust(row["pdfUrl"].strip()), row["pdfUrl"].strip()),) if (row.get("pdfUrl") or "").strip() else ())
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


def normalize_doi(raw: str | None) -> str | None:
    """A DOI as both indexes can be compared on: lower case, no resolver prefix."""
    raw = (raw or "").strip().lower()
    raw = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", raw)
    return raw or None


def normalize_title(title: str | None) -> str:
    """Letters and digits only, lower case, accents removed: how two indexes' titles compare."""
    text = unicodedata.normalize("NFKD", title or "").encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def url_trust(url: str, version: str | None = None) -> int:
    """TRUST_* of a PDF URL: arXiv by its host; a copy marked as the submitted version (or on a
    preprint server) is `other`; anything else a publisher's or repository's copy."""
    host = re.sub(r"^https?://", "", url.lower()).split("/")[0]
    if host.endswith("arxiv.org"):
        return TRUST_ARXIV
    if version == "submittedVersion":
        return TRUST_OTHER
    return TRUST_PUBLISHED


def _distinct(a: DiscoveredPaper, b: DiscoveredPaper) -> bool:
    """Whether one index holds the two as different records."""
    return bool((a.s2_paper_id and b.s2_paper_id and a.s2_paper_id != b.s2_paper_id)
                or (a.openalex_id and b.openalex_id and a.openalex_id != b.openalex_id))


def _unversioned(arxiv_id: str) -> str:
    return re.sub(r"v\d+$", "", arxiv_id)


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
