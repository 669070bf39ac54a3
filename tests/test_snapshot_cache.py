"""The snapshot saved on disk between server starts: reopened it equals a whole load, a start adds the batches
committed since, and a compaction's removed batches make it load the store whole again."""

import gc

import pytest

from components import snapshot_cache
from components.compaction import compact
from components.snapshot import Snapshot
from components.store import Store
from tests.test_snapshot import COMMITS, rows


@pytest.fixture
def whole_loads(monkeypatch):
    """The number of times the store was read whole."""
    calls = []
    load = Snapshot._load.__func__

    def counted(cls, store, path):
        calls.append(path)
        return load(cls, store, path)

    monkeypatch.setattr(Snapshot, "_load", classmethod(counted))
    return calls


def saved(home):
    return sorted(p.name for p in home.glob("*/snap_*.duckdb"))


def test_a_start_opens_the_saved_snapshot_instead_of_loading_the_store(tmp_path, whole_loads):
    store = Store(tmp_path / "store")
    for commit in COMMITS[:3]:
        store.write_batch(commit)
    first = snapshot_cache.load(store, home=tmp_path / "cache")
    assert len(whole_loads) == 1 and len(saved(tmp_path / "cache")) == 1
    again = snapshot_cache.load(store, home=tmp_path / "cache")  # the next server start
    assert len(whole_loads) == 1
    assert again.con is not first.con and again.version == store.version()
    assert rows(again) == rows(first) == rows(Snapshot.load(store))


def test_a_start_adds_the_batches_committed_since_and_saves_them(tmp_path, whole_loads):
    store = Store(tmp_path / "store")
    store.write_batch(COMMITS[0])
    snapshot_cache.load(store, home=tmp_path / "cache")
    before = saved(tmp_path / "cache")
    for commit in COMMITS[1:]:
        store.write_batch(commit)
    started = snapshot_cache.load(store, home=tmp_path / "cache")
    assert len(whole_loads) == 1  # the first start's
    assert started.batch_ids == tuple(store.batch_ids())
    assert rows(started) == rows(Snapshot.load(store))
    after = saved(tmp_path / "cache")
    assert len(after) == 1 and after != before  # the older file is replaced


def test_a_running_server_updates_its_own_copy(tmp_path):
    store = Store(tmp_path / "store")
    store.write_batch(COMMITS[0])
    one = snapshot_cache.load(store, home=tmp_path / "cache")
    other = snapshot_cache.load(store, home=tmp_path / "cache")  # a second server on the same store
    store.write_batch(COMMITS[1])
    updated = snapshot_cache.load(store, previous=one, home=tmp_path / "cache")
    assert updated.con is one.con
    assert other.one("SELECT count(*) FROM articles")[0] == len(COMMITS[0]["articles"])
    assert updated.one("SELECT count(*) FROM articles")[0] == len(COMMITS[0]["articles"]) + 1


def test_a_compaction_makes_the_saved_snapshot_useless(tmp_path, whole_loads):
    store = Store(tmp_path / "store")
    for commit in COMMITS:
        store.write_batch(commit)
    before = snapshot_cache.load(store, home=tmp_path / "cache")
    compact(store)
    after = snapshot_cache.load(store, home=tmp_path / "cache")
    assert len(whole_loads) == 2
    assert after.batch_ids == tuple(store.batch_ids()) and len(after.batch_ids) == 1
    assert rows(after, batches=False) == rows(before, batches=False)
    assert len(saved(tmp_path / "cache")) == 1


def test_a_damaged_batch_is_still_named_after_a_reopen(tmp_path):
    store = Store(tmp_path / "store")
    store.write_batch(COMMITS[0])
    bad = store.write_batch(COMMITS[1])
    (store.batches / bad / "quotes.parquet").unlink()
    snapshot_cache.load(store, home=tmp_path / "cache")
    again = snapshot_cache.load(store, home=tmp_path / "cache")
    assert [(d.batch_id, d.problems) for d in again.damaged] == [(bad, ("quotes.parquet: missing",))]


def test_a_dropped_snapshot_deletes_its_copy(tmp_path):
    store = Store(tmp_path / "store")
    store.write_batch(COMMITS[0])
    snap = snapshot_cache.load(store, home=tmp_path / "cache")
    work = list((tmp_path / "cache").glob("*/work_*.duckdb"))
    assert len(work) == 1
    del snap
    gc.collect()
    assert not work[0].exists()
    assert len(saved(tmp_path / "cache")) == 1


def test_a_reopened_snapshot_takes_one_commit_after_another(tmp_path):
    """Each update reads its batches through a cursor of its own, closed after it: the next update must still find
    the Python functions the name views call (a server follows the store one commit at a time)."""
    store = Store(tmp_path / "store")
    store.write_batch(COMMITS[0])
    snapshot_cache.load(store, home=tmp_path / "cache")
    snap = snapshot_cache.load(store, home=tmp_path / "cache")  # reopened: nothing registered on its connection
    for commit in COMMITS[1:]:
        store.write_batch(commit)
        snap = snapshot_cache.load(store, previous=snap, home=tmp_path / "cache")
        gc.collect()
        assert rows(snap) == rows(Snapshot.load(store))
