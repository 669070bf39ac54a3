"""Where a town's name stands among the other words of a longer name or phrase, for news_countries (countries.py):
inside an organisation's or building's name that is named after the town ("Groton Town Council", "Manchester City")
or not ("Morgan Stanley", "Credit Suisse First Boston"), as the whole of a company's name ("Asahi"), after a
company's possessive ("Apple's Newton"), as the adjective of a people ("Roman emperors"), as a person's given name
before another town's ("Lawrence Livermore National Laboratory"), or as the end of a name broken over two lines
("New\nYork"); and the words around it that make it a place ("in Jackson", "Jackson, Miss.", a dateline).
"""

from __future__ import annotations

from spacy.tokens import Doc

from components import lexicon
from components.country_context import Match
from components.gazetteer import lookup
from components.names import is_given_name
from components.place_clues import PLACE_PREPOSITIONS

HOLDINGS = lexicon.words("holdings")
LOCATIVES = lexicon.words("locatives")
DASHES = frozenset({"-", "--", "—", "–"})
# "to" after these is no locative: "thanks to Henson", "according to Jackson"
COMPOUND_TO = frozenset({"thanks", "according", "due", "owing"})
NAME_PARTICLES = lexicon.words("name_particles")
COMPASS_WORDS = lexicon.words("compass_words")
# verbs of saying whose subject is a person or a firm (the pipeline has no lemmatizer: the forms themselves)
SPEECH_VERBS = frozenset({"say", "says", "said", "tell", "tells", "told", "added", "adds", "estimated", "estimates"})
# before a name, these make it a place whatever NER calls it ("at", "from" and "of" go before organisations too)
AREA_PREPOSITIONS = PLACE_PREPOSITIONS - {"at", "from"}
ORG_HEADS = lexicon.words("org_heads")
ORG_MODIFIED = lexicon.words("org_modified")
# Entities whose longer names can hold a town's name without meaning the town ("Morgan Stanley", "Golden Globe").
NAME_PART_LABELS = frozenset({"ORG", "FAC"})
# What a town has: a council, a school, a hospital, a road.
TOWN_BODIES = lexicon.words("town_bodies") | lexicon.words("local_heads")
# Generic words that make an organisation named after its town: "Berea Police Department", "Manchester City"; not
# a party, named after an idea ("the Liberal Democratic Party").
LOCAL_ORG_WORDS = (lexicon.words("org_words") | lexicon.words("club_tails") | ORG_HEADS
                   | lexicon.words("local_heads")) - lexicon.words("company_forms") - {"party", "parties"}


def part_of_other_name(doc: Doc, m: Match, labels, starts, ends) -> bool:
    """Whether the match is a piece of a longer organisation or building name that is not named after the town:
    "Morgan Stanley", "Golden Globe", "Time Warner", "the University of Michigan"; not "Manchester City", "Groton
    Town Council", "Lansing Board of Water & Light" or "the University of Buckingham"."""
    if labels[m.start] not in NAME_PART_LABELS or any(starts[k] != starts[m.start] for k in range(m.start, m.end)):
        return False
    name = doc[starts[m.start] : ends[m.start]]
    prev = doc[name.start - 1] if name.start > 1 else None
    if prev is not None and prev.lower_ in AREA_PREPOSITIONS and doc[prev.i - 1].lower_ not in HOLDINGS:
        return False  # "a street in Upper Edmonton" names a place, whatever NER calls it (not "shares in Time Warner")
    before = [t for t in doc[name.start : m.start] if not (t.is_punct or t.tag_ == "DT")]
    if before:
        return before[-1].lower_ != "of"  # "Time Warner" against "the Bank of Buckingham"
    if not any(not t.is_punct and t.tag_ != "POS" for t in doc[m.end : name.end]):
        return False
    # The name's head (its parse root or, when the parse fails, its last word) says what it is: a town's council,
    # school, road or club, or a firm, prize or person of its own.
    heads = {name.root, next(t for t in reversed(name) if not t.is_punct)}
    return m.start <= name.root.i < m.end or not any(t.lower_ in LOCAL_ORG_WORDS for t in heads)


