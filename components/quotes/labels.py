"""Speakers the layout gives rather than a cue verb: a signature after a dash, a transcript label, a name before a
colon, the subject of a narrated clause ending in a colon.

Each function takes the Doc's `DocIndex` and a quote's `Segment`, as those of `speakers` do.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from components.names import canonical_person, strip_titles
from components.quotes.index import DocIndex
from components.quotes.marks import Segment
from components.quotes.speakers import is_personal, subject_of

# "Name: ..." opening a transcript paragraph, the name in capitals ("PENCE:", "MR. TRUMP:")
TRANSCRIPT_LABEL = re.compile(r"\s*[\"“]?\s*((?:[A-Z][A-Z.'’\-]+ ){0,2}[A-Z][A-Z'’\-]+):\s")
# "...” ― Jo Tan": a name after a dash right after the closing mark signs the quote
DASH_SIGNATURE = re.compile(r"[^\S\n]*(?:[―—–]|--?)[^\S\n]*(?=[^\W\d_])")
# or a line of its own right after a quote closing its paragraph, a dash and a name alone ("\n\n- Jo Tan.")
SIGNATURE_LINE = re.compile(r"[^\S\n]*\n\s*(?:[―—–]|--?)[^\S\n]*(?=[^\W\d_][^\n]{0,40}(?:\n|$))")


def signature(index: DocIndex, seg: Segment) -> Token | None:
    """The person signing a quote with a dash after its closing mark ("...” ― Jo Tan"), or on the line after it."""
    if seg.close_mark < 0:
        return None
    m = DASH_SIGNATURE.match(index.text, seg.close_mark + 1)
    line = m is None and SIGNATURE_LINE.match(index.text, seg.close_mark + 1)
    if not (m or line):
        return None
    at = (m or line).end()
    tok = index.doc[index.token_at(at)]
    if tok.idx != at:
        return None
    if line:  # a name alone on its line, not an item of a list ("- Toronto will ...")
        entity = index.entity_at.get(tok.i)
        words = index.text[at:].split("\n", 1)[0].rstrip(" .").split()
        return tok if entity and entity.label == "PERSON" and len(words) == entity.end - entity.start else None
    if index.para[tok.i] != index.para[index.token_at(seg.close_mark)]:
        return None
    if index.label(tok.i) == "PERSON" or tok.tag_ in ("NNP", "NNPS"):
        return tok
    return None


def transcript_label(index: DocIndex, seg: Segment) -> tuple[str, str]:
    """(label as written, canonical person) for a transcript paragraph opening "PENCE: Well, ...", when the label
    names a person of the article; ("", "") otherwise."""
    if not seg.starts_paragraph:
        return "", ""
    m = TRANSCRIPT_LABEL.match(index.text, seg.start)
    if not m:
        return "", ""
    words = strip_titles(m.group(1).title().split())
    name = canonical_person(index.doc, " ".join(words))
    if name.lower() != " ".join(words).lower() or name.lower() in index.doc._.news_people:
        return m.group(1), name
    return "", ""


def _colon_before(index: DocIndex, seg: Segment) -> int | None:
    """The index of a colon, outside any quote, right before the quote's opening mark (spaces between), or None."""
    doc = index.doc
    k = index.token_at(seg.open_mark) - 1
    while k >= 0 and not doc[k].text.strip():
        k -= 1
    if k < 1 or doc[k].text != ":" or index.inside[k]:
        return None
    return k


def named_label(index: DocIndex, seg: Segment) -> Token | None:
    """The person named as a label right before a colon that opens a quote ('Clinton: "..."', 'Rep. Jo Tan
    (R-S.C.): "..."'), as in a transcript or an exchange set out in a list; not a person who is the object of the
    sentence before the colon ("..., he told Jo Tan: ")."""
    doc = index.doc
    k = _colon_before(index, seg)
    if k is None:
        return None
    end = k
    if doc[end - 1].text == ")":  # a party tag after the name, "(R-S.C.)"
        opening = [j for j in range(end - 2, max(0, end - 9), -1) if doc[j].text == "("]
        if not opening:
            return None
        end = opening[0]
    entity = index.entity_at.get(end - 1)
    if entity is None or entity.label != "PERSON" or entity.end != end or index.inside[entity.start]:
        return None
    root = doc[entity.start:entity.end].root
    if root.dep_ in ("pobj", "dobj", "dative", "poss"):
        return None
    return root


def colon_subject(index: DocIndex, seg: Segment) -> Token | None:
    """The person who is the subject of a narrated clause that ends in a colon right before the quote, with no verb
    of saying ('Jo Tan had a blunt message for the board: "..."', 'She took to Twitter with this: "..."')."""
    doc = index.doc
    k = _colon_before(index, seg)
    if k is None:
        return None
    start = index.sent_start[k]
    root = doc[index.sent_root[k]]
    if any(index.inside[start:k]):
        return None
    if not start <= root.i < k:
        # the parse hung the clause under the quoted words ("had a stern word for Lee: '...'" made a clause of the
        # quote's verb): the verb of the clause is the highest one above the word before the colon
        root = _clause_verb(doc, k - 1, start)
        if root is None:
            return None
    subject = subject_of(index, root)
    if subject is None or subject.i < start or not is_personal(index, subject):
        # the clause the colon ends may have a person of its own ('Calm was short-lived when Jo Tan took to
        # Twitter with this: "..."'): the subject of the nearest verb above the word before the colon
        verb = _nearest_verb(doc, k - 1, start)
        subject = subject_of(index, verb) if verb is not None and verb.i != root.i else None
        if subject is None or subject.i < start or not is_personal(index, subject):
            return None
    return subject


def _nearest_verb(doc, i: int, start: int) -> Token | None:
    """The first verb above token `i` among the tokens from `start` up to `i`."""
    head = doc[i]
    while start <= head.i <= i:
        if head.tag_.startswith("VB"):
            return head
        if head.head.i == head.i:
            break
        head = head.head
    return None


def _clause_verb(doc, i: int, start: int) -> Token | None:
    """The highest verb above token `i` among the tokens from `start` up to `i`."""
    verb, head = None, doc[i]
    while start <= head.i <= i:
        if head.tag_.startswith("VB"):
            verb = head
        if head.head.i == head.i:
            break
        head = head.head
    return verb
