"""People's names: given names and their usual gender (gender-guesser's offline list, loaded once on first use),
titles, and the one full name each person goes by within an article ("Mr. Netanyahu's" -> "Benjamin Netanyahu")."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from components import lexicon
from components.pickled import load_or_build

if TYPE_CHECKING:  # the dashboard reads names without loading spaCy
    from spacy.tokens import Doc

MALE_ANSWERS = frozenset({"male", "mostly_male"})
FEMALE_ANSWERS = frozenset({"female", "mostly_female"})
# Titles and honorifics that may precede a name (lowercase, without trailing dots), stripped from people's names.
TITLES = lexicon.words("titles")
POSSESSIVE = re.compile(r"(?:'s|’s|‘s|'|’)$")
NAME_SUFFIXES = frozenset({"jr", "sr", "jnr", "snr"})


@lru_cache(maxsize=1)
def _detector():
    """gender-guesser's detector, or None when the package is missing (the rules that use it then stay silent). Its
    table of names is read from a cache (0.05 s) rather than parsed from the package's list (0.2 s) each process."""
    try:
        import gender_guesser.detector as detector
    except ImportError:
        return None
    names = Path(detector.__file__).parent / "data" / "nam_dict.txt"
    found = detector.Detector.__new__(detector.Detector)
    found.case_sensitive = False
    found.names = load_or_build("given-names", hashlib.sha1(names.read_bytes()).hexdigest()[:16],
                                lambda: detector.Detector(case_sensitive=False).names)
    return found


# Countries whose usage of a given name is the English-language news's own; gender-guesser's plain answer pools all its
# countries, where "Jean" or "Jan" is mostly a man's name, while in English it is mostly a woman's.
ENGLISH_SPEAKING = ("great_britain", "ireland", "usa")


def _side(answer: str) -> str:
    """"m" or "f" for a male or female answer, mostly or wholly; "" for any other."""
    return "m" if answer in MALE_ANSWERS else "f" if answer in FEMALE_ANSWERS else ""


@lru_cache(maxsize=4096)
def given_name_answer(word: str) -> str:
    """gender-guesser's answer for a first name: male, mostly_male, andy, mostly_female, female or unknown; "andy"
    when the name's most frequent use in English-speaking countries is the other gender's or unisex ("Jean", "Alex"),
    or when a far larger count of bearers does not give it the same gender ("Daniele", "Bernie")."""
    answer = guesser_answer(word)
    if _side(answer) and fold(word.strip(".")).lower() in _disputed_given_names():
        return "andy"
    return answer


def guesser_answer(word: str) -> str:
    """gender-guesser's own answer, but "andy" where English-speaking countries' most frequent use differs."""
    detector = _detector()
    if detector is None or not word[:1].isalpha():
        return "unknown"
    name = word.strip(".").capitalize()
    answer = detector.get_gender(name)
    english = _english_answer(detector, name)
    return "andy" if english and _side(english) != _side(answer) else answer


@lru_cache(maxsize=1)
def _disputed_given_names() -> frozenset[str]:
    """Names gender-guesser gives one gender that nomquamgender's bearers do not (see scripts/given_names.py)."""
    return lexicon.words("given_names_disputed")


def _english_answer(detector, name: str) -> str:
    """The answer most frequent over the English-speaking countries, "" when gender-guesser has no data there."""
    columns = [detector.COUNTRIES.index(country) for country in ENGLISH_SPEAKING]
    weight = {}  # gender-guesser writes a country's frequency as one character, "1"-"9" then "A"-"D"; " " is none
    for answer, values in detector.names.get(name.lower(), {}).items():
        freq = sum(int(values[i], 16) for i in columns if i < len(values) and values[i] != " ")
        if freq:
            weight[answer] = freq
    return max(weight, key=weight.get) if weight else ""


INVERTED_CUES = lexicon.words("quote_inverted_cues")


def opens_with_speech_verb(tok) -> bool:
    """'Said' in 'Said Jo Tan, "..."': a verb of saying opening its sentence before its speaker, not a given name."""
    return tok.lower_ in INVERTED_CUES and tok.is_sent_start


def is_given_name(word: str) -> bool:
    """Whether `word` is a known first name ("Karen", "Tomas"), whatever its gender."""
    return given_name_answer(word) != "unknown"


# A two-syllable given name romanised with a hyphen and a lowercase second syllable ("Jong-un", "Yong-chol") comes after
# the family name, so the first word of such a name is no given name ("Kim Yong-chol" says nothing of a gender).
# Each syllable opens with at most one consonant sound before its vowel, as romanised Korean does ("Jae-in", "Sol-ju");
# not a word run on by a hyphen ("Bush-spent").
FAMILY_NAME_FIRST = re.compile(r"^[A-Z][a-z]{1,5}-(?:ch|kk|tt|pp|ss|jj|wh|[bcdfghjklmnprstwy])?[aeiouy][a-z]{0,4}$")
# The same name written as two words after a family name of one syllable ("Kim Jong Un", "Le Kha Phieu", "Lee Hsien
# Loong"): a romanised syllable has up to three consonants, one to three vowels and a final n, ng, nh, ch, m, k, p, l,
# t or h ("Ann", "Lynn", "Womack" are none), and the given name's two are no given names in English-speaking countries
# ("Mary Jo Lee", "Terry Lee Ray" open with their given names).
SYLLABLE = re.compile(r"^[b-df-hj-np-tv-z]{0,3}[aeiouy]{1,3}(?:ng|nh|ch|[nmkplth])?$", re.IGNORECASE)


