"""Human review: a CSV queue out, decisions in, and the decisions applied to `findings`.

A watchdog publishes only what a person checked. `export` writes the papers to check as a CSV
that opens cleanly in a spreadsheet; `import_reviews` validates a filled-in CSV as a whole (every
bad line named, nothing written unless all lines are good) and stores the decisions in the
`reviews` table; `gold` turns reviewed papers into gold.jsonl records for `citewatch eval`.

Where decisions are applied: in one function, `apply_reviews`, on the `findings` rows as they are
written, by both writers of findings: a run's batch writes (flows/analysis.py `write_batch`, so a
rerun or a re-analysis keeps every decision) and `import_reviews` (the rows already stored, so a
decision shows at once). Applying on write rather than on read keeps `findings` the one table
every reader (SQL, DuckDB, the report, alerts) takes verdicts from, without knowing reviews exist.
Each row keeps the pipeline's own verdict in `machine_uses_dataset`/`machine_usage`, so applying
is idempotent and a later decision (or `unsure`) starts again from the machine's verdict.

A decision holds for the PDF the reviewer saw (`reviews.pdf_sha256`): when a file or a paper's
PDF changes, the machine's verdict on the new content stands, unverified and flagged for review
with the reason.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from extractors.usage import post_retraction
from flows.lease import exclusive_run
from flows.storage import atomic_write, read_table, upsert
from models.profile import ProfileError, load_profile
from models.records import OWN_USAGES

DECISIONS = ("use", "not_use", "unsure")
NOT_USE_USAGES = ("related_work", "reference_only")
QUOTES = 3
MACHINE_COLUMNS = ["paper_id", "title", "year", "uses_dataset", "machine_usage", "variants",
                   *(f"{kind}_{i}" for i in range(1, QUOTES + 1) for kind in ("quote", "page")),
                   "institutions", "signals", "needs_review", "review_reason"]
REVIEW_COLUMNS = ["decision", "usage", "note"]
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
GOLD_USAGE = {"related_work": "survey_or_related_work_only"}     # our label -> gold.jsonl's


class ReviewFileError(ValueError):
    """A review CSV with problems; each problem names its line. Nothing was written."""

    def __init__(self, path: Path, problems: list[str]):
        self.problems = problems
        super().__init__(f"{path}: {len(problems)} problem(s), nothing imported:\n  " + "\n  ".join(problems))


@dataclass(frozen=True)
class Decision:
    line: int
    paper_id: str
    decision: str
    usage: tuple[str, ...]
    note: str | None


# -- export --------------------------------------------------------------------------------------

def cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: lists joined, formulas neutralised with a quote."""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    text = "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def queue(out: Path, dataset: str, everything: bool = False) -> list[dict]:
    """The papers to check, one CSV row each: by default those flagged for review and not yet
    verified; with `everything`, every paper that names the dataset. Earlier decisions are filled in."""
    findings = read_table(out, dataset, "findings")
    if not everything:
        findings = findings.filter(pl.col("needs_review").fill_null(False) & ~pl.col("verified").fill_null(False))
    findings = findings.sort(["uses_dataset", "year", "title"], descending=[True, False, False], nulls_last=True)
    ids = findings["paper_id"].implode()
    institutions = _grouped(read_table(out, dataset, "affiliations").filter(pl.col("paper_id").is_in(ids)),
                            lambda a: f"{a['institution'] or a['raw']} ({a['sector'] or '?'}, {a['country'] or '?'})")
    signals = _grouped(read_table(out, dataset, "signals").filter(pl.col("paper_id").is_in(ids)),
                       lambda s: f"{s['signal']}: {s['value']} (p. {s['page']})")
    reviews = {r["paper_id"]: r for r in read_table(out, dataset, "reviews").filter(pl.col("paper_id").is_in(ids))
               .to_dicts()}
    rows = []
    for f in findings.to_dicts():
        machine = f["machine_uses_dataset"] if f["machine_uses_dataset"] is not None else f["uses_dataset"]
        row = {"paper_id": f["paper_id"], "title": f["title"], "year": f["year"], "uses_dataset": machine,
               "machine_usage": f["machine_usage"] if f["machine_usage"] is not None else f["usage"],
               "variants": f["variants"], "institutions": institutions.get(f["paper_id"], []),
               "signals": signals.get(f["paper_id"], []), "needs_review": f["needs_review"],
               "review_reason": f["review_reason"]}
        for i, e in enumerate((f["evidence"] or [])[:QUOTES], start=1):
            row[f"quote_{i}"], row[f"page_{i}"] = e["quote"], e["page"]
        review = reviews.get(f["paper_id"])
        if review:
            row |= {"decision": review["decision"], "usage": review["usage"], "note": review["note"]}
        rows.append(row)
    return rows


