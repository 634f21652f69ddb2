"""extractors.text: normalisation, reading order, headings, sections and extraction errors."""
from __future__ import annotations

import pytest

import pdfs
from extractors.text import (
    ExtractionError,
    _Raw,
    extract_document,
    heading_of,
    in_other_script,
    looks_like_reference,
    looks_like_table_cell,
    normalise,
    reading_order,
    run_in_heading,
)

# --- normalise -------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw, expected", [
    ("ﬁne-tuning with ﬂoat weights", "fine-tuning with float weights"),
    ("eﬀective and eﬃcient baﬄe", "effective and efficient baffle"),
    ("ﬁrst line\nsecond line", "first line second line"),
])
def test_normalise_expands_ligatures_and_joins_lines(raw, expected):
    assert normalise(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("the Ce-\nleb images", "the Celeb images"),                 # typesetting break: hyphen dropped
    ("recog-\nnition rate", "recognition rate"),
    ("trained on MS-\nCeleb-1M today", "trained on MS-Celeb-1M today"),   # hyphen of a name: kept
    ("the MS1M-\nV2 set", "the MS1M-V2 set"),                   # before a capital: kept
    ("Celeb-\n1M", "Celeb-1M"),                                 # before a digit: kept
    ("MS-Ce-\nleb-1M", "MS-Celeb-1M"),
    ("a hyphen -  \n  then text", "a hyphen - then text"),      # a free-standing dash is not a break
])
def test_normalise_line_break_hyphens(raw, expected):
    assert normalise(raw) == expected


def test_normalise_collapses_spacing_and_soft_hyphens():
    assert normalise("  many    spaces\t\there \n") == "many spaces here"
    assert normalise("Ce\u00adleb") == "Celeb"               # soft hyphen vanishes
    assert normalise("MS\u20111M") == "MS-1M"                # non-breaking hyphen -> "-"


# --- reading order ---------------------------------------------------------------------------------


def _raw(x0, y0, x1, y1, text):
    return _Raw(x0, y0, x1, y1, text)


def test_reading_order_reads_left_column_before_right():
    width = 612
    blocks = [
        _raw(316, 110, 562, 140, "right top"),
        _raw(50, 400, 296, 430, "left bottom"),
        _raw(50, 100, 296, 130, "left top"),
        _raw(316, 410, 562, 440, "right bottom"),
    ]
    order = [b.text for b in reading_order(blocks, width)]
    assert order == ["left top", "left bottom", "right top", "right bottom"]


def test_reading_order_full_width_blocks_cut_the_page_into_bands():
    width = 612
    blocks = [
        _raw(50, 500, 296, 520, "band 2 left"),
        _raw(316, 480, 562, 500, "band 2 right"),
        _raw(50, 300, 562, 340, "wide figure caption"),
        _raw(316, 100, 562, 120, "band 1 right"),
        _raw(50, 150, 296, 170, "band 1 left"),
        _raw(50, 40, 562, 60, "title"),
    ]
    order = [b.text for b in reading_order(blocks, width)]
    assert order == ["title", "band 1 left", "band 1 right", "wide figure caption", "band 2 left", "band 2 right"]


def test_two_column_pdf_is_extracted_column_by_column():
    document = extract_document(pdfs.two_column_page())
    texts = [b.text for b in document.blocks]
    expected = [pdfs.TWO_COLUMN_TITLE] + [pdfs.COLUMN_TEXTS[k] for k in
                                         ("left_top", "left_bottom", "right_top", "right_bottom")]
    assert texts == expected


