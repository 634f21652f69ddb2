"""Affiliation extraction on first pages built with PyMuPDF, and on the shared corpus."""
from __future__ import annotations

import json
from pathlib import Path

import pymupdf
import pytest

from extractors.affiliations import Affiliation, clean, email_domains, extract_affiliations, page_lines, parse_emails

SHARED = Path(__file__).parents[1] / ".." / "shared" / "corpus"
ABSTRACT = ("We study the problem of learning face embeddings that are robust to the way in which "
            "the images were taken, and we show that the method is simple to implement.")


def _page(draw) -> dict:
    """A US-letter page drawn by `draw(page)`, as `get_text("dict")`."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    draw(page)
    return page.get_text("dict")


def _sup(page, x: float, y: float, text: str) -> float:
    """A superscript: small and raised above the baseline `y`; returns the x after it."""
    page.insert_text((x, y - 4), text, fontsize=7)
    return x + pymupdf.get_text_length(text, fontsize=7) + 1


def _run(page, x: float, y: float, text: str, size: float = 12) -> float:
    page.insert_text((x, y), text, fontsize=size)
    return x + pymupdf.get_text_length(text, fontsize=size)


def _byline(page, authors: list[tuple[str, str]], y: float = 140, size: float = 12, sep: str = ", ") -> None:
    """The title, then the authors on one line, each followed by its superscript marker."""
    page.insert_text((100, 100), "A Title Printed in a Large Font", fontsize=16)
    x = 80
    for i, (name, marker) in enumerate(authors):
        x = _run(page, x, y, (sep if i else "") + name, size=size)
        x = _sup(page, x, y, marker)


def _abstract_and_body(page, y: float, body: float, lines: int = 12) -> None:
    """The abstract at `y`, then `lines` lines of body text from `body` down."""
    _abstract(page, y)
    for i in range(lines):
        page.insert_text((50, body + 12 * i), ABSTRACT[:60], fontsize=10)


def _abstract(page, y: float) -> None:
    page.insert_text((50, y), "Abstract", fontsize=12)
    for i in range(4):
        page.insert_text((50, y + 16 + 12 * i), ABSTRACT[i * 40:(i + 1) * 40 + 40], fontsize=10)


def _cvpr(page) -> None:
    page.insert_text((100, 100), "A Title Printed in a Large Font", fontsize=16)
    x = _run(page, 80, 140, "Alice Smith")
    x = _sup(page, x, 140, "1")
    x = _run(page, x, 140, ", Bob Jones")
    x = _sup(page, x, 140, "2,*")
    x = _sup(page, 90, 156, "1")
    x = _run(page, x, 156, "Megvii Inc.  ")
    x = _sup(page, x, 156, "2")
    _run(page, x, 156, "Beihang University, Beijing, China")
    page.insert_text((110, 172), "{alice, bob.jones}@megvii.com", fontsize=9)
    _abstract_and_body(page, 210, 320)
    _sup(page, 50, 700, "*")
    page.insert_text((56, 700), "Corresponding author.", fontsize=8)
    _sup(page, 50, 712, "2")
    page.insert_text((56, 712), "Now at Google Research.", fontsize=8)


def test_header_with_superscript_markers():
    affs = extract_affiliations(_page(_cvpr))
    main = [a for a in affs if a.kind == "affiliation"]
    assert [a.raw for a in main] == ["Megvii Inc.", "Beihang University, Beijing, China"]
    megvii, beihang = main
    assert (megvii.marker, megvii.authors) == ("1", ["Alice Smith"])
    assert beihang.authors == ["Bob Jones"]
    assert megvii.emails == ["alice@megvii.com", "bob.jones@megvii.com"]
    assert megvii.email_domains == ["megvii.com"] and megvii.quote.endswith("Megvii Inc.")
    assert all(a.page == 1 and a.source == "pymupdf" for a in affs)


def _run_on(page) -> None:
    """CVPR/ICCV and IOP print the affiliations as one run-on paragraph, each opened by its marker,
    wrapped wherever the line ends: a line goes on with the affiliation above, then opens the next."""
    _byline(page, [("Ana Lind", "1"), ("Bo Roth", "2"), ("Cy Dahl", "3,4")])
    x = _sup(page, 60, 156, "1")
    _run(page, x, 156, "School of Computing, Velland Key Laboratory of Software", size=11)
    x = _run(page, 60, 171, "Engineering, Velland University ", size=11)
    x = _sup(page, x, 171, "2")
    _run(page, x, 171, "School of Information and", size=11)
    x = _run(page, 60, 186, "Communication Technology, Kestrel University ", size=11)
    x = _sup(page, x, 186, "3")
    x = _run(page, x, 186, "Aldren AIP ", size=11)
    x = _sup(page, x, 186, "4")
    _run(page, x, 186, "Norlund Institute of Technology", size=11)
    _abstract_and_body(page, 230, 340)


def test_run_on_affiliations_open_at_their_markers_across_lines():
    affs = [a for a in extract_affiliations(_page(_run_on)) if a.kind == "affiliation"]
    assert [(a.marker, a.raw, a.authors) for a in affs] == [
        ("1", "School of Computing, Velland Key Laboratory of Software Engineering, Velland University", ["Ana Lind"]),
        ("2", "School of Information and Communication Technology, Kestrel University", ["Bo Roth"]),
        ("3", "Aldren AIP", ["Cy Dahl"]),
        ("4", "Norlund Institute of Technology", ["Cy Dahl"])]


def _sidebar_page(page) -> None:
    """OUP's layout: the title block on the right, the article's dates and licence in a narrow
    sidebar on the left that starts above the authors."""
    page.insert_text((190, 90), "A Title Printed in a Large Font", fontsize=17)
    x = _run(page, 190, 130, "Ana Lind ", size=9.5)
    x = _sup(page, x, 130, "1")
    x = _run(page, x, 130, ", Bo Roth ", size=9.5)
    _sup(page, x, 130, "2,*")
    x = _sup(page, 190, 150, "1")
    _run(page, x, 150, " Department of Computing, Velland University, Velland, P.O. Box 11155, Norlund", size=7.8)
    x = _sup(page, 190, 162, "2")
    _run(page, x, 162, " Department of Physics, Kestrel Institute of Technology, Kestrel, CA 94720, USA", size=7.8)
    licence = ["The Author(s) 2024. Published by a", "press. This is an Open Access article", "distributed under the terms of the",
               "Creative Commons licence, which permits", "unrestricted reuse, provided the original", "work is properly cited."]
    for i, text in enumerate(licence):
        page.insert_text((40, 120 + 9 * i), text, fontsize=7)
    for i in range(12):
        page.insert_text((190, 220 + 12 * i), ABSTRACT[:60], fontsize=9)


def test_a_sidebar_of_prose_beside_the_title_does_not_end_the_header():
    affs = [a for a in extract_affiliations(_page(_sidebar_page)) if a.kind == "affiliation"]
    assert [(a.marker, a.authors) for a in affs] == [("1", ["Ana Lind"]), ("2", ["Bo Roth"])]
    assert affs[1].raw == "Department of Physics, Kestrel Institute of Technology, Kestrel, CA 94720, USA"


def _wrapped_authors(page) -> None:
    """A long author list wraps inside a name ("Georg L." / "Dahlberg3"); the line below opens with
    the name's end, and may hold nothing else ("Ng1")."""
    page.insert_text((100, 100), "A Title Printed in a Large Font", fontsize=16)
    rows = [[("Ana Lind", "1,2"), (", Bo Roth", "1"), (", Georg L.", None)],
            [("Dahlberg", "3"), (", Vlad Harbuz", "2"), (", Ren", None)],
            [("Ng", "1")]]
    for i, row in enumerate(rows):
        x = 80
        for name, marker in row:
            x = _run(page, x, 140 + 14 * i, name, size=11)
            if marker:
                x = _sup(page, x, 140 + 14 * i, marker)
    for i, (marker, org) in enumerate([("1", "Velland University, Velland, Norlund"),
                                       ("2", "Kestrel Software, Kestrel, Aldren"), ("3", "Norlund Institute, Norlund")]):
        x = _sup(page, 80, 190 + 12 * i, marker)
        _run(page, x, 190 + 12 * i, org, size=9)
    _abstract_and_body(page, 240, 350)


