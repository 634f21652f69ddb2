"""Funder extraction from acknowledgment and funding statements."""
from __future__ import annotations

import json
from pathlib import Path

import pymupdf
import pytest

from test_registry import SHARED_REGISTRY, write_tiny_registry

from extractors.attribution import acknowledged_funders, funder_rows
from extractors.funders import extract_funders, funder_sector, grant_ids
from models.records import Block, Document
from models.registry import Registry

SHARED = Path(__file__).parents[1] / ".." / "shared" / "corpus"


def _pairs(text: str) -> list[tuple[str, list[str]]]:
    return [(f.raw, f.grant_ids) for f in extract_funders(text, 8)]


def test_one_record_per_funder_with_its_grants():
    text = ("This work was supported by the National Natural Science Foundation of China (Grant No. "
            "61672519, 61876178) and the Key Research Program of Frontier Sciences, CAS "
            "(QYZDB-SSW-JSC009).")
    assert _pairs(text) == [
        ("National Natural Science Foundation of China", ["61672519", "61876178"]),
        ("Key Research Program of Frontier Sciences, CAS", ["QYZDB-SSW-JSC009"])]
    first = extract_funders(text, 8)[0]
    assert first.page == 8 and first.quote.startswith("the National Natural Science Foundation")
    assert first.name == "National Natural Science Foundation of China"


def test_contract_and_award_numbers():
    text = ("This research is based upon work supported by the Office of the Director of National "
            "Intelligence (ODNI), Intelligence Advanced Research Projects Activity (IARPA), via "
            "IARPA contract number 2014-14071600010. The views and conclusions contained herein "
            "are those of the authors. This work was supported in part by NSF IIS-1763523 and ONR "
            "grant N00014-18-1-2193.")
    assert _pairs(text) == [
        ("Office of the Director of National Intelligence (ODNI)", []),
        ("Intelligence Advanced Research Projects Activity (IARPA)", ["2014-14071600010"]),
        ("NSF", ["IIS-1763523"]), ("ONR", ["N00014-18-1-2193"])]


def test_a_programme_the_grant_falls_under_is_a_funder_of_its_own():
    text = ("This project has received funding from the Norlund Research Council (NRC) under the Union's "
            "Horizon 2030 research programme (grant agreement No 819580). It was also supported by the Aldren "
            "Trust under the Grant No. 4417202.")
    assert _pairs(text) == [("Norlund Research Council (NRC)", []),
                            ("Union's Horizon 2030 research programme", ["819580"]), ("Aldren Trust", ["4417202"])]


def test_a_grant_number_with_its_programme_in_parentheses_is_no_funder():
    """Korean statements print the grant's programme and its host university after the number."""
    text = ("This research was supported by the Velland Institute of Technology Planning & Evaluation (VITP) "
            "grant funded by the Norlund government (MSIT) (No. 2021-0-01234, Graduate School of AI Program "
            "(Kestrel University)).")
    assert _pairs(text) == [("Velland Institute of Technology Planning & Evaluation (VITP)", []),
                            ("Norlund government (MSIT)", ["2021-0-01234"])]
    rows = funder_rows(extract_funders(text, 9), None)
    assert [r["sector"] for r in rows] == ["government", "government"]     # an agency, not an institute of technology


def test_funders_thanked_for_their_money_are_named_before_it():
    text = ("The authors thank VELCAP, NORFAP (grants #2014/12236-1 and #2017/12646-3), KESTQ (grant #309330/2018-1) "
            "for the financial support, and Kestrel for the donation of a GPU. We would like to thank the Aldren "
            "Trust for funding this research. The Norlund Research Council is gratefully acknowledged for financial "
            "support. We thank Bob Smith for his financial support and the reviewers for their comments.")
    assert _pairs(text) == [("VELCAP", []), ("NORFAP", ["2014/12236-1", "2017/12646-3"]),
                            ("KESTQ", ["309330/2018-1"]), ("Aldren Trust", []), ("Norlund Research Council", [])]
    footnote = _document((1, "body", "Index Terms: face verification, makeup. The authors thank the Velland "
                                     "Science Foundation for its financial support."))
    assert _funders(footnote) == [(1, "Velland Science Foundation")]


def test_an_organisation_said_to_have_provided_support_and_fellowships_named_after_their_funder():
    text = ("This work was supported by the Velland Science Foundation under award CNS-0509093. Ana Lind is "
            "supported by a Kestrel Research Student Fellowship. Bo Roth is supported by an Aldren PhD Fellowship. "
            "Norlund Corp. has provided additional support. Our colleagues provided support for the annotation, and the "
            "results provided support for the hypothesis. The Aldren Study Group provided support for the association "
            "between sleep and memory. In addition, the Norlund Trust has provided support. Bo Roth holds a Marie "
            "Curie PhD Fellowship.")
    assert [raw for raw, _ in _pairs(text)] == ["Velland Science Foundation", "Kestrel Research", "Aldren",
                                                "Norlund Corp", "Norlund Trust"]
    assert [raw for raw, _ in _pairs("Bo Roth is supported by a Marie Curie PhD Fellowship.")] == [
        "Marie Curie PhD Fellowship"]


def test_what_is_thanked_besides_money_is_no_funder():
    text = ("We thank Ruth Okafor for insightful discussions and the Velland Philanthropy Project for funding. We thank "
            "Ann Lee, Bo Chen and Carl Diaz for helpful discussions, and the Kestrel Foundation for financial support. "
            "We thank H. Li for the financial support. Dr. John Smith is gratefully acknowledged for funding the "
            "workshop. We thank the Aldren Centre for Supercomputing for funding this project by providing computing "
            "time on its cluster.")
    assert [raw for raw, _ in _pairs(text)] == ["Velland Philanthropy Project", "Kestrel Foundation"]
    body = _document((2, "body", "Thanks to ImageNet, startups now compete for funding."))
    assert _funders(body) == []


def test_statement_shapes_of_footnotes_theses_and_journals():
    footnote = _document(
        (1, "body", "Manuscript received May 4, 2002. The work of K.-R. Lindqvist was supported in part by the Velland "
                    "Research Foundation (VRF) under grant VR-2291."),
        (1, "body", "Research was sponsored by the Kestrel Research Laboratory under Agreement W911NF-10-2-0022."))
    assert _funders(footnote) == [(1, "Velland Research Foundation (VRF)"), (1, "Kestrel Research Laboratory")]
    assert _pairs("I gratefully acknowledge the financial support I received from the Aldren Trust and the Velland "
                  "Centre for Doctoral Training.") == [("Aldren Trust", []), ("Velland Centre for Doctoral Training", [])]
    assert [raw for raw, _ in _pairs("Funding information Norlund Science Council (NSC-2291); Velland Trust.")] == [
        "Norlund Science Council", "Velland Trust"]
    assert _pairs("Funding Open Access funding enabled and organized by Projekt Velland.") == []
    assert _pairs("Funding Scheme: Collaborative Project. Period covered: from August 2013 to October 2016.") == []


