"""The snapshot updated with new batches only: table by table the same as a snapshot loaded whole."""

from datetime import date

import duckdb
import pytest

from components import queries, snapshot
from components.compaction import compact
from components.filters import Filters
from components.snapshot import Snapshot
from components.store import Store

TABLES = ["articles", "story_firsts", "article_text", "entities", "quotes", "countries", "article_counts",
          "story_bands", "band_keys", "full_names", "person_aliases", "entity_counts", "label_counts",
          "metadata_counts", "entity_articles"]


def article(article_id: str, published: str | None, bands: list[int], people: list[str], speakers=(),
            title: str = "", metadata: dict | None = None) -> dict[str, list[dict]]:
    """One article's rows: a PERSON entity per name in `people`, a quote per speaker, a country mention."""
    text = f"{title or article_id} " + " ".join(people)
    return {
        "articles": [{"article_id": article_id, "content_hash": f"h-{title}", "title": title or article_id,
                      "source": "Wire", "published": date.fromisoformat(published) if published else None,
                      "url": "", "dateline": "", "n_words": len(text.split()), "origin": "test", "text": text,
                      "story_bands": bands, "metadata": metadata}],
        "entities": [{"article_id": article_id, "entity": name, "label": "PERSON", "text": name,
                      "start_char": i, "end_char": i + 1} for i, name in enumerate(people)],
        "quotes": [{"article_id": article_id, "quote": f"quote {i}", "speaker": name, "speaker_text": name,
                    "cue": "said", "start_char": 100 + i, "end_char": 101 + i} for i, name in enumerate(speakers)],
        "countries": [{"article_id": article_id, "iso3": "RUS", "country": "Russia", "text": "Russia",
                       "kind": "name", "start_char": 0, "end_char": 6}],
    }


def merged(*parts: dict[str, list[dict]]) -> dict[str, list[dict]]:
    return {table: [row for part in parts for row in part[table]] for table in parts[0]}


# The tables whose rows carry their article's integer key, which an update and a whole load number differently.
KEYED = ["articles", "story_firsts", "article_text", "entities", "quotes", "countries", "article_counts"]
BY_KEY = ["entity_articles", "story_bands", "band_keys"]  # and those that carry the key alone


def rows(snap: Snapshot, *, batches: bool = True) -> dict[str, list[tuple]]:
    """Every table's rows, without the article keys; without `batches`, the article rows leave out the batch they
    came from."""
    def excluded(table: str) -> str:
        columns = (["aid"] if table in KEYED else []) + ([] if batches or table != "articles" else ["batch_id"])
        return f"EXCLUDE ({', '.join(columns)})" if columns else ""

    def query(table: str) -> str:
        if table in BY_KEY:  # their rows name their article by key alone
            return f"SELECT a.article_id, t.* EXCLUDE (aid) FROM {table} t JOIN articles a USING (aid)"
        return f"SELECT * {excluded(table)} FROM {table}"

    return {table: snap.con.execute(f"{query(table)} ORDER BY ALL").fetchall() for table in TABLES}


def assert_keyed(snap: Snapshot) -> None:
    """Each article has a key of its own, and every row of it carries that key."""
    assert snap.one("SELECT count(DISTINCT aid) = count(*) AND count(aid) = count(*) FROM articles")[0]
    for table in BY_KEY:
        assert snap.one(f"SELECT count(*) FROM {table} WHERE aid NOT IN (SELECT aid FROM articles)")[0] == 0
    for table in KEYED[1:]:
        assert snap.one(f"SELECT count(*) FROM {table} t LEFT JOIN articles a USING (article_id) "
                        "WHERE t.aid IS DISTINCT FROM a.aid")[0] == 0, table


# Each commit after the first: a new article; a new copy of an old story, dated before it, whose lone surname
# outnumbers the articles naming the full name it stood for; a replaced article (new headline, new band keys, its
# full name gone, and its section); a full name outnumbering the one a surname stood for.
COMMITS = [
    merged(article("a", "2020-01-05", [1, 2], ["Vladimir Putin", "Putin"], ["Putin"],
                   metadata={"section": ("world",), "tags": ("russia", "kremlin")}),
           article("b", "2020-01-03", [2, 3], ["Putin", "Angela Merkel"], ["Angela Merkel"],
                   metadata={"section": ("world",)}),
           article("c", None, [], ["Merkel"], ["Merkel"]), article("v", "2020-01-01", [], ["Vladimir Putin"])),
    article("d", "2020-01-10", [4], ["Merkel"], metadata={"section": ("europe",)}),
    article("e", "2019-12-01", [3, 9], ["Putin"], ["Putin"]),
    article("a", "2020-01-06", [7], ["Putin"], title="a changed", metadata={"section": ("europe",)}),
    merged(article("f", "2020-02-01", [9, 1], ["Ivan Putin", "Ivan Putin", "Vladimir Putin"]),
           article("h", "2020-02-01", [], ["Ivan Putin"]), article("i", "2020-02-01", [], ["Ivan Putin"])),
    article("g", "2020-02-02", [2], ["Angela Merkel"], ["Putin"]),
]


