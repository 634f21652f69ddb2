"""Signals a watchdog looks for in a paper: commercial, military/security, surveillance, post-retraction.

Each signal is an extractor (extractors.plugins) that emits `signals` rows, every one with the page,
the quote, the rule that fired and a confidence, and sets its findings column. The patterns are
data: models/lexicons/<signal>.yaml (extractors.lexicons). A lexicon rule fires on
- a sentence of the paper's text (sections listed in the file; never the reference list) that
  contains one of its patterns, unless the sentence also holds a context word that turns it around
  ("privacy", "concerns", "misuse": criticism of surveillance is not surveillance) or lacks a
  required one;
- a string of the affiliations or funders step (a company's legal form, a known company name);
- a row of those steps by its sector, flags or match method (registry knowledge).
A paper gets the flag when one row reaches the file's `flag_threshold`; weaker rows are kept as
leads for a reviewer.
"""
from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import ClassVar

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from extractors.lexicons import Entry, Lexicon, lexicon_path, load_lexicon
from extractors.nlp import segment
from extractors.plugins import Context
from models.records import Block
from models.schema import TABLES

QUOTE_CHARS = 300
_SOURCES = ("affiliations", "funders")   # Context fields whose rows the `rows` and sourced entries read


def signal_row(signal: str, value: str, rule: str, confidence: float, page: int | None, quote: str | None) -> dict:
    return {"signal": signal, "value": value, "rule": rule, "confidence": confidence, "page": page, "quote": quote}


@functools.lru_cache(maxsize=64)
def _matchers(lexicon: Lexicon, nlp: Language) -> tuple[Matcher, PhraseMatcher]:
    """Compiled once per lexicon and pipeline; match ids are entry indexes."""
    tokens, phrases = Matcher(nlp.vocab, validate=True), PhraseMatcher(nlp.vocab, attr="LOWER")
    for i, entry in enumerate(lexicon.entries):
        token_patterns = [list(p) for p in entry.patterns if not isinstance(p, str)]
        phrase_docs = [nlp.make_doc(p) for p in entry.patterns if isinstance(p, str)]
        if token_patterns:
            tokens.add(str(i), token_patterns)
        if phrase_docs:
            phrases.add(str(i), phrase_docs)
    return tokens, phrases


def _matches(lexicon: Lexicon, nlp: Language, doc: Doc, source: str) -> Iterator[tuple[Entry, Span]]:
    tokens, phrases = _matchers(lexicon, nlp)
    for match_id, start, end in [*tokens(doc), *phrases(doc)]:
        entry = lexicon.entries[int(nlp.vocab.strings[match_id])]
        if entry.source == source:
            yield entry, doc[start:end]


def _tokenised(ctx: Context, blocks: list[Block]) -> list[tuple[Block, Doc]]:
    """Blocks as Docs with sentences; each block is tokenised once per paper, whatever signal asks."""
    docs: dict[int, Doc] = ctx.cache.setdefault("docs", {})
    todo = [b for b in blocks if id(b) not in docs]
    if todo:
        docs.update(zip(map(id, todo), segment(ctx.nlp, (b.text for b in todo))))
    return [(b, docs[id(b)]) for b in blocks]


