"""Author affiliations from the first page of a paper, read from PyMuPDF's `get_text("dict")`.

Affiliations sit in two places: the header between the title and the abstract (CVPR, arXiv,
LNCS, ACM, MDPI, NeurIPS, BMVC ...) and the footnotes at the bottom of page 1 (IEEE "X is with
...", Nature/BMC numbered lists). Layout is the signal: superscript markers tie authors to
affiliations, font sizes separate the title and the footnotes from the body, and the vertical
gap between lines tells one affiliation from the next. Every record keeps a verbatim `quote`
for evidence and a cleaned `raw` string for the registry matcher.

The record type is the interface: a GROBID TEI reader would build the same `Affiliation`s with
`Affiliation.of(..., source="grobid")`.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Literal

Kind = Literal["affiliation", "now_at", "work_done_at"]


@dataclass(frozen=True)
class Affiliation:
    """One institution unit (department + institution + city + country kept together).

    kind: "affiliation" for byline/address affiliations; "now_at" for "now/currently at" notes
    and "work_done_at" for "work done while at" notes, which are not the paper's affiliations.
    """

    raw: str
    authors: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    email_domains: list[str] = field(default_factory=list)
    page: int = 1
    quote: str = ""
    marker: str | None = None
    source: str = "pymupdf"
    kind: Kind = "affiliation"

    @classmethod
    def of(cls, text: str, *, page: int = 1, authors: Iterable[str] = (), emails: Iterable[str] = (),
           quote: str | None = None, marker: str | None = None, source: str = "pymupdf",
           kind: Kind = "affiliation") -> Affiliation:
        """Build a record from an affiliation string, from any source (PDF layout, GROBID TEI)."""
        mails = list(dict.fromkeys(emails))
        return cls(raw=clean(text), authors=list(authors), emails=mails,
                   email_domains=email_domains(mails), page=page,
                   quote=quote if quote is not None else text.strip(), marker=marker,
                   source=source, kind=kind)


# --- e-mail addresses -------------------------------------------------------------------------

_DOMAIN = r"[A-Za-z0-9\-]+(?:\s?\.[A-Za-z0-9\-]+)+"
_GROUPED = re.compile(r"[{\[(]\s*([^{}\[\]()@]+?)\s*[}\])]\s*@\s?(" + _DOMAIN + ")")
_SINGLE = re.compile(r"([A-Za-z0-9][A-Za-z0-9._%+\-]*)\s?@\s?(" + _DOMAIN + ")")


def parse_emails(text: str) -> list[str]:
    """All addresses in `text`, expanding grouped forms such as `{a, b.c}@x.edu`."""
    found: list[str] = []
    for m in _GROUPED.finditer(text):
        domain = _squeeze(m.group(2))
        found += [f"{local.strip()}@{domain}" for local in re.split(r"[,;|]", m.group(1))
                  if local.strip()]
    for m in _SINGLE.finditer(_GROUPED.sub(" ", text)):
        found.append(f"{m.group(1)}@{_squeeze(m.group(2))}")
    return list(dict.fromkeys(e.rstrip(".").lower() for e in found))


def _squeeze(domain: str) -> str:
    return re.sub(r"\s", "", domain)


def email_domains(emails: Iterable[str]) -> list[str]:
    """The distinct domains of `emails`, lower-cased, in order of appearance."""
    return list(dict.fromkeys(e.rsplit("@", 1)[1].lower() for e in emails if "@" in e))


# --- vocabulary -------------------------------------------------------------------------------

# Words that make a phrase an organisation, not a person.
_ORG = re.compile(
    r"\b(universit\w*|univ\.?|college|institut\w*|school|academy|academia|laborator\w*|labs?"
    r"|cent(?:er|re)s?|inc\.?|corp\.?|corporation|company|co\.|ltd\.?|llc|gmbh|s\.?a\.?s|research"
    r"|department|dept\.?|faculty|hospital|foundation|technolog\w*|robotics|group|polytechnic"
    r"|ministry|agency|council|division|bureau|organi[sz]ation|services|systems|cnrs|inria"
    r"|casia|ucas|nlpr|cas|univ\w*|universit[éàä]\w*|hochschule|ecole|école|eth|epfl"
    r"|ai|a\.i\.|tech|ag|bv|srl|sarl|oy|pvt|pty|limited)\b", re.I)
# Lines in the front matter that are never affiliations.
_NOISE = re.compile(
    r"copyright|©|\(c\)|permission|licen[cs]|all rights|published|received|accepted|revised"
    r"|available online|conference|proceedings|journal|transactions|\bvol\.|volume|\bdoi\b"
    r"|isbn|issn|arxiv|https?:|www\.|\.org/|submitted|partial fulfil|\b(?:bachelor|master|doctor)"
    r" of\b|editor|writer|reporter|correspondent|member,|fellow\b|open access|article|preprint"
    r"|\bkeywords?\b|citation:|correspond|equal contribution|contributed equally|homepage"
    r"|github|project page|code is|\bpages?\b|independent (?:researcher|scholar)", re.I)
_HEADING = re.compile(
    r"^\s*(?:\d+\.?|[IVX]+\.)?\s*(?:a\s?b\s?s\s?t\s?r\s?a\s?c\s?t|summary|key\s?words|index terms"
    r"|introduction|background\s*:|funding(?:\s+statement)?\s*:?\s*$|acknowledge?ments?\s*:?\s*$)", re.I)
# A funding statement printed among the header's lines: no affiliation ("This work was supported in part by X")
_FUNDING_STATEMENT = re.compile(r"\b(?:supported|funded|sponsored|financed)\s+(?:\w+\s+){0,3}?by\b|"
                                r"\bthis\s+(?:work|research|paper|study|project)\s+(?:was|is|has)\b", re.I)


def _without_funding(text: str) -> str:
    """A header unit less the funding statement it took in ("Kestrel Labs, Boston, MA Supported by NSF
    grant ..."); "" when it was only that."""
    m = _FUNDING_STATEMENT.search(text)
    return text[:m.start()].strip(" ,;.") if m else text


# A date on its own line ("March 2021", "12 May 2020", "2019"): never part of an address.
_DATE_LINE = re.compile(r"^\s*(?:\d{1,2}\s+)?(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+)?"
                        r"(?:\d{1,2},?\s+)?(?:19|20)\d{2}\s*$", re.I)
_NOW_AT = re.compile(r"\b(?:now|currently|presently)\s+(?:(?:with|at)\s+)+(?:the\s+)?(?P<org>.+)",
                     re.I)
_DONE_AT = re.compile(
    r"\b(?:work|research)\b.{0,40}?\b(?:done|performed|conducted|carried out)\b.{0,60}?"
    r"\b(?:at|with)\s+(?:the\s+)?(?P<org>.+)|\binterns?\s+at\s+(?:the\s+)?(?P<org2>.+)", re.I)
_IS_WITH = re.compile(r"\b(?:is|are)\s+(?:also\s+)?(?:with|at)\s+(?:the\s+)?", re.I)
# Superscript texts that are markers; \x80-\x9f and the private-use area are unmapped glyphs.
_MARKER_TEXT = re.compile(
    r"^[\s\d,()∗*†‡§¶#⋆✉♯♭♮⊥\x80-\x9f\ue000-\uf8ff]*$|^\s*[a-zB](?:\s*,\s*[a-z])*\s*$")
COUNTRIES = (   # (country names as printed in addresses; a regex alternation)
    "china|usa|u\\.s\\.a\\.?|united states(?: of america)?|uk|u\\.k\\.|united kingdom|england"
    "|scotland|singapore|japan|korea|republic of korea|hong kong|taiwan|macau|macao|india"
    "|germany|france|italy|spain|portugal|netherlands|the netherlands|belgium|switzerland"
    "|austria|sweden|norway|denmark|finland|estonia|poland|czech republic|greece|israel|turkey"
    "|iran|egypt|south africa|nigeria|uae|united arab emirates|saudi arabia|qatar|pakistan"
    "|bangladesh|australia|new zealand|canada|brazil|mexico|colombia|costa rica|argentina"
    "|chile|russia|ukraine|ireland|vietnam|thailand|malaysia|indonesia|philippines"
    "|people[’']s republic of china|p\\.\\s?r\\.\\s?china|pr china")
COUNTRY = re.compile(r"(?:the\s+)?(?:" + COUNTRIES + r")", re.I)     # a country alone (fullmatch), "the UK" too
_ENDS_WITH_COUNTRY = re.compile(r"(?:,|\s)\s*(?:" + COUNTRIES + r")\s*[.,;]?\s*$", re.I)
# Words that start a second institution inside one "and"-joined sentence.
# Words that start a second institution inside one "and"-joined sentence.
_SPLIT_AND = re.compile(
    r",?\s+(?:and\s+also\s+with|and\s+with|and)\s+(?:the\s+)?(?=(?:University|Department|School"
    r"|Institute|College|Laboratory|Center|Centre|Faculty)\b)")
_AND_AFTER = re.compile(r",\s+and\s+(?:also\s+)?(?:with\s+)?(?:the\s+)?", re.I)


def _institutions(text: str) -> list[str]:
    """The affiliations of one "and"-joined statement: split before a second institution's word,
    and after a country ("..., Darmstadt, Germany, and the secunet Security Networks AG, Essen")."""
    out: list[str] = []
    for part in _SPLIT_AND.split(text):
        start = 0
        for m in _AND_AFTER.finditer(part):
            if _ENDS_WITH_COUNTRY.search(part[start:m.start()]):
                out.append(part[start:m.start()])
                start = m.end()
        out.append(part[start:])
    return out


_PARTICLES = {"van", "der", "de", "del", "da", "von", "di", "le", "la", "bin", "al", "dos", "du"}


# Labels printed before an institution on forms and covers; the value is the affiliation.
_ORG_LABEL = re.compile(r"^(?:affiliations?|institutions?|organi[sz]ations?|address|employer|assignee|applicant"
                        r"|issued by|prepared by|published by|corporate author|performing organi[sz]ation)\s*[:：]\s*", re.I)


# A field of study named alone: a department's name without "Department of" ("Electrical and Computer
# Engineering, Tandon School of Engineering, ...")
DISCIPLINE = re.compile(r"^(?:(?:electrical|electronics?|computer|computing|mechanical|civil|chemical|biomedical|"
                        r"information|software|data|systems?|control|automation|communications?|engineering|"
                        r"sciences?|mathematics|applied|physics|chemistry|biology|statistics|medicine)\b"
                        r"(?:\s+(?:and|&)\s+|\s+|$))+$", re.I)
# A person, and the verb saying where they work, opening an IEEE footnote the header read
_PERSON_WITH = re.compile(r"^(?:(?:[A-Z\u00c0-\u00dd][\w.'\u2019-]*|de|la|van|von|der|den|del|da|di|le|and),?\s){1,8}?"
                          r"(?:(?:Student\s|Senior\s|Life\s)?(?:Member|Fellow),\s+IEEE,\s+)?"
                          r"(?:is|was|are|were)\s+(?:also\s+|now\s+|currently\s+)?with\s+(?:the\s+)?(?=[A-Z])")


def clean(text: str) -> str:
    """The affiliation as one normalised line: markers, e-mails and list punctuation removed."""
    t = unicodedata.normalize("NFKC", text)
    t = re.sub(r"(\w)-\s+(?=[a-z])", r"\1", t)             # line-break hyphens
    t = _GROUPED.sub(" ", t)
    t = _SINGLE.sub(" ", t)
    t = re.sub(r"\(\s*(?:e-?mails?\s*:?)?[\s,;]*\)|\b[Ee]-?mails?\s*:?", " ", t)
    t = re.sub(r"\((?:[A-Z]\.){1,3}\)", " ", t)             # MDPI "(S.R.)" initials
    t = re.sub(r"\s+", " ", t).strip(" ,;:&")
    t = _ORG_LABEL.sub("", t)                               # "Affiliation: University X"
    if (person := _PERSON_WITH.match(t)) and not _has_org(person.group(0)):
        t = t[person.end():]                                # "T. Lee was with the Dept. of X": the place
    if t.endswith(".") and not re.search(r"\b(?:Inc|Ltd|Co|Corp|Pte|Univ|Dept|[A-Z])\.$", t):
        t = t[:-1].rstrip(" ,;")
    return re.sub(r"^(?:and|the)\s+(?=[A-Z])", "", t).strip()


def _has_org(text: str) -> bool:
    return bool(_ORG.search(text))


def name_like(text: str) -> bool:
    """A person's name: 2-5 capitalised words or initials, no organisation word."""
    words = re.sub(r"[∗*†‡§¶#⋆✉]", " ", text).split()
    if not 2 <= len(words) <= 5 or _has_org(text) or re.search(r"\d|@", text):
        return False
    return all(w.lower() in _PARTICLES or re.match(r"^[A-ZÀ-ÖØ-ÞŁ´`][\w.'’´`\-]*$", w)
               for w in words)


_FUNCTION_WORDS = {"the", "a", "an", "is", "are", "we", "this", "that", "to", "in", "for", "with",
                   "which", "by", "on", "our", "it", "be", "as", "from"}


def _is_prose(text: str) -> bool:
    """Running text (an abstract, a paragraph), told from lists of names and places."""
    words = re.findall(r"[A-Za-z]+", _SINGLE.sub(" ", _GROUPED.sub(" ", text)))
    return (len(words) >= 8 and sum(w[0].islower() for w in words) / len(words) > 0.55
            and sum(w.lower() in _FUNCTION_WORDS for w in words) >= 3)


# --- layout -----------------------------------------------------------------------------------

@dataclass
class _Line:
    """A printed line, split into text pieces and superscript markers."""

    tokens: list[tuple[str, bool]]      # (text, is_marker)
    bbox: tuple[float, float, float, float]
    size: float
    block: int

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.tokens)

    @property
    def plain(self) -> str:
        return re.sub(r"\s+", " ", "".join(" " if m else t for t, m in self.tokens)).strip()

    def markers(self) -> list[str]:
        return [_norm_marker(t) for t, m in self.tokens if m]


