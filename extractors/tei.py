"""GROBID TEI -> typed records and the same `Document` PyMuPDF gives: pure, no I/O.

GROBID reads headers, affiliations, funding statements and reference lists better than layout
rules can, and it links every in-text citation ("[12]", "(Guo et al., 2016)") to its entry in the
bibliography, so the sentences that cite the dataset's paper are known exactly. This module reads
its TEI (0.4.1 to 0.8.x differ in where they put namespaces, coordinates and funders) and builds
the records the rest of the pipeline already consumes.

The XML comes from a server, so it is parsed as untrusted: no DTD, no entities, no network, no
huge trees, and any document that declares a DOCTYPE or ENTITY is refused outright (billion
laughs, external entities).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from collections.abc import Iterable

from lxml import etree
from rapidfuzz import fuzz

from extractors.affiliations import Affiliation
from extractors.funders import FunderMention, extract_funders, normalise_name
from extractors.text import heading_of, looks_like_paper
from models.profile import Seed
from models.records import Block, Document

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.I)
_BACK_SECTIONS = {"acknowledgement": "acknowledgments", "funding": "acknowledgments"}
_ORG_ORDER = ("department", "laboratory", "institution")
_ARXIV = re.compile(r"(?:arxiv[:\s]*|arxiv\.org/abs/)(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})", re.I)
_SENTENCE_END = re.compile(r"(?<!\bal\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bFig\.)(?<!\bEq\.)(?<!\bvs\.)(?<!\bcf\.)"
                           r"(?<=[.!?])\s+(?=\ue000?[A-Z(\[])")
_REF_MARK = "\ue000"   # stands for a citation link while a paragraph is split into sentences
_NOWHERE = (0.0, 0.0, 0.0, 0.0)   # the bbox of a block GROBID gave no coordinates for


class TeiError(ValueError):
    """The TEI is malformed, unsafe (DOCTYPE/ENTITY) or not a TEI document."""


# --- records -------------------------------------------------------------------------------------

Box = tuple[int, float, float, float, float]    # page, x, y, width, height (PDF points, top-left origin)


@dataclass(frozen=True)
class Sentence:
    text: str
    page: int
    boxes: tuple[Box, ...] = ()
    cites: tuple[str, ...] = ()     # bibliography ids ("b12") this sentence links to


@dataclass(frozen=True)
class Division:
    """A section of the text as GROBID split it, already labelled with one of SECTIONS."""

    section: str
    head: str | None
    paragraphs: tuple[tuple[Sentence, ...], ...]
    head_page: int = 1


@dataclass(frozen=True)
class Figure:
    kind: str                       # "figure" or "table"
    caption: str
    rows: tuple[str, ...]           # table rows, cells separated by " | "; GROBID often drops them
    page: int
    boxes: tuple[Box, ...] = ()


@dataclass(frozen=True)
class BibEntry:
    id: str
    title: str | None
    doi: str | None
    arxiv: str | None
    year: int | None
    text: str                       # the raw reference when GROBID kept it, else rebuilt from fields
    page: int
    boxes: tuple[Box, ...] = ()


@dataclass(frozen=True)
class Author:
    name: str
    emails: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()      # TeiAffiliation keys


@dataclass(frozen=True)
class TeiAffiliation:
    key: str
    record: Affiliation                     # raw = departments, labs, institution, settlement, country
    country_code: str | None = None         # ISO 3166-1 alpha-2 when GROBID resolved it


@dataclass
class TeiDocument:
    title: str | None
    year: int | None
    version: str | None                     # the GROBID that wrote it
    n_pages: int | None
    authors: list[Author] = field(default_factory=list)
    affiliations: list[TeiAffiliation] = field(default_factory=list)
    funders: list[FunderMention] = field(default_factory=list)
    acknowledgments: str = ""
    divisions: list[Division] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    bibliography: list[BibEntry] = field(default_factory=list)


# --- parsing -------------------------------------------------------------------------------------

def parse_xml(xml: bytes) -> etree._Element:
    """Parse untrusted TEI with a hardened parser; namespaces are dropped so one set of paths
    reads every GROBID version. Raises TeiError."""
    if not xml or not xml.strip():
        raise TeiError("empty response: no TEI")
    if _DECLARATION.search(xml):
        raise TeiError("refused: the document declares a DOCTYPE or ENTITY (XML bomb or external entity)")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             dtd_validation=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise TeiError(f"malformed XML: {exc}") from exc
    if root.getroottree().docinfo.internalDTD is not None:
        raise TeiError("refused: the document declares a DTD")
    for el in root.iter():
        if isinstance(el.tag, str):
            el.tag = etree.QName(el).localname
    if root.tag != "TEI":
        raise TeiError(f"not a TEI document (root element <{root.tag}>)")
    return root


def parse_tei(xml: bytes) -> TeiDocument:
    """GROBID's processFulltextDocument output -> TeiDocument. Raises TeiError."""
    root = parse_xml(xml)
    header = root.find("teiHeader")
    if header is None:
        raise TeiError("no teiHeader: not GROBID full-text output")
    pager = _Pager()
    authors, affiliations = _authors(header)
    divisions = _abstract(header, pager) + _body(root, pager)
    figures = [_figure(f, pager) for f in root.iterfind("text/body/figure")]
    divisions += [Division("footnote", None, _paragraphs([n], pager)) for n in root.iterfind("text/body/note")]
    back = root.find("text/back")
    divisions += _back(back, pager) if back is not None else []
    ack = [d for d in divisions if d.section == "acknowledgments"]
    ack_text = " ".join(s.text for d in ack for p in d.paragraphs for s in p)
    ack_page = next((p[0].page for d in ack for p in d.paragraphs if p), pager.last)
    app = root.find(".//application")
    return TeiDocument(
        title=_text(header.find("fileDesc/titleStmt/title")) or _text(header.find(".//analytic/title")),
        year=_year(header),
        version=app.get("version") if app is not None else None,
        n_pages=len(root.findall("facsimile/surface")) or None,
        authors=authors,
        affiliations=affiliations,
        funders=_funders(root, ack_text, ack_page),
        acknowledgments=ack_text,
        divisions=divisions,
        figures=figures,
        bibliography=[_bib_entry(b, pager) for b in root.iterfind(".//listBibl/biblStruct")],
    )


