"""Typed records passed between the pipeline's steps.

Extractors take and return these; flows turn them into Parquet rows (see models/schema.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field


# Where on a page a piece of text sits. Usage rules read this: a name in the reference list is a
# citation, a name in a table of training data is use, a name in related work is someone else's.
SECTIONS = (
    "front",            # title, authors, affiliations: everything before the abstract
    "abstract",
    "body",
    "related_work",
    "caption",          # "Table 2: ...", "Figure 3. ..."
    "table",            # cells of a table
    "footnote",
    "acknowledgments",
    "references",
    "appendix",
    "contents",         # a thesis's table of contents, lists of figures and tables ("2.3 Datasets .... 14")
)


@dataclass(frozen=True)
class Block:
    """A run of text in reading order: a paragraph, heading, caption, table cell or reference."""

    page: int                 # 1-based
    text: str                 # normalised: ligatures expanded, line-break hyphens resolved
    section: str              # one of SECTIONS
    heading: str | None       # the nearest section heading above it, as printed
    bbox: tuple[float, float, float, float]
    start: int                # character offset of `text` in the page text (Document.page_text)


@dataclass
class Document:
    """A paper as text: what every later step reads, whatever the extractor was."""

    blocks: list[Block]
    n_pages: int
    title: str | None = None
    year: int | None = None
    is_paper: bool = True     # false for licence texts, slides, notes: they are not research
    extractor: str = "pymupdf"
    layout: list[dict] = field(default_factory=list)  # PyMuPDF "dict" of pages 1-2: fonts and
                                                      # superscripts tie authors to affiliations

    def page_text(self, page: int) -> str:
        """The page as one string; Block.start and Mention.char_start index into it."""
        return "\n\n".join(b.text for b in self.blocks if b.page == page)


@dataclass(frozen=True)
class Mention:
    """One occurrence of a dataset name, with the sentence around it and what it was used for."""

    variant: str              # canonical variant from the dataset profile
    surface: str              # as printed (normalised text)
    page: int
    section: str
    heading: str | None
    sentence: str
    char_start: int           # offsets into Document.page_text(page)
    char_end: int
    usage: str                # one of USAGES: the strongest label
    labels: tuple[str, ...]   # every own-use label the sentence supports (empty when not own use)
    confidence: float
    own: bool                 # the authors' own use (not others' work, not a citation)
    rule: str                 # which rule decided `usage`, for auditing
    clause: str = ""          # the words of the sentence that decided (verb, actor, path to the name)


USAGES = ("train", "finetune", "evaluate", "pretrained_model", "derive", "related_work", "reference_only")
OWN_USAGES = ("train", "finetune", "evaluate", "pretrained_model", "derive")


@dataclass(frozen=True)
class Evidence:
    page: int
    quote: str
    label: str


@dataclass
class Finding:
    """The paper-level verdict: does the paper use the dataset, how, and the quotes that show it."""

    uses_dataset: bool
    usage: list[str] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    post_retraction: bool | None = None
    needs_review: bool = False            # the evidence is weak or conflicting: a person should check
    review_reason: str | None = None
