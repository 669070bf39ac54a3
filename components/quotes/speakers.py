"""Finding a quote's speaker in the parse: the subject of its cue, a name next to it, a subject nearby (the speakers
the layout gives, a signature or a label, are in `labels`).

Each function takes the Doc's `DocIndex` and returns the speaker's head token (or None); `naming.describe` then turns
that token into the speaker as written and as a canonical name.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Token

from components import lexicon
from components.quotes.index import SUBJECT_DEPS, DocIndex, EntitySpan, TokenRange
from components.quotes.marks import WORD, Segment
from components.quotes.naming import (
    DOCUMENT_NOUNS,
    NOT_SPEAKER_ENTS,
    ORG_NOUNS,
    ROLE_NOUNS,
    SPOKES_NOUNS,
    WORK_NOUNS,
)

AGENT_PRONOUNS = frozenset({"him", "her", "them", "us", "me"})
AGENT_NOUNS = ROLE_NOUNS | ORG_NOUNS | SPOKES_NOUNS | lexicon.words("org_heads")


def subject_of(index: DocIndex, verb: Token) -> Token | None:
    """The verb's subject; where the parse gives it two ("Campaigning in Dover, Ohio, Dana Whitby turned on Lee" with
    the state as a second subject), the one that names or stands for a person."""
    found = None
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS and index.usable(child, verb):
            if child.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                return verb.head  # "..., who said" -> the person the clause hangs on
            if found is None:
                found = child
            elif is_personal(index, child) and not is_personal(index, found):
                return child
    return found


def speaker_token(index: DocIndex, cue: Token) -> Token | None:
    """The head token of who says what a cue verb cues: its subject, or failing that the subject of the verb it
    hangs on, the issuer of a document, or a name or pronoun right next to it."""
    if cue.lower_ == "according":
        for prep in cue.rights:
            if prep.lower_ == "to":
                objs = [c for c in prep.children if c.dep_ == "pobj"]
                return objs[0] if objs else None
        return None
    subject = subject_of(index, cue)
    if subject is not None:
        return subject
    # a name right before its verb that the parse hung on it as anything else ('"Cruz," Jo Tan joked' with the
    # surname a compound of "joked") is its subject: a verb has no compound
    before = index.doc[cue.i - 1] if cue.i else None
    if before is not None and before.head == cue and index.label(before.i) == "PERSON" and index.usable(before, cue):
        return before
    # '"...," says Jo Tan' / '"...," said Oversight ranking Democrat Jo Tan': the person named after a finite cue
    # right after the closing mark, whatever the parse made of the words between or hung the name on (another
    # attribution's verb, in the next paragraph)
    if cue.tag_ in ("VBD", "VBZ") and before is not None and before.tag_ == "''":
        for tok in index.doc[cue.i + 1:cue.i + 8]:
            if tok.is_punct or not index.usable(tok, cue):
                break
            if index.label(tok.i) == "PERSON":
                entity = index.entity_at[tok.i]
                return _named_head(index, index.doc[entity.start:entity.end].root, cue)  # "Acme aide Jo Tan"
        untagged = _untagged_name_after(index, cue)
        if untagged is not None:
            return untagged
    # "issued a statement calling ...": who issued the document
    if cue.dep_ == "acl" and cue.head.lower_ in DOCUMENT_NOUNS and cue.head.head.tag_.startswith("VB"):
        subject = subject_of(index, cue.head.head) or _object_controller(index, cue.head.head)
        if subject is not None:
            return subject
    # "footage of Jo Tan saying ...": the person the participle hangs on (not the one a finite verb hung there
    # describes, "Lee, who Jo Tan called '...'", whose speaker stands before it)
    if cue.dep_ == "acl" and cue.tag_ != "VBD" and index.label(cue.head.i) == "PERSON" and index.usable(cue.head, cue):
        return cue.head
    head, held = cue, None
    # "..., saying" / "and added" / "was quoted as saying": the subject of the governing verb
    for _ in range(4):
        if head.dep_ not in ("advcl", "xcomp", "conj", "pcomp", "ccomp", "prep", "acl") or head.head.i == head.i:
            break
        controller = _object_controller(index, head)
        if controller is not None:
            return controller
        head = head.head
        subject = subject_of(index, head)
        # (not a thing the clause of a noun has for subject: in "rejected the idea that a split was looming,
        # adding ..." the parse may hang the participle on that clause)
        if subject is None or head.dep_ == "acl" and _thing(index, subject):
            continue
        # "it" in a clause reported by a person ("Jo Tan insisted it was too early, adding ...") is what the
        # person spoke of, not who adds: the person above says it, else "it" does ("the firm said it ..., adding")
        if subject.lower_ == "it" and held is None and head.dep_ in ("ccomp", "advcl", "conj"):
            held = subject
            continue
        return subject if held is None or is_personal(index, subject) else held
    if held is not None:
        return held
    apposed = _apposed_name_before(index, cue)
    if apposed is not None:
        return apposed
    relative = _relative_before(index, cue)
    if relative is not None:
        return relative
    return _next_to(index, cue)


def _untagged_name_after(index: DocIndex, cue: Token) -> Token | None:
    """The name that ends the words after an inverted cue where the tagger marked no one ('"...," said Oversight
    ranking Democrat Jo Tan (D-Md.).'): two capitalised proper nouns outside any entity, right before the punctuation
    that closes the attribution, the last of them the name's head."""
    doc = index.doc
    k = cue.i + 1
    while k < min(len(doc), cue.i + 8) and not doc[k].is_punct and index.usable(doc[k], cue):
        k += 1
    if k >= len(doc) or not doc[k].is_punct or k - cue.i < 3:
        return None
    first, last = doc[k - 2], doc[k - 1]
    if all(t.tag_ == "NNP" and t.text[:1].isupper() and t.is_alpha and t.i not in index.entity_at
           for t in (first, last)):
        return last
    return None


def embedded(index: DocIndex, open_tok: int) -> bool:
    """Whether the quote opening at token `open_tok` continues a sentence begun before it in its paragraph (the
    parse may run a sentence on over a paragraph break)."""
    doc = index.doc
    if open_tok >= len(doc):
        return False
    para = index.para[open_tok]
    return any(WORD.match(t.text) and index.para[t.i] == para for t in doc[index.sent_start[open_tok]:open_tok]) \
        and doc[open_tok - 1].text not in (":", ",")


def _object_controller(index: DocIndex, verb: Token) -> Token | None:
    """The object of the verb a to-infinitive hangs on, who does what the infinitive says ("the row prompted the
    paper to run a cover saying ...", "urged the mayor to say ..."); "promise" leaves it to its subject."""
    if verb.dep_ != "xcomp" or not any(c.lower_ == "to" and c.dep_ == "aux" for c in verb.lefts):
        return None
    if verb.head.lower_.startswith("promis"):
        return None
    for child in verb.head.children:
        if child.dep_ == "dobj" and child.i < verb.i and _agent(index, child) and index.usable(child, verb):
            return child
    return None


def _thing(index: DocIndex, tok: Token) -> bool:
    """Whether a noun names a thing that says nothing: neither a name, a role, an organisation nor a document or
    a work."""
    return tok.tag_ in ("NN", "NNS") and tok.i not in index.entity_at and tok.lower_ not in AGENT_NOUNS | WORK_NOUNS


def _agent(index: DocIndex, tok: Token) -> bool:
    """Whether a noun can say something: a name, a person's pronoun, or a role or an organisation noun ("the mayor",
    "the tabloid"), not a thing used to do it ("used the proceeds to fight ...")."""
    if tok.i in index.entity_at:
        return index.entity_at[tok.i].label not in NOT_SPEAKER_ENTS
    return tok.lower_ in AGENT_PRONOUNS or tok.lower_ in AGENT_NOUNS


def _relative_before(index: DocIndex, cue: Token) -> Token | None:
    """A noun whose relative clause ends right before the cue is its subject, whatever the parse hung it on
    ("Although there is no plan, a city official who spoke anonymously said, ...")."""
    doc = index.doc
    last = cue.i - 2 if cue.i >= 2 and doc[cue.i - 1].text == "," else cue.i - 1
    for k in range(last, max(0, cue.i - 25) - 1, -1):
        tok = doc[k]
        if tok.text in (".", ";", ":", "?", "!") or tok.tag_ in ("``", "''") or not index.usable(tok, cue):
            return None
        if tok.tag_ in ("NN", "NNS", "NNP", "NNPS") and tok.right_edge.i in (last, cue.i - 1) and any(
                c.dep_ == "relcl" for c in tok.rights):
            return tok
    return None


def _next_to(index: DocIndex, cue: Token) -> Token | None:
    """A name or pronoun right before or after the cue that the parse did not make its subject: a person first,
    also across an apposition ("..., Jo Tan, a party strategist, said Monday")."""
    doc = index.doc
    for window in (reversed(doc[max(0, cue.i - 8):cue.i]), doc[cue.i + 1:cue.i + 3]):
        for tok in window:
            if tok.text in ("“", '"', "”") or not index.usable(tok, cue):
                break
            if index.label(tok.i) == "PERSON" and not (tok.dep_ == "compound" and tok.head.tag_ in ("NN", "NNS")):
                return tok
    for tok in (*reversed(doc[max(0, cue.i - 2):cue.i]), *doc[cue.i + 1:cue.i + 3]):
        if tok.ent_type_ in NOT_SPEAKER_ENTS or not index.usable(tok, cue):
            continue
        if tok.i > cue.i:
            tok = _named_head(index, tok, cue)
        if tok.tag_ in ("NNP", "NNPS", "PRP") or tok.i in index.entity_at:
            return tok
    return _inverted(index, cue)


def _named_head(index: DocIndex, tok: Token, cue: Token) -> Token:
    """The person a word after the cue is a compound of ("tweeted Acme aide Jo Tan": Tan, not Acme), else the
    word itself."""
    head = tok
    while head.dep_ == "compound" and head.head.i > head.i and index.usable(head.head, cue):
        head = head.head
    return head if head is not tok and index.label(head.i) == "PERSON" else tok


def _inverted(index: DocIndex, cue: Token) -> Token | None:
    """Right after a closing mark, the words around a cue are its attribution whatever the tagger made of them: a
    capitalised word alone before it ('"...," Aftergood said') or the noun just after it ('"...?" asked the boy')."""
    doc = index.doc
    if cue.i >= 2 and doc[cue.i - 2].tag_ == "''" and doc[cue.i - 1].text[:1].isupper() \
            and index.usable(doc[cue.i - 1], cue):
        return doc[cue.i - 1]
    if cue.i >= 1 and doc[cue.i - 1].tag_ == "''":
        # the first noun after the cue, past determiners and adjectives only, even where the parse hung it on a
        # later verb ('"...," said the woman, who did not want to be named')
        for tok in doc[cue.i + 1:cue.i + 5]:
            if tok.is_punct or not index.usable(tok, cue):
                return None
            if tok.tag_ in ("NN", "NNS"):
                nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
                if tok.head == cue or nxt is None or nxt.is_punct:
                    return tok
                return None
            if tok.tag_ not in ("DT", "JJ", "PRP$", "CD", "HYPH"):
                return None
    return None


def _apposed_name_before(index: DocIndex, cue: Token) -> Token | None:
    """A person named before a comma-closed apposition or party tag right before the cue (an adverb aside), which
    the parse did not make its subject ("Sen. Jo Tan, D-Mich., a member of the panel, said ...")."""
    doc = index.doc
    comma = cue.i - 1
    while comma > 0 and doc[comma].tag_ == "RB":
        comma -= 1  # "..., forcefully told"
    if comma < 0 or doc[comma].text != ",":
        return None
    for k in range(comma - 1, max(0, cue.i - 30) - 1, -1):
        tok = doc[k]
        if not index.usable(tok, cue) or tok.text in (".", ";", ":", "?", "!") or tok.tag_ in ("``", "''"):
            return None
        entity = index.entity_at.get(k)
        if entity is None or entity.label != "PERSON":
            continue
        root = doc[entity.start:entity.end].root
        if entity.end < len(doc) and doc[entity.end].text in (",", "(") and root.dep_ not in ("pobj", "dobj", "poss"):
            return root
        return None
    return None


def trailing_speaker(index: DocIndex, seg: Segment, words: TokenRange, window: int) -> Token | None:
    """The person who is the subject of the verb right after a quote that breaks off its sentence with a comma, a
    question or an exclamation ('"...," Trump shot back', '"...!" beamed Jo Tan'): whatever the verb, that place is
    the attribution's. The quote opens its sentence, only the subject and an adverb or particle stand between the
    closing mark and the verb, and the verb is within `window` tokens of the mark."""
    doc, text = index.doc, index.text
    if seg.close_mark < 0 or text[seg.close_mark - 1:seg.close_mark] not in (",", "!", "?"):
        return None
    before = text[:seg.open_mark].rstrip(" \t")
    if before and before[-1] not in ".!?:\n\"”’'":
        return None  # a quote inside a narrated sentence ('While Jo Tan calls it a "...," Lee ...')
    close = words.end
    while close < len(doc) and doc[close].is_punct and not index.inside[close]:
        close += 1
    for i in range(close, min(len(doc), close + window)):
        tok = doc[i]
        if index.inside[i] or "\n" in tok.text or tok.text in (".", ";", ":"):
            return None
        # (a past tense the tagger took for a participle still has its subject: '"...," the nominee riffed')
        if tok.tag_ in ("VBD", "VBZ") or tok.tag_ == "VBN" and any(c.dep_ == "nsubj" for c in tok.children):
            subject = subject_of(index, tok)
            if subject is None:
                return _name_right_before(index, close, tok)
            if not _named(index, subject) or index.para[subject.i] != index.para[i]:
                return None
            lo, hi = subject.left_edge.i, subject.right_edge.i
            if all(lo <= k <= hi or doc[k].tag_ in ("RB", "RP") for k in range(close, i)):
                return subject
            # ('"...," an angry Jo Tan retaliated' with the article and the adjective hung on the verb)
            entity = index.entity_at.get(subject.i)
            return subject if entity is not None and _modifiers_only(index, close, entity, tok) else None
    return None


def _name_right_before(index: DocIndex, close: int, verb: Token) -> Token | None:
    """A person named right before the verb after a closing mark, where the parse gave the verb no subject ('"...,"
    an angry Jo Tan retaliated' with the name a compound of the verb): token order, not the parse, makes it the
    subject."""
    entity = index.entity_at.get(verb.i - 1)
    if entity is None or entity.label != "PERSON" or not _modifiers_only(index, close, entity, verb):
        return None
    return index.doc[verb.i - 1]


def _modifiers_only(index: DocIndex, close: int, entity: EntitySpan, verb: Token) -> bool:
    """Whether the name `entity` ends right before `verb` with only a determiner, adjectives or adverbs between the
    closing mark and it."""
    return close <= entity.start and entity.end == verb.i and all(
        index.doc[k].tag_ in ("DT", "JJ", "RB", "PRP$") for k in range(close, entity.start))


def governing_subject(index: DocIndex, q_start: int, q_end: int) -> Token | None:
    """For a partial quote inside a sentence: the subject of the nearest verb above the quoted words that is a
    person ("Jo Tan compared him to a coach who is 'working the referees'"), else of the nearest verb."""
    nearest = None
    for i in range(q_start, q_end):
        for steps, head in index.heads_above(i, q_start, q_end, max_steps=6):
            if head.tag_.startswith("VB"):
                subject = subject_of(index, head)
                if subject is not None:
                    if is_personal(index, subject):
                        return subject
                    if nearest is None and steps < 4:
                        nearest = subject
        if nearest is not None:
            break
    return nearest


def _named(index: DocIndex, tok: Token) -> bool:
    """Whether a subject is a person, or a proper name the tagger may have misread ("an angry Hollande" as a
    place): a body or a place doing something right after a quote says it too; so does a person described by a
    role ("the nominee", "her spokesman")."""
    if is_personal(index, tok) or tok.tag_ in ("NNP", "NNPS") and index.label(tok.i) not in NOT_SPEAKER_ENTS:
        return True
    return tok.tag_ == "NN" and tok.lower_ in ROLE_NOUNS | SPOKES_NOUNS and any(
        c.dep_ in ("det", "poss") for c in tok.children)


def is_personal(index: DocIndex, tok: Token) -> bool:
    """Whether a subject names or stands for a person: a person's name or a personal pronoun."""
    if tok.i in index.entity_at:
        return index.entity_at[tok.i].label == "PERSON"
    return tok.lower_ in ("he", "she", "i", "we")


def narrated_subject(index: DocIndex, start: int, end: int) -> Token | None:
    """The last person who is the subject of a sentence without quoted words between tokens `start` (the closing
    mark of a quote, which the parse may take for the first token of the next sentence) and `end`; not a name
    modifying the subject's noun ("the oversized Jo Tan face on the billboards")."""
    people, doc = index.people, index.doc
    k = bisect_right(index.people_starts, end - 1) - 1
    while k >= 0 and people[k].token > start:
        i, _, is_subject = people[k]
        root = doc[index.entity_at[i].start:index.entity_at[i].end].root
        if is_subject and index.narrated(i) and index.sent_start[i] >= start and not (
                root.dep_ == "compound" and root.head.tag_ in ("NN", "NNS")):
            return doc[i]
        k -= 1
    return None


def previous_subject(index: DocIndex, q_start: int) -> Token | None:
    """A person who is the subject of the sentence right before a quote that opens a paragraph (`q_start`: the
    token of its opening mark)."""
    doc, people = index.doc, index.people
    if q_start == 0:
        return None
    k = bisect_right(index.people_starts, q_start - 1) - 1
    prev_sent = doc[q_start - 1].sent
    # separator lines (" .") between paragraphs are sentences without words
    while prev_sent.start > 0 and not any(WORD.match(t.text) for t in prev_sent):
        prev_sent = doc[prev_sent.start - 1].sent
    while k >= 0 and people[k].token >= prev_sent.start:
        if people[k].is_subject:
            return doc[people[k].token]
        k -= 1
    return None


def sentence_subject(index: DocIndex, open_tok: int) -> Token | None:
    """The person whose name opens the sentence of a quote as its subject ("Jo Tan also made the point that ..."),
    in the quote's paragraph and outside quotes."""
    doc = index.doc
    first, para = open_tok, index.para[open_tok]
    while first > index.sent_start[open_tok] and index.para[first - 1] == para:
        first -= 1  # (a sentence the parse ran on from the paragraph before starts with the paragraph)
    while first < open_tok and not WORD.match(doc[first].text):
        first += 1  # the closing mark or the line break the parse put at the sentence's start
    entity = index.entity_at.get(first)
    if entity is None or entity.label != "PERSON" or entity.end > open_tok or index.inside[first]:
        return None
    root = doc[entity.start:entity.end].root
    return root if root.dep_ == "nsubj" else None  # ("Jo Tan was asked whether ..." is asked, not asking)
