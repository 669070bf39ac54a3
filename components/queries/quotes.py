"""Queries about the quotes of the selected articles: the list, its count, the speakers."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from components.filters import Filters
from components.snapshot import Snapshot, in_selection, selected_cte

# A quote as a reader wants it: without the comma (or colon) that led into "he said" in the article.
QUOTE_TEXT = r"regexp_replace(q.quote, '[\s,;:]+$', '')"
# The orders the quote list offers (the first is the default); the list and its CSV downloads share one.
QUOTE_ORDERS = {
    "newest": "sel.published DESC NULLS LAST, sel.title, q.article_id, q.start_char",
    "oldest": "sel.published NULLS LAST, sel.title, q.article_id, q.start_char",
    "speaker": "nullif(q.speaker, '') NULLS LAST, sel.published DESC NULLS LAST, sel.title, q.article_id, q.start_char",
    "longest": "length(q.quote) DESC, sel.published DESC NULLS LAST, q.article_id, q.start_char",
}
# The kinds of quote shown unless asked otherwise: words in quotation marks, not reported speech.
DIRECT = ("direct",)


def _quote_search(search: str, min_words: int = 0, kinds: Sequence[str] = DIRECT) -> tuple[str, list]:
    search = (search or "").strip()
    sql, params = "list_contains(?, q.kind)", [list(kinds)]
    if search:
        sql = f"{sql} AND (strpos(lower(q.quote), lower(?)) > 0 OR strpos(lower(q.speaker), lower(?)) > 0)"
        params = [*params, search, search]
    if min_words > 1:  # a word or two in quotation marks ("fooled", "golden rule") is a scare quote, not a statement
        sql, params = f"{sql} AND q.quote_words >= ?", [*params, min_words]  # the snapshot's word count
    return sql, params


def _quote_where(f: Filters, search: str, speakers: Sequence[str], by_entities: bool,
                 min_words: int = 0, kinds: Sequence[str] = DIRECT) -> tuple[str, list]:
    sql, params = _quote_search(search, min_words, kinds)
    clauses = [sql]
    if speakers:
        clauses.append("list_contains(?, q.speaker)")
        params.append(list(speakers))
    if by_entities and f.entities:
        clauses.append("list_contains(?, q.speaker)")
        params.append(list(f.entities))
    return " AND ".join(clauses), params


def quotes_table(
    snap: Snapshot,
    f: Filters,
    *,
    search: str = "",
    speakers: Sequence[str] = (),
    by_entities: bool = True,
    min_words: int = 0,
    kinds: Sequence[str] = DIRECT,
    order: str = "newest",
    limit: int = 1000,
) -> pd.DataFrame:
    """Quotes in the selected articles: quote, kind, speaker, role, cue, title, source, published, url, article_id.

    With `by_entities`, an entity filter keeps the quotes *said by* the selected entities; without it, every quote
    in the articles that mention them. `min_words` leaves out shorter quotes (scare quotes); `kinds` picks direct
    quotes, indirect ones (reported speech, the reported clause as the quote) or both; `order` is a key of
    QUOTE_ORDERS.
    """
    where, params = _quote_where(f, search, speakers, by_entities, min_words, kinds)
    return snap.df(
        f"""{selected_cte(snap, f)}
        SELECT {QUOTE_TEXT} AS quote, q.kind, q.speaker, q.speaker_role AS role, q.cue, sel.title, sel.source,
               sel.published, sel.url, q.article_id
        FROM quotes q JOIN sel USING (aid)
        WHERE {where}
        ORDER BY {QUOTE_ORDERS[order]} LIMIT ?""",
        [*params, limit],
    )


def quote_count(
    snap: Snapshot, f: Filters, *, search: str = "", speakers: Sequence[str] = (), by_entities: bool = True,
    min_words: int = 0, kinds: Sequence[str] = DIRECT,
) -> int:
    where, params = _quote_where(f, search, speakers, by_entities, min_words, kinds)
    return snap.one(f"SELECT count(*) FROM quotes q WHERE {in_selection(snap, f, 'q')} AND {where}", params)[0]


def speaker_choices(snap: Snapshot, f: Filters, *, kinds: Sequence[str] = DIRECT) -> list[str]:
    return snap.df(
        f"""SELECT q.speaker FROM quotes q
        WHERE {in_selection(snap, f, "q")} AND q.speaker <> '' AND list_contains(?, q.kind)
        GROUP BY q.speaker ORDER BY count(*) DESC, q.speaker""", [list(kinds)]
    )["speaker"].tolist()


def top_speakers(snap: Snapshot, f: Filters, *, n: int = 10, search: str = "", min_words: int = 0,
                 kinds: Sequence[str] = DIRECT) -> pd.DataFrame:
    """Most quoted named speakers: speaker, quotes, articles (quotes of `kinds` of at least `min_words` words)."""
    search_sql, search_params = _quote_search(search, min_words, kinds)
    return snap.df(
        f"""SELECT q.speaker, count(*) AS quotes, count(DISTINCT q.aid) AS articles
        FROM quotes q
        WHERE {in_selection(snap, f, "q")} AND q.speaker <> '' AND {search_sql}
        GROUP BY q.speaker ORDER BY quotes DESC, articles DESC, q.speaker LIMIT ?""",
        [*search_params, n],
    )