def test_what_the_second_review_found():
    """Organisations thanked by a plain name, names with "for ... and", funding bodies whose names say
    infrastructure or cloud, a country opening the next funder's name, a thanking author."""
    text = ("We thank Kestrelcom for funding this research. The authors thank the Velland Foundation for Science and "
            "Technology (VFST) for the financial support. This work was supported by the Norlund Agency for "
            "Infrastructure Technology Advancement (NAITA) grant funded by the Ministry of Land, Infrastructure and "
            "Transport. It was also supported by the NSFKX, China Postdoctoral Science Foundation (2019M123456).")
    assert [raw for raw, _ in _pairs(text)] == [
        "Kestrelcom", "Velland Foundation for Science and Technology (VFST)",
        "Norlund Agency for Infrastructure Technology Advancement (NAITA)", "Ministry of Land, Infrastructure and Transport",
        "NSFKX", "China Postdoctoral Science Foundation"]
    body = _document((1, "body", "The first author thanks the Velland Scholarship Council for the financial support."),
                     (2, "body", "We are grateful for the support we received from colleagues at Kestrel Brain."))
    assert _funders(body) == [(1, "Velland Scholarship Council")]


def test_gifts_name_their_givers_in_a_plain_list():
    text = ("This research was supported by the Velland Science Fellowship, gifts from Kestrelcom, Aldrenix, and "
            "Norlund Vision Technology, and grants from the Velland GRO program.")
    assert [raw for raw, _ in _pairs(text)] == ["Velland Science Fellowship", "Kestrelcom", "Aldrenix",
                                                "Norlund Vision Technology", "Velland GRO program"]


def test_a_company_s_legal_form_ends_it_in_a_list():
    text = ("This work was supported in part by Kestrel Vision Co., Ltd., Velland Institute of Technology Planning & "
            "Evaluation (VITP) grant funded by the Norlund government (MSIT) (No. 2019-0-00075).")
    assert [raw for raw, _ in _pairs(text)] == ["Kestrel Vision Co., Ltd", "Velland Institute of Technology Planning & "
                                                "Evaluation (VITP)", "Norlund government (MSIT)"]


def test_a_funder_s_country_and_shared_infrastructure_are_no_funders():
    text = ("HJS is supported by funding from the Velland Trust, UK and the Kestrel Foundation, USA. This work was "
            "supported by the Norlund Science Council (NSC-2291) and the High-Performance Computing Center at Aldren "
            "University, as well as the NSFKX.")
    assert [raw for raw, _ in _pairs(text)] == ["Velland Trust", "Kestrel Foundation", "Norlund Science Council", "NSFKX"]


def test_a_country_after_an_acronym_and_a_grant_funded_through_another_body():
    [funder] = extract_funders("This work was supported by the NSFKX, UK (EP/R026173/1).", 8)
    assert (funder.raw, funder.grant_ids, funder.place) == ("NSFKX", ["EP/R026173/1"], "UK")
    text = ("This work was supported by the Velland Research Foundation (VRF) grant, which is funded by the Norlund "
            "government (MSIT) (No. 2021R1A2C1012345).")
    assert [raw for raw, _ in _pairs(text)] == ["Velland Research Foundation (VRF)", "Norlund government (MSIT)"]
    text = "The study was funded by a Velland Collaborative Research (VCR) grant from the Norlund Science Ministry."
    assert [raw for raw, _ in _pairs(text)] == ["Velland Collaborative Research (VCR)", "Norlund Science Ministry"]


@pytest.mark.parametrize("text", [
    # numeric grant ids, with and without the article and "No."
    "This work was funded by the Velland Office of Naval Research grant N00014-21-1-2290 and by the Kestrel "
    "Institutes of Health Research award 20-7741.",
    "Supported in part by Velland Office of Naval Research Grant No. N00014-21-1-2290, and Kestrel Institutes of "
    "Health Research Contract 20-7741.",
    "We acknowledge support from the Velland Office of Naval Research under grant N00014-21-1-2290 and from the "
    "Kestrel Institutes of Health Research through award 20-7741.",
])
def test_a_funder_whose_name_ends_in_research_keeps_it_before_its_grant(text):
    assert [raw for raw, _ in _pairs(text)] == ["Velland Office of Naval Research",
                                                "Kestrel Institutes of Health Research"]


@pytest.mark.parametrize(("text", "funders"), [
    ("This work was supported by a research grant (VR-20445) from the Velland Science Council.",
     ["Velland Science Council"]),
    ("The authors were supported by the Kestrel Foundation under the research grant 2020-4471.", ["Kestrel Foundation"]),
    ("Supported by Research Grant 2021-12345 from the Kestrel Foundation.", ["Kestrel Foundation"]),
    ("This work was supported by the VRF research grant 2021-445566 and the Kestrel Science Foundation Research "
     "Grant 7788990.", ["VRF", "Kestrel Science Foundation"]),
    # a grant's kind is no part of the name, before its id or alone
    ("This work was supported by the Velland NIHV grant R01 and by the Kestrel Agency award K99.",
     ["Velland NIHV", "Kestrel Agency"]),
    ("Funded by NIHV under grant R01 GM123456, NIHV R01 EY654321 and the Kestrel Agency grant UL1 TR001863.",
     ["NIHV", "Kestrel Agency"]),
    # a list of one funder's grants, each to an author, some by a numbered project
    ("This work was supported by VNIH grants R01 CA192381 and U54 CA210181 Project 2 to RAB; the Kestrel Fellowship to "
     "RAB; VNIH grants U01 CA200468, R01 CA218004, and P01 CA117696 to AM.",
     ["VNIH", "Kestrel Fellowship"]),
])
def test_research_grant_words_and_grant_kinds_are_not_the_funder_s_name(text, funders):
    assert [raw for raw, _ in _pairs(text)] == funders


def test_a_semicolon_ends_a_funder_unless_its_grant_follows():
    text = ("Funding: Velland Research Foundation; Grant/Award Number: 390727645; Kestrel Science Council; "
            "Grant/Award Number: 61672519")
    assert _pairs(text) == [("Velland Research Foundation", ["390727645"]), ("Kestrel Science Council", ["61672519"])]
    text = "This research is supported by the Ministry of Education, Velland; under its Research Fund Tier 2 (VEL-T2-0006)."
    assert _pairs(text) == [("Ministry of Education, Velland", ["VEL-T2-0006"])]
    text = "Supported by the Velland Science Council (2291-445; 2291-446) and the Kestrel Fund; grant number KF-20-771."
    assert _pairs(text) == [("Velland Science Council", ["2291-445", "2291-446"]), ("Kestrel Fund", ["KF-20-771"])]


def test_the_bodies_that_fund_a_named_programme_are_each_a_funder():
    text = "This work was supported in part by VCARAI funded by VDAPA and KADD under Grant UD230017TD."
    assert _pairs(text) == [("VCARAI", []), ("VDAPA", []), ("KADD", ["UD230017TD"])]
    text = "It was funded by the Velland Lab programme, funded by the Kestrel Council and the Aldren Trust."
    assert [raw for raw, _ in _pairs(text)] == ["Velland Lab programme", "Kestrel Council", "Aldren Trust"]


