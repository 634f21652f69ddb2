"""Find every mention of a watched dataset and its derivatives, with the sentence around it.

Names are matched on a normalised form: case is ignored and "-", "_", "/", spaces and line
breaks between the parts of a name may be present or absent, so "MS-Celeb-1M", "MS Celeb 1M",
"MSCeleb", "Ms-celeb-1m" and "MS1M-V2" are found as printed. A match must not be glued to other
letters or digits ("MS1MV2" does not match inside "XMS1MV2s"), longer names win over the shorter
names inside them ("MS1M-DeepGlint" is not "MS1M"), and confusables from the profile
("MSRA-CFW", "CelebA") swallow any match they contain. Digits glued to a name are a superscript
citation ("MS1MV27,9" is MS1MV2 with citations 7 and 9).

The matcher is a spaCy pipeline component (`dataset_mentions`) that puts the matches in
`doc.spans["datasets"]` labelled with the canonical variant; spaCy also gives the sentences.
A cheap regex pass picks the blocks worth running spaCy on, so papers that never name the
dataset cost no NLP at all.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractors.citations import GLUED_CITATION
from extractors.nlp import segment
from models.profile import Profile
from models.records import Block, Document

SPAN_KEY = "datasets"
_SEP = r"[\s\-_\u2010\u2011\u2013/.]{0,2}"
CONFUSABLE = "__confusable__"


def key(name: str) -> str:
    """The form names are compared in: lower case, letters and digits only."""
    return re.sub(r"[\W_]+", "", name.lower())


@dataclass(frozen=True)
class NameMatcher:
    """A compiled matcher for one profile: regex for finding, key table for naming."""

    pattern: re.Pattern[str]
    variant_of: dict[str, str]   # key(alias) -> canonical variant, or CONFUSABLE

    @classmethod
    def from_profile(cls, profile: Profile) -> "NameMatcher":
        variant_of: dict[str, str] = {}
        for canonical, aliases in profile.variants.items():
            for alias in aliases:
                variant_of.setdefault(key(alias), canonical)
        for name in profile.confusables:
            variant_of[key(name)] = CONFUSABLE
        names = {alias for aliases in profile.variants.values() for alias in aliases} | set(profile.confusables)
        alternatives = sorted({_alias_regex(n) for n in names if key(n)}, key=len, reverse=True)
        # A lookahead on the names' first letters lets the regex engine skip most positions fast.
        firsts = "".join(sorted({key(n)[0] for n in names if key(n)}))
        pattern = re.compile(rf"(?<![A-Za-z0-9])(?=[{re.escape(firsts)}])(?:" + "|".join(alternatives)
                             + rf")(?:(?![A-Za-z0-9+])|(?={GLUED_CITATION}))", re.I)
        return cls(pattern, variant_of)

    def finditer(self, text: str):
        """(start, end, variant) for each dataset name in text; confusables are dropped."""
        for m in self.pattern.finditer(text):
            variant = self.variant_of.get(key(m.group()))
            if variant and variant != CONFUSABLE:
                yield m.start(), m.end(), variant


def _alias_regex(alias: str) -> str:
    """"MS-Celeb-1M" -> MS<sep>?Celeb<sep>?1M: any of "-", "_", " ", "/", "." or nothing between parts."""
    parts = [p for p in re.split(r"[\W_]+", alias) if p]
    return _SEP.join(re.escape(p) for p in parts)


@Language.factory("dataset_mentions", default_config={})
def make_dataset_mentions(nlp: Language, name: str) -> "DatasetMentions":
    return DatasetMentions()


if not Span.has_extension("name_chars"):
    Span.set_extension("name_chars", default=None)


class DatasetMentions:
    """spaCy component: dataset names -> doc.spans["datasets"], one span per name, label = variant.

    Spans cover whole tokens ("MS-Celeb-1M." may be one token); `span._.name_chars` keeps the
    exact character offsets of the name. The matcher is chosen per call through
    `doc.user_data["name_matcher"]` so one loaded pipeline serves every dataset profile.
    """

    def __call__(self, doc: Doc) -> Doc:
        matcher: NameMatcher = doc.user_data["name_matcher"]
        spans = []
        for start, end, variant in matcher.finditer(doc.text):
            span = doc.char_span(start, end, label=variant, alignment_mode="expand")
            if span is not None:
                span._.name_chars = (start, end)
                spans.append(span)
        doc.spans[SPAN_KEY] = spans
        return doc


@dataclass(frozen=True)
class Hit:
    """A dataset name found in a block, before its usage is judged."""

    block: Block
    variant: str
    surface: str
    sentence: str
    offset: int         # where the name starts in `sentence`
    char_start: int     # in the page text
    char_end: int


def find_mentions(document: Document, matcher: NameMatcher, nlp: Language) -> list[Hit]:
    """All dataset names in the document, in reading order, each with its sentence."""
    candidates = [b for b in document.blocks if matcher.pattern.search(b.text)]
    if not candidates:
        return []
    hits: list[Hit] = []
    docs = segment(nlp, (b.text for b in candidates), ("sentence_rules", "dataset_mentions"),
                   {"name_matcher": matcher})
    for block, doc in zip(candidates, docs):
        for span in doc.spans[SPAN_KEY]:
            sent = span.sent
            start, end = span._.name_chars
            before = _carried_over(document, block, sent.text, -1) if sent.start_char == 0 else ""
            after = _carried_over(document, block, sent.text, +1) if sent.end_char >= len(block.text.rstrip()) else ""
            hits.append(Hit(
                block=block,
                variant=span.label_,
                surface=block.text[start:end],       # = doc.text, which spaCy rebuilds on each call
                sentence=" ".join(filter(None, (before, sent.text, after))),
                offset=start - sent.start_char + (len(before) + 1 if before else 0),
                char_start=block.start + start,
                char_end=block.start + end,
            ))
    return hits


_PROSE = ("abstract", "body", "related_work", "appendix")
_BROKEN_OFF = re.compile(r"[a-z][,;]?$")      # a block that stops mid-phrase: "... we train the encoder on"
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z\[(])")


def _carried_over(document: Document, block: Block, sentence: str, step: int) -> str:
    """The part of `sentence` that a column or page break left in the neighbouring prose block:
    "... we train the encoder on" | "MS1MV2 for twenty epochs." is one sentence. `step` -1 looks
    back for its beginning, +1 ahead for its end ("" when the sentence is whole)."""
    if block.section not in _PROSE or (step < 0 and block.text == block.heading) or not (
            _prose(sentence) or step < 0 and len(sentence.split()) <= 6 and not re.search(r"\d\.\d", sentence)):
        return ""       # (a short piece without a table's numbers may end one: "... and validation on" | "RFW [30]).")
    i = document.blocks.index(block) + step
    while 0 <= i < len(document.blocks) and document.blocks[i].section in ("margin", "footnote", "caption", "table"):
        i += step
    if not 0 <= i < len(document.blocks):
        return ""
    near = document.blocks[i]
    if near.section != block.section or near.heading != block.heading or near.text == near.heading:
        return ""
    first, last = (near, block) if step < 0 else (block, near)
    if not _BROKEN_OFF.search(first.text) or step > 0 and not last.text[:1].islower():
        return ""                   # (tables and headings end without a full stop too, but not mid-phrase)
    piece = _SENTENCE_BREAK.split(near.text)[-1] if step < 0 else _SENTENCE_BREAK.split(near.text, maxsplit=1)[0]
    return piece if _prose(piece) and len(piece) <= 400 else ""


def _prose(text: str) -> bool:
    """Words, not a table's cells or a legend ("CASIA 26.64 MS1MV2 80.97", "G-Pre=Glint360k;")."""
    words = text.split()
    return len(words) >= 3 and sum(w.strip(",;:.()[]").isalpha() for w in words) >= 0.6 * len(words)
