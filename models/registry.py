"""Institution registry: ROR dump plus overlays, compiled once into a cached lookup index.

The registry is a folder laid out like ``../shared/registry`` (see docs/registry.md). Parsing
the ROR dump takes seconds, so the lookup tables are pickled in a cache directory keyed on the
source files' sizes and mtimes; later loads only unpickle.
"""

from __future__ import annotations

import csv
import functools
import gc
import gzip
import hashlib
import html
import json
import os
import pickle
import re
import tempfile
import unicodedata
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import ijson
import platformdirs

INDEX_VERSION = 9  # bump when the index layout or normalisation changes
SECTORS = ("education", "facility", "company", "government", "military", "nonprofit", "healthcare", "other")

ROR_GLOB = "ror/*schema_v2.json*"
HIPO = "universities/hipo_world_universities_and_domains.json"
SWOT = "universities/swot_domains.json"
SWOT_STOPLIST = "universities/swot_stoplist_and_tlds.json"
FREEMAIL = "freemail/free_email_domains.txt"
COMPANIES = "companies/companies.csv"
MILITARY = "military/military_security_orgs.csv"
OVERLAYS = (HIPO, SWOT, SWOT_STOPLIST, FREEMAIL, COMPANIES, MILITARY)

# ROR types in order of precedence when a record has several; archives hold collections
# (facility-like), pure funders are mostly foundations (nonprofit).
_ROR_SECTOR = {
    "education": "education", "healthcare": "healthcare", "company": "company",
    "government": "government", "facility": "facility", "nonprofit": "nonprofit",
    "archive": "facility", "funder": "nonprofit", "other": "other",
}
# military_security_orgs.csv flag -> sector; flags not listed keep their ROR/rule sector.
_FLAG_SECTOR = {
    "military": "military", "military_university": "military", "defence_industry": "military",
    "defence_research": "military", "defence_funder": "military",
    "intelligence": "government", "security_police": "government", "police": "government",
}
_SECURITY_FLAGS = {"intelligence", "security_police", "police"}

_COUNTRY_ALIASES = {
    "usa": "US", "us": "US", "u s a": "US", "u s": "US", "united states of america": "US", "america": "US",
    "uk": "GB", "u k": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB",
    "great britain": "GB", "britain": "GB", "pr china": "CN", "p r china": "CN", "prc": "CN",
    "people s republic of china": "CN", "peoples republic of china": "CN", "p r c": "CN",
    "korea": "KR", "south korea": "KR", "republic of korea": "KR", "korea republic of": "KR",
    "russia": "RU", "russian federation": "RU", "taiwan": "TW", "roc": "TW", "hong kong": "HK",
    "hong kong sar": "HK", "macau": "MO", "macao": "MO", "iran": "IR", "vietnam": "VN", "viet nam": "VN",
    "czech republic": "CZ", "czechia": "CZ", "the netherlands": "NL", "holland": "NL", "uae": "AE",
    "turkey": "TR", "turkiye": "TR",
}
_ABBREVIATIONS = {
    "univ": "university", "universitaet": "universitat", "inst": "institute", "natl": "national",
    "tech": "technology", "technol": "technology", "dept": "department", "ctr": "center", "centre": "center",
    "lab": "laboratory", "labs": "laboratories", "acad": "academy", "sci": "science", "hosp": "hospital",
    "coll": "college", "st": "saint",
}
_WORD = re.compile(r"\w+")
_HOST = re.compile(r"(?:https?://)?([^/:?#]+)", re.IGNORECASE)
_COUNTRY_SUFFIX = re.compile(r"\s*\(([^()]*)\)\s*$")


class RegistryError(Exception):
    """A registry folder or file is missing or malformed; the message names the file."""


@dataclass(frozen=True, slots=True)
class Org:
    """One institution. ``key`` is the ROR id, or a synthetic id for overlay-only entries."""

    key: str
    name: str
    ror_id: str | None
    country: str | None
    sector: str
    parent: str | None = None  # key of the ROR "parent" relationship
    flags: tuple[str, ...] = ()
    active: bool = True


