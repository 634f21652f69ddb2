"""Which page names the authors' institutions, and how, before any paper layout is read.

Most PDFs open with the paper: its first page's header and footnotes give the affiliations
(extractors.affiliations). Some open with something else, each with its own layout:

- a repository's cover sheet (ResearchGate-style "see discussions, stats and author profiles",
  archive and digital-commons cover pages, a university repository's item record: "Citation for
  published item", "Version of attached file"): the paper starts on page 2; the sheet's author
  profiles ("Name / Institution / 12 PUBLICATIONS 30 CITATIONS") are used only when page 2
  names no institution, and the statistics never are;
- a thesis title page: the university, faculty or department, printed as lines or as labelled
  fields ("UNIVERSITY: ..."), and the "submitted to the Faculty of ..." sentence; the degree,
  major, supervisor and title are not institutions;
- a patent front page: the applicant and assignee fields (INID codes 71 and 73) with their
  two-letter country codes; the inventors (72) are the authors;
- a report's cover: the body that issues or prepares it ("Issued by ...", "Prepared by ...").

Pure functions over PyMuPDF `get_text("dict")` pages (`Document.layout`).
"""
from __future__ import annotations

import re

from extractors.affiliations import Affiliation, extract_affiliations, name_like, page_lines

# Repository cover sheets: cues that only a cover sheet prints, and weaker ones that papers print too;
# a cover sheet has two cues, one of them strong.
# Profile statistics of a repository cover sheet ("247 PUBLICATIONS 9 CITATIONS"): never a name.
PROFILE_STATS = re.compile(r"\b\d[\d,.]*\s*(publications?|citations?|reads|followers|downloads|views)\b", re.I)
# "MAJOR: COMPUTER SCIENCE", "SUPERVISOR: ...": a field of a cover page or a form.
FORM_FIELD = re.compile(r"^\s*[A-Za-z][A-Za-z .'’/()-]{1,40}\s*[:：]\s*\S")
_COVER_STRONG = re.compile(
    PROFILE_STATS.pattern + r"|see discussions, stats,? and author profiles|\bsee profile\b|personal repec archive"
    r"|\bstable url\b|recommended citation|brought to you for free|uploaded by|follow this and additional works"
    r"|this content downloaded from|citation for published (?:item|version)|version of attached file|document version"
    r"|link to publication|peer[- ]review status|publisher'?s copyright statement|general rights", re.I)
_COVER_WEAK = re.compile(r"\bonline at\b|\brepository\b|\beprints?\b|\bpersistent link\b|terms of use"
                         r"|take ?down policy|\bdeposited\b|\bdigital commons\b", re.I)
_THESIS = re.compile(r"\b(thesis|dissertation|thèse|tesis|tesi|degree\s+of\s+(?:doctor|master|bachelor|ph\.?\s?d))\b", re.I)
# A title page says what the document is for: a degree, a supervisor, the fields of a form.
_THESIS_CUES = re.compile(r"\b(submitted|fulfil+ment|degree|supervis\w*|advis[eo]r|promot[eo]r|committee|candidate"
                          r"|major|master|doctor|bachelor|grado|maestr[ií]a|doctorado|licenciatura|mestrado|orientador"
                          r"|director(?:es)? de tesis|vorgelegt|erlangung|gutachter\w*|promotionsausschuss|doktor\w*|betreuer\w*)\b",
                          re.I)
# "MASTER THESIS", "PhD Dissertation" as a line of its own: the title page says what it is
_THESIS_KIND = re.compile(r"\b(?:(?:master|bachelor|doctoral|phd|ph\.\s?d\.?|diploma|msc|m\.\s?sc\.?)['’]?s?\s+)?"
                          r"(?:thesis|dissertation)\b", re.I)
TITLE_PAGE_CHARS = 2500  # a title page is short; a paper's first page holds 3,000-6,000 characters
_PATENT = re.compile(r"\(\s*7[1-3]\s*\)\s*(?:applicants?|assignees?|inventors?|proprietors?)\b", re.I)
_REPORT = re.compile(r"\b(technical|research|tech\.?|final|project) report\b|\bwhite paper\b|\bworking paper\b", re.I)
# Field labels whose value names an institution (thesis and report covers).
_ORG_FIELD = re.compile(
    r"^\s*(university|institution|institute|school|faculty|department|college|affiliation|organi[sz]ation"
    r"|company|employer|issued by|published by|prepared by|issuing (?:body|organi[sz]ation)|corporate author"
    r"|performing organi[sz]ation)\s*[:：]\s*(?P<value>.+)$",
    re.I)
