"""Who did it: the paper's affiliations and funders, matched to institutions with sector and country.

Pure composition of three steps: extract affiliations from the first page's layout
(extractors.affiliations) and funders from the acknowledgments (extractors.funders), then match
each string to the registry (extractors.institutions). Without a registry, organisations are
still reported, typed by name rules ("University" -> education, "Inc." -> company ...) and marked
unmatched.
"""
from __future__ import annotations

from dataclasses import dataclass

from extractors.affiliations import Affiliation, extract_affiliations
from extractors.funders import FunderMention, extract_funders
from extractors.institutions import (InstitutionMatch, country_hint, domain_country, match_affiliation, rule_sector,
                                    same_name)
from extractors.tei import TeiDocument
from models.records import Document
from models.registry import Registry


@dataclass(frozen=True)
class Attribution:
    affiliations: list[dict]
    funders: list[dict]

    def summary(self) -> dict:
        """The findings columns that summarise who: sectors, countries, company and military flags."""
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
        }


def attribute(document: Document, registry: Registry | None, tei: TeiDocument | None = None) -> Attribution:
    """Affiliations and funders from the PDF's layout and acknowledgments, completed by GROBID's
    header and funding statements when there is TEI: GROBID's affiliations add the registry
    institutions the layout missed, its funders the ones the acknowledgments rules missed."""
    rows = affiliation_rows(extract_affiliations(*document.layout[:2]) if document.layout else [], registry)
    funders = acknowledged_funders(document)
    if tei is not None:
        codes = {a.record.raw: a.country_code for a in tei.affiliations}
        known = {r["ror_id"] for r in rows if r["ror_id"]}
        extra = affiliation_rows([a.record for a in tei.affiliations], registry, codes)
        rows += [r for r in extra if r["ror_id"] and r["ror_id"] not in known and r["parent_ror_id"] not in known
                 and not any(same_name(r["institution"], o["institution"]) or same_name(r["institution"], o["raw"])
                             for o in rows)]
        funders += tei.funders
    return Attribution(rows, funder_rows(funders, registry))


def match(text: str, registry: Registry | None) -> list[InstitutionMatch]:
    """Institutions named in a string; by name rules alone when there is no registry."""
    if registry is not None:
        found = [m for m in match_affiliation(registry, text) if m.primary]
        if found:
            return found
    # A bare proper name with no institutional word ("FaceSoft", "Quansight, Austin, TX") is, in
    # paper bylines, nearly always a company; university, institute, ministry ... say otherwise.
    name = text.split(",")[0].strip()
    country = country_hint(registry, [p.strip() for p in text.split(",")]) if registry is not None else None
    return [InstitutionMatch(raw=text, institution=name, ror_id=None, parent_ror_id=None,
                             sector=rule_sector(text) or "company", country=country, method="unmatched", score=0.0)]


def affiliation_rows(affiliations: list[Affiliation], registry: Registry | None,
                     country_codes: dict[str, str | None] | None = None) -> list[dict]:
    """One row per institution; "now at" notes are not the paper's affiliations.

    A unit whose parent is listed too ("State Key Lab ..., Beihang University" and "Beihang
    University") is one institution: the parent's row stays. The country of a unit with no place
    in its string comes from GROBID's country key, else the authors' e-mail domains (nus.edu.sg -> SG).
    """
    rows: list[dict] = []
    for a in affiliations:
        if a.kind != "affiliation" or not a.raw:
            continue
        for m in match(a.raw, registry):
            row = _affiliation_row(a, m)
            if row["country"] is None:
                row["country"] = (country_codes or {}).get(a.raw)
            if row["country"] is None and registry is not None:
                row["country"] = next(filter(None, (domain_country(registry, d) for d in a.email_domains)), None)
            rows.append(row)
    ids = {r["ror_id"] for r in rows if r["ror_id"]}
    unique: dict[str, dict] = {}
    for row in rows:
        if row["parent_ror_id"] in ids:
            continue
        unique.setdefault(row["ror_id"] or row["institution"].lower(), row)
    return _shared_country(list(unique.values()))


def _shared_country(rows: list[dict]) -> list[dict]:
    """An organisation with no place anywhere (not in its string, the registry or e-mails) gets
    the country all the paper's other institutions share, when they share exactly one."""
    known = {r["country"] for r in rows if r["country"]}
    if len(known) == 1:
        for row in rows:
            row["country"] = row["country"] or next(iter(known))
    return rows


def _affiliation_row(a: Affiliation, m: InstitutionMatch) -> dict:
    return {"author": "; ".join(a.authors) or None, "raw": a.raw, "institution": m.institution,
            "ror_id": m.ror_id, "parent_ror_id": m.parent_ror_id, "sector": m.sector, "country": m.country,
            "method": m.method, "score": m.score, "page": a.page, "quote": a.quote, "flags": list(m.flags),
            "source": a.source}


def acknowledged_funders(document: Document) -> list[FunderMention]:
    """Funders named in the acknowledgments, page by page."""
    by_page: dict[int, list[str]] = {}
    for block in document.blocks:
        if block.section == "acknowledgments":
            by_page.setdefault(block.page, []).append(block.text)
    return [f for page, texts in sorted(by_page.items()) for f in extract_funders(" ".join(texts), page)]


def funder_rows(funders: list[FunderMention], registry: Registry | None) -> list[dict]:
    """One row per funder named, matched like affiliations."""
    rows: list[dict] = []
    seen: set[str] = set()
    for f in funders:
        m = match(f.name, registry)[0]
        key = m.ror_id or f.name.lower()
        if key not in seen:
            seen.add(key)
            rows.append(_funder_row(f, m))
    return rows


def _funder_row(f: FunderMention, m: InstitutionMatch) -> dict:
    matched = m.method != "unmatched"
    return {"raw": f.raw, "funder": m.institution if matched else f.name, "ror_id": m.ror_id,
            "sector": m.sector, "country": m.country, "grant_ids": list(f.grant_ids), "page": f.page,
            "quote": f.quote, "method": m.method, "flags": list(m.flags)}
