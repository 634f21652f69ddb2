"""Citation styles as data: attached citations are a name's reference, people-citations are others."""
from __future__ import annotations

import pytest

from extractors.citations import CITED, find_citations, neutralise, without_citations

NAME = "MS-Celeb-1M"


def run(sentence: str):
    at = sentence.index(NAME)
    return neutralise(sentence, at, at + len(NAME), "DATASET")


@pytest.mark.parametrize("sentence, style", [
    ("We pretrain on MS-Celeb-1M [12] before adaptation.", "numeric"),
    ("We pretrain on MS-Celeb-1M [12, 14] before adaptation.", "numeric"),
    ("We pretrain on MS-Celeb-1M [12]-[14] before adaptation.", "numeric"),
    ("We pretrain on MS-Celeb-1M (Guo et al., 2016) before adaptation.", "author_year"),
    ("We pretrain on MS-Celeb-1M (Guo et al. 2016; Cao and Li 2018) before adaptation.", "author_year"),
    ("We pretrain on MS-Celeb-1M (see Guo, 2016b) before adaptation.", "author_year"),
    ("We pretrain on MS-Celeb-1M\u00b9\u00b2 before adaptation.", "superscript"),
    ("We pretrain on MS-Celeb-1M* before adaptation.", "superscript"),
])
def test_a_citation_after_the_name_is_its_reference(sentence, style):
    [citation] = find_citations(sentence)
    assert citation.style == style and not citation.people
    out = run(sentence)
    assert out.name_cited
    assert out.text == "We pretrain on DATASET before adaptation."
    assert out.text[out.name_start:out.name_end] == "DATASET" and not out.cited_at


@pytest.mark.parametrize("sentence", [
    "We pretrain on MS-Celeb-1M12 before adaptation.",        # a superscript the text layer glued on
    "We pretrain on MS-Celeb-1M7,9 before adaptation.",
    "We pretrain on MS-Celeb-1M3\u20135 before adaptation.",
])
def test_digits_glued_to_the_name_are_its_superscript_reference(sentence):
    out = run(sentence)
    assert out.name_cited
    assert out.text == "We pretrain on DATASET before adaptation."


@pytest.mark.parametrize("sentence", ["We pretrain on MS-Celeb-1M.12", "We pretrain on MS-Celeb-1M.1,4 "])
def test_a_superscript_after_the_closing_stop_is_the_names_reference(sentence):
    out = run(sentence)
    assert out.name_cited
    assert out.text.strip() == "We pretrain on DATASET."


@pytest.mark.parametrize("sentence, expected", [
    ("Guo et al. (2016) trained a network on MS-Celeb-1M.", f"{CITED} trained a network on DATASET."),
    ("Guo (2016) trained a network on MS-Celeb-1M.", f"{CITED} trained a network on DATASET."),
    ("Guo and Li [7] trained a network on MS-Celeb-1M.", f"{CITED} trained a network on DATASET."),
    ("Guo et al. trained a network on MS-Celeb-1M.", f"{CITED} trained a network on DATASET."),
    ("In [7], MS-Celeb-1M is used for training.", f"In {CITED}, DATASET is used for training."),
    ("In (Guo et al., 2016), MS-Celeb-1M is used for training.", f"In {CITED}, DATASET is used for training."),
    ("A network trained by [7] on MS-Celeb-1M is used.", f"A network trained by {CITED} on DATASET is used."),
])
def test_citations_standing_for_people_become_one_proper_noun(sentence, expected):
    out = run(sentence)
    assert out.text == expected
    assert [out.text[i:i + len(CITED)] for i in out.cited_at] == [CITED]


def test_words_that_only_look_like_authors_are_kept():
    out = run("In 2016, MS-Celeb-1M was released. As in [3], we use it.")
    assert out.text.startswith("In 2016, DATASET was released.")
    assert out.text.endswith(f"As in {CITED}, we use it.")


def test_hyphenated_training_words_become_one_word_for_the_parser():
    out = run("Both backbones are pre-trained on MS-Celeb-1M and fine-tuned on LFW.")
    assert out.text == "Both backbones are pretrained on DATASET and finetuned on LFW."


@pytest.mark.parametrize("sentence, expected", [
    ("We train IR-50 (with and without attention blocks) networks on MS-Celeb-1M.",
     "We train IR-50 networks on DATASET."),
    ("The cleaned MS-Celeb-1M (about 5.8M images of 85K people) is used (see Sec. 4) for training.",
     "The cleaned DATASET is used for training."),
    ("An encoder (pretrained on MS-Celeb-1M) embeds the faces.", "An encoder (pretrained on DATASET) embeds the faces."),
    ("We draw 500 (a) and 5000 (b) faces from MS-Celeb-1M.", "We draw 500 and 5000 faces from DATASET."),
])
def test_asides_without_the_name_are_dropped_before_parsing(sentence, expected):
    assert run(sentence).text == expected


@pytest.mark.parametrize("sentence, expected", [
    ("The weights on MS1MV3 (Tanaka et al., 2020) are taken from the repository.",
     "The weights on MS1MV3 are taken from the repository."),
    ("We train on MS1MV2 [7], [8] and test on IJB-C [12].", "We train on MS1MV2 and test on IJB-C."),
    ("As Guo et al. (2016) note, the labels are noisy.", "As note, the labels are noisy."),
    ("No citation here.", "No citation here."),
])
def test_without_citations_takes_out_every_style(sentence, expected):
    assert without_citations(sentence) == expected
