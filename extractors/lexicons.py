"""Signal lexicons: the YAML pattern files in models/lexicons/, one per signal, edited without Python.

A watchdog adds a phrase, a company name or a context word by editing a file; the file is checked
when loaded and every problem is reported as ``file:line: message`` so it can be fixed without
reading code. The file format is documented in docs/extending.md and at the top of each file.

Text patterns are either phrases (matched case-insensitively, token by token) or spaCy Matcher
token patterns restricted to attributes the tokenizer alone provides (LOWER, ORTH, REGEX ...):
signals run on every paper, so they must not need the tagger or parser.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from spacy.schemas import validate_token_pattern

from models.records import SECTIONS
from models.registry import SECTORS

LEXICON_DIR = Path(__file__).resolve().parents[1] / "models" / "lexicons"
SOURCES = ("text", "affiliations", "funders")
# Token attributes that need more than the tokenizer; patterns using them would silently never match.
_NEEDS_MODEL = {"LEMMA", "POS", "TAG", "MORPH", "DEP", "ENT_TYPE", "ENT_IOB", "ENT_ID", "ENT_KB_ID",
                "HEAD", "SENT_START", "IS_SENT_START", "IS_SENT_END"}


class LexiconError(ValueError):
    """A lexicon file is malformed; the message lists each problem as ``file:line: message``."""


@dataclass(frozen=True)
class Terms:
    """Context words: "privacy" matches the word, "protect*" any word starting with "protect"."""

    terms: tuple[str, ...] = ()

    @functools.cached_property
    def regex(self) -> re.Pattern[str] | None:
        if not self.terms:
            return None
        parts = [r"\s+".join(re.escape(w) for w in t.rstrip("*").split()) + (r"\w*" if t.endswith("*") else r"\b")
                 for t in self.terms]
        return re.compile(r"\b(?:" + "|".join(parts) + ")", re.I)

    def search(self, text: str | None) -> str | None:
        """The first term found in text, as printed, or None."""
        m = self.regex.search(text) if self.regex and text else None
        return m.group() if m else None

    def __add__(self, other: "Terms") -> "Terms":
        return Terms(tuple(dict.fromkeys(self.terms + other.terms)))


@dataclass(frozen=True)
class Entry:
    """A pattern rule: any of `patterns` in a sentence (or an affiliation/funder string) gives `value`."""

    id: str
    value: str
    confidence: float
    patterns: tuple[str | tuple[dict, ...], ...]   # phrase, or spaCy token pattern
    source: str = "text"
    context_exclude: Terms = Terms()    # with the file-wide terms: a sentence with one does not count
    context_require: Terms = Terms()    # when given, the sentence must also contain one of these
    application: str | None = None      # the gold application label this value stands for (evaluation)
    line: int = 0


@dataclass(frozen=True)
class RowRule:
    """A rule over the affiliations/funders rows: every criterion given must hold."""

    id: str
    source: str                          # affiliations | funders
    value: str
    confidence: float
    sectors: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()          # any of these flags
    methods: tuple[str, ...] = ()        # any of these match methods
    line: int = 0

    def matches(self, row: dict) -> bool:
        return ((not self.sectors or row.get("sector") in self.sectors)
                and (not self.flags or bool(set(row.get("flags") or ()) & set(self.flags)))
                and (not self.methods or row.get("method") in self.methods))


@dataclass(frozen=True, eq=False)   # hashed by identity: compiled matchers are cached per lexicon
class Lexicon:
    signal: str
    path: Path
    flag_threshold: float
    entries: tuple[Entry, ...]
    rows: tuple[RowRule, ...] = ()
    sections: tuple[str, ...] = ("abstract", "body", "caption")
    exclude_headings: Terms = Terms()
    require_use: bool = False            # only papers that use the dataset get this signal
    max_quotes: int = 3                  # quotes kept per value and paper

    @functools.cached_property
    def _triggers(self) -> tuple[re.Pattern[str], tuple[tuple[re.Pattern[str], ...], ...]] | None:
        """Per text pattern, regexes that all occur in the lower-cased text of anything it matches,
        and one regex finding any pattern's first one (None: some pattern has no such regex)."""
        conjunctions = []
        for entry in (e for e in self.entries if e.source == "text"):
            for pattern in entry.patterns:
                found = _needles(pattern)
                if not found:
                    return None
                conjunctions.append(tuple(re.compile(n) for n in found))
        if not conjunctions:
            return None
        first = merged_alternation([c[0].pattern for c in conjunctions])
        return re.compile(first), tuple(dict.fromkeys(conjunctions))

    def triggered(self, lowered: str) -> bool:
        """Whether a text entry can match this lower-cased text: a cheap test run before spaCy.

        Tokenising and matching every block of every paper costs seconds; only blocks holding
        every required word of some pattern ("race" and "classification", not just the latter)
        are tokenised. Never false for a text a pattern matches.
        """
        if self._triggers is None:
            return True
        first, conjunctions = self._triggers
        return bool(first.search(lowered)) and any(all(r.search(lowered) for r in c) for c in conjunctions)


