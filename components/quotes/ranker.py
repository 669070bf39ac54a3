"""A learned choice among the people around a quote that no cue, label or previous quote attributes.

Each person named near such a quote (in its paragraph or the one before, outside quotes) is a candidate described by a
few general features: whether it is the subject above the quoted words or of the sentence before, whether it is a
subject at all, its side and distance, whether it spoke the previous quote. A logistic regression over those features
gives each candidate a probability of being the speaker; the best one speaks when it is likely enough. The same choice
serves a quote whose cue verb the parse left without a subject (the small model cuts a run-on sentence wrong). The
weights are data (`speaker_ranker.json`, written by `benchmarks/train_speaker_ranker.py`), so the choice is learned,
not listed.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from spacy.tokens import Token

from components.quotes.index import DocIndex, TokenRange
from components.quotes.marks import Segment
from components.quotes.speakers import governing_subject, previous_subject

WEIGHTS_PATH = Path(__file__).with_name("speaker_ranker.json")
FEATURES = (
    "governing_subject",  # the subject of a verb above the quoted words
    "previous_subject",  # the subject of the sentence before a quote opening its paragraph
    "is_subject",  # a subject of its own clause
    "same_sentence",  # in the sentence the quote opens in
    "same_paragraph",
    "before",  # named before the quote (else after it)
    "log_distance",  # log(1 + tokens between the name and the quote)
    "previous_speaker",  # spoke the quote before
    "log_mentions",  # log(1 + mentions of the person in the article)
)


class Candidate(NamedTuple):
    token: int
    name: str
    features: tuple[float, ...]


class Weights(NamedTuple):
    bias: float
    coef: tuple[float, ...]
    threshold: float  # the least probability at which the best candidate speaks


def candidates(index: DocIndex, seg: Segment, words: TokenRange, previous_speaker: str) -> list[Candidate]:
    """One candidate per person named around the quote (its nearest mention), with its features."""
    open_tok = index.token_at(seg.open_mark)
    para = index.para[min(open_tok, len(index.doc) - 1)]
    sent = index.sent_no[min(open_tok, len(index.doc) - 1)]
    governing = governing_subject(index, *words)
    previous = previous_subject(index, open_tok) if seg.starts_paragraph else None
    special = {t.i for t in (governing, previous) if t is not None}
    special_names = {index.entity_at[i].name for i in special if i in index.entity_at}
    counts: dict[str, int] = {}
    for mention in index.people:
        counts[mention.name] = counts.get(mention.name, 0) + 1
    nearest: dict[str, Candidate] = {}
    for i, name, is_subject in index.people:
        if index.inside[i] or index.para[i] not in (para, para - 1) or words.start <= i < words.end:
            continue
        before = i < words.start
        distance = words.start - i if before else i - words.end
        entity = index.entity_at[i]
        in_special = any(entity.start <= k < entity.end for k in special)
        features = (
            float(in_special and governing is not None and entity.start <= governing.i < entity.end),
            float(in_special and previous is not None and entity.start <= previous.i < entity.end),
            float(is_subject),
            float(index.sent_no[i] == sent),
            float(index.para[i] == para),
            float(before),
            math.log1p(max(0, distance)),
            float(name == previous_speaker),
            math.log1p(counts[name]),
        )
        known = nearest.get(name)
        if known is None or in_special or (name not in special_names and features[6] < known.features[6]):
            nearest[name] = Candidate(i, name, features)
    return list(nearest.values())


@lru_cache(maxsize=4)
def load_weights(path: Path = WEIGHTS_PATH) -> Weights:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{path} was trained on other features: {data['features']}")
    return Weights(float(data["bias"]), tuple(float(w) for w in data["coef"]), float(data["threshold"]))


def probability(weights: Weights, features: tuple[float, ...]) -> float:
    z = weights.bias + sum(w * x for w, x in zip(weights.coef, features))
    return 1.0 / (1.0 + math.exp(-z))


def best_candidate(weights: Weights, found: list[Candidate]) -> Candidate | None:
    """The likeliest speaker among `found`, when likely enough."""
    if not found:
        return None
    top = max(found, key=lambda c: probability(weights, c.features))
    return top if probability(weights, top.features) >= weights.threshold else None


def described(subject: Token) -> bool:
    """Whether a subject names or describes who speaks: a name, a personal pronoun, or a noun phrase with a
    determiner or a number ("a staffer", "the photo", "hundreds of demonstrators"), rather than a bare noun or a
    demonstrative ("supporters", "that") the parse put above the quote."""
    if subject.ent_type_ == "PERSON" or subject.tag_ in ("NNP", "NNPS") or subject.lower_ in ("he", "she", "i", "we"):
        return True
    if subject.tag_ == "CD":
        return True
    return any(c.dep_ in ("det", "nummod", "poss") and c.lower_ not in ("that", "this") for c in subject.children)


def speaker_by_rank(index: DocIndex, seg: Segment, words: TokenRange, previous_speaker: str) -> Token | None:
    """The token of the person the ranker picks for a quote, or None."""
    top = best_candidate(load_weights(), candidates(index, seg, words, previous_speaker))
    return None if top is None else index.doc[top.token]
