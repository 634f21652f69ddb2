"""Discovery from OpenAlex: the works citing each seed (`filter=cites:W...`), cursor-paged with no
ceiling, so seeds past Semantic Scholar's 10,000-citation window are covered whole.

httpx with the same rate limit and retries as Semantic Scholar (flows.http) rather than pyalex:
pyalex would bring requests as a second HTTP stack, and its retries (urllib3's Retry, off by
default) know neither the per-host rate limit nor the run's rule that a refused connection
means no network (stop at once) rather than a busy server. The base URL is $CITEWATCH_OPENALEX_URL; $CITEWATCH_OPENALEX_EMAIL is sent as `mailto`
(the polite pool) and $OPENALEX_API_KEY as `api_key` (required by the public API since 2026-02);
the key, like S2's, appears in no log, error, repr or row.

Each work becomes a DiscoveredPaper with its open-access PDF links (best_oa_location, locations:
trust from their version and host) and its authorships' institutions (ROR id, country, type), the
affiliations of papers without a PDF.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections.abc import Callable, Iterator

import httpx

from flows.discover import (Citation, DiscoveredPaper, Discovery, NetworkUnavailable, S2Error, SeedNotFound,
                            _date, normalize_arxiv_id, normalize_doi, url_trust)
from flows.http import JsonApi, RetryPolicy
from models.profile import Profile, Seed
from models.registry import ror_sector


DEFAULT_URL = "https://api.openalex.org"
PAGE_SIZE = 100          # the API's largest per_page (since 2026; 200 before)
SELECT = ("id", "doi", "title", "publication_year", "publication_date", "ids", "primary_location",
          "best_oa_location", "locations", "authorships", "created_date")
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^/?#]+?)(?:\.pdf)?$", re.I)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.I)


class OpenAlexError(S2Error):
    """OpenAlex answered, but not with what discovery needs (after any retries)."""


class OpenAlexClient(JsonApi):
    """The two OpenAlex calls discovery needs (a work by id or DOI; a filtered list of works,
    cursor-paged), rate-limited and retried like S2Client. A 200 whose body is not JSON is
    asked again, up to the policy's attempts."""

    error = OpenAlexError

    def __init__(self, base_url: str | None = None, email: str | None = None, api_key: str | None = None,
                 rate: float = 1.0, page_size: int = PAGE_SIZE, client: httpx.Client | None = None, *,
                 timeout: float = 30.0, policy: RetryPolicy = RetryPolicy(),
                 sleep: Callable[[float], None] = time.sleep):
        super().__init__(base_url or os.environ.get("CITEWATCH_OPENALEX_URL") or DEFAULT_URL, rate, client, timeout,
                         policy, sleep)
        email = email if email is not None else os.environ.get("CITEWATCH_OPENALEX_EMAIL")
        key = api_key if api_key is not None else os.environ.get("OPENALEX_API_KEY")
        self._auth = {k: v for k, v in (("mailto", email), ("api_key", key)) if v}
        self.page_size = max(1, min(page_size, PAGE_SIZE))

    def __repr__(self) -> str:
        return (f"OpenAlexClient(base_url={self.base_url!r}, mailto={'set' if 'mailto' in self._auth else 'unset'}, "
                f"api_key={'set' if 'api_key' in self._auth else 'unset'}, page_size={self.page_size})")

    __str__ = __repr__

    def _unreachable(self, cause: Exception) -> NetworkUnavailable:
        return NetworkUnavailable(self.base_url, cause, "OpenAlex", "CITEWATCH_OPENALEX_URL")

    def get(self, path: str, params: dict | None = None) -> dict | None:
        """GET base_url + path as JSON; None for 404."""
        return self._json("GET", path, params={**(params or {}), **self._auth})

    def resolve_seed(self, seed: Seed) -> str:
        """The seed's OpenAlex work id (W...): the profile's, else found by DOI, else by arXiv DOI."""
        if seed.openalex:
            return seed.openalex
        dois = [seed.doi, f"10.48550/arXiv.{seed.arxiv}" if seed.arxiv else None]
        for doi in filter(None, dois):
            work = self.get(f"/works/doi:{doi}", {"select": "id"})
            if work:
                return short_id(work["id"])
        raise SeedNotFound(f"seed {seed.title!r} not in OpenAlex under DOI {' or '.join(filter(None, dois)) or 'none'}")

    def iter_citing(self, work_id: str, since: dt.date | None = None) -> Iterator[dict]:
        """Every work citing `work_id` (created on or after `since`, when given), cursor-paged
        until the cursor runs out or meta.count works have come (saving the empty last page):
        no offset window."""
        flt = f"cites:{work_id}" + (f",from_created_date:{since.isoformat()}" if since else "")
        cursor, seen = "*", 0
        while cursor:
            page = self.get("/works", {"filter": flt, "per_page": self.page_size, "cursor": cursor,
                                       "select": ",".join(SELECT)})
            if page is None:
                raise OpenAlexError(f"works citing {work_id}: 404")
            results = page.get("results") or []
            yield from results
            seen += len(results)
            meta = page.get("meta") or {}
            done = not results or (isinstance(meta.get("count"), int) and seen >= meta["count"])
            cursor = None if done else meta.get("next_cursor")


