"""Citation markers in running text, whatever the style, as data.

A citation right after a name ("MS-Celeb-1M [12]", "MS-Celeb-1M (Guo et al., 2016)",
"MS-Celeb-1M¹") is that name's reference: it says nothing about whose work the sentence
describes. A citation that stands for people ("Guo et al. (2016) trained ...", "[12] trained
...", "in [12], ...") names other authors. `neutralise` rewrites a sentence for the parser: it
drops attached citations and replaces citations that stand for people by one proper noun
(`CITED`), so "We pretrain on MS-Celeb-1M (Guo et al., 2016)" parses as "We pretrain on
MS-Celeb-1M" and "Guo et al. (2016) trained on MS-Celeb-1M" as "Guo trained on MS-Celeb-1M".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# A proper noun the parser treats as a person; `Reading` code recognises it by position.
CITED = "Guo"

_SURNAME = r"(?:[A-Z][A-Za-z'\u00C0-\u017F-]+|van der [A-Z]\w+|de [A-Z]\w+)"
_AUTHORS = rf"{_SURNAME}(?:\s+et\s+al\.?|\s+(?:and|&)\s+{_SURNAME})?"
_YEAR = r"(?:19|20)\d{2}[a-z]?"
_NUM = r"\d{1,3}(?:\s*[-\u2013,]\s*\d{1,3})*"
# Superscript citation numbers, which text extraction glues to the word they follow:
# "MS1MV2^{7,9}" reads "MS1MV27,9", "RFW^{21}" reads "RFW21".
GLUED_CITATION = r"\d{1,3}(?:[,\u2013\-]\d{1,3})*(?![A-Za-z0-9])"
_GLUED = re.compile(GLUED_CITATION)
_GLUED_AFTER_STOP = re.compile(rf"\.({GLUED_CITATION})\s*$")     # "... on MS-Celeb-1M.12" ending the sentence

# Each style: (name, pattern). Order matters: the first match at a position wins.
STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # Parenthetical author-year: "(Guo et al., 2016)", "(Guo et al. 2016; Cao 2018)", "(see Guo, 2016)"
    ("author_year", re.compile(
        rf"\(\s*(?:(?:see|e\.g\.|cf\.|i\.e\.)\s*,?\s*)?{_AUTHORS},?\s+{_YEAR}"
        rf"(?:\s*[;,]\s*(?:{_AUTHORS},?\s+)?{_YEAR})*\s*\)")),
    # Author-year in square brackets: "[Deng et al. 2019]", "[Guo 2016; Cao 2018]"
    ("author_year", re.compile(
        rf"\[\s*{_AUTHORS},?\s+{_YEAR}(?:\s*[;,]\s*(?:{_AUTHORS},?\s+)?{_YEAR})*\s*\]")),
    # Narrative, standing for people: "Guo et al. (2016)", "Guo (2016)", "Guo and Zhang [12]", "Guo et al."
    ("narrative", re.compile(rf"(?!(?:In|As|See|By|On|At|From|Following)\b){_AUTHORS}\s*\(\s*{_YEAR}(?:\s*[,;]\s*{_YEAR})*\s*\)")),
    ("narrative", re.compile(rf"{_SURNAME}\s+(?:et\s+al\.?|(?:and|&)\s+{_SURNAME})\s*\[\s*{_NUM}\s*\]")),
    ("narrative", re.compile(rf"{_SURNAME}\s+et\s+al\.?(?:,?\s+{_YEAR})?")),
    # Numeric: "[12]", "[12, 14]", "[12-15]", "[12], [13]"
    ("numeric", re.compile(rf"\[\s*{_NUM}\s*\](?:\s*[,\u2013-]?\s*\[\s*{_NUM}\s*\])*")),
    # Superscript digits printed as such, and footnote marks: "MS-Celeb-1M¹²", "MS-Celeb-1M*"
    ("superscript", re.compile(r"[\u00B9\u00B2\u00B3\u2070-\u2079]+|(?<=\w)[*\u2020\u2021](?=\W|$)")),
)
# A bare citation stands for people where a noun phrase would: at the start of a clause or
# after a preposition ("In [12], ...", "proposed by [7]", "the model of [3]").
_PEOPLE_SLOT = re.compile(r"(?:^|[;:]|\b(?:in|by|of|from|to|than|with|and|as|unlike|following|see)|,)\s*$", re.I)


@dataclass(frozen=True)
class Citation:
    start: int
    end: int
    style: str           # narrative, author_year, numeric, superscript
    people: bool         # stands for other authors (not a name's own reference)


def find_citations(sentence: str) -> list[Citation]:
    """Every citation marker in the sentence, left to right, without overlaps."""
    found: list[Citation] = []
    taken = [False] * (len(sentence) + 1)
    for style, pattern in STYLES:
        for m in pattern.finditer(sentence):
            if any(taken[m.start():m.end()]):
                continue
            for i in range(m.start(), m.end()):
                taken[i] = True
            people = style == "narrative" or (style != "superscript" and bool(_PEOPLE_SLOT.search(sentence[:m.start()])))
            found.append(Citation(m.start(), m.end(), style, people))
    return sorted(found, key=lambda c: c.start)


def without_citations(sentence: str) -> str:
    """The sentence with its citation markers, in any style, taken out."""
    out, pos = [], 0
    for c in find_citations(sentence):
        out.append(sentence[pos:c.start].rstrip() if c.start > pos else "")
        pos = c.end
    return "".join(out) + sentence[pos:]


# "pre-trained", "fine-tuned", "re-aligned", "de-duplicated": one word for the parser, as most
# authors write them (the tokenizer splits at hyphens, and the small model misreads the pieces).
_JOINED = re.compile(r"\b(pre|fine|re)[-\u2010\u2011 ](?=train|tun)|\b(pre|re|de)[-\u2010\u2011](?=[a-z]{3})", re.I)


# A parenthetical aside without the judged name: dropped before parsing.
_ASIDE = re.compile(r"\s?\([^()]+\)")
ASIDE = object()


@dataclass(frozen=True)
class Neutralised:
    """A sentence with citations rewritten for parsing, and where things moved to."""

    text: str
    name_start: int              # the judged name, in `text`
    name_end: int
    cited_at: tuple[int, ...]    # starts of the CITED placeholders in `text`
    name_cited: bool             # a citation is attached right after the judged name


def neutralise(sentence: str, name_start: int, name_end: int, placeholder: str) -> Neutralised:
    """Drop attached citations, turn people-citations into CITED, and the judged name into
    `placeholder` (one token the parser reads as a proper noun)."""
    pieces: list[str] = []
    cited: list[int] = []
    pos, length, new_start, new_end, name_cited = 0, 0, 0, 0, False
    edits = [(c.start, c.end, c) for c in find_citations(sentence) if c.end <= name_start or c.start >= name_end]
    taken = [(start, end) for start, end, _ in edits]
    edits += [(m.start(), m.end(), ASIDE) for m in _ASIDE.finditer(sentence)
              if (m.end() <= name_start or m.start() >= name_end)
              and not any(s < m.end() and m.start() < e for s, e in taken)]
    edits.append((name_start, name_end, None))
    # "MS-Celeb-1M5", "... on MS-Celeb-1M.5": the name's superscript reference, glued on by the text layer
    glued = _GLUED.match(sentence, name_end) or _GLUED_AFTER_STOP.match(sentence, name_end)
    if glued:
        start = glued.start(glued.lastindex or 0)
        edits.append((start, glued.end(), Citation(start, glued.end(), "superscript", False)))
    for start, end, citation in sorted(edits, key=lambda e: e[0]):
        keep = _JOINED.sub(lambda m: m.group(1) or m.group(2), sentence[pos:start])
        pieces.append(keep)
        length += len(keep)
        if citation is None:
            spaced = placeholder + ("" if re.match(r"[\s.,;:)\]]|$", sentence[end:end + 1]) else " ")
            new_start, new_end = length, length + len(placeholder)
            pieces.append(spaced)
            length += len(spaced)
        elif citation is ASIDE:                      # "(with and without SE blocks)": the parser trips on asides
            pieces = ["".join(pieces).rstrip()]
            length = len(pieces[0])
        elif citation.people:
            cited.append(length)
            pieces.append(CITED)
            length += len(CITED)
        else:
            name_cited = name_cited or 0 <= start - name_end <= 2
            pieces = ["".join(pieces).rstrip()]     # "MS1M [12] and" -> "MS1M and"
            length = len(pieces[0])
        pos = end
    pieces.append(_JOINED.sub(lambda m: m.group(1) or m.group(2), sentence[pos:]))
    return Neutralised("".join(pieces), new_start, new_end, tuple(cited), name_cited)