def _text(el: etree._Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def _year(header: etree._Element) -> int | None:
    for date in header.iterfind(".//date"):
        if m := re.match(r"(\d{4})", date.get("when") or _text(date)):
            return int(m.group(1))
    return None


def _coords(el: etree._Element) -> tuple[Box, ...]:
    """GROBID coords "page,x,y,w,h;page,x,y,w,h" -> boxes; empty or broken parts are skipped."""
    boxes = []
    for part in (el.get("coords") or "").split(";"):
        try:
            page, x, y, w, h = part.split(",")
            boxes.append((int(float(page)), float(x), float(y), float(w), float(h)))
        except ValueError:
            continue
    return tuple(boxes)


class _Pager:
    """The page of an element: its own coordinates, else those of the first element inside it
    with some (old GROBID put them on <ref> only), else the page of whatever came before."""

    def __init__(self) -> None:
        self.last = 1

    def locate(self, el: etree._Element) -> tuple[int, tuple[Box, ...]]:
        boxes = _coords(el)
        inner = boxes or next((b for b in map(_coords, el.iter()) if b), ())
        if inner:
            self.last = inner[0][0]
        return self.last, boxes


# --- header --------------------------------------------------------------------------------------

def _authors(header: etree._Element) -> tuple[list[Author], list[TeiAffiliation]]:
    """Authors (those with a surname: GROBID also emits affiliation-only and OCR-debris authors)
    and one affiliation per key, with the names and e-mails of the authors who carry it."""
    authors: list[Author] = []
    units: dict[str, tuple[etree._Element, list[str], list[str]]] = {}
    for author in header.iterfind("fileDesc/sourceDesc/biblStruct/analytic/author"):
        pers = author.find("persName")
        name = _person(pers) if pers is not None and pers.find("surname") is not None else None
        emails = tuple(dict.fromkeys(_text(e).lower() for e in author.iterfind("email") if "@" in _text(e)))
        keys = []
        for aff in author.iterfind("affiliation"):
            raw = _affiliation_text(aff)
            if not raw:
                continue
            key = aff.get("key") or raw
            _, names, mails = units.setdefault(key, (aff, [], []))
            keys.append(key)
            if name:
                names.append(name)
                mails.extend(emails)
        if name:
            authors.append(Author(name, emails, tuple(dict.fromkeys(keys))))
    affiliations = [TeiAffiliation(key, _affiliation(aff, names, mails), _country_code(aff))
                    for key, (aff, names, mails) in units.items()]
    return authors, [a for a in affiliations if a.record.raw]


def _person(pers: etree._Element) -> str:
    parts = [_text(p) for p in pers if p.tag in ("forename", "surname")]
    return " ".join(p for p in parts if p)


def _affiliation_text(aff: etree._Element) -> str:
    """Departments, laboratories, institution, then settlement and country, as one line."""
    orgs = sorted(aff.iterfind("orgName"), key=lambda o: _ORG_ORDER.index(o.get("type"))
                  if o.get("type") in _ORG_ORDER else len(_ORG_ORDER))
    parts = [_text(o) for o in orgs]
    parts += [_text(aff.find(f"address/{tag}")) for tag in ("settlement", "country")]
    parts = [p.strip(" ,;") for p in parts if p.strip(" ,;")]
    # GROBID sometimes takes the first section heading ("Introduction") for a department.
    if len(orgs) == 1 and aff.find("address") is None and heading_of(parts[0] if parts else "")[0]:
        return ""
    return ", ".join(dict.fromkeys(parts))


def _affiliation(aff: etree._Element, names: list[str], emails: list[str]) -> Affiliation:
    raw = _affiliation_text(aff)
    quote = _text(aff.find("note[@type='raw_affiliation']")) or raw
    return Affiliation.of(raw, authors=dict.fromkeys(names), emails=emails, quote=quote, source="grobid")


def _country_code(aff: etree._Element) -> str | None:
    country = aff.find("address/country")
    key = country.get("key") if country is not None else None
    return key.upper() if key and len(key) == 2 else None


# --- text ----------------------------------------------------------------------------------------

def _abstract(header: etree._Element, pager: _Pager) -> list[Division]:
    abstract = header.find("profileDesc/abstract")
    if abstract is None:
        return []
    return [Division("abstract", "Abstract", _paragraphs(abstract.iter("p"), pager))]


def _body(root: etree._Element, pager: _Pager) -> list[Division]:
    """Body divisions. GROBID flattens subsections, so a subsection ("2.3") or an unknown heading
    continues the section of the last top-level heading, unless its own heading names a section
    ("2.2 Background", "Acknowledgments")."""
    out: list[Division] = []
    top_section = "body"
    for div in root.iterfind("text/body/div"):
        head_el = div.find("head")
        head = _text(head_el) or None
        number = (head_el.get("n") or "").strip(".") if head_el is not None else ""
        kind = heading_of(f"{number} {head}" if number and head else head or "")[0]
        sub = "." in number
        if kind not in (None, "body"):
            section = kind
        elif kind == "body" and not sub:
            section = "body"
        else:
            section = top_section
        if not sub and (kind or number):
            top_section = section
        out.append(_division(div, section, head, pager))
    return out


def _back(back: etree._Element, pager: _Pager) -> list[Division]:
    """Acknowledgement and funding statements, annexes; the reference list is read separately."""
    out = []
    for group in back.iterfind("div"):
        kind = group.get("type") or ""
        if kind == "references":
            continue
        for div in group.iter("div"):
            if div.find("div") is None:
                head = _text(div.find("head")) or None
                named = heading_of(head or "")[0] == "acknowledgments"    # "Financial support" in an annex
                section = _BACK_SECTIONS.get(kind) or ("acknowledgments" if named else "appendix")
                out.append(_division(div, section, head, pager))
    return out


def _division(div: etree._Element, section: str, head: str | None, pager: _Pager) -> Division:
    head_el = div.find("head")
    head_page = pager.locate(head_el)[0] if head_el is not None else pager.last
    return Division(section, head, _paragraphs(div.iterfind("p"), pager), head_page)


def _paragraphs(elements: Iterable[etree._Element], pager: _Pager) -> tuple[tuple[Sentence, ...], ...]:
    return tuple(p for p in (_sentences(el, pager) for el in elements) if p)


def _sentences(p: etree._Element, pager: _Pager) -> tuple[Sentence, ...]:
    """A paragraph's sentences with their citation links: GROBID's <s> when it segmented them,
    else split here, each citation going to the sentence that holds it."""
    if p.find("s") is not None:
        out = []
        for s in p.iterfind("s"):
            page, boxes = pager.locate(s)
            text = _text(s)
            if text:
                out.append(Sentence(text, page, boxes, _targets(s.iter("ref"))))
        return tuple(out)
    page, boxes = pager.locate(p)
    parts, targets = [p.text or ""], []
    for child in p:
        found = _targets([child])
        targets.append(found)
        parts += [_REF_MARK if found else "", "".join(child.itertext()), child.tail or ""]
    text = " ".join("".join(parts).split())
    out, refs = [], iter(t for t in targets if t)
    for piece in _SENTENCE_END.split(text):
        cites = tuple(dict.fromkeys(i for _ in range(piece.count(_REF_MARK)) for i in next(refs, ())))
        clean = " ".join(piece.replace(_REF_MARK, "").split())
        if clean:
            out.append(Sentence(clean, page, boxes, cites))
    return tuple(out)


def _targets(refs: Iterable[etree._Element]) -> tuple[str, ...]:
    """Bibliography ids of <ref type="bibr" target="#b12"> links."""
    ids = [t.lstrip("#") for r in refs if r.tag == "ref" and r.get("type") == "bibr"
           for t in (r.get("target") or "").split()]
    return tuple(dict.fromkeys(i for i in ids if i))


def _figure(fig: etree._Element, pager: _Pager) -> Figure:
    kind = "table" if fig.get("type") == "table" else "figure"
    head, desc, note = (_text(fig.find(tag)) for tag in ("head", "figDesc", "note"))
    if not head and fig.findtext("label"):
        head = f"{kind.capitalize()} {fig.findtext('label').strip()}"
    caption = desc if head and _key(desc).startswith(_key(head)) else " ".join(filter(None, (head, desc)))
    rows = tuple(" | ".join(_text(c) for c in row.iterfind("cell")) for row in fig.iterfind("table/row"))
    page, boxes = pager.locate(fig)
    return Figure(kind, " ".join(filter(None, (caption, note))), tuple(r for r in rows if r.strip(" |")), page, boxes)


# --- funders and references ----------------------------------------------------------------------

def _funders(root: etree._Element, ack_text: str, page: int) -> list[FunderMention]:
    """GROBID's <funder> records (0.8+) with their grant numbers, and funders read from the
    acknowledgement and funding text; a <funder> that swallowed several named funders ("X and the
    Y") gives way to them."""
    grants = {org.get(XML_ID): [_text(i) for i in org.iterfind("idno[@type='grant-number']")]
              for org in root.iterfind(".//listOrg/org")}
    found = extract_funders(ack_text, page) if ack_text else []
    sentences = re.split(r"(?<=\.)\s+(?=[A-Z])", ack_text)
    out: list[FunderMention] = []
    used: set[int] = set()
    for funder in root.iterfind("teiHeader/fileDesc/titleStmt/funder"):
        raw = _text(funder.find("orgName[@type='full']")) or _text(funder)
        name = normalise_name(re.sub(r"\s*[\[(][^\])]*$", "", raw))
        covered = {i for i, f in enumerate(found) if _overlaps(name, f.name)}
        if not name or len(covered) > 1:
            continue
        used |= covered
        ids = [g for ref in (funder.get("ref") or "").split() for g in grants.get(ref.lstrip("#"), [])]
        quote = next((s for s in sentences if any(g in s for g in ids)), None) or \
            next((s for s in sentences if name.lower() in s.lower()), raw)
        out.append(FunderMention(raw=raw, name=name, grant_ids=ids, page=page, quote=quote))
    out += [f for i, f in enumerate(found) if i not in used and not any(_overlaps(f.name, o.name) for o in out)]
    return out


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _overlaps(a: str, b: str) -> bool:
    ka, kb = _key(a), _key(b)
    return bool(ka and kb) and (ka in kb or kb in ka)


def _bib_entry(bibl: etree._Element, pager: _Pager) -> BibEntry:
    title = _text(bibl.find("analytic/title")) or _text(bibl.find("monogr/title")) or None
    raw = _text(bibl.find("note[@type='raw_reference']"))
    doi = next((_text(i) for i in bibl.iter("idno") if (i.get("type") or "").upper() == "DOI"), None)
    arxiv_id = next((_text(i) for i in bibl.iter("idno") if (i.get("type") or "").lower() == "arxiv"), "")
    arxiv = _arxiv(f"arXiv:{arxiv_id}") or _arxiv(_text(bibl))
    dates = [d.get("when") or _text(d) for d in bibl.iter("date")]
    years = [int(m.group(0)) for d in dates if (m := re.search(r"\b(1[89]|20)\d\d\b", d))]
    page, boxes = pager.locate(bibl)
    return BibEntry(bibl.get(XML_ID) or "", title, doi, arxiv, years[0] if years else None,
                    raw or _rebuilt(bibl, title, doi, arxiv), page, boxes)


def _arxiv(text: str | None) -> str | None:
    m = _ARXIV.search(text or "")
    return m.group(1) if m else None


def _rebuilt(bibl: etree._Element, title: str | None, doi: str | None, arxiv: str | None) -> str:
    """A reference line from GROBID's fields, for TEI written without includeRawCitations."""
    names = [_person(p) for p in bibl.iterfind("analytic/author/persName")] or \
            [_person(p) for p in bibl.iterfind("monogr/author/persName")]
    venue = _text(bibl.find("monogr/title")) if bibl.find("analytic/title") is not None else ""
    date = bibl.find(".//imprint/date")
    parts = [", ".join(n for n in names if n), title, venue, date.get("when") if date is not None else None,
             f"doi:{doi}" if doi else None, f"arXiv:{arxiv}" if arxiv else None]
    return ". ".join(p for p in parts if p)


# --- seeds and citation links --------------------------------------------------------------------

def _norm_doi(doi: str | None) -> str:
    return re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", (doi or "").strip().lower())


def _norm_arxiv(arxiv: str | None) -> str:
    return re.sub(r"v\d+$", "", re.sub(r"^arxiv:", "", (arxiv or "").strip().lower()))


def is_seed(entry: BibEntry, seed: Seed) -> bool:
    """A bibliography entry is the seed paper by DOI, arXiv id, or title (fuzzy, or inside the raw
    reference when GROBID cut the title short)."""
    if seed.doi and _norm_doi(entry.doi) == _norm_doi(seed.doi):
        return True
    if seed.arxiv and (_norm_arxiv(entry.arxiv) == _norm_arxiv(seed.arxiv)):
        return True
    wanted = _key(seed.title)
    return bool(wanted) and (fuzz.ratio(_key(entry.title or ""), wanted) >= 90 or wanted in _key(entry.text))


def seed_citing_sentences(tei: TeiDocument, seeds: Iterable[Seed]) -> set[str]:
    """The sentences whose citation links point at a seed paper's bibliography entry."""
    seeds = list(seeds)
    ids = {e.id for e in tei.bibliography if e.id and any(is_seed(e, s) for s in seeds)}
    return {s.text for d in tei.divisions for p in d.paragraphs for s in p if ids.intersection(s.cites)}


def cites_seed(sentence: str, citing: set[str]) -> bool:
    """Whether a mention's sentence (split by spaCy) is one of the citing sentences (split by
    GROBID or here): the same text up to spacing and punctuation, or one inside the other."""
    k = _key(sentence)
    return bool(k) and any(k in c or c in k for c in map(_key, citing) if c)


# --- the document model --------------------------------------------------------------------------

def to_document(tei: TeiDocument, pdf_document: Document | None = None) -> Document:
    """The Document every later step reads, from GROBID's text; with the PDF's own extraction,
    pages where GROBID dropped the tables (or captions) keep PyMuPDF's, and the page layout stays
    for the steps that read fonts."""
    blocks: list[tuple[int, str, str | None, str, tuple[Box, ...]]] = []   # page, section, heading, text, boxes
    if tei.title:
        blocks.append((1, "front", None, tei.title, ()))
    if tei.authors:
        blocks.append((1, "front", None, ", ".join(a.name for a in tei.authors), ()))
    blocks += [(1, "front", None, a.record.raw, ()) for a in tei.affiliations]
    for div in tei.divisions:
        if div.head:
            blocks.append((div.head_page, div.section, div.head, div.head, ()))
        for paragraph in div.paragraphs:
            for run in _page_runs(paragraph):
                blocks.append((run[0].page, div.section, div.head, " ".join(s.text for s in run),
                               tuple(b for s in run for b in s.boxes)))
    for fig in tei.figures:
        if fig.caption:
            blocks.append((fig.page, "caption", None, fig.caption, fig.boxes))
        blocks += [(fig.page, "table", None, row, fig.boxes) for row in fig.rows]
    blocks += [(e.page, "references", "References", e.text, e.boxes) for e in tei.bibliography if e.text]
    out = [Block(page=page, text=text, section=section, heading=heading, bbox=_bbox(boxes, page), start=0)
           for page, section, heading, text, boxes in blocks]
    if pdf_document is not None:
        out = _with_pdf_tables(out, pdf_document)
    out = _with_offsets(sorted(out, key=lambda b: b.page))
    return Document(
        blocks=out,
        n_pages=pdf_document.n_pages if pdf_document else tei.n_pages or max((b.page for b in out), default=1),
        title=tei.title or (pdf_document.title if pdf_document else None),
        year=tei.year or (pdf_document.year if pdf_document else None),
        is_paper=pdf_document.is_paper if pdf_document else looks_like_paper(out),
        extractor="grobid+pymupdf" if pdf_document else "grobid",
        layout=pdf_document.layout if pdf_document else [],
    )


def _page_runs(sentences: tuple[Sentence, ...]) -> list[list[Sentence]]:
    """A paragraph that crosses a page break becomes one block per page."""
    runs: list[list[Sentence]] = []
    for s in sentences:
        if runs and runs[-1][-1].page == s.page:
            runs[-1].append(s)
        else:
            runs.append([s])
    return runs


def _bbox(boxes: tuple[Box, ...], page: int) -> tuple[float, float, float, float]:
    on_page = [b for b in boxes if b[0] == page]
    if not on_page:
        return _NOWHERE
    return (min(b[1] for b in on_page), min(b[2] for b in on_page),
            max(b[1] + b[3] for b in on_page), max(b[2] + b[4] for b in on_page))


def _with_pdf_tables(blocks: list[Block], pdf_document: Document) -> list[Block]:
    """GROBID's tables and captions where it says which page they are on; PyMuPDF's on the pages
    where GROBID has none of that kind (it drops most table contents) or cannot place them."""
    for kind in ("table", "caption"):
        located = [b for b in blocks if b.section == kind and b.bbox != _NOWHERE]
        pages = {b.page for b in located}
        blocks = [b for b in blocks if b.section != kind] + located + \
                 [b for b in pdf_document.blocks if b.section == kind and b.page not in pages]
    return blocks


def _with_offsets(blocks: list[Block]) -> list[Block]:
    """Block.start indexes Document.page_text, which joins a page's blocks with a blank line."""
    at: dict[int, int] = {}
    out = []
    for b in blocks:
        start = at.get(b.page, 0)
        out.append(Block(page=b.page, text=b.text, section=b.section, heading=b.heading, bbox=b.bbox, start=start))
        at[b.page] = start + len(b.text) + 2
    return out
