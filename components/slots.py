"""Names in the rows of a list or table (sports results, line-ups, scoreboards) that the model left untagged or
gave another label.

A results table repeats one frame row after row: "8 - Lindsay Davenport (U.S.) beat ...", "285 Costantino Rocca
(Italy) 71 73", "Bernard Lama; 2 - Lilian Thuram (14 - ...". When the article's people fill a frame again and again
and nothing else does, a run of capitalised words in that same frame is a person too. The frame is what stands
just before the name and just after it, written as token shapes (a number, a line break, the punctuation itself),
so it carries to any table without knowing its sport. A name in such a frame that the model called an organisation
is a person too when it opens with a given name.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc, Span, Token

from components import gazetteer, lexicon
from components.names import TITLES, is_given_name

NAME_PARTICLES = lexicon.words("name_particles")
NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART"})
OTHER_NAME_LABELS = frozenset({"ORG", "FAC", "PRODUCT", "WORK_OF_ART"})
# How often the article's people must fill a frame, and how much more often than anything else, before an untagged
# name in it counts as a person.
MIN_PEOPLE = 2
MAX_WORDS = 4
# A frame one side of which the people fill this often may be empty on the other ("(14 - Sabri Lamouchi 87th)").
MANY_PEOPLE = 3
INITIAL = re.compile(r"[A-Z]\.")
# "A. Smith", "T.O'Gorman", "J.R. Ewing": initials and a surname, the way scoreboards and wire copy name people.
INITIALLED = re.compile(r"(?:[A-Z]\.\s?)+[A-Z][A-Za-z'-]+")


def _shape(tok: Token | None) -> str:
    """A token as a frame sees it: "^" (outside the text), "\\n", "d" (a number or score), "X" (a capitalised word),
    punctuation as itself, a lowercase word as itself."""
    if tok is None:
        return "^"
    if tok.is_space:
        return "\n" if "\n" in tok.text else "^"
    if tok.text[:1].isdigit():
        return "d"
    if tok.is_punct:
        return tok.text
    if tok.text[:1].isupper():
        return "X"
    return tok.lower_


def _token(doc: Doc, i: int) -> Token | None:
    return doc[i] if 0 <= i < len(doc) else None


def frame(doc: Doc, start: int, end: int) -> tuple[tuple[str, str], tuple[str, str]]:
    """The two token shapes before doc[start:end] (a line break ends them) and the two after it."""
    before = _shape(_token(doc, start - 1))
    before2 = "^" if before == "\n" else _shape(_token(doc, start - 2))
    if "\n" in doc[end - 1].whitespace_:
        return (before2, before), ("\n", "^")
    after = _shape(_token(doc, end))
    after2 = "^" if after == "\n" else _shape(_token(doc, end + 1))
    return (before2, before), (after, after2)


def _name_word(tok: Token) -> bool:
    """A capitalised word that can be part of a name, or an initial ("D." of "D. Headley")."""
    text = tok.text
    if not text[:1].isupper():  # most words: told at once
        return False
    if INITIAL.fullmatch(text):
        return True
    return (tok.is_alpha or "-" in text or "'" in text) and not tok.is_upper and tok.lower_.rstrip(".") not in TITLES


def _untagged_runs(doc: Doc) -> list[tuple[int, int]]:
    """Runs of two to four capitalised words (with name particles inside) outside any entity ("Last September" is
    a date)."""
    tokens = list(doc)  # each Token object made once: the loop looks at most of them twice
    runs, i = [], 0
    lowered = None  # the words the text writes in lowercase, gathered once a run needs them
    while i < len(tokens):
        if not (_name_word(tokens[i]) and not tokens[i].ent_type_):
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and tokens[j - 1].whitespace_ == " " and not tokens[j].ent_type_ and (
                _name_word(tokens[j])
                or tokens[j].lower_ in NAME_PARTICLES and j + 1 < len(tokens) and _name_word(tokens[j + 1])):
            j += 1
        # a proper noun among the words, and none the text also writes in lowercase ("Did Not Bat" beside "not out")
        if 2 <= j - i <= MAX_WORDS and any(t.tag_ in ("NNP", "NNPS") for t in tokens[i:j]):
            if lowered is None:
                lowered = frozenset(t.text for t in tokens if t.is_lower) - NAME_PARTICLES
            if not any(t.lower_ in lowered for t in tokens[i:j]):
                runs.append((i, j))
        i = j
    return runs


def _people_frames(doc: Doc, spans: list[Span]):
    """A test of whether doc[start:end] stands where the article's people stand, row after row, or None when the
    article names too few people for any frame to count: both frames (before, after) hold more than twice as many of
    its people as other named entities (or nothing at all) and either holds MANY_PEOPLE of them, or both MIN_PEOPLE."""
    people, others = Counter(), Counter()
    for span in spans:
        if span.label_ not in NAME_LABELS:
            continue
        tally = people if span.label_ == "PERSON" else others
        before, after = frame(doc, span.start, span.end)
        tally[0, before] += 1
        tally[1, after] += 1
    if sum(people.values()) < 2 * MIN_PEOPLE:
        return None

    def in_people_frame(start: int, end: int) -> bool:
        before, after = frame(doc, start, end)
        sides = (people[0, before], others[0, before]), (people[1, after], others[1, after])
        # a frame the people leave empty must still read as a table's: a number, punctuation, a line's end
        empty_ok = all(n or not shape[0].isalpha() for (n, _), shape in zip(sides, (before[::-1], after)))
        # and a table's row has a number beside the name (a seeding, a shirt, a score), where prose has none
        return empty_ok and "d" in before + after and all(n > 2 * other or n == other == 0 for n, other in sides) and (
            max(n for n, _ in sides) >= MANY_PEOPLE or min(n for n, _ in sides) >= MIN_PEOPLE)

    return in_people_frame


def table_people(doc: Doc, spans: list[Span]) -> list[Span]:
    """Untagged names standing where the article's people stand, row after row (see the module docstring); a run the
    gazetteer knows as a place stays out."""
    in_people_frame = _people_frames(doc, spans)
    if in_people_frame is None:
        return []
    return [Span(doc, start, end, label="PERSON") for start, end in _untagged_runs(doc)
            if in_people_frame(start, end) and not gazetteer.lookup(doc[start:end].text)]


def table_relabelled(doc: Doc, spans: list[Span]) -> list[Span]:
    """The spans, with names the model gave another label standing where the article's people stand as people,
    when they open with a given name ("2. Claudia Brenner (Germany) 18.80" tagged ORG among rows of people)."""
    candidates = {s.start for s in spans if s.label_ in OTHER_NAME_LABELS and 2 <= len(s) <= MAX_WORDS
                  and is_given_name(s[0].text) and all(_name_word(t) or t.lower_ in NAME_PARTICLES for t in s)}
    # the frames are read off the names the model is sure of, not the ones in question
    in_people_frame = _people_frames(doc, [s for s in spans if s.start not in candidates]) if candidates else None
    if in_people_frame is None:
        return spans
    return [Span(doc, s.start, s.end, label="PERSON") if s.start in candidates and in_people_frame(s.start, s.end)
            else s for s in spans]


def initialled_people(spans: list[Span]) -> list[Span]:
    """Entities reading initials and a surname ("G. Kersey 63" tagged ORG) are people when the article's people are
    written so MIN_PEOPLE times or more: a scoreboard's way of naming players, whatever the model made of a row."""
    if sum(s.label_ == "PERSON" and bool(INITIALLED.fullmatch(_name_part(s).text)) for s in spans) < MIN_PEOPLE:
        return spans
    return [Span(s.doc, s.start, _name_part(s).end, label="PERSON")
            if s.label_ in NAME_LABELS and INITIALLED.fullmatch(_name_part(s).text) else s for s in spans]


def _name_part(span: Span) -> Span:
    """A span without the score a table row puts after a name ("G. Kersey 63", "A. Smith 5-68")."""
    end = span.end
    while end > span.start + 1 and span.doc[end - 1].text[:1].isdigit():
        end -= 1
    return span.doc[span.start:end]
