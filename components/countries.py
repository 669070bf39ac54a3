"""Country mentions resolved to ISO 3166 alpha-3: names, demonyms, cities, regions and seats of power.

Two passes over a Doc. First every capitalised n-gram is looked up in the gazetteer (longest match wins) and kept or
dropped by what NER says about it: inside a PERSON it is a name ("Jordan Spieth"), inside an ORG only a country-level
word counts ("Bank of Japan"), outside any entity only strong readings (countries, states, large cities). Then
ambiguous names are resolved against the article: the countries and first-level divisions its unambiguous mentions
point at, and an explicit "Paris, Texas" or "Sochi, Russia" right after the name. An article that names no foreign
country but reads like US local news (sheriffs, townships, "9 a.m.", "$5") counts as naming the US. Villages (under
~15k people) are read only where NER calls them a place, and lend no context to other names.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import asdict, replace

from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH
from spacy.language import Language
from spacy.tokens import Doc

from components import lexicon
from components.country_context import COUNTRY_LEVEL, DEFAULTS, Match, Settings, abroad, home_cues, pair_hint, resolve
from components.doc_text import doc_text
from components.gazetteer import CAPITALS, MAX_WORDS, Place, country_name, lookup, name_limit
from components.name_parts import (
    AREA_PREPOSITIONS,
    LOCATIVES,
    ORG_HEADS,
    after_locative,
    dateline,
    firm_alone,
    hyphen_joined,
    modifies_local_noun,
    modifies_plural_noun,
    named_after_people,
    names_town_body,
    only_name,
    opens_person_name,
    owned_by_organisation,
    part_of_other_name,
    place_evidence,
    says_something,
    wrapped_tail,
)
from components.place_clues import (
    NO_CLUES,
    TITLES,
    Clues,
    listed_with_firms,
    listed_with_people,
    no_town_here,
    opens_clause,
)
from components.records import CountryMention

Doc.set_extension("news_countries", default=[], force=True)

FEATURE_WORDS = lexicon.words("feature_words")
FEATURE_OPENERS = lexicon.words("feature_openers")
# NER labels whose spans can hold a place name; any other label (DATE, MONEY, LANGUAGE...) hides it.
PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "FAC"})
NOT_TOWN_LABELS = frozenset({"DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "NORP"})
PERSONAL_NAMES = lexicon.words("place_first_names")
NAME_TAGS = frozenset({"NNP", "NNPS", "JJ", "NNS", "NN"})
LIST_WORDS = frozenset({",", "and", "or", "&"})


def _ent_bounds(doc: Doc) -> tuple[list[str], list[int], list[int]]:
    """Per token: NER label, and start/end token of its entity (-1 outside)."""
    n = len(doc)
    labels, starts, ends = [""] * n, [-1] * n, [-1] * n
    for ent in doc.ents:
        for i in range(ent.start, ent.end):
            labels[i], starts[i], ends[i] = ent.label_, ent.start, ent.end
    return labels, starts, ends


def _candidates(doc: Doc, text: str) -> list[Match]:
    """Longest gazetteer matches starting at capitalised tokens, left to right, not overlapping (`text` is
    `doc.text`, which joins every token anew at each read)."""
    # Token offsets read at once: up to MAX_WORDS surfaces are tried at every capitalised token.
    begins, lengths, spaces, puncts = doc.to_array([IDX, LENGTH, IS_SPACE, IS_PUNCT]).T.tolist()
    ends = [b + length for b, length in zip(begins, lengths)]
    can_end = [not (sp or pu and text[b:e] not in ".'") for b, e, sp, pu in zip(begins, ends, spaces, puncts)]
    out: list[Match] = []
    i, n = 0, len(doc)
    while i < n:
        first = text[begins[i]]
        if not (first.isupper() or first.isdigit()):
            i += 1
            continue
        # The longest surface that can be a name: none spans a line break, or a space after words no name starts with.
        limit = name_limit(text, begins[i])
        found = None
        for j in range(min(i + MAX_WORDS, bisect_right(ends, limit, i)), i, -1):
            if can_end[j - 1]:
                places = lookup(text[begins[i] : ends[j - 1]])
                if places:
                    found = Match(i, j, places, "")
                    break
        if found:
            out.append(found)
            i = found.end
        else:
            i += 1
    return out


def _keep(doc: Doc, m: Match, labels, starts, ends, clues: Clues = NO_CLUES, settings: Settings = DEFAULTS,
          home: Counter | None = None) -> tuple[Place, ...]:
    """The readings NER and the surrounding words allow for a match; () drops it."""
    places = m.places
    if places[0].iso3 is None and places[0].kind == "none":
        return places  # blockers stay, to be dropped after resolution
    if wrapped_tail(doc, m) and not any(p.kind in COUNTRY_LEVEL for p in places):
        return ()  # "New\nYork" is no York ("West\nGermany" still names Germany)
    if any(c.dep_ == "appos" and c.lower_ in ORG_HEADS for c in doc[m.end - 1].children):
        # "Halifax, the UK's biggest mortgage lender": an organisation, whatever NER calls it
        places = tuple(p for p in places if p.kind in COUNTRY_LEVEL)
        if not places:
            return ()
    place_surfaces = clues.place_surfaces
    # the name, or the organisation's name it opens, is one the article gives a kind of firm ("carmaker Nanjing Auto")
    company = doc[m.start : m.end].text in clues.organisations or (
        labels[m.start] == "ORG" and doc[starts[m.start] : ends[m.start]].text in clues.organisations)
    person = doc[m.start : m.end].text in clues.surnames - place_surfaces
    owner = person and m.end < len(doc) and doc[m.end].tag_ == "POS"
    if (company or clues.no_town(doc, m.start, m.end)) and (owner or not place_evidence(
            doc, m, AREA_PREPOSITIONS if company else LOCATIVES - {"from"})):
        # The article names a person so ("Marlon Brando", then "Brando" alone) or an organisation ("car maker
        # Toyota"), or writes it in lower case but to open a sentence: a town only where the words say place, and
        # "from" does not ("a pass from Paterson"), nor, before a company, "of" and "at" ("sales of Mercedes' cars",
        # "an economist at Halifax"); a surname of someone named in full is no region either, and before "'s" a
        # locative is the owned thing's ("Hiroshi Nagano", then "a crowd outside Nagano's office").
        places = tuple(p for p in places if p.kind != "city" and (p.kind in COUNTRY_LEVEL or not person))
        if not places:
            return ()
    surface = doc[m.start : m.end].text
    if surface.isupper() and surface in clues.acronyms:
        # the initials of an organisation the article names in full ("Saudi Arabian Monetary Agency (SAMA)"): a
        # country's name at most ("US Sprint")
        places = tuple(p for p in places if p.kind in COUNTRY_LEVEL)
        if not places:
            return ()
    if hyphen_joined(doc, m):
        # half of a word ("Flexi-Van", "Baden-Wuerttemberg"): no town, no province
        places = tuple(p for p in places if p.kind in COUNTRY_LEVEL)
        if not places:
            return ()
    elif (firm_alone(doc, m, clues.firms) or says_something(doc, m)) and not any(
            p.kind == "city" and (p.weight >= settings.free_city_weight or (surface.lower(), p.iso3) in CAPITALS)
            for p in places):
        # The short name of a firm the article names in full ("Irving Bank Corp", then "Irving's ability"), or a
        # name that speaks ("Fairbanks said"): a town only where one of its towns is big enough to stand for its
        # market or government, or a capital ("Bonn said"); then the article chooses among them as for any name
        # (the lender's "Halifax said" in a British story is no Canadian city).
        places = tuple(p for p in places if p.kind != "city")
        if not places:
            return ()
    if listed_with_people(doc, m.start, m.end, clues.person_words) or listed_with_firms(doc, m.start, m.end):
        # one of a team sheet, whatever name follows it ("Sutton, Thompson"), or of a list of firms: a country at most
        places = tuple(p for p in places if p.kind in COUNTRY_LEVEL)
        if not places:
            return ()
    label = labels[m.start]
    same_ent = label != "" and all(starts[k] == starts[m.start] for k in range(m.start, m.end))
    whole = same_ent and starts[m.start] == m.start and ends[m.start] == m.end
    if label and not same_ent:
        label = ""  # straddles entity borders: judge it as free text
    m.label = label
    if named_after_people(doc, m, labels, starts, ends):
        # "Lawrence Livermore National Laboratory", "George Washington High School": people's names, no town
        places = tuple(p for p in places if p.kind != "city")
        if not places:
            return ()
    if part_of_other_name(doc, m, labels, starts, ends) and doc[m.start : m.end].text not in place_surfaces:
        # "Morgan Stanley", "Time Warner", "the University of Delaware": a town only if big enough to lend its name,
        # or in local news of its country ("Bloomfield Town Councilman", "Rochester Fire Department Capt. Keefe").
        places = tuple(p for p in places if p.kind != "city" or p.weight >= settings.free_city_weight
                       or home and home[p.iso3])
        if not places:
            return ()
    # Other capitalised words in the name, but for a country's ("the US State Department"), or the name's own kind
    # before "of" ("the Palace of Westminster").
    outside = [t for t in doc[starts[m.start] : ends[m.start]] if not m.start <= t.i < m.end]
    if label == "ORG" and any(p.kind == "metonym" for p in places) and doc[max(m.start - 1, 0)].lower_ != "of" and any(
        t.text[:1].isupper() and t.tag_ != "DT" and not any(p.kind in COUNTRY_LEVEL for p in lookup(t.text))
        for t in outside
    ):
        # "the Wall Street Journal", "the Westminster Foundation": a seat of power inside another proper name, and
        # no namesake town either
        places = tuple(p for p in places if p.kind in ("name", "demonym"))
        if not places:
            return ()
    nxt = doc[m.end] if m.end < len(doc) else None
    prev = doc[m.start - 1] if m.start > 0 else None
    if nxt is not None and nxt.text in FEATURE_WORDS and not any(p.kind == "demonym" for p in places):
        return ()
    if prev is not None and prev.text in FEATURE_OPENERS:
        # "the River Severn", "Lake Tahoe", "Mount Hood": the river or mountain, not a town; a country's or a
        # province's name stays ("Lake Ontario" lies along it)
        places = tuple(p for p in places if p.kind != "city")
        if not places:
            return ()
    if prev is not None and prev.text[:1].isupper() and prev.lower_.rstrip(".") in TITLES:
        return ()
    if prev is not None and prev.text == "First" or owned_by_organisation(doc, m, labels, starts):
        # "Credit Suisse First Boston", "First Chicago": a bank's name; "Apple's Newton": a company's product
        places = tuple(p for p in places if p.kind != "city")
        if not places:
            return ()
    if any(p.kind == "abbrev" for p in places):
        # "Ky." or "TX" only as the state of a town just named: "Hazard, Ky.", whatever NER calls it ("Que" PERSON).
        if (prev is not None and prev.text == "," and m.start >= 2 and doc[m.start - 2].text[:1].isupper()
                and not opens_person_name(doc, m, labels, ends)):
            return places  # not a person's name in a list: "S Bianchi, CA del Monte"
        places = tuple(p for p in places if p.kind != "abbrev")
    if not places:
        return ()
    if not (label in ("GPE", "LOC") and whole or label in ("ORG", "FAC") and starts[m.start] == m.start):
        # A town under ~15k people ("Crescent", "University", "Ford") only as a place NER found whole, or as the
        # first words of a local organisation ("Berea Police Department").
        places = tuple(p for p in places if p.kind != "city" or p.weight >= settings.small_town)
        if not places:
            return ()
    if label == "NORP" and modifies_plural_noun(doc, m):
        # "Roman emperors", "Venetian merchants": people of a place, named by its adjective, not a town of that name
        return tuple(p for p in places if p.kind != "city")
    if label in PLACE_LABELS:
        return places
    # "thanks to Henson" where the article names Gavin Henson: only "in", "near" and the like make his name a place
    located = after_locative(doc, m.start, AREA_PREPOSITIONS if surface in clues.person_words else LOCATIVES)
    if label == "PERSON":
        # NER calls some towns people ("in Izmir", "of Waterloo"): trust a locative, never a first name.
        if not whole:
            # "the King of Jordan", "the Prince of Wales": the country of a title.
            return tuple(p for p in places if p.kind == "name") if prev is not None and prev.lower_ == "of" else ()
        if surface in PERSONAL_NAMES and not located:
            return ()
        return tuple(p for p in places if p.kind == "name" or located)
    if label == "ORG":
        # An organisation named only like a town is a company ("Asahi", "Shell", "Moody's"), unless the words say
        # place ("in Whitestown", "Danbury police") or the article calls the name a place elsewhere; then it is not
        # a region of that name either ("Plymouth", the English borough): a country at most. A city of a small
        # place's size or more stays ("Fargo raised its goal"). "At" and "from" say place only of a name the
        # article does not otherwise call an organisation ("Nokia and Microsoft agreed", then "a vice president at
        # Nokia").
        org_elsewhere = surface in clues.org_surfaces and surface not in place_surfaces
        if (only_name(doc, m, starts, ends) and any(p.kind == "city" for p in places)
                and not any(p.kind == "city" and p.weight >= settings.small_place for p in places)
                and not (place_evidence(doc, m, AREA_PREPOSITIONS if org_elsewhere else LOCATIVES)
                         or modifies_local_noun(doc, m, ends) or surface in place_surfaces)):
            places = tuple(p for p in places if p.kind in COUNTRY_LEVEL)
        return places
    if label in ("EVENT", "LAW", "WORK_OF_ART", "PRODUCT"):
        return tuple(p for p in places if p.kind == "name")
    if label:
        return ()  # DATE, LANGUAGE, MONEY, ...
    # Outside any entity: proper-noun tags only, strong readings only, and not the first name of a person.
    if any(doc[k].tag_ not in NAME_TAGS and not doc[k].is_punct for k in range(m.start, m.end)):
        return ()
    if surface in PERSONAL_NAMES and not located:
        return ()
    if nxt is not None and nxt.tag_ in ("NNP", "NNPS") and nxt.text[:1].isupper() and labels[nxt.i] == "PERSON":
        return ()
    return tuple(
        p for p in places
        if p.kind in COUNTRY_LEVEL or p.kind in ("region", "facility") and p.weight >= 5
        or p.kind == "city" and p.weight >= settings.free_city_weight
    )


def _towns_before_states(doc: Doc, kept: list[tuple[Match, tuple[Place, ...]]], labels) -> list:
    """Unlisted towns named with their state or country: "Lewisburg, West Virginia", "Melville, Sask."."""
    covered = {i for m, _ in kept for i in range(m.start, m.end)}
    extra = []
    for m, places in kept:
        isos = {p.iso3 for p in places}
        if len(isos) != 1 or None in isos or m.start < 2 or doc[m.start - 1].text != ",":
            continue
        if not any(p.kind in ("region", "abbrev", "name") for p in places):
            continue
        if m.end < len(doc) and (doc[m.end].tag_ == "POS" or doc[m.end].ent_iob_ == "I"
                                and doc[m.end].ent_type_ == "ORG") or opens_clause(
                doc, m.start, m.end):
            # "Unison, Britain's biggest union": the country owns what follows, it places nothing, nor does one
            # opening a firm's name ("Alcatel, France Telecom"); "thanks to Henson, Wales did": it opens the next
            # clause
            continue
        end = m.start - 1
        start = end
        while start > 0 and end - start < 3:
            tok = doc[start - 1]
            if tok.i in covered or not tok.text[:1].isupper() or not tok.is_alpha and tok.text != "St.":
                break
            start -= 1
        # Only proper nouns make a town: "However, Turkey", "On Monday, Germany" open a sentence, they name no place.
        while start < end and (doc[start].tag_ not in ("NNP", "NNPS") or labels[start] in NOT_TOWN_LABELS):
            start += 1
        if start == end:
            continue
        before = doc[start - 1]
        if labels[start] == "PERSON" and not after_locative(doc, start) or labels[start] == "ORG" and (
                doc[start].ent_iob_ == "I" and before.tag_ != "DT" and not after_locative(doc, start)
                and not before.is_space and "\n" not in before.whitespace_):
            # a person, or the tail of an organisation's name on one line ("Los Alamos National Laboratory, US")
            continue
        admin = {p.admin1 for p in places if p.kind in ("region", "abbrev")}
        place = Place(places[0].iso3, "city", 3.0, admin.pop() if len(admin) == 1 else "")
        extra.append((Match(start, end, (place,), labels[start]), (place,)))
    return extra


def _kept(doc: Doc, candidates: list[Match], labels, starts, ends, clues: Clues, settings: Settings,
          home: Counter) -> list[tuple[Match, tuple[Place, ...]]]:
    """The candidates with the readings _keep allows, and unlisted towns named with their state, in text order."""
    kept = []
    for m in candidates:
        places = _keep(doc, m, labels, starts, ends, clues, settings, home)
        if places:
            kept.append((m, places))
    kept += _towns_before_states(doc, kept, labels)
    kept.sort(key=lambda mp: mp[0].start)
    return kept


def country_mentions(doc: Doc, settings: Settings = DEFAULTS) -> list[CountryMention]:
    labels, starts, ends = _ent_bounds(doc)
    clues = Clues.of(doc)
    text = doc_text(doc)
    candidates = _candidates(doc, text)
    # One sense per article: a name it writes twice as "the Aurora" (a ship, a firm) is no town elsewhere in it either
    # (not one of a list: "the Paris, Amsterdam and Brussels exchanges").
    written = Counter(doc[m.start : m.end].text for m in candidates if no_town_here(doc, m.start, m.end)
                      and doc[m.start - 1].lower_ == "the" and not (m.end < len(doc) and doc[m.end].text in LIST_WORDS))
    the_names = {name for name, n in written.items() if n > 1}
    if the_names:
        clues = replace(clues, organisations=clues.organisations | the_names)
    home = home_cues(text, settings.home_min_cues)
    if any(abroad(m.places, doc[m.start : m.end].text, home, settings) for m in candidates):
        home = Counter()
    kept = _kept(doc, candidates, labels, starts, ends, clues, settings, home)
    home_was = home
    if home and any(len({p.iso3 for p in places}) == 1 and places[0].iso3 not in (None, *home)
                    or abroad(places, doc[m.start : m.end].text, home, settings) for m, places in kept):
        # The article names another country, or a city abroad: let it speak for itself. Where it names another
        # country and one of its provinces or states, it is that country's local news ("$" and "mayor" in a story
        # from B.C.): the towns inside longer names are read again without the US cues.
        home = Counter()
        sure = [places[0] for _, places in kept if len({p.iso3 for p in places}) == 1]
        regions = {p.iso3 for p in sure if p.kind == "region"} - set(home_was)
        if regions & {p.iso3 for p in sure if p.kind in ("name", "demonym")}:
            kept = _kept(doc, candidates, labels, starts, ends, clues, settings, home)
    chosen = resolve(doc, kept, home, settings)
    # A small town in a country the article names nowhere else is more likely a namesake or a word.
    surfaces = [doc[m.start : m.end].text for m, _ in kept]
    support: dict[str, set[str]] = {iso3: {""} for iso3 in home}
    for surface, place in zip(surfaces, chosen):
        if place is not None and place.iso3:
            support.setdefault(place.iso3, set()).add(surface)
    # first-level division -> the names of the places chosen in it
    divisions: dict[str, set[str]] = {}
    for surface, place in zip(surfaces, chosen):
        if place is not None and place.admin1:
            divisions.setdefault(place.admin1, set()).add(surface)
    out = []
    for k, ((m, _), place, surface) in enumerate(zip(kept, chosen, surfaces)):
        if place is None or place.iso3 is None:
            continue
        if (place.kind == "city" and 0.0 < place.weight < settings.small_town and not home
                and m.label not in PLACE_LABELS and not names_town_body(doc, m, starts, ends)
                and not dateline(doc, m)
                and not divisions.get(place.admin1, set()) - {surface} and pair_hint(doc, kept, k) is None):
            # A village NER calls no place, in a state the article names nowhere else, is rather an organisation
            # ("Landmark Bank", "McGill", "Moody's Analytics") or a word ("Congress") than the village, unless it
            # names a body the town has ("Groton Town Council").
            continue
        unsupported = not support[place.iso3] - {surface} and any(
            iso3 != place.iso3 or names - {surface} for iso3, names in support.items()
        )
        if unsupported and place.kind in ("city", "region") and (
            place.weight < settings.small_place or m.label not in PLACE_LABELS
            or surface in clues.firms and not place_evidence(doc, m, AREA_PREPOSITIONS)
        ):
            # a small namesake, or a town inside an organisation's name ("Toyota", "Real Madrid"), or the short name
            # of a firm the article names in full ("Bavaria Holdings Inc", then "40 pct of Bavaria")
            continue
        start_char = doc[m.start].idx
        if place.kind == "metonym" and m.start > 0 and doc[m.start - 1].lower_ == "the":
            start_char = doc[m.start - 1].idx
        end_char = doc[m.end - 1].idx + len(doc[m.end - 1].text)
        kind = "region" if place.kind == "abbrev" else place.kind
        out.append(CountryMention(place.iso3, country_name(place.iso3), text[start_char:end_char], kind,
                                  start_char, end_char))
    return out


class CountryFinder:
    """The news_countries pipe: sets `doc._.news_countries` from the Doc's entities, tags and parse."""

    def __init__(self, settings: Settings = DEFAULTS) -> None:
        self.settings = settings

    def __call__(self, doc: Doc) -> Doc:
        doc._.news_countries = country_mentions(doc, self.settings)
        return doc


@Language.factory(
    "news_countries",
    default_config=asdict(DEFAULTS),
    requires=["doc.ents", "token.tag", "token.dep"],
    assigns=["doc._.news_countries"],
)
def make_news_countries(
    nlp: Language, name: str, *, small_town: float, small_place: float, free_city_weight: float,
    context_country: float, context_admin1: float, context_pair: float, context_absent: float, famous_margin: float,
    home_min_cues: float, capital_bonus: float, abroad_margin: float, village_margin: float,
) -> CountryFinder:
    return CountryFinder(Settings(
        small_town=small_town, small_place=small_place, free_city_weight=free_city_weight,
        context_country=context_country, context_admin1=context_admin1, context_pair=context_pair,
        context_absent=context_absent, famous_margin=famous_margin, home_min_cues=home_min_cues,
        capital_bonus=capital_bonus, abroad_margin=abroad_margin, village_margin=village_margin,
    ))
