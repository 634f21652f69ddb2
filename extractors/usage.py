"""Decide, for each mention, whether it is the authors' own use of the dataset and what for.

Rules, not a model: every decision names the rule that made it, so a watchdog can audit and quote
it. The questions, in order:
1. Where is it? In the reference list it is a citation (`reference_only`).
2. Whose use is it? Other people's ("et al.", "[12] trained on", "previous methods", related
   work, surveys, numbers copied from others) is `related_work`; the authors' own needs first
   person ("we train on", "our MS1MV2"), a proposal ("the proposed MS1MV2"), or a passive
   statement in the paper's own experiments ("MS-Celeb-1M is used for training").
3. What for? `derive` > `finetune` > `pretrained_model` > `train` > `evaluate`, from verbs
   around the name. A sentence may support several labels; `usage` is the strongest.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.mentions import Hit
from extractors.tei import cites_seed
from models.records import OWN_USAGES, Block, Document, Evidence, Finding, Mention

_I = re.I

FIRST_PERSON = re.compile(r"\b(we|our|ours|us)\b", _I)
# "we ... use/train/employ ..." or "our <dataset>" / "our ... training (set|data)"
STRONG_OWN = re.compile(
    r"\bwe\b[^.;]{0,60}?\b(use[sd]?|utili[sz]e[sd]?|employ(ed)?|adopt(ed)?|train(ed)?|re-?train(ed)?|pre-?train(ed)?|"
    r"fine-?tune[sd]?|evaluate[sd]?|test(ed)?|conduct(ed)?|choose|chose|select(ed)?|experiment(ed)?|report(ed)?|"
    r"verify|verified|clean(ed)?|construct(ed)?|buil[dt]|remove[sd]?|filter(ed)?|collect(ed)?|obtain(ed)?|"
    r"introduce[sd]?|deploy(ed)?|extract(ed)?|apply|applied|mix|refer)\b"
    r"|\bour\b[^.;]{0,40}?\b(training|train|dataset|data|base|model|models|network|solution|method|experiments?|results?|clean)\b"
    r"|\bthe proposed\b",
    _I,
)
OTHERS = re.compile(
    r"\bet al\b|\b(they|their|them)\b"
    r"|\b(previous|prior|existing|other|recent|many|most|several|some|popular|competing|compared)\s+(\w+\s+){0,2}"
    r"(works?|methods?|approaches|studies|papers|models|algorithms|competitors|researchers|systems)\b"
    r"|\bcompetitors?\b|\bproposed by\b|\bwas proposed\b|\breported (by|in)\b|\b(is|are) reported\b"
    r"|\[\d+(?:[,\u2013-]\s*\d+)*\],?\s+(which\s+)?(use[sd]?|train(ed)?|adopt(ed)?|employ(ed)?|propose[sd]?|clean(ed)?)\b"
    r"|\b(which|who)\s+(use[sd]?|adopt|employ|train)\b|\bwhile our\b|\bwhereas\b|\bunlike\b|\bcompared to\b",
    _I,
)
SURVEY_TITLE = re.compile(r"\b(survey|review|overview|tutorial)\b", _I)
EXPERIMENT_HEADING = re.compile(
    r"implementation|experiment|setting|setup|dataset|data\b|training|evaluation|result|benchmark|protocol|"
    r"comparison|ablation|analysis|challenge|approach|method", _I)

LABEL_CUES: dict[str, re.Pattern[str]] = {
    "finetune": re.compile(r"\bfine-?tun\w*", _I),
    "pretrained_model": re.compile(
        r"\b(pre-?trained (models?|networks?|weights)|(models?|networks?|weights) (pre-?)?trained on|"
        r"(is|are|were|was|been|all) pre-?trained on|checkpoints?|off-the-shelf|model zoo|repository|"
        r"publicly available models?|released models?)\b", _I),
    "train": re.compile(
        r"\b(train(s|ed|ing)?|re-?train(ed)?|pre-?train(ed)?|learn(ed|t)? (on|from)|from scratch|base dataset)\b", _I),
    "evaluate": re.compile(
        r"\b(evaluat\w+|test(ed|ing)? (on|set|data)|testing|test set|benchmark\w*|validation set|verify|verified|"
        r"challenge\w*|leaderboard|results? on|performance on|accuracy on)\b", _I),
}
# Deriving needs the authors as the actors: "we removed ...", "our clean list", "the proposed MS1MV2".
DERIVE = re.compile(
    r"\b(we|our)\b[^.;]{0,60}?\b(clean\w*|refin\w*|filter\w*|remov\w*|construct\w*|build\w*|built|collect\w*|"
    r"synthe\w+|generat\w+|re-?label\w*|annotat\w+|release\w*|select\w*|extend\w*)"
    r"|\b(clean\w*|refin\w*|filter\w*|remov\w*|construct\w*|collect\w*|annotat\w+)\b[^.;]{0,40}?\b(by us|ourselves)\b"
    r"|\b(the proposed|our own|our clean|will release)\b", _I)
# "<Model> trained on <dataset>" right before the name: someone's model, used as is.
# The model is a name like ArcFace, VGGFace2, ResNet-50 (a capital inside, a digit or a hyphen),
# or a noun standing for one ("one trained on MS1MV2"), never a word like "After".
MODEL_TRAINED_ON = re.compile(
    r"\b([A-Z][a-z]*[A-Z0-9-][\w-]*|[A-Z]{2,}[\w-]*|one|model|models|network|networks|instance|version|weights)"
    r"(?:\s*\[[\d,\s]+\])?\s+(?:model\s+|network\s+)?(?:is\s+|was\s+)?(?:pre-?)?trained\s+"
    r"(?:on|with)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$")
WE_TRAIN = re.compile(r"\bwe\s+(also\s+|first\s+|then\s+|further\s+)?(re-?|pre-?)?train", _I)
CLAUSE_BREAK = re.compile(r"[;,]|\band\b|\bwhile\b|\bbut\b|\bwhereas\b|\bthen\b", _I)
PRIORITY = ("derive", "finetune", "pretrained_model", "train", "evaluate")


@dataclass(frozen=True)
class Judgement:
    usage: str
    labels: tuple[str, ...]
    own: bool
    confidence: float
    rule: str


def judge(hit: Hit, document: Document, caption: str | None = None) -> Judgement:
    """The usage of one mention, with the rule that decided it."""
    block, sentence = hit.block, hit.sentence
    if block.section == "references":
        return Judgement("reference_only", (), False, 0.95, "in_reference_list")
    if not document.is_paper:
        return Judgement("related_work", (), False, 0.6, "not_a_paper")
    if document.title and SURVEY_TITLE.search(document.title):
        return Judgement("related_work", (), False, 0.7, "survey_paper")
    if block.section == "table":
        return _judge_table(hit, caption)

    labels = _labels(hit, document)
    strong = bool(STRONG_OWN.search(sentence))
    others = bool(OTHERS.search(sentence))
    first_person = bool(FIRST_PERSON.search(sentence))
    in_experiments = bool(block.heading and EXPERIMENT_HEADING.search(block.heading))
    if block.section == "related_work" and not strong:
        return Judgement("related_work", (), False, 0.8, "related_work_section")
    if others and not (strong and first_person and not _others_subject(sentence)):
        return Judgement("related_work", (), False, 0.75, "others_use")
    if labels and strong:
        return Judgement(labels[0], labels, True, 0.9, "own_use_first_person")
    if labels and first_person:
        return Judgement(labels[0], labels, True, 0.75, "own_use_context")
    if labels and (in_experiments or block.section == "caption"):
        return Judgement(labels[0], labels, True, 0.6, "use_in_experiments")
    if "pretrained_model" in labels and MODEL_TRAINED_ON.search(sentence[:hit.offset]):
        return Judgement("pretrained_model", labels, True, 0.6, "model_trained_on")
    return Judgement("related_work", (), False, 0.4, "mention_only")


def _others_subject(sentence: str) -> bool:
    """Contrast with others ("it uses X, while our method uses only Y"): the name is theirs."""
    return bool(re.search(r"\b(while|whereas) (our|we)\b|\bcompared to\b|\bunlike\b", sentence, _I))


def _labels(hit: Hit, document: Document) -> tuple[str, ...]:
    """What the name is used for: cues in its own clause, else the nearest cue in the sentence."""
    sentence, offset = hit.sentence, hit.offset
    cues = [(label, m.start()) for label, pattern in LABEL_CUES.items() for m in pattern.finditer(sentence)]
    lo, hi = _clause(sentence, offset, offset + len(hit.surface))
    found = {label for label, at in cues if lo <= at < hi}
    if not found and cues:
        found = {min(cues, key=lambda c: abs(c[1] - offset))[0]}
    if "pretrained_model" in found:
        if WE_TRAIN.search(sentence):       # "we pre-train our model on X": the authors train on X
            found.discard("pretrained_model")
            found.add("train")
        else:                               # "models pre-trained on X": used, not trained, here
            found.discard("train")
    model = MODEL_TRAINED_ON.search(sentence[:offset])
    if model:
        own_model = model.group(1).lower() in _title_words(document)
        found -= {"train", "pretrained_model"}
        found.add("train" if own_model else "pretrained_model")
    if DERIVE.search(sentence):
        found.add("derive")
    return tuple(label for label in PRIORITY if label in found)


def _clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    breaks = [m.start() for m in CLAUSE_BREAK.finditer(sentence)]
    lo = max([b for b in breaks if b < start], default=0)
    hi = min([b for b in breaks if b >= end], default=len(sentence))
    return lo, hi


def _title_words(document: Document) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z][\w-]{3,}", document.title or "")}


COMPARISON = re.compile(r"\b(compar\w*|state[- ]of[- ]the[- ]art|sota|previous|prior|existing|reported|"
                        r"other methods|published)\b", _I)


def _judge_table(hit: Hit, caption: str | None) -> Judgement:
    """A name in a table is use when the caption says the table lists the training data, and the
    table does not compare with others' methods (whose rows name *their* training data)."""
    if caption and LABEL_CUES["train"].search(caption) and not COMPARISON.search(caption):
        return Judgement("train", ("train",), True, 0.55, "table_training_data")
    return Judgement("related_work", (), False, 0.4, "table_cell")