def test_a_wrapped_author_list_is_no_affiliation():
    affs = [a for a in extract_affiliations(_page(_wrapped_authors)) if a.kind == "affiliation"]
    assert [(a.marker, a.raw) for a in affs] == [("1", "Velland University, Velland, Norlund"),
                                                 ("2", "Kestrel Software, Kestrel, Aldren"),
                                                 ("3", "Norlund Institute, Norlund")]
    assert affs[0].authors[:2] == ["Ana Lind", "Bo Roth"] and "Vlad Harbuz" in affs[1].authors


def _shared_institution(page) -> None:
    """JCI and PNAS print two departments of one institution as "1Department of A and 2Department of
    B, Velland University"; a comma before the next marker only separates affiliations (Frontiers)."""
    _byline(page, [("Ana Lind", "1"), ("Bo Roth", "2"), ("Cy Dahl", "3")])
    x = _sup(page, 60, 158, "1")
    x = _run(page, x, 158, "Department of Surgery, and ", size=9)
    x = _sup(page, x, 158, "2")
    _run(page, x, 158, "Department of Medicine, Velland University, Velland, Norlund, ", size=9)
    x = _sup(page, 60, 170, "3")
    _run(page, x, 170, "Department of Physics, Kestrel University, Kestrel, Aldren", size=9)
    _abstract_and_body(page, 220, 330)


def test_a_unit_left_open_by_and_shares_the_next_unit_s_institution():
    affs = [a for a in extract_affiliations(_page(_shared_institution)) if a.kind == "affiliation"]
    assert [(a.marker, a.authors) for a in affs] == [("1", ["Ana Lind"]), ("2", ["Bo Roth"]), ("3", ["Cy Dahl"])]
    assert affs[0].raw.startswith("Department of Surgery") and "Velland University" in affs[0].raw
    assert "Velland" not in affs[2].raw


@pytest.mark.parametrize("pattern", ["{[first name].[last name]}@velland.edu", "<firstname.lastname>@velland.edu",
                                     "{name.surname}@velland.edu"])
def test_an_address_pattern_is_no_affiliation(pattern):
    def draw(page):
        _one_affiliation(page)
        page.insert_text((190, 170), pattern, fontsize=9)
        _abstract_and_body(page, 220, 330)
    assert [a.raw for a in extract_affiliations(_page(draw))] == ["Velland University, Norlund"]


def _one_affiliation(page) -> None:
    """The title, two authors and the one affiliation they share."""
    page.insert_text((100, 100), "A Title Printed in a Large Font", fontsize=16)
    page.insert_text((200, 140), "Ana Lind   Bo Roth", fontsize=11)
    page.insert_text((170, 156), "Velland University, Norlund", fontsize=10)


