"""Text hard-wrapped at a fixed width, as wire copy often is ("Trade Representative Clayton\\nYeutter said"), read as
the running text it is: the parser, the quote finder and the name rules all take a line break for the end of a line of
thought (a headline, a byline, a table row), so a wrapped line would cut names and quotes in two.

`unwrapped` turns each line break that only wraps a paragraph into a space. The text keeps its length, so every
offset found in it indexes the original text, which is stored as it came.
"""

from __future__ import annotations

import re

# A line break inside a paragraph: after text on its line, before text at the start of the next; not a blank line and
# not a line opening with an indent, which is how wrapped copy marks a new paragraph or a table row.
SOFT_BREAK = re.compile(r"(?<=[^\s])[ \t\r]*\n(?=\S)")
WORD = re.compile(r"\S+")  # matched where a break ends, not split off the rest of the text: linear in the text
MIN_BREAKS = 3  # fewer tells nothing about how the text was written
MAX_WIDTH = 100  # wrapped copy keeps to a terminal's or a wire's width; longer lines were written as lines
MID_SENTENCE_SHARE = 0.6  # of the breaks, at least this many must fall inside a sentence
FULL_SHARE = 0.5  # and at least this many must end a line filled to FULL of the widest: wrapping fills its lines
FULL = 0.75


def unwrapped(text: str) -> str:
    """`text` with the line breaks that wrap its paragraphs turned into spaces, when it reads as hard-wrapped: most of
    its line breaks fall inside a sentence, most lines before a break are nearly as wide as the widest, and none is
    wider than MAX_WIDTH. A break is a wrap when the
    next line's first word would not have fitted on the line (the line is full), or when the line stops mid-sentence
    at least half full; a short line ("62 Nolan Henke") ended on purpose and keeps its break."""
    breaks = list(SOFT_BREAK.finditer(text))
    if len(breaks) < MIN_BREAKS:
        return text
    widths = [m.start() - (text.rfind("\n", 0, m.start()) + 1) for m in breaks]
    mid = [_mid_sentence(text, m) for m in breaks]
    width = max(widths)
    full = sum(line >= FULL * width for line in widths)
    if width > MAX_WIDTH or sum(mid) < MID_SENTENCE_SHARE * len(breaks) or full < FULL_SHARE * len(breaks):
        return text
    chars = list(text)
    for m, line, inside in zip(breaks, widths, mid):
        next_word = WORD.match(text, m.end()).end() - m.end()
        if line + 1 + next_word > width or (inside and 2 * line >= width):
            chars[m.end() - 1] = " "
    return "".join(chars)


def _mid_sentence(text: str, brk: re.Match) -> bool:
    """Whether a line break falls inside a sentence: after a lower-case letter, a comma or a semicolon, or before a
    lower-case letter."""
    before, after = text[brk.start() - 1], text[brk.end()]
    return before.islower() or before in ",;" or after.islower()
