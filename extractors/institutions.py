"""Match affiliation strings and e-mail domains to registry institutions.

Pure functions over a loaded ``Registry``. An affiliation is split into groups (';', newlines),
each group into comma segments; runs of segments are looked up exactly (names, aliases,
labels), then acronyms, company name patterns, and finally fuzzy names restricted by the
country the group names. A unit named with its ROR ancestor gives way to a university or
national lab, not to an academy or agency; a branch named by the address replaces its parent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz import fuzz, process

from extractors.affiliations import COUNTRY
from models.registry import Org, Registry, normalize, org_rules

FUZZY_CUTOFF = 90  # token_sort_ratio on normalised names; tuned on a dev sample (seed 1)
FUZZY_CUTOFF_UNKNOWN_WORD = 95  # when a word of the string occurs in no registered name
RARE_WORD_POSTINGS = 500  # a word in fewer registry names is a proper name ("Yale"), not a generic one
AMBIGUITY_FACTOR = 0.7  # score factor when one affiliation names several unrelated institutions
CONFIDENT = 1.0  # score of an exact name that is the only institution in its affiliation
# Scores follow the precision each kind of evidence has on ROR's affiliation gold (seeds 1 and 2:
# an exact name alone 0.90, with other units 0.63, fuzzy 0.70, an acronym 0.52), so that one
# threshold on ``score`` trades recall for precision (flows/eval_matcher.py reports the curve).
FUZZY_WEIGHT = 0.75  # times token_sort_ratio / 100
ACRONYM_SCORE = 0.55
RULE_SCORE = 0.85  # hand-made company patterns: too few in ROR's sample to measure, kept high
_MAX_SPAN = 3  # segments joined for an exact lookup ("University of California, Berkeley")
_MAX_POSTING = 5000
_METHOD_RANK = {"exact": 0, "rule": 1, "fuzzy": 2, "acronym": 3}  # which unit is the primary one
_PRIMARY_POS = -1  # candidate names per rare token in fuzzy search

# A company's legal form, in a normalised name ("... Co., Ltd" -> "co ltd").
LEGAL_FORM = r"\b(inc|ltd|limited|co|corp|corporation|gmbh|llc|plc|pte|pvt|pty|ltda|bv|oy|sarl|srl|s p a|s r l|sp z o o)\b"
# Armed forces and defence, in the languages of affiliations ("Universidad de las Fuerzas Armadas",
# "Universität der Bundeswehr", "Academia Militar"); not "Naval Architecture", "The Salvation Army".
_MILITARY = (r"\b(army|navy|naval|air force|pla|peoples liberation army|defen[cs]e|military|armed forces|"
             r"fuerzas armadas|forcas armadas|bundeswehr|militar|militaire|militare)\b"
             r"(?! architect| fund)(?<!salvation army)")
_SCHOOL = r"\b((medical|business|law|graduate) school|school of)\b"
_RULES = (  # first hit wins: a "University of Defense Technology" is military, a "Police University" government
    ("military", _MILITARY),
    # (hospitals by the names they go by: "CHU Grenoble Alpes", "CHU de Quebec - Universite Laval"; not
    # "Chu Hai College", nor a company with a legal form)
    ("healthcare", r"^(?!.*" + LEGAL_FORM + r")(?:.*\b(hospitals?|hopital|ospedale|hospitalier|\w*klinikum|"
                   r"(?<!legal )(?<!law )clinics?|medical cent(er|re)|cancer cent(er|re)|nhs (foundation )?trust)\b"
                   r"|chu (?!(hai|associates)\b))"),
    ("government", r"\b(ministry|police|bureau|directorate|carabinieri|gendarmerie|agency|administration|authority"
                   r"|commission)\b"),
    ("education", r"\b(university|universit[a-z]+|universidad|universidade|college|polytechnic|politecnic[a-z]*|"
                  r"politechnika|polytechnique|hochschule|fachhochschule|institute of (science and )?technology)\b"),
    ("company", LEGAL_FORM),
    ("facility", r"\b(academy of (\w+ ){0,3}(sciences|intelligence)|institute|institut|instituto|laborator(y|ies)"
                 r"|laboratoire|laboratorio|(research|national science) cent(er|re))\b"),
    ("nonprofit", r"\b(foundation|fondazione|fundacion|fundacao|stiftung)\b"),
    ("education", _SCHOOL),     # a university's schools, named alone
    ("company", r"\b(technolog(y|ies)|company)\b"),
)
_RULES_RE = tuple((sector, re.compile(pattern)) for sector, pattern in _RULES)
_SUBUNIT = re.compile(r"^.*?" + _SCHOOL + r"|"          # a university's schools
                      r"^(department|school|faculty|college of|division|section|unit|group|"
                      r"(state |national )?key laboratory|laboratory (of|for)|cent(er|re) (of|for))\b"
                      r"|^((ai|research|r d) )*(institute|lab|laboratory|cent(er|re))$")  # generic: "Research Institute"
# Joint research units belong to several institutions at once: which one "is" the affiliation is
# a convention, so such a match is never a confident one.
_JOINT_UNIT = re.compile(r"\b(UMR|UMI|UPR|FRE|unit[ée] mixte|joint (research )?(unit|lab\w*|institute|cent(er|re)))\b",
                         re.IGNORECASE)
_RESEARCH_BODY = re.compile(r"\b(academy of (\w+ )?sciences?|academia sinica|national research council)\b")
# Places inside China that are printed as the place of a unit ("Hong Kong, China"): the most specific wins.
_SPECIAL_REGIONS = ("HK", "MO", "TW")
_UNIVERSITY = re.compile(r"\b(universit\w*|college|school)\b")
_UNIVERSITY_WORDS = {"university", "universite", "universidad", "universidade", "universita", "universitat", "college",
                     "of", "de", "di", "da", "the", "and", "at", "state", "national", "technology", "tech", "science",
                     "sciences", "institute", "polytechnic"}
_GROUP_SPLIT = re.compile(r"[;\n]")
_SEGMENT_SPLIT = re.compile(r",|\(|\)|\|")
_LEGAL_WORDS = ("group", "co", "corp", "inc", "ltd", "limited", "llc", "gmbh", "plc", "pte", "ag", "sa", "bv",
                "kg")
_LEGAL_SUFFIX = re.compile(rf"(({'|'.join(_LEGAL_WORDS)})\s?)+")
_POSTCODE = re.compile(r"[-\s]*\b(?:[A-Z]{1,2}-)?\d{4,}(?:[- ]\d+)?\b")  # "Kanpur-208016", "F-91191"
_LEADING_AND = re.compile(r"^(and|&)\s+", re.IGNORECASE)
_AND_SPLIT = re.compile(r"\s+(?:and|&)\s+")
# An address's state code is no acronym ("Georgetown University, Washington, DC" is not Dordt University)
US_STATES = frozenset("AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ "
                       "NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY".split())
_IRISH_COUNTY = re.compile(r"^\s*Co\.?\s+[A-Z][a-z]+\s*$")     # "Co. Kildare": a county, not a company
# "School of Computer Science at X University": the unit and its institution, split at "at".
_AT = re.compile(r"\s+at\s+(?:the\s+)?(?=[A-Z])")
# A clause of prose after the affiliation ("with a joint appointment in ..."): not a unit.
_CLAUSE = re.compile(r"^(?:with|also|and also|who|while|during|on leave|as|currently|formerly)\b")
# Joint labs of two named parties: "A-B Joint Lab", "Joint Laboratory of X of A and B".
_JOINT_PAIR = re.compile(r"^(?:the\s+)?(?P<a>[\w.&'’ ]+?)\s*[-–—/&]\s*(?P<b>[\w.&'’ ]+?)\s+joint\s+"
                         r"(?:research\s+|innovation\s+|ai\s+)?(?:lab\w*|cent(?:er|re)|institute)\b", re.IGNORECASE)
_JOINT_OF = re.compile(r"^(?:the\s+)?joint\b.*\b(?:of|between)\s+(?:the\s+)?(?P<a>[^,]+?)\s+(?:and|&)\s+(?:the\s+)?"
                       r"(?P<b>[^,]+)$", re.IGNORECASE)
_ACCREDITED = re.compile(r"\b(key laborator(y|ies)|engineering research cent(er|re))\b")
_BRANCH_WORDS = frozenset(("sezione", "section", "branch", "campus", "site", "of", "at", "in", "di", "de", "del", "du",
                           "the", "and"))


@dataclass(frozen=True, slots=True)
class InstitutionMatch:
    """One institution named in a string; ``method`` says how sure we are (see docs/registry.md)."""

    raw: str
    institution: str
    ror_id: str | None
    parent_ror_id: str | None
    sector: str | None
    country: str | None
    method: str  # exact | acronym | rule | fuzzy | email | unmatched
    score: float
    flags: tuple[str, ...] = ()
    primary: bool = True  # False for further units named in the same affiliation (e.g. CNRS)
    parent: str | None = None  # the registry parent's name ("Chinese Academy of Sciences")
    units: tuple[str, ...] = ()  # sub-units printed with it, most specific first ("National Laboratory of ...")


@dataclass(frozen=True, slots=True)
class _Hit:
    raw: str
    keys: tuple[str, ...]
    method: str
    score: float
    pos: int  # index of the first segment


@lru_cache(maxsize=1 << 16)
def rule_sector(name: str) -> str | None:
    """Sector guessed from what the unit is (org_rules.yaml: ministry key labs, company institutes,
    projects), else from keywords, for organisations without a registry entry."""
    norm = normalize(name)
    rules = org_rules()
    for pattern, sector in rules.unit_sectors:
        if pattern.search(norm):
            return sector
    if named := _named_rule(norm):
        return named.sector
    return next((sector for sector, pattern in _RULES_RE if pattern.search(norm)), None)


def _named_rule(norm: str):
    return next((r for r in org_rules().named if r.pattern.search(norm)), None)


def match_email_domain(registry: Registry, address: str) -> InstitutionMatch | None:
    """Institution behind an address or domain; sub-domains climb to the registered one, free mail gives None."""
    domain = address.rsplit("@", 1)[-1].strip().strip(".").lower()
    labels = domain.split(".")
    for i in range(len(labels) - 1):
        suffix = ".".join(labels[i:])
        if suffix in registry.freemail:
            return None
        if suffix in registry.academic_tlds:
            break
        if org := registry.domain_org(suffix):
            return _from_org(address, org, org.country, "email", 1.0)
        if name := registry.swot.get(suffix):
            return InstitutionMatch(address, name, None, None, "education", _tld_country(suffix), "email", 1.0)
    return None


def match_affiliation(registry: Registry, text: str, *, nlp=None, country: str | None = None) -> list[InstitutionMatch]:
    """All institutions named in one affiliation string; one ``primary`` per institution named.

    Each group (split on ';', newlines, after a country, or 'A and B' between organisations) has
    one primary match, the institution the string is about; the rest are other units named with
    it (co-affiliations such as CNRS). ``nlp`` (an optional spaCy pipeline) adds ORG entities.
    ``country`` is where the string is taken to be when it names no place itself.
    """
    matches: list[InstitutionMatch] = []
    for segments in _groups(registry, text):
        if nlp is not None:
            group = ", ".join(segments)
            segments += [e.text for e in nlp(group).ents if e.label_ == "ORG" and e.text not in segments]
        for match in _match_group(registry, segments, country):
            again = match.ror_id and any(m.ror_id == match.ror_id and m.primary for m in matches)
            if match not in matches and not (again and match.primary):  # "Dept. A, NUS and Institute B, NUS"
                matches.append(match)
    return matches


def _groups(registry: Registry, text: str) -> list[list[str]]:
    """Segment lists, one per institution-level affiliation in the string."""
    groups, parties = [], []
    for part in _GROUP_SPLIT.split(text):
        group: list[str] = []
        for segment in _segments(part):
            if found := _joint_parties(registry, segment):
                parties += [[p] for p in found]  # each party its own institution, with its own country
                continue
            if group and org_rules().accreditors.fullmatch(normalize(segment)) and \
                    _ACCREDITED.search(normalize(group[-1])):
                group[-1] = f"{group[-1]} ({segment})"  # the ministry only accredits the lab
                continue
            pieces = _AND_SPLIT.split(segment)
            if len(pieces) == 2 and COUNTRY.fullmatch(pieces[0].strip()) and _is_unit(registry, pieces[1]) \
                    and not registry.by_name(normalize(segment)):
                groups.append(group + pieces[:1])     # "Fudan University, China and University of Toronto" (a country,
                # not a city: not "Washington and Lee University")
                group = pieces[1:]
                continue
            if len(pieces) > 1 and not registry.by_name(normalize(segment)) and \
                    all(_is_unit(registry, p) for p in pieces):
                groups.append(group + pieces[:-1])
                group = pieces[-1:]
            else:
                group.append(segment)
            if not rule_sector(segment) and normalize(segment) in registry.countries:
                groups.append(group)  # "..., China, ..." ends one institution's address
                group = []
        groups.append(group)
    merged: list[list[str]] = []
    for group in filter(None, groups):  # a trailing "Georgia, USA" belongs to the previous institution
        if merged and not any(map(rule_sector, group)):
            merged[-1] += group
        else:
            merged.append(group)
    return merged + parties


def _joint_parties(registry: Registry, segment: str) -> list[str]:
    """The parties of a joint lab ("SIAT-SenseTime Joint Lab"), when both are organisations."""
    m = _JOINT_PAIR.match(segment) or _JOINT_OF.match(segment)
    if not m:
        return []
    parties = [m.group("a").strip(), m.group("b").strip()]
    return parties if all(_party(registry, p) for p in parties) else []


def _party(registry: Registry, name: str) -> bool:
    """A name that is an organisation by itself: registered, an acronym, a company, or typed by rules."""
    return bool(_acronym(registry, name) or registry.by_name(normalize(name))
                or registry.company_named(name) or rule_sector(name))


def _acronym(registry: Registry, text: str) -> bool:
    return bool(registry.acronyms.get(text) or text in org_rules().acronyms)


def _is_unit(registry: Registry, text: str) -> bool:
    """An organisation name of its own: "Information Science and Technology" is not two units,
    "INRIA & Laboratoire Jean Kuntzmann" is. A registered name alone is not enough ("Engineering"
    is a company's name)."""
    if _acronym(registry, text):
        return True
    return len(text.split()) >= 2 and rule_sector(text) is not None and not _SUBUNIT.match(normalize(text))


def _segments(group: str) -> list[str]:
    """Comma/parenthesis pieces, with legal suffixes ("Co., Ltd") glued back to their company."""
    segments: list[str] = []
    for piece in _SEGMENT_SPLIT.split(group):
        piece = _LEADING_AND.sub("", _POSTCODE.sub("", piece)).strip(" .&")
        if segments and _LEGAL_SUFFIX.fullmatch(normalize(piece)):
            segments[-1] = f"{segments[-1]}, {piece}"
        elif piece and not _CLAUSE.match(piece):
            segments += _unit_at(piece)
    return segments


def _unit_at(piece: str) -> list[str]:
    """"School of X at Y University" is a unit and its institution; "University of Technology at
    Sydney" stays whole (its left side is no unit)."""
    parts = _AT.split(piece, maxsplit=1)
    if len(parts) == 2 and _SUBUNIT.match(normalize(parts[0])) and rule_sector(parts[1]):
        return parts
    return [piece]


def country_hint(registry: Registry, segments: list[str]) -> str | None:
    """ISO code of the place the string names: the last segment that is a country or a city ROR
    places in one country ("Hong Kong" beats "China"); else a country closing an organisation
    name ("National University of Singapore")."""
    codes = [code for segment in segments if not rule_sector(segment) and (code := _place(registry, segment))]
    if codes:
        special = [c for c in codes if c in _SPECIAL_REGIONS]
        return special[-1] if special and "CN" in codes else codes[-1]
    named = [code for segment in segments if (code := _place(registry, segment))]
    return named[-1] if named else None


def _place(registry: Registry, segment: str) -> str | None:
    """Country of the place closing a segment; a legal suffix after it does not hide it
    ("NEC Laboratories America, Inc." is in the US)."""
    words = [w for w in normalize(segment).split() if not any(c.isdigit() for c in w)]
    while words and words[-1] in _LEGAL_WORDS:
        words.pop()
    for size in (len(words), 3, 2, 1):
        if size <= len(words) and (code := registry.countries.get(" ".join(words[-size:]))):
            return code
    return None


# A country named by its people's adjective, in a funder's name ("Australian Research Council")
_DEMONYMS = {"american": "US", "australian": "AU", "austrian": "AT", "belgian": "BE", "brazilian": "BR",
             "british": "GB", "canadian": "CA", "chinese": "CN", "danish": "DK", "dutch": "NL", "finnish": "FI",
             "french": "FR", "german": "DE", "greek": "GR", "indian": "IN", "irish": "IE", "israeli": "IL",
             "italian": "IT", "japanese": "JP", "korean": "KR", "mexican": "MX", "norwegian": "NO", "polish": "PL",
             "portuguese": "PT", "russian": "RU", "singaporean": "SG", "spanish": "ES", "swedish": "SE",
             "swiss": "CH", "taiwanese": "TW", "turkish": "TR"}


def place_named(registry: Registry, text: str) -> str | None:
    """Country of the first place named anywhere in a funder's name ("Shenzhen Research Program",
    "Korea Research Institute for ...", "Ministry of Education of Singapore"), longest names first;
    else of its people ("Australian Research Council")."""
    words = normalize(text).split()
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            if code := registry.countries.get(" ".join(words[i:i + size])):
                return code
    return next((_DEMONYMS[w] for w in words if w in _DEMONYMS), None)


def registered_in(registry: Registry, name: str, countries: set[str]) -> InstitutionMatch | None:
    """The one body of this name the registry has in one of `countries`, when the name alone is ambiguous
    ("National Institutes of Health": the US and the Malaysian institutes); by an acronym, the one
    government body ("NIH"; acronyms clash across kinds: not the Norwegian School of Sport Sciences)."""
    bare = re.sub(r"\s*\([^()]*\)", "", name).strip()
    acronyms = [name, *re.findall(r"\(([A-Z][A-Za-z&-]+)\)", name)]
    found = [(k, "exact") for k in {*registry.by_name(normalize(name)), *registry.by_name(normalize(bare))}]
    found += [(k, "acronym") for a in acronyms for k in registry.acronyms.get(a, ())
              if registry.org(k).sector == "government"]
    local = {k: method for k, method in found if registry.org(k).country in countries}
    if len(local) != 1:
        return None
    (key, method), = local.items()
    org = registry.org(key)
    return _from_org(name, org, org.country, method, ACRONYM_SCORE if method == "acronym" else 1.0,
                     registry=registry)


def _match_group(registry: Registry, segments: list[str], default: str | None = None) -> list[InstitutionMatch]:
    country = country_hint(registry, segments) or default
    named = [_named_match(seg, rule, country) for seg in segments if (rule := _named_rule(normalize(seg)))]
    if named:  # an institute the project's table knows (a company's institute, an open project)
        segments = [s for s in segments if not _named_rule(normalize(s))]
        return named + [m for m in _match_group(registry, segments, default) if m.method != "unmatched"]
    hits, rest = _exact_spans(registry, segments)
    hits += filter(None, (_segment_hit(registry, seg, pos, country) for pos, seg in rest))
    chosen: dict[str, _Hit] = {}
    for hit in sorted(hits, key=lambda h: len(h.keys)):  # unambiguous hits give context to the rest
        if key := _pick(registry, hit, country, set(chosen)):
            key = _branch(registry, key, hit, segments, country)
            if key not in chosen or hit.score > chosen[key].score:     # (the institution's best evidence)
                chosen[key] = hit
    specific = [(k, h) for k, h in chosen.items() if not _outranked(registry, k, set(chosen) - {k})]
    specific.sort(key=lambda kh: (_primary_rank(registry.org(kh[0])), _METHOD_RANK[kh[1].method], -kh[1].pos))
    joint = _JOINT_UNIT.search(" ".join(segments))
    certainty = 1.0 if len(specific) == 1 and not joint else AMBIGUITY_FACTOR
    # two universities named in full side by side are both the authors' ("Université A, Université B, IRD")
    # (not a university and its campus: "Cornell University and Cornell Tech")
    universities = [k for k, h in specific if h.method == "exact" and registry.org(k).sector == "education"
                    and h.raw != h.raw.upper()]         # (named in words, not by an acronym: "(USC)")
    proper = [set(normalize(registry.org(k).name).split()) - _UNIVERSITY_WORDS for k in universities]
    also = set(universities) if len(universities) > 1 and specific[0][0] in universities and all(
        not a & b for i, a in enumerate(proper) for b in proper[i + 1:]) else set()
    matches = [_from_org(h.raw, registry.org(k), country, h.method, h.score * certainty, primary=i == 0 or k in also,
                         registry=registry)
               for i, (k, h) in enumerate(specific)]
    if matches:
        matches[0] = replace(matches[0], units=_units(registry, segments, list(chosen.values())))
    return matches + _unmatched(registry, segments, list(chosen.values()), country)


def _units(registry: Registry, segments: list[str], matched: list[_Hit]) -> tuple[str, ...]:
    """Labs, centres and departments printed before the institution: "NLPR & CRIPAC, Institute of
    Automation, CAS" has two labs inside the institute (parent links: institute -> academy)."""
    return tuple(s for s in segments if (_SUBUNIT.match(normalize(s)) or rule_sector(s))
                 and normalize(s) not in registry.countries and not any(h.raw in s or s in h.raw for h in matched))


def _named_match(segment: str, rule, country: str | None) -> InstitutionMatch:
    """An organisation named by org_rules.yaml; an open project has no country."""
    flags = ("project",) if rule.sector == "nonprofit" else ()
    return InstitutionMatch(segment, rule.name, None, None, rule.sector, None if flags else country or rule.country,
                            "rule", RULE_SCORE, flags)


def _exact_spans(registry: Registry, segments: list[str]) -> tuple[list[_Hit], list[tuple[int, str]]]:
    """Longest runs of segments whose joined name is registered; returns hits and unused segments."""
    used = [False] * len(segments)
    hits = []
    for size in range(min(_MAX_SPAN, len(segments)), 0, -1):
        for start in range(len(segments) - size + 1):
            if any(used[start:start + size]):
                continue
            raw = ", ".join(segments[start:start + size])
            norm = normalize(raw)
            if norm not in registry.countries and (keys := registry.by_name(norm)):
                hits.append(_Hit(raw, keys, "exact", 1.0, start))
                used[start:start + size] = [True] * size
    return hits, [(i, s) for i, (s, u) in enumerate(zip(segments, used)) if not u]


def _segment_hit(registry: Registry, segment: str, pos: int, country: str | None) -> _Hit | None:
    """Cheaper evidence first: acronym, company name pattern, a registered name after first names, fuzzy."""
    full = org_rules().acronyms.get(segment)
    if segment.strip() not in US_STATES and (
            keys := (registry.by_name(normalize(full)) if full else ()) or _not_a_branch(registry, registry.acronyms.get(segment, ()))):
        return _Hit(segment, keys, "acronym", ACRONYM_SCORE, pos)
    if company := registry.company_named(segment):
        return _Hit(segment, (company,), "rule", RULE_SCORE, pos)
    norm = normalize(segment)
    if len(norm.split()) < 2 or len(norm) < 8 or norm in registry.countries:
        return None
    if keys := _name_after_first_names(registry, norm):
        return _Hit(segment, keys, "fuzzy", FUZZY_WEIGHT * FUZZY_CUTOFF / 100, pos)
    known = sorted((len(registry.posting(t)), t) for t in set(norm.split()) if registry.posting(t))
    unknown = any(len(t) > 3 and t.isalpha() and not registry.posting(t) for t in norm.split())
    candidates = {i for _, token in known[:2] for i in registry.posting(token)[:_MAX_POSTING]}
    choices = {i: registry.fuzzy_names[i] for i in candidates}
    cutoff = FUZZY_CUTOFF_UNKNOWN_WORD if unknown else FUZZY_CUTOFF  # "Kuopio" must not become "Kyoto"
    for name, score, idx in process.extract(norm, choices, scorer=fuzz.token_sort_ratio, score_cutoff=cutoff,
                                            limit=5):
        key = registry.fuzzy_keys[idx]
        if (country is None or registry.org(key).country == country) and _same_proper_words(registry, norm, name):
            return _Hit(segment, (key,), "fuzzy", FUZZY_WEIGHT * score / 100, pos)
    if keys := _name_inside(registry, norm) or _name_first(registry, segment):
        return _Hit(segment, keys, "fuzzy", FUZZY_WEIGHT * FUZZY_CUTOFF / 100, pos)
    return None


_UNIT_AFTER = re.compile(r"(?:cent(?:er|re)|institutes?|laborator(?:y|ies)|labs?|research|division|department|group|"
                         r"school|faculty|unit|team)\b", re.I)


def _not_a_branch(registry: Registry, keys: tuple[str, ...]) -> tuple[str, ...]:
    """An acronym's bodies, less an office abroad: a name of one country ending with a city of another
    ("JSPS" is Japan's society, not the registry's "Japan Society for the Promotion of Science London")."""
    def branch(key: str) -> bool:
        *name, city = normalize(registry.org(key).name).split()
        home = {registry.countries[w] for w in name if w in registry.countries}
        return city in registry.countries and bool(home) and registry.countries[city] not in home
    return tuple(k for k in keys if not branch(k))


def _name_first(registry: Registry, segment: str) -> tuple[str, ...]:
    """The one institution whose registered name or acronym opens a segment that goes on with one of
    its units or sites: "RIKEN Center for Advanced Intelligence Project", "RIKEN AIP", "INRIA
    Sophia-Antipolis" (not a common word: "National Lab")."""
    first, _, rest = segment.strip().partition(" ")
    rest = rest.strip()
    if not rest or not first[:1].isupper() or _INSTITUTION_WORD.search(normalize(rest)) and not _UNIT_AFTER.match(rest):
        return ()               # (a body of its own: "STFC Daresbury Laboratory", "Emory School of Medicine")
    acronym = re.fullmatch(r"[A-Z]{2,6}", rest)
    if first.isupper() and len(first) > 2:      # "INRIA Sophia-Antipolis", "RIKEN AIP", "RIKEN Center for ..."
        keys = registry.acronyms.get(first) or registry.by_name(normalize(first)) if acronym or _UNIT_AFTER.match(rest) \
            or re.fullmatch(r"[A-Z][\w'.-]*(?:[\s-][A-Z][\w'.-]*)?", rest) else ()
    elif _proper_word(registry, normalize(first)) and (acronym or _UNIT_AFTER.match(rest)):
        keys = registry.by_name(normalize(first))
    else:
        keys = ()
    # a research body known by that one name (not "Emory and Henry College" for "Emory", nor a funder's
    # name on a university's centre: "Wellcome Centre for ...")
    keys = tuple(k for k in keys if registry.org(k).sector in ("facility", "education", "government")
                 and (first.isupper() or normalize(registry.org(k).name) == normalize(first)))
    return keys if len(keys) == 1 else ()


def _name_after_first_names(registry: Registry, norm: str) -> tuple[str, ...]:
    """Keys of a registered name that closes the segment after first names the register left out:
    "Franklin W. Olin College of Engineering" is "Olin College of Engineering". Leading and
    first tail words must be proper names (rare words or initials); "Institute of Physics of the
    Russian Academy of Sciences" is not the academy, nor "School of X" an organisation named X."""
    words = norm.split()
    for start in range(1, len(words) - 2):
        if not _proper_word(registry, words[start - 1]):
            break
        if _proper_word(registry, words[start]) and (keys := registry.by_name(" ".join(words[start:]))):
            return keys
    return ()


# The word that makes a registered name an institution's, not a topic's ("Engineering" is a company)
_INSTITUTION_WORD = re.compile(r"\b(?:universit[a-z]*|universidad|college|polytechnic|politecnic[a-z]*|hochschule|"
                               r"institute|institut[a-z]*|academy|academia|laborator[a-z]*|school|hospital)\b")


def _name_inside(registry: Registry, norm: str) -> tuple[str, ...]:
    """Keys of the longest registered institution name inside a segment the layout printed without
    commas: "Faculty of Engineering Indian Institute of Science Bangalore 560 012", "Hochschule
    Darmstadt da/sec Biometrics Research Group"."""
    words = norm.split()
    for size in range(len(words) - 1, 1, -1):
        for start in range(len(words) - size + 1):
            name = " ".join(words[start:start + size])
            if _INSTITUTION_WORD.search(name) and any(len(w) > 1 and _proper_word(registry, w) for w in name.split()) \
                    and words[start + size:start + size + 1] != ["hospital"] \
                    and (keys := registry.by_name(name)):   # (not "College of Technology"; "Emory University Hospital")
                return tuple(k for k in keys if normalize(registry.org(k).name) == name) or keys   # (not its campus)
    return ()


def _proper_word(registry: Registry, word: str) -> bool:
    return len(word) == 1 or len(registry.posting(word)) < RARE_WORD_POSTINGS


def _same_proper_words(registry: Registry, a: str, b: str) -> bool:
    """Whether two similar names do not swap one rare word, the kind that tells organisations
    apart, for another: "Yale University School of Medicine" is not "Avalon University School of
    Medicine", nor "Ural State University" "Yugra State University", though their ratios pass 90.
    A word only one side has is allowed ("UERJ", "Hellas"); a word spelt alike on the other side
    is the same word ("Laboratory"/"Laboratoire", "Study"/"Studies")."""
    x, y = set(a.split()), set(b.split())
    return not all(_unpaired_rare_words(registry, words, other) for words, other in ((x - y, y - x), (y - x, x - y)))


def _unpaired_rare_words(registry: Registry, words: set[str], others: set[str]) -> list[str]:
    """Rare words, and long generic ones ("security" for "society"), with no look-alike on the other side."""
    return [w for w in words if (len(w) > 2 and len(registry.posting(w)) < RARE_WORD_POSTINGS or len(w) > 5)
            and not _has_counterpart(w, others)]


def _has_counterpart(word: str, others: set[str]) -> bool:
    return any(o[:4] == word[:4] or fuzz.ratio(o, word) >= 80 for o in others)


def _pick(registry: Registry, hit: _Hit, country: str | None, context: set[str]) -> str | None:
    """One key for a hit: same country as the string, else parent named alongside; None if still ambiguous."""
    orgs = [registry.org(k) for k in hit.keys]
    # the company table's umbrella, not one of the company's branches: "IBM", "IBM, Zurich" (whose
    # registered branches are in other countries), "IBM Research, Yorktown Heights, USA" (not its China lab)
    company = registry.company_named(hit.raw) if len(orgs) > 1 or country else None
    if country and (same := [o for o in orgs if o.country == country]):
        orgs = same
    elif country and company and registry.org(company).country == country:
        return company
    elif country and (hit.method in ("acronym", "fuzzy") or generic_name(registry, hit.raw)):
        return None  # a loose or generic name ("Centre for Artificial Intelligence") from another country
    if len(orgs) > 1 and company in {o.key for o in orgs}:
        return company
    best = [o for o in orgs if (o.ror_id is None, not o.active) == (orgs[0].ror_id is None, not orgs[0].active)]
    if len(best) > 1:
        best = [o for o in best if o.parent in context] or best
    if len(best) > 1:  # "National University of Singapore" is also an alias of Duke-NUS: take the org of that name
        best = [o for o in best if normalize(o.name) == normalize(hit.raw)] or best
    if len(best) > 1 and not country:   # a name an organisation shares with its own branches abroad ("Google",
        # "Samsung") is its own; printed with a country none of them is in, it may be a namesake ("Merck, NJ")
        best = [o for o in best if all(b.parent == o.key for b in best if b is not o)] or best
    return best[0].key if len(best) == 1 else None


def generic_name(registry: Registry, name: str) -> bool:
    """A name made of words many organisations use ("Ministry of Education, Science and Technology",
    "Centre for Artificial Intelligence"): several countries have one."""
    return all(len(registry.posting(w)) >= RARE_WORD_POSTINGS for w in normalize(name).split())


def _primary_rank(org: Org) -> int:
    """Which of several institutions in one affiliation it is about: a university before other
    bodies, an agency co-signing a joint unit (CNRS, Inserm, an academy) last. On ROR's
    affiliation gold (seeds 1 and 2) 7 in 10 universities named with other bodies are the answer,
    1 in 10 agencies."""
    return {"education": 0, "government": 2}.get(org.sector, 1)


def _branch(registry: Registry, key: str, hit: _Hit, segments: list[str], country: str | None) -> str:
    """The branch the address names, else the organisation itself: "INFN, I-80126 Napoli" is
    INFN's Naples section, "Indiana University, ..., Bloomington" its Bloomington campus, and
    "Queen's University, Belfast, United Kingdom" is Queen's University Belfast, not Kingston's.

    A child qualifies when its name adds to the parent's only place words of the string (a child
    named after its topic, "Molecular Foundry", is a unit left to ``_outranked``). A record named
    with the place counts only for an organisation of another country: the main campus of a
    university in its own city ("Ohio State University - Columbus") is the university."""
    places = _place_words(registry, segments)
    if not places:
        return key
    if country and registry.org(key).country != country:
        name = normalize(hit.raw)
        named = {k for place in places for k in registry.by_name(f"{name} {place}")}
        if len(named) == 1:
            return named.pop()
    own = _name_words(registry.org(key).name) | _name_words(hit.raw) | _BRANCH_WORDS
    branches = [child for child in registry.children.get(key, ())
                if (extra := _name_words(registry.org(child).name) - own) and extra <= places]
    return branches[0] if len(branches) == 1 else key


def _place_words(registry: Registry, segments: list[str]) -> set[str]:
    """Words naming places: cities and countries ROR knows, and a segment printed as a bare word
    that is no organisation ("Napoli" once its post code is dropped)."""
    words = {w for segment in segments for w in normalize(segment).split() if w in registry.countries}
    for segment in segments:
        rest = [w for w in normalize(segment).split() if w not in _BRANCH_WORDS]
        if len(rest) == 1 and not rule_sector(segment):
            words.add(rest[0])
    return words


@lru_cache(maxsize=1 << 16)
def _name_words(name: str) -> frozenset[str]:
    """Normalised words of a name, initials and numerals ("Sezione di Roma I") aside; cached, as
    an organisation with a thousand units (CNRS) has its children's names compared often."""
    return frozenset(w for w in normalize(name).split() if len(w) > 1)


def _outranked(registry: Registry, key: str, others: set[str]) -> bool:
    """Whether a unit named with its ROR ancestor gives way to it, or the ancestor to the unit.

    ROR's affiliation gold reports the university or national lab for its labs, centres and
    institutes ("State Key Laboratory of Millimeter Waves, Southeast University" is Southeast
    University), but the institute for academies and agencies ("Institute of Zoology, Chinese
    Academy of Sciences" is the institute): education and facility ancestors absorb their units.
    """
    ancestors = [a for a in others if _is_ancestor(registry, a, {key})]
    if any(_absorbs_units(registry.org(a)) for a in ancestors):
        return True
    return _is_ancestor(registry, key, others) and not _absorbs_units(registry.org(key))


def _absorbs_units(org: Org) -> bool:
    return org.sector in ("education", "facility")


def _is_ancestor(registry: Registry, key: str, others: set[str]) -> bool:
    for other in others:
        seen = set()
        parent = registry.org(other).parent
        while parent and parent in registry.orgs and parent not in seen:
            if parent == key:
                return True
            seen.add(parent)
            parent = registry.org(parent).parent
    return False


def _unmatched(registry: Registry, segments: list[str], matched: list[_Hit],
               country: str | None) -> list[InstitutionMatch]:
    """Organisation-like segments no registry entry covers, typed by rules (sub-units only if alone)."""
    orgish = [s for s in segments if rule_sector(s) and normalize(s) not in registry.countries
              and not _IRISH_COUNTY.match(s)
              and not any(h.raw in s or s in h.raw for h in matched)]
    units = [s for s in orgish if not _SUBUNIT.match(normalize(s))]
    keep = units if units or matched else orgish[-1:]
    # a hospital is an institution of its own, though a university is named with it ("Rady Children's
    # Hospital and Department of Pediatrics, University of California San Diego")
    # (printed from the unit to the institution: the last one is the institution, but a company named with its
    # legal form is the one: "Aldren Robotics GmbH, Perception Lab")
    companies = [s for s in keep if re.search(LEGAL_FORM, normalize(s))]
    head = companies[0] if len(companies) == 1 else keep[-1] if keep else None
    return [InstitutionMatch(s, _HOSPITAL_UNIT.sub("", s), None, None, _sector_with_form(s, segments), country,
                             "unmatched", 0.0, primary=not matched and s == head or rule_sector(s) == "healthcare")
            for s in keep]


_HOSPITAL_UNIT = re.compile(r"(?<=\bHospital)\s+(?:and|&)\s+(?:the\s+)?(?:Department|Division|School|Faculty)\b.*$", re.I)


def _sector_with_form(segment: str, segments: list[str]) -> str | None:
    """A segment's sector; a legal form printed as the next segment makes it a company ("FX Palo Alto
    Laboratory, Inc.")."""
    after = segments[segments.index(segment) + 1:segments.index(segment) + 2]
    if after and (words := normalize(after[0]).split()) and words[0] in ("inc", "ltd", "llc", "gmbh", "plc", "corp",
                                                                        "limited"):
        return "company"            # (also "Inc. 3400 Hillview Avenue", a line joined without its comma)
    return rule_sector(segment)


def _from_org(raw: str, org: Org, country: str | None, method: str, score: float,
              primary: bool = True, registry: Registry | None = None) -> InstitutionMatch:
    parent = org.parent if org.parent and org.parent.startswith("https://ror.org/") else None
    sector = sector_of(registry, org) if registry else org.sector
    parent_name = registry.org(org.parent).name if registry and org.parent in registry.orgs else None
    return InstitutionMatch(raw, org.name, org.ror_id, parent, sector, country or org.country,
                            method, score, org.flags, primary, parent_name)


def sector_of(registry: Registry, org: Org) -> str:
    """ROR's type of the unit, corrected where units follow their root institution: a university's
    labs and centres are education; academies of sciences and their institutes are research
    facilities (ROR types the Chinese Academy of Sciences as government). Military and
    healthcare units keep their own sector."""
    if org.sector in ("military", "healthcare"):
        return org.sector
    if org.sector in ("government", "education", "facility", "other") and re.search(_MILITARY, normalize(org.name)):
        return "military"           # a defence university, lab or command ROR types by its function
    if org.sector == "facility" and re.search(r"\bnational laborator(y|ies)$", normalize(org.name)):
        return "facility"           # a national laboratory a university runs is no unit of it (Argonne, Berkeley Lab)
    root, seen = org, {org.key}
    while root.parent and root.parent in registry.orgs and root.parent not in seen:
        seen.add(root.parent)
        root = registry.org(root.parent)
    if root is not org and root.sector == "education":
        return "education"
    if _RESEARCH_BODY.search(normalize(root.name)) and not _UNIVERSITY.search(normalize(org.name)):
        return "facility"
    name, rules = normalize(org.name), org_rules()
    if org.sector == "government" and rules.research_government.search(name) and \
            not rules.not_research_government.search(name):
        return "facility"  # a national research institute or laboratory, not an agency
    return org.sector


def same_name(a: str, b: str) -> bool:
    """Names of one organisation as printed and as matched: equal after normalisation, or one
    containing the other ("Megvii" / "Megvii Inc."), or nearly equal (token set ratio >= 90)."""
    x, y = normalize(a), normalize(b)
    if not x or not y:
        return False
    return x == y or fuzz.token_set_ratio(x, y) >= 90 or (min(len(x), len(y)) >= 5 and (x in y or y in x))


def domain_country(registry: Registry, domain: str) -> str | None:
    """Country behind an e-mail domain: its registered institution's, else a country-code TLD."""
    if domain in registry.freemail:
        return None
    match = match_email_domain(registry, domain)
    return (match.country if match else None) or _tld_country(domain)


def _tld_country(domain: str) -> str | None:
    tld = domain.rsplit(".", 1)[-1]
    return ("GB" if tld == "uk" else tld.upper()) if len(tld) == 2 else None
