"""GROBID TEI -> records and Document (extractors/tei.py).

Expectations for the real TEI in ../shared/corpus/tei were written by reading each file: what
GROBID wrote is what must come out, including its mistakes (the merged SPECTER affiliation); only
its debris is dropped (authors without a surname, an "Introduction" department).
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from extractors.pipeline import matcher_for
from extractors.tei import TeiError, cites_seed, parse_tei, seed_citing_sentences, to_document
from models.profile import Seed
from models.records import SECTIONS, Block, Document

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TEI_DIR = SHARED / "corpus" / "tei"
STANFORD = "Computer Science Department, Stanford University"
TUEBINGEN = ("Division of Functional and Restorative Neurosurgery, Department of Neurosurgery, "
             "Eberhard Karls University, Tübingen, Germany")
FES_AUTHORS = ["Cristiano De Marchis", "Thiago Santos Monteiro", "Cristina Simon-Martinez", "Silvia Conforto",
               "Alireza Gharabaghi"]
FES_TITLE = ("Multi-contact functional electrical stimulation for hand opening: electrophysiologically driven "
             "identification of the optimal stimulation site")

# file -> GROBID version, title, authors, {affiliation: (authors, country key)}, {funder: grants}
EXPECTED = {
    "vmi_intrusion_detection.grobid0.4.1.tei.xml": (
        "0.4.1", "A Virtual Machine Introspection Based Architecture for Intrusion Detection",
        ["Tal Garfinkel", "Mendel Rosenblum"],
        {STANFORD: (["Tal Garfinkel", "Mendel Rosenblum"], None)},
        {"National Science Foundation": ["0121481"]}),
    "marine_crenarchaeota_aem2011.tei.xml": (
        "0.5.5", "Niche Partitioning of Marine Group I Crenarchaeota in the Euphotic and Upper Mesopelagic "
                 "Zones of the East China Sea",
        ["Anyi Hu", "Nianzhi Jiao", "Rui Zhang", "Zao Yang"],
        {"Institute of Urban Environment, Key Laboratory of Urban Environment and Health, Chinese Academy of "
         "Sciences, Xiamen, People's Republic of China": (["Anyi Hu", "Nianzhi Jiao", "Rui Zhang", "Zao Yang"], None),
         "State Key Laboratory of Marine Environmental Science, Xiamen University, Xiamen, People's Republic of "
         "China": ([], None)},
        {}),
    "specter_acl2020.tei.xml": (
        "0.6.1", "SPECTER: Document-level Representation Learning using Citation-informed Transformers",
        ["Arman Cohan", "Sergey Feldman", "Iz Beltagy", "Doug Downey", "Daniel S Weld"],
        {"Allen Institute for Artificial Intelligence ‡ Paul G. Allen School of Computer Science & Engineering, "
         "University of Washington": (["Arman Cohan", "Sergey Feldman", "Iz Beltagy", "Doug Downey", "Daniel S Weld"],
                                      None)},
        {"NSF Convergence Accelerator": ["1936940"], "ONR": ["N00014-18-1-2193"],
         "University of Washington WRF/Cable Professorship": []}),
    "s2_literature_graph_naacl2018.tei.xml": (
        "0.6.1", "Construction of the Literature Graph in Semantic Scholar",
        ["Waleed Ammar", "Dirk Groeneveld", "Chandra Bhagavatula", "Iz Beltagy", "Miles Crawford", "Doug Downey",
         "Jason Dunkelberger", "Ahmed Elgohary", "Sergey Feldman", "Vu Ha", "Rodney Kinney", "Sebastian Kohlmeier",
         "Kyle Lo", "Tyler Murray", "Hsu-Han Ooi", "Matthew Peters", "Joanna Power", "Sam Skjonsberg",
         "Lucy Lu Wang", "Chris Wilhelm", "Zheng Yuan", "Madeleine Van Zuylen", "Oren Etzioni"],
        {"Allen Institute for Artificial Intelligence, Seattle, USA": ([], "US"),
         "Northwestern University, Evanston, USA": ([], "US")},
        {}),
    "fes_hand_opening_jner.grobid2020.tei.xml": (
        "0.6.2-SNAPSHOT", FES_TITLE, FES_AUTHORS,
        {TUEBINGEN: ([a for a in FES_AUTHORS if a != "Thiago Santos Monteiro"], "DE")}, {}),
    "fes_hand_opening_jner.grobid2024.tei.xml": (
        "0.8.1", FES_TITLE, FES_AUTHORS,
        {TUEBINGEN: ([a for a in FES_AUTHORS if a != "Thiago Santos Monteiro"], "DE")},
        {"German Federal Ministry for Education and Research": ["16SV5824"],
         "German Research Council": ["DFG EC 307"],
         "Federal Ministry for Education and Research": ["BFNT 01GQ0761", "BMBF 0316064B"]}),
    "open_hardware_pv_mdpi2023.tei.xml": (
        "0.8.2", "Geographical Dependence of Open Hardware Optimization: Case Study of Solar Photovoltaic Racking",
        ["Shafquat Rana", "Nichola Vandeweterin", "Jadyn Powell", "Jonathan Álvarez Ariza", "Joshua M Pearce"],
        {"Department of Electrical & Computer Engineering, Western University, London, Canada":
            (["Shafquat Rana", "Jadyn Powell", "Joshua M Pearce"], None),
         "Department of Civil & Environmental Engineering, Western University, London, Canada":
            (["Nichola Vandeweterin"], None),
         "Department of Technology in Electronics, Engineering Faculty, Corporación Universitaria Minuto de "
         "Dios-UNIMINUTO, Bogotá, Colombia": (["Jonathan Álvarez Ariza"], None),
         "Ivey Business School, Western University, London, Canada": (["Joshua M Pearce"], "CA")},
        # one <funder> in the TEI names two funders ("X and the Y"): the statement's two are kept
        {"Thompson Endowment": [],
         "Natural Sciences and Engineering Research Council of Canada": []}),
}


def tei_bytes(name: str) -> bytes:
    if not TEI_DIR.is_dir():
        pytest.skip(f"../shared not present: expected the real GROBID TEI at {TEI_DIR}")
    return (TEI_DIR / name).read_bytes()


@pytest.mark.parametrize("name", EXPECTED)
def test_header_affiliations_and_funders_equal_the_tei(name):
    version, title, authors, affiliations, funders = EXPECTED[name]
    tei = parse_tei(tei_bytes(name))
    assert tei.version == version
    assert tei.title == title
    assert [a.name for a in tei.authors] == authors
    assert {a.record.raw: (a.record.authors, a.country_code) for a in tei.affiliations} == affiliations
    assert all(a.record.source == "grobid" and a.record.kind == "affiliation" for a in tei.affiliations)
    assert {f.name: f.grant_ids for f in tei.funders} == funders


def test_emails_stay_with_their_authors_and_affiliations():
    tei = parse_tei(tei_bytes("fes_hand_opening_jner.grobid2024.tei.xml"))
    emails = {a.name: a.emails for a in tei.authors}
    assert emails["Cristiano De Marchis"] == ("cristiano.demarchis@uniroma3.it",)
    assert emails["Thiago Santos Monteiro"] == ()
    (aff,) = tei.affiliations
    assert aff.record.email_domains == ["uniroma3.it", "uni-tuebingen.de"]


def test_three_grobid_versions_of_one_paper_agree_on_the_header():
    versions = ("grobid2020", "grobid2021a", "grobid2024")
    parsed = [parse_tei(tei_bytes(f"fes_hand_opening_jner.{v}.tei.xml")) for v in versions]
    assert {t.version for t in parsed} == {"0.6.2-SNAPSHOT", "0.6.1", "0.8.1"}
    assert {(t.title, t.year, tuple(a.name for a in t.authors)) for t in parsed} == {
        (FES_TITLE, 2016, tuple(FES_AUTHORS))}
    assert {tuple(a.record.raw for a in t.affiliations) for t in parsed} == {(TUEBINGEN,)}


def test_acknowledgments_body_and_references():
    tei = parse_tei(tei_bytes("vmi_intrusion_detection.grobid0.4.1.tei.xml"))
    assert tei.acknowledgments.startswith("We are very grateful to Dan Boneh")
    assert [d.head for d in tei.divisions if d.section == "body"][:3] == ["Introduction", "Motivation", "VMMs and VMI"]
    assert len(tei.bibliography) == 47
    first = tei.bibliography[0]
    assert (first.id, first.title, first.year, first.page) == ("b0", "Runtime process infection", 2002, 14)
    # 0.4.1 gives coordinates on <ref> only: paragraphs take their page from the links inside them
    assert {s.page for d in tei.divisions for p in d.paragraphs for s in p} >= {1, 2, 10}


def test_citation_links_split_into_sentences():
    """Without <s>, a paragraph is split here and each link stays with its own sentence."""
    tei = parse_tei(tei_bytes("specter_acl2020.tei.xml"))
    sentences = [s for d in tei.divisions for p in d.paragraphs for s in p]
    linked = {s.text: s.cites for s in sentences if s.cites}
    assert linked["Specifically, we use SciBERT (Beltagy et al., 2019) which is an adaptation of the original BERT "
                  "(Devlin et al., 2019) architecture to the scientific domain."] == ("b3", "b11")
    scibert = Seed(title="SciBERT: A Pretrained Language Model for Scientific Text")   # printed "SciB-ERT" in the TEI
    citing = seed_citing_sentences(tei, [scibert])
    assert len(citing) == 8 and all("Beltagy et al., 2019" in s for s in citing)


def test_every_corpus_tei_makes_a_consistent_document():
    if not TEI_DIR.is_dir():
        pytest.skip(f"../shared not present: expected the real GROBID TEI at {TEI_DIR}")
    for path in sorted(TEI_DIR.glob("*.tei.xml")):
        doc = to_document(parse_tei(path.read_bytes()))
        assert doc.extractor == "grobid" and doc.blocks, path.name
        sections = {b.section for b in doc.blocks}
        assert sections <= set(SECTIONS) and {"front", "references"} <= sections, path.name
        for b in doc.blocks:
            assert b.page >= 1
            assert doc.page_text(b.page)[b.start:b.start + len(b.text)] == b.text, path.name


# --- synthetic TEI: sentences with coordinates, seeds, hostile input --------------------------------

def tei_with_sentences(body: str, bibl: str = "") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title level="a" type="main">Faces</title>
</titleStmt><publicationStmt><date type="published" when="2018-06-01"/></publicationStmt><sourceDesc><biblStruct>
<analytic><author><persName><forename>Ada</forename><surname>Lee</surname></persName>
<affiliation key="aff0"><orgName type="institution">Acme Inc.</orgName></affiliation></author></analytic>
</biblStruct></sourceDesc></fileDesc></teiHeader>
<text><body><div><head n="4">Experiments</head>{body}</div>
<figure type="table" coords="3,50,60,200,20"><head>Table 2</head><figDesc>Training data.</figDesc><table/></figure>
</body><back><div type="references"><listBibl>{bibl}</listBibl></div></back></text></TEI>""".encode()


