"""extractors.mentions: the name matcher built from the MS-Celeb-1M profile, and find_mentions."""
from __future__ import annotations

import pytest

import pdfs
from extractors.mentions import CONFUSABLE, NameMatcher, find_mentions, key
from extractors.text import extract_document
from models.profile import load_profile
from models.records import Block, Document


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher.from_profile(load_profile("ms-celeb-1m"))


def matches(matcher: NameMatcher, text: str) -> list[tuple[str, str]]:
    """(surface, canonical variant) for every name the matcher finds in text."""
    return [(text[start:end], variant) for start, end, variant in matcher.finditer(text)]


@pytest.mark.parametrize("name, variant", [
    ("MS-Celeb-1M", "MS-Celeb-1M"),
    ("MS Celeb 1M", "MS-Celeb-1M"),
    ("MSCeleb", "MS-Celeb-1M"),
    ("MSCeleb1M", "MS-Celeb-1M"),
    ("Ms-celeb-1m", "MS-Celeb-1M"),
    ("MS1M", "MS-Celeb-1M"),
    ("MS1M-V2", "MS1MV2"),
    ("MS1MV2", "MS1MV2"),
    ("ms1m_v2", "MS1MV2"),
    ("faces_emore", "MS1MV2"),
    ("MS1M-ArcFace", "MS1MV2"),
    ("MS1M-RetinaFace", "MS1MV3"),
    ("MS-Celeb-1M-v1c", "MS1M-DeepGlint"),
    ("MS1M-DeepGlint", "MS1M-DeepGlint"),
    ("Racial Faces in the Wild", "RFW"),
    ("Racial Faces in-the-Wild", "RFW"),
    ("RFW", "RFW"),
    ("Glint360K", "Glint360K"),
    ("Glint-360K", "Glint360K"),
    ("DeepGlint-Face", "DeepGlint-Face"),
    ("C-MS-Celeb", "C-MS-Celeb"),
])
def test_variants_are_found_whatever_the_separators(matcher, name, variant):
    text = f"In our experiments, {name} serves as the data."
    assert matches(matcher, text) == [(name, variant)]


@pytest.mark.parametrize("name", [
    "MSRA-CFW", "CelebA", "CelebFaces", "CelebFaces+", "Celeb-500K", "MillionCelebs", "IMDb-Face",
    "WebFace260M", "WebFace42M", "MegaFace", "MS Face",
])
def test_confusables_are_never_mentions(matcher, name):
    assert matches(matcher, f"We train on {name} and test on LFW.") == []
    assert matcher.variant_of.get(key(name)) == CONFUSABLE


@pytest.mark.parametrize("text", [
    "XMS1MV2s is a made-up token.",
    "The file xMS1MV2 was renamed.",
    "MS1MV2s are many.",
    "We felt remorse about the demoreal data.",     # "emore" inside other words
    "The RFWs were calibrated.",
    "MS1MV2+ is not MS1MV2 itself.",                 # the '+' marks another name
])
def test_names_inside_other_words_are_not_matched(matcher, text):
    found = matches(matcher, text)
    # only the free-standing "MS1MV2" in the last sentence may match
    assert found == ([("MS1MV2", "MS1MV2")] if text.startswith("MS1MV2+") else [])


@pytest.mark.parametrize("text, expected", [
    ("trained on MS1M-DeepGlint only", [("MS1M-DeepGlint", "MS1M-DeepGlint")]),
    ("trained on MS-Celeb-1M-v1c only", [("MS-Celeb-1M-v1c", "MS1M-DeepGlint")]),
    ("trained on MS1M-RetinaFace only", [("MS1M-RetinaFace", "MS1MV3")]),
    ("trained on faces-ms1m-refine-v2 only", [("faces-ms1m-refine-v2", "MS1MV2")]),
    ("both MS1M and MS1MV2 here", [("MS1M", "MS-Celeb-1M"), ("MS1MV2", "MS1MV2")]),
])
def test_longest_name_wins(matcher, text, expected):
    assert matches(matcher, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("We pretrain on MS-Celeb-1M14 before adaptation.", [("MS-Celeb-1M", "MS-Celeb-1M")]),
    ("and fine-tune it on MS1MV27,9.", [("MS1MV2", "MS1MV2")]),
    ("Results on RFW21\u201323 are given below.", [("RFW", "RFW")]),
    ("Glint360K3 serves as the training set.", [("Glint360K", "Glint360K")]),
    ("MS1M10K is a made-up subset name.", []),          # digits then letters: another word
    ("The RFW2024a archive is unrelated.", []),
])
def test_superscript_citation_digits_glued_to_a_name(matcher, text, expected):
    """Text extraction joins a superscript citation to the word it follows ("MS1MV2^{7,9}" reads
    "MS1MV27,9"): the name is found without the digits; digits followed by letters stay a word."""
    assert matches(matcher, text) == expected