@dataclass(frozen=True, slots=True)
class Company:
    """A companies.csv row compiled for name matching (``org_key`` is its umbrella Org)."""

    pattern: re.Pattern
    org_key: str


@dataclass(slots=True)
class Registry:
    """Lookup tables over all institutions; build with ``Registry.load``."""

    source: str
    orgs: dict[str, tuple] = field(default_factory=dict)  # key -> Org fields (tuples unpickle fast)
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)  # normalised name -> keys
    acronyms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # case-sensitive
    domains: dict[str, str] = field(default_factory=dict)  # domain -> key
    swot: dict[str, str] = field(default_factory=dict)  # academic domain -> name (no Org)
    freemail: frozenset[str] = frozenset()
    academic_tlds: frozenset[str] = frozenset()
    companies: tuple[Company, ...] = ()
    countries: dict[str, str] = field(default_factory=dict)  # normalised country/city -> ISO2
    fuzzy_names: list[str] = field(default_factory=list)
    fuzzy_keys: list[str] = field(default_factory=list)
    postings: dict[str, bytes] = field(default_factory=dict)  # token -> uint32 indexes into fuzzy_names
    children: dict[str, tuple[str, ...]] = field(default_factory=dict)  # key -> keys whose parent it is

    @classmethod
    def load(cls, path: str | Path | None = None, *, cache_dir: str | Path | None = None) -> Registry:
        """Resolve the folder (argument, $CITEWATCH_REGISTRY, per-user default) and load it via the cache."""
        root = Path(path or os.environ.get("CITEWATCH_REGISTRY") or default_registry_dir()).expanduser()
        if not root.is_dir():
            raise RegistryError(f"registry folder not found: {root} (run `citewatch registry fetch` "
                                "or pass --registry / set CITEWATCH_REGISTRY)")
        sources = _source_files(root)
        cache = Path(cache_dir or os.environ.get("CITEWATCH_CACHE_DIR") or default_cache_dir())
        cache_file = cache / f"registry-{_fingerprint(root, sources)}.pkl"
        try:
            data = cache_file.read_bytes()
            gc.disable()  # unpickling ~1M objects: collector passes would double the load time
            return pickle.loads(data)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass
        finally:
            gc.enable()
        registry = build_registry(root, sources)
        _atomic_pickle(registry, cache_file)
        return registry

    def org(self, key: str) -> Org:
        return Org(*self.orgs[key])

    def by_name(self, norm: str) -> tuple[str, ...]:
        return self.names.get(norm, ())

    def domain_org(self, domain: str) -> Org | None:
        key = self.domains.get(domain)
        return self.org(key) if key else None

    def company_named(self, text: str) -> str | None:
        """The Org key of the company the text names by its table pattern ("Tencent AI Lab", "Google")."""
        return next((c.org_key for c in self.companies if c.pattern.search(text)), None)

    def posting(self, token: str) -> memoryview:
        return memoryview(self.postings.get(token, b"")).cast("I")

    def ror_ids(self) -> set[str]:
        """All ROR ids the registry knows (gold ids outside it cannot be matched)."""
        return {row[2] for row in self.orgs.values() if row[2]}


def default_registry_dir() -> Path:
    return Path(platformdirs.user_data_dir("citewatch")) / "registry"


def default_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("citewatch"))


def normalize(text: str) -> str:
    """Lower-case ASCII-folded word string, so that spelling variants of a name collide."""
    if "&" in text:
        text = html.unescape(text)
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = text.lower()
    text = text.replace("&", " and ").replace("'", "").replace("\u2019", "")
    words = [_ABBREVIATIONS.get(w, w) for w in _WORD.findall(text)]
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def ror_sector(types: list[str]) -> str:
    for ror_type in _ROR_SECTOR:
        if ror_type in types:
            return _ROR_SECTOR[ror_type]
    return "other"


# ---------------------------------------------------------------- building


def _source_files(root: Path) -> list[Path]:
    dumps = sorted(root.glob(ROR_GLOB))
    if not dumps:
        raise RegistryError(f"no ROR dump matching {root / ROR_GLOB}")
    return dumps[-1:] + [root / rel for rel in OVERLAYS if (root / rel).exists()]


