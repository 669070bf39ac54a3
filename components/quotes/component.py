"""The `news_quotes` pipe: quotations with their cue verb and their speaker as a canonical name.

A recipe in three steps: the quoted segments from the marks (`marks`), one attribution per segment from the first of
the ATTRIBUTION_RULES that applies (a dash signature, a transcript label, a cue verb and its subject, the previous
quote's speaker, a subject nearby), then the quotes that are no speech (a word or two that nobody says) are left out.
Speakers found on the way become salient for the pronouns of the quotes after them (`salience`). Reported speech
("Smith said the plan would fail") follows as `indirect` quotes (`reported`), after the direct ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Token

from components import lexicon
from components.doc_text import doc_text
from components.quotes.cues import find_cue
from components.quotes.index import DocIndex, TokenRange
from components.quotes.labels import colon_subject, named_label, signature, transcript_label
from components.quotes.marks import Segment, quote_segments
from components.quotes.naming import PRONOUNS, describe
from components.quotes.ranker import described, speaker_by_rank
from components.quotes.reported import reported_quotes
from components.quotes.salience import Salience, Weights
from components.quotes.speakers import (
    embedded,
    governing_subject,
    narrated_subject,
    previous_subject,
    sentence_subject,
    speaker_token,
    trailing_speaker,
)
from components.records import Quote

Doc.set_extension("news_quotes", default=[], force=True)


class Attribution(NamedTuple):
    speaker: str  # canonical name, or ""
    speaker_text: str  # the speaker as written
    cue: str
    position: int  # token index of the cue, for salience


class Found(NamedTuple):
    attribution: Attribution
    subject: Token | None  # the speaker's token: a person's becomes a salient mention


class Previous(NamedTuple):
    segment: Segment
    attribution: Attribution


class Quoting(NamedTuple):
    """What the attribution rules read: the Doc's index, the salience model and the pipe's settings."""

    index: DocIndex
    salience: Salience
    attribution_window: int


class Turn(NamedTuple):
    """The quote being attributed."""

    segment: Segment
    words: TokenRange
    previous: Previous | None


def _said_by(q: Quoting, tok: Token | None) -> Found | None:
    """The quote attributed to the person or body at `tok`, with no cue."""
    if tok is None:
        return None
    written, speaker = describe(q.index, q.salience, tok)
    return Found(Attribution(speaker, written, "", tok.i), tok)


def signed(q: Quoting, turn: Turn) -> Found | None:
    """A dash after the closing mark signs the quote ('"..." ― Jo Tan')."""
    return _said_by(q, signature(q.index, turn.segment))


def labelled(q: Quoting, turn: Turn) -> Found | None:
    """A transcript label opens the quote's paragraph ("PENCE: Well, ...")."""
    label, name = transcript_label(q.index, turn.segment)
    if not label:
        return None
    return Found(Attribution(name, label, "", turn.words.start), None)


def named(q: Quoting, turn: Turn) -> Found | None:
    """A person named before a colon labels the quote that follows ('Clinton: "..."')."""
    return _said_by(q, named_label(q.index, turn.segment))


def cued(q: Quoting, turn: Turn) -> Found | None:
    """A cue verb and who it says speaks ('"...," Putin said', 'according to Jo Tan'); where the parse gives the cue
    no subject, the person the speaker ranker picks, when it is confident."""
    cue = find_cue(q.index, turn.segment, turn.words, window=q.attribution_window)
    if cue is None:
        return None
    cue_text = q.index.doc[cue.i:cue.i + 2].text if cue.lower_ == "according" else cue.text
    tok = speaker_token(q.index, cue)
    if tok is None and _ranked(q, turn):
        tok = speaker_by_rank(q.index, turn.segment, turn.words, _previous_speaker(turn))
    if tok is None:
        return Found(Attribution("", "", cue_text, cue.i), None)
    speaker_text, speaker = describe(q.index, q.salience, tok)
    return Found(Attribution(speaker, speaker_text, cue_text, cue.i), tok)


def introduced(q: Quoting, turn: Turn) -> Found | None:
    """A person whose narrated clause ends in a colon introduces the quote after it ('Jo Tan had a message: "..."')."""
    return _said_by(q, colon_subject(q.index, turn.segment))


def trailing(q: Quoting, turn: Turn) -> Found | None:
    """A person doing anything right after a quote that breaks off its sentence says it ('"...," Trump shot back')."""
    tok = trailing_speaker(q.index, turn.segment, turn.words, q.attribution_window)
    if tok is None:
        return None
    written, speaker = describe(q.index, q.salience, tok)
    return Found(Attribution(speaker, written, "", tok.i), tok)


