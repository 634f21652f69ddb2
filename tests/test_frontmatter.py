"""Who wrote it, on layouts other than a paper's first page: thesis title pages, repository cover
sheets, patent front pages, downloader stamps; and the organisation test every row must pass.

Every PDF is built here with PyMuPDF; names and texts are invented for the tests.
"""
from __future__ import annotations

import pymupdf
import pytest
from test_registry import SHARED_REGISTRY, shared_cache, write_tiny_registry  # noqa: F401

from extractors.affiliations import Affiliation
from extractors.attribution import affiliation_rows, attribute, is_organisation, organisations
from extractors.tei import TeiAffiliation, TeiDocument
from extractors.text import extract_document
from models.registry import Registry

ROR = "https://ror.org/"
BODY = ("We study how face embeddings behave when the training identities are cleaned, and we report "
        "the verification accuracy of several margin losses on public benchmarks. ") * 3


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Registry:
    root = tmp_path_factory.mktemp("tiny")
    return Registry.load(write_tiny_registry(root / "registry"), cache_dir=root / "cache")


def _pdf(*pages: list[tuple[float, str, float]]) -> bytes:
    """Pages of (y, text, font size) lines at the left margin; each page ends with body text."""
    doc = pymupdf.open()
    for lines in pages:
        page = doc.new_page(width=612, height=792)
        for y, text, size in lines:
            page.insert_text((72, y), text, fontsize=size)
    return doc.tobytes()


def _paper_page(title: str, *front: str) -> list[tuple[float, str, float]]:
    lines = [(90, title, 17)] + [(130 + 14 * i, t, 10) for i, t in enumerate(front)]
    lines.append((230, "Abstract", 12))
    lines += [(250 + 12 * i, BODY[i * 80:(i + 1) * 80], 10) for i in range(6)]
    return lines


def _rows(data: bytes, registry: Registry):
    who = attribute(extract_document(data), registry)
    return who, [(r["institution"], r["sector"], r["country"], r["page"]) for r in who.affiliations]


def test_thesis_title_page_gives_the_university_not_its_fields(tiny):
    title_page = [(100, "MARGIN LOSSES FOR COMPACT FACE EMBEDDINGS", 16), (140, "by", 11),
                  (160, "Mira Okafor-Lund", 12),
                  (200, "A thesis submitted in partial fulfilment of the requirements", 11),
                  (214, "for the degree of Master of Science", 11),
                  (250, "MAJOR: COMPUTER SCIENCE", 11), (264, "EDUCATION LEVEL: POSTGRADUATE", 11),
                  (278, "SUPERVISOR: Prof. Lin Haoran", 11),
                  (320, "Department of Computer Science and Technology", 12), (334, "Tsinghua University", 12),
                  (348, "Beijing, China", 12), (380, "June 2021", 11)]
    who, rows = _rows(_pdf(title_page, _paper_page("Chapter 1")), tiny)
    assert rows == [("Tsinghua University", "education", "CN", 1)]
    assert who.affiliations[0]["author"] == "Mira Okafor-Lund"


def test_thesis_cover_with_labelled_fields(tiny):
    cover = [(100, "FACE RECOGNITION UNDER OCCLUSION", 16), (150, "BACHELOR THESIS", 12),
             (190, "STUDENT: Pavel Brightwater", 11), (204, "MAJOR: SOFTWARE ENGINEERING", 11),
             (218, "SUPERVISOR: Dr. Amara Quist", 11), (232, "UNIVERSITY: Zorblax University", 11),
             (246, "FACULTY: Faculty of Informatics", 11), (260, "DEGREE: Bachelor of Engineering", 11)]
    _, rows = _rows(_pdf(cover, _paper_page("Introduction")), tiny)
    assert rows == [("Zorblax University", "education", None, 1)]


