"""flows.storage (Delta tables: upserts, versions, compaction, migration) and flows.query (SQL views, rendering)."""
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
from models.schema import TABLES, frame

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


def delta(out, table, version=None):
    return pl.read_delta(str(out / DS / table), version=version)


# --- storage ---------------------------------------------------------------------------------------


def test_upsert_writes_a_delta_table_under_dataset_and_table(tmp_path):
    assert upsert(tmp_path, DS, "papers", [paper("a", "x/a.pdf"), paper("b", "x/b.pdf", status="corrupt")]) == 0
    assert (tmp_path / DS / "papers" / "_delta_log" / "00000000000000000000.json").is_file()
    df = delta(tmp_path, "papers")
    assert df.columns == list(TABLES["papers"])
    assert dict(df.schema) == TABLES["papers"]
    assert sorted(df["source_path"].to_list()) == ["x/a.pdf", "x/b.pdf"]
    assert df.filter(pl.col("paper_id") == "b")["status"].item() == "corrupt"


def test_every_table_round_trips_through_delta(tmp_path):
    upsert(tmp_path, DS, "papers", [paper("a", "a.pdf")])
    upsert(tmp_path, DS, "mentions", [mention("a", "MS1MV2"), mention("a", "RFW", "evaluate")])
    upsert(tmp_path, DS, "findings", [finding("a", True, ["train", "evaluate"], ["MS1MV2", "RFW"])])
    for table, rows in {"papers": 1, "mentions": 2, "findings": 1}.items():
        assert delta(tmp_path, table).height == rows, table
        assert dict(read_table(tmp_path, DS, table).schema) == TABLES[table]
    f = delta(tmp_path, "findings").row(0, named=True)
    assert f["usage"] == ["train", "evaluate"]
    assert f["evidence"][1] == {"page": 3, "quote": "We train on RFW, \"quoted\".", "label": "train"}


def test_upserting_the_same_rows_twice_does_not_duplicate(tmp_path):
    rows = [paper("a", "a.pdf"), paper("b", "b.pdf")]
    assert upsert(tmp_path, DS, "papers", rows) == 0
    assert upsert(tmp_path, DS, "papers", rows) == 1
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


def test_keys_with_quotes_and_two_column_keys(tmp_path):
    upsert(tmp_path, DS, "papers", [paper("a", "it's/a.pdf"), paper("b", "b.pdf")])
    upsert(tmp_path, DS, "papers", [paper("a2", "it's/a.pdf")])
    assert sorted(read_table(tmp_path, DS, "papers")["paper_id"]) == ["a2", "b"]
    cite = {"paper_id": "p", "dataset": DS}
    upsert(tmp_path, DS, "citations", [{**cite, "seed_id": "s1"}, {**cite, "seed_id": "s2"}])
    upsert(tmp_path, DS, "citations", [{**cite, "seed_id": "s2", "is_influential": True}])
    rows = read_table(tmp_path, DS, "citations").sort("seed_id").select("seed_id", "is_influential").rows()
    assert rows == [("s1", None), ("s2", True)]          # (p, s1) is another key: it stays


def test_replace_removes_stale_rows_of_papers_without_new_rows(tmp_path):
    upsert(tmp_path, DS, "mentions", [mention("a", "MS1MV2"), mention("a", "RFW"), mention("b", "MS1M")])
    # paper a was re-analysed and has no mentions any more; paper b is untouched
    upsert(tmp_path, DS, "mentions", [], replace=["a"])
    df = read_table(tmp_path, DS, "mentions")
    assert df["paper_id"].to_list() == ["b"]
    # and a paper whose mentions changed keeps only its new ones
    upsert(tmp_path, DS, "mentions", [mention("b", "Glint360K")], replace=["b"])
    assert read_table(tmp_path, DS, "mentions")["variant"].to_list() == ["Glint360K"]


def test_read_table_of_nothing_has_the_schema(tmp_path):
    df = read_table(tmp_path, DS, "findings")
    assert df.height == 0 and dict(df.schema) == TABLES["findings"]
    assert upsert(tmp_path, DS, "mentions", [], replace=["a"]) is None     # nothing to write, nothing created
    assert not (tmp_path / DS / "mentions").exists()


def test_every_version_stays_readable(tmp_path):
    upsert(tmp_path, DS, "findings", [finding("a", True, ["train"], ["MS1MV2"])])
    v = upsert(tmp_path, DS, "findings", [finding("a", False, ["related_work"], ["MS1MV2"]), finding("b", True, ["train"], [])])
    assert storage.versions(tmp_path, DS) == {"findings": v}
    then = read_table(tmp_path, DS, "findings", version=v - 1)
    assert then.select("paper_id", "uses_dataset").rows() == [("a", True)]
    assert sorted(read_table(tmp_path, DS, "findings").select("paper_id", "uses_dataset").rows()) == [
        ("a", False), ("b", True)]


def test_a_table_written_before_a_column_was_added_gains_it(tmp_path):
    from deltalake import write_deltalake

    write_deltalake(str(tmp_path / DS / "runs"), pl.DataFrame({"run_id": ["old"], "counts": ["{}"]}), mode="error")
    upsert(tmp_path, DS, "runs", [{"run_id": "new", "status": "completed", "dataset": DS}])
    runs = read_table(tmp_path, DS, "runs").sort("run_id")
    assert dict(runs.schema) == TABLES["runs"]
    assert runs.select("run_id", "status").rows() == [("new", "completed"), ("old", None)]