def named_after_people(doc: Doc, m: Match, labels, starts, ends) -> bool:
    """Whether a one-word town that is also a given name opens an institution's name, followed by a second town's
    name: two people's or a person's full name ("Lawrence Livermore National Laboratory", "Lawrence Berkeley
    National Laboratory"), not the town's own body ("Marion General Hospital")."""
    if m.end - m.start != 1 or labels[m.start] not in NAME_PART_LABELS or starts[m.start] < 0 or any(
            t.tag_ != "DT" for t in doc[starts[m.start] : m.start]):
        return False
    name = doc[m.start : ends[m.start]]
    if len(name) < 3 or name[-1].lower_ not in LOCAL_ORG_WORDS or not is_given_name(doc[m.start].text):
        return False
    nxt = doc[m.end]
    return (nxt.is_title and any(p.kind == "city" for p in lookup(nxt.text))
            and not lookup(f"{doc[m.start].text} {nxt.text}"))


def owned_by_organisation(doc: Doc, m: Match, labels: list[str], starts: list[int]) -> bool:
    """Whether a name heading its phrase follows an organisation's possessive: "Apple's Newton" is its product (not
    "Apple's Cupertino campus")."""
    return (m.start >= 2 and doc[m.start - 1].tag_ == "POS" and labels[m.start - 2] == "ORG"
            and starts[m.start] != starts[m.start - 2] and doc[m.end - 1].dep_ != "compound")


def modifies_plural_noun(doc: Doc, m: Match) -> bool:
    """Whether a one-word name shaped like an adjective of people ("-an") modifies the lower-case plural noun right
    after it: "Roman emperors" (not "East Oxford children")."""
    last = doc[m.end - 1]
    return (m.end - m.start == 1 and last.lower_.endswith("an") and m.end < len(doc) and last.head.i == m.end
            and doc[m.end].tag_ == "NNS" and doc[m.end].is_lower)


def only_name(doc: Doc, m: Match, starts: list[int], ends: list[int]) -> bool:
    """Whether the match is the whole of its entity but for a possessive ("Asahi", "Moody's")."""
    return starts[m.start] == m.start and all(doc[k].tag_ == "POS" for k in range(m.end, ends[m.start]))


def modifies_local_noun(doc: Doc, m: Match, ends: list[int]) -> bool:
    """A one-word name modifying a common noun that no company owns: "Danbury police", "Torrington firefighters",
    not "Asahi shares"."""
    if ends[m.start] != m.end:
        return False
    head = doc[m.end - 1].head
    return (doc[m.end - 1].dep_ == "compound" and head.i >= m.end and head.tag_ in ("NN", "NNS")
            and head.is_lower and head.lower_ not in ORG_MODIFIED)


def names_town_body(doc: Doc, m: Match, starts: list[int], ends: list[int]) -> bool:
    """Whether the match opens a longer name of something a town has: "Groton Town Council", "Thomas Memorial
    Hospital" (not "Landmark Bank", "Crane Co.")."""
    if starts[m.start] != m.start or ends[m.start] <= m.end:
        return False
    return any(t.lower_ in TOWN_BODIES for t in doc[m.end : ends[m.start]])


def wrapped_tail(doc: Doc, m: Match) -> bool:
    """Whether the match ends a longer name broken over two lines of hard-wrapped text ("New\nYork")."""
    k = m.start - 1
    while k >= 0 and doc[k].is_space:
        k -= 1
    # the characters between the two words, read from the tokens between (`doc.text` joins the whole article anew)
    if k < 0 or "\n" not in doc[k].whitespace_ + doc[k + 1 : m.start].text_with_ws:
        return False
    return bool(lookup(f"{doc[k].text} {doc[m.start : m.end].text}"))