def test_report_and_thesis_covers_that_name_their_body_in_a_field_or_a_sentence(tiny):
    report = [(80, "Report No. VRL-TR-7774", 11), (100, "Thermal Face Data Collection", 15),
              (130, "Descriptive Note: Technical Report", 10),
              (145, "Corporate Author: Sensors Directorate, Tsinghua University Beijing China", 10),
              (160, "Authors: Ann Smith and Bo Li", 10)]
    _, rows = _rows(_pdf(report, _paper_page("Introduction")), tiny)
    assert [r[0] for r in rows] == ["Tsinghua University"]
    cover = [(80, "repository.example.org/publications", 9), (110, "A Thesis Submitted for the Degree of PhD at", 12),
             (126, "Tsinghua University", 12), (150, "Permanent repository URL:", 10),
             (164, "http://repository.example.org/143315", 10)]
    _, rows = _rows(_pdf(cover, _paper_page("Chapter 1")), tiny)
    assert [r[0] for r in rows] == ["Tsinghua University"]


@pytest.mark.parametrize("degree", ["Doctor of Philosophy", "Master of Philosophy", "PhD"])
def test_a_degree_of_several_words_at_a_university_named_across_lines(tiny, degree):
    cover = [(100, "A Study of Face Embeddings", 16), (140, "Mira Okafor-Lund", 12), (160, "Master of Engineering", 11),
             (190, f"A thesis submitted for the degree of {degree} at Tsinghua", 11),
             (204, "University in 2021", 11), (230, "Information Technology and Electrical Engineering", 11)]
    _, rows = _rows(_pdf(cover, _paper_page("Chapter 1")), tiny)
    assert [r[0] for r in rows] == ["Tsinghua University"]


@pytest.mark.parametrize("lines", [
    ["A thesis submitted for the degree of Doctor of Philosophy at", "The Tsinghua University in 2021",
     "School of Automation"],
    ["Submitted in accordance with the requirements for the degree of Doctor of Philosophy", "Tsinghua University",
     "School of Automation"],
    ["A thesis presented for the degree of Doctor of Philosophy", "School of Automation", "Tsinghua University"],
])
def test_a_degree_sentence_and_the_institution_lines_around_it(tiny, lines):
    cover = [(100, "A Study of Face Embeddings", 16), (140, "Mira Okafor-Lund", 12),
             *[(190 + 14 * i, line, 11) for i, line in enumerate(lines)]]
    _, rows = _rows(_pdf(cover, _paper_page("Chapter 1")), tiny)
    assert [r[0] for r in rows] == ["Tsinghua University"]


@pytest.mark.parametrize("kind", [[(300, "THESIS", 12)], [(300, "MASTER THESIS", 12)],
                                  [(300, "TESIS", 12), (320, "QUE PARA OBTENER EL GRADO DE MAESTRÍA EN CÓMPUTO", 11),
                                   (340, "DIRECTORES DE TESIS:", 11)]])
def test_a_title_page_that_says_what_it_is(tiny, kind):
    """"MASTER THESIS" in capitals, or a Spanish title page, without "submitted ... for the degree"."""
    title_page = [(80, "TSINGHUA UNIVERSITY", 14), (100, "DEPARTMENT OF AUTOMATION", 12),
                  (160, "FACE RECOGNITION WITH SELF-ORGANISING MAPS", 15), (200, "MIRA OKAFOR-LUND", 12),
                  *kind, (400, "Beijing, September 2020", 11)]
    _, rows = _rows(_pdf(title_page, _paper_page("Chapter 1")), tiny)
    assert [r[0] for r in rows] == ["Tsinghua University"]


def test_a_paper_mentioning_a_master_s_thesis_is_no_title_page(tiny):
    page = [(90, "Margin Losses for Compact Face Embeddings", 17), (130, "Ann Smith, Bo Li", 10),
            (144, "Tsinghua University, Beijing, China", 10), (158, "Stanford University, Stanford, USA", 10),
            (230, "Abstract", 12),
            *[(250 + 12 * i, BODY[i * 80:(i + 1) * 80], 10) for i in range(3)],
            (700, "This paper summarises the first author's Master Thesis at Tsinghua University.", 8)]
    who, rows = _rows(_pdf(page), tiny)
    assert [r[0] for r in rows] == ["Tsinghua University", "Stanford University"]
    assert all("Margin" not in (r["author"] or "") for r in who.affiliations)


