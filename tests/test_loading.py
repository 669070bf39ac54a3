"""Reading articles from each input format, and clear messages for bad input."""

import csv
import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace

import pyarrow as pa
import pytest

from components.articles import content_hash, content_id, normalise_date
from components.loading import LoadError, iter_articles, read_bytes
from components.records import Article
from tests.conftest import ROOT


def load(tmp_path, name, content: bytes | str):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    items = list(iter_articles([path]))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, LoadError)]


def test_txt_title_dateline_and_source(tmp_path):
    articles, errors = load(tmp_path, "a.txt", "Putin meets Netanyahu\n\nMoscow (AFP) – Talks began on Thursday.\n")
    assert errors == []
    [article] = articles
    assert article.title == "Putin meets Netanyahu"
    assert article.text == "Moscow (AFP) – Talks began on Thursday."
    assert (article.dateline, article.source) == ("Moscow", "AFP")
    assert article.article_id == content_id(article.text)


@pytest.mark.parametrize(
    "opening, place, source",
    [
        ("WASHINGTON (Reuters) - ", "WASHINGTON", "Reuters"),
        ("NEW YORK, March 3 (Reuters) - ", "NEW YORK", "Reuters"),
        ("Gaza City (AFP) — ", "Gaza City", "AFP"),
        ("The minister (right) - ", "", ""),
    ],
)
def test_dateline_forms(opening, place, source):
    [article] = read_bytes(f"Title\n{opening}Something happened here.".encode(), "x.txt")
    assert (article.dateline, article.source) == (place, source)


def test_jsonl_fields_ids_and_bad_lines(tmp_path):
    lines = [
        json.dumps({"id": 7, "title": "A", "text": "First text.", "source": "AP", "published": "March 3, 1987",
                    "url": "https://example.org/a", "extra": [1, 2]}),
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps({"id": "b", "text": ""}),
        json.dumps({"id": "c", "text": ["wrong", "type"]}),
        json.dumps(["not", "an", "object"]),
        "",
        json.dumps({"text": "Second text."}),
    ]
    articles, errors = load(tmp_path, "a.jsonl", "\n".join(lines))
    assert [(a.article_id, a.title, a.source, a.published, a.url) for a in articles] == [
        ("7", "A", "AP", "1987-03-03", "https://example.org/a"),
        (content_id("Second text."), "", "", "", ""),
    ]
    assert [e.origin.rsplit(":", 1)[1] for e in errors] == ["2", "3", "4", "5", "6"]
    assert "invalid JSON" in errors[0].message
    assert "missing 'text'" in errors[1].message
    assert "empty 'text'" in errors[2].message
    assert "must be a string" in errors[3].message
    assert "JSON object" in errors[4].message


def test_json_array_and_single_object(tmp_path):
    articles, errors = load(tmp_path, "a.json", json.dumps([{"id": "x", "text": "One."}, {"id": "y", "text": "Two."}]))
    assert [a.article_id for a in articles] == ["x", "y"] and errors == []
    articles, errors = load(tmp_path, "b.json", json.dumps({"id": "z", "text": "Three."}))
    assert [a.article_id for a in articles] == ["z"] and errors == []


def test_csv_columns_and_empty_rows(tmp_path):
    content = (
        'id,Title,text,published\n1,First,"Quoted, with comma.",2019-09-12\n2,Empty,,\n3,Third,"Line one\nline two",\n'
    )
    articles, errors = load(tmp_path, "a.csv", content)
    assert [(a.article_id, a.title, a.text, a.published) for a in articles] == [
        ("1", "First", "Quoted, with comma.", "2019-09-12"),
        ("3", "Third", "Line one\nline two", ""),
    ]
    assert [(e.origin.rsplit(":", 1)[1], e.message) for e in errors] == [("3", "empty 'text'")]


def test_csv_without_text_column(tmp_path):
    articles, errors = load(tmp_path, "a.csv", "id,body\n1,hello\n")
    assert articles == []
    assert "no 'text' column" in errors[0].message and errors[0].origin.endswith("a.csv")


