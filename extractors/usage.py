"""Decide, for each mention, whether it is the authors' own use of the dataset and what for.

Rules, not a model: every decision names the rule that made it (`Mention.rule`) and the words
that decided it (`Mention.clause`), so a watchdog can audit and quote it. The questions, in order:
1. Where is it? In the reference list it is a citation (`reference_only`); in a table it is use
   only when the caption says the table lists training data.
2. Whose use is it? Read from the sentence's structure (extractors.reading), with citations
   neutralised whatever their style (extractors.citations): the authors ("we pretrain on X"),
   the paper's pipeline ("both backbones are pre-trained on X"), a released model the authors
   take ("we adopt the model of [3], trained on X"), other people ("[12] trained on X",
   "Guo et al. (2016) used X", "ArcFace uses X"), a comparison or concession ("although method
   Y uses X ..."), or nobody: a passive statement, which is the authors' own in the method and
   experiments, not in the introduction or related work.
3. What for? `derive` > `finetune` > `pretrained_model` > `train` > `evaluate`, from verbs
   around the name. A sentence may support several labels; `usage` is the strongest.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from itertools import islice

from spacy.language import Language

from extractors.citations import find_citations, neutralise, without_citations
from extractors.mentions import Hit
from extractors.nlp import can_parse, parse
from extractors.reading import (DATA_ITEMS, DESCRIPTIONS, SUBSTITUTIONS, TAKES, TRANSFORMS, Reading, read,
                                read_without_parser)
from extractors.tei import cites_seed
from extractors.text import BACK_MATTER_HEADING, CONTRIBUTIONS_HEADING, in_other_script, run_in_heading
from models.records import OWN_USAGES, Block, Document, Evidence, Finding, Mention

_I = re.I

# "A Survey of ...", "Face Recognition: An Overview", "Review of ..."; not "Codebase Overview". Notes
# on someone else's paper ("[Paper Note] ...", "Paper review: ...", "Reading notes: ...") retell its work
# (not "Exam Paper Review System").
SURVEY_TITLE = re.compile(r"\b(survey|tutorial)\b|\b(an?|the)\s+(?:[\w-]+\s+){0,2}(review|overview)\b|"
                          r"\b(review|overview)\s+(of|on)\b|\bliterature\s+review\b|"
                          r"^\W*(?:paper\s+(?:notes?|summary|summaries|review|reading)|reading\s+notes?)\b", _I)
# A thesis names its author in the third person ("the researcher", "the proponents"); in its literature
# review the same words name the authors of the study reviewed.
REVIEWED_AUTHORS = re.compile(r"\bthe\s+(?:researchers?|proponents|writers?|authors?)\b", _I)
# Headings of the parts that frame the work rather than do it: a passive statement there is about
# the field ("X is widely used to train ..."), not the authors' own pipeline. Conclusions and
# limitations sum up the authors' own work, so they are not framing (nor is "Conclusion and Future Work").
FRAMING_HEADING = re.compile(
    r"^(?!.*conclu)(?:.*(?:introduction|background|related|literature|prior work|previous work|preliminar|motivation|"
    r"future work|ethic|broader impact|societal|state of the art))", _I)
# Verbs that, said of the dataset, are a use of it even without a label cue ("we adopt X").
USE_VERB = re.compile(       # (and their "re-" forms: realign, reuse)
    r"^(?:re)?(use|employ|adopt|utili[sz]e|choose|select|take|leverage|exploit|apply|experiment|conduct|rely|"
    r"collect|download|fetch|unpack|unzip|load|install|obtain|combine|merge|mix|add|include|prepare|process|align|crop|preprocess|clean|"
    r"de-?duplicate|warm|audit|refine|filter|remove|construct|build|(pre|re|fine)?train|finetune|tune|evaluate|test|validate|"
    r"benchmark|learn|initiali[sz]e|feed|sample|augment|extract|generate|compute|encode|embed|run|perform|pick|opt|consider|involve|start|"
    r"optimi[sz]e|base|distil+|measure|assess|quantify|analy[sz]e|serve|rely|carry|host|upload)$", _I)
SET_UP = re.compile(r"\bset(?:s|ting)?\s+up\b", _I)      # "we set up X on the cluster" (not "set X aside")
# The name after a substitution verb's "to"/"with"/"by" is what was put in ("switched from A to X");
# its object is what was taken out ("we replace X with VGGFace2").
SWAPPED_IN = re.compile(r"\b(?:to|with|by|into)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", _I)
# Numbers or settings taken from other papers: their training data, not the authors'.
REPORTED = re.compile(r"\b(reported (in|by)(?! (this|the present|our|table|tab\.|fig\.|figure|section|sec\.|appendix)\b)|as reported|as published|copied from|quoted from|borrowed from|"
                      r"taken from(?= (\[|\(|(the )?(original|cited|respective|corresponding|published) |their |"
                      r"[A-Z]\w+ et al|the literature|(prior|previous) work))|"
                      r"(in|from) (the|their) original (papers?|works?|publications?))\b", _I)
# What a trained model is called where it is handed over: released, taken, shown in a table
_MODEL_NOUNS = r"(?:models?|networks?|backbones?|encoders?|recogni[sz]ers?|weights|checkpoints?)"
QUOTING = {"report", "copy", "quote", "cite", "borrow", "take", "list", "include"}      # "we report X results as published"
REMARKING = {"comment", "elaborate", "reflect", "remark", "dwell", "touch", "expand", "agree", "disagree", "insist",
             "focus", "present", "concentrate", "center", "centre"}     # (a paper about the dataset: "we focus on X")
# ... unless what was taken is a model: "the pretrained weights are taken from the official repository"
# (not "results of models trained on X are copied from their papers"); "both taken from the official release"
TAKEN_MODEL = re.compile(r"^(?:(?!\b(?:results?|numbers|scores|values|accurac(?:y|ies))\b)[^.;])*?"
                         r"\b" + _MODEL_NOUNS + r"\b(?:(?!\band\b)[^.;,]){0,30}?\b(is|are|was|"
                         r"were)\s+(taken|copied|borrowed|downloaded) from\b|\b(taken|downloaded|obtained) from (the )?"
                         r"(official|public|released?) (release|repositor\w+|implementation|checkpoints?|weights|model zoo)", _I)
# The dataset's history, not its use: "X was taken down in 2019".
WITHDRAWN = re.compile(r"\b(withdr[ae]wn?|withdrawal|take-?down|taken (down|offline)|retracted|"
                       r"no longer (?:\w+ly )?(available|distributed|accessible|hosted|shared)|"
                       r"removed from (the web|public access|(its|the) (official )?web ?site))\b", _I)
# The name inside words quoted from someone: an opening quote after a reporting verb, not closed
QUOTED = re.compile(r"\b(states?|stated|says?|said|writes?|wrote|reads?|claims?|claimed|notes?|noted|declares?|"
                    r"declared)\s*:?\s*[\"'\u201c\u2018][^\"'\u201d\u2019]*$", _I)
# "we test the trained model on X": the participle says which model, not what it was trained on
ATTRIBUTIVE_TRAINED = re.compile(r"\b(?:the|our|my|this|these|those|each|all|both)\s+(?:(?:pre-?|re-?)?trained|"
                                 r"fine-?tuned)\s+(?:[\w-]+\s+){0,2}?" + _MODEL_NOUNS + r"\b", _I)
# A purpose denied in its own phrase is no purpose: "not used for fine-tuning, only for pre-training"
# ("identities excluded from training": no training on them)
NEGATED_CUE = re.compile(r"\b(not|never|no|without|(?:excluded|held[\s-]out|withheld|absent|disjoint) from|"
                         r"unseen (?:in|during|at))\b", _I)
CUE_SCOPE = re.compile(r"[,;:()]|\b(?:but|only|instead|rather|whereas|while)\b", _I)
# "collected independently of X": nothing taken from it
NOT_FROM = re.compile(r"\b(independently|separately|regardless|irrespective)\s+(of|from)\s+(the\s+)?$", _I)
# The write-up's own release: "Code and models trained on X are publicly available at <url>"
OWN_RELEASE = re.compile(r"\b(our )?code\b[^.;]{0,60}\b" + _MODEL_NOUNS + r"\b[^.;]{0,80}\b(are|is|will be) "
                         r"(made )?(publicly |freely )?(available|released)\b", _I)
OVERVIEWS = {"review", "survey", "discuss", "describe", "summarise", "summarize", "overview", "list", "cite",
             "mention", "outline"}
# The document sends its reader elsewhere: "we refer (the interested) readers to [12] for ..."
POINTER = re.compile(r"\b(?:refer|point|direct)\w*\s+(?:the\s+)?(?:interested\s+)?readers?\b", _I)
# Work not done in this paper: "in future work we plan to train on X", "a natural extension would
# be ...", "left for a follow-up study", "outside the scope of this report".
FUTURE_WORK = re.compile(r"\b(future (work|research|stud(y|ies)|directions?|versions?)|in (the )?future|follow-?up "
                         r"(work|stud(y|ies)|paper|deployment|version|project)|(outside|beyond) (of )?the scope|"
                         r"natural (continuation|extension)|left (for|as) (future|later))\b", _I)
# The key of a "key: value" line of a system's description that names what it runs on or with.
SPEC_KEY = re.compile(r"\b(models?|backbones?|networks?|encoders?|extractors?|embedders?|recogni[sz]ers?|weights|"
                      r"checkpoints?|pre-?train\w*|train\w*|data(sets?)?|databases?|corpus|results|evaluation|"
                      r"benchmarks?|accuracy|performance)(?:\s+(?:used|employed|adopted))?$", _I)   # ("Dataset used:")
# A spec line's key that names a model, not data: "Model: ArcFace R100 (trained on X)" is a model taken as it is
MODEL_KEY = re.compile(r"^(?!.*\b(?:train\w*|data\w*|databases?|corpus)\b).*\b(models?|backbones?|networks?|encoders?|"
                       r"extractors?|embedders?|recogni[sz]ers?|weights|checkpoints?)\b", _I)
OTHERS_KEY = re.compile(r"\b(related|other|existing|public|popular|common|alternative|previous|prior|similar|"
                        r"candidate|possible|available|example|typical|well-known|famous|most|largest|biggest|"
                        r"competing|compared|comparison|baseline|state[- ]of[- ]the[- ]art|sota)\b", _I)
# A dataset described ("X is a dataset of 10M images") under a heading about the data the paper
# trains or tests on is the data used: "4.1 Datasets", "Training data", "Evaluation benchmarks".
DATA_HEADING = re.compile(r"data|train|test|benchmark|evaluat", _I)
EXPERIMENTS_HEADING = re.compile(r"experiment|implementation|(?<!problem )(?:setup|settings)", _I)
# A description set against something else ("X is larger than ours, but its labels are noisier"), or
# of its use by others ("the most widely used training set, adopted by [5]")
CONTRASTED = re.compile(r"\b(?:\w+er|more|less|fewer)\s+(?:\w+\s+)?than\b|(?:^|[,;]\s*)(?:but|however|whereas|unlike|although|"
                        r"though|instead|rather)\b|\b(?:but|whereas|unlike)\s+(?:we|our)\b|\b(?:adopted|used)\s+by\s+"
                        r"(?:\[|[A-Z]|prior|previous|other|many|most)|\b(?:prior|previous|other)\s+(?:works?|methods|studies)\b",
                        _I)
EVALUATE_VERB = re.compile(r"^(evaluate|test|validate|benchmark|report|measure|assess|verify|quantify|analy[sz]e|audit|"
                           r"estimate|inspect|examine)$", _I)
# "a deep CNN is trained on X" in an introduction is about such systems, not the authors' pipeline
INDEFINITE = re.compile(r"(?:a|an|any|some)\b", _I)
# Placeholder the judged name becomes for the parser: one capitalised token, read as a proper noun.
NAME_TOKEN = "MSCeleb"

LABEL_CUES: dict[str, re.Pattern[str]] = {
    "finetune": re.compile(r"\bfine-?tun\w*", _I),
    "pretrained_model": re.compile(
        r"\b(pre-?trained\s+(?:[\w-]+\s+){0,2}(models?|networks?|weights|checkpoints?|backbones?|encoders?|"
        r"extractors?)|(models?|networks?|weights) (pre-?)?trained on|pre-?trained (on|with|using)|checkpoints?|"
        r"off-the-shelf|model zoo|(?:models?|weights|checkpoints?)\s+(?:[\w-]+\s+){0,4}repository|publicly available models?|released (?:[\w-]+ )?(models?|weights))\b", _I),
    "train": re.compile(
        r"\b(train(s|ed|ing)?|re-?train(s|ed|ing)?|pre-?train(s|ed|ing)?|learn(ed|t)? (on|from)|from scratch|"
        r"base dataset|warm(ed|ing)?[- ]up)\b", _I),
    "evaluate": re.compile(
        r"\b(experiments? on|evaluat\w+|audit(ed|ing)?|test(ed|ing)? (on|sets?|data|pairs|splits?|images|protocols?)|"
        r"testing|to test|test set|benchmark\w*|validation set|verify|verified|"
        r"challenge\w*|leaderboard|as\b[^,;.]{0,25}\b(impostors?|probes?)|galler(y|ies)|distractors?|"
        r"t-?SNE|visuali[sz]\w*|(?:(?:extract|comput|generat)\w*\s+(?:[\w-]+\s+){0,3}(?:embeddings?|features?)|"
        r"(?:embeddings?|features?)\s+(?:extracted|computed|generated))(?:\s+[\w-]+){0,4}?\s+from\b|"
        r"(observed|obtained|achieved|measured) on|"
        r"analy[sz]ed (in|during)|"
        r"compar(e|es|ed|ing)\b(?:(?!\b(?:trained|with|published|prior|previous|existing|reported)\b)[^.;:]){0,60}"
        r"\b(on|across)|"
        r"(accuracy|accuracies|performance|results?|scores?|top-[15]|rank-1)\b(?:(?!\b(?:trained|with)\b)[^.;:]){0,50}"
        r"\bon|(top-[15]|rank-1|accuracy)\s+in(?=\s+(the\s+)?(?-i:[A-Z])))\b", _I),
}
# The name is the authors' own dataset: "the proposed MS1MV2", "our clean MS-Celeb-1M".
OWN_NAME = re.compile(r"\b(the proposed|our own|our clean(ed)?|our refined|our (?:(?:new|clean(?:ed)?|refined|curated|"
                      r"filtered)\s+)?(?:list|version|subset|split|dataset|benchmark|set),)\s+$", _I)
# "our C-MS-Celeb is the largest clean dataset", "our MS1M-Clean dataset contains ...": the authors'
# own dataset presented, not a use statement about someone's
OUR_NAME = re.compile(r"\bour\s+(?:new\s+)?$", _I)
PRESENTED = re.compile(r"^\W*(?:dataset|database|benchmark|corpus|training set)?\s*(?:is|contains|consists|has|"
                       r"includes|comprises|provides)\b", _I)
# Words that say a model came trained from elsewhere, and details only the trainer gives.
PRETRAINED_WORDS = re.compile(r"\b(pre-?trained|checkpoints?|off-the-shelf|model zoo|publicly available|released|"
                              r"provided by|downloaded)\b", _I)
NAMED_MODEL = re.compile(r"[A-Z][a-z]+[A-Z][\w-]*")        # "FaceNet", "ArcFace": someone's model, by name
MODEL_PAREN = re.compile(r"\b(" + _MODEL_NOUNS + r"|[A-Z][\w-]*\d[\w-]*|" + NAMED_MODEL.pattern + r")\s*\(\s*$")
# The name inside a part's parenthetical spec: "the feature extractor (ResNet-100, MS1MV2)", "a frozen
# backbone (IResNet-50 / X)": the data the part was trained on, the part taken as it is.
PART_SPEC = re.compile(r"\b(?:" + _MODEL_NOUNS + r"|extractors?|teachers?|matchers?)\s*\([^()]{0,40}$", _I)
# "an MS1M-pretrained ResNet-100", "ArcFace embeddings (MS1MV2-trained)": the name in a compound
# adjective says what a model was trained on, not what the sentence trains ("our X-trained model" does)
NAME_TRAINED = re.compile(r"-(?:pre-?)?trained\b", _I)
PRETRAINED_ON = re.compile(r"\bpre-?trained\s+(on|with|using)\s+(?:\w+\s+){0,3}$", _I)
TRAINING_DETAILS = re.compile(r"\b(epochs?|iterations|GPUs?|batch size|learning rate|from scratch)\b", _I)
CLAUSE_BREAK = re.compile(r"[;,]|\band\b|\bwhile\b|\bbut\b|\bwhereas\b|\bthen\b", _I)
PRIORITY = ("derive", "finetune", "pretrained_model", "train", "evaluate")


@dataclass(frozen=True)
class Judgement:
    usage: str
    labels: tuple[str, ...]
    own: bool
    confidence: float
    rule: str
    clause: str = ""


def _not_own(rule: str, confidence: float, clause: str = "") -> Judgement:
    return Judgement("related_work", (), False, confidence, rule, clause)


def judge(hit: Hit, document: Document, reading: Reading | None, caption: str | None = None,
          default: str = "train") -> Judgement:
    """The usage of one mention, with the rule that decided. `reading` is the sentence read
    around the name (None where no reading is needed: references, tables)."""
    block = hit.block
    if block.section == "references":
        return Judgement("reference_only", (), False, 0.95, "in_reference_list")
    if block.section == "contents":          # "4.2 Training on X ........ 33": the chapter says it, if anything
        return _not_own("table_of_contents", 0.6)
    if document.title and SURVEY_TITLE.search(document.title):
        return _not_own("survey_paper", 0.7)
    if _in_link(hit):                          # ".../ms-celeb-1m-challenge/": an address, not a statement
        return _not_own("in_link", 0.6, hit.surface)
    if in_other_script(hit.sentence):          # "MS-Celeb-1M 是目前最大的 ...": not read
        return _not_own("other_language", 0.4, hit.surface)
    if block.section == "table" or reading is None:
        return _judge_table(hit, caption)
    r, clause = reading, reading.clause
    if block.heading and CONTRIBUTIONS_HEADING.match(block.heading) and r.actor != "others":
        r = replace(r, actor="own", released_model=False)   # "R.V. trained the models": an author
    if QUOTED.search(hit.sentence[:hit.offset]):          # 'its README states "we use X for training"'
        return _not_own("quoted", 0.7, clause)
    if r.negated or NOT_FROM.search(hit.sentence[:hit.offset]):
        return _not_own("negated", 0.7, clause)
    if r.unrealised:
        return _not_own("unrealised", 0.65, clause)
    if r.actor == "own" and _one_of_examples(hit):     # "we will use a larger dataset (e.g., A or X)": a candidate
        return _not_own("example_candidate", 0.6, clause)
    if OWN_NAME.search(hit.sentence[:hit.offset]) or (       # "the proposed MS1MV2": the authors made it
            OUR_NAME.search(hit.sentence[:hit.offset]) and PRESENTED.match(hit.sentence[hit.offset + len(hit.surface):])):
        return Judgement("derive", ("derive",), True, 0.85, "own_dataset_name", clause)
    if r.contrast or _surface_contrast(hit):
        return _not_own("comparison", 0.75, clause)
    if r.actor == "others":
        return _not_own("others_use", 0.8, clause)
    if (r.actor == "pipeline" and r.verb in OVERVIEWS) or (
            r.verb in ("refer", "point", "direct") and POINTER.search(hit.sentence)):
        # "Section 2.3 reviews the common training sets, including X"; "we refer readers to [12] for X"
        return _not_own("document_overview", 0.7, clause)
    if (r.actor != "own" or r.trial or r.verb in QUOTING) and REPORTED.search(hit.sentence) \
            and not TAKEN_MODEL.search(without_citations(hit.sentence)):
        return _not_own("reported_results", 0.75, clause)
    if r.actor != "own" and (WITHDRAWN.search(r.clause) or (not USE_VERB.match(r.verb) or r.passive)
                             and WITHDRAWN.search(_without_apposition(hit) if r.passive and r.trained_on
                                                  else hit.sentence)):
        return _not_own("withdrawal_statement", 0.7, clause)
    if OWN_RELEASE.search(hit.sentence) and r.trained_on:
        return Judgement("train", ("train",), True, 0.8, "own_release", clause)
    if r.generic and (r.actor != "own" or r.told) and not r.self_reference and not (
            r.trained_on and block.section == "caption" and _place(block, document) == "caption"
            and not COMPARISON.search(block.text)):     # a table of "models trained on X": the paper's own runs
        return _not_own("generic_statement", 0.7, clause)
    if FUTURE_WORK.search(_piece(hit.sentence, hit.offset)):
        return _not_own("future_work", 0.7, clause)
    if block.section == "related_work" and (r.actor != "own" or r.trial or r.told or REVIEWED_AUTHORS.search(clause)):
        return _not_own("related_work_section", 0.8, clause)    # experiments there, and "the researcher", are others'
    place = _place(block, document)
    if r.told and place == "framing":      # "Put it this way: ...", "ArcFace: Uses X" in an introduction
        return _not_own("framing_statement", 0.45, clause)
    labels = _labels(hit, r, default)
    run_in = _run_in(block)
    heading = " ".join(filter(None, (block.heading, run_in)))
    if (r.described or not labels and r.actor == "impersonal" and r.verb in DESCRIPTIONS) and place == "method" \
            and DATA_HEADING.search(heading) and document.is_paper:     # (notes list datasets under such headings)
        # the heading says what for ("Test sets", "Training data"); else what the dataset is for
        labels = ("evaluate",) if re.search(r"test|benchmark|evaluat", heading, _I) else (
            ("train",) if re.search(r"train", heading, _I) else (default,))
        return Judgement(labels[0], labels, True, 0.6, "dataset_described_in_experiments", clause)
    if r.described and place == "method" and EXPERIMENTS_HEADING.search(block.heading or "") and document.is_paper \
            and not run_in and not COMPARISON.search(hit.sentence) and not CONTRASTED.search(hit.sentence):
        # "X is a large-scale dataset of ..." in the experiments: the data they are run on, less sure
        return Judgement(default, (default,), True, 0.55, "dataset_described_in_experiments_section", clause)
    # "Training Dataset: X", "Model: ArcFace pretrained on X": a line of the write-up's own spec
    key, _ = _item_key(hit)
    spec = bool(key and SPEC_KEY.search(key) and not OTHERS_KEY.search(key) and hit.offset > len(key)
                and place != "framing")
    if spec and not labels:
        labels = ("train",) if re.search(r"train|data", key, _I) else (
            ("evaluate",) if re.search(r"result|evaluat|benchmark|accuracy|performance", key, _I) else (default,))
    elif spec and labels == ("train",) and MODEL_KEY.search(key) and r.actor != "own":
        labels = ("pretrained_model",)      # "Model: InsightFace buffalo_l (trained on X)"
    if r.described:                 # "X has a standard protocol": said of the dataset, wherever it is used
        return _not_own("dataset_description", 0.5, clause)
    if not labels and r.actor == "own" and not r.told and place in ("method", "abstract") \
            and r.verb not in QUOTING | REMARKING and re.search(r"\bon\s+(?:the\s+)?$", hit.sentence[:hit.offset]):
        # "we conduct an ablation by varying ... on the X dataset", "we observe the same trend on X"
        return Judgement("evaluate", ("evaluate",), True, 0.6, "own_work_on", clause)
    if not labels:
        return _not_own("mention_only", 0.4, clause)
    own = functools.partial(Judgement, labels[0], labels, True)
    if r.trial:
        return own(0.8, "own_experiments", clause)
    if r.actor == "own":
        return own(0.7 if block.section == "related_work" else 0.9, "own_use_first_person", clause)
    if r.self_reference:
        return own(0.8, "own_use_this_work", clause)
    if r.actor == "pipeline" and place in ("method", "abstract"):
        return own(0.8, "own_pipeline", clause)
    if r.actor == "pipeline" and place == "framing" and not INDEFINITE.match(clause):
        return own(0.55, "own_pipeline_in_framing", clause)   # "the backbone ...", not "a deep CNN is trained on X"
    if spec:
        return own(0.6, "spec_line", clause)
    if place == "method":
        return own(0.7, "use_in_experiments", clause)
    if place == "caption" and not COMPARISON.search(block.text):
        return own(0.6, "use_in_caption", clause)
    if place == "unplaced" and document.is_paper:      # a write-up's unplaced statement is flagged below
        return own(0.5, "impersonal_unplaced", clause)
    if place == "unplaced":
        return _not_own("impersonal_unplaced", 0.45, clause)
    if place == "abstract":            # an abstract's impersonal sentence alone is not use: flagged
        return _not_own("impersonal_abstract", 0.45, clause)
    return _not_own("framing_statement", 0.45, clause)


# Concessions and contrasts the parser may miss: the name inside an opening "although/while ..."
# clause, or after "in contrast to/unlike/as opposed to" with no first person in between.
LEADING_CONCESSION = re.compile(r"^\W*(although|though|even though|whereas|while(?!\s+\w+ing\b)|unlike|"
                                r"in contrast to|as opposed to|compared (to|with))\b[^,;]*$", _I)
TRAILING_CONTRAST = re.compile(r"\b(in contrast to|as opposed to|unlike|whereas)\b(?:(?!\b(?:we|our|us)\b)[^;])*$", _I)
FIRST_PERSON = re.compile(r"\b(we|our|ours|us)\b", _I)


def _surface_contrast(hit: Hit) -> bool:
    before, after = hit.sentence[:hit.offset], hit.sentence[hit.offset:]
    if LEADING_CONCESSION.search(before):
        rest = after.split(",", 1)[1] if "," in after else ""
        return bool(FIRST_PERSON.search(rest))
    return bool(TRAILING_CONTRAST.search(before) and FIRST_PERSON.search(before))


# Where a list item opens inside a sentence: list items the layout ran together ("... - Loss: ArcFace
# - Training data: X (5.8M images) - Embedding: 512-d")
_ITEM_START = re.compile(r"\s[-\u2022*]\s+(?=[A-Z][\w /&()-]{1,40}?:\s)")


def _item_key(hit: Hit) -> tuple[str | None, int]:
    """The key of the "key: value" line (or run-in heading) the name sits in, and where its value
    starts: the sentence's own, or that of the list item holding the name."""
    sentence = hit.sentence
    starts = [m.end() for m in _ITEM_START.finditer(sentence[:hit.offset])]
    item = starts[-1] if starts else 0
    key = run_in_heading(sentence[item:])
    return key, (item + sentence[item:].index(key) + len(key) + 1) if key else 0