def test_an_unregistered_organisation_is_not_named_after_its_address(tiny):
    from extractors.attribution import match
    assert match("Department of Computer Science, Springfield, IL", tiny)[0].institution != "IL"


def test_a_field_of_study_printed_alone_is_no_organisation(tiny):
    """A department's name without "Department of": the organisation is the next segment, or none."""
    from extractors.attribution import match
    assert [m.institution for m in match("Electrical and Computer Engineering, Kestrel Institute, Oslo", tiny)] \
        == ["Kestrel Institute"]
    assert match("Computer Science and Engineering, the Department of", tiny) == []
    assert [(m.institution, m.sector) for m in match("Applied Information Sciences, Reston, VA", tiny)] == [
        ("Applied Information Sciences", "company")]        # (a company named in such words)


@pytest.mark.parametrize("text", ["Kestrel Monitor sp. z o. o.", "Raggruppamento Carabinieri Velland Scientifiche"])
def test_a_legal_form_or_an_authority_s_word_names_an_organisation(tiny, text):
    assert is_organisation(text, False, tiny)


@pytest.mark.parametrize("text", ["Research Report in Electronics", "Organisation:", "Journal of Velland Computing"])
def test_a_publication_or_a_form_label_is_no_organisation(tiny, text):
    assert not is_organisation(text, False, tiny)


def test_repository_cover_sheet_is_skipped_for_the_paper(tiny):
    cover = [(80, "See discussions, stats, and author profiles for this publication at: a repository", 8),
             (120, "Margin Losses for Compact Face Embeddings", 14), (150, "Article in a Journal of Faces", 9),
             (180, "CITATIONS 12     READS 340", 9), (220, "Ann Smith", 10), (234, "Stanford University", 9),
             (248, "247 PUBLICATIONS 9 CITATIONS", 8), (262, "SEE PROFILE", 8),
             (320, "All content following this page was uploaded by Ann Smith on 1 May 2020.", 8)]
    paper = _paper_page("Margin Losses for Compact Face Embeddings", "Ann Smith, Bo Li",
                        "Institute of Automation, Chinese Academy of Sciences, Beijing, China")
    who, rows = _rows(_pdf(cover, paper), tiny)
    assert rows == [("Institute of Automation", "facility", "CN", 2)]
    assert not any("PUBLICATIONS" in r["raw"] for r in who.affiliations)


@pytest.mark.parametrize("cue", ["Citation for published item:", "Version of attached file: Accepted Version",
                                 "Document Version: Peer reviewed version", "Link to publication in the portal"])
def test_institutional_repository_cover_sheet_is_skipped_for_the_paper(tiny, cue):
    """University repositories print the item's record (citation, version, deposit date) on page 1;
    the library's address there is not the authors' affiliation."""
    cover = [(80, "Velland Research Online", 12), (110, "Deposited in the repository: 7 November 2016", 9),
             (130, cue, 9), (150, "Smith, Ann (2016) 'Margin losses for compact face embeddings.', in proceedings.", 9),
             (200, "Kestrel University Library, Stockton Road, Velland, United Kingdom", 8)]
    paper = _paper_page("Margin Losses for Compact Face Embeddings", "Ann Smith, Bo Li",
                        "Institute of Automation, Chinese Academy of Sciences, Beijing, China")
    who, rows = _rows(_pdf(cover, paper), tiny)
    assert rows == [("Institute of Automation", "facility", "CN", 2)]


def test_cover_sheet_profiles_when_the_paper_names_no_institution(tiny):
    cover = [(80, "See discussions, stats, and author profiles for this publication at: a repository", 8),
             (120, "A Short Note on Face Embeddings", 14), (220, "Ann Smith", 10),
             (234, "Stanford University", 9), (248, "247 PUBLICATIONS 9 CITATIONS", 8), (262, "SEE PROFILE", 8)]
    _, rows = _rows(_pdf(cover, _paper_page("A Short Note on Face Embeddings", "Ann Smith")), tiny)
    assert rows == [("Stanford University", "education", "US", 1)]