# Lines of a title page that name a unit of an institution or the institution itself.
_ORG_LINE = re.compile(r"\b(universit\w*|college|institut\w*|instituto|school|faculty|department|academy|laborat\w*"
                       r"|polytechn\w*|hochschule|[ée]cole|universidad|cent(er|re))\b", re.I)
_SUBMITTED_TO = re.compile(
    r"\b(?:submitted|presented)\s+(?:to|for\s+the\s+degree\s+of\s+(?:\S+\s+){1,4}?at)\s+(?:the\s+)?(?P<org>.+?)"
    r"(?=\s+(?:in\s+(?:partial\s+)?fulfil|in\s+(?:19|20)\d\d|for\s+the\s+degree|as\s+(?:a\s+)?(?:partial|part)|by\b)|[.;]|$"
    r"|\s+(?:\S+\s+){0,2}(?:URL|https?://))", re.I)          # (a repository's record after it)
# "submitted ... at" / "The University of Queensland in 2021": the institution, wrapped onto the next line
_SENTENCE_GOES_ON = re.compile(r"(?i:\b(?:submitted|presented)\b).*\b(?:at|to)(?:\s+(?:the|The|[A-Z][\w'’-]*)){0,3}\s*$")
# A German title page: "vorgelegt von X an der Fakultät IV der Technischen Universität Berlin zur Erlangung des
# akademischen Grades Doktor ..." (the university's name declined: "Technischen" for "Technische")
_ZUR_ERLANGUNG = re.compile(r"\b(?:an\s+der|der)\s+(?P<org>(?:[A-ZÄÖÜ][\w-]*\s+){0,2}(?:Universit[äa]t|Hochschule)"
                            r"(?:\s+[A-ZÄÖÜ][\w-]*){0,2})\s+zur\s+Erlangung")
_NOT_ORG_LINE = re.compile(r"\b(submitted|requirements?|degree|fulfil\w*|supervis\w*|advis[eo]r|committee|approved"
                           r"|copyright|thesis|dissertation)\b", re.I)
_PLACE_LINE = re.compile(r"^[A-Z][\w'’ .-]+(?:,\s*[A-Z][\w'’ .-]+){0,2}$")
_INID = re.compile(r"\(\s*(\d{2})\s*\)")
_COUNTRY_CODE = re.compile(r"\s*\(\s*([A-Z]{2})\s*\)")


def front_affiliations(layout: list[dict]) -> tuple[list[Affiliation], dict[str, str]]:
    """The authors' affiliations from the first pages, and the country codes printed for some of
    them (raw -> ISO code, patents' "(CN)")."""
    if not layout:
        return [], {}
    first, parsed = layout[0], page_lines(layout[0])
    lines = [ln.plain for ln in parsed]
    text = "\n".join(lines)
    if _PATENT.search(text):
        return patent_affiliations(text)
    if is_cover_sheet(lines) and len(layout) > 1:
        paper = extract_affiliations(layout[1], None, page=2)
        found = ([a for a in paper if a.kind == "affiliation"] and paper) or cover_profiles(lines)
        if found:
            return found, {}
    if len(text) < TITLE_PAGE_CHARS and _THESIS.search(text) and (
            len(set(_THESIS_CUES.findall(text.lower()))) >= 2 or any(_THESIS_KIND.fullmatch(ln.strip()) for ln in lines)) \
            and (found := title_page_affiliations(lines, "thesis")):
        return found, {}
    paper = extract_affiliations(first, layout[1] if len(layout) > 1 else None, lines=parsed)
    if not paper and len(text) < TITLE_PAGE_CHARS and _REPORT.search(text):
        return title_page_affiliations(lines, "report"), {}
    return paper, {}


def is_cover_sheet(lines: list[str]) -> bool:
    """A page a repository adds before the paper: its cues, and little running text."""
    text = "\n".join(lines)
    strong = {m.group(0).lower() for m in _COVER_STRONG.finditer(text)}
    weak = {m.group(0).lower() for m in _COVER_WEAK.finditer(text)}
    return bool(strong) and len(strong | weak) >= 2 and len(text) < 4000


def cover_profiles(lines: list[str]) -> list[Affiliation]:
    """Institutions of the author profiles on a cover sheet: the line between a profile's name and
    its statistics line; the statistics themselves are dropped."""
    out = []
    for i, line in enumerate(lines):
        if PROFILE_STATS.search(line) and i >= 2:
            org = PROFILE_STATS.split(line)[0].strip()  # "University X 247 PUBLICATIONS" printed on one line
            org = org if _ORG_LINE.search(org) else lines[i - 1]
            author = lines[i - 2] if org == lines[i - 1] else lines[i - 1]
            if _ORG_LINE.search(org) and not PROFILE_STATS.search(org):
                out.append(Affiliation.of(org, authors=[author] if name_like(author) else []))
    return out


