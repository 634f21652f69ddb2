"""SQL over the Delta tables: every table of a dataset is a view named after it (polars SQL)."""
from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from flows.storage import scan_table
from models.schema import TABLES


def sql_context(out: Path, dataset: str) -> pl.SQLContext:
    """Register each table that exists under <out>/<dataset>/ as a lazy view."""
    ctx = pl.SQLContext()
    for table in TABLES:
        if (lf := scan_table(out, dataset, table)) is not None:
            ctx.register(table, lf)
    return ctx


def run_query(sql: str, out: Path, dataset: str) -> pl.DataFrame:
    ctx = sql_context(out, dataset)
    if not ctx.tables():
        raise FileNotFoundError(f"no tables under {Path(out) / dataset}: run `citewatch run` first")
    return ctx.execute(sql, eager=True)


def render(df: pl.DataFrame, fmt: str) -> str:
    """table (aligned text), csv or json (one object per row)."""
    if fmt == "csv":
        # CSV has no lists: nested columns (usage, variants, evidence) become JSON text
        nested = [c for c, t in df.schema.items() if t.is_nested()]
        encoded = {c: [json.dumps(v, default=str) for v in df[c].to_list()] for c in nested}
        return df.with_columns(pl.Series(c, values, dtype=pl.String) for c, values in encoded.items()).write_csv()
    if fmt == "json":
        return df.write_json()
    with pl.Config(tbl_rows=-1, tbl_cols=-1, fmt_str_lengths=120, tbl_width_chars=200):
        return str(df)