# What the sentence says of the name in passing: "X, a research dataset since withdrawn, ..."
_APPOSITION = re.compile(r"^\s*(?:\[[^\]]*\]|\([^)]*\))?\s*,\s*(?:a|an|the|which|that)\b[^,;:]*")


def _without_apposition(hit: Hit) -> str:
    """The sentence less what an apposition after the name says of the dataset: "the weights were
    trained on X, a dataset since withdrawn" is said of the weights; the withdrawal is X's."""
    end = hit.offset + len(hit.surface)
    rest = _APPOSITION.sub("", hit.sentence[end:])
    if re.search(r"\bnot\s+(?:\w+\s+)?(?:use|used|using|rely|train)\w*|\binstead\b|\bretrain|\breplac|\bdiscard", rest, _I):
        return hit.sentence         # "... trained on X, the withdrawn dataset, so we did not use them"
    return hit.sentence[:end] + rest


def _run_in(block: Block) -> str | None:
    """The paragraph's run-in heading ("Training set. X is ..."), after the section heading the
    layout may print in the same block ("4 Experiments Training set. X is ...")."""
    text = block.text
    if block.heading and text.startswith(block.heading):
        text = text[len(block.heading):].lstrip()
    return run_in_heading(text)


def _place(block: Block, document: Document) -> str:
    """Where a statement without an actor sits: the paper's own work (method), its summary
    (abstract), its framing (introduction, related work), a caption, or unknown. A citation
    context without its paper (Semantic Scholar snippets) could come from anywhere."""
    if document.extractor == "snippets":
        return "abstract" if block.heading == "abstract" else "unplaced"
    if block.section == "caption":
        return "framing" if block.heading and FRAMING_HEADING.search(block.heading) else "caption"
    if block.section in ("abstract", "front"):
        return "abstract"
    if block.section in ("related_work", "acknowledgments") or (block.heading and (
            FRAMING_HEADING.search(block.heading) or BACK_MATTER_HEADING.match(block.heading)
            and not CONTRIBUTIONS_HEADING.match(block.heading))):
        return "framing"       # (what the back matter says impersonally is about the data, not done with it)
    if block.section in ("body", "appendix", "footnote") and block.heading:
        return "method"
    return "unplaced"


