"""How a country mention's name is read where it has namesakes: the prior of each reading (log10 of its population,
a national capital counting ten times over), the countries and states the rest of the article names, an explicit
"Paris, Texas" right after it, and the words only US local news uses. news_countries (countries.py) finds the
candidate names and keeps or drops them; this module picks one reading of each.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc

from components.gazetteer import BIG_CITY, CAPITALS, KNOWN_ABROAD, Place, lookup
from components.place_clues import opens_clause

COUNTRY_LEVEL = frozenset({"name", "demonym", "metonym"})


@dataclass(frozen=True, slots=True)
class Settings:
    """The tunables of news_countries (its factory's config): weights are log10 of a population."""

    small_town: float = 4.15  # log10(~15k people): towns below need NER to call them a place
    small_place: float = 5.0  # below ~100k people a town needs support from the rest of the article
    free_city_weight: float = BIG_CITY  # a city outside any entity needs ~300k people to be read without NER's support
    # Resolution: prior (log10 population) + how much the rest of the article points at the reading.
    context_country: float = 1.0  # x log1p(mentions of that country elsewhere)
    context_admin1: float = 3.0  # the state or province is named elsewhere
    context_pair: float = 6.0  # "Paris, Texas", "Sochi, Russia"
    context_absent: float = 1.0  # a town in a country the article names nowhere else
    famous_margin: float = 1.5  # a city 30 times bigger than its namesakes wins unless their state is named
    village_margin: float = 2.5  # a namesake 300 times smaller than a famous city needs a pair ("Brisbane, Calif.")
    capital_bonus: float = 1.0  # a national capital of ~300k people or more counts as ten times its population
    abroad_margin: float = 2.0  # a famous city 100 times bigger than its US namesakes names a foreign country
    home_min_cues: float = 1.0  # US local-news cues that make an article without a foreign country American


DEFAULTS = Settings()

# Each cue with the words, lower-cased, one of which any text it matches holds: most articles hold none of them, and
# finding a word is many times quicker than trying a pattern at every character.
US_CUES = tuple((words, re.compile(p)) for words, p in (
    (("sheriff",), r"\b[Ss]heriff"),
    ((" county", " parish"), r"\b[A-Z][a-z]+ (?:County|Parish)\b(?! of| [A-Z])"),
    (("township", "twp."), r"\b(?:Township|Twp\.)"),
    (("department", "district"),
     r"\b(?:[Pp]olice|[Ff]ire) [Dd]epartment|\b[Ss]chool [Dd]istrict|\b[Dd]istrict [Aa]ttorney"),
    (("council", "commission", "route", "interstate "),
     r"\b[Cc]ity [Cc]ouncil|\b[Cc]ounty [Cc]ommission|\b[Ss]tate [Rr]oute|\bInterstate \d"),
    (("r-", "d-"), r"\b[RD]-[A-Z][a-z]+"),
))
# North American usage, each worth half a cue: "9 a.m.", "$5", "the 800 block of", "eighth-grade", "Recycling Center".
US_WEAK_CUES = tuple((words, re.compile(p)) for words, p in (
    (("a.m.", "p.m."), r"\d ?[ap]\.m\."), (("$",), r"\$\d"), (("block of",), r"\bblock of\b"),
    ((" school",), r"\b(?:[Ee]lementary|[Hh]igh|[Mm]iddle) [Ss]chool"), (("-grade",), r"-grade\b"),
    ((" center",), r"\b[A-Z][a-z]+ Center\b"), (("mayor",), r"\b[Mm]ayor\b"),
    (("jan. ", "feb. ", "aug. ", "sept. ", "oct. ", "nov. ", "dec. "), r"\b(?:Jan|Feb|Aug|Sept|Oct|Nov|Dec)\. \d"),
))


@dataclass(slots=True)
class Match:
    start: int  # token indices
    end: int
    places: tuple[Place, ...]
    label: str  # NER label around it, "" outside entities


def famous_reading(places: tuple[Place, ...], surface: str, settings: Settings = DEFAULTS,
                   known_abroad: frozenset[tuple[str, str]] = KNOWN_ABROAD) -> Place | None:
    """The one reading of a name that is a big city at least 30 times as prominent as every namesake: Rome, Italy
    over Rome, Georgia, Paris over Paris, Texas. A city counts ten times over when it is its country's capital or is
    known abroad (named in many languages): Athens over Athens, Georgia, Geneva over Geneva, N.Y. (not Dublin, Ohio
    against Dublin City Council and a sheriff: the article's US cues still count, see resolve). A state of the city's
    own country is no rival: Washington, D.C. over Washington, Tyne and Wear."""
    cities = [p for p in places if p.kind == "city"]
    if not cities:
        return None
    top = max(cities, key=lambda p: p.weight)
    known = (surface.lower(), top.iso3)
    lead = top.weight + (settings.capital_bonus if known in CAPITALS or known in known_abroad else 0.0)
    if lead < settings.free_city_weight:
        return None
    if all(p is top or p.weight <= lead - settings.famous_margin or p.kind != "city" and p.iso3 == top.iso3
           for p in places):
        return top
    return None


def abroad(places: tuple[Place, ...], surface: str, home: Counter, settings: Settings = DEFAULTS) -> bool:
    """Whether a name reads as a famous city outside the home country, a hundred times bigger than its home
    namesakes: London names Britain (not Dublin against Dublin, Ohio)."""
    # Fame abroad does not make an article foreign: US local news names its Edmonton, Ky. and St. John's church.
    famous = famous_reading(places, surface, settings, known_abroad=frozenset())
    return famous is not None and famous.iso3 not in home and famous.weight >= settings.free_city_weight and all(
        p.weight <= famous.weight - settings.abroad_margin for p in places if p.iso3 in home
    )


def resolve(doc: Doc, matches: list[tuple[Match, tuple[Place, ...]]], home: Counter,
             settings: Settings = DEFAULTS) -> list[Place | None]:
    """Pick one reading per match, preferring the countries and states the rest of the article names.

    The first round takes context from the unambiguous mentions only, the second from every first-round choice, so
    that an article's many "London"s settle together with its one "Ontario".
    """
    surfaces = [doc[m.start : m.end].text for m, _ in matches]
    chosen: list[Place | None] = [
        places[0] if len({p.iso3 for p in places}) == 1 else None for _, places in matches
    ]
    pairs = [pair_hint(doc, matches, k) or owner_hint(doc, matches, k, settings) or seat_hint(doc, matches, k)
             for k in range(len(matches))]
    mates = list_mates(doc, matches)
    # first-level division -> the names in the article that have a reading there ("Madison", "Jackson": Georgia)
    nearby: dict[str, set[str]] = {}
    for surface, (_, places) in zip(surfaces, matches):
        for p in places:
            if p.admin1:
                nearby.setdefault(p.admin1, set()).add(surface)
    for _ in range(2):
        by_surface: dict[str, tuple[Counter, Counter]] = {}
        total_countries: Counter[str] = Counter(home)
        total_admin1: Counter[str] = Counter()
        states: set[str] = set()  # first-level divisions named as such ("New York", "Ont."), not through a town
        towns: dict[str, set[str]] = {}  # first-level division -> the names of the towns chosen in it
        for (m, _), surface, place in zip(matches, surfaces, chosen):
            if place is None or place.iso3 is None:
                continue
            if place.kind == "city" and 0.0 < place.weight < settings.small_town:
                continue  # a village says little about the article's country, unless pinned down ("Hazard, Ky.")
            own = by_surface.setdefault(surface, (Counter(), Counter()))
            total_countries[place.iso3] += 1
            own[0][place.iso3] += 1
            if place.admin1:
                total_admin1[place.admin1] += 1
                own[1][place.admin1] += 1
                if place.kind in ("region", "abbrev"):
                    # not a state after "of" inside an organisation's name: "the University of Michigan" beside
                    # "Oxford University" is no Oxford, Michigan (but "Enfield Council" is Enfield's)
                    if not (m.label in ("ORG", "FAC") and m.start > 0 and doc[m.start - 1].lower_ == "of") and not any(
                            p.kind == "city" and p.weight >= settings.free_city_weight for p in lookup(surface)):
                        states.add(place.admin1)
                else:
                    towns.setdefault(place.admin1, set()).add(surface)
        anchored = sum(total_countries.values()) > 0
        new = []
        for k, (_, places) in enumerate(matches):
            if len(places) == 1 and not (pairs[k] and places[0].kind == "city" and (
                    pairs[k].iso3 != places[0].iso3 or _outside_owner(pairs[k], places[0]))):
                new.append(places[0])
                continue
            own_countries, own_admin1 = by_surface.get(surfaces[k], (Counter(), Counter()))
            famous = famous_reading(places, surfaces[k], settings)
            # A famous city needs no mention of its country unless the article points at a namesake: reads as its
            # local news, names its state, pairs it ("London, Ky."), or, for a namesake famous only as its country's
            # capital is not (Athens, Georgia), names two more places that can lie in its state.
            local = {
                p.iso3 for p in places if p.iso3 and (home[p.iso3] or famous is not None
                                                      and p.weight > famous.weight - settings.famous_margin
                                                      and len(nearby.get(p.admin1, set()) - {surfaces[k]}) > 1)
            }

            # A state of the famous city's own country ranked above it (Washington) is read as if no city were famous.
            peers = {id(p) for p in places if famous is not None and p.iso3 == famous.iso3 and p.weight >= famous.weight
                     and p is not famous}
            famous_named = famous is not None and total_countries[famous.iso3] - own_countries[famous.iso3] > 0
            # A list of towns abroad speaks for a famous city as its country would: "Oslo, Munich, Paris, Stockholm,
            # Chicago" is no Paris, Illinois.
            stated = {id(p) for p in places if p.admin1 and total_admin1[p.admin1] - own_admin1[p.admin1] > 0
                      and _state_counts(p, None if id(p) in peers else famous, surfaces[k], states, towns,
                                        famous_named or any(chosen[j] is not None and chosen[j].iso3 != p.iso3
                                                            for j in mates[k]), settings)}
            unrivalled = famous is not None and not any(
                p.iso3 in local or id(p) in stated or pairs[k] and p.iso3 == pairs[k].iso3 or id(p) in peers
                for p in places if p is not famous
            )
            best, best_score = None, -math.inf
            for p in places:
                score = p.weight
                # Against a far bigger namesake only its state, a "Rome, Ga." or an article reading as its local news
                # counts, not its country named elsewhere: a US story mentions Paris, France more than Paris, Texas.
                if p.iso3 and (famous is None or p is famous or id(p) in peers or p.iso3 in local):
                    n = total_countries[p.iso3] - own_countries[p.iso3]
                    if p.kind != "city" or p.weight >= settings.small_town:
                        # A village namesake needs its state named: every country has a "Crescent" or an "Enfield".
                        score += settings.context_country * math.log1p(n)
                    if n == 0 and anchored and p.kind not in COUNTRY_LEVEL and not (p is famous and unrivalled):
                        score -= settings.context_absent
                if id(p) in stated:
                    score += settings.context_admin1
                pair = pairs[k]
                if pair and p.iso3 == pair.iso3 and (not pair.admin1 or p.admin1 == pair.admin1):
                    score += settings.context_pair
                if score > best_score:
                    best, best_score = p, score
            pair = pairs[k]
            if pair and best is not None and best.iso3 != pair.iso3 and best.kind not in COUNTRY_LEVEL:
                # "London, Ky.": a town too small to list ("York, Maine" is no English district either); "Edinburgh's
                # Napier University" names no town at all
                best = None if pair.kind.startswith(("owner", "seat")) else Place(pair.iso3, "city", 0.0, pair.admin1)
            elif pair and best is not None and _outside_owner(pair, best):
                # no town of that name lies in the state: "California's Superior court" names none, "Utah's Zion
                # National Park" a place in the state
                end = matches[k][0].end
                best = (Place(pair.iso3, "city", 0.0, pair.admin1) if pair.kind == "owner_region" and end < len(doc)
                        and doc[end].is_title else None)
            new.append(best)
        chosen = new
    # One sense per article: a name pinned down once ("Edmonton, Ky.") means the same town everywhere in it.
    pinned = {surfaces[k].lower(): chosen[k] for k in range(len(matches)) if pairs[k] and chosen[k] is not None}
    return [pinned.get(surface.lower(), place) for surface, place in zip(surfaces, chosen)]


def _outside_owner(pair: Place, place: Place) -> bool:
    """Whether a town lies outside the state named right before it with "'s": "California's Superior court" names
    no Superior, Wisconsin (not "Ontario's Kingston")."""
    return (pair.kind in ("owner_region", "seat_region") and bool(pair.admin1) and place.kind == "city"
            and place.admin1 != pair.admin1)


def _state_counts(p: Place, famous: Place | None, surface: str, states: set[str], towns: dict[str, set[str]],
                  famous_named: bool, settings: Settings = DEFAULTS) -> bool:
    """Whether the places the rest of the article names in a reading's state or province speak for it. Against a
    famous namesake the state must be named by a name that is no big city too ("New York" in a story of the New
    York marathon is no evidence for Athens, N.Y.), or through another of its towns ("Paris" beside "Dallas") unless
    the famous city's country is named too ("British" beside "London" and "Toronto"). A namesake hundreds of times
    smaller counts through its state named as such only, and only where the famous city's country goes unnamed
    (London, Ky. beside "Kentucky"; not London, California beside "San Francisco", nor Brisbane, California beside
    "California's Maxis" and "British")."""
    if famous is None or p is famous:
        return True
    if p.weight <= famous.weight - settings.village_margin:
        return not famous_named and p.admin1 in states
    return p.admin1 in states or not famous_named and bool(towns.get(p.admin1, set()) - {surface})


def home_cues(text: str, min_cues: float = DEFAULTS.home_min_cues) -> Counter:
    """Words only US local news uses ("sheriff", "Laurel County", "Tewksbury Twp.", "R-London"), counted as if the
    article had named the US that many times: its towns then beat their bigger namesakes abroad."""
    lower = text.lower()

    def found(cues) -> int:
        return sum(1 for words, cue in cues if any(w in lower for w in words) and cue.search(text))

    n = found(US_CUES) + 0.5 * found(US_WEAK_CUES)
    return Counter({"USA": n}) if n >= min_cues else Counter()


def list_mates(doc: Doc, matches) -> list[list[int]]:
    """Per match, the other matches of the list of names it stands in, joined by commas, "and" or "or": "Helsinki,
    Oslo and Paris"."""
    groups: list[list[int]] = []
    for k, (m, _) in enumerate(matches):
        prev = matches[k - 1][0] if k else None
        gap = [t.lower_ for t in doc[prev.end : m.start]] if prev is not None else []
        if gap in ([","], ["and"], ["or"], [",", "and"], [",", "or"]):
            groups[-1].append(k)
        else:
            groups.append([k])
    out: list[list[int]] = [[] for _ in matches]
    for group in groups:
        for k in group:
            out[k] = [j for j in group if j != k]
    return out


def pair_hint(doc: Doc, matches, k: int) -> Place | None:
    """The place named right after ", " ("Paris, Texas"): the match must sit in it."""
    if k + 1 >= len(matches):
        return None
    m, nxt = matches[k][0], matches[k + 1][0]
    if nxt.start != m.end + 1 or doc[m.end].text != ",":
        return None
    if opens_clause(doc, nxt.start, nxt.end):
        return None  # "a draw in Paris, Ireland face the Faroes"
    places = matches[k + 1][1]
    isos = {p.iso3 for p in places}
    if len(isos) != 1 or None in isos or not any(p.kind in ("region", "abbrev", "name") for p in places):
        return None  # "Kyiv, Warsaw and Berlin" is a list, not a town in its country
    joins = (",", "and", "or") if any(p.kind == "name" for p in places) else ("and", "or")
    if k + 2 < len(matches) and matches[k + 2][0].start == nxt.end + 1 and doc[nxt.end].lower_ in joins:
        # "London, Singapore and Kuala Lumpur", "London, New York and Tokyo": a list of places, the second a country
        # or a state too (not "Cashiers, N.C., and Salem, S.C.")
        return None
    admin = {p.admin1 for p in places if p.kind in ("region", "abbrev")}
    return Place(places[0].iso3, "hint", 0.0, admin.pop() if len(admin) == 1 else "")


def seat_hint(doc: Doc, matches, k: int) -> Place | None:
    """The state or country an organisation opened by the match is said to be in ("Ames Research Center in
    California", "Cornell University in New York State"): a town of that name must lie there, or the name is a
    person's or the organisation's own."""
    m = matches[k][0]
    if m.label not in ("ORG", "FAC") or doc[m.start].ent_iob_ != "B":
        return None
    end = m.end
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    if end == m.end or end + 1 >= len(doc) or doc[end].lower_ != "in":
        return None
    nxt = next(((n, places) for n, places in matches[k + 1 :] if n.start >= end), None)
    if nxt is None or nxt[0].start not in (end + 1, end + 2) or doc[nxt[0].start - 1].lower_ not in ("in", "the"):
        return None
    places = nxt[1]
    if any(p.kind == "name" for p in places):
        return Place(places[0].iso3, "owner", 0.0, "") if len({p.iso3 for p in places}) == 1 else None
    top = places[0]  # a state far better known than its namesakes ("California", not California, Brazil)
    if top.kind != "region" or not top.admin1 or not all(
            p.admin1 == top.admin1 or p.weight <= top.weight - DEFAULTS.famous_margin for p in places[1:]):
        return None
    return Place(top.iso3, "seat_region", 0.0, top.admin1)


def owner_hint(doc: Doc, matches, k: int, settings: Settings = DEFAULTS) -> Place | None:
    """The town named right before "'s" ("London's Docklands", "New York's Times Square"): the match lies in it, so
    in its country, when the owner has one country or is a famous city."""
    if k == 0:
        return None
    owner, m = matches[k - 1][0], matches[k][0]
    if m.start != owner.end + 1 or doc[owner.end].tag_ != "POS":
        return None
    places = matches[k - 1][1]
    if not all(p.kind in ("city", "region") for p in places):
        return None  # "Britain's Harlow": a country's town needs no hint
    surface = doc[owner.start : owner.end].text
    place = famous_reading(places, surface, settings) or (places[0] if len({p.iso3 for p in places}) == 1 else None)
    if place is None and places[0].kind == "region" and all(
            p.weight <= places[0].weight - settings.famous_margin for p in places[1:]):
        place = places[0]  # a state far better known than its namesakes: "California's" (not California, Brazil)
    if place is None or place.iso3 is None:
        return None
    # a state or province that holds the town only where no namesake of it lies elsewhere ("Warren County" is in
    # a dozen states)
    one_state = place.kind == "region" and all(
        p.admin1 == place.admin1 or p.weight <= place.weight - settings.famous_margin for p in places if p is not place)
    return Place(place.iso3, "owner_region" if one_state else "owner", 0.0, place.admin1)
