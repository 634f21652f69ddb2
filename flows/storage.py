"""Delta Lake tables: `<out>/<dataset-slug>/<table>/` (Parquet files + `_delta_log/`), via delta-rs.

Every write is one Delta commit, so a reader sees a table before or after it, never half of it,
and a killed writer leaves only unreferenced files (removed by `compact`). A write replaces every
old row whose key (models.schema.KEYS) appears among the new rows, so running twice over the same
input never duplicates anything: it is one conditional overwrite (delete the batch's keys, add
the batch) whose cost depends on the batch, not on the table.

Writers in other processes or on other machines (Dask workers) commit optimistically: delta-rs
detects a conflicting commit, and `_committed` retries the whole write against the new version
with bounded, jittered backoff; one that still cannot commit raises `CommitConflict` naming the
table. Old outputs in the plain `part-0.parquet` layout become Delta tables on first write, or
with `migrate`.
"""
from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO, TypeVar

import polars as pl
from deltalake import CommitProperties, DeltaTable, write_deltalake
from deltalake.exceptions import CommitFailedError, DeltaError, TableNotFoundError
from tenacity import RetryError, retry, retry_if_exception_type, stop_after_attempt, wait_random_exponential

from models.schema import KEYS, TABLES, frame

LEGACY = "part-0.parquet"           # the pre-Delta layout: one Parquet file per table
MIGRATED = "citewatch.migrated_from"
COMMIT_ATTEMPTS = 12                # about a minute of backoff in all before a writer gives up
MAX_FILES = 64                      # a run compacts a table that has more data files than this
RETENTION_HOURS = 24 * 30           # vacuum keeps what time travel to the last month needs

T = TypeVar("T")
F = TypeVar("F", pl.DataFrame, pl.LazyFrame)


class CommitConflict(RuntimeError):
    """A write that lost to concurrent writers on every attempt."""


class _VersionTaken(Exception):
    """Another writer created the table first: retry, writing into theirs."""


def table_dir(out: Path, dataset: str, table: str) -> Path:
    return Path(out) / dataset / table


def is_table(out: Path, dataset: str, table: str) -> bool:
    return DeltaTable.is_deltatable(str(table_dir(out, dataset, table)))


def _open(out: Path, dataset: str, table: str, version: int | None = None) -> DeltaTable | None:
    try:
        return DeltaTable(str(table_dir(out, dataset, table)), version=version)
    except TableNotFoundError:
        return None


def scan_table(out: Path, dataset: str, table: str, version: int | None = None) -> pl.LazyFrame | None:
    """The table (as of `version`) as a lazy frame, or None when it was never written.

    A table still in the old one-file layout is read as it is (readers never write).
    """
    folder = table_dir(out, dataset, table)
    if is_table(out, dataset, table):
        return _conform(pl.scan_delta(str(folder), version=version), table)
    if version is None and (folder / LEGACY).is_file():
        return _conform(pl.scan_parquet(folder / LEGACY), table)
    return None


def read_table(out: Path, dataset: str, table: str, version: int | None = None) -> pl.DataFrame:
    """The whole table, or an empty frame with the right schema when nothing was written yet."""
    lf = scan_table(out, dataset, table, version)
    return frame(table, []) if lf is None else lf.collect()


def table_version(out: Path, dataset: str, table: str) -> int | None:
    dt = _open(out, dataset, table)
    return None if dt is None else dt.version()


def versions(out: Path, dataset: str) -> dict[str, int]:
    """The current version of every table that exists: what a run records for time travel."""
    found = {table: table_version(out, dataset, table) for table in TABLES}
    return {table: v for table, v in found.items() if v is not None}


def _committed(table: str, write: Callable[[], T]) -> T:
    """Run one write, retrying it from scratch when a concurrent commit beat it."""
    attempt = retry(retry=retry_if_exception_type((CommitFailedError, _VersionTaken)),
                    wait=wait_random_exponential(multiplier=0.05, max=10), stop=stop_after_attempt(COMMIT_ATTEMPTS))
    try:
        return attempt(write)()
    except RetryError as exc:
        cause = exc.last_attempt.exception()
        raise CommitConflict(f"could not commit to table {table!r} after {COMMIT_ATTEMPTS} attempts "
                             f"(concurrent writers kept winning): {cause}") from cause


def _literal(value: object) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _predicate(key: list[str], values: Iterable[tuple]) -> str:
    """SQL that selects the rows having one of these keys (a composite key is compared joined)."""
    values = sorted(set(values), key=lambda v: tuple(part or "" for part in v))
    if len(key) == 1:
        column = key[0]
        keys = [v[0] for v in values]
    else:                               # concat() reads a null as "": so do the keys
        column = "concat(" + ", '\x1f', ".join(key) + ")"
        keys = ["\x1f".join(part or "" for part in v) for v in values]
    return f"{column} IN ({', '.join(_literal(k) for k in keys)})"


def upsert(out: Path, dataset: str, table: str, rows: list[dict], replace: list | None = None) -> int | None:
    """Write rows, replacing old rows with the same key, in one commit. Returns the table's new
    version (None when there was nothing to write into a table that does not exist).

    `replace` lists values of the key's first column whose old rows all go, even if no new row
    has them: a paper whose new analysis finds no mentions must lose the mentions an older
    run found.
    """
    new = frame(table, rows)
    key = list(KEYS[table])
    selected = [tuple(r) for r in new.select(key).unique().iter_rows()]
    if replace:
        if len(key) > 1:
            raise ValueError(f"replace needs a one-column key; {table} has {key}")
        selected += [(v,) for v in replace]
    _migrate_table(out, dataset, table)

    def write() -> int | None:
        dt = _open(out, dataset, table)
        if dt is None:
            if new.is_empty():
                return None
            _create(out, dataset, table, new)
            return 0
        if not selected:
            return dt.version()
        write_deltalake(dt, new, mode="overwrite", predicate=_predicate(key, selected), schema_mode="merge")
        return dt.version()

    return _committed(table, write)