def _denied_cue(before: str) -> bool:
    """The words just before a cue (up to 40 characters, never back past the name) deny it."""
    return bool(NEGATED_CUE.search(CUE_SCOPE.split(before)[-1]))


def _foreign_cue(label: str, at: int, hit: Hit, reading: Reading) -> bool:
    """A cue at `at` that speaks of something other than the name: training on another dataset
    ("models trained on CASIA-WebFace are tested on X"), the model a test runs ("we test the trained
    model on X"), or a use denied before a pronoun takes the name up again ("we do not use X for
    training; instead, it serves as distractors")."""
    after_name = hit.offset + len(hit.surface)
    if reading.turned and after_name <= at:
        scope = CUE_SCOPE.search(hit.sentence, after_name)
        return scope is None or at < scope.start()
    if label not in ("train", "finetune", "pretrained_model"):
        return False
    return reading.trained_elsewhere or (bool(EVALUATE_VERB.match(reading.verb)) and any(
        m.start() <= at < m.end() for m in ATTRIBUTIVE_TRAINED.finditer(hit.sentence)))


def _labels(hit: Hit, reading: Reading, default: str) -> tuple[str, ...]:
    """What the name is used for: cues in its own clause, else the nearest cue in the sentence,
    else what the deciding verb says ("we adopt X" is use; its purpose, training, is the default)."""
    sentence, offset = _without_links(hit), hit.offset
    after_name = offset + len(hit.surface)
    cues = [(label, m.start()) for label, pattern in LABEL_CUES.items() for m in pattern.finditer(sentence)
            if not _denied_cue(sentence[max(0, m.start() - 40, after_name if m.start() >= after_name else 0)
                                        :m.start()]) and not _foreign_cue(label, m.start(), hit, reading)]
    lo, hi = _clause(sentence, offset, offset + len(hit.surface))
    found = {label for label, at in cues if lo <= at < hi}
    if not found and cues:
        found = {min(cues, key=lambda c: abs(c[1] - offset))[0]}
    if reading.trained_on and "evaluate" in found and not found & {"train", "pretrained_model", "finetune"}:
        found = (found - {"evaluate"}) | {"train"}     # "experiments of models trained on X, evaluated on Y"
    trains = reading.actor == "own" and not reading.passive and re.match(r"(pre|re)?train", reading.verb)
    # A pre-trained model named anywhere in an impersonal sentence is what the name was used for
    # ("a pre-trained FaceNet model will be used; it was trained on X"); the authors' own
    # sentences say it in the name's clause.
    released = reading.released_model or "pretrained_model" in (
        found if reading.actor == "own" else {label for label, _ in cues})
    if released and not reading.released_model and (reading.actor == "own" or TRAINING_DETAILS.search(sentence)
                                                    or hit.block.section == "caption") \
            and not PRETRAINED_WORDS.search(sentence):
        released = False         # "our models trained on X", "... trained on X for 25 epochs", a table of such models
        found = (found - {"pretrained_model"}) | {"train"}
    if TAKEN_MODEL.search(without_citations(sentence)) or PART_SPEC.search(sentence[:offset]):
        released = True                    # "the backbone on X, both taken from the official release"
    if released and not trains and (found or PART_SPEC.search(sentence[:offset])):
        found = (found - {"train"}) | {"pretrained_model"}     # a model trained on X, taken as is ("pre-trained on X")
        if PRETRAINED_ON.search(sentence[:offset]):   # "fine-tuned from a model pre-trained on X": X pre-trained it
            found.discard("finetune")
    elif trains:                           # "we pre-train our model on X" is training
        found = (found - {"pretrained_model"}) | {"train"}
    if NAME_TRAINED.match(sentence, after_name) and not OUR_NAME.search(sentence[:offset]):
        found = (found - {"train", "finetune"}) | {"pretrained_model"}    # "we fine-tune the X-pretrained ResNet"
    # The authors clean, subsample, build from or introduce it; a sample picked only to test on
    # ("distractors drawn from X", "a gallery of 1,000 identities sampled from X") is evaluation.
    tested_only = reading.picked and found == {"evaluate"}
    if (reading.derived or reading.introduced) and not tested_only:
        if not found and USE_VERB.match(reading.verb) and reading.verb not in TAKES | TRANSFORMS:
            found.add(default)             # "we use a 10% subset of X": made from X, and used
        found.add("derive")
    if not found and reading.trial:        # "validation on X confirms ...": the paper's experiments
        found = {"evaluate"}
    before = without_citations(sentence[:offset])
    paren = MODEL_PAREN.search(before)
    if paren and hit.block.section == "caption":   # "Table 3: Accuracy of quantised IResNet-100 models (X) on LFW";
        found = {"pretrained_model" if NAMED_MODEL.fullmatch(paren.group(1)) else default}   # "FaceNet (X)": released
    elif paren and PRETRAINED_WORDS.search(before):
        found = (found - {"train"}) | {"pretrained_model"}    # "computed with a pretrained ArcFace [8] (X)"
    if not found and reading.data_item and reading.verb not in DESCRIPTIONS:
        # "we assign the identities of X to clients", "masks rendered onto X faces"; "we inspect X images"
        found = {"evaluate" if EVALUATE_VERB.match(reading.verb) else default}
    if not found and reading.verb in SUBSTITUTIONS and SWAPPED_IN.search(sentence[:offset]):
        found = {default}                  # "when CASIA is changed to X", "replacing A with X": X goes in
    if not found and (USE_VERB.match(reading.verb) or EVALUATE_VERB.match(reading.verb) or reading.drawn
                      or reading.verb == "set" and SET_UP.search(sentence)):
        found = {"evaluate" if EVALUATE_VERB.match(reading.verb) else default}   # drawn data serves the verb
    return tuple(label for label in PRIORITY if label in found)


