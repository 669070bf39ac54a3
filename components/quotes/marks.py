"""Quoted segments of a text, found from its quote marks alone (no parse): the first step of quote extraction.

Marks are read paragraph by paragraph: straight and curly double marks, or single marks when an article uses those as
quote marks (told apart from apostrophes by the characters around them). A quote left open at the end of a paragraph
runs on into the next one, as a new segment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_MARKS = re.compile(r"[\"“”„]")
SINGLE_MARKS = re.compile(r"[‘’']")
PARAGRAPHS = re.compile(r"[^\n]+")
WORD = re.compile(r"\w")


@dataclass(frozen=True)
class Segment:
    """One paragraph's piece of a quote, as character offsets into the text."""

    start: int  # quoted words, without marks
    end: int
    open_mark: int
    close_mark: int  # -1 when the quote runs on past the paragraph end
    paragraph: int
    starts_paragraph: bool


def find_segments(text: str, single: bool) -> list[Segment]:
    """Quoted segments, one per paragraph piece; `single` reads ‘...’ / '...' as quote marks instead of double marks."""
    marks = SINGLE_MARKS if single else DOUBLE_MARKS
    segments: list[Segment] = []
    p_index = -1
    for para in PARAGRAPHS.finditer(text):
        p_start, p_end = para.span()
        if not WORD.search(para.group()):
            continue  # separators such as " ." do not break a run of quoted paragraphs
        p_index += 1
        first = p_start + len(para.group()) - len(para.group().lstrip())
        open_at = -1
        for m in marks.finditer(text, p_start, p_end):
            i, ch = m.start(), m.group()
            before = text[i - 1] if i > p_start else " "
            after = text[i + 1] if i + 1 < p_end else " "
            if single:
                kind = _single_kind(before, after, open_at >= 0)
            elif ch in "“„":
                # an opening mark typed where a closing one belongs, right after the quote's last punctuation
                # ('“It's unusual,“ said Jo Tan'), closes the quote open before it
                kind = "close" if open_at >= 0 and before in ",.?!" and after.isspace() else "open"
            elif ch == "”":
                kind = "close"
            elif open_at < 0:
                closing = not before.isspace() and before not in "([—–-:" and not WORD.match(after)
                kind = "close" if closing else "open"
            else:
                kind = "close"
            if kind == "open":
                if open_at >= 0 and not single:
                    _emit(segments, text, open_at, i, i, p_index, first)
                open_at = i
            elif kind == "close" and open_at >= 0:
                _emit(segments, text, open_at, i, i, p_index, first)
                open_at = -1
        # a quote left open runs on into the next paragraph; with single marks only when it opened the paragraph
        if open_at >= 0 and (not single or open_at == first):
            _emit(segments, text, open_at, p_end, -1, p_index, first)
    return segments


def quote_segments(text: str) -> tuple[list[Segment], bool]:
    """The segments an article quotes in, and whether they are all a word or two long (`only_short`)."""
    segments = find_segments(text, single=False)
    only_short = not any(len(text[s.start:s.end].split()) >= 3 for s in segments)
    if only_short:
        # No quotation in double marks: the article may use single ones; if it does not, the short double ones may
        # still be speech ('"We agree," Macron said.').
        single = find_segments(text, single=True)
        if any(len(text[s.start:s.end].split()) >= 3 for s in single):
            return single, False
    return segments, only_short


def _single_kind(before: str, after: str, is_open: bool) -> str:
    if before.isalnum() and after.isalnum():
        return "apostrophe"  # don't, it's, O'Brien
    if not is_open:
        if (before.isspace() or before in "([—–-:\"“") and (after.isalpha() or after in "…."):
            return "open"
        return "apostrophe"  # '90s, rock 'n' roll, players' (nothing open)
    if before in ".,!?;:…—-" or (before.isalnum() and not after.isalnum()):
        return "close"
    return "apostrophe"


def _emit(segments: list[Segment], text: str, open_at: int, end: int, close: int, p_index: int, first: int) -> None:
    start = open_at + 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and WORD.search(text, start, end):
        segments.append(Segment(start, end, open_at, close, p_index, open_at == first))
