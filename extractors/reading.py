"""Who does what to the dataset: one sentence read through spaCy's dependency parse.

The sentence comes neutralised (extractors.citations): the judged name is one proper noun,
citations attached to names are gone, citations standing for people are one other proper noun.
From the name we climb the parse to the predicate it belongs to ("pretrain" in "we pretrain on
X", "employed" in "X ... is employed to train", "trained" in "a model trained on X"), then ask:
- who acts: the authors ("we", "our", "this thesis"), the paper's own pipeline ("the backbone",
  "the feature extractor", "both networks"), other people (a citation, "they", a named method,
  "previous methods"), or nobody (a passive or impersonal statement);
- whether the name sits in a comparison or concession ("although X uses ...", "compared with
  models trained on ...", "we outperform ...") or is negated ("we do not use ...");
- whether it is a released model the authors take ("we adopt the SE-ResNet-50 of [3], pretrained
  on X": trained by others, used here).
`Reading.clause` keeps the words that decided, for the `rule` column.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from extractors.citations import Neutralised
from extractors.nlp import lemma

OWN_PRONOUNS = {"we", "us", "our", "ours", "i", "my", "me"}
OWN_POSSESSIVES = {"our", "my"}
OTHERS_PRONOUNS = {"they", "them", "their", "theirs", "he", "she", "his", "her"}
# A write-up telling its reader what to run ("you can download the model trained on X") describes
# its own pipeline.
READER_PRONOUNS = {"you", "your"}
# Parts of the paper's own pipeline: with "the", "this", "both", "all", "each", "our" they are ours.
PIPELINE_NOUNS = {
    "model", "network", "net", "backbone", "extractor", "encoder", "decoder", "embedding", "recognizer",
    "recogniser", "detector", "system", "framework", "method", "approach", "architecture", "pipeline",
    "classifier", "baseline", "teacher", "student", "branch", "module", "cnn", "dcnn", "weight", "parameter",
    "layer", "head", "stream", "component", "algorithm", "solution", "matcher", "tool", "application",
    "prototype", "software", "implementation",
}
SELF_NOUNS = {"paper", "work", "thesis", "dissertation", "project", "study", "report", "chapter", "section",
              "article", "manuscript", "research", "submission", "proposal"}
WORKS = {"method", "work", "approach", "study", "paper", "algorithm", "technique", "model", "system", "network"}
DOCUMENT_PARTS = {"task", "stage", "phase", "step", "experiment", "chapter", "section", "part", "setting", "run",
                  "table", "figure", "fig", "model", "configuration", "variant", "version"}
OTHERS_MODIFIERS = {"previous", "prior", "existing", "other", "recent", "many", "most", "several", "some",
                    "popular", "competing", "current", "those", "such", "modern", "typical", "conventional",
                    "traditional", "mainstream", "earlier", "various", "numerous", "original", "related",
                    "state-of-the-art", "sota", "leading", "published", "commercial", "their",
                    "surveyed", "analysed", "analyzed", "reviewed", "sampled", "examined", "cited", "audited"}
GENERIC_ADVERBS = {"widely", "commonly", "often", "frequently", "typically", "usually", "generally",
                   "extensively", "popularly", "traditionally", "mostly", "broadly", "normally", "routinely"}
# Verbs that describe a dataset rather than use it: "X has 85K identities", "X is a dataset of ...".
DESCRIPTIONS = {"be", "have", "contain", "consist", "comprise", "include", "cover", "feature", "span", "hold",
                "provide", "offer", "inspire", "motivate", "spur", "prompt", "influence"}
HEDGES = {"could", "might", "may", "can", "should", "would"}
CONDITIONALS = {"could", "might", "would", "should"}
CONCESSIONS = {"although", "though", "whereas", "while", "unlike", "despite", "even"}
COMPARISONS = {"compare", "compared", "comparison", "contrast", "than", "versus", "vs", "vs.", "unlike",
               "outperform", "surpass", "beat", "exceed", "compete", "rival", "against", "over", "gap", "trail",
               "lag", "par", "comparable"}
TARGETING = {"evaluate", "test", "compute", "attack", "run", "apply", "launch", "mount", "measure", "validate",
             "benchmark", "perform", "conduct", "deploy", "assess"}
REFUSALS = {"refrain", "avoid", "decline", "abstain", "refuse", "omit", "exclude", "lack"}
NEGATORS = {"without", "instead", "except", "excluding", "rather", "avoid", "not", "never", "no", "nor"}
# "training on X was deemed infeasible"
INFEASIBLE = {"infeasible", "impossible", "impractical", "prohibitive", "unaffordable", "unnecessary", "unavailable"}
# "X was considered, but it was discarded": the dataset itself dropped
DROPS = {"discard", "drop", "abandon", "reject", "exclude", "remove", "omit", "replace"}
TRAINED_PARTICIPLES = re.compile(r"^(pre|re|fine)?(train|tun|learn|optimi[sz])", re.I)
# Verbs that put one thing in another's place: "CASIA is changed to X", "A is replaced by X".
SUBSTITUTIONS = {"change", "replace", "switch", "swap", "substitute", "exchange"}
# Participles that make data out of a dataset: "a test set built from X", "identities sampled from X".
DRAWN_FROM = re.compile(r"^(derived|built|constructed|sampled|subsampled|selected|drawn|taken|extracted|cropped|"
                        r"created|generated|curated|compiled|assembled|obtained|adapted|formed|split|chosen|"
                        r"collected|cleaned|filtered|refined|based)$", re.I)
INTRODUCE = {"introduce", "present", "propose", "contribute", "release", "publish", "create", "construct",
             "build", "collect", "assemble", "curate"}
NAMING = re.compile(r"^(called|named|dubbed|termed|denoted|coined|entitled|titled)$", re.I)
# Architectures are what authors build their own models from: "ResNet-100 is trained on X".
ARCHITECTURE = re.compile(r"res\s*-?net|vgg|inception|mobile|efficient|dense|senet|transformer|vit\b|cnn|"
                          r"googlenet|alexnet|swin|regnet|ghostnet|shufflenet|squeezenet", re.I)
# Predicates by which the authors take a model someone trained ("<model> trained on X is used ...").
USE_PREDICATE = re.compile(
    r"^(use|adopt|employ|serve|extract|apply|rely|take|initiali[sz]e|load|download|fine-?tune|finetune|obtain|feed|"
    r"freeze|keep|choose|select|pick|utili[sz]e|leverage|exploit|deploy|integrate|compute|embed|plug|act|function|run|"
    r"provide|produce|generate|convert|export|quantiz|prune|compress|distil+|start|build|base|include|ship|bundle|come)",
    re.I)
# A method's name: "ArcFace", "CosFace", "SphereFace", "DeepID2", "VGG" (not "Images" opening a sentence).
_NAME_SHAPE = re.compile(r"^(?:[A-Z][a-z]+[A-Z]\w*|[A-Z]{2,}\w*|[A-Z]\w*\d\w*)$")
# Climbing from the name to its predicate passes through these relations.
_NOMINAL = {"pobj", "prep", "conj", "cc", "appos", "compound", "dobj", "nsubj", "nsubjpass", "attr", "npadvmod",
            "amod", "nmod", "poss", "pcomp", "dative", "oprd", "punct", "det", "nummod", "dep", "obj", "quantmod",
            "meta", "case", "appos", "acomp", "advmod", "csubj", "csubjpass", "agent"}


@dataclass(frozen=True)
class Reading:
    """What the sentence says about the name."""

    actor: str                  # own | pipeline | others | impersonal
    verb: str                   # lemma of the deciding predicate ("" when there is none)
    clause: str                 # the deciding words, for audit
    contrast: bool = False      # the name is in a comparison or concession
    negated: bool = False       # "we do not use X", "without X"
    generic: bool = False       # "X is widely used", "X could be used"
    released_model: bool = False  # "<model> trained on X" taken by the authors
    self_reference: bool = False  # "in this paper/thesis"
    passive: bool = False       # "X is used", "the backbone is pre-trained on X"
    described: bool = False     # the dataset is the subject of a description: "X contains 10M images"
    trial: bool = False         # the actor is the paper's experiments: "experiments on X show ..."
    drawn: bool = False         # read through data drawn from X: "we probe models on a task derived from X"
    introduced: bool = False    # the dataset is what the actor introduces: "this paper contributes a dataset called X"
    derived: bool = False       # the authors make data out of it: "we clean X", "we sample 10K identities from X"
    picked: bool = False        # ... by picking part of it: "we sample 10K identities from X", "a subset of X"
    trained_on: bool = False    # the name is what something is trained on: "models trained on X", "we train on X"
    trained_elsewhere: bool = False  # what the sentence trains on is another dataset: "models trained on
                                     # CASIA-WebFace are tested on X"
    turned: bool = False        # a use denied, then taken up by a pronoun: "we do not train on X; instead,
                                # it serves as distractors"
    told: bool = False          # the actor is the write-up telling its reader: "Download X", "you can use X"
    data_item: bool = False     # the name qualifies data items acted on: "masks rendered onto X faces" (not
                                # "the X images were distributed without licence": said of them)
    unrealised: bool = False    # a counterfactual or possibility: "had we trained on X", "could be applied when training on X"


def read(sent: Span, name: Token, cited: set[int], own_words: frozenset[str] = frozenset()) -> Reading:
    """Read the sentence around `name` (a token of `sent`); `cited` holds the indices of the tokens
    that stand for cited people."""
    path = _climb(name)
    verb = path[-1]
    trained_on = bool(re.match(r"^(pre-?|re-?)?train", verb.lower_)) and any(
        t.dep_ == "prep" and t.lower_ in ("on", "with", "using", "from") for t in path[1:-1])
    drawn = DRAWN_FROM.match(verb.lower_)
    added = lemma(verb) in ADDS | TRANSFORMS and lemma(verb.head) in ARTEFACTS    # "masks annotated on X images"
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN") and verb.head != name and (
            drawn or added or NAMING.match(verb.lower_)):
        # "a benchmark derived from X", "a new dataset called X", "we release masks annotated on X
        # images": what is said of that noun is said of X ("we evaluate on a benchmark derived from X" is use)
        outer = read(sent, verb.head, cited, own_words)
        part = _made_part(name)                                             # "10K identities sampled from X"
        # the authors made them ("we release masks annotated on X images"; not "masks annotated on X
        # images by [33]", nor "the labels annotated on X images are noisy")
        made = added and outer.actor == "own" and _agent(verb) != "others"
        return dataclasses.replace(outer, clause=f"{outer.clause} … {verb.text} {name.text}"[:160], drawn=bool(drawn),
                                   derived=outer.derived or part or made,
                                   picked=outer.picked or part and not (outer.derived or made))
    taken_up = _taken_up(verb, name)
    if taken_up is not None:       # "X contains 5.8M images, and it is used to train our model"
        again = read(sent, taken_up, cited, own_words)
        return dataclasses.replace(again, clause=f"{name.text} … {again.clause}"[:160])
    # A comparison sets the name against the authors' own ("compared with models trained on X, our
    # method ..."); "Table 2 compares A trained on X with B" compares two things both used here.
    ours = any(t.lower_ in OWN_PRONOUNS or t.lower_ == "proposed" or t.lower_ in own_words for t in sent)
    holder = _model_holder(path)
    # a participle's own actor means nothing ("<model> trained on X"): the concession test waits
    # for the predicate that takes the model
    contrast = (ours and not _compared_on(path) and (any(_is_contrast(t) for t in path[1:]) or _behind(verb))) or (
        holder is None and _concessive(verb))
    negated = _negated(path)
    if negated:
        standing = _left_standing(sent, name, verb)
        if standing is not None and standing.pos_ == "PRON":      # "... X; instead, it serves as ..."
            again = read(sent, standing, cited, own_words)
            return dataclasses.replace(again, clause=f"{name.text} … {again.clause}"[:160], turned=True)
        negated = standing is None
    generic = any(c.lower_ in GENERIC_ADVERBS for t in [verb, *verb.ancestors] for c in t.children) or any(
        c.dep_ == "aux" and c.lower_ in HEDGES for c in verb.children) or _hypothetical(verb) or _common_practice(verb)
    self_ref = _self_reference(verb) or any(   # "the X test pairs analysed in this study", "the X runs reported here"
        c.dep_ == "acl" and (_self_reference(c) or any(g.lower_ in ("here", "herein") for g in c.children))
        for t in (name, _phrase_head(name)) for c in t.children)
    unrealised = _unrealised(verb) or _open_question(name) or _capability(path)
    example = _example_of_kind(name)
    generic = generic or (example and not trained_on and not USE_PREDICATE.match(lemma(verb)))
    released = False
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    if holder is not None and holder.i in cited and holder.dep_ == "pobj" and holder.head.lower_ in ("of", "from") \
            and (verb.dep_ != "relcl" or any(c.dep_ == "nsubjpass" and c.lower_ in ("which", "that") for c in verb.children)
                 and USE_PREDICATE.match(lemma(_climb(holder.head.head)[-1]))):
        # "the model of [3] retrained on X", "we use the extractor from [5] pre-trained on X", "features are
        # extracted by the model of [3], which was trained on X": the model, not [3] (a paper is not
        # trained; but "the model of [3], which was trained on X, reaches ..." is [3]'s)
        owner = holder.head.head
        holder = owner if owner.pos_ in ("NOUN", "PROPN") else next(
            (c for c in owner.children if c.dep_ == "dobj" and c.i < holder.i), holder)
    actor = _actor(verb, cited, own_words, name)
    if actor != "own" and _reported_by_others(verb, cited):
        actor = "others"                   # "submitters report that 14 algorithms were trained on X"
    trial = actor == "impersonal" and holder is None and _trial(path, cited, own_words) is not None
    if trial:
        actor = "own"                      # "extensive experiments on X show that ...": the paper's own
    if holder is not None:
        # "<model> trained on X": who trains is not said; who takes the model is the next predicate's actor.
        if holder.head != verb:
            outer_path = _climb(holder)
        elif verb.dep_ == "ccomp" and (USE_PREDICATE.match(lemma(verb.head)) or _is_contrast(verb.head)):
            outer_path = [holder, verb.head]     # "download [FaceNet pre-trained on X]", "our model outperforms
                                                 # [ArcFace trained on X]", parsed as a clause
        else:
            outer_path = [holder]
        outer = outer_path[-1]
        outer_actor = _actor(outer, cited, own_words) if outer != holder else "impersonal"
        contrast = contrast or (ours and any(_is_contrast(t) for t in outer_path)) or _concessive(outer) or (
            ours and _behind(outer))
        negated = negated or any(c.dep_ == "neg" for c in outer.children) or _advised_against(outer)
        # "a common alternative would be to use <model> trained on X" (not "we confirmed that no one could be
        # re-identified by <model> trained on X": a past ability, reported)
        unrealised = unrealised or (_unrealised(outer) and outer.dep_ != "ccomp")
        generic = generic or any(c.lower_ in GENERIC_ADVERBS for c in outer.children)
        # Provenance ("the SE-ResNet-50 of [23]", "weights provided by [8]", "trained by Deng et al.")
        # says who trained the model, not who uses it here: citations in the holder's phrase and the
        # participle's agent do not make it others'.
        holder_actor = _noun_actor(holder, set(), own_words)
        if any(c.dep_ == "relcl" and _actor(c, set()) == "own" for c in holder.children) or _agent(path[-1]) == "own":
            holder_actor = "own"                      # "an ArcFace trained on X that we ran locally", "trained by us"
        people = holder.i in cited or holder.lower_ in OTHERS_PRONOUNS or _compared_to(holder)
        taker = _actor(outer, set(), own_words) if outer != holder else "impersonal"
        if holder_actor == "own":                     # "our model trained on X": the authors trained it
            actor, contrast = "own", False            # (and it is their side of any comparison)
        elif not people and _used_as_is(outer, holder, cited):
            actor, released = "impersonal", True      # "the supervisor's model, trained on X, was used as the
                                                      # starting point": whose it was is provenance
        elif people or holder_actor == "others" or outer_actor == "others" and taker == "others":
            actor = "others"                          # "previous methods trained on X report ..."
        elif outer == holder or (USE_PREDICATE.match(lemma(outer)) and taker != "others"):
            actor, released = taker, True             # "we adopt <model> trained on X", "<model> trained on X."
        elif _named_model(holder, own_words) and taker != "others":
            actor, released = taker, True             # "the FaceNet model, which was trained on X, is ..."
        elif holder.dep_ == "pobj" and holder.head.lower_ == "against" and lemma(holder.head.head) in TARGETING \
                and taker != "others" and not generic:     # (not "attacks are usually evaluated against ...")
            actor, released = "own", True             # "our attack, evaluated against recognisers trained on X"
        elif _trial(outer_path, cited, own_words) is not None:
            actor, trial = "own", True                # "experiments of models trained on X show ..."
        elif _bare_plural(holder) and lemma(holder) in PIPELINE_NOUNS:
            actor, generic = "impersonal", True       # "models trained on X tend to ...": about such models
        else:
            actor = taker if taker != "others" else outer_actor   # "the model trained on X achieves ..."
        if not released and actor != "others" and holder_actor != "own" and _taken_as_is(holder) \
                and not (TRAINED_PARTICIPLES.match(outer.lower_) and all(t.lower_ != "against" for t in outer_path)):
            released = True                           # "we invert a publicly released IResNet-50 trained on X",
                                                      # "E is a frozen encoder trained on X": taken, not trained
                                                      # here ("a generator optimised against" one is attacking it)
        verb, passive = (outer, any(c.dep_ in ("auxpass", "nsubjpass") for c in outer.children)) \
            if outer != holder else (verb, passive)
        self_ref = self_ref or _self_reference(outer)
    elif actor != "own" and (_released(_subject(verb)) or trained_on and passive and _subject(verb) is not None
                             and _named_model(_subject(verb), own_words)):
        released = True                               # "the released checkpoint, which was trained on X", "the
                                                      # AdaFace models are trained on X": someone's models, as released
    phrase = name.head.head if name.dep_ == "compound" and name.head.dep_ == "compound" else name.head
    # (not "an encoder pre-trained on X, which we did not retrain": said of the model)
    own_clause = next((c for t in (name, name.head, phrase) for c in t.children
                       if c.dep_ == "relcl" and _actor(c, set()) == "own"
                       and not (holder is not None and TRAINED_PARTICIPLES.match(c.lower_))
                       or c.dep_ == "acl" and any(g.lower_ in ("our", "we") for g in c.subtree)), None)
    if own_clause is not None and actor != "own":     # "datasets such as X, which we use for training",
                                                      # "the X training set we use is ..."
        actor, verb, contrast, negated, generic = "own", own_clause, False, _negated([name, own_clause]), False
    if actor == "impersonal" and passive and any(c.dep_ in ("xcomp", "advcl") and any(
            g.lower_ in OWN_POSSESSIVES for g in c.subtree) for c in verb.children):
        actor = "own"                  # "X was used only to test our models": the purpose is the authors'
    if actor != "own" and name.dep_ in ("compound", "nmod", "amod") and any(
            c.dep_ == "poss" and c.lower_ in OWN_POSSESSIVES for c in _phrase_head(name).children):
        actor = "own"                  # "our MS1MV3 runs", "my MS1MV2 models": the authors' things made with X
    instruction = _instruction(sent) if actor == "impersonal" and not (negated or generic) else None
    if instruction is not None:        # "Download MS1MV2 and unpack it": what the reader is told to run
        actor = "own"
        verb = instruction if verb == name else verb
    subject = _subject(verb)
    told = instruction is not None or actor == "own" and (
        _unsaid_subject(verb) or subject is not None and subject.lower_ in READER_PRONOUNS)
    generic = generic or example and (told or actor == "impersonal" and subject is None)   # advice: "train on larger datasets like X"
    described = (actor == "impersonal" and not passive and subject is not None and _said_of(subject, name)
                 and lemma(verb) in DESCRIPTIONS and not self_ref)
    keep = _span_of(verb, name)
    made, part = _derived(path, cited, own_words), _made_part(name)
    clause = " ".join(t.text for t in sent if t.i in keep) if verb != name else name.text
    return Reading(actor=actor, verb=lemma(verb) if verb != name else "", clause=clause[:160],
                   contrast=contrast, negated=negated, generic=generic, released_model=released, unrealised=unrealised,
                   self_reference=self_ref, passive=passive, described=described, trial=trial,
                   introduced=_introduced(verb, path), derived=bool(made) or part,
                   picked=made == "picked" or part and not made,
                   trained_on=trained_on, trained_elsewhere=not trained_on and _trained_elsewhere(sent, name),
                   told=told,
                   data_item=_data_item(name) and (actor != "impersonal" or subject is None
                                                   or name not in subject.subtree or lemma(verb) in PROCESSES))


# How authors make a dataset of their own out of X. They change X itself ("we clean/relabel X");
# take part of it ("we remove overlaps from X", "we sample identities of X": X as the source, for
# "we exclude X" leaves X out); or make data from it ("we construct a test set from X").
TRANSFORMS = {"clean", "refine", "filter", "deduplicate", "de-duplicate", "relabel", "re-label", "label", "annotate",
              "re-annotate", "subsample", "split", "curate", "purify", "denoise", "prune", "balance", "cluster",
              "partition", "divide", "realign", "re-align", "redetect", "re-detect", "recrop", "re-crop"}
PICKS = {"select", "sample", "pick", "collect", "choose", "draw"}
TAKES = PICKS | {"remove", "discard", "exclude", "drop", "delete", "eliminate"}
MAKES = INTRODUCE | {"form", "generate", "synthesize", "synthesise", "compile", "derive", "provide"}
# What authors add to a dataset's items to make a new version of it: "pseudo labels are generated
# for every X image", "masks are rendered onto X faces". Not what a model computes from them
# ("features extracted from X images" is evaluation).
ARTEFACTS = {"label", "pseudo-label", "annotation", "tag", "mask", "occlusion", "occluder", "accessory", "glass",
             "glasses", "sunglasses"}
ADDS = {"generate", "produce", "create", "synthesize", "synthesise", "render", "overlay", "paste", "superimpose",
        "put", "place", "add", "apply", "attach", "assign", "draw", "wear", "fit", "simulate", "obtain"}

# What a pipeline does to a dataset's images before it uses them: "the X images are resized to 112x112"
# is the authors' processing (not "the X images were collected from the web": said of them).
PROCESSES = {"resize", "crop", "align", "realign", "normalize", "normalise", "flip", "rescale", "augment", "preprocess",
             "pad", "rotate", "detect", "redetect"}

# What a face dataset is made of, and the data made from one.
DATA_ITEMS = {"image", "face", "pair", "identity", "sample", "subject", "class", "photo", "celebrity", "person",
              "individual"}
DATA_NOUNS = DATA_ITEMS | {"dataset", "data", "set", "subset", "benchmark", "list", "corpus", "database", "collection",
                           "split", "version", "protocol", "partition", "gallery", "probe", "cleanlist", "testset",
                           "trainset"}
# What may be taken out of what is in a dataset: "duplicate labels in X were removed".
REMOVABLE = DATA_ITEMS | ARTEFACTS | {"duplicate", "noise", "outlier", "overlap"}


# Models a gapped clause may train: "A was trained on Y, and the backbone on X".
GAPPED_MODELS = {"model", "network", "net", "backbone", "extractor", "encoder", "recognizer", "recogniser", "detector",
                 "classifier", "teacher", "student", "branch", "head", "cnn", "matcher"}


def _trained_elsewhere(sent: Span, name: Token) -> bool:
    """What the sentence trains on is another named dataset (or the authors' own data), and never
    the name: "models trained on CASIA-WebFace are tested on X", "we train on our in-house set and
    evaluate on X". Not "trained on VGGFace2 and X", nor "trained with SGD on X"."""
    if name.dep_ == "pobj" and name.head.lower_ == "on" and lemma(name.head.head) in GAPPED_MODELS:
        return False        # "the detector was trained on WIDER FACE, and the backbone on X"
    elsewhere = False
    for verb in (t for t in sent if TRAINED_PARTICIPLES.match(t.lower_)):
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("on", "with", "using")):
            if name in prep.subtree:
                return False
            elsewhere = elsewhere or any(_names_data(p, bare=prep.lower_ == "on") for p in prep.children
                                         if p.dep_ == "pobj")
    return elsewhere


