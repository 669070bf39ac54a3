"""Compaction: runs of small batches merged into one, the same rows before and after, readers never disturbed."""

import threading
import time

import pyarrow.parquet as pq

from components import compaction
from components.cli import main
from components.compaction import compact, needs_compaction
from components.export import export_store
from components.snapshot import Snapshot
from components.store import Store
from tests.conftest import DEMO_ARTICLES, demo_rows


def one_batch_per_article(store: Store) -> None:
    """Each demo article its own batch, then a changed version of the first, so newest-wins matters."""
    for article in DEMO_ARTICLES:
        store.write_batch(demo_rows([article]))
    changed = {**DEMO_ARTICLES[0], "title": "Changed headline"}
    store.write_batch(demo_rows([changed]))


def exported(store: Store, out) -> dict[str, str]:
    export_store(store, out)
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir())}


def test_compaction_keeps_the_rows_and_merges_the_batches(tmp_path):
    store = Store(tmp_path / "store")
    one_batch_per_article(store)
    before = exported(store, tmp_path / "before")
    assert "Changed headline" in before["articles.csv"]
    report = compact(store)
    assert (report.before, report.after, report.merged) == (len(DEMO_ARTICLES) + 1, 1, len(DEMO_ARTICLES) + 1)
    assert exported(store, tmp_path / "after") == before
    assert not (store.root / "_compacted").exists()


def test_a_large_batch_and_a_damaged_one_break_the_runs(tmp_path, monkeypatch):
    monkeypatch.setattr(compaction, "SMALL_ARTICLES", 2)
    store = Store(tmp_path / "store")
    store.write_batch(demo_rows(DEMO_ARTICLES[:1]))
    store.write_batch(demo_rows(DEMO_ARTICLES[1:2]))
    large = store.write_batch(demo_rows(DEMO_ARTICLES[:3]))  # 3 articles: large, and newer than the first two
    store.write_batch(demo_rows(DEMO_ARTICLES[3:4]))
    damaged = store.write_batch(demo_rows(DEMO_ARTICLES[4:5]))
    (store.batches / damaged / "quotes.parquet").unlink()
    store.write_batch(demo_rows(DEMO_ARTICLES[4:5]))
    before = exported(store, tmp_path / "before")
    compact(store)
    ids = store.batch_ids()
    assert large in ids and damaged in ids
    assert len(ids) == 5  # [run of 2 merged] large, the lone small batch, damaged, the last one
    assert exported(store, tmp_path / "after") == before


def test_batches_from_before_the_gender_columns_are_conformed(tmp_path):
    store = Store(tmp_path / "store")
    one_batch_per_article(store)
    first = store.batch_ids()[0]
    path = store.batches / first / "entities.parquet"
    pq.write_table(pq.read_table(path).drop_columns(["gender", "gender_evidence"]), path)
    before = exported(store, tmp_path / "before")
    compact(store)
    assert exported(store, tmp_path / "after") == before
    merged = pq.read_table(store.batches / store.batch_ids()[0] / "entities.parquet")
    assert "gender" in merged.column_names


def test_readers_see_the_same_rows_while_a_compaction_runs(tmp_path, monkeypatch):
    store = Store(tmp_path / "store")
    for _ in range(4):
        one_batch_per_article(store)  # the same articles again and again: newest wins
    expected = Snapshot.load(store).one("SELECT count(*), count(DISTINCT title) FROM articles")
    seen, errors, done = [], [], threading.Event()

    def after_a_read(step):
        """The step, a little after the reader has finished one more read: a read between every two steps however
        slow the machine, and steps landing in the middle of reads."""
        def wrapped(*args):
            reads, deadline = len(seen) + len(errors), time.monotonic() + 60
            while len(seen) + len(errors) == reads and time.monotonic() < deadline:
                time.sleep(0.005)
            time.sleep(0.05)
            return step(*args)
        return wrapped

    monkeypatch.setattr(Store, "commit", after_a_read(Store.commit))
    monkeypatch.setattr(compaction, "retire", after_a_read(compaction.retire))

    def read() -> None:
        while not done.is_set():
            try:
                snap = Snapshot.load(Store(store.root))
                seen.append(snap.one("SELECT count(*), count(DISTINCT title) FROM articles"))
            except Exception as err:  # noqa: BLE001 (any failure is the finding)
                errors.append(err)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        compact(store)
    finally:
        done.set()
        reader.join()
    assert not errors
    assert len(seen) >= 2 and set(seen) == {expected}
    assert len(store.batch_ids()) == 1


def test_needs_compaction_counts_small_batches(tmp_path, monkeypatch):
    monkeypatch.setattr(compaction, "AUTO_SMALL_BATCHES", 4)
    store = Store(tmp_path / "store")
    for article in DEMO_ARTICLES[:3]:
        store.write_batch(demo_rows([article]))
    assert not needs_compaction(store)
    store.write_batch(demo_rows(DEMO_ARTICLES[3:4]))
    assert needs_compaction(store)


def test_the_compact_command(tmp_path, capsys):
    store = Store(tmp_path / "store")
    one_batch_per_article(store)
    assert main(["compact", "--store", str(store.root)]) == 0
    assert "6 small batches merged: 6 -> 1 batches" in capsys.readouterr().err
    assert len(Store(store.root).batch_ids()) == 1


def test_compacting_a_compacted_store_changes_nothing(tmp_path):
    store = Store(tmp_path / "store")
    one_batch_per_article(store)
    compact(store)
    ids = store.batch_ids()
    assert compact(store).merged == 0 and store.batch_ids() == ids


def test_an_ingest_compacts_once_small_batches_pile_up(tmp_path, monkeypatch):
    from components.ingest import ingest

    monkeypatch.setattr(compaction, "AUTO_SMALL_BATCHES", 3)
    store = Store(tmp_path / "store")
    for article in DEMO_ARTICLES[:2]:
        store.write_batch(demo_rows([article]))
    (tmp_path / "new.jsonl").write_text('{"id": "n1", "text": "Officials in Paris said the talks would resume."}\n')
    assert ingest([tmp_path / "new.jsonl"], store, workers=1).ok
    assert len(store.batch_ids()) == 1
    with store.connect() as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