def _norm_marker(text: str) -> str:
    return re.sub(r"\s", "", text).replace("*", "∗")


# A downloader's stamp ("Authorized licensed use limited to: <the reader's library>. Downloaded
# on ... Restrictions apply."): names who downloaded the paper, never who wrote it.
_STAMP = re.compile(r"authori[sz]ed licensed use limited to|\bdownloaded on\b.{0,60}\bfrom\b|restrictions apply"
                    r"|this content downloaded from|\bdownloaded from\b.{0,80}\b(on|by)\b", re.I)


def _lines(page: dict) -> list[_Line]:
    """Lines of the page with superscript markers found from flags, size and raised baseline."""
    out: list[_Line] = []
    for bno, block in enumerate(page.get("blocks", [])):
        for line in block.get("lines", []) if block.get("type", 0) == 0 else []:
            if abs(line.get("dir", (1, 0))[1]) > 0.01:      # rotated: arXiv stamp, margins
                continue
            spans = [s for s in line["spans"] if s["text"]]
            if not "".join(s["text"] for s in spans).strip() or _STAMP.search("".join(s["text"] for s in spans)):
                continue
            size = max(s["size"] for s in spans if s["text"].strip())
            base = max(s["origin"][1] for s in spans if s["size"] >= size - 0.1)
            tokens: list[tuple[str, bool]] = []
            for prev, s in zip([None] + spans, spans):
                if prev and s["bbox"][0] - prev["bbox"][2] > 0.15 * size and not (
                        prev["text"].endswith(" ") or s["text"].startswith(" ")):
                    tokens.append((" ", False))
                raised = s["flags"] & 1 or s["size"] < size * 0.8 or (
                    s["size"] < size * 0.9 and s["origin"][1] < base - 0.15 * size)
                marker = bool(raised and s["text"].strip() and _MARKER_TEXT.match(s["text"]))
                tokens.append((s["text"], marker))
            out.append(_Line(_leading_number_as_marker(_inline_number_markers(tokens)), tuple(line["bbox"]), size, bno))
    return _counted_lines(_attach_marker_lines(out))