def _names_data(token: Token, bare: bool) -> bool:
    """A named dataset ("the BUPT-Globalface set", and with `bare` a name alone: "on CASIA-WebFace")
    or the authors' own data ("our in-house data"); not hardware, a tool or a loss ("8 Tesla GPUs",
    "with PyTorch", "with the ArcFace loss")."""
    if _named(token):
        return bare
    return lemma(token) in DATA_NOUNS and any(
        _named(c) and c.dep_ in ("compound", "nmod") or c.lower_ in OWN_POSSESSIVES
        for left in token.lefts for c in left.subtree)


def _named(token: Token) -> bool:
    """Spelt as a name ("VGGFace2", "BUPT", "ImageNet"; the small parser's tags miss many), not a
    processor ("GPUs")."""
    text = token.text
    if token.lower_ in PROCESSORS or any(c.dep_ == "nummod" for c in token.children):
        return False                     # ("8 GPUs", "4 V100s": a count of processors)
    return token.pos_ == "PROPN" or any(ch.isupper() for ch in text[1:]) or text[:1].isupper() and any(
        ch.isdigit() for ch in text)


PROCESSORS = {"gpu", "gpus", "tpu", "tpus", "cpu", "cpus", "npu", "npus"}


def _derived(path: list[Token], cited: set[int], own_words: frozenset[str]) -> str:
    """How the authors make data out of the named dataset: "picked" (part of it, see PICKS) or
    "made" (a version of it or data from it: TRANSFORMS, removals, MAKES, ADDS); "" if not. Not a model
    or features made from it ("we prune the network trained on X", "we extract features from X
    images", "we select a ResNet trained on X"), nor work done on it ("we split training on X")."""
    verb = path[-1]
    participle = None
    if (verb.dep_ == "acl" or verb.dep_ == "relcl" and not any(c.dep_ == "auxpass" for c in verb.children)) \
            and verb.head.dep_ in ("dobj", "nsubjpass") and verb.head.head.pos_ == "VERB" \
            and lemma(verb.head) in DATA_NOUNS:
        # "we remove [identities overlapping with LFW] from X", "we use [10K identities sampled
        # from X]": the parser may hang the source on the participle; the verb that takes its
        # noun is the one that acts, and a taking participle takes part of X
        path, verb, participle = [*path, verb.head, verb.head.head], verb.head.head, verb
    elif verb.dep_ == "advcl" and lemma(verb) in ("start", "begin") and verb.head.pos_ == "VERB":
        path, verb = [*path, verb.head], verb.head      # "starting from X, we discard ..."
    actor = _actor(verb, cited, own_words)
    by_doing = verb.tag_ == "VBG" and verb.dep_ in ("pcomp", "advcl")   # "tasks are built by splitting X"
    made = [t for t in verb.children if t.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
    of_items = any(lemma(t) in REMOVABLE or t.lower_ in REMOVABLE for t in made)
    if verb.pos_ != "VERB" or not (actor in ("own", "pipeline") or actor == "impersonal" and (
            _data_subject(verb) or by_doing or of_items)):
        return ""
    word = lemma(verb)
    preps = {t.lower_ for t in path[1:-1] if t.dep_ == "prep"}
    if word in ADDS and any(lemma(t) in ARTEFACTS or t.lower_ in ARTEFACTS for t in made) \
            and not preps - {"for", "to", "onto", "on", "over", "in", "into", "of"}:
        return "made"                   # "pseudo labels are generated for every X image"
    if preps - {"from", "of", "out", "in", "within"}:
        return ""                       # "we split the training on X across GPUs"
    if word not in TAKES - PICKS and not preps & {"from", "out"} and any(
            c.dep_ == "prep" and c.lower_ in ("from", "out") for c in verb.children):
        return ""                       # "the images of X were collected from search engines": not made from X
                                        # (what is removed "from the training set" is still X's)
    source = bool(preps & {"from", "of", "out"}) or "in" in preps and of_items   # "labels in X were removed"
    taken = word if word in TAKES else lemma(participle) if participle is not None else ""
    if taken in TAKES and source:
        return "picked" if taken in PICKS else "made"
    return "made" if word in TRANSFORMS or word in MAKES and any(
        lemma(t) in DATA_NOUNS or t.lower_ in DATA_NOUNS for t in made) else ""


# A part of a dataset that someone picked: "a 2K-identity subset of X", "a random sample of X images".
PARTS = {"subset", "portion", "part", "fraction", "partition", "sample", "selection", "slice", "shard"}


# PICKS as the participles that mark items as picked: "10K randomly selected X identities".
PICKED = {"selected", "sampled", "picked", "chosen", "drawn", "collected", "subsampled"}


def _made_part(name: Token) -> bool:
    """The name is the source of a part the sentence makes or picks: "a 2K-identity subset of X",
    "a subset of 500 identities of X", "90% of the X identities are used for training", "5K randomly
    chosen X identities" (an indefinite, sized or picked part; "the test split of X" is X's own)."""
    taker = name.head.head
    if name.dep_ == "pobj" and taker.dep_ == "acl" and lemma(taker) in TAKES and lemma(taker.head) in DATA_ITEMS:
        return True                     # "10K identities sampled from X"
    token = name.head if name.dep_ in ("compound", "nmod", "amod") and lemma(name.head) in DATA_ITEMS else name
    while True:
        if token != name and any(c.dep_ in ("amod", "acl") and c.lower_ in PICKED for c in token.children):
            return True                 # "10K randomly selected X identities", "a random sample of X images"
        if not (token.dep_ == "pobj" and token.head.lower_ in ("of", "from")):
            return False
        noun = token.head.head
        if lemma(noun) in PARTS:
            sized = [c for c in noun.lefts
                     if c.lower_ in ("a", "an", "random", "small", "smaller", "reduced", "balanced") or c.like_num
                     or c.dep_ in ("nummod", "compound") and any(g.like_num for g in c.subtree)]
            # "the four subsets of X" are X's own parts; "4 subsets of X", "the 10% subset of X" are picked
            return bool(sized) and not (any(c.lower_ == "the" for c in noun.lefts) and all(c.like_num for c in sized))
        if noun.lower_ in ("%", "percent"):
            return noun.head.pos_ == "VERB" and (bool(USE_PREDICATE.match(lemma(noun.head))) or lemma(
                noun.head) in TAKES | TRANSFORMS | {"reserve", "hold", "allocate", "leave", "assign"})
        if lemma(noun) not in DATA_ITEMS:
            return False
        token = noun                    # "a subset of 500 identities of X": on to what the items are taken into


def _said_of(subject: Token, name: Token) -> bool:
    """The subject is the dataset ("X has 85K identities", "the X dataset contains ..."), not a
    result measured on it ("the accuracy improvement on X is equal to ...")."""
    return name == subject or name in subject.subtree and not any(
        t.dep_ == "prep" and t.head.pos_ == "NOUN" and lemma(t.head) not in DATA_NOUNS
        for t in name.ancestors if t in subject.subtree)


def _data_subject(verb: Token) -> bool:
    """A passive said of data items: "2,000 identities, which are selected from X", "a subset is
    sampled from X" (a use said impersonally: the data are the paper's)."""
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if subject is not None and subject.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
        subject = verb.head
    # "the calibration set is drawn from X": the parser may take "set" for a verb after its noun
    return subject is not None and any(lemma(t) in DATA_NOUNS for t in subject.doc[subject.i:subject.i + 2]
                                       if t == subject or t.head == subject)


def _data_item(name: Token) -> bool:
    """"MS1MV2 faces", "the identities of X", "X images": the name says whose data items these are
    (or what the runs were on: "our X runs", "the X experiments")."""
    head = name.head
    if name.dep_ == "pobj" and head.lower_ == "of":
        head = head.head
    elif name.dep_ not in ("compound", "nmod", "amod"):
        return False
    items = DATA_ITEMS | {"label", "annotation", "run", "experiment"}
    return lemma(head) in items or (head.like_num or head.pos_ == "NUM") and lemma(head.head) in items   # "93K identities of X"


def _introduced(verb: Token, path: list[Token]) -> bool:
    """The name (or the noun naming it) is the object of an introducing verb: "we release X",
    "this paper contributes a dataset called X" (not "we present results on X")."""
    return lemma(verb) in INTRODUCE and len(path) > 1 and path[-2].dep_ == "dobj" and not any(
        t.dep_ in ("prep", "pobj", "pcomp") for t in path[:-1])


_FIRST_PERSON = re.compile(r"\b(we|our|ours|us)\b", re.I)
_THEY = re.compile(r"\b(they|their|them)\b", re.I)


def read_without_parser(text: Neutralised) -> Reading:
    """A rough reading when no parser is installed: first person is the authors, a citation
    standing for people or "they" is others, anything else is impersonal."""
    if _FIRST_PERSON.search(text.text):
        actor = "own"
    elif text.cited_at or _THEY.search(text.text):
        actor = "others"
    else:
        actor = "impersonal"
    verb = re.search(r"\b(\w+?)(?:ed|es|s)?\s+(?:on|with|from)?\s*$", text.text[:text.name_start])
    return Reading(actor=actor, verb=verb.group(1).lower() if verb else "", clause=text.text[:160])


def _taken_up(verb: Token, name: Token) -> Token | None:
    """"X contains 5.8M images, and it is used to ...", "X holds 10M images and it serves to ...":
    the pronoun that takes the name up in a clause joined to what describes it, where the use is said;
    or "this dataset" in the main clause after a reason that describes it ("as X has 85K identities,
    we split this dataset into folds")."""
    subject = _subject(verb)
    if lemma(verb) not in DESCRIPTIONS or subject is None or name not in subject.subtree:
        return None
    found = next((s for c in verb.children if c.dep_ in ("conj", "parataxis", "ccomp") and c.i > verb.i
                  for s in c.children if s.dep_ in ("nsubj", "nsubjpass") and s.lower_ == "it"), None)
    if found is None and verb.dep_ == "advcl":     # "Since X has noisy labels, we clean this dataset first"
        found = next((s for s in verb.head.subtree if s not in verb.subtree and s.dep_ in ("nsubjpass", "dobj", "pobj")
                      and lemma(s) in DATA_NOUNS and any(d.lower_ in ("this", "these") for d in s.children)), None)
    return found


def _climb(token: Token) -> list[Token]:
    """The name, then each head up to the first predicate (a verb, or the root)."""
    path = [token]
    while token.head != token and not (token != path[0] and _is_predicate(token)):
        if token.dep_ not in _NOMINAL and token != path[0]:
            break
        token = token.head
        path.append(token)
    return path


def _is_predicate(token: Token) -> bool:
    """A verb or the root; not a participle inside a noun phrase ("the X one-shot learning task")
    nor "including" opening a list of examples ("datasets, including X")."""
    if token.dep_ == "ROOT":
        return True
    if token.dep_ in ("compound", "amod", "nmod") and token.head.pos_ in ("NOUN", "PROPN"):
        return False
    if token.dep_ == "prep" and token.lower_ in ("including", "excluding", "concerning", "regarding"):
        return False
    return token.pos_ in ("VERB", "AUX")


def _compared_to(noun: Token) -> bool:
    """"the same backbone as ArcFace": ArcFace is what the authors' own is likened to."""
    return noun.dep_ == "pobj" and noun.head.lower_ in ("as", "like") and any(
        t.lower_ in ("same", "similar", "identical") for t in noun.head.head.subtree if t.i < noun.head.i)


def _example_of_kind(name: Token) -> bool:
    """"large-scale datasets like X", "benchmarks such as X", "web-scraped sets, including X": the
    name stands for a kind of data.
    What a pipeline is trained on or uses that way is still named ("the backbone is trained on
    datasets such as X"); a claim about it is not ("the framework performs well on datasets like X")."""
    head = name.head
    while head.dep_ == "conj" or head.dep_ == "cc":      # "like X and Y"
        head = head.head
    if name.dep_ == "conj":
        head = next((t for t in name.ancestors if t.dep_ == "pobj"), name).head
    if head.lower_ == "including":           # "training sets for face matchers, including X, ..."
        return head.head.tag_ in ("NNS", "NNPS")
    if head.lower_ not in ("like", "as") or head.i < 2:
        return False
    before = head.doc[head.i - 1]
    if head.lower_ == "as":                  # "datasets such as X", "training sets, such as X"
        before = head.doc[head.i - 2] if before.lower_ == "such" else None
        if before is not None and before.is_punct and before.i > 0:
            before = head.doc[before.i - 1]
    return before is not None and before.tag_ in ("NNS", "NNPS")


def _behind(verb: Token) -> bool:
    """"... fall behind our model": the subject is measured against the authors'."""
    return any(c.dep_ == "prep" and c.lower_ == "behind" for c in verb.children)


def _phrase_head(name: Token) -> Token:
    """The noun the name modifies: "pairs" in "the X test pairs", "RFW, the test pairs"."""
    while name.dep_ in ("compound", "nmod", "amod", "appos") and name.head != name:
        name = name.head
    return name


def _compared_on(path: list[Token]) -> bool:
    """The name is the ground of a comparison, not one of its sides: "we compare the two
    samplers on X", "Table 3 compares our variants across X" (an evaluation on X; not "compared
    with prior work on X", nor "we compare with the baselines on X": those name the rivals)."""
    verb = path[-1]
    compared = [c for c in verb.children if c.dep_ == "dobj"]
    return (len(path) >= 3 and path[1].lower_ in ("on", "across") and lemma(verb) == "compare"
            and verb.tag_ != "VBN" and all(t.dep_ == "dobj" and t.head == verb for t in path[2:-1])
            and not any(m.lower_ in OTHERS_MODIFIERS or m.lower_ in OTHERS_PRONOUNS or _NAME_SHAPE.match(m.text)
                        for c in compared for m in (c, *c.conjuncts, *(t for left in c.lefts for t in left.subtree))))
    # (not "published methods", "ArcFace and CosFace": their rivals)


def _is_contrast(token: Token) -> bool:
    if token.lower_ == "against" and lemma(token.head) in TARGETING:
        return False               # "evaluated against models trained on X": the target, not a rival
    if _other_than(token):
        return False               # "no dataset other than X": an exception (see `_negated`), not a rival
    return token.lower_ in COMPARISONS or lemma(token) in COMPARISONS


def _concessive(verb: Token) -> bool:
    """The predicate's clause, or a clause it sits in, opens with "although", "while", "unlike" ...;
    or the other side of such a contrast is the authors' ("it uses X, while our method uses Y"; not
    "... show that our method reduces bias while keeping accuracy": no subject, no other side)."""
    for t in verb.sent:
        if t.dep_ in ("advcl", "conj") and verb not in t.subtree and any(c.dep_.startswith("nsubj") for c in t.children) \
                and _actor(t, set()) == "own" and any(
                g.dep_ in ("mark", "cc") and g.lower_ in CONCESSIONS | {"but"} for g in t.children):
            return _actor(verb, set()) != "own"
    for t in [verb, *verb.ancestors]:
        if any(c.dep_ in ("mark", "prep", "advmod") and c.lower_ in CONCESSIONS for c in t.children):
            return _actor(t, set()) != "own"
        if t.dep_ not in ("advcl", "conj", "xcomp", "relcl", "acl", "pcomp", "pobj", "prep", "ccomp"):
            break
    return False


# What a pronoun that takes the dataset up again does with it, for the negation to be narrowed
AFFIRMING = {"use", "employ", "adopt", "serve", "utilise", "utilize", "leverage", "keep", "retain", "reserve", "apply"}


def _left_standing(sent: Span, name: Token, verb: Token) -> Token | None:
    """What a negation leaves of the name's use: a narrowed purpose ("X is not used for A, only
    for B", "not for training but only as distractors"), or a later pronoun that takes X up in a
    use of its own ("we do not train on X; instead, it serves as distractors", "as X has no age
    labels, we use it only to pre-train"): the sentence limits the use, it does not deny it."""
    for c in (p for c in verb.children if c.dep_ == "prep" for p in (c, *c.conjuncts)):
        if name not in c.subtree and (
                c.lower_ == "except" or any(g.dep_ == "advmod" and g.lower_ == "only" for g in c.children)):
            return c               # "... not used for A, only for B", "never used except for pre-training"
    for t in sent[name.i - sent.start + 1:]:
        if t.pos_ == "PROPN" and t.i > name.i + 1:
            return None            # another name the pronoun could take up: "... we adopted Y and used it"
        if t.lower_ in ("it", "them") and t.dep_ in ("dobj", "nsubj", "nsubjpass") \
                and lemma(t.head) in AFFIRMING and not any(c.dep_ == "neg" for c in t.head.children):
            return t
    return None


def _negated(path: list[Token]) -> bool:
    """"we do not use X", "without X", "instead of X", "no X images were used", "none of our models".
    An exception turns it round: "no other data except X were used", "apart from X, no data ..."."""
    head = path[1] if len(path) > 1 else path[0]         # what the name is the object of
    if head.lower_ == "besides" or head.lower_ == "from" and head.head.lower_ == "apart":
        return False               # an exception to a denial, or an addition ("besides X, we also ...")
    denied = _denied(path)
    if head.lower_ in ("except", "excluding") or _other_than(head):
        return not denied          # "all data except X" leaves X out; "no data except X" keeps it
    return denied or any(t.lower_ in NEGATORS for t in path[1:])


def _other_than(token: Token) -> bool:
    return token.lower_ == "than" and token.i > 0 and token.doc[token.i - 1].lower_ == "other"


def _denied(path: list[Token]) -> bool:
    """The clause the name sits in says no (see `_negated`); not "X ... is not publicly available"
    (what is denied is access, not use)."""
    verb = path[-1]
    if lemma(verb) == "be" and any(c.dep_ == "acomp" and c.lower_ in ("available", "accessible")
                                   for c in verb.children):
        return False
    return (_advised_against(verb)
            or any(lemma(t) in REFUSALS or any(c.dep_ in ("prt", "advmod") and c.lower_ == "aside" for c in t.children)
                   for t in _governing(verb))      # ("set X aside", "put aside X")
            or any(c.dep_ == "neg" or c.lower_ == "neither" for t in _conjuncts(verb) for c in t.children)
            or any(c.lower_ in ("no", "zero") and c.dep_ in ("advmod", "det", "nummod")
                   or c.lower_ == "instead" and (t.lower_ == "of" or any(g.lower_ == "of" for g in c.children))
                   for t in path for c in t.children)      # (a bare "instead": X is what is used in its place)
            or any(t.lower_ == "than" and "rather" in {g.lower_ for g in (*t.children, t.head, *t.head.children)}
                   for t in path)      # "initialised from ImageNet rather than X"
            or any([w.lower_ for w in t.doc[max(0, t.left_edge.i - 2):t.left_edge.i]] == ["rather", "than"]
                   for t in path[:2])  # "trained on A rather than (on) the original X", parsed as a list
            or any(c.dep_ in ("acomp", "oprd") and c.lower_ in INFEASIBLE for t in _governing(verb) for c in t.children)
            or any(c.dep_.startswith("nsubj") and (c.lower_ in ("none", "neither", "nothing") or any(
                g.dep_ == "det" and g.lower_ == "no" for g in c.children)) for c in verb.children)   # "no model ... was"
            or any(t.dep_ == "conj" and lemma(t) in DROPS and any(
                c.dep_ in ("nsubjpass", "dobj") and c.lower_ in ("it", "them") for c in t.children)
                for t in verb.children))      # "X was considered, but it was discarded"


PUBLICATIONS = {"paper", "study", "publication", "article", "work", "submission", "entry", "literature", "disclosure",
                "brochure", "datasheet", "whitepaper", "documentation", "website", "announcement"}
PEOPLE = {"author", "vendor", "submitter", "participant", "developer", "researcher", "team", "organizer", "reviewer",
          "organiser", "company", "provider", "maintainer", "creator", "group", "competitor", "entrant", "supplier",
          "manufacturer", "contractor"}
CLAIMS = {"show", "demonstrate", "find", "prove", "verify", "confirm", "observe", "establish"}
REPORTING = {"report", "state", "claim", "note", "find", "show", "say", "suggest", "mention", "observe", "write", "assume",
             "describe", "explain", "argue", "indicate", "confirm", "disclose", "declare"}


def _reported_by_others(verb: Token, cited: set[int]) -> bool:
    """The statement is what someone else reports: a clause under "<someone> report(s) that ..."."""
    for t in [verb, *verb.ancestors]:
        if t.dep_ == "ccomp" and lemma(t.head) in REPORTING:
            subject = next((c for c in t.head.children if c.dep_ == "nsubj"), None)
            return subject is not None and (_noun_actor(subject, cited) in ("others", "named")
                                            or lemma(subject) in PEOPLE)
    return False


def _governing(verb: Token) -> list[Token]:
    """The verb and the predicates above it, up to a coordination ("we avoided A, but the loss
    uses X": "avoided" does not govern "uses")."""
    out = [verb]
    while out[-1].dep_ != "conj" and out[-1].head != out[-1]:
        out.append(out[-1].head)
    return out


def _conjuncts(verb: Token) -> list[Token]:
    """The verb and the verbs it is coordinated under: "did not download or process X"."""
    out = [verb]
    while out[-1].dep_ == "conj" and out[-1].head != out[-1]:
        out.append(out[-1].head)
    return out


# "It is common (practice) to pre-train on X": what is usually done, not what this work did.
USUAL = {"common", "usual", "customary", "standard", "typical", "popular", "conventional", "widespread", "routine"}


def _common_practice(verb: Token) -> bool:
    """The verb is what "it is common (practice) to" do."""
    head = verb.head
    return verb.dep_ == "xcomp" and lemma(head) == "be" and any(c.lower_ == "it" for c in head.children) and any(
        t.lower_ in USUAL for c in head.children if c.dep_ in ("acomp", "attr") for t in c.subtree)


def _hypothetical(verb: Token) -> bool:
    """"If X were used, ... would ...", "Were X available, we would ...": a condition, not a use
    (though "if we train on X, accuracy rises" may report the authors' own ablation)."""
    for t in [verb, *verb.ancestors]:
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in t.children):
            # "if CASIA is changed to X, accuracy rises 0.3%": an ablation's result, said as a condition
            # (not "if X were replaced ..., we would ...")
            return not (lemma(t) in SUBSTITUTIONS and not any(
                w.lower_ in ("were", "would", "could", "might", "should") for w in t.sent))
        if t.dep_ == "advcl" and t.lower_ in ("were", "had") and t.i == t.sent.start:
            return True
        if t.dep_ != "advcl":
            break
    return False


