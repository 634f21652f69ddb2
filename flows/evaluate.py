"""`citewatch eval`: precision, recall and F1 against hand labels (gold.jsonl format).

Scores paper-level `uses_dataset`, each variant named, each usage label, institutions and funders,
and lists every error with its evidence so a reviewer can see why. It also says how many of the
papers that name the dataset are flagged for human review, and how accurate the verdict is with
and without them. `--by-source` scores each source group of a MANIFEST.csv (its `source_repo`
column) separately, so a rule that only fits one author's papers shows up.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from extractors.nlp import load_pipeline
from extractors.pipeline import PaperResult, analyse_pdf
from models.profile import Profile
from extractors.institutions import same_name
from models.registry import Registry

# Gold label -> our label. Gold merges survey and related work; we have no gold for reference_only.
GOLD_USAGE = {"survey_or_related_work_only": "related_work"}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: bool, gold: bool) -> None:
        self.tp += predicted and gold
        self.fp += predicted and not gold
        self.fn += gold and not predicted

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    documents: int = 0
    uses: Score = field(default_factory=Score)
    variants: dict[str, Score] = field(default_factory=dict)
    usage: dict[str, Score] = field(default_factory=dict)
    institutions: Score = field(default_factory=Score)
    sector: list[int] = field(default_factory=lambda: [0, 0])    # right, matched institutions
    country: list[int] = field(default_factory=lambda: [0, 0])
    funders: Score = field(default_factory=Score)
    mentioning: int = 0                    # papers with at least one mention found
    flagged: int = 0                       # ... of which flagged for review
    right: list[int] = field(default_factory=lambda: [0, 0])           # uses verdict right, mentioning papers
    right_unflagged: list[int] = field(default_factory=lambda: [0, 0])  # the same, papers not flagged
    errors: list[str] = field(default_factory=list)

    def review_lines(self) -> list[str]:
        share = self.flagged / self.mentioning if self.mentioning else 0.0
        return [f"{'review share':28} {share:6.3f} ({self.flagged}/{self.mentioning} mentioning papers flagged)",
                f"{'uses accuracy, all':28} {_ratio(self.right, 'mentioning papers')}",
                f"{'uses accuracy, unflagged':28} {_ratio(self.right_unflagged, 'unflagged mentioning papers')}"]

    def lines(self) -> list[str]:
        out = [f"documents: {self.documents}", "",
               TABLE_HEADER,
               _row("uses_dataset (paper)", self.uses)]
        out += [_row(f"variant {name}", s) for name, s in sorted(self.variants.items())]
        out += [_row(f"usage {name}", s) for name, s in sorted(self.usage.items())]
        out += [_row("institutions", self.institutions), _row("funders", self.funders),
                f"{'sector accuracy':28} {_ratio(self.sector)}", f"{'country accuracy':28} {_ratio(self.country)}"]
        out += self.review_lines()
        out += ["", f"errors: {len(self.errors)}"] + [f"  {e}" for e in self.errors]
        return out

    def summary_row(self, name: str) -> str:
        """One line per source group: documents, uses, institutions, sector and country."""
        sector = self.sector[0] / self.sector[1] if self.sector[1] else 1.0
        country = self.country[0] / self.country[1] if self.country[1] else 1.0
        return (f"{name[:40]:40} {self.documents:4d}  {self.uses.precision:5.2f} {self.uses.recall:5.2f} "
                f"{self.uses.tp:3d} {self.uses.fp:3d} {self.uses.fn:3d}  {self.institutions.precision:5.2f} "
                f"{self.institutions.recall:5.2f} {self.institutions.f1:5.2f}  {sector:5.2f} {country:5.2f}  "
                f"{self.flagged:3d}/{self.mentioning:<3d}")


SOURCE_HEADER = (f"{'source group':40} {'docs':>4}  {'use P':>5} {'use R':>5} {'tp':>3} {'fp':>3} {'fn':>3}  "
                 f"{'ins P':>5} {'ins R':>5} {'insF1':>5}  {'sect':>5} {'ctry':>5}  review")


def by_source_lines(groups: dict[str, Report]) -> list[str]:
    return ["by source group", SOURCE_HEADER] + [groups[name].summary_row(name) for name in sorted(groups)]


def load_sources(manifest: Path) -> dict[str, str]:
    """File name -> source group (the `source_repo` column of a MANIFEST.csv)."""
    with open(manifest, encoding="utf-8", newline="") as fh:
        return {Path(row["file"]).name: row.get("source_repo") or "unknown" for row in csv.DictReader(fh)}


TABLE_HEADER = f"{'metric':28} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}"


def _ratio(pair: list[int], of: str = "matched institutions") -> str:
    return f"{pair[0] / pair[1] if pair[1] else 1.0:6.3f} ({pair[0]}/{pair[1]} {of})"


def _row(name: str, s: Score) -> str:
    return f"{name:28} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:4d} {s.fp:4d} {s.fn:4d}"


def load_gold(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate(gold: list[dict], pdf_dir: Path, profile: Profile, registry: Registry | None = None,
             sources: dict[str, str] | None = None) -> tuple[Report, list[PaperResult], dict[str, Report]]:
    """Analyse each gold document found in pdf_dir (matched by file name) and score it. The
    results are returned too, for the signal scores (flows/eval_signals.py), and, when `sources`
    maps file names to source groups, one more report per group."""
    nlp = load_pipeline()
    report, results, groups = Report(), [], {}
    for record in gold:
        path = pdf_dir / Path(record["file"]).name
        if not path.is_file():
            report.errors.append(f"MISSING {path}: in the gold file but not in --pdf-dir")
            continue
        result = analyse_pdf(path.read_bytes(), str(path), profile, nlp, registry)
        targets = [report]
        if sources is not None:
            targets.append(groups.setdefault(sources.get(path.name, "unknown"), Report()))
        for target in targets:
            target.documents += 1
            score_document(target, record, result)
        results.append(result)
    return report, results, groups


def score_document(report: Report, gold: dict, result: PaperResult) -> None:
    name = Path(gold["file"]).name
    finding = result.findings[0] if result.findings else {"uses_dataset": False, "usage": [], "variants": [],
                                                          "evidence": []}
    predicted, expected = bool(finding["uses_dataset"]), bool(gold.get("uses_msceleb"))
    report.uses.add(predicted, expected)
    if result.mentions:
        flagged = bool(finding.get("needs_review"))
        report.mentioning += 1
        report.flagged += flagged
        for tally in ([report.right] if flagged else [report.right, report.right_unflagged]):
            tally[0] += predicted == expected
            tally[1] += 1
        if flagged:
            report.errors.append(f"REVIEW {name} (uses={predicted}, gold {expected}): {finding.get('review_reason')}")
    if predicted != expected:
        if predicted:
            quotes = "; ".join(f"p{e['page']}: {e['quote'][:160]!r}" for e in finding["evidence"][:2])
            report.errors.append(f"FP uses {name}: {quotes}")
        else:
            quotes = "; ".join(f"p{e['page']}: {e['quote'][:160]!r}" for e in gold.get("use_evidence", [])[:2])
            status = result.paper["status"]
            report.errors.append(f"FN uses {name} (status {status}): gold says {quotes}")
    _score_sets(report.variants, set(finding["variants"]), set(gold.get("variants", [])), name, "variant", report)
    gold_usage = {GOLD_USAGE.get(u, u) for u in gold.get("usage", [])}
    _score_sets(report.usage, set(finding["usage"]) - {"reference_only"}, gold_usage, name, "usage", report)
    if "institutions" in gold:      # reviewed papers (citewatch review gold) carry no institution labels
        _score_institutions(report, gold["institutions"], result.affiliations, name)
    if "funders" in gold:
        _score_funders(report, gold["funders"], result.funders, name)


def _pair(gold_items: list[dict], predicted: list[dict], names: tuple[str, ...]) -> list[tuple[dict, dict | None]]:
    """Each gold item with the first unused prediction naming it (by ROR id or name)."""
    used: set[int] = set()
    pairs = []
    for g in gold_items:
        hit = None
        for i, p in enumerate(predicted):
            if i in used:
                continue
            if (g.get("ror_id") and g.get("ror_id") == p.get("ror_id")) or any(
                    p.get(n) and same_name(g["name"], p[n]) for n in names):
                hit = i
                break
        if hit is not None:
            used.add(hit)
        pairs.append((g, predicted[hit] if hit is not None else None))
    report_fp = [p for i, p in enumerate(predicted) if i not in used]
    return pairs, report_fp


def _score_institutions(report: Report, gold: list[dict], predicted: list[dict], name: str) -> None:
    for g, p in _score_pairs(report.institutions, gold, predicted, ("institution", "raw"), "institution", name, report):
        for field_, tally in (("sector", report.sector), ("country", report.country)):
            tally[1] += 1
            if p.get(field_) == g.get(field_):
                tally[0] += 1
            else:
                report.errors.append(f"WRONG {field_} {name}: {g['name']!r} gold {g.get(field_)} "
                                     f"predicted {p.get(field_)} ({p['institution']!r}, {p['method']})")


def _score_funders(report: Report, gold: list[dict], predicted: list[dict], name: str) -> None:
    _score_pairs(report.funders, gold, predicted, ("funder", "raw"), "funder", name, report)


def _score_pairs(score: Score, gold: list[dict], predicted: list[dict], names: tuple[str, ...], kind: str,
                 name: str, report: Report) -> list[tuple[dict, dict]]:
    """Count hits, misses and extras of one kind of organisation; the matched pairs are returned."""
    pairs, extra = _pair(gold, predicted, names)
    for g, p in pairs:
        score.add(p is not None, True)
        if p is None:
            report.errors.append(f"FN {kind} {name}: {g['name']!r} ({g.get('sector')}, {g.get('country')})")
    for p in extra:
        score.add(True, False)
        report.errors.append(f"FP {kind} {name}: {p[names[0]]!r} from {p['raw']!r} p{p['page']}")
    return [(g, p) for g, p in pairs if p is not None]


def _score_sets(scores: dict[str, Score], predicted: set[str], expected: set[str], name: str, kind: str,
                report: Report) -> None:
    for label in predicted | expected:
        scores.setdefault(label, Score()).add(label in predicted, label in expected)
    for label in sorted(predicted - expected):
        report.errors.append(f"FP {kind} {label} {name}")
    for label in sorted(expected - predicted):
        report.errors.append(f"FN {kind} {label} {name}")
