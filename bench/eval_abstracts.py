"""Papers judged from their abstract alone, against Peng, Mathur & Narayanan's (2021) labels.

Run on demand:  python bench/eval_abstracts.py [../shared/reference/peng2021/msceleb1m_labeled.csv] [-v]
Peng et al. read each paper to label whether it uses MS-Celeb-1M or a derivative; their CSV keeps
the abstract. The abstracts that name the dataset are judged as citewatch judges a paper known
only by snippets (`analyse_snippets`): real text nobody here wrote the rules from, though an
abstract is only part of the evidence a full text gives. Prints precision and recall of
`uses_dataset`; -v lists the disagreements.
"""
from __future__ import annotations

import argparse
import csv
from collections import Counter
from pathlib import Path

from extractors.nlp import load_pipeline
from extractors.pipeline import analyse_snippets
from models.profile import load_profile

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared/reference/peng2021/msceleb1m_labeled.csv"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("labels", type=Path, nargs="?", default=DEFAULT)
    ap.add_argument("-v", "--verbose", action="store_true", help="list the disagreements")
    args = ap.parse_args()
    profile, nlp = load_profile("ms-celeb-1m"), load_pipeline()
    counts, misses, rows = Counter(), [], 0
    with args.labels.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rows += 1
            result = analyse_snippets([("abstract", row["abstract"])], row["paperId"], profile, nlp,
                                      title=row["title"]) if row["abstract"] else None
            if result is None:
                continue                    # the abstract does not name the dataset
            gold, predicted = row["uses dataset or derivative"] == "1", result.findings[0]["uses_dataset"]
            counts[gold, predicted] += 1
            if gold != predicted:
                misses.append(f"gold {gold!s:5} | {','.join(m['rule'] for m in result.mentions)} | {row['title'][:90]}")
    tp, fp, fn = counts[True, True], counts[False, True], counts[True, False]
    print(f"{rows} labelled papers, {sum(counts.values())} abstracts name the dataset: "
          f"uses P {tp / (tp + fp) if tp + fp else 0:.3f}  R {tp / (tp + fn) if tp + fn else 0:.3f}  "
          f"(tp {tp}, fp {fp}, fn {fn}, tn {counts[False, False]})")
    if args.verbose:
        print("\n".join(misses))


if __name__ == "__main__":
    main()