def test_a_person_supported_by_a_funder_is_no_funder():
    text = ("This work was supported by the Velland Research Council (VRC-2291); K. Lindqvist was supported by a "
            "Norlund Science Fellowship and J. Okafor is partially funded by the Kestrel Trust.")
    assert [raw for raw, _ in _pairs(text)] == ["Velland Research Council", "Norlund Science Fellowship",
                                                "Kestrel Trust"]
    # a quotation ends the sentence before the next person's statement: what precedes the person stays
    text = ("A.B. acknowledges funding from the Velland Science Foundation (VSF) via the centre \u201cFrom Source to "
            "Signal.\u201d R.K. is supported by the Kestrel Trust.")
    assert [raw for raw, _ in _pairs(text)] == ["Velland Science Foundation (VSF)", "Kestrel Trust"]


def test_funding_said_without_a_support_verb_or_through_a_gift():
    assert _pairs("Funding: Norlund Research Council studentship 2764909.") == [
        ("Norlund Research Council studentship", ["2764909"])]
    assert _pairs("Financial support for this research was provided in part by the Velland Research Office "
                  "under grant W911NF-22-1-0301.") == [("Velland Research Office", ["W911NF-22-1-0301"])]
    assert _pairs("This work is partially supported by a gift from Kestrel Philanthropy.") == [
        ("Kestrel Philanthropy", [])]
    assert _pairs("We thank Orbis for a gift of four GPUs.") == []
    assert _pairs("This work was supported by a Velland Institute grant funded by the Norlund government (MSIT) "
                  "(No. 2021-0-01234).") == [("Velland Institute", []), ("Norlund government (MSIT)", ["2021-0-01234"])]
    assert _pairs("J.K. was funded by the Orsolya B. Farkas Foundation through grant 2013-10-27 to the University "
                  "of Norlund.") == [("Orsolya B. Farkas Foundation", ["2013-10-27"])]


def test_names_and_lists_the_layout_of_a_statement_does_not_cut():
    assert _pairs("This work was supported by the Academy of Norland (grant 331234) and the U.S. Army Velland "
                  "Office under grant W911NF-20-1-0001.") == [("Academy of Norland", ["331234"]),
                                                             ("U.S. Army Velland Office", ["W911NF-20-1-0001"])]
    assert _pairs("This work was supported by the Kestrel Brain Project and the Velland Career Award.") == [
        ("Kestrel Brain Project", []), ("Velland Career Award", [])]
    assert _pairs("This work was supported by Ardent Systems Inc. and Quillfeather LLC.") == [
        ("Ardent Systems Inc", []), ("Quillfeather LLC", [])]
    assert _pairs("Supported by the Kestrel Centre for Robotics (KCR), funded by the Velland Research Council.") == [
        ("Kestrel Centre for Robotics (KCR)", []), ("Velland Research Council", [])]
    assert _pairs("Funding: None.") == [] and _pairs("Funding: This research received no external funding.") == []
    assert _pairs("This work was supported by the Norlund Computer Society.") == [("Norlund Computer Society", [])]


def test_names_containing_and_stay_whole():
    text = ("This research was funded by the Natural Sciences and Engineering Research Council of "
            "Canada and the Gordon and Betty Moore Foundation through grant GBMF3834.")
    assert _pairs(text) == [("Natural Sciences and Engineering Research Council of Canada", []),
                            ("Gordon and Betty Moore Foundation", ["GBMF3834"])]
    assert extract_funders("Funded by the W911NF-16-1-0001 program of DARPA.", 3) != []


def test_in_kind_support_and_thanks_are_not_funding():
    text = ("We gratefully acknowledge the support of NVIDIA Corporation with the donation of the "
            "Titan X GPU used for this research. We thank the reviewers for helpful comments.")
    assert extract_funders(text, 9) == []


def test_normalised_name_drops_article_and_acronym():
    (f,) = extract_funders("Supported in part by the China Scholarship Council (CSC) grant "
                           "201503170248.", 1)
    assert (f.raw, f.name, f.grant_ids) == ("China Scholarship Council (CSC)",
                                            "China Scholarship Council", ["201503170248"])


def _document(*blocks: tuple[int, str, str]) -> Document:
    """Blocks as (page, section, text), in reading order."""
    return Document(blocks=[Block(page=page, text=text, section=section, heading=None,
                                  bbox=(50, 100 + 20 * i, 550, 115 + 20 * i), start=0)
                            for i, (page, section, text) in enumerate(blocks)], n_pages=9)


def _funders(document: Document) -> list[tuple[int, str]]:
    return [(f.page, f.raw) for f in acknowledged_funders(document)]


def test_funding_stated_outside_an_acknowledgments_section():
    # a first-page footnote (IEEE, ACM and conference styles print the statement there)
    footnote = _document(
        (1, "body", "Deep models need large face datasets, and collecting them raises consent questions."),
        (1, "body", "Manuscript received 3 May 2021. This work was supported in part by the Velland Science "
                    "Foundation under Grant 4417202. The associate editor was Dr. Q. Ruiz."),
        (1, "body", "\u2020This research is based upon work supported by the Office of Naval Research (ONR)."),
        (2, "body", "This project has received funding from the Norlund Innovation Fund under grant agreement "
                    "No 880123."),
        (2, "body", "Supported by the Aldren Trust (AT-2291)."),
        (3, "body", "The authors acknowledge financial support from the Kestrel Research Council (KRC-8812)."),
        (3, "body", "B.G. was supported by the Velland Heart Foundation. M. S. acknowledges support from the Aldren "
                    "Institute of Health. K. Okafor is funded by the Norlund Research Council."))
    assert _funders(footnote) == [(1, "Velland Science Foundation"), (1, "Office of Naval Research (ONR)"),
                                  (2, "Norlund Innovation Fund"), (2, "Aldren Trust"), (3, "Kestrel Research Council"),
                                  (3, "Velland Heart Foundation"), (3, "Aldren Institute of Health"),
                                  (3, "Norlund Research Council")]
    # a journal's "Funding:" paragraph, and an acknowledgments paragraph with its heading run in
    back = _document(
        (12, "body", "Author Contributions: Conceptualization, A.B.; funding acquisition, C.D."),
        (12, "body", "Funding: This research was funded by the Aldren Trust (grant 2020-4471)."),
        (13, "body", "Acknowledgments This work was partly sponsored by the Kestrel Programme (KP-88130)"),
        (13, "body", "and the Maritime Research Council of Norlund (MRC-5120)."),
        (14, "body", "This work was supported by the"),
        (14, "body", "Velland Science Foundation under Grant 4417202."))
    assert _funders(back) == [(12, "Aldren Trust"), (13, "Kestrel Programme"),
                              (13, "Maritime Research Council of Norlund"), (14, "Velland Science Foundation")]


