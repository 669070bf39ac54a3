"""One read of a parsed Doc for quote attribution, built once per Doc and never changed afterwards.

Attribution asks the same questions of a Doc again and again (which paragraph and sentence is this token in, which
entity covers it, is it inside a quote, who are the people named and where): the `DocIndex` answers them from plain
tuples and dicts, because every spaCy Token made on the way costs.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from spacy.attrs import IDX, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from components import lexicon
from components.quotes.marks import Segment

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Tags a title before a name is made of ("Vancouver peewee hockey coach Jo Tan"); quote attribution also reads the
# possessive of an organisation in it ("Vodafone's spokesman Jo Tan").
TITLE_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS", "JJ", "HYPH", "CD"})
ROLE_TAGS = TITLE_TAGS | {"POS"}
# A party/state tag after a name that ends its sentence: ", D-Conn. " then a capitalised word ("D-N.Y.", "R-Texas.")
PARTY_TAG_END = re.compile(r"(?<=, )[DRI]-[A-Z][A-Za-z.]{1,12}\.(?= +[A-Z])")


class EntitySpan(NamedTuple):
    """An entity of `doc._.news_entities` as tokens, with its canonical name."""

    start: int
    end: int
    label: str
    name: str


class PersonMention(NamedTuple):
    """A mention of a person: an entity's first token, or a surname the model did not tag in this occurrence."""

    token: int
    name: str
    is_subject: bool


class OrgMention(NamedTuple):
    token: int
    name: str
    label: str  # ORG, NORP or GPE


class TokenRange(NamedTuple):
    """Quoted words as tokens [start, end)."""

    start: int
    end: int


@dataclass(frozen=True)
class DocIndex:
    doc: Doc
    text: str  # Doc.text joins every token: read once
    tok_starts: Sequence[int]
    para: Sequence[int]  # token -> paragraph ordinal
    sent_root: Sequence[int]  # token -> root token of its sentence
    sent_start: Sequence[int]
    sent_no: Sequence[int]  # token -> ordinal of its sentence, for recency
    entity_at: Mapping[int, EntitySpan]  # token -> the entity (or untagged surname) covering it
    persons: Sequence[EntitySpan]  # PERSON entities in the order news_entities lists them
    orgs: Sequence[OrgMention]
    people: Sequence[PersonMention]  # by token
    people_starts: Sequence[int]
    roles: Mapping[str, frozenset[str]]  # person -> words of the titles and appositions around their mentions
    he_she: Sequence[int]  # he/she subjects, for the salience model's pronoun chain
    tag_ends: Sequence[int]  # last tokens of party/state tags that end their sentence (see PARTY_TAG_END)
    quotes: Sequence[TokenRange]  # the segments' words, in segment order
    quote_ends: Sequence[int]  # token after each quote's words, ascending
    inside: bytes  # token -> 1 when it is quoted

    @classmethod
    def build(cls, doc: Doc, segments: Sequence[Segment] = (), text: str | None = None) -> DocIndex:
        text = doc.text if text is None else text
        tok_starts = doc.to_array(IDX).tolist()  # no Token made per word: every one made costs
        paras, para = [], 0
        for start, end in zip(tok_starts, [*tok_starts[1:], len(text)]):
            paras.append(para)
            para += "\n" in text[start:end]  # the token with its whitespace
        sent_root, sent_start, sent_no = [0] * len(doc), [0] * len(doc), [0] * len(doc)
        for n, sent in enumerate(doc.sents):
            root = sent.root.i  # found by walking the sentence's heads: once per sentence
            for i in range(sent.start, sent.end):
                sent_root[i] = root
                sent_start[i] = sent.start
                sent_no[i] = n

        def token_at(char: int) -> int:
            return max(0, bisect_right(tok_starts, char) - 1)

        quotes = [TokenRange(token_at(seg.start), token_at(seg.end - 1) + 1) for seg in segments]
        inside = bytearray(len(doc) + 1)
        for q in quotes:
            inside[q.start:q.end] = b"\x01" * (q.end - q.start)
        entity_at, persons, orgs, roles, mentions = {}, [], [], {}, {}
        for ent in doc._.news_entities:
            start = token_at(ent.start_char)
            end = token_at(ent.end_char - 1) + 1
            span = EntitySpan(start, end, ent.label, ent.entity)
            for i in range(start, end):
                entity_at[i] = span
            if ent.label == "PERSON":
                persons.append(span)
                mentions[start] = (ent.entity, _is_subject(doc, sent_root, doc[start:end].root))
                roles.setdefault(ent.entity, set()).update(_role_words(doc, start, end))
            elif ent.label in ("ORG", "NORP", "GPE"):
                orgs.append(OrgMention(start, ent.entity, ent.label))
        # a surname the model did not tag in this occurrence still mentions its person, even one the tagger took
        # for a common word ("Aftergood said", "From said") when it is capitalised inside a sentence
        surnames = {full.split()[-1].lower(): full for full in doc._.news_people.values() if " " in full}
        he_she = []
        wanted = {get_string_id(word) for word in (*surnames, "he", "she")}  # read as one array, not a Token each
        for tok in [doc[i] for i, lower in enumerate(doc.to_array(LOWER).tolist()) if lower in wanted]:
            lower = tok.lower_
            if tok.i not in entity_at and lower in surnames and (
                    tok.tag_ == "NNP" or _capitalised_within(doc, tok, inside)):
                mentions[tok.i] = (surnames[lower], _is_subject(doc, sent_root, tok))
                entity_at[tok.i] = EntitySpan(tok.i, tok.i + 1, "PERSON", surnames[lower])
            elif (lower == "he" or lower == "she") and tok.dep_ in SUBJECT_DEPS:
                he_she.append(tok.i)
        people = tuple(PersonMention(i, *mentions[i]) for i in sorted(mentions))
        return cls(
            doc=doc, text=text, tok_starts=tok_starts, para=paras, sent_root=sent_root, sent_start=sent_start,
            sent_no=sent_no, entity_at=entity_at, persons=tuple(persons), orgs=tuple(orgs), people=people,
            people_starts=tuple(p.token for p in people), roles={k: frozenset(v) for k, v in roles.items()},
            he_she=tuple(he_she), tag_ends=tuple(token_at(m.end() - 1) for m in PARTY_TAG_END.finditer(text)),
            quotes=tuple(quotes), quote_ends=tuple(sorted(q.end for q in quotes)), inside=bytes(inside),
        )

    def token_at(self, char: int) -> int:
        return max(0, bisect_right(self.tok_starts, char) - 1)

    def label(self, i: int) -> str:
        """The label of the entity covering token `i`, "" for none."""
        entity = self.entity_at.get(i)
        return "" if entity is None else entity.label

    def narrated(self, i: int) -> bool:
        """Whether token `i` sits in a sentence without quoted words."""
        start = self.sent_start[i]
        end = self.sent_root[i]
        while end < len(self.doc) and self.sent_start[end] == start:
            end += 1
        return not any(self.inside[start:end])

    def crosses_tag_end(self, i: int, j: int) -> bool:
        """Whether a party/state tag ending a sentence ("said Sen. Jo Tan, D-Conn. Lee, he said") lies between
        tokens `i` and `j`: the small model runs the two sentences together."""
        lo, hi = min(i, j), max(i, j)
        k = bisect_right(self.tag_ends, lo)
        return k < len(self.tag_ends) and self.tag_ends[k] < hi

    def usable(self, tok: Token, cue: Token) -> bool:
        """A subject outside any quote, in the cue's paragraph and on the cue's side of a sentence end the parser
        missed."""
        if self.inside[tok.i]:
            return False
        return self.para[tok.i] == self.para[cue.i] and not self.crosses_tag_end(tok.i, cue.i)

    def heads_above(self, i: int, q_start: int, q_end: int, *, max_steps: int) -> Iterator[tuple[int, Token]]:
        """(steps, head) for the heads above token i that lie outside the quoted words [q_start, q_end), climbing
        at most max_steps and never out of token i's paragraph."""
        head, steps = self.doc[i].head, 0
        while steps < max_steps and not (q_start <= head.i < q_end):
            if self.para[head.i] != self.para[i]:
                return
            yield steps, head
            if head.head.i == head.i:
                return
            head = head.head
            steps += 1


