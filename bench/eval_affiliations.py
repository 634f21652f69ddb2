"""Dev benchmark: affiliation and funder extraction against the hand labels of the shared corpus.

    .venv/bin/python bench/eval_affiliations.py [--corpus ../shared/corpus] [-v]

Institution recall: a gold institution counts as found when one of its name forms (as labelled,
without the parenthetical, or the parenthetical alone) fuzzy-matches inside an extracted `raw`
(rapidfuzz partial_ratio or token_set_ratio >= 90). Precision: the share of extracted affiliation records whose
`raw` matches some gold institution of the same paper; the rest are printed as extras.
Funder recall uses the same rule on the acknowledgment/funding text found by extractors.text.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import pymupdf
from rapidfuzz import fuzz

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractors.affiliations import Affiliation  # noqa: E402
from extractors.frontmatter import front_affiliations  # noqa: E402
from extractors.funders import FunderMention, extract_funders  # noqa: E402
from extractors.text import extract_document  # noqa: E402

_FUNDING = re.compile(r"\b(?:supported|funded|sponsored)\b.{0,60}\bby\b|^funding\b", re.I | re.S)


def name_forms(name: str) -> list[str]:
    """The labelled name, the name without its parenthetical, and the parenthetical."""
    inner = re.findall(r"\(([^()]{3,})\)", name)
    outer = re.sub(r"\s*\([^()]*\)", "", name).strip()
    return [f for f in dict.fromkeys([name, outer, *inner]) if len(f) >= 3]


def found(name: str, texts: list[str]) -> bool:
    """Fuzzy containment, or the same words in another order ("Chinese NSF" / "NSF of China")."""
    return any(len(t) >= 3 and max(fuzz.partial_ratio(f.lower(), t.lower()),
                                   fuzz.token_set_ratio(f.lower(), t.lower())) >= 90
               for f in name_forms(name) for t in texts)


def affiliations_of(pdf: pymupdf.Document) -> list[Affiliation]:
    """What the pipeline reads: the front-matter pages (cover sheets, title pages, patents) first."""
    return front_affiliations([pdf[i].get_text("dict") for i in range(min(2, pdf.page_count))])[0]


def funders_of(data: bytes) -> list[FunderMention]:
    """Funders from acknowledgment sections and funding notes anywhere in the paper."""
    doc = extract_document(data)
    out: list[FunderMention] = []
    for block in doc.blocks:
        if block.section == "acknowledgments" or _FUNDING.search(block.text):
            out += extract_funders(block.text, block.page)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path,
                        default=Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus")
    parser.add_argument("-v", "--verbose", action="store_true", help="print misses and extras")
    args = parser.parse_args()
    gold = [json.loads(line) for line in (args.corpus / "gold.jsonl").open()]
    inst_total = inst_hit = recs = recs_ok = notes = fund_total = fund_hit = fund_recs = 0
    for g in gold:
        data = (args.corpus / g["file"]).read_bytes()
        affs = affiliations_of(pymupdf.open(stream=data, filetype="pdf"))
        main_affs = [a for a in affs if a.kind == "affiliation"]
        raws = [a.raw for a in main_affs]
        names = [i["name"] for i in g["institutions"]]
        misses = [n for n in names if not found(n, raws)]
        extras = [a.raw for a in main_affs if not any(found(n, [a.raw]) or found(a.raw, [n])
                                                       for n in names)]
        funders = funders_of(data)
        fmiss = [f["name"] for f in g["funders"] if not found(f["name"], [f.raw for f in funders])]
        inst_total += len(names)
        inst_hit += len(names) - len(misses)
        recs += len(main_affs)
        recs_ok += len(main_affs) - len(extras)
        notes += len(affs) - len(main_affs)
        fund_total += len(g["funders"])
        fund_hit += len(g["funders"]) - len(fmiss)
        fund_recs += len(funders)
        if args.verbose and (misses or extras or fmiss):
            print(f"== {g['file']}")
            for n in misses:
                print(f"   MISS  {n}")
            for r in extras:
                print(f"   EXTRA {r}")
            for n in fmiss:
                print(f"   FMISS {n}   (got: {[f.raw for f in funders]})")
    print(f"documents: {len(gold)}")
    print(f"institution recall: {inst_hit}/{inst_total} = {inst_hit / max(inst_total, 1):.3f}")
    print(f"affiliation records: {recs}, matching gold: {recs_ok} "
          f"(precision {recs_ok / max(recs, 1):.3f}), extras: {recs - recs_ok}; "
          f"now-at/work-done-at notes: {notes}")
    print(f"funder recall: {fund_hit}/{fund_total} = {fund_hit / max(fund_total, 1):.3f}; "
          f"funder records: {fund_recs}")


if __name__ == "__main__":
    main()
