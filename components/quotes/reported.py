"""Reported (indirect) speech: "Smith said the plan would fail", "according to Smith, ...", as `indirect` quotes.

A cue verb of the quote lexicon with a subject and a content clause (`ccomp`) in the parse reports what someone said:
the clause is the quote, without its "that"; "according to" + a speaker reports the rest of its sentence. Not
reported speech: a cue inside a quotation, a clause that is mostly quoted words or leads into them (already a direct
quote), a passive ("is said to be", "it was said that"), a negated cue ("did not say
the plan ..."), questions ("asked whether", a sentence ending in "?") and a cue without a clause ("He said.").

Speakers are named as the direct quotes' speakers are (`naming.describe`), with a salience model of their own that
replays the direct quotes' speakers in text order: the direct quotes are attributed first and never see an indirect
one, so reported speech cannot change them.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokens import Token

from components import lexicon
from components.margins import PROMO_LINE
from components.quotes.cues import CUE_FORMS, WEAK_CUES, is_cue
from components.quotes.index import DocIndex
from components.quotes.naming import DOCUMENT_NOUNS, WORK_NOUNS, describe
from components.quotes.salience import Salience
from components.quotes.speakers import speaker_token
from components.records import Quote

INDIRECT = "indirect"
CUE_IDS = frozenset(get_string_id(form) for form in (*CUE_FORMS, "according"))  # as the string store hashes them
NOT_CUES = WEAK_CUES | lexicon.words("quote_reported_not_cues")
MIN_WORDS = 3  # a reported clause of fewer words ("he said so") reports nothing a reader can use
NOT_SPEAKERS = DOCUMENT_NOUNS | WORK_NOUNS | lexicon.words("quote_reported_not_speakers")
CLAUSE_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
# Nouns of a claim only talked about: a cue hanging on one ("a suggestion that he told ...") reports nothing said.
HEARSAY_NOUNS = frozenset({"suggestion", "suggestions", "claim", "claims", "allegation", "allegations", "idea"})
MODALS = frozenset({"would", "could", "might", "should", "'d"})
QUESTION_WORDS = frozenset({"whether", "if", "why", "how", "what", "when", "where", "who"})


def reported_quotes(index: DocIndex, salience: Salience, spoken: Sequence[tuple[int, str]]) -> list[Quote]:
    """The indirect quotes of a Doc in text order. `salience` is a fresh model for this Doc; `spoken` the direct
    quotes' speakers (token, name) in the order they were found."""
    doc, text = index.doc, index.text
    pending = sorted(spoken)
    quotes: list[Quote] = []
    covered_to = -1  # a cue inside a clause already reported ("Tan said Lee had claimed ...") is its speaker's
    for i in _cue_candidates(index):
        cue = doc[i]
        if index.inside[i] or i <= covered_to or not is_cue(cue) or _promo_line(index, cue):
            continue
        found = _according(index, cue) if cue.lower_ == "according" else _clause(index, cue)
        if found is None:
            continue
        subject, start, end = found
        while pending and pending[0][0] < subject.i:
            salience.add_speaker(*pending.pop(0))
        speaker_text, speaker = describe(index, salience, subject)
        if not _speaks(index, subject, speaker):
            continue
        if speaker and (index.label(subject.i) == "PERSON" or subject.tag_ == "PRP"):
            salience.add_speaker(subject.i, speaker)
        cue_text = doc[i:i + 2].text if cue.lower_ == "according" else cue.text
        s, e = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
        quotes.append(Quote(text[s:e], speaker, speaker_text, cue_text, s, e, kind=INDIRECT))
        covered_to = max(covered_to, end - 1) if start > i else covered_to
    return quotes


def _cue_candidates(index: DocIndex) -> list[int]:
    """Tokens whose lower-case form is a cue verb's or "according" (one array read, no Token made per word)."""
    return [i for i, lower in enumerate(index.doc.to_array(LOWER).tolist()) if lower in CUE_IDS]


def _clause(index: DocIndex, cue: Token) -> tuple[Token, int, int] | None:
    """(speaker token, first and end token of the reported clause) for a cue verb with a content clause."""
    if CUE_FORMS.get(cue.lower_) in NOT_CUES or not cue.tag_.startswith("VB"):
        return None
    if cue.dep_ in ("acl", "amod") and cue.tag_ == "VBN":
        return None  # a participle describing a thing ("viruses written to ...")
    if any(c.dep_ == "aux" and c.lower_ in MODALS for c in cue.children):
        return None  # what someone would say ("people would say her career was over")
    if any(c.dep_ in ("nsubjpass", "auxpass", "neg", "expl") for c in cue.children) or _question(index, cue):
        return None
    if _hypothetical(cue) or _unclosed_quote(index, cue.i):
        return None
    # the parser may hang a clause of the paragraph before on the cue too: the first that is reported speech wins
    for clause in cue.children:
        if clause.dep_ != "ccomp" or not any(c.dep_ in CLAUSE_SUBJECTS for c in clause.children):
            continue
        start, end = clause.left_edge.i, clause.right_edge.i + 1
        if index.doc[start].lower_ in QUESTION_WORDS:
            continue  # an indirect question
        if index.doc[start].lower_ in ("that", "which") and index.doc[start].dep_ in CLAUSE_SUBJECTS:
            continue  # a relative clause taken for a content clause (", that were popular ...")
        if index.doc[start].lower_ == "that" and index.doc[start].dep_ == "mark":
            start += 1
        span = _trimmed(index, start, end)
        if span is None or index.para[span[0]] != index.para[cue.i] or _introduces_quote(index, span[1]):
            continue
        subject = speaker_token(index, cue)
        if subject is None or span[0] <= subject.i < span[1]:
            return None
        return subject, *span
    return None


