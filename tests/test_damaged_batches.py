"""A damaged batch (a truncated, missing or corrupt Parquet file) is named and left out; the rest keeps working."""

import pyarrow.parquet as pq
import pytest

from components.cli import main
from components.snapshot import Snapshot
from components.store import Store
from tests.conftest import SEEDS


def article(article_id, content_hash="h", origin=""):
    return {"article_id": article_id, "content_hash": content_hash, "title": f"About {article_id}",
            "text": f"Text of {article_id}. " * 20, "n_words": 1, "origin": origin}


def entity(article_id, name):
    return {"article_id": article_id, "entity": name, "label": "PERSON", "text": name, "start_char": 0,
            "end_char": len(name)}


def quote(article_id, words):
    return {"article_id": article_id, "quote": words, "speaker": "Ann Lee", "speaker_text": "Ann Lee", "cue": "said",
            "start_char": 0, "end_char": len(words)}


def truncate(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def corrupt_the_middle(path):
    """Overwrite bytes inside the text column's dictionary page: the footer stays readable, the data does not."""
    column = pq.read_metadata(path).row_group(0).column(pq.read_schema(path).get_field_index("text"))
    data = bytearray(path.read_bytes())
    start, end = column.dictionary_page_offset + 20, column.data_page_offset
    data[start:end] = b"\xff" * (end - start)
    path.write_bytes(bytes(data))


@pytest.fixture
def two_batches(tmp_path):
    """Batch `good` holds article a; batch `bad` holds b and c (with b's quote) plus a newer version of a."""
    store = Store(tmp_path / "store")
    good = store.write_batch({"articles": [article("a", "a1", "in/a.txt")], "entities": [entity("a", "Ann Lee")]})
    bad = store.write_batch({
        "articles": [article("a", "a2", "in/a.txt"), article("b", origin="in/news.jsonl:1"),
                     article("c", origin="in/news.jsonl:2")],
        "entities": [entity("a", "Bo Chen"), entity("b", "Bo Chen")],
        "quotes": [quote("b", "We agree")],
    })
    return store, good, bad


def ids(con, table="articles"):
    return sorted(a for (a,) in con.execute(f"SELECT DISTINCT article_id FROM {table}").fetchall())


def test_a_truncated_file_leaves_its_batch_out_and_names_it(two_batches):
    store, good, bad = two_batches
    truncate(store.batches / bad / "entities.parquet")
    [damaged] = store.damaged_batches()
    assert damaged.batch_id == bad
    assert "entities.parquet" in str(damaged) and bad in str(damaged)
    con = store.connect()
    # The older version of `a` is what the store holds without the damaged batch, and its entity with it.
    assert con.execute("SELECT article_id, content_hash FROM articles").fetchall() == [("a", "a1")]
    assert con.execute("SELECT entity FROM entities").fetchall() == [("Ann Lee",)]
    assert store.known_hashes() == {"a": "a1"}


def test_a_batch_missing_a_file_is_damaged_not_silently_short_of_quotes(two_batches):
    store, _, bad = two_batches
    (store.batches / bad / "quotes.parquet").unlink()
    [damaged] = store.damaged_batches()
    assert damaged.problems == ("quotes.parquet: missing",)
    assert ids(store.connect()) == ["a"]


def test_the_footer_check_is_cached_until_a_file_changes(two_batches, monkeypatch):
    store, _, bad = two_batches
    assert store.damaged_batches() == []
    opened = []
    real = pq.ParquetFile

    def counting(path, *args, **kwargs):
        opened.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pq, "ParquetFile", counting)
    store.connect()
    assert store.damaged_batches() == [] and opened == []
    truncate(store.batches / bad / "countries.parquet")
    assert [d.batch_id for d in store.damaged_batches()] == [bad]
    assert opened == [str(store.batches / bad / "countries.parquet")]


def test_a_snapshot_loads_without_the_damaged_batch_and_names_it(two_batches):
    store, _, bad = two_batches
    truncate(store.batches / bad / "articles.parquet")
    snap = Snapshot.load(store)
    assert [d.batch_id for d in snap.damaged] == [bad]
    assert ids(snap.con) == ["a"] and ids(snap.con, "entities") == ["a"]


def test_check_of_a_sound_store_exits_0(two_batches, capsys):
    store, _, _ = two_batches
    assert main(["check", "--store", str(store.root)]) == 0
    assert "2 batches checked, none damaged" in capsys.readouterr().out


