"""People the model left out or gave another label, recognised by what the article itself says of them.

- A comma inside one PERSON entity parts two people: "Vaas, Muralitharan" names two bowlers.
- A regnal number after a name is part of it: "Elizabeth I", "Pedro I".
- A name the model called an organisation, a work or a product that opens with a given name is a person when a
  person's role noun stands right before it ("centre Jo Tan", "actor Jo Tan").
- A member of a list most members of which are the article's people is a person too when it opens with a given name
  or is a name the article gives a person elsewhere ("Demi, Bri, Tracy, Elyse and Nicole", "Bri" tagged a place).
"""

from __future__ import annotations

import calendar
import re

from spacy.tokens import Doc, Span, Token

from components import gazetteer, lexicon
from components.names import NAME_SUFFIXES, TITLES, is_given_name, name_gender, name_key

ORG_WORDS = lexicon.words("org_words") | lexicon.words("club_tails") | lexicon.words("company_forms")
# Nouns of a person's role or trade that stand before a name as a title ("actor", "centre", "spokeswoman").
ROLE_NOUNS = lexicon.words("quote_role_nouns") | lexicon.words("team_positions") | frozenset(
    w for name in ("roles_official", "roles_expert", "roles_other", "roles_citizen", "roles_police_military")
    for w in lexicon.words(name) if " " not in w)
SPEECH_VERBS = lexicon.words("quote_cue_verbs")
GENDERED_ROLE = re.compile(r"^[a-z]{3,}(?:woman|(?<!hu)(?<!ger)man)$")  # "chairwoman", "spokesman"
OTHER_LABELS = frozenset({"ORG", "FAC", "PRODUCT", "WORK_OF_ART", "NORP", "GPE", "LOC", "EVENT", "LAW"})
ROMAN = re.compile(r"^(?:X{0,2})(?:IX|IV|V?I{0,3})$")
LIST_JOINS = frozenset({",", "and", "&"})
# A list counts when it has this many members, this many of them the article's people, and more people than not;
# when MANY_PEOPLE members are people, a member no place nor organisation is a person whatever it is.
MIN_MEMBERS = 3
MIN_PEOPLE = 2
MANY_PEOPLE = 3
MAX_MEMBER_WORDS = 3
MONTHS = frozenset(m.lower() for m in calendar.month_name if m) | frozenset(d.lower() for d in calendar.day_name)


def split_listed(spans: list[Span]) -> list[Span]:
    """PERSON spans holding a comma between names ("Vaas, Muralitharan") parted into one person per name."""
    out = []
    for span in spans:
        commas = [t.i for t in span if t.text == ","]
        parts = [span.doc[a + 1:b] for a, b in zip([span.start - 1, *commas], [*commas, span.end])]
        if span.label_ != "PERSON" or not commas or not all(
                len(p) and p[0].text[:1].isupper() and p.text.lower().rstrip(".") not in NAME_SUFFIXES
                and not ROMAN.match(p.text) and not any(t.lower_.rstrip(".") in ORG_WORDS for t in p) for p in parts):
            out.append(span)
            continue
        out.extend(Span(span.doc, p.start, p.end, label="PERSON") for p in parts)
    return out


def after_country(span: Span) -> Span:
    """A person span opening a line with a country and a spaced dash (an organisation's too, before a bracket) made
    the name after the dash, a person: a scorers' line "Romania - Jo Tan (21st minute)" tagged whole."""
    doc = span.doc
    if not (span.label_ == "PERSON" or span.label_ == "ORG" and span.end < len(doc) and doc[span.end].text == "("):
        return span
    if span.start and "\n" not in doc[span.start - 1].whitespace_ and "\n" not in doc[span.start - 1].text:
        return span
    dash = next((t.i for t in span if t.text in ("-", "–") and t.whitespace_ and t.i > span.start), None)
    if dash is None or dash + 1 >= span.end or not doc[dash + 1].text[:1].isupper() \
            or not any(p.kind == "name" for p in gazetteer.lookup(doc[span.start:dash].text)):
        return span
    end = span.end  # the model's "Romania - Jo" of "Romania - Jo Tan (21st)" goes on to the bracket
    while end < min(len(doc), span.end + 2) and doc[end].is_title and not doc[end].ent_type_ \
            and doc[end - 1].whitespace_ == " ":
        end += 1
    return Span(doc, dash + 1, end if end < len(doc) and doc[end].text == "(" else span.end, label="PERSON")


