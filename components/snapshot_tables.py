"""The snapshot's derived tables, and how new batches' rows are added to a snapshot without reading the rest again.

A new batch adds its articles' rows and hides the rows of the older versions of the articles it holds again
(the newest batch wins). Three things depend on more than an article's own rows, and are updated for the articles
they touch: its story (the earliest article sharing a band key with it, `components/stories.py`) and the story's
size, and the full name a surname stands for (`person_aliases`, by counts over the whole corpus). `add_rows` runs
inside the caller's transaction; a test compares its result with a snapshot loaded whole.
"""

from __future__ import annotations

import duckdb

from components.labels import NUMERIC_LABELS
from components.store_views import FULL_NAMES_SQL, PERSON_ALIASES_SQL, alias_fits, gender_update_sql

# The corpus-wide name joins of the store's views (person_variants, acronym_aliases, lone_name_labels, there as
# tables of the snapshot), applied to rows as extracted: a snapshot loaded whole computes them over every row; an
# update applies the ones it holds to the new rows, and the next whole load (a server start, a compaction) refreshes
# them.
NAMED_SQL = {
    "entities": """
        SELECT t.* REPLACE (coalesce(v.entity, a.entity, t.entity) AS entity, coalesce(l.label, t.label) AS label)
        FROM {rows} t LEFT JOIN person_variants v ON t.label = 'PERSON' AND t.entity = v.variant
        LEFT JOIN acronym_aliases a ON t.label <> 'PERSON' AND t.entity = a.alias
        LEFT JOIN lone_name_labels l ON t.label = 'PERSON' AND t.entity = l.entity""",
    "quotes": """
        SELECT t.* REPLACE (coalesce(v.entity, t.speaker) AS speaker)
        FROM {rows} t LEFT JOIN person_variants v ON t.speaker = v.variant""",
}

# table -> the column an alias replaces (its value as extracted is kept in raw_<column> where it was replaced)
ALIASED = {"entities": "entity", "quotes": "speaker"}
ALIAS_MATCH = {"entities": "t.label = 'PERSON' AND ", "quotes": ""}  # which rows an alias applies to
HAYSTACK_SQL = "lower(coalesce(title, '') || chr(10) || coalesce(text, ''))"
# Each article's integer key (`aid`), which every table of its rows carries: the dashboard's queries join the rows
# of the selected articles on it, not on the text article_id. A whole load numbers the articles by date, and stores
# every table in that order, so a date range (and an article added since, numbered after the rest) is a narrow range
# of keys whose row groups DuckDB's scans skip; an update numbers its articles after the highest key.
ARTICLE_KEY_SQL = "(row_number() OVER (ORDER BY published, article_id))::INTEGER"
# One article per story, the one that names it (the earliest), for "count each story once".
STORY_FIRSTS_SQL = ("SELECT article_id, aid FROM articles WHERE coalesce(story_id, article_id) = article_id "
                    "AND {where} ORDER BY aid")
ARTICLE_COUNTS_SQL = """
    WITH ent AS (SELECT article_id, count(*) AS n FROM entities WHERE {where} GROUP BY article_id),
         quo AS (SELECT article_id, count(*) AS n FROM quotes WHERE kind = 'direct' AND {where} GROUP BY article_id),
         cty AS (SELECT article_id, count(*) AS n FROM countries WHERE {where} GROUP BY article_id)
    SELECT a.article_id, coalesce(ent.n, 0)::BIGINT AS entity_mentions, coalesce(quo.n, 0)::BIGINT AS quotes,
           coalesce(cty.n, 0)::BIGINT AS country_mentions, a.aid
    FROM articles a LEFT JOIN ent USING (article_id) LEFT JOIN quo USING (article_id)
    LEFT JOIN cty USING (article_id) WHERE {where} ORDER BY a.aid
"""
# Each article's mentions per entity name and type (`aid`, `entity`, `label`, `mentions`): the counts the dashboard's
# entity charts add up, a quarter fewer rows than the mentions, and one per article and name of a type, so a chart of
# one type counts a name's articles without a DISTINCT.
ENTITY_ARTICLES_SQL = ("SELECT aid, entity, label, count(*)::INTEGER AS mentions FROM entities WHERE {where} "
                       "GROUP BY ALL ORDER BY aid")
