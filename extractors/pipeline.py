"""One PDF -> the rows of every table: the extractors composed, still pure (bytes in, rows out).

Flows call `analyse_pdf` once per document; whatever goes wrong with one file becomes a status
row for that file and never stops the run.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import traceback
from dataclasses import dataclass, field

from spacy.language import Language

from extractors.attribution import attribute
from extractors.mentions import NameMatcher, find_mentions
from extractors.plugins import Context, Extractor, available_extractors, run_extractors
from extractors.tei import TeiError, parse_tei, seed_citing_sentences, to_document
from extractors.text import ExtractionError, extract_document, normalise
from extractors.usage import classify, summarise
from models.profile import Profile
from models.records import Block, Document, Finding, Mention
from models.registry import Registry


@dataclass
class PaperResult:
    """Everything learned from one file: its papers row, mention rows and findings row."""

    paper: dict
    mentions: list[dict] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    affiliations: list[dict] = field(default_factory=list)
    funders: list[dict] = field(default_factory=list)
    extra: dict[str, list[dict]] = field(default_factory=dict)   # tables written by extractors (signals ...)

    @property
    def signals(self) -> list[dict]:
        return self.extra.get("signals", [])

    def tables(self) -> list[str]:
        """Every table this result has rows for, besides papers."""
        return ["mentions", "findings", "affiliations", "funders", *self.extra]

    def rows(self, table: str) -> list[dict]:
        if table == "papers":
            return [self.paper]
        return getattr(self, table) if table in ("mentions", "findings", "affiliations", "funders") else \
            self.extra.get(table, [])

    @property
    def ok(self) -> bool:
        """Analysed (a GROBID failure that fell back to PyMuPDF is analysed too)."""
        return self.paper["status"] in ("ok", "grobid_fallback")


def paper_id_for(sha256: str) -> str:
    """Content-addressed: the same PDF under two names is one paper."""
    return f"sha256:{sha256[:16]}"


@functools.lru_cache(maxsize=None)
def matcher_for(profile: Profile) -> NameMatcher:
    return NameMatcher.from_profile(profile)


@functools.lru_cache(maxsize=1)
def default_extractors() -> tuple[Extractor, ...]:
    """The signal extractors of this package and of installed plugins, found once per process."""
    return tuple(available_extractors())


def analyse_pdf(data: bytes, source_path: str, profile: Profile, nlp: Language,
                registry: Registry | None = None, paper_id: str | None = None,
                extractors: tuple[Extractor, ...] | None = None,
                tei: bytes | Exception | None = None) -> PaperResult:
    """Extract, find mentions, judge usage, attribute, run the extractors (signals) and summarise one PDF.

    `paper_id` names a known paper (a discovered one); by default the PDF's content names it.
    `tei` is GROBID's answer for this PDF, when a GROBID server is configured: its header,
    affiliations, funders, text and citation links are used where better, with PyMuPDF's tables
    and layout kept. A GROBID error (or TEI that cannot be parsed) falls back to PyMuPDF alone
    and says so in papers.status (`grobid_fallback`) and papers.error.
    """
    sha = hashlib.sha256(data).hexdigest()
    paper = {"paper_id": paper_id or paper_id_for(sha), "source_path": source_path, "pdf_sha256": sha,
             "extractor": "pymupdf", "dataset": profile.slug, "status": "ok", "error": None}
    try:
        document = extract_document(data)
    except ExtractionError as exc:
        return PaperResult({**paper, "status": exc.status, "error": str(exc)})
    grobid, citing, pdf_document = None, frozenset(), document
    if isinstance(tei, Exception):
        paper.update(status="grobid_fallback", error=f"GROBID failed, PyMuPDF used: {tei}")
    elif tei is not None:
        try:
            grobid = parse_tei(tei)
            document = to_document(grobid, document)
            citing = frozenset(seed_citing_sentences(grobid, profile.seeds))
            paper["extractor"] = document.extractor
        except TeiError as exc:
            paper.update(status="grobid_fallback", error=f"GROBID TEI unusable, PyMuPDF used: {exc}")
    paper.update(title=document.title, year=document.year, n_pages=document.n_pages, is_paper=document.is_paper)
    try:
        mentions = classify(find_mentions(document, matcher_for(profile), nlp), document, nlp, citing,
                            profile.usages, profile.seed_papers)
        finding = summarise(mentions, document, profile.withdrawn.year if profile.withdrawn else None)
        who = attribute(pdf_document, registry, grobid)
        keys = {"paper_id": paper["paper_id"], "dataset": profile.slug}
        result = PaperResult(
            paper=paper,
            mentions=[_mention_row(paper["paper_id"], m, profile.slug) for m in mentions],
            findings=[{**_finding_row(paper["paper_id"], finding, document, profile.slug), **who.summary(),
                       "evidence_source": ["full_text"]}],
            affiliations=[{**keys, **row} for row in who.affiliations],
            funders=[{**keys, **row} for row in who.funders],
        )
        context = Context(paper_id=paper["paper_id"], document=document, mentions=tuple(mentions),
                          finding=result.findings[0], affiliations=tuple(result.affiliations),
                          funders=tuple(result.funders), profile=profile, nlp=nlp)
        extra = run_extractors(context, list(default_extractors() if extractors is None else extractors))
        result.findings[0].update(extra.pop("findings")[0])
        result.extra = extra
    except Exception as exc:  # a bug on one document must not lose the others
        return PaperResult({**paper, "status": "error",
                            "error": f"analysis failed: {exc!r}\n{traceback.format_exc(limit=3)}"})
    return result


def analyse_snippets(snippets: list[tuple[str, str]], paper_id: str, profile: Profile, nlp: Language,
                     title: str | None = None, year: int | None = None) -> PaperResult | None:
    """Evidence without a PDF: citation contexts and the abstract, judged like full text.

    `snippets` are (source, text) pairs, source being `citation_context`, `snippet` (a full-text
    search passage) or `abstract`. "We train on MS-Celeb-1M" in a citation context is the
    authors' own use even when no PDF can be had; findings.evidence_source says the claim rests on
    such snippets. None when no snippet names the dataset.
    """
    blocks, start = [], 0
    for source, text in snippets:
        text = normalise(text)
        if text:
            blocks.append(Block(page=0, text=text, section="body", heading=source, bbox=(0, 0, 0, 0), start=start))
            start += len(text) + 2
    document = Document(blocks=blocks, n_pages=0, title=title, year=year, is_paper=True, extractor="snippets")
    hits = find_mentions(document, matcher_for(profile), nlp)
    if not hits:
        return None
    mentions = classify(hits, document, nlp, usages=profile.usages, seed_papers=profile.seed_papers)
    finding = summarise(mentions, document, profile.withdrawn.year if profile.withdrawn else None)
    sources = sorted({m.heading for m in mentions if m.own} or {m.heading for m in mentions})
    row = {**_finding_row(paper_id, finding, document, profile.slug), "evidence_source": sources}
    paper = {"paper_id": paper_id, "source_path": paper_id, "dataset": profile.slug, "status": "snippets_only",
             "extractor": "snippets", "title": title, "year": year}
    return PaperResult(paper=paper, mentions=[_mention_row(paper_id, m, profile.slug) for m in mentions],
                       findings=[row])


def _mention_row(paper_id: str, m: Mention, dataset: str) -> dict:
    return {"paper_id": paper_id, "dataset": dataset, **dataclasses.asdict(m), "labels": list(m.labels)}


def _finding_row(paper_id: str, f: Finding, document: Document, dataset: str) -> dict:
    row = dataclasses.asdict(f)
    return {"paper_id": paper_id, "dataset": dataset, "year": document.year, "title": document.title, **row}