def with_regnal_number(doc: Doc, span: Span) -> Span:
    """A PERSON span grown over the regnal number after it ("Elizabeth I", "Henry VIII"); not the pronoun "I"."""
    if span.end >= len(doc) or not span[-1].whitespace_:
        return span
    nxt = doc[span.end]
    if not nxt.text or not ROMAN.match(nxt.text) or nxt.ent_type_ not in ("", "PERSON"):
        return span
    titled = span.start > 0 and doc[span.start - 1].lower_ in TITLES
    if not (titled or is_given_name(span[-1].text)):
        return span  # a surname's "Bush II" is a second presidency, not a king
    if nxt.text == "I" and not (titled or len(span) == 1) or span.end + 1 < len(doc) and doc[span.end + 1].tag_ in (
            "VBP", "MD"):
        return span  # "I" the pronoun ("Jo Tan I think"); "Queen Elizabeth I died", "Pedro I became" are kings
    return Span(doc, span.start, span.end + 1, label="PERSON")


def _role_before(doc: Doc, span: Span) -> bool:
    """A person's role noun right before the name, on its line: "French centre Jo Tan", "actor Jo Tan"; not a name
    modifying a noun after it ("a fellow Jo Tan Broadcasting asset")."""
    if span.start == 0 or span.root.dep_ == "compound" or span.end < len(doc) and doc[span.end].tag_ in ("NN", "NNS"):
        return False
    tok = doc[span.start - 1]
    return "\n" not in tok.whitespace_ and _role_noun(tok)


def _role_noun(tok: Token) -> bool:
    """A noun in lower case naming a person's role or trade: "centre", "actor", "spokeswoman"."""
    return tok.is_lower and tok.tag_.startswith("NN") and (
        tok.lower_ in ROLE_NOUNS or bool(GENDERED_ROLE.match(tok.lower_)))


def _reads_as_name(span: Span) -> bool:
    """Two or three capitalised words opening with a given name that says a gender, and no organisation's word."""
    words = span.text.split()
    return (2 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and name_gender(words[0], strict=True) != ""
            and not any(w.lower() in ORG_WORDS or w.lower().rstrip(".") in TITLES for w in words)
            and not gazetteer.lookup(span.text))