# The sidebar's corpus-wide lookups, kept as tables so a new store version does not count 14 million mentions
# again: the articles naming each entity (the entity picker's order) and the mentions of each type.
# The entity picker's names: named entities only (no "two", "billion" or "Monday" at the top of the list).
ENTITY_COUNTS_SQL = f"""SELECT entity, count(DISTINCT article_id) AS articles FROM entities
                        WHERE NOT list_contains({list(NUMERIC_LABELS)}, label) AND {{where}} GROUP BY entity"""
LABEL_COUNTS_SQL = "SELECT label, count(*) AS mentions FROM entities WHERE {where} GROUP BY label"
# The articles holding each value of each metadata field, for the sidebar's lists to pick from.
METADATA_COUNTS_SQL = """
    SELECT field, value, count(*) AS n FROM (
        SELECT field, unnest(vals) AS value FROM (
            SELECT unnest(map_keys(metadata)) AS field, unnest(map_values(metadata)) AS vals FROM articles
            WHERE metadata IS NOT NULL AND {where}))
    GROUP BY field, value"""
# The counts kept: table -> (the query counting them over some articles' rows, its keys, its count column). An
# update adds what the new rows count and takes away what the replaced rows counted.
COUNTS = {"entity_counts": (ENTITY_COUNTS_SQL, ("entity",), "articles"),
          "label_counts": (LABEL_COUNTS_SQL, ("label",), "mentions"),
          "metadata_counts": (METADATA_COUNTS_SQL, ("field", "value"), "n")}
# Each story band key with its article's key, in a table of its own stored in key order (`band_keys`): an update
# finds the articles sharing a key with its own there, reading the few row groups that can hold the key, instead of
# unnesting every article's keys again (`story_bands`, one row per article, gives an article's keys).
BAND_KEYS_SQL = "SELECT unnest(story_bands) AS band, aid FROM story_bands"
# An update's rows, by article key: those of the batch's articles (numbered after the rest), and those of the older
# versions they replace (`replaced`). A condition on the keys lets DuckDB skip the row groups outside their range.
NEW = "aid IN (SELECT aid FROM new_articles)"
REPLACED = "aid IN (SELECT aid FROM replaced)"


# Columns worked out once per row rather than by every query: a quote's length in words (the Quotes page leaves out
# quotes of one or two words, `components.queries.quotes`).
DERIVED = {"entities": "", "quotes": r", len(regexp_split_to_array(trim(t.quote), '\s+')) AS quote_words"}


def aliased_sql(table: str, column: str, source: str) -> str:
    """The rows of `source` (as extracted) with the current aliases applied, and what each alias replaced."""
    return f"""SELECT t.* EXCLUDE (batch_id) REPLACE (coalesce(p.entity, t.{column}) AS {column}),
                      if(p.entity IS NULL, NULL, t.{column}) AS raw_{column}{DERIVED[table]}
               FROM {source} t LEFT JOIN person_aliases p
                   ON {ALIAS_MATCH[table]}t.{column} = p.alias AND {alias_fits(table)}"""


def keyed_sql(rows: str, keys: str = "articles") -> str:
    """The rows of query `rows` with their article's key (`aid`) from table `keys`."""
    return f"SELECT t.*, k.aid FROM ({rows}) t LEFT JOIN (SELECT article_id, aid FROM {keys}) k USING (article_id)"


