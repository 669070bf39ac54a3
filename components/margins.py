"""Lines around the story rather than in it: links to other stories, photo and video captions, bylines, credits.

A name there (a photographer, a reporter, a linked story's subject) is no one the story is about.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from components import lexicon
from components.names import TITLES

PROMO_LINE = re.compile(r"\s*(?:READ MORE|MORE|WATCH(?: BELOW| LIVE)?|RELATED|LISTEN|SEE ALSO|ALSO READ)\s*:")
CAPTION_HEAD = re.compile(r"\s*Open this photo in gallery")
# A caption ends with a credit in parentheses: "( Jo Tan / AP )", "(Getty Images)". Two forms, for two readers: a
# person named on such a line is a credit (CAPTION_TAIL: "AP", "CP" in capitals, "photo" in any case; not any
# bracket after a sentence's end, which also ends a gallery's captions whose people annotators count), and a
# paragraph so ending is a caption whose quotes nobody said (CAPTION_PARAGRAPH_TAIL: any case, "handout", a closing
# period). Either one serving both changes the people of 4 to 8 articles of the dev sets and 500 BBC ones, and their
# quotes' speakers.
CAPTION_TAIL = re.compile(r"\((?:[^()]*/[^()]*|[^()]*\b(?:(?i:photo)|Getty|AP|CP)\b[^()]*)\)\s*$")
CAPTION_PARAGRAPH_TAIL = re.compile(
    r"\((?:[^()]*/[^()]*|[^()]*\b(?:photo|getty|handout)\b[^()]*)\)\.?\s*$", re.IGNORECASE
)
BIO = re.compile(
    r"\s+is (?:a|an|the)\b[^.]{0,80}?\b(?:reporter|journalist|editor|writer|columnist|contributor|correspondent|"
    r"producer|photographer|critic|freelancer)\b"
)
BROADCAST = re.compile(r"\s+(?:reports\b|has (?:more|the latest|the story|details)\b)")
CREDIT_WORDS = lexicon.words("credit_words")


def in_margin(text: str, start: int, end: int) -> bool:
    """Whether a name at text[start:end] sits outside the story: a link line, a caption, a byline or an author's bio."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    line = text[line_start:line_end]
    if PROMO_LINE.match(line) or CAPTION_HEAD.match(line) or CAPTION_TAIL.search(line[-200:]):
        return True
    after = text[end:line_end]
    if BIO.match(after) or BROADCAST.match(after):
        return True  # "Jo Tan is a Toronto-based reporter ...", "Jo Tan has more."
    if text[max(line_start, start - 3):start] == "As " and after.startswith(" reports"):
        return True
    # a line of names ending with an outlet: "Jo Tan and Ali Khan, The Associated Press"; not a longer list of names,
    # nor one going on from the line before (a results list wrapped over lines: "... Mike Sullivan, Willie\nWood, ...")
    words = line.replace(",", " , ").split()
    previous = text[text.rfind("\n", 0, max(0, line_start - 1)) + 1:max(0, line_start - 1)].rstrip()
    wrapped = previous.count(",") >= 2 and previous[-1:] not in ('.', '!', '?', '"', '”', ':', ')')
    return len(line) < 80 and 1 <= words.count(",") <= 3 and words[-1] != "," and not wrapped and all(
        w[:1].isupper() or w in (",", "and", "&") for w in words)


def is_credit(doc: Doc, span: Span, text: str | None = None) -> bool:
    """A photo credit or byline ("Jo Tan/The Canadian Press", "(AP Photo/Jo Tan)", "By Jo Tan") or a non-name."""
    if text is not None and in_margin(text, span.start_char, span.end_char):
        return True
    words = span.text.split()
    if "/" in span.text or any(w.lower().strip("/()") in CREDIT_WORDS for w in words[1:]):
        return True
    # a short lone word is no name ("AP", "Jr") unless a title goes before it ("Ms. May", "President Xi")
    titled = (span.start > 0 and doc[span.start - 1].lower_.rstrip(".") in TITLES
              and span.text.lower().rstrip(".") not in TITLES)  # not "Staff Sgt"
    if not span.text[:1].isupper() or (len(words) == 1 and len(span.text) <= 3 and not titled):
        return True
    nxt = doc[span.end:span.end + 3]
    if len(nxt) and (nxt[0].text in ("/", "|") or nxt[0].lower_ in CREDIT_WORDS):
        return True
    if len(nxt) > 1 and nxt[0].text == "(" and nxt[1].lower_ in CREDIT_WORDS:
        return True  # a dateline, "Brasilia (Reuters) -"
    if any(t.lower_ in ("contributed", "contributing") for t in span.sent):
        return True  # "Associated Press writer Jo Tan contributed to this report."
    prev = doc[max(0, span.start - 3):span.start]
    if any(t.text == "/" or t.lower_ in ("photo", "photograph", "credit") for t in prev):
        return True
    first = doc[span.start - 1] if span.start else None
    if first is not None and first.lower_ == "by" and (span.start == 1 or "\n" in doc[span.start - 2].whitespace_
                                                      or "\n" in doc[span.start - 2].text):
        return True
    return False