def _grouped(df: pl.DataFrame, text) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for row in df.to_dicts():
        items = out.setdefault(row["paper_id"], [])
        if text(row) not in items:
            items.append(text(row))
    return out


def export(out: Path, dataset: str, path: Path, everything: bool = False) -> int:
    """Write the review queue as CSV (UTF-8 with a byte-order mark, so spreadsheets read it as
    UTF-8; every field quoted where needed); returns the number of papers."""
    rows = queue(out, dataset, everything)

    def write(fh) -> None:
        text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
        writer = csv.writer(text)
        writer.writerow(MACHINE_COLUMNS + REVIEW_COLUMNS)
        for row in rows:
            writer.writerow([cell(row.get(c)) for c in MACHINE_COLUMNS + REVIEW_COLUMNS])
        text.flush()
        text.detach()

    atomic_write(path, write)
    return len(rows)


# -- import --------------------------------------------------------------------------------------

def read_decisions(path: Path, machine: dict[str, bool]) -> list[Decision]:
    """The decisions of a filled-in review CSV, checked against the papers (`machine`: paper id ->
    the machine's verdict). Rows left without a decision are skipped. Every problem is collected,
    with the line it starts on, and raised together as ReviewFileError."""
    problems: list[str] = []
    decisions: list[Decision] = []
    first_line: dict[str, int] = {}
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReviewFileError(path, [f"byte {exc.start}: not UTF-8 (save it as \"CSV UTF-8\")"]) from exc
    with io.StringIO(text, newline="") as fh:
        # Spreadsheets in some locales save with semicolons or tabs between the columns.
        header = text.partition("\n")[0]
        delimiter = max(",;\t", key=header.count)
        reader = csv.DictReader(fh, delimiter=delimiter)
        missing = [c for c in ("paper_id", "decision") if c not in (reader.fieldnames or [])]
        if missing:
            raise ReviewFileError(path, [f"line 1: no {', '.join(missing)} column (columns: {reader.fieldnames})"])
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise ReviewFileError(path, problems + [f"line {line}: {exc}"]) from exc
            paper_id, decision = (row.get("paper_id") or "").strip(), (row.get("decision") or "").strip().lower()
            usage = tuple(u for u in re.split(r"[;,\s]+", (row.get("usage") or "").strip().lower()) if u)
            note = (row.get("note") or "").strip() or None
            if not paper_id:
                if decision or usage or note:
                    problems.append(f"line {line}: a decision without a paper_id")
                continue
            if paper_id in first_line:
                problems.append(f"line {line}: paper {paper_id} again (first on line {first_line[paper_id]})")
                continue
            first_line[paper_id] = line
            if paper_id not in machine:
                problems.append(f"line {line}: unknown paper_id {paper_id!r} (not in findings)")
                continue
            if not decision:
                continue
            if decision not in DECISIONS:
                problems.append(f"line {line}: decision {decision!r} for {paper_id}: use one of {', '.join(DECISIONS)}")
                continue
            allowed = OWN_USAGES if decision == "use" else NOT_USE_USAGES if decision == "not_use" else ()
            bad = [u for u in usage if u not in allowed]
            if bad and decision != "unsure":
                problems.append(f"line {line}: usage {', '.join(bad)} does not go with {decision!r} for {paper_id}: "
                                f"use {', '.join(allowed)}")
                continue
            if decision == "use" and not usage and not machine[paper_id]:
                problems.append(f"line {line}: 'use' for {paper_id} needs a usage ({', '.join(OWN_USAGES)}): "
                                "the machine found no use to take it from")
                continue
            decisions.append(Decision(line, paper_id, decision, usage if decision != "unsure" else (), note))
    if problems:
        raise ReviewFileError(path, problems)
    return decisions