INTENTIONS = {"intend", "plan", "hope", "wish", "want"}


def _unrealised(verb: Token) -> bool:
    """Whoever acts, nothing was done: "Had we trained on X, ...", "we would train on X", "the loss
    could also be applied when training on X", "extending the evaluation to X would show ..."."""
    for t in [verb, *verb.ancestors]:
        if any(c.dep_ == "aux" and (c.lower_ in CONDITIONALS or c.lower_ in ("had", "were") and c.i == t.sent.start)
               for c in t.children):
            return True
        if t.dep_ == "xcomp" and lemma(t.head) in INTENTIONS and t.head.tag_ == "VBD" and any(
                w.lower_ in ("but", "however", "unfortunately") for w in t.sent[t.head.i - t.sent.start:]):
            return True                   # "I intended to train on X, but ..." (a plan of the write-up,
                                          # "the team plans to adopt X", is what it describes)
        if t.dep_ not in ("advcl", "csubj", "xcomp") and not (t.dep_ == "nsubj" and t.pos_ == "VERB"):
            # (through "training on X would be preferable", a gerund the small model calls a subject)
            return False
    return False


# What a tool makes possible is not what was done with it: "our code supports training on X"
CAPABILITIES = {"support", "allow", "enable", "permit", "accommodate"}
# Verbs whose "against" refuses: "advised against using X", "decided against training on X"
AGAINST = {"advise", "warn", "recommend", "caution", "argue", "decide"}