def _piece(sentence: str, at: int) -> str:
    """The part of the sentence between semicolons that holds position `at`."""
    return sentence[sentence.rfind(";", 0, at) + 1:(sentence.find(";", at) + 1 or len(sentence) + 1) - 1]


def _clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    breaks = [m.start() for m in CLAUSE_BREAK.finditer(sentence)]
    lo = max([b for b in breaks if b < start], default=0)
    hi = min([b for b in breaks if b >= end], default=len(sentence))
    return lo, hi


# The name a paper gives its own method: "we propose XNet", "dubbed XNet", "our XNet".
_OWN_NAME_INTRO = re.compile(
    r"\b(?i:dubbed|named|called|termed|coined|denoted(?:\s+as)?|we\s+(?:propose|present|introduce)(?:\s+[a-z-]+){0,6}?|"
    r"our)\s+(?i:as\s+)?[\"\u201c(]?([A-Z][\w-]*[A-Z0-9][\w-]*)")


_METHOD_NAME = re.compile(r"^(?:[A-Za-z]*[a-z][A-Z]\w*|[A-Z]{2,}[a-z]*|\w*\d\w*)$")


def _own_words(document: Document) -> frozenset[str]:
    """The paper's own names: title words, and the names it gives its method in the abstract and
    introduction ("we propose XNet"): "XNet is trained on X" is then the authors' own model."""
    title = document.title or ""
    words = {w.lower() for w in re.findall(r"[A-Za-z][\w-]{3,}", title)
             if _METHOD_NAME.match(w) and not title.isupper()}     # "MagFace", "SFace", "IR50"; not "Microsoft"
    for block in document.blocks:
        if block.section in ("front", "abstract") or (block.heading and re.search(r"introduction", block.heading, _I)):
            words |= {m.group(1).lower() for m in _OWN_NAME_INTRO.finditer(block.text)}
    return frozenset(words)