def test_csv_broken_quoting_keeps_rows_before(tmp_path):
    articles, errors = load(tmp_path, "a.csv", 'id,text\n1,"fine text"\n2,"broken "quote" here\n')
    assert [a.article_id for a in articles] == ["1"]
    assert "broken CSV quoting" in errors[0].message


def test_html_main_text(tmp_path):
    html = """<html><head><title>Page title</title><meta property="og:site_name" content="Daily Example">
    <meta property="article:published_time" content="2020-01-05T08:00:00Z"></head>
    <body><nav><p>Menu item</p></nav><article><h1>Headline</h1><p>First paragraph.</p>
    <script>alert(1)</script><p>Second   paragraph.</p></article><footer><p>Copyright</p></footer></body></html>"""
    [article], errors = load(tmp_path, "a.html", html)
    assert errors == []
    assert article.text == "First paragraph.\n\nSecond paragraph."
    assert (article.title, article.source, article.published) == ("Page title", "Daily Example", "2020-01-05")


def test_binary_and_unsupported_and_missing(tmp_path):
    _, errors = load(tmp_path, "a.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert "binary" in errors[0].message
    _, errors = load(tmp_path, "a.pdf", "whatever")
    assert "unsupported file type .pdf" in errors[0].message
    [error] = iter_articles([tmp_path / "nope.txt"])
    assert error.message == "no such file or folder"


def test_latin1_is_read_with_a_warning(tmp_path):
    articles, errors = load(tmp_path, "a.txt", "Caf\xe9\nLe caf\xe9 est ouvert.".encode("latin-1"))
    assert articles[0].text == "Le café est ouvert."
    assert errors[0].message.startswith("warning: not valid UTF-8")


def test_bom_and_crlf(tmp_path):
    articles, errors = load(tmp_path, "a.txt", "\ufeffTitle\r\nBody line.\r\n".encode())
    assert errors == [] and (articles[0].title, articles[0].text) == ("Title", "Body line.")


def test_folders_are_walked_recursively(tmp_path):
    (tmp_path / "sub" / ".hidden").mkdir(parents=True)
    (tmp_path / "a.txt").write_text("A\nText a.")
    (tmp_path / "sub" / "b.jsonl").write_text(json.dumps({"text": "Text b."}))
    (tmp_path / "sub" / ".hidden" / "c.txt").write_text("C\nText c.")
    (tmp_path / "sub" / "notes.md").write_text("ignored")
    assert sorted(a.text for a in iter_articles([tmp_path])) == ["Text a.", "Text b."]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2019-09-12", "2019-09-12"),
        ("12 September 2019", "2019-09-12"),
        ("Sep 12, 2019 10:30 AM", "2019-09-12"),
        ("2019-09-12T10:30:00+02:00", "2019-09-12"),
        ("26-FEB-1987 15:01:01.79", "1987-02-26"),
        # a wire's control characters, escaped, and routing letters after the date (Reuters-21578)
        ("27-MAR-1987 00:02:59.13&#5;&#5;&#5;RM", "1987-03-27"),
        ("27-MAR-1987 00:03:35.68\x05\x05F", "1987-03-27"),
        ("Thu, 12 Sep 2019 10:30:00 GMT", "2019-09-12"),
        ("not a date", ""),
        ("", ""),
    ],
)
def test_dates_are_normalised(value, expected):
    assert normalise_date(value) == expected


def test_gzipped_files_are_read(tmp_path):
    import gzip

    lines = b'{"id": "g1", "text": "Zipped one."}\n{"id": "g2", "text": "Two."}'
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(lines))
    (tmp_path / "b.csv.gz").write_bytes(gzip.compress(b"id,text\nc1,Zipped row.\n"))
    (tmp_path / "c.jsonl.gz").write_bytes(b"not gzip at all")
    items = list(iter_articles([tmp_path]))
    assert [a.article_id for a in items if isinstance(a, Article)] == ["g1", "g2", "c1"]
    [error] = [e for e in items if isinstance(e, LoadError)]
    assert error.origin.endswith("c.jsonl.gz") and "cannot read file" in error.message