def _open_question(name: Token) -> bool:
    """The name is inside a question left open ("whether models trained on X transfer remains
    open", "a reviewer asked whether ..."), not one the authors examine ("we test whether ...")."""
    for t in name.ancestors:
        if any(c.dep_ == "mark" and c.lower_ == "whether" for c in t.children):
            if t.dep_ == "advcl" and any(c.lower_ == "or" for c in t.subtree):
                return False               # "whether we train on X or on Y, the gap persists"
            asker = t.head
            while asker.dep_ in ("xcomp", "advcl", "acl") and asker.head != asker:
                asker = asker.head         # "to check whether ..., we run": the main clause asks
            return t.head == t or _actor(asker, set()) not in ("own", "pipeline")
    return False


def _capability(path: list[Token]) -> bool:
    """"The framework supports/allows training on X": the use is a gerund the predicate makes possible."""
    def gerund(t: Token) -> bool:       # (the small model tags "training" in "supports training" a noun)
        return t.dep_ in ("dobj", "xcomp", "pcomp", "ccomp") and (t.tag_ == "VBG" or t.lower_.endswith("ing"))
    verb = path[-1]
    able = verb if lemma(verb) in CAPABILITIES else verb.head if gerund(verb) else None
    if able is None or lemma(able) not in CAPABILITIES or able.tag_ == "VBD":
        return False               # ("mixed precision allowed training on X in two days": done)
    return able != verb or any(gerund(t) for t in path[1:-1])


