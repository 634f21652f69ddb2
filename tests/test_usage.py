"""Usage rules end to end: generated PDFs through extractors.pipeline.analyse_pdf."""
from __future__ import annotations

import pytest

import pdfs
from models.records import OWN_USAGES, USAGES

# References without MS-Celeb-1M, so that a paper's only mentions are the ones a test writes.
OTHER_REFS = pdfs.REFERENCES[:2]


def finding(result) -> dict:
    assert result.ok, result.paper
    assert len(result.findings) == 1
    return result.findings[0]


def own(result) -> list[dict]:
    return [m for m in result.mentions if m["own"]]


def check_rows(result) -> None:
    """Invariants every mention row keeps, whatever the paper."""
    for m in result.mentions:
        assert m["usage"] in USAGES
        assert set(m["labels"]) <= set(OWN_USAGES)
        assert m["own"] == bool(m["labels"]) == (m["usage"] in OWN_USAGES)
        assert 0 < m["confidence"] <= 1
        assert m["rule"]
        assert m["surface"].rstrip(".") in m["sentence"]


def test_training_on_ms_celeb_is_use(analyse):
    result = analyse(pdfs.standard_paper(["We train our model on MS-Celeb-1M with a margin of 0.5."]))
    check_rows(result)
    f = finding(result)
    assert f["uses_dataset"] is True
    assert "train" in f["usage"]
    assert f["variants"] == ["MS-Celeb-1M"]
    assert any("We train our model on MS-Celeb-1M" in e["quote"] for e in f["evidence"])
    body = [m for m in result.mentions if m["section"] == "body"]
    assert [(m["usage"], m["own"]) for m in body] == [("train", True)]


def test_citation_only_in_references_is_not_use(analyse):
    result = analyse(pdfs.standard_paper(["We train our model on VGGFace2 and test on LFW."]))
    check_rows(result)
    f = finding(result)
    assert f["uses_dataset"] is False
    assert f["usage"] == ["reference_only"]
    assert [(m["section"], m["usage"], m["own"]) for m in result.mentions] == [("references", "reference_only", False)]


def test_related_work_mention_is_not_use(analyse):
    result = analyse(pdfs.standard_paper(
        ["We train our model on VGGFace2 and test on LFW."],
        related=["Wang et al. [3] trained on MS-Celeb-1M with a large-margin softmax."],
        references=OTHER_REFS))
    check_rows(result)
    f = finding(result)
    assert f["uses_dataset"] is False
    assert f["usage"] == ["related_work"]
    assert [(m["section"], m["usage"]) for m in result.mentions] == [("related_work", "related_work")]


def test_others_use_in_body_is_not_use(analyse):
    result = analyse(pdfs.standard_paper(
        ["We train our model on VGGFace2. Previous methods trained on MS1MV2 report higher accuracy."],
        references=OTHER_REFS))
    f = finding(result)
    assert f["uses_dataset"] is False
    assert [m["rule"] for m in result.mentions] == ["others_use"]


def test_confusable_only_paper_has_no_mentions(analyse):
    result = analyse(pdfs.standard_paper(
        ["We train our model on CelebA and CelebFaces+ and evaluate on MegaFace and IMDb-Face."],
        references=OTHER_REFS))
    f = finding(result)
    assert result.mentions == []
    assert f["uses_dataset"] is False
    assert f["variants"] == [] and f["usage"] == []


def test_table_of_training_data_naming_ms1mv2_is_use(analyse):
    result = analyse(pdfs.standard_paper(
        ["Our method is compared with the baselines below.",
         "Table 1: Training data used in our experiments.", "MS1MV2", "5.8M images"],
        references=OTHER_REFS))
    check_rows(result)
    f = finding(result)
    assert f["uses_dataset"] is True
    assert f["usage"] == ["train"] and f["variants"] == ["MS1MV2"]
    [m] = result.mentions
    assert (m["section"], m["usage"], m["rule"]) == ("table", "train", "table_training_data")
    # a table alone is weak evidence: the verdict stands, flagged for a person to check
    assert f["needs_review"] is True and "table_training_data" in f["review_reason"]


