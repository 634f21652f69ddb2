"""Funders, their sectors and countries, statement by statement, on a labelled set kept outside the repository.

Run on demand:  python bench/eval_funders.py SET.jsonl [--registry DIR] [-v]
Each line of SET.jsonl is one real funding statement, labelled by a person who has not read the rules:
    {"text": "This work was supported by ...",
     "where": "acknowledgments_section|funding_section|thesis_acknowledgments|first_page_footnote",
     "funders": [{"name": "National Science Foundation (NSF)", "sector": "government", "country": "US"}, ...]}
A statement is read as the pipeline reads a block of that place: an acknowledgments or funding section
whole, a footnote for its funding sentences only. A gold funder is found when a row's printed or matched
name contains it (fuzzy, >= 90) or carries its acronym. Prints precision, recall and F1 of funders, and
the sector and country accuracy of the funders found; -v lists every miss, extra and wrong label.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from rapidfuzz import fuzz

from extractors.attribution import acknowledged_funders, funder_rows
from flows.analysis import load_registry
from models.records import Block, Document

SECTION = {"acknowledgments_section": "acknowledgments", "funding_section": "acknowledgments",
           "thesis_acknowledgments": "acknowledgments", "first_page_footnote": "body"}


def _found(gold: dict, rows: list[dict], used: set[int]) -> int | None:
    name = gold["name"].lower()
    short, acronym = name.split(" (")[0], (name.split(" (")[1].rstrip(")") if " (" in name else None)
    return next((i for i, r in enumerate(rows) if i not in used and (
        fuzz.partial_ratio(short, r["raw"].lower()) >= 90 or fuzz.partial_ratio(short, (r["funder"] or "").lower()) >= 90
        or (acronym and acronym in r["raw"].lower().split()))), None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("statements", type=Path)
    parser.add_argument("--registry", default=str(Path(__file__).parents[1] / ".." / "shared" / "registry"))
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    registry = load_registry(args.registry)
    tp = fp = fn = sector = country = with_country = 0
    for line in args.statements.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        block = Block(page=1, text=record["text"], section=SECTION.get(record["where"], "body"), heading=None,
                      bbox=(0, 0, 0, 0), start=0)
        rows = funder_rows(acknowledged_funders(Document(blocks=[block], n_pages=1)), registry)
        used: set[int] = set()
        for gold in record["funders"]:
            hit = _found(gold, rows, used)
            if hit is None:
                fn += 1
                if args.verbose:
                    print(f"FN {gold['name']} | {record['text'][:140]}")
                continue
            used.add(hit)
            tp += 1
            row = rows[hit]
            sector += row["sector"] == gold["sector"]
            if gold.get("country"):
                with_country += 1
                country += row["country"] == gold["country"]
            if args.verbose and row["sector"] != gold["sector"]:
                print(f"SECTOR {gold['name']}: gold {gold['sector']}, read {row['sector']} ({row['method']})")
            if args.verbose and gold.get("country") and row["country"] != gold["country"]:
                print(f"COUNTRY {gold['name']}: gold {gold['country']}, read {row['country']}")
        for i, row in enumerate(rows):
            if i not in used:
                fp += 1
                if args.verbose:
                    print(f"FP {row['raw']} | {row['sector']} | {record['text'][:120]}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"funders TP {tp} FP {fp} FN {fn}  P {precision:.3f} R {recall:.3f} F1 {f1:.3f}; "
          f"sector {sector}/{tp}; country {country}/{with_country}")


if __name__ == "__main__":
    main()
