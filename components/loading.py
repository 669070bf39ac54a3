"""Read articles from files: plain text, JSON Lines / JSON, CSV and HTML, alone or in folders.

`iter_articles` yields an `Article` for each good article and a `LoadError` (naming the file and line) for
each bad one, so one bad line never stops the rest of a batch.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import html
import io
import json
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from dateutil import parser as dateparser

from components.records import Article

SUPPORTED_SUFFIXES = (".txt", ".jsonl", ".json", ".csv", ".html", ".htm")
OPTIONAL_FIELDS = ("title", "source", "published", "url")
HEADLINE_CHARS = 120  # an untitled text's first line up to this long is taken as its title
MAX_ARTICLE_CHARS = 2_000_000  # about 300,000 words: far beyond any article, and minutes of parsing
csv.field_size_limit(1 << 30)

# "Moscow (AFP) –", "WASHINGTON, March 3 (Reuters) -", "LONDON (BBC) --"
DATELINE = re.compile(
    r"\A\s*(?P<place>[A-Z][A-Za-z.'\- ]{1,40}?)(?:,[^()\n]{1,30})?\s*\((?P<source>[A-Z][\w.&' -]{0,30})\)\s*[-–—]+"
)


@dataclass(frozen=True)
class LoadError:
    origin: str  # "path" or "path:line"
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


class BadArticle(ValueError):
    pass


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | LoadError]:
    """Files to read: named files as given, folders walked recursively for supported types."""
    for path in map(Path, paths):
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and file_format(child) in SUPPORTED_SUFFIXES and not _hidden(child, path):
                    yield child
        elif path.is_file():
            if file_format(path) in SUPPORTED_SUFFIXES:
                yield path
            else:
                yield LoadError(str(path), f"unsupported file type {file_format(path) or '(none)'}; "
                                           f"use one of {', '.join(SUPPORTED_SUFFIXES)} (or gzipped: .jsonl.gz, ...)")
        else:
            yield LoadError(str(path), "no such file or folder")


def iter_articles(paths: Iterable[str | Path]) -> Iterator[Article | LoadError]:
    for item in iter_files(paths):
        if isinstance(item, LoadError):
            yield item
            continue
        try:
            if file_format(item) == ".jsonl":
                yield from stream_jsonl(item)
            else:
                raw = item.read_bytes()
                yield from read_bytes(gzip.decompress(raw) if _gzipped(item) else raw, item.name, str(item))
        except (OSError, EOFError, zlib.error) as err:
            yield LoadError(str(item), f"cannot read file: {getattr(err, 'strerror', None) or err}")


def file_format(path: Path) -> str:
    """The suffix that names the format: ".jsonl" for both a.jsonl and a.jsonl.gz."""
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def _gzipped(path: Path) -> bool:
    return path.suffix.lower() == ".gz"


def stream_jsonl(path: Path) -> Iterator[Article | LoadError]:
    """JSON Lines read a line at a time, so a file of any size takes little memory."""
    origin, warned = str(path), False
    with (gzip.open(path, "rb") if _gzipped(path) else path.open("rb")) as f:
        for number, raw in enumerate(f, start=1):
            if number == 1 and b"\x00" in raw[:8192]:
                yield LoadError(origin, "looks like a binary file, not text; skipped")
                return
            line, note = decode(raw)
            if note and not warned:
                warned = True
                yield LoadError(origin, note.replace("line 1", f"line {number}"))
            yield from _jsonl_line(line, f"{origin}:{number}")


def read_bytes(raw: bytes, name: str, origin: str | None = None) -> Iterator[Article | LoadError]:
    """Articles in one file's content; `name` decides the format by its suffix."""
    origin = origin or name
    if b"\x00" in raw[:8192]:
        yield LoadError(origin, "looks like a binary file, not text; skipped")
        return
    content, note = decode(raw)
    if note:
        yield LoadError(origin, note)  # a warning: the file is still read
    suffix = file_format(Path(name))
    reader = {".txt": read_txt, ".jsonl": read_jsonl, ".json": read_json, ".csv": read_csv,
              ".html": read_html, ".htm": read_html}.get(suffix)
    if reader is None:
        yield LoadError(origin, f"unsupported file type {suffix or '(none)'}")
        return
    yield from reader(content, origin)


def decode(raw: bytes) -> tuple[str, str]:
    """Text of a file: UTF-8 (a BOM is dropped), else Windows-1252/Latin-1 with a note saying so."""
    try:
        return raw.decode("utf-8-sig"), ""
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        return text, f"warning: not valid UTF-8 (first bad byte on line {line}); read as Windows-1252/Latin-1"


def read_txt(content: str, origin: str) -> Iterator[Article | LoadError]:
    title, _, body = content.partition("\n")
    body = body.strip()
    if not body:
        yield LoadError(origin, "empty article: a .txt file needs the title on the first line and the text after it")
        return
    yield make_article({"title": title.strip(), "text": body}, origin)