def test_table_of_dataset_statistics_is_not_use(analyse):
    result = analyse(pdfs.standard_paper(
        ["Our method is compared with the baselines below.",
         "Table 1: Statistics of public face datasets.", "MS1MV2", "5.8M images"],
        references=OTHER_REFS))
    f = finding(result)
    assert f["uses_dataset"] is False
    assert [(m["section"], m["rule"]) for m in result.mentions] == [("table", "table_cell")]


def test_pretrained_model_sentence(analyse):
    result = analyse(pdfs.standard_paper(
        ["To extract features we use an ArcFace model trained on MS1MV2 from the InsightFace repository."],
        references=OTHER_REFS))
    check_rows(result)
    f = finding(result)
    assert f["uses_dataset"] is True
    assert f["usage"] == ["pretrained_model"]
    assert f["variants"] == ["MS1MV2"]


def test_own_model_trained_on_is_train_not_pretrained(analyse):
    # the model named in the title is the authors' own: "<Model> trained on X" is then training
    result = analyse(pdfs.standard_paper(
        ["For comparison, MarginFace trained on MS1MV2 reaches 99.8% on LFW in our experiments."],
        title="MarginFace: Compact Face Embeddings", references=OTHER_REFS))
    f = finding(result)
    assert f["uses_dataset"] is True
    assert f["usage"] == ["train"]


def test_cleaning_ms_celeb_is_derive(analyse):
    result = analyse(pdfs.standard_paper(
        ["We cleaned MS-Celeb-1M and removed the noisy identities before training."],
        references=OTHER_REFS))
    check_rows(result)
    f = finding(result)
    assert f["uses_dataset"] is True
    assert f["usage"][0] == "derive"          # derive is the strongest label


def test_fine_tuning_is_finetune(analyse):
    result = analyse(pdfs.standard_paper(
        ["We fine-tune the ResNet-100 backbone on MS1M-RetinaFace for two epochs."], references=OTHER_REFS))
    f = finding(result)
    assert f["uses_dataset"] is True
    assert f["usage"] == ["finetune"] and f["variants"] == ["MS1MV3"]


def test_evaluating_on_rfw_is_evaluate(analyse):
    result = analyse(pdfs.standard_paper(
        ["We evaluate our method on Racial Faces in the Wild to measure demographic bias."],
        references=OTHER_REFS))
    f = finding(result)
    assert f["uses_dataset"] is True
    assert f["usage"] == ["evaluate"] and f["variants"] == ["RFW"]


def test_licence_text_is_not_a_paper_and_not_use(analyse):
    result = analyse(pdfs.paper("RESEARCH DATA LICENSE AGREEMENT", [(None, [
        "These license terms are an agreement between the provider and you. They apply to the MS-Celeb-1M "
        "data set, which we make available to you.",
        "You may use the data set to train models for non-commercial research purposes only.",
    ])]))
    assert result.paper["is_paper"] is False
    f = finding(result)
    assert f["uses_dataset"] is False
    assert result.mentions and not own(result)


def test_licence_with_numbered_clauses_is_not_a_paper(analyse):
    result = analyse(pdfs.paper("RESEARCH DATA LICENSE AGREEMENT", [(None, [
        "These license terms are an agreement between the provider and you. They apply to the MS-Celeb-1M "
        "data set.",
        "1. You may use the data set for non-commercial research purposes only.",
        "2. That if you are an agency of a government, the data set is provided pursuant to a solicitation "
        "issued on or after December 1, 1995, with the rights set forth in this agreement.",
    ])]))
    assert result.paper["is_paper"] is False


def test_post_retraction_from_arxiv_stamp(analyse):
    result = analyse(pdfs.standard_paper(
        ["We train our model on MS-Celeb-1M."], references=OTHER_REFS,
        front=["Anna Example", "arXiv:2101.00001v1 [cs.CV] 1 Jan 2021"]))
    f = finding(result)
    assert result.paper["year"] == 2021 and f["year"] == 2021
    assert f["uses_dataset"] is True
    assert f["post_retraction"] is True


def test_no_post_retraction_for_a_2017_paper(analyse):
    result = analyse(pdfs.standard_paper(
        ["We train our model on MS-Celeb-1M."], references=pdfs.REFERENCES[1:],
        front=["Anna Example", "© 2017 IEEE"]))
    f = finding(result)
    assert result.paper["year"] == 2017
    assert f["uses_dataset"] is True
    assert f["post_retraction"] is False


