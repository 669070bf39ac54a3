"""The gender of the people an article names and quotes, from what the article says about them.

`news_gender` runs after `news_entities` and `news_quotes`. For each person (canonical name) it gathers evidence:
an honorific before a mention ("Ms", "Sir"), a gendered role noun next to one ("spokeswoman Jo Tan", "Jo Tan, the
chairman"), the pronouns the quote attribution linked to them ("she said" x3), and last their first name
(gender-guesser, and for a name it does not know nomquamgender's larger count; ambiguous answers count for nothing). A
person whose evidence agrees is `female` or `male`; one with none, or with evidence both ways, is `unknown`. Each
decision keeps its evidence as text ("Ms, she x2", "first name Kwame (nomquamgender)") so a reader can check it. A
speaker the model did not tag as a person ("Krystal", taken for an organisation) is judged by a first name when their
name reads as a person's.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from components import lexicon
from components.names import TITLES, first_name_gender, given_name_answer, name_gender
from components.quotes.index import TITLE_TAGS

FEMALE, MALE, UNKNOWN = "female", "male", "unknown"

# Closed classes: honorifics and nouns that say a person's gender wherever they stand before or after a name.
HONORIFICS = {FEMALE: lexicon.words("gender_honorifics_female"), MALE: lexicon.words("gender_honorifics_male")}
ROLE_NOUNS = {FEMALE: lexicon.words("gender_role_nouns_female"), MALE: lexicon.words("gender_role_nouns_male")}
# "-woman" and "-man" compounds: chairwoman, spokesman, congresswoman, businessman (not "human", "German", "Truman").
GENDERED_SUFFIX = re.compile(r"^[a-z]{3,}?(?:(woman|women)|(?<!hu)(?<!ger)(man|men))$")
PRONOUNS = {FEMALE: lexicon.words("pronouns_female"), MALE: lexicon.words("pronouns_male")}
# Words that make a speaker's name an organisation's ("Washington Post", "Orlando Sentinel").
ORG_NAME_WORDS = (lexicon.words("org_words") | lexicon.words("org_heads") | lexicon.words("company_forms")
                  | lexicon.words("speaker_org_words"))
# Entity labels of speakers that are places or peoples, whatever given name they share ("Jordan", "Orlando").
PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "FAC"})


def _noun_gender(word: str) -> str:
    word = word.lower()
    for gender, nouns in ROLE_NOUNS.items():
        if word in nouns:
            return gender
    match = GENDERED_SUFFIX.match(word)
    if match:
        return FEMALE if match.group(1) else MALE
    return ""


def _honorific_gender(word: str) -> str:
    word = word.lower().rstrip(".")
    for gender, words in HONORIFICS.items():
        if word in words:
            return gender
    return ""


def mention_evidence(doc: Doc, start_char: int, end_char: int, *, role_window: int,
                     people: frozenset[int] = frozenset()) -> list[tuple[str, str]]:
    """(gender, evidence) pairs from the words right around one mention: an honorific or a role noun before it, a
    role noun in an apposition after it ("Jo Tan, the chairwoman of ..."), up to `role_window` words away, the noun
    it stands in apposition to, and a pronoun of the clause it is the subject of. `people`: indices of the tokens of
    the article's people (some of whom the model did not tag)."""
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None:
        return []
    found = _role_evidence(doc, span, role_window)
    head = span.root  # the name, or the first of the list it is in
    while head.dep_ == "conj" and head.head.i < head.i:
        head = head.head
    apposed = _apposed_noun(doc, span, head)
    if apposed and apposed not in found:
        found.append(apposed)
    # the subject may be the noun the name is in apposition to ("A neighbour, Jo Tan, said she ...")
    subject = head.head if head.dep_ == "appos" and span.root.i == head.i else span.root
    pronoun = _clause_pronoun(span, subject, people)
    if pronoun:
        found.append(pronoun)
    return found


def _role_evidence(doc: Doc, span, role_window: int) -> list[tuple[str, str]]:
    """An honorific or a role noun before the name ("Ms Tan", "spokeswoman Jo Tan"), and a role noun heading an
    apposition after it ("Jo Tan, the chairwoman of ...")."""
    found = []
    before = doc[max(0, span.start - role_window):span.start]
    last = before[-1] if before else None
    if last is not None and last.is_title and last.lower_ != "m" and (gender := _honorific_gender(last.text)):
        found.append((gender, last.text.rstrip(".")))
    elif last is not None and last.text == "." and len(before) > 1 and (gender := _honorific_gender(before[-2].text)):
        found.append((gender, before[-2].text))
    else:
        # "spokeswoman Jo Tan", "Vodafone spokeswoman Jo Tan": a noun of the name's own noun phrase, on its line
        for tok in reversed(before):
            if "\n" in tok.whitespace_ or tok.tag_ not in TITLE_TAGS:
                break
            gender = _noun_gender(tok.text) if tok.is_lower and tok.tag_.startswith("NN") else ""
            if gender:
                found.append((gender, tok.lower_))
                break
    after = doc[span.end:span.end + 1 + role_window]
    if len(after) > 1 and after[0].text == ",":
        for tok in after[1:]:
            if tok.is_punct or tok.ent_type_ == "PERSON" or tok.tag_.startswith("VB"):
                break
            gender = _noun_gender(tok.text) if tok.is_lower and tok.tag_.startswith("NN") else ""
            # the head of the apposition, not a noun it governs ("Jo Tan, the wife's lawyer")
            if gender and tok.dep_ == "appos" or gender and tok.head.i < span.end:
                found.append((gender, tok.lower_))
                break
    return found