def _fingerprint(root: Path, sources: list[Path]) -> str:
    parts = [str(INDEX_VERSION), str(root.resolve())]
    for src in sources:
        stat = src.stat()
        parts.append(f"{src.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:16]


def _atomic_pickle(obj: object, dest: Path) -> None:
    """Write to a temp file and rename, so a crashed or concurrent writer never leaves half a cache."""
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=dest.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, dest)
    except OSError:
        pass  # an unwritable cache only costs speed


class _Builder:
    """Accumulates names/domains while reading sources, then freezes them into a Registry."""

    def __init__(self, source: str):
        self.reg = Registry(source=source)
        self.orgs: dict[str, Org] = {}
        self.names: dict[str, list[str]] = defaultdict(list)
        self.acronyms: dict[str, list[str]] = defaultdict(list)
        self.fuzzy: dict[str, set[str]] = defaultdict(set)  # normalised name -> keys

    def add_org(self, org: Org, names: list[str], acronyms: list[str] = ()) -> None:
        self.orgs[org.key] = org
        self.add_names(org.key, names)
        self.add_acronyms(org.key, acronyms)

    def add_acronyms(self, key: str, acronyms: list[str]) -> None:
        for acronym in acronyms:
            if key not in self.acronyms[acronym]:
                self.acronyms[acronym].append(key)

    def add_names(self, key: str, names: list[str]) -> None:
        for name in names:
            stripped = _COUNTRY_SUFFIX.sub("", name)
            short = normalize(stripped)  # "Tencent (China)" is written "Tencent"
            for variant in {normalize(name), short} - {""}:
                if key not in self.names[variant]:
                    self.names[variant].append(key)
            if short:
                self.fuzzy[short].add(key)

    def update(self, key: str, **changes) -> None:
        self.orgs[key] = replace(self.orgs[key], **changes)

    def claim_domain(self, domain: str, key: str) -> None:
        domain = domain.lower().strip().removeprefix("www.")
        if domain and "." in domain:
            self.reg.domains.setdefault(domain, key)

    def finish(self) -> Registry:
        reg = self.reg
        columns = [f.name for f in fields(Org)]
        reg.orgs = {key: tuple(getattr(org, c) for c in columns) for key, org in self.orgs.items()}
        rank = {key: (org.ror_id is None, not org.active) for key, org in self.orgs.items()}
        children: dict[str, list[str]] = defaultdict(list)
        for key, org in self.orgs.items():
            if org.parent:
                children[org.parent].append(key)
        reg.children = {parent: tuple(keys) for parent, keys in children.items()}
        reg.names = {n: tuple(sorted(keys, key=rank.__getitem__)) for n, keys in self.names.items()}
        reg.acronyms = {a: tuple(sorted(keys, key=rank.__getitem__)) for a, keys in self.acronyms.items()}
        postings: dict[str, list[int]] = defaultdict(list)
        for name, keys in self.fuzzy.items():
            for key in sorted(keys):        # a set: its order would change with every process's hash seed
                idx = len(reg.fuzzy_names)
                reg.fuzzy_names.append(name)
                reg.fuzzy_keys.append(key)
                for token in set(name.split()):
                    postings[token].append(idx)
        reg.postings = {t: array("I", ids).tobytes() for t, ids in postings.items()}
        return reg


def build_registry(root: Path, sources: list[Path] | None = None) -> Registry:
    """Parse every source file in the folder into a Registry (slow; ``Registry.load`` caches it)."""
    sources = sources or _source_files(root)
    builder = _Builder(str(root))
    present = {src.relative_to(root).as_posix() for src in sources[1:]}
    _read_ror(builder, sources[0])
    if FREEMAIL in present:
        builder.reg.freemail = frozenset(_read_lines(root / FREEMAIL))
    if COMPANIES in present:
        _read_companies(builder, root / COMPANIES)
    if MILITARY in present:
        _read_military(builder, root / MILITARY)
    if HIPO in present:
        _read_hipo(builder, root / HIPO)
    if SWOT_STOPLIST in present:
        _read_swot(builder, root / SWOT if SWOT in present else None, root / SWOT_STOPLIST)
    return builder.finish()


