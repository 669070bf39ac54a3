"""The cue verb of a quote ("said", "told", "according to"): strategies tried in order, the first cue found wins.

The verbs of saying are data (lexicon `quote_cue_verbs`); the pipeline has no lemmatizer, so their inflected forms
are made here. Each strategy takes the Doc's index, the quote's segment and its tokens, and returns a cue Token or None.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from components import lexicon
from components.names import opens_with_speech_verb
from components.quotes.index import DocIndex, TokenRange
from components.quotes.marks import Segment
from components.quotes.speakers import embedded, speaker_token, subject_of

IRREGULAR: dict[str, tuple[str, ...]] = {
    base: tuple(forms) for base, *forms in (line.split() for line in lexicon.entries("quote_cue_irregular"))
}
# Verbs of saying whose object is the addressee or whose meaning is too broad to attribute a quote unaided.
WEAK_CUES = lexicon.words("quote_weak_cues")


def verb_forms(base: str) -> set[str]:
    """Inflected forms of a regular English verb (the pipeline has no lemmatizer)."""
    if base in IRREGULAR:
        return {base, *IRREGULAR[base]}
    if base.endswith(("s", "sh", "ch", "x", "z")):
        third = base + "es"
    elif base.endswith("y") and base[-2] not in "aeiou":
        third = base[:-1] + "ies"
    else:
        third = base + "s"
    if base.endswith("e"):
        past = base + "d"
    elif base.endswith("y") and base[-2] not in "aeiou":
        past = base[:-1] + "ied"
    else:
        past = base + "ed"
    if base.endswith("e") and not base.endswith("ee"):
        ing = base[:-1] + "ing"
    else:
        ing = base + "ing"
    return {base, third, past, ing}


CUE_FORMS: dict[str, str] = {form: base for base in lexicon.entries("quote_cue_verbs") for form in verb_forms(base)}
# Verbs of perceiving: the words someone heard or saw said are the words of who said them.
PERCEPTION_FORMS = frozenset(
    form for base in lexicon.entries("quote_perception_verbs") for form in verb_forms(base)
) | lexicon.words("quote_perception_irregular")


def is_cue(token: Token) -> bool:
    if token.dep_ == "amod" and not _after_closing_mark(token):
        # a participle describing a noun ("the self-described expert", "a so-called ban") says nothing; a verb right
        # after a closing mark is the attribution however the parse took it ('"...," tweeted Acme aide Jo Tan')
        return False
    if token.lower_ == "according":
        return any(c.lower_ == "to" for c in token.rights)
    if token.lower_ in ("put", "puts") and token.tag_.startswith("VB"):
        # "as Jo Tan put it: ...", not "put it on the table"
        rights = list(token.rights)
        return any(c.lower_ == "it" and c.dep_ == "dobj" for c in rights) and not any(
            c.dep_ in ("prep", "prt", "dative") for c in rights)
    return token.lower_ in CUE_FORMS and (token.tag_.startswith("VB") or inverted_cue(token))


def _after_closing_mark(token: Token) -> bool:
    return token.tag_ == "VBD" and token.i > 0 and token.doc[token.i - 1].tag_ == "''"


def inverted_cue(token: Token) -> bool:
    """A verb of saying opening its sentence before a person ('Said Jo Tan, "..."'), whatever the tagger made of it."""
    doc = token.doc
    return (opens_with_speech_verb(token) and token.text[:1].isupper()
            and token.i + 1 < len(doc) and doc[token.i + 1].ent_type_ == "PERSON")


def governing_cue(index: DocIndex, seg: Segment, words: TokenRange, window: int) -> Token | None:
    """A cue verb governing the quoted words in the parse."""
    q_start, q_end = words
    inside = index.inside
    for i in range(q_start, q_end):
        for _, head in index.heads_above(i, q_start, q_end, max_steps=3):
            if not inside[head.i] and is_cue(head) and head.lower_ not in WEAK_CUES:
                subject = speaker_token(index, head) if head.i >= q_end else None
                if subject is not None and subject.i >= q_end and _attribution_only(index, q_end, head):
                    # the quote's own attribution right after its closing mark ('Lee cannot say that "...," Jo
                    # Tan added'), however the parse hung it on a verb of saying before the quote
                    return head
                return _outer_cue(index, head)
            if not inside[head.i] and head.lower_ in PERCEPTION_FORMS:
                # "he heard students shout, '...'": the words are those of who was heard
                for child in head.children:
                    if child.dep_ in ("ccomp", "xcomp") and is_cue(child) and not inside[child.i] \
                            and subject_of(index, child) is not None:
                        return child
                break
            if head.dep_ == "conj" and is_cue(head.head) and subject_of(index, head) is not None:
                break  # "Lee called it ... and Jo Tan made the point that '...'": the cue it joins is another's
    return None


def cue_after(index: DocIndex, seg: Segment, words: TokenRange, window: int) -> Token | None:
    """A cue right after the closing mark ('"..." Putin said.', '"...," said Putin'), within `window` tokens."""
    if seg.close_mark < 0:
        return None
    doc, inside, q_end = index.doc, index.inside, words.end
    end = min(len(doc), q_end + window)
    i = q_end
    joined = -1  # an "and" or "but" joining a clause to the one the quote sits in
    while i < end:
        tok = doc[i]
        if inside[i] or tok.text in (".", "!", "?") or "\n" in tok.text:
            return None
        if tok.dep_ == "cc" and tok.head.tag_.startswith("VB") and tok.head.i < q_end:
            joined = i
        if is_cue(tok):
            subject = subject_of(index, tok)
            if joined >= 0 and subject is not None and subject.i > joined:
                return None  # "Jo Tan accuses him of '...' and Lee says ...": that clause has a speaker of its own
            # after a quote that ends its sentence, only a cue whose subject alone stands between ('"...." Jo
            # Tan said'), not one of the next sentence ('"...." While critics say ...', 'Lee condemned the
            # "...." He announced ...')
            if index.text[seg.end - 1] in ".!?" and (not _attribution_only(index, q_end, tok) or (
                    embedded(index, index.token_at(seg.open_mark)) and not _ends_attribution(index, tok))):
                return None
            return tok
        # an apposition after a name ("Jo Tan, a strategist at a bank, said") does not use up the window
        if tok.text == "," and index.label(i - 1) == "PERSON":
            end = min(len(doc), end + window)
        i += 1
    return None


def cue_before(index: DocIndex, seg: Segment, words: TokenRange, window: int) -> Token | None:
    """A cue before the opening mark in the same sentence ('Putin said: "..."')."""
    doc = index.doc
    open_tok = index.token_at(seg.open_mark)
    sent_start = doc[open_tok].sent.start if open_tok < len(doc) else 0
    for i in range(open_tok - 1, max(sent_start, open_tok - 25) - 1, -1):
        if index.inside[i] or "\n" in doc[i].text:
            break
        if is_cue(doc[i]):
            return doc[i]
    return None


def preceding_cue(index: DocIndex, seg: Segment, words: TokenRange, window: int) -> Token | None:
    """The cue of the narrated sentence right before a quote that opens a sentence of its own: one ending in a colon,
    even across a paragraph break ('Tan continued:' then the quote), or one ending in a cue in the same paragraph
    ('..., Tan said. "...'")."""
    doc = index.doc
    open_tok = index.token_at(seg.open_mark)
    k = open_tok - 1
    while k >= 0 and not doc[k].text.strip():
        k -= 1
    if k < 0 or doc[k].text not in (":", ".", "!", "?"):
        return None
    colon = doc[k].text == ":"
    if not colon and index.para[k] != index.para[open_tok]:
        return None
    start = index.sent_start[k]
    if any(index.inside[start:k + 1]):
        return None
    span = range(k - 1, max(start, k - (12 if colon else 4)) - 1, -1)
    for i in (*span, index.sent_root[k]):
        tok = doc[i]
        if is_cue(tok) and (colon or tok.lower_ not in WEAK_CUES) and speaker_token(index, tok) is not None:
            return tok
    return None


CueStrategy = Callable[[DocIndex, Segment, TokenRange, int], "Token | None"]
CUE_STRATEGIES: tuple[CueStrategy, ...] = (governing_cue, cue_after, cue_before, preceding_cue)


def find_cue(index: DocIndex, seg: Segment, words: TokenRange, *, window: int) -> Token | None:
    """The cue verb attributing the quoted `words`; `window`: tokens after the closing mark a cue may sit in."""
    for strategy in CUE_STRATEGIES:
        cue = strategy(index, seg, words, window)
        if cue is not None:
            return cue
    return None


def _outer_cue(index: DocIndex, cue: Token) -> Token:
    """A cue reported by another speaker ("Tan said Lee called it '...'") belongs to the one reporting it, within its
    sentence; one the reporter heard or saw ("Tan said he heard students shout '...'") stays with who said it."""
    head = cue
    for _ in range(3):
        if head.dep_ not in ("ccomp", "conj", "advcl") or head.head.i == head.i or index.inside[head.head.i]:
            break
        if head is cue and head.dep_ in ("conj", "advcl") and subject_of(index, head) is not None:
            # a cue with a subject of its own joined by "and" or "after" ("a woman asked ... and Jo Tan said,
            # '...'", "Lee tweeted after Jo Tan argued that '...'") is no report: it is its subject's (while in "he
            # said that ... and that he expected '...' to continue" the report goes on up to "said")
            break
        if index.crosses_tag_end(head.i, head.head.i):
            break
        if index.para[head.head.i] != index.para[cue.i] or head.head.lower_ in PERCEPTION_FORMS:
            break
        head = head.head
        if is_cue(head) and head.lower_ not in WEAK_CUES and subject_of(index, head) is not None:
            return head
    return cue


def _attribution_only(index: DocIndex, q_end: int, cue: Token) -> bool:
    """Whether only the closing mark, punctuation and the cue's subject stand between a quote and its cue."""
    subject = speaker_token(index, cue)
    if subject is not None and subject.dep_ == "appos":
        subject = subject.head  # "the party's nominee, Jo Tan, tweeted"
    lo, hi = (subject.left_edge.i, subject.right_edge.i) if subject is not None else (cue.i, cue.i)
    return all(lo <= k <= hi or index.doc[k].is_punct for k in range(q_end, cue.i))


def _ends_attribution(index: DocIndex, cue: Token) -> bool:
    """Whether a cue says nothing of its own: no object or clause after it, nor a colon or a quote before its
    sentence ends ('Jo Tan "... Does that fly?" an adviser asked on Twitter.'), so it can only report the words
    before it, not open a sentence of its own ('Lee condemned the "...." He announced a review.')."""
    if any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "oprd", "dative", "parataxis") for c in cue.rights):
        return False
    doc = index.doc
    for k in range(cue.i + 1, min(len(doc), cue.i + 12)):
        if doc[k].text in (".", "!", "?") or "\n" in doc[k].text:
            return True
        if doc[k].text == ":" or index.inside[k] or doc[k].tag_ in ("``", "''"):
            return False
    return False