def add_rows(cur: duckdb.DuckDBPyConnection, source: str, article_columns: list[str]) -> None:
    """Add the current rows of the store views in database `source` (the new batches) to the snapshot's tables."""
    run = cur.execute
    run(f"""CREATE TEMP TABLE new_articles AS
            SELECT *, (SELECT coalesce(max(aid), 0) FROM articles) + {ARTICLE_KEY_SQL} AS aid FROM {source}.articles""")
    run("""CREATE TEMP TABLE replaced AS
           SELECT aid FROM articles WHERE article_id IN (SELECT article_id FROM new_articles)""")
    for table in ("entities", "quotes"):
        run(f"CREATE TEMP TABLE new_{table} AS {NAMED_SQL[table].format(rows=f'{source}.{table}_current')}")
    run(f"CREATE TEMP TABLE new_countries AS SELECT * FROM {source}.countries_current")
    # What the replaced versions leave behind: their story band keys, their stories, their full names.
    run(f"""CREATE TEMP TABLE touched_bands AS SELECT unnest(story_bands) AS band FROM new_articles
            UNION SELECT unnest(story_bands) FROM story_bands WHERE {REPLACED}""")
    run(f"CREATE TEMP TABLE touched_stories AS SELECT story_id FROM articles WHERE {REPLACED}")
    removed_names = FULL_NAMES_SQL.format(
        entities=f"(SELECT article_id, label, coalesce(raw_entity, entity) AS entity, gender_evidence FROM entities "
                 f"WHERE {REPLACED})")
    added_names = FULL_NAMES_SQL.format(entities="new_entities")
    run(f"""CREATE TEMP TABLE changed_names AS
            SELECT entity, alias, sum(n)::BIGINT AS n, sum(articles)::BIGINT AS articles, sum(told)::BIGINT AS told
            FROM (
                SELECT * FROM full_names WHERE entity IN (SELECT entity FROM ({added_names})
                                                          UNION SELECT entity FROM ({removed_names}))
                UNION ALL SELECT * FROM ({added_names})
                UNION ALL SELECT entity, alias, -n, -articles, -told FROM ({removed_names}))
            GROUP BY entity, alias""")
    # What the counts lose with the replaced rows (`_recount` adds what the new rows bring).
    for table, (sql, _, column) in COUNTS.items():
        removed = sql.format(where=REPLACED)
        run(f"CREATE TEMP TABLE {table}_changes AS SELECT * REPLACE (-{column} AS {column}) FROM ({removed})")
    for table in ("articles", "story_bands", "story_firsts", "article_text", "entities", "quotes", "countries",
                  "article_counts", "entity_articles"):
        run(f"DELETE FROM {table} WHERE {REPLACED}")
    run(f"DELETE FROM band_keys WHERE band IN (SELECT band FROM touched_bands) AND {REPLACED}")

    # Person aliases: those of the surnames whose full names' counts changed are ranked again.
    run("DELETE FROM full_names WHERE entity IN (SELECT entity FROM changed_names)")
    run("INSERT INTO full_names SELECT entity, alias, n, articles, told FROM changed_names WHERE n > 0")
    run(f"""CREATE TEMP TABLE ranked_aliases AS {PERSON_ALIASES_SQL.format(
            full_names='(SELECT * FROM full_names WHERE alias IN (SELECT alias FROM changed_names))')}""")
    run("""CREATE TEMP TABLE changed_aliases AS
           SELECT c.alias, r.entity, r.gender, o.entity AS old_entity FROM (SELECT DISTINCT alias FROM changed_names) c
           LEFT JOIN person_aliases o USING (alias) LEFT JOIN ranked_aliases r USING (alias)
           WHERE o.entity IS DISTINCT FROM r.entity""")
    run("DELETE FROM person_aliases WHERE alias IN (SELECT alias FROM changed_aliases)")
    run("INSERT INTO person_aliases SELECT alias, entity, gender FROM changed_aliases WHERE entity IS NOT NULL")
    for table, column in ALIASED.items():
        # rows already stored whose surname now stands for another full name, or for none
        named = f"c.entity IS NOT NULL AND {alias_fits(table, alias='c')}"
        run(f"""UPDATE {table} t SET {column} = if({named}, c.entity, c.alias),
                                     raw_{column} = if({named}, c.alias, NULL)
                FROM changed_aliases c WHERE {ALIAS_MATCH[table]}coalesce(t.raw_{column}, t.{column}) = c.alias""")
        run(f"INSERT INTO {table} BY NAME {keyed_sql(aliased_sql(table, column, f'new_{table}'), 'new_articles')}")
        run(gender_update_sql(table, f"t.{NEW}"))
    # the added articles' names, and those of the articles whose surnames now stand for another full name
    run("""CREATE TEMP TABLE renamed AS SELECT aid FROM new_articles UNION SELECT t.aid FROM entities t
           JOIN changed_aliases c ON t.label = 'PERSON' AND coalesce(t.raw_entity, t.entity) = c.alias""")
    run("DELETE FROM entity_articles WHERE aid IN (SELECT aid FROM renamed)")
    run(f"INSERT INTO entity_articles {ENTITY_ARTICLES_SQL.format(where='aid IN (SELECT aid FROM renamed)')}")
    run(f"INSERT INTO countries BY NAME {keyed_sql('SELECT * EXCLUDE (batch_id) FROM new_countries', 'new_articles')}")

    own = [c for c in article_columns if c not in ("story_id", "story_size")]
    run(f"INSERT INTO articles BY NAME SELECT {', '.join(own)}, aid FROM new_articles")
    _recount(cur)
    run("INSERT INTO story_bands SELECT aid, story_bands FROM new_articles")
    run(f"INSERT INTO band_keys {BAND_KEYS_SQL} WHERE {NEW}")
    run(f"INSERT INTO article_text SELECT article_id, {HAYSTACK_SQL}, aid FROM new_articles")
    run(f"INSERT INTO article_counts {ARTICLE_COUNTS_SQL.format(where=NEW)}")
    _restory(cur)


