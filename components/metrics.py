"""Dashboard queries: filters in, tidy DataFrames out. Every aggregation runs in DuckDB; no Streamlit here.

A `Snapshot` copies the store's current rows into an in-memory DuckDB database once per store version, so a
filter change costs a few small SQL queries instead of re-reading Parquet files.

Filter semantics: facets combine with AND, values inside one facet with OR (an article about Putin *or* Trump,
from source A *or* B). The entity-type facet narrows which entities are counted and shown, not which articles.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import duckdb
import pandas as pd

from components.store import TABLES, DamagedBatch, Store

# Query-string keys of each filter, so a filtered view can be bookmarked.
PARAM_KEYS = {
    "entities": "entity",
    "labels": "type",
    "sources": "source",
    "countries": "country",
    "date_from": "from",
    "date_to": "to",
    "text": "q",
}
ARTICLE_META = ["title", "source", "published", "url"]
# spaCy's numeric and time types: stored, but not what "entities" means to a reader unless asked for.
NUMERIC_LABELS = ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY")
ROW_GROUP_ROWS = 122_880  # DuckDB's row group size: the unit its scans are split into
# The article columns a snapshot holds; `text` is read from the batch file when an article is opened.
ARTICLE_COLUMNS = ["article_id", "batch_id", "content_hash", "title", "source", "published", "url", "dateline",
                   "n_words", "origin", "story_id", "story_size"]


@dataclass(frozen=True)
class Filters:
    entities: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # ISO-3 codes
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""

    def __post_init__(self) -> None:
        for name in ("entities", "labels", "sources", "countries"):
            # "" is a real source (articles without one); a blank entity, type or country means nothing.
            keep = (lambda v: v is not None) if name == "sources" else bool
            object.__setattr__(self, name, tuple(dict.fromkeys(v for v in getattr(self, name) if keep(v))))
        object.__setattr__(self, "text", (self.text or "").strip())

    def is_empty(self) -> bool:
        return self == Filters()

    def with_added(self, **values: str) -> Filters:
        """A copy with one more value in the named tuple facets (a click on a bar or a country)."""
        changes = {name: (*getattr(self, name), value) for name, value in values.items() if value}
        return replace(self, **changes)

    def to_query_params(self) -> dict[str, str | list[str]]:
        params: dict[str, str | list[str]] = {}
        for name, key in PARAM_KEYS.items():
            value = getattr(self, name)
            if isinstance(value, tuple) and value:
                params[key] = list(value)
            elif isinstance(value, date):
                params[key] = value.isoformat()
            elif isinstance(value, str) and value:
                params[key] = value
        return params

    @classmethod
    def from_query_params(cls, params: Mapping[str, str | Sequence[str]]) -> Filters:
        """Parse query parameters (a value or a list of values per key); malformed dates are ignored."""

        def values(key: str) -> tuple[str, ...]:
            raw = params.get(key, ())
            return (raw,) if isinstance(raw, str) else tuple(raw)

        def one_date(key: str) -> date | None:
            for raw in values(key):
                try:
                    return date.fromisoformat(raw)
                except ValueError:
                    return None
            return None

        return cls(
            entities=values("entity"),
            labels=values("type"),
            sources=values("source"),
            countries=tuple(v.upper() for v in values("country")),
            date_from=one_date("from"),
            date_to=one_date("to"),
            text=" ".join(values("q")),
        )


@dataclass
class Snapshot:
    """The store's rows at one version, in an in-memory DuckDB database, built by DuckDB straight from Parquet.

    Article texts stay out of it: the search runs on a lower-cased copy (`article_text`), and the one article a
    reader opens is read from its batch file. Each article carries its entity, quote and country counts, so the
    per-source and per-article tables need not aggregate every mention again. The articles a set of filters
    selects are computed once into a small table of ids (`selection`), so the dozen queries a page runs for one
    filter change join on it instead of each evaluating the filters again.
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
        store.connect(con)  # views over the Parquet files, in the same database: no copy through Python
        con.execute(f"CREATE TABLE snap_articles AS SELECT {', '.join(ARTICLE_COLUMNS)} "
                    "FROM articles LEFT JOIN stories USING (article_id)")
        # The join on (article_id, batch_id) streams the texts once; the window behind `articles` would buffer them.
        con.execute("""CREATE TABLE snap_article_text AS
                       SELECT article_id, lower(coalesce(title, '') || chr(10) || coalesce(text, '')) AS haystack
                       FROM articles_all SEMI JOIN snap_articles USING (article_id, batch_id)""")
        # The store's views find the current rows and the surname aliases again for every table; compute them once.
        con.execute("CREATE OR REPLACE VIEW articles AS SELECT article_id, batch_id FROM snap_articles")
        con.execute("CREATE TABLE snap_person_aliases AS SELECT * FROM person_aliases")
        con.execute("CREATE OR REPLACE VIEW person_aliases AS SELECT * FROM snap_person_aliases")
        for table in TABLES[1:]:
            con.execute(f"CREATE TABLE snap_{table} AS SELECT * EXCLUDE (batch_id) FROM {table}")
        con.execute("""CREATE TABLE snap_article_counts AS
            WITH ent AS (SELECT article_id, count(*) AS n FROM snap_entities GROUP BY article_id),
                 quo AS (SELECT article_id, count(*) AS n FROM snap_quotes GROUP BY article_id),
                 cty AS (SELECT article_id, count(DISTINCT iso3) AS n FROM snap_countries GROUP BY article_id)
            SELECT a.article_id, coalesce(ent.n, 0)::BIGINT AS entity_mentions, coalesce(quo.n, 0)::BIGINT AS quotes,
                   coalesce(cty.n, 0)::BIGINT AS country_mentions
            FROM snap_articles a LEFT JOIN ent USING (article_id) LEFT JOIN quo USING (article_id)
            LEFT JOIN cty USING (article_id)""")
        views = [r[0] for r in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main'").fetchall()]
        for view in views:
            con.execute(f"DROP VIEW IF EXISTS {view}")
        con.execute("DROP TABLE snap_person_aliases")
        for table in ["articles", "article_text", "article_counts", *TABLES[1:]]:
            con.execute(f"ALTER TABLE snap_{table} RENAME TO {table}")
        for table in TABLES:
            con.execute(f"DROP VIEW IF EXISTS {table}_all")  # an empty store registers relations, not views
            try:
                con.unregister(f"{table}_all")
            except Exception:  # noqa: BLE001 (nothing registered under that name)
                pass
        # DuckDB splits a scan by row group: more threads than the largest table has row groups only wait for each
        # other, and on a small corpus they would be preempted by the browser drawing on the same cores.
        rows = con.execute("SELECT count(*) FROM entities").fetchone()[0]
        con.execute(f"SET threads = {max(1, min(os.cpu_count() or 1, math.ceil(rows / ROW_GROUP_ROWS)))}")
        return cls(con, version, str(store.root), damaged=damaged)

    def selection(self, f: Filters) -> str:
        """The name of a table of the selected articles' ids (`articles` itself when nothing narrows them)."""
        where, params = article_where(f)
        if not params:
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


# -- filters as SQL ---------------------------------------------------------------------------------------------
def _marks(values: Sequence) -> str:
    return ", ".join("?" for _ in values)


def article_where(f: Filters, alias: str = "a") -> tuple[str, list]:
    """The WHERE clause selecting the articles the filters let through."""
    clauses: list[str] = []
    params: list = []
    if f.sources:
        clauses.append(f"{alias}.source IN ({_marks(f.sources)})")
        params += f.sources
    if f.date_from:
        clauses.append(f"{alias}.published >= ?")
        params.append(f.date_from)
    if f.date_to:
        clauses.append(f"{alias}.published <= ?")
        params.append(f.date_to)
    if f.entities:
        clauses.append(
            f"{alias}.article_id IN (SELECT article_id FROM entities WHERE entity IN ({_marks(f.entities)}))")
        params += f.entities
    if f.countries:
        clauses.append(
            f"{alias}.article_id IN (SELECT article_id FROM countries WHERE iso3 IN ({_marks(f.countries)}))")
        params += f.countries
    if f.text:
        # strpos, not LIKE: the user's % and _ are literal characters.
        clauses.append(f"{alias}.article_id IN (SELECT article_id FROM article_text "
                       "WHERE strpos(haystack, lower(?)) > 0)")
        params.append(f.text)
    return (" AND ".join(clauses) or "TRUE"), params


def selected_cte(snap: Snapshot, f: Filters) -> tuple[str, list]:
    """`WITH sel AS (...)`: id and metadata of the selected articles, to join on."""
    name = snap.selection(f)
    if name == "articles":
        return "WITH sel AS (SELECT article_id, title, source, published, url FROM articles)", []
    return (f"WITH sel AS (SELECT a.article_id, a.title, a.source, a.published, a.url FROM articles a "
            f"SEMI JOIN {name} USING (article_id))"), []


def in_selection(snap: Snapshot, f: Filters, alias: str) -> str:
    """A condition keeping `alias`'s rows from the selected articles (nothing to check when all are selected)."""
    name = snap.selection(f)
    return "TRUE" if name == "articles" else f"{alias}.article_id IN (SELECT article_id FROM {name})"


def _label_clause(labels: Sequence[str], alias: str = "e") -> tuple[str, list]:
    if not labels:
        return "TRUE", []
    return f"{alias}.label IN ({_marks(labels)})", list(labels)


def _entity_labels(f: Filters, labels: Sequence[str] | None) -> tuple[str, ...]:
    """Labels a chart counts: its own group intersected with the sidebar's entity-type filter."""
    if labels and f.labels:
        return tuple(x for x in labels if x in f.labels) or ("\x00none",)
    return tuple(labels or f.labels)


# -- choices for the sidebar ------------------------------------------------------------------------------------
def entity_choices(snap: Snapshot, limit: int = 2000) -> list[str]:
    """Entity names for the picker, most widespread first (the long tail is reachable by clicking charts)."""
    rows = snap.df(
        "SELECT entity FROM entities GROUP BY entity ORDER BY count(DISTINCT article_id) DESC, entity LIMIT ?",
        [limit],
    )
    return rows["entity"].tolist()


def entity_spellings(snap: Snapshot, names: Sequence[str]) -> dict[str, str]:
    """Lower-cased name -> the store's spelling of it (the most mentioned one when several differ only in case)."""
    if not names:
        return {}
    rows = snap.df(
        f"""SELECT lower(entity) AS key, arg_max(entity, n) AS entity
            FROM (SELECT entity, count(*) AS n FROM entities WHERE lower(entity) IN ({_marks(names)}) GROUP BY entity)
            GROUP BY key""",
        [n.lower() for n in names],
    )
    return dict(zip(rows["key"], rows["entity"], strict=True))


def label_choices(snap: Snapshot) -> list[str]:
    return snap.df("SELECT label FROM entities GROUP BY label ORDER BY count(*) DESC")["label"].tolist()


def source_choices(snap: Snapshot) -> list[str]:
    return snap.df("SELECT source FROM articles GROUP BY source ORDER BY count(*) DESC, source")["source"].tolist()


def country_choices(snap: Snapshot) -> dict[str, str]:
    """ISO-3 -> country name, most mentioned first."""
    rows = snap.df("SELECT iso3, any_value(country) AS country FROM countries GROUP BY iso3 ORDER BY count(*) DESC")
    return dict(zip(rows["iso3"], rows["country"], strict=True))


def date_bounds(snap: Snapshot) -> tuple[date, date] | None:
    first, last = snap.one("SELECT min(published), max(published) FROM articles")
    return (first, last) if first is not None else None


# -- aggregates ---------------------------------------------------------------------------------------------------
def overview_counts(snap: Snapshot, f: Filters, *, numeric: bool = False) -> dict:
    """Counts of the selected articles. Entities are the named ones (people, organisations, places, ...) unless
    `numeric` or the entity-type filter asks for dates, amounts and numbers too."""
    cte, params = selected_cte(snap, f)
    label_sql, label_params = _label_clause(f.labels)
    if not f.labels and not numeric:
        label_sql, label_params = f"e.label NOT IN ({_marks(NUMERIC_LABELS)})", list(NUMERIC_LABELS)
    row = snap.one(
        f"""{cte},
        a AS (SELECT count(*) AS n, min(published) AS first, max(published) AS last, count(DISTINCT source) AS sources
              FROM sel),
        e AS (SELECT count(DISTINCT entity) AS n, count(*) AS mentions FROM entities e
              WHERE {in_selection(snap, f, "e")} AND {label_sql}),
        q AS (SELECT count(*) AS n, count(DISTINCT speaker) FILTER (WHERE speaker <> '') AS speakers
              FROM quotes q WHERE {in_selection(snap, f, "q")}),
        c AS (SELECT count(DISTINCT iso3) AS n, count(*) AS mentions FROM countries c
              WHERE {in_selection(snap, f, "c")})
        SELECT a.n, e.n, e.mentions, q.n, q.speakers, c.n, c.mentions, a.first, a.last, a.sources FROM a, e, q, c""",
        params + label_params,
    )
    keys = ["articles", "entities", "entity_mentions", "quotes", "speakers", "countries", "country_mentions",
            "first", "last", "sources"]
    return dict(zip(keys, row, strict=True))


def top_entities(
    snap: Snapshot, f: Filters, *, labels: Sequence[str] | None = None, n: int = 10, by: str = "mentions"
) -> pd.DataFrame:
    """The n entities with most mentions (or found in most articles): entity, label, mentions, articles, share.

    `share` is the fraction of the selected articles that mention the entity. An entity tagged with several
    labels is shown under its most frequent one.
    """
    cte, params = selected_cte(snap, f)
    label_sql, label_params = _label_clause(_entity_labels(f, labels))
    m = f"SELECT e.entity, e.label, e.article_id FROM entities e WHERE {in_selection(snap, f, 'e')} AND {label_sql}"
    if by == "articles":
        ranked = """pairs AS (SELECT entity, article_id, count(*) AS n FROM m GROUP BY entity, article_id),
        ranked AS (SELECT entity, sum(n)::BIGINT AS mentions, count(*) AS articles FROM pairs GROUP BY entity
                   ORDER BY articles DESC, mentions DESC, entity LIMIT ?)"""
    else:  # count distinct articles only for the leaders (with room for ties on mentions, broken by articles)
        ranked = """totals AS (SELECT entity, sum(n)::BIGINT AS mentions FROM per_label GROUP BY entity
                   ORDER BY mentions DESC, entity LIMIT ? * 4 + 20),
        ranked AS (SELECT t.entity, t.mentions, count(DISTINCT m.article_id) AS articles
                   FROM m JOIN totals t USING (entity) GROUP BY t.entity, t.mentions)"""
    order = "articles DESC, mentions DESC" if by == "articles" else "mentions DESC, articles DESC"
    return snap.df(
        f"""{cte},
        m AS ({m}),
        per_label AS (SELECT entity, label, count(*) AS n FROM m GROUP BY ALL),
        {ranked}
        SELECT r.entity, b.label, r.mentions, r.articles,
               r.articles / greatest((SELECT count(*) FROM sel), 1) AS share
        FROM ranked r JOIN (SELECT entity, arg_max(label, n) AS label FROM per_label SEMI JOIN ranked USING (entity)
                            GROUP BY entity) b USING (entity)
        ORDER BY {order}, r.entity
        LIMIT ?""",
        params + label_params + [n, n],
    )


def top_speakers(snap: Snapshot, f: Filters, *, n: int = 10, search: str = "", min_words: int = 0) -> pd.DataFrame:
    """Most quoted named speakers: speaker, quotes, articles (quotes of at least `min_words` words)."""
    cte, params = selected_cte(snap, f)
    search_sql, search_params = _quote_search(search, min_words)
    return snap.df(
        f"""{cte}
        SELECT q.speaker, count(*) AS quotes, count(DISTINCT q.article_id) AS articles
        FROM quotes q
        WHERE {in_selection(snap, f, "q")} AND q.speaker <> '' AND {search_sql}
        GROUP BY q.speaker ORDER BY quotes DESC, articles DESC, q.speaker LIMIT ?""",
        params + search_params + [n],
    )


def source_summary(snap: Snapshot, f: Filters) -> pd.DataFrame:
    """What the corpus holds per source: articles, words, date span, mentions, quotes, countries."""
    cte, params = selected_cte(snap, f)
    return snap.df(
        f"""{cte}
        SELECT CASE WHEN a.source = '' THEN '(no source)' ELSE a.source END AS source,
               count(*) AS articles, sum(a.n_words)::BIGINT AS words,
               min(a.published) AS first_date, max(a.published) AS last_date,
               sum(n.entity_mentions)::BIGINT AS entity_mentions, sum(n.quotes)::BIGINT AS quotes,
               coalesce(sum(c.n), 0)::BIGINT AS country_mentions
        FROM articles a SEMI JOIN sel USING (article_id) JOIN article_counts n USING (article_id)
        LEFT JOIN (SELECT article_id, count(*) AS n FROM countries c WHERE {in_selection(snap, f, "c")}
                   GROUP BY article_id) c USING (article_id)
        GROUP BY 1 ORDER BY articles DESC, source""",
        params,
    )


def has_dates(snap: Snapshot, f: Filters) -> bool:
    cte, params = selected_cte(snap, f)
    return bool(snap.one(f"{cte} SELECT count(published) FROM sel", params)[0])


def entity_timeline(
    snap: Snapshot, f: Filters, entities: Sequence[str], *, period: str = "month"
) -> pd.DataFrame:
    """Mentions per period of the given entities in dated articles: period, entity, mentions, articles."""
    if not entities:
        return pd.DataFrame(columns=["period", "entity", "mentions", "articles"])
    if period not in ("day", "week", "month", "quarter", "year"):
        raise ValueError(f"unknown period {period!r}")
    cte, params = selected_cte(snap, f)
    label_sql, label_params = _label_clause(f.labels)
    return snap.df(
        f"""{cte}
        SELECT date_trunc('{period}', sel.published)::DATE AS period, e.entity,
               count(*) AS mentions, count(DISTINCT e.article_id) AS articles
        FROM entities e JOIN sel USING (article_id)
        WHERE sel.published IS NOT NULL AND e.entity IN ({_marks(entities)}) AND {label_sql}
        GROUP BY ALL ORDER BY period, e.entity""",
        params + list(entities) + label_params,
    )


def timeline_period(snap: Snapshot, f: Filters) -> str:
    """A period that gives a readable number of points for the selected date span."""
    cte, params = selected_cte(snap, f)
    first, last = snap.one(f"{cte} SELECT min(published), max(published) FROM sel", params)
    if first is None:
        return "month"
    days = (last - first).days
    return "day" if days <= 45 else "week" if days <= 300 else "month" if days <= 3 * 365 else "quarter"


def cooccurring(
    snap: Snapshot, f: Filters, entity: str, *, n: int = 10, labels: Sequence[str] | None = None
) -> pd.DataFrame:
    """Entities found in the same articles as `entity`: entity, label, articles (shared), share (of its articles)."""
    cte, params = selected_cte(snap, f)
    label_sql, label_params = _label_clause(_entity_labels(f, labels))
    return snap.df(
        f"""{cte},
        mine AS (SELECT DISTINCT article_id FROM entities e WHERE {in_selection(snap, f, "e")} AND e.entity = ?),
        other AS (SELECT e.entity, e.label, e.article_id FROM entities e SEMI JOIN mine USING (article_id)
                  WHERE e.entity <> ? AND {label_sql}),
        per_label AS (SELECT entity, label, count(*) AS n FROM other GROUP BY ALL),
        pairs AS (SELECT DISTINCT entity, article_id FROM other),
        top AS (SELECT entity, count(*) AS articles FROM pairs GROUP BY entity ORDER BY articles DESC, entity LIMIT ?)
        SELECT t.entity, b.label, t.articles, t.articles / greatest((SELECT count(*) FROM mine), 1) AS share
        FROM top t JOIN (SELECT entity, arg_max(label, n) AS label FROM per_label SEMI JOIN top USING (entity)
                         GROUP BY entity) b USING (entity)
        ORDER BY t.articles DESC, t.entity""",
        params + [entity, entity] + label_params + [n],
    )


def _mention_where(f: Filters, entities: Sequence[str]) -> tuple[str, list]:
    label_sql, label_params = _label_clause(f.labels)
    return f"e.entity IN ({_marks(entities)}) AND {label_sql}", list(entities) + label_params


def entity_mentions(snap: Snapshot, f: Filters, entities: Sequence[str], *, limit: int = 5000) -> pd.DataFrame:
    """One row per mention of the given entities, with the article's metadata."""
    if not entities:
        return pd.DataFrame(columns=["entity", "label", "text", *ARTICLE_META, "article_id"])
    cte, params = selected_cte(snap, f)
    where, where_params = _mention_where(f, entities)
    return snap.df(
        f"""{cte}
        SELECT e.entity, e.label, e.text, sel.title, sel.source, sel.published, sel.url, e.article_id
        FROM entities e JOIN sel USING (article_id)
        WHERE {where}
        ORDER BY e.entity, sel.published DESC NULLS LAST, sel.title, e.start_char LIMIT ?""",
        params + where_params + [limit],
    )


def entity_mention_count(snap: Snapshot, f: Filters, entities: Sequence[str]) -> int:
    if not entities:
        return 0
    where, where_params = _mention_where(f, entities)
    return snap.one(f"SELECT count(*) FROM entities e WHERE {in_selection(snap, f, 'e')} AND {where}",
                    where_params)[0]


# -- quotes -------------------------------------------------------------------------------------------------------
# A quote as a reader wants it: without the comma (or colon) that led into "he said" in the article.
QUOTE_TEXT = r"regexp_replace(q.quote, '[\s,;:]+$', '')"


def _quote_search(search: str, min_words: int = 0) -> tuple[str, list]:
    search = (search or "").strip()
    sql, params = "TRUE", []
    if search:
        sql = "(strpos(lower(q.quote), lower(?)) > 0 OR strpos(lower(q.speaker), lower(?)) > 0)"
        params = [search, search]
    if min_words > 1:  # a word or two in quotation marks ("fooled", "golden rule") is a scare quote, not a statement
        sql, params = f"{sql} AND len(regexp_split_to_array(trim(q.quote), '\\s+')) >= ?", [*params, min_words]
    return sql, params


def _quote_where(f: Filters, search: str, speakers: Sequence[str], by_entities: bool,
                 min_words: int = 0) -> tuple[str, list]:
    clauses, params = [], []
    sql, p = _quote_search(search, min_words)
    clauses.append(sql)
    params += p
    if speakers:
        clauses.append(f"q.speaker IN ({_marks(speakers)})")
        params += list(speakers)
    if by_entities and f.entities:
        clauses.append(f"q.speaker IN ({_marks(f.entities)})")
        params += f.entities
    return " AND ".join(clauses), params


def quotes_table(
    snap: Snapshot,
    f: Filters,
    *,
    search: str = "",
    speakers: Sequence[str] = (),
    by_entities: bool = True,
    min_words: int = 0,
    limit: int = 1000,
) -> pd.DataFrame:
    """Quotes in the selected articles: quote, speaker, cue, title, source, published, url, article_id.

    With `by_entities`, an entity filter keeps the quotes *said by* the selected entities; without it, every quote
    in the articles that mention them. `min_words` leaves out shorter quotes (scare quotes).
    """
    cte, params = selected_cte(snap, f)
    where, where_params = _quote_where(f, search, speakers, by_entities, min_words)
    return snap.df(
        f"""{cte}
        SELECT {QUOTE_TEXT} AS quote, q.speaker, q.cue, sel.title, sel.source, sel.published, sel.url, q.article_id
        FROM quotes q JOIN sel USING (article_id)
        WHERE {where}
        ORDER BY sel.published DESC NULLS LAST, sel.title, q.article_id, q.start_char LIMIT ?""",
        params + where_params + [limit],
    )


def quote_count(
    snap: Snapshot, f: Filters, *, search: str = "", speakers: Sequence[str] = (), by_entities: bool = True,
    min_words: int = 0,
) -> int:
    cte, params = selected_cte(snap, f)
    where, where_params = _quote_where(f, search, speakers, by_entities, min_words)
    return snap.one(f"{cte} SELECT count(*) FROM quotes q WHERE {in_selection(snap, f, 'q')} AND {where}",
                    params + where_params)[0]


def speaker_choices(snap: Snapshot, f: Filters) -> list[str]:
    cte, params = selected_cte(snap, f)
    return snap.df(
        f"""{cte} SELECT q.speaker FROM quotes q WHERE {in_selection(snap, f, "q")} AND q.speaker <> ''
        GROUP BY q.speaker ORDER BY count(*) DESC, q.speaker""",
        params,
    )["speaker"].tolist()


# -- countries ----------------------------------------------------------------------------------------------------
def country_counts(snap: Snapshot, f: Filters, *, forms: int | None = None) -> pd.DataFrame:
    """Per country: iso3, country, mentions, articles, share (of the selected articles), forms (how it was written,
    every form or the `forms` most frequent, with counts), kinds."""
    cte, params = selected_cte(snap, f)
    return snap.df(
        f"""{cte},
        m AS (SELECT c.* FROM countries c WHERE {in_selection(snap, f, "c")}),
        by_form AS (SELECT iso3, text, count(*) AS n FROM m GROUP BY ALL),
        by_kind AS (SELECT iso3, kind, count(*) AS n FROM m GROUP BY ALL),
        forms AS (SELECT iso3, string_agg(text || ' (' || n || ')', ', ' ORDER BY n DESC, text) AS forms
                  FROM (SELECT *, row_number() OVER (PARTITION BY iso3 ORDER BY n DESC, text) AS r FROM by_form)
                  WHERE r <= coalesce(?, r) GROUP BY iso3),
        kinds AS (SELECT iso3, string_agg(kind || ' ' || n, ', ' ORDER BY n DESC, kind) AS kinds
                  FROM by_kind GROUP BY iso3),
        totals AS (SELECT iso3, any_value(country) AS country, count(*) AS mentions,
                          count(DISTINCT article_id) AS articles FROM m GROUP BY iso3)
        SELECT t.iso3, t.country, t.mentions, t.articles,
               t.articles / greatest((SELECT count(*) FROM sel), 1) AS share, forms.forms, kinds.kinds
        FROM totals t LEFT JOIN forms USING (iso3) LEFT JOIN kinds USING (iso3)
        ORDER BY t.mentions DESC, t.iso3""",
        params + [forms],
    )


# -- articles -----------------------------------------------------------------------------------------------------
def articles_table(snap: Snapshot, f: Filters, *, limit: int = 1000) -> pd.DataFrame:
    """The selected articles, newest first: title, source, published, url, words, mentions, quotes, article_id."""
    cte, params = selected_cte(snap, f)
    if f.labels:  # count only the chosen types, in the page of articles shown
        label_sql, label_params = _label_clause(f.labels)
        mentions = (f"(SELECT count(*) FROM entities e WHERE e.article_id = page.article_id AND {label_sql})")
    else:
        mentions, label_params = "page.entity_mentions", []
    return snap.df(
        f"""{cte},
        page AS (SELECT a.title, a.source, a.published, a.url, a.n_words AS words, n.entity_mentions, n.quotes,
                        a.article_id
                 FROM articles a SEMI JOIN sel USING (article_id) JOIN article_counts n USING (article_id)
                 ORDER BY a.published DESC NULLS LAST, nullif(a.title, '') NULLS LAST, a.article_id LIMIT ?)
        SELECT page.title, page.source, page.published, page.url, page.words,
               {mentions}::BIGINT AS entity_mentions, page.quotes, page.article_id
        FROM page ORDER BY page.published DESC NULLS LAST, nullif(page.title, '') NULLS LAST, page.article_id""",
        params + [limit] + label_params,
    )


def article_count(snap: Snapshot, f: Filters) -> int:
    cte, params = selected_cte(snap, f)
    return snap.one(f"{cte} SELECT count(*) FROM sel", params)[0]


def article(snap: Snapshot, article_id: str) -> dict | None:
    """One article's columns as plain Python values (`published` a date or None), its text read from its batch."""
    cur = snap.cursor()
    try:
        row = cur.execute("SELECT * FROM articles WHERE article_id = ?", [article_id]).fetchone()
        if row is None:
            return None
        doc = dict(zip([d[0] for d in cur.description], row, strict=True))
        store = Store(snap.root)
        batch = store.batches / doc.pop("batch_id") / "articles.parquet"
        if batch.exists():
            text = cur.execute("SELECT text FROM read_parquet(?) WHERE article_id = ? LIMIT 1",
                               [str(batch), article_id]).fetchone()
        else:  # merged into a larger batch since the snapshot was taken
            text = store.connect().execute("SELECT text FROM articles WHERE article_id = ?", [article_id]).fetchone()
        return {**doc, "text": text[0] if text else ""}
    finally:
        cur.close()


def article_entities(snap: Snapshot, article_id: str) -> pd.DataFrame:
    return snap.df(
        "SELECT entity, label, text, start_char, end_char FROM entities WHERE article_id = ? ORDER BY start_char",
        [article_id],
    )


def article_quotes(snap: Snapshot, article_id: str) -> pd.DataFrame:
    return snap.df(
        f"SELECT {QUOTE_TEXT} AS quote, speaker, speaker_text, cue, start_char, end_char FROM quotes q "
        "WHERE article_id = ? ORDER BY start_char",
        [article_id],
    )


def article_countries(snap: Snapshot, article_id: str) -> pd.DataFrame:
    return snap.df(
        "SELECT iso3, country, text, kind, start_char, end_char FROM countries WHERE article_id = ? "
        "ORDER BY start_char",
        [article_id],
    )


# -- export -------------------------------------------------------------------------------------------------------
_FORMULA = re.compile(r"^[=+\-@\t\r]")


def neutralise(value):
    """Prefix a cell that a spreadsheet would run as a formula with a quote."""
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def csv_safe(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    return out


def to_csv(df: pd.DataFrame) -> bytes:
    buffer = io.StringIO()
    csv_safe(df).to_csv(buffer, index=False)
    return buffer.getvalue().encode("utf-8")