def _needles(pattern: str | tuple[dict, ...]) -> list[str]:
    """Regexes that all occur in any lower-cased text the pattern matches: a phrase's words in
    order, or the alternatives of each required token of a token pattern (empty: none known)."""
    if isinstance(pattern, str):
        words = re.findall(r"\w+", pattern.lower())
        return [r"\W*".join(map(re.escape, words))] if words else []
    return [found for token in pattern if _required(token) and (found := _token_needles(token))]


def merged_alternation(needles: list[str]) -> str:
    """One regex for "any of these needles", their common beginnings merged ("person\\W*re" is
    tried once for "person re-id" and "person re-identification"). Python's regex engine tries an
    alternation's branches one by one at every position of the text; merged, most positions fail
    at the first character. Needles are the ones built here: escaped literals joined by "\\W*" or
    "|"; anything with a group (a token REGEX) stays a branch of its own."""
    trie: dict = {}
    opaque = []
    for needle in dict.fromkeys(needles):
        if "(" in needle:
            opaque.append(needle)
            continue
        for alternative in re.split(r"(?<!\\)\|", needle):
            node = trie
            for atom in re.findall(r"\\W\*|\\.|.", alternative):
                node = node.setdefault(atom, {})
            node[""] = {}                      # a needle ends here: the rest is not needed

    def emit(node: dict) -> str:
        if "" in node:
            return ""
        branches = [atom + emit(child) for atom, child in node.items()]
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    branches = ([emit(trie)] if trie else []) + opaque
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _required(token: dict) -> bool:
    """The token must be present: no OP, "+", or a count such as {2} or {1,3}."""
    op = str(token.get("OP", "1"))
    return op in ("1", "+") or (op.startswith("{") and not op.startswith(("{0", "{,")))


def _token_needles(token: dict) -> str | None:
    """One regex for the token's text. NORM is left out: a norm need not occur in the text."""
    spec = next((token[a] for a in ("LOWER", "ORTH", "TEXT") if a in token), None)
    if isinstance(spec, str):
        return re.escape(spec.lower())
    if isinstance(spec, dict) and isinstance(spec.get("IN"), list):
        return "|".join(re.escape(str(v).lower()) for v in spec["IN"])
    if isinstance(spec, dict) and isinstance(spec.get("REGEX"), str):
        regex = spec["REGEX"].lstrip("^").rstrip("$")
        return regex.lower() if regex.isalnum() else "(?i:" + regex + ")"     # "^deploy": a word start
    return None


# -- loading -------------------------------------------------------------------------------------

class _Map(dict):
    line: int = 0
    key_lines: dict


class _Seq(list):
    line: int = 0
    lines: list


class _Loader(yaml.SafeLoader):
    """Safe YAML that remembers the line of every mapping, key and list item."""


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> _Map:
    out = _Map(loader.construct_mapping(node, deep=True))
    out.line = node.start_mark.line + 1
    out.key_lines = {k.value: k.start_mark.line + 1 for k, _ in node.value}
    return out


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> _Seq:
    out = _Seq(loader.construct_sequence(node, deep=True))
    out.line = node.start_mark.line + 1
    out.lines = [item.start_mark.line + 1 for item in node.value]
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_seq)


def available_lexicons(directory: Path = LEXICON_DIR) -> list[Path]:
    return sorted(Path(directory).glob("*.yaml"))


def lexicon_path(signal: str, directory: Path = LEXICON_DIR) -> Path:
    return Path(directory) / f"{signal}.yaml"


def load_lexicon(path: Path) -> Lexicon:
    """Parse and validate one file; cached until the file changes."""
    path = Path(path)
    if not path.is_file():
        raise LexiconError(f"{path}:0: no such lexicon file")
    return _load(path.resolve(), path.stat().st_mtime_ns)


