"""Whose voices the coverage carries: the gender of the people named and quoted, as the Gender Gap Tracker counts it.

A person counts once per article that names (or quotes) them, so a story that names a minister ten times counts her
once, and the same minister in two articles counts twice. Quoted means quoted directly or in reported speech (quotes
of both kinds), as the Gender Gap Tracker counts sources. Mentions (entity rows) and quotes are given beside.
Queries take a `Snapshot` and `Filters`, like the other dashboard queries (`components.queries`).
"""

from __future__ import annotations

import pandas as pd

from components.filters import Filters
from components.queries.entities import PERIODS
from components.snapshot import Snapshot, in_selection, selected_cte

GENDERS = ("female", "male", "unknown")

# One row per (group, article, person) with its gender, and the mentions or quotes behind it. A speaker counts when
# the article names them as a person, or when their gender is known (a woman the model did not tag a person, read
# by her first name): organisations ("a Vodafone spokesman") speak, but are nobody's voice here.
_PEOPLE = """
    SELECT 'people named' AS "group", e.article_id, e.entity AS person,
           coalesce(nullif(max(e.gender), ''), 'unknown') AS gender, count(*) AS n
    FROM entities e WHERE e.label = 'PERSON' AND {entity_sel} GROUP BY ALL
    UNION ALL
    SELECT 'people quoted', q.article_id, q.speaker, coalesce(nullif(max(q.speaker_gender), ''), 'unknown'), count(*)
    FROM quotes q LEFT JOIN (SELECT DISTINCT article_id, entity AS speaker, true AS named FROM entities
                             WHERE label = 'PERSON') p USING (article_id, speaker)
    WHERE q.speaker <> '' AND (p.named OR q.speaker_gender IN ('female', 'male')) AND {quote_sel}
    GROUP BY q.article_id, q.speaker
"""


def _people(snap: Snapshot, f: Filters) -> str:
    return _PEOPLE.format(entity_sel=in_selection(snap, f, "e"), quote_sel=in_selection(snap, f, "q"))


def voice_shares(snap: Snapshot, f: Filters) -> pd.DataFrame:
    """group (people named / quoted), gender, people (person-articles), share of people, mentions or quotes."""
    return snap.df(f"""
        WITH people AS ({_people(snap, f)})
        SELECT "group", gender, count(*) AS people,
               count(*) / sum(count(*)) OVER (PARTITION BY "group") AS share,
               sum(n)::BIGINT AS mentions
        FROM people GROUP BY "group", gender
        ORDER BY "group" DESC, list_position({list(GENDERS)}, gender)""")


def voices_by_source(snap: Snapshot, f: Filters) -> pd.DataFrame:
    """Per source and group: female, male and unknown person-articles, and the share of women among the known."""
    return snap.df(f"""
        {selected_cte(snap, f)}, people AS ({_people(snap, f)})
        SELECT CASE WHEN s.source = '' THEN '(no source)' ELSE s.source END AS source, p."group",
               count(*) FILTER (gender = 'female') AS female, count(*) FILTER (gender = 'male') AS male,
               count(*) FILTER (gender = 'unknown') AS unknown,
               count(*) FILTER (gender = 'female') / nullif(count(*) FILTER (gender <> 'unknown'), 0) AS female_share
        FROM people p JOIN sel s USING (article_id)
        GROUP BY ALL ORDER BY p."group" DESC, female + male + unknown DESC, source""")


def voices_over_time(snap: Snapshot, f: Filters, *, period: str = "month") -> pd.DataFrame:
    """Per period of dated articles and group: the share of women among person-articles of known gender."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}")
    return snap.df(f"""
        {selected_cte(snap, f)}, people AS ({_people(snap, f)})
        SELECT date_trunc('{period}', s.published)::DATE AS period, p."group",
               count(*) FILTER (gender = 'female') AS female, count(*) FILTER (gender = 'male') AS male,
               count(*) FILTER (gender = 'female') / nullif(count(*) FILTER (gender <> 'unknown'), 0) AS female_share
        FROM people p JOIN sel s USING (article_id)
        WHERE s.published IS NOT NULL
        GROUP BY ALL ORDER BY period, p."group" DESC""")


def top_voices(snap: Snapshot, f: Filters, *, gender: str, n: int = 10) -> pd.DataFrame:
    """The most quoted people of one gender: person, quotes, articles."""
    return snap.df(f"""
        WITH people AS ({_people(snap, f)})
        SELECT person, sum(n)::BIGINT AS quotes, count(*) AS articles
        FROM people WHERE "group" = 'people quoted' AND gender = ?
        GROUP BY person ORDER BY quotes DESC, articles DESC, person LIMIT ?""", [gender, n])


def source_roles(snap: Snapshot, f: Filters) -> pd.DataFrame:
    """The roles of the sources quoted (components/roles.py): per role class, the sources (a speaker per article; an
    unnamed one by its words, "a Vodafone spokesman"), how many of them are women, men or unknown, and the quotes."""
    return snap.df(f"""
        WITH sources AS (
            SELECT q.article_id, coalesce(nullif(q.speaker, ''), q.speaker_text) AS source,
                   coalesce(nullif(max(q.speaker_role_class), ''), 'no role given') AS role_class,
                   coalesce(nullif(max(q.speaker_gender), ''), 'unknown') AS gender, count(*) AS quotes
            FROM quotes q WHERE coalesce(nullif(q.speaker, ''), q.speaker_text) <> '' AND {in_selection(snap, f, "q")}
            GROUP BY q.article_id, source)
        SELECT role_class, count(*) AS sources, count(*) FILTER (gender = 'female') AS female,
               count(*) FILTER (gender = 'male') AS male, count(*) FILTER (gender = 'unknown') AS unknown,
               sum(quotes)::BIGINT AS quotes
        FROM sources GROUP BY role_class ORDER BY role_class = 'no role given', sources DESC, role_class""")