def _apposed_noun(doc: Doc, span, head) -> tuple[str, str] | None:
    """"his wife, Jo Tan", "their daughters Jo, Ana and Mia": the gendered noun that the name (or the list it is in,
    headed by `head`) stands in apposition to; a singular noun names one person, not the list after it ("his wife,
    Jo Tan and his sons")."""
    noun = head.head
    # right next to it: the parser hangs a later name on an earlier noun too ("his wife, Jo Tan, and his son: Sam")
    next_to = all(t.is_punct for t in doc[noun.i + 1:head.left_edge.i])
    if not (head.dep_ == "appos" and noun.i < head.i and next_to and noun.is_lower and noun.tag_.startswith("NN")):
        return None
    plural = noun.tag_ == "NNS"
    # the pipeline has no lemmatizer: a plural's singular ("daughters") by its "s"
    gender = _noun_gender(noun.text[:-1] if plural and noun.lower_.endswith("s") else noun.text)
    # a masculine plural also names mixed groups ("the actors Jo Tan and Sam Lee"), a feminine one does not
    if gender == MALE and plural or head.i != span.root.i and not plural:
        return None
    return (gender, noun.lower_) if gender else None


def _clause_pronoun(span, subject, people: frozenset[int]) -> tuple[str, str] | None:
    """"Jo Tan said she would stay", "Jo Tan left with his wife": a subject pronoun or a possessive in the clause of
    which the person is the subject, before any other person is named (an object pronoun names someone else: "Jo Tan
    hired her")."""
    if subject.dep_ not in ("nsubj", "nsubjpass"):
        return None
    for tok in (t for t in _clause_after(subject) if t.i >= span.end):
        if tok.ent_type_ == "PERSON" or tok.i in people:
            return None
        gender = next((g for g, words in PRONOUNS.items() if tok.lower_ in words), "")
        # a possessive after the verb: one before it belongs to a phrase the parse mistook for the clause's
        # ("the late Jo Tan, her childhood was ...")
        if gender and (tok.dep_ in ("nsubj", "nsubjpass") or tok.dep_ == "poss" and tok.i > subject.head.i):
            return gender, tok.lower_
    return None


def _clause_after(subject):
    """The tokens after a subject in the clause of its verb, up to the end of its paragraph (the parser sometimes
    hangs the next paragraph's sentence on it)."""
    clause = []
    sent = subject.sent  # found by walking the parse: once, not per token
    for t in subject.head.subtree:
        if t.i > subject.i and sent.start <= t.i < sent.end:
            if "\n" in t.text:
                break
            clause.append(t)
    return clause


def _after_title(doc: Doc, start_char: int, end_char: int) -> bool:
    """Whether a mention follows a title ("President Reagan", "Sen. Kerry")."""
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    return span is not None and span.start > 0 and doc[span.start - 1].text.lower().rstrip(".") in TITLES


def untagged_speaker_gender(name: str) -> str:
    """The gender of a speaker the model did not tag as a person, from a name that reads as a person's: up to four
    capitalised words, none of them an organisation's word, opening with a given name that gender-guesser gives one
    gender ("Dana Osei", "Krystal"); "" for any other name ("Orlando Sentinel", "Hillary PAC", "Fox Broadcasting":
    "Fox" is a given name only in the larger name count, too rare a one to tell a firm from a person)."""
    words = name.split()
    if not (0 < len(words) <= 4 and all(word[:1].isupper() and not word.isupper()
                                        and word.lower() not in ORG_NAME_WORDS for word in words)):
        return ""
    return {"female": FEMALE, "male": MALE}.get(given_name_answer(words[0]), "")