def title_page_affiliations(lines: list[str], kind: str) -> list[Affiliation]:
    """The institution of a thesis title page or a report cover, as one affiliation: labelled
    fields first, else the unit and institution lines with the place printed after them, else the
    "submitted to ..." sentence. Degree, major, supervisor and title lines are not institutions."""
    lines = _join_broken(lines)
    fields = [m.group("value").strip() for ln in lines if (m := _ORG_FIELD.match(ln))]
    fields = [f for f in fields if _ORG_LINE.search(f) or kind == "report"]
    after_by = [nxt.strip() for ln, nxt in zip(lines, lines[1:]) if ln.strip().lower() == "by"]
    author = next((ln for ln in after_by + [ln.strip() for ln in lines] if name_like(ln)), None)
    authors = [author] if author else []
    if fields:
        return [Affiliation.of(", ".join(fields), authors=authors, quote=" / ".join(fields))]
    parts: list[str] = []
    for i, line in enumerate(lines):
        line = line.strip()
        if FORM_FIELD.match(line) or _NOT_ORG_LINE.search(line) or len(line.split()) > 14 or (
                i and _SENTENCE_GOES_ON.search(lines[i - 1])):
            continue        # (a line that goes on with "submitted ... at Velland" / "University in 2021")
        if _ORG_LINE.search(line):
            parts.append(line)
        elif parts and lines[i - 1].strip() == parts[-1] and _PLACE_LINE.match(line) and not name_like(line):
            parts.append(line)  # "City, Country" under the institution
    sentence = " ".join(ln.strip() for ln in lines)
    if m := _SUBMITTED_TO.search(sentence):
        org = re.sub(r"\s+(?:of|at)\s+(?:the\s+)?(?=(?:[A-Z][\w'’-]*\s+){0,4}(?:University|College|Institute)\b)",
                     ", ", m.group("org"))
        if not parts or _ORG_LINE.search(org) and not any(org in p for p in parts):
            return [Affiliation.of(", ".join([*parts, org]), authors=authors, quote=" / ".join([*parts, m.group(0)]))]
    if m := _ZUR_ERLANGUNG.search(sentence):
        org = re.sub(r"\b([A-ZÄÖÜ]\w+?)en(?=\s+(?:Universit|Hochschule))", r"\1e", m.group("org"))
        return [Affiliation.of(org, authors=authors, quote=m.group(0))]
    if parts:
        return [Affiliation.of(", ".join(parts), authors=authors, quote=" / ".join(parts))]
    return []


def _join_broken(lines: list[str]) -> list[str]:
    """A name broken after a hyphen ("ATAL BIHARI VAJPAYEE-" / "INDIAN INSTITUTE ...") as one line."""
    out: list[str] = []
    for line in lines:
        if out and out[-1].rstrip().endswith("-") and line.strip()[:1].isalpha():
            out[-1] = out[-1].rstrip() + line.strip()
        else:
            out.append(line)
    return out


def patent_affiliations(text: str) -> tuple[list[Affiliation], dict[str, str]]:
    """Applicants (71) and assignees (73) of a patent's front page, each with the country code
    printed after it; the inventors (72) are their authors. A person applying alone is left to the
    organisation test (extractors.attribution)."""
    fields: dict[str, str] = {}
    marks = list(_INID.finditer(text))
    for m, nxt in zip(marks, marks[1:] + [None]):
        value = text[m.end():nxt.start() if nxt else len(text)]
        fields.setdefault(m.group(1), re.sub(r"^\s*[A-Za-z ]+:\s*", "", " ".join(value.split())))
    inventors = [_COUNTRY_CODE.sub("", p).split(",")[0].strip() for p in fields.get("72", "").split(";")]
    out, codes = [], {}
    for code in ("73", "71"):
        for entry in filter(None, (e.strip(" ,.") for e in fields.get(code, "").split(";"))):
            country = _COUNTRY_CODE.search(entry)
            raw = _COUNTRY_CODE.sub("", entry).strip(" ,")
            if raw and not any(a.raw == raw for a in out):
                out.append(Affiliation.of(raw, authors=[i for i in inventors if i], quote=entry))
                if country:
                    codes[out[-1].raw] = country.group(1)
    return out, codes
