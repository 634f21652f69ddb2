"""Extractor discovery (package modules and the `citewatch.extractors` entry-point group) and running."""
from __future__ import annotations

import importlib.metadata
import textwrap

import pytest

from extractors import plugins
from extractors.plugins import Context, PluginError, available_extractors, run_extractors
from models.records import Block, Document

PLUGIN = '''
class Hello:
    """A third-party extractor: flags papers that say hello."""
    name = "hello"
    tables = ("signals", "findings")

    def extract(self, ctx):
        said = any("hello" in b.text.lower() for b in ctx.document.blocks)
        rows = [{"signal": "hello", "value": "greeting", "rule": "hello_word", "confidence": 1.0,
                 "page": 1, "quote": "hello"}] if said else []
        return {"signals": rows, "findings": [{"surveillance": said}]}


def broken():
    return object()
'''


@pytest.fixture
def entry_points(tmp_path, monkeypatch):
    """Install a fake package with entry points; returns a function that registers them."""
    (tmp_path / "cw_fake_plugin.py").write_text(textwrap.dedent(PLUGIN), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))

    def register(*specs: tuple[str, str]) -> None:
        eps = [importlib.metadata.EntryPoint(name=n, value=v, group=plugins.ENTRY_POINT_GROUP) for n, v in specs]
        real = importlib.metadata.entry_points
        monkeypatch.setattr(importlib.metadata, "entry_points",
                            lambda **kw: eps if kw.get("group") == plugins.ENTRY_POINT_GROUP else real(**kw))
    return register


def ctx(nlp, profile, text: str) -> Context:
    doc = Document(blocks=[Block(1, text, "body", None, (0, 0, 1, 1), 0)], n_pages=1, year=2021)
    return Context(paper_id="p9", document=doc, mentions=(), finding={"uses_dataset": False}, affiliations=(),
                   funders=(), profile=profile, nlp=nlp)


def test_builtin_signals_are_found_in_the_package():
    names = [e.name for e in available_extractors()]
    assert names[:4] == ["commercial", "military_or_security", "surveillance", "post_retraction"]


def test_an_installed_package_is_found_through_its_entry_point(entry_points, nlp, profile):
    entry_points(("hello", "cw_fake_plugin:Hello"))
    extractors = available_extractors()
    assert [e.name for e in extractors][-1] == "hello"
    out = run_extractors(ctx(nlp, profile, "Hello world."), [extractors[-1]])
    assert out["signals"] == [{"signal": "hello", "value": "greeting", "rule": "hello_word", "confidence": 1.0,
                               "page": 1, "quote": "hello", "paper_id": "p9", "dataset": profile.slug}]
    assert out["findings"] == [{"surveillance": True}]


def test_findings_updates_merge_in_order(nlp, profile):
    found = {e.name: e for e in available_extractors()}
    out = run_extractors(ctx(nlp, profile, "Person re-identification in video surveillance systems."),
                         [found["surveillance"], found["commercial"]])
    assert out["findings"] == [{"surveillance": True, "commercial": False}]
    assert {r["paper_id"] for r in out["signals"]} == {"p9"}


def test_broken_entry_points_fail_with_their_name(entry_points):
    entry_points(("nothing", "cw_fake_plugin:broken"))
    with pytest.raises(PluginError, match="entry point 'nothing'.*is not an extractor"):
        available_extractors()
    entry_points(("missing", "cw_no_such_module:Thing"))
    with pytest.raises(PluginError, match="entry point 'missing'.*failed to load"):
        available_extractors()
    entry_points(("dup", "cw_fake_plugin:Hello"), ("dup2", "cw_fake_plugin:Hello"))
    with pytest.raises(PluginError, match="share the name"):
        available_extractors()


def test_rows_must_fit_the_tables(nlp, profile):
    class Sloppy:
        name, tables = "sloppy", ("signals", "findings")

        def __init__(self, out):
            self.out = out

        def extract(self, ctx):
            return self.out

    with pytest.raises(PluginError, match="not in its tables"):
        run_extractors(ctx(nlp, profile, "x"), [Sloppy({"mentions": []})])
    with pytest.raises(PluginError, match="unknown findings columns"):
        run_extractors(ctx(nlp, profile, "x"), [Sloppy({"findings": [{"spooky": True}]})])
