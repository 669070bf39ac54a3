"""Queries about the entities of the selected articles: the most named, over time, named together, every mention."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from components.filters import Filters, chart_labels, label_clause
from components.snapshot import ARTICLE_META, Snapshot, in_selection, selected_cte

PERIODS = ("day", "week", "month", "quarter", "year")


def top_entities(
    snap: Snapshot, f: Filters, *, labels: Sequence[str] | None = None, n: int = 10, by: str = "mentions"
) -> pd.DataFrame:
    """The n entities with most mentions (or found in most articles): entity, label, mentions, articles, share.

    `share` is the fraction of the selected articles that mention the entity. An entity tagged with several
    labels is shown under its most frequent one.
    """
    chart = chart_labels(f, labels)
    label_sql, label_params = label_clause(chart)
    # rows of entity_articles, one per article, name and type: of one type, one per article and name
    m = (f"SELECT e.entity, e.label, e.aid, e.mentions FROM entity_articles e "
         f"WHERE {in_selection(snap, f, 'e')} AND {label_sql}")
    one_type = len(chart) == 1
    if by == "articles":
        pairs = "SELECT entity, aid, mentions AS n FROM m" if one_type else \
            "SELECT entity, aid, sum(mentions) AS n FROM m GROUP BY entity, aid"
        ranked = f"""pairs AS ({pairs}),
        ranked AS (SELECT entity, sum(n)::BIGINT AS mentions, count(*) AS articles FROM pairs GROUP BY entity
                   ORDER BY articles DESC, mentions DESC, entity LIMIT ?)"""
    else:  # count articles only for the leaders (with room for ties on mentions, broken by articles)
        ranked = f"""totals AS (SELECT entity, sum(n)::BIGINT AS mentions FROM per_label GROUP BY entity
                   ORDER BY mentions DESC, entity LIMIT ? * 4 + 20),
        ranked AS (SELECT t.entity, t.mentions, {'count(*)' if one_type else 'count(DISTINCT m.aid)'} AS articles
                   FROM m JOIN totals t USING (entity) GROUP BY t.entity, t.mentions)"""
    order = "articles DESC, mentions DESC" if by == "articles" else "mentions DESC, articles DESC"
    return snap.df(
        f"""{selected_cte(snap, f)},
        m AS ({m}),
        per_label AS (SELECT entity, label, sum(mentions) AS n FROM m GROUP BY ALL),
        {ranked}
        SELECT r.entity, b.label, r.mentions, r.articles,
               r.articles / greatest((SELECT count(*) FROM sel), 1) AS share
        FROM ranked r JOIN (SELECT entity, arg_min(label, (-n, label)) AS label  -- a tie: the first alphabetically
                            FROM per_label SEMI JOIN ranked USING (entity) GROUP BY entity) b USING (entity)
        ORDER BY {order}, r.entity
        LIMIT ?""",
        [*label_params, n, n],
    )


def entity_timeline(
    snap: Snapshot, f: Filters, entities: Sequence[str], *, period: str = "month"
) -> pd.DataFrame:
    """Attention per period to the given entities in dated articles: period, entity, mentions, articles, and share
    (of the period's selected dated articles that name the entity)."""
    if not entities:
        return pd.DataFrame(columns=["period", "entity", "mentions", "articles", "share"])
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}")
    label_sql, label_params = label_clause(f.labels)
    return snap.df(
        f"""{selected_cte(snap, f)},
        per_period AS (SELECT date_trunc('{period}', published)::DATE AS period, count(*) AS n FROM sel
                       WHERE published IS NOT NULL GROUP BY ALL),
        counts AS (
            SELECT date_trunc('{period}', sel.published)::DATE AS period, e.entity,
                   count(*) AS mentions, count(DISTINCT e.aid) AS articles
            FROM entities e JOIN sel USING (aid)
            WHERE sel.published IS NOT NULL AND list_contains(?, e.entity) AND {label_sql}
            GROUP BY ALL)
        SELECT c.*, c.articles / p.n AS share FROM counts c JOIN per_period p USING (period)
        ORDER BY period, c.entity""",
        [list(entities), *label_params],
    )


def cooccurring(
    snap: Snapshot, f: Filters, entity: str, *, n: int = 10, labels: Sequence[str] | None = None
) -> pd.DataFrame:
    """Entities found in the same articles as `entity`: entity, label, articles (shared), share (of its articles)."""
    label_sql, label_params = label_clause(chart_labels(f, labels))
    return snap.df(
        f"""{selected_cte(snap, f)},
        mine AS (SELECT DISTINCT aid FROM entity_articles e WHERE {in_selection(snap, f, "e")} AND e.entity = ?),
        other AS (SELECT e.entity, e.label, e.aid, e.mentions FROM entity_articles e SEMI JOIN mine USING (aid)
                  WHERE e.entity <> ? AND {label_sql}),
        per_label AS (SELECT entity, label, sum(mentions) AS n FROM other GROUP BY ALL),
        pairs AS (SELECT DISTINCT entity, aid FROM other),
        top AS (SELECT entity, count(*) AS articles FROM pairs GROUP BY entity ORDER BY articles DESC, entity LIMIT ?)
        SELECT t.entity, b.label, t.articles, t.articles / greatest((SELECT count(*) FROM mine), 1) AS share
        FROM top t JOIN (SELECT entity, arg_min(label, (-n, label)) AS label FROM per_label SEMI JOIN top USING (entity)
                         GROUP BY entity) b USING (entity)
        ORDER BY t.articles DESC, t.entity""",
        [entity, entity, *label_params, n],
    )


def _mention_where(f: Filters, entities: Sequence[str]) -> tuple[str, list]:
    label_sql, label_params = label_clause(f.labels)
    return f"list_contains(?, e.entity) AND {label_sql}", [list(entities), *label_params]


def entity_mentions(snap: Snapshot, f: Filters, entities: Sequence[str], *, limit: int = 5000) -> pd.DataFrame:
    """One row per mention of the given entities, with the article's metadata."""
    if not entities:
        return pd.DataFrame(columns=["entity", "label", "text", *ARTICLE_META, "article_id"])
    where, params = _mention_where(f, entities)
    return snap.df(
        f"""{selected_cte(snap, f)}
        SELECT e.entity, e.label, e.text, sel.title, sel.source, sel.published, sel.url, e.article_id
        FROM entities e JOIN sel USING (aid)
        WHERE {where}
        ORDER BY e.entity, sel.published DESC NULLS LAST, sel.title, e.start_char LIMIT ?""",
        [*params, limit],
    )


def entity_mention_count(snap: Snapshot, f: Filters, entities: Sequence[str]) -> int:
    if not entities:
        return 0
    where, params = _mention_where(f, entities)
    return snap.one(f"SELECT count(*) FROM entities e WHERE {in_selection(snap, f, 'e')} AND {where}", params)[0]