def caption_for(block: Block, document: Document) -> str | None:
    """The caption of the table a cell belongs to: the nearest caption on the same page."""
    captions = [b for b in document.blocks if b.page == block.page and b.section == "caption"
                and re.match(r"(?i)tab", b.text)]
    if not captions:
        return None
    return min(captions, key=lambda c: abs(c.bbox[1] - block.bbox[1])).text


def classify(hits: list[Hit], document: Document, citing: frozenset[str] = frozenset()) -> list[Mention]:
    """Hits -> Mention records with usage, confidence and the rule that decided.

    `citing` holds the sentences GROBID links to a seed paper's reference: own use stated in a
    sentence that cites the dataset's paper is surer (+0.1, rule suffix `+seed_citation`).
    """
    mentions = []
    for hit in hits:
        caption = caption_for(hit.block, document) if hit.block.section == "table" else None
        j = judge(hit, document, caption)
        if j.own and citing and cites_seed(hit.sentence, citing):
            j = Judgement(j.usage, j.labels, True, min(0.95, j.confidence + 0.1), j.rule + "+seed_citation")
        mentions.append(Mention(
            variant=hit.variant, surface=hit.surface, page=hit.block.page, section=hit.block.section,
            heading=hit.block.heading, sentence=hit.sentence, char_start=hit.char_start, char_end=hit.char_end,
            usage=j.usage, labels=j.labels, confidence=j.confidence, own=j.own, rule=j.rule,
        ))
    return mentions


