"""Naming a speaker: the head token of who speaks -> (the speaker as written, the canonical speaker or "").

A speaker is a name or nothing: a person's canonical full name (pronouns and definite roles resolved through the
salience model), an organisation ("a Vodafone spokesman" -> Vodafone, "it said" -> the organisation just named), or ""
for a role or a group that names no one ("a spokesman", "Palestinians"); the words of the attribution stay as written.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from components import lexicon
from components.names import canonical_person
from components.quotes.index import SUBJECT_DEPS, DocIndex, OrgMention
from components.quotes.salience import Salience
from components.relabel import PARTY_NAMES

PRONOUNS = lexicon.words("quote_pronouns")
ROLE_NOUNS = lexicon.words("quote_role_nouns")
ORG_NOUNS = lexicon.words("quote_org_nouns")
FIRM_NOUNS = lexicon.words("quote_firm_nouns")
BE_FORMS = frozenset({"is", "was", "'s", "’s", "be", "been", "are", "were"})
DOCUMENT_NOUNS = lexicon.words("quote_document_nouns")
ISSUED_NOUNS = lexicon.words("quote_issued_nouns")
WORK_NOUNS = DOCUMENT_NOUNS | lexicon.words("quote_work_nouns")
SPOKES_NOUNS = lexicon.words("quote_spokes_nouns")
# Verbs by which someone puts out a work in their own name ("released a video", "is running an ad").
ISSUING_VERBS = lexicon.words("quote_issuing_verbs")
PARTY_MEMBERS = lexicon.words("quote_party_members")
DETERMINERS = lexicon.words("determiners")
# Demonyms and other group words ("Palestinians", "Irish", "Chinese", "French"), which name no one speaking.
GROUP_WORD = re.compile(r"(?:ans?|ese|ish|ch|is|s)$")
# Entity labels that never name a speaker (NORP names one only as a party, "Democrats", not as "Palestinians").
NOT_SPEAKER_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})


def describe(index: DocIndex, salience: Salience, tok: Token) -> tuple[str, str]:
    """(speaker as written, canonical speaker) for the head token of a subject."""
    doc = index.doc
    tok = _person_in_phrase(index, tok)
    if tok.i in index.entity_at:
        return _entity_speaker(index, salience, tok)
    if tok.lower_ in DOCUMENT_NOUNS:
        for child in tok.children:
            if child.dep_ == "poss":
                written = doc[child.left_edge.i:tok.i + 1].text
                if child.i in index.entity_at:
                    return written, index.entity_at[child.i].name
                if child.tag_ == "PRP$":
                    return written, salience.resolve_pronoun(child)
    lower = tok.lower_
    if lower in WORK_NOUNS:
        author = _author(index, tok)
        if author:
            return doc[tok.left_edge.i:tok.i + 1].text, author  # "a fundraising email sent out by Jo Tan"
    if lower in ISSUED_NOUNS:
        determiner = [c for c in tok.children if c.dep_ == "det"]
        if determiner and determiner[0].lower_ in DETERMINERS:
            org = recent_org(index, tok.i, window=120, labels=("ORG",))
            if org:
                return doc[determiner[0].i:tok.i + 1].text, org
    if lower == "it" and tok.dep_ in SUBJECT_DEPS:
        if tok.head.lower_ in BE_FORMS:
            return tok.text, ""  # "It wasn't just the cries of '...'": no one, not the organisation named last
        return tok.text, organisation_for_it(index, tok)
    if tok.tag_ == "PRP" or lower in PRONOUNS:
        return tok.text, salience.resolve_pronoun(tok)
    left = [c for c in tok.lefts if c.dep_ in ("det", "compound", "amod", "poss", "nmod", "nummod")]
    start = min([c.left_edge.i for c in left], default=tok.i)
    written = doc[start:tok.i + 1].text
    if lower in SPOKES_NOUNS:
        org = _represented(index, tok)
        if org:
            return written, org  # "a Vodafone spokesman", "a spokeswoman for the Home Office"
    if tok.tag_ in ("NNP", "NNPS"):
        if index.label(start) == "NORP" and tok.i - start >= 2 and all(
                t.tag_ == "NNP" and t.i not in index.entity_at for t in doc[tok.i - 1:tok.i + 1]):
            start += 1  # "Democrat Jo Tan" the tagger left untagged: the party is no part of the name
            written = doc[start:tok.i + 1].text
        name = canonical_person(doc, written)
        if doc[start].tag_ in ("DT", "PRP$", "CD") and name not in doc._.news_people.values():
            # "the Tory MP", "his Labour colleagues": a role, not a name
            return _with_complement(tok, written), _organisation_phrase(tok, written)
        return written, name
    if doc[start].lower_ in ("the", "this", "that"):
        if lower in ORG_NOUNS:
            labels = ("ORG",) if lower in FIRM_NOUNS else ("ORG", "NORP", "GPE")
            org = org_named(index, tok) or subject_org(index, tok) or recent_org(index, tok.i, labels=labels)
            if org:
                return written, org
        elif lower not in WORK_NOUNS and (lower in ROLE_NOUNS or any(lower in w for w in index.roles.values())):
            # a spokesperson speaks for someone else: never the person the article is about
            person = salience.resolve_role(tok, salient=lower not in SPOKES_NOUNS)
            if person:
                return written, person
    if doc[start].lower_ in ("a", "an") and tok.tag_ == "NN" and tok.dep_ in SUBJECT_DEPS and lower not in WORK_NOUNS:
        person = named_later(index, tok)
        if person:
            return written, person  # "A Vancouver hockey coach says ..." then "Jo Tan said ..."
    if written == tok.text:
        name = _name_elsewhere(index, tok)
        if name:
            return written, name  # "Napster", "Tories" the tagger took for common nouns here
    # a role phrase or a group ("a spokesman", "courts minister", "officials", "the book") names no one; written
    # with whom it is of or for ("a spokesman for the committee", "the secretary of state"), which says who speaks
    return _with_complement(tok, written), _organisation_phrase(tok, written)


def _with_complement(tok: Token, written: str) -> str:
    """A role or group noun written out with the "of" or "for" phrase right after it."""
    doc = tok.doc
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if not tok.tag_.startswith("NN") or nxt is None or nxt.lower_ not in ("of", "for") or nxt.head.i != tok.i:
        return written
    end = nxt.right_edge.i
    if end - tok.i > 8 or any(t.is_punct or t.tag_ in ("``", "''") for t in doc[tok.i + 1:end + 1]) \
            or not doc[end].tag_.startswith("NN"):
        return written  # (not "some members of the 11" cut from "the 11-to-12-year-old team")
    return written + doc[tok.i:end + 1].text[len(tok.text):]


def _author(index: DocIndex, tok: Token) -> str:
    """The person or organisation a document or a work is by, as the participle after it says ("a letter signed by
    Jo Tan", "a report released by Acme Corp"); "" when it names none."""
    for participle in tok.rights:
        if participle.dep_ != "acl" or participle.tag_ != "VBN":
            continue
        for agent in participle.children:
            if agent.dep_ != "agent":
                continue
            for obj in agent.children:
                entity = index.entity_at.get(_person_in_phrase(index, obj).i) if obj.dep_ == "pobj" else None
                if entity is not None and entity.label in ("PERSON", "ORG"):
                    return entity.name
    if tok.dep_ == "dobj" and tok.head.lower_ in ISSUING_VERBS:
        # "Jo Tan released a video that said ...": who released it
        for subject in tok.head.children:
            if subject.dep_ in SUBJECT_DEPS and not index.inside[subject.i]:
                entity = index.entity_at.get(_person_in_phrase(index, subject).i)
                if entity is not None and entity.label in ("PERSON", "ORG"):
                    return entity.name
    return ""


def _person_in_phrase(index: DocIndex, tok: Token) -> Token:
    """An apposed or compound person names the speaker ("his spokesman, Ali Khan," / "spokesperson Jo Tan"), and
    so does one joined to a role noun ("BIFA founder and director Elliot Grove")."""
    if index.label(tok.i) == "PERSON":
        return tok
    deps = ("appos", "compound", "conj") if tok.tag_ == "NN" else ("appos", "compound")
    for child in tok.children:
        if child.dep_ in deps and index.label(child.i) == "PERSON":
            return child
    return tok


def _entity_speaker(index: DocIndex, salience: Salience, tok: Token) -> tuple[str, str]:
    doc = index.doc
    start, end, label, canonical = index.entity_at[tok.i]
    det = next((c for c in tok.children if c.dep_ == "det"), None)
    if label == "NORP" and det is not None and det.lower_ == "the":
        # "the Kentucky Republican said": a party's member is the person in view even when the article gives them
        # other roles ("Senate leader Jo Tan"), as "he" would be
        person = salience.resolve_role(tok) or (salience.resolve_pronoun(tok) if tok.lower_ in PARTY_MEMBERS else "")
        if person:
            return doc[det.i:end].text, person
    if label in NOT_SPEAKER_ENTS or label == "NORP" and canonical.lower() not in PARTY_NAMES and (
            GROUP_WORD.search(canonical) or doc[end - 1].tag_ in ("NNPS", "JJ")):
        return doc[start:end].text, ""  # "Palestinians", "the Irish": a group, not a name
    return doc[start:end].text, canonical


def named_later(index: DocIndex, tok: Token) -> str:
    """The person an indefinite description opening a story stands for ("A Vancouver hockey coach says ..."):
    the one person given that role anywhere in the article ("Coach Jo Tan"), else, when no one is named before
    it, the person made the subject of one of the next two sentences on being named."""
    holders = {name for name, words in index.roles.items() if tok.lower_ in words}
    if len(holders) == 1:
        return holders.pop()
    if holders or any(p.token < tok.i for p in index.people):
        return ""
    here = index.sent_no[tok.i]
    for i, name, is_subject in index.people:
        if index.sent_no[i] > here + 2:
            break
        if index.sent_no[i] > here and is_subject and not index.inside[i]:
            return name
    return ""


def _name_elsewhere(index: DocIndex, tok: Token) -> str:
    """The name a capitalised word the tagger left as a common noun stands for: a party, a person's surname, or a
    word tagged as a name (or the last word of one) elsewhere in the article ("Others" opening a sentence is no
    name)."""
    if not tok.text[:1].isupper() or tok.is_upper and len(tok) < 2:
        return ""
    if tok.lower_ in PARTY_NAMES:
        return tok.text
    person = canonical_person(index.doc, tok.text)
    if person in index.doc._.news_people.values():
        return person  # a surname the parse misread ("Lincicome" as a verb)
    for ent in index.doc._.news_entities:
        if tok.text in (ent.text, ent.text.split()[-1]) and ent.label not in NOT_SPEAKER_ENTS and ent.label != "NORP":
            return ent.entity
    return ""


def _represented(index: DocIndex, tok: Token) -> str:
    """The organisation a spokesperson speaks for, named in the same phrase: compounded or possessive ("a
    Vodafone spokesman", "the ministry's spokeswoman") or after "for" / "of" ("a spokesman for Vodafone")."""
    candidates = [c for c in tok.lefts if c.dep_ in ("compound", "poss", "nmod")]
    for prep in tok.rights:
        if prep.dep_ == "prep" and prep.lower_ in ("for", "of", "at"):
            candidates.extend(c for c in prep.children if c.dep_ == "pobj")
    for cand in candidates:
        for k in range(cand.left_edge.i, cand.i + 1):
            entity = index.entity_at.get(k)
            if entity is not None and entity.label in ("ORG", "GPE", "FAC"):
                return entity.name
    return ""


def organisation_for_it(index: DocIndex, tok: Token) -> str:
    """"it said": the organisation named last in this sentence or the one before ("EDC declined to comment.
    '...,' it said in a statement"); "" when a non-organisation noun subject comes between."""
    doc = index.doc
    first = index.sent_start[index.sent_start[tok.i] - 1] if index.sent_start[tok.i] else 0
    found = [(org.token, org.name) for org in index.orgs if first <= org.token < tok.i and org.label == "ORG"]
    if not found:
        return ""
    # the organisation that is a subject ("EDC declined ...") rather than one only mentioned ("The Globe's")
    subjects = [(start, name) for start, name in found if doc[start].head.dep_ in SUBJECT_DEPS
                or any(doc[k].dep_ in SUBJECT_DEPS for k in range(start, index.entity_at[start].end))]
    start, name = (subjects or found)[-1]
    # a thing named as a subject in between ("the report", "the plan") is likelier what "it" is
    if any(t.dep_ in SUBJECT_DEPS and t.tag_ in ("NN", "NNS") and not index.inside[t.i]
           for t in doc[index.entity_at[start].end:tok.i]):
        return ""
    return name


def org_named(index: DocIndex, tok: Token) -> str:
    """The organisation named last before `tok` with its noun, in its name ("the board" -> "Illinois Board of
    Elections") or as the noun it modifies ("the Alberta government" -> Alberta; a demonym, "the Spanish government",
    is no name for it), as a definite description agrees with its antecedent's head."""
    doc = index.doc
    for org in reversed(index.orgs):
        if org.token >= tok.i or index.inside[org.token]:
            continue
        entity = index.entity_at[org.token]
        root = doc[entity.start:entity.end].root
        if (org.label == "ORG" and tok.lower_ in org.name.lower().split()) or (org.label != "NORP" and (
                root.head.lower_ == tok.lower_ and root.dep_ in ("amod", "compound", "nmod", "poss"))):
            return org.name
    return ""


def subject_org(index: DocIndex, tok: Token) -> str:
    """The organisation last made a subject in the sentence of "the company said" or the one before ("EMI said two
    albums, one by Gorillaz, were put back. '...,' the company added": EMI, not the band named last)."""
    doc = index.doc
    first = index.sent_start[index.sent_start[tok.i] - 1] if index.sent_start[tok.i] else 0
    for org in reversed(index.orgs):
        if org.token >= tok.i or index.inside[org.token] or org.label != "ORG":
            continue
        if org.token < first:
            return ""
        entity = index.entity_at[org.token]
        if doc[entity.start:entity.end].root.dep_ in SUBJECT_DEPS:
            return org.name
    return ""


def recent_org(index: DocIndex, i: int, window: int = 200, labels: tuple[str, ...] = ("ORG", "NORP", "GPE")) -> str:
    """The organisation (or group, or state) named last before token `i` in narration, when within `window` tokens.
    A group or a place that only modifies a noun ("a U.S. citizen", "Japanese comments") is no one's antecedent."""
    for org in reversed(index.orgs):
        if org.token < i and org.label in labels and not index.inside[org.token] and not _modifier(index, org):
            return org.name if i - org.token < window else ""
    return ""


def _modifier(index: DocIndex, org: OrgMention) -> bool:
    if org.label == "ORG":
        return False
    entity = index.entity_at[org.token]
    root = index.doc[entity.start:entity.end].root
    return root.dep_ in ("amod", "compound", "nmod") and root.head.tag_ in ("NN", "NNS")


def _organisation_phrase(tok: Token, written: str) -> str:
    """An organisation described by a modified organisation noun ("the health ministry" -> "health ministry"); ""
    for any other description."""
    if tok.lower_ not in ORG_NOUNS or not any(c.dep_ in ("compound", "amod", "nmod") for c in tok.lefts):
        return ""
    words = written.split()
    if words and words[0].lower() in DETERMINERS:
        words = words[1:]
    return " ".join(words)
