"""newsscope's vocabularies as data: one `NAME.txt` file per word list in this folder, each loaded once.

A file holds one entry per line; `#` starts a comment, blank lines are skipped. Entries keep their case: callers that
compare lower-cased words keep lower-cased files.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def entries(name: str) -> tuple[str, ...]:
    """The entries of NAME.txt in file order (for lists whose order matters, e.g. longest alias first)."""
    text = files(__package__).joinpath(f"{name}.txt").read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(line for line in lines if line)


@cache
def words(name: str) -> frozenset[str]:
    """The entries of NAME.txt as a set (made once: roles.py asks for its lists at every role it reads)."""
    return frozenset(entries(name))