def _create(out: Path, dataset: str, table: str, rows: pl.DataFrame, **options) -> None:
    """Create the table holding these rows (version 0)."""
    try:
        write_deltalake(str(table_dir(out, dataset, table)), rows, mode="error", **options)
    except DeltaError as exc:
        if is_table(out, dataset, table):
            raise _VersionTaken() from exc
        raise


def migrate(out: Path, dataset: str) -> list[str]:
    """Turn every table still in the old `part-0.parquet` layout into a Delta table, keeping all
    its rows; returns the tables migrated. Safe to rerun after a crash and against other writers."""
    return [table for table in TABLES if _migrate_table(out, dataset, table)]


def _migrate_table(out: Path, dataset: str, table: str) -> bool:
    folder = table_dir(out, dataset, table)
    legacy = folder / LEGACY
    if not legacy.is_file():
        return False

    def write() -> None:
        if is_table(out, dataset, table):
            return
        try:
            rows = pl.read_parquet(legacy)
        except FileNotFoundError:          # another writer migrated it just now
            if is_table(out, dataset, table):
                return
            raise
        _create(out, dataset, table, _conform(rows, table),
                commit_properties=CommitProperties(custom_metadata={MIGRATED: LEGACY}))

    _committed(table, write)
    legacy.unlink(missing_ok=True)     # its rows are in the Delta table now (committed above)
    return True


def _conform(df: F, table: str) -> F:
    """Rows with exactly today's columns: columns added since the table was written come in as null."""
    have = df.collect_schema().names()
    return df.select([pl.col(c).cast(t) if c in have else pl.lit(None, t).alias(c) for c, t in TABLES[table].items()])


def data_files(out: Path, dataset: str, table: str) -> int:
    dt = _open(out, dataset, table)
    return 0 if dt is None else len(dt.file_uris())


def compact(out: Path, dataset: str, retention_hours: int = RETENTION_HOURS,
            tables: Iterable[str] | None = None) -> dict[str, dict]:
    """Rewrite each table's small files into few large ones, then delete the files that neither a
    version younger than `retention_hours` nor the versions the last completed run recorded (what
    the next run time-travels to) reference, a killed writer's leftovers included. Returns per
    table: data files before and after, files vacuumed.

    Callers hold the output's lease (flows.lease): writes may run alongside, but two compactions
    of one table must not, since delta-rs lets the second commit too and its files then duplicate
    the first's rows.
    """
    keep = run_versions(last_completed_run(out, dataset))
    done = {}
    for table in tables or TABLES:
        if _open(out, dataset, table) is None:
            continue
        before = data_files(out, dataset, table)
        _committed(table, lambda: _open(out, dataset, table).optimize.compact())
        removed = _committed(table, lambda: _open(out, dataset, table).vacuum(
            retention_hours=retention_hours, dry_run=False, enforce_retention_duration=False, full=True,
            keep_versions=[keep[table]] if table in keep else None))
        done[table] = {"files_before": before, "files_after": data_files(out, dataset, table), "vacuumed": len(removed)}
    return done


def compact_if_needed(out: Path, dataset: str, max_files: int = MAX_FILES) -> dict[str, dict]:
    """What a run does after writing: compact only the tables with more than `max_files` files."""
    crowded = [t for t in TABLES if data_files(out, dataset, t) > max_files]
    return compact(out, dataset, tables=crowded) if crowded else {}


def last_completed_run(out: Path, dataset: str) -> dict | None:
    """The `runs` row of the run that completed last, if any."""
    runs = scan_table(out, dataset, "runs")
    if runs is None:
        return None
    done = runs.filter(pl.col("status") == "completed").sort("finished", descending=True).head(1).collect()
    return done.row(0, named=True) if done.height else None


def run_versions(row: dict | None) -> dict[str, int]:
    """The table versions a `runs` row recorded ({} for none)."""
    return json.loads(row["versions"]) if row and row.get("versions") else {}


def new_since_last_run(out: Path, dataset: str, run_id: str) -> tuple[list[dict], list[str]]:
    """Users that were not users when the last completed run ended, and institutions none of
    those earlier users had: the tables now against the tables as of that run's versions."""
    before = run_versions(last_completed_run(out, dataset))
    findings = read_table(out, dataset, "findings")
    affiliations = read_table(out, dataset, "affiliations")
    if "findings" in before:
        older = read_table(out, dataset, "findings", before["findings"]).filter(pl.col("uses_dataset"))["paper_id"]
        old_affiliations = read_table(out, dataset, "affiliations", before.get("affiliations")) \
            if "affiliations" in before else affiliations.clear()
    else:   # no earlier run recorded its versions: what this run saw first is new
        older = findings.filter(pl.col("uses_dataset") & (pl.col("first_seen_run") != run_id))["paper_id"]
        old_affiliations = affiliations
    users = findings.filter(pl.col("uses_dataset") & ~pl.col("paper_id").is_in(older.implode()))
    known = set(old_affiliations.filter(pl.col("paper_id").is_in(older.implode()))["institution"].to_list())
    now = affiliations.filter(pl.col("paper_id").is_in(users["paper_id"].implode()))["institution"].to_list()
    return (users.select("paper_id", "year", "title", "usage").to_dicts(),
            sorted({name for name in now if name and name not in known}))


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