USE_THRESHOLD = 0.5


def _paper_labels(own: list[Mention]) -> set[str]:
    """Own-use labels of the paper. A variant the authors train on or derive themselves, in their
    own words, is not also a "pretrained model" where they later call the result pre-trained."""
    labels = {label for m in own for label in m.labels}
    trained = {m.variant for m in own if m.rule.startswith("own_use_first_person") and {"train", "derive"} & set(m.labels)}
    if "pretrained_model" in labels and not any("pretrained_model" in m.labels and m.variant not in trained for m in own):
        labels.discard("pretrained_model")
    return labels


def summarise(mentions: list[Mention], document: Document, withdrawn_year: int | None) -> Finding:
    """Paper-level verdict: the paper uses the dataset when one of its own mentions says so."""
    own = [m for m in mentions if m.own and m.confidence >= USE_THRESHOLD]
    uses = bool(own) and document.is_paper
    if uses:
        usage = sorted(_paper_labels(own), key=PRIORITY.index)
        evidence_from = sorted(own, key=lambda m: -m.confidence)
    else:
        kinds = {m.usage for m in mentions}
        usage = ["related_work"] if "related_work" in kinds or (kinds and not document.is_paper) else sorted(kinds)[:1]
        evidence_from = mentions
    seen: set[str] = set()
    evidence = []
    for m in evidence_from:
        if m.sentence not in seen and len(evidence) < 5:
            seen.add(m.sentence)
            evidence.append(Evidence(page=m.page, quote=m.sentence[:300], label=m.usage))
    variants = sorted({m.variant for m in mentions})
    post = None
    if document.year and withdrawn_year:
        post = uses and document.year > withdrawn_year if document.year != withdrawn_year or not uses else None
    return Finding(uses_dataset=uses, usage=usage, variants=variants, evidence=evidence, post_retraction=post)


assert set(PRIORITY) == set(OWN_USAGES)