COMPARISON = re.compile(r"\b(compar\w*|state[- ]of[- ]the[- ]art|sota|previous|prior|existing|reported|"
                        r"other methods|published|overview(?! of (?:our|my|the proposed)\b)|statistics|"
                        r"public (face )?datasets)\b", _I)     # (not "Overview of our method": the authors' figure)


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


def read_hits(hits: list[Hit], document: Document, nlp: Language) -> list[Reading | None]:
    """Each hit's sentence read around its name, parsed in one batch (None where no reading is
    needed: references, tables). Without a parser (blank fallback pipeline) the
    readings come from word rules."""
    needed = [h.block.section not in ("references", "table") and not in_other_script(h.sentence) for h in hits]
    texts = [neutralise(*_window(h), NAME_TOKEN) if need else None for h, need in zip(hits, needed)]
    own_words = _own_words(document)
    if not can_parse(nlp):
        return [read_without_parser(t) if t else None for t in texts]
    unique = list(dict.fromkeys(t.text for t in texts if t))
    docs = dict(zip(unique, parse(nlp, unique)))
    readings: list[Reading | None] = []
    for t in texts:
        if t is None:
            readings.append(None)
            continue
        doc = docs[t.text]
        span = doc.char_span(t.name_start, t.name_end, alignment_mode="expand")
        if span is None:
            readings.append(read_without_parser(t))
            continue
        cited = {tok.i for tok in doc if tok.idx in t.cited_at}
        readings.append(read(span.root.sent, span.root, cited, own_words))
    return readings


