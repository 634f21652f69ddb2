"""Build small PDFs in code with PyMuPDF, so tests control every word, heading and column.

Nothing here is copied from a real paper: the texts are written for the tests. Each builder
returns PDF bytes (``doc.tobytes()``) ready for ``extract_document`` or ``analyse_pdf``.
"""
from __future__ import annotations

import pymupdf

WIDTH, HEIGHT = 612.0, 792.0          # US letter, points
MARGIN = 72.0
BODY_SIZE = 10.0
TITLE_SIZE = 18.0

Section = tuple[str | None, list[str]]   # (heading or None, paragraphs)


class Writer:
    """Lays paragraphs down a page top to bottom, one text box per paragraph (one PDF block each)."""

    def __init__(self, doc: pymupdf.Document | None = None, x0: float = MARGIN, x1: float = WIDTH - MARGIN,
                 top: float = MARGIN, bottom: float = HEIGHT - MARGIN):
        self.doc = doc if doc is not None else pymupdf.open()
        self.x0, self.x1, self.top, self.bottom = x0, x1, top, bottom
        self.page = self.doc.new_page(width=WIDTH, height=HEIGHT)
        self.y = top

    def new_page(self) -> None:
        self.page = self.doc.new_page(width=WIDTH, height=HEIGHT)
        self.y = self.top

    def text(self, text: str, fontsize: float = BODY_SIZE, gap: float = 12.0, fontname: str = "helv",
             lineheight: float | None = None) -> None:
        """One paragraph; a new page when it does not fit on this one. `lineheight` 2 sets it
        double-spaced, as theses are (PyMuPDF then reads each line as a block of its own)."""
        if self.y >= self.bottom - fontsize:      # the gap after the last paragraph filled the page
            self.new_page()
        for attempt in range(2):
            rect = pymupdf.Rect(self.x0, self.y, self.x1, self.bottom)
            spare = self.page.insert_textbox(rect, text, fontsize=fontsize, fontname=fontname, lineheight=lineheight)
            if spare >= 0:
                self.y = self.bottom - spare + gap
                return
            if attempt == 0:
                self.new_page()
        raise ValueError(f"paragraph does not fit on an empty page: {text[:60]!r}")

    def heading(self, text: str) -> None:
        self.text(text, fontsize=12.0, gap=8.0, fontname="hebo")

    def tobytes(self, **kwargs) -> bytes:
        return self.doc.tobytes(**kwargs)


def paper(title: str, sections: list[Section], front: list[str] = (), page_break_before: tuple[str, ...] = ()
          ) -> bytes:
    """A one-column paper: title, front-matter lines, then headed sections in order.

    `front` lines sit between the title and the first section (authors, an arXiv or copyright
    stamp). A heading listed in `page_break_before` starts a new page.
    """
    w = Writer()
    w.text(title, fontsize=TITLE_SIZE, gap=14.0, fontname="hebo")
    for line in front:
        w.text(line, gap=8.0)
    for heading, paragraphs in sections:
        if heading in page_break_before:
            w.new_page()
        if heading:
            w.heading(heading)
        for p in paragraphs:
            w.text(p)
    return w.tobytes()


def report(title: str, summary: str, sections: list[Section], footnotes: list[str]) -> bytes:
    """A report as agencies and think tanks print one: an executive summary instead of an abstract,
    numbered sections, and superscript citations after the full stop (which the text layer glues
    on: "... on X.4 The ...") resolved in footnotes at the foot of page 1."""
    w = Writer(bottom=HEIGHT - 160)
    w.text(title, fontsize=TITLE_SIZE, gap=14.0, fontname="hebo")
    w.heading("Executive Summary")
    w.text(summary)
    for heading, paragraphs in sections:
        w.heading(heading)
        for p in paragraphs:
            w.text(p)
    page, y = w.doc[0], HEIGHT - 140
    for note in footnotes:
        page.insert_textbox(pymupdf.Rect(MARGIN, y, WIDTH - MARGIN, y + 30), note, fontsize=8)
        y += 22
    return w.tobytes()


REFERENCES = [
    "[1] J. Deng, J. Guo, N. Xue, and S. Zafeiriou. ArcFace: Additive angular margin loss for deep face "
    "recognition. In CVPR, 2019.",
    "[2] K. He, X. Zhang, S. Ren, and J. Sun. Deep residual learning for image recognition. In CVPR, 2016.",
    "[3] Y. Guo, L. Zhang, Y. Hu, X. He, and J. Gao. MS-Celeb-1M: A dataset and benchmark for large-scale "
    "face recognition. In ECCV, 2016.",
]


