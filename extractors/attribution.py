"""Who did it: the paper's affiliations and funders, matched to institutions with sector and country.

Pure composition of three steps: extract affiliations from the first page's layout
(extractors.affiliations) and funders from the acknowledgments (extractors.funders), then match
each string to the registry (extractors.institutions). Without a registry, organisations are
still reported, typed by name rules ("University" -> education, "Inc." -> company ...) and marked
unmatched.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from extractors.affiliations import (DISCIPLINE, LIST_HEADING, LISTED_AT_END, Affiliation, listed_affiliations,
                                     name_like)
from extractors.frontmatter import FORM_FIELD, PROFILE_STATS, front_affiliations
from extractors.funders import FunderMention, extract_funders, funder_sector, funding_text, is_funding_agency
from extractors.institutions import (LEGAL_FORM, RARE_WORD_POSTINGS, US_STATES, InstitutionMatch, country_hint,
                                    domain_country, generic_name, match_affiliation, place_named, registered_in, rule_sector,
                                    same_name)
from extractors.tei import TeiDocument
from models.records import Document
from models.registry import Registry, normalize


@dataclass(frozen=True)
class Attribution:
    affiliations: list[dict]
    funders: list[dict]
    rejected: int = 0  # affiliation rows dropped for not naming an organisation (persons, headings, fields)

    def summary(self) -> dict:
        """The findings columns that summarise who: sectors, countries, company and military flags,
        and how many affiliation rows the organisation test rejected."""
        sectors = sorted({a["sector"] for a in self.affiliations if a["sector"]})
        countries = sorted({a["country"] for a in self.affiliations if a["country"]})
        funder_sectors = {f["sector"] for f in self.funders}
        return {
            "sectors": sectors,
            "countries": countries,
            "has_company": "company" in sectors,
            "has_military": "military" in sectors,
            "funder_sectors": sorted(s for s in funder_sectors if s),
            "has_company_funding": "company" in funder_sectors,
            "has_military_funding": "military" in funder_sectors,
            "affiliations_rejected": self.rejected,
        }


def attribute(document: Document, registry: Registry | None, tei: TeiDocument | None = None) -> Attribution:
    """Affiliations and funders from the PDF's layout and acknowledgments, completed by GROBID's
    header and funding statements when there is TEI: GROBID's affiliations add the registry
    institutions the layout missed, its funders the ones the acknowledgments rules missed."""
    affiliations, codes = front_affiliations(document.layout)
    affiliations += closing_affiliations(document)
    rows, rejected = organisations(affiliation_rows(affiliations, registry, codes), registry)
    funders = acknowledged_funders(document)
    if tei is not None:
        codes = {a.record.raw: a.country_code for a in tei.affiliations}
        known = {r["ror_id"] for r in rows if r["ror_id"]}
        extra, dropped = organisations(affiliation_rows([a.record for a in tei.affiliations], registry, codes),
                                       registry)
        rejected += dropped
        rows += [r for r in extra if r["ror_id"] and r["ror_id"] not in known and r["parent_ror_id"] not in known
                 and not any(same_name(r["institution"], o["institution"]) or same_name(r["institution"], o["raw"])
                             for o in rows)]
        funders += tei.funders
    return Attribution(rows, funder_rows(funders, registry, {r["country"] for r in rows if r["country"]}), rejected)


def closing_affiliations(document: Document) -> list[Affiliation]:
    """The affiliations an article lists at its end, when page 1 says they are there ("Extended author
    information available on the last page of the article")."""
    if not any(b.page == 1 and LISTED_AT_END.search(b.text) for b in document.blocks):
        return []
    blocks = document.blocks
    heading = next((i for i in range(len(blocks) - 1, -1, -1) if LIST_HEADING.match(blocks[i].text)), None)
    if heading is None:
        return []
    after = [b for b in blocks[heading + 1:] if b.page <= blocks[heading].page + 1]
    return listed_affiliations(" ".join(b.text for b in after), blocks[heading].page)


# A building or street of the address (a US state code too): no organisation ("Smith Hall", "Springfield, IL")
_ADDRESS_PART = re.compile(r"\b(?:hall|building|road|street|avenue|campus|floor|room)\b", re.I)
# A segment naming a unit of the organisation, not the organisation
_UNIT_OF = re.compile(r"\b(?:department|dept|faculty|division|section|chair)\b|^(?:school|college) of\b", re.I)


def match(text: str, registry: Registry | None, country: str | None = None) -> list[InstitutionMatch]:
    """Institutions named in a string (taken to be in `country` when it names no place); by name
    rules alone when there is no registry."""
    if registry is not None:
        found = [m for m in match_affiliation(registry, text, country=country) if m.primary]
        if found:
            return found
    # A bare proper name with no institutional word ("FaceSoft", "Quansight, Austin, TX") is, in
    # paper bylines, nearly always a company; university, institute, ministry ... say otherwise.
    segments = [p.strip() for p in text.split(",") if p.strip()] or [text.strip()]
    places = registry.countries if registry is not None else {}
    names = [s for s in segments if not _UNIT_OF.search(s) and not re.search(r"\d", s) and normalize(s) not in places
             and s not in US_STATES and not _ADDRESS_PART.search(s)] or segments[:1]   # "AI-ED Department, Yncrea Ouest, Brest"
    name = names[0]
    if DISCIPLINE.match(name):      # a department's name alone: the organisation follows it, or none is named
        name = next((s for s in names[1:] if rule_sector(s) or _ORG_HEAD.search(s)), name)
        if DISCIPLINE.match(name) and any(_UNIT_OF.search(s) for s in segments):
            return []               # "Electrical and Computer Engineering, the Department of": cut off
    country = country_hint(registry, segments) if registry is not None else None
    return [InstitutionMatch(raw=text, institution=name, ror_id=None, parent_ror_id=None,
                             sector=rule_sector(text) or "company", country=country, method="unmatched", score=0.0)]


def affiliation_rows(affiliations: list[Affiliation], registry: Registry | None,
                     country_codes: dict[str, str | None] | None = None) -> list[dict]:
    """One row per institution; "now at" notes are not the paper's affiliations.

    A unit whose parent is listed too ("State Key Lab ..., Beihang University" and "Beihang
    University") is one institution: the parent's row stays; an academy's or agency's institute is
    an institution of its own ("Shenyang Institute of Automation" beside "Chinese Academy of Sciences").
    The country of a unit with no place in its string comes from GROBID's country key, else the
    authors' e-mail domains (nus.edu.sg -> SG).
    A name several registered bodies share, printed without a place ("CNRS": the French and the
    Lebanese centres), is the one in the country of the paper's other institutions.
    """
    pairs = [(a, m) for a in affiliations if a.kind == "affiliation" and a.raw for m in match(a.raw, registry)]
    countries = {m.country for _, m in pairs if m.country}
    if registry is not None and countries:
        pairs = [(a, registered_in(registry, m.institution, countries) or m
                  if m.method == "unmatched" and not _in_its_university(a.raw, m.institution) else m) for a, m in pairs]
    rows: list[dict] = []
    for a, m in pairs:
        row = _affiliation_row(a, m)
        if row["country"] is None:
            row["country"] = (country_codes or {}).get(a.raw)
        if row["country"] is None and registry is not None and "project" not in row["flags"]:
            row["country"] = next(filter(None, (domain_country(registry, d) for d in a.email_domains)), None)
        rows.append(row)
    ids = {r["ror_id"] for r in rows if r["ror_id"]}
    unique: list[dict] = []
    for row in rows:
        if row["parent_ror_id"] in ids and _SUBUNIT_NAME.search(normalize(row["institution"])) and (
                registry is None or row["parent_ror_id"] not in registry.orgs
                or registry.org(row["parent_ror_id"]).sector in ("education", "facility")):
            continue        # (an academy's or agency's institute stays: "Shenyang Institute of Automation, CAS")
        if not any(_same_institution(row, other) for other in unique):
            unique.append(row)
    return _shared_country(unique)


# A registry child that is a part of its parent (lab, centre, school), not a campus or a company
# of its own: listed with its parent, the parent's row stands for both.
_SUBUNIT_NAME = re.compile(r"\b(laborator(y|ies)|cent(er|re)|department|school|faculty|institute|college of"
                           r"|division)\b")


def _same_institution(row: dict, other: dict) -> bool:
    """One institution printed twice; a company's differently named units ("Google Brain",
    "Google Research") and its sites in other countries stay apart, as the papers print them."""
    if (row["ror_id"] or row["institution"].lower()) != (other["ror_id"] or other["institution"].lower()):
        return False
    return row["sector"] != "company" or (row["country"] == other["country"] and same_name(row["unit"], other["unit"]))


def _in_its_university(raw: str, name: str) -> bool:
    """"Institute of Automation, Velland University of Technology": the name is a unit of the university
    printed with it, not the registered body of that name."""
    return any(rule_sector(s) == "education" for s in raw.split(",") if s.strip() and s.strip() != name)


def _shared_country(rows: list[dict]) -> list[dict]:
    """An organisation with no place anywhere (not in its string, the registry or e-mails) gets
    the country all the paper's other institutions share, when they share exactly one; an open
    project has none."""
    known = {r["country"] for r in rows if r["country"]}
    if len(known) == 1:
        for row in rows:
            if "project" not in row["flags"]:
                row["country"] = row["country"] or next(iter(known))
    return rows


def _affiliation_row(a: Affiliation, m: InstitutionMatch) -> dict:
    return {"author": "; ".join(a.authors) or None, "raw": a.raw, "unit": m.raw, "institution": m.institution,
            "units": list(m.units), "parent": m.parent, "ror_id": m.ror_id, "parent_ror_id": m.parent_ror_id,
            "sector": m.sector, "country": m.country, "method": m.method, "score": m.score, "page": a.page,
            "quote": a.quote, "flags": list(m.flags), "source": a.source}


# --- the organisation test ---------------------------------------------------------------------

# Words of headings and front-matter captions, never of an organisation's name.
_HEADING = re.compile(r"\b(abstract|introduction|chapter|contents|acknowledg\w*|thesis|dissertation|declaration"
                      r"|approval|appendix|references|bibliography|see profile|keywords|supervisor|advis[eo]r"
                      r"|submitted|requirements|degree|student|candidate"
                      r"|(?:final|course|class|term|capstone|semester)\s+project|assignment|homework"
                      r"|(?:research|technical|internal)\s+reports?|report\s+series|proceedings|journal\s+of)\b"
                      r"|^\W*organi[sz]ations?\W*$", re.I)     # (a publication's name; a form's bare label)
# Head nouns of organisation names (a stricter list than the affiliation extractor's cues).
_ORG_HEAD = re.compile(
    r"\b(universit\w*|univ|college|institut\w*|instituto|school|academy|academia|laborat\w*|labs?|cent(er|re)s?"
    r"|inc|corp\w*|company|co|ltd|limited|llc|gmbh|plc|pte|ag|s\.?a|hospital|clinic|ministry|agency|council"
    r"|bureau|foundation|department|dept|faculty|division|polytechnic\w*|hochschule|[ée]cole|universidade?"
    r"|consortium|society|association|organi[sz]ation|authority|army|navy|police|administration|commission"
    r"|research|group|team|technolog(y|ies)|systems|ai)\b", re.I)
_ENUMERATOR = re.compile(r"^\s*(?:\(?\d{1,3}[.)\]]|[•·▪-])\s*")


def organisations(rows: list[dict], registry: Registry | None, nlp=None) -> tuple[list[dict], int]:
    """The rows that name an organisation, and how many did not (persons, headings, form fields,
    numbers, profile statistics, cut-off words). A name printed after a unit of its own ("AI-ED
    Department, Yncrea Ouest") is an organisation's, whatever it looks like."""
    kept = [r for r in rows if is_organisation(r["institution"], r["method"] != "unmatched" or not
                                               r["raw"].startswith(r["institution"]), registry, nlp)
            and is_organisation(r["raw"], True, registry, nlp)]
    return kept, len(rows) - len(kept)


def is_organisation(name: str, registered: bool, registry: Registry | None = None, nlp=None) -> bool:
    """A registry match, or a name shaped like an organisation's: an ORG entity or an organisation
    word, not a person's name, a heading, a form field or mostly digits. ``nlp`` (a spaCy
    pipeline with NER) decides names the rules cannot; it is loaded on demand."""
    text = _ENUMERATOR.sub("", name).strip(" ,;:*∗†‡")
    letters, digits = sum(c.isalpha() for c in text), sum(c.isdigit() for c in text)
    if letters < 2 or digits >= letters or FORM_FIELD.match(text) or PROFILE_STATS.search(text):
        return False
    if registered:
        return True
    words = re.findall(r"[^\W\d_][\w'’.&-]*", text)
    head = _ORG_HEAD.search(text)
    if _HEADING.search(text) or (len(words) >= 3 and text.upper() == text and not head):
        return False  # a heading, a caption or a title set in capitals
    if re.search(LEGAL_FORM, normalize(text)) or rule_sector(text) in ("government", "military", "healthcare"):
        return True   # a legal form or an authority's word ("Smart Monitor sp. z o.o.", "Raggruppamento Carabinieri ...")
    if name_like(text) or all(name_like(p) for p in re.split(r",|\band\b", text) if p.strip()):
        if _ENUMERATOR.match(name):
            return False  # a numbered author list ("1. Firstname Lastname")
        labels = _entity_labels(text, nlp)  # a person, or a list of persons, as NER confirms
        if labels is None or "PERSON" in labels:
            return False
    if registry is not None and all(len(registry.posting(w)) >= RARE_WORD_POSTINGS for w in normalize(text).split()):
        return False  # generic words cut off their name ("Technology", "Institute of Science and Technology")
    if head:
        return True
    return _entity_labels(text, nlp) != {"PERSON"}


def _entity_labels(text: str, nlp=None) -> set[str] | None:
    """spaCy's entity labels of a short string (only the NER component runs); None without NER."""
    from extractors.nlp import load_pipeline, segment

    nlp = nlp or load_pipeline()
    if "ner" not in nlp.pipe_names:
        return None
    return {e.label_ for doc in segment(nlp, [text], ("ner",)) for e in doc.ents}


# A block that stops mid-phrase: "... supported by the" + "Velland Science Foundation ...".
_OPEN_END = re.compile(r"\b(?:by|from|of|the|and|through|under)\s*$", re.I)


# An author's money from others, declared as a conflict ("Competing interests: J.S.R. reports funding from
# X and fees from Y", "Disclosures: K.L. reports fees from Y"): not this work's funding, up to a funding
# statement that may follow in the block
_COMPETING_INTERESTS = re.compile(r"^\W*(?:competing\s+interests?|conflicts?\s+of\s+interests?(?:\s+disclosures?)?|"
                                  r"declaration\s+of\s+(?:competing\s+)?interests?|"
                                  r"(?:financial\s+)?disclosures?(?:\s+statements?)?(?!\s+of\s+funding))\b", re.I)
_FUNDING_RESUMES = re.compile(r"\b(?:funding(?:/support)?|financial\s+support|sources?\s+of\s+funding)\s*:|"
                              r"\b(?:this|the)\s+(?:work|research|study|project)\s+was\s+(?:\w+\s+)?(?:supported|funded)|"
                              r"\bfunding\s+(?:for\s+(?:this|the)\s+\w+\s+)?(?:was|is)\s+provided\s+by|"
                              r"^\W*[\w\s]{0,40}?:\s*(?:supported|funded)\s+(?:in\s+part\s+)?by", re.I)


def acknowledged_funders(document: Document) -> list[FunderMention]:
    """Funders named in the acknowledgments, or in a funding statement elsewhere (a first-page
    footnote, a "Funding:" paragraph), page by page."""
    by_page: dict[int, list[str]] = {}
    blocks = document.blocks
    for block, after in zip(blocks, [*blocks[1:], None]):
        text = block.text
        if _COMPETING_INTERESTS.match(text) or _COMPETING_INTERESTS.match(block.heading or ""):
            text = text[m.start():] if (m := _FUNDING_RESUMES.search(text)) else ""
        if block.section == "references" or not text:
            continue
        if block.section != "acknowledgments":     # (the page's acknowledgments are read as one text)
            if after is not None and after.page == block.page and not text.rstrip().endswith((".", "!", "?")) \
                    and (after.text[:1].islower() or _OPEN_END.search(text)):
                text = f"{text} {after.text}"      # a sentence the layout cut into two blocks
            text = funding_text(text)
        if text:
            by_page.setdefault(block.page, []).append(text)
    return [f for page, texts in sorted(by_page.items()) for f in extract_funders(" ".join(texts), page)]


def funder_rows(funders: list[FunderMention], registry: Registry | None,
                countries: set[str] | frozenset[str] = frozenset()) -> list[dict]:
    """One row per funder named, matched like affiliations. A funder printed by an institution's own
    name or acronym is that institution, once; a programme or lab printed with it ("Key Laboratory of X
    through the Chinese Academy of Sciences") is a funder of its own.

    `countries` are the authors' (their institutions'). Funding is mostly national and printed without
    its country ("NIH", "National Key R&D Program"): a name several registered bodies share is the one
    in the authors' country, a ministry of a generic name is not another country's, and an unregistered
    public funder or acronym naming no place (and no European or international scheme) is of the
    authors' country when they share one; such a row is flagged `country_of_authors`. A country printed
    after the funder ("National Research Foundation, Singapore") places it."""
    rows: list[dict] = []
    seen: set[str] = set()
    for f in funders:
        printed = registry.countries.get(normalize(f.place)) if registry is not None and f.place else None
        national = not _INTERNATIONAL.search(f.name)
        m = match(f.name, registry, printed)[0]
        if countries and not printed and m.method in ("exact", "fuzzy") and m.country not in countries \
                and re.match(r"ministry\b", f.name, re.I) and generic_name(registry, f.name):
            m = match(f.name, None)[0]          # another country's "Ministry of Education, Science and Technology"
        if m.method == "unmatched" and registry is not None and countries and national:
            if local := registered_in(registry, f.name, set(countries)):
                m = replace(local, flags=(*local.flags, "country_of_authors"))
        key = m.ror_id if m.ror_id and m.method in ("exact", "acronym", "rule") else f.name.lower()
        if key not in seen:
            seen.add(key)
            rows.append(_funder_row(f, m, registry, countries))
    return rows


# Funding across countries: its country is none of the authors' ("European Research Council", "Horizon 2020")
_INTERNATIONAL = re.compile(r"\b(?:europ\w*|EU|ERC|ERA-NET|horizon|marie|international|global|world|NATO|"
                            r"united\s+nations|asia\w*|pacific|africa\w*|nordic|commonwealth)\b", re.I)
# A public body or programme by its name ("National Key R&D Program", "Fundamental Research Funds for the
# Central Universities") or an acronym ("NIH", "NRF"): national money, printed without its country. A
# private foundation, trust or company gives no such hint ("Volkswagen Foundation", "Open Philanthropy").
_PUBLIC = re.compile(r"\b(?:national|state|ministry|government|federal|provincial|province|municipal|key|central|"
                     r"science|sciences|scientific|technology|research|innovation|education|development|natural|basic|"
                     r"council|agency|administration|department|office|commission|program|programme|plan|funds?|"
                     r"fellowships?|scholarships?)\b", re.I)
_ACRONYMS = re.compile(r"[A-Z][A-Z0-9&-]{1,9}(?:\s+[A-Z][A-Z0-9&-]{1,9})*")


def _funder_row(f: FunderMention, m: InstitutionMatch, registry: Registry | None,
                countries: set[str] | frozenset[str] = frozenset()) -> dict:
    matched = m.method != "unmatched"
    country = m.country or (place_named(registry, f.name) if registry is not None and not matched else None)
    flags = list(m.flags)
    if country is None and len(countries) == 1 and not _INTERNATIONAL.search(f.name) and (
            _PUBLIC.search(f.name) or _ACRONYMS.fullmatch(f.name)):
        country = next(iter(countries))
        flags.append("country_of_authors")
    return {"raw": f.raw, "funder": m.institution if matched else f.name, "ror_id": m.ror_id,
            "sector": _funder_sector(f, m, registry), "grant_ids": list(f.grant_ids), "country": country,
            "page": f.page, "quote": f.quote, "method": m.method, "flags": flags}


# A programme for (or of) universities is not a university's own money: "Fundamental Research Funds for
# the Central Universities", "Scientific Research Project of Colleges and Universities in Guangdong".
_FOR_UNIVERSITIES = re.compile(r"\b(?:funds?|grants?|program(?:me)?s?|projects?|scholarships?|foundation)\s+"
                               r"(?:for\b[^,;]*|of\s+colleges\s+and\s+)universit", re.I)
# Words that make a registered body a funding body as printed ("German Research Foundation", "China
# Scholarship Council", "European Space Agency"): its kind is read from its name, see `funder_sector`.
_FUNDING_BODY = re.compile(r"\b(?:foundation|funds?|council|trust|agency|endowment|program(?:me)?|grants?|society|"
                           r"association)\b", re.I)


# A funder printed as one capitalised word, not an acronym ("Samsung", "Stanford", "Leverhulme"); an
# acronym ("NSFC") is a programme like any other unregistered name.
_BARE_NAME = re.compile(r"[A-Z][\w'\u2019-]*[a-z][\w'\u2019-]*")


def _bare_name_sector(name: str, registry: Registry | None, gift: bool = False) -> str:
    """The sector of a one-word funder: what the registry's bodies of that name share ("Samsung" names
    several companies), a university of that name ("Stanford"), a company giving a gift ("a gift from
    Cisco"), else what `funder_sector` reads (a camel-case brand is a company; "Leverhulme",
    "Innosuisse" or "Formas" are public programmes)."""
    if registry is not None:
        sectors = {registry.org(key).sector for key in registry.by_name(normalize(name))}
        if len(sectors) == 1:
            return sectors.pop()
        if registry.by_name(normalize(f"{name} University")):
            return "education"
    return "company" if gift else funder_sector(name)


# A province's foundation for basic science ("Guangdong Basic and Applied Basic Research Foundation"), not a
# private one for a disease or of alumni ("Swiss Cancer Research Foundation", "Wisconsin Alumni Research Foundation")
_RESEARCH_FOUNDATION = re.compile(r"\b(?:basic|applied|natural|science|sciences)\b.*\bfoundation\b", re.I)


def _funder_sector(f: FunderMention, m: InstitutionMatch, registry: Registry | None) -> str | None:
    """A funder's sector. Funding is given by agencies: a registered government body is government
    even where its name says research ("UK Research and Innovation", which an affiliation would make
    a research facility), and a registered facility, nonprofit or other body printed under a funding
    name ("German Research Foundation", "China Scholarship Council") is read by that name. An
    unregistered funder is what its name says: a company's name or legal form ("Google", "... Co.,
    Ltd"), a bare one-word name (`_bare_name_sector`), the affiliation rules ("Army Research Office":
    military), else `funder_sector` (a public programme unless a private foundation, trust or
    association; a place's research foundation is public). A defence body is military and a body that
    plans or evaluates research a government agency, registered or not ("Defense Acquisition Program
    Administration", "Institute of ICT Planning & Evaluation")."""
    named = rule_sector(f.name)
    if named == "military":
        return "military"
    if is_funding_agency(f.name) and m.sector in (None, "facility", "education", "government", "other"):
        return "government"
    if m.method != "unmatched":
        if m.sector not in ("facility", "nonprofit", "other") or named == "facility":
            return m.sector             # (an academy of sciences, an institute or a lab stays a facility)
        if registry is not None and m.ror_id and registry.org(m.ror_id).sector == "government":
            return "government"
        return funder_sector(f.raw) if _FUNDING_BODY.search(f.raw) else m.sector
    if registry is not None and registry.company_named(f.name):
        return "company"
    if _BARE_NAME.fullmatch(f.name):
        return _bare_name_sector(f.name, registry, f.gift)
    if named in (None, "company", "nonprofit") or (named == "education" and _FOR_UNIVERSITIES.search(f.name)):
        sector = funder_sector(f.name)
        if sector == "nonprofit" and _RESEARCH_FOUNDATION.search(f.name) and registry is not None \
                and place_named(registry, f.name):
            return "government"         # a province's research foundation ("Guangdong Basic Research Foundation")
        return sector
    return named
