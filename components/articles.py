"""One article from one record: its fields checked, its title, date and dateline read, its id and its hash.

Every reader in `loading` hands a record (a dict) to `make_article`, so every format is held to the same rules.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from datetime import date, datetime

from dateutil import parser as dateparser

from components.metadata import extra_fields
from components.records import Article

OPTIONAL_FIELDS = ("title", "source", "published", "url")
KNOWN_FIELDS = frozenset(("id", "text", *OPTIONAL_FIELDS))  # the rest of a record is metadata
HEADLINE_CHARS = 120  # an untitled text's first line up to this long is taken as its title
MAX_ARTICLE_CHARS = 2_000_000  # about 300,000 words: far beyond any article, and minutes of parsing

# "Moscow (AFP) –", "WASHINGTON, March 3 (Reuters) -", "LONDON (BBC) --"
DATELINE = re.compile(
    r"\A\s*(?P<place>[A-Z][A-Za-z.'\- ]{1,40}?)(?:,[^()\n]{1,30})?\s*\((?P<source>[A-Z][\w.&' -]{0,30})\)\s*[-–—]+"
)


class BadArticle(ValueError):
    pass


def make_article(obj: dict, origin: str) -> Article:
    text = obj.get("text")
    if text is None:
        raise BadArticle("missing 'text'")
    if not isinstance(text, str):
        raise BadArticle(f"'text' must be a string, got {type(text).__name__}")
    if not text.strip():
        raise BadArticle("empty 'text'")
    if len(text) > MAX_ARTICLE_CHARS:
        raise BadArticle(f"text of {len(text):,} characters is longer than the {MAX_ARTICLE_CHARS:,} an article "
                         "may have (is it a whole corpus in one field?); split it into articles")
    fields = {}
    for key in ("id", *OPTIONAL_FIELDS):
        value = obj.get(key)
        if value is None:
            value = ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise BadArticle(f"'{key}' must be a string or number, got {type(value).__name__}")
        fields[key] = str(value).strip()
    for key, value in (("text", text), *fields.items()):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as err:  # "\ud800" escaped in JSON: a string Python holds but no file can
            raise BadArticle(f"'{key}' holds a lone surrogate ({value[err.start]!r} at character {err.start:,}), "
                             "which is not text") from None
    dateline = DATELINE.match(text)
    return Article(
        article_id=fields["id"] or content_id(text),
        # Titles scraped from the web often keep HTML entities ("&#163;1.8m"); the text is kept as is for its offsets.
        title=html.unescape(fields["title"]) or headline(text),
        text=text,
        source=fields["source"] or (dateline["source"].strip() if dateline else ""),
        published=normalise_date(fields["published"]),
        url=fields["url"],
        dateline=dateline["place"].strip() if dateline else "",
        origin=origin,
        metadata=extra_fields(obj, known=KNOWN_FIELDS),
    )


def headline(text: str) -> str:
    """The first line of an untitled text when it reads like a headline: short, not a sentence, more text after it."""
    first, _, rest = text.strip().partition("\n")
    first = " ".join(first.split())
    if not rest.strip() or len(first) > HEADLINE_CHARS or first.endswith((".", ",", ";", ":")):
        return ""
    return first


# A control character, or an HTML character reference to one ("&#5;"), which html.unescape would drop.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]|&#0*(?:[0-8]|1[1-9]|2[0-9]|3[01]|127);")


def normalise_date(value: str) -> str:
    """ISO date (YYYY-MM-DD) of a date in any common format; "" when there is none, it cannot be read or it names
    no year ("May", "Monday", "12:30"): a day of a year nobody gave is not a date."""
    # A control character ends the date: what follows it is a wire's routing code ("...59.13&#5;&#5;RM").
    value = html.unescape(CONTROL_CHARACTER.split(value or "", maxsplit=1)[0]).strip()
    if not value:
        return ""
    try:
        if re.fullmatch(r"\d{9,13}(\.\d+)?", value):  # Unix time in seconds or milliseconds
            seconds = float(value) / (1000 if len(value.split(".")[0]) > 11 else 1)
            return datetime.fromtimestamp(seconds).date().isoformat()
        # Parsed twice with different defaults: a year that follows the default was not in the value.
        parsed = dateparser.parse(value, default=datetime(2000, 1, 1))
        other = dateparser.parse(value, default=datetime(2001, 2, 2))
    except (ValueError, OverflowError, OSError):
        return ""
    if not isinstance(parsed, datetime | date) or parsed.year != other.year:
        return ""
    return parsed.date().isoformat()


def content_id(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def content_hash(article: Article) -> str:
    """What decides whether a stored article changed. Metadata is part of it, so a corrected category replaces the
    stored one; an article without metadata hashes as it did before metadata was kept."""
    fields = [article.title, article.text, article.source, article.published, article.url]
    if article.metadata:
        fields.append(json.dumps(article.metadata, sort_keys=True, ensure_ascii=False))
    return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()