def _ieee_footnotes_outweigh(page) -> None:
    """An IEEE first page with eight authors: the footnotes, in 7.5 pt, hold more text than the
    abstract (9 pt) above them, and the body text starts on the next page."""
    page.insert_text((60, 80), "A Journal Paper Title in IEEE Style", fontsize=22)
    page.insert_text((60, 120), "Ann Smith, Bo Li, Carl Lee, Dana Roe, Eli Fox, and Finn Ek", fontsize=10.5)
    for i in range(8):
        page.insert_text((60, 160 + 11 * i), "Abstract " + ABSTRACT[:70], fontsize=9)
    foot = ["Received 2 May 2025; revised 1 June 2025. The work of Ann Smith was supported in part by the",
            "Science Foundation under Grant 2308085. Ann Smith and Bo Li are with the Key Laboratory of Sensing,",
            "Velland Normal University, Velland 246004, Norlund (e-mail: ann@velland.edu).",
            "Carl Lee and Dana Roe are with the College of Computing, Kestrel Technological University, Kestrel",
            "639798, Aldren (e-mail: carl@kestrel.edu).", "Eli Fox is with the School of Engineering, Norlund",
            "University, Norlund 330031, Norlund (e-mail: eli@norlund.edu).",
            "Finn Ek is with the Department of Physics, Aldren University, Aldren, QC H3G 1M8, Canada."]
    for j in range(3):                   # the footnotes run on to the foot of the page
        for i, text in enumerate(foot):
            if j == 0 or i < 8:
                page.insert_text((60, 420 + 10 * (i + 8 * j)), text if j == 0 else ABSTRACT[:90], fontsize=7.5)
    for i in range(4):                   # the body's first lines, and IEEE's copyright line below the footnotes
        page.insert_text((400, 420 + 12 * i), ABSTRACT[:30], fontsize=10)
    page.insert_text((60, 670), "0162-8828 (c) 2025 IEEE. Personal use is permitted, but republication requires "
                                "permission.", fontsize=6.5)


def test_ieee_footnotes_that_outweigh_the_page_s_prose_are_still_footnotes():
    affs = [a for a in extract_affiliations(_page(_ieee_footnotes_outweigh)) if a.kind == "affiliation"]
    assert [a.authors for a in affs] == [["Ann Smith", "Bo Li"], ["Carl Lee", "Dana Roe"], ["Eli Fox"], ["Finn Ek"]]
    assert "Velland Normal University" in affs[0].raw


def test_an_acm_journal_s_authors_addresses_footnote():
    """ACM journals print the authors' names before their addresses, separated by semicolons, in a
    footnote opened by "Authors' addresses:"; US addresses end with a state and a ZIP code."""
    def draw(page):
        page.insert_text((60, 80), "A Journal Paper Title in ACM Style", fontsize=16)
        page.insert_text((60, 110), "ANA LIND, BO ROTH, and CY MENDES", fontsize=10)
        _abstract_and_body(page, 150, 260, lines=22)
        foot = ["Authors' addresses: A. Lind, Kestrel Research, Redmond, WA 98052; email: ana@kestrel.com; B. Roth",
                "and C. Mendes, Department of Computing, Velland University, Ann Arbor, MI 48109; email:",
                "bo@velland.edu."]
        for i, text in enumerate(foot):
            page.insert_text((60, 640 + 9 * i), text, fontsize=7.5)
    affs = extract_affiliations(_page(draw))
    assert [(a.raw, a.authors) for a in affs] == [
        ("Kestrel Research, Redmond, WA 98052", ["A. Lind"]),
        ("Department of Computing, Velland University, Ann Arbor, MI 48109", ["B. Roth", "C. Mendes"])]


def test_body_text_saying_what_is_at_what_is_no_footnote():
    def draw(page):
        _one_affiliation(page)
        _abstract(page, 220)
        for i in range(30):
            page.insert_text((50, 330 + 12 * i), "Object detection is at the core of many vision systems, and it "
                                                 "is at its best when the Kestrel Institute benchmark is used.", fontsize=10)
    assert [a.raw for a in extract_affiliations(_page(draw))] == ["Velland University, Norlund"]


def test_a_unit_with_its_own_institution_does_not_take_the_next_one():
    def draw(page):
        _byline(page, [("Ana Lind", "a"), ("Bo Roth", "b")])
        x = _sup(page, 60, 158, "a")
        x = _run(page, x, 158, "Department of Physics, Velland University, Cambridge, MA 02138; and ", size=9)
        x = _sup(page, x, 158, "b")
        _run(page, x, 158, "Kestrel Institute for Informatics, Kestrel, Aldren", size=9)
        _abstract_and_body(page, 220, 330)
    affs = [a for a in extract_affiliations(_page(draw)) if a.kind == "affiliation"]
    assert "Kestrel" not in affs[0].raw and affs[0].authors == ["Ana Lind"]


def _icml_footnote(page) -> None:
    """ICML and ICLR print the numbered affiliations as one run-on footnote, wrapped anywhere."""
    _byline(page, [("Ana Lind", "1 2"), ("Bo Roth", "3"), ("Cy Dahl", "4")], size=11, sep=" ")
    _abstract_and_body(page, 200, 300, lines=30)
    x = _sup(page, 50, 700, "1")
    x = _run(page, x, 700, "Department of Statistics, Velland University, United Kingdom ", size=8)
    x = _sup(page, x, 700, "2")
    x = _run(page, x, 700, "KESTRELAI, Republic of Korea ", size=8)
    x = _sup(page, x, 700, "3")
    _run(page, x, 700, "Aldren Corporation, Republic", size=8)
    x = _run(page, 50, 710, "of Korea ", size=8)
    x = _sup(page, x, 710, "4")
    _run(page, x, 710, "Department of Physics, Norlund Institute of Technology, Norlund. Correspondence to: Ana Lind.",
         size=8)


def test_a_run_on_footnote_of_numbered_affiliations_opens_each_at_its_number():
    affs = [a for a in extract_affiliations(_page(_icml_footnote)) if a.kind == "affiliation"]
    assert [(a.marker, a.raw) for a in affs] == [
        ("1", "Department of Statistics, Velland University, United Kingdom"), ("2", "KESTRELAI, Republic of Korea"),
        ("3", "Aldren Corporation, Republic of Korea"),
        ("4", "Department of Physics, Norlund Institute of Technology, Norlund")]


