"""Compare two slices of the coverage: what each names, quotes and locates, and what is distinctive to each.

A slice is the sidebar's selection narrowed by its own filters ("The Guardian", "March", "articles naming Putin").
Each item (an entity, a speaker, a country) is counted in articles of each slice, and its share of that slice's
articles is given beside the count. What is distinctive is the weighted log-odds ratio with an informative Dirichlet
prior (Monroe, Colaresi and Quinn 2008, "Fightin' Words"), the prior being the items' counts in the whole store,
scaled to weigh as much as the two slices together. It is a z-score: large when an item is much more common in one
slice than in the other and seen often enough to tell; positive for slice A, negative for slice B.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from components.filters import Filters, label_clause
from components.snapshot import Snapshot

# item -> the SQL giving (article_id, item, label) rows; a speaker counts in the articles that quote them.
ITEMS = {
    "entities": "SELECT article_id, entity AS item, label FROM entities WHERE {labels}",
    "speakers": "SELECT article_id, speaker AS item, 'PERSON' AS label FROM quotes "
                "WHERE speaker <> '' AND kind = 'direct'",
    "countries": "SELECT article_id, country AS item, 'GPE' AS label FROM countries",
}
COLUMNS = ["item", "label", "articles_a", "share_a", "articles_b", "share_b", "log_odds_z"]


def compare(snap: Snapshot, f: Filters, *, a: Filters, b: Filters, kind: str = "entities",
            labels: tuple[str, ...] = (), min_articles: int = 2) -> pd.DataFrame:
    """Items of both slices with their articles and share in each, and the log-odds z-score (A positive), sorted by
    it; items in fewer than `min_articles` articles of the two slices together are left out."""
    if kind not in ITEMS:
        raise ValueError(f"unknown kind {kind!r}")
    label_sql, label_params = label_clause(labels, alias="entities")
    items = ITEMS[kind].format(labels=label_sql)
    slices = {"a": _slice(snap, f, a), "b": _slice(snap, f, b)}
    counts = snap.df(f"""
        WITH rows AS ({items}),
        labelled AS (SELECT item, label, count(*) AS n FROM rows GROUP BY item, label),
        -- an item's most frequent label, a tie going to the first in alphabetical order (not to the row met first)
        per_item AS (SELECT item, label, background FROM
                         (SELECT item, count(DISTINCT article_id) AS background FROM rows GROUP BY item)
                     JOIN (SELECT item, first(label ORDER BY n DESC, label) AS label FROM labelled GROUP BY item)
                     USING (item)),
        a AS (SELECT item, count(DISTINCT article_id) AS articles_a FROM rows SEMI JOIN {slices["a"]} s
              USING (article_id) GROUP BY item),
        b AS (SELECT item, count(DISTINCT article_id) AS articles_b FROM rows SEMI JOIN {slices["b"]} s
              USING (article_id) GROUP BY item)
        SELECT p.item, p.label, p.background, coalesce(a.articles_a, 0) AS articles_a,
               coalesce(b.articles_b, 0) AS articles_b
        FROM per_item p LEFT JOIN a USING (item) LEFT JOIN b USING (item)
        WHERE coalesce(a.articles_a, 0) + coalesce(b.articles_b, 0) > 0""", label_params)
    return score(counts, *slice_sizes(snap, f, a=a, b=b), min_articles=min_articles)


def score(counts: pd.DataFrame, size_a: int, size_b: int, *, min_articles: int = 2) -> pd.DataFrame:
    """Shares and the weighted log-odds z-score of each item (columns item, label, background, articles_a,
    articles_b), sorted from most distinctive of A to most distinctive of B."""
    if counts.empty:
        return pd.DataFrame(columns=COLUMNS)
    ya, yb = counts["articles_a"].astype(float), counts["articles_b"].astype(float)
    na, nb = ya.sum(), yb.sum()
    # the store's counts as the prior, scaled to weigh as much as the two slices together
    alpha = counts["background"].astype(float) * (na + nb) / max(counts["background"].sum(), 1)
    a0 = alpha.sum()
    delta = (np.log((ya + alpha) / (na + a0 - ya - alpha)) - np.log((yb + alpha) / (nb + a0 - yb - alpha)))
    z = delta / np.sqrt(1 / (ya + alpha) + 1 / (yb + alpha))
    out = counts.assign(share_a=ya / max(size_a, 1), share_b=yb / max(size_b, 1), log_odds_z=z.round(3))
    out = out[out["articles_a"] + out["articles_b"] >= min_articles]
    return out.sort_values(["log_odds_z", "item"], ascending=[False, True])[COLUMNS].reset_index(drop=True)


def slice_sizes(snap: Snapshot, f: Filters, *, a: Filters, b: Filters) -> tuple[int, int]:
    """How many of the selected articles each slice holds."""
    a_ids, b_ids = _slice(snap, f, a), _slice(snap, f, b)
    return snap.one(f"SELECT (SELECT count(*) FROM {a_ids} x), (SELECT count(*) FROM {b_ids} y)")


def _slice(snap: Snapshot, f: Filters, own: Filters) -> str:
    """The ids of the sidebar's selection that the slice's own filters let through, as a subquery."""
    ids = "SELECT a.article_id FROM articles a SEMI JOIN {} USING (aid)"
    return f"({ids.format(snap.selection(f))} INTERSECT {ids.format(snap.selection(own))})"