def test_support_said_of_other_things_is_no_funding_statement():
    body = _document(
        (4, "body", "This claim is supported by Table 3. The project is fiscally hosted by the Open Code Union."),
        (5, "body", "Our results on MS1MV2 are supported by the Kestrel ablation, funded by intuition alone."),
        (5, "body", "Supported by these findings, we argue that label noise dominates."),
        (5, "body", "This work is supported by our results in Table 3. The present study was supported by the "
                    "observations of Smith et al. (2020)."),
        (6, "body", "Funding for face data is scarce; most sets were funded by companies such as Microsoft [12]."),
        (6, "body", "Acknowledgment of prior work is essential, and it was supported by the Velland Trust."),
        (7, "body", "As a result, this study was supported by findings from Section 5 of the appendix."),
        (7, "body", "The network of A.B. is supported by the ResNet backbone [3]."),
        (6, "references", "[4] A. Author. This work was supported by the Velland Science Foundation. 2019."))
    assert _funders(body) == []


@pytest.mark.parametrize(("name", "sector"), [
    ("Velland Research Program", "government"), ("Natural Science Foundation of Norlund Province", "government"),
    ("NSFKX", "government"), ("Key R&D Plan of Aldren", "government"),
    ("Kestrel Vision Technology Co., Ltd", "company"), ("Kestrel Technology Company", "company"),
    ("Orsolya and Bence Farkas Foundation", "nonprofit"), ("Kestrel Foundation for Science", "nonprofit"),
    ("Norlund Association for Science and Technology", "nonprofit"), ("Thornbury Endowment", "nonprofit"),
    ("Velland Open Philanthropy", "nonprofit"), ("Velandian Research Foundation", "government"),
    ("National Velland Kidney Foundation", "nonprofit"),
    ("Velland Institute for Technology Planning and Evaluation", "government"),
    ("Norlund Agency for Technology Advancement", "government"), ("Kestrel Industry Promotion Agency", "government"),
    ("Velland Association for the Advancement of Science", "nonprofit"),
    ("International Exchange Foundation of Norlund Province", "government"),
    ("Kestrel Municipal Science Foundation", "government"), ("Velland Municipal Art Society Foundation", "nonprofit"),
    ("Velland Telecommunications Advancement Foundation", "nonprofit"), ("InnoVelland", "company"),
    ("InnoHK", "government"), ("NextGenerationEU", "government"), ("VellandStiftung", "government"),
    ("DeepVelland R&D Funds", "company"), ("KestrelNet Research Gift", "company"),
    ("McKestrel Foundation", "nonprofit"),
])
def test_a_funder_no_registry_knows_is_a_public_programme_unless_its_name_says_otherwise(name, sector):
    assert funder_sector(name) == sector


def test_a_company_the_registry_knows_by_name_funds_as_a_company(tmp_path):
    """A bare company name the matcher leaves unmatched ("Tencent") is still the company's money;
    unregistered programmes are not (their sector drives findings.has_company_funding)."""
    registry = Registry.load(write_tiny_registry(tmp_path / "registry"), cache_dir=tmp_path / "cache")
    funders = extract_funders("This work was supported by Tencent and the Velland Research Program (VR-2291).", 9)
    assert {r["raw"]: r["sector"] for r in funder_rows(funders, registry)} == {
        "Tencent": "company", "Velland Research Program": "government"}
    assert {r["raw"]: r["sector"] for r in funder_rows(funders, None)}["Velland Research Program"] == "government"
    bare = extract_funders("This work is supported by a gift from KestrelVision, by Stanford, by Kestrelon, by the NSFKX "
                           "and by a gift from Aldrenix.", 9)
    assert [r["sector"] for r in funder_rows(bare, registry)] == ["company", "education", "government", "government",
                                                                  "company"]
    others = extract_funders("Supported by the Norlund Army Research Office and the Velland University Fund.", 1)
    assert [r["sector"] for r in funder_rows(others, None)] == ["military", "education"]


@pytest.mark.parametrize("statement", [
    "This work was supported by the Institute of Automation and the National Key Velland Program (2021YFB1400100).",
    "Funding: Institute of Automation; National Key Velland Program, grant 2021YFB1400100.",
    "The authors thank the Institute of Automation and the National Key Velland Program for the financial support.",
])
def test_a_funder_printed_without_its_country_is_of_the_authors_country(tmp_path, statement):
    """The tiny registry has an Institute of Automation in China and one in Germany: authors in Germany
    mean the German one. An unregistered national programme takes the one country the authors share,
    flagged as read from them; a European scheme, or authors in two countries, leave it unknown."""
    registry = Registry.load(write_tiny_registry(tmp_path / "registry"), cache_dir=tmp_path / "cache")
    funders = extract_funders(statement, 9)
    rows = {r["raw"]: r for r in funder_rows(funders, registry, {"DE"})}
    institute, programme = rows["Institute of Automation"], rows["National Key Velland Program"]
    assert (institute["ror_id"], institute["country"], institute["flags"]) == (
        "https://ror.org/056qj1t15", "DE", ["country_of_authors"])
    assert (programme["country"], programme["flags"]) == ("DE", ["country_of_authors"])
    assert [(r["ror_id"], r["country"]) for r in funder_rows(funders, registry)] == [(None, None), (None, None)]
    assert [(r["ror_id"], r["country"]) for r in funder_rows(funders, registry, {"DE", "CN"})] == [
        (None, None), (None, None)]
    european = extract_funders("This work was funded by the Velland European Research Programme.", 9)
    assert funder_rows(european, registry, {"DE"})[0]["country"] is None
    # a private foundation gives no hint, an unregistered acronym does
    private = extract_funders("This work was funded by the Velland Family Foundation and the VKSF.", 9)
    assert [(r["ror_id"], r["country"]) for r in funder_rows(private, registry, {"US"})] == [(None, None), (None, "US")]
    agency = extract_funders("This work was funded by the CAS.", 9)
    assert funder_rows(agency, registry, {"CN"})[0]["ror_id"] == "https://ror.org/034t30j35"


@pytest.mark.skipif(not SHARED_REGISTRY.is_dir(), reason=f"shared registry data not found at {SHARED_REGISTRY}")
def test_a_registered_funding_agency_is_government_and_an_academy_a_facility(tmp_path):
    """ROR types research councils as government, which an affiliation would turn into a research
    facility: as a funder it is the agency. Academies of sciences and their labs stay facilities."""
    registry = Registry.load(SHARED_REGISTRY, cache_dir=tmp_path / "cache")
    funders = extract_funders("This work was supported by UK Research and Innovation (UKRI), the German Research "
                              "Foundation and the Chinese Academy of Sciences.", 9)
    assert [r["sector"] for r in funder_rows(funders, registry)] == ["government", "government", "facility"]
    defence = extract_funders("This work was supported by the Defense Acquisition Program Administration.", 9)
    assert [r["sector"] for r in funder_rows(defence, registry)] == ["military"]      # registered as government
    programmes = extract_funders("This work was supported by the Shenzhen Velland Program, the Korea Kestrel "
                                 "Initiative (KK-20211234), the Velland Foundation of Sichuan Province and the "
                                 "Bavaria Kestrel Fund.", 9)
    assert [r["country"] for r in funder_rows(programmes, registry)] == ["CN", "KR", "CN", "DE"]  # a place in the name
    peoples = extract_funders("This work was supported by the Australian Velland Council and the Korean Kestrel "
                              "Initiative.", 9)
    assert [r["country"] for r in funder_rows(peoples, registry)] == ["AU", "KR"]
    provincial = extract_funders("This work was supported by the Guangdong Basic and Applied Basic Research Foundation "
                                 "(2021A1515011234) and the Scientific Research Project of Colleges and Universities "
                                 "in Guangdong Province (2022KTSCX123).", 9)
    assert [r["sector"] for r in funder_rows(provincial, registry)] == ["government", "government"]