# --- headings --------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, kind, heading", [
    ("Abstract", "abstract", "Abstract"),
    ("ABSTRACT", "abstract", "ABSTRACT"),
    ("1 Introduction", "body", "1 Introduction"),
    ("1. INTRODUCTION", "body", "1. INTRODUCTION"),
    ("1\nIntroduction", "body", "1 Introduction"),              # number on a line of its own
    ("2 Related Work", "related_work", "2 Related Work"),
    ("II. RELATED WORKS", "related_work", "II. RELATED WORKS"),
    ("2.1 Background", "related_work", "2.1 Background"),
    ("2. Related Studies", "related_work", "2. Related Studies"),
    ("II. PRIOR APPROACHES", "related_work", "II. PRIOR APPROACHES"),
    ("4 Experiments", "body", "4 Experiments"),
    ("4.2 Implementation Details", "body", "4.2 Implementation Details"),
    ("Acknowledgments", "acknowledgments", "Acknowledgments"),
    ("Acknowledgements", "acknowledgments", "Acknowledgements"),
    ("References", "references", "References"),
    ("7 REFERENCES", "references", "7 REFERENCES"),
    ("Bibliography", "references", "Bibliography"),
    ("ZHAO ET AL.: FACE RECOGNITION AT SCALE 11\nReferences", "references", "References"),  # running header
    ("Appendix A: Proofs", "appendix", "Appendix A: Proofs"),
    ("Abstract. Deep networks have been\nwidely used for faces.", "abstract", "Abstract. Deep networks have been"),
    ("2 Related Work Large face corpora have\ndriven progress.", "related_work", "2 Related Work Large face corpora have"),
    ("Abstract\u2014Deep networks have been\nwidely used.", "abstract", "Abstract\u2014Deep networks have been"),
    # digits inside names are no numbers of the heading's own
    ("4.3. MS-Celeb-1M Low-Shot Track", "body", "4.3. MS-Celeb-1M Low-Shot Track"),
    ("5.2 Results on MS1MV3 and IJB-C", "body", "5.2 Results on MS1MV3 and IJB-C"),
    # theses: chapters numbered in words, methods named their own way
    ("CHAPTER THREE\nRESEARCH METHODOLOGY", "body", "CHAPTER THREE RESEARCH METHODOLOGY"),
    ("Chapter Four: Results and Discussion", "body", "Chapter Four: Results and Discussion"),
    ("CHAPTER TWO\nLITERATURE REVIEW", "related_work", "CHAPTER TWO LITERATURE REVIEW"),
    ("2. Materials and Methods", "body", "2. Materials and Methods"),
    ("CHAPTER 3\nDESIGN AND IMPLEMENTATION", "body", "CHAPTER 3 DESIGN AND IMPLEMENTATION"),
    ("Chapter 5 The Proposed System", "body", "Chapter 5 The Proposed System"),
    ("Review of Literature", "related_work", "Review of Literature"),
    ("Chapter 2: Review of the Related Literature", "related_work", "Chapter 2: Review of the Related Literature"),
    ("2 Related Research", "related_work", "2 Related Research"),
    ("2 Theoretical Background", "related_work", "2 Theoretical Background"),
    # a journal's unnumbered back matter
    ("Data availability", "body", "Data availability"),
    ("Code Availability", "body", "Code Availability"),
    ("Data and code availability", "body", "Data and code availability"),
    ("Author contributions", "body", "Author contributions"),
    ("Competing interests", "body", "Competing interests"),
    ("Ethics statement", "body", "Ethics statement"),
    ("Data Availability Statement", "body", "Data Availability Statement"),
    ("Declaration of competing interest", "body", "Declaration of competing interest"),
    ("CRediT authorship contribution statement", "body", "CRediT authorship contribution statement"),
    ("Authors' contributions", "body", "Authors' contributions"),
    ("Ethics approval and consent to participate", "body", "Ethics approval and consent to participate"),
    # reports: a summary for executives, notes at the end for citations
    ("Executive Summary", "abstract", "Executive Summary"),
    ("Endnotes", "references", "Endnotes"),
    ("Notes and References", "references", "Notes and References"),
    # what is left to do, unnumbered in reports
    ("Future Work", "body", "Future Work"),
    ("Future Directions and Open Problems", "body", "Future Directions and Open Problems"),
])
def test_heading_of_recognises_headings(text, kind, heading):
    assert heading_of(text) == (kind, heading)