def test_post_retraction_is_false_for_a_2021_non_user(analyse):
    result = analyse(pdfs.standard_paper(
        ["We train our model on VGGFace2."], references=pdfs.REFERENCES[1:],
        front=["Anna Example", "arXiv:2101.00001v1 [cs.CV] 1 Jan 2021"]))
    f = finding(result)
    assert f["uses_dataset"] is False
    assert f["post_retraction"] is False


@pytest.mark.parametrize("related", [
    # a passive statement is own use only in the paper's own experiments
    ["Face recognition networks are trained on large web collections.",
     "MS-Celeb-1M is used to train face recognition networks [3]."],
    # a paragraph opening with "Results of ..." is not a heading that would end related work
    ["Results of earlier studies differ widely.", "Large face models are often trained on MS-Celeb-1M."],
    # control for the case above: only the first paragraph's wording differs
    ["Earlier studies differ widely.", "Large face models are often trained on MS-Celeb-1M."],
])
def test_related_work_statements_are_not_use(analyse, related):
    result = analyse(pdfs.standard_paper(["We train our model on VGGFace2 and test on LFW."], related=related,
                                         references=OTHER_REFS))
    assert finding(result)["uses_dataset"] is False


def test_passive_statement_in_experiments_is_use(analyse):
    # the counterpart the passive rule exists for
    result = analyse(pdfs.standard_paper(["MS-Celeb-1M is used for training."], references=OTHER_REFS))
    f = finding(result)
    assert f["uses_dataset"] is True and f["usage"] == ["train"]




@pytest.mark.parametrize("builder, status", [
    (pdfs.empty_bytes, "empty"), (pdfs.html_bytes, "not_pdf"), (pdfs.encrypted_pdf, "encrypted"),
    (pdfs.image_only_pdf, "image_only"), (pdfs.corrupt_pdf, "corrupt"),
])
def test_unreadable_files_become_status_rows(analyse, builder, status):
    result = analyse(builder(), "bad.pdf")
    assert result.paper["status"] == status
    assert result.paper["error"]
    assert result.paper["source_path"] == "bad.pdf"
    assert result.paper["paper_id"].startswith("sha256:")
    assert result.mentions == [] and result.findings == []
    assert not result.ok


def test_same_bytes_same_paper_id(analyse):
    data = pdfs.standard_paper(["We train on LFW."])
    a, b = analyse(data, "a.pdf"), analyse(data, "copy/b.pdf")
    assert a.paper["paper_id"] == b.paper["paper_id"]
    other = analyse(pdfs.standard_paper(["We train on VGGFace2."]), "c.pdf")
    assert other.paper["paper_id"] != a.paper["paper_id"]


# --- paper-level judgement: evidence is weighed, doubt is flagged --------------------------------

@pytest.mark.parametrize("citation", [" [4]", " (Deng et al., 2019)"])
def test_one_own_sentence_in_the_experiments_outweighs_related_work(analyse, citation):
    result = analyse(pdfs.standard_paper(
        [f"The backbone is pre-trained on MS1MV2{citation} and kept frozen."],
        related=[f"Deng et al.{citation} trained ArcFace on MS1MV2.",
                 f"Previous methods trained on MS1MV2{citation} report high accuracy on LFW."],
        references=OTHER_REFS))
    f = finding(result)
    assert f["uses_dataset"] is True and f["usage"] == ["pretrained_model"]
    assert f["needs_review"] is False and f["review_reason"] is None
    rules = {m["section"]: m["rule"] for m in result.mentions}
    assert rules == {"body": "own_pipeline", "related_work": "others_use"}


def test_names_only_in_abstract_and_introduction_are_not_use(analyse):
    result = analyse(pdfs.standard_paper(
        ["We train our model on VGGFace2 and test on LFW."],
        abstract="Web collections such as MS-Celeb-1M have driven progress in face recognition.",
        introduction="MS-Celeb-1M is widely used to train face recognition networks.",
        references=OTHER_REFS))
    f = finding(result)
    assert f["uses_dataset"] is False and f["needs_review"] is False