def standard_paper(experiments: list[str], *, title: str = "Margin Losses for Compact Face Embeddings",
                   front: list[str] = ("Anna Example and Bo Sample", "Example University"),
                   abstract: str = "We study compact face embeddings learned with angular margin losses.",
                   introduction: str = "Face recognition maps a face image to a compact embedding vector.",
                   related: list[str] = (), references: list[str] = tuple(REFERENCES),
                   acknowledgments: list[str] = (), page_break_before: tuple[str, ...] = ()) -> bytes:
    """Abstract / Introduction / (Related Work) / Experiments / (Acknowledgments) / References."""
    sections: list[Section] = [("Abstract", [abstract]), ("1 Introduction", [introduction])]
    if related:
        sections.append(("2 Related Work", list(related)))
    sections.append(("4 Experiments", list(experiments)))
    if acknowledgments:
        sections.append(("Acknowledgments", list(acknowledgments)))
    sections.append(("References", list(references)))
    return paper(title, sections, front=list(front), page_break_before=page_break_before)


# --- layouts ---------------------------------------------------------------------------------------

TWO_COLUMN_TITLE = "A Two Column Layout Sample"
COLUMN_TEXTS = {
    "left_top": "Left column first paragraph about face embeddings and margins in deep networks.",
    "left_bottom": "Left column second paragraph that continues the argument further down the page.",
    "right_top": "Right column first paragraph that a reader reaches only after the whole left column.",
    "right_bottom": "Right column second paragraph, the last one on this page to be read by anyone.",
}


def two_column_page() -> bytes:
    """One page: a full-width title, then two columns of two paragraphs each.

    The right column's first paragraph sits above the left column's second one, so sorting blocks
    top to bottom would interleave the columns. The content stream holds the paragraphs in a
    scrambled order (right-bottom first), so the stream order is not the reading order either.
    (Paragraphs that overlap vertically are never written one after the other: MuPDF would merge
    them into one block, as it does for lines on a shared baseline.)
    """
    doc = pymupdf.open()
    page = doc.new_page(width=WIDTH, height=HEIGHT)
    left, right = (50.0, 296.0), (316.0, 562.0)
    boxes = {                              # content-stream order
        "right_bottom": (right, 410.0),
        "left_top": (left, 100.0),
        "left_bottom": (left, 400.0),
        "right_top": (right, 110.0),
    }
    page.insert_textbox(pymupdf.Rect(50, 64, 562, 90), TWO_COLUMN_TITLE, fontsize=14.0, fontname="hebo",
                        align=pymupdf.TEXT_ALIGN_CENTER)
    for name, ((x0, x1), y0) in boxes.items():
        spare = page.insert_textbox(pymupdf.Rect(x0, y0, x1, y0 + 120), COLUMN_TEXTS[name], fontsize=BODY_SIZE)
        assert spare >= 0, name
    return doc.tobytes()


def hyphenated_paper() -> bytes:
    """Line-break hyphens: a name broken at its own hyphen ("MS-" / "Celeb-1M") and a word broken
    by typesetting ("Ce-" / "leb")."""
    return paper("Hyphenation Sample", [
        ("Abstract", ["We train our recognition model on MS-\nCeleb-1M and report verification accuracy."]),
        ("1 Introduction", ["The dataset name is sometimes typeset as MS-Ce-\nleb-1M in narrow columns."]),
        ("References", [REFERENCES[2]]),
    ])


def encrypted_pdf(user_pw: str = "secret") -> bytes:
    doc = pymupdf.open()
    page = doc.new_page(width=WIDTH, height=HEIGHT)
    page.insert_text((MARGIN, MARGIN), "We train our model on MS-Celeb-1M.", fontsize=BODY_SIZE)
    return doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw=user_pw, owner_pw=user_pw + "-owner")


def image_only_pdf() -> bytes:
    """A 'scanned' page: one picture, no text layer."""
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 64, 64), False)
    pix.clear_with(180)
    doc = pymupdf.open()
    page = doc.new_page(width=WIDTH, height=HEIGHT)
    page.insert_image(pymupdf.Rect(MARGIN, MARGIN, WIDTH - MARGIN, HEIGHT / 2), stream=pix.tobytes("png"))
    return doc.tobytes()


def empty_bytes() -> bytes:
    return b""


def html_bytes() -> bytes:
    """What a paywall or a 404 page saves as 'paper.pdf'."""
    return (b"<!DOCTYPE html>\n<html><head><title>Access denied</title></head>"
            b"<body><p>Please sign in to download this PDF.</p></body></html>\n")


def corrupt_pdf() -> bytes:
    """Starts like a PDF, but holds no objects MuPDF can recover."""
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 4 + b"\nthis is not an object\n%%EOF\n"


def truncated_pdf() -> bytes:
    """A real PDF cut off after its header: no page tree, no xref, no trailer."""
    data = standard_paper(["We train our model on MS-Celeb-1M."])
    return data[:40]


def double_spaced_thesis(paragraphs: list[str], heading: str = "Chapter 3 Methodology") -> bytes:
    """A thesis page set with double line spacing: a chapter heading, then the paragraphs, and
    the next chapter's heading."""
    w = Writer()
    w.text("Face Recognition for Campus Access Control", fontsize=TITLE_SIZE, gap=20.0)
    w.heading(heading)
    for paragraph in paragraphs:
        w.text(paragraph, lineheight=2.0, gap=10.0)
    w.heading("Chapter 4 Results")
    w.text("The results of the evaluation are given in this chapter.", lineheight=2.0)
    return w.tobytes()