def opens_person_name(doc: Doc, m: Match, labels: list[str], ends: list[int]) -> bool:
    """Whether the match opens a person's name: a name NER reads as one runs on past it ("Del Bosco", whether a PERSON
    or a GPE), or a surname's particle and a capitalised word follow it ("CA del Monte" in a team sheet), so "Del" or
    "CA" is no state there."""
    if labels[m.start] in ("PERSON", "GPE") and ends[m.start] > m.end:
        return True
    after = doc[m.end : m.end + 2]
    return len(after) == 2 and after[0].lower_ in NAME_PARTICLES and after[0].is_lower and after[1].is_title


def after_locative(doc: Doc, i: int, locatives: frozenset[str] = LOCATIVES) -> bool:
    """Whether doc[i] follows a locative ("in Izmir"), not one that ends a longer preposition ("thanks to Henson")."""
    prev = doc[i - 1] if i > 0 else None
    return prev is not None and prev.lower_ in locatives and not (
        prev.lower_ == "to" and i > 1 and doc[i - 2].lower_ in COMPOUND_TO)


def place_evidence(doc: Doc, m: Match, locatives: frozenset[str] = LOCATIVES) -> bool:
    """Words around a name that make it a place: a locative before it ("in Jackson"), a place after ("Jackson,
    Miss.") or a dateline ("PORTLAND —")."""
    prev = doc[m.start - 1] if m.start > 0 else None
    after = doc[m.end : m.end + 2]
    owned = m.start > 1 and doc[m.start - 2].lower_ in HOLDINGS  # "shares in Asahi" is no place
    return (prev is not None and prev.lower_ in locatives and not owned or dateline(doc, m)
            or len(after) == 2 and after[0].text == "," and bool(lookup(after[1].text)))


def dateline(doc: Doc, m: Match) -> bool:
    """Whether the name opens a dateline: "PORTLAND — The board ...", "MANASSAS -- A man ..."."""
    prev = doc[m.start - 1] if m.start > 0 else None
    line_start = prev is None or "\n" in prev.whitespace_ or "\n" in prev.text
    dash = m.end < len(doc) and doc[m.end].text in DASHES
    return doc[m.start].is_upper and (line_start or dash) or line_start and dash


def hyphen_joined(doc: Doc, m: Match) -> bool:
    """Whether the match is one half of a hyphenated name whose other half is a capitalised word naming no place:
    "Flexi-Van", "Bristol-Myers", "Baden-Wuerttemberg" (not "Beijing-Santiago", "Calgary-based", a school's
    "Watertown-ML" or a party's "R-London")."""
    def other_half(dash: int, word: int) -> bool:
        if not (0 <= dash < len(doc) and 0 <= word < len(doc)) or doc[dash].text != "-":
            return False
        before = doc[dash - 1]  # the token before the dash and the dash itself: no space after either
        other = doc[word]
        # a word, not initials ("Watertown-ML", "R-London") nor a compass point ("Calgary-North West")
        return (not before.whitespace_ and not doc[dash].whitespace_ and other.is_alpha and other.is_title
                and len(other) > 2 and other.text not in COMPASS_WORDS and not lookup(other.text))

    return other_half(m.start - 1, m.start - 2) or other_half(m.end, m.end + 1)


def says_something(doc: Doc, m: Match) -> bool:
    """Whether the match is the subject of a verb of saying: "Fairbanks said", "Fairbanks, chief of staff at the
    board, told a conference": a person's or a firm's name, where a small town names no government that speaks."""
    root = doc[m.start : m.end].root
    return root.dep_ == "nsubj" and root.head.i >= m.end and root.head.lower_ in SPEECH_VERBS


def firm_alone(doc: Doc, m: Match, firms: frozenset[str]) -> bool:
    """Whether the match stands alone as the short name of a firm the article names in full ("Irving Bank Corp",
    then "Irving's ability", "talks with Columbia"), no place's words around it ("a plant in Irving")."""
    nxt = doc[m.end] if m.end < len(doc) else None
    return (doc[m.start : m.end].text in firms and not (nxt is not None and nxt.is_alpha and nxt.text[:1].isupper())
            and not place_evidence(doc, m, AREA_PREPOSITIONS))
