"""Parquet storage: `<out>/<dataset-slug>/<table>/part-0.parquet`, written atomically.

A write replaces every old row whose key (models.schema.KEYS) appears among the new rows, so
running twice over the same input never duplicates anything. Files are written to a temporary
name and renamed into place: a reader sees the old table or the new one, never half of one.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import polars as pl

from models.schema import KEYS, TABLES, frame

PART = "part-0.parquet"


def table_dir(out: Path, dataset: str, table: str) -> Path:
    return Path(out) / dataset / table


def table_files(out: Path, dataset: str, table: str) -> list[Path]:
    """The table's Parquet files; hidden files (a killed writer's leftovers) are not part of it."""
    folder = table_dir(out, dataset, table)
    return sorted(p for p in folder.glob("**/*.parquet") if not p.name.startswith("."))


def read_table(out: Path, dataset: str, table: str) -> pl.DataFrame:
    """The whole table, or an empty frame with the right schema when nothing was written yet."""
    files = table_files(out, dataset, table)
    if not files:
        return frame(table, [])
    return pl.concat([pl.read_parquet(f) for f in files], how="diagonal_relaxed")


def upsert(out: Path, dataset: str, table: str, rows: list[dict], replace: list | None = None) -> int:
    """Write rows, replacing old rows with the same key. Returns the table's new row count.

    `replace` lists values of the key's first column whose old rows all go, even if no new row
    has them: a paper whose new analysis finds no mentions must lose the mentions an older
    run found.
    """
    new = frame(table, rows)
    key = list(KEYS[table])
    old = read_table(out, dataset, table)
    if old.height:
        old = old.join(new.select(key).unique(), on=key, how="anti", nulls_equal=True)
        if replace:
            old = old.filter(~pl.col(key[0]).is_in(list(replace)))
        new = pl.concat([old.select(list(TABLES[table])), new], how="vertical_relaxed")
    folder = table_dir(out, dataset, table)
    folder.mkdir(parents=True, exist_ok=True)
    _atomic_write(new, folder / PART)
    return new.height


def _atomic_write(df: pl.DataFrame, path: Path) -> None:
    atomic_write(path, df.write_parquet)


def atomic_write(path: Path, content: bytes | Callable[[BinaryIO], object]) -> Path:
    """Write bytes (or let `content` write to the open file) under a temporary hidden name in the
    same folder, then rename: a reader sees the old file or the new one, never half of one, and a
    failed write leaves the old one in place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)  # never read as a table
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content) if isinstance(content, bytes) else content(fh)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
