"""Whatever users throw at it: arbitrary text never breaks extraction, hostile files never break the store."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components.articles import MAX_ARTICLE_CHARS
from components.ingest import ingest
from components.pipeline import build_nlp, doc_records
from components.store import Store
from tests.conftest import ROOT

QUOTE_MARKS = st.sampled_from(['"', "\u201c", "\u201d", "'", "\u2018", "\u2019", "\u00ab", "\u00bb"])
WORDS = st.sampled_from(["Putin", "said", "he", "Israel", "Israeli", "the", "Kremlin", "Mr.", "Netanyahu", ",", ".",
                         "\n\n", "told", "Georgia", "Washington", "according to", "she", "West Bank", "-", ":"])
NEWSY = st.lists(st.one_of(WORDS, QUOTE_MARKS, st.text(max_size=6)), max_size=80).map(" ".join)


def check_offsets(text):
    doc = build_nlp()(text)
    entities, quotes, countries = doc_records(doc)
    for record in entities + countries:
        assert text[record.start_char:record.end_char] == record.text
    for record in quotes:
        assert text[record.start_char:record.end_char] == record.quote


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), NEWSY))
def test_any_text_extracts_and_every_offset_slices_its_text(text):
    check_offsets(text)


@pytest.mark.parametrize("text", [
    "",
    " \n\t ",
    '"' * 500,
    '"Unbalanced quote that never closes, said Putin.\n\nAnd a new paragraph with "another one',
    "\u201cCurly open\u201d \u201d backwards \u201c quotes\u201d, he said.",
    "'Single quotes', said the minister of the United Kingdom's Foreign Office. 'More' she added.",
    "\u200b\u200d\ufeffZero-width joiners around Israel\u200b.",
    "\U0001F600 emoji in Moscow \U0001F1F7\U0001F1FA said Putin \"\U0001F44D indeed it is\".",
    ("Netanyahu said \"this is long\". " * 3000),
])
def test_edge_texts(text):
    check_offsets(text)


def test_a_long_run_without_whitespace_is_cut_into_short_tokens_and_keeps_its_text():
    """spaCy's tokenizer takes time quadratic in a token's length: a file of 100,000 brackets held an ingest for
    twenty minutes. Such a run is cut into tokens of at most 100 characters; the text stays as it was."""
    text = 'Putin said "we agree on all of it" in Moscow. ' + "[" * 20_000 + "]" * 20_000 + "\n\nThe end, he said."
    doc = build_nlp()(text)
    assert doc.text == text and max(len(t) for t in doc) == 100
    assert [t.text for t in doc[:3]] == ["Putin", "said", '"']
    check_offsets(text)


def test_a_50_mb_article_is_skipped_with_a_message(tmp_path):
    assert 50 * 2**20 > MAX_ARTICLE_CHARS
    (tmp_path / "huge.jsonl").write_text(
        json.dumps({"id": "small", "text": "Officials in Berlin said talks went well."}) + "\n"
        + json.dumps({"id": "huge", "text": "word " * (50 * 2**20 // 5)}) + "\n")
    store = Store(tmp_path / "store")
    report = ingest([tmp_path / "huge.jsonl"], store, workers=1)
    assert report.added == 1
    [error] = report.errors
    assert error.origin.endswith("huge.jsonl:2") and "longer than" in error.message


def test_hostile_files_are_reported_and_the_rest_ingested(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.jsonl").write_text(json.dumps({"id": "good", "text": "Paris was calm, officials said."}))
    (folder / "random.txt").write_bytes(os.urandom(4096) + b"\x00")
    (folder / "latin1.txt").write_bytes("Caf\xe9 news\nThe caf\xe9 in Lyon reopened.".encode("latin-1"))
    (folder / "bom_crlf.csv").write_bytes("\ufeffid,text\r\nbom,\"Rome, Italy: a row with CRLF.\"\r\n".encode())
    (folder / "broken.csv").write_text('id,text\nb1,"ok row"\nb2,"never closed\n')
    (folder / "types.jsonl").write_text('{"id": "t1", "text": 42}\n{"id": {"x": 1}, "text": "Dict id."}\n'
                                        '{"id": "t3", "text": "Fine one in Oslo."}\n')
    store = Store(tmp_path / "store")
    store.write_batch({"articles": [{"article_id": "old", "content_hash": "x", "title": "", "text": "Kept.",
                                     "n_words": 1}]})
    report = ingest([folder], store, workers=1)
    origins = sorted(e.origin.replace(str(folder) + "/", "") for e in report.errors)
    assert origins == ["broken.csv:3", "random.txt", "types.jsonl:1", "types.jsonl:2"]
    assert [w.origin.replace(str(folder) + "/", "") for w in report.warnings] == ["latin1.txt"]
    stored = {a for (a,) in store.connect().execute("SELECT article_id FROM articles").fetchall()}
    assert {"old", "good", "bom", "b1", "t3"} <= stored and len(stored) == 6


KILLABLE_INGEST = """
import sys
import components.ingest as ingest_module
from components.store import Store
ingest_module.COMMIT_ARTICLES = 4
ingest_module.ingest([sys.argv[1]], Store(sys.argv[2]), workers=1)
"""


def test_an_ingest_killed_midway_keeps_what_it_committed_and_a_rerun_completes(tmp_path):
    articles = [{"id": f"k{i}", "text": f"Day {i}: ministers met in Vienna and Prague to talk about trade."}
                for i in range(60)]
    source = tmp_path / "many.jsonl"
    source.write_text("\n".join(map(json.dumps, articles)))
    store = Store(tmp_path / "store")
    process = subprocess.Popen([sys.executable, "-c", KILLABLE_INGEST, str(source), str(store.root)], cwd=ROOT)
    deadline = time.monotonic() + 60
    while len(store.batch_ids()) < 2 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    committed = store.connect().execute("SELECT count(*) FROM articles").fetchone()[0]
    assert 0 < committed < 60, "the kill should land mid-way"
    assert committed % 4 == 0  # whole batches only
    report = ingest([source], store, workers=1)
    assert (report.unchanged, report.added) == (committed, 60 - committed)
    con = store.connect()
    assert con.execute("SELECT count(*), count(DISTINCT article_id) FROM articles").fetchone() == (60, 60)


def test_the_dashboard_shows_articles_an_ingest_commits_while_it_serves(fresh_demo_store, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("NEWSSCOPE_STORE", str(fresh_demo_store.root))
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    articles = {m.label: m.value for m in at.metric}["Articles"]
    # Another process (an ingest) commits a batch while the app is up.
    writer = subprocess.run([sys.executable, "-c", (
        "import sys; from components.store import Store; Store(sys.argv[1]).write_batch({'articles': [{"
        "'article_id': 'late', 'content_hash': 'h', 'title': 'Late news', 'source': 'AP', 'url': '', 'dateline': '',"
        "'text': 'Arrived later.', 'n_words': 2}]})"
    ), str(fresh_demo_store.root)], cwd=ROOT)
    assert writer.returncode == 0
    at.run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Articles"] == str(int(articles) + 1)


def test_one_bad_input_never_aborts_the_run(tmp_path, monkeypatch):
    import components.articles as articles

    monkeypatch.setattr(articles, "MAX_ARTICLE_CHARS", 5000)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.jsonl").write_text(json.dumps({"id": "good", "text": "Officials in Oslo said talks went well."}))
    (folder / "long.txt").write_text("Title\n" + "word " * 2000)
    (folder / "deep.json").write_text("[" * 50_000 + "]" * 50_000)
    (folder / "deep.jsonl").write_text('{"a":' * 50_000 + "1" + "}" * 50_000)
    (folder / "lone.jsonl").write_text('{"id": "lone", "text": "A \\ud800 surrogate."}\n'
                                       '{"id": "fine", "title": "Fine", "text": "Rome was sunny."}')
    store = Store(tmp_path / "store")
    report = ingest([folder], store, workers=1)
    assert sorted(e.origin.replace(f"{folder}/", "") for e in report.errors) == [
        "deep.json", "deep.jsonl:1", "lone.jsonl:1", "long.txt"]
    stored = {a for (a,) in store.connect().execute("SELECT article_id FROM articles").fetchall()}
    assert stored == {"good", "fine"}


# Strings JSON can carry but no file can: lone surrogates ("\ud800").
TEXTS = st.text(max_size=20) | st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3).map("x {} y".format)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXTS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=10)
FIELDS = st.sampled_from(["id", "title", "text", "published", "url", "source"])
RECORD_LIKE = st.dictionaries(FIELDS, JSON_VALUES | st.text(max_size=30), max_size=6)
DEEP = st.integers(1, 50_000).map(lambda depth: b"[" * depth + b"]" * depth)
GOOD_TEXT = st.text(min_size=1, max_size=80).filter(str.strip)
SUFFIXES = st.sampled_from([".txt", ".json", ".jsonl", ".csv", ".html", ".jsonl.gz", ".json.gz", ".csv.gz"])


def as_json(value, ascii_only: bool) -> bytes:
    return json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


@st.composite
def hostile_files(draw):
    """Files of random bytes or random JSON under every supported name, and one JSON Lines file of good articles
    with random lines among them."""
    import gzip

    files = []
    for number in range(draw(st.integers(0, 4))):
        suffix = draw(SUFFIXES)
        content = draw(st.one_of(
            st.binary(max_size=300),
            DEEP,
            st.builds(as_json, st.one_of(JSON_VALUES, RECORD_LIKE, st.lists(RECORD_LIKE, max_size=3)), st.booleans()),
            st.lists(st.builds(as_json, RECORD_LIKE, st.booleans()) | DEEP, max_size=4).map(b"\n".join)))
        if suffix.endswith(".gz") and draw(st.booleans()):
            content = gzip.compress(content)
        files.append((f"f{number}{suffix}", content))
    good = draw(st.lists(st.builds(lambda text, title: {"text": text, "title": title}, GOOD_TEXT, st.text(max_size=30)),
                         min_size=1, max_size=4))
    good = [{"id": f"good-{i}", **article} for i, article in enumerate(good)]
    lines = [as_json(good[0], False)]
    for article in good[1:]:
        lines += draw(st.lists(st.binary(max_size=60).map(lambda b: b.replace(b"\n", b"")), max_size=2))
        lines.append(as_json(article, draw(st.booleans())))
    files.append(("good.jsonl", b"\n".join(lines)))
    return files, good


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(hostile_files())
def test_ingest_never_raises_on_hostile_input_and_stores_every_good_article(case):
    import tempfile
    from pathlib import Path

    files, good = case
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for name, content in files:
            (folder / name).write_bytes(content)
        store = Store(Path(tmp) / "store")
        ingest([folder], store, workers=1)
        stored = dict(store.connect().execute("SELECT article_id, text FROM articles").fetchall())
    assert {a["id"]: stored.get(a["id"]) for a in good} == {a["id"]: a["text"] for a in good}


def run_ingest(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "components.cli", "ingest", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, **kwargs)


def test_an_unwritable_store_is_one_line_not_a_traceback(tmp_path):
    from tests.test_loading import without_root_powers

    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "a", "text": "Oslo was calm."}))
    (tmp_path / "readonly").mkdir(mode=0o555)
    for store in (tmp_path / "readonly" / "store", tmp_path / "readonly"):
        done = subprocess.run(without_root_powers([sys.executable, "-m", "components.cli", "ingest",
                                                   str(tmp_path / "a.jsonl"), "--store", str(store)]),
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert (done.returncode, done.stderr) == (2, f"error: cannot write to the store {store}: Permission denied\n")


def test_a_store_that_cannot_take_a_batch_is_one_line_not_a_traceback(tmp_path):
    import resource

    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "a", "text": "Officials met in Oslo on Monday. " * 9000}))

    def small_files():  # as a full disk does, the file system refuses the Parquet files
        resource.setrlimit(resource.RLIMIT_FSIZE, (64_000, 64_000))

    done = run_ingest([str(tmp_path / "a.jsonl"), "--store", str(tmp_path / "store"), "--workers", "1"],
                      preexec_fn=small_files)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith(f"error: cannot write a batch into the store "
                                                           f"{tmp_path / 'store'}: ")
    assert not Store(tmp_path / "store").batch_ids()
