"""Queries about the selected articles as a whole: counts, per-source totals, dates, the article list, and one
article with its entities, quotes and countries."""

from __future__ import annotations

import pandas as pd

from components import metadata
from components.filters import Filters, label_clause
from components.labels import NUMERIC_LABELS
from components.queries.quotes import QUOTE_TEXT
from components.snapshot import Snapshot, in_selection, selected_cte


def overview_counts(snap: Snapshot, f: Filters, *, numeric: bool = False) -> dict:
    """Counts of the selected articles. Entities are the named ones (people, organisations, places, ...) unless
    `numeric` or the entity-type filter asks for dates, amounts and numbers too."""
    label_sql, label_params = label_clause(f.labels)
    if not f.labels and not numeric:
        label_sql, label_params = "NOT list_contains(?, e.label)", [list(NUMERIC_LABELS)]
    row = snap.one(
        f"""{selected_cte(snap, f)},
        a AS (SELECT count(*) AS n, min(published) AS first, max(published) AS last, count(DISTINCT source) AS sources
              FROM sel),
        e AS (SELECT count(DISTINCT entity) AS n, coalesce(sum(mentions), 0)::BIGINT AS mentions
              FROM entity_articles e WHERE {in_selection(snap, f, "e")} AND {label_sql}),
        q AS (SELECT count(*) AS n, count(DISTINCT speaker) FILTER (WHERE speaker <> '') AS speakers
              FROM quotes q WHERE {in_selection(snap, f, "q")} AND q.kind = 'direct'),
        c AS (SELECT count(DISTINCT iso3) AS n, count(*) AS mentions FROM countries c
              WHERE {in_selection(snap, f, "c")})
        SELECT a.n, e.n, e.mentions, q.n, q.speakers, c.n, c.mentions, a.first, a.last, a.sources FROM a, e, q, c""",
        label_params,
    )
    keys = ["articles", "entities", "entity_mentions", "quotes", "speakers", "countries", "country_mentions",
            "first", "last", "sources"]
    return dict(zip(keys, row, strict=True))


def source_summary(snap: Snapshot, f: Filters) -> pd.DataFrame:
    """What the corpus holds per source: articles, words, date span, mentions, quotes, countries."""
    return snap.df(
        f"""{selected_cte(snap, f)}
        SELECT CASE WHEN a.source = '' THEN '(no source)' ELSE a.source END AS source,
               count(*) AS articles, sum(a.n_words)::BIGINT AS words,
               min(a.published) AS first_date, max(a.published) AS last_date,
               sum(n.entity_mentions)::BIGINT AS entity_mentions, sum(n.quotes)::BIGINT AS quotes,
               sum(n.country_mentions)::BIGINT AS country_mentions
        FROM articles a SEMI JOIN sel USING (aid) JOIN article_counts n USING (aid)
        GROUP BY 1 ORDER BY articles DESC, source"""
    )


def has_dates(snap: Snapshot, f: Filters) -> bool:
    return bool(snap.one(f"{selected_cte(snap, f)} SELECT count(published) FROM sel")[0])


def timeline_period(snap: Snapshot, f: Filters) -> str:
    """A period that gives a readable number of points for the selected date span."""
    first, last = snap.one(f"{selected_cte(snap, f)} SELECT min(published), max(published) FROM sel")
    if first is None:
        return "month"
    days = (last - first).days
    return "day" if days <= 45 else "week" if days <= 300 else "month" if days <= 3 * 365 else "quarter"


# The orders the article list offers (the first is the default), on the columns of its rows.
ARTICLE_ORDERS = {
    "newest": "published DESC NULLS LAST, nullif(title, '') NULLS LAST, article_id",
    "oldest": "published NULLS LAST, nullif(title, '') NULLS LAST, article_id",
    "longest": "words DESC, published DESC NULLS LAST, article_id",
    "quotes": "quotes DESC, published DESC NULLS LAST, article_id",
}