def _advised_against(verb: Token) -> bool:
    """"advised against using X", "decided against training on X"."""
    return verb.dep_ == "pcomp" and verb.head.lower_ == "against" and lemma(verb.head.head) in AGAINST


def _bare_plural(noun: Token) -> bool:
    """"Models", "networks" with no determiner or possessive: a class of things, not ours (nor "an
    ensemble of models": a group)."""
    group = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else None
    return noun.tag_ in ("NNS", "NNPS") and not any(
        c.dep_ in ("det", "poss", "predet", "nummod") or c.dep_ == "compound" and not c.text.islower()
        for c in noun.children) and not (      # ("identity embeddings" is bare; "ResNet models" names its kind)
        group is not None and group.pos_ == "NOUN" and any(c.dep_ in ("det", "poss", "nummod") for c in group.children))


def _subject(verb: Token) -> Token | None:
    """The verb's subject or passive agent, inherited from the clause it depends on."""
    for c in verb.children:     # "trained by [12]" names people; "trained by ArcFace loss" does not
        agent = next((g for g in c.children if g.dep_ == "pobj"), None) if c.dep_ == "agent" else None
        if agent is not None and (agent.lower_ in OWN_PRONOUNS | OTHERS_PRONOUNS or lemma(agent) in PEOPLE
                                  or not _NAME_SHAPE.match(agent.text) and agent.pos_ == "PROPN"):
            return agent
    for deps in (("nsubj", "csubj", "expl"), ("nsubjpass",)):
        for c in verb.children:
            if c.dep_ in deps:          # "their authors, all of whom trained on X": the authors
                return _antecedent(c) if verb.dep_ == "relcl" and _of_which(c) else c
    if verb.dep_ in ("xcomp", "advcl", "conj", "ccomp", "pcomp") and verb.head != verb:
        head = verb.head       # "after being trained on X, our model ...": through the preposition
        return _subject(head.head if verb.dep_ == "pcomp" and head.dep_ == "prep" else head)
    if verb.dep_ in ("acl", "relcl"):
        return verb.head
    return None