def test_an_updated_snapshot_equals_a_full_load_after_every_commit(tmp_path):
    store = Store(tmp_path / "store")
    store.write_batch(COMMITS[0])
    snap = Snapshot.load(store)
    for commit in COMMITS[1:]:
        store.write_batch(commit)
        updated = Snapshot.load(store, previous=snap)
        assert updated.con is snap.con  # updated in place, not loaded again
        assert updated.version == store.version()
        assert rows(updated) == rows(Snapshot.load(store))
        assert_keyed(updated)
        snap = updated
    articles = dict(snap.con.execute("SELECT article_id, story_id FROM articles").fetchall())
    assert articles["b"] == "e" and articles["e"] == "e"  # the older copy names the story now
    assert snap.one("SELECT title FROM articles WHERE article_id = 'a'")[0] == "a changed"
    assert snap.one("SELECT entity FROM person_aliases WHERE alias = 'Putin'")[0] == "Ivan Putin"
    assert snap.one("SELECT count(*) FROM entities WHERE entity = 'Ivan Putin'")[0] == 7
    assert queries.metadata_choices(snap) == {"section": ["europe", "world"]}  # "tags" went with a's old version


def test_a_whole_load_keys_and_stores_the_articles_by_date(tmp_path):
    store = Store(tmp_path / "store")
    for commit in COMMITS:
        store.write_batch(commit)
    snap = Snapshot.load(store)
    assert_keyed(snap)
    by_key = snap.df("SELECT article_id FROM articles ORDER BY aid")["article_id"].tolist()
    assert by_key == ["e", "v", "b", "a", "d", "f", "h", "i", "g", "c"]  # undated last
    # stored in key order, so that a range of dates is a range of row groups
    assert snap.df("SELECT aid FROM entities")["aid"].is_monotonic_increasing


def test_an_unchanged_store_gives_the_same_snapshot(demo_store):
    snap = Snapshot.load(demo_store)
    assert Snapshot.load(demo_store, previous=snap) is snap


def test_removed_batches_load_the_store_whole(tmp_path):
    store = Store(tmp_path / "store")
    for commit in COMMITS:
        store.write_batch(commit)
    snap = Snapshot.load(store)
    compact(store)
    again = Snapshot.load(store, previous=snap)
    assert again.con is not snap.con and len(again.batch_ids) == 1
    assert rows(again, batches=False) == rows(snap, batches=False)


def test_a_selection_made_before_an_update_is_not_served_after_it(tmp_path):
    store = Store(tmp_path / "store")
    store.write_batch(COMMITS[0])
    snap = Snapshot.load(store)
    putin = Filters(text="putin")
    ids = "SELECT article_id FROM articles SEMI JOIN {} USING (aid) ORDER BY 1"
    before = snap.df(ids.format(snap.selection(putin)))["article_id"].tolist()
    store.write_batch(COMMITS[2])
    updated = Snapshot.load(store, previous=snap)
    after = updated.df(ids.format(updated.selection(putin)))["article_id"].tolist()
    assert (before, after) == (["a", "b", "v"], ["a", "b", "e", "v"])


def test_a_replaced_article_leaves_the_story_its_old_text_named(tmp_path):
    """A copy that shared a band key with its old version only is no longer in its story."""
    store = Store(tmp_path / "store")
    store.write_batch(merged(article("x", "2020-01-01", [50], ["Angela Merkel"]),
                             article("y", "2020-01-02", [50, 52], []), article("z", "2020-01-03", [52], [])))
    snap = Snapshot.load(store)
    stories = "SELECT article_id, story_id, story_size FROM articles ORDER BY article_id"
    assert snap.con.execute(stories).fetchall() == [("x", "x", 2), ("y", "x", 2), ("z", "y", 1)]
    store.write_batch(article("x", "2020-01-01", [51], ["Angela Merkel"], title="x rewritten"))
    snap = Snapshot.load(store, previous=snap)
    assert snap.con.execute(stories).fetchall() == [("x", "x", 1), ("y", "y", 2), ("z", "y", 2)]
    assert rows(snap) == rows(Snapshot.load(store))