def test_now_at_note_is_flagged_not_listed():
    notes = [a for a in extract_affiliations(_page(_cvpr)) if a.kind != "affiliation"]
    assert [(a.kind, a.raw) for a in notes] == [("now_at", "Google Research")]


def _ieee(page) -> None:
    page.insert_text((60, 80), "A Journal Paper Title in IEEE Style", fontsize=24)
    page.insert_text((100, 120), "Ann Smith, Bo Li, and Carl Lee", fontsize=11)
    page.insert_text((60, 170), "Abstract—" + ABSTRACT[:50], fontsize=9)
    for i in range(30):
        page.insert_text((50, 200 + 12 * i), ABSTRACT[:60], fontsize=10)
    foot = ["This work was supported by the National Science Foundation under Grant IIS-1763523.",
            "A. Smith and B. Li are with the Department of Computer Science, Stanford",
            "University, Stanford, CA 94305 USA (e-mail: {asmith, boli}@cs.stanford.edu).",
            "C. Lee is with Tencent AI Lab, Shenzhen, China (e-mail: clee@tencent.com)."]
    for i, text in enumerate(foot):
        page.insert_text((50, 650 + 10 * i), text, fontsize=8)


def test_ieee_footnote_is_with():
    affs = extract_affiliations(_page(_ieee))
    assert [a.raw for a in affs] == [
        "Department of Computer Science, Stanford University, Stanford, CA 94305 USA",
        "Tencent AI Lab, Shenzhen, China"]
    stanford, tencent = affs
    assert stanford.authors == ["A. Smith", "B. Li"]
    assert stanford.email_domains == ["cs.stanford.edu"]
    assert tencent.authors == ["C. Lee"] and tencent.emails == ["clee@tencent.com"]


def test_ieee_footnote_joining_two_institutions_after_a_country():
    """"..., Germany, and the Kestrel Networks AG, ...": the second institution starts after the country;
    a company named only by its legal form (AG) is an organisation."""
    def draw(page):
        page.insert_text((100, 80), "Deep Representations for Morphing Detection", fontsize=20)
        page.insert_text((100, 120), "Ulla Berg, Carl Roth and Jon Mertens", fontsize=10)
        _abstract(page, 160)
        for i, text in enumerate(["U. Berg is with the Biometrics Group, Hochschule Velland, Germany.",
                                  "C. Roth is with the Biometrics Group, Hochschule Velland, Germany, and the",
                                  "Kestrel Networks AG, Essen, Germany.",
                                  "J. Mertens is with the Kestrel Networks AG, Essen, Germany."]):
            page.insert_text((50, 690 + 9 * i), text, fontsize=7.5)
    affs = extract_affiliations(_page(draw))
    assert [(a.raw, a.authors) for a in affs] == [
        ("Biometrics Group, Hochschule Velland, Germany", ["U. Berg", "C. Roth"]),
        ("Kestrel Networks AG, Essen, Germany", ["C. Roth", "J. Mertens"])]


def test_footnote_naming_the_authors_before_their_address():
    """Springer journals: "A and B, School of X, Y University, City, UK. E-mail: ..." without markers."""
    def draw(page):
        page.insert_text((100, 80), "Surveillance Face Recognition Challenge", fontsize=18)
        page.insert_text((100, 110), "Ana Lind \u00b7 Bo Roth \u00b7 Eva Okafor", fontsize=10)
        _abstract(page, 150)
        for i, text in enumerate(["Ana Lind and Eva Okafor, School of Electronic Engineering", "and Computer Science, "
                                  "Velland University of London, London E1 4NS, UK. E-mail: {a.lind, e.okafor}@vu.ac.uk",
                                  "Bo Roth, Kestrel Semantics Limited, London E1 4NS, UK. E-mail:",
                                  "bo@kestrelsemantics.com", "Results of Smith, Jones and Lee, Nature 2019, UK."]):
            page.insert_text((50, 720 + 9 * i), text, fontsize=7.5)
    affs = extract_affiliations(_page(draw))
    assert [(a.raw, a.authors) for a in affs] == [
        ("School of Electronic Engineering and Computer Science, Velland University of London, London E1 4NS, UK",
         ["Ana Lind", "Eva Okafor"]),
        ("Kestrel Semantics Limited, London E1 4NS, UK", ["Bo Roth"])]


def _grid(page) -> None:
    """NeurIPS-style: one cell per author with name, affiliation, e-mail stacked."""
    page.insert_text((200, 90), "A Workshop Paper", fontsize=17)
    for x, (name, org, mail) in zip((100, 330), [("Ann Smith", "Google Brain", "ann@google.com"),
                                                 ("Bo Li", "University of Toronto", "bo@cs.toronto.edu")]):
        page.insert_text((x, 140), name, fontsize=10)
        page.insert_text((x, 152), org, fontsize=10)
        page.insert_text((x, 164), mail, fontsize=10)
    _abstract(page, 220)


def test_grid_of_author_cells():
    affs = extract_affiliations(_page(_grid))
    assert [(a.raw, a.authors, a.emails) for a in affs] == [
        ("Google Brain", ["Ann Smith"], ["ann@google.com"]),
        ("University of Toronto", ["Bo Li"], ["bo@cs.toronto.edu"])]