def _recount(cur: duckdb.DuckDBPyConnection) -> None:
    """The kept counts (COUNTS) with the added rows' and without the replaced rows'; the names whose rows an alias
    renamed are counted again."""
    run = cur.execute
    for table, (sql, keys, column) in COUNTS.items():
        run(f"INSERT INTO {table}_changes {sql.format(where=NEW)}")
        same = " AND ".join(f"t.{key} IS NOT DISTINCT FROM c.{key}" for key in keys)
        changed = f"EXISTS (SELECT 1 FROM {table}_changes c WHERE {same})"
        run(f"""CREATE TEMP TABLE {table}_merged AS
                SELECT {', '.join(keys)}, sum({column})::BIGINT AS {column} FROM (
                    SELECT * FROM {table} t WHERE {changed} UNION ALL SELECT * FROM {table}_changes)
                GROUP BY ALL HAVING sum({column}) > 0""")
        run(f"DELETE FROM {table} t WHERE {changed}")
        run(f"INSERT INTO {table} SELECT * FROM {table}_merged")
    run("""CREATE TEMP TABLE recounted AS SELECT name AS entity FROM (
               SELECT unnest([alias, entity, old_entity]) AS name FROM changed_aliases) WHERE name IS NOT NULL""")
    recounted = "entity IN (SELECT entity FROM recounted)"
    run(f"DELETE FROM entity_counts WHERE {recounted}")
    run(f"INSERT INTO entity_counts {ENTITY_COUNTS_SQL.format(where=recounted)}")


def _restory(cur: duckdb.DuckDBPyConnection) -> None:
    """Stories again for the articles sharing a band key with an added or replaced version (STORIES_SQL, limited
    to them), and the sizes of the stories they left or joined."""
    run = cur.execute
    run("""CREATE TEMP TABLE touched AS SELECT aid FROM band_keys WHERE band IN (SELECT band FROM touched_bands)
           UNION SELECT aid FROM new_articles""")
    touched = "aid IN (SELECT aid FROM touched)"
    run(f"INSERT INTO touched_stories SELECT story_id FROM articles WHERE {touched} AND story_id IS NOT NULL")
    # Each step in a table of its own: DuckDB then knows how few rows each holds, and looks up the articles for
    # them instead of hashing every article.
    run(f"CREATE TEMP TABLE touched_keys AS SELECT aid, unnest(story_bands) AS band FROM story_bands WHERE {touched}")
    run("""CREATE TEMP TABLE key_rows AS SELECT band, aid FROM band_keys
           WHERE band IN (SELECT band FROM touched_keys)""")
    run("""CREATE TEMP TABLE key_articles AS SELECT k.band, a.article_id, a.published
           FROM key_rows k JOIN articles a USING (aid)""")
    run(f"""CREATE TEMP TABLE new_stories AS
            WITH first_of_band AS (
                SELECT band, arg_min(article_id, (published IS NULL, published, article_id)) AS first,
                       arg_min(published, (published IS NULL, published, article_id)) AS first_published
                FROM key_articles GROUP BY band),
            first AS (
                SELECT k.aid, arg_min(f.first, (f.first_published IS NULL, f.first_published, f.first)) AS story_id
                FROM touched_keys k JOIN first_of_band f USING (band) GROUP BY k.aid)
            SELECT a.aid, coalesce(f.story_id, a.article_id) AS story_id
            FROM articles a LEFT JOIN first f USING (aid) WHERE a.{touched}""")
    run("INSERT INTO touched_stories SELECT story_id FROM new_stories")
    run("UPDATE articles a SET story_id = n.story_id FROM new_stories n WHERE a.aid = n.aid")
    run("""UPDATE articles a SET story_size = s.n
           FROM (SELECT story_id, count(*) AS n FROM articles
                 WHERE story_id IN (SELECT story_id FROM touched_stories) GROUP BY story_id) s
           WHERE a.story_id = s.story_id""")
    run(f"DELETE FROM story_firsts WHERE {touched}")
    run(f"INSERT INTO story_firsts {STORY_FIRSTS_SQL.format(where=touched)}")