def test_a_latin1_line_in_json_lines_is_read_with_a_warning(tmp_path):
    utf8 = '{"id": "u", "text": "caf\u00e9 in UTF-8"}\n'.encode()
    content = utf8 + '{"id": "l", "text": "caf\xe9"}\n'.encode("latin-1")
    articles, errors = load(tmp_path, "mixed.jsonl", content)
    assert [a.text for a in articles] == ["café in UTF-8", "café"]
    assert "line 2" in errors[0].message and errors[0].message.startswith("warning")


def test_html_entities_in_titles_are_decoded_but_texts_kept(tmp_path):
    articles, _ = load(tmp_path, "a.jsonl", json.dumps({"title": "&#163;1.8m fine &amp; more", "text": "A &amp; B"}))
    assert (articles[0].title, articles[0].text) == ("£1.8m fine & more", "A &amp; B")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("FED WEEKLY REPORT - FEB 26\n    Two weeks ended Feb 25, reserves rose.", "FED WEEKLY REPORT - FEB 26"),
        ("Showers continued throughout the week in the Bahia cocoa zone.\nArrivals were late.", ""),
        ("A single line with no text after it", ""),
        ("x" * 130 + "\nMore text.", ""),
    ],
)
def test_an_untitled_text_takes_its_first_line_as_title_when_it_reads_like_one(tmp_path, text, title):
    articles, _ = load(tmp_path, "a.jsonl", json.dumps({"id": "a", "text": text}))
    assert articles[0].title == title
    assert articles[0].text == text  # offsets into the text stay as they were
    given, _ = load(tmp_path, "b.jsonl", json.dumps({"id": "b", "title": "Given", "text": text}))
    assert given[0].title == "Given"


def test_a_txt_article_over_the_length_limit_is_an_error_not_a_crash(tmp_path, monkeypatch):
    import components.articles as articles

    monkeypatch.setattr(articles, "MAX_ARTICLE_CHARS", 1000)
    articles, errors = load(tmp_path, "long.txt", "A title\n" + "word " * 300)
    assert articles == [] and "longer than the 1,000" in errors[0].message


@pytest.mark.parametrize("name, deep", [
    ("deep.json", "[" * 100_000 + "]" * 100_000),
    ("deep.jsonl", json.dumps({"id": "ok", "text": "Fine."}) + "\n" + '{"a":' * 100_000 + "1" + "}" * 100_000),
])
def test_deeply_nested_json_is_an_error_not_a_crash(tmp_path, name, deep):
    articles, errors = load(tmp_path, name, deep)
    assert [e.message for e in errors] == ["JSON nested too deeply to read"]
    assert [a.article_id for a in articles] == (["ok"] if name.endswith("l") else [])
    assert errors[0].origin.endswith(":2" if name.endswith("l") else name)


def test_a_lone_surrogate_is_an_error_naming_the_field(tmp_path):
    lines = ['{"id": "s1", "text": "Bad \\ud800 text."}', '{"id": "s2", "title": "\\udc00", "text": "Fine text."}',
             '{"id": "s3", "text": "A pair \\ud83d\\ude00 is fine."}']
    articles, errors = load(tmp_path, "s.jsonl", "\n".join(lines))
    assert [a.article_id for a in articles] == ["s3"] and articles[0].text == "A pair \U0001F600 is fine."
    assert [(e.origin.rsplit(":", 1)[1], e.message.split(" (")[0]) for e in errors] == [
        ("1", "'text' holds a lone surrogate"), ("2", "'title' holds a lone surrogate")]
    assert "'\\ud800' at character 4" in errors[0].message


