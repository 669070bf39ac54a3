"""Read articles from files: plain text, JSON Lines / JSON, CSV and HTML, alone or in folders.

`iter_articles` yields an `Article` for each good article and a `LoadError` (naming the file and line) for
each bad one, so one bad line never stops the rest of a batch.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from components.articles import MAX_ARTICLE_CHARS, BadArticle, make_article
from components.records import Article

SUPPORTED_SUFFIXES = (".txt", ".jsonl", ".json", ".csv", ".html", ".htm")
MAX_FILE_BYTES = 128 * 2**20  # a file read whole (every format but .jsonl), once decompressed
MAX_LINE_BYTES = 16 * 2**20  # one JSON Lines line: room for the longest article, even with every character escaped
MAX_GZIP_RATIO = 100  # a .jsonl.gz may grow this many times (text gains 3-10x): more is a decompression bomb
# A byte-order mark says the encoding; without one a file is UTF-8 (or, failing that, Windows-1252).
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"))
csv.field_size_limit(1 << 30)


@dataclass(frozen=True)
class LoadError:
    origin: str  # "path" or "path:line"
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


class BadFile(ValueError):
    """A whole file that cannot be read: the message says why and how far reading got."""


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | LoadError]:
    """Files to read: named files as given, folders walked recursively for supported types."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from _walk(path)
        elif path.is_file():
            if file_format(path) in SUPPORTED_SUFFIXES:
                yield path
            else:
                yield LoadError(str(path), f"unsupported file type {file_format(path) or '(none)'}; "
                                           f"use one of {', '.join(SUPPORTED_SUFFIXES)} (or gzipped: .jsonl.gz, ...)")
        else:
            yield LoadError(str(path), "no such file or folder")


def _walk(root: Path) -> Iterator[Path | LoadError]:
    """Supported files under `root`, hidden ones left out; a folder that cannot be listed is reported, not skipped
    in silence (as `Path.rglob` would)."""
    files, unreadable = [], []

    def report(err: OSError) -> None:
        unreadable.append(LoadError(err.filename or str(root), f"cannot read folder: {err.strerror or err}; skipped"))

    for folder, subfolders, names in os.walk(root, onerror=report):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in names:
            path = Path(folder, name)
            if not name.startswith(".") and file_format(path) in SUPPORTED_SUFFIXES and path.is_file():
                files.append(path)
    yield from sorted(files)
    yield from unreadable


def iter_articles(paths: Iterable[str | Path]) -> Iterator[Article | LoadError]:
    for item in iter_files(paths):
        if isinstance(item, LoadError):
            yield item
            continue
        articles = problems = 0
        try:
            for record in _read_file(item):
                if isinstance(record, Article):
                    articles += 1
                elif not record.message.startswith("warning:"):
                    problems += 1
                yield record
        except BadFile as err:
            problems += 1
            yield LoadError(str(item), str(err))
        except Exception as err:  # a reader's bug costs one file, never the whole run
            problems += 1
            done = f" after {articles:,} article(s)" if articles else ""
            yield LoadError(str(item), f"cannot read file{done}: {type(err).__name__}: {err}")
        if not articles and not problems:
            yield LoadError(str(item), "no articles in this file (is it empty?)")


def _read_file(path: Path) -> Iterator[Article | LoadError]:
    if file_format(path) == ".jsonl":
        yield from stream_jsonl(path)
    else:
        yield from read_bytes(_read_whole(path), path.name, str(path))


def _open(path: Path):
    """The file's bytes, decompressed on the fly when it is gzipped."""
    try:
        return gzip.open(path, "rb") if _gzipped(path) else path.open("rb")
    except OSError as err:
        raise BadFile(f"cannot read file: {err.strerror or err}") from err


def _read_whole(path: Path) -> bytes:
    """The whole (decompressed) content, read in blocks so a file past the limit is refused before it fills memory."""
    blocks, size = [], 0
    with _open(path) as f:
        try:
            while block := f.read(1 << 16):
                size += len(block)
                if size > MAX_FILE_BYTES:
                    raise BadFile(f"larger than {MAX_FILE_BYTES >> 20} MB{' once decompressed' * _gzipped(path)}; "
                                  "only .jsonl files (one article a line) may be larger: split it or convert it")
                blocks.append(block)
        except (OSError, EOFError, zlib.error) as err:
            where = f" after {size:,} bytes; nothing of it was ingested" if size else ""
            raise BadFile(f"cannot read file{where}: {getattr(err, 'strerror', None) or err}") from err
    return b"".join(blocks)


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
    origin, warned, number = str(path), False, 0
    limit = max(MAX_FILE_BYTES, MAX_GZIP_RATIO * path.stat().st_size) if _gzipped(path) else None
    with _open(path) as f:
        try:
            if _bom_encoding(f.peek(4)[:4]):  # UTF-16 or UTF-32: lines do not end at a newline byte
                yield from read_bytes(_read_whole(path), path.name, origin)
                return
            while raw := f.readline(MAX_LINE_BYTES + 1):
                number += 1
                if number == 1 and b"\x00" in raw[:8192]:
                    yield LoadError(origin, "looks like a binary file, not text; skipped")
                    return
                if len(raw) > MAX_LINE_BYTES:
                    while raw and not raw.endswith(b"\n"):  # skip the rest of the line without keeping it
                        raw = f.readline(1 << 20)
                    yield LoadError(f"{origin}:{number}", f"line longer than {MAX_LINE_BYTES >> 20} MB, longer than "
                                                          f"an article may be ({MAX_ARTICLE_CHARS:,} characters)")
                    continue
                if limit and f.tell() > limit:
                    yield LoadError(origin, f"decompresses to more than {MAX_GZIP_RATIO} times its size (a "
                                            f"decompression bomb?); the rest of the file after line {number - 1} "
                                            "is skipped")
                    return
                line, note = decode(raw.rstrip(b"\r\n"))
                if note and not warned:
                    warned = True
                    yield LoadError(origin, note.replace("line 1", f"line {number}"))
                yield from _jsonl_line(line, f"{origin}:{number}")
        except (OSError, EOFError, zlib.error) as err:
            where = f"after line {number} (the lines before were read)" if number else "from the start"
            yield LoadError(origin, f"cannot read file {where}: {getattr(err, 'strerror', None) or err}")