def _member_spans(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """The members of a list of names around doc[start:end]: runs of up to MAX_MEMBER_WORDS capitalised words joined
    by commas, "and" or "&" on one line ("Demi, Bri, Tracy and Elyse")."""
    def member_end(i: int) -> int:
        j = i
        while j < len(doc) and j - i < MAX_MEMBER_WORDS and doc[j].text[:1].isupper() and (
                doc[j].is_alpha or "'" in doc[j].text or "." in doc[j].text or "-" in doc[j].text):
            if j > i and "\n" in doc[j - 1].whitespace_:
                break
            j += 1
        return j

    def member_start(j: int) -> int:
        i = j
        while i > 0 and j - i < MAX_MEMBER_WORDS and doc[i - 1].text[:1].isupper() and doc[i - 1].is_alpha \
                and "\n" not in doc[i - 1].whitespace_:
            i -= 1
        return i

    members = [(start, end)]
    i = start  # backwards: "..., X, " before this member
    while i >= 2 and doc[i - 1].lower_ in LIST_JOINS and "\n" not in doc[i - 1].whitespace_ \
            and doc[i - 2].text[:1].isupper():
        j = i - 1
        if j >= 1 and doc[j].lower_ == "and" and doc[j - 1].text == ",":
            j -= 1
        s = member_start(j)
        if s == j:
            break
        members.insert(0, (s, j))
        i = s
    j = end  # forwards
    while j + 1 < len(doc) and doc[j].lower_ in LIST_JOINS and "\n" not in doc[j - 1].whitespace_:
        k = j + 1
        if doc[j].text == "," and doc[k].lower_ == "and" and k + 1 < len(doc):
            k += 1
        e = member_end(k)
        if e == k:
            break
        members.append((k, e))
        j = e
    return members


def _people_lists(doc: Doc, labelled: list[tuple[Span, str]]) -> tuple[list[tuple[int, int]], set[int]]:
    """(members of lists of the article's people that the model did not tag a person, opening with a given name or
    named a person elsewhere in the article; the first tokens of every member of such lists). A list of people has
    MIN_MEMBERS members, more people than not, and MIN_PEOPLE of them no place's name ("Kehl", "Nancy" do not
    count)."""
    person_at = {(s.start, s.end) for s, label in labelled if label == "PERSON"}
    person_words = {w for s, label in labelled if label == "PERSON" for w in name_key(s.text).split()}
    person_tokens = {i for s, e in person_at for i in range(s, e)}
    found, seen, listed = [], set(), set()
    for start, end in sorted(person_at):
        if start in seen:
            continue
        members = _member_spans(doc, start, end)
        seen.update(s for s, _ in members)
        last = members[-1][1]
        if last < len(doc) and doc[last].tag_ in ("NN", "NNS") and doc[last].is_lower:
            continue  # the names of the kind the noun says ("Clay, Douglas and Swift counties")
        people = [(s, e) for s, e in members if (s, e) in person_at]
        sure = sum(not gazetteer.lookup(doc[s:e].text) for s, e in people)
        if len(members) < MIN_MEMBERS or sure < MIN_PEOPLE or 2 * len(people) <= len(members):
            continue
        listed.update(s for s, _ in members)
        for s, e in members:
            if (s, e) in person_at or any(i in person_tokens for i in range(s, e)):
                continue
            places = gazetteer.lookup(doc[s:e].text)
            if any(t.lower_ in ORG_WORDS or t.lower_.rstrip(".") in TITLES for t in doc[s:e]):
                continue
            mostly_people = len(people) >= MANY_PEOPLE and not places
            if name_key(doc[s:e].text) in person_words or mostly_people or is_given_name(doc[s].text) and not any(
                    p.kind in ("name", "demonym") for p in places):
                found.append((s, e))
    return found, listed


def _untagged_pairs(doc: Doc) -> list[tuple[int, int]]:
    """Two untagged capitalised words inside a sentence, a given name that says a gender and a surname no place,
    organisation, title or month, that the words around them say a person (`_said_of_person`): "Jo Tan said"."""
    found = []
    tokens = list(doc)  # each Token object made once
    for i in range(1, len(tokens) - 1):
        tok = tokens[i]
        if not tok.is_title or tok.ent_type_:  # most words: told by the first test
            continue
        nxt, prev = tokens[i + 1], tokens[i - 1]
        # a paragraph's first words are inside its sentence as far as this goes: the parser put a blank line's
        # break where it pleased ("...Sea.\n\nJo Tan, an expert, noted"), and a blank line now always ends one
        opens_paragraph = prev.is_space and prev.text.count("\n") >= 2
        if tok.is_sent_start and not opens_paragraph or nxt.ent_type_ or not nxt.is_title:
            continue
        if not (tok.is_alpha and tok.tag_ == "NNP" and nxt.tag_ in ("NNP", "NNPS") and tok.whitespace_ == " "):
            continue
        if not (nxt.is_alpha or "'" in nxt.text or "-" in nxt.text) or "\n" in prev.whitespace_ or prev.is_title:
            continue
        after = tokens[i + 2] if i + 2 < len(tokens) else None
        if after is not None and after.is_title and not after.is_sent_start:
            continue  # a longer run of capitals: a name of something else ("Jo Tan Memorial Hall")
        if (name_gender(tok.text, strict=True) and nxt.lower_ not in ORG_WORDS and nxt.lower_.rstrip(".") not in TITLES
                and nxt.lower_ not in MONTHS and not gazetteer.lookup(nxt.text) and not nxt.is_stop
                and not gazetteer.lookup(f"{tok.text} {nxt.text}") and said_of_person(doc, doc[tok.i:tok.i + 2])):
            found.append((tok.i, tok.i + 2))
    return found


def said_of_person(doc: Doc, span: Span, *, untagged: bool = True) -> bool:
    """What the words around a name say of a person: a role noun before it ("actor Jo Tan") or heading an apposition
    after it ("Jo Tan, vice president of"), an age or "who" after its comma ("Jo Tan, 43,"); and for a name the model
    left untagged, a country or a number in brackets after it ("Jo Tan (Kenya) beat", "Jo Tan (13th)") or a verb of
    saying it is the subject of ("Jo Tan said"), which a firm named for its founder shares ("Jo Tan (UK)")."""
    if _role_before(doc, span) or _role_after(doc, span):
        return True
    after = doc[span.end:span.end + 3]
    if len(after) >= 2 and after[0].text == "," and (after[1].lower_ == "who" or after[1].like_num and len(after) > 2
                                                   and after[2].text == ","):
        return True
    if not untagged:
        return False
    if len(after) >= 2 and after[0].text == "(" and (after[1].ent_type_ in ("GPE", "NORP") or after[1].like_num
                                                   or after[1].text[:1].isdigit()):
        return True
    root = span.root
    return root.dep_ == "nsubj" and root.head.lemma_ in SPEECH_VERBS


def _role_after(doc: Doc, span: Span) -> bool:
    """A person's role noun heading the apposition after the name's comma, before any verb, clause or other name:
    "Jo Tan, vice president and chief operating officer of ...", "Jo Tan, a spokeswoman for ..."."""
    if span.end + 1 >= len(doc) or doc[span.end].text != ",":
        return False
    for tok in doc[span.end + 1:span.end + 6]:
        if tok.is_punct or tok.ent_type_ or tok.tag_.startswith(("VB", "W", "IN", "PRP", "MD")):
            return False
        if _role_noun(tok):
            return True
    return False


def _country_after(doc: Doc, end: int) -> bool:
    """Whether a country in brackets follows the name ending at `end`: "Jo Tan (Kenya)", as results tables write."""
    if end + 2 >= len(doc) or doc[end].text != "(":
        return False
    country = doc[end + 1]
    return country.ent_type_ in ("GPE", "NORP") and country.ent_iob_ == "B" or doc[end + 2].text == ")" and any(
        p.kind == "name" for p in gazetteer.lookup(country.text))


def _name_words(doc: Doc, start: int, end: int) -> bool:
    """Two or three capitalised words on one line, none an organisation's word, a title or a month, and together no
    place's name."""
    words = doc[start:end]
    return 2 <= len(words) <= MAX_MEMBER_WORDS and all(
        t.text[:1].isupper() and not t.is_upper and (t.is_alpha or "'" in t.text or "-" in t.text)
        and t.lower_ not in ORG_WORDS and t.lower_.rstrip(".") not in TITLES and t.lower_ not in MONTHS
        for t in words) and not any("\n" in t.whitespace_ for t in words[:-1]) and not gazetteer.lookup(words.text)


def _people_by_country(doc: Doc, labelled: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """Where the article writes MIN_PEOPLE of its people with their country in brackets ("Jo Tan (Kenya) 50.31"), a
    name so written that the model called something else, or left untagged, is a person too."""
    if sum(label == "PERSON" and _country_after(doc, s.end) for s, label in labelled) < MIN_PEOPLE:
        return labelled
    out = [(s, "PERSON" if label in OTHER_LABELS and _country_after(doc, s.end) and _name_words(doc, s.start, s.end)
            else label) for s, label in labelled]
    taken = {i for s, _ in out for i in range(s.start, s.end)}
    for tok in doc:
        if tok.text != "(" or tok.i - 1 in taken or not _country_after(doc, tok.i):
            continue
        start = tok.i - 1
        while start > 0 and tok.i - start < MAX_MEMBER_WORDS and doc[start - 1].text[:1].isupper() \
                and doc[start - 1].i not in taken and "\n" not in doc[start - 1].whitespace_:
            start -= 1
        if _name_words(doc, start, tok.i):
            out.append((Span(doc, start, tok.i, label="PERSON"), "PERSON"))
    return sorted(out, key=lambda pair: pair[0].start)


def people_by_clues(doc: Doc, labelled: list[tuple[Span, str]]) -> tuple[list[tuple[Span, str]], set[int]]:
    """(the labelled spans with the people the article shows made people (see the module docstring), the first
    tokens of the members of lists of people: a one-word member is a person even after a comma, where a lone word
    that names a place is read as one ("Leeds, Yorkshire"))."""
    out = [(s, "PERSON" if label in OTHER_LABELS and _reads_as_name(s) and said_of_person(doc, s, untagged=False)
            else label) for s, label in labelled]
    taken = {i for s, _ in out for i in range(s.start, s.end)}
    out += [(Span(doc, s, e, label="PERSON"), "PERSON") for s, e in _untagged_pairs(doc) if s not in taken]
    out = _people_by_country(doc, sorted(out, key=lambda pair: pair[0].start))
    promoted, listed = _people_lists(doc, out)
    if not promoted:
        return out, listed
    covered = {i for s, e in promoted for i in range(s, e)}
    # a list the model tagged as one organisation ("Demi, Bri") gives way to its members
    kept = [(s, label) for s, label in out if not covered.intersection(range(s.start, s.end))
            or label == "PERSON"]
    kept += [(Span(doc, s, e, label="PERSON"), "PERSON") for s, e in promoted]
    return sorted(kept, key=lambda pair: pair[0].start), listed
