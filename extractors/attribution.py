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
from extractors.institutions import InstitutionMatch, match_affiliation, rule_sector
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


def attribute(document: Document, registry: Registry | None) -> Attribution:
    return Attribution(affiliation_rows(document, registry), funder_rows(document, registry))


def match(text: str, registry: Registry | None) -> list[InstitutionMatch]:
    """Institutions named in a string; by name rules alone when there is no registry."""
    if registry is not None:
        found = [m for m in match_affiliation(registry, text) if m.primary]
        if found:
            return found
    return [InstitutionMatch(raw=text, institution=text, ror_id=None, parent_ror_id=None,
                             sector=rule_sector(text) or "other", country=None, method="unmatched", score=0.0)]


def affiliation_rows(document: Document, registry: Registry | None) -> list[dict]:
    """One row per institution per affiliation; "now at" notes are not the paper's affiliations."""
    if not document.layout:
        return []
    affiliations = extract_affiliations(*document.layout[:2])
    rows: list[dict] = []
    seen: set[str] = set()
    for a in affiliations:
        if a.kind != "affiliation" or not a.raw:
            continue
        for m in match(a.raw, registry):
            key = m.ror_id or m.institution.lower()
            if key in seen:
                continue
            seen.add(key)
            rows.append(_affiliation_row(a, m))
    return rows


def _affiliation_row(a: Affiliation, m: InstitutionMatch) -> dict:
    return {"author": "; ".join(a.authors) or None, "raw": a.raw, "institution": m.institution,
            "ror_id": m.ror_id, "parent_ror_id": m.parent_ror_id, "sector": m.sector, "country": m.country,
            "method": m.method, "score": m.score, "page": a.page, "quote": a.quote, "flags": list(m.flags),
            "source": a.source}


def funder_rows(document: Document, registry: Registry | None) -> list[dict]:
    """Funders from the acknowledgments, one row per funder named, matched like affiliations."""
    by_page: dict[int, list[str]] = {}
    for block in document.blocks:
        if block.section == "acknowledgments":
            by_page.setdefault(block.page, []).append(block.text)
    rows: list[dict] = []
    seen: set[str] = set()
    for page, texts in sorted(by_page.items()):
        for f in extract_funders(" ".join(texts), page):
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
