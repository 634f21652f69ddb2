"""HTTP plumbing shared by discovery and fetching: a per-host rate limit and bounded retries.

Remote services fail in passing (429 rate limits, 5xx, slow answers); a scheduled job must ride
that out without hammering them, yet stop at once when there is no network at all. Headers are
never logged: the Semantic Scholar key travels in one (x-api-key).
"""
from __future__ import annotations

import datetime as dt
import email.utils
import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
USER_AGENT = "citewatch/0.1 (research on the use of withdrawn datasets)"


class RateLimiter:
    """At most `rate` requests per second to each host, shared by all threads.

    Each caller reserves the next free slot under a lock and sleeps outside it, so threads queue
    in order instead of waking together. rate <= 0 means no limit.
    """

    def __init__(self, rate: float, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()
        self._clock, self._sleep = clock, sleep

    def wait(self, url: str) -> float:
        """Block until `url`'s host may be asked again; returns the seconds waited."""
        host = urlsplit(url).netloc
        with self._lock:
            now = self._clock()
            slot = max(now, self._next.get(host, now))
            self._next[host] = slot + self.interval
        delay = slot - now
        if delay > 0:
            self._sleep(delay)
        return delay


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try. 429, 5xx, timeouts and dropped connections are retried up to `attempts`
    times in all; a refused connection or an unknown host only `connect_attempts` times, after
    `connect_wait` seconds, because that means no network rather than a busy server."""

    attempts: int = 6
    backoff: float = 1.0          # first wait in seconds, doubled on each retry, with jitter
    max_wait: float = 120.0       # cap on any single wait, Retry-After included
    connect_attempts: int = 2
    connect_wait: float = 0.5

    def delay(self, retry: int, rng: Callable[[], float] = random.random) -> float:
        """Exponential backoff with equal jitter: half fixed, half random, so callers spread out."""
        cap = min(self.max_wait, self.backoff * 2 ** retry)
        return cap / 2 + rng() * cap / 2


def retry_after(response: httpx.Response, now: dt.datetime | None = None) -> float | None:
    """Seconds the server asked us to wait (Retry-After as seconds or as an HTTP date), if any."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - (now or dt.datetime.now(dt.timezone.utc))).total_seconds())


def request_with_retries(client: httpx.Client, method: str, url: str, *, policy: RetryPolicy = RetryPolicy(),
                         rate_limiter: RateLimiter | None = None, sleep: Callable[[float], None] = time.sleep,
                         rng: Callable[[], float] = random.random, stream: bool = False,
                         **kwargs) -> httpx.Response:
    """Send a request, retrying what is worth retrying; every attempt waits for a rate-limit slot.

    Returns the last response, which can still be a 429 or 5xx when the attempts ran out (the
    caller decides what that means). Raises httpx.ConnectError / ConnectTimeout when the host
    cannot be reached, and the last timeout or transport error when every attempt ended in one.
    With stream=True the body is not read; the caller must close the response.
    """
    attempt = connects = 0
    while True:
        attempt += 1
        if rate_limiter:
            rate_limiter.wait(url)
        try:
            response = client.send(client.build_request(method, url, **kwargs), stream=stream)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            connects += 1
            if connects >= policy.connect_attempts:
                raise
            reason, delay = f"cannot connect ({type(exc).__name__})", policy.connect_wait
        except httpx.TransportError as exc:       # read/write timeouts, dropped connections
            if attempt >= policy.attempts:
                raise
            reason, delay = type(exc).__name__, policy.delay(attempt - 1, rng)
        else:
            if response.status_code not in RETRY_STATUSES or attempt >= policy.attempts:
                return response
            if stream:
                response.close()
            asked = retry_after(response)
            reason = f"HTTP {response.status_code}"
            delay = asked if asked is not None else policy.delay(attempt - 1, rng)
        delay = min(delay, policy.max_wait)
        log.info("%s %s: %s; retry %d in %.1f s", method, url, reason, attempt, delay)
        sleep(delay)


def get_json(client: httpx.Client, method: str, url: str, *, error: type[Exception],
             unreachable: Callable[[Exception], Exception], policy: RetryPolicy = RetryPolicy(),
             rate_limiter: RateLimiter | None = None, sleep: Callable[[float], None] = time.sleep,
             **kwargs) -> dict | list | None:
    """An API's JSON answer: None for 404. Raises `unreachable(cause)` when the host cannot be
    reached, and `error` for another status, no answer, or a body that is still not JSON after
    `policy.attempts` tries (a 200 cut short in passing is asked again)."""
    for attempt in range(1, policy.attempts + 1):
        try:
            response = request_with_retries(client, method, url, policy=policy, rate_limiter=rate_limiter,
                                            sleep=sleep, **kwargs)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            raise unreachable(exc) from None
        except httpx.TransportError as exc:
            raise error(f"{method} {url}: no answer after {policy.attempts} attempts ({type(exc).__name__})") from None
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise error(f"{method} {url}: HTTP {response.status_code}: {response.text[:300]}")
        try:
            return response.json()
        except ValueError:
            log.info("%s %s: body is not JSON (%d bytes); retry %d", method, url, len(response.content), attempt)
            sleep(policy.delay(attempt - 1))
    raise error(f"{method} {url}: no JSON after {policy.attempts} attempts")


class JsonApi:
    """What the index clients share: one base URL, a rate limit, bounded retries, an httpx client
    (theirs when given, else one of our own that `close` ends), and JSON calls with one error type.

    Subclasses set `error` (raised for answers they cannot use) and `_unreachable` (the error for
    a host that cannot be reached at all, naming the setting that points elsewhere).
    """

    error: type[Exception] = RuntimeError

    def __init__(self, base_url: str, rate: float, client: httpx.Client | None, timeout: float,
                 policy: RetryPolicy, sleep: Callable[[float], None]):
        self.base_url = base_url.rstrip("/")
        self.policy, self._sleep = policy, sleep
        self._limiter = RateLimiter(rate)
        self._own = client is None
        # connecting gets at most 5 s, so a machine without network learns it in seconds
        self._http = client or httpx.Client(timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
                                            headers={"User-Agent": USER_AGENT})
        self.requests = 0      # API calls made (each may have taken several attempts)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._own:
            self._http.close()

    def _unreachable(self, cause: Exception) -> Exception:
        raise NotImplementedError

    def check_reachable(self) -> None:
        """Fail fast, before any work starts: `_unreachable` when the API's host cannot be
        reached at all. Any HTTP answer, even an error, means the network is there."""
        try:
            self._http.get(self.base_url, timeout=httpx.Timeout(5.0))
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            raise self._unreachable(exc) from None
        except httpx.TransportError:
            pass   # a slow or odd answer: the real calls retry

    def _json(self, method: str, path: str, **kwargs) -> dict | list | None:
        """One call's JSON answer (see `get_json`), counted in `requests`."""
        self.requests += 1
        return get_json(self._http, method, self.base_url + path, error=self.error, unreachable=self._unreachable,
                        policy=self.policy, rate_limiter=self._limiter, sleep=self._sleep, **kwargs)