def test_matcher_knows_every_alias_of_the_profile(matcher):
    profile = load_profile("ms-celeb-1m")
    for canonical, aliases in profile.variants.items():
        for alias in aliases:
            found = matches(matcher, f"Data: {alias} .")
            assert found == [(alias, canonical)], alias


# --- find_mentions on a Document -------------------------------------------------------------------


def _document(paragraphs_by_page: dict[int, list[str]]) -> Document:
    blocks = []
    for page, paragraphs in paragraphs_by_page.items():
        start = 0
        for text in paragraphs:
            blocks.append(Block(page=page, text=text, section="body", heading="4 Experiments",
                                bbox=(72, 72, 540, 100), start=start))
            start += len(text) + 2
    return Document(blocks=blocks, n_pages=max(paragraphs_by_page))


def test_find_mentions_on_generated_pdf_gives_page_section_sentence_and_offsets(matcher, nlp):
    data = pdfs.standard_paper(
        ["Our baseline uses a ResNet-50 backbone. We train it on MS1M-V2 for 20 epochs. Results follow."],
        related=["Wang et al. [3] trained on MS Celeb 1M with a softmax loss."],
        page_break_before=("4 Experiments",),
    )
    document = extract_document(data)
    hits = find_mentions(document, matcher, nlp)
    by_surface = {h.surface: h for h in hits}
    assert set(by_surface) >= {"MS1M-V2", "MS Celeb 1M"}

    train = by_surface["MS1M-V2"]
    assert (train.variant, train.block.page, train.block.section) == ("MS1MV2", 2, "body")
    assert train.sentence == "We train it on MS1M-V2 for 20 epochs."
    assert train.sentence[train.offset:train.offset + len(train.surface)] == train.surface

    related = by_surface["MS Celeb 1M"]
    assert (related.variant, related.block.page, related.block.section) == ("MS-Celeb-1M", 1, "related_work")
    assert related.sentence == "Wang et al. [3] trained on MS Celeb 1M with a softmax loss."

    reference = [h for h in hits if h.block.section == "references"]
    assert [h.variant for h in reference] == ["MS-Celeb-1M"]

    for h in hits:
        assert document.page_text(h.block.page)[h.char_start:h.char_end] == h.surface


def test_find_mentions_offsets_on_several_pages(matcher, nlp):
    document = _document({
        1: ["Nothing to see here.", "We use Glint360K and RFW in Table 2, then stop"],
        2: ["A long preamble that pushes the offsets along. Then MS-Celeb-1M-v1c appears"],
    })
    hits = find_mentions(document, matcher, nlp)
    assert [(h.block.page, h.surface, h.variant) for h in hits] == [
        (1, "Glint360K", "Glint360K"), (1, "RFW", "RFW"), (2, "MS-Celeb-1M-v1c", "MS1M-DeepGlint")]
    for h in hits:
        assert document.page_text(h.block.page)[h.char_start:h.char_end] == h.surface
    assert hits[2].sentence == "Then MS-Celeb-1M-v1c appears"


def test_find_mentions_without_names_is_empty_and_skips_nlp(matcher):
    class NoNLP:   # find_mentions must not touch spaCy when no block names a dataset
        def __getattr__(self, name):
            raise AssertionError(f"spaCy used for a document without names ({name})")

    document = _document({1: ["We train on VGGFace2.", "We test on LFW and IJB-C."]})
    assert find_mentions(document, matcher, NoNLP()) == []


def test_find_mentions_ignores_confusables(matcher, nlp):
    document = _document({1: ["We train on CelebA and CelebFaces+.", "We test on MegaFace, not MSRA-CFW."]})
    assert find_mentions(document, matcher, nlp) == []


@pytest.mark.parametrize("sentence, name", [
    ("We train our model on MS-Celeb-1M.", "MS-Celeb-1M"),
    ("We train our model on Glint360K.", "Glint360K"),
    ("We train our model on MS1M.", "MS1M"),
])
def test_surface_is_the_name_without_the_full_stop(matcher, nlp, sentence, name):
    hits = find_mentions(_document({1: [sentence]}), matcher, nlp)
    assert [h.surface for h in hits] == [name]
    assert hits[0].char_end - hits[0].char_start == len(name)


def test_surface_is_the_name_mid_sentence(matcher, nlp):
    # the same names followed by a comma or space are cut exactly: only the full stop is wrong
    hits = find_mentions(_document({1: ["We train on MS-Celeb-1M, Glint360K and MS1M for a while."]}), matcher, nlp)
    assert [h.surface for h in hits] == ["MS-Celeb-1M", "Glint360K", "MS1M"]