def test_a_killed_writers_leftovers_are_not_part_of_the_table(tmp_path):
    upsert(tmp_path, DS, "papers", [paper("a", "a.pdf")])
    folder = tmp_path / DS / "papers"
    (folder / "part-00001-k1ll3d.snappy.parquet").write_bytes(b"PAR1 partial")        # data, never committed
    (folder / "_delta_log" / "_commit_k1ll3d.json.tmp").write_text('{"add": ')          # a commit half-written
    assert upsert(tmp_path, DS, "papers", [paper("b", "b.pdf")]) == 1
    assert run_query("SELECT count(*) AS n FROM papers", tmp_path, DS)["n"].item() == 2
    done = storage.compact(tmp_path, DS, retention_hours=0)
    assert done["papers"]["files_after"] == 1 and done["papers"]["vacuumed"] >= 1
    assert not (folder / "part-00001-k1ll3d.snappy.parquet").exists()
    assert sorted(read_table(tmp_path, DS, "papers")["paper_id"]) == ["a", "b"]


def test_compact_merges_small_files_and_keeps_rows_and_recorded_versions(tmp_path):
    for i in range(6):
        upsert(tmp_path, DS, "mentions", [mention(f"p{i}", "MS1MV2"), mention(f"p{i}", "RFW")], replace=[f"p{i}"])
    kept = storage.table_version(tmp_path, DS, "mentions")
    upsert(tmp_path, DS, "runs", [{"run_id": "r1", "status": "completed", "finished": NOW,
                                   "versions": json.dumps({"mentions": kept})}])
    then = read_table(tmp_path, DS, "mentions").sort("paper_id", "variant")
    upsert(tmp_path, DS, "mentions", [mention("p0", "Glint360K")], replace=["p0"])     # p0's file goes, one comes
    now = read_table(tmp_path, DS, "mentions").sort("paper_id", "variant")
    assert storage.compact_if_needed(tmp_path, DS, max_files=10) == {}                 # few files: nothing to do
    done = storage.compact_if_needed(tmp_path, DS, max_files=3)
    assert done["mentions"]["files_before"] == 6 and done["mentions"]["files_after"] == 1
    assert read_table(tmp_path, DS, "mentions").sort("paper_id", "variant").equals(now)
    storage.compact(tmp_path, DS, retention_hours=0)          # even with no retention, the run's version stays
    assert read_table(tmp_path, DS, "mentions", version=kept).sort("paper_id", "variant").equals(then)


def test_a_conflict_is_retried_and_one_that_never_clears_fails_naming_the_table(tmp_path, monkeypatch):
    upsert(tmp_path, DS, "papers", [paper("a", "a.pdf")])
    real = storage.write_deltalake
    rivals = {"left": 1}

    def rival_commits_first(target, data, **kwargs):
        if rivals["left"]:          # another process commits the same key between our read and our commit
            rivals["left"] -= 1
            real(str(tmp_path / DS / "papers"), frame("papers", [paper("a", "a.pdf", title="rival")]),
                 mode="overwrite", predicate="source_path = 'a.pdf'")
        return real(target, data, **kwargs)

    monkeypatch.setattr(storage, "write_deltalake", rival_commits_first)
    upsert(tmp_path, DS, "papers", [paper("a", "a.pdf", title="ours")])
    assert read_table(tmp_path, DS, "papers")["title"].to_list() == ["ours"]           # retried, not lost
    rivals["left"] = 10**6
    monkeypatch.setattr(storage, "COMMIT_ATTEMPTS", 3)
    with pytest.raises(storage.CommitConflict, match="'papers' after 3 attempts"):
        upsert(tmp_path, DS, "papers", [paper("a", "a.pdf", title="ours again")])


def test_old_one_file_tables_are_migrated_without_loss(tmp_path):
    folder = tmp_path / DS / "papers"
    folder.mkdir(parents=True)
    legacy = pl.DataFrame([paper("a", "a.pdf"), paper("b", "b.pdf")]).drop("n_pages")   # an older schema
    legacy.write_parquet(folder / storage.LEGACY)
    assert sorted(read_table(tmp_path, DS, "papers")["paper_id"]) == ["a", "b"]        # readable before migrating
    upsert(tmp_path, DS, "papers", [paper("c", "c.pdf")])                              # first write migrates
    assert not (folder / storage.LEGACY).exists()
    assert sorted(delta(tmp_path, "papers")["paper_id"]) == ["a", "b", "c"]
    # `migrate` converts the rest, and a crash after the commit (old file still there) is finished
    (tmp_path / DS / "findings").mkdir()
    pl.DataFrame([finding("a", True, ["train"], ["MS1MV2"])]).write_parquet(tmp_path / DS / "findings" / storage.LEGACY)
    assert storage.migrate(tmp_path, DS) == ["findings"]
    legacy.write_parquet(folder / storage.LEGACY)                                      # as if unlink never ran
    assert storage.migrate(tmp_path, DS) == ["papers"]
    assert sorted(read_table(tmp_path, DS, "papers")["paper_id"]) == ["a", "b", "c"]
    assert read_table(tmp_path, DS, "findings")["uses_dataset"].to_list() == [True]


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
