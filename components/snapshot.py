"""The store's rows at one version, copied into a DuckDB database (in memory, or a file that `snapshot_cache` keeps
between server starts) that the dashboard's queries read.

A filter change then costs a few small SQL queries instead of re-reading Parquet files. Queries (`components.queries`,
`components.voices`) take a `Snapshot` and `Filters`, and join on the selected articles through `selected_cte` or
`in_selection`.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from components.filters import Filters, article_where
from components.snapshot_tables import (
    ALIASED,
    ARTICLE_COUNTS_SQL,
    ARTICLE_KEY_SQL,
    BAND_KEYS_SQL,
    COUNTS,
    ENTITY_ARTICLES_SQL,
    HAYSTACK_SQL,
    NAMED_SQL,
    STORY_FIRSTS_SQL,
    add_rows,
    aliased_sql,
    keyed_sql,
)
from components.store import DamagedBatch, Store
from components.store_views import (
    ACRONYM_ALIASES_SQL,
    FULL_NAMES_SQL,
    LONE_NAME_LABELS_SQL,
    PERSON_ALIASES_SQL,
    PERSON_GENDERS_SQL,
    PERSON_VARIANTS_SQL,
    gender_update_sql,
    register_functions,
)
from components.stories import STORIES_SQL

ROW_GROUP_ROWS = 122_880  # DuckDB's row group size: the unit its scans are split into
# DuckDB's memory while it builds a snapshot into a file: its sorts and joins spill into the file's own temporary
# folder (FILE.tmp) past this. A million articles' load peaks at 1.8 GB instead of 2.8 GB, and takes longer (README).
LOAD_MEMORY_LIMIT = "1500MB"
# The article columns a snapshot holds; `text` is read from the store when an article is opened.
ARTICLE_COLUMNS = ["article_id", "batch_id", "content_hash", "title", "source", "published", "url", "dateline",
                   "n_words", "origin", "story_id", "story_size", "metadata"]
# What a row from one article carries of it, so a table or a CSV stands alone.
ARTICLE_META = ["title", "source", "published", "url"]


@dataclass
class Snapshot:
    """The store's rows at one version, in a DuckDB database, built by DuckDB straight from Parquet.

    Article texts stay out of it: the search runs on a lower-cased copy (`article_text`), and the one article a
    reader opens is read from the store. Each article carries its entity, quote and country counts
    (`article_counts`), so the per-source and per-article tables need not aggregate every mention again, and so
    do entity names and types and metadata values (`entity_counts`, `label_counts`, `metadata_counts`, the
    sidebar's choices), and each article's
    mentions per name (`entity_articles`, which the entity charts add up). Every table of article rows carries its
    article's integer key (`aid`, `components.snapshot_tables`), which the queries join on. The
    articles a set of filters selects are computed once into a small table of ids (`selection`), so the dozen
    queries a page runs for one filter change join on it instead of each evaluating the filters again.

    What the derived tables depend on is kept too, so new batches can be added without reading the store again
    (`load` with `previous`): each article's story band keys (`story_bands`, and a row per key in `band_keys`),
    the full names of people with their counts (`full_names`) and the surnames they stand for (`person_aliases`),
    an entity's or speaker's name as extracted where an alias replaced it (`raw_entity`, `raw_speaker`; NULL
    elsewhere), and the gender the corpus tells of each person (`person_genders`, for the rows whose article does
    not).
    """

    con: duckdb.DuckDBPyConnection
    version: str = ""
    root: str = ""
    max_selections: int = 32
    damaged: tuple[DamagedBatch, ...] = ()  # batches left out because their files cannot be read
    batch_ids: tuple[str, ...] = ()  # every batch it was built from, damaged ones included
    owner: object = None  # what keeps its database file, if any (`components.snapshot_cache`), while it serves
    _selections: OrderedDict = field(default_factory=OrderedDict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def load(cls, store: Store, previous: Snapshot | None = None, *, path: str | os.PathLike = ":memory:"
             ) -> Snapshot:
        """The store's rows now.

        With `previous` (a snapshot of the same store), a store that only gained batches since is read for those
        batches alone: `previous`'s database is updated in one transaction (queries running on it meanwhile see it
        before or after, never half-way) and a new Snapshot over the same database is returned; `previous` then
        answers with the new rows too. Anything else (batches removed by a compaction or a repair, a new batch
        that sorts before an old one) loads the store whole.

        A compaction may remove batches between listing and reading them: then the store has a new version, and
        its rows are read again (a compaction removes its batches in a quick loop).

        A whole load builds its database at `path`: in memory by default, or a DuckDB file
        (`components.snapshot_cache` keeps one per store, so that a server start need not build it again)."""
        updated = previous.update(store) if previous is not None else None
        if updated is not None:
            return updated
        for _ in range(100):
            version = store.version()
            try:
                return cls._load(store, path)
            except duckdb.IOException:
                if store.version() == version:
                    raise
        return cls._load(store, path)

    @classmethod
    def _load(cls, store: Store, path: str | os.PathLike) -> Snapshot:
        ids = store.batch_ids()
        sound, damaged = store.sort_batches(ids)
        con = duckdb.connect(os.fspath(path))
        if os.fspath(path) != ":memory:":  # a database in memory would spill into ./.tmp, wherever that is
            con.execute(f"SET memory_limit = '{LOAD_MEMORY_LIMIT}'")
        register_functions(con)
        # views over the Parquet files, in the same process: no copy through Python
        store.attach(con, "store", batch_ids=sound, names=False)
        # Each table's current rows are those of its article's newest batch, found once (the store's `articles`
        # view would sort every article with its text, for each table read).
        con.execute("""CREATE TEMP TABLE newest AS SELECT article_id, max(batch_id) AS batch_id
                       FROM store.articles_all GROUP BY article_id""")
        current = {table: f"(SELECT * FROM store.{table}_all SEMI JOIN newest USING (article_id, batch_id))"
                   for table in ("articles", "entities", "quotes", "countries")}
        # A database in memory compresses its tables when checkpointed (to about a third): once after each large
        # table, so that at most one table is held uncompressed at a time.
        con.execute(f"""CREATE TEMP TABLE article_bands AS SELECT article_id, published, story_bands
                        FROM {current['articles']}""")
        con.execute(f"""CREATE TABLE articles AS SELECT {', '.join(ARTICLE_COLUMNS)}, {ARTICLE_KEY_SQL} AS aid
                        FROM {current['articles']}
                        LEFT JOIN (WITH articles AS (FROM article_bands) FROM ({STORIES_SQL})) USING (article_id)
                        ORDER BY aid""")
        con.execute("""CREATE TABLE story_bands AS SELECT a.aid, b.story_bands FROM article_bands b
                       JOIN articles a USING (article_id) ORDER BY aid""")
        con.execute("DROP TABLE article_bands")
        con.execute(f"CREATE TABLE band_keys AS {BAND_KEYS_SQL} ORDER BY band")
        con.execute(f"CREATE TABLE story_firsts AS {STORY_FIRSTS_SQL.format(where='TRUE')}")
        con.execute("CHECKPOINT")
        texts = f"SELECT article_id, {HAYSTACK_SQL} AS haystack FROM {current['articles']}"
        con.execute(f"CREATE TABLE article_text AS {keyed_sql(texts)} ORDER BY aid")
        con.execute("CHECKPOINT")
        for table, sql in (("person_variants", PERSON_VARIANTS_SQL), ("acronym_aliases", ACRONYM_ALIASES_SQL),
                           ("lone_name_labels", LONE_NAME_LABELS_SQL)):
            con.execute(f"CREATE TABLE {table} AS {sql.format(entities=current['entities'])}")
        named = {table: f"({NAMED_SQL[table].format(rows=current[table])})" for table in ALIASED}
        con.execute(f"CREATE TABLE full_names AS {FULL_NAMES_SQL.format(entities=named['entities'])}")
        con.execute(f"CREATE TABLE person_aliases AS {PERSON_ALIASES_SQL.format(full_names='full_names')}")
        for table, name in ALIASED.items():
            con.execute(f"CREATE TABLE {table} AS {keyed_sql(aliased_sql(table, name, named[table]))} ORDER BY aid")
            con.execute("CHECKPOINT")
        con.execute(f"CREATE TABLE person_genders AS {PERSON_GENDERS_SQL.format(entities='entities')}")
        for table in ALIASED:
            con.execute(gender_update_sql(table, "TRUE"))
        places = f"SELECT * EXCLUDE (batch_id) FROM {current['countries']}"
        con.execute(f"CREATE TABLE countries AS {keyed_sql(places)} ORDER BY aid")
        con.execute("DETACH store")
        con.execute(f"CREATE TABLE article_counts AS {ARTICLE_COUNTS_SQL.format(where='TRUE')}")
        con.execute(f"CREATE TABLE entity_articles AS {ENTITY_ARTICLES_SQL.format(where='TRUE')}")
        for table, (sql, _, _) in COUNTS.items():
            con.execute(f"CREATE TABLE {table} AS {sql.format(where='TRUE')}")
        con.execute(f"CREATE TABLE snapshot_batches AS {BATCHES_SQL}", _batches(ids, damaged))
        con.execute("CHECKPOINT")
        con.execute("RESET memory_limit")  # the queries that follow need no more than the load
        return cls(con, _version(ids), str(store.root), damaged=tuple(damaged), batch_ids=tuple(ids)).tuned()

    @classmethod
    def open(cls, con: duckdb.DuckDBPyConnection, root: str, owner: object = None) -> Snapshot:
        """The snapshot a database built by `load` holds (a file of `components.snapshot_cache`)."""
        register_functions(con)  # the name queries of its updates call them
        rows = con.execute("SELECT batch_id, problems FROM snapshot_batches ORDER BY batch_id").fetchall()
        ids = [batch_id for batch_id, _ in rows]
        damaged = tuple(DamagedBatch(batch_id, tuple(problems)) for batch_id, problems in rows if problems)
        return cls(con, _version(ids), root, damaged=damaged, batch_ids=tuple(ids), owner=owner).tuned()

    def update(self, store: Store) -> Snapshot | None:
        """This snapshot with the store's new batches added (itself when there are none), or None when the store
        must be loaded whole (see `load`)."""
        if self.root != str(store.root):
            return None
        try:
            return self._updated(store)
        except duckdb.Error as err:  # e.g. a batch removed while being read
            logging.getLogger(__name__).warning("the snapshot's update failed (%s): loading the store whole", err)
            return None

    def tuned(self) -> Snapshot:
        """DuckDB splits a scan by row group: more threads than the largest table has row groups only wait for
        each other, and on a small corpus they would be preempted by the browser drawing on the same cores."""
        rows = self.one("SELECT count(*) FROM entities")[0]
        self.con.execute(f"SET threads = {max(1, min(os.cpu_count() or 1, math.ceil(rows / ROW_GROUP_ROWS)))}")
        return self

    def _updated(self, store: Store) -> Snapshot | None:
        """This snapshot with the batches committed since added, or None when the store changed otherwise."""
        ids = store.batch_ids()
        if tuple(ids) == self.batch_ids:
            return self
        known = set(self.batch_ids)
        added = [b for b in ids if b not in known]
        if not known <= set(ids) or (self.batch_ids and added[0] <= self.batch_ids[-1]):
            return None
        sound, damaged = store.sort_batches(added)
        cur = self.con.cursor()
        try:
            if sound:
                store.attach(cur, "added", batch_ids=sound, names=False)
            cur.execute("BEGIN TRANSACTION")
            try:
                if sound:
                    add_rows(cur, "added", ARTICLE_COLUMNS)
                cur.execute(f"INSERT INTO snapshot_batches {BATCHES_SQL}", _batches(added, damaged))
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            finally:
                if sound:
                    cur.execute("DETACH added")
            with suppress(duckdb.Error):  # compress the added rows; skipped while a query is running
                cur.execute("CHECKPOINT")
        finally:
            cur.close()
        # the same database, so the same selection tables: a new version's are named apart (see `selection`)
        return Snapshot(self.con, _version(ids), self.root, self.max_selections, (*self.damaged, *damaged),
                        tuple(ids), self.owner, self._selections, self._lock).tuned()

    def selection(self, f: Filters) -> str:
        """The name of a table of the selected articles' keys, `aid` (`articles` itself when nothing narrows
        them)."""
        where, params = article_where(f)
        if where == "TRUE":
            return "articles"
        name = "sel_" + hashlib.sha1(repr((self.version, f)).encode()).hexdigest()[:20]
        with self._lock:
            if name in self._selections:
                self._selections.move_to_end(name)
                return self._selections[name]
            cur = self.cursor()
            try:
                # keys alone: a table of the text ids took ten times as long to write
                cur.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT a.aid FROM articles a WHERE {where}", params)
                # Filters that let every article through (a source filter naming every source) narrow nothing:
                # the queries then skip the join, as without filters.
                if cur.execute(f"SELECT (SELECT count(*) FROM {name}) = (SELECT count(*) FROM articles)").fetchone()[0]:
                    cur.execute(f"DROP TABLE {name}")
                    self._selections[name] = "articles"
                else:
                    self._selections[name] = name
                while len(self._selections) > self.max_selections:
                    cur.execute(f"DROP TABLE IF EXISTS {self._selections.popitem(last=False)[0]}")
            finally:
                cur.close()
            return self._selections[name]

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor per query: DuckDB connections must not be shared between threads, cursors may."""
        return self.con.cursor()

    def df(self, sql: str, params: Sequence = ()) -> pd.DataFrame:
        cur = self.cursor()
        try:
            return cur.execute(sql, list(params)).df()
        finally:
            cur.close()

    def one(self, sql: str, params: Sequence = ()) -> tuple:
        cur = self.cursor()
        try:
            return cur.execute(sql, list(params)).fetchone()
        finally:
            cur.close()

    def read_text(self, article_id: str, batch_id: str) -> str:
        """An article's text, from the store (the snapshot keeps texts out of memory)."""
        cur = self.cursor()
        try:
            return Store(self.root).read_text([article_id], batch_id=batch_id, con=cur).get(article_id, "")
        finally:
            cur.close()


