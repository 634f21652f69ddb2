"""Lexicon files: the shipped ones load; broken ones fail with `file:line: message`."""
from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path

import pytest

from extractors.lexicons import LEXICON_DIR, LexiconError, Terms, load_lexicon, merged_alternation, validate_lexicons

GOOD = """\
signal: demo
flag_threshold: 0.6
entries:
  - id: drones
    value: drone_monitoring
    confidence: 0.8
    patterns:
      - drone monitoring
      - [{LOWER: {IN: [uav, uavs]}}, {LOWER: tracking}]
"""


def write(tmp_path: Path, text: str, name: str = "demo.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problem_lines(exc: LexiconError, path: Path) -> list[int]:
    return [int(m) for m in re.findall(rf"^{re.escape(str(path.resolve()))}:(\d+): ", str(exc), re.M)]


def test_shipped_lexicons_load():
    lexicons = {lx.signal: lx for lx in validate_lexicons()}
    assert {"commercial", "military_or_security", "surveillance"} <= set(lexicons)
    assert all(lx.entries for lx in lexicons.values())


def test_a_valid_file_loads(tmp_path):
    lexicon = load_lexicon(write(tmp_path, GOOD))
    assert [e.id for e in lexicon.entries] == ["drones"]
    assert lexicon.entries[0].patterns[1] == ({"LOWER": {"IN": ["uav", "uavs"]}}, {"LOWER": "tracking"})


@pytest.mark.parametrize("old, new, line, message", [
    ("    confidence: 0.8\n", "    confidence: 1.8\n", 6, "'confidence' must be a number from 0 to 1"),
    ("    value: drone_monitoring\n", "    value: drone_monitoring\n    colour: red\n", 6, "unknown key 'colour'"),
    ("[{LOWER: {IN: [uav, uavs]}}, {LOWER: tracking}]", "[{LEMMA: uav}, {LOWER: tracking}]", 9, "needs the tagger"),
    ("[{LOWER: {IN: [uav, uavs]}}, {LOWER: tracking}]", "[{LOWER: uav, SHOUT: 1}]", 9, "invalid spaCy token pattern"),
    ("signal: demo\n", "signal: other\n", 1, "must match the file name"),
    ("    patterns:\n", "    source: email\n    patterns:\n", 7, "source must be one of"),
])
def test_errors_name_file_and_line(tmp_path, old, new, line, message):
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(LexiconError) as info:
        load_lexicon(path)
    assert line in problem_lines(info.value, path), str(info.value)
    assert message in str(info.value)


def test_missing_keys_and_duplicate_ids(tmp_path):
    path = write(tmp_path, GOOD + "  - id: drones\n    value: x\n    patterns: [x]\n")
    with pytest.raises(LexiconError) as info:
        load_lexicon(path)
    text = str(info.value)
    assert f"{path.resolve()}:10: entry 'drones' is missing required key 'confidence'" in text
    assert f"{path.resolve()}:10: duplicate id 'drones' (first on line 4)" in text


def test_invalid_yaml_names_the_line(tmp_path):
    path = write(tmp_path, GOOD.replace("      - drone monitoring\n", "      - drone monitoring\n     bad: [\n"))
    with pytest.raises(LexiconError, match=rf"{re.escape(str(path.resolve()))}:9: not valid YAML"):
        load_lexicon(path)


def test_validate_reports_every_broken_file(tmp_path):
    write(tmp_path, GOOD)
    write(tmp_path, "signal: broken\nentries: 3\n", "broken.yaml")
    with pytest.raises(LexiconError) as info:
        validate_lexicons(tmp_path)
    assert "broken.yaml:1: the file is missing required key 'flag_threshold'" in str(info.value)
    assert "broken.yaml:2: 'entries' must be a list" in str(info.value)


def test_an_edit_is_picked_up_without_restarting(tmp_path):
    path = write(tmp_path, GOOD)
    assert len(load_lexicon(path).entries) == 1
    path.write_text(GOOD + "  - id: more\n    value: x\n    confidence: 0.5\n    patterns: [x ray]\n", encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert [e.id for e in load_lexicon(path).entries] == ["drones", "more"]


def test_context_terms_match_words_and_prefixes():
    terms = Terms(("privacy", "protect*", "without consent"))
    assert terms.search("We protected the data") == "protected"
    assert terms.search("collected Without  consent") == "Without  consent"
    assert terms.search("privacyless") is None


def _example(pattern) -> str:
    """A text a pattern matches: a phrase itself, or each required token's first alternative."""
    if isinstance(pattern, str):
        return pattern
    words = []
    for token in pattern:
        spec = next((token[a] for a in ("LOWER", "ORTH", "TEXT") if a in token), None)
        if str(token.get("OP", "1")) in ("1", "+") and spec is not None:
            words.append(spec if isinstance(spec, str) else spec["IN"][0] if "IN" in spec else
                         spec["REGEX"].strip("^$") + "ed")     # shipped regexes are word prefixes
    return " ".join(words)


def test_trigger_passes_every_shipped_pattern():
    """The block prefilter must never hide a sentence a pattern matches."""
    for lexicon in validate_lexicons(LEXICON_DIR):
        for entry in (e for e in lexicon.entries if e.source == "text"):
            for pattern in entry.patterns:
                assert lexicon.triggered(f"In short, {_example(pattern)} here.".lower()), (lexicon.signal, pattern)


def test_trigger_needs_every_required_token(tmp_path):
    lexicon = load_lexicon(write(tmp_path, GOOD))
    assert lexicon.triggered("we use uavs for tracking crowds")
    assert lexicon.triggered("drone   monitoring of fields")
    assert not lexicon.triggered("object tracking benchmarks")          # "tracking" without "uav"
    assert not lexicon.triggered("uav images without the second word")
    optional = write(tmp_path, GOOD.replace("{LOWER: tracking}", '{LOWER: tracking, OP: "?"}'), "optional.yaml")
    optional.rename(tmp_path / "demo.yaml")
    assert load_lexicon(tmp_path / "demo.yaml").triggered("uav images")  # an optional token is not required


def test_merged_alternation_finds_what_the_plain_one_finds():
    """The prefix-merged trigger regex is a speed-up only: same texts found as "a|b|c"."""
    import random
    needles = [r"person\W*re\W*identification", r"person\W*reid", r"re\W*id", r"reid", r"race|racial|ethnic",
               r"e\W*gate", r"c\.c\.tv", r"(?i:deploy\w+)", "police"]
    merged, plain = re.compile(merged_alternation(needles)), re.compile("|".join(needles))
    rng = random.Random(7)
    pieces = ["person", " ", "re", "-", "id", "identification", "e", "gate", "polic", "e ", "rac", "ial", "deploy",
              "ed", "c.c", ".tv", "x"]           # fragments of the needles: hits and near misses
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) for _ in range(5000)]
    texts += ["person re-identification", "the e-gate", "police work", "deployed", "racially", "re id"]
    assert [bool(merged.search(t)) for t in texts] == [bool(plain.search(t)) for t in texts]
    assert 100 < sum(bool(plain.search(t)) for t in texts) < len(texts) - 100   # both kinds of text occur