def _according(index: DocIndex, cue: Token) -> tuple[Token, int, int] | None:
    """(speaker token, first and end token of what is reported) for "according to X": the rest of the sentence."""
    speaker = speaker_token(index, cue)
    if speaker is None or index.inside[speaker.i] or _question(index, cue) or _unclosed_quote(index, cue.i):
        return None
    doc = index.doc
    phrase_start, phrase_end = cue.i, max(cue.i + 1, speaker.right_edge.i + 1)
    sent_start = index.sent_start[cue.i]
    sent_end = sent_start
    while sent_end < len(doc) and index.sent_start[sent_end] == sent_start:
        sent_end += 1
    before = _trimmed(index, sent_start, phrase_start)
    after = _trimmed(index, phrase_end, sent_end)
    if before and after:  # "The plan, according to Tan, will fail": the sentence is what Tan says
        span = _trimmed(index, sent_start, sent_end)
    else:
        span = before or after
    return None if span is None else (speaker, *span)


def _promo_line(index: DocIndex, cue: Token) -> bool:
    """Whether the cue is on a line linking to another story ("READ MORE: Jo Tan says the plant will close"): the
    headline of that story, not something said in this one."""
    text = index.text
    line_start = text.rfind("\n", 0, cue.idx) + 1
    return PROMO_LINE.match(text[line_start:line_start + 40]) is not None


def _speaks(index: DocIndex, tok: Token, speaker: str) -> bool:
    """Whether the subject (or the object of "according to") is someone speaking: a speaker named, or a role or
    group ("a spokesman", "police"), not a pronoun left unresolved, a document or figures ("the report", "data")."""
    if speaker:
        return True
    # "69% of over-55s say": a survey's figures
    return tok.tag_ in ("NN", "NNS", "NNP", "NNPS") and tok.lower_ not in NOT_SPEAKERS and tok.text != "%"


def _hypothetical(cue: Token) -> bool:
    """Whether the cue is what someone would say ("if Gerrard says he is happy") or a claim only talked about
    ("rejects a suggestion that he told ..."), not what was said."""
    head = cue
    for _ in range(3):
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in head.children):
            return True
        if head.dep_ == "acl" and head.head.lower_ in HEARSAY_NOUNS:
            return True
        if head.dep_ not in ("conj", "ccomp", "acl") or head.head.i == head.i:
            return False
        head = head.head
    return False


def _unclosed_quote(index: DocIndex, i: int) -> bool:
    """Whether token `i` follows an opening quote mark of its sentence that no closing mark answers before it: words
    in quotation marks the mark reader left unpaired ('"We said we had only 11 points ...')."""
    doc = index.doc
    depth = 0
    for k in range(index.sent_start[i], i):
        depth += doc[k].tag_ == "``"
        depth -= doc[k].tag_ == "''" and depth > 0
    return depth > 0


def _trimmed(index: DocIndex, start: int, end: int) -> tuple[int, int] | None:
    """Tokens [start, end) without punctuation at either edge; None when they hold quoted words (a direct quote
    or its lead-in) or fewer than MIN_WORDS words."""
    doc = index.doc
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    words = [k for k in range(start, end) if not doc[k].is_punct]
    if len(words) < MIN_WORDS or "\n" in doc[start:end].text:
        return None
    # quoted words making up half the clause are a direct quote, already extracted; a scare quote is not
    if 2 * sum(index.inside[k] for k in words) >= len(words):
        return None
    return start, end


def _introduces_quote(index: DocIndex, end: int) -> bool:
    """Whether a colon right after the clause leads into quoted words ('He said the plan was this: "..."')."""
    doc = index.doc
    return end < len(doc) and doc[end].text == ":" and any(index.inside[end:end + 3])


def _question(index: DocIndex, cue: Token) -> bool:
    """Whether the cue's sentence is a question ("Did he say the plan would fail?")."""
    doc = index.doc
    k = index.sent_start[cue.i]
    while k + 1 < len(doc) and index.sent_start[k + 1] == index.sent_start[cue.i]:
        k += 1
    while k > cue.i and (doc[k].is_space or doc[k].text in ('"', "”", "’", "'")):
        k -= 1
    return doc[k].text == "?"