def test_patent_front_page_assignee_and_applicant_not_inventors(tiny):
    front = [(70, "(12) United States Patent", 12), (90, "(54) FACE MATCHING DEVICE AND METHOD", 10),
             (110, "(71) Applicant: Qianmu Vision Technology Co., Ltd., Shenzhen (CN)", 9),
             (124, "(72) Inventors: Wei Zhang, Shenzhen (CN); Na Li, Shenzhen (CN)", 9),
             (138, "(73) Assignee: Stanford University, Stanford, CA (US)", 9),
             (152, "(21) Appl. No.: 17/123,456", 9), (166, "(22) Filed: Mar. 3, 2021", 9),
             (200, "(57) ABSTRACT", 10)] + [(220 + 12 * i, BODY[i * 80:(i + 1) * 80], 9) for i in range(5)]
    who, rows = _rows(_pdf(front), tiny)
    assert rows[0] == ("Stanford University", "education", "US", 1)
    assert rows[1][0].startswith("Qianmu Vision Technology Co") and rows[1][1:] == ("company", "CN", 1)
    assert len(rows) == 2
    assert who.affiliations[0]["author"] == "Wei Zhang; Na Li"


def test_labelled_affiliation_keeps_the_value_only(tiny):
    page = _paper_page("Margin Losses for Compact Face Embeddings", "Ann Smith, Bo Li",
                       "Affiliation: Tsinghua University, Beijing, China")
    _, rows = _rows(_pdf(page), tiny)
    assert rows == [("Tsinghua University", "education", "CN", 1)]


def test_report_cover_names_its_issuing_body(tiny):
    cover = [(100, "TECHNICAL REPORT TR-2021-07", 12), (140, "Face Embeddings Under Occlusion", 16),
             (180, "Ann Smith", 11), (200, "Issued by: Institute of Automation, Chinese Academy of Sciences", 10),
             (220, "March 2021", 10)]
    _, rows = _rows(_pdf(cover, _paper_page("1 Introduction")), tiny)
    assert rows == [("Institute of Automation", "facility", "CN", 1)]


def test_downloaders_stamp_is_never_an_affiliation(tiny):
    page = _paper_page("Margin Losses for Compact Face Embeddings", "Ann Smith, Bo Li", "Tsinghua University")
    page.append((770, "Authorized licensed use limited to: Stanford University. Downloaded on May 01,2021 at "
                      "10:00:00 UTC from IEEE Xplore. Restrictions apply.", 6))
    _, rows = _rows(_pdf(page), tiny)
    assert rows == [("Tsinghua University", "education", "CN", 1)]


@pytest.mark.parametrize("front", [
    "Ann Smith and Bo Li, Tsinghua University, Beijing, China",
])
def test_byline_names_are_not_institutions(tiny, front):
    page = _paper_page("Margin Losses for Compact Face Embeddings", "Jane Q. Public", front)
    who, rows = _rows(_pdf(page), tiny)
    assert [r[0] for r in rows] == ["Tsinghua University"]


def test_multi_unit_string_gives_the_institute_with_its_parent(tiny):
    page = _paper_page("Margin Losses", "Ann Smith",
                       "National Laboratory of Shape Reading (NLSR) & Centre for Seeing Machines (CSM),",
                       "Institute of Automation, Chinese Academy of Sciences, Beijing, China")
    who, rows = _rows(_pdf(page), tiny)
    assert rows == [("Institute of Automation", "facility", "CN", 1)]
    row = who.affiliations[0]
    assert (row["parent_ror_id"], row["parent"]) == (ROR + "034t30j35", "Chinese Academy of Sciences")
    assert row["units"] == ["National Laboratory of Shape Reading", "Centre for Seeing Machines"]


def test_joint_lab_gives_each_party_with_its_own_country(tiny):
    page = _paper_page("Margin Losses", "Ann Smith", "NUS-Tencent Joint Lab, Shenzhen, China")
    _, rows = _rows(_pdf(page), tiny)
    assert sorted(rows) == [("National University of Singapore", "education", "SG", 1),
                            ("Tencent (China)", "company", "CN", 1)]