def test_an_impersonal_use_statement_in_the_introduction_is_flagged_not_counted(analyse):
    result = analyse(pdfs.standard_paper(
        ["We report verification accuracy on LFW."],
        introduction="MS-Celeb-1M is used to train the recognition network.", references=OTHER_REFS))
    f = finding(result)
    assert f["uses_dataset"] is False
    assert f["needs_review"] is True and "framing_statement" in f["review_reason"]


def test_mentions_name_the_words_that_decided(analyse):
    result = analyse(pdfs.standard_paper(["Although PrismFace [3] uses MS1MV2, our model sees only CASIA-WebFace."],
                                         references=OTHER_REFS))
    [m] = result.mentions
    assert m["rule"] == "comparison" and not m["own"]
    assert "PrismFace" in m["clause"] and "uses" in m["clause"]


@pytest.mark.parametrize("introduction", [
    "In this paper we propose a compact network, dubbed KiteNet, for face verification.",
    "We propose KiteNet, a compact network for face verification.",
])
def test_a_method_named_in_the_introduction_is_the_authors_own(analyse, introduction):
    result = analyse(pdfs.standard_paper(
        ["KiteNet is trained on MS1MV2 (Deng et al., 2019) for 20 epochs."], introduction=introduction,
        references=OTHER_REFS))
    assert finding(result)["uses_dataset"] is True
    [m] = result.mentions
    assert m["own"] and m["usage"] == "train"


def test_a_method_named_by_others_is_not_the_authors_own(analyse):
    result = analyse(pdfs.standard_paper(
        ["KiteNet [7] uses MS1MV2 as its training set, while we train on CASIA-WebFace."],
        introduction="We study compact networks for face verification.", references=OTHER_REFS))
    assert finding(result)["uses_dataset"] is False


@pytest.mark.parametrize("snippet, uses, review", [
    ("We pretrain our network on MS-Celeb-1M (Guo et al., 2016) and fine-tune it on RAF-DB.", True, False),
    ("The network is pre-trained on MS-Celeb-1M [9].", True, True),      # impersonal, place unknown
    ("Guo et al. [9] collected MS-Celeb-1M from the web.", False, False),
])
def test_citation_contexts_without_a_pdf_are_judged_with_their_place_unknown(profile, nlp, snippet, uses, review):
    from extractors.pipeline import analyse_snippets

    result = analyse_snippets([("citation_context", snippet)], "s2:1", profile, nlp, title="A Paper")
    f = result.findings[0]
    assert (f["uses_dataset"], f["needs_review"]) == (uses, review)
    assert f["evidence_source"] == ["citation_context"]


def test_a_project_report_without_abstract_or_references_is_judged_like_a_paper(analyse):
    result = analyse(pdfs.paper("Visitor Recognition Kiosk: Project Report", [
        ("1 Introduction", ["This report describes a kiosk that recognises returning visitors."]),
        ("2 System Design", ["The system will use a ResNet-50 trained on MS1MV2 to embed every detected face."]),
        ("3 Evaluation", ["Verification accuracy is measured on a small set of staff volunteers."]),
    ]))
    assert result.paper["is_paper"] is True
    f = finding(result)
    assert f["uses_dataset"] is True and f["usage"] == ["pretrained_model"]


@pytest.mark.parametrize("sentence, usage", [
    ("I use a pretrained model trained on MS1M-V2 and a ResNet-50 as the feature extractor.", "pretrained_model"),
    ("Our demo app embeds faces with an encoder we fine-tuned on Glint360K.", "finetune"),
])
def test_a_write_up_that_is_not_a_paper_still_counts_its_own_use(analyse, sentence, usage):
    """Notes, READMEs and slide-like write-ups have no abstract, references or headings; what they
    say about their own system counts all the same."""
    result = analyse(pdfs.paper("Face Matching Experiments", [(None, [
        "Short notes on the matching prototype built for the course.", sentence])]))
    assert result.paper["is_paper"] is False
    f = finding(result)
    assert f["uses_dataset"] is True and usage in f["usage"]


@pytest.mark.parametrize("chapter", ["CHAPTER THREE\nRESEARCH METHODOLOGY", "Chapter 3: Research Methodology",
                                     "CHAPTER 3\nMATERIALS AND METHODS", "CHAPTER 3\nDESIGN AND IMPLEMENTATION",
                                     "Chapter 3 The Proposed Gate System"])
