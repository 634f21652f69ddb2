"""Fetching open-access PDFs into a content-addressed cache, one `fetches` status per paper.

A PDF is kept only when the body really is a whole PDF: landing pages and paywalls (HTML where
a PDF was promised) and truncated downloads become `not_pdf`, never cached, so they cannot
poison the analysis. The cache index maps paper ids and URLs to content hashes, so a rerun (or
an interrupted run resumed) never downloads a PDF twice.

Statuses: ok, not_open_access (no URL to try), http_error (a non-200 answer, or the connection
failed: http_status is then null), not_pdf (not a PDF, or a PDF cut short: no %%EOF near the
end), too_large (over max_bytes), timeout.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx

from flows.discover import TRUST_ARXIV, DiscoveredPaper
from flows.http import RETRY_STATUSES, USER_AGENT, RateLimiter, RetryPolicy, request_with_retries

FETCH_STATUSES = ("ok", "not_open_access", "http_error", "not_pdf", "too_large", "timeout")
DEFAULT_ARXIV_PDF_URL = "https://arxiv.org/pdf/"
MAX_BYTES = 50 * 2**20
MAX_DOWNLOAD_SECONDS = 300.0       # a body that trickles in slower than this is a timeout
MAGIC_WINDOW = 1024                # "%PDF-" must start within the first KiB (as readers accept)
EOF_WINDOW = 2048                  # "%%EOF" must lie within the last 2 KiB, else the file was cut short
RECHECK_AFTER = dt.timedelta(days=30)
FETCH_POLICY = RetryPolicy(attempts=3, backoff=2.0, max_wait=60.0, connect_attempts=1)


@dataclass(frozen=True)
class FetchResult:
    status: str
    url: str | None
    http_status: int | None = None
    sha256: str | None = None
    bytes: int | None = None
    error: str | None = None
    paper_id: str | None = None
    cached: bool = False           # served from the cache: nothing was downloaded

    @property
    def ok(self) -> bool:
        return self.status == "ok"


class PdfCache:
    """PDFs stored as root/<sha[:2]>/<sha>.pdf, written atomically, plus an append-only index
    (root/index.jsonl) from paper ids and URLs to hashes. Safe for the threads of one process."""

    def __init__(self, root: str | Path):
        self.root = Path(root)
        (self.root / "tmp").mkdir(parents=True, exist_ok=True)
        self._index_path = self.root / "index.jsonl"
        self._lock = threading.Lock()
        self._index: dict[str, tuple[str, str]] = {}          # paper id or URL -> (sha256, url)
        if self._index_path.exists():
            for line in self._index_path.read_text(encoding="utf-8").splitlines():
                try:
                    entry = json.loads(line)
                    self._index[entry["key"]] = (entry["sha256"], entry["url"])
                except (ValueError, KeyError):       # a line cut short by a crash: ignore it
                    continue

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}.pdf"

    def lookup(self, key: str) -> tuple[str, str] | None:
        """(sha256, url) for a paper id or URL whose PDF is in the cache."""
        hit = self._index.get(key)
        return hit if hit and self.path(hit[0]).is_file() else None

    def remember(self, sha256: str, url: str, *keys: str) -> None:
        lines = "".join(json.dumps({"key": k, "sha256": sha256, "url": url}) + "\n" for k in keys)
        with self._lock:
            with open(self._index_path, "a", encoding="utf-8") as fh:
                fh.write(lines)
            self._index.update((k, (sha256, url)) for k in keys)

    def temp(self) -> tuple[int, str]:
        return tempfile.mkstemp(prefix="part-", suffix=".pdf", dir=self.root / "tmp")

    def put(self, tmp: str, sha256: str) -> Path:
        final = self.path(sha256)
        final.parent.mkdir(exist_ok=True)
        os.replace(tmp, final)
        return final


def arxiv_pdf_url(arxiv_id: str, base: str | None = None) -> str:
    base = base or os.environ.get("CITEWATCH_ARXIV_PDF_URL") or DEFAULT_ARXIV_PDF_URL
    return base.rstrip("/") + "/" + arxiv_id


def pdf_urls(paper: DiscoveredPaper, arxiv_base: str | None = None) -> list[str]:
    """Where a paper's PDF may be had, in order of trust (discover.url_trust): the publisher's or
    a repository's copy, then arXiv (the indexes' links, then the arXiv id's own), then others."""
    links = list(paper.pdf_links) or ([(0, paper.open_access_url)] if paper.open_access_url else [])
    if paper.arxiv_id:
        links.append((TRUST_ARXIV, arxiv_pdf_url(paper.arxiv_id, arxiv_base)))
    return list(dict.fromkeys(url for _, url in sorted(links, key=lambda link: link[0])))