def test_ministry_key_lab_is_education_not_government(tiny):
    page = _paper_page("Margin Losses", "Ann Smith",
                       "Key Laboratory of Shape Reading, Ministry of Education, Beijing, China")
    _, rows = _rows(_pdf(page), tiny)
    assert [(r[1], r[2]) for r in rows] == [("education", "CN")]
    page = _paper_page("Margin Losses", "Ann Smith",
                       "Key Laboratory of Shape Reading (Ministry of Education), Tsinghua University, Beijing")
    assert _rows(_pdf(page), tiny)[1] == [("Tsinghua University", "education", "CN", 1)]


@pytest.mark.parametrize("text", [
    "Jane Q. Public", "Doug Ashworth, Petra Nilsson, Kwame Mensah", "1. Firstname Lastname",
    "MAJOR: COMPUTER SCIENCE", "EDUCATION LEVEL: UNIVERSITY", "MARGIN LOSSES FOR COMPACT FACE EMBEDDINGS",
    "Stanford University 247 PUBLICATIONS 9 CITATIONS", "2021", "10086 / 37", "Abstract",
    "CS 210 Final Project — Vision track", "Course Project Report",     # a student write-up's header
])
def test_not_an_organisation(text):
    assert not is_organisation(text, False)


@pytest.mark.parametrize("text", ["Zorblax University", "Qianmu Vision Technology Co., Ltd.", "FaceSoft",
                                  "Key Laboratory of Shape Reading", "Google DeepMind", "Mercari JP"])
def test_an_organisation(text):
    assert is_organisation(text, False)


@pytest.mark.skipif(not SHARED_REGISTRY.is_dir(), reason=f"shared registry data not found at {SHARED_REGISTRY}")
@pytest.mark.parametrize(("text", "expected"), [("Technology", False), ("Institute of Science and Technology", False),
                                                ("Department of Computer Science", True), ("Megvii", True)])
def test_generic_words_cut_off_their_name(shared_cache, text, expected):
    registry = Registry.load(SHARED_REGISTRY, cache_dir=shared_cache)
    assert is_organisation(text, False, registry) is expected


@pytest.mark.parametrize(("text", "expected"), [("UNIVERSIDADE DO VALE DO VELLAND - UNIVEL", True),
                                                ("ESTUDO COMPARATIVO DE ALGORITMOS DE BIOMETRIA", False)])
def test_a_university_set_in_capitals_is_an_organisation_and_a_title_is_not(tiny, text, expected):
    assert is_organisation(text, False, tiny) is expected


def test_rejected_rows_are_counted(tiny):
    rows = affiliation_rows([Affiliation.of("Doug Ashworth, Petra Nilsson, Kwame Mensah"),
                             Affiliation.of("EDUCATION LEVEL: UNIVERSITY"),
                             Affiliation.of("Tsinghua University, Beijing, China")], tiny)
    kept, rejected = organisations(rows, tiny)
    assert [r["institution"] for r in kept] == ["Tsinghua University"] and rejected == 2


def test_an_unregistered_organisation_printed_after_its_unit_is_named_and_kept(tiny):
    rows = affiliation_rows([Affiliation.of("AI-ED Department, Velland Ouest, 20 Hafenstrasse, 10115 Berlin, Germany"),
                             Affiliation.of("Department of Informatics, Kestrel Tech, Atlantis")], tiny)
    kept, rejected = organisations(rows, tiny)
    assert [(r["institution"], r["country"]) for r in kept] == [("Velland Ouest", "DE"), ("Kestrel Tech", "DE")]
    assert rejected == 0


def test_attribution_counts_what_it_rejects(tiny):
    page = _paper_page("Margin Losses for Compact Face Embeddings", "Ann Smith, Bo Li", "Tsinghua University")
    who = attribute(extract_document(_pdf(page)), tiny)
    assert who.rejected == 0 and who.summary()["affiliations_rejected"] == 0
    person = Affiliation.of("Doug Ashworth, Petra Nilsson", source="grobid")
    tei = TeiDocument(title=None, year=None, version=None, n_pages=None,
                      affiliations=[TeiAffiliation("aff0", person)])
    who = attribute(extract_document(_pdf(page)), tiny, tei)
    assert who.rejected == 1 and [r["institution"] for r in who.affiliations] == ["Tsinghua University"]