def test_author_columns_whose_names_wrap_stay_one_unit_each():
    """IEEE columns side by side: their lines interleave, and a name wraps onto a line opening with "and"."""
    columns = [["Ana Ferreira", "Centre for Vision", "and Robotics,", "University of Velland,", "Velland, Portugal"],
               ["Rui Costa", "Norlund Mint and National", "Printing Office (NMPO),", "Lisbon, Portugal"],
               ["Eva Lind", "Centre for Vision", "and Robotics,", "University of Velland,", "Velland, Portugal"]]

    def draw(page):
        page.insert_text((120, 80), "Fused Detection of Morphed Faces", fontsize=17)
        for col, lines in enumerate(columns):
            for row, text in enumerate(lines):
                page.insert_text((60 + 180 * col, 120 + 12 * row), text, fontsize=10)
        _abstract(page, 220)
    affs = extract_affiliations(_page(draw))
    assert sorted({a.raw for a in affs}) == [
        "Centre for Vision and Robotics, University of Velland, Velland, Portugal",
        "Norlund Mint and National Printing Office (NMPO), Lisbon, Portugal"]


def test_author_boxes_below_the_body_under_each_name():
    """Book chapters print each author's address in small type at the foot of page 1, under the name."""
    box = ["Ana Lind", "Vision Lab, Velland Technological University, Velland 639798, Singapore", "e-mail: ana@vtu.edu.sg",
           "Rui Costa", "Kestrel Technology, Aldren 100083, China e-mail: rui@kestrel.com",
           "Eva Okafor", "Key Laboratory of Imaging, Institute of Automation, Velland Academy of Sciences,",
           "Aldren 100190, China", "Quadratic Programming", "(QP) is used throughout the chapter."]

    def draw(page):
        page.insert_text((60, 70), "Chapter 12", fontsize=16)
        page.insert_text((60, 95), "Face Presentation Attack Detection", fontsize=16)
        page.insert_text((60, 125), "Ana Lind, Rui Costa and Eva Okafor", fontsize=10)
        for i in range(14):
            page.insert_text((60, 170 + 13 * i), ABSTRACT[:70], fontsize=10)
        for i, text in enumerate(box):
            page.insert_text((60, 560 + 9 * i), text, fontsize=7)
    affs = extract_affiliations(_page(draw))
    assert [(a.raw, a.authors) for a in affs] == [
        ("Vision Lab, Velland Technological University, Velland 639798, Singapore", ["Ana Lind"]),
        ("Kestrel Technology, Aldren 100083, China", ["Rui Costa"]),
        ("Key Laboratory of Imaging, Institute of Automation, Velland Academy of Sciences, Aldren 100190, China",
         ["Eva Okafor"])]
    assert affs[1].emails == ["rui@kestrel.com"]


def test_a_line_opening_with_and_a_university_starts_a_second_unit():
    def draw(page):
        page.insert_text((150, 80), "Compact Face Embeddings", fontsize=17)
        page.insert_text((60, 120), "Omkar Lind", fontsize=10)
        for i, text in enumerate(["Kestrel Research", "and University of Velland"]):
            page.insert_text((300, 120 + 12 * i), text, fontsize=10)
        _abstract(page, 200)
    assert [a.raw for a in extract_affiliations(_page(draw))] == ["Kestrel Research", "University of Velland"]


def test_an_editor_s_box_is_no_author_s_affiliation():
    """Journals print their editors and reviewers in small type on page 1; the header already names the
    authors' institutions."""
    def draw(page):
        page.insert_text((100, 80), "Presentation Attack Detection", fontsize=18)
        x = _run(page, 100, 110, "Ana Lind")
        _sup(page, x, 110, "1")
        x = _sup(page, 100, 124, "1")
        _run(page, x, 124, "Velland University, Velland, Norway", size=10)
        _abstract(page, 160)
        for i, text in enumerate(["Edited by:", "Javier Ortega", "Autonomous University of Madrid, Spain",
                                  "Reviewed by:", "Kiran Raja", "Norwegian University of Science and Technology, Norway"]):
            page.insert_text((50, 640 + 9 * i), text, fontsize=7)
    assert [a.raw for a in extract_affiliations(_page(draw))] == ["Velland University, Velland, Norway"]


def test_multiline_affiliation_without_markers_stays_one_unit():
    def draw(page):
        page.insert_text((150, 80), "Deep Face Recognition", fontsize=17)
        page.insert_text((60, 120), "Omkar Parkhi", fontsize=10)
        for i, text in enumerate(["Visual Geometry Group", "Department of Engineering Science",
                                  "University of Oxford"]):
            page.insert_text((300, 120 + 12 * i), text, fontsize=10)
        _abstract(page, 200)
    (aff,) = extract_affiliations(_page(draw))
    assert aff.raw == "Visual Geometry Group Department of Engineering Science University of Oxford"


def test_title_abstract_and_emails_are_not_affiliations():
    def draw(page):
        page.insert_text((60, 80), "Research on Institute-Level Face Recognition", fontsize=17)
        page.insert_text((60, 120), "Ann Smith, Bo Li", fontsize=11)
        page.insert_text((60, 134), "ann@example.org", fontsize=9)
        _abstract(page, 180)
    assert extract_affiliations(_page(draw)) == []


def test_parse_emails_grouped_forms():
    text = ("{xu.a, li.b}@nudt.edu.cn, {peter,zhangchi}@megvii.com and name@cs.stanford.edu; "
            "E-mail: jiao@xmu .edu.cn.")
    assert parse_emails(text) == ["xu.a@nudt.edu.cn", "li.b@nudt.edu.cn", "peter@megvii.com",
                                  "zhangchi@megvii.com", "name@cs.stanford.edu", "jiao@xmu.edu.cn"]
    assert email_domains(parse_emails(text)) == ["nudt.edu.cn", "megvii.com", "cs.stanford.edu",
                                                 "xmu.edu.cn"]


def test_record_from_another_source():
    aff = Affiliation.of("Dept. of CS,\n Tsinghua University ", emails=["a@tsinghua.edu.cn"],
                         source="grobid")
    assert (aff.raw, aff.email_domains, aff.source) == (
        "Dept. of CS, Tsinghua University", ["tsinghua.edu.cn"], "grobid")