def _actor(verb: Token, cited: set[int], own_words: frozenset[str] = frozenset(), name: Token | None = None) -> str:
    if verb.dep_ in ("acl", "relcl") and verb.head.i in cited:
        return "others"            # "[31], where the network was trained on X"
    if _cited_locus(verb, cited):
        return "others"
    if _unsaid_subject(verb):
        return "own"               # "Download the model trained on X", "Includes weights trained on X"
    subject = _subject(verb)
    if subject is None or (name is not None and name in subject.subtree and verb not in subject.subtree):
        agent = next((p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"), None)
        if subject is not None and agent is not None and name not in agent.subtree:
            # "X has been used by many works [3, 5]", "X was collected by Microsoft"
            kind = _noun_actor(agent, cited, own_words)
            return "others" if kind == "named" else kind
        return "impersonal"        # "X is used ...", "X contains ...": said of the dataset itself
    if subject.dep_ == "nsubjpass" and not any(c.dep_ == "agent" for c in verb.children):
        # "X is used", "the backbone is trained on X": a passive; its subject may still be ours.
        if subject.lower_ in ("they", "them", "it"):
            return "impersonal"    # "they were trained on X": things, not people
        if TRAINED_PARTICIPLES.match(verb.lower_) and any(m.dep_ == "poss" and lemma(m) in PEOPLE for m in subject.children):
            return "others"        # "the supplier's model had been trained on X" (not "the vendor's engine was replaced")
        kind = _noun_actor(subject, cited, own_words)
        if kind == "named" and lemma(verb) in SUBSTITUTIONS:
            return "impersonal"    # "CASIA is changed to X": the named thing is swapped out, by no one named
        return {"named": "others"}.get(kind, kind)
    kind = _noun_actor(subject, cited, own_words)
    if subject.lower_ in READER_PRONOUNS and (
            any(c.lower_ in ("could", "might", "would", "may") for c in verb.children) or _hypothetical(verb)):
        return "impersonal"        # "you could/may train on X", "if you train on X": a possibility
    if subject.lower_ in READER_PRONOUNS and (subject.head.tag_ == "VBD" or subject.head.tag_ == "VBN" and any(
            c.dep_ == "aux" and lemma(c) == "have" for c in subject.head.children)):
        return "others"            # "you chose / you've chosen X": what the reader did (a review), no instruction
    if kind == "named" and _self_reference(verb):
        return "own"               # "we show that NSR-FC reaches ... on X": the authors' named method
    return "others" if kind == "named" else kind     # "ArcFace uses X": a named method is someone's


# Verbs that open an instruction to the reader; the small parser often reads a capitalised one as a
# name ("Download MS1MV2 from ..."), so they are also recognised by their place.
INSTRUCTIONS = {"download", "fetch", "get", "grab", "unpack", "unzip", "extract", "load", "place", "put", "use",
                "train", "finetune", "pretrain", "run", "prepare", "install", "convert", "set", "execute", "launch"}


def _instruction(sent: Span) -> Token | None:
    """The verb opening a sentence that tells the reader what to do ("Download and extract the
    MS1M set"), not a noun ("Use of X is ...", "Train/test splits ...")."""
    first = next((t for t in sent if not (t.is_punct or t.is_space)), None)     # after bullets
    if first is not None and first.lower_ == "to":      # "To train on X, run train.py": the purpose, then the order
        comma = next((t for t in sent if t.i > first.i and t.text == ","), None)
        first = next((t for t in sent if comma is not None and t.i > comma.i and not t.is_punct), None)
    if first is None or first.i + 1 >= sent.end or first.lower_ not in INSTRUCTIONS or first.tag_ in (
            "VBZ", "VBD", "VBG", "NNS"):
        return None
    after = sent.doc[first.i + 1]
    if after.lower_ in ("of", "/", "-", "is", "was", "are", "set", "data", "split", "splits", "time",
                        "simply", "differently", "otherwise", "another", ","):     # "Put simply, ..."
        return None
    if after.lower_ in ("and", "or") and first.i + 2 < sent.end and sent.doc[first.i + 2].lower_ in (
            "test", "testing", "validation", "evaluation", "val"):
        return None                     # "Train and test identities of X overlap ..."
    return first


def _unsaid_subject(verb: Token) -> bool:
    """A use verb opening its sentence with no subject: an instruction to the reader ("Download
    the model ...") or a README's line about itself ("Includes a model ..."). In related work the
    subject may be a cut-off run-in heading ("ArcFace: Uses X ..."): the judge does not count it there."""
    if verb.dep_ not in ("ROOT", "ccomp") or verb.tag_ not in ("VB", "VBZ") or not USE_PREDICATE.match(lemma(verb)):
        return False
    return all(t.is_punct or t.dep_ == "advmod" for t in verb.sent[:verb.i - verb.sent.start])


def _cited_locus(verb: Token, cited: set[int]) -> bool:
    """"In [12], X is used": the statement is placed in a cited work ("as in [12]" follows it).
    "In the paper, we used X" (a README about its paper) is the authors' own."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    ours = subject is not None and subject.lower_ in OWN_PRONOUNS
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "by", "within") and not any(
                g.lower_ in ("as", "like") for g in c.children if g.dep_ in ("advmod", "prep")):
            if any(g.dep_ == "pobj" and (g.i in cited or lemma(g) in PUBLICATIONS and not ours and not any(
                    m.lower_ in ("this", "our", "present") for m in g.children)) for g in c.children):
                return True        # "in [12]", "in 212 papers" (not "in this paper")
    return False


def _noun_actor(noun: Token, cited: set[int], own_words: frozenset[str] = frozenset()) -> str:
    """Who a noun phrase stands for."""
    word = noun.lower_
    if noun.i in cited or word in OTHERS_PRONOUNS:
        return "others"
    if word in OWN_PRONOUNS or word in READER_PRONOUNS:
        return "own"
    if noun.tag_ == "WDT" or word in ("which", "that", "who") and noun.dep_.startswith("nsubj"):
        head = noun.head.head if noun.head.dep_ == "relcl" else None
        if head is None:
            return "impersonal"
        kind = _noun_actor(head, cited, own_words)
        clause = noun.head          # the relative clause: not "a dataset that can replace X"
        if kind == "impersonal" and head.dep_ in ("dobj", "attr") and lemma(head.head) not in COMPARISONS and any(
                c.dep_ == "nsubj" and (c.lower_ in OWN_PRONOUNS or any(g.lower_ in OWN_POSSESSIVES for g in c.children))
                for c in head.head.children) and not (
                lemma(clause) in DROPS or any(c.dep_ == "aux" and c.lower_ in HEDGES for c in clause.children)):
            return "own"           # "we release a recogniser that, when trained on X, attains ...", "my first
                                   # contribution is a sampler that builds a subset from X"
        return kind
    mods = list(noun.children)
    # "our model", "the proposed method" (not "models proposed in the literature")
    if any(m.lower_ in OWN_POSSESSIVES for m in mods) and lemma(noun) in WORKS | PUBLICATIONS and any(
            m.lower_ in ("previous", "prior", "earlier", "former", "past") for m in noun.lefts):
        return "others"            # "our previous work trained on X": another paper, even if theirs
    if any(m.lower_ in ("our", "my", "ours") for m in mods) or any(
            m.lower_ == "proposed" for left in noun.lefts for m in left.subtree) or any(
            m.lower_ == "including" and any(g.lower_ == "ours" for g in m.children) for m in mods) or any(
            p.dep_ == "prep" and p.lower_ in ("with", "using", "by") and any(
                g.lower_ in ("proposed", "our") for o in p.children for g in o.children)
            for c in mods if c.dep_ == "acl" for p in c.children):
        return "own"               # (also "all entries, including ours, ...", "a model trained on X with the proposed loss")
    clauses = [t for c in noun.children if c.dep_ in ("relcl", "acl") for t in c.subtree]
    if any(m.i in cited or m.lower_ in OTHERS_PRONOUNS and (m.dep_ not in ("dobj", "pobj") or m.head.lower_ == "by")
           for m in noun.subtree if m not in clauses):
        return "others"            # (not "... and place them in the folder": the things, not people; not
                                   # "identities, which are selected by their fame": the clause's own words)
    if any(m.lower_ in OTHERS_MODIFIERS for left in noun.lefts for m in left.subtree) and not any(
            m.lower_ == "no" for m in noun.lefts):      # (not "no other data were used")
        return "others"                # "previous methods", "most surveyed methods", "other recent works"
    if word in ("author", "team", "researcher", "writer", "proponents") and [
            m.lower_ for m in mods if m.dep_ == "det"] == ["the"] and all(
            m.dep_ == "det" or m.dep_ == "compound" and m.text.islower() for m in mods):
        return "own"                   # a thesis's "the author", "the researcher", a capstone report's "the
                                       # proponents", a report's "the (evaluation) team"
    if lemma(noun) in PEOPLE | PUBLICATIONS and not any(m.lower_ in ("this", "present", "current") for m in mods):
        return "others"                # "papers that trained on X", "vendors that used X" (not "this work")
    if lemma(noun) in WORKS and any(m.lower_ in ("these", "those", "such") for m in noun.lefts):
        return "others"                # "these methods" (the ones just cited), not "these weights"
    if word in own_words:
        return "own"
    if lemma(noun) in DOCUMENT_PARTS and any(c.like_num for c in noun.children):
        return "pipeline"              # "Task 5 uses X", "Experiment 2 is trained on X"
    counted = noun.like_num or word in ("%", "percent") and any(c.like_num for c in noun.children)
    if noun.dep_.startswith("nsubj") and (counted or word in ("most", "many", "several", "half", "some")) \
            and not any(c.dep_ == "compound" or c.dep_ == "punct" and c.lower_ != "%" for c in noun.lefts):
        counted_in = [g for c in noun.children if c.lower_ in ("of", "among") for g in c.children if g.dep_ == "pobj"]
        of = next((g for g in counted_in if not g.like_num), counted_in[0] if counted_in else None)
        # "41 of the surveyed studies used X": the counted works act
        if of is None:
            return "others" if counted else "impersonal"
        if of.lower_ in ("those", "them", "these"):
            return "others"        # "41% of those published after 2019 trained on X"
        return _noun_actor(of, cited, own_words)
    if (noun.pos_ == "PROPN" and noun.i != noun.sent.start) or _NAME_SHAPE.match(noun.text):
        name = " ".join(t.text for t in noun.subtree if t.dep_ in ("compound",) or t == noun)
        return "pipeline" if ARCHITECTURE.search(name) else "named"
    base = lemma(noun)
    if base in SELF_NOUNS and any(m.lower_ in ("this", "present", "current") for m in mods):
        return "own"
    if base in PIPELINE_NOUNS or base.rstrip("s") in PIPELINE_NOUNS:
        return "pipeline"
    return "impersonal"


TRIALS = {"experiment", "evaluation", "validation", "result", "test", "testing", "ablation", "benchmarking", "trial",
          "check"}


def _trial(path: list[Token], cited: set[int], own_words: frozenset[str]) -> Token | None:
    """"Experiments on X", "results on X", "ablations with models trained on X": an experiment
    noun the name hangs from by a preposition. Unless someone else's ("the results on X of [3]",
    "previous experiments"), the experiments are the paper's own."""
    last = path[-1]
    if last.dep_ == "pcomp" and last.head.dep_ == "prep":      # "experiments by training on X"
        path = [*path, last.head, last.head.head]
    elif last.dep_ == "pobj" and last.tag_.startswith("VB") and last.head.dep_ == "prep":
        path = [*path, last.head, last.head.head]   # "experiments on X show that ...", "X show" read as a noun
    for prep, noun in zip(path, path[1:]):
        if prep.dep_ == "prep" and prep.lower_ in ("on", "with", "using", "over", "across", "of", "by") \
                and noun.pos_ == "NOUN" and lemma(noun) in TRIALS:
            return noun if _noun_actor(noun, cited, own_words) not in ("others", "named") else None
    subject = _subject(path[-1]) if len(path) > 1 else None     # "the experiments are run with models trained on X"
    if (subject is None or subject.pos_ != "NOUN" or lemma(subject) not in TRIALS) \
            and path[-1].dep_ in ("csubj", "ccomp", "advcl", "xcomp", "conj"):
        # "experiments show that cleansing datasets such as X improves ...": what they show was done
        shows = next((t for t in path[-1].ancestors if lemma(t) in SHOWING), None)
        subject = next((c for c in shows.children if c.dep_ == "nsubj"), None) if shows is not None else None
    if subject is not None and subject.pos_ == "NOUN" and lemma(subject) in TRIALS:
        return subject if _noun_actor(subject, cited, own_words) not in ("others", "named") else None
    return None


SHOWING = {"show", "demonstrate", "confirm", "reveal", "indicate", "verify", "prove"}


def _of_which(subject: Token, pronouns: tuple[str, ...] = ("which", "whom")) -> bool:
    """"all of which", "two of whom": a relative clause's subject that is part of what it is said of."""
    return any(g.dep_ == "prep" and g.lower_ == "of" and any(w.lower_ in pronouns for w in g.children)
               for g in subject.children)


def _antecedent(quantifier: Token) -> Token:
    """What "all of which/whom" is part of: the noun before its comma (the parser may hang the
    clause on an earlier noun: "the numbers published by their authors, all of whom ...")."""
    before = quantifier.doc[quantifier.i - 1] if quantifier.i > 0 else quantifier
    if before.text == "," and quantifier.i > 1:
        before = quantifier.doc[quantifier.i - 2]
    return before if before.pos_ in ("NOUN", "PROPN", "PRON") else quantifier.head.head


def _model_holder(path: list[Token]) -> Token | None:
    """"<noun> trained on X": the noun a trained-on participle on the path modifies. A model's
    name as the subject of a bare "trained on" ("ArcFace trained on X with weights from [1].") is
    the same thing parsed as a clause: models do not train themselves."""
    verb = path[-1]
    if not TRAINED_PARTICIPLES.match(verb.lower_):
        return None
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM", "X"):
        return verb.head
    if verb.dep_ == "relcl" and any(c.dep_.startswith("nsubj") and (c.tag_ in ("WDT", "WP") or any(
            g.lower_ == "whose" for g in c.children)) for c in verb.children):
        return verb.head                # "a model that was trained on X", "a model pack whose network was ..."
    if verb.dep_ == "relcl" and any(c.dep_ == "dobj" and c.tag_ == "WDT" for c in verb.children) \
            and USE_PREDICATE.match(lemma(_climb(verb.head)[-1])):
        return verb.head                # "features come from a network that its developers trained on X" (not
                                        # "the model that [5] trained on X is more accurate than ours")
    quantifier = next((c for c in verb.children if c.dep_.startswith("nsubj") and _of_which(c, ("which",))), None)
    if verb.dep_ == "relcl" and quantifier is not None:
        return _antecedent(quantifier)  # "three models, all of which were trained on X"
    before = verb.doc[verb.i - 1] if verb.i > 0 else None
    if before is not None and before.text in (",", "(") and verb.i > 1:
        before = verb.doc[verb.i - 2]   # "we will use the checkpoint, trained on X by its authors, ..."
    if verb.dep_ in ("advcl", "conj", "xcomp") and verb.tag_ in ("VBN", "VBD") and before is not None \
            and before.dep_ in ("pobj", "dobj", "appos") and before.pos_ in ("NOUN", "PROPN") \
            and not any(c.dep_.startswith(("nsubj", "aux")) for c in verb.children):
        return before                   # "we compare against ArcFace trained on X", "we use the extractor from
                                        # [5] pre-trained on X", misparsed as "we ... trained"
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if (subject is not None and verb.tag_ in ("VBD", "VBN") and not any(c.dep_.startswith("aux") for c in verb.children)
            and (_is_name(subject) or lemma(subject) in PIPELINE_NOUNS and verb.dep_ == "ccomp"
                 and USE_PREDICATE.match(lemma(verb.head)))):
        return subject                  # (and "we adopt [the encoder from [8] pre-trained on X]", read as a clause)
    # "ArcFace is pre-trained on X": a named model described by its pre-training is a released model
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if subject is not None and verb.lower_.startswith("pre") and _is_name(subject):
        return subject
    return None


def _named_model(noun: Token, own_words: frozenset[str]) -> bool:
    """A model known by someone's name ("the FaceNet model", "ArcFace"), not an architecture the
    authors build on ("a ResNet-50") nor their own method."""
    if noun.dep_ == "attr":            # "the FaceNet model is a network (trained on X)"
        noun = next((c for c in noun.head.children if c.dep_ == "nsubj"), noun)
    parts = [noun, *(c for c in noun.children if c.dep_ in ("compound", "appos", "nmod"))]
    return any(_noun_actor(t, set(), own_words) == "named" for t in parts)


def _is_name(token: Token) -> bool:
    """A model's name: "ArcFace", or "IR-50" (a number with a name before it)."""
    if token.lower_ in OWN_PRONOUNS:
        return False
    return token.pos_ == "PROPN" or bool(_NAME_SHAPE.match(token.text)) or (
        token.like_num and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in token.children))


