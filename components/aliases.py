"""Names that stand for one person across the corpus: "Bernie Ebbers" and "Bernard Ebbers", "Eliot Spitzer" and
"Elliot Spitzer".

Two full names are one person when all but their first words agree and their first names are the same name: the shorter
a nickname of the longer (the `nicknames` dataset: Bernie for Bernard, Bob for Robert) or the same letters with a
letter doubled (Eliot, Elliot). Two nicknames of one formal name (Bill and Will) stay apart, and so do initials,
which say too little across a corpus. The store's views (`person_variants` in components/store.py) map each variant
to the most frequent name of its group, for entities and speakers alike.
"""

from __future__ import annotations

import re
from functools import cache

from nicknames import NickNamer

DOUBLED = re.compile(r"(\w)\1")


@cache
def _nicknamer() -> NickNamer:
    return NickNamer()


def same_first_name(a: str, b: str) -> bool:
    """Whether two first names are one name written two ways ("Bernie", "Bernard"; "Eliot", "Elliot")."""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    if len(a) < 3 or len(b) < 3 or not a.isalpha() or not b.isalpha():
        return False
    if DOUBLED.sub(r"\1", a) == DOUBLED.sub(r"\1", b):
        return True
    short, long = sorted((a, b), key=len)
    return len(short) < len(long) and short in _nicknamer().nicknames_of(long)