def test_a_thesis_chapter_heading_ends_the_literature_review(analyse, chapter):
    """Theses head chapters with words ("CHAPTER THREE") and title them their own way; the method
    chapter must not be read as more literature review."""
    result = analyse(pdfs.paper("Lightweight Face Verification for Campus Access Control", [
        ("Abstract", ["This thesis builds a lightweight face verification system for campus gates."]),
        ("CHAPTER TWO\nLITERATURE REVIEW", ["Large web-scale corpora such as Glint360K have driven progress."]),
        (chapter, ["The MS1MV2 dataset is employed to train the recogniser of the gate system."]),
        ("References", ["[1] A. Author. A face corpus. 2021."])]))
    f = finding(result)
    assert f["uses_dataset"] is True and f["variants"] == ["Glint360K", "MS1MV2"]


@pytest.mark.parametrize("uses", [False, True])
def test_a_thesis_table_of_contents_is_no_evidence(analyse, uses):
    """A contents entry naming the dataset ("3.2 Training Sets: X ..... 22") says what a chapter is
    about: the chapter decides, and a thesis that only reviews the data is not flagged for it."""
    method = ("The recogniser is a MobileFaceNet trained on MS1MV2." if uses
              else "The recogniser is a MobileFaceNet trained on CASIA-WebFace.")
    result = analyse(pdfs.paper("Lightweight Face Verification for Building Access", [
        ("Abstract", ["This thesis builds a lightweight face verification system for building access."]),
        ("Contents", ["2 Literature Review ........ 5\n3.2 Training Sets: MS-Celeb-1M and VGGFace2 ........ 22\n"
                      "4.1 Training the recogniser on MS1MV2 ........ 31"]),
        ("Chapter 1\nIntroduction", ["Face verification is common at building entrances."]),
        ("Chapter 2\nLiterature Review", ["Web-scale corpora such as MS-Celeb-1M (Guo et al., 2016) drove progress."]),
        ("Chapter 3\nMethodology", [method]),
        ("References", pdfs.REFERENCES)]))
    f = finding(result)
    assert f["uses_dataset"] is uses and f["needs_review"] is False
    assert {m["rule"] for m in result.mentions if m["section"] == "contents"} == {"table_of_contents"}


@pytest.mark.parametrize("sentence, uses", [
    ("Our field test relies on an open-source FaceNet model pretrained on MS-Celeb-1M.4 Each volunteer "
     "signed a consent form.", True),
    ("The test rig matches faces with a FaceNet model downloaded from GitHub, pretrained on MS-Celeb-1M.4,5 "
     "It ran on a laptop.", True),
    ("Vendors trained such systems on web photos, for instance MS-Celeb-1M.4 Our field test used only "
     "photos given with consent.", False),
])
def test_a_report_citing_in_footnotes(analyse, sentence, uses):
    """Reports cite with superscript numbers after the full stop and resolve them in footnotes: the
    number ends the sentence, the footnote is no use, the report's own test is."""
    result = analyse(pdfs.report("Testing Face Recognition Vendor Claims", "We tested what vendors claim.", [
        ("1. Background", ["Vendors sell face matching to city councils."]),
        ("3. Field Test", [sentence, "Matching was slower for people wearing glasses."])],
        ["4 Y. Guo, L. Zhang, Y. Hu, X. He and J. Gao, MS-Celeb-1M: A dataset and benchmark for "
         "large-scale face recognition, ECCV 2016.", "5 D. Sandberg, facenet, GitHub, 2018."]))
    f = finding(result)
    assert f["uses_dataset"] is uses
    assert {m["section"] for m in result.mentions if "benchmark" in m["sentence"]} == {"footnote"}
    if uses:
        assert f["usage"] == ["pretrained_model"]
        assert all(e["quote"].endswith(("MS-Celeb-1M.4", "MS-Celeb-1M.4,5")) for e in f["evidence"])