RELEASE_WORDS = {"released", "pretrained", "public", "publicly", "available", "off-the-shelf", "provided",
                 "downloaded", "official", "checkpoint", "checkpoints", "weights"}


# What marks a model as one the authors take as it is: someone else's release, or the model an
# attack or an audit is run against.
AS_IS = RELEASE_WORDS | {"frozen", "fixed", "target", "victim", "attacked", "black", "white", "third-party",
                         "existing"}
IN_HOUSE = {"in-house", "own", "our", "my"}


def _taken_as_is(holder: Token) -> bool:
    """"a frozen encoder", "the target models", "an identity critic" the work depends on: a model
    trained on X that the sentence hands to the work (as an object, not as the subject of a result)."""
    words = {t.lower_ for left in holder.lefts for t in left.subtree}
    if words & IN_HOUSE:                # "our frozen encoder", "an in-house model"
        return False
    return bool(words & AS_IS) or bool(words & {"a", "an"}) and not holder.dep_.startswith("nsubj")


def _used_as_is(verb: Token, model: Token, cited: set[int]) -> bool:
    """"<model> was used / is adopted as ...": a passive use of the model that names no user (not
    "... in later studies (Kim et al., 2022)", "... in many follow-up works")."""
    if not (USE_PREDICATE.match(lemma(verb)) and model.dep_ == "nsubjpass" and model.head == verb):
        return False
    rest = [t for t in verb.subtree if t not in model.subtree]
    return not any(c.dep_ == "agent" for c in verb.children) and not any(
        t.i in cited or t.tag_ == "NNS" and lemma(t) in PUBLICATIONS | WORKS for t in rest)