def test_a_file_past_the_size_limit_is_refused_before_it_is_decompressed_whole(tmp_path, monkeypatch):
    import gzip
    import tracemalloc

    import components.loading as loading

    monkeypatch.setattr(loading, "MAX_FILE_BYTES", 4 * 2**20)
    with gzip.open(tmp_path / "bomb.txt.gz", "wb") as f:  # 64 MB of text in about 64 KB
        for _ in range(64):
            f.write(b"a" * 2**20)
    tracemalloc.start()
    try:
        items = list(iter_articles([tmp_path / "bomb.txt.gz"]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [str(e).split(": ", 1)[1] for e in items] == [
        "larger than 4 MB once decompressed; only .jsonl files (one article a line) may be larger: split it or "
        "convert it"]
    assert peak < 16 * 2**20


def test_json_lines_that_decompress_like_a_bomb_or_run_without_end_are_cut_short(tmp_path, monkeypatch):
    import gzip

    import components.loading as loading

    monkeypatch.setattr(loading, "MAX_FILE_BYTES", 2**20)
    monkeypatch.setattr(loading, "MAX_LINE_BYTES", 2**16)
    good = json.dumps({"id": "g", "text": "Fine."}).encode() + b"\n"
    with gzip.open(tmp_path / "bomb.jsonl.gz", "wb") as f:
        f.write(good + b" \n" * 2**22)
    (tmp_path / "long.jsonl").write_bytes(good + b'{"text": "' + b"x" * 2**18 + b'"}\n' + good.replace(b'"g"', b'"h"'))
    bomb = list(iter_articles([tmp_path / "bomb.jsonl.gz"]))
    assert [a.article_id for a in bomb if isinstance(a, Article)] == ["g"]
    assert "decompression bomb" in bomb[-1].message
    long = list(iter_articles([tmp_path / "long.jsonl"]))
    assert [a.article_id for a in long if isinstance(a, Article)] == ["g", "h"]
    [error] = [e for e in long if isinstance(e, LoadError)]
    assert error.origin.endswith("long.jsonl:2") and "line longer than" in error.message


def test_a_truncated_gz_says_how_far_it_got(tmp_path):
    import gzip

    lines = "\n".join(json.dumps({"id": f"t{i}", "text": f"Text number {i} " * 20}) for i in range(300)).encode()
    (tmp_path / "cut.jsonl.gz").write_bytes(gzip.compress(lines)[:-2000])
    rows = b"".join(b"c%d,Text %d.\n" % (i, i * i) for i in range(50_000))
    (tmp_path / "cut.csv.gz").write_bytes(gzip.compress(b"id,text\n" + rows)[:-200])
    items = list(iter_articles([tmp_path / "cut.jsonl.gz"]))
    read = [a for a in items if isinstance(a, Article)]
    assert 0 < len(read) < 300
    assert f"cannot read file after line {len(read)} (the lines before were read)" in items[-1].message
    [error] = iter_articles([tmp_path / "cut.csv.gz"])
    assert error.message.startswith("cannot read file after ") and "bytes; nothing of it was ingested" in error.message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_files_with_a_byte_order_mark_are_read(tmp_path, encoding):
    bom = "\ufeff" if encoding.endswith("-be") else ""  # the plain codecs write one themselves
    for name, content in (("a.txt", "Caf\u00e9 title\nThe caf\u00e9 in Z\u00fcrich reopened."),
                          ("b.jsonl", json.dumps({"id": "b", "text": "Z\u00fcrich news."}) + "\n"),
                          ("c.csv", "id,text\nc,Z\u00fcrich row.\n")):
        articles, errors = load(tmp_path, name, (bom + content).encode(encoding))
        assert errors == [] and len(articles) == 1 and "Z\u00fcrich" in articles[0].text


@pytest.mark.parametrize("name, content", [("e.json", ""), ("e.jsonl", ""), ("w.jsonl", "\n \n"), ("l.json", "[]"),
                                           ("h.csv", "id,text\n")])
def test_a_file_without_articles_is_reported(tmp_path, name, content):
    articles, errors = load(tmp_path, name, content)
    assert articles == [] and [e.message for e in errors] == ["no articles in this file (is it empty?)"]


def test_json_errors_read_well(tmp_path):
    _, errors = load(tmp_path, "a.jsonl", '{"text": "unterminated\n{"text" 1}\n')
    assert [e.message for e in errors] == ["invalid JSON (Unterminated string starting at: column 10)",
                                           "invalid JSON (Expecting ':' delimiter: column 9)"]


def test_csv_errors_name_the_first_line_of_the_record(tmp_path):
    content = 'id,text\n1,"Fine."\n\n2,"\n\n"\n3,"Also\nfine."\n4,"broken "quote\n'
    articles, errors = load(tmp_path, "a.csv", content)
    assert [a.article_id for a in articles] == ["1", "3"]
    assert [(e.origin.rsplit(":", 1)[1], e.message.split(" (")[0]) for e in errors] == [
        ("4", "empty 'text'"), ("9", "broken CSV quoting")]


@pytest.mark.parametrize("value", ["May", "Monday", "12:30", "-1", "Sept 12", "3/4"])
def test_a_date_without_a_year_is_no_date(value):
    assert normalise_date(value) == ""


def test_a_published_value_that_is_not_a_date_gives_a_warning(tmp_path):
    articles, errors = load(tmp_path, "d.jsonl", "\n".join(json.dumps(a) for a in [
        {"id": "a", "text": "One.", "published": "May"}, {"id": "b", "text": "Two.", "published": "May 2019"}]))
    assert [(a.article_id, a.published) for a in articles] == [("a", ""), ("b", "2019-05-01")]
    assert [(e.origin.rsplit(":", 1)[1], e.message) for e in errors] == [
        ("1", "warning: 'published' 'May' is not a date with a year; stored without a date")]


LIST_ARTICLES = """
import sys
from components.loading import iter_articles
for item in iter_articles(sys.argv[1:]):
    print(getattr(item, "article_id", None) or item)
"""


def without_root_powers(command: list[str]) -> list[str]:
    """The command, run so that file permissions hold for it: root reads every folder unless it gives that up."""
    if os.geteuid() != 0:
        return command
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: permissions cannot be made to hold")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]


def test_an_unreadable_folder_is_reported(tmp_path):
    (tmp_path / "in" / "locked").mkdir(parents=True)
    (tmp_path / "in" / "a.jsonl").write_text(json.dumps({"id": "a", "text": "Readable."}))
    (tmp_path / "in" / "locked" / "b.jsonl").write_text(json.dumps({"id": "b", "text": "Hidden away."}))
    (tmp_path / "in" / "locked").chmod(0)
    try:
        listed = subprocess.run(without_root_powers([sys.executable, "-c", LIST_ARTICLES, str(tmp_path / "in")]),
                                cwd=ROOT, capture_output=True, text=True, check=True).stdout.splitlines()
    finally:
        (tmp_path / "in" / "locked").chmod(0o755)
    assert listed == ["a", f"{tmp_path / 'in' / 'locked'}: cannot read folder: Permission denied; skipped"]


# -- metadata: a record's other short fields -----------------------------------------------------------------------
def test_json_lines_keep_short_fields_as_metadata_and_leave_out_texts_and_objects(tmp_path):
    record = {"id": "a", "text": "Body.", "title": "T", "category": "business", "section": " World  news ",
              "authors": ["Ann Lee", "Bo Ma", "Ann Lee"], "page": 7, "score": 0.5, "paywall": False,
              "summary": "word " * 100, "image": {"url": "https://example.org/x.jpg"}, "keywords": ["k"] * 21,
              "mixed": ["ok", {"no": 1}], "empty": "", "none": None, "ids": [1, 2]}
    [article], errors = load(tmp_path, "a.jsonl", json.dumps(record))
    assert errors == []
    assert article.metadata == {"category": ("business",), "section": ("World news",), "authors": ("Ann Lee", "Bo Ma"),
                                "page": ("7",), "score": ("0.5",), "paywall": ("false",), "ids": ("1", "2")}


def test_json_and_csv_keep_extra_fields_too(tmp_path):
    [one, two], _ = load(tmp_path, "a.json", json.dumps([{"text": "One.", "category": "sport"},
                                                        {"text": "Two.", "Language": "de"}]))
    assert (one.metadata, two.metadata) == ({"category": ("sport",)}, {"Language": ("de",)})
    content = 'id,Category,text,Author,empty\n1,tech,"Body, one.",Ann,\n2,,Body two.,,\n'
    [first, second], errors = load(tmp_path, "a.csv", content)
    assert errors == []
    assert first.metadata == {"category": ("tech",), "author": ("Ann",)}  # CSV headers are read lower-cased
    assert second.metadata == {}


def test_html_meta_tags_become_metadata(tmp_path):
    html = """<html lang="en-GB"><head><title>T</title><meta property="article:section" content="Politics">
    <meta name="author" content="Ann Lee"><meta property="article:tag" content="Brexit">
    <meta property="article:tag" content="EU"></head><body><p>Some text here.</p></body></html>"""
    [article], _ = load(tmp_path, "a.html", html)
    assert article.metadata == {"section": ("Politics",), "author": ("Ann Lee",), "tags": ("Brexit", "EU"),
                                "language": ("en-GB",)}


def test_the_content_hash_of_an_article_without_metadata_is_unchanged_and_metadata_changes_it():
    import hashlib

    article = Article("a", "Title", "Text.", source="AP", published="2020-01-02", url="https://example.org")
    # The hash stores written before metadata was kept hold: a re-ingest of their files finds nothing to do.
    before = hashlib.sha256("\x1f".join(["Title", "Text.", "AP", "2020-01-02", "https://example.org"]).encode())
    assert content_hash(article) == before.hexdigest()
    tagged = replace(article, metadata={"category": ("tech",)})
    assert content_hash(tagged) != content_hash(article)
    assert content_hash(tagged) != content_hash(replace(article, metadata={"category": ("sport",)}))
    assert content_hash(tagged) == content_hash(replace(article, metadata={"category": ("tech",)}))


def test_metadata_is_stored_exported_and_read_as_null_from_an_older_batch(tmp_path, monkeypatch):
    from components import schema
    from components.export import export_store
    from components.store import Store

    store = Store(tmp_path / "store")
    old = schema.SCHEMAS["articles"]
    # A batch written before the column existed.
    monkeypatch.setitem(schema.SCHEMAS, "articles", pa.schema([f for f in old if f.name != "metadata"]))
    store.write_batch({"articles": [{"article_id": "old", "content_hash": "h1", "title": "Old", "text": "Old."}]})
    monkeypatch.setitem(schema.SCHEMAS, "articles", old)
    store.write_batch({"articles": [
        {"article_id": "new", "content_hash": "h2", "title": "New", "text": "New.",
         "metadata": {"category": ("tech",), "tags": ("=b", "a")}},
        {"article_id": "bare", "content_hash": "h3", "title": "Bare", "text": "Bare.", "metadata": {}}]})
    stored = dict(store.connect().execute("SELECT article_id, metadata FROM articles").fetchall())
    assert stored == {"old": None, "new": {"category": ["tech"], "tags": ["=b", "a"]}, "bare": None}
    export_store(store, tmp_path / "out")
    with (tmp_path / "out" / "articles.csv").open(newline="", encoding="utf-8") as f:
        rows = {r["article_id"]: r for r in csv.DictReader(f)}
    assert list(rows["new"])[-3:] == ["meta_category", "meta_tags", "text"]
    assert (rows["new"]["meta_category"], rows["new"]["meta_tags"]) == ("tech", "=b; a")
    assert rows["old"]["meta_category"] == rows["bare"]["meta_tags"] == ""
    export_store(store, tmp_path / "safe", spreadsheet_safe=True)
    with (tmp_path / "safe" / "articles.csv").open(newline="", encoding="utf-8") as f:
        assert {r["article_id"]: r["meta_tags"] for r in csv.DictReader(f)}["new"] == "'=b; a"