@pytest.mark.parametrize("text", [
    "References are listed at the end of this paper, after the appendix.",
    "We report results on the benchmark in Table 2 and discuss them below.",
    "Our experiments differ widely",
    "4 experiments were run on MS1MV2.",     # a count, then a sentence: not a heading
    "Experimental results differ widely",
    "",
    "   \n  ",
    "Introduction of a margin penalty makes the embedding more discriminative.",
    "Results of earlier studies differ widely.",
    "Methods for face alignment are compared in Table 3.",
    # a paragraph whose first line happens to open like a heading, its sentence wrapping on
    "Previous works on this task\nhave mostly relied on hand-crafted features.",
    "Related work in affective computing\nsuggests that head pose is informative.",
    "Background subtraction methods\nare not used here.",
    # numbered table rows, and a list item naming things with digits
    "2 ResNet-50 99.12",
    "2. Fine-tune the VGGFace2 model on LFW",
    "3 CosFace 2018 MS1MV2",
    "Data availability is limited for the clinical photographs.",
    "Author contributions are listed below",
    "Chapter 3 describes the training of the recogniser.",
    "Chapter 3 of this thesis",
    "Future work will train on larger sets.",
    "Limitations of the sampler are discussed below.",
    "Results and analysis in Table 3 confirm that the sampler helps.",
    "Experiments and ablations on LFW confirm the gain.",
])
def test_heading_of_rejects_prose(text):
    assert heading_of(text) == (None, None)


@pytest.mark.parametrize("text, heading", [
    ("Dataset", "Dataset"), ("## Models & datasets", "Models & datasets"), ("Training setup:", "Training setup:"),
    ("What we are building", None), ("The results are good.", None), ("MS1MV2 99.8", None),
    ("Training data\nwas collected over two years.", None),
])
def test_a_write_up_without_a_papers_structure_has_headings_naming_parts_of_the_work(text, heading):
    """READMEs, notes and reports print "Dataset" or "Models & datasets" on a line of their own."""
    assert heading_of(text, writeup=True) == (("body", heading) if heading else (None, None))
    assert heading_of(text) == (None, None)


def test_numbered_heading_is_not_a_heading_in_the_front_matter():
    # "1 Pedestrian Detection Lab" could be an affiliation line on the title page
    assert heading_of("1 Pedestrian Detection Lab", in_front=True) == (None, None)
    assert heading_of("1 Pedestrian Detection Lab") == ("body", "1 Pedestrian Detection Lab")


def test_reference_and_table_cell_shapes():
    assert looks_like_reference("[12] A. Author. A paper title. In CVPR, 2016.")
    assert looks_like_reference("3. B. Author and C. Author. Another title. ECCV (2018)")
    assert not looks_like_reference("[12] A. Author. A paper title without a year.")
    assert not looks_like_reference("We train on data from 2016 with a margin of 0.5.")
    assert looks_like_table_cell("MS1MV2\n5.8M")
    assert not looks_like_table_cell("We train our model on MS1MV2 for twenty epochs with SGD.")
    assert looks_like_table_cell("Method\nTraining set\nVerification on LFW")
    assert looks_like_table_cell("Number of images\nNumber of identities\nImages per identity")
    # a paragraph of a narrow column that a column break cut before its full stop
    assert not looks_like_table_cell("To make use of the attention blocks\nand of strong backbones, we took\n"
                                     "a ResNet-34 that was trained on MS1M")
    assert not looks_like_table_cell("The features come from a network\nwhich the authors of [4] trained\non MS1MV2")


# --- sections of a generated paper -----------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_document():
    data = pdfs.standard_paper(
        [
            "We train our model on MS-Celeb-1M with a batch size of 512.",
            "Table 1: Training data used in our experiments.",
            "MS1MV2",
            "5.8M images",
        ],
        related=["Wang et al. [3] trained on MS-Celeb-1M."],
        acknowledgments=["This work was supported by the Example Science Foundation under grant 12345."],
        page_break_before=("4 Experiments",),
    )
    return extract_document(data)