def import_reviews(out: Path, dataset: str, path: Path, reviewer: str,
                   now: dt.datetime | None = None) -> dict[str, int]:
    """Validate the CSV, store its decisions in `reviews` and apply them to `findings` at once.

    A decision identical to the stored one keeps its reviewer and date. Holds the output's lease,
    so a run never writes findings in between. Returns counts: imported, unchanged.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    with exclusive_run(out, dataset, "review-import"):
        findings = read_table(out, dataset, "findings")
        machine = {f["paper_id"]: bool(f["uses_dataset"] if f["machine_uses_dataset"] is None else f["machine_uses_dataset"])
                   for f in findings.select("paper_id", "uses_dataset", "machine_uses_dataset").to_dicts()}
        decisions = read_decisions(path, machine)
        old = {r["paper_id"]: r for r in read_table(out, dataset, "reviews").to_dicts()}
        papers = _papers(out, dataset, [d.paper_id for d in decisions])
        changed = [d for d in decisions if not _same(old.get(d.paper_id), d, papers.get(d.paper_id, {}))]
        ids = [d.paper_id for d in changed]
        rows = findings.filter(pl.col("paper_id").is_in(ids)).to_dicts()
        by_id = {f["paper_id"]: f for f in rows}
        reviews = [{"paper_id": d.paper_id, "decision": d.decision, "usage": list(d.usage), "note": d.note,
                    "reviewer": reviewer, "decided_at": now, "dataset": dataset,
                    "machine_decision": "use" if machine[d.paper_id] else "not_use",
                    "machine_usage": _machine(by_id[d.paper_id])[1], "title": by_id[d.paper_id]["title"],
                    "source_path": papers.get(d.paper_id, {}).get("source_path"),
                    "pdf_sha256": papers.get(d.paper_id, {}).get("pdf_sha256")} for d in changed]
        if reviews:
            upsert(out, dataset, "reviews", reviews)
            apply_reviews(out, dataset, rows, list(papers.values()))
            upsert(out, dataset, "findings", rows)
    return {"imported": len(changed), "unchanged": len(decisions) - len(changed)}


def _same(old: dict | None, d: Decision, paper: dict) -> bool:
    """The stored decision says the same about the same PDF (a decision confirmed for a changed PDF is new)."""
    return bool(old) and (old["decision"], tuple(old["usage"] or ()), old["note"], old["pdf_sha256"]) == \
        (d.decision, d.usage, d.note, paper.get("pdf_sha256"))


def _papers(out: Path, dataset: str, ids: list[str]) -> dict[str, dict]:
    papers = read_table(out, dataset, "papers").filter(pl.col("paper_id").is_in(ids))
    return {p["paper_id"]: p for p in papers.select("paper_id", "source_path", "pdf_sha256").to_dicts()}


# -- applying decisions --------------------------------------------------------------------------

def _machine(finding: dict) -> tuple[bool, list[str]]:
    """The pipeline's own verdict of a findings row (fresh from analysis, or stored)."""
    if finding.get("machine_uses_dataset") is None:
        return bool(finding["uses_dataset"]), list(finding.get("usage") or [])
    return bool(finding["machine_uses_dataset"]), list(finding.get("machine_usage") or [])


def decided(finding: dict, review: dict | None, pdf_sha256: str | None, withdrawn_year: int | None) -> dict:
    """The columns a decision sets on a findings row, the reviewer's decision on top of the
    machine's verdict (pure). `pdf_sha256` is the content the row was analysed from."""
    uses, usage = _machine(finding)
    row = {"machine_uses_dataset": uses, "machine_usage": usage, "uses_dataset": uses, "usage": usage,
           "verified": False, "decision_source": "machine"}
    if review is not None:
        when = review["decided_at"].date().isoformat() if review.get("decided_at") else "?"
        by = f"{review['decision']} by {review.get('reviewer') or '?'} on {when}"
        if review.get("pdf_sha256") != pdf_sha256:
            row |= {"needs_review": True, "review_reason": f"the PDF changed after the review ({by}): the machine's "
                                                           "verdict on the new PDF stands until it is reviewed again"}
        elif review["decision"] == "unsure":
            row |= {"needs_review": True, "review_reason": f"reviewer unsure ({by})"
                                                           + (f": {review['note']}" if review.get("note") else "")}
        else:
            said = review["decision"] == "use"
            if review.get("usage"):
                usage = list(review["usage"])
            elif said != uses:
                usage = ["related_work"] if finding.get("variants") else []
            row |= {"uses_dataset": said, "usage": usage, "verified": True, "decision_source": "review",
                    "needs_review": False, "review_reason": None}
    if row["uses_dataset"] != bool(finding.get("uses_dataset")):     # the verdict changes: so may this
        row["post_retraction"] = post_retraction(row["uses_dataset"], finding.get("year"), withdrawn_year)
    return row