def articles_table(snap: Snapshot, f: Filters, *, order: str = "newest", limit: int = 1000) -> pd.DataFrame:
    """The selected articles in `order` (a key of ARTICLE_ORDERS): title, source, a column per metadata field the
    rows carry (`meta_category`, in name order), published, url, words, mentions, quotes, article_id."""
    if f.labels:  # count only the chosen types, in the page of articles shown
        label_sql, label_params = label_clause(f.labels)
        mentions = f"(SELECT count(*) FROM entities e WHERE e.article_id = page.article_id AND {label_sql})"
    else:
        mentions, label_params = "n.entity_mentions", []
    # The page is cut from the articles alone, and its counts joined after: joining a million articles with their
    # counts first took a second and more. Only an order by quotes needs the counts before the cut.
    by_count = order == "quotes"
    rows = snap.df(
        f"""WITH page AS (
            SELECT a.title, a.source, a.published, a.url, a.n_words AS words, a.article_id, a.metadata, a.aid
                   {", c.quotes" if by_count else ""}
            FROM articles a {"JOIN article_counts c USING (aid)" if by_count else ""}
            WHERE {in_selection(snap, f, "a")}
            ORDER BY {ARTICLE_ORDERS[order]} LIMIT ?)
        SELECT page.title, page.source, page.published, page.url, page.words,
               {mentions}::BIGINT AS entity_mentions, n.quotes, page.article_id, page.metadata
        FROM page JOIN article_counts n USING (aid) ORDER BY {ARTICLE_ORDERS[order]}""",
        [limit, *label_params],
    )
    fields = metadata_columns(rows.pop("metadata"))
    return pd.concat([rows[["title", "source"]], fields, rows.drop(columns=["title", "source"])], axis=1)


def metadata_columns(column: pd.Series) -> pd.DataFrame:
    """A text column per metadata field the maps hold, named and written as in `articles.csv`
    (`metadata.columns_sql`)."""
    maps = [m if isinstance(m, dict) else {} for m in column]  # an article without metadata reads as pd.NA
    fields = sorted({field for m in maps for field in m})
    return pd.DataFrame({metadata.column_name(field): [metadata.SEPARATOR.join(m.get(field) or ()) or None
                                                       for m in maps] for field in fields},
                        index=column.index, dtype=object)


def article_count(snap: Snapshot, f: Filters) -> int:
    return snap.one(f"{selected_cte(snap, f)} SELECT count(*) FROM sel")[0]


def article(snap: Snapshot, article_id: str) -> dict | None:
    """One article's columns as plain Python values (`published` a date or None), its text read from the store."""
    cur = snap.cursor()
    try:
        row = cur.execute("SELECT * EXCLUDE (aid) FROM articles WHERE article_id = ?", [article_id]).fetchone()
        if row is None:
            return None
        doc = dict(zip([d[0] for d in cur.description], row, strict=True))
    finally:
        cur.close()
    return {**doc, "text": snap.read_text(article_id, doc.pop("batch_id"))}


def article_entities(snap: Snapshot, article_id: str) -> pd.DataFrame:
    return snap.df(
        "SELECT entity, label, text, start_char, end_char FROM entities WHERE article_id = ? ORDER BY start_char",
        [article_id],
    )


def article_quotes(snap: Snapshot, article_id: str) -> pd.DataFrame:
    return snap.df(
        f"SELECT {QUOTE_TEXT} AS quote, speaker, speaker_text, cue, start_char, end_char FROM quotes q "
        "WHERE article_id = ? AND kind = 'direct' ORDER BY start_char",
        [article_id],
    )


def article_countries(snap: Snapshot, article_id: str) -> pd.DataFrame:
    return snap.df(
        "SELECT iso3, country, text, kind, start_char, end_char FROM countries WHERE article_id = ? "
        "ORDER BY start_char",
        [article_id],
    )
