"""Table schemas (Delta tables of Parquet files): the output contract researchers' queries read.

Column names fixed by issues are never renamed; new columns may be added. Every column is
documented in docs/schema.md. `KEYS` says which column identifies the rows a rerun replaces.
"""
from __future__ import annotations

import polars as pl

EVIDENCE = pl.Struct({"page": pl.Int32, "quote": pl.String, "label": pl.String})

TABLES: dict[str, dict[str, pl.DataType]] = {
    "papers": {
        "paper_id": pl.String,
        "source_path": pl.String,
        "pdf_sha256": pl.String,
        "title": pl.String,
        "year": pl.Int32,
        "n_pages": pl.Int32,
        "extractor": pl.String,
        "status": pl.String,
        "error": pl.String,
        "is_paper": pl.Boolean,
        "dataset": pl.String,
        "run_id": pl.String,
        "processed_at": pl.Datetime("us", "UTC"),
        # discovered papers (Semantic Scholar metadata)
        "s2_paper_id": pl.String,
        "doi": pl.String,
        "arxiv_id": pl.String,
        "publication_date": pl.Date,
        "venue": pl.String,
        "open_access_url": pl.String,
        "openalex_id": pl.String,                # OpenAlex work id (W...)
        "found_by": pl.List(pl.String),          # the sources that found it: s2, openalex, snippet
    },
    "mentions": {
        "paper_id": pl.String,
        "variant": pl.String,
        "surface": pl.String,
        "page": pl.Int32,
        "section": pl.String,
        "sentence": pl.String,
        "char_start": pl.Int32,
        "char_end": pl.Int32,
        "usage": pl.String,
        "confidence": pl.Float64,
        "labels": pl.List(pl.String),
        "own": pl.Boolean,
        "rule": pl.String,
        "heading": pl.String,
        "dataset": pl.String,
        "clause": pl.String,                     # the words that decided `rule`
    },
    "findings": {
        "paper_id": pl.String,
        "uses_dataset": pl.Boolean,
        "usage": pl.List(pl.String),
        "variants": pl.List(pl.String),
        "post_retraction": pl.Boolean,
        "evidence": pl.List(EVIDENCE),
        "year": pl.Int32,
        "title": pl.String,
        "dataset": pl.String,
        "sectors": pl.List(pl.String),
        "countries": pl.List(pl.String),
        "has_company": pl.Boolean,
        "has_military": pl.Boolean,
        "funder_sectors": pl.List(pl.String),
        "has_company_funding": pl.Boolean,
        "has_military_funding": pl.Boolean,
        "evidence_source": pl.List(pl.String),   # full_text, citation_context, abstract
        "first_seen_run": pl.String,
        "commercial": pl.Boolean,
        "military_or_security": pl.Boolean,
        "surveillance": pl.Boolean,
        "needs_review": pl.Boolean,              # weak or conflicting own-use evidence
        "review_reason": pl.String,
        "affiliations_rejected": pl.Int32,       # affiliation strings that failed the organisation test
        "verified": pl.Boolean,                  # a reviewer's decision (reviews table) sets uses_dataset/usage
        "decision_source": pl.String,            # machine or review
        "machine_uses_dataset": pl.Boolean,      # the pipeline's own verdict, whatever the reviewer said
        "machine_usage": pl.List(pl.String),
    },
    "affiliations": {
        "paper_id": pl.String,
        "author": pl.String,
        "raw": pl.String,
        "institution": pl.String,
        "ror_id": pl.String,
        "parent_ror_id": pl.String,
        "sector": pl.String,
        "country": pl.String,
        "method": pl.String,
        "score": pl.Float64,
        "page": pl.Int32,
        "quote": pl.String,
        "flags": pl.List(pl.String),
        "source": pl.String,
        "dataset": pl.String,
        "parent": pl.String,                     # the parent institution's name (registry or as printed)
        "units": pl.List(pl.String),             # sub-units printed with it (labs inside an institute)
        "unit": pl.String,                       # the printed unit this row was matched from
    },
    "funders": {
        "paper_id": pl.String,
        "raw": pl.String,
        "funder": pl.String,
        "ror_id": pl.String,
        "sector": pl.String,
        "country": pl.String,
        "grant_ids": pl.List(pl.String),
        "page": pl.Int32,
        "quote": pl.String,
        "method": pl.String,
        "flags": pl.List(pl.String),
        "dataset": pl.String,
    },
    "citations": {
        "paper_id": pl.String,          # the citing paper
        "seed_id": pl.String,           # the seed paper it cites
        "source": pl.String,            # who reported the citation: s2, openalex (null: s2, before sources)
        "contexts": pl.List(pl.String),
        "intents": pl.List(pl.String),
        "is_influential": pl.Boolean,
        "discovered_at": pl.Datetime("us", "UTC"),
        "run_id": pl.String,
        "dataset": pl.String,
    },
    "fetches": {
        "paper_id": pl.String,
        "url": pl.String,
        "status": pl.String,            # ok, not_open_access, http_error, not_pdf, too_large, timeout
        "http_status": pl.Int32,
        "pdf_sha256": pl.String,
        "bytes": pl.Int64,
        "error": pl.String,
        "fetched_at": pl.Datetime("us", "UTC"),
        "run_id": pl.String,
        "dataset": pl.String,
    },
    "runs": {
        "run_id": pl.String,
        "started": pl.Datetime("us", "UTC"),
        "finished": pl.Datetime("us", "UTC"),
        "counts": pl.String,            # JSON object: papers discovered, fetched, analysed, users ...
        "options": pl.String,           # JSON object: the command's options (no secrets)
        "dataset": pl.String,
        "status": pl.String,            # running (or killed), completed, failed
        "versions": pl.String,          # JSON object: each table's Delta version when the run completed
    },
    "signals": {
        "paper_id": pl.String,
        "signal": pl.String,            # commercial, military_or_security, surveillance, post_retraction ...
        "value": pl.String,
        "rule": pl.String,
        "confidence": pl.Float64,
        "page": pl.Int32,
        "quote": pl.String,
        "dataset": pl.String,
    },
    "reviews": {
        "paper_id": pl.String,
        "decision": pl.String,          # use, not_use, unsure
        "usage": pl.List(pl.String),
        "note": pl.String,
        "reviewer": pl.String,
        "decided_at": pl.Datetime("us", "UTC"),
        "machine_decision": pl.String,  # use or not_use: the pipeline's verdict the reviewer saw
        "machine_usage": pl.List(pl.String),
        "source_path": pl.String,       # the reviewed file, and its content: a changed PDF is flagged again
        "pdf_sha256": pl.String,
        "title": pl.String,
        "dataset": pl.String,
    },
}

# A rerun replaces the old rows that share this key with new rows (a key may span columns).
KEYS: dict[str, tuple[str, ...]] = {
    "papers": ("source_path",),
    "mentions": ("paper_id",),
    "findings": ("paper_id",),
    "affiliations": ("paper_id",),
    "funders": ("paper_id",),
    "citations": ("paper_id", "seed_id", "source"),
    "fetches": ("paper_id",),
    "runs": ("run_id",),
    "signals": ("paper_id",),
    "reviews": ("paper_id",),
}


def frame(table: str, rows: list[dict]) -> pl.DataFrame:
    """Rows -> a DataFrame with exactly the table's columns and types (missing values -> null)."""
    schema = TABLES[table]
    return pl.DataFrame([{name: row.get(name) for name in schema} for row in rows], schema=schema, orient="row")
