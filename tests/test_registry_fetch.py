"""fetch_registry against a local pytest-httpserver serving tiny fake payloads."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from test_registry import HIPO, ROR

from flows.registry_fetch import FetchError, fetch_registry
from models.registry import Registry

DEFENCE = {"type": "china-defence-universities", "values": [
    {"value": "National University of Defense Technology (国防科技大学)",
     "meta": {"aliases": ["NUDT"], "categories": ["Military"], "refs": ["https://unitracker.example/nudt"],
              "supervising agencies": ["Central Military Commission (CMC)"]}},
    {"value": "Beihang University (北京航空航天大学)", "meta": {"categories": ["Civilian"], "aliases": ["BUAA"]}},
]}
INTELLIGENCE = {"type": "intelligence-agency", "values": [
    {"value": "Ministry of State Security", "meta": {"country": "CN", "synonyms": ["MSS"]}},
]}


def ror_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("v2.0-2025-01-01-ror-data.json", "[]")  # schema v1 file in the same zip
        archive.writestr("v2.0-2025-01-01-ror-data_schema_v2.json", json.dumps(ROR))
    return buffer.getvalue()


@pytest.fixture
def sources(httpserver):
    """Zenodo search answer -> zip, Hipo list, two MISP clusters; returns fetch_registry kwargs."""
    zip_url = httpserver.url_for("/files/ror.zip")
    zenodo = {"hits": {"hits": [{"files": [{"key": "v2.0-2025-01-01-ror-data.zip", "links": {"self": zip_url}}]}]}}
    httpserver.expect_request("/api/records/").respond_with_json(zenodo)
    httpserver.expect_request("/files/ror.zip").respond_with_data(ror_zip(), content_type="application/zip")
    httpserver.expect_request("/hipo.json").respond_with_json(HIPO)
    httpserver.expect_request("/misp/china-defence-universities.json").respond_with_json(DEFENCE)
    httpserver.expect_request("/misp/intelligence-agencies.json").respond_with_json(INTELLIGENCE)
    return {"ror_url": httpserver.url_for("/api/records/"), "hipo_url": httpserver.url_for("/hipo.json"),
            "misp_urls": (httpserver.url_for("/misp/china-defence-universities.json"),
                          httpserver.url_for("/misp/intelligence-agencies.json")),
            "backoff": 0}


def test_fetch_fills_a_loadable_registry(tmp_path: Path, sources):
    dest = tmp_path / "registry"
    written = fetch_registry(dest, **sources)
    assert {p.relative_to(dest).as_posix() for p in written} == {
        "ror/ror-data_schema_v2.json.gz", "universities/hipo_world_universities_and_domains.json",
        "military/military_security_orgs.csv"}
    assert not list(dest.rglob("*.part"))
    registry = Registry.load(dest, cache_dir=tmp_path / "cache")
    assert len([k for k in registry.orgs if k.startswith("https://ror.org/")]) == len(ROR)
    nudt = registry.org(registry.acronyms["NUDT"][0])
    assert nudt.sector == "military" and nudt.country == "CN"
    mss = registry.org(registry.by_name("ministry of state security")[0])
    assert mss.flags == ("intelligence", "security")
    assert registry.org(registry.by_name("beihang university")[0]).flags == ("defence_linked_civilian",)


def test_direct_zip_url_and_env_defaults(tmp_path: Path, sources, httpserver, monkeypatch):
    monkeypatch.setenv("CITEWATCH_ROR_URL", httpserver.url_for("/files/ror.zip"))
    monkeypatch.setenv("CITEWATCH_HIPO_URL", sources["hipo_url"])
    monkeypatch.setenv("CITEWATCH_MISP_URLS", " ".join(sources["misp_urls"]))
    fetch_registry(tmp_path / "r", backoff=0)
    assert (tmp_path / "r" / "ror" / "ror-data_schema_v2.json.gz").stat().st_size > 0


def test_retries_server_errors_then_succeeds(tmp_path: Path, sources, httpserver):
    httpserver.expect_oneshot_request("/hipo.json").respond_with_data("busy", status=503)
    httpserver.expect_oneshot_request("/hipo.json").respond_with_data("busy", status=429)
    fetch_registry(tmp_path / "r", **sources)
    assert json.loads((tmp_path / "r" / "universities" / "hipo_world_universities_and_domains.json").read_text())


def test_gives_up_after_retries_and_keeps_old_files(tmp_path: Path, sources, httpserver):
    dest = tmp_path / "r"
    fetch_registry(dest, **sources)
    old = (dest / "ror" / "ror-data_schema_v2.json.gz").read_bytes()
    for _ in range(3):
        httpserver.expect_oneshot_request("/hipo.json").respond_with_data("down", status=500)
    with pytest.raises(FetchError, match=r"hipo.json: giving up after 3 attempts \(HTTP 500\)"):
        fetch_registry(dest, **sources, retries=2)
    assert (dest / "ror" / "ror-data_schema_v2.json.gz").read_bytes() == old
    assert not list(dest.rglob("*.part"))


def test_client_errors_and_bad_payloads_fail_clearly(tmp_path: Path, sources, httpserver):
    httpserver.expect_request("/missing").respond_with_data("no", status=404)
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_registry(tmp_path / "r", **{**sources, "hipo_url": httpserver.url_for("/missing")})
    httpserver.expect_request("/empty").respond_with_json({"hits": {"hits": []}})
    with pytest.raises(FetchError, match="no ROR dump zip"):
        fetch_registry(tmp_path / "r", **{**sources, "ror_url": httpserver.url_for("/empty")})
