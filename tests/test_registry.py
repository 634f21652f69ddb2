"""Registry loading, overlays, cache and errors; tiny registries built in tmp_path."""

from __future__ import annotations

import csv
import gzip
import json
import os
import time
from pathlib import Path

import pytest

from models.registry import Registry, RegistryError, default_registry_dir, normalize, ror_sector

SHARED_REGISTRY = Path(__file__).resolve().parents[1] / ".." / "shared" / "registry"
needs_shared = pytest.mark.skipif(not SHARED_REGISTRY.is_dir(),
                                  reason=f"shared registry data not found at {SHARED_REGISTRY}")


def ror_record(ror_id: str, name: str, country: str, types: list[str], *, aliases=(), acronyms=(),
               domains=(), parent: str | None = None) -> dict:
    names = [{"value": name, "types": ["ror_display", "label"], "lang": "en"}]
    names += [{"value": a, "types": ["alias"], "lang": None} for a in aliases]
    names += [{"value": a, "types": ["acronym"], "lang": None} for a in acronyms]
    return {
        "id": f"https://ror.org/{ror_id}", "names": names, "types": types, "status": "active",
        "domains": list(domains), "links": [],
        "locations": [{"geonames_id": 1, "geonames_details": {"country_code": country,
                                                              "country_name": COUNTRIES[country], "name": "X"}}],
        "relationships": [{"type": "parent", "id": f"https://ror.org/{parent}", "label": "p"}] if parent else [],
    }


COUNTRIES = {"US": "United States", "CN": "China", "DE": "Germany", "SG": "Singapore", "GB": "United Kingdom",
             "IT": "Italy", "RU": "Russia", "AU": "Australia", "MY": "Malaysia",
             "JP": "Japan", "FR": "France"}
ROR = [
    ror_record("00f54p054", "Stanford University", "US", ["education", "funder"], acronyms=["SU"],
               domains=["stanford.edu"]),
    ror_record("03cve4549", "Tsinghua University", "CN", ["education"], acronyms=["THU"],
               domains=["tsinghua.edu.cn"]),
    ror_record("034t30j35", "Chinese Academy of Sciences", "CN", ["funder", "government"], acronyms=["CAS"]),
    ror_record("022c3hy66", "Institute of Automation", "CN", ["facility"], acronyms=["CASIA"], parent="034t30j35"),
    ror_record("056qj1t15", "Institute of Automation", "DE", ["facility"]),
    ror_record("00d0nc645", "Microsoft (United States)", "US", ["company"], aliases=["Microsoft Corporation"]),
    ror_record("0300m5276", "Microsoft Research Asia (China)", "CN", ["company"], parent="00d0nc645"),
    ror_record("00hhjss72", "Tencent (China)", "CN", ["company"], aliases=["Tencent Inc."]),
    ror_record("05d2yfz11", "National University of Defense Technology", "CN", ["education"]),
    ror_record("01tgyzw49", "National University of Singapore", "SG", ["education"], acronyms=["NUS"]),
    ror_record("0abcd1234", "Wellcome Trust", "GB", ["funder"]),
    ror_record("0lab00001", "State Key Laboratory of Low-Dimensional Quantum Physics", "CN", ["facility"],
               parent="03cve4549"),
    ror_record("005ta0471", "Istituto Nazionale di Fisica Nucleare", "IT", ["government"], acronyms=["INFN"]),
    ror_record("015kcdd40", "Istituto Nazionale di Fisica Nucleare, Sezione di Napoli", "IT", ["facility"],
               parent="005ta0471"),
    ror_record("02hd2vv93", "Istituto Nazionale di Fisica Nucleare, Sezione di Roma I", "IT", ["facility"],
               parent="005ta0471"),
    ror_record("00hs7dr46", "Ural Federal University", "RU", ["education"]),
    ror_record("04gnjpv02", "Yugra State University", "RU", ["education"]),
]
COMPANIES = [
    {"key": "tencent", "name": "Tencent", "sector": "company", "hq_country": "CN", "name_regex": "tencent|youtu lab",
     "regex_case_sensitive": "0", "email_domains": "tencent.com", "ror_domains": "",
     "ror_ids": "https://ror.org/00hhjss72", "ror_names": "Tencent (China) [CN]", "ror2021_names_no_id": "",
     "misp_surveillance_vendor": ""},
    {"key": "microsoft", "name": "Microsoft", "sector": "company", "hq_country": "US",
     "name_regex": r"microsoft|\bMSRA\b", "regex_case_sensitive": "0", "email_domains": "microsoft.com",
     "ror_domains": "", "ror_ids": "https://ror.org/00d0nc645|https://ror.org/0300m5276",
     "ror_names": "Microsoft (United States) [US]|Microsoft Research Asia (China) [CN]",
     "ror2021_names_no_id": "", "misp_surveillance_vendor": ""},
    {"key": "clearview", "name": "Clearview AI", "sector": "company", "hq_country": "US",
     "name_regex": "clearview", "regex_case_sensitive": "0", "email_domains": "clearview.ai", "ror_domains": "",
     "ror_ids": "", "ror_names": "", "ror2021_names_no_id": "", "misp_surveillance_vendor": "Clearview AI"},
]
MILITARY = [
    {"name": "National University of Defense Technology", "country": "CN", "flag": "military",
     "aliases": "NUDT|国防科技大学", "ror_id": "https://ror.org/05d2yfz11", "ror_types": "Education",
     "ror_name": "", "supervising": "", "source": "", "ref": ""},
    {"name": "Ministry of State Security", "country": "CN", "flag": "intelligence", "aliases": "MSS",
     "ror_id": "", "ror_types": "", "ror_name": "", "supervising": "", "source": "", "ref": ""},
]
HIPO = [{"name": "Stanford University", "alpha_two_code": "US", "country": "United States",
         "domains": ["stanford.edu", "alumni.stanford.edu"], "web_pages": []},
        {"name": "Atlantis Polytechnic", "alpha_two_code": "GB", "country": "United Kingdom",
         "domains": ["atlantis-poly.ac.uk"], "web_pages": []},
        {"name": "Olin College of Engineering", "alpha_two_code": "US", "country": "United States",
         "domains": ["olin.edu"], "web_pages": []}]