def continued(q: Quoting, turn: Turn) -> Found | None:
    """A quote without a cue in the paragraph of the previous quote or the next one, which is not part of a narrated
    sentence with a subject of its own, goes on with the previous quote's speaker; a person made the subject of a
    narrated sentence between the two takes over ('"...," says Tan. Lee needed no coaxing. "..."')."""
    index, seg, previous = q.index, turn.segment, turn.previous
    if not (previous and _attributed(previous.attribution) and seg.paragraph - previous.segment.paragraph <= 1):
        return None
    open_tok = index.token_at(seg.open_mark)
    if embedded(index, open_tok):
        if governing_subject(index, *turn.words) is not None:
            return None
        # the parse left the verb above the words without a subject ('Jo Tan made the point that ..., would make
        # her "..."' with "make" joined to a verb of the paragraph before): the person the sentence opens with
        own = sentence_subject(index, open_tok)
        if own is not None:
            written, speaker = describe(index, q.salience, own)
            return Found(Attribution(speaker, written, "", own.i), own)
    between = narrated_subject(index, index.token_at(previous.segment.end), open_tok)
    if between is not None and index.entity_at[between.i].name != previous.attribution.speaker:
        written, speaker = describe(index, q.salience, between)
        return Found(Attribution(speaker, written, "", between.i), between)
    return Found(previous.attribution._replace(cue=""), None)


def narrated(q: Quoting, turn: Turn) -> Found:
    """A partial quote goes to the subject above it in its sentence, one opening a paragraph to the person who is
    the subject of the sentence before; where that names no one and is no description either ("a staffer", "the
    photo"), to the person the speaker ranker picks among those named around the quote, when it is confident;
    else nobody."""
    index, seg = q.index, turn.segment
    if seg.starts_paragraph:
        subject = previous_subject(index, index.token_at(seg.open_mark))
    else:
        subject = governing_subject(index, *turn.words)
    written, speaker = describe(index, q.salience, subject) if subject is not None else ("", "")
    if not speaker and (subject is None or not described(subject)) and _ranked(q, turn):
        ranked = speaker_by_rank(index, seg, turn.words, _previous_speaker(turn))
        if ranked is not None:
            subject = ranked
            written, speaker = describe(index, q.salience, subject)
    if subject is None:
        return Found(Attribution("", "", "", turn.words.start), None)
    return Found(Attribution(speaker, written, "", subject.i), subject)


def _ranked(q: Quoting, turn: Turn) -> bool:
    """Whether the ranker may pick a speaker: a word or two that nothing attributes is a term, and words in title case
    a title ('shows Jo Tan in "The Kid Who Would Be King."'), not quotes to find a speaker for (see _speech)."""
    words = q.index.text[turn.segment.start:turn.segment.end].split()
    return len(words) > 2 and not _title_case(words)


def _title_case(words: list[str]) -> bool:
    """Every word longer than three letters capitalised, as in the name of a work ("Face the Nation")."""
    return all(w[:1].isupper() for w in words if len(w) > 3 and w[:1].isalpha())


# What a programme's or a work's name follows: 'said on CBS's "Face the Nation,"', 'told ABC's "Good Morning
# America"', 'an appearance on "Meet the Press."', 'on his podcast, "The Long Game"', 'the movie "Night Shift"'.
_TITLE_BEFORE = re.compile(r"(?:\bon|['’]s|\b(?P<noun>[a-z]+),?)$", re.IGNORECASE)
TITLE_NOUNS = lexicon.words("work_nouns") | lexicon.words("quote_title_nouns")


def _title(quote: Quote, text: str) -> bool:
    """Whether a quote is the name of a programme or a work: a few words in title case right after "on", a
    possessive or a kind of work."""
    words = quote.quote.split()
    if len(words) > 8 or not _title_case(words):
        return False
    before = _TITLE_BEFORE.search(text[max(0, quote.start_char - 20):quote.start_char].rstrip(" \"'“‘\u00a0"))
    return bool(before) and (not before["noun"] or before["noun"].lower() in TITLE_NOUNS)


def _previous_speaker(turn: Turn) -> str:
    return turn.previous.attribution.speaker if turn.previous else ""


Rule = Callable[[Quoting, Turn], "Found | None"]
# Tried in order; the first that finds an attribution decides. The last always does.
ATTRIBUTION_RULES: tuple[Rule, ...] = (signed, labelled, cued, named, introduced, trailing, continued, narrated)