def validate_lexicons(directory: Path = LEXICON_DIR) -> list[Lexicon]:
    """Load every file in the folder; one LexiconError listing the problems of all of them."""
    lexicons, problems = [], []
    for path in available_lexicons(directory):
        try:
            lexicons.append(load_lexicon(path))
        except LexiconError as exc:
            problems.append(str(exc))
    if problems:
        raise LexiconError("\n".join(problems))
    return lexicons


@functools.lru_cache(maxsize=64)
def _load(path: Path, mtime_ns: int) -> Lexicon:
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise LexiconError(f"{path}:{mark.line + 1 if mark else 0}: not valid YAML: {exc.problem}") from exc
    problems: list[str] = []
    lexicon = _parse(raw, path, problems)
    if problems:
        raise LexiconError("\n".join(problems))
    return lexicon


_TOP = {"signal", "flag_threshold", "sections", "exclude_headings", "context_exclude", "require_use",
        "max_quotes", "entries", "rows"}
_ENTRY = {"id", "value", "confidence", "patterns", "source", "context_exclude", "context_require", "application"}
_ROW = {"id", "source", "value", "confidence", "sector", "flags", "methods"}


class _Checker:
    """Collects `file:line: message` problems while reading values out of a parsed file."""

    def __init__(self, path: Path, problems: list[str]):
        self.path, self.problems = path, problems

    def error(self, line: int, message: str) -> None:
        self.problems.append(f"{self.path}:{line}: {message}")

    def keys(self, mapping: _Map, allowed: set[str], required: set[str], what: str) -> None:
        for k in mapping:
            if k not in allowed:
                self.error(mapping.key_lines.get(k, mapping.line),
                           f"unknown key {k!r} in {what}; allowed: {', '.join(sorted(allowed))}")
        for k in sorted(required - set(mapping)):
            self.error(mapping.line, f"{what} is missing required key {k!r}")

    def line_of(self, mapping: _Map, key: str) -> int:
        return mapping.key_lines.get(key, mapping.line)

    def string(self, mapping: _Map, key: str, what: str, default: str | None = None) -> str | None:
        value = mapping.get(key, default)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            self.error(self.line_of(mapping, key), f"{what} {key!r} must be a non-empty string, got {value!r}")
            return default
        return value

    def number(self, mapping: _Map, key: str, what: str) -> float:
        if key not in mapping:      # reported by keys() as missing
            return 0.0
        value = mapping[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            self.error(self.line_of(mapping, key), f"{what} {key!r} must be a number from 0 to 1, got {value!r}")
            return 0.0
        return float(value)

    def strings(self, mapping: _Map, key: str, what: str, allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
        value = mapping.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.error(self.line_of(mapping, key), f"{what} {key!r} must be a list of non-empty strings")
            return ()
        for v, line in zip(value, getattr(value, "lines", [])):
            if allowed is not None and v not in allowed:
                self.error(line, f"{what} {key!r}: {v!r} is not one of {', '.join(allowed)}")
        return tuple(value)


def _parse(raw: object, path: Path, problems: list[str]) -> Lexicon | None:
    check = _Checker(path, problems)
    if not isinstance(raw, _Map):
        check.error(1, "expected a mapping with 'signal', 'flag_threshold' and 'entries' at the top level")
        return None
    check.keys(raw, _TOP, {"signal", "flag_threshold", "entries"}, "the file")
    signal = check.string(raw, "signal", "the file") or path.stem
    if signal != path.stem:
        check.error(check.line_of(raw, "signal"), f"signal {signal!r} must match the file name {path.stem!r}")
    file_excludes = Terms(check.strings(raw, "context_exclude", "the file"))
    entries_raw = raw.get("entries", [])
    if not isinstance(entries_raw, _Seq):
        check.error(check.line_of(raw, "entries"), "'entries' must be a list of entries")
        entries_raw = _Seq()
    rows_raw = raw.get("rows", _Seq())
    if not isinstance(rows_raw, _Seq):
        check.error(check.line_of(raw, "rows"), "'rows' must be a list of row rules")
        rows_raw = _Seq()
    entries = tuple(e for e in (_entry(item, check, file_excludes) for item in entries_raw) if e)
    rows = tuple(r for r in (_row_rule(item, check) for item in rows_raw) if r)
    seen: dict[str, int] = {}
    for item in (*entries, *rows):
        if item.id in seen:
            check.error(item.line, f"duplicate id {item.id!r} (first on line {seen[item.id]})")
        seen.setdefault(item.id, item.line)
    max_quotes = raw.get("max_quotes", 3)
    if isinstance(max_quotes, bool) or not isinstance(max_quotes, int) or max_quotes < 1:
        check.error(check.line_of(raw, "max_quotes"), f"'max_quotes' must be a positive integer, got {max_quotes!r}")
    require_use = raw.get("require_use", False)
    if not isinstance(require_use, bool):
        check.error(check.line_of(raw, "require_use"), f"'require_use' must be true or false, got {require_use!r}")
    return Lexicon(
        signal=signal, path=path, flag_threshold=check.number(raw, "flag_threshold", "the file"),
        entries=entries, rows=rows,
        sections=check.strings(raw, "sections", "the file", SECTIONS) or ("abstract", "body", "caption"),
        exclude_headings=Terms(check.strings(raw, "exclude_headings", "the file")),
        require_use=bool(require_use), max_quotes=max_quotes if isinstance(max_quotes, int) else 3,
    )


def _entry(item: object, check: _Checker, file_excludes: Terms) -> Entry | None:
    if not isinstance(item, _Map):
        check.error(getattr(item, "line", 0), f"an entry must be a mapping with id, value, confidence, patterns; got {item!r}")
        return None
    what = f"entry {item.get('id', '?')!r}"
    check.keys(item, _ENTRY, {"id", "value", "confidence", "patterns"}, what)
    source = check.string(item, "source", what, "text")
    if source not in SOURCES:
        check.error(check.line_of(item, "source"), f"{what}: source must be one of {', '.join(SOURCES)}, got {source!r}")
    patterns = item.get("patterns")
    if not isinstance(patterns, _Seq) or not patterns:
        check.error(check.line_of(item, "patterns"), f"{what}: 'patterns' must be a non-empty list")
        patterns = _Seq()
    for pattern, line in zip(patterns, patterns.lines):
        _check_pattern(pattern, line, check, what)
    return Entry(
        id=check.string(item, "id", what) or "?", value=check.string(item, "value", what) or "?",
        confidence=check.number(item, "confidence", what),
        patterns=tuple(p if isinstance(p, str) else tuple(dict(t) for t in p) for p in patterns),
        source=source or "text",
        context_exclude=file_excludes + Terms(check.strings(item, "context_exclude", what)),
        context_require=Terms(check.strings(item, "context_require", what)),
        application=check.string(item, "application", what), line=item.line,
    )


def _check_pattern(pattern: object, line: int, check: _Checker, what: str) -> None:
    if isinstance(pattern, str):
        if not pattern.strip():
            check.error(line, f"{what}: empty phrase")
        return
    if not isinstance(pattern, list) or not pattern or not all(isinstance(t, dict) for t in pattern):
        check.error(line, f"{what}: a pattern must be a phrase or a list of token mappings, got {pattern!r}")
        return
    for token, token_line in zip(pattern, pattern.lines):
        for attr in token:
            if str(attr).upper() in _NEEDS_MODEL:
                check.error(token_line, f"{what}: token attribute {attr!r} needs the tagger or parser, which "
                                        "signals do not run; use LOWER with IN or REGEX instead")
    for message in validate_token_pattern([dict(t) for t in pattern]):
        check.error(line, f"{what}: invalid spaCy token pattern: {message}")


def _row_rule(item: object, check: _Checker) -> RowRule | None:
    if not isinstance(item, _Map):
        check.error(getattr(item, "line", 0), f"a row rule must be a mapping; got {item!r}")
        return None
    what = f"row rule {item.get('id', '?')!r}"
    check.keys(item, _ROW, {"id", "source", "value", "confidence"}, what)
    source = check.string(item, "source", what)
    if source not in ("affiliations", "funders"):
        check.error(check.line_of(item, "source"), f"{what}: source must be affiliations or funders, got {source!r}")
    sectors = check.strings(item, "sector", what, SECTORS)
    flags, methods = check.strings(item, "flags", what), check.strings(item, "methods", what)
    if not (sectors or flags or methods):
        check.error(item.line, f"{what}: give at least one of sector, flags, methods (else it matches every row)")
    return RowRule(id=check.string(item, "id", what) or "?", source=source or "affiliations",
                   value=check.string(item, "value", what) or "?", confidence=check.number(item, "confidence", what),
                   sectors=sectors, flags=flags, methods=methods, line=item.line)