def write_csv(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


def write_tiny_registry(root: Path) -> Path:
    """A registry folder with every source file, twenty institutions in all."""
    (root / "ror").mkdir(parents=True)
    with gzip.open(root / "ror" / "ror-data-test_schema_v2.json.gz", "wt", encoding="utf-8") as fh:
        json.dump(ROR, fh)
    write_json(root / "universities" / "hipo_world_universities_and_domains.json", HIPO)
    write_json(root / "universities" / "swot_domains.json", {"example.ac.jp": ["例", "Example Academy"],
                                                             "fake.edu": ["Fake"]})
    write_json(root / "universities" / "swot_stoplist_and_tlds.json",
               {"stoplist": ["fake.edu"], "academic_tlds": ["edu.cn", "ac.uk", "ac.jp"]})
    (root / "freemail").mkdir()
    (root / "freemail" / "free_email_domains.txt").write_text("gmail.com\n163.com\nqq.com\n")
    write_csv(root / "companies" / "companies.csv", COMPANIES)
    write_csv(root / "military" / "military_security_orgs.csv", MILITARY)
    return root


@pytest.fixture
def tiny_dir(tmp_path: Path) -> Path:
    return write_tiny_registry(tmp_path / "registry")


@pytest.fixture
def tiny(tiny_dir: Path, tmp_path: Path) -> Registry:
    return Registry.load(tiny_dir, cache_dir=tmp_path / "cache")


def test_ror_records_become_orgs_with_sector_parent_and_names(tiny: Registry):
    ia = tiny.org("https://ror.org/022c3hy66")
    assert (ia.sector, ia.country, ia.parent) == ("facility", "CN", "https://ror.org/034t30j35")
    assert set(tiny.by_name("institute of automation")) == {ia.key, "https://ror.org/056qj1t15"}
    assert tiny.by_name("tencent") == ("https://ror.org/00hhjss72",)  # "(China)" suffix dropped
    assert tiny.acronyms["CASIA"] == (ia.key,)


def test_military_table_overrides_ror_type(tiny: Registry):
    nudt = tiny.org("https://ror.org/05d2yfz11")
    assert (nudt.sector, nudt.flags) == ("military", ("military",))
    assert tiny.acronyms["NUDT"] == (nudt.key,)
    mss = tiny.org(tiny.by_name("ministry of state security")[0])
    assert (mss.sector, mss.ror_id, mss.flags) == ("government", None, ("intelligence", "security"))


def test_companies_without_ror_id_get_synthetic_key_only(tiny: Registry):
    clearview = tiny.org("company:clearview")
    assert clearview.ror_id is None and clearview.flags == ("surveillance_vendor",)
    assert tiny.domains["clearview.ai"] == "company:clearview"
    assert tiny.companies[1].org_key == "https://ror.org/00d0nc645"  # umbrella is the HQ-country record


def test_overlays_domains_and_freemail(tiny: Registry):
    assert tiny.domains["alumni.stanford.edu"] == "https://ror.org/00f54p054"  # hipo linked to ROR by name
    assert tiny.org(tiny.domains["atlantis-poly.ac.uk"]).ror_id is None
    assert tiny.swot == {"example.ac.jp": "Example Academy"}  # stoplisted fake.edu dropped
    assert "163.com" in tiny.freemail and "edu.cn" in tiny.academic_tlds


@pytest.mark.parametrize(("types", "sector"), [(["funder", "government"], "government"), (["funder"], "nonprofit"),
                                               (["archive"], "facility"), (["education", "funder"], "education")])
def test_ror_sector(types, sector):
    assert ror_sector(types) == sector


def test_normalize_folds_accents_abbreviations_and_entities():
    assert normalize("The Univ. of Zürich &amp; ETH") == "university of zurich and eth"


def test_load_uses_cache_until_a_source_changes(tiny_dir: Path, tmp_path: Path):
    cache = tmp_path / "cache2"
    first = Registry.load(tiny_dir, cache_dir=cache)
    (cache_file,) = cache.glob("registry-*.pkl")
    assert Registry.load(tiny_dir, cache_dir=cache).orgs == first.orgs
    freemail = tiny_dir / "freemail" / "free_email_domains.txt"
    freemail.write_text("gmail.com\nexample.org\n")
    os.utime(freemail, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert "example.org" in Registry.load(tiny_dir, cache_dir=cache).freemail
    assert len(list(cache.glob("registry-*.pkl"))) == 2 and not list(cache.glob("*.tmp"))


def test_path_resolution_env_then_default(tiny_dir: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("CITEWATCH_REGISTRY", str(tiny_dir))
    assert Registry.load(cache_dir=tmp_path / "c").source == str(tiny_dir)
    monkeypatch.delenv("CITEWATCH_REGISTRY")
    assert default_registry_dir().parts[-2:] == ("citewatch", "registry")


def test_missing_folder_is_a_clear_error(tmp_path: Path):
    with pytest.raises(RegistryError, match="registry folder not found: .*nowhere"):
        Registry.load(tmp_path / "nowhere", cache_dir=tmp_path / "c")


def test_folder_without_ror_dump(tiny_dir: Path, tmp_path: Path):
    for dump in (tiny_dir / "ror").iterdir():
        dump.unlink()
    with pytest.raises(RegistryError, match="no ROR dump"):
        Registry.load(tiny_dir, cache_dir=tmp_path / "c")


def test_malformed_json_names_file_and_line(tiny_dir: Path, tmp_path: Path):
    hipo = tiny_dir / "universities" / "hipo_world_universities_and_domains.json"
    hipo.write_text('[\n{"name": "A",\n oops}\n]')
    with pytest.raises(RegistryError, match=r"hipo_world_universities_and_domains.json: malformed JSON at line 3"):
        Registry.load(tiny_dir, cache_dir=tmp_path / "c")


@pytest.mark.parametrize("content, message", [
    (json.dumps(ROR)[:-300], "malformed JSON"),                       # a dump cut off while downloading
    (json.dumps({"items": ROR}), "expected a JSON array of ROR schema-v2 records, found none"),
    ("", "malformed JSON"),
])
def test_broken_ror_dump_names_the_file(tiny_dir: Path, tmp_path: Path, content: str, message: str):
    dump = next((tiny_dir / "ror").iterdir())
    with gzip.open(dump, "wt", encoding="utf-8") as fh:
        fh.write(content)
    with pytest.raises(RegistryError, match=rf"{dump.name}: {message}"):
        Registry.load(tiny_dir, cache_dir=tmp_path / "c")


def test_not_gzip_ror_dump_is_a_registry_error(tiny_dir: Path, tmp_path: Path):
    dump = next((tiny_dir / "ror").iterdir())
    dump.write_bytes(b"this is not gzip")
    with pytest.raises(RegistryError, match=rf"{dump.name}: cannot read"):
        Registry.load(tiny_dir, cache_dir=tmp_path / "c")


def test_ror_record_without_names_names_the_record(tiny_dir: Path, tmp_path: Path):
    dump = next((tiny_dir / "ror").iterdir())
    broken = ROR[:2] + [{"id": "https://ror.org/0broken00", "status": "active", "locations": [], "types": []}]
    with gzip.open(dump, "wt", encoding="utf-8") as fh:
        json.dump(broken, fh)
    with pytest.raises(RegistryError, match=r"record 2 \(https://ror.org/0broken00\)"):
        Registry.load(tiny_dir, cache_dir=tmp_path / "c")


def test_csv_missing_column_and_bad_regex(tiny_dir: Path, tmp_path: Path):
    write_csv(tiny_dir / "military" / "military_security_orgs.csv", [{"name": "X", "country": "CN"}])
    with pytest.raises(RegistryError, match=r"military_security_orgs.csv: line 1: missing columns"):
        Registry.load(tiny_dir, cache_dir=tmp_path / "c")
    write_csv(tiny_dir / "military" / "military_security_orgs.csv", MILITARY)
    write_csv(tiny_dir / "companies" / "companies.csv", [{**COMPANIES[0], "name_regex": "tencent("}])
    with pytest.raises(RegistryError, match=r"companies.csv: line 2: bad name_regex"):
        Registry.load(tiny_dir, cache_dir=tmp_path / "c2")


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory) -> Path:
    """One cache dir per test session, so the 51k-record index is built once for all test modules."""
    return tmp_path_factory.getbasetemp() / "shared-registry-cache"


@needs_shared
def test_shared_registry_loads_from_cache_under_a_second(shared_cache: Path):
    built = Registry.load(SHARED_REGISTRY, cache_dir=shared_cache)
    started = time.perf_counter()
    cached = Registry.load(SHARED_REGISTRY, cache_dir=shared_cache)
    assert time.perf_counter() - started < 1.0
    assert len(cached.orgs) == len(built.orgs) > 51_000
    assert cached.org("https://ror.org/05d2yfz11").sector == "military"


def test_org_rules_load_and_reject_bad_sectors(tmp_path: Path):
    from models.registry import org_rules
    rules = org_rules()
    assert rules.acronyms["CMU"] == "Carnegie Mellon University"
    assert any(r.pattern.search("qihoo 360 ai institute") and r.sector == "company" for r in rules.named)
    bad = tmp_path / "rules.yaml"
    bad.write_text(ORG_RULES_TEXT.replace("sector: education", "sector: academia", 1), encoding="utf-8")
    with pytest.raises(RegistryError, match="rules.yaml"):
        org_rules(bad)


ORG_RULES_TEXT = (Path(__file__).resolve().parents[1] / "models" / "org_rules.yaml").read_text(encoding="utf-8")


@needs_shared
def test_every_org_rules_acronym_names_a_registered_institution(shared_cache: Path):
    from models.registry import org_rules
    registry = Registry.load(SHARED_REGISTRY, cache_dir=shared_cache)
    assert [a for a, full in org_rules().acronyms.items() if not registry.by_name(normalize(full))] == []