@pytest.mark.skipif(not (SHARED / "gold.jsonl").exists(), reason="../shared corpus not present")
def test_corpus_funders_on_their_evidence_pages():
    from rapidfuzz import fuzz
    hits = total = 0
    for line in (SHARED / "gold.jsonl").open():
        gold = json.loads(line)
        if not gold["funders"]:
            continue
        pdf = pymupdf.open(SHARED / gold["file"])
        got = [f.raw.lower() for p in {f["evidence"]["page"] for f in gold["funders"]}
               for f in extract_funders(pdf[p - 1].get_text(), p)]
        for f in gold["funders"]:
            total += 1
            hits += any(fuzz.partial_ratio(f["name"].split(" (")[0].lower(), g) >= 90 for g in got)
    assert hits / total >= 0.8


@pytest.mark.parametrize("mark", ["*", "\u2217", "\u2020"])
def test_a_footnote_mark_opens_a_sentence_after_a_funding_statement(mark):
    """First-page footnotes run together: the funding statement, then the next note behind its mark
    ("∗Corresponding author: ..."), whose e-mail addresses are no funders."""
    text = (f"This work is partially supported by the Velland Scholarship Council (VSC) grant 201806070011. "
            f"{mark}Corresponding author: a.b@velland.example; c.d@kestrel.example This work is partially supported by "
            f"the Velland Scholarship Council (VSC) grant 201806070011.")
    assert [raw for raw, _ in _pairs(text)] == ["Velland Scholarship Council (VSC)"]


@pytest.mark.parametrize(("text", "pairs"), [
    # the DFG prints its grant ids with the applicant's letters: "JA 504/17-1"
    ("This work was supported by the Velland Research Foundation (VRF) grants KE 447/10-1 (491715122), "
     "AL 504/17-1 and NO 4462/1-1.",
     [("Velland Research Foundation (VRF)", ["KE 447/10-1", "491715122", "AL 504/17-1", "NO 4462/1-1"])]),
    # a programme printed with its funder's acronym is more of that funder's grants
    ("Supported in part by VSF grants VSF-2312760 and VSF-2112562, a VSF CAREER Award VSF-2046072 and the VSF "
     "NAIAD program (2332744).",
     [("VSF", ["VSF-2312760", "VSF-2112562", "2332744", "VSF-2046072"])]),
    ("This research is based upon work supported by the Velland Intelligence Projects Activity (VIPA), via VIPA "
     "R&D Contract No. 140D0423C0076.",
     [("Velland Intelligence Projects Activity (VIPA)", ["140D0423C0076"])]),
    # what follows the funders is no funder: a clause of what was done, a code, a sentence of thanks
    ("Research was sponsored by the Velland Army Research Laboratory and was accomplished under Cooperative "
     "Agreement Number W911NF-20-2-0001.", [("Velland Army Research Laboratory", ["W911NF-20-2-0001"])]),
    ("It is also supported in part by the Velland Coordination for Higher Education (VCHE), Finance Code 001, "
     "Brazil.", [("Velland Coordination for Higher Education (VCHE)", [])]),
    ("This work was supported by the Kestrel Science Council (KSC-2291), We thank the Aldren Graduate School and "
     "the Norlund Network.", [("Kestrel Science Council", ["KSC-2291"])]),
])
def test_grants_programmes_and_clauses_after_a_funder_are_not_funders(text, pairs):
    assert _pairs(text) == pairs


@pytest.mark.parametrize(("text", "funders"), [
    ("This work was funded by the Kestrel Trust through a Senior Fellowship (220191/Z/20/Z).", ["Kestrel Trust"]),
    # an acronym ends the name before it; a legal form does not
    ("CW acknowledges the support of the Velland Council, Kestrel AI, VELTACS, and the Aldren Fund.",
     ["Velland Council", "Kestrel AI", "VELTACS", "Aldren Fund"]),
    ("This work was supported by the Velland National Laboratory, operated by Kestrel Energy, LLC, for the Aldren "
     "Department of Energy under Contract DE-AC36-08GO28308.", ["Velland National Laboratory",
                                                                "Aldren Department of Energy"]),
])
def test_a_scheme_after_a_funder_and_acronyms_in_a_list(text, funders):
    assert [raw for raw, _ in _pairs(text)] == funders


def test_computing_resources_provided_by_companies_are_no_funding():
    text = ("This research was enabled in part by technical support and computational resources provided by the "
            "Velland Compute Alliance, Kestrel Cloud, and Aldren.")
    assert _pairs(text) == []


def test_a_name_opening_like_a_preposition_keeps_its_letters():
    text = ("This work was supported by Bytevelland, the Underwood Kestrel Trust, Fromm Aldren Institute and Fortis "
            "Norlund Foundation.")
    assert [raw for raw, _ in _pairs(text)] == ["Bytevelland", "Underwood Kestrel Trust", "Fromm Aldren Institute",
                                                "Fortis Norlund Foundation"]


@pytest.mark.parametrize(("text", "funders"), [
    ("This research was funded by the Velland Research Council under the Union's Seventh Framework Programme "
     "(FP/2007-2013) Grant Agreement n. 291339, project 4DVEL: A new tool to investigate brain activity.",
     ["Velland Research Council", "Union's Seventh Framework Programme"]),
    ("This research is supported by the Velland Research Foundation, Singapore under its AI Velland Programme "
     "(Award No: AISG2-PhD-2023-08-043T-J).", ["Velland Research Foundation"]),
    ("This work was funded by the Kestrel Research Agency as part of the Investments program, reference "
     "VRA-19-P3IA-0001 (PRAIRIE Institute).", ["Kestrel Research Agency"]),
    ("I wish to thank all who supported me during my PhD years. Without all the support from them, I couldn't have "
     "gone this far.", []),
])
def test_titles_references_and_people_around_a_funder_are_no_funders(text, funders):
    assert [raw for raw, _ in _pairs(text)] == funders


