"""PDF -> Document with PyMuPDF: blocks in reading order, normalised, each tagged with its section.

Why blocks and not plain text: a block knows where it sits (column, top or bottom of the page),
which is what tells a paragraph from a table cell, a running header or a footnote, and lets two
columns be read left then right. `get_text("blocks")` costs the same as plain text extraction.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

import pymupdf

from models.records import Block, Document

# Expand ligatures (no TEXT_PRESERVE_LIGATURES), keep spacing, clip to the visible page.
_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st",
                            "\u00ad": "", "\u2010": "-", "\u2011": "-"})


class ExtractionError(Exception):
    """The file cannot be read as a paper; `status` is the papers.status value to record."""

    def __init__(self, status: str, reason: str):
        super().__init__(reason)
        self.status = status


# --- normalisation -------------------------------------------------------------------------------

def normalise(text: str) -> str:
    """One paragraph of PDF text -> one line: ligatures expanded, line-break hyphens resolved.

    A hyphen at a line end between two lower-case letters is a typesetting break ("Ce-\\nleb" ->
    "Celeb"); before a capital or digit it is part of a name and stays ("MS-\\nCeleb-1M").
    """
    if not text.isascii():  # ligatures and soft hyphens are not ASCII; translating costs more than this test
        text = text.translate(_LIGATURES)
    if "\n" in text:      # every block but one-line ones; the tests below only skip work
        if "-" in text:
            text = _BREAK_IN_WORD.sub("", text)
            text = _BREAK_IN_NAME.sub("-", text)
        text = " ".join(line.strip(" \t") for line in text.split("\n"))
    if "  " in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


# The hyphen comes first, so the regex engine jumps from hyphen to hyphen (a lookbehind first
# would be tried at every character).
_BREAK_IN_WORD = re.compile(r"-(?<=[a-z]-)[ \t]*\n[ \t]*(?=[a-z])")
_BREAK_IN_NAME = re.compile(r"-(?<=\w-)[ \t]*\n[ \t]*(?=\w)")
_SPACES = re.compile(r"[ \t]{2,}")


# --- reading order -------------------------------------------------------------------------------

@dataclass
class _Raw:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str      # as PyMuPDF gave it, lines separated by \n


def reading_order(blocks: list[_Raw], width: float) -> list[_Raw]:
    """Order blocks for one- and two-column pages.

    Blocks that straddle the gutter (titles, wide figures and tables, single-column text) cut the
    page into bands; inside a band the left column is read before the right one.
    """
    mid = width / 2
    ordered: list[_Raw] = []
    left: list[_Raw] = []
    right: list[_Raw] = []

    def flush() -> None:
        ordered.extend(sorted(left, key=lambda b: (b.y0, b.x0)))
        ordered.extend(sorted(right, key=lambda b: (b.y0, b.x0)))
        left.clear()
        right.clear()

    for b in sorted(blocks, key=lambda b: (b.y0, b.x0)):
        if b.x1 <= mid + 0.02 * width:
            left.append(b)
        elif b.x0 >= mid - 0.02 * width:
            right.append(b)
        else:
            flush()
            ordered.append(b)
    flush()
    return ordered


def _heading_apart(blocks: list[_Raw]) -> list[_Raw]:
    """A block whose last line is a section heading ("... the competitive accuracy." / "1 Introduction")
    split in two: the lines before it end the section before."""
    out: list[_Raw] = []
    for b in blocks:
        lines = b.text.split("\n")
        last = lines[-1].strip()
        if len(lines) > 1 and (last[:1].isupper() or last[:1].isdigit()) and len(last.split()) <= 8 \
                and not last.endswith((",", ";", ".")) and heading_of(last)[0] is not None \
                and heading_of("\n".join(lines[:-1]))[0] is None:
            cut = b.y1 - (b.y1 - b.y0) / len(lines)
            out += [_Raw(b.x0, b.y0, b.x1, cut, "\n".join(lines[:-1])), _Raw(b.x0, cut, b.x1, b.y1, lines[-1])]
        else:
            out.append(b)
    return out


def _paragraphs(blocks: list[_Raw]) -> list[_Raw]:
    """One-line blocks that go on as one paragraph joined again: with a thesis's 1.5 or double
    line spacing PyMuPDF makes every line a block, and a sentence crosses line ends.

    A line goes on into the next when the next sits right below it (a gap of at most about one
    line's height), starts at its left edge (or the first line was indented), and the line runs
    nearly to the right edge of its column (a short line ends its paragraph); a heading, caption,
    list item or reference entry starts a block of its own.
    """
    out: list[_Raw] = []
    last: _Raw | None = None        # the last line of the block being built, when it is built of lines
    for b in blocks:
        if last is not None and _goes_on(last, b, blocks, first=out[-1] is last):
            top = out[-1]
            out[-1] = _Raw(min(top.x0, b.x0), top.y0, max(top.x1, b.x1), b.y1, f"{top.text}\n{b.text}")
            last = b
            continue
        out.append(b)
        last = b if "\n" not in b.text else None
    return out


# A list item, a reference entry, a footnote or a marked affiliation opens the line: "- ", "2) ",
# "[12]", "\u2217denotes", "1https://...", "2School of ..."
_STARTS_ITEM = re.compile(r"^\s*(?:[-\u2022*\u25aa\u2013]\s|\(?\d{1,2}[.)]\s|\[\d{1,3}\]|[*\u2217\u2020\u2021\u00a7\u00b6]|\d{1,2}(?=[A-Za-z]))")


def _goes_on(line: _Raw, b: _Raw, page: list[_Raw], first: bool) -> bool:
    """`b` is the next line of the paragraph `line` is in (see `_paragraphs`)."""
    height = line.y1 - line.y0
    if "\n" in b.text or not 0 <= b.y0 - line.y1 <= 1.2 * height or abs(b.y1 - b.y0 - height) > 0.15 * height:
        return False                # (not right below, or in another size: a heading)
    indent = line.x0 - b.x0
    if not (abs(indent) <= 2 or first and 2 < indent <= 40):        # (a paragraph's first line indented)
        return False
    right = max(o.x1 for o in page if abs(o.x0 - b.x0) <= 2)        # the column's right edge
    full = 0.85 * (right - b.x0)
    if b.x1 - b.x0 < full and not re.search(r"[.!?:;)\]\"'\u201d]$", b.text.rstrip()):
        return False                # a short line that ends no sentence: a heading or a list item
    return (line.x1 - b.x0 >= full and _prose_line(line.text)
            and not _STARTS_ITEM.match(b.text) and not run_in_heading(b.text)
            and not _CAPTION.match(b.text) and not _CAPTION.match(line.text)
            and heading_of(b.text)[0] is None and heading_of(line.text)[0] is None)


def _prose_line(text: str) -> bool:
    """A line of running text: six words or more, most of them words (not a figure's tick labels,
    a legend or a table row; names such as "MS-Celeb-1M" are words)."""
    words = text.split()
    return len(words) >= 6 and sum(bool(_LETTERS.search(w)) for w in words) >= 0.7 * len(words)


_LETTERS = re.compile(r"[A-Za-z]{2}")


# --- sections ------------------------------------------------------------------------------------

_NUMBER_WORDS = r"(?:one|two|three|four|five|six|seven|eight|nine|ten)"
_CHAPTER = rf"chapter\s+(?:[0-9]{{1,2}}|[IVX]{{1,4}}|{_NUMBER_WORDS})"
# a heading's number on a line of its own
_NUMBER_LINE = re.compile(rf"(?:[0-9]{{1,2}}|[IVX]{{1,4}})\.?|{_CHAPTER}", re.I)
_NUM = rf"(?:{_CHAPTER}\s*[:.\u2013-]?\s*|(?:[0-9]{{1,2}}|[IVX]{{1,4}}|[A-H])(?:\.[0-9]{{1,2}})*\.?\s+)?"
# A journal's back matter, mostly unnumbered: who did what, then availability, interests, ethics.
_CONTRIBUTIONS = r"(?:credit\s+)?authorship\s+contribution(?:\s+statement)?|authors?'?\s+contributions?"
CONTRIBUTIONS_HEADING = re.compile(rf"^{_NUM}({_CONTRIBUTIONS})\s*$", re.I)
BACK_MATTER_HEADING = re.compile(
    rf"^{_NUM}((?:data|code|software|materials?)(?:\s+and\s+\w+)?\s+availability(?:\s+statement)?|"
    rf"availability\s+of\s+data(?:\s+and\s+materials?)?|(?:declaration\s+of\s+)?competing\s+interests?|"
    rf"conflicts?\s+of\s+interests?|ethics\s+(?:statement|declarations?|approval)(?:\s+and\s+consent\s+\w+\s+\w+)?|"
    rf"declarations|{_CONTRIBUTIONS})\s*$", re.I)
_HEADINGS = [
    ("abstract", re.compile(rf"^{_NUM}(abstract|(?:executive\s+)?summary)\b", re.I)),     # reports: "Executive Summary"
    ("related_work", re.compile(rf"^{_NUM}(related\s+works?|prior\s+works?|previous\s+works?|(?:theoretical\s+|technical\s+)?background|"
                                rf"literature\s+review|related\s+literature|review\s+of\s+(?:the\s+)?(?:related\s+)?literature|"
                                rf"state\s+of\s+the\s+art|literature\s+survey|(?:previous|related)\s+research|"
                                rf"(?:related|previous|prior)\s+(?:studies|approaches|methods))\b", re.I)),
    ("acknowledgments", re.compile(rf"^{_NUM}(acknowledge?ments?|funding|financial\s+support)\b", re.I)),
    ("references", re.compile(rf"^{_NUM}((?:notes\s+and\s+)?references(?:\s+and\s+notes)?|bibliography|literature\s+cited|works\s+cited|endnotes)\s*$", re.I)),
    ("appendix", re.compile(rf"^{_NUM}(appendix|appendices|supplementary\s+material)\b", re.I)),
    ("body", BACK_MATTER_HEADING),
    ("body", re.compile(rf"^{_NUM}((?:research|proposed)\s+(?:methodology|methods?|approach)|materials\s+and\s+methods|"
                        rf"introduction|methods?|methodology|approach|experiments?|experimental\s+\w+|"
                        rf"results|evaluation|discussion|conclusions?|future\s+(?:works?|directions?|research))\b"
                        rf"(?:\s+and\s+\w+)?\s*(?-i:$|[A-Z]{{2,}}\b|\s+[A-Z][a-z])", re.I)),
]
# A thesis chapter with a title of its own ("CHAPTER 3\nDESIGN AND IMPLEMENTATION", "Chapter 5 The
# Proposed System"): title words, not a sentence ("Chapter 3 describes the training ...").
_TITLE_WORD = r"(?:[A-Z][\w'&-]*|and|of|the|for|in|on|with|to|a|an|via|from|by|at)"
_CHAPTER_TITLE = re.compile(rf"^(?i:{_CHAPTER})\s*[:.\u2013-]?\s*[A-Z][\w'&-]*(?:\s+{_TITLE_WORD}){{0,11}}$")
# Appendices lettered, not named ("C Experimental Settings", "B.2 Face Models"), as NeurIPS, ICML
# and ICLR print them after the references: one line of title words (a reference entry has more).
_LETTERED_APPENDIX = re.compile(rf"^[A-H](?:\.[0-9]{{1,2}})*\.?\s+[A-Z][\w'&-]*(?:\s+{_TITLE_WORD}){{0,9}}$")
# "4.3 Results on MS1MV2": a subsection may name things with digits ("MS-Celeb-1M", "ResNet-50")
# but has no number of its own, which a numbered table row has ("2 ResNet 99.1"); a top-level
# number with such names is more often a list item ("2. Fine-tune the VGGFace2 model on LFW")
_NUMBERED_HEADING = re.compile(r"^(?:(?:[0-9]{1,2}|[IVX]{1,4})\.?\s+[A-Z][A-Za-z][^.!?,;:0-9@]{1,70}"
                               r"|[0-9]{1,2}(?:\.[0-9]{1,2})+\.?\s+[A-Z][A-Za-z]"
                               r"(?:[^.!?,;:0-9@\s]|\s(?!\d)|(?<=[A-Za-z-])\d){1,70})$")
# "Table 3: ...", "Fig. 2. ...", "TABLE I COMPARISON ...", "Fig. 1 Overview ..." (Springer); not a
# paragraph that opens with its table ("Tab. 4 reports results for ...", "Figure 3 shows ...").
_CAPTION = re.compile(r"^(?:table|tab\.|figure|fig\.)\s*[0-9IVX]+[a-z]?\b(?!\s+(?-i:[a-z]{2,}))", re.I)
# "[12] ...", "12. ...", and author-year entries that open with a name: "Guo, Y., Zhang, L., ...",
# "Y. Guo, L. Zhang, ..."
_REFERENCE_ENTRY = re.compile(r"^\s*(?:\[\d{1,3}\]|\d{1,3}\.\s|[A-Z][\w'\u2019-]+,\s+(?:[A-Z]\.\s?-?){1,3}[,\s]|"
                              r"(?:[A-Z]\.\s?-?){1,3}\s?[A-Z][\w'\u2019-]+,)\s*\S")
_YEAR = re.compile(r"(?<![\d\-–])(?:19[5-9]\d|20[0-4]\d)(?![\d\-–])")


def heading_of(text: str, in_front: bool = False, writeup: bool = False) -> tuple[str | None, str | None]:
    """(section kind, heading text) when a block starts or ends with a section heading.

    Headings sometimes share a block with a running header ("ZHAO ET AL.: ... 11 References")
    or have their number on a line of its own ("1\nIntroduction"); both are handled. In a write-up
    without a paper's structure (`writeup`), a line of its own naming a part of the work
    ("Dataset", "Models & datasets", "Training setup") is a heading too.
    """
    lines = [line.strip() for line in text.strip().split("\n") if line.strip()]
    if not lines:
        return None, None
    # (candidate, whether the line after it carries on its sentence)
    candidates = [(lines[0], len(lines) > 1 and _continues(lines[1]))]
    if len(lines) > 1 and _NUMBER_LINE.fullmatch(lines[0]):       # "1\nIntroduction", "CHAPTER THREE\nMETHODS"
        candidates.append((f"{lines[0]} {lines[1]}", len(lines) > 2 and _continues(lines[2])))
    if len(lines) > 1:
        candidates.append((re.sub(r"^.*?\d+\s+(?=[A-Z][a-z]+$)", "", lines[-1]), False))
    for head, continued in candidates:
        if len(head) > 80:
            continue
        for kind, pattern in _HEADINGS:
            m = pattern.match(head)
            # "Previous works in this area / showed that ...": a sentence, not a heading (a heading
            # sharing its line with the text goes on with punctuation or a capital: "Abstract. Deep",
            # "2 Related Work Large-scale ...")
            if m and not (continued and re.match(r"\s+[a-z]", head[m.end(1):])):
                return kind, head
        if not in_front and (_NUMBERED_HEADING.match(head) and len(head.split()) <= 10 or _CHAPTER_TITLE.match(head)):
            return "body", head
    if writeup and len(lines) == 1 and _WRITEUP_HEADING.match(lines[0]) and _WRITEUP_WORDS.search(lines[0]) \
            and len(lines[0].split()) <= 8:
        return "body", lines[0].lstrip("# ")
    return None, None


# A write-up's own headings (READMEs, project reports, notes): a short line, not a sentence, naming
# a part of the work.
_WRITEUP_HEADING = re.compile(r"^#{0,4}\s*[A-Z][\w&/,'\u2019() -]{1,60}:?$")
_WRITEUP_WORDS = re.compile(r"\b(data|datasets?|training|models?|architectures?|backbones?|setup|implementation|"
                            r"experiments?|evaluation|results|methods?|methodology|approach|pipeline|benchmarks?|"
                            r"testing|usage|pre-?trained|weights|performance|accuracy|fine-?tuning|baselines?)\b", re.I)


def _continues(line: str) -> bool:
    """A line that carries on the sentence of the line before ("Previous works in this area /
    showed that ..."): that line was no heading."""
    return line[:1].islower()


_RUN_IN = re.compile(r"^(?:[-*\u2022]\s+)?([A-Z][\w-]*(?:\s+[\w-]+){0,3})(?:[.:]\s+(?=[A-Z0-9])|:\s+(?=[a-z]+\s))")
_NOT_HEADING_WORDS = {"we", "our", "is", "are", "was", "were", "it", "they", "this", "these", "has", "have"}


def run_in_heading(text: str) -> str | None:
    """A paragraph's run-in heading: "Training Set. MS-Celeb-1M [9] contains ..." -> "Training Set";
    also a list item's key ("- Dataset: MS1MV2" -> "Dataset"), and a key whose value runs on in
    lower case ("Pretrained models: all checkpoints below ...")."""
    m = _RUN_IN.match(text)
    if m and not {w.lower() for w in m.group(1).split()} & _NOT_HEADING_WORDS:
        return m.group(1)
    return None


def _is_subsection_of(head: str, parent: str | None) -> bool:
    """"2.3 Datasets" under "2 Related Work" or "Chapter 2 Background"."""
    sub = re.match(r"^([0-9]{1,2})\.[0-9]", head)
    top = re.match(r"^(?:chapter\s+)?([0-9]{1,2})\b", parent or "", re.I)
    return bool(sub and top and sub.group(1) == top.group(1))


def looks_like_table_cell(text: str) -> bool:
    """Short lines without sentence punctuation: table cells, axis labels, equations. Not a
    paragraph in a narrow column cut by a column break, whose function words give it away."""
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines:
        return False
    words = text.split()
    if text.rstrip().endswith((".", ":")) and len(words) > 4:
        return False
    lowered = [w.lower() for w in words]
    if (len(words) >= 10 and sum(w in _FUNCTION_WORDS for w in lowered) >= len(words) / 4
            and not _CLAUSE_WORDS.isdisjoint(lowered)):
        return False
    return all(len(line) < 45 for line in lines) and len(words) / len(lines) <= 6


_FUNCTION_WORDS = {"the", "a", "an", "of", "and", "or", "to", "in", "on", "with", "by", "for", "from", "as", "at",
                   "we", "our", "it", "its", "this", "that", "which", "who", "is", "are", "was", "were", "be", "has",
                   "have", "had", "then", "than", "but"}
_CLAUSE_WORDS = {"we", "our", "it", "its", "which", "that", "who", "is", "are", "was", "were", "be", "been", "has",
                 "have", "had", "then"}     # a table's header has "of" and "the", seldom these


def looks_like_reference(text: str) -> bool:
    """A bibliography entry: "[12] A. Author, ... 2016.", "12. Author ... (2016)", "Author, A., ... (2016)"."""
    return bool(_REFERENCE_ENTRY.match(text)) and bool(_YEAR.search(text))


def _is_margin(b: _Raw, height: float) -> bool:
    """Running headers, page numbers and arXiv stamps live in the top and bottom margins."""
    one_line = "\n" not in b.text.strip()
    return one_line and (b.y1 < 0.075 * height or b.y0 > 0.93 * height)


# --- the document --------------------------------------------------------------------------------

def open_pdf(data: bytes) -> pymupdf.Document:
    """Open PDF bytes or raise ExtractionError with the status a papers row should carry."""
    if not data:
        raise ExtractionError("empty", "the file is empty (0 bytes)")
    if b"%PDF" not in data[:1024]:
        raise ExtractionError("not_pdf", "no %PDF header: not a PDF file")
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # PyMuPDF raises several types for broken files
        raise ExtractionError("corrupt", f"PyMuPDF cannot open it: {exc}") from exc
    if doc.needs_pass:
        raise ExtractionError("encrypted", "the PDF is password-protected")
    if doc.page_count == 0:
        raise ExtractionError("empty", "the PDF has no pages")
    return doc


def extract_document(data: bytes) -> Document:
    """PDF bytes -> Document. Raises ExtractionError for files that are not readable papers."""
    pdf = open_pdf(data)
    try:
        pages, layout = _pages(pdf)
        blocks = _blocks(pages)
        if not any(b.text for b in blocks):
            raise ExtractionError("image_only", "no text layer (scanned or image-only PDF); OCR is not attempted")
        is_paper = looks_like_paper(blocks)
        if not _structured(blocks):             # a README, notes, a report without numbered sections
            blocks = _blocks(pages, writeup=True)
        return Document(
            blocks=blocks,
            n_pages=pdf.page_count,
            title=title_of(layout[0]),
            year=guess_year(blocks),
            is_paper=is_paper,
            layout=layout,
        )
    except ExtractionError:
        raise
    except Exception as exc:
        raise ExtractionError("corrupt", f"text extraction failed: {exc}") from exc
    finally:
        pdf.close()


def _pages(pdf: pymupdf.Document) -> tuple[list[tuple[pymupdf.Page, list]], list[dict]]:
    """Each page with its words, and the layout ("dict") of pages 1-2, one text page each."""
    pages, layout = [], []
    for page in pdf:
        textpage = page.get_textpage(flags=_FLAGS)
        pages.append((page, page.get_text("words", textpage=textpage)))
        if page.number < 2:
            layout.append(page.get_text("dict", textpage=textpage))
    return pages, layout


def _structured(blocks: list[Block]) -> bool:
    """The document has a paper's sections: an abstract, related work, a reference list, or
    numbered headings."""
    return bool({"abstract", "related_work", "references"} & {b.section for b in blocks}) or any(
        b.heading and _NUMBERED_HEADING.match(b.heading) for b in blocks)


def _blocks(pages: list[tuple[pymupdf.Page, list]], writeup: bool = False) -> list[Block]:
    """All text blocks in reading order, with sections assigned by walking the headings (in a
    write-up without a paper's structure, its own headings too: `heading_of`)."""
    out: list[Block] = []
    section, heading, opened_by = "front", None, None
    for page, words in pages:
        number = page.number + 1
        width, height = page.rect.width, page.rect.height
        raws = _page_blocks(words)
        start = 0
        if number == 2 and section == "front":
            section = "body"  # no abstract heading found on page 1: the front matter is over
        for raw in _paragraphs(_heading_apart(reading_order(raws, width))):
            kind, head = heading_of(raw.text, in_front=section == "front", writeup=writeup)
            if section == "references" and _LETTERED_APPENDIX.match(raw.text.strip()):
                kind, head = "appendix", raw.text.strip()      # "C Experimental Settings" after the references
            if kind is not None and not (section == "references" and kind not in ("appendix",)):
                if not (kind == "body" and section == "related_work" and _is_subsection_of(head, opened_by)):
                    section, opened_by = kind, head     # "2.3 Training datasets" stays in "2 Related Work"
                heading = head
            elif kind is None and section == "abstract" and _NUMBERED_HEADING.match(raw.text.split("\n", 1)[0].strip()):
                section, heading = "body", raw.text.split("\n", 1)[0].strip()
                opened_by = heading
            text = normalise(raw.text)
            label = section
            if _is_margin(raw, height):
                label = "margin"
            elif _is_contents(raw.text):
                label = "contents"
            elif section in ("body", "abstract", "related_work", "appendix") and kind is None:
                if _CAPTION.match(text):
                    label = "caption"
                elif looks_like_reference(text) and number > 1 and section == "appendix":
                    label = "references"
                elif looks_like_table_cell(raw.text):
                    label = "table"
                elif raw.y0 > 0.8 * height and re.match(r"^(\d{1,2}|[*†‡§¶])\s*\S", text) and len(text) < 300:
                    label = "footnote"
            out.append(Block(page=number, text=text, section=label, heading=heading,
                             bbox=(raw.x0, raw.y0, raw.x1, raw.y1), start=start))
            start += len(text) + 2
    return out


# An entry of a table of contents or a list of figures: dot leaders (or an ellipsis) to a page number.
_CONTENTS_LINE = re.compile(r"(?:\.\s?){4,}\s*(?:\d{1,4}|[ivxlc]{1,6})\s*$|\u2026\s*\d{1,4}\s*$")


def _is_contents(text: str) -> bool:
    """Most lines of the block are entries of a table of contents: they name chapters and
    sections, not what the work did."""
    if ". ." not in text and "...." not in text and "\u2026" not in text:     # (most blocks: skip the split)
        return False
    lines = [line for line in text.split("\n") if line.strip()]
    return bool(lines) and sum(bool(_CONTENTS_LINE.search(line)) for line in lines) * 2 >= len(lines)


def _page_blocks(words: list[tuple]) -> list[_Raw]:
    """Text blocks rebuilt from a page's words (which come grouped by block, then line):
    get_text("blocks") would be as fast but leaks memory in PyMuPDF 1.28 (about 50 kB a page,
    so a long run would grow without bound)."""
    raws = []
    for _, group in groupby(words, key=itemgetter(5)):
        ws = list(group)
        text = "\n".join(" ".join(map(itemgetter(4), line)) for _, line in groupby(ws, key=itemgetter(6)))
        if len(text) > 1:  # single glyphs are figure contents (axis ticks), never prose
            raws.append(_Raw(min(map(itemgetter(0), ws)), min(map(itemgetter(1), ws)),
                             max(map(itemgetter(2), ws)), max(map(itemgetter(3), ws)), text))
    return raws


_ARXIV_STAMP = re.compile(r"arXiv:\d{4}\.\d{4,5}")       # (printed upright by some tools, and large)


def title_of(page: dict) -> str | None:
    """The largest text in the top half of page 1 (metadata titles are often empty or wrong)."""
    spans = [
        (round(s["size"], 1), s["bbox"][1], s["text"].strip())
        for block in page["blocks"] if block.get("type") == 0
        for line in block["lines"] if abs(line["dir"][1]) < 0.01  # not the rotated arXiv stamp
        for s in line["spans"]
        if s["text"].strip() and s["bbox"][1] < page["height"] / 2 and not _ARXIV_STAMP.match(s["text"].strip())
    ]
    sizes = [size for size, _, text in spans if len(text) > 3]
    if not sizes:
        return None
    top = max(sizes)
    words = [text for size, _, text in sorted((s for s in spans if s[0] == top), key=lambda s: s[1])]
    return normalise(" ".join(words))[:300] or None


def guess_year(blocks: list[Block]) -> int | None:
    """Publication year from page-1 stamps (arXiv, copyright, venue-year), else the newest reference.

    A paper cannot cite work from after it was written, so the newest year in the reference list
    is a close lower bound when nothing on the first page dates it.
    """
    stamps: list[int] = []
    for b in blocks:
        if b.page > 1 and not (b.section == "margin" and b.page <= 2):
            continue
        for m in re.finditer(r"arXiv:\d{4}\.\d{4,5}v?\d*\s*\[[^\]]+\]\s*\d{1,2}\s+\w+\s+((?:19|20)\d\d)", b.text):
            stamps.append(int(m.group(1)))
        for m in re.finditer(r"(?:©|c\u20dd|\(c\)|copyright)\s*((?:19|20)\d\d)", b.text, re.I):
            stamps.append(int(m.group(1)))
        for m in re.finditer(r"\b(?:CVPR|ICCV|ECCV|NeurIPS|NIPS|AAAI|IJCAI|BMVC|ICML|ICLR|ACL|NAACL|EMNLP|KDD|WWW|"
                             r"IJCB|CCBR|ACM\s+MM|MM|FG|ICASSP|ICIP|WACV|SIGIR|RecSys|ADKDD|Interspeech)\W{0,3}"
                             r"((?:19|20)\d\d)\b", b.text):
            stamps.append(int(m.group(1)))
        for m in re.finditer(r"\b(?:Published|Accepted|Received|Available online)\b[^.]{0,40}?((?:19|20)\d\d)", b.text, re.I):
            stamps.append(int(m.group(1)))
    if stamps:
        return max(stamps)
    this_year = dt.date.today().year
    cited = [int(y) for b in blocks if b.section == "references" for y in _YEAR.findall(b.text)]
    cited = [y for y in cited if y <= this_year]
    return max(cited) if cited else None


_ASCII_RUNS = re.compile(r"[\x00-\x7f]+")
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_LATIN_EXTENDED = re.compile(r"[\u00C0-\u024F]")
_OTHER_SCRIPTS = re.compile(r"[^\W\d_A-Za-z\u00C0-\u024F]")


_OTHER_WORD_LETTERS = re.compile(r"[^\W\d_A-Za-z\u00C0-\u024F\u0370-\u03FF]")    # (Greek letters are symbols in papers)


def in_other_script(sentence: str) -> bool:
    """A sentence written (even partly) in a script other than Latin: "MS-Celeb-1M 是目前最大的 ...".
    The English parser misreads it, and a few such letters are words, not symbols."""
    return len(_OTHER_WORD_LETTERS.findall(sentence)) >= 4


def looks_like_paper(blocks: list[Block]) -> bool:
    """Research papers, theses and reports have an abstract, a reference list or the headings of
    a write-up ("1 Introduction", "2 System Design", "3 Evaluation"), and are mostly Latin-script
    prose. Licence agreements, slides and study notes have none of these; they mention a
    dataset without being evidence that anyone used it.
    """
    sample = " ".join(b.text for b in blocks)[:50_000]
    beyond_ascii = _ASCII_RUNS.sub("", sample)            # counting the few non-ASCII letters apart is fast
    ascii_text = sample.encode("ascii", "ignore")
    latin = len(ascii_text) - len(ascii_text.translate(None, _ASCII_LETTERS)) + len(_LATIN_EXTENDED.findall(beyond_ascii))
    other = len(_OTHER_SCRIPTS.findall(beyond_ascii))
    if latin + other and latin / (latin + other) < 0.8:
        return False
    sections = {b.section for b in blocks}
    headings = {b.heading for b in blocks if b.heading}
    return bool({"abstract", "references"} & sections) or len(headings) >= 3 or sum(
        looks_like_reference(b.text) for b in blocks[-40:]) >= 3
