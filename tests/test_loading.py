"""Reading articles from each input format, and clear messages for bad input."""

import json

import pytest

from components.loading import LoadError, content_id, iter_articles, normalise_date, read_bytes
from components.records import Article


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
