"""The extractor interface and where extractors come from.

An extractor reads what the pipeline learned about one paper (a `Context`) and returns rows for
output tables. Extractors are found in two places, so adding one never means editing the pipeline:
- modules of this `extractors` package that define ``EXTRACTORS`` (a sequence of classes or
  factories), such as extractors/signals.py;
- installed packages that declare an entry point in the group ``citewatch.extractors``
  (``my_pkg.module:MyExtractor``), loaded with importlib.metadata.
Each class or factory is called with no arguments. See docs/extending.md for a worked example.

What `extract` returns, precisely: a dict from table name to rows.
- ``"signals"`` (or any table in models.schema.TABLES other than papers/findings): a list of row
  dicts with that table's columns; `paper_id` and `dataset` may be left out, `run_extractors`
  fills them in.
- ``"findings"``: a list of at most one dict of findings columns to set on the paper's findings
  row (``[{"surveillance": True}]``); every key must be a findings column. An extractor should
  own the columns it sets; when two set the same column, the later one in registry order wins.
"""
from __future__ import annotations

import functools
import importlib
import importlib.metadata
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from spacy.language import Language

from extractors.lexicons import LEXICON_DIR
from models.profile import Profile
from models.records import Document, Mention
from models.schema import TABLES

ENTRY_POINT_GROUP = "citewatch.extractors"
PACKAGE = "extractors"


class PluginError(RuntimeError):
    """An extractor could not be loaded, or returned rows the tables cannot hold."""


@dataclass(frozen=True)
class Context:
    """Everything known about one paper when extractors run (read-only)."""

    paper_id: str
    document: Document
    mentions: tuple[Mention, ...]
    finding: dict                       # the findings row so far (uses_dataset, usage, variants, year ...)
    affiliations: tuple[dict, ...]      # rows of the affiliations table (sector, country, flags, page, quote)
    funders: tuple[dict, ...]           # rows of the funders table
    profile: Profile
    nlp: Language
    lexicon_dir: Path = LEXICON_DIR     # where signals read their pattern files
    cache: dict = field(default_factory=dict, compare=False, repr=False)  # shared per-paper work (tokenised text)

    @property
    def uses_dataset(self) -> bool:
        return bool(self.finding.get("uses_dataset"))


@runtime_checkable
class Extractor(Protocol):
    name: str                 # unique; used in error messages and `citewatch` listings
    tables: tuple[str, ...]   # tables it writes ("signals", "findings" ...)

    def extract(self, ctx: Context) -> dict[str, list[dict]]: ...


Factory = Callable[[], Extractor]


def available_extractors() -> list[Extractor]:
    """Package extractors (module order, then definition order), then entry-point extractors by name."""
    found = [_instantiate(f, f"{PACKAGE} module") for f in _package_factories()]
    for ep in sorted(_entry_points(), key=lambda e: e.name):
        try:
            factory = ep.load()
        except Exception as exc:
            raise PluginError(f"entry point {ep.name!r} ({ep.value}) in group {ENTRY_POINT_GROUP!r} "
                              f"failed to load: {exc!r}") from exc
        found.append(_instantiate(factory, f"entry point {ep.name!r} ({ep.value})"))
    names = [e.name for e in found]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise PluginError(f"two extractors share the name(s) {', '.join(duplicates)}")
    return found


def _entry_points() -> list[importlib.metadata.EntryPoint]:
    return list(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP))


@functools.cache
def _package_factories() -> tuple[Factory, ...]:
    """``EXTRACTORS`` of every module in the package (imported once per process)."""
    package = importlib.import_module(PACKAGE)
    factories: list[Factory] = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{PACKAGE}.{info.name}")
        factories.extend(getattr(module, "EXTRACTORS", ()))
    return tuple(factories)


def _instantiate(factory: Any, origin: str) -> Extractor:
    try:
        extractor = factory() if callable(factory) else factory
    except Exception as exc:
        raise PluginError(f"{origin}: calling {factory!r} failed: {exc!r}") from exc
    if not isinstance(extractor, Extractor) or not isinstance(extractor.tables, tuple):
        raise PluginError(f"{origin}: {extractor!r} is not an extractor: it needs `name: str`, "
                          "`tables: tuple[str, ...]` and `extract(ctx) -> dict[str, list[dict]]`")
    unknown = [t for t in extractor.tables if t not in TABLES or t == "papers"]
    if unknown:
        raise PluginError(f"{origin}: extractor {extractor.name!r} declares unknown or read-only tables {unknown}")
    return extractor


def run_extractors(ctx: Context, extractors: list[Extractor]) -> dict[str, list[dict]]:
    """Run each extractor on one paper; rows per table, and the merged findings update under "findings"."""
    out: dict[str, list[dict]] = {}
    update: dict = {}
    for extractor in extractors:
        for table, rows in extractor.extract(ctx).items():
            if table not in extractor.tables:
                raise PluginError(f"extractor {extractor.name!r} returned table {table!r} not in its tables "
                                  f"{extractor.tables}")
            if table == "findings":
                for row in rows:
                    unknown = set(row) - set(TABLES["findings"])
                    if unknown:
                        raise PluginError(f"extractor {extractor.name!r} sets unknown findings columns {sorted(unknown)}")
                    update.update(row)
                continue
            out.setdefault(table, []).extend({**row, "paper_id": ctx.paper_id, "dataset": ctx.profile.slug}
                                             for row in rows)
    out["findings"] = [update]
    return out