@pytest.mark.parametrize(("other", "key"), [("Tsinghua University, Beijing, China", ROR + "022c3hy66"),
                                            ("Velland Institute, Berlin, Germany", ROR + "056qj1t15")])
def test_a_name_two_countries_share_is_the_one_of_the_paper_s_other_institutions(tiny, other, key):
    """The tiny registry has an Institute of Automation in China and one in Germany."""
    rows = affiliation_rows([Affiliation.of("Institute of Automation"), Affiliation.of(other)], tiny)
    assert rows[0]["ror_id"] == key
    alone = affiliation_rows([Affiliation.of("Institute of Automation")], tiny)
    assert alone[0]["ror_id"] is None


def test_a_unit_printed_with_its_university_is_not_a_namesake_elsewhere(tiny):
    rows = affiliation_rows([Affiliation.of("Institute of Automation, Velland University of Technology"),
                             Affiliation.of("Tsinghua University, Beijing, China")], tiny)
    assert rows[0]["ror_id"] is None


def test_affiliations_listed_at_the_end_of_the_article(tiny):
    """Springer Nature: page 1 names the authors and says the affiliations are on the last page."""
    first = _paper_page("Margin Losses for Compact Face Embeddings", "Mira Okafor-Lund 1,2 · Bo Li 3")
    first.append((700, "Extended author information available on the last page of the article", 8))
    last = [(90, "References", 12), (110, "[1] A. Author. A paper. Journal, 2019.", 9),
            (160, "Authors and Affiliations", 11),
            (180, "Mira Okafor-Lund 1,2 · Bo Li 3", 9), (194, "Bo Li bo.li@example.edu", 9),
            (208, "1 Department of Automation, Tsinghua University, Beijing, China", 9),
            (222, "2 School of Informatics, Velland University of Technology, Box 11155, Velland, Germany", 9),
            (236, "3 Stanford University, Stanford, CA, USA", 9)]
    who, rows = _rows(_pdf(first, last), tiny)
    assert [(r[0], r[3]) for r in rows] == [("Tsinghua University", 2), ("Velland University of Technology", 2),
                                            ("Stanford University", 2)]
    assert who.affiliations[0]["author"] == "Mira Okafor-Lund" and who.affiliations[2]["author"] == "Bo Li"
    first.pop()       # without page 1's note, an affiliations heading at the end is not read
    _, rows = _rows(_pdf(first, last), tiny)
    assert rows == []


def test_a_german_title_page_names_its_university_declined(tiny):
    cover = [(100, "Analyse von Gesichtsmerkmalen", 16), (140, "vorgelegt von M. Sc. Mira Okafor-Lund", 11),
             (160, "an der Fakultät IV - Elektrotechnik und Informatik", 11),
             (174, "der Technischen Universität Velland", 11),
             (188, "zur Erlangung des akademischen Grades Doktor der Ingenieurwissenschaften", 11),
             (202, "genehmigte Dissertation", 11), (230, "Promotionsausschuss:", 11),
             (244, "Gutachter: Prof. Dr.-Ing. Bo Li", 11), (280, "Velland 2024", 11)]
    _, rows = _rows(_pdf(cover, _paper_page("Kapitel 1")), tiny)
    assert [(r[0], r[1]) for r in rows] == [("Technische Universität Velland", "education")]


@pytest.mark.skipif(not SHARED_REGISTRY.is_dir(), reason=f"shared registry data not found at {SHARED_REGISTRY}")
def test_an_academy_s_institute_listed_with_the_academy_is_an_institution_of_its_own(shared_cache):
    registry = Registry.load(SHARED_REGISTRY, cache_dir=shared_cache)
    rows = affiliation_rows([
        Affiliation.of("State Key Laboratory of Robotics, Shenyang Institute of Automation, Chinese Academy of Sciences, "
                       "Shenyang 110016, China"),
        Affiliation.of("Institutes for Robotics and Intelligent Manufacturing, Chinese Academy of Sciences, Shenyang, "
                       "China")], registry)
    assert [r["institution"] for r in rows] == ["Shenyang Institute of Automation", "Chinese Academy of Sciences"]