MSCELEB_BIBL = """<biblStruct xml:id="b7" coords="9,300,500,200,10"><analytic><title level="a" type="main">MS-Celeb-1M:
 A dataset and benchmark for large-scale face recognition</title></analytic><monogr><title level="m">ECCV</title>
 <imprint><date type="published" when="2016"/></imprint></monogr></biblStruct>
<biblStruct xml:id="b8"><analytic><title level="a" type="main">Something else</title></analytic>
 <idno type="arXiv">arXiv:1801.07698v4</idno></biblStruct>"""
SENTENCES = """<p><s coords="2,50,100,200,10;2,50,112,120,10">We train our model on MS-Celeb-1M
 <ref type="bibr" target="#b7" coords="2,160,112,10,10">[8]</ref>.</s>
 <s coords="3,50,40,200,10">Results follow.</s></p>"""


def test_sentences_carry_pages_boxes_and_citation_links():
    tei = parse_tei(tei_with_sentences(SENTENCES, MSCELEB_BIBL))
    (div,) = [d for d in tei.divisions if d.section == "body"]
    (paragraph,) = div.paragraphs
    assert [(s.text, s.page, s.cites) for s in paragraph] == [
        ("We train our model on MS-Celeb-1M [8].", 2, ("b7",)), ("Results follow.", 3, ())]
    assert tei.year == 2018 and tei.bibliography[1].arxiv == "1801.07698"
    doc = to_document(tei)
    body = [b for b in doc.blocks if b.section == "body" and b.heading == "Experiments" and b.text != "Experiments"]
    assert [(b.page, b.text) for b in body] == [(2, "We train our model on MS-Celeb-1M [8]."), (3, "Results follow.")]
    assert body[0].bbox == (50.0, 100.0, 250.0, 122.0)