def read_bytes(raw: bytes, name: str, origin: str | None = None) -> Iterator[Article | LoadError]:
    """Articles in one file's content; `name` decides the format by its suffix."""
    origin = origin or name
    if not _bom_encoding(raw) and b"\x00" in raw[:8192]:
        yield LoadError(origin, "looks like a binary file, not text; skipped")
        return
    try:
        content, note = decode(raw)
    except UnicodeDecodeError as err:
        yield LoadError(origin, f"not valid {err.encoding.upper()} although its byte-order mark says so; skipped")
        return
    if note:
        yield LoadError(origin, note)  # a warning: the file is still read
    suffix = file_format(Path(name))
    reader = {".txt": read_txt, ".jsonl": read_jsonl, ".json": read_json, ".csv": read_csv,
              ".html": read_html, ".htm": read_html}.get(suffix)
    if reader is None:
        yield LoadError(origin, f"unsupported file type {suffix or '(none)'}")
        return
    yield from reader(content, origin)


def _bom_encoding(raw: bytes) -> str:
    return next((encoding for bom, encoding in BOMS if raw.startswith(bom)), "")


def decode(raw: bytes) -> tuple[str, str]:
    """Text of a file: as its byte-order mark says (UTF-16, UTF-32), else UTF-8 (a BOM is dropped), else
    Windows-1252/Latin-1 with a note saying so."""
    if encoding := _bom_encoding(raw):
        return raw.decode(encoding), ""  # the codec drops the BOM
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
    yield from article_or_error({"title": title.strip(), "text": body}, origin)


def read_jsonl(content: str, origin: str) -> Iterator[Article | LoadError]:
    for number, line in enumerate(content.splitlines(), start=1):
        yield from _jsonl_line(line, f"{origin}:{number}")


def _jsonl_line(line: str, where: str) -> Iterator[Article | LoadError]:
    if not line.strip():
        return
    try:
        obj = parse_json(line)
    except ValueError as err:
        yield LoadError(where, str(err))
        return
    yield from _from_object(obj, where)


def parse_json(text: str):
    """The JSON value in `text`; a ValueError with a readable message when it is not valid or too deep to read."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(f"invalid JSON ({err.msg}: line {err.lineno}, column {err.colno})".replace(
            "line 1, ", "")) from err
    except RecursionError as err:
        raise ValueError("JSON nested too deeply to read") from err
    except ValueError as err:  # e.g. an integer of more than 4,300 digits
        raise ValueError(f"invalid JSON ({err})") from err


def read_json(content: str, origin: str) -> Iterator[Article | LoadError]:
    try:
        obj = json.loads(content)
    except RecursionError:
        yield LoadError(origin, "JSON nested too deeply to read")
        return
    except ValueError:
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
    yield from article_or_error(obj, where)


def read_csv(content: str, origin: str) -> Iterator[Article | LoadError]:
    reader = csv.reader(io.StringIO(content, newline=""), strict=True)
    try:
        fields = next(reader, [])
    except csv.Error as err:
        yield LoadError(f"{origin}:1", f"unreadable CSV header ({err})")
        return
    columns = {f.strip().lower(): i for i, f in enumerate(fields) if f}
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
        if not row:
            continue  # a blank line
        obj = {key: row[i] if i < len(row) else None for key, i in columns.items()}
        yield from article_or_error(obj, f"{origin}:{first_line}")


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
    yield from article_or_error({"title": title, "text": text, **meta, **html_metadata(tree)}, origin)


def html_metadata(tree) -> dict[str, list[str]]:
    """The page's section, author(s), tags (Open Graph article tags, or the author meta tag) and language."""
    found = {}
    for key, selector in (("section", "meta[property='article:section']"),
                          ("author", "meta[property='article:author'], meta[name='author']"),
                          ("tags", "meta[property='article:tag']")):
        values = [node.attributes.get("content") or "" for node in tree.css(selector)]
        found[key] = [v for v in values if v]
    root = tree.css_first("html")
    found["language"] = [root.attributes.get("lang") or ""] if root is not None else []
    return {key: values for key, values in found.items() if any(values)}


def article_or_error(obj: dict, where: str) -> Iterator[Article | LoadError]:
    """The article `obj` describes, after a warning about a date that was given but is not one; or its error."""
    try:
        article = make_article(obj, where)
    except BadArticle as err:
        yield LoadError(where, str(err))
        return
    given = obj.get("published")
    if given not in (None, "") and not article.published:
        yield LoadError(where, f"warning: 'published' {str(given)[:40]!r} is not a date with a year; "
                               "stored without a date")
    yield article


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)