def _attributed(attribution: Attribution) -> bool:
    """Whether a quote has a speaker: a name, or a role phrase that names no one ("a spokesman"), not a lone pronoun
    left unresolved."""
    return bool(attribution.speaker or attribution.speaker_text.lower() not in ("", *PRONOUNS, "it", "you"))


def _carry_back(quotes: list[Quote], segments: list[Segment]) -> list[Quote]:
    """A quote running over paragraphs is often attributed only in its last paragraph: its earlier paragraphs take
    that speaker."""
    quotes = list(quotes)
    for k in range(len(quotes) - 2, -1, -1):
        seg, nxt = segments[k], segments[k + 1]
        if (not quotes[k].speaker and quotes[k].speaker_text.lower() in ("", *PRONOUNS) and seg.close_mark < 0
                and nxt.starts_paragraph and quotes[k + 1].speaker_text and nxt.paragraph == seg.paragraph + 1):
            quotes[k] = replace(quotes[k], speaker=quotes[k + 1].speaker, speaker_text=quotes[k + 1].speaker_text)
    return quotes


def _speech(quotes: list[Quote], only_short: bool, text: str) -> list[Quote]:
    """The quotes that are speech: a word or two in quotation marks that nobody says is a term or a title ('picked
    "blog" as word of the year'), and so is a programme's name, whoever the sentence quotes ('Jo Tan said on CBS's
    "Face the Nation."'); where nothing longer is quoted, a word or two is speech only when said, by someone named, and
    ends like an utterance inside the marks ('"We agree," Macron said.', not 'described as "critical"')."""
    quotes = [q for q in quotes if (q.speaker or q.cue or len(q.quote.split()) > 2) and not _title(q, text)]
    if only_short:
        quotes = [q for q in quotes if q.speaker and q.cue and q.quote.rstrip()[-1:] in ",.!?"]
    return quotes


class NewsQuotes:
    """Sets `doc._.news_quotes` to the Doc's quotes, as `Quote` records in text order."""

    def __init__(self, *, weights: Weights, attribution_window: int):
        self.weights = weights
        self.attribution_window = attribution_window

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        if not len(doc):
            doc._.news_quotes = []
            return doc
        segments, only_short = quote_segments(text)
        index = DocIndex.build(doc, segments, text)
        quoting = Quoting(index, Salience(index, self.weights), self.attribution_window)
        quotes: list[Quote] = []
        spoken: list[tuple[int, str]] = []  # the speakers made salient, for the indirect quotes' own model
        previous = None
        for seg, words in zip(segments, index.quotes):
            turn = Turn(seg, words, previous)
            attribution, subject = next(found for rule in ATTRIBUTION_RULES if (found := rule(quoting, turn)))
            if attribution.speaker and subject is not None and (
                    index.label(subject.i) == "PERSON" or subject.tag_ == "PRP"):
                quoting.salience.add_speaker(subject.i, attribution.speaker)
                spoken.append((subject.i, attribution.speaker))
            previous = Previous(seg, attribution)
            quotes.append(Quote(text[seg.start:seg.end], attribution.speaker, attribution.speaker_text,
                                attribution.cue, seg.start, seg.end))
        direct = _speech(_carry_back(quotes, segments), only_short, text) if segments else []
        # after the direct ones, which they must not change (roles and gender read the list in this order)
        doc._.news_quotes = direct + reported_quotes(index, Salience(index, self.weights), spoken)
        return doc


@Language.factory(
    "news_quotes",
    default_config={
        "speaker_weight": 1.2,
        "introduced": 2.0,
        "salience_window": 400,
        "unknown_gender": 0.6,
        "attribution_window": 12,
    },
    requires=["doc._.news_entities", "doc._.news_people", "token.tag", "token.dep", "doc.sents"],
    assigns=["doc._.news_quotes"],
)
def make_news_quotes(
    nlp: Language, name: str, *, speaker_weight: float, introduced: float, salience_window: int,
    unknown_gender: float, attribution_window: int,
) -> NewsQuotes:
    """Salience of a person for a pronoun: a mention as a subject weighs 1, a quote's speaker `speaker_weight`, a
    mention in narration since the last quote `introduced` times as much; the weight halves with each sentence back,
    up to `salience_window` tokens; a person of unknown gender counts `unknown_gender` as much for he or she.
    `attribution_window`: tokens after a closing mark in which a trailing attribution ("..., the minister said") sits.
    """
    weights = Weights(speaker=speaker_weight, introduced=introduced, window=salience_window,
                      unknown_gender=unknown_gender)
    return NewsQuotes(weights=weights, attribution_window=attribution_window)