def _block(document, text_start):
    found = [b for b in document.blocks if b.text.startswith(text_start)]
    assert len(found) == 1, f"expected one block starting {text_start!r}, got {found}"
    return found[0]


def test_document_sections_follow_headings(sample_document):
    doc = sample_document
    assert doc.n_pages == 2
    assert doc.is_paper
    assert doc.title == "Margin Losses for Compact Face Embeddings"
    assert _block(doc, "Anna Example").section == "front"
    assert _block(doc, "We study compact").section == "abstract"
    assert _block(doc, "Face recognition maps").section == "body"
    related = _block(doc, "Wang et al.")
    assert (related.section, related.heading) == ("related_work", "2 Related Work")
    train = _block(doc, "We train our model")
    assert (train.page, train.section, train.heading) == (2, "body", "4 Experiments")
    assert _block(doc, "This work was supported").section == "acknowledgments"
    refs = [b for b in doc.blocks if b.text.startswith("[")]
    assert len(refs) == 3 and all(b.section == "references" for b in refs)


def test_captions_and_table_cells(sample_document):
    caption = _block(sample_document, "Table 1:")
    assert caption.section == "caption"
    assert caption.text == "Table 1: Training data used in our experiments."
    assert _block(sample_document, "MS1MV2").section == "table"
    assert _block(sample_document, "5.8M images").section == "table"


@pytest.mark.parametrize("paragraph, section", [
    ("Table 4: Verification accuracy of the compact models.", "caption"),
    ("Fig. 3 Overview of the two-branch encoder.", "caption"),            # Springer: no punctuation
    ("Fig. 1a Sample crops from the gallery.", "caption"),
    ("TABLE II ABLATION OF THE MARGIN SCHEDULE", "caption"),
    ("Table 4 reports the verification accuracy of the compact models on three benchmarks.", "body"),
    ("Fig. 3 shows that the two branches agree on most identities.", "body"),
])
def test_a_paragraph_opening_with_its_table_is_no_caption(paragraph, section):
    """Captions are labelled, then named ("Table 4: ...", "Fig. 3 Overview ..."); a paragraph that
    starts by pointing at a table goes on with a verb and is body text."""
    doc = extract_document(pdfs.paper("Compact Encoders", [("4 Experiments", ["We train two encoders.", paragraph])]))
    assert _block(doc, paragraph[:12]).section == section


@pytest.mark.parametrize("entries, section", [
    (["2.3 Face Datasets ........ 12", "3 Methodology ........ 20"], "contents"),
    (["Table 4.2 Accuracy of the baseline . . . . . . 33"], "contents"),       # spaced dot leaders
    (["Abstract ........ ii", "List of Figures ........ vi"], "contents"),       # roman page numbers
    (["We tried three margins... and kept the best one."], "body"),
])
def test_a_table_of_contents_is_labelled(entries, section):
    """A thesis's table of contents and lists of figures name its sections; they are not its text."""
    doc = extract_document(pdfs.paper("Compact Encoders", [
        ("1 Introduction", ["We study encoders."]), ("Contents", ["\n".join(entries)])]))
    assert _block(doc, entries[0][:12]).section == section


@pytest.mark.parametrize("heading", ["C Experimental Settings", "C. Implementation Details", "B.2 Face Models"])
def test_an_appendix_lettered_after_the_references_is_no_reference(heading):
    """NeurIPS, ICML and ICLR letter their appendices after the reference list; author-year entries
    stay references even after a one-line entry that reads like such a heading."""
    doc = extract_document(pdfs.paper("Guidance Without Training", [
        ("1 Introduction", ["We guide generators without training."]),
        ("References", ["An, X., Zhu, X., and Gao, Y. Partial FC: Training 10 million identities. In ICCVW, 2021.",
                        "A Survey of Deep Face Recognition Datasets",
                        "Y. Guo, L. Zhang, and Y. Hu. A benchmark for face recognition at scale. In ECCV, 2016."]),
        (heading, ["Face features come from a recognition model trained on a web-scale corpus."])],
        page_break_before=("References",)))
    assert _block(doc, "Face features come").section in ("appendix", "body")    # (a named part of it: body)
    assert _block(doc, "Y. Guo, L. Zhang").section == "references"


