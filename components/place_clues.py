"""Evidence in one article that a name the gazetteer knows as a town is no place here.

news_countries (countries.py) reads a town only where nothing says otherwise; these are the article's other words
that do: a name listed among people ("Waterreus, Hutton, Andrews, Ball" in a team sheet), a name the article gives
a kind of organisation ("car maker Toyota", "Halifax, the mortgage lender") or uses as a company's ("Mercedes'
brands"), a capitalised word opening a sentence that the article otherwise writes in lower case ("Mobile phone
music ...", "Rock star Patti Smith"), or any one-word name the article writes in lower case too ("EA Mobile" beside
"mobile games").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from components import lexicon
from components.acronyms import initials
from components.gazetteer import BIG_CITY, lookup

# kinds of organisation that make a name no town: a firm, a brand, a bank; not the club or school a town names
ORG_HEADS = lexicon.words("org_heads") - lexicon.words("town_bodies")
PLACE_PREPOSITIONS = lexicon.words("place_prepositions")
COMPANY_POSSESSIONS = lexicon.words("company_possessions")
COMPANY_STAFF = lexicon.words("company_staff")
COMPANY_FORMS = lexicon.words("company_forms")
# What a company issues: "Corona shares", "Empire warrants" are a firm's; a market is named after a big city
# ("London shares", "Tokyo stocks"), so only a smaller town's name before them is a firm's.
SECURITIES = frozenset({"share", "shares", "warrant", "warrants", "debentures"})
DETERMINERS = lexicon.words("determiners")  # "A Gainesville man": an article, not an initial
# Titles that name the person after them: "president Thabo Mbeki", "Gov. Jo Tan" (not the titles that are adjectives
# too, "former", "acting": "Former US ambassador", "Acting U.S. Attorney").
TITLES = lexicon.words("titles") - lexicon.words("title_modifiers")
# Roles written before a person's name in lower case: "Sideways star Thomas Haden Church", "actor Paris Jackson".
ROLE_NOUNS = lexicon.words("quote_role_nouns")
LIST_SEPARATORS = frozenset({",", ";", "and", "&"})
PLACE_LABELS = frozenset({"GPE", "LOC"})
# a name heading its own noun phrase, not modifying another ("the London office", "the Paris-based firm")
PHRASE_HEADS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "attr", "dative", "ROOT"})
MAX_MEMBER = 4  # tokens in one list member: "Alex Rae", "Murray (Anyinsah 59)", "Newport-Gwent"


def _member(doc: Doc, start: int, end: int) -> Span | None:
    """A list member: capitalised words with at most a parenthesis, or None when the span is no name."""
    words = [t for t in doc[start:end] if t.is_alpha]
    if not words or end - start > MAX_MEMBER + 3 or not all(t.text[:1].isupper() for t in words[:1]):
        return None
    if any("\n" in t.whitespace_ for t in doc[start : end - 1]):
        return None
    return doc[start:end]


def _neighbours(doc: Doc, start: int, end: int, step: int) -> list[Span]:
    """The members of the list around doc[start:end], walking left (step -1) or right (step 1): capitalised words,
    with what brackets hold ("Murray (Anyinsah 59)"), between commas, semicolons and "and"; a lower-case word or a
    new sentence ends the list."""
    opening, closing = ("(", ")") if step > 0 else (")", "(")
    out = []
    i = start - 1 if step < 0 else end
    while 0 <= i < len(doc) and doc[i].lower_ in LIST_SEPARATORS:
        k, depth, taken = i + step, 0, []
        while 0 <= k < len(doc) and len(taken) <= MAX_MEMBER + 3:
            tok = doc[k]
            if not depth and (tok.lower_ in LIST_SEPARATORS or tok.is_alpha and not tok.text[:1].isupper()
                              or step > 0 and tok.is_sent_start):
                break
            depth += (tok.text == opening) - (tok.text == closing)
            taken.append(k)
            k += step
            if step < 0 and tok.is_sent_start:
                break
        member = _member(doc, min(taken), max(taken) + 1) if taken else None
        if member is None:
            break
        out.append(member)
        if not (0 <= k < len(doc)) or doc[k].lower_ not in LIST_SEPARATORS:
            break
        i = k
    return out


def _is_place(span: Span) -> bool:
    """A member NER calls a place, or one with a strong place reading (a country, a state, a city of 100k)."""
    if span[0].ent_type_ in PLACE_LABELS:
        return True
    return any(p.kind != "city" or p.weight >= 5.0 for t in span for p in lookup(t.text))


def listed_with_people(doc: Doc, start: int, end: int, surnames: frozenset[str] = frozenset()) -> bool:
    """Whether doc[start:end] is a whole member of a list of three or more other names, more of them people by NER
    than places, a surname of a person the article names in full counting as a person: a team sheet ("Douglas,
    McNamara, Sutton, Thompson"); not a list of towns or of clubs ("Juventus, Lyon"), nor a club in brackets ("A Masi
    (Viadana)")."""
    def edge(i: int) -> bool:  # a list member ends here: "Sutton," not "Shelbyville Recreation Center,"
        return not 0 <= i < len(doc) or doc[i].lower_ in LIST_SEPARATORS or doc[i].text in ".:"

    if start > 0 and doc[start - 1].text == "(" or not (edge(start - 1) and edge(end)):
        return False
    left = _neighbours(doc, start, end, -1)
    others = left + _neighbours(doc, start, end, 1)
    if len(others) < 3 or left and doc[start - 1].text == "," and _is_place(left[0]) and any(
            p.kind != "city" for p in lookup(doc[start:end].text)):
        return False  # "... and wife, Gwen of Detroit, Texas; brother, ...": a town's state
    first = left[-1].start if left else start
    if first > 0 and doc[first - 1].lower_ in PLACE_PREPOSITIONS:
        return False  # "flooding in Becker, Clay, Douglas, Grant and Wilkin": places, whatever NER calls them
    # a surname of a person the article names in full counts as a person, whatever NER calls it in the list
    named = sum(1 for s in others if s[0].ent_type_ == "PERSON" or s.text in surnames)
    places = sum(1 for s in others if _is_place(s) and s.text not in surnames)
    return named > places


def listed_with_firms(doc: Doc, start: int, end: int) -> bool:
    """Whether doc[start:end] is a member of a list of two or more other names, at least half of which are no
    place's names, two of those at least organisations by NER: firms or studios ("Sony Pictures, Miramax, Columbia
    and Buena Vista", "backing from Paramount, Universal and Warner Bros"); not a list of clubs, which are named
    after towns ("Chelsea, Arsenal and Newcastle"), nor a list after "in"."""
    if end < len(doc) and doc[end].lower_ not in LIST_SEPARATORS and doc[end].text not in ".:":
        return False  # a town opening a longer name is its body's: "Metcalfe County Sheriff's Office and ..."
    left = _neighbours(doc, start, end, -1)
    others = left + _neighbours(doc, start, end, 1)
    first = left[-1].start if left else start
    if len(others) < 2 or first > 0 and doc[first - 1].lower_ in PLACE_PREPOSITIONS - {"at", "from"}:
        return False
    # members that are no town and hold no place's name: "Miramax", "Warner Bros" (not "Chelsea", "France Telecom")
    plain = [s for s in others if not lookup(s.text) and not _is_place(s)]
    # NER's reading of the name weighs: one it calls a place needs four such firms ("Miramax, Columbia and ...")
    need = 4 if doc[start].ent_type_ in PLACE_LABELS else 2
    return (len(plain) >= need and 2 * len(plain) >= len(others)
            and sum(1 for s in plain if s[0].ent_type_ == "ORG") >= 2)


def organisation_names(doc: Doc) -> frozenset[str]:
    """Names the article gives a kind of organisation right before them ("car maker Toyota", "electronics giants
    Hitachi"), or uses as a company: owning what only companies own ("Mercedes' brands"), employing economists and
    analysts ("Halifax chief economist", "an analyst at Jupiter"). An apposition after a name ("Halifax, the mortgage
    lender") counts only where it stands (countries.py), as parses often hang a later noun on a town ("Henderson, ...,
    a training facility")."""
    out = set()
    for ent in doc.ents:
        if len(ent) > 3:
            continue
        before = doc[ent.start - 1] if ent.start > 0 else None
        if before is not None and before.is_lower and before.tag_ in ("NN", "NNS") and _org_head(before) \
                and (before.head.i in range(ent.start, ent.end) or ent.root.head.i == before.i):
            out.add(ent.text)
        elif _company_use(ent):
            out.add(ent.text)
    return frozenset(out)


def firm_openers(ents: Sequence[Span]) -> frozenset[str]:
    """The first words of the firms' names an article's entities write in full, with a company's legal form at the
    end: "Bavaria" and "Bavaria Holdings" for "Bavaria Holdings Inc"."""
    out = set()
    for ent in ents:
        if ent.label_ == "ORG" and len(ent) > 1 and ent[-1].lower_ in COMPANY_FORMS:
            out.update(ent[:k].text for k in range(1, min(len(ent), 4)))
    return frozenset(out)


def _company_use(ent: Span) -> bool:
    """A name owning a company's things or staff: "Mercedes' brands", "Halifax's shares", "Halifax chief economist",
    "an economist at Halifax", "an analyst at Jupiter Research" (not a town's "fans", "mayor" or "council"); a small
    town's name before what a company issues ("Corona shares")."""
    root, head = ent.root, ent.root.head
    if head.i >= ent.end and (root.dep_ == "poss" and head.lower_ in COMPANY_POSSESSIONS
                              or root.dep_ in ("poss", "compound", "amod") and head.lower_ in COMPANY_STAFF):
        return True
    if head.i >= ent.end and root.dep_ == "compound" and head.lower_ in SECURITIES and not any(
            p.kind != "city" or p.weight >= BIG_CITY for p in lookup(ent.text)):
        return True
    phrase = root  # the name's noun phrase: "Jupiter research" for "Jupiter"
    while phrase.dep_ == "compound" and phrase.head.i > phrase.i:
        phrase = phrase.head
    head = phrase.head
    return (phrase.dep_ == "pobj" and head.lower_ == "at" and head.head.i < ent.start
            and head.head.lower_ in COMPANY_STAFF)


def _org_head(tok: Token) -> bool:
    """A kind of organisation, singular or plural ("maker", "giants")."""
    return tok.lower_ in ORG_HEADS or tok.tag_ == "NNS" and tok.lower_[:-1] in ORG_HEADS


def common_word_openers(doc: Doc) -> frozenset[int]:
    """Token indices of capitalised words that open a sentence (or a quotation opening one) and that the article
    writes in lower case elsewhere but never capitalised inside a sentence: "Mobile phone music ..." beside "mobile
    TV"."""
    tokens = list(doc)  # each Token object made once, not once per question
    opens = _openings(tokens)
    lower = {t.lower_ for t in tokens if t.is_lower and t.is_alpha}
    inside = {t.text for t, first in zip(tokens, opens) if not first and t.text[:1].isupper()}
    return frozenset(
        t.i for t, first in zip(tokens, opens)
        if first and t.is_title and t.is_alpha and t.lower_ in lower and t.text not in inside
    )


def _openings(tokens: list[Token]) -> list[bool]:
    """Per token, whether it is the first word of its sentence, after any opening quotation mark or bracket
    ('"Mobile phone sales ...')."""
    out, after_start = [], False
    for t in tokens:
        start = bool(t.is_sent_start)
        out.append(start or after_start)
        after_start = start and (t.is_quote or t.is_left_punct)
    return out


@dataclass(frozen=True, slots=True)
class Clues:
    """What the whole article says about its names, gathered once per Doc."""

    person_words: frozenset[str] = frozenset()  # surnames of the people named in full
    place_surfaces: frozenset[str] = frozenset()  # names NER calls a place somewhere in the article
    organisations: frozenset[str] = frozenset()  # names given a kind of organisation or used as a company's
    openers: frozenset[int] = frozenset()  # sentence-opening common words
    lower_words: frozenset[str] = frozenset()  # the words the article writes in lower case ("mobile")
    firms: frozenset[str] = frozenset()  # first words of firms' full names ("Bavaria" of "Bavaria Holdings Inc")
    surnames: frozenset[str] = frozenset()  # person_words of names with no brackets in them (not "J Rossi (Cardiff")
    org_surfaces: frozenset[str] = frozenset()  # organisations paired with another one ("Nokia and Microsoft")
    acronyms: frozenset[str] = frozenset()  # initials of organisations named in full ("SAMA")

    @classmethod
    def of(cls, doc: Doc) -> Clues:
        ents = doc.ents  # a Span of every entity, made anew at each read
        people = [ent for ent in ents if ent.label_ == "PERSON" and len(ent) > 1]
        tokens = list(doc)  # each Token object made once
        return cls(
            person_words=frozenset(ent[-1].text for ent in people),
            place_surfaces=frozenset(ent.text for ent in ents if ent.label_ in PLACE_LABELS),
            organisations=organisation_names(doc),
            openers=common_word_openers(doc),
            # words standing free, not pieces of a web address ("a-trump-rally-in-greensboro")
            lower_words=frozenset(t.text for t, before in zip(tokens, [None, *tokens]) if t.is_lower and t.is_alpha
                                  and (before is None or before.whitespace_)),
            firms=firm_openers(ents),
            surnames=frozenset(ent[-1].text for ent in people if not any(t.is_bracket for t in ent)),
            org_surfaces=_paired_organisations(ents),
            acronyms=frozenset(initials(ent.text, small_words=False) for ent in ents
                               if ent.label_ == "ORG" and len(ent) > 2),
        )

    def no_town(self, doc: Doc, start: int, end: int) -> bool:
        """Whether the article says that doc[start:end] names no town here (its words may say place all the same,
        see name_parts.place_evidence)."""
        surface = doc[start:end].text
        return (surface in self.person_words - self.place_surfaces or surface in self.organisations
                or end - start == 1 and (start in self.openers or surface.lower() in self.lower_words)
                or no_town_here(doc, start, end)
                or self.first_name(doc, start, end)
                or surface not in self.place_surfaces and _group(doc, start, end))


    def first_name(self, doc: Doc, start: int, end: int) -> bool:
        """Whether doc[start:end] is a person's first name or surname: after a lone initial ("S Orlando" in a team
        sheet) or before a surname of a person the article names in full ("Milan Baros", "Santiago Solari")."""
        prev = doc[start - 1] if start > 0 else None
        nxt = doc[end] if end < len(doc) else None
        initial = (prev is not None and len(prev.text.rstrip(".")) == 1 and prev.text[0].isupper()
                   and "\n" not in prev.whitespace_ and (prev.tag_ == "NNP" and prev.lower_ not in DETERMINERS
                                                       or prev.text == "A" and _after_comma(doc, prev.i)))
        return initial or (nxt is not None and nxt.ent_type_ == "PERSON"
                           and nxt.text in self.person_words - self.place_surfaces)


NO_CLUES = Clues()


def _paired_organisations(ents: Sequence[Span]) -> frozenset[str]:
    """Names NER calls an organisation twice or more, once joined by "and" or "or" to another organisation that
    names no place: "Nokia and Microsoft have agreed" (not "Alliance", a town NER often calls an organisation)."""
    counts = Counter(ent.text for ent in ents if ent.label_ == "ORG")
    out = set()
    for ent in ents:
        if ent.label_ != "ORG" or counts[ent.text] < 2:
            continue
        root = ent.root
        partners = [root.head] if root.dep_ == "conj" else []
        partners += [t for t in root.children if t.dep_ == "conj"]
        if any(t.ent_type_ == "ORG" and not lookup(t.text) and not ent.start <= t.i < ent.end for t in partners):
            out.add(ent.text)
    return frozenset(out)


def _after_comma(doc: Doc, i: int) -> bool:
    """Whether doc[i] follows a comma or a semicolon: a capital "A" there is an initial in a list ("M Di Rollo
    (Edinburgh), A Henderson"), as prose after a comma writes the article in lower case."""
    return i > 0 and doc[i - 1].text in (",", ";")


def no_town_here(doc: Doc, start: int, end: int) -> bool:
    """Whether the words right around doc[start:end] say it names no town: an article before a lone name that heads
    its phrase ("the Halifax", "at the Riverside"; not "the Hague", "the London office"), a title or role before a
    person's name ("president Thabo Mbeki", "star Thomas Haden Church")."""
    tok = doc[start]
    prev = doc[start - 1] if start > 0 else None
    if prev is None:
        return False
    nxt = doc[end] if end < len(doc) else None
    if (end - start == 1 and prev.lower_ == "the" and tok.dep_ in PHRASE_HEADS and not lookup(f"The {tok.text}")
            and not (nxt is not None and (nxt.tag_.startswith("NN") or nxt.text == "-"))):  # "the Fairfield home"
        return True
    before_name = prev.dep_ == "compound" and start <= prev.head.i < end + 2 or tok.dep_ == "appos" and tok.head == prev
    return prev.is_lower and before_name and prev.lower_ in TITLES | ROLE_NOUNS


def _group(doc: Doc, start: int, end: int) -> bool:
    """A group NER calls NORP, an adjective or part of a longer name: "Roman emperors", "Liberal Democrats" (not
    "Aleppo Mayor Brita Hasan", NORP "Aleppo"); countries.py asks only of names the article never calls a place."""
    tok = doc[start]
    # doc.ents makes a Span of every entity: asked only of a NORP word
    return tok.ent_type_ == "NORP" and (tok.tag_ == "JJ" or not any(
        ent.start == start and ent.end == end for ent in doc.ents))


def opens_clause(doc: Doc, start: int, end: int) -> bool:
    """Whether a name after a comma is the subject of a verb after it: it opens the next clause ("in Paris, Ireland
    face the Faroes"), it is no town's state or country."""
    root = doc[start:end].root
    return root.dep_ in ("nsubj", "nsubjpass") and root.head.i >= end
