"""Which sources discovery asks (`--sources s2,openalex,snippet`), asked side by side and merged.

Each index has its own client, host and rate limit, so Semantic Scholar and OpenAlex are paged
at the same time; snippet search shares Semantic Scholar's host, key and rate limit, so it runs
after S2's citations, on the same client. Findings are merged in a fixed order (Semantic Scholar
first, so a paper both indexes know gets its S2 id). A source that cannot be reached, or (snippet
search) refuses, is a warning, not a failure, as long as one source ran; `Discovery.sources`
says which did.
"""
from __future__ import annotations

import datetime as dt
import logging
from concurrent.futures import ThreadPoolExecutor

from flows.discover import SOURCES, Discovery, NetworkUnavailable, S2Client, S2Error, discover
from flows.openalex import OpenAlexClient, discover_openalex
from flows.snippets import discover_snippets
from models.profile import Profile

log = logging.getLogger(__name__)

HOSTS = {"s2": S2Client, "openalex": OpenAlexClient, "snippet": S2Client}


class NoSourceReachable(NetworkUnavailable):
    """None of the chosen sources could be reached: the message names every endpoint tried."""

    def __init__(self, failures: list[NetworkUnavailable]):
        S2Error.__init__(self, " | ".join(dict.fromkeys(str(f) for f in failures)))
        self.endpoint = failures[0].endpoint


def parse_sources(value: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """"openalex,s2" -> ("s2", "openalex"), in SOURCES order; unknown names are a ValueError."""
    names = [v.strip() for v in (value.split(",") if isinstance(value, str) else value) if v.strip()]
    unknown = [n for n in names if n not in SOURCES]
    if unknown or not names:
        raise ValueError(f"--sources: unknown {', '.join(unknown) or '(none given)'}; choose from {', '.join(SOURCES)}")
    return tuple(n for n in SOURCES if n in names)


def reachable_sources(sources: tuple[str, ...]) -> tuple[tuple[str, ...], list[str]]:
    """The chosen sources whose host answers at all, and a warning per one that does not;
    NoSourceReachable when none does (a machine without network stops at once)."""
    ok, warnings, failures = [], [], []
    for name in sources:
        with HOSTS[name]() as client:
            try:
                client.check_reachable()
                ok.append(name)
            except NetworkUnavailable as exc:
                failures.append(exc)
                warnings.append(f"source {name} skipped: {exc}")
    if not ok:
        raise NoSourceReachable(failures)
    return tuple(ok), warnings


def discover_sources(profile: Profile, sources: tuple[str, ...], rate: float = 1.0,
                     openalex_since: dt.date | None = None) -> tuple[Discovery, list[str]]:
    """Every chosen source's citing papers, merged; and a warning per source that could not be
    reached. Raises NoSourceReachable when no source could be reached."""
    warnings: list[str] = []

    def skipped(name: str, exc: Exception) -> None:
        warnings.append(f"source {name} skipped: {exc}")
        log.warning("%s", warnings[-1])

    def s2_host() -> Discovery:
        found = Discovery()
        with S2Client(rate=rate) as client:
            if "s2" in sources:
                found = discover(profile, client)
            if "snippet" in sources:
                known = {p.corpus_id for p in found.papers.values() if p.corpus_id}
                try:
                    found.absorb(discover_snippets(profile, client, known))
                except S2Error as exc:       # e.g. refused without an API key: optional
                    if isinstance(exc, NetworkUnavailable) and not found.sources:
                        raise
                    skipped("snippet", exc)
        return found

    def openalex() -> Discovery:
        with OpenAlexClient(rate=rate) as client:
            return discover_openalex(profile, client, openalex_since)

    jobs = {"s2": s2_host, "openalex": openalex}
    names = [n for n in ("s2", "openalex") if n in sources or (n == "s2" and "snippet" in sources)]
    found, failures = Discovery(), []
    with ThreadPoolExecutor(max_workers=len(names), thread_name_prefix="discover") as pool:
        futures = {name: pool.submit(jobs[name]) for name in names}
        for name in names:
            try:
                found.absorb(futures[name].result())
            except NetworkUnavailable as exc:
                failures.append(exc)
                skipped("+".join(n for n in sources if HOSTS[n] is HOSTS[name]), exc)
    if not found.sources:
        raise NoSourceReachable(failures) if failures else S2Error("no source ran: " + "; ".join(warnings))
    found.sources = [s for s in SOURCES if s in found.sources]
    return found, warnings