WINDOW = (200, 150)     # characters kept before and after the name when a "sentence" runs long


_URL = re.compile(r"\b(?:https?://|www\.)\S+")


def _without_links(hit: Hit) -> str:
    """The sentence with its web addresses read as "link" (of the same length: offsets stay), but
    the one holding the name: an address is no prose ("...-challenge-recognizing-...")."""
    return _URL.sub(lambda m: m.group(0) if m.start() <= hit.offset < m.end() else "link".ljust(len(m.group(0))),
                    hit.sentence)


# Examples offered as alternatives: "(e.g., A, B, or X)", "such as A or X", "like A or X": the name is
# an item of a list of names right after the opener, joined by "or"
_EXAMPLES_OPEN = re.compile(r"\b(?:e\.\s?g\.,?|such as|like|for example,?|for instance,?)\s*$", _I)
_ITEM = r"[A-Z][\w-]*(?:\s[A-Za-z0-9][\w-]*){0,2}"
_ITEMS_BEFORE = re.compile(rf"(?:{_ITEM}\s*(?:,\s*(?:or\s+)?|\s+or\s+))+$")
_ITEMS_AFTER = re.compile(rf"(?:\s*(?:,\s*(?:or\s+)?|\s+or\s+){_ITEM})+\s*(?:[),;.]|$)")


def _one_of_examples(hit: Hit) -> bool:
    """The name is one of several examples joined by "or": what could be used, not what was."""
    before = without_citations(hit.sentence[:hit.offset])
    after = without_citations(hit.sentence[hit.offset + len(hit.surface):])
    if re.search(r"\beither\b", before):
        return False
    items = _ITEMS_BEFORE.search(before)
    head = before[:items.start()] if items else before
    if not _EXAMPLES_OPEN.search(head):
        return False
    tail = _ITEMS_AFTER.match(after)
    joined = (items.group(0) if items else "") + (tail.group(0) if tail else "")
    return bool(re.search(r"\bor\b", joined))


def _in_link(hit: Hit) -> bool:
    """The name is part of a web address ("https://.../ms-celeb-1m-challenge/")."""
    return any(m.start() <= hit.offset < m.end() for m in _URL.finditer(hit.sentence))


def _window(hit: Hit) -> tuple[str, int, int]:
    """The sentence without a run-in heading, or for run-on text (a table flattened into a
    paragraph, a missed full stop) the words around the name: the parser's cost grows with length
    and its reading gets worse."""
    sentence, start, end = _without_links(hit), hit.offset, hit.offset + len(hit.surface)
    key, cut = _item_key(hit)
    if key and start > cut:          # "Dataset: We train ...": the parser reads the sentence after it
        cut += len(sentence[cut:]) - len(sentence[cut:].lstrip())
        sentence, start, end = sentence[cut:], start - cut, end - cut
    before, after = WINDOW
    if len(sentence) <= before + after + len(hit.surface):
        return sentence, start, end
    lo = max(0, start - before)
    lo = sentence.find(" ", lo) + 1 if lo else 0
    hi = sentence.rfind(" ", 0, end + after) if end + after < len(sentence) else len(sentence)
    hi = max(hi, end)
    return sentence[lo:hi], start - lo, end - lo