def decide(votes: Counter, first_name: str, name: str) -> tuple[str, str]:
    """(gender, evidence text) from the article's votes ({(gender, evidence): count}) and the first-name answer."""
    by_gender = Counter()
    for (gender, _), n in votes.items():
        by_gender[gender] += n
    # pronouns are linked by the parse and now and then to the wrong person: against them a first name that is
    # clearly one gender's ("Susan", not "Kim") counts as a vote, so one stray "his" makes no man of a Susan
    clearly = first_name_gender(name) if first_name else ""
    if clearly and votes and all(word in PRONOUNS[gender] for gender, word in votes):
        by_gender[clearly] += 1
    words = [f"{word} x{n}" if n > 1 else word for (_, word), n in votes.most_common()]
    if first_name:  # naming the larger name count where the answer is its own ("first name Kwame (nomquamgender)")
        first = name.split()[0]
        words.append(f"first name {first}" + (" (nomquamgender)" if given_name_answer(first) == "unknown" else ""))
    evidence = ", ".join(words)
    (top, n), *rest = by_gender.most_common() or [(UNKNOWN, 0)]
    # the article's own words come first, when they agree (a stray pronoun linked wrongly is outvoted 3 to 1) ...
    if n and (not rest or n >= max(3, 3 * rest[0][1])):
        return top, evidence
    if not by_gender and first_name:  # ... the first name only where the article says nothing
        return first_name, evidence
    return UNKNOWN, evidence


class NewsGender:
    """Sets `gender` and `gender_evidence` on PERSON mentions and `speaker_gender` on quotes."""

    def __init__(self, *, role_window: int):
        self.role_window = role_window

    def __call__(self, doc: Doc) -> Doc:
        votes: dict[str, Counter] = {}
        titled = set()
        people = frozenset(t.i for ent in doc._.news_entities if ent.label == "PERSON"
                           for t in doc.char_span(ent.start_char, ent.end_char, alignment_mode="expand") or ())
        for ent in doc._.news_entities:
            if ent.label == "PERSON":
                # a lone word after a title is a surname ("President Reagan"); the first word of a full name so
                # used is a family name said first ("Chairman Kim" of Kim Dae Sung), unless it is clearly a given
                # name ("Prince Harry", "Pastor Andrew")
                first = ent.entity.split()[0]
                if (ent.text.split()[-1] == first and _after_title(doc, ent.start_char, ent.end_char)
                        and (" " not in ent.entity or not name_gender(first, strict=True))):
                    titled.add(ent.entity)
                person = votes.setdefault(ent.entity, Counter())
                person.update(mention_evidence(doc, ent.start_char, ent.end_char, role_window=self.role_window,
                                               people=people))
        # a direct quote's pronoun only, so reported speech leaves people's gender as it was (on gender_ggt its
        # pronouns moved three people: two to the right gender, one female to unknown)
        for quote in (q for q in doc._.news_quotes if q.kind == "direct"):
            pronoun = quote.speaker_text.lower()
            for gender, words in PRONOUNS.items():
                if quote.speaker and pronoun in words:
                    votes.setdefault(quote.speaker, Counter())[(gender, pronoun)] += 1
        # a speaker the model did not tag as a person (it took them for an organisation, or never tagged a name
        # given alone): their first name, strictly read, when the attribution is their name ("Krystal said", not "the
        # statement said" or "a Marine spokeswoman said") and it reads as a person's
        tagged = {ent.entity: ent.label for ent in doc._.news_entities}
        untagged = {q.speaker for q in doc._.news_quotes if q.speaker and q.speaker not in votes
                    and q.speaker_text and set(q.speaker_text.split()) <= set(q.speaker.split())
                    and tagged.get(q.speaker) not in PLACE_LABELS}
        decided = {}
        for name, person_votes in votes.items():
            by_name = "" if name in titled else first_name_gender(name, strict=False)
            decided[name] = decide(person_votes, by_name, name)
        for name in untagged:
            decided[name] = decide(Counter(), untagged_speaker_gender(name), name)
        doc._.news_entities = [
            replace(ent, gender=decided[ent.entity][0], gender_evidence=decided[ent.entity][1])
            if ent.label == "PERSON" else ent
            for ent in doc._.news_entities
        ]
        doc._.news_quotes = [
            replace(quote, speaker_gender=decided.get(quote.speaker, (UNKNOWN,))[0] if quote.speaker else "")
            for quote in doc._.news_quotes
        ]
        return doc


@Language.factory(
    "news_gender",
    default_config={"role_window": 4},
    requires=["doc._.news_entities", "doc._.news_quotes", "token.tag", "token.dep"],
    assigns=["doc._.news_entities", "doc._.news_quotes"],
)
def make_news_gender(nlp: Language, name: str, *, role_window: int) -> NewsGender:
    """`role_window`: words of a mention's immediate neighbourhood that may stand between a role noun and the name
    ("actress and singer Jo Tan", "Jo Tan, 43, a spokeswoman for")."""
    return NewsGender(role_window=role_window)
