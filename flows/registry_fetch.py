"""Download the institution registry sources into a folder laid out like ../shared/registry.

Sources: the latest ROR data dump on Zenodo (schema-v2 JSON inside a zip), Hipo's university
list, and two MISP galaxy clusters (China defence universities, intelligence agencies) turned
into military/military_security_orgs.csv. Free-mail and swot academic domains and the hand-made
companies.csv have no canonical download here; copy them in when available (see docs/registry.md).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import httpx

from flows.storage import atomic_write
from models.registry import HIPO, MILITARY

ZENODO_URL = "https://zenodo.org/api/records/?communities=ror-data&sort=mostrecent"
HIPO_URL = ("https://raw.githubusercontent.com/Hipo/university-domains-list/master/"
            "world_universities_and_domains.json")
MISP_BASE = "https://raw.githubusercontent.com/MISP/misp-galaxy/main/clusters/"
MISP_URLS = (MISP_BASE + "china-defence-universities.json", MISP_BASE + "intelligence-agencies.json")
ROR_DEST = "ror/ror-data_schema_v2.json.gz"
MILITARY_COLUMNS = ["name", "country", "flag", "aliases", "ror_id", "ror_types", "ror_name", "supervising",
                    "source", "ref"]


class FetchError(Exception):
    """A source could not be downloaded or had an unexpected shape."""


def fetch_registry(dest: Path, *, ror_url: str | None = None, hipo_url: str | None = None,
                   misp_urls: tuple[str, ...] | None = None, client: httpx.Client | None = None,
                   retries: int = 3, backoff: float = 1.0) -> list[Path]:
    """Fill ``dest`` with fresh sources; URLs default to $CITEWATCH_ROR_URL, $CITEWATCH_HIPO_URL,
    $CITEWATCH_MISP_URLS (space-separated), then the public sources. Returns the files written."""
    ror_url = ror_url or os.environ.get("CITEWATCH_ROR_URL", ZENODO_URL)
    hipo_url = hipo_url or os.environ.get("CITEWATCH_HIPO_URL", HIPO_URL)
    misp_urls = misp_urls or tuple(os.environ.get("CITEWATCH_MISP_URLS", " ".join(MISP_URLS)).split())
    own_client = client is None
    client = client or httpx.Client(follow_redirects=True, timeout=httpx.Timeout(30.0, read=300.0))

    def get(url: str) -> bytes:
        return _get(client, url, retries, backoff)

    try:   # everything is downloaded before anything is written: a failure keeps every old file
        payloads = {
            ROR_DEST: gzip.compress(_ror_dump(get, ror_url), mtime=0),
            HIPO: _checked_json(get(hipo_url), hipo_url, list),
            MILITARY: _military_csv([json.loads(get(url)) for url in misp_urls], misp_urls),
        }
    finally:
        if own_client:
            client.close()
    return [atomic_write(dest / name, payload) for name, payload in payloads.items()]


def _get(client: httpx.Client, url: str, retries: int, backoff: float) -> bytes:
    """GET with exponential backoff on network errors, 429 and 5xx; other statuses fail at once."""
    for attempt in range(retries + 1):
        try:
            response = client.get(url)
            if response.status_code < 400:
                return response.content
            if response.status_code != 429 and response.status_code < 500:
                raise FetchError(f"{url}: HTTP {response.status_code}")
            problem = f"HTTP {response.status_code}"
        except httpx.TransportError as exc:
            problem = repr(exc)
        if attempt < retries:
            time.sleep(backoff * 2 ** attempt)
    raise FetchError(f"{url}: giving up after {retries + 1} attempts ({problem})")


def _ror_dump(get: Callable[[str], bytes], url: str) -> bytes:
    """The schema-v2 JSON of the newest record's zip (``url`` may also point straight at a zip)."""
    payload = get(url)
    if not zipfile.is_zipfile(io.BytesIO(payload)):
        try:
            files = json.loads(payload)["hits"]["hits"][0]["files"]
            zip_url = next(f["links"]["self"] for f in files if f["key"].endswith(".zip"))
        except (ValueError, KeyError, IndexError, StopIteration) as exc:
            raise FetchError(f"{url}: no ROR dump zip in the Zenodo answer ({exc!r})") from exc
        payload = get(zip_url)
    try:
        with zipfile.ZipFile(io.BytesIO(payload)) as archive:
            name = next(n for n in archive.namelist() if n.endswith("schema_v2.json"))
            return _checked_json(archive.read(name), name, list)
    except (zipfile.BadZipFile, StopIteration) as exc:
        raise FetchError(f"{url}: zip without a *schema_v2.json file") from exc


def _checked_json(payload: bytes, source: str, kind: type) -> bytes:
    try:
        ok = isinstance(json.loads(payload), kind)
    except ValueError as exc:
        raise FetchError(f"{source}: not JSON ({exc})") from exc
    if not ok:
        raise FetchError(f"{source}: expected a JSON {kind.__name__}")
    return payload


def _military_csv(clusters: list[dict], urls: tuple[str, ...]) -> bytes:
    """MISP cluster values as rows: China-defence entries flagged by ASPI category, the rest intelligence."""
    out = io.StringIO()
    writer = csv.DictWriter(out, MILITARY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for cluster, url in zip(clusters, urls):
        defence = cluster.get("type") == "china-defence-universities"
        for value in cluster.get("values", ()):
            meta = value.get("meta", {})
            name, _, native = value.get("value", "").partition(" (")
            aliases = ([native.rstrip(")")] if defence and native else []) + meta.get("aliases", []) \
                + meta.get("synonyms", [])
            writer.writerow({
                "name": name if defence else value.get("value", ""),
                "country": "CN" if defence else meta.get("country", ""),
                "flag": _defence_flag(meta.get("categories", [])) if defence else "intelligence",
                "aliases": "|".join(a.strip() for a in aliases if a.strip()),
                "ror_id": "", "ror_types": "", "ror_name": "",
                "supervising": "|".join(meta.get("supervising agencies", [])),
                "source": f"MISP misp-galaxy clusters/{url.rsplit('/', 1)[-1]}",
                "ref": (meta.get("refs") or [""])[0],
            })
    return out.getvalue().encode()


def _defence_flag(categories: list[str]) -> str:
    """ASPI unitracker category -> military_security_orgs.csv flag."""
    text = " ".join(categories).lower()
    for word, flag in (("military", "military"), ("security", "security_police"),
                       ("defence industry", "defence_industry")):
        if word in text:
            return flag
    return "defence_linked_civilian"