def test_block_offsets_index_the_page_text(sample_document):
    doc = sample_document
    for b in doc.blocks:
        assert doc.page_text(b.page)[b.start:b.start + len(b.text)] == b.text
    assert {b.page for b in doc.blocks} == {1, 2}
    assert min(b.start for b in doc.blocks if b.page == 2) == 0     # offsets restart on every page


def test_hyphenated_names_are_rejoined_in_extracted_text():
    document = extract_document(pdfs.hyphenated_paper())
    texts = [b.text for b in document.blocks]
    assert "We train our recognition model on MS-Celeb-1M and report verification accuracy." in texts
    assert "The dataset name is sometimes typeset as MS-Celeb-1M in narrow columns." in texts


def test_year_from_arxiv_stamp_and_copyright():
    arxiv = pdfs.standard_paper(["We train on LFW."], references=pdfs.REFERENCES[1:],
                                front=["Anna Example", "arXiv:2101.00001v1 [cs.CV] 1 Jan 2021"])
    assert extract_document(arxiv).year == 2021
    copyright_ = pdfs.standard_paper(["We train on LFW."], references=pdfs.REFERENCES[1:],
                                     front=["Anna Example", "© 2017 IEEE"])
    assert extract_document(copyright_).year == 2017


def test_year_falls_back_to_newest_reference():
    # references pushed to page 2, so no page-1 venue stamp: the newest cited year is the bound
    data = pdfs.standard_paper(["We train on LFW."], page_break_before=("References",),
                               references=["[1] A. Author. Old work. Journal of Faces, 2012.",
                                           "[2] B. Author. Newer work. Journal of Faces, 2015."])
    assert extract_document(data).year == 2015


# --- errors ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("builder, status", [
    (pdfs.empty_bytes, "empty"),
    (pdfs.html_bytes, "not_pdf"),
    (pdfs.encrypted_pdf, "encrypted"),
    (pdfs.image_only_pdf, "image_only"),
    (pdfs.corrupt_pdf, "corrupt"),
    (pdfs.truncated_pdf, "corrupt"),
])
def test_unreadable_files_raise_extraction_error_with_status(builder, status):
    with pytest.raises(ExtractionError) as info:
        extract_document(builder())
    assert info.value.status == status
    assert str(info.value)            # a reason a person can read


def test_encrypted_fixture_is_really_encrypted_and_readable_with_password():
    # guards the fixture: the "encrypted" status must come from the password, not from a broken file
    import pymupdf

    doc = pymupdf.open(stream=pdfs.encrypted_pdf("pw"), filetype="pdf")
    assert doc.needs_pass
    assert doc.authenticate("pw")
    assert "MS-Celeb-1M" in doc[0].get_text()


@pytest.mark.parametrize("chapter, sub", [("2 Related Work", "2.3 Face datasets"),
                                          ("Chapter 2 Background", "2.1 Training datasets")])
def test_subsections_stay_in_their_related_work_chapter(chapter, sub):
    data = pdfs.paper("A Thesis on Faces", [
        ("Abstract", ["We study faces."]), ("1 Introduction", ["Faces matter."]),
        (chapter, ["Earlier work is summarised here."]), (sub, ["Large web collections are described here."]),
        ("3 Method", ["Our method is described here."]), ("References", pdfs.REFERENCES[:2])])
    doc = extract_document(data)
    described = _block(doc, "Large web collections")
    assert (described.section, described.heading) == ("related_work", sub)
    assert _block(doc, "Our method").section == "body"