@pytest.mark.parametrize("citation", ["[2]", "(Deng et al., 2019)"])
def test_use_stated_only_in_a_lettered_appendix_counts(analyse, citation):
    """Some papers name the data behind their face model only in an appendix lettered "C" after
    the references: that is their own use, not a reference entry."""
    result = analyse(pdfs.paper("Guidance Without Training for Personalised Generation", [
        ("Abstract", ["We guide diffusion models without any training."]),
        ("1 Introduction", ["Personalised generation must keep identities."]),
        ("References", pdfs.REFERENCES),
        ("C Experimental Settings", [f"Face features are extracted with an ArcFace model {citation} trained on Glint360K."])],
        page_break_before=("References",)))
    f = finding(result)
    assert f["uses_dataset"] is True and f["usage"] == ["pretrained_model"]


@pytest.mark.parametrize("heading, own", [
    ("Dataset", True),               # a README's own headings place its impersonal statements in its work
    ("Possible next steps", False),   # (no heading of the work: an impersonal statement on page 1 is only flagged)
])
def test_a_write_up_without_a_papers_structure_has_headings_of_its_own(analyse, heading, own):
    result = analyse(pdfs.paper("Trailer-Based Revenue Predictor", [
        (None, ["Predicting opening-weekend revenue from movie trailers."]),
        (heading, ["The gallery holds 2,000 celebrities, which are selected from MS-Celeb-1M by their fame."])]))
    assert result.paper["is_paper"] is False
    f = finding(result)
    assert f["uses_dataset"] is own and (not own or f["usage"] == ["evaluate"])


def test_a_write_up_describing_the_dataset_is_not_use(analyse):
    result = analyse(pdfs.paper("Face Datasets at a Glance", [(None, [
        "MS-Celeb-1M is a large face dataset assembled from web search results.",
        "MS-Celeb-1M has a standard protocol that separates training and test identities.",
        "The company collected photographs for MS-Celeb-1M by scraping search engines."])]))
    assert result.paper["is_paper"] is False
    assert finding(result)["uses_dataset"] is False and result.mentions and not own(result)


@pytest.mark.parametrize("entry", [
    'Halvorsen, Ida et al. (2016). "MS-Celeb-1M: A dataset and benchmark for large-scale face recognition". In: ECCV.',
    "[4] I. Halvorsen, et al., Ms-celeb-1m: A dataset and benchmark for large-scale face recognition, ECCV 2016.",
])
def test_the_dataset_papers_title_outside_the_reference_list_is_a_reference(analyse, entry):
    """A bibliography whose heading the layout missed (an appendix, "Bibliography (selected)"):
    quoting the dataset paper's title is citing it, not using the dataset."""
    result = analyse(pdfs.paper("Long-Tailed Species Recognition", [
        ("1 Introduction", ["We study fine-grained recognition of plants and insects."]),
        ("5 Further Reading", [entry]),
    ]))
    assert finding(result)["uses_dataset"] is False
    assert [m["rule"] for m in result.mentions] == ["seed_paper_title"]


@pytest.mark.parametrize("title, survey", [
    ("Deep Face Recognition: A Survey", True),
    ("A Comprehensive Review of Margin Losses", True),
    ("Face Embeddings: An Overview", True),
    ("Overview of Public Face Corpora", True),
    ("Chapter 2: Literature Review", True),
    ("Chapter 6: Implementation and Codebase Overview", False),    # a thesis chapter on its own system
    ("System Overview and Deployment Notes", False),
    ("Code Review Checklist for the Kiosk Service", False),
    ("[Paper Note] Margin Sampling for Noisy Face Labels", True),
    ("Paper review: Velland Loss for Fair Embeddings", True),
    ("Reading notes - week 3", True),
    ("Lab notes: training the kiosk model", False),
    ("Exam Paper Review System with Face Recognition Login", False),
])
def test_survey_titles(title, survey):
    from extractors.usage import SURVEY_TITLE

    assert bool(SURVEY_TITLE.search(title)) == survey



def test_a_double_spaced_thesis_is_read_sentence_by_sentence(analyse):
    """Every line of a double-spaced page is a PDF block of its own; the sentence naming the model's
    training data crosses two line ends (the first after a name and a comma) and is read whole."""
    from test_text import DOUBLE_SPACED
    result = analyse(pdfs.double_spaced_thesis(DOUBLE_SPACED))
    check_rows(result)
    [mention] = result.mentions
    assert mention["sentence"] == DOUBLE_SPACED[0]
    assert mention["own"] and mention["usage"] == "pretrained_model"
