"""The store's rows at one version, copied into an in-memory DuckDB database that the dashboard's queries read.

A filter change then costs a few small SQL queries instead of re-reading Parquet files. Queries (`components.queries`,
`components.voices`) take a `Snapshot` and `Filters`, and join on the selected articles through `selected_cte` or
`in_selection`.
"""

from __future__ import annotations

import hashlib
import math
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from components.filters import Filters, article_where
from components.store import DamagedBatch, Store

ROW_GROUP_ROWS = 122_880  # DuckDB's row group size: the unit its scans are split into
# The article columns a snapshot holds; `text` is read from the store when an article is opened.
ARTICLE_COLUMNS = ["article_id", "batch_id", "content_hash", "title", "source", "published", "url", "dateline",
                   "n_words", "origin", "story_id", "story_size", "metadata"]
# What a row from one article carries of it, so a table or a CSV stands alone.
ARTICLE_META = ["title", "source", "published", "url"]


@dataclass
class Snapshot:
    """The store's rows at one version, in an in-memory DuckDB database, built by DuckDB straight from Parquet.

    Article texts stay out of it: the search runs on a lower-cased copy (`article_text`), and the one article a
    reader opens is read from the store. Each article carries its entity, quote and country counts
    (`article_counts`), so the per-source and per-article tables need not aggregate every mention again. The
    articles a set of filters selects are computed once into a small table of ids (`selection`), so the dozen
    queries a page runs for one filter change join on it instead of each evaluating the filters again.
    """

    con: duckdb.DuckDBPyConnection
    version: str = ""
    root: str = ""
    max_selections: int = 32
    damaged: tuple[DamagedBatch, ...] = ()  # batches left out because their files cannot be read
    _selections: OrderedDict = field(default_factory=OrderedDict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def load(cls, store: Store) -> Snapshot:
        """The store's rows now. A compaction may remove batches between listing and reading them: then the store
        has a new version, and its rows are read again (a compaction removes its batches in a quick loop)."""
        for _ in range(100):
            version = store.version()
            try:
                return cls._load(store)
            except duckdb.IOException:
                if store.version() == version:
                    raise
        return cls._load(store)

    @classmethod
    def _load(cls, store: Store) -> Snapshot:
        version = store.version()
        damaged = tuple(store.damaged_batches())
        con = duckdb.connect()
        store.attach(con, "store")  # views over the Parquet files, in the same process: no copy through Python
        con.execute(f"CREATE TABLE articles AS SELECT {', '.join(ARTICLE_COLUMNS)} "
                    "FROM store.articles LEFT JOIN store.stories USING (article_id)")
        # One article per story, the one that names it (the earliest), for "count each story once".
        con.execute("""CREATE TABLE story_firsts AS SELECT article_id FROM articles
                       WHERE coalesce(story_id, article_id) = article_id""")
        # The join on (article_id, batch_id) streams the texts once; the window behind `articles` would buffer them.
        con.execute("""CREATE TABLE article_text AS
                       SELECT article_id, lower(coalesce(title, '') || chr(10) || coalesce(text, '')) AS haystack
                       FROM store.articles_all SEMI JOIN articles USING (article_id, batch_id)""")
        for table in ("entities", "quotes", "countries"):
            con.execute(f"CREATE TABLE {table} AS SELECT * EXCLUDE (batch_id) FROM store.{table}")
        con.execute("DETACH store")
        con.execute("""CREATE TABLE article_counts AS
            WITH ent AS (SELECT article_id, count(*) AS n FROM entities GROUP BY article_id),
                 quo AS (SELECT article_id, count(*) AS n FROM quotes GROUP BY article_id),
                 cty AS (SELECT article_id, count(DISTINCT iso3) AS n FROM countries GROUP BY article_id)
            SELECT a.article_id, coalesce(ent.n, 0)::BIGINT AS entity_mentions, coalesce(quo.n, 0)::BIGINT AS quotes,
                   coalesce(cty.n, 0)::BIGINT AS country_mentions
            FROM articles a LEFT JOIN ent USING (article_id) LEFT JOIN quo USING (article_id)
            LEFT JOIN cty USING (article_id)""")
        # DuckDB splits a scan by row group: more threads than the largest table has row groups only wait for each
        # other, and on a small corpus they would be preempted by the browser drawing on the same cores.
        rows = con.execute("SELECT count(*) FROM entities").fetchone()[0]
        con.execute(f"SET threads = {max(1, min(os.cpu_count() or 1, math.ceil(rows / ROW_GROUP_ROWS)))}")
        return cls(con, version, str(store.root), damaged=damaged)

    def selection(self, f: Filters) -> str:
        """The name of a table of the selected articles' ids (`articles` itself when nothing narrows them)."""
        where, params = article_where(f)
        if where == "TRUE":
            return "articles"
        name = "sel_" + hashlib.sha1(repr(f).encode()).hexdigest()[:20]
        with self._lock:
            if name in self._selections:
                self._selections.move_to_end(name)
                return name
            cur = self.cursor()
            try:
                cur.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT a.article_id FROM articles a WHERE {where}",
                            params)
                self._selections[name] = True
                while len(self._selections) > self.max_selections:
                    cur.execute(f"DROP TABLE IF EXISTS {self._selections.popitem(last=False)[0]}")
            finally:
                cur.close()
        return name

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


def selected_cte(snap: Snapshot, f: Filters) -> str:
    """`WITH sel AS (...)`: id and metadata of the selected articles, to join on."""
    name = snap.selection(f)
    if name == "articles":
        return "WITH sel AS (SELECT article_id, title, source, published, url FROM articles)"
    return (f"WITH sel AS (SELECT a.article_id, a.title, a.source, a.published, a.url FROM articles a "
            f"SEMI JOIN {name} USING (article_id))")


def in_selection(snap: Snapshot, f: Filters, alias: str) -> str:
    """A condition keeping `alias`'s rows from the selected articles (nothing to check when all are selected)."""
    name = snap.selection(f)
    return "TRUE" if name == "articles" else f"{alias}.article_id IN (SELECT article_id FROM {name})"