def test_programme_lists_and_a_body_managing_the_money():
    text = ("This work was supported by VSERC Discovery Grants with Accelerator Supplements and KND/VSERC Discovery "
            "Grant Supplement, VSERC Alliance Grants, and the Aldren Leaders Fund (ALF).")
    assert [raw for raw, _ in _pairs(text)] == ["VSERC Discovery Grants with Accelerator Supplements",
                                                "KND/VSERC Discovery Grant Supplement", "VSERC Alliance",
                                                "Aldren Leaders Fund (ALF)"]
    text = ("We acknowledge funding by the Velland government under management of the Kestrel Research Agency as part "
            "of the Investments program.")
    assert [raw for raw, _ in _pairs(text)] == ["Velland government", "Kestrel Research Agency"]


def test_a_country_printed_after_a_funder_places_it(tmp_path):
    registry = Registry.load(write_tiny_registry(tmp_path / "registry"), cache_dir=tmp_path / "cache")
    funders = extract_funders("This work was funded by the Institute of Automation, Germany.", 9)
    assert [(r["ror_id"], r["country"]) for r in funder_rows(funders, registry)] == [("https://ror.org/056qj1t15", "DE")]
    funders = extract_funders("This work was funded by the Institute of Automation Foundation, Germany, and the Wellcome "
                              "Trust, UK.", 9)
    assert [(f.raw, f.place) for f in funders] == [("Institute of Automation Foundation", "Germany"),
                                                   ("Wellcome Trust", "UK")]
    assert [r["country"] for r in funder_rows(funders, registry, {"CN"})] == ["DE", "GB"]


@pytest.mark.skipif(not SHARED_REGISTRY.is_dir(), reason=f"shared registry data not found at {SHARED_REGISTRY}")
def test_a_generic_name_registered_abroad_is_not_the_authors_funder(tmp_path):
    """Kenya registers a "Ministry of Education, Science and Technology"; for authors in Korea the
    ministry is Korea's."""
    registry = Registry.load(SHARED_REGISTRY, cache_dir=tmp_path / "cache")
    funders = extract_funders("This work was supported by the Ministry of Education, Science and Technology.", 9)
    (row,) = funder_rows(funders, registry, {"KR"})
    assert (row["ror_id"], row["country"], row["flags"]) == (None, "KR", ["country_of_authors"])
    (abroad,) = funder_rows(extract_funders("This work was supported by the Wellcome Trust.", 9), registry, {"KR"})
    assert abroad["country"] == "GB"


def test_a_people_s_adjective_or_a_foreign_body_word_opens_the_next_funder():
    text = ("This work is supported by the Kestrel Chair in Quantum Information Science, Spanish VELCO (FIS2013-46768-P), "
            "Fundacion Velland, Generalitat de Kestrel (SGR 875), and the Aldren Foundation.")
    assert [raw for raw, _ in _pairs(text)] == ["Kestrel Chair in Quantum Information Science", "Spanish VELCO",
                                                "Fundacion Velland", "Generalitat de Kestrel", "Aldren Foundation"]
    text = "This work was supported by the Velland Ministry of Science, ICT and Future Planning and the Kestrel Council."
    assert [raw for raw, _ in _pairs(text)] == ["Velland Ministry of Science, ICT and Future Planning", "Kestrel Council"]


@pytest.mark.parametrize("heading", ["Competing interests:", "Conflict of interest", "Declaration of competing interest"])
def test_money_an_author_declares_as_a_conflict_is_not_the_work_s_funding(heading):
    text = f"{heading} A.B. reports funding from Kestrel Pharma and fees from Velland Therapeutics."
    document = Document(blocks=[Block(page=1, text=text, section="acknowledgments", heading="Funding", bbox=(0, 0, 0, 0),
                                      start=0),
                                Block(page=9, text="This work was supported by the Aldren Science Council.",
                                      section="acknowledgments", heading="Acknowledgments", bbox=(0, 0, 0, 0), start=0)],
                        n_pages=9)
    assert [f.raw for f in acknowledged_funders(document)] == ["Aldren Science Council"]


@pytest.mark.parametrize("text", [
    "Conflict of Interest Disclosures: None reported. Funding/Support: This work was supported by the Aldren Heart "
    "Institute.", "Financial Disclosure: This work was supported by the Aldren Heart Institute."])
def test_a_funding_statement_after_or_called_a_disclosure_is_read(text):
    document = Document(blocks=[Block(page=9, text=text, section="acknowledgments", heading="Funding", bbox=(0, 0, 0, 0),
                                      start=0)], n_pages=9)
    assert [f.raw for f in acknowledged_funders(document)] == ["Aldren Heart Institute"]


def test_an_acronym_spelling_both_sides_of_and_keeps_one_name():
    text = "This work was supported by the Velland Ministry of University and Research (VMUR) and the Kestrel Fund."
    assert [raw for raw, _ in _pairs(text)] == ["Velland Ministry of University and Research (VMUR)", "Kestrel Fund"]
    text = "This work was supported by the Velland University and the Kestrel Research Council (KRC)."
    assert [raw for raw, _ in _pairs(text)] == ["Velland University", "Kestrel Research Council (KRC)"]


@pytest.mark.parametrize(("text", "pairs"), [
    ("* The work was done during an internship at Kestrel Technology and supported by the Velland Key R&D Program "
     "(2020AAA0105200).", [("Velland Key R&D Program", ["2020AAA0105200"])]),
    ("Funding: This work was supported by the following: KestrelMem (grant no. 015542-00001) and the Aldren Research "
     "Office (grant nos. W911NF2120128 and W911NF1810268).",
     [("KestrelMem", ["015542-00001"]), ("Aldren Research Office", ["W911NF2120128", "W911NF1810268"])]),
    ("This work was supported by the Velland Municipal Science and Technology Project (No. Z231100010323002) and the "
     "Kestrel Science Foundation (KSF) project 200021E_219943 Neural Attention Models for Event Data (NAMED).",
     [("Velland Municipal Science and Technology Project", ["Z231100010323002"]),
      ("Kestrel Science Foundation (KSF)", ["200021E_219943"])]),
])
def test_statements_of_an_internship_a_list_heading_a_named_project_and_a_project_title(text, pairs):
    assert _pairs(text) == pairs


@pytest.mark.parametrize(("text", "pairs"), [
    ("This research was funded by the Velland Basic Research Program vlrp2021jcyj-abX0981, vlrp2021jcyj-abX0530 and "
     "vlrb2022nsq-ab0601, and the Kestrel Science Fund KSF2022-0074.",
     [("Velland Basic Research Program", ["vlrp2021jcyj-abX0981", "vlrp2021jcyj-abX0530", "vlrb2022nsq-ab0601"]),
      ("Kestrel Science Fund", ["KSF2022-0074"])]),
    ("This work was supported by grant kst2020kf03 from the Aldren Natural Science Foundation.",
     [("Aldren Natural Science Foundation", ["kst2020kf03"])]),
])
def test_grant_ids_in_lower_case_are_no_names(text, pairs):
    assert _pairs(text) == pairs


