"""Own use vs. mention, sentence by sentence, on a labelled set kept outside the repository.

Run on demand:  python bench/eval_sentences.py SET.jsonl [-v]
Each line of SET.jsonl is one real sentence that names the dataset, labelled by a person who has
not read the rules:
    {"sentence": "...",
     "section": "abstract|introduction|related_work|method|experiments|caption|conclusion|unknown|other",
     "heading": "4.1 Implementation Details" or null, "kind": "paper|thesis|report|readme|other",
     "doc": "<document title>", "own_use": true|false}
Each sentence is judged as the pipeline judges a mention in a block of that section (under its
heading, in a document with that title). Prints accuracy and own-use precision/recall, overall and
per kind; -v lists the disagreements with the rules that decided. Where a record also has a
"usage" label (train|finetune|evaluate|pretrained_model|derive), the own-use sentences judged own
are scored on it too: the label is right when it is among the labels the mentions were given.
--restyle also judges every sentence that cites by number again with its citations rewritten
author-year ("[12]" -> "(Guo et al., 2016)") and prints how many decisions change: a rule that
fits one citation style shows up there, whatever the labels say.
"""
from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from extractors.mentions import find_mentions
from extractors.nlp import load_pipeline
from extractors.pipeline import matcher_for
from extractors.text import heading_of
from extractors.usage import USE_THRESHOLD, classify
from models.profile import load_profile
from models.records import Block, Document

# section label -> (Block.section, the heading a paper would print there)
PLACES = {"abstract": ("abstract", "Abstract"), "introduction": ("body", "1 Introduction"),
          "related_work": ("related_work", "2 Related Work"), "method": ("body", "4 Experiments"),
          "experiments": ("body", "4 Experiments"), "other": ("body", None),
          "caption": ("caption", "4 Experiments"), "conclusion": ("body", "6 Conclusion"),
          "unknown": ("body", None)}
PAPER_KINDS = ("paper", "thesis", "report")


def judge(record: dict, profile, nlp) -> tuple[bool, list[str], set[str]]:
    """(own use?, the rules that decided, the own-use labels) for one labelled sentence."""
    section, heading = PLACES.get(record.get("section"), ("body", None))
    if record.get("section") in ("method", "experiments", "conclusion", "unknown", "other") and record.get("heading"):
        heading = record["heading"]         # placed as the extraction places a block under that heading
        kind = heading_of(heading)[0]
        section = kind if kind in ("acknowledgments", "appendix") else section
    text = record["sentence"]
    if section == "caption" and not text[:3].lower() in ("tab", "fig"):
        text = "Table 1: " + text
    block = Block(page=1, text=text, section=section, heading=heading, bbox=(50, 100, 550, 140), start=0)
    document = Document(blocks=[block], n_pages=8, title=record.get("doc"),
                        is_paper=record.get("kind", "paper") in PAPER_KINDS)
    mentions = classify(find_mentions(document, matcher_for(profile), nlp), document, nlp,
                        usages=profile.usages, seed_papers=profile.seed_papers)
    own = [m for m in mentions if m.own and m.confidence >= USE_THRESHOLD]
    return bool(own), [m.rule for m in mentions], {label for m in own for label in m.labels}


NUMERIC = re.compile(r"\[\d{1,3}(?:\s*[,\u2013-]\s*\d{1,3})*\]")
AUTHORS = ("Guo et al., 2016", "Deng et al., 2019", "Cao and Shen, 2018", "Wang et al., 2018")


def author_year(sentence: str) -> str:
    """The sentence with each numeric citation rewritten as an author-year one."""
    names = iter(AUTHORS * 10)
    return NUMERIC.sub(lambda m: f"({next(names)})", sentence)


def scores(counts: Counter) -> str:
    tp, fp, fn, tn = counts[True, True], counts[False, True], counts[True, False], counts[False, False]
    n = tp + fp + fn + tn
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return f"n={n:4d}  accuracy {(tp + tn) / n:.3f}  own-use P {p:.3f}  R {r:.3f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("--dataset", default="ms-celeb-1m")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the disagreements")
    ap.add_argument("--restyle", action="store_true", help="count decisions that change with the citation style")
    args = ap.parse_args()
    profile, nlp = load_profile(args.dataset), load_pipeline()
    overall, by_kind, misses = Counter(), defaultdict(Counter), []
    restyled, changed = 0, []
    labelled, wrong_labels = defaultdict(Counter), []
    for line in args.file.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        predicted, rules, labels = judge(record, profile, nlp)
        key = (bool(record["own_use"]), predicted)
        overall[key] += 1
        by_kind[record.get("kind", "paper")][key] += 1
        if key[0] != key[1]:
            misses.append(f"gold {key[0]!s:5} | {record.get('kind')}/{record.get('section')} | "
                          f"{','.join(rules) or 'no name found'} | {record['sentence'][:160]}")
        if record["own_use"] and predicted and record.get("usage"):
            labelled[record["usage"]][record["usage"] in labels] += 1
            if record["usage"] not in labels:
                wrong_labels.append(f"label {record['usage']} -> {','.join(sorted(labels))} | {','.join(rules)} | "
                                    f"{record['sentence'][:160]}")
        if args.restyle and NUMERIC.search(record["sentence"]):
            restyled += 1
            other = {**record, "sentence": author_year(record["sentence"])}
            again, other_rules, _ = judge(other, profile, nlp)
            if again != predicted:
                changed.append(f"{predicted!s:5} -> {again!s:5} | {','.join(rules)} -> {','.join(other_rules)} | "
                               f"{other['sentence'][:160]}")
    print(f"all     {scores(overall)}")
    for kind, counts in sorted(by_kind.items()):
        print(f"{kind:7} {scores(counts)}")
    if labelled:
        right = sum(c[True] for c in labelled.values())
        print(f"usage   {right} of {sum(sum(c.values()) for c in labelled.values())} own-use sentences judged own have "
              "their label: " + ", ".join(f"{label} {c[True]}/{c[True] + c[False]}" for label, c in sorted(labelled.items())))
    if args.restyle:
        print(f"citation style: {len(changed)} of {restyled} decisions change when numeric citations are "
              "rewritten author-year")
    if args.verbose:
        print("\n".join(misses + changed + wrong_labels))


if __name__ == "__main__":
    main()