def test_check_lists_the_damage_and_repair_moves_the_batch_aside(two_batches, capsys):
    store, good, bad = two_batches
    truncate(store.batches / bad / "entities.parquet")
    assert main(["check", "--store", str(store.root)]) == 1
    out = capsys.readouterr().out
    assert bad in out and "entities.parquet" in out and "--repair" in out
    for line in ["a  in/a.txt", "b  in/news.jsonl:1", "c  in/news.jsonl:2"]:
        assert line in out
    assert store.batch_ids() == [good, bad]  # without --repair nothing moves

    assert main(["check", "--store", str(store.root), "--repair"]) == 1
    out = capsys.readouterr().out
    assert f"moved to {store.root / 'damaged' / bad}" in out
    assert store.batch_ids() == [good]
    assert (store.root / "damaged" / bad / "articles.parquet").is_file()
    assert main(["check", "--store", str(store.root)]) == 0


def test_check_reads_every_page_not_only_the_footer(two_batches, capsys):
    store, _, bad = two_batches
    corrupt_the_middle(store.batches / bad / "articles.parquet")
    assert store.damaged_batches() == []  # the cheap check cannot see it ...
    assert main(["check", "--store", str(store.root), "--repair"]) == 1  # ... the full one does
    out = capsys.readouterr().out
    assert "articles.parquet: cannot read" in out
    assert "b  in/news.jsonl:1" in out  # the id and origin columns are still readable
    assert store.damaged_batches() == [] and ids(store.connect()) == ["a"]


def test_check_says_when_the_articles_of_a_batch_are_unknown(two_batches, capsys):
    store, _, bad = two_batches
    truncate(store.batches / bad / "articles.parquet")
    assert main(["check", "--store", str(store.root)]) == 1
    out = capsys.readouterr().out
    assert "which articles it held is unknown" in out and "in/news.jsonl" not in out


def test_check_leaves_out_articles_a_newer_batch_holds_again(two_batches, capsys):
    store, _, bad = two_batches
    truncate(store.batches / bad / "quotes.parquet")
    store.write_batch({"articles": [article("b", origin="in/news.jsonl:1")]})  # b was ingested again since
    assert main(["check", "--store", str(store.root)]) == 1
    out = capsys.readouterr().out
    assert "c  in/news.jsonl:2" in out and "b  in/news.jsonl:1" not in out


def test_export_writes_everything_else_and_names_the_damaged_batch(two_batches, tmp_path, capsys):
    store, _, bad = two_batches
    truncate(store.batches / bad / "entities.parquet")
    assert main(["export", "--store", str(store.root), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert bad in err and "newsscope check" in err and "Traceback" not in err
    for table in ("articles", "entities", "quotes", "countries"):
        assert (tmp_path / "out" / f"{table}.csv").is_file()
    assert (tmp_path / "out" / "entities.csv").read_text().splitlines()[1].startswith("a,Ann Lee,")


def test_ingest_works_with_a_damaged_batch_and_extracts_its_articles_again(seed_store_copy, capsys):
    store = seed_store_copy
    [batch] = store.batch_ids()
    truncate(store.batches / batch / "articles.parquet")
    assert main(["ingest", str(SEEDS), "--store", str(store.root), "--workers", "1"]) == 0
    err = capsys.readouterr().err
    assert batch in err and "1 added" in err
    assert store.connect().execute("SELECT count(*) FROM entities").fetchone()[0] > 0


@pytest.mark.parametrize("page", ["overview", "entities", "quotes", "voices", "map", "articles", "add"])
def test_every_dashboard_page_opens_with_a_damaged_batch_and_names_it(two_batches, monkeypatch, page):
    from tests.test_dashboard import go, open_app

    store, _, bad = two_batches
    truncate(store.batches / bad / "entities.parquet")
    at = open_app(store, monkeypatch)
    if page != "overview":
        go(at, page)
    warning = " ".join(w.value for w in at.warning).replace("\\", "")
    assert bad in warning and "newsscope check" in warning and "--repair" in warning


def test_export_of_damage_the_footers_miss_is_one_line_pointing_to_check(two_batches, tmp_path, capsys):
    store, _, bad = two_batches
    corrupt_the_middle(store.batches / bad / "articles.parquet")
    assert main(["export", "--store", str(store.root), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert bad in err and f"newsscope check --store {store.root}" in err
    assert len(err.splitlines()) == 1