def _family_name_first(words: list[str]) -> bool:
    """Whether a name's last words are a given name romanised from Korean, Chinese or Vietnamese, after the family
    name ("Kim Yong-chol", "Kim Jong Un"; not "Jean-Yves Le Drian")."""
    if len(words) > 1 and FAMILY_NAME_FIRST.match(words[-1]):
        return True
    detector = _detector()
    return (len(words) == 3 and detector is not None and all(SYLLABLE.match(word) for word in words)
            and len(words[0]) <= 6 and all(len(word) <= 5 and word.istitle() and not _english_answer(detector, word)
                                           for word in words[1:]))


def name_gender(name: str, *, strict: bool = False) -> str:
    """"m" or "f" from the first word of a name ("Karen Wang" -> "f", "Demi" -> "f"); "" when unknown or unisex, or
    when the name puts the family name first ("Kim Yong-chol") and its first word is no clear given name."""
    words = name.split()
    if not words:
        return ""
    answer = given_name_answer(words[0])
    if answer not in ("male", "female") and _family_name_first(words):
        return ""  # "Kim Yong-chol", "Kim Jong Un"; but "Donald Trump-led" opens with a given name
    if answer == "unknown" and len(words) > 1:  # a first name before a surname that gender-guesser does not know
        return _more_given_names().get(fold(words[0]).lower(), "")
    if strict:
        return "m" if answer == "male" else "f" if answer == "female" else ""
    return _side(answer)


@lru_cache(maxsize=1)
def _more_given_names() -> dict[str, str]:
    """Given names beyond gender-guesser's, from a far larger name count ("Mairead" f, "Benoit" m): only names borne
    in many sources and nearly always by one gender (see scripts/given_names.py)."""
    return dict(entry.split() for entry in lexicon.entries("given_names_more"))


def fold(text: str) -> str:
    """ASCII spelling of a name: "Benoît" -> "Benoit", "Türkiye" -> "Turkiye", "Gujarāt" -> "Gujarat"."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def first_name_gender(name: str, *, strict: bool = True) -> str:
    """"female" or "male" as `name_gender` tells it from the first word ("Erin Kim" -> "female"; strictly, "Bernie",
    mostly male, tells nothing), "" when it does not."""
    return {"f": "female", "m": "male"}.get(name_gender(name, strict=strict), "")


def strip_titles(words: list[str]) -> list[str]:
    """Drop leading titles ("President", "Mr.", "Prime Minister") from a name's words, keeping at least one."""
    i = 0
    while i < len(words) - 1 and words[i].lower().rstrip(".") in TITLES:
        i += 1
    return words[i:]


def without_full_stop(name: str) -> str:
    """A name without the full stop that ends its sentence: the tokenizer keeps it with a last word it knows as an
    abbreviation ("said chairman Jo Ore." as in Oregon's "Ore."); a name's last word is no abbreviation, but for
    an initial ("Jo T.") or a suffix ("Jo Tan Jr.")."""
    words = name.split()
    last = words[-1] if len(words) > 1 else ""
    if len(last) > 2 and last.endswith(".") and last[:-1].isalpha() and last[:-1].lower() not in NAME_SUFFIXES:
        return name[:name.rstrip().rfind(".")]
    return name


def name_key(name: str) -> str:
    return " ".join(name.lower().split())


def build_people(names: list[str]) -> dict[str, str]:
    """Map each person name (lowercased key) to the full name it refers to within one article.

    A name joins the longest other name that ends with it ("Netanyahu" -> "Benjamin Netanyahu") or, failing that,
    starts with it (a lone first name); when several full names share the surname, the most recent one before it wins.
    """
    full: list[list[str]] = []  # distinct multi-word names in order of first appearance
    seen: set[str] = set()
    for name in names:
        words = name.split()
        if len(words) > 1 and name_key(name) not in seen:
            seen.add(name_key(name))
            full.append(words)
    mapping: dict[str, str] = {}
    for name in names:
        key = name_key(name)
        if key in mapping:
            continue
        words = key.split()
        best = None
        for cand in full:
            lower = [w.lower() for w in cand]
            if len(lower) <= len(words):
                continue
            if lower[-len(words):] == words and (best is None or len(cand) > len(best)):
                best = cand
        if best is None and len(words) == 1:
            firsts = [c for c in full if c[0].lower() == words[0]]
            if len(firsts) == 1:
                best = firsts[0]
            else:
                # a name from the middle of one full name ("Lula" of "Luiz Inacio Lula da Silva")
                inner = [c for c in full if words[0] in [w.lower() for w in c[1:-1]]]
                if len(inner) == 1 and not firsts:
                    best = inner[0]
        mapping[key] = " ".join(best) if best else name
    # chains ("J. Kazianis" -> "Harry J. Kazianis") resolve to the final full name
    for key, value in mapping.items():
        nxt = mapping.get(name_key(value), value)
        mapping[key] = nxt
    return mapping


def canonical_person(doc: Doc, name: str) -> str:
    """The canonical full name of a person mentioned as `name` in `doc` ("Mr. Netanyahu's" -> "Benjamin Netanyahu")."""
    words = strip_titles(without_full_stop(POSSESSIVE.sub("", name.strip())).split())
    if not words:
        return ""
    people = doc._.news_people
    key = name_key(" ".join(words))
    if key in people:
        return people[key]
    # a name not tagged as a person in this doc can still be a surname of one
    for full in people.values():
        if full.lower().split()[-len(words):] == key.split():
            return full
    return " ".join(words)