@pytest.mark.parametrize("text", [
    "This work was partly supported by: (1) the grant VPR 2022AB12CD of the Velland Ministry of Research (VMR); (2) the "
    "project KITE - Kestrel Energy Transition (PE00000099), funded under the Velland Recovery Plan (VRP), Mission 4 "
    "Component 2 Investment 1.3, funded from the Aldren Union - NextGenAU; (3) the Velland Recovery Plan, Mission 4 "
    "Component 2 Investment 1.4 - Call for Kestrel Centres, funded by the Aldren Union \u2013 NextGenAU.",
    "This work was supported by (i) the grant VPR 2022AB12CD of the Velland Ministry of Research (VMR), (ii) the Velland "
    "Recovery Plan (VRP), Action 2.1, and (iii) the Aldren Union - NextGenAU.",
])
def test_numbered_items_a_grant_of_a_funder_and_a_plan_s_parts(text):
    assert [raw for raw, _ in _pairs(text)] == ["Velland Ministry of Research (VMR)", "Velland Recovery Plan (VRP)",
                                                "Aldren Union - NextGenAU"]


@pytest.mark.parametrize("heading", ["Financial disclosure:", "Disclosures:", "Disclosure statement"])
def test_an_author_s_money_declared_in_a_disclosure_is_not_the_work_s_funding(heading):
    disclosure = (f"{heading} K.L. reports consultancy and lecture fees from Velland Pharma. M.N. is an employee of "
                  "Kestrel Labs, a company that has received grants from Velland Pharma and reports consultancy with it; "
                  "Kestrel Labs was funded by Velland Pharma to run the analyses.")
    funding = "This study was funded by Aldren Therapeutics AG, Norlund, Switzerland."
    document = Document(blocks=[Block(page=9, text=funding, section="acknowledgments", heading="Acknowledgments",
                                      bbox=(0, 0, 0, 0), start=0),
                                Block(page=9, text=disclosure, section="acknowledgments", heading="Disclosure statement",
                                      bbox=(0, 0, 0, 0), start=0)], n_pages=9)
    assert [(f.raw, f.place) for f in acknowledged_funders(document)] == [("Aldren Therapeutics AG", "Switzerland")]


@pytest.mark.parametrize(("text", "raws"), [
    ("This study was funded by the Velland Foundation to support the collection of the data.", ["Velland Foundation"]),
    ("This work was supported in part by the Velland Research Council (VRC) of Kestrel under the Discovery Grant, and in "
     "part by the Aldren Grant-In-Aid from Norlund Hydro.", ["Velland Research Council (VRC) of Kestrel", "Norlund Hydro"]),
    ("Funded by Kestrel Robotics Inc., Boston, MA, USA, and the Velland Trust.", ["Kestrel Robotics Inc", "Velland Trust"]),
])
def test_a_funder_s_purpose_scheme_and_address_are_no_funders(text, raws):
    assert [raw for raw, _ in _pairs(text)] == raws


@pytest.mark.parametrize(("text", "raws"), [
    # a project "a collaborative effort of" its funders; a grant id in parentheses leaves no "( )"
    ("This research was supported by the Velland Computing Project (17-SC-20-SC), a collaborative effort of the Velland "
     "Department of Energy Office of Science and the Kestrel Security Administration.",
     ["Velland Computing Project", "Velland Department of Energy Office of Science", "Kestrel Security Administration"]),
    ("Funded by the Kestrel Brain Initiative (2019-118), a joint effort of the Velland Health Council and the Aldren "
     "Trust.", ["Kestrel Brain Initiative", "Velland Health Council", "Aldren Trust"]),
    # the agency that manages the contract is a funder of its own
    ("This work was funded by VARPA KwK under KRO prime contract no. W911NF-15-1-0462.", ["VARPA KwK", "KRO"]),
    ("The work was sponsored by VARPA under KRO grant W911NF-19-2-0001 and by the Velland Trust.",
     ["VARPA", "KRO", "Velland Trust"]),
    # a grant named by its funder's acronym ends that funder
    ("This research is partially supported by an VNR MURI grant, and VSF ISS-1115313.", ["VNR MURI", "VSF"]),
    ("This work was supported by a Velland Institute grant and the Kestrel Foundation.",
     ["Velland Institute", "Kestrel Foundation"]),
])
def test_a_project_s_funders_an_agency_under_another_and_a_grant_that_ends_a_name(text, raws):
    assert [raw for raw, _ in _pairs(text)] == raws


def test_a_government_funds_through_its_ministry():
    text = ("This work was supported by the Velland Research Foundation (VRF) grants funded by the Korea government "
            "(Ministry of Science and ICT, MSIT) (2022R1A3B1077720), and Velland Institute (VI) grants funded by the "
            "Korea government (MSIT) (RS-2021-II211343).")
    funders = extract_funders(text, 8)
    assert [(f.raw, f.place) for f in funders] == [("Velland Research Foundation (VRF)", None),
                                                   ("Ministry of Science and ICT (MSIT)", "Korea"),
                                                   ("Velland Institute (VI)", None)]
    # a government's ministry by its acronym alone: the ministry is matched, the government printed
    [_, government] = extract_funders("Supported by the Velland Institute (VI) grant funded by the Korea "
                                      "government(MSIT) (No. 2022-0-00959).", 8)
    assert (government.raw, government.name, government.place) == ("Korea government(MSIT)", "MSIT", "Korea")


@pytest.mark.parametrize(("text", "raws"), [
    # commas around "in part" keep the verb's funders
    ("This work was supported, in part, by the Velland Science Foundation grant 13/CE2/I303_1 to Kestrel.",
     ["Velland Science Foundation"]),
    ("The research was funded, in part, by the Kestrel Trust and, in part, by the Aldren Council.",
     ["Kestrel Trust", "Aldren Council"]),
    # a name with an exclamation mark does not end the sentence
    ("This project received funding from the Velland Foundation, Hey! KESTREL, the Aldren Research Agency (ARA) and "
     "the Norlund Council.", ["Velland Foundation", "Hey! KESTREL", "Aldren Research Agency (ARA)", "Norlund Council"]),
    # a funder's programme, before or after the funder is named in full, is that funder's
    ("G. H. is supported by the VRC Future Fellowship FT190100039. D. P. is supported by the Velland Research Council "
     "(VRC) Discovery Project DP250100262 and the Kestrel Trust.", ["Velland Research Council (VRC)", "Kestrel Trust"]),
    ("The study was cofunded by the Aldren Development Agency (ADA), through the KITE program, and the Kestrel Research "
     "Agency (KRA).", ["Aldren Development Agency (ADA)", "Kestrel Research Agency (KRA)"]),
])
def test_in_part_between_commas_a_name_with_an_exclamation_and_a_funder_s_programmes(text, raws):
    assert [raw for raw, _ in _pairs(text)] == raws


def test_a_list_of_funders_left_without_a_verb_after_a_funding_sentence():
    text = ("This work was supported by the Velland Key R&D Program (No. 2022ZD0118501). Kestrel Youth Promotion "
            "Association VAS, and Aldren Research Fund. Author Contributions. We thank our colleagues.")
    assert [raw for raw, _ in _pairs(text)] == ["Velland Key R&D Program", "Kestrel Youth Promotion Association VAS",
                                                "Aldren Research Fund"]


