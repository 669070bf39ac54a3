"""The Parquet store read through DuckDB: current rows, newest version wins, corpus-wide names."""

import os
import uuid

import fsspec
import pytest

from components.export import export_store
from components.store import Store


def person(article_id, name, n=1):
    return [{"article_id": article_id, "entity": name, "label": "PERSON", "text": name, "start_char": 0,
             "end_char": len(name)}] * n


def article(article_id, content_hash="h"):
    return {"article_id": article_id, "content_hash": content_hash, "title": "", "text": "x", "n_words": 1}


def test_an_empty_store_has_empty_tables(tmp_path):
    con = Store(tmp_path / "none").connect()
    for table in ("articles", "entities", "quotes", "countries"):
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)


def test_a_new_connection_sees_batches_committed_since_and_the_version_changes(tmp_path):
    store = Store(tmp_path)
    store.write_batch({"articles": [article("a")]})
    con = store.connect()
    version = store.version()
    store.write_batch({"articles": [article("b")]})
    # A connection reads the batches it found (it has checked them); the version tells a reader to connect again.
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (1,)
    assert store.connect().execute("SELECT count(*) FROM articles").fetchone() == (2,)
    assert store.version() != version


def test_the_newest_version_of_an_article_wins(tmp_path):
    store = Store(tmp_path)
    store.write_batch({"articles": [article("a", "old")], "entities": person("a", "Old Name")})
    store.write_batch({"articles": [article("a", "new")], "entities": person("a", "New Name")})
    con = store.connect()
    assert con.execute("SELECT content_hash FROM articles").fetchall() == [("new",)]
    assert con.execute("SELECT entity FROM entities").fetchall() == [("New Name",)]


def test_a_surname_takes_the_full_name_the_corpus_uses(tmp_path):
    store = Store(tmp_path)
    store.write_batch({
        "articles": [article(a) for a in "abc"],
        "entities": person("a", "Vladimir Putin", 3) + person("b", "Putin", 2)
        + person("a", "Boris Johnson", 2) + person("b", "Dustin Johnson", 2) + person("c", "Johnson"),
        "quotes": [{"article_id": "b", "quote": "We agree", "speaker": "Putin", "speaker_text": "Putin",
                    "cue": "said", "start_char": 0, "end_char": 8}],
    })
    con = store.connect()
    counts = dict(con.execute("SELECT entity, count(*) FROM entities GROUP BY entity").fetchall())
    # "Johnson" stays as written: two full names are equally common.
    assert counts == {"Vladimir Putin": 5, "Boris Johnson": 2, "Dustin Johnson": 2, "Johnson": 1}
    assert con.execute("SELECT speaker FROM quotes").fetchall() == [("Vladimir Putin",)]


def test_missing_text_fields_are_stored_as_empty_strings(tmp_path):
    store = Store(tmp_path)
    store.write_batch({"articles": [{"article_id": "a", "content_hash": "h", "text": "x", "source": None}]})
    row = store.connect().execute("SELECT title, source, url, dateline, published FROM articles").fetchone()
    assert row == ("", "", "", "", None)


def test_every_file_of_a_batch_is_on_disk_before_the_batch_is_committed(tmp_path, monkeypatch):
    events = []
    real_fsync, real_rename = os.fsync, os.rename

    def fsync(fd):
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def rename(src, dst):
        events.append(("rename", str(src)))
        real_rename(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "rename", rename)
    store = Store(tmp_path)
    batch_id = store.write_batch({"articles": [article("a")]})
    [(commit, staged)] = [(i, path) for i, (kind, path) in enumerate(events) if kind == "rename"]
    assert staged.startswith(f"{store.staging}/{batch_id}.")
    synced = {path for kind, path in events[:commit] if kind == "fsync"}
    for table in ("articles", "entities", "quotes", "countries"):
        assert f"{staged}/{table}.parquet" in synced
    assert staged in synced  # the folder entries too


def test_a_file_url_is_the_local_folder(tmp_path):
    Store(tmp_path).write_batch({"articles": [article("a")]})
    store = Store(f"file://{tmp_path}")
    assert store.local and store.root == tmp_path
    assert store.known_hashes() == {"a": "h"}


@pytest.fixture
def memory_store():
    """A store at a URL of fsspec's in-memory filesystem, standing in for an object store."""
    root = f"memory://newsscope-{uuid.uuid4().hex}"
    yield Store(root)
    fsspec.filesystem("memory").rm(root, recursive=True)


def test_a_url_store_stages_commits_and_reads_like_a_folder(memory_store):
    store = memory_store
    assert not store.local and store.batch_ids() == [] and store.known_hashes() == {}
    with store.writer_lock():
        first = store.write_batch({"articles": [article("a", "old"), article("b")], "entities": person("a", "Ann Lee")})
        attempt = store.stage({}, "staged-only")  # a task whose partition was never committed
        assert store.fs.exists(f"{store.staging}/{attempt}")
        second = store.write_batch({"articles": [article("a", "new")], "entities": person("a", "Bo Chen")})
    assert not store.fs.exists(store.staging)  # the lock's end clears what was never committed
    assert store.batch_ids() == sorted([first, second])
    assert store.known_hashes() == {"a": "new", "b": "h"}
    con = store.connect()
    assert con.execute("SELECT entity FROM entities").fetchall() == [("Bo Chen",)]
    assert store.connect(con) is con  # connected again, as a reader does to see later batches


def test_a_url_store_leaves_a_damaged_batch_out(memory_store):
    store = memory_store
    store.write_batch({"articles": [article("a", "old")]})
    bad = store.write_batch({"articles": [article("a", "new")]})
    store.fs.rm(store.batch_file(bad, "quotes"))
    assert [d.batch_id for d in store.damaged_batches()] == [bad]
    assert store.known_hashes() == {"a": "old"}


def test_a_url_store_gives_the_dashboards_snapshot_and_the_export_of_a_folder(memory_store, tmp_path):
    from components.snapshot import Snapshot
    from tests.conftest import DEMO_ARTICLES, demo_rows

    folder = Store(tmp_path / "folder")
    for store in (folder, memory_store):
        store.write_batch(demo_rows(DEMO_ARTICLES[:3]))
    snap = Snapshot.load(memory_store)
    for store in (folder, memory_store):
        store.write_batch(demo_rows(DEMO_ARTICLES[2:]))
    snap = Snapshot.load(Store(memory_store.root), previous=snap)  # the new batch added, as the dashboard does
    assert snap.one("SELECT count(*) FROM articles")[0] == len(DEMO_ARTICLES)
    article_id, batch_id = snap.one("SELECT article_id, batch_id FROM articles WHERE article_id = 'dw-merkel'")
    assert snap.read_text(article_id, batch_id).startswith("Angela Merkel warned")
    export_store(memory_store, tmp_path / "url")
    export_store(folder, tmp_path / "local")
    for name in ("articles.csv", "entities.csv", "quotes.csv", "countries.csv"):
        assert (tmp_path / "url" / name).read_text() == (tmp_path / "local" / name).read_text()


def test_export_command_reads_a_url_store(memory_store, tmp_path):
    from components.cli import main

    memory_store.write_batch({"articles": [article("a"), article("b")], "entities": person("a", "Ann Lee")})
    assert main(["export", "--store", str(memory_store.root), "--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "entities.csv").read_text().splitlines()[1].startswith("a,Ann Lee,PERSON")
