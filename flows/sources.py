"""Which indexes discovery asks (`--sources s2,openalex`), asked side by side and merged.

Each source has its own client, host and rate limit, so Semantic Scholar and OpenAlex are paged
at the same time; their findings are merged in a fixed order (Semantic Scholar first, so a paper
both know gets its S2 id). A source that cannot be reached is a warning, not a failure, as long
as one source ran; `Discovery.sources` says which did.
"""
from __future__ import annotations

import datetime as dt
import logging
from concurrent.futures import ThreadPoolExecutor

from flows.discover import Discovery, NetworkUnavailable, S2Client, discover
from flows.openalex import OpenAlexClient, discover_openalex
from models.profile import Profile

log = logging.getLogger(__name__)

INDEXES = ("s2", "openalex")       # citation indexes, merged in this order


def parse_sources(value: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """"s2,openalex" -> ("s2", "openalex"); unknown names are a ValueError."""
    names = [v.strip() for v in (value.split(",") if isinstance(value, str) else value) if v.strip()]
    unknown = [n for n in names if n not in INDEXES]
    if unknown or not names:
        raise ValueError(f"--sources: unknown {', '.join(unknown) or '(none given)'}; choose from {', '.join(INDEXES)}")
    return tuple(n for n in INDEXES if n in names)


def reachable_sources(sources: tuple[str, ...]) -> tuple[tuple[str, ...], list[str]]:
    """The chosen sources whose host answers at all, and a warning per one that does not; the
    first NetworkUnavailable when none does (a machine without network stops at once)."""
    clients = {"s2": S2Client, "openalex": OpenAlexClient}
    ok, warnings, failures = [], [], []
    for name in sources:
        with clients[name]() as client:
            try:
                client.check_reachable()
                ok.append(name)
            except NetworkUnavailable as exc:
                failures.append(exc)
                warnings.append(f"source {name} skipped: {exc}")
    if not ok:
        raise failures[0]
    return tuple(ok), warnings


def discover_sources(profile: Profile, sources: tuple[str, ...], rate: float = 1.0,
                     openalex_since: dt.date | None = None) -> tuple[Discovery, list[str]]:
    """Every chosen source's citing papers, merged; and a warning per source that could not be
    reached. Raises the first NetworkUnavailable when no source could be reached."""
    def s2() -> Discovery:
        with S2Client(rate=rate) as client:
            return discover(profile, client)

    def openalex() -> Discovery:
        with OpenAlexClient(rate=rate) as client:
            return discover_openalex(profile, client, openalex_since)

    jobs = {"s2": s2, "openalex": openalex}
    with ThreadPoolExecutor(max_workers=len(sources), thread_name_prefix="discover") as pool:
        futures = {name: pool.submit(jobs[name]) for name in sources}
        found, warnings, failures = Discovery(), [], []
        for name in sources:
            try:
                found.absorb(futures[name].result())
            except NetworkUnavailable as exc:
                failures.append(exc)
                warnings.append(f"source {name} skipped: {exc}")
                log.warning("%s", warnings[-1])
    if not found.sources:
        raise failures[0]
    return found, warnings