# Tags that end an apposition after a name: a conjunction, a relative pronoun, a finite verb.
APPOSITION_ENDS = frozenset({"CC", "WDT", "WP", "VBD", "VBZ", "VBP", "MD"})
# "sen." -> "senator": an abbreviated title names the role a later "the senator" points at.
ROLE_ABBREVIATIONS = dict(line.split(" ", 1) for line in lexicon.entries("role_abbreviations"))


def _role_words(doc: Doc, start: int, end: int) -> Iterator[str]:
    """Words of the titles and appositions around a person's mention ("Mayor Jo Tan", "Jo Tan, the mayor,")."""
    k = start - 1
    while k >= max(0, start - 4) and doc[k].tag_ in ROLE_TAGS and "\n" not in doc[k].whitespace_:
        yield ROLE_ABBREVIATIONS.get(doc[k].lower_, doc[k].lower_)
        k -= 1
    if end < len(doc) and doc[end].text == ",":
        # the apposition only: up to the punctuation, conjunction, relative pronoun or finite verb that ends it
        # ("Jo Tan, the liberals, and the judge"; "Jo Tan, the rally said")
        for t in doc[end + 1:min(len(doc), end + 7)]:
            if t.is_punct or t.tag_ in APPOSITION_ENDS:
                break
            yield t.lower_


def _capitalised_within(doc: Doc, tok: Token, inside: bytearray) -> bool:
    """Whether a word is capitalised though it neither opens a sentence or a quote nor stands in capitals."""
    if not tok.text[:1].isupper() or tok.is_upper or tok.is_sent_start:
        return False
    before = doc[tok.i - 1].text
    return before not in ("(", "—", "-", ":") and not (inside[tok.i] and before in ("“", '"', "‘", "'"))


def _is_subject(doc: Doc, sent_root: Sequence[int], root: Token) -> bool:
    if root.dep_ in SUBJECT_DEPS or (root.dep_ in ("appos", "compound") and root.head.dep_ in SUBJECT_DEPS):
        return True
    # a misparsed sentence opener ("Councillor Jo Tan told reporters ...") still introduces its topic, and so does
    # a name left as the root with its verb hung under it ("Jo Tan, an analyst, outlined ...")
    if root.dep_ == "ROOT" and any(c.dep_ == "acl" and c.tag_ in ("VBD", "VBZ") and c.i > root.i
                                   for c in root.children):
        return True
    head = doc[sent_root[root.i]]
    return root.i < head.i and root.dep_ not in ("pobj", "poss") and root.head.dep_ not in ("pobj", "poss") \
        and head.tag_.startswith("VB")