@pytest.mark.parametrize("text, sentences", [
    # a superscript citation after the full stop ends the sentence, whatever word it follows
    ("Our prototype uses a model pretrained on MS-Celeb-1M.4 The other parts are written from scratch.",
     ["Our prototype uses a model pretrained on MS-Celeb-1M.4", "The other parts are written from scratch."]),
    ("The set was taken down in 2019 after press reports.12,13 Copies of MS1M still circulate.",
     ["The set was taken down in 2019 after press reports.12,13", "Copies of MS1M still circulate."]),
    # a decimal, a version or an abbreviated reference is no sentence end
    ("Accuracy on MS1M rose from 99.1 to 99.5 We think this is noise.",
     ["Accuracy on MS1M rose from 99.1 to 99.5 We think this is noise."]),
    ("As Fig.3 The curve on MS1M shows, it converges.", ["As Fig.3 The curve on MS1M shows, it converges."]),
])
def test_sentences_end_before_a_superscript_after_the_stop(matcher, nlp, text, sentences):
    hits = find_mentions(_document({1: [text]}), matcher, nlp)
    assert [h.sentence for h in hits] == [s for s in sentences if "MS" in s]


def test_superscript_citations_in_a_pdf_leave_the_names_whole(analyse):
    """Nature- and Springer-style papers cite with raised small digits right after the name."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=pdfs.WIDTH, height=pdfs.HEIGHT)

    def line(y: float, pieces: list[tuple[str, bool]]) -> None:
        x = pdfs.MARGIN
        for text, raised in pieces:
            size = 6.0 if raised else pdfs.BODY_SIZE
            page.insert_text((x, y - 4 if raised else y), text, fontsize=size, fontname="helv")
            x += pymupdf.get_text_length(text, fontname="helv", fontsize=size)

    page.insert_text((pdfs.MARGIN, 72), "Compact Embeddings for Door Cameras", fontsize=16, fontname="hebo")
    page.insert_text((pdfs.MARGIN, 110), "4 Experiments", fontsize=12, fontname="hebo")
    line(128, [("We pretrain the encoder on MS-Celeb-1M", False), ("14", True), (" and fine-tune it on MS1MV2", False),
               ("7,9", True), (".", False)])
    line(144, [("Fairness is measured on RFW", False), ("21", True), (" for four groups.", False)])
    result = analyse(doc.tobytes())
    finding = result.findings[0]
    assert finding["uses_dataset"] is True
    assert finding["variants"] == ["MS-Celeb-1M", "MS1MV2", "RFW"]
    assert {"finetune", "evaluate"} <= set(finding["usage"])


def _two_columns(left_end: str, right: str) -> bytes:
    """A two-column page whose left column ends with `left_end` and whose right column starts with `right`."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=pdfs.WIDTH, height=pdfs.HEIGHT)
    page.insert_text((pdfs.MARGIN, 60), "Compact Embeddings for Door Cameras", fontsize=16, fontname="hebo")
    page.insert_textbox(pymupdf.Rect(72, 80, 300, 140), "Abstract. We study compact embeddings for door cameras.",
                        fontsize=9)
    page.insert_textbox(pymupdf.Rect(72, 150, 300, 170), "4 Experiments", fontsize=11, fontname="hebo")
    page.insert_textbox(pymupdf.Rect(72, 175, 300, 720), "Our encoders are small. " * 20 + left_end, fontsize=9)
    page.insert_textbox(pymupdf.Rect(320, 80, 540, 400), right + " " + "Results follow below. " * 10, fontsize=9)
    return doc.tobytes()


def test_a_sentence_broken_by_a_column_end_is_read_whole(analyse):
    result = analyse(_two_columns("For every run, we train the encoder on", "MS1MV2 for twenty epochs."))
    [mention] = result.mentions
    assert mention["sentence"] == "For every run, we train the encoder on MS1MV2 for twenty epochs."
    assert mention["own"] is True and result.findings[0]["usage"] == ["train"]


def test_a_column_that_ends_a_sentence_or_a_table_is_not_joined(analyse):
    whole = analyse(_two_columns("The encoders are small.", "MS1MV2 holds 5.8M images of 85K identities."))
    assert whole.mentions[0]["sentence"] == "MS1MV2 holds 5.8M images of 85K identities."
    table = analyse(_two_columns("Accuracy is listed for the", "CASIA 26.64 21.45 MS1MV2 80.97 78.60"))
    assert "Accuracy" not in table.mentions[0]["sentence"]


def test_a_short_piece_after_a_column_break_ends_the_sentence_before_it(analyse):
    result = analyse(_two_columns("The recogniser is pretrained with an angular margin loss, and validated on",
                                  "RFW [30]). The detectors are then trained on other data."))
    assert result.mentions[0]["sentence"].startswith("The recogniser is pretrained")