def _agent(participle: Token) -> str | None:
    """Who the participle says acted: "own" ("trained by us on X", "by our group"), "others"
    ("annotated by [33]", "by Smith et al."), None when it names no one."""
    agent = next((c for c in participle.children if c.dep_ == "agent"), None)
    if agent is None:
        return None
    return "own" if any(g.lower_ in OWN_PRONOUNS for g in agent.subtree) else "others"


def _released(noun: Token | None) -> bool:
    """A model someone released: "the released checkpoint", "publicly available weights"; not
    data ("the recently released X dataset")."""
    if noun is not None and noun.tag_ in ("WDT", "WP") and noun.head.dep_ == "relcl":
        noun = noun.head.head
    return noun is not None and lemma(noun) not in DATA_NOUNS and (noun.lower_ in RELEASE_WORDS or any(
        t.lower_ in RELEASE_WORDS for left in noun.lefts for t in left.subtree))


def _self_reference(verb: Token) -> bool:
    """"In this paper/thesis, X is used ...", "we show that models trained on X ...": the statement
    is about the authors' own work."""
    for t in [verb, *verb.ancestors]:
        if t.dep_ == "ccomp" and lemma(t.head) in CLAIMS and any(    # "we show", "our results demonstrate"
                c.dep_ == "nsubj" and (c.lower_ in OWN_PRONOUNS or any(g.lower_ == "our" for g in c.children))
                for c in t.head.children):
            return True
        for c in t.children:
            if c.dep_ == "prep":
                obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if obj is not None and lemma(obj) in SELF_NOUNS and any(
                        m.lower_ in ("this", "our", "present", "current") for m in obj.children):
                    return True
    return False


def _span_of(verb: Token, name: Token) -> set[int]:
    """The tokens of the verb's clause that matter: the verb, its subject, its particles and the
    path down to the name."""
    keep = {verb.i, name.i, *(t.i for t in name.ancestors if verb in t.ancestors or t == verb)}
    subject = _subject(verb)
    if subject is not None and subject.sent == verb.sent:
        keep |= {t.i for t in subject.subtree}
    keep |= {c.i for c in verb.children if c.dep_ in ("aux", "auxpass", "neg", "mark", "agent", "prt")}
    return keep