@pytest.mark.skipif(not (SHARED / "gold.jsonl").exists(), reason="../shared corpus not present")
def test_corpus_institution_recall():
    from rapidfuzz import fuzz
    hits = total = 0
    for line in (SHARED / "gold.jsonl").open():
        gold = json.loads(line)
        pdf = pymupdf.open(SHARED / gold["file"])
        raws = [a.raw.lower() for a in extract_affiliations(pdf[0].get_text("dict"))
                if a.kind == "affiliation"]
        names = [i["name"].split(" (")[0].lower() for i in gold["institutions"]]
        total += len(names)
        hits += sum(any(fuzz.partial_ratio(n, r) >= 90 for r in raws) for n in names)
    assert hits / total >= 0.95


def test_an_article_s_closing_list_of_affiliations():
    from extractors.affiliations import listed_affiliations
    text = ("Ana Lind1,2 · Bo Roth 1 Ana Lind a.lind@velland.edu 1 School of Engineering, Velland University of "
            "Technology, No. 2 Linggong Road, Dalian, China 2 Kestrel Institute, Kestrel, Germany Appendix A More "
            "results 1 3")
    assert [(a.marker, a.raw, a.authors) for a in listed_affiliations(text, 9)] == [
        ("1", "School of Engineering, Velland University of Technology, No. 2 Linggong Road, Dalian, China",
         ["Ana Lind", "Bo Roth"]),
        ("2", "Kestrel Institute, Kestrel, Germany", ["Ana Lind"])]


def _print(page, *lines: tuple[float, float, str, float]) -> None:
    """Lines of (x, y, text, font size)."""
    for x, y, text, size in lines:
        page.insert_text((x, y), text, fontsize=size)


def _head(page, authors: str) -> None:
    """The title, and the authors' line at full size."""
    page.insert_text((100, 100), "A Title Printed in a Large Font", fontsize=16)
    page.insert_text((80, 130), authors, fontsize=11)


@pytest.mark.parametrize("line", [
    "1Velland University   2Kestrel Labs Inc.   3Aldren Institute of Science",      # glued to the names
    "1 Velland University   2 Kestrel Labs Inc.   3 Aldren Institute of Science",   # spaced
])
def test_markers_printed_at_full_size_inside_one_line_open_units(line):
    def draw(page):
        _head(page, "Ana Lind1   Bo Roth2   Cy Mendes1,3")
        page.insert_text((80, 150), line, fontsize=11)
        _abstract_and_body(page, 200, 300)
    raws = [a.raw for a in extract_affiliations(_page(draw))]
    assert raws == ["Velland University", "Kestrel Labs Inc.", "Aldren Institute of Science"]


def test_numbers_inside_an_address_are_no_markers():
    def draw(page):
        _head(page, "Ana Lind")
        page.insert_text((80, 150), "Kestrel Labs Inc., Building 3 Floor 4, Velland, Norway", fontsize=11)
        _abstract_and_body(page, 200, 300)
    assert [a.raw for a in extract_affiliations(_page(draw))] == ["Kestrel Labs Inc., Building 3 Floor 4, Velland, Norway"]


THREE = ["Velland University, Norway", "Kestrel Labs Inc., USA", "Aldren Institute of Science, Japan"]


@pytest.mark.parametrize(("lines", "units"), [
    # one unit a line, numbered 1, 2, 3 at full size, glued to the names
    (["1Velland University, Norway", "2Kestrel Labs Inc., USA", "3Aldren Institute of Science, Japan"], THREE),
    # a count that goes on from the line before
    (["1Velland University, Norway, 2Kestrel Labs Inc., USA,", "3Aldren Institute of Science, Japan"], THREE),
    # symbols at full size opening each line; a bare company name is a unit of its own
    (["* Velland University, Norway", "\u2020 Kestrel Labs Inc., USA", "\u2021 Aldren Institute of Science, Japan"],
     THREE),
    (["* Velland University, Norway", "\u2020 Kestrel, USA", "\u2021 Aldren Institute of Science, Japan"],
     ["Velland University, Norway", "Kestrel, USA", "Aldren Institute of Science, Japan"]),
])
def test_full_size_markers_opening_lines_open_units(lines, units):
    def draw(page):
        _head(page, "Ana Lind1   Bo Roth2   Cy Mendes1,3")
        for i, line in enumerate(lines):
            page.insert_text((80, 150 + 14 * i), line, fontsize=11, fontname="helv" if line.isascii() else "japan")
        _abstract_and_body(page, 220, 320)
    assert [a.raw for a in extract_affiliations(_page(draw))] == units


def test_a_funding_statement_below_the_affiliations_ends_the_header():
    def draw(page):
        _head(page, "Ana Lind1   Bo Roth2")
        page.insert_text((80, 150), "1Department of Physics, Velland University, Norway.", fontsize=11)
        page.insert_text((80, 164), "2Kestrel Labs Inc., Boston, USA.", fontsize=11)
        page.insert_textbox(pymupdf.Rect(80, 176, 560, 240), "Funding statement\nThis research was supported by the "
                            "Aldren Foundation and by NIH R01 MH129439, and the Norlund Medical Research Foundation.",
                            fontsize=11)
        for i in range(12):
            page.insert_text((50, 300 + 12 * i), ABSTRACT[:60], fontsize=10)
    assert [a.raw for a in extract_affiliations(_page(draw))] == ["Department of Physics, Velland University, Norway",
                                                                 "Kestrel Labs Inc., Boston, USA"]


def test_a_line_opening_with_2d_is_no_marker():
    def draw(page):
        _head(page, "Ana Lind")
        page.insert_text((80, 150), "1Velland University, Oslo, Norway", fontsize=11)
        page.insert_text((80, 170), "2D face alignment is hard.", fontsize=11)
        _abstract_and_body(page, 220, 320)
    lines = [ln.tokens for ln in page_lines(_page(draw))]
    assert [("2D face alignment is hard.", False)] in lines