def classify(hits: list[Hit], document: Document, nlp: Language, citing: frozenset[str] = frozenset(),
             usages: Mapping[str, str] | None = None,
             seed_papers: Mapping[str, tuple[str, ...]] | None = None) -> list[Mention]:
    """Hits -> Mention records with usage, confidence, the rule that decided and its clause.

    `usages` says what each variant is used for when a sentence does not (the profile's
    `usage`: RFW is a test set); training otherwise. `seed_papers` maps the titles of the papers
    that introduced the dataset and its variants to those variants: a sentence quoting one of the
    titles is a bibliography entry, wherever it was printed, and in that paper itself (a paper whose
    title is the seed's, not notes about it) every mention of a variant it introduced is the
    authors' own (`derive`, rule `dataset_paper`).

    `citing` holds the sentences GROBID links to a seed paper's reference: own use stated in a
    sentence that cites the dataset's paper is surer (+0.1, rule suffix `+seed_citation`).
    """
    seed_papers = seed_papers or {}
    introduced = next((variants for title, variants in seed_papers.items()
                       if document.is_paper and _same_title(document.title or "", title)), ())
    mentions = []
    for hit, reading in zip(hits, read_hits(hits, document, nlp)):
        caption = caption_for(hit.block, document) if hit.block.section == "table" else None
        default = (usages or {}).get(hit.variant, "train")
        j = judge(hit, document, reading, caption, default)
        if hit.variant in introduced and hit.block.section != "references" and not (
                reading is not None and (reading.negated or reading.contrast)):
            labels = tuple(label for label in PRIORITY if label == "derive" or j.own and label in j.labels)
            j = Judgement("derive", labels, True, 0.9, "dataset_paper", j.clause or hit.surface)
        elif j.own and quotes_title(hit.sentence, tuple(seed_papers)):
            j = Judgement("reference_only", (), False, 0.9, "seed_paper_title")
        if j.rule in FOLLOWABLE and reading is not None and follows_suit(hit, hits):
            labels = _labels(hit, replace(reading, actor="own", generic=False), default)
            if labels:          # "Prior works train on X [3, 8]; we follow this setting."
                j = Judgement(labels[0], labels, True, 0.7, "follows_others", j.clause)
        if j.own and "derive" not in j.labels and any(map(cleans_data, _following_sentences(hit, hits))):
            labels = tuple(label for label in PRIORITY if label in j.labels or label == "derive")
            j = Judgement(labels[0], labels, True, j.confidence, j.rule + "+cleaned_next", j.clause)
        if not j.own and j.rule not in ("negated", "in_reference_list", "in_link", "related_work_section") \
                and _challenge_entry(hit):
            j = Judgement("evaluate", ("evaluate",), True, 0.75, "challenge_entry", j.clause)
        if j.own and citing and cites_seed(hit.sentence, citing):
            j = Judgement(j.usage, j.labels, True, min(0.95, j.confidence + 0.1), j.rule + "+seed_citation", j.clause)
        mentions.append(Mention(
            variant=hit.variant, surface=hit.surface, page=hit.block.page, section=hit.block.section,
            heading=hit.block.heading, sentence=hit.sentence, char_start=hit.char_start, char_end=hit.char_end,
            usage=j.usage, labels=j.labels, confidence=j.confidence, own=j.own, rule=j.rule, clause=j.clause,
        ))
    return mentions


def _verb_forms(verbs: set[str]) -> str:
    """A group matching the verbs in any inflection ("remove": removed, removing)."""
    return "(?:" + "|".join(sorted(re.escape(v[:-1] if v[-1] in "ey" else v) for v in verbs)) + r")\w*"


def _noun_forms(nouns: set[str]) -> str:
    """A group matching the nouns, singular or plural ("identity", "identities")."""
    forms = {n for n in nouns} | {n[:-1] + "ies" if n.endswith("y") else n + "es" if n.endswith("s") else n + "s"
                                  for n in nouns}
    return "(?:" + "|".join(sorted(map(re.escape, forms), key=len, reverse=True)) + ")"


# The authors clean what they just said they use, in a sentence of its own, a few sentences on in
# the same paragraph: "We train on X [4]. The data is noisy. We then remove the images far from
# their class centre ..." or, impersonally, "Identities with fewer than ten images are discarded."
# The same verbs as a derivation read from the parse (reading.TRANSFORMS, TAKES), said of data
# items, not of "the last layer" or "the learning rate".
_CLEANED = _verb_forms(TRANSFORMS | TAKES)
_ITEMS = _noun_forms(DATA_ITEMS | {"duplicate", "noise", "outlier", "overlap"})
_WORDS = r"(?:[^.;]|(?<=\d)\.(?=\d)){0,80}?"      # within the clause ("below 0.3" goes on)
CLEANED_ACTIVE = re.compile(r"(?:[\w ]{0,25},\s+)?we\s+(?:\w+\s+){0,2}?" + _CLEANED + r"\b" + _WORDS + r"\b" + _ITEMS + r"\b", _I)
CLEANED_PASSIVE = re.compile(r"\b" + _ITEMS + r"\b" + _WORDS + r"\b(?:is|are|was|were|been|being)\s+(?:\w+ly\s+)?"
                             + _CLEANED + r"(?:ed|d|n)?\b", _I)
FOLLOWING = 3       # sentences after an own-use sentence where its cleaning may be told
_SENTENCE = re.compile(r"\S.*?(?:[.!?](?=\s+[A-Z])|\Z)", re.S)
_CAPITAL = re.compile(r"(?!^[A-Z][a-z]+\b)\b[A-Z]")      # a name; not an ordinary word opening the sentence


def cleans_data(sentence: str) -> bool:
    """The authors remove, filter or pick data items: "we then drop the noisy images", "faces of
    low quality were filtered out"."""
    return bool(CLEANED_ACTIVE.match(sentence) or CLEANED_PASSIVE.search(sentence))


# The dataset's challenge named ("the MS-Celeb-1M challenge", "challenge 2 of X", "X's low-shot track"),
# and the authors' place in it ("we rank 3rd", "our team won the first place", "our entry placed second")
CHALLENGE = re.compile(r"\b(?:challenges?|tracks?|competitions?|contests?)\b", _I)
RANKED = re.compile(r"\b(?:we|our\s+(?:team|entry|submission|method|approach|system|model))\s+(?:\w+\s+){0,2}?"
                    r"(?:rank(?:s|ed)?|placed?|won|wins?|took|came|finish(?:ed|es)?)\b[^.;]{0,40}?"
                    r"\b(?:first|second|third|top|1st|2nd|3rd|\d+th|no\.\s*\d)\b", _I)


def _challenge_entry(hit: Hit) -> bool:
    """The sentence names the dataset's challenge and its paragraph says where the authors' entry
    ranked in it: they took part, so ran on its data."""
    if not CHALLENGE.search(hit.sentence):
        return False
    block = hit.block
    start = hit.char_start - block.start - hit.offset
    # (not a place on another board: "ranks first on LFW", "in Table 3", "in the WIDER Face challenge")
    return any(not re.match(r"[^.;]*?\b(?:on|in|among)\s+(?:the\s+)?[A-Z]", block.text[m.end():])
               for m in RANKED.finditer(block.text, max(0, start)))


def _following_sentences(hit: Hit, hits: list[Hit]) -> list[str]:
    """Up to FOLLOWING sentences after the hit's in its block (roughly: split at full stops), up to
    the first that names something else ("We remove the noisy images of MegaFace"): what is
    cleaned there may be that. The watched dataset's own names said again, and citations in any
    style, are no other name."""
    block = hit.block
    names = [(h.char_start - block.start, h.char_end - block.start) for h in hits if h.block is block]
    out = []
    end = hit.char_start - block.start - hit.offset + len(hit.sentence)
    for m in islice(_SENTENCE.finditer(block.text, end), FOLLOWING):
        spared = [(a - m.start(), b - m.start()) for a, b in names] + [(c.start, c.end) for c in find_citations(m.group())]
        if any(not any(a <= c.start() < b for a, b in spared) for c in _CAPITAL.finditer(m.group())):
            break
        out.append(m.group())
    return out