def _read_json(path: Path):
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as fh:
            return json.load(fh)
    except json.JSONDecodeError as exc:
        raise RegistryError(f"{path}: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(f"{path}: cannot read: {exc}") from exc


def _read_csv(path: Path, required: set[str]) -> list[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = required - set(reader.fieldnames or ())
            if missing:
                raise RegistryError(f"{path}: line 1: missing columns {sorted(missing)}")
            return [(reader.line_num, row) for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise RegistryError(f"{path}: cannot read: {exc}") from exc


def _read_lines(path: Path) -> list[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(f"{path}: cannot read: {exc}") from exc
    return [line.strip().lower() for line in lines if line.strip() and not line.startswith("#")]


def _read_ror(builder: _Builder, path: Path) -> None:
    cities: dict[str, Counter] = defaultdict(Counter)
    provinces: dict[str, Counter] = defaultdict(Counter)
    named: dict[str, Counter] = defaultdict(Counter)       # a word of organisation names -> their countries
    websites: list[tuple[str, list]] = []
    records = 0
    for i, rec in enumerate(_ror_records(path)):
        records += 1
        try:
            if rec["status"] == "withdrawn":
                continue
            country = None
            for loc in rec["locations"]:
                details = loc["geonames_details"]
                country = country or details["country_code"]
                builder.reg.countries[normalize(details["country_name"])] = details["country_code"]
                cities[normalize(details["name"])][details["country_code"]] += 1
                if subdivision := details.get("country_subdivision_name"):     # "Guangdong", "Bavaria"
                    provinces[normalize(subdivision)][details["country_code"]] += 1
            parents = [rel["id"] for rel in rec.get("relationships", ()) if rel["type"] == "parent"]
            names = [n["value"] for n in rec["names"] if "acronym" not in n["types"]]
            display = next(n["value"] for n in rec["names"] if "ror_display" in n["types"])
            for word in set(normalize(display).split()):
                named[word][country] += 1
            org = Org(key=rec["id"], name=display, ror_id=rec["id"], country=country,
                      sector=ror_sector(rec["types"]), parent=parents[0] if parents else None,
                      active=rec["status"] == "active")
        except (KeyError, TypeError, StopIteration) as exc:
            raise RegistryError(f"{path}: record {i} ({_rec_id(rec)}) lacks a schema-v2 field: {exc!r}") from exc
        builder.add_org(org, names, [n["value"] for n in rec["names"] if "acronym" in n["types"]])
        for domain in rec.get("domains", ()):
            builder.claim_domain(domain, org.key)
        websites.append((org.key, rec.get("links", ())))
    if not records:
        raise RegistryError(f"{path}: expected a JSON array of ROR schema-v2 records, found none")
    for key, links in websites:  # website hosts are weaker evidence than declared domains: claim them second
        for link in links:
            host = _HOST.match(link.get("value", ""))
            builder.claim_domain(host.group(1) if host else "", key)
    _add_places(builder.reg.countries, cities, provinces, named)


def _ror_records(path: Path) -> Iterator[dict]:
    """The dump's records one at a time: parsed whole, a dump takes about 45 times its gzipped size
    in memory (430 MB for the 51k records of ../shared/registry, over 1 GB for a full ROR dump)."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as fh:
            yield from ijson.items(fh, "item", use_float=True)
    except ijson.JSONError as exc:
        raise RegistryError(f"{path}: malformed JSON: {exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(f"{path}: cannot read: {exc}") from exc


def _rec_id(rec) -> str:
    return rec.get("id", "no id") if isinstance(rec, dict) else type(rec).__name__


def _add_places(countries: dict[str, str], cities: dict[str, Counter], provinces: dict[str, Counter],
                named: dict[str, Counter]) -> None:
    """Country names plus the cities and provinces that ROR places (nearly) always in one country, as
    country hints. A province counts only where no city of another country bears its name ("Kochi",
    "Odessa") and the organisations whose names carry its words are in its country too (not
    "Nacional", "Para")."""
    countries.update(_COUNTRY_ALIASES)
    for city, counts in cities.items():
        if len(city) > 3 and (code := _one_country(counts)):
            countries.setdefault(city, code)
    for province, counts in provinces.items():
        code = _one_country(counts) if len(province) > 3 else None
        if code and all(c == code for c in cities.get(province, {code: 1})) and (
                " " in province or not named[province] or _one_country(named[province], minimum=1) == code):
            countries.setdefault(province, code)


def _one_country(counts: Counter, minimum: int = 3) -> str | None:
    """The country (nearly) all of at least `minimum` counts share."""
    if not counts:
        return None
    (code, top), total = counts.most_common(1)[0], sum(counts.values())
    return code if total >= minimum and top / total >= 0.9 else None


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def _home_name(label: str) -> str:
    """A company's name without its country and notes: "Siemens (Germany) [DE]" and "Siemens (incl.
    Siemens Healthineers)" are both "siemens"."""
    return normalize(re.sub(r"\s*[\[(][^\[\]()]*[\])]", "", label))


def _read_companies(builder: _Builder, path: Path) -> None:
    orgs = builder.orgs
    companies = []
    for line, row in _read_csv(path, {"key", "name", "hq_country", "name_regex", "email_domains", "ror_ids"}):
        flags = ("surveillance_vendor",) if row.get("misp_surveillance_vendor") else ()
        ror_ids = _split(row["ror_ids"])
        # the home country's records, the company's own before its subsidiaries' ("Hitachi (Japan)", not
        # "Hitachi Astemo (Japan)"): its bare name first, then the shortest
        home = _home_name(row["name"])
        hq_ids = [rid for _, _, rid in sorted(
            (_home_name(label) != home, len(label), rid) for rid, label in zip(ror_ids, _split(row.get("ror_names", "")))
            if label.endswith(f"[{row['hq_country']}]"))]
        # the umbrella is the home country's record; without one (IBM, NTT: only branches abroad are
        # registered) the company itself, in its home country, not its first branch
        ror_id = (hq_ids or ([] if row["hq_country"] else ror_ids) or [None])[0]
        for rid in ror_ids:
            if rid in orgs:
                builder.update(rid, sector="company", flags=orgs[rid].flags + flags)
        key = ror_id if ror_id in orgs else f"company:{row['key']}"
        if key not in orgs:
            name = re.sub(r"\s*\(incl\.[^()]*\)", "", row["name"])      # "IBM (incl. IBM Research)": IBM
            builder.add_org(Org(key=key, name=name, ror_id=ror_id, country=row["hq_country"] or None,
                                sector="company", flags=flags), list(dict.fromkeys([row["name"], name])))
        for domain in _split(row["email_domains"]) + _split(row.get("ror_domains", "")):
            builder.reg.domains[domain.lower()] = key  # the hand-made table beats ROR's guesses
        try:
            case = 0 if row.get("regex_case_sensitive") == "1" else re.IGNORECASE
            companies.append(Company(re.compile(row["name_regex"], case), key))
        except re.error as exc:
            raise RegistryError(f"{path}: line {line}: bad name_regex: {exc}") from exc
    builder.reg.companies = tuple(companies)


def _read_military(builder: _Builder, path: Path) -> None:
    orgs = builder.orgs
    for line, row in _read_csv(path, {"name", "country", "flag", "aliases", "ror_id"}):
        flag = row["flag"].strip()
        if not flag or not row["name"].strip():
            raise RegistryError(f"{path}: line {line}: empty name or flag")
        flags = (flag, "security") if flag in _SECURITY_FLAGS else (flag,)
        aliases = _split(row["aliases"])
        ror_id = row["ror_id"].strip() or None
        key = ror_id if ror_id in orgs else f"military:{normalize(row['name']).replace(' ', '-')}"
        if key in orgs:
            org = orgs[key]
            builder.update(key, sector=_FLAG_SECTOR.get(flag, org.sector), flags=org.flags + flags)
        else:
            sector = _FLAG_SECTOR.get(flag) or _types_sector(row.get("ror_types", ""))
            builder.add_org(Org(key=key, name=row["name"], ror_id=ror_id, country=row["country"] or None,
                                sector=sector, flags=flags), [row["name"]])
        builder.add_names(key, [a for a in aliases if not _is_acronym(a)])
        builder.add_acronyms(key, [a for a in aliases if _is_acronym(a)])


def _types_sector(cell: str) -> str:
    return ror_sector([t.lower() for t in _split(cell)]) if cell else "other"


def _is_acronym(text: str) -> bool:
    return 2 <= len(text) <= 8 and text.isascii() and text.isalnum() and text.upper() == text


def _read_hipo(builder: _Builder, path: Path) -> None:
    """Hipo universities give e-mail domains; link each to a same-country ROR org by name if possible."""
    records = _read_json(path)
    orgs = builder.orgs
    for i, rec in enumerate(records if isinstance(records, list) else [None]):
        try:
            name, country, domains = rec["name"], rec["alpha_two_code"], rec["domains"]
        except (KeyError, TypeError) as exc:
            raise RegistryError(f"{path}: record {i}: expected name/alpha_two_code/domains: {exc!r}") from exc
        same = [k for k in builder.names.get(normalize(name), ()) if orgs[k].country == country]
        key = same[0] if same else f"hipo:{domains[0] if domains else normalize(name)}"
        if key not in orgs:
            builder.add_org(Org(key=key, name=name, ror_id=None, country=country, sector="education"), [name])
        for domain in domains:
            builder.claim_domain(domain, key)


def _read_swot(builder: _Builder, swot: Path | None, stoplist_path: Path) -> None:
    stop = _read_json(stoplist_path)
    try:
        stoplist, tlds = set(stop["stoplist"]), stop["academic_tlds"]
    except (KeyError, TypeError) as exc:
        raise RegistryError(f"{stoplist_path}: expected keys stoplist and academic_tlds") from exc
    builder.reg.academic_tlds = frozenset(tlds)
    if swot is None:
        return
    domains = _read_json(swot)
    if not isinstance(domains, dict):
        raise RegistryError(f"{swot}: expected an object mapping domain -> [names]")
    for domain, names in domains.items():
        if domain not in stoplist and domain not in builder.reg.domains and names:
            builder.reg.swot[domain] = next((n for n in names if n.isascii()), names[0])


# ---------------------------------------------------------------- project rules

ORG_RULES = Path(__file__).parent / "org_rules.yaml"


@dataclass(frozen=True, slots=True)
class NamedRule:
    """A name pattern that identifies an organisation outside the registry (org_rules.yaml)."""

    pattern: re.Pattern
    name: str
    sector: str
    country: str | None


@dataclass(frozen=True, slots=True)
class OrgRules:
    """The project's own organisation rules (models/org_rules.yaml); see the comments there."""

    acronyms: dict[str, str]
    named: tuple[NamedRule, ...]  # company institutes, then open projects
    unit_sectors: tuple[tuple[re.Pattern, str], ...]
    accreditors: re.Pattern
    research_government: re.Pattern
    not_research_government: re.Pattern


@functools.lru_cache(maxsize=None)
def org_rules(path: Path = ORG_RULES) -> OrgRules:
    """Load and compile the rules once; a bad pattern or sector raises RegistryError naming the file."""
    import yaml

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        named = [NamedRule(re.compile(e["pattern"]), e["name"], "company", e["country"])
                 for e in raw["company_institutes"]]
        named += [NamedRule(re.compile(e["pattern"]), e["name"], "nonprofit", None) for e in raw["projects"]]
        sectors = tuple((re.compile(e["pattern"]), e["sector"]) for e in raw["unit_sectors"])
        bad = [s for _, s in sectors if s not in SECTORS]
        if bad:
            raise RegistryError(f"{path}: unknown sectors {bad}")
        return OrgRules(dict(raw["acronyms"]), tuple(named), sectors, re.compile(raw["accreditors"]),
                        re.compile(raw["research_government"]), re.compile(raw["not_research_government"]))
    except (OSError, yaml.YAMLError, KeyError, TypeError, re.error) as exc:
        raise RegistryError(f"{path}: {exc!r}") from exc