def page_lines(page: dict) -> list[_Line]:
    """The page's printed lines in order, with their superscript markers (stamps dropped)."""
    return _lines(page)



# A marker's number before a name, glued or spaced ("1Velland", "2 Kestrel"; not "2D", "3D-aware")
_NUMBER_BEFORE_NAME = r"(\d{1,2})(?=\s?[A-Z])(?!(?<=[1-4])D(?:\b|-))"
# ... inside a line: "1Velland University  2Kestrel Labs", "1 Velland ... 2 Kestrel"
_INLINE_NUMBER = re.compile(r"(?:^|(?<=\s))" + _NUMBER_BEFORE_NAME)


def _inline_number_markers(tokens: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Markers printed at full size inside one line ("1Tohoku University   2Langsmith Inc.   3RIKEN"):
    numbers counting up one by one before capitals, the first opening the line (an address's own
    numbers do not: "Building 3 Floor 4")."""
    if any(marker for _, marker in tokens):
        return tokens
    text = "".join(t for t, _ in tokens)
    found = list(_INLINE_NUMBER.finditer(text))
    numbers = [int(m.group(1)) for m in found]
    if len(found) < 2 or text[:found[0].start()].strip() or numbers != list(range(numbers[0], numbers[0] + len(found))):
        return tokens
    out: list[tuple[str, bool]] = []
    for t, _ in tokens:
        last = 0
        for m in _INLINE_NUMBER.finditer(t):
            out += [(t[last:m.start()], False), (m.group(1), True)]
            last = m.end()
        out.append((t[last:], False))
    return [tok for tok in out if tok[0]]


def _leading_number_as_marker(tokens: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """"1 Megvii Inc." printed at full size: a leading 1-2 digit number before a capital."""
    lead = next((i for i, (t, _) in enumerate(tokens) if t.strip()), 0)
    head = "".join(t for t, _ in tokens[lead:lead + 2])
    m = re.match(r"^(\s*\d{1,2})\s+(?=[A-Z])", head)
    if tokens[lead][1] or not m or len(m.group(1).strip()) > len(tokens[lead][0].strip()) > 0 and \
            not tokens[lead][0].strip().isdigit():
        return tokens
    first = tokens[lead][0]
    if first.strip().isdigit():
        return tokens[:lead] + [(first, True)] + tokens[lead + 1:]
    return tokens[:lead] + [(m.group(1), True), (first[m.end(1):], False)] + tokens[lead + 1:]


_OPENING_NUMBER = re.compile(r"^(\s*)" + _NUMBER_BEFORE_NAME)
_OPENING_SYMBOL = re.compile(r"^(\s*)([*\u2217\u2020\u2021\u00a7\u00b6]{1,2})(?=\s*[A-Z])")


def _counted_lines(lines: list[_Line]) -> list[_Line]:
    """Lines opening with a marker printed at full size: numbers that count 1, 2, 3 down the page
    ("1Oak Ridge National Laboratory" / "2Kitware, Inc.") or go on from the count of the line before
    ("... 3Shanghai Jiao Tong University," / "4Griffith University"), or footnote symbols, two or more
    kinds ("* School of X, ..." / "\u2020 Tencent, Shanghai, China")."""
    def opening(pattern: re.Pattern) -> dict[int, str]:
        return {i: m.group(2) for i, ln in enumerate(lines)
                if not any(marker for _, marker in ln.tokens) and (m := pattern.match(ln.text))}
    numbers, symbols = opening(_OPENING_NUMBER), opening(_OPENING_SYMBOL)
    counted = set(numbers) if len(numbers) >= 2 and [int(n) for n in numbers.values()] == list(
        range(1, len(numbers) + 1)) else set()
    counted |= set(symbols) if len(set(symbols.values())) >= 2 else set()
    for i, n in numbers.items():
        first = next(((t, marker) for t, marker in lines[i - 1].tokens if t.strip()), ("", False)) if i else ("", False)
        before = [int(t) for t, marker in lines[i - 1].tokens if marker and t.strip().isdigit()] if first[1] else []
        if before and before[-1] + 1 == int(n):
            counted.add(i)
    for i in counted:
        text, _ = lines[i].tokens[0]
        m = _OPENING_NUMBER.match(text) or _OPENING_SYMBOL.match(text)
        if m is not None:       # (else the marker is a span of its own)
            lines[i].tokens[0:1] = [(m.group(2), True), (text[m.end():].lstrip(), False)]
    return lines


def _attach_marker_lines(lines: list[_Line]) -> list[_Line]:
    """MDPI prints the "1" of an affiliation as a line of its own, left of the text."""
    keep = []
    for ln in lines:
        if not _MARKER_TEXT.match(ln.text) or len(ln.text.strip()) > 4:
            keep.append(ln)
            continue
        right = [o for o in lines if o is not ln and 0 <= o.bbox[0] - ln.bbox[2] < 30
                 and abs(o.bbox[1] - ln.bbox[1]) < o.size * 0.6]
        if right:
            right[0].tokens.insert(0, (ln.text.strip(), True))
        else:
            keep.append(ln)
    return keep


def _body_size(lines: list[_Line], height: float) -> float:
    sizes = Counter()
    for ln in lines:
        if 0.25 * height < ln.bbox[1] < 0.75 * height:
            sizes[round(ln.size, 1)] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _header(lines: list[_Line], height: float, body: float) -> list[_Line]:
    """Lines between the title and the abstract (or the first paragraph of prose)."""
    top = [ln for ln in lines if ln.bbox[1] < 0.45 * height]
    biggest = max((ln.size for ln in top), default=0)
    title = [ln for ln in top if ln.size >= biggest - 0.5] if biggest >= body + 2 else []
    start = max((ln.bbox[3] for ln in title), default=0)
    span = (min((ln.bbox[0] for ln in title), default=0), max((ln.bbox[2] for ln in title), default=1e9))
    end = min([ln.bbox[1] for ln in lines if ln.bbox[1] >= start and _HEADING.match(ln.text)]
              + [_first_prose(lines, start, span), height])
    sidebar = _sidebar(lines, span)
    return sorted((ln for ln in lines if start - 1 <= ln.bbox[1] < end and ln not in title and ln.block not in sidebar),
                  key=lambda ln: (round(ln.bbox[1]), ln.bbox[0]))


def _sidebar(lines: list[_Line], span: tuple[float, float]) -> set[int]:
    """Blocks of prose beside the title's column (OUP's licence); not a list of affiliations there."""
    blocks: dict[int, list[_Line]] = {}
    for ln in lines:
        blocks.setdefault(ln.block, []).append(ln)
    beside = {b: " ".join(ln.text for ln in lns) for b, lns in blocks.items()
              if all(ln.bbox[0] >= span[1] or ln.bbox[2] <= span[0] for ln in lns)}
    return {b for b, text in beside.items() if _is_prose(text)}


def _first_prose(lines: list[_Line], start: float, span: tuple[float, float] = (0, 1e9)) -> float:
    """Where the first paragraph of prose below `start` begins; a sidebar beside the title's column
    `span` (OUP's dates and licence) is not the paper's prose."""
    blocks: dict[int, list[_Line]] = {}
    for ln in lines:
        if ln.bbox[1] >= start and ln.bbox[2] > span[0] and ln.bbox[0] < span[1]:
            blocks.setdefault(ln.block, []).append(ln)
    # (a block that runs from the last affiliation into the abstract starts its prose at the heading)
    tops = [next((ln.bbox[1] for ln in b if _HEADING.match(ln.text)), b[0].bbox[1]) for b in blocks.values()
            if len(b) >= 3 and _is_prose(" ".join(ln.text for ln in b))]
    return min(tops, default=float("inf"))


# --- header -----------------------------------------------------------------------------------

@dataclass
class _Unit:
    """An affiliation being assembled from one or more lines."""

    parts: list[str]
    marker: str | None
    cell: int
    authors: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(self.parts)


def _cells(lines: list[_Line]) -> list[int]:
    """Group header lines into columns of stacked lines (a grid of author cells, or one column)."""
    cell_of: list[int] = []
    last: dict[int, _Line] = {}
    for ln in lines:
        best, overlap = None, 0.0
        for cid, prev in last.items():
            gap = ln.bbox[1] - prev.bbox[3]
            ov = min(ln.bbox[2], prev.bbox[2]) - max(ln.bbox[0], prev.bbox[0])
            if -0.5 * ln.size < gap < 0.9 * ln.size and ov > overlap:
                best, overlap = cid, ov
        cid = best if best is not None else len(last)
        last[cid] = ln
        cell_of.append(cid)
    return cell_of


def _split_by_markers(line: _Line, leading: bool = False) -> list[tuple[str | None, str]]:
    """(marker, text) pieces of a line; markers lead ("1 Megvii") or trail (ASM "China,1 and"). In a
    header whose affiliations open with their markers (`leading`), a line that goes on from the one
    above opens the next affiliation at its marker ("Beihang University 2School of ...")."""
    toks = line.tokens
    lead = leading or next((m for t, m in toks if m or t.strip()), False)
    pieces: list[tuple[str | None, str]] = []
    marker, text = None, ""
    for t, m in toks:
        if not m:
            text += t
        elif lead:
            if text.strip():
                pieces.append((marker, text))
                marker, text = _norm_marker(t), ""
            else:
                marker = (marker or "") + _norm_marker(t)
        else:
            pieces.append((_norm_marker(t), text))
            text = ""
    if text.strip():
        pieces.append((marker if lead else None, text))
    # ("..., China,1 and 2Velland University": the "and" joins two affiliations; a line that opens
    # with "and" and no marker goes on the name above: "Institute of Systems" / "and Robotics")
    pieces = [(mk, re.sub(r"^[\s,;]*(?:and\b)?", "", tx) if mk or i else tx) for i, (mk, tx) in enumerate(pieces)]
    return [(mk, tx) for mk, tx in pieces if tx.strip(" ,;")]


# A line that opens with "and" and an organisation's word starts a second unit ("Microsoft Research" /
# "and University of Velland"), where "and Robotics" goes on the name above
_AND_UNIT = re.compile(r"^\s*(?:and|&)\s+(?:the\s+)?(?:University|Universit\w+|Institute|College|Academy|Hospital)\b")


def _header_units(lines: list[_Line]) -> list[_Unit]:
    """Affiliation units of the header, with authors and e-mails attached."""
    cells = _cells(lines)
    units: list[_Unit] = []
    authors: list[tuple[list[str], str, int]] = []          # (markers, name, cell)
    mails: list[tuple[int, list[str], list[str]]] = []      # (cell, markers, addresses)
    last_kind: dict[int, str] = {}                          # what the cell's previous line was
    open_unit: dict[int, _Unit] = {}                        # the cell's latest affiliation
    leading = any(len(ln.tokens) > 1 and ln.tokens[0][1] and _has_org(ln.tokens[1][0]) for ln in lines)
    for ln, cell in zip(lines, cells):
        dangling = next((u for u in (open_unit.get(cell), *[u for u in units[-1:] if u.cell < 0])    # (same column,
                         if u is not None and _OPEN_NAME.search(u.parts[-1])), None)                    # or ACM's line)
        kind, last_kind[cell] = last_kind.get(cell), "other"
        found = parse_emails(ln.text)
        if found:
            mails.append((cell, ln.markers(), found))
            ln = _Line([(t if m else _SINGLE.sub(" ", _GROUPED.sub(" ", t)), m) for t, m in ln.tokens],
                       ln.bbox, ln.size, ln.block)
            if len(clean(ln.plain)) < 4:
                last_kind[cell] = "email"
                continue
        text = ln.plain
        if not found and re.fullmatch(r"\S*@[\w-]+(?:\.[\w-]+)+|[{\[<(].*[}\]>)]\s*@[\w.-]+", text.strip()):
            last_kind[cell] = "email"        # an address pattern: "{[first name].[last name]}@epfl.ch"
            continue
        if _NOISE.search(text) or _is_prose(text) or _DATE_LINE.match(text):
            continue
        lead = bool(ln.tokens) and ln.tokens[0][1]
        if dangling is not None and not lead and not ln.markers():
            dangling.parts[-1] = f"{dangling.parts[-1]} {text.strip()}"     # "... Research Center for" / "Multimedia"
            continue
        acm = re.match(r"^\s*([^,]+?)\s*[∗*†‡]*\s*,\s*(.+)$", text)
        continuing = kind == "affiliation" and cell in open_unit and not _ENDS_WITH_COUNTRY.search(open_unit[cell].text)
        firsts = re.split(r"\s+(?:and|&)\s+", acm.group(1).strip()) if acm else []    # ("A and B, Institution")
        if not lead and not continuing and acm and all(name_like(n) and not DISCIPLINE.match(n) for n in firsts) \
                and _has_org(acm.group(2)):
            names, rest = firsts, acm.group(2)
            while (m := re.match(r"(?:and\s+)?([^,]+?)\s*[∗*†‡]*\s*,\s*(.+)$", rest)) and name_like(m.group(1)):
                names.append(m.group(1).strip())       # ACM: "A, B, and C, Institution, City"
                rest = m.group(2)
            units.append(_Unit([rest], None, -1 - len(units), names))
            continue
        names = (_marked_names(ln) if kind is None else []) if lead else _author_names(ln, goes_on=kind == "author")
        if names and (kind is None or ln.markers() or len(names) > 1):
            authors += [(marks, name, cell) for marks, name in names]
            last_kind[cell] = "author"
            continue
        prev = open_unit.get(cell)     # (the header's cells interleave line by line)
        goes_on = leading and kind == "affiliation"         # (not an author line: "Ana Lind1, Bo")
        trailing = not lead and not goes_on
        for marker, piece in _split_by_markers(ln, goes_on):
            same = prev is not None and prev.cell == cell and kind == "affiliation"
            if same and marker is None and not _ENDS_WITH_COUNTRY.search(prev.text) and not _AND_UNIT.match(piece):
                prev.parts.append(piece.strip())
            elif same and trailing and marker and prev.marker is None:    # ASM: "..., China,1"
                prev.parts.append(piece.strip())
                prev.marker = marker
            elif _has_org(piece) or (marker and not trailing) or kind == "author":
                prev = open_unit[cell] = _Unit([re.sub(r"^(?:and|&)\s+", "", piece.strip())], marker, cell)
                units.append(prev)
            else:
                continue
            last_kind[cell] = "affiliation"
    _share_institution(units)
    _link(units, authors, mails)
    return units


# A name the line break cut after a small word: "National Engineering Research Center for" / "Multimedia ..."
_OPEN_NAME = re.compile(r"\s(?:for|of|and|&|the|in|on|at)\s*$")
_UNIT_START = re.compile(r"(?:dep(?:artmen)?t\.?|division|section|unit|faculty|school of|laborator(?:y|ies) (?:of|for)|"
                         r"(?:graduate\s+)?program(?:me)? (?:in|of)|cent(?:er|re) (?:of|for))\b", re.I)


def _only_units(text: str) -> bool:
    """Departments and divisions with neither institution nor place: "Department of Surgery, and"."""
    segments = [s.strip() for s in re.sub(r"(?:\band|&)\s*$", "", text).split(",") if s.strip()]
    return bool(segments) and all(_UNIT_START.match(s) for s in segments) and not _ENDS_WITH_COUNTRY.search(text)


def _share_institution(units: list[_Unit]) -> None:
    """"1Department of Surgery, and 2Department of Medicine, Velland University, Velland": a unit
    left open by "and" has its institution printed only with the next one (a comma before the next
    marker only separates them: Frontiers' "..., Delft, Netherlands, 2Department of ...")."""
    for unit, after in zip(units, units[1:]):
        if unit.marker and after.marker and re.search(r"(?:\band|&)\s*$", unit.text) and _only_units(unit.text):
            unit.parts = [re.sub(r"[\s,]*(?:\band|&)?\s*$", "", unit.text), after.text]


def _marked_names(ln: _Line) -> list[tuple[list[str], str]]:
    """An author line whose markers come before the names ("1Ana LIND, 2Bo ROTH and 2Cy MENDES"), or []
    (the line is an affiliation: "1Department of ...")."""
    pieces = [(marker, re.sub(r"(?:,|\band\b|&)\s*$", "", text.strip()).strip(" *\u2217\u2020\u2021"))
              for marker, text in _split_by_markers(ln)]
    if len(pieces) < 2 or not all(marker and name_like(name) for marker, name in pieces):
        return []
    return [([marker], name) for marker, name in pieces]


def _author_names(ln: _Line, goes_on: bool = False) -> list[tuple[list[str], str]]:
    """Names of an author line with the markers printed after each name, or []. A long list wraps
    inside a name: the line may end with a name's first part ("George L.") and, below an author line
    (`goes_on`), open with its last ("Chadderdon3, Vlad Harbuz4")."""
    out: list[tuple[list[str], str]] = []
    name = ""
    for t, m in ln.tokens + [(",", False)]:
        if m:
            if name.strip(" *∗"):
                out.append(([], name.strip(" *∗")))
                name = ""
            if out:
                out[-1][0].append(_norm_marker(t))
            continue
        for i, piece in enumerate(re.split(r",|;|\band\b|&", t)):
            if i > 0 and name.strip(" *∗"):
                out.append(([], name.strip(" *∗")))
                name = ""
            name += piece
    if not out:
        return []
    core = [n for _, n in out]
    if ln.markers():            # (a list with markers: a grid's cell "UNIFOR, Fortaleza, Brazil" has none)
        if goes_on and _name_fragment(core[0]):
            core = core[1:]
        if core and not out[-1][0] and _name_fragment(core[-1]):
            core = core[:-1]
    return out if (core or goes_on) and all(name_like(n) for n in core) else []


def _name_fragment(text: str) -> bool:
    """Part of a person's name cut by a line end: one or two capitalised words, no organisation."""
    return bool(re.fullmatch(r"[A-Z][\w'.\-]*(?:\s+(?:[A-Z][\w'.\-]*|de|del|da|di|van|von|der|le|la))?", text.strip())
                ) and not _has_org(text)


def _marker_keys(marker: str) -> set[str]:
    return set(re.findall(r"\d+|[^\d,]", marker))


def _link(units: list[_Unit], authors: list[tuple[list[str], str, int]],
          mails: list[tuple[int, list[str], list[str]]]) -> None:
    """Attach authors and e-mails to units through markers, grid cells or domain words."""
    grid = len(units) > 1 and not any(u.marker for u in units)
    for u in units:
        if u.marker:
            keys = _marker_keys(u.marker)
            u.authors += [n for marks, n, _ in authors if keys & _marker_keys("".join(marks))]
        elif grid:
            u.authors += [n for _, n, cell in authors if cell == u.cell]
        elif len(units) == 1:
            u.authors += [n for _, n, _ in authors]
    for cell, marks, found in mails:
        for addr in found:
            owner = _mail_owner(addr, cell, marks, units, grid)
            if owner:
                owner.emails.append(addr)


def _mail_owner(addr: str, cell: int, marks: list[str], units: list[_Unit],
                grid: bool) -> _Unit | None:
    if len(units) == 1:
        return units[0]
    if grid:
        same = [u for u in units if u.cell == cell]
        return same[0] if same else None
    if marks:
        same = [u for u in units if u.marker and set(u.marker) & set("".join(marks))]
        if same:
            return same[0]
    labels = [p for p in addr.split("@")[1].split(".")[:-1] if len(p) > 2
              and p not in {"edu", "com", "org", "net", "mail", "mails", "stu", "gov"}]
    for u in units:
        words = re.findall(r"[A-Za-z]+", u.text)
        acronym = "".join(w[0] for w in words if w[0].isupper()).lower()
        if any(lb == acronym or any(lb == w.lower() for w in words) for lb in labels):
            return u
    return None


# --- footnotes --------------------------------------------------------------------------------

def _footnote_entries(lines: list[_Line], height: float, body: float) -> list[tuple[str | None, str]]:
    """Footnote text below the body, split at leading markers and bullets into entries."""
    foot = [ln for ln in lines if ln.bbox[1] > 0.5 * height and ln.size < body - 0.4]
    entries: list[tuple[str | None, str]] = []
    for ln in foot:
        for i, (marker, piece) in enumerate(_footnote_pieces(ln, entries[-1][1] if entries and entries[-1][0] else None)):
            piece = piece.strip()
            if re.match(r"^[•·▪]\s*", piece):
                marker, piece = "•", piece.lstrip("•·▪ ")
            starts_entry = marker is not None or not entries or re.search(
                r"[.)]\s*$", entries[-1][1]) or _ENDS_WITH_COUNTRY.search(entries[-1][1])
            if i == 0 and not starts_entry and entries:
                entries[-1] = (entries[-1][0], _join(entries[-1][1], piece))
            else:
                entries.append((marker, piece))
    return entries


def _name_boxes(lines: list[_Line], height: float, body: float, page: int) -> list[Affiliation]:
    """Affiliations printed below the body under each author's own name, without markers (Springer
    chapters): "Ana Lind" / "Vision Lab, Velland University, Velland 639798, Norlund" / "e-mail: ...".
    An author's affiliations end where the address reaches a country."""
    out: list[Affiliation] = []
    name: str | None = None
    address = ""
    for ln in (ln for ln in lines if ln.bbox[1] > 0.5 * height and ln.size < body - 0.4):
        text = ln.plain
        if name_like(text) and not parse_emails(text):
            name, address = text, ""
            continue
        part = re.sub(r"\(?\s*e-?mail\b.*$", "", _SINGLE.sub(" ", text), flags=re.I).strip()
        if name is None or _is_prose(text) or _NOISE.search(text) or (not address and part and not _has_org(part)):
            name = None     # (the box opens with an organisation's line under the name)
            continue
        address = _join(address, part) if address else part
        if address and _ENDS_WITH_COUNTRY.search(address) and _has_org(address):
            out.append(Affiliation.of(address.strip(" ,;"), page=page, authors=[name], emails=parse_emails(text)))
            address = ""
    return out


def _footnote_pieces(line: _Line, open_entry: str | None = None) -> list[tuple[str | None, str]]:
    """Split a footnote line at markers that open an entry: at the line's start, after a sentence, or
    in a run-on list of numbered affiliations where an organisation or a country ends the entry before
    ("1Department of Statistics, University of Oxford, United Kingdom 2AITRICS, Republic of Korea").
    `open_entry` is the text of the marked entry the line goes on with."""
    pieces: list[tuple[str | None, str]] = [(None, "")]
    for t, m in line.tokens:
        marker, text = pieces[-1]
        listed = marker is not None or (open_entry is not None and len(pieces) == 1)
        so_far = f"{open_entry} {text}" if marker is None and open_entry is not None else text
        run_on = listed and re.fullmatch(r"\s*\d{1,2}\s*", t) and (
            _ENDS_WITH_COUNTRY.search(so_far) or _has_org(so_far.rsplit(",", 1)[-1]))
        if m and (not text.strip() or re.search(r"[.;]\s*$", text) or run_on):
            if text.strip():
                pieces.append((_norm_marker(t), ""))
            else:
                pieces[-1] = ((marker or "") + _norm_marker(t), "")
        else:
            pieces[-1] = (marker, text + t)
    return [(mk, tx) for mk, tx in pieces if tx.strip()]


def _join(a: str, b: str) -> str:
    return a[:-1] + b if a.endswith("-") and b[:1].islower() else f"{a} {b}"


def _footnote_units(entries: list[tuple[str | None, str]], page: int) -> list[Affiliation]:
    """Affiliations stated in footnotes: "X is with ...", numbered lists, now-at notes."""
    out: list[Affiliation] = []
    for marker, text in entries:
        if marker:          # "4Department of X, Y University, Korea. Correspondence to: ..." (ICML)
            text = re.split(r"\.\s+(?=Correspond(?:ence|ing)\b)", text)[0]
        if m := _NOW_AT.search(text):
            out.append(_note(m.group("org"), text, page, marker, "now_at"))
        if m := _DONE_AT.search(text):
            out.append(_note(m.group("org") or m.group("org2"), text, page, marker, "work_done_at"))
        if _NOW_AT.search(text) or _DONE_AT.search(text):
            continue
        if _IS_WITH.search(text):
            out += _is_with(text, page)
        elif marker is None:
            out += _named_addresses(text, page)
        elif marker and (_has_org(text) or _ENDS_WITH_COUNTRY.search(text)) and not _NOISE.search(text) and not re.search(
                r"\b(?:is|are|was|were|has|have)\b", text):
            out += [Affiliation.of(part, page=page, quote=text, marker=marker, emails=parse_emails(text))
                    for part in _institutions(text)]
    return out


_ADDRESSES_LEAD = re.compile(r"^\s*author(?:s['\u2019]?|['\u2019]s)?\s+(?:(?:current|present)\s+)?"
                             r"(?:address(?:es)?|contact\s+information)\s*:\s*", re.I)


def _named_addresses(text: str, page: int) -> list[Affiliation]:
    """Footnotes that print the authors' names before their address, without markers (Springer
    journals): "A. Lind and B. Roth, School of X, Velland University, Velland, UK. E-mail: ...".
    The names must be persons and the address must end at a country, unless the footnote says it
    lists addresses (ACM journals: "Authors' addresses: A. Lind, Kestrel Labs, Redmond, WA 98052;
    email: ...; B. Roth and C. Mendes, Dept. of X, Velland University, ...")."""
    out = []
    plain = _SINGLE.sub(" ", _GROUPED.sub(" ", text))
    listed = _ADDRESSES_LEAD.match(plain)
    plain = plain[listed.end():] if listed else plain
    email = r"\.?\s*e-?mail\s*(?:address(?:es)?)?\s*:?"
    for piece in re.split(email + r"|;" if listed else email, plain, flags=re.I):
        commas = [m.start() for m in re.finditer(",", piece)]
        for cut in reversed(commas):
            names = [n.strip() for n in re.split(r",|\band\b", piece[:cut]) if n.strip()]
            address = piece[cut + 1:].strip(" .;")
            if names and all(name_like(n) for n in names) and _has_org(address) and (
                    listed or _ENDS_WITH_COUNTRY.search(address)):
                out += [Affiliation.of(part, page=page, authors=names, emails=parse_emails(text), quote=piece.strip())
                        for part in _institutions(address)]
                break
    return out


def _note(org: str, text: str, page: int, marker: str | None, kind: Kind) -> Affiliation:
    org = re.split(r"\.\s|\s+(?:during|when|while|for)\b|\($", org)[0]
    return Affiliation.of(org, page=page, quote=text, marker=marker, kind=kind)


_SENTENCE_END = re.compile(
    r"(?<!\b[A-Z])(?<!Dept)(?<!Inc)(?<!Corp)(?<!Ltd)(?<!\bCo)(?<!\bSt)(?<!\bNo)(?<!Univ)\.\s+(?=[A-Z(])")


def _is_with(text: str, page: int) -> list[Affiliation]:
    """IEEE-style "A and B are with the Dept. of X, Univ. Y, City (e-mail: ...)" sentences."""
    out = []
    matches = list(_IS_WITH.finditer(text))
    for i, m in enumerate(matches):
        before = text[matches[i - 1].end() if i else 0:m.start()]
        names_text = re.split(r"[;)]\s+|\S+@\S+\s+", _SENTENCE_END.split(before)[-1])[-1]
        names = [n for n in (p.strip(" •") for p in re.split(r",|\band\b", names_text)) if name_like(n)]
        rest = text[m.end():matches[i + 1].start() if i + 1 < len(matches) else len(text)]
        org = re.split(r"\(\s*e-?mail|[;.]\s*e-?mail|contact e-?mail|\(corresponding", rest, flags=re.I)[0]
        org = _SENTENCE_END.split(org)[0]
        mails = parse_emails(rest)
        out += [Affiliation.of(part, page=page, authors=names, emails=mails,
                               quote=text[m.start():m.end() + len(org)].strip())
                for part in _institutions(org) if _has_org(part)]
    return out


# --- an article's closing list of affiliations -------------------------------------------------

# Springer Nature prints the affiliations at the end when they are many: page 1 says so and the last
# page lists them under "Authors and Affiliations".
LISTED_AT_END = re.compile(r"author information (?:is )?available on the last page", re.I)
LIST_HEADING = re.compile(r"^\s*(?:authors?\s+and\s+affiliations|affiliations)\s*$", re.I)


def listed_affiliations(text: str, page: int) -> list[Affiliation]:
    """The numbered list under "Authors and Affiliations": "Ana Lind 1,2 · Bo Roth 3 ... 1 Department of
    X, Velland University, Norlund 2 ...", numbered 1, 2, 3 ... in order (an address's own numbers,
    "Box 11155", are not the next entry's)."""
    starts: list[tuple[int, int, int]] = []        # (number, where its marker starts, where its text starts)
    pos = 0
    while m := next((m for m in re.finditer(rf"(?<!No\.)(?:^|\s)({len(starts) + 1})\s+(?=[A-Z])", text[pos:])
                     if starts or _has_org(first := text[pos + m.end():].split(",", 1)[0]) and "@" not in first), None):
        # (the first entry names an organisation before its first comma: not "Bo Roth 1 Ana Lind a.lind@...")
        starts.append((len(starts) + 1, pos + m.start(1), pos + m.end()))
        pos += m.end()
    if len(starts) < 1:
        return []
    marks: dict[str, list[str]] = {}
    for name, numbers in re.findall(r"([A-Z][\w.'’\- ]*?[A-Za-z.])\s*(\d{1,2}(?:\s*,\s*\d{1,2})*)(?=\s*·|\s+[A-Z]|\s*$)",
                                    text[:starts[0][1]]):
        for n in re.findall(r"\d+", numbers):
            marks.setdefault(n, []).append(name.strip())
    out = []
    for (n, _, begin), after in zip(starts, [*starts[1:], (0, len(text), 0)]):
        unit = text[begin:after[1]].strip(" ,;")
        if after[0] == 0 and (end := re.search(r",\s*" + COUNTRY.pattern + r"\b", unit, re.I)):
            unit = unit[:end.end()]         # the last one ends at its country (an appendix may follow)
        if _has_org(unit) or _ENDS_WITH_COUNTRY.search(unit):
            out.append(Affiliation.of(unit, page=page, authors=marks.get(str(n), []), marker=str(n),
                                      quote=f"{n} {unit}"))
    return out


# --- entry point ------------------------------------------------------------------------------

def extract_affiliations(page1: dict, page2: dict | None = None, page: int = 1,
                         lines: list[_Line] | None = None) -> list[Affiliation]:
    """Affiliations printed on the paper's first page (header and footnotes), with their authors
    and e-mails.

    `page1`/`page2` are `page.get_text("dict")` results; page 2 is read only for the footnote
    entry that page 1 leaves unfinished. `page` is the number of `page1` in the PDF (2 after a
    repository's cover sheet). `lines` are `page_lines(page1)` when the caller has them already.
    """
    height = page1.get("height", 792.0)
    lines = _lines(page1) if lines is None else lines
    body = _body_size(lines, height)
    header = [Affiliation.of(text, page=page, authors=u.authors, emails=u.emails, marker=u.marker,
                             quote=(u.marker or "") + text)
              for u in _header_units(_header(lines, height, body)) if (text := _without_funding(" ".join(u.parts)))]
    entries = _footnote_entries(lines, height, body)
    if not any(_IS_WITH.search(text) or _ADDRESSES_LEAD.match(text) for _, text in entries):
        # a first page whose footnotes outweigh its prose sets the body size to theirs: they are then
        # smaller than some other text of the lower half ("A and B are with ..." in 7.5 pt under a 9 pt
        # abstract, above a 6.5 pt copyright line); text of the lower half's largest size is never read
        sizes = sorted({round(ln.size, 1) for ln in lines if ln.bbox[1] > 0.5 * height})
        for size in sizes[:-1]:
            smaller = _footnote_entries(lines, height, size + 0.5)
            if any(_IS_WITH.search(text) or _ADDRESSES_LEAD.match(text) for _, text in smaller):
                entries = smaller
                break
    if page2 is not None and entries and not re.search(r"[.)]\s*$", entries[-1][1]):
        lines2 = _lines(page2)
        more = _footnote_entries(lines2, page2.get("height", height), _body_size(lines2, height))
        if more and more[0][0] is None:
            entries[-1] = (entries[-1][0], _join(entries[-1][1], more[0][1]))
    footnotes = _footnote_units(entries, page) or ([] if header else _name_boxes(lines, height, body, page))
    # a bare "Department of X" the header cut from the footnote that names its university goes
    header = [a for a in header if not (_only_units(a.raw) and any(_key(a.raw) in _key(f.raw) for f in footnotes))]
    return _merge(header, footnotes)        # (author boxes only where the header names no one: not an editor's box)


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _merge(header: list[Affiliation], footnotes: list[Affiliation]) -> list[Affiliation]:
    """One record per unit: repeated units pool their authors; footnotes repeating the header go."""
    merged: dict[str, Affiliation] = {}
    for a in header:
        k = _key(a.raw)
        if not k:
            continue
        if k in merged:
            merged[k] = _pooled(merged[k], a)
        else:
            merged[k] = a
    keys = list(merged)
    for a in footnotes:
        k = _key(a.raw)
        if k in merged and k not in keys:          # the same footnote unit again, for other authors
            merged[k] = _pooled(merged[k], a)
        elif k and not any(k in h or h in k for h in keys if a.kind == "affiliation"):
            merged.setdefault(k, a)
    return list(merged.values())


def _pooled(old: Affiliation, a: Affiliation) -> Affiliation:
    return Affiliation.of(old.raw, page=old.page, quote=old.quote, marker=old.marker,
                          authors=list(dict.fromkeys(old.authors + a.authors)),
                          emails=old.emails + a.emails, source=old.source, kind=old.kind)