@pytest.mark.parametrize("text, key", [
    ("Training Set. MS-Celeb-1M contains 10M images.", "Training Set"),
    ("- Dataset: MS1MV2 (aligned)", "Dataset"),
    ("Pretrained models: all checkpoints below were trained on MS1MV3.", "Pretrained models"),
    ("We train. Then we test.", None),
    ("The data: it is noisy.", "The data"),
])
def test_run_in_heading_finds_keys_of_paragraphs_and_list_items(text, key):
    assert run_in_heading(text) == key


def test_a_sentence_in_another_script_is_told_from_greek_symbols():
    assert in_other_script("MS-Celeb-1M 是目前最大的 public face recognition set")
    assert not in_other_script("We train on MS1MV2 with α = 0.5, β = 0.1, γ = 2 and δ = 0.")


DOUBLE_SPACED = [
    "Embeddings for the gate cameras are computed by the recognition module of the Aldren Access System, "
    "a ResNet-50 network that its developers trained on MS1MV2 and validated on LFW, CFP-FP, AgeDB and IJB-C, "
    "and it is used here without further training.",
    "A second paragraph describes the camera placed at the entrance of the library building and the lighting there.",
]


def test_double_spaced_lines_come_back_as_their_paragraphs():
    """With double spacing PyMuPDF makes each line a block: the lines of one paragraph are one
    block again (sentences cross line ends), headings and the next paragraph stay apart."""
    document = extract_document(pdfs.double_spaced_thesis(DOUBLE_SPACED))
    texts = [b.text for b in document.blocks]
    assert DOUBLE_SPACED[0] in texts
    assert DOUBLE_SPACED[1] in texts
    assert "Chapter 4 Results" in texts
    assert _block(document, "A second paragraph").heading == "Chapter 3 Methodology"


def test_a_heading_printed_in_the_block_of_the_paragraph_before_starts_its_section():
    """The abstract's last line and "1 Introduction" in one PDF block: the line ends the abstract."""
    doc = extract_document(pdfs.paper("Fair Samplers", [
        ("Abstract", ["Our sampler narrows the gap between groups while keeping\nthe verification accuracy.\n1 Introduction"]),
        (None, ["Face recognition is known to treat groups unequally."])]))
    assert _block(doc, "Our sampler").text.endswith("keeping the verification accuracy.")
    assert _block(doc, "Our sampler").section == "abstract"
    assert _block(doc, "1 Introduction").section == "body"
    assert _block(doc, "Face recognition is known").heading == "1 Introduction"


def test_an_arxiv_stamp_printed_upright_and_large_is_no_title():
    w = pdfs.Writer()
    w.text("arXiv:2301.01234v2 [cs.CV] 9 Jan 2023", fontsize=20.0)
    w.text("Fair Samplers for Face Embeddings", fontsize=pdfs.TITLE_SIZE)
    w.text("We study samplers.")
    assert extract_document(w.tobytes()).title == "Fair Samplers for Face Embeddings"


def test_a_heading_in_the_body_font_after_a_full_last_line_is_not_glued_on():
    """Double spacing, a heading printed at the body size right after a paragraph whose last line
    runs to the margin: the heading is a line of its own, not the paragraph's end."""
    w = pdfs.Writer()
    w.text("Kiosk Attendance with Face Recognition", fontsize=pdfs.TITLE_SIZE, gap=20.0)
    w.text("Chapter 3 Methodology", fontsize=12.0, fontname="hebo")
    w.text("The attendance kiosk photographs every student at the door of the lecture hall and sends the picture "
           "to the server in the basement of the library building for matching against the enrolment gallery of "
           "the course", lineheight=2.0, gap=4.0)     # (its last line runs to the margin)
    w.text("Data Collection", fontname="hebo", lineheight=2.0, gap=4.0)
    w.text("Photographs of forty volunteers were taken under three lighting conditions in the hall.", lineheight=2.0)
    document = extract_document(w.tobytes())
    assert "Data Collection" in [b.text for b in document.blocks]