def _quote(sentence: Span, match: Span) -> str:
    """The sentence, or a window around the match when the sentence is longer than a quote."""
    text = sentence.text.strip()
    if len(text) <= QUOTE_CHARS:
        return text
    centre = (match.start_char + match.end_char) // 2 - sentence.start_char
    lo = max(0, min(centre - QUOTE_CHARS // 2, len(text) - QUOTE_CHARS))
    return text[lo:lo + QUOTE_CHARS].strip()


def text_rows(ctx: Context, lexicon: Lexicon) -> list[dict]:
    """Pattern hits in the sentences of the lexicon's sections, after context rules."""
    lowered: dict[int, str] = ctx.cache.setdefault("lowered", {})
    blocks = [b for b in ctx.document.blocks
              if b.section in lexicon.sections and b.section != "references"
              and not lexicon.exclude_headings.search(b.heading)
              and lexicon.triggered(lowered.get(id(b)) or lowered.setdefault(id(b), b.text.lower()))]
    rows = []
    for block, doc in _tokenised(ctx, blocks):
        for entry, span in _matches(lexicon, ctx.nlp, doc, "text"):
            sentence = span.sent.text
            if entry.context_exclude.search(sentence):
                continue
            if entry.context_require.terms and not entry.context_require.search(sentence):
                continue
            rows.append(signal_row(lexicon.signal, entry.value, entry.id, entry.confidence, block.page,
                                   _quote(span.sent, span)))
    return rows


def attribution_rows(ctx: Context, lexicon: Lexicon) -> list[dict]:
    """Rules over the affiliations and funders rows: their sector/flags/method, and patterns in their text."""
    rows = []
    for source in _SOURCES:
        for org in getattr(ctx, source):
            quote, page = org.get("quote") or org.get("raw"), org.get("page")
            for rule in lexicon.rows:
                if rule.source == source and rule.matches(org):
                    rows.append(signal_row(lexicon.signal, rule.value, rule.id, rule.confidence, page, quote))
            text = org.get("raw") or org.get("institution") or org.get("funder") or ""
            for entry, _ in _matches(lexicon, ctx.nlp, ctx.nlp.make_doc(text), source):
                if not entry.context_exclude.search(text):
                    rows.append(signal_row(lexicon.signal, entry.value, entry.id, entry.confidence, page, quote))
    return rows


def select(rows: list[dict], max_quotes: int) -> list[dict]:
    """One row per (value, quote), the most confident; at most `max_quotes` quotes per value."""
    best: dict[tuple[str, str | None], dict] = {}
    for row in rows:
        k = (row["value"], row["quote"])
        if k not in best or row["confidence"] > best[k]["confidence"]:
            best[k] = row
    kept: dict[str, list[dict]] = {}
    for row in sorted(best.values(), key=lambda r: -r["confidence"]):   # stable: reading order among equals
        if len(kept.setdefault(row["value"], [])) < max_quotes:
            kept[row["value"]].append(row)
    return [row for group in kept.values() for row in group]


class LexiconSignal:
    """A signal whose rules all live in models/lexicons/<name>.yaml; subclasses only name it."""

    name: ClassVar[str]
    tables: ClassVar[tuple[str, ...]] = ("signals", "findings")

    def lexicon(self, ctx: Context) -> Lexicon:
        return load_lexicon(lexicon_path(self.name, ctx.lexicon_dir))

    def extract(self, ctx: Context) -> dict[str, list[dict]]:
        lexicon = self.lexicon(ctx)
        rows = [] if lexicon.require_use and not ctx.uses_dataset else \
            select(text_rows(ctx, lexicon) + attribution_rows(ctx, lexicon), lexicon.max_quotes)
        flagged = any(r["confidence"] >= lexicon.flag_threshold for r in rows)
        # a signal without a findings column of its own writes rows only
        return {"signals": rows, "findings": [{self.name: flagged}] if self.name in TABLES["findings"] else []}


class CommercialSignal(LexiconSignal):
    """Company authors or funders on a paper that uses the dataset, or deployment in products: the
    dataset's licence forbade commercial use, so this pairing is the headline finding."""

    name = "commercial"


class MilitarySecuritySignal(LexiconSignal):
    """Military, defence, police, public-security or intelligence authors or funders, and text cues."""

    name = "military_or_security"


class SurveillanceSignal(LexiconSignal):
    """Surveillance applications the paper states or motivates (not ones it criticises)."""

    name = "surveillance"


class PostRetractionSignal:
    """Use after the profile's withdrawal date, one row per variant used, quoting the use.

    Only the year is known from the text: a paper from the withdrawal year itself is undecided
    (post_retraction null) and its rows carry a low confidence.
    """

    name = "post_retraction"
    tables = ("signals", "findings")

    def extract(self, ctx: Context) -> dict[str, list[dict]]:
        withdrawn, year = ctx.profile.withdrawn, ctx.finding.get("year") or ctx.document.year
        if not ctx.uses_dataset or withdrawn is None or year is None:
            return {}
        if year < withdrawn.year:
            return {"signals": [], "findings": [{"post_retraction": False}]}
        after = year > withdrawn.year
        rule, confidence = ("published_after_withdrawal", 0.9) if after else ("published_in_withdrawal_year", 0.4)
        rows = []
        own = sorted((m for m in ctx.mentions if m.own), key=lambda m: -m.confidence)
        for variant in dict.fromkeys(m.variant for m in own):
            m = next(m for m in own if m.variant == variant)
            rows.append(signal_row(self.name, variant, rule, confidence, m.page, m.sentence[:QUOTE_CHARS]))
        return {"signals": rows, "findings": [{"post_retraction": True if after else None}]}


EXTRACTORS = (CommercialSignal, MilitarySecuritySignal, SurveillanceSignal, PostRetractionSignal)