# Others' use of the dataset that the authors then say they follow: "prior works train on X [3, 8];
# we follow this setting", "... X. For a fair comparison, we adopt the same protocol.", "we do the
# same". Not an evaluation protocol taken over ("we follow the same evaluation protocol"), nor a
# setting followed except for the data ("we follow their setting but train on Y instead").
FOLLOWABLE = {"others_use", "generic_statement", "related_work_section"}
_CLAUSE_END = r"(?=\s*(?:[.;,:)]|$)|\s+(?:as|for|in|to|with|and|of|from|on)\b)"   # (not "the same data augmentation")
FOLLOWS_SUIT = re.compile(
    r"\bwe\s+(?:also\s+|likewise\s+|similarly\s+)?(?:(?:follow|adopt|use|keep|apply|employ|take|reuse)\s+"
    r"(?:this|that|these|those|the same|their|such|a similar|an identical|the identical)\s+"
    r"(?:(?!evaluation\b|test\w*\b|inference\b)[\w-]+\s+){0,2}?(?:settings?|setups?|protocols?|practices?|"
    r"conventions?|configurations?|recipes?|procedures?|choices?|data|datasets?|training sets?)" + _CLAUSE_END +
    r"|do\s+(?:the\s+)?same\b|follow\s+(?:them|suit|this|it)(?=\s*(?:[.;,:)]|$)))|\b(?:so|as)\s+do\s+we\b", _I)
EXCEPT_DATA = re.compile(r"\b(?:but|except|instead|however|rather|apart from)\b[^.;]{0,60}?"
                         r"\b(?:train\w*|data(?:sets?)?|set|corpus)\b", _I)


def follows_suit(hit: Hit, hits: list[Hit]) -> bool:
    """The rest of the hit's sentence, or the next sentence, says the authors do as those who used
    the dataset did."""
    rest = hit.sentence[hit.offset + len(hit.surface):]
    for text in (rest, *_following_sentences(hit, hits)[:1]):
        found = FOLLOWS_SUIT.search(text)
        if found:
            return not EXCEPT_DATA.search(text, found.end())
    return False


def quotes_title(sentence: str, titles: tuple[str, ...]) -> bool:
    """The sentence holds the opening words of one of the titles ("MS-Celeb-1M: A dataset and
    benchmark for ..."): a bibliography entry the layout did not place under "References" (which
    never says "we": "the set we use is the one of the Lightweight Face Recognition Challenge")."""
    words = " ".join(_words(sentence))
    return not FIRST_PERSON.search(sentence) and any(" ".join(_opening(title)) in words for title in titles)


# Words after a title that make the document a work about that paper, not the paper itself.
ABOUT_A_PAPER = ("reproduc", "replica", "revisit", "comment", "review", "note", "summar", "critique", "reply",
                 "analysis", "report")


def _same_title(found: str, title: str) -> bool:
    """The title as printed, or another version of it (same opening words: "RFW: Reducing Racial
    Bias by <another subtitle>", "... (TPAMI version)"), not a work about that paper ("...: A
    Reproduction", "... (reading notes)")."""
    opening = _opening(title)
    words = _words(found)
    return words[:len(opening)] == opening and not any(w.startswith(ABOUT_A_PAPER) for w in words[len(opening):])


def _opening(title: str) -> list[str]:
    """A title's first seven words: enough to tell it, and the same across its versions."""
    return _words(title)[:7]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


USE_THRESHOLD = 0.5
SURE = 0.7      # own-use evidence at least this strong needs no human review
def _paper_labels(own: list[Mention]) -> set[str]:
    """Own-use labels of the paper. A variant the authors train on or derive themselves, in their
    own words (or in the paper that introduced it), is not also a "pretrained model" where they
    later call the result pre-trained."""
    labels = {label for m in own for label in m.labels}
    trained = {m.variant for m in own if m.rule.startswith(("own_use_first_person", "dataset_paper"))
               and {"train", "derive"} & set(m.labels)}
    if "pretrained_model" in labels and not any("pretrained_model" in m.labels and m.variant not in trained for m in own):
        labels.discard("pretrained_model")
    return labels


def summarise(mentions: list[Mention], document: Document, withdrawn_year: int | None) -> Finding:
    """Paper-level verdict, weighing the evidence: one own-use statement is enough, whatever the
    related-work mentions say; doubt (only weak own evidence, or own and others' readings of the
    same sentence) is flagged for human review rather than hidden."""
    own = [m for m in mentions if m.own and m.confidence >= USE_THRESHOLD]
    uses = bool(own)
    if uses:
        usage = sorted(_paper_labels(own), key=PRIORITY.index)
        evidence_from = sorted(own, key=lambda m: -m.confidence)
    else:
        kinds = {m.usage for m in mentions}
        usage = ["related_work"] if "related_work" in kinds else sorted(kinds)[:1]
        evidence_from = mentions
    seen: set[str] = set()
    evidence = []
    for m in evidence_from:
        if m.sentence not in seen and len(evidence) < 5:
            seen.add(m.sentence)
            evidence.append(Evidence(page=m.page, quote=m.sentence[:300], label=m.usage))
    variants = sorted({m.variant for m in mentions})
    post = post_retraction(uses, document.year, withdrawn_year)
    reason = review_reason(mentions, own)
    return Finding(uses_dataset=uses, usage=usage, variants=variants, evidence=evidence, post_retraction=post,
                   needs_review=reason is not None, review_reason=reason)


def post_retraction(uses: bool, year: int | None, withdrawn_year: int | None) -> bool | None:
    """Used after the withdrawal: null when the year is unknown, or is the withdrawal year itself for a user."""
    if not year or not withdrawn_year:
        return None
    return uses and year > withdrawn_year if year != withdrawn_year or not uses else None


def review_reason(mentions: list[Mention], own: list[Mention]) -> str | None:
    """Why a person should check the verdict, or None when the evidence is clear."""
    if own:
        sure = [m for m in own if m.confidence >= SURE]
        if not sure:
            rules = sorted({m.rule.split("+")[0] for m in own})
            return "weak own-use evidence only: " + ", ".join(rules)
        contested = {m.sentence for m in mentions if m.rule in ("comparison", "others_use")}
        if all(m.sentence in contested for m in sure):
            return "own-use sentences are also read as comparison or others' use"
        return None
    near = sorted({m.rule for m in mentions if not m.own and m.rule in ("framing_statement", "impersonal_abstract",
                                                                         "impersonal_unplaced")})
    if near:
        return "not counted, but impersonal use statements outside the experiments: " + ", ".join(near)
    return None


assert set(PRIORITY) == set(OWN_USAGES)