def fetch_pdf(url: str, cache: PdfCache, client: httpx.Client, *, max_bytes: int = MAX_BYTES,
              timeout: float = 30.0, rate_limiter: RateLimiter | None = None, policy: RetryPolicy = FETCH_POLICY,
              sleep: Callable[[float], None] = time.sleep) -> FetchResult:
    """Download one URL into the cache unless it is cached already; never raises for a bad answer."""
    hit = cache.lookup(url)
    if hit:
        return FetchResult("ok", url, sha256=hit[0], bytes=cache.path(hit[0]).stat().st_size, cached=True)
    try:
        response = request_with_retries(client, "GET", url, stream=True, timeout=timeout, policy=policy,
                                        rate_limiter=rate_limiter, sleep=sleep)
        try:
            return _save(response, url, cache, max_bytes)
        finally:
            response.close()
    except httpx.TimeoutException as exc:
        return FetchResult("timeout", url, error=f"{type(exc).__name__} after {timeout:g} s")
    except (httpx.TransportError, httpx.InvalidURL) as exc:      # no connection, a malformed URL ...
        return FetchResult("http_error", url, error=f"{type(exc).__name__}: {exc}")


def _save(response: httpx.Response, url: str, cache: PdfCache, max_bytes: int) -> FetchResult:
    code = response.status_code
    if code != 200:
        return FetchResult("http_error", url, code, error=f"HTTP {code}")
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > max_bytes:
        return FetchResult("too_large", url, code, bytes=int(length), error=f"Content-Length {length} > {max_bytes}")
    kind = response.headers.get("content-type", "?")
    digest, size, head, tail = hashlib.sha256(), 0, b"", b""
    deadline = time.monotonic() + MAX_DOWNLOAD_SECONDS
    fd, tmp = cache.temp()
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in response.iter_bytes(1 << 16):
                size += len(chunk)
                if size > max_bytes:
                    return FetchResult("too_large", url, code, bytes=size, error=f"body over {max_bytes} bytes")
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout(f"download slower than {MAX_DOWNLOAD_SECONDS:g} s")
                if len(head) < MAGIC_WINDOW:
                    head = (head + chunk)[:MAGIC_WINDOW]
                    if len(head) == MAGIC_WINDOW and b"%PDF-" not in head:
                        break          # a web page: no need to read the rest
                digest.update(chunk)
                out.write(chunk)
                tail = (tail + chunk)[-EOF_WINDOW:]
        if b"%PDF-" not in head:
            return FetchResult("not_pdf", url, code, bytes=size,
                               error=f"not a PDF: Content-Type {kind}, body starts {head[:40]!r}")
        if b"%%EOF" not in tail:
            return FetchResult("not_pdf", url, code, bytes=size, error=f"truncated PDF: no %%EOF in the last "
                               f"{EOF_WINDOW} of {size} bytes")
        sha = digest.hexdigest()
        cache.put(tmp, sha)
        cache.remember(sha, url, url)
        return FetchResult("ok", url, code, sha256=sha, bytes=size)
    finally:
        Path(tmp).unlink(missing_ok=True)