def test_seed_matched_by_title_doi_or_arxiv():
    tei = parse_tei(tei_with_sentences(SENTENCES, MSCELEB_BIBL))
    by_title = Seed(title="MS-Celeb-1M: A Dataset and Benchmark for Large-Scale Face Recognition")
    assert seed_citing_sentences(tei, [by_title]) == {"We train our model on MS-Celeb-1M [8]."}
    tei.bibliography[0] = replace(tei.bibliography[0], title=None, doi="10.1007/978-3-319-46487-9_6", text="")
    assert seed_citing_sentences(tei, [Seed(title="x", doi="https://doi.org/10.1007/978-3-319-46487-9_6")])
    arcface = Seed(title="ArcFace", arxiv="1801.07698")
    assert not seed_citing_sentences(tei, [arcface])       # b8 is in the bibliography but cited nowhere
    assert cites_seed("We train our model on MS-Celeb-1M [8].", {"We train our model on MS-Celeb-1M [8]."})
    assert cites_seed("We train our model on MS-Celeb-1M [8]", {"We train our model on MS-Celeb-1M [8]. Then x."})
    assert not cites_seed("Results follow.", {"We train our model on MS-Celeb-1M [8]."})


def test_pdf_tables_fill_pages_where_grobid_has_none():
    tei = parse_tei(tei_with_sentences(SENTENCES, MSCELEB_BIBL))
    pdf = Document(blocks=[Block(3, "MS1MV2 | 5.8M", "table", None, (50, 90, 200, 100), 0),
                           Block(5, "MS-Celeb-1M | 10M", "table", None, (50, 90, 200, 100), 0),
                           Block(5, "Table 3: Training sets.", "caption", None, (50, 70, 200, 80), 0)],
                   n_pages=6, title="PDF title", year=2019, layout=[{"page": 1}])
    doc = to_document(tei, pdf)
    assert doc.extractor == "grobid+pymupdf" and doc.n_pages == 6 and doc.layout == [{"page": 1}]
    assert (doc.title, doc.year) == ("Faces", 2018)
    tables = [(b.page, b.section, b.text) for b in doc.blocks if b.section in ("table", "caption")]
    # GROBID's table on page 3 had no rows: page 3 and page 5 keep PyMuPDF's cells; GROBID's caption stays
    assert sorted(tables) == [(3, "caption", "Table 2 Training data."), (3, "table", "MS1MV2 | 5.8M"),
                              (5, "caption", "Table 3: Training sets."), (5, "table", "MS-Celeb-1M | 10M")]