# The batches a snapshot was built from, with the problems of the damaged ones (NULL for the sound ones).
BATCHES_SQL = "SELECT unnest(?::VARCHAR[]) AS batch_id, unnest(?::VARCHAR[][]) AS problems"


def _batches(batch_ids: Sequence[str], damaged: Sequence[DamagedBatch]) -> list[list]:
    """BATCHES_SQL's parameters."""
    problems = {d.batch_id: list(d.problems) for d in damaged}
    return [list(batch_ids), [problems.get(b) for b in batch_ids]]


def _version(batch_ids: list[str]) -> str:
    """`Store.version` of a store holding these batches."""
    return f"{len(batch_ids)}:{batch_ids[-1] if batch_ids else ''}"


def selected_cte(snap: Snapshot, f: Filters) -> str:
    """`WITH sel AS (...)`: id, metadata and key (`aid`) of the selected articles, to join on (by `aid`)."""
    name = snap.selection(f)
    if name == "articles":
        return "WITH sel AS (SELECT article_id, title, source, published, url, aid FROM articles)"
    return (f"WITH sel AS (SELECT a.article_id, a.title, a.source, a.published, a.url, a.aid FROM articles a "
            f"SEMI JOIN {name} USING (aid))")


def in_selection(snap: Snapshot, f: Filters, alias: str) -> str:
    """A condition keeping `alias`'s rows from the selected articles (nothing to check when all are selected)."""
    name = snap.selection(f)
    return "TRUE" if name == "articles" else f"{alias}.aid IN (SELECT aid FROM {name})"
