"""Names that stand for one person across the corpus: "Eliot Spitzer" and "Elliot Spitzer", "Malcom Dreyer" and
"Malcolm Dreyer", "Bernie Aldous" and "Bernard Aldous".

Two full names are one person when all but their first words agree and their first names are one name written two
ways. The same letters with a letter doubled or not (Eliot, Elliot; Philip, Phillip) is a spelling slip, joined
always. Another slip (a letter left out inside a name of five letters or more, Malcom for Malcolm, or two letters
swapped, Mihcael for Michael) and a short form (the longer name's first three letters or more, bare or ending in
-ie, -y, -i or -e: Bernie for Bernard, Dave for David) are joined only where the corpus allows no other reading: no
article names both (an article naming both has two people), neither the first names nor the articles' own words
(a pronoun, an honorific) tell the two different genders, and, for a short form, no other full name in the corpus
shares the surname. A surname many people share is as likely to be two people under a nickname: "Marty Jones" (a
hockey association's president) and "Martin Jones" (a goalie) in a corpus naming other Joneses. The store's views
(`person_variants` in components/store_views.py) map each variant to the most frequent spelling, for entities and
speakers alike.
"""

from __future__ import annotations

import re

DOUBLED = re.compile(r"(\w)\1")
SHORT_ENDINGS = ("", "ie", "y", "i", "e")  # a short form's ending after the prefix it shares ("Bern-ie", "Dav-e")
MIN_PREFIX = 3  # letters a short form shares with the name it stands for: "Ed" for Edward says too little
MIN_SLIP = 5  # letters of a name a slip may be read in: "Jon" and "John" may well be two people


def same_first_name(a: str, b: str) -> bool:
    """Whether two first names are one name spelt two ways ("Eliot", "Elliot")."""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    if len(a) < 3 or len(b) < 3 or not a.isalpha() or not b.isalpha():
        return False
    return DOUBLED.sub(r"\1", a) == DOUBLED.sub(r"\1", b)


def first_name_variant(a: str, b: str) -> str:
    """How two first names may be one: "spelling" (a letter doubled, `same_first_name`), "slip" (a letter left out
    inside the name, or two letters swapped: "Malcom", "Malcolm"), "short" (one a short form of the other: "Bernie",
    "Bernard"), or "" when they are two names."""
    if same_first_name(a, b):
        return "spelling"
    a, b = a.lower(), b.lower()
    if not a.isalpha() or not b.isalpha():
        return ""
    short, long = sorted((a, b), key=len)
    if len(short) >= MIN_SLIP and short[0] == long[0] and short[-1] == long[-1]:
        if len(long) == len(short) + 1 and any(long[:i] + long[i + 1:] == short for i in range(1, len(long) - 1)):
            return "slip"
        if len(long) == len(short) and any(
                short[:i] + short[i + 1] + short[i] + short[i + 2:] == long for i in range(1, len(short) - 2)):
            return "slip"
    prefix = 0
    while prefix < len(short) and short[prefix] == long[prefix]:
        prefix += 1
    if prefix >= MIN_PREFIX and short[prefix:] in SHORT_ENDINGS and len(long) - prefix >= 2:
        return "short"
    return ""
