"""Signals against hand labels: surveillance, applications and commercial precision/recall, with errors.

Gold (LABELING.md): `surveillance_application`; `applications` (scored for the labels the
surveillance lexicon maps to); commercial = `uses_msceleb` and an author institution with sector
company. A second commercial line also counts company funders, which the findings column
includes and the gold's institution-only definition leaves out. `has_company_funding` is scored
on every paper against a gold funder with sector company.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from extractors.lexicons import LEXICON_DIR, lexicon_path, load_lexicon
from extractors.pipeline import PaperResult
from flows.evaluate import TABLE_HEADER, Score, _row


@dataclass
class SignalReport:
    documents: int = 0
    surveillance: Score = field(default_factory=Score)
    applications: dict[str, Score] = field(default_factory=dict)
    commercial: Score = field(default_factory=Score)
    commercial_with_funders: Score = field(default_factory=Score)
    company_funding: Score = field(default_factory=Score)
    errors: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"signals over {self.documents} documents", "",
               TABLE_HEADER,
               _row("surveillance (paper)", self.surveillance)]
        out += [_row(f"application {name}"[:28], s) for name, s in sorted(self.applications.items())]
        out += [_row("commercial (company author)", self.commercial),
                _row("commercial (finding)", self.commercial_with_funders),
                _row("company funding (paper)", self.company_funding)]
        return out + ["", f"signal errors: {len(self.errors)}"] + [f"  {e}" for e in self.errors]


def evaluate_signals(gold: list[dict], results: Iterable[PaperResult], lexicon_dir: Path = LEXICON_DIR) -> list[str]:
    """Report lines for `citewatch eval` (results after extractors ran: findings columns and `signals`)."""
    return score_signals(gold, results, lexicon_dir).lines()


def score_signals(gold: list[dict], results: Iterable[PaperResult], lexicon_dir: Path = LEXICON_DIR) -> SignalReport:
    by_name = {Path(r.paper["source_path"]).name: r for r in results}
    application_of = {e.id: e.application for e in load_lexicon(lexicon_path("surveillance", lexicon_dir)).entries
                      if e.application}
    threshold = load_lexicon(lexicon_path("commercial", lexicon_dir)).flag_threshold
    report = SignalReport()
    for record in gold:
        name = Path(record["file"]).name
        result = by_name.get(name)
        if result is None:
            continue
        report.documents += 1
        finding = result.findings[0] if result.findings else {}
        rows = getattr(result, "signals", [])
        _score(report, report.surveillance, bool(finding.get("surveillance")), bool(record.get("surveillance_application")),
               f"surveillance {name}", _quotes(rows, "surveillance"), [record.get("surveillance_evidence")])
        predicted_apps = {application_of[r["rule"]] for r in rows if r["signal"] == "surveillance" and r["rule"] in application_of}
        for label in sorted(set(application_of.values())):
            evidence = [e for e in record.get("applications_evidence", []) if e.get("application") == label]
            _score(report, report.applications.setdefault(label, Score()), label in predicted_apps,
                   label in record.get("applications", []), f"application {label} {name}",
                   _quotes([r for r in rows if application_of.get(r["rule"]) == label], "surveillance"), evidence)
        uses = bool(record.get("uses_msceleb"))
        company_author = uses and any(i.get("sector") == "company" for i in record.get("institutions", []))
        company_funder = uses and any(f.get("sector") == "company" for f in record.get("funders", []))
        authors = [r for r in rows if r["signal"] == "commercial" and r["value"] == "company_author"
                   and r["confidence"] >= threshold]
        _score(report, report.commercial, bool(authors), company_author, f"commercial {name}",
               _quotes(authors, "commercial"), [i.get("evidence") for i in record.get("institutions", [])
                                                if i.get("sector") == "company"])
        _score(report, report.commercial_with_funders, bool(finding.get("commercial")), company_author or company_funder,
               f"commercial finding {name}", _quotes(rows, "commercial"), [])
        companies = [f for f in getattr(result, "funders", []) if f.get("sector") == "company"]
        _score(report, report.company_funding, bool(finding.get("has_company_funding")),
               any(f.get("sector") == "company" for f in record.get("funders", [])), f"company funding {name}",
               [{"page": f["page"], "quote": f["quote"]} for f in companies],
               [f.get("evidence") for f in record.get("funders", []) if f.get("sector") == "company"])
    return report


def _quotes(rows: list[dict], signal: str) -> list[dict]:
    return [{"page": r["page"], "quote": f"[{r['rule']} {r['confidence']:.2f}] {r['quote']}"}
            for r in rows if r["signal"] == signal]


def _score(report: SignalReport, score: Score, predicted: bool, expected: bool, what: str,
           ours: list[dict], theirs: list[dict | None]) -> None:
    score.add(predicted, expected)
    if predicted == expected:
        return
    evidence = ours if predicted else [e for e in theirs if e]
    quotes = "; ".join(f"p{e['page']}: {str(e['quote'])[:160]!r}" for e in evidence[:2]) or "no quote"
    report.errors.append(f"{'FP' if predicted else 'FN'} {what}: {'we found' if predicted else 'gold says'} {quotes}")
