"""Short forms that stand for a full name the article spells out: "the European Union (EU)", "General Motors ... GM".

An all-capital short form (two to six letters, dots allowed: "EU", "U.N.", "BoE"; or a word of four to six letters,
"Opec") joins a longer name of the same article when it is written in brackets right after it, or when its letters
are the initials of that name's words (with or without the small words: "Securities and Exchange Commission" is SEC,
"Bank of England" BoE; "U.S. Agriculture Department" is USDA read as "U.S. Department of Agriculture"). A clipped
organisation name, three letters that open the first word of an organisation's name ("Fed", "Federal Reserve"), joins
it too. Articles that use only the short form, in any case, get the full name through the store's views, when the
corpus pairs them clearly (`acronym_aliases` in components/store_views.py).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from components import lexicon
from components.records import EntityMention

# Labels of names a short form may stand for (not people: "JFK" is left as written).
NAME_LABELS = frozenset({"ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"})
CAPITALS = r"(?:[A-Z]\.?){2,6}|[A-Z][a-z]?[A-Z]{1,4}"
# Or a word of three to six letters: an initialism said as a word, which British style writes as one ("Opec", "Nato",
# "Unicef"), or a clipped name (below); joined only where it spells or clips the name, in brackets too ("Sunbeam Corp
# (Canada)" is a place).
AS_WORD = re.compile(r"[A-Z][a-z]{2,5}")
SHORT_FORM = re.compile(f"{CAPITALS}|{AS_WORD.pattern}")
# A clipped name: the opening of a long first word ("Fed" of "Federal Reserve"), organisations only, as four letters
# open too many other names ("Ford" of "Fordham University").
CLIPPED = re.compile(r"[A-Z][a-z]{2}")
# "Agriculture Department" is also written "Department of Agriculture", whose initials the short form spells (USDA).
DEPARTMENT = re.compile(r"\b((?:[A-Z][\w.]*\s+)*?)([A-Z]\w+)\s+(Department|Ministry)\b")
SMALL_WORDS = frozenset({"of", "and", "the", "for", "&", "de", "du", "la", "le", "des", "on", "in", "to"})
WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)
THE = ("the ", "The ")
FIRM_WORDS = lexicon.words("company_forms") | lexicon.words("firm_tails") | lexicon.words("org_heads")


def initials(name: str, *, small_words: bool) -> str:
    words = WORDS.findall(name)
    return "".join(w[0] for w in words if small_words or w.lower() not in SMALL_WORDS).upper()


def is_short_form(text: str) -> bool:
    return bool(SHORT_FORM.fullmatch(text))


def expands(short: str, name: str, *, label: str = "ORG") -> bool:
    """Whether a short form is the initials of a name ("SEC", "Securities and Exchange Commission"), or, for an
    organisation, its first word clipped ("Fed", "Federal Reserve")."""
    words = name.split()
    if len(words) < 2:
        return False
    if CLIPPED.fullmatch(short):
        return label == "ORG" and words[0].startswith(short) and len(words[0]) >= len(short) + 3
    return short.replace(".", "").upper() in spelt_initials(name)


@lru_cache(maxsize=4096)
def spelt_initials(name: str) -> frozenset[str]:
    """The initials a short form of `name` may spell, with and without its small words, as written and with "X
    Department" read as "Department of X". Cached: an article tries each of its names against every short form."""
    spelt = (name, DEPARTMENT.sub(r"\1\3 of \2", name))
    return frozenset(initials(n, small_words=small) for n in spelt for small in (False, True))


def short_forms(text: str, names: list[tuple[str, int, int]]) -> dict[str, str]:
    """short form -> the full name it stands for in this article, from (name, start_char, end_char) of its
    multi-word names: a bracketed short form right after a name, or initials that spell one name only."""
    found: dict[str, str] = {}
    for name, _, end in names:
        bracket = re.match(r"\s*\(\s*([^()\s]{2,8})\s*\)", text[end:end + 12])
        short = bracket[1] if bracket else ""
        if re.fullmatch(CAPITALS, short) or AS_WORD.fullmatch(short) and expands(short, name):
            found.setdefault(short, name)
    return found


def expansion(short: str, bracketed: dict[str, str], names: dict[str, str]) -> str:
    """The full name a short form of this article stands for, or "": the one name it spells, or the shortest of
    names that each go on from it ("Federal Reserve" of "Federal Reserve" and "Federal Reserve Board"); `names` maps
    the article's full names to their labels."""
    if short in bracketed:
        return bracketed[short]
    matches = sorted((name for name, label in names.items() if expands(short, name, label=label)), key=len)
    if matches and all(name == matches[0] or name.startswith(matches[0] + " ") for name in matches):
        return matches[0]
    return ""


def possessed_name(name: str, names: set[str]) -> str:
    """The shortest organisation name of the article that opens with `name` possessed ("Moody's Investors Service
    Inc" for "Moody", a mention of "Moody's" with its possessive trimmed), or "". What follows the possessive is more
    than one word, or a firm's kind or form ("Foster's Group"): "Yukos's Yuganskneftegas" is what Yukos owns."""
    found = sorted((n for n in names if n.startswith((f"{name}'s ", f"{name}’s "))
                    and (" " in n[len(name) + 3:] or n.split()[-1].lower() in FIRM_WORDS)), key=len)
    return found[0] if found else ""


def head_name(word: str, names: set[str]) -> str:
    """The one organisation name of the article `word` heads before its "of" ("Bank" of "Bank of England", "House" of
    "House of Commons"), or "" when none does or another name ends in it ("World Bank"). A last word is no such head:
    "the House" beside "the White House" is Congress's."""
    found = {name for name in names if word in (name.split(" of ")[0], name.split()[-1])}
    name = found.pop() if len(found) == 1 else ""
    return name if name.startswith(f"{word} of ") else ""


def join_short_forms(text: str, mentions: list[EntityMention]) -> list[EntityMention]:
    """The article's mentions with each short form named by the full name it stands for (and that name's label),
    "the Bank" by the one organisation of the article that "Bank" heads, and "Moody's" by the one it opens."""
    full = [m for m in mentions if m.label in NAME_LABELS and " " in m.entity]
    if not full:
        return mentions
    bracketed = short_forms(text, [(m.entity, m.start_char, m.end_char) for m in full])
    label_of = {m.entity: m.label for m in full}
    organisations = {m.entity for m in full if m.label == "ORG"}
    joined = []
    for m in mentions:
        name = ""
        if m.label in NAME_LABELS and is_short_form(m.entity):
            # a name clips to an organisation's only from an organisation's mention
            names = label_of if m.label == "ORG" else dict.fromkeys(label_of, "")
            name = expansion(m.entity, bracketed, names)
        if not name and m.label == "ORG" and m.entity.isalpha() and text[max(0, m.start_char - 4):m.start_char] in THE:
            name = head_name(m.entity, organisations)
        if not name and m.label == "ORG" and text[m.end_char:m.end_char + 2] in ("'s", "’s"):
            name = possessed_name(m.entity, organisations)
        if name:
            m = replace(m, entity=name, label=label_of[name])
        joined.append(m)
    return joined