def apply_reviews(out: Path, dataset: str, findings: list[dict], papers: list[dict]) -> None:
    """Apply the stored decisions to findings rows about to be written (in place). `papers` are
    the papers rows of the same papers (their file and content say whether a decision still holds).
    A paper without a decision of its own takes the latest one about the same file, so a changed
    file (whose content-addressed paper id changed too) is flagged rather than silently unreviewed."""
    reviews = read_table(out, dataset, "reviews")
    if reviews.is_empty():
        for row in findings:
            row.update(decided(row, None, None, None))
        return
    by_id = {r["paper_id"]: r for r in reviews.to_dicts()}
    by_path = {r["source_path"]: r for r in reviews.sort("decided_at").to_dicts() if r["source_path"]}
    files = {p["paper_id"]: p for p in papers}
    withdrawn = _withdrawn_year(dataset)
    for row in findings:
        paper = files.get(row["paper_id"], {})
        review = by_id.get(row["paper_id"]) or by_path.get(paper.get("source_path"))
        row.update(decided(row, review, paper.get("pdf_sha256"), withdrawn))


def _withdrawn_year(dataset: str) -> int | None:
    try:
        withdrawn = load_profile(dataset).withdrawn
    except ProfileError:
        return None
    return withdrawn.year if withdrawn else None


# -- gold ----------------------------------------------------------------------------------------

def gold_records(out: Path, dataset: str) -> tuple[list[dict], list[str]]:
    """Reviewed papers (use / not_use) as gold.jsonl records: what `citewatch eval` scores
    against. Only the reviewed fields are written (uses, usage, variants, evidence): eval scores
    institutions and funders only for records that have them. Papers without a PDF cannot be
    evaluated and are left out (returned second, with the reason)."""
    findings = read_table(out, dataset, "findings").filter(pl.col("verified").fill_null(False))
    papers = read_table(out, dataset, "papers")
    files = {p["paper_id"]: p for p in papers.filter(pl.col("pdf_sha256").is_not_null()).to_dicts()}
    reviews = {r["paper_id"]: r for r in read_table(out, dataset, "reviews").to_dicts()}
    records, skipped = [], []
    for f in findings.sort("paper_id").to_dicts():
        paper, review = files.get(f["paper_id"]), reviews.get(f["paper_id"]) or {}
        if paper is None:
            skipped.append(f"{f['paper_id']}: no PDF (judged from citation contexts and abstract)")
            continue
        uses = bool(f["uses_dataset"])
        name = Path(paper["source_path"]).name if paper["source_path"].lower().endswith(".pdf") \
            else f"{paper['pdf_sha256']}.pdf"
        note = f"reviewed by {review.get('reviewer') or '?'} on " \
               f"{review['decided_at'].date().isoformat() if review.get('decided_at') else '?'}"
        records.append({
            "file": f"pdf/{name}", "title": f["title"], "year": f["year"], "is_paper": True,
            "mentions_msceleb": bool(f["variants"]), "uses_msceleb": uses,
            "usage": [GOLD_USAGE.get(u, u) for u in f["usage"] or [] if u != "reference_only"],
            "variants": list(f["variants"] or []),
            "use_evidence": [{"page": e["page"], "quote": e["quote"]} for e in f["evidence"] or []] if uses else [],
            "notes": note + (f": {review['note']}" if review.get("note") else ""),
        })
    return records, skipped


def write_gold(out: Path, dataset: str, path: Path) -> tuple[int, list[str]]:
    records, skipped = gold_records(out, dataset)
    atomic_write(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8"))
    return len(records), skipped
