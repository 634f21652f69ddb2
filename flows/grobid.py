"""The GROBID server, when one is configured: PDF bytes -> TEI bytes, cached by file hash.

The request is the one grobid-client-python's `GrobidClient.process_pdf("processFulltextDocument",
...)` sends (multipart field `input`, its form parameter names, its 503-means-busy convention),
made here with httpx because that client cannot do three things a long unattended run needs: it
can only omit `consolidateHeader`, not send 0 (servers whose default is 1 would then call
CrossRef for every paper); it retries a 503 forever at a fixed interval; and it gives no way to
tell a timeout from a refused connection. See docs/grobid.md.

Whatever goes wrong raises `GrobidError` with a status for the papers table; the caller then
falls back to PyMuPDF for that document. After `max_failures` consecutive failures of the
server itself (down, timing out) the service stops calling it for the rest of the run, so a dead
server costs a few timeouts, not one per paper.
"""
from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from extractors.tei import TeiError, parse_xml
from flows.storage import atomic_write

ENV_URL = "GROBID_URL"
SERVICE = "processFulltextDocument"
# Elements GROBID gives page coordinates for; `s` needs segmentSentences=1.
TEI_COORDINATES = ("persName", "figure", "ref", "biblStruct", "formula", "s", "head", "p", "note")
FORM = {
    "consolidateHeader": "0",        # no CrossRef/biblio-glutton calls: fast, offline, reproducible
    "consolidateCitations": "0",
    "segmentSentences": "1",
    "includeRawCitations": "1",      # the reference as printed: titles GROBID cut short still match
    "includeRawAffiliations": "1",   # the affiliation as printed: the evidence quote
    "teiCoordinates": list(TEI_COORDINATES),
}


class GrobidError(Exception):
    """GROBID gave no usable TEI for a document; `status` goes into papers.error/status.

    Statuses: grobid_unavailable (connection failed or service disabled after repeated
    failures), grobid_timeout, grobid_busy (503 after every retry), grobid_http_error (any other
    HTTP status), grobid_bad_tei (malformed, unsafe or not TEI).
    """

    def __init__(self, status: str, reason: str):
        super().__init__(f"{status}: {reason}")
        self.status = status


def health_message(url: str) -> str:
    """What to tell the user when the configured server does not answer."""
    return (f"GROBID at {url} is not answering {url}/api/isalive. Start it with `docker compose up -d grobid` "
            f"(docs/grobid.md) and wait until it answers, or unset {ENV_URL} / drop --grobid-url to run on "
            f"PyMuPDF alone. This run continues with PyMuPDF.")


def grobid_url(url: str | None = None) -> str | None:
    """The server to use: the --grobid-url argument, else $GROBID_URL, else none."""
    url = url or os.environ.get(ENV_URL) or None
    return url.rstrip("/") if url else None


@dataclass
class GrobidService:
    """A GROBID server with bounded concurrency, timeouts, retries on 503 and a TEI cache."""

    url: str
    timeout: float = 120.0
    concurrency: int = 4
    retries: int = 3
    cache_dir: Path | None = None
    backoff: float = 2.0             # seconds before the first retry; doubled for each next one
    max_failures: int = 5
    _slots: threading.BoundedSemaphore = field(init=False, repr=False)
    _lock: threading.Lock = field(init=False, repr=False, default_factory=threading.Lock)
    _failures: int = field(init=False, repr=False, default=0)
    _client: httpx.Client = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.url = self.url.rstrip("/")
        self._slots = threading.BoundedSemaphore(self.concurrency)
        self._client = httpx.Client(timeout=httpx.Timeout(self.timeout, connect=min(self.timeout, 10.0)))
        if self.cache_dir is not None:
            self.cache_dir = Path(self.cache_dir)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> GrobidService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def is_alive(self) -> bool:
        """GET /api/isalive: the server is up and has loaded its models."""
        try:
            r = self._client.get(f"{self.url}/api/isalive", timeout=min(self.timeout, 10.0))
        except httpx.HTTPError:
            return False
        return r.status_code == 200 and r.text.strip().lower() != "false"

    def process(self, pdf: bytes, sha256: str | None = None) -> bytes:
        """The TEI for one PDF: from the cache, else from the server (then cached). Raises GrobidError."""
        sha256 = sha256 or hashlib.sha256(pdf).hexdigest()
        cached = self._cache_path(sha256)
        if cached is not None and cached.is_file():
            return cached.read_bytes()
        if self._failures >= self.max_failures:
            raise GrobidError("grobid_unavailable", f"not called: {self._failures} consecutive failures at {self.url}")
        tei = self._request(pdf, sha256)
        try:
            parse_xml(tei)
        except TeiError as exc:
            raise GrobidError("grobid_bad_tei", str(exc)) from exc
        if cached is not None:
            atomic_write(cached, tei)
        return tei

    def process_many(self, pdfs: Iterable[bytes]) -> list[bytes | GrobidError]:
        """TEI (or the error) for each PDF, `concurrency` requests at a time, in input order."""
        def one(pdf: bytes) -> bytes | GrobidError:
            try:
                return self.process(pdf)
            except GrobidError as exc:
                return exc

        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            return list(pool.map(one, pdfs))

    def _request(self, pdf: bytes, sha256: str) -> bytes:
        """POST the PDF, retrying while the server says it is busy (503) with exponential backoff."""
        attempt = 0
        while True:
            try:
                with self._slots:
                    r = self._client.post(f"{self.url}/api/{SERVICE}", data=FORM,
                                          files={"input": (f"{sha256}.pdf", pdf, "application/pdf")})
            except httpx.TimeoutException as exc:
                raise self._failed("grobid_timeout", f"no answer within {self.timeout:g} s") from exc
            except httpx.HTTPError as exc:
                raise self._failed("grobid_unavailable", f"{type(exc).__name__}: {exc}") from exc
            if r.status_code != 503:
                break
            if attempt == self.retries:
                raise GrobidError("grobid_busy", f"still busy (503) after {self.retries} retries")
            time.sleep(self.backoff * 2 ** attempt)
            attempt += 1
        if r.status_code != 200:
            raise GrobidError("grobid_http_error", f"HTTP {r.status_code}: {r.text[:200]}")
        with self._lock:
            self._failures = 0
        return r.content

    def _failed(self, status: str, reason: str) -> GrobidError:
        """Count a failure of the server itself (not of one document)."""
        with self._lock:
            self._failures += 1
        return GrobidError(status, reason)

    def _cache_path(self, sha256: str) -> Path | None:
        return self.cache_dir / f"{sha256}.tei.xml" if self.cache_dir is not None else None