def test_a_funding_statement_among_the_header_lines_is_no_affiliation():
    def draw(page):      # IEEE Access prints the funding above the abstract
        _print(page, (50, 70, "Received April 30, 2019, accepted May 21, 2019, date of publication May 24, 2019.", 9),
               (50, 94, "Digital Object Identifier 10.1109/ACCESS.2019.1234567", 9),
               (50, 112, "Evaluation of Convolution Algorithms", 16), (50, 133, "on Velland Accelerators", 16),
               (50, 158, "ANA LIND, BO ROTH, AND CY MENDES", 10.5),
               (50, 174, "Velland Supercomputing Center, 08034 Velland, Spain", 9),
               (50, 187, "Corresponding author: Ana Lind (ana@velland.es)", 9),
               (50, 199, "This work was supported by the Aldren Union's Horizon 2020 Research and Innovation", 9.5),
               (50, 212, "Program under Grant 749516, and in part by the Norlund Juan de la Velland under", 9.5),
               (50, 224, "Grant IJCI-2017-33511.", 9.5))
        for i in range(8):
            page.insert_text((50, 241 + 12.5 * i), ("ABSTRACT " if i == 0 else "") + ABSTRACT[:70], fontsize=9.5)
        page.insert_text((50, 480), "I. INTRODUCTION", fontsize=10)
    assert [a.raw for a in extract_affiliations(_page(draw))] == ["Velland Supercomputing Center, 08034 Velland, Spain"]


def test_an_affiliation_in_the_abstract_s_block_is_read():
    def draw(page):        # no gap between the last affiliation and the abstract: the layout makes one block
        page.insert_text((100, 100), "A Title Printed in a Large Font", fontsize=16)
        page.insert_text((80, 130), "Ana Lind1 and Bo Roth2,*", fontsize=10.5)
        page.insert_textbox(pymupdf.Rect(80, 140, 540, 180), "1 School of Physics, Velland University, Velland 710021, "
                            "Norway; ana@velland.no", fontsize=9)
        page.insert_textbox(pymupdf.Rect(80, 180, 540, 400), "2 School of Computing, Kestrel University of Aldren, "
                            "Aldren E1 4NS, UK\n* Correspondence: bo@kestrel.ac.uk\nAbstract: " + ABSTRACT * 3, fontsize=9)
    raws = [a.raw for a in extract_affiliations(_page(draw))]
    assert raws == ["School of Physics, Velland University, Velland 710021, Norway",
                    "School of Computing, Kestrel University of Aldren, Aldren E1 4NS, UK"]


def test_an_acm_author_line_with_its_affiliation_cut_after_a_small_word():
    def draw(page):
        page.insert_text((100, 100), "A Title Printed in a Large Font", fontsize=16)
        page.insert_text((50, 130), "ANA LIND, BO ROTH, and CY MENDES, Velland Engineering Research Center for",
                         fontsize=9.5)
        page.insert_text((50, 142), "Imaging Software, School of Computing, Velland University, Velland, Norway",
                         fontsize=9.5)
        _abstract_and_body(page, 200, 300)
    [unit] = extract_affiliations(_page(draw))
    assert unit.raw == ("Velland Engineering Research Center for Imaging Software, School of Computing, Velland "
                        "University, Velland, Norway")
    assert unit.authors == ["ANA LIND", "BO ROTH", "CY MENDES"]


def test_an_author_line_with_its_markers_before_the_names():
    def draw(page):
        page.insert_text((100, 100), "A Title Printed in a Large Font", fontsize=16)
        x = 80
        for marker, name in (("1", "Ana LIND, "), ("2", "Bo ROTH and "), ("2", "Cy MENDES")):
            x = _run(page, _sup(page, x, 130, marker), 130, name, size=11)
        _run(page, _sup(page, 80, 150, "1"), 150, "Velland Polytechnic, Velland, Norway", size=9)
        _run(page, _sup(page, 80, 162, "2"), 162, "Kestrel Research Centre, Aldren, Norway", size=9)
        _abstract_and_body(page, 220, 320)
    units = extract_affiliations(_page(draw))
    assert [(u.raw, u.authors) for u in units] == [("Velland Polytechnic, Velland, Norway", ["Ana LIND"]),
                                                    ("Kestrel Research Centre, Aldren, Norway", ["Bo ROTH", "Cy MENDES"])]


def test_acm_author_lines_naming_two_authors_with_and():
    def draw(page):
        page.insert_text((100, 100), "A Title Printed in a Large Font", fontsize=16)
        page.insert_text((50, 130), "ANA LIND and BO ROTH, Kestrel Research", fontsize=9.5)
        page.insert_text((50, 142), "CY MENDES, Velland University", fontsize=9.5)
        _abstract_and_body(page, 200, 300)
    units = extract_affiliations(_page(draw))
    assert [(u.raw, u.authors) for u in units] == [("Kestrel Research", ["ANA LIND", "BO ROTH"]),
                                                    ("Velland University", ["CY MENDES"])]


def test_a_wrapped_affiliation_line_is_no_acm_author_line():
    def draw(page):
        page.insert_text((100, 100), "A Title Printed in a Large Font", fontsize=16)
        x = _run(page, 80, 130, "Ana Lind", size=11)
        _sup(page, x, 130, "a")
        x = _sup(page, 80, 150, "a")
        page.insert_text((x, 150), "Key Laboratory of Imaging, Velland Provincial Key Laboratory of Multimodal", fontsize=9)
        page.insert_text((80, 162), "Cognitive Computation, and Kestrel AI Joint Laboratory, School of Computing,",
                         fontsize=9)
        page.insert_text((80, 174), "Velland University, Velland, 230601, China", fontsize=9)
        _abstract_and_body(page, 220, 320)
    [unit] = extract_affiliations(_page(draw))
    assert unit.raw.endswith("Velland University, Velland, 230601, China") and "Cognitive Computation" in unit.raw