def read_jsonl(content: str, origin: str) -> Iterator[Article | LoadError]:
    for number, line in enumerate(content.splitlines(), start=1):
        yield from _jsonl_line(line, f"{origin}:{number}")


def _jsonl_line(line: str, where: str) -> Iterator[Article | LoadError]:
    if not line.strip():
        return
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        yield LoadError(where, f"invalid JSON ({err.msg} at column {err.colno})")
        return
    yield from _from_object(obj, where)


def read_json(content: str, origin: str) -> Iterator[Article | LoadError]:
    try:
        obj = json.loads(content)
    except json.JSONDecodeError:
        yield from read_jsonl(content, origin)  # JSON Lines saved as .json
        return
    if isinstance(obj, dict) and isinstance(obj.get("articles"), list):
        obj = obj["articles"]
    if isinstance(obj, list):
        for number, item in enumerate(obj, start=1):
            yield from _from_object(item, f"{origin}:item {number}")
    else:
        yield from _from_object(obj, origin)


def _from_object(obj, where: str) -> Iterator[Article | LoadError]:
    if not isinstance(obj, dict):
        yield LoadError(where, f"expected a JSON object with a 'text' field, got {type(obj).__name__}")
        return
    try:
        yield make_article(obj, where)
    except BadArticle as err:
        yield LoadError(where, str(err))


def read_csv(content: str, origin: str) -> Iterator[Article | LoadError]:
    reader = csv.DictReader(io.StringIO(content, newline=""), strict=True)
    try:
        fields = reader.fieldnames or []
    except csv.Error as err:
        yield LoadError(f"{origin}:1", f"unreadable CSV header ({err})")
        return
    columns = {f.strip().lower(): f for f in fields if f}
    if "text" not in columns:
        yield LoadError(origin, f"CSV has no 'text' column (columns: {', '.join(fields) or 'none'})")
        return
    while True:
        first_line = reader.line_num + 1  # where the next record starts
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            yield LoadError(f"{origin}:{first_line}",
                            f"broken CSV quoting ({err}); the rest of the file is skipped")
            return
        where = f"{origin}:{reader.line_num}"
        obj = {key: row.get(name) for key, name in columns.items()}
        try:
            yield make_article(obj, where)
        except BadArticle as err:
            yield LoadError(where, str(err))


def read_html(content: str, origin: str) -> Iterator[Article | LoadError]:
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(content)
    title = ""
    for selector in ("meta[property='og:title']", "title", "h1"):
        node = tree.css_first(selector)
        if node is not None:
            title = (node.attributes.get("content") if node.tag == "meta" else node.text()) or ""
            title = " ".join(title.split())
            if title:
                break
    tree.strip_tags(["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg"])
    root = tree.css_first("article") or tree.css_first("main") or tree.body
    paragraphs = [" ".join(p.text().split()) for p in root.css("p")] if root is not None else []
    text = "\n\n".join(p for p in paragraphs if p)
    if not text and root is not None:
        text = "\n".join(line.strip() for line in root.text(separator="\n").splitlines() if line.strip())
    meta = {}
    for key, selector in (("published", "meta[property='article:published_time']"), ("url", "link[rel='canonical']"),
                          ("source", "meta[property='og:site_name']")):
        node = tree.css_first(selector)
        if node is not None:
            meta[key] = node.attributes.get("content") or node.attributes.get("href") or ""
    try:
        yield make_article({"title": title, "text": text, **meta}, origin)
    except BadArticle as err:
        yield LoadError(origin, str(err))


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
    )


def headline(text: str) -> str:
    """The first line of an untitled text when it reads like a headline: short, not a sentence, more text after it."""
    first, _, rest = text.strip().partition("\n")
    first = " ".join(first.split())
    if not rest.strip() or len(first) > HEADLINE_CHARS or first.endswith((".", ",", ";", ":")):
        return ""
    return first


def normalise_date(value: str) -> str:
    """ISO date (YYYY-MM-DD) of a date in any common format; "" when there is none or it cannot be read."""
    if not value:
        return ""
    if re.fullmatch(r"\d{9,13}(\.\d+)?", value):  # Unix time in seconds or milliseconds
        seconds = float(value) / (1000 if len(value.split(".")[0]) > 11 else 1)
        return datetime.fromtimestamp(seconds).date().isoformat()
    try:
        parsed = dateparser.parse(value, default=datetime(2000, 1, 1))
    except (ValueError, OverflowError):
        return ""
    return parsed.date().isoformat() if isinstance(parsed, datetime | date) else ""


def content_id(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def content_hash(article: Article) -> str:
    fields = (article.title, article.text, article.source, article.published, article.url)
    return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)