def discover_openalex(profile: Profile, client: OpenAlexClient, since: dt.date | None = None) -> Discovery:
    """The works citing each seed of the profile (only those created since `since`, when given)."""
    found = Discovery(sources=["openalex"])
    for work, seed_id, _ in found.each_seed(profile, client.resolve_seed, "openalex"):
        for raw in client.iter_citing(work, since):
            pid = found.add_paper(paper_from_work(raw))
            found.add_citation(Citation(paper_id=pid, seed_id=seed_id, source="openalex"))
    return found


def paper_from_work(work: dict) -> DiscoveredPaper:
    """A DiscoveredPaper from an OpenAlex work record."""
    wid = short_id(work["id"])
    doi = normalize_doi(work.get("doi") or (work.get("ids") or {}).get("doi"))
    arxiv = None
    if doi and _ARXIV_DOI.match(doi):
        arxiv, doi = _ARXIV_DOI.match(doi).group(1), None
    links: dict[str, int] = {}
    for loc in [work.get("best_oa_location"), *(work.get("locations") or [])]:
        loc = loc or {}
        for url in (loc.get("pdf_url"), loc.get("landing_page_url")):
            match = _ARXIV_URL.search(url or "")
            arxiv = arxiv or (normalize_arxiv_id(match.group(1)) if match else None)
        if loc.get("pdf_url") and loc.get("is_oa", True):
            trust = url_trust(loc["pdf_url"], loc.get("version"))
            links[loc["pdf_url"]] = min(trust, links.get(loc["pdf_url"], trust))
    pdf_links = tuple(sorted(((t, u) for u, t in links.items()), key=lambda link: link[0]))
    venue = (((work.get("primary_location") or {}).get("source")) or {}).get("display_name")
    return DiscoveredPaper(
        openalex_id=wid, title=work.get("title") or work.get("display_name") or "",
        year=work.get("publication_year"), publication_date=_date(work.get("publication_date")), venue=venue,
        doi=doi, arxiv_id=arxiv, found_by=("openalex",), pdf_links=pdf_links,
        open_access_url=pdf_links[0][1] if pdf_links else None,
        authors=tuple((a.get("author") or {}).get("display_name") for a in work.get("authorships") or ()
                      if (a.get("author") or {}).get("display_name")),
        affiliations=tuple(affiliations(work)))


def affiliations(work: dict) -> list[dict]:
    """`affiliations` rows (method "openalex") from a work's authorships: one per author and
    institution OpenAlex linked, with its ROR id, country and sector (from the ROR type)."""
    rows = []
    for authorship in work.get("authorships") or ():
        author = (authorship.get("author") or {}).get("display_name")
        raw = "; ".join(authorship.get("raw_affiliation_strings") or ()) or None
        for inst in authorship.get("institutions") or ():
            if not inst.get("display_name"):
                continue
            rows.append({"author": author, "raw": raw, "institution": inst["display_name"],
                         "ror_id": inst.get("ror"), "country": inst.get("country_code"),
                         "sector": ror_sector([inst.get("type") or ""]), "method": "openalex",
                         "source": "openalex", "flags": []})
    return rows


def short_id(openalex_id: str) -> str:
    """W2741809807 from https://openalex.org/W2741809807 (or W2741809807)."""
    return openalex_id.rstrip("/").rsplit("/", 1)[-1]
