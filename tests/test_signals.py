"""Signal extractors on hand-made documents, the DukeMTMC profile, and the corpus acceptance bar."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from extractors import pipeline
from extractors.lexicons import LEXICON_DIR
from extractors.mentions import NameMatcher, find_mentions
from extractors.plugins import Context
from extractors.signals import (CommercialSignal, MilitarySecuritySignal, PostRetractionSignal,
                                SurveillanceSignal)
from extractors.usage import classify
from flows.eval_signals import score_signals
from models.profile import available_profiles, load_profile
from models.records import Block, Document, Mention

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def document(*texts: str, section: str = "body", heading: str | None = "Introduction", year: int = 2021) -> Document:
    blocks = [Block(page=1, text=t, section=section, heading=heading, bbox=(0, 0, 1, 1), start=0) for t in texts]
    return Document(blocks=blocks, n_pages=1, title="A paper", year=year)


def context(nlp, profile, doc: Document, uses: bool = True, affiliations=(), funders=(), mentions=(),
            lexicon_dir: Path = LEXICON_DIR) -> Context:
    return Context(paper_id="p1", document=doc, mentions=tuple(mentions),
                   finding={"uses_dataset": uses, "year": doc.year}, affiliations=tuple(affiliations),
                   funders=tuple(funders), profile=profile, nlp=nlp, lexicon_dir=lexicon_dir)


def org(institution: str, sector: str, method: str = "exact", flags=(), raw: str | None = None) -> dict:
    return {"institution": institution, "raw": raw or institution, "sector": sector, "method": method,
            "flags": list(flags), "page": 1, "quote": raw or institution, "country": "CN"}


def surveillance(nlp, profile, *texts, **kw) -> tuple[bool, list[dict]]:
    out = SurveillanceSignal().extract(context(nlp, profile, document(*texts, **kw)))
    return out["findings"][0]["surveillance"], out["signals"]


@pytest.mark.parametrize("text, value", [
    ("Person re-identification (ReID) is widely applied in video surveillance and criminal investigation.",
     "person_reidentification"),
    ("Face recognition has been applied to many fields such as surveillance, marketing and biometrics.",
     "video_surveillance"),
    ("The system matches faces against a watchlist at airports.", "watchlist"),
    ("We deploy the model on CCTV footage of a train station.", "video_surveillance"),
    ("A reliable matcher is what criminal identification from low-quality photos needs.", "law_enforcement"),
    ("Such a system lets investigators identify criminals from a single photograph.", "law_enforcement"),
    ("Recognising wanted fugitives in crowds motivates our detector.", "law_enforcement"),
])
def test_stated_surveillance_applications_count(nlp, profile, text, value):
    flagged, rows = surveillance(nlp, profile, text)
    assert flagged
    row = next(r for r in rows if r["value"] == value)
    assert row["page"] == 1 and row["quote"] in text and row["rule"] and 0 < row["confidence"] <= 1


@pytest.mark.parametrize("text", [
    "Video surveillance systems raise serious privacy concerns when deployed without consent.",
    "Our method protects people from CCTV face matching by adversarial perturbation.",
    "Such watchlist systems have been criticised for their misuse by police.",
    "Context plays an important role in many visual tasks, such as video surveillance and segmentation.",
    # words of crime in other fields
    "The profiler helps developers find the offenders responsible for most memory allocations.",
    "Suspect detection in chest X-rays benefits from attention.",
    "Forensic analysts examine images from a crime scene to detect tampering.",
])
def test_criticism_privacy_passing_lists_and_other_fields_do_not_count(nlp, profile, text):
    flagged, rows = surveillance(nlp, profile, text)
    assert not flagged and not rows


def test_border_gates_are_a_lead_not_a_surveillance_application(nlp, profile):
    """An e-gate compares a traveller with the passport photo: verification, kept for a reviewer."""
    flagged, rows = surveillance(nlp, profile, "Our method helps automated border control e-gates verify travellers.")
    assert not flagged and [r["value"] for r in rows] == ["border_control"]


def test_ethics_sections_and_references_do_not_count(nlp, profile):
    text = "Person re-identification is used in video surveillance systems."
    assert not surveillance(nlp, profile, text, heading="Broader Impact")[0]
    assert not surveillance(nlp, profile, text, section="references")[0]


def test_only_the_criticising_sentence_is_dropped(nlp, profile):
    flagged, rows = surveillance(nlp, profile, "Mass surveillance raises ethical concerns. "
                                 "We evaluate on the person re-identification benchmark Market-1501.")
    assert flagged and [r["value"] for r in rows] == ["person_reidentification"]


def test_commercial_needs_use_and_a_confirmed_company(nlp, profile):
    doc = document("We train on MS-Celeb-1M.")
    megvii = org("Megvii (China)", "company", raw="Megvii Inc., Beijing")
    out = CommercialSignal().extract(context(nlp, profile, doc, affiliations=[megvii]))
    assert out["findings"] == [{"commercial": True}]
    assert {(r["value"], r["rule"]) for r in out["signals"]} >= {("company_author", "company_author_registry")}
    assert out["signals"][0]["quote"] == "Megvii Inc., Beijing"
    # the same company on a paper that does not use the dataset is not the commercial signal
    assert CommercialSignal().extract(context(nlp, profile, doc, uses=False, affiliations=[megvii])) == \
        {"signals": [], "findings": [{"commercial": False}]}
    # a bare unmatched name is only a lead; a legal form confirms it
    bare = CommercialSignal().extract(context(nlp, profile, doc, affiliations=[org("Nimbus", "company", "unmatched")]))
    assert bare["findings"] == [{"commercial": False}] and bare["signals"][0]["confidence"] < 0.6
    legal = CommercialSignal().extract(context(nlp, profile, doc, affiliations=[
        org("Nimbus", "company", "unmatched", raw="Research Institute, Nimbus Inc., Beijing")]))
    assert legal["findings"] == [{"commercial": True}]


def test_commercial_funding_and_deployment(nlp, profile):
    doc = document("The recognition model has been deployed in our products serving millions of users.")
    out = CommercialSignal().extract(context(nlp, profile, doc, funders=[org("Google (United States)", "company", "rule")]))
    assert out["findings"] == [{"commercial": True}]
    assert {r["value"] for r in out["signals"]} == {"deployment", "company_funder"}


def test_military_or_security_from_affiliations_funders_and_text(nlp, profile):
    nudt = org("National University of Defense Technology", "military", flags=["military"])
    police = org("Ministry of Public Security", "government", "unmatched")
    out = MilitarySecuritySignal().extract(context(nlp, profile, document("We study faces."), uses=False,
                                                   affiliations=[nudt], funders=[police]))
    assert out["findings"] == [{"military_or_security": True}]
    assert {r["value"] for r in out["signals"]} == {"military_author", "security_funder"}
    text = MilitarySecuritySignal().extract(context(nlp, profile, document(
        "The approach suits military applications such as target identification."), uses=False))
    assert text["findings"] == [{"military_or_security": True}]
    linked = MilitarySecuritySignal().extract(context(nlp, profile, document("x"), affiliations=[
        org("Tsinghua University", "education", flags=["defence_linked_civilian"])]))
    assert linked["findings"] == [{"military_or_security": False}] and linked["signals"]   # a lead only


def _mention(variant: str, sentence: str) -> Mention:
    return Mention(variant=variant, surface=variant, page=3, section="body", heading=None, sentence=sentence,
                   char_start=0, char_end=1, usage="train", labels=("train",), confidence=0.9, own=True, rule="r")


def test_post_retraction_names_the_variants(nlp, profile):
    mentions = [_mention("MS1MV2", "We train on MS1MV2."), _mention("RFW", "We test on RFW."),
                _mention("MS1MV2", "MS1MV2 again.")]
    out = PostRetractionSignal().extract(context(nlp, profile, document("x", year=2021), mentions=mentions))
    assert out["findings"] == [{"post_retraction": True}]
    assert [(r["value"], r["page"], r["quote"]) for r in out["signals"]] == [
        ("MS1MV2", 3, "We train on MS1MV2."), ("RFW", 3, "We test on RFW.")]
    same_year = PostRetractionSignal().extract(context(nlp, profile, document("x", year=2019), mentions=mentions))
    assert same_year["findings"] == [{"post_retraction": None}]
    assert PostRetractionSignal().extract(context(nlp, profile, document("x", year=2018), mentions=mentions))[
        "signals"] == []


def test_a_new_lexicon_entry_changes_results_without_code(tmp_path, nlp, profile):
    lexicons = tmp_path / "lexicons"
    shutil.copytree(LEXICON_DIR, lexicons)
    text = "Our detector supports drone monitoring of crowds at festivals."
    doc = document(text.replace("of crowds ", ""))
    assert not SurveillanceSignal().extract(context(nlp, profile, doc, lexicon_dir=lexicons))["signals"]
    with open(lexicons / "surveillance.yaml", "a", encoding="utf-8") as fh:
        fh.write("  - id: drone_monitoring\n    value: aerial_surveillance\n    application: surveillance\n"
                 "    confidence: 0.8\n    patterns: [drone monitoring]\n")
    out = SurveillanceSignal().extract(context(nlp, profile, doc, lexicon_dir=lexicons))
    assert out["findings"] == [{"surveillance": True}]
    assert [(r["value"], r["rule"]) for r in out["signals"]] == [("aerial_surveillance", "drone_monitoring")]


# -- a second dataset profile, as data only ------------------------------------------------------

@pytest.fixture(scope="module")
def duke():
    return load_profile("dukemtmc")


def test_dukemtmc_profile_loads(duke):
    assert "dukemtmc" in available_profiles()
    assert duke.name == "DukeMTMC" and duke.withdrawn.year == 2019 and duke.withdrawn.month == 6
    assert {"DukeMTMC", "DukeMTMC-reID", "DukeMTMC-VideoReID", "DukeMTMC4ReID", "DukeMTMC-attribute"} <= set(duke.variants)


def test_dukemtmc_names_are_found_and_confusables_are_not(duke, nlp):
    text = ("We train on DukeMTMC-reID and Market-1501 and test on DukeMTMC-VideoReID. "
            "Our lab at Duke University and the Duke Ocean Lab also used Duke MTMC and Occluded-Duke.")
    found = [(text[s:e], v) for s, e, v in NameMatcher.from_profile(duke).finditer(text)]
    assert found == [("DukeMTMC-reID", "DukeMTMC-reID"), ("DukeMTMC-VideoReID", "DukeMTMC-VideoReID"),
                     ("Duke MTMC", "DukeMTMC"), ("Occluded-Duke", "Occluded-DukeMTMC")]
    doc = document("In our experiments we train on DukeMTMC-reID and evaluate on Market-1501.",
                   heading="4. Experiments", year=2020)
    mentions = classify(find_mentions(doc, pipeline.matcher_for(duke), nlp), doc, nlp)
    assert [(m.variant, m.own) for m in mentions] == [("DukeMTMC-reID", True)]
    out = PostRetractionSignal().extract(context(nlp, duke, doc, mentions=mentions))
    assert out["findings"] == [{"post_retraction": True}] and out["signals"][0]["value"] == "DukeMTMC-reID"


# -- acceptance on the shared corpus --------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus_results(nlp, profile):
    """Every corpus PDF through analyse_pdf (with the registry) and the signal extractors."""
    gold_path, pdf_dir, registry_dir = SHARED / "corpus" / "gold.jsonl", SHARED / "corpus" / "pdf", SHARED / "registry"
    if not (gold_path.is_file() and pdf_dir.is_dir() and registry_dir.is_dir()):
        pytest.skip(f"../shared not present: need {gold_path}, {pdf_dir} and {registry_dir}")
    from models.registry import Registry

    registry = Registry.load(registry_dir)
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    results = []
    for record in gold:
        path = pdf_dir / Path(record["file"]).name
        results.append(pipeline.analyse_pdf(path.read_bytes(), str(path), profile, nlp, registry))
    return gold, results


def test_corpus_surveillance_precision_and_recall(corpus_results):
    report = score_signals(*corpus_results)
    s, detail = report.surveillance, "\n".join(report.lines())
    assert s.tp + s.fn >= 10, detail
    assert s.precision >= 0.9 and s.recall >= 0.9, detail


def test_corpus_commercial_precision_and_recall(corpus_results):
    report = score_signals(*corpus_results)
    c, detail = report.commercial, "\n".join(report.lines())
    assert c.tp + c.fn >= 8, detail
    assert c.precision >= 0.95 and c.recall >= 0.95, detail


def test_corpus_signal_rows_carry_evidence(corpus_results):
    _, results = corpus_results
    rows = [r for result in results for r in getattr(result, "signals", [])]
    assert rows
    for row in rows:
        assert row["signal"] and row["value"] and row["rule"] and row["quote"] and row["page"] >= 1, row
        assert 0 < row["confidence"] <= 1