@pytest.mark.parametrize(("text", "pairs"), [
    # a company and its address: the company stays, placed
    ("This work was supported by Kestrel Technologies, Velland City, Norway.", [("Kestrel Technologies", "Norway")]),
    ("Funding: Aldren, Basel, Switzerland.", [("Aldren", "Switzerland")]),
    ("This work was funded by the VSF grant IIS-1763523 and Kestrel, Norway.", [("VSF", None), ("Kestrel", "Norway")]),
    ("Funded by the Velland Trust, UK, and Kestrel Robotics, Oslo, Norway.",
     [("Velland Trust", "UK"), ("Kestrel Robotics", "Norway")]),
    ("This study was funded by Aldren Pharmaceuticals Ltd, Allschwil, Switzerland.",
     [("Aldren Pharmaceuticals Ltd", "Switzerland")]),
    ("Supported by Kestrel Robotics Inc., Boston, MA, USA, and the Velland Trust.",
     [("Kestrel Robotics Inc", "USA"), ("Velland Trust", None)]),
])
def test_an_address_after_a_funder_places_it_and_leaves_its_name(text, pairs):
    assert [(f.raw, f.place) for f in extract_funders(text, 8)] == pairs


@pytest.mark.parametrize(("text", "raws"), [
    # "of" after ordinary words is part of the name
    ("This research was supported by awards by the Velland Ministry of Science and Technology of Kestrel.",
     ["Velland Ministry of Science and Technology of Kestrel"]),
    ("The work was funded by contracts with the Velland Office of Naval Research.",
     ["Velland Office of Naval Research"]),
    # a name that opens like a plan's part is a name
    ("This work was supported by Project KESTREL and the Velland Council.", ["Project KESTREL", "Velland Council"]),
    # a scheme after "under the" stays out of the name, with or without its id
    ("This work was supported by the Velland Council under the Discovery Grant DP190102345.", ["Velland Council"]),
    ("Supported by the VSF under the CAREER Award 1942981 and by the Kestrel Trust.", ["VSF", "Kestrel Trust"]),
    # a programme's acronym after "under" is no funder
    ("This project has received funding from the Aldren Union under FP7 grant agreement no. 611153.",
     ["Aldren Union"]),
    ("The work was supported by VNR under MURI grant N00014-21-1-2290.", ["VNR"]),
    # numbers in parentheses are no list's items
    ("This work was supported by VSPS KAKENHI (Grant Numbers 19H01115, 21) and VST CREST.",
     ["VSPS KAKENHI", "VST CREST"]),
    # a programme through which an organisation funds names that organisation
    ("Funded by the VPSRC and through the Velland Royal Society University Research Fellowship scheme.",
     ["VPSRC", "Velland Royal Society"]),
    # a scheme named after its funder is that funder's
    ("This work was supported by the Velland Research Council Future Fellowship Award FT190100039.",
     ["Velland Research Council"]),
    # a running title after the acknowledgements is no funder
    ("This work was supported by the Velland Key R&D Program (2018YFB1004600). Proceedings of the Kestrel Academy "
     "of Sciences.", ["Velland Key R&D Program"]),
])
def test_names_that_look_like_schemes_and_schemes_that_look_like_names(text, raws):
    assert [raw for raw, _ in _pairs(text)] == raws


def test_a_government_printed_with_other_words_is_placed_only_by_a_country():
    [funder] = extract_funders("This work was funded by the Velland Federal Government (VMBF).", 8)
    assert (funder.name, funder.place) == ("VMBF", None)


@pytest.mark.parametrize("token", ["A100s", "2020s", "21st"])
def test_plurals_and_ordinals_of_numbers_are_no_grant_ids(token):
    assert grant_ids(f"This work was supported by the Velland Trust, which provided {token}.") == []


@pytest.mark.parametrize(("heading", "text"), [
    ("Disclosure of Funding", "Disclosure of Funding: Supported by the Velland Foundation (grant 2020-123)."),
    ("Financial Disclosure", "Financial Disclosure: Funding was provided by the Velland Foundation (grant 2020-123)."),
])
def test_a_disclosure_that_states_the_work_s_funding_is_read(heading, text):
    document = Document(blocks=[Block(page=9, text=text, section="acknowledgments", heading=heading,
                                      bbox=(0, 0, 0, 0), start=0)], n_pages=9)
    assert [f.raw for f in acknowledged_funders(document)] == ["Velland Foundation"]


def test_an_ieee_footnote_s_affiliation_sentences_are_no_funders():
    text = ("This work was supported in part by the Velland Natural Science Foundation under Grant 62276123, and in "
            "part by the Kestrel Innovation Bureau in 2022 . (Corresponding author: Ana Lind.) Bo Roth and Cy Mendes are "
            "with the School of Computing, Velland University, Velland 510006, Norway (e-mail: bo@velland.edu). Ana "
            "Lind is with the Aldren Key Laboratory of Imaging, Kestrel, Norway.")
    assert [raw for raw, _ in _pairs(text)] == ["Velland Natural Science Foundation", "Kestrel Innovation Bureau"]


def test_a_country_printed_after_a_programme_places_its_funder():
    text = "Supported by the VRC Future Fellowship FT190100039, Australia, and the Velland Research Council (VRC)."
    assert [(f.raw, f.place) for f in extract_funders(text, 8)] == [("Velland Research Council (VRC)", "Australia")]


def test_an_acronym_s_scheme_and_the_acronym_before_the_name_are_that_funder_s():
    text = ("This work was supported by VNSFC Projects (No. 62172027), VARC Funds (DP2101234), the VRC Future "
            "Fellowship FT190100039 and the Velland Research Council (VRC).")
    assert _pairs(text) == [("VNSFC", ["62172027"]), ("VARC", ["DP2101234"]),
                            ("Velland Research Council (VRC)", ["FT190100039"])]


@pytest.mark.parametrize(("text", "pairs"), [
    # a company's "Ltd." before a parenthesis ends no sentence
    ("This work was supported by Kestrel Technologies Co., Ltd. (Grant No. YBN2020095106) and the Velland Natural "
     "Science Foundation (61876176).", [("Kestrel Technologies Co., Ltd", ["YBN2020095106"]),
                                       ("Velland Natural Science Foundation", ["61876176"])]),
    # a country and the funder's scheme under it
    ("This research is supported by the Velland Research Foundation, Singapore, under its Strategic Centres Funding "
     "Initiative.", [("Velland Research Foundation", [])]),
    # a scheme of three words under the funder
    ("This work was supported by the Velland Foundation under the Young Investigator Research Grant VF-2021-123.",
     [("Velland Foundation", ["VF-2021-123"])]),
    # an address with a US state ends the funder
    ("This work was supported by Kestrel, Santa Clara, CA and Aldren, Mountain View, CA, USA.",
     [("Kestrel", []), ("Aldren", [])]),
])
def test_review_cases_of_sentences_addresses_and_schemes(text, pairs):
    assert _pairs(text) == pairs
