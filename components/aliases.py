"""Names that stand for one person across the corpus: "Eliot Spitzer" and "Elliot Spitzer".

Two full names are one person when all but their first words agree and their first names are the same letters with
a letter doubled or not (Eliot, Elliot; Philip, Phillip): a spelling slip, not another person. Nicknames are not
joined: across a corpus "Marty Jones" (a hockey association's president) and "Martin Jones" (a goalie) are two
people, and the names alone cannot tell them from "Bernie Ebbers" and "Bernard Ebbers". The store's views
(`person_variants` in components/store.py) map each variant to the most frequent spelling, for entities and
speakers alike.
"""

from __future__ import annotations

import re

DOUBLED = re.compile(r"(\w)\1")


def same_first_name(a: str, b: str) -> bool:
    """Whether two first names are one name spelt two ways ("Eliot", "Elliot")."""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    if len(a) < 3 or len(b) < 3 or not a.isalpha() or not b.isalpha():
        return False
    return DOUBLED.sub(r"\1", a) == DOUBLED.sub(r"\1", b)
