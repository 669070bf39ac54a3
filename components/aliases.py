"""Names that stand for one person across the corpus: "Bernie Ebbers" and "Bernard Ebbers", "Eliot Spitzer" and
"Elliot Spitzer".

Two full names are one person when all but their first words agree and their first names are the same name: the shorter
a nickname of the longer (the `nicknames` dataset: Bernie for Bernard, Bob for Robert) or the same letters with a
letter doubled (Eliot, Elliot). Two nicknames of one formal name (Bill and Will) stay apart, and so do initials,
which say too little across a corpus. Each variant maps to the most frequent name of its group.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
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


def person_variants(counts: Mapping[str, int]) -> dict[str, str]:
    """variant -> the name it stands for, from the mention count of every full person name in the corpus; a name
    maps to the most frequent name of its group (ties: alphabetical), and only when their first names match it."""
    groups: dict[str, list[str]] = {}
    for name in counts:
        first, _, rest = name.partition(" ")
        if rest:
            groups.setdefault(rest, []).append(name)
    variants = {}
    for names in groups.values():
        if len(names) < 2:
            continue
        names.sort(key=lambda n: (-counts[n], n))
        for name in names[1:]:
            head = next((h for h in names if h != name and counts[h] >= counts[name]
                         and same_first_name(h.split(" ", 1)[0], name.split(" ", 1)[0])), None)
            if head is not None and head not in variants:
                variants[name] = head
    return variants