def test_full_size_markers_before_capital_initials_and_a_funding_line_joined_to_a_unit():
    def draw(page):
        _head(page, "Ana Lind1   Bo Roth2")
        page.insert_text((80, 150), "1A*STAR, Singapore", fontsize=11)
        page.insert_text((80, 164), "2U.S. Velland Research Laboratory, Adelphi, MD, USA", fontsize=11)
        page.insert_text((80, 178), "Supported by the Kestrel Foundation grant IIS-1763523.", fontsize=11)
        _abstract_and_body(page, 230, 330)
    assert [a.raw for a in extract_affiliations(_page(draw))] == ["A*STAR, Singapore",
                                                                 "U.S. Velland Research Laboratory, Adelphi, MD, USA"]


def test_a_name_cut_after_a_small_word_goes_on_in_its_own_column():
    def draw(page):
        _print(page, (100, 100, "A Title Printed in a Large Font", 16), (60, 130, "Ana Lind", 11),
               (330, 130, "Bo Roth", 11), (60, 144, "Department of Computer Science and", 10),
               (330, 144, "Kestrel University", 10), (60, 158, "Engineering, Velland University", 10),
               (330, 158, "Bergen, Norway", 10))
        _abstract_and_body(page, 220, 320)
    raws = [a.raw for a in extract_affiliations(_page(draw))]
    assert raws == ["Department of Computer Science and Engineering, Velland University", "Kestrel University Bergen, Norway"]


@pytest.mark.parametrize(("text", "cleaned"), [
    ("T. Lind was with the Department of Computing, Velland University", "Department of Computing, Velland University"),
    ("Bo Roth is also with Kestrel Labs, Oslo", "Kestrel Labs, Oslo"),
    ("Velland University, Oslo, Norway", "Velland University, Oslo, Norway"),
    ("Ana de la Cruz and Bo Roth are with Kestrel Labs, Oslo", "Kestrel Labs, Oslo"),
    ("T. Lind, Member, IEEE, is now with Kestrel Labs, Oslo", "Kestrel Labs, Oslo"),
    ("Kestrel Research Center is with the Velland Science Park, Oslo", "Kestrel Research Center is with the Velland "
                                                                       "Science Park, Oslo"),
])
def test_a_person_opening_an_ieee_footnote_is_no_part_of_the_affiliation(text, cleaned):
    assert clean(text) == cleaned


def test_a_bare_department_in_the_header_does_not_hide_the_footnote_naming_its_university():
    def draw(page):
        page.insert_text((60, 80), "A Journal Paper Title in IEEE Style", fontsize=22)
        page.insert_text((60, 120), "Ana Lind and Bo Roth", fontsize=10.5)
        page.insert_text((60, 134), "Department of Computing", fontsize=10.5)
        _abstract_and_body(page, 170, 280, lines=25)
        page.insert_text((60, 700), "Ana Lind and Bo Roth are with the Department of Computing, Velland University, "
                                    "Oslo, Norway.", fontsize=7.5)
    raws = [a.raw for a in extract_affiliations(_page(draw))]
    assert raws == ["Department of Computing, Velland University, Oslo, Norway"]


def test_affiliation_lines_opening_with_markers_after_the_author_line_stay_affiliations():
    def draw(page):
        page.insert_text((100, 100), "A Title Printed in a Large Font", fontsize=16)
        x = _sup(page, _run(page, 80, 130, "Ana Lind", size=11), 130, "1")
        _sup(page, _run(page, x + 6, 130, ", Bo Roth", size=11), 130, "2")
        x = _run(page, _sup(page, 80, 150, "1"), 150, "Kestrel Vision   ", size=9)
        _run(page, _sup(page, x, 150, "2"), 150, "Velland Brain", size=9)
        _abstract_and_body(page, 220, 320)
    assert [(u.raw, u.authors) for u in extract_affiliations(_page(draw))] == [
        ("Kestrel Vision", ["Ana Lind"]), ("Velland Brain", ["Bo Roth"])]


@pytest.mark.parametrize("line", [
    "Electrical Engineering and Computer Science, Velland University, Oslo, Norway",   # no ACM list of authors
    "Center for Open Velland Science",              # named like a unit, and no footnote names it otherwise
])
def test_a_header_line_under_the_authors_is_their_affiliation(line):
    def draw(page):
        page.insert_text((100, 100), "A Title Printed in a Large Font", fontsize=16)
        page.insert_text((80, 130), "Ana Lind and Bo Roth", fontsize=11)
        page.insert_text((80, 145), line, fontsize=9)
        _abstract_and_body(page, 220, 320)
    assert [u.raw for u in extract_affiliations(_page(draw))] == [line]


def test_an_author_s_address_and_contact_information_leads():
    def draw(lead):
        def page_(page):
            page.insert_text((60, 80), "A Journal Paper Title in ACM Style", fontsize=16)
            page.insert_text((60, 110), "ANA LIND", fontsize=10)
            _abstract_and_body(page, 150, 260, lines=22)
            page.insert_text((60, 640), f"{lead} A. Lind, Department of Computing, Velland University, Oslo, Norway;",
                             fontsize=7.5)
            page.insert_text((60, 649), "email: ana@velland.no.", fontsize=7.5)
        return page_
    for lead in ("Author's address:", "Authors' Contact Information:"):
        assert [(a.raw, a.authors) for a in extract_affiliations(_page(draw(lead)))] == [
            ("Department of Computing, Velland University, Oslo, Norway", ["A. Lind"])]
