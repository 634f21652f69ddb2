"""flows.storage (atomic Parquet upserts) and flows.query (SQL views, rendering)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json

import polars as pl
import pytest

from flows import storage
from flows.query import render, run_query, sql_context
from flows.storage import read_table, upsert
from models.schema import TABLES

DS = "ms-celeb-1m"
NOW = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.timezone.utc)


def paper(pid: str, path: str, status: str = "ok", year: int | None = 2021, title: str | None = "T") -> dict:
    return {"paper_id": pid, "source_path": path, "pdf_sha256": pid * 4, "title": title, "year": year,
            "n_pages": 8, "extractor": "pymupdf", "status": status, "error": None if status == "ok" else "why",
            "is_paper": status == "ok", "dataset": DS, "run_id": "r1", "processed_at": NOW}


def mention(pid: str, variant: str, usage: str = "train", page: int = 3) -> dict:
    return {"paper_id": pid, "variant": variant, "surface": variant, "page": page, "section": "body",
            "sentence": f"We train on {variant}.", "char_start": 12, "char_end": 12 + len(variant), "usage": usage,
            "confidence": 0.9, "labels": [usage], "own": True, "rule": "own_use_first_person",
            "heading": "4 Experiments", "dataset": DS}


def finding(pid: str, uses: bool, usage: list[str], variants: list[str], year: int = 2021) -> dict:
    return {"paper_id": pid, "uses_dataset": uses, "usage": usage, "variants": variants,
            "post_retraction": uses and year > 2019,
            "evidence": [{"page": 3, "quote": f"We train on {v}, \"quoted\".", "label": usage[0]} for v in variants],
            "year": year, "title": f"Paper {pid}", "dataset": DS}


def parquet_files(out, table):
    return sorted(p.name for p in (out / DS / table).iterdir())


# --- storage ---------------------------------------------------------------------------------------


def test_upsert_writes_parquet_under_dataset_and_table(tmp_path):
    n = upsert(tmp_path, DS, "papers", [paper("a", "x/a.pdf"), paper("b", "x/b.pdf", status="corrupt")])
    assert n == 2
    assert parquet_files(tmp_path, "papers") == [storage.PART]
    df = pl.read_parquet(str(tmp_path / DS / "papers" / "**" / "*.parquet"))
    assert df.columns == list(TABLES["papers"])
    assert dict(df.schema) == TABLES["papers"]
    assert sorted(df["source_path"].to_list()) == ["x/a.pdf", "x/b.pdf"]
    assert df.filter(pl.col("paper_id") == "b")["status"].item() == "corrupt"


def test_every_table_round_trips_through_a_glob(tmp_path):
    upsert(tmp_path, DS, "papers", [paper("a", "a.pdf")])
    upsert(tmp_path, DS, "mentions", [mention("a", "MS1MV2"), mention("a", "RFW", "evaluate")])
    upsert(tmp_path, DS, "findings", [finding("a", True, ["train", "evaluate"], ["MS1MV2", "RFW"])])
    for table, rows in {"papers": 1, "mentions": 2, "findings": 1}.items():
        df = pl.read_parquet(str(tmp_path / DS / table / "**" / "*.parquet"))
        assert df.height == rows, table
    f = pl.read_parquet(str(tmp_path / DS / "findings" / "**" / "*.parquet")).row(0, named=True)
    assert f["usage"] == ["train", "evaluate"]
    assert f["evidence"][1] == {"page": 3, "quote": "We train on RFW, \"quoted\".", "label": "train"}


def test_upserting_the_same_rows_twice_does_not_duplicate(tmp_path):
    rows = [paper("a", "a.pdf"), paper("b", "b.pdf")]
    assert upsert(tmp_path, DS, "papers", rows) == 2
    assert upsert(tmp_path, DS, "papers", rows) == 2
    assert read_table(tmp_path, DS, "papers").height == 2
    mentions = [mention("a", "MS1MV2"), mention("a", "RFW"), mention("b", "MS1M")]
    upsert(tmp_path, DS, "mentions", mentions)
    upsert(tmp_path, DS, "mentions", mentions)
    assert read_table(tmp_path, DS, "mentions").height == 3


def test_upsert_replaces_rows_with_the_same_key_and_keeps_the_others(tmp_path):
    upsert(tmp_path, DS, "papers", [paper("a", "a.pdf", status="corrupt"), paper("b", "b.pdf")])
    upsert(tmp_path, DS, "papers", [paper("a2", "a.pdf", status="ok"), paper("c", "c.pdf")])
    df = read_table(tmp_path, DS, "papers").sort("source_path")
    assert df.select("source_path", "paper_id", "status").rows() == [
        ("a.pdf", "a2", "ok"), ("b.pdf", "b", "ok"), ("c.pdf", "c", "ok")]


def test_replace_removes_stale_rows_of_papers_without_new_rows(tmp_path):
    upsert(tmp_path, DS, "mentions", [mention("a", "MS1MV2"), mention("a", "RFW"), mention("b", "MS1M")])
    # paper a was re-analysed and has no mentions any more; paper b is untouched
    n = upsert(tmp_path, DS, "mentions", [], replace=["a"])
    assert n == 1
    df = read_table(tmp_path, DS, "mentions")
    assert df["paper_id"].to_list() == ["b"]
    # and a paper whose mentions changed keeps only its new ones
    upsert(tmp_path, DS, "mentions", [mention("b", "Glint360K")], replace=["b"])
    assert read_table(tmp_path, DS, "mentions")["variant"].to_list() == ["Glint360K"]


def test_read_table_of_nothing_has_the_schema(tmp_path):
    df = read_table(tmp_path, DS, "findings")
    assert df.height == 0 and dict(df.schema) == TABLES["findings"]


def test_write_leaves_no_temporary_files(tmp_path):
    for i in range(3):
        upsert(tmp_path, DS, "findings", [finding(f"p{i}", True, ["train"], ["MS1MV2"])])
    assert parquet_files(tmp_path, "findings") == [storage.PART]
    assert read_table(tmp_path, DS, "findings").height == 3


def test_failed_write_keeps_the_old_table_and_removes_its_temporary_file(tmp_path, monkeypatch):
    upsert(tmp_path, DS, "papers", [paper("a", "a.pdf")])
    before = (tmp_path / DS / "papers" / storage.PART).read_bytes()

    def crash(self, file, *args, **kwargs):
        file.write(b"PAR1 partial")           # half a file, then the disk fills up
        raise OSError("No space left on device")

    monkeypatch.setattr(pl.DataFrame, "write_parquet", crash)
    with pytest.raises(OSError, match="No space left"):
        upsert(tmp_path, DS, "papers", [paper("b", "b.pdf")])
    monkeypatch.undo()
    assert parquet_files(tmp_path, "papers") == [storage.PART]
    assert (tmp_path / DS / "papers" / storage.PART).read_bytes() == before
    assert read_table(tmp_path, DS, "papers")["paper_id"].to_list() == ["a"]


def test_a_killed_writers_leftover_does_not_break_the_next_run(tmp_path):
    upsert(tmp_path, DS, "papers", [paper("a", "a.pdf")])
    (tmp_path / DS / "papers" / ".tmp-k1ll3d.parquet").write_bytes(b"PAR1 partial")
    assert upsert(tmp_path, DS, "papers", [paper("b", "b.pdf")]) == 2
    assert run_query("SELECT count(*) AS n FROM papers", tmp_path, DS)["n"].item() == 2


# --- query -----------------------------------------------------------------------------------------


@pytest.fixture
def outputs(tmp_path):
    upsert(tmp_path, DS, "papers", [paper("a", "a.pdf", year=2021), paper("b", "b.pdf", year=2017),
                                    paper("c", "c.pdf", year=2020), paper("d", "d.pdf", status="encrypted",
                                                                          year=None, title=None)])
    upsert(tmp_path, DS, "mentions", [mention("a", "MS1MV2"), mention("a", "RFW", "evaluate"),
                                      mention("b", "MS-Celeb-1M"), mention("c", "MS1M", "reference_only")])
    upsert(tmp_path, DS, "findings", [finding("a", True, ["train", "evaluate"], ["MS1MV2", "RFW"], 2021),
                                      finding("b", True, ["train"], ["MS-Celeb-1M"], 2017),
                                      finding("c", False, ["reference_only"], ["MS-Celeb-1M"], 2020)])
    return tmp_path


def test_views_are_named_after_the_tables(outputs):
    assert sorted(sql_context(outputs, DS).tables()) == ["findings", "mentions", "papers"]


def test_sql_joins_views(outputs):
    df = run_query(
        "SELECT p.source_path, f.year, f.post_retraction FROM papers p JOIN findings f ON p.paper_id = f.paper_id "
        "WHERE f.uses_dataset ORDER BY p.source_path", outputs, DS)
    assert df.rows() == [("a.pdf", 2021, True), ("b.pdf", 2017, False)]
    counts = run_query("SELECT variant, count(*) AS n FROM mentions GROUP BY variant ORDER BY variant", outputs, DS)
    assert dict(counts.rows()) == {"MS-Celeb-1M": 1, "MS1M": 1, "MS1MV2": 1, "RFW": 1}
    status = run_query("SELECT status, count(*) AS n FROM papers GROUP BY status ORDER BY status", outputs, DS)
    assert status.rows() == [("encrypted", 1), ("ok", 3)]


def test_query_without_outputs_raises(tmp_path):
    with pytest.raises(FileNotFoundError, match="citewatch run"):
        run_query("SELECT * FROM papers", tmp_path, DS)


def test_render_csv_turns_nested_columns_into_json(outputs):
    df = run_query("SELECT paper_id, uses_dataset, usage, variants, evidence FROM findings ORDER BY paper_id",
                   outputs, DS)
    rows = list(csv.DictReader(io.StringIO(render(df, "csv"))))
    assert [r["paper_id"] for r in rows] == ["a", "b", "c"]
    assert json.loads(rows[0]["usage"]) == ["train", "evaluate"]
    assert json.loads(rows[0]["variants"]) == ["MS1MV2", "RFW"]
    evidence = json.loads(rows[0]["evidence"])
    assert evidence[0] == {"page": 3, "quote": "We train on MS1MV2, \"quoted\".", "label": "train"}
    assert rows[2]["uses_dataset"] == "false"


def test_render_json_is_one_object_per_row(outputs):
    df = run_query("SELECT paper_id, year, usage FROM findings ORDER BY paper_id", outputs, DS)
    data = json.loads(render(df, "json"))
    assert data == [{"paper_id": "a", "year": 2021, "usage": ["train", "evaluate"]},
                    {"paper_id": "b", "year": 2017, "usage": ["train"]},
                    {"paper_id": "c", "year": 2020, "usage": ["reference_only"]}]


def test_render_table_shows_every_row_and_column(outputs):
    df = run_query("SELECT source_path, status, title FROM papers ORDER BY source_path", outputs, DS)
    text = render(df, "table")
    for value in ("source_path", "status", "a.pdf", "b.pdf", "c.pdf", "d.pdf", "encrypted"):
        assert value in text
    assert text.count("\n") >= 4 + 2