@pytest.mark.parametrize("damaged_table", ["quotes"])
def test_a_damaged_new_batch_is_left_out_and_named(tmp_path, damaged_table):
    store = Store(tmp_path / "store")
    store.write_batch(COMMITS[0])
    snap = Snapshot.load(store)
    bad = store.write_batch(COMMITS[1])
    (store.batches / bad / f"{damaged_table}.parquet").unlink()
    updated = Snapshot.load(store, previous=snap)
    assert [d.batch_id for d in updated.damaged] == [bad]
    assert rows(updated) == rows(Snapshot.load(store))


def test_the_entity_choices_follow_a_surname_to_its_new_full_name(tmp_path):
    """The sidebar's counts kept in the snapshot equal a count over its rows after each update, including names
    the new batch does not mention but whose surname now stands for someone else."""
    store = Store(tmp_path / "store")
    store.write_batch(merged(article("a", "2020-01-01", [1], ["Vladimir Putin"]),
                             article("b", "2020-01-02", [2], ["Putin"])))
    snap = Snapshot.load(store)
    counts = "SELECT entity, articles FROM entity_counts ORDER BY ALL"
    assert snap.con.execute(counts).fetchall() == [("Vladimir Putin", 2)]
    store.write_batch(article("c", "2020-01-03", [3], ["Ivan Putin", "Ivan Putin"]))
    snap = Snapshot.load(store, previous=snap)
    assert snap.con.execute(counts).fetchall() == [("Ivan Putin", 2), ("Vladimir Putin", 1)]
    assert queries.entity_choices(snap) == ["Ivan Putin", "Vladimir Putin"]
    assert queries.label_choices(snap) == ["PERSON"]


def test_the_entity_picker_offers_names_not_numbers(tmp_path):
    store = Store(tmp_path / "store")
    rows_ = merged(*(article(i, "2020-01-01", [], ["Angela Merkel"] if i == "a" else []) for i in "abc"))
    rows_["entities"] += [{"article_id": i, "entity": word, "label": label, "text": word, "start_char": 0,
                           "end_char": 3} for i in "abc" for word, label in (("two", "CARDINAL"), ("Monday", "DATE"))]
    store.write_batch(rows_)
    snap = Snapshot.load(store)
    assert queries.entity_choices(snap) == ["Angela Merkel"]
    assert queries.label_choices(snap)[:2] == ["CARDINAL", "DATE"]  # the types stay, for the type filter


def test_filters_that_keep_every_article_select_nothing_apart(tmp_path):
    """A source filter naming every source selects the whole store, and the queries answer as without filters."""
    store = Store(tmp_path / "store")
    for commit in COMMITS:
        store.write_batch(commit)
    snap = Snapshot.load(store)
    every, narrowed = Filters(sources=("Wire",)), Filters(sources=("Wire",), date_from=date(2020, 1, 6))
    assert snap.selection(every) == "articles"
    assert snap.selection(narrowed) != "articles"
    assert queries.overview_counts(snap, every) == queries.overview_counts(snap, Filters())
    assert queries.top_entities(snap, every).equals(queries.top_entities(snap, Filters()))
    assert queries.article_count(snap, narrowed) == 6  # a (as changed), d, f, h, i, g


def test_a_load_into_a_file_limits_duckdbs_memory_and_lifts_the_limit_after(tmp_path, monkeypatch):
    store = Store(tmp_path / "store")
    for commit in COMMITS:
        store.write_batch(commit)
    limits = []

    def register(con):  # called just after connecting: the setting the load's queries run under
        limits.append(con.execute("SELECT current_setting('memory_limit')").fetchone()[0])
        real_register(con)

    real_register = snapshot.register_functions
    monkeypatch.setattr(snapshot, "register_functions", register)
    monkeypatch.setattr(snapshot, "LOAD_MEMORY_LIMIT", "64MB")
    in_file = Snapshot.load(store, path=tmp_path / "snap.duckdb")
    in_memory = Snapshot.load(store)

    def setting(value=None):
        con = duckdb.connect()
        if value:
            con.execute(f"SET memory_limit = '{value}'")
        return con.execute("SELECT current_setting('memory_limit')").fetchone()[0]

    assert limits == [setting("64MB"), setting()]  # the file's load limited, the one in memory not
    assert in_file.con.execute("SELECT current_setting('memory_limit')").fetchone()[0] == setting()
    assert rows(in_file) == rows(in_memory)