def test_mentions_and_usage_run_on_a_tei_document(profile, nlp):
    from extractors.mentions import find_mentions
    from extractors.usage import classify

    tei = parse_tei(tei_with_sentences(SENTENCES, MSCELEB_BIBL))
    doc = to_document(tei)
    mentions = classify(find_mentions(doc, matcher_for(profile), nlp), doc, nlp)
    own = [m for m in mentions if m.section == "body"]
    assert [(m.variant, m.page, m.usage, m.own) for m in own] == [("MS-Celeb-1M", 2, "train", True)]
    assert cites_seed(own[0].sentence, seed_citing_sentences(tei, profile.seeds))
    assert any(m.usage == "reference_only" for m in mentions)


def test_mentions_and_usage_run_on_real_tei_with_its_pdf(profile, nlp):
    from extractors.mentions import find_mentions
    from extractors.text import extract_document
    from extractors.usage import classify

    pdf_path = SHARED / "corpus" / "pdf" / "fes_hand_opening_jner.pdf"
    tei = parse_tei(tei_bytes("fes_hand_opening_jner.grobid2024.tei.xml"))
    doc = to_document(tei, extract_document(pdf_path.read_bytes()))
    assert doc.extractor == "grobid+pymupdf" and doc.n_pages == 9
    classify(find_mentions(doc, matcher_for(profile), nlp), doc, nlp)


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text>&lol2;</text></TEI>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>&xxe;</title></titleStmt>
</fileDesc></teiHeader></TEI>"""


@pytest.mark.parametrize("xml, reason", [
    (BOMB, "refused"), (XXE, "refused"), (XXE.decode().replace('"1.0"?>', '"1.0" encoding="UTF-16"?>', 1)
                                          .encode("utf-16"), "refused"),
    (b"<TEI><text></TEI>", "malformed"), (b"", "empty"), (b"<html><body/></html>", "not a TEI"),
    (b'<TEI xmlns="http://www.tei-c.org/ns/1.0"/>', "no teiHeader"),
])
def test_hostile_or_broken_xml_is_refused(xml, reason):
    with pytest.raises(TeiError, match=reason):
        parse_tei(xml)
