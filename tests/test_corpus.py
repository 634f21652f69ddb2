"""The pipeline against hand labels: flows.evaluate.evaluate over ../shared/corpus (62 real PDFs).

The corpus is analysed once per session (about 10-15 s); every test reads the same report and the
per-document results captured while it ran. Skips when ../shared is absent.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.mentions import key
from flows import evaluate as evaluate_module


@pytest.fixture(scope="module")
def corpus(shared):
    gold_path = shared / "corpus" / "gold.jsonl"
    pdf_dir = shared / "corpus" / "pdf"
    if not gold_path.is_file() or not pdf_dir.is_dir():
        pytest.skip(f"../shared not present: need {gold_path} and {pdf_dir}")
    return evaluate_module.load_gold(gold_path), pdf_dir


@pytest.fixture(scope="module")
def evaluation(corpus, profile):
    """(report, {file name: (gold record, PaperResult)}) from one run of flows.evaluate.evaluate."""
    gold, pdf_dir = corpus
    sources = evaluate_module.load_sources(pdf_dir.parent / "MANIFEST.csv")
    report, analysed, groups = evaluate_module.evaluate(gold, pdf_dir, profile, sources=sources)
    report.groups = groups
    by_name = {Path(r.paper["source_path"]).name: r for r in analysed}
    return report, {Path(record["file"]).name: (record, by_name[Path(record["file"]).name]) for record in gold}


def _finding(result) -> dict:
    return result.findings[0] if result.findings else {"uses_dataset": False, "variants": [], "usage": []}


def test_every_gold_document_was_analysed(corpus, evaluation):
    gold, _ = corpus
    report, results = evaluation
    assert not [e for e in report.errors if e.startswith("MISSING")]
    assert report.documents == len(gold) == len(results)
    broken = {name: r.paper["status"] for name, (_, r) in results.items() if not r.ok}
    assert broken == {}


def test_uses_dataset_precision_and_recall(evaluation):
    report, _ = evaluation
    uses = report.uses
    detail = "\n".join(e for e in report.errors if " uses " in e)
    assert uses.tp + uses.fn >= 20, "the gold file should hold about 21 users"
    assert uses.precision >= 0.97, f"precision {uses.precision:.3f}\n{detail}"
    assert uses.recall >= 0.97, f"recall {uses.recall:.3f}\n{detail}"


def test_few_mentioning_papers_need_review(evaluation):
    report, results = evaluation
    flagged = [name for name, (_, r) in results.items() if _finding(r).get("needs_review")]
    assert report.flagged == len(flagged) and report.mentioning >= 20
    assert report.flagged / report.mentioning <= 0.15, [e for e in report.errors if e.startswith("REVIEW")]
    for name in flagged:
        assert _finding(results[name][1])["review_reason"], name


def test_scores_by_source_group_add_up_to_the_whole(evaluation):
    report, _ = evaluation
    groups = report.groups
    assert len(groups) >= 10
    assert sum(g.documents for g in groups.values()) == report.documents
    assert sum(g.uses.tp for g in groups.values()) == report.uses.tp
    assert sum(g.institutions.tp for g in groups.values()) == report.institutions.tp
    lines = evaluate_module.by_source_lines(groups)
    assert len(lines) == len(groups) + 2 and all(name[:40] in "\n".join(lines) for name in groups)


def test_report_agrees_with_the_results_it_scored(evaluation):
    report, results = evaluation
    tp = sum(1 for g, r in results.values() if g["uses_msceleb"] and _finding(r)["uses_dataset"])
    fp = sum(1 for g, r in results.values() if not g["uses_msceleb"] and _finding(r)["uses_dataset"])
    assert (report.uses.tp, report.uses.fp) == (tp, fp)


def test_no_variant_or_mention_is_a_confusable(evaluation, profile):
    _, results = evaluation
    confusable_keys = {key(c) for c in profile.confusables}
    canonical = set(profile.variants)
    for name, (_, result) in results.items():
        assert set(_finding(result)["variants"]) <= canonical, name
        for m in result.mentions:
            assert m["variant"] in canonical, (name, m["variant"])
            assert key(m["surface"]) not in confusable_keys, (name, m["surface"])
            for confusable in profile.confusables:       # e.g. "CelebA" must not be read as "Celeb..."
                assert key(confusable) not in key(m["surface"]), (name, m["surface"], confusable)


def test_non_papers_are_not_users(evaluation):
    _, results = evaluation
    non_papers = {name: r for name, (g, r) in results.items() if g["is_paper"] is False}
    assert len(non_papers) == 2
    for name, result in non_papers.items():
        assert result.mentions, f"{name}: gold says it names the dataset"
        assert _finding(result)["uses_dataset"] is False, name
        assert not [m for m in result.mentions if m["own"]], name


def test_non_papers_are_recognised_as_non_papers(evaluation):
    _, results = evaluation
    assert {name: r.paper["is_paper"] for name, (g, r) in results.items() if g["is_paper"] is False} == {
        name: False for name, (g, _) in results.items() if g["is_paper"] is False}


def test_mention_only_papers_are_not_users(evaluation):
    _, results = evaluation
    mention_only = {name: r for name, (g, r) in results.items()
                    if g["mentions_msceleb"] and not g["uses_msceleb"]}
    assert len(mention_only) >= 3
    for name, result in mention_only.items():
        assert result.mentions, f"{name}: gold says it names the dataset, no mention found"
        assert _finding(result)["uses_dataset"] is False, (name, _finding(result).get("evidence"))


def test_papers_that_never_name_the_dataset_have_no_mentions(evaluation):
    _, results = evaluation
    silent = {name: [m["surface"] for m in r.mentions] for name, (g, r) in results.items()
              if not g["mentions_msceleb"]}
    assert len(silent) >= 30
    assert {name: s for name, s in silent.items() if s} == {}


def test_variant_recall_over_the_corpus(evaluation):
    # every variant the gold names for a paper is found in that paper
    _, results = evaluation
    missed = {name: sorted(set(g["variants"]) - set(_finding(r)["variants"]))
              for name, (g, r) in results.items()}
    assert {n: v for n, v in missed.items() if v} == {}