def fetch_paper(paper: DiscoveredPaper, cache: PdfCache, client: httpx.Client, *, arxiv_base: str | None = None,
                **options) -> FetchResult:
    """A paper's PDF from its first URL that yields one (see pdf_urls); options go to fetch_pdf.

    On failure the result is the most hopeful of the URLs' answers (see _hope): transient ones
    first, so that `due` retries them; its error lists what every URL answered.
    """
    hit = cache.lookup(paper.paper_id)
    if hit:
        return FetchResult("ok", hit[1], sha256=hit[0], bytes=cache.path(hit[0]).stat().st_size,
                           paper_id=paper.paper_id, cached=True)
    urls = pdf_urls(paper, arxiv_base)
    if not urls:
        return FetchResult("not_open_access", None, paper_id=paper.paper_id, error="no open-access PDF URL")
    failures = []
    for url in urls:
        result = fetch_pdf(url, cache, client, **options)
        if result.ok:
            cache.remember(result.sha256, url, paper.paper_id)
            return dataclasses.replace(result, paper_id=paper.paper_id)
        failures.append(result)
    report = min(failures, key=_hope)
    error = "; ".join(f"{r.url}: {r.error or r.status}" for r in failures)
    return dataclasses.replace(report, paper_id=paper.paper_id, error=error)


def fetch_all(papers: Iterable[DiscoveredPaper], cache: PdfCache, *, client: httpx.Client | None = None,
              concurrency: int = 4, per_host_rate: float = 1.0, arxiv_base: str | None = None,
              **options) -> list[FetchResult]:
    """fetch_paper for every paper, `concurrency` at a time, each host asked at most
    `per_host_rate` times a second; results in the order of `papers`."""
    limiter = RateLimiter(per_host_rate)
    own = client is None
    client = client or httpx.Client(follow_redirects=True, headers={"User-Agent": USER_AGENT},
                                    limits=httpx.Limits(max_connections=2 * concurrency))
    try:
        with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="fetch") as pool:
            return list(pool.map(lambda p: fetch_paper(p, cache, client, arxiv_base=arxiv_base,
                                                       rate_limiter=limiter, **options), papers))
    finally:
        if own:
            client.close()


def due(previous: dict | None, now: dt.datetime | None = None, recheck_after: dt.timedelta = RECHECK_AFTER) -> bool:
    """Whether to try a paper again, given its last `fetches` row.

    Never fetched: yes. ok: no (the cache has it). not_open_access: yes, it costs nothing unless
    the new metadata brings a URL. Transient failures (timeout, 429/5xx, no connection): yes.
    Lasting ones (other 4xx, not_pdf, too_large): only once `recheck_after` has passed.
    """
    if previous is None:
        return True
    status = previous["status"]
    if status == "ok":
        return False
    if status == "not_open_access" or _transient(status, previous.get("http_status")):
        return True
    now = now or dt.datetime.now(dt.timezone.utc)
    return previous.get("fetched_at") is None or now - previous["fetched_at"] >= recheck_after


def _hope(result: FetchResult) -> int:
    """0 for a failure that may pass (worth retrying), then a PDF that is there but too large or
    broken, then everything else (404, 403 ...)."""
    if _transient(result.status, result.http_status):
        return 0
    return {"too_large": 1, "not_pdf": 2}.get(result.status, 3)


def _transient(status: str, http_status: int | None) -> bool:
    return status == "timeout" or (status == "http_error" and (http_status is None or http_status in RETRY_STATUSES))


def fetch_rows(results: Iterable[FetchResult], run_id: str, dataset: str,
               now: dt.datetime | None = None) -> list[dict]:
    """Rows for the `fetches` table (models.schema), one per paper."""
    now = now or dt.datetime.now(dt.timezone.utc)
    return [{"paper_id": r.paper_id, "url": r.url, "status": r.status, "http_status": r.http_status,
             "pdf_sha256": r.sha256, "bytes": r.bytes, "error": r.error, "fetched_at": now,
             "run_id": run_id, "dataset": dataset} for r in results]
