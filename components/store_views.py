"""The SQL views a store's readers see (`Store.connect`), and the corpus-wide name and gender rules behind them.

Per article the newest batch wins (`articles`, `<table>_current`). Across the corpus: spellings of one person's full
name join (`person_variants`), a surname alone takes the full name the corpus uses for it (`full_names`,
`person_aliases`), a short form the full name other articles pair it with (`acronym_aliases`), a one-word "person" the
corpus mostly names otherwise its other label (`lone_name_labels`), and a person an article leaves without a gender
the gender other articles tell (`person_genders`). The dashboard's snapshot builds the same tables from the same SQL
templates (`components/snapshot.py`), over relations named in braces.
"""

from __future__ import annotations

import duckdb
from duckdb.sqltypes import VARCHAR

from components.acronyms import NAME_LABELS, SHORT_FORM
from components.aliases import first_name_variant
from components.names import first_name_gender
from components.schema import TABLES
from components.stories import STORIES_SQL

# Whether an entity row's gender evidence shows the article telling a person ("Mr", "he", "the actress"): more than
# a first name, and more than the other articles' word ("male in 16 other articles") a snapshot adds to its rows.
TOLD_SQL = ("len(list_filter(string_split(coalesce(gender_evidence, ''), ', '), lambda e: e <> '' "
            "AND NOT starts_with(e, 'first name') AND NOT regexp_matches(e, '^\\S+ in \\d+ other article'))) > 0")
# The names of people in a relation `{entities}` of entity rows as extracted, with the surname each can stand for
# (its last word; a one-word name stands for itself), counted in mentions, in articles and in articles that tell
# the name to be a person's.
FULL_NAMES_SQL = f"""
    SELECT entity, regexp_extract(entity, '(\\S+)$') AS alias, count(*) AS n, count(DISTINCT article_id) AS articles,
           count(DISTINCT article_id) FILTER ({TOLD_SQL}) AS told
    FROM {{entities}} WHERE label = 'PERSON' GROUP BY entity
"""
# An article that names a person only by surname ("Putin") gets the full name the rest of the corpus uses for that
# surname, when one full name clearly dominates (twice as frequent as the next) and the surname is not alone in more
# than three times as many articles as it is named in (a surname mostly alone is mostly someone, or something, else:
# "Bolton" the club against one "John Bolton"; "Obama" alone in a few more articles than "Barack Obama" is still
# him), unless the full name is in two articles or more and the articles with the surname alone tell a person in more
# than a fifth of them: a surname alone that articles tell to be a person's, as they do for people (a pronoun, a title:
# "Bush" in 4 of 18, "Blair" in 12 of 13) and seldom for a club or a town ("Blackburn" in 1 of 5), is a name so
# well known that the articles leave out its first name ("President Reagan" in 61 Reuters articles, "Ronald Reagan"
# in 5); over a relation `{full_names}`. `gender` is the one the full name's first name tells, so that an article
# telling the other ("Mr Kim") keeps its surname (`alias_fits`).
PERSON_ALIASES_SQL = """
    WITH ranked AS (
        SELECT alias, entity, n, articles,
               lead(n) OVER (PARTITION BY alias ORDER BY n DESC, entity) AS runner_up,
               row_number() OVER (PARTITION BY alias ORDER BY n DESC, entity) AS rank
        FROM {full_names} WHERE entity <> alias),
    alone AS (SELECT alias, articles, told FROM {full_names} WHERE entity = alias)
    SELECT r.alias, r.entity, first_name_gender(r.entity) AS gender FROM ranked r LEFT JOIN alone l USING (alias)
    WHERE rank = 1 AND (runner_up IS NULL OR n >= 2 * runner_up)
        AND (3 * r.articles >= coalesce(l.articles, 0) OR r.articles >= 2 AND 5 * l.told > l.articles)
"""
# The gender column of an entity or quote row, which an alias's gender must not contradict.
ROW_GENDER = {"entities": "gender", "quotes": "speaker_gender"}


def alias_fits(table: str, row: str = "t", alias: str = "p") -> str:
    """SQL: whether alias row `alias` may name row `row` of `table`: no gender the article tells (an honorific, a
    pronoun) contradicts the one the full name's first name tells ("Mr Kim ... his" is not Erin Kim)."""
    told = f"{row}.{ROW_GENDER[table]}"
    # a gender the surname itself tells as a first name ("Clinton" -> male) is no evidence of the article's, nor is
    # an entity's that the article only guessed from it ("first name Reagan": mostly female); a quote row keeps no
    # evidence, and its speaker's guessed gender is the surname's own (gender.py), read as loosely
    guessed = (f"regexp_matches(coalesce({row}.gender_evidence, ''), '^first name \\S+(;|$)')" if table == "entities"
               else f"{told} = guessed_gender({alias}.alias)")
    return (f"(coalesce({alias}.gender, '') = '' OR coalesce({told}, '') NOT IN ('female', 'male') "
            f"OR {told} = {alias}.gender OR {told} = first_name_gender({alias}.alias) OR {guessed})")


# Spellings of one person's full name join the corpus's most frequent one (components/aliases.py), over a relation
# `{entities}` of entity rows; needs register_functions. A slip or a short form only where no article names both and
# the first names and the articles' own words tell no two genders; a slip only where it is the rarer spelling, in at
# most half as many articles ("Ivana" and "Ivanka" in one each are two women), a short form only where no third full
# name shares the surname. A name with middle initials and the same name without them ("Lars T. Brenner", "Lars
# Brenner") are one person where the corpus gives the name no other initials ("George H.W." and "George W." leave
# "George" alone) and no article names the two side by side, within SIDE_BY_SIDE characters (a list naming a father
# and a son: "Mayors Lars T. Brenner, Ian Moss, Lars Brenner"); a name in capitals (a wire's flash, "LARS
# BRENNER") is the one the corpus writes in other cases.
SIDE_BY_SIDE = 80
PERSON_VARIANTS_SQL = f"""
    WITH full_names AS (
        SELECT entity, split_part(entity, ' ', 1) AS first, substr(entity, strpos(entity, ' ') + 1) AS rest,
               regexp_replace(entity, '^(\\S+)(?: (?:(?:[A-Z]\\.)+|[A-Z]))+ ', '\\1 ') AS bare,
               count(*) AS n, list(DISTINCT article_id) AS articles,
               first_name_gender(entity) AS named,
               CASE WHEN bool_or(gender = 'female' AND {TOLD_SQL}) AND NOT bool_or(gender = 'male' AND {TOLD_SQL})
                    THEN 'female'
                    WHEN bool_or(gender = 'male' AND {TOLD_SQL}) AND NOT bool_or(gender = 'female' AND {TOLD_SQL})
                    THEN 'male' ELSE '' END AS told
        FROM {{entities}} WHERE label = 'PERSON' AND entity LIKE '% %' GROUP BY entity),
    surnames AS (SELECT rest, count(*) AS names FROM full_names GROUP BY rest),
    initials AS (SELECT bare FROM full_names WHERE entity <> bare GROUP BY bare
                 HAVING count(DISTINCT replace(entity, '.', '')) = 1),
    initialled AS (
        SELECT v.entity AS variant, h.entity, h.n
        FROM full_names v JOIN full_names h ON v.bare = h.bare AND (v.entity = v.bare) <> (h.entity = h.bare)
            AND (h.n > v.n OR h.n = v.n AND h.entity < v.entity)
        SEMI JOIN initials i ON i.bare = v.bare),
    -- the two named side by side in one article, as two people ("Mayors Lars T. Brenner, Ian Moss, Lars Brenner")
    side_by_side AS (
        SELECT DISTINCT p.variant, p.entity FROM initialled p
        JOIN {{entities}} a ON a.label = 'PERSON' AND a.entity = p.variant
        JOIN {{entities}} b ON b.label = 'PERSON' AND b.entity = p.entity AND b.article_id = a.article_id
        WHERE abs(a.start_char - b.start_char) <= {SIDE_BY_SIDE}),
    pairs AS (
        SELECT v.entity AS variant, h.entity, h.n, first_name_variant(h.first, v.first) AS kind, s.names,
               len(h.articles) >= 2 * len(v.articles) AS rarer,
               NOT list_has_any(v.articles, h.articles)
               AND NOT (v.named <> '' AND h.named <> '' AND v.named <> h.named)
               AND NOT (v.told <> '' AND h.told <> '' AND v.told <> h.told) AS apart
        FROM full_names v JOIN full_names h ON v.rest = h.rest AND (h.n > v.n OR h.n = v.n AND h.entity < v.entity)
        JOIN surnames s ON s.rest = v.rest
        UNION ALL
        SELECT variant, entity, n, 'initials', 0, TRUE, TRUE
        FROM initialled ANTI JOIN side_by_side USING (variant, entity)
        UNION ALL
        SELECT v.entity, h.entity, h.n, 'capitals', 0, TRUE, TRUE
        FROM full_names v JOIN full_names h ON lower(v.entity) = lower(h.entity) AND h.entity <> upper(h.entity)
        WHERE v.entity = upper(v.entity) AND regexp_full_match(v.entity, '[A-Z][A-Z]+(?: [A-Z][A-Z]+)+')),
    joined AS (
        SELECT variant, arg_min(entity, (-n, entity)) AS entity FROM pairs
        WHERE kind IN ('spelling', 'initials', 'capitals')
            OR apart AND (kind = 'slip' AND rarer OR kind = 'short' AND names = 2)
        GROUP BY variant)
    -- a variant of a variant ("LARS BRENNER", "Lars Brenner", "Lars T. Brenner") joins the last
    SELECT j.variant, coalesce(k2.entity, k.entity, j.entity) AS entity
    FROM joined j LEFT JOIN joined k ON j.entity = k.variant LEFT JOIN joined k2 ON k.entity = k2.variant
"""
# A short form an article uses alone ("EU") gets the full name other articles spell it out as, when one full name
# clearly dominates (components/acronyms.py pairs them within an article), whatever its case ("Opec" as "OPEC"); and
# a name written in other cases ("Worldcom", "Trans world airlines") the corpus's most frequent spelling ("WorldCom";
# one in capitals only where there is no other: a wire's datelines write "LONDON"),
# or the full name that spelling stands for, when both are mostly given one label (the town Nice is no NICE; a tie
# goes to the label first in alphabetical order, so every load joins alike, whatever order a scan meets the rows in).
ACRONYM_ALIASES_SQL = """
    WITH pairs AS (
        SELECT upper(text) AS short, entity, count(*) AS n FROM {entities}
        WHERE label <> 'PERSON' AND entity <> text AND regexp_full_match(text, {short_form})
        GROUP BY short, entity),
    ranked AS (
        SELECT short, entity, n, lead(n) OVER (PARTITION BY short ORDER BY n DESC, entity) AS runner_up,
               row_number() OVER (PARTITION BY short ORDER BY n DESC, entity) AS rank
        FROM pairs),
    spellings AS (
        SELECT DISTINCT entity AS alias FROM {entities}
        WHERE label <> 'PERSON' AND entity = text AND regexp_full_match(text, {short_form})),
    short_forms AS (
        SELECT s.alias, r.entity FROM ranked r JOIN spellings s ON upper(s.alias) = r.short
        WHERE rank = 1 AND (runner_up IS NULL OR n >= 2 * runner_up)),
    labelled AS (SELECT entity, label, count(*) AS n FROM {entities} WHERE label IN {name_labels} GROUP BY ALL),
    cased AS (
        SELECT entity, label,
               row_number() OVER (PARTITION BY lower(entity), label ORDER BY entity = upper(entity), n DESC, entity)
               AS rank
        FROM (SELECT entity, first(label ORDER BY n DESC, label) AS label, sum(n) AS n FROM labelled GROUP BY entity))
    FROM short_forms
    UNION ALL
    SELECT v.entity AS alias, coalesce(s.entity, w.entity) AS entity
    FROM cased v JOIN cased w ON lower(v.entity) = lower(w.entity) AND v.label = w.label AND w.rank = 1
    LEFT JOIN short_forms s ON s.alias = w.entity
    WHERE v.rank > 1 AND v.entity NOT IN (SELECT alias FROM short_forms)
"""
# the pattern as an SQL string, its braces doubled for the .format that fills in {entities}
_short_form = "'" + SHORT_FORM.pattern.replace("{", "{{").replace("}", "}}") + "'"
ACRONYM_ALIASES_SQL = ACRONYM_ALIASES_SQL.replace("{short_form}", _short_form).replace(
    "{name_labels}", "(" + ", ".join(f"'{label}'" for label in sorted(NAME_LABELS)) + ")")
# A person whose gender an article does not tell takes the gender other articles tell of the same name, when they
# agree (or one side has a 3:1 majority of at least 3 articles), over a relation `{entities}` of entity rows with their
# canonical names; `evidence` says so ("male in 16 other articles"). So does one whose gender an article guessed from
# the first name alone ("Kennedy", "Kim" are mostly women's names) where the articles that tell it in their own words
# say otherwise: those rows carry their `article_id` (NULL on the rows for the untold). Only names the article itself
# spells out count and take it: a surname that the corpus made a full name (`raw_entity`, `raw_speaker` not NULL) may
# be someone else's ("Ms. May" is not always Elizabeth May), and so is a lone name ("Catherine" in two articles).
PERSON_GENDERS_SQL = """
    WITH decided AS (
        SELECT entity, article_id, min(gender) AS gender,
               bool_and(regexp_full_match(coalesce(gender_evidence, ''), 'first name \\S+')) AS guessed
        FROM {entities}
        WHERE label = 'PERSON' AND gender IN ('female', 'male') AND raw_entity IS NULL AND contains(entity, ' ')
        GROUP BY entity, article_id),
    votes AS (
        SELECT entity, count(*) FILTER (gender = 'female') AS f, count(*) FILTER (gender = 'male') AS m,
               count(*) FILTER (gender = 'female' AND NOT guessed) AS told_f,
               count(*) FILTER (gender = 'male' AND NOT guessed) AS told_m
        FROM decided GROUP BY entity),
    told AS (
        SELECT entity, if(told_f > told_m, 'female', 'male') AS gender, greatest(told_f, told_m) AS n FROM votes
        WHERE least(told_f, told_m) = 0 AND greatest(told_f, told_m) > 0
              OR greatest(told_f, told_m) >= 3 AND greatest(told_f, told_m) >= 3 * least(told_f, told_m))
    SELECT entity, NULL::VARCHAR AS article_id, if(f > m, 'female', 'male') AS gender,
           printf('%s in %d other article%s', if(f > m, 'female', 'male'), greatest(f, m),
                  if(greatest(f, m) = 1, '', 's')) AS evidence
    FROM votes WHERE least(f, m) = 0 OR greatest(f, m) >= 3 AND greatest(f, m) >= 3 * least(f, m)
    UNION ALL
    SELECT d.entity, d.article_id, t.gender, printf('%s in %d other article%s', t.gender, t.n, if(t.n = 1, '', 's'))
    FROM decided d JOIN told t ON d.entity = t.entity AND d.guessed AND d.gender <> t.gender
"""
# Which rows take it (`t`, entity or quote rows, against `g`, person_genders): unknown ones, and those of an article
# whose first-name guess the corpus's own words contradict; an article's own evidence is never overruled.
UNTOLD_GENDER = {
    "entities": "t.label = 'PERSON' AND t.raw_entity IS NULL AND t.entity = g.entity "
                "AND (g.article_id IS NULL AND coalesce(t.gender, '') IN ('', 'unknown') "
                "OR g.article_id = t.article_id)",
    "quotes": "t.speaker <> '' AND t.raw_speaker IS NULL AND t.speaker = g.entity "
              "AND (g.article_id IS NULL AND coalesce(t.speaker_gender, '') IN ('', 'unknown') "
              "OR g.article_id = t.article_id)",
}
TOLD_GENDER = {  # what such a row's gender columns become
    "entities": {"gender": "g.gender",
                 "gender_evidence": "concat_ws('; ', nullif(t.gender_evidence, ''), g.evidence)"},
    "quotes": {"speaker_gender": "g.gender"},
}


def gendered_sql(table: str, rows: str) -> str:
    """The entity or quote rows `rows` with the corpus's gender where theirs is unknown (table `person_genders`)."""
    told = ", ".join(f"if(g.gender IS NULL, t.{c}, {v}) AS {c}" for c, v in TOLD_GENDER[table].items())
    raw = "raw_entity" if table == "entities" else "raw_speaker"
    return (f"SELECT t.* EXCLUDE ({raw}) REPLACE ({told}) FROM {rows} t "
            f"LEFT JOIN person_genders g ON {UNTOLD_GENDER[table]}")


def gender_update_sql(table: str, where: str) -> str:
    """The same, as an UPDATE of table `table`'s rows that meet `where`."""
    told = ", ".join(f"{c} = {v}" for c, v in TOLD_GENDER[table].items())
    return f"UPDATE {table} t SET {told} FROM person_genders g WHERE {UNTOLD_GENDER[table]} AND {where}"


# A one-word "person" the corpus mostly names as something else (a company, a town) is that something else. So is a
# longer name that no article tells to be a person (no honorific, role or pronoun: at most a first name, which a film
# named after its heroine has too) when articles show it to be a work ("the drama Nora Blake", components/works.py)
# twice or in half as many articles as tag it a person, or something else in more than those and at least two; a
# work may be told a person in under a quarter as many articles as show it a work (its heroine's "her": "Vera Drake"
# a work in 9 BBC articles, told a person in 1). Not a name opening with an initial ("D Kell"), a player in a team
# sheet the model often calls a club.
LONE_NAME_LABELS_SQL = """
    WITH votes AS (
        SELECT entity, label, count(*) AS n, count(DISTINCT article_id) AS articles,
               count(DISTINCT article_id) FILTER (label = 'PERSON' AND len(list_filter(
                   string_split(coalesce(gender_evidence, ''), ', '),
                   lambda e: e <> '' AND NOT starts_with(e, 'first name'))) > 0) AS told
        FROM {entities}
        WHERE list_contains(['PERSON', 'ORG', 'GPE', 'LOC', 'NORP', 'FAC', 'PRODUCT', 'WORK_OF_ART', 'EVENT'], label)
            AND (entity NOT LIKE '% %' OR NOT regexp_matches(entity, '^[A-Z]\\.? '))
        GROUP BY entity, label),
    per_name AS (
        SELECT entity, sum(n) FILTER (label = 'PERSON') AS person, sum(articles) FILTER (label = 'PERSON') AS pa,
               sum(told) AS told,
               -- a tie goes to the label first in alphabetical order, not to the row a scan meets first
               first(label ORDER BY n DESC, label) FILTER (label <> 'PERSON') AS other,
               max(n) FILTER (label <> 'PERSON') AS other_n,
               first(label ORDER BY articles DESC, label) FILTER (label <> 'PERSON') AS shown,
               max(articles) FILTER (label <> 'PERSON') AS shown_a
        FROM votes GROUP BY entity)
    SELECT entity, other AS label FROM per_name WHERE entity NOT LIKE '% %' AND person > 0 AND other_n > person
    UNION ALL
    SELECT entity, shown AS label FROM per_name
    WHERE entity LIKE '% %' AND pa > 0 AND (
        shown = 'WORK_OF_ART' AND 4 * told < shown_a AND (shown_a >= 2 OR 2 * shown_a >= pa)
        OR told = 0 AND shown_a >= 2 AND shown_a > pa)
"""


def _first_name_gender(name: str) -> str:
    """`first_name_gender` with one parameter: DuckDB counts every parameter of a Python function, `strict` too."""
    return first_name_gender(name)


def _guessed_gender(name: str) -> str:
    """The gender an article guesses from a name's first word when nothing else tells it (`components/gender.py`,
    mostly-female "Reagan" -> female): a surname's own, which is no evidence against a full name's."""
    return first_name_gender(name, strict=False)


def register_functions(con: duckdb.DuckDBPyConnection) -> None:
    """The Python functions the name views call, once per connection.

    Module-level functions only: the connection's other cursors (a snapshot's next update) call them after the
    cursor that registered them is closed, which releases its reference; a lambda would then be freed, and DuckDB
    would call freed memory."""
    if not con.execute("SELECT 1 FROM duckdb_functions() WHERE function_name = 'first_name_variant'").fetchall():
        con.create_function("first_name_variant", first_name_variant, [VARCHAR, VARCHAR], VARCHAR,
                            side_effects=False)
        con.create_function("first_name_gender", _first_name_gender, [VARCHAR], VARCHAR, side_effects=False)
        con.create_function("guessed_gender", _guessed_gender, [VARCHAR], VARCHAR, side_effects=False)


def create_views(con: duckdb.DuckDBPyConnection, *, names: bool = True) -> None:
    """The current rows' views over the views `<table>_all` of every stored row: per article the newest batch wins.
    Without `names`, only the rows as stored (`articles`, `<table>_current`), not the name joins over the corpus
    (`entities`, `quotes`, ...): the name views take DuckDB a tenth of a second to bind, a snapshot update's largest
    fixed cost."""
    con.execute("""
        CREATE OR REPLACE VIEW articles AS
        SELECT * EXCLUDE (newest) FROM (
            SELECT *, row_number() OVER (PARTITION BY article_id ORDER BY batch_id DESC) = 1 AS newest
            FROM articles_all)
        WHERE newest
    """)
    for table in TABLES[1:]:
        con.execute(f"""
            CREATE OR REPLACE VIEW {table}_current AS
            SELECT t.* FROM {table}_all t SEMI JOIN articles a USING (article_id, batch_id)
        """)
    if not names:
        return
    # Spellings of one person's full name ("Bernie Ebbers", "Bernard Ebbers") take the corpus's most frequent one.
    register_functions(con)
    con.execute(f"CREATE OR REPLACE VIEW person_variants AS {PERSON_VARIANTS_SQL.format(entities='entities_current')}")
    con.execute("""
        CREATE OR REPLACE VIEW people_current AS
        SELECT e.* REPLACE (coalesce(v.entity, e.entity) AS entity)
        FROM entities_current e LEFT JOIN person_variants v ON e.label = 'PERSON' AND e.entity = v.variant
    """)
    for view, sql in (("acronym_aliases", ACRONYM_ALIASES_SQL), ("lone_name_labels", LONE_NAME_LABELS_SQL)):
        con.execute(f"CREATE OR REPLACE VIEW {view} AS {sql.format(entities='entities_current')}")
    # An article that names a person only by surname ("Putin") gets the full name the rest of the corpus uses for it;
    # counted as the snapshot counts them (components/snapshot_tables.py), with the lone names' labels.
    people = ("(SELECT e.* REPLACE (coalesce(l.label, e.label) AS label) FROM people_current e "
              "LEFT JOIN lone_name_labels l ON e.label = 'PERSON' AND e.entity = l.entity)")
    con.execute(f"CREATE OR REPLACE VIEW full_names AS {FULL_NAMES_SQL.format(entities=people)}")
    con.execute(f"CREATE OR REPLACE VIEW person_aliases AS {PERSON_ALIASES_SQL.format(full_names='full_names')}")
    con.execute(f"""
        CREATE OR REPLACE VIEW entities_named AS
        SELECT e.* REPLACE (coalesce(p.entity, a.entity, e.entity) AS entity,
                            CASE WHEN p.alias IS NULL THEN coalesce(l.label, e.label) ELSE e.label END AS label),
               if(p.alias IS NULL, NULL, e.entity) AS raw_entity
        FROM people_current e LEFT JOIN person_aliases p
            ON e.label = 'PERSON' AND e.entity = p.alias AND {alias_fits('entities', 'e')}
        LEFT JOIN acronym_aliases a ON e.label <> 'PERSON' AND e.entity = a.alias
        LEFT JOIN lone_name_labels l ON e.label = 'PERSON' AND e.entity = l.entity
    """)
    con.execute(f"""
        CREATE OR REPLACE VIEW quotes_named AS
        SELECT q.* REPLACE (coalesce(p.entity, v.entity, q.speaker) AS speaker),
               if(p.alias IS NULL, NULL, q.speaker) AS raw_speaker
        FROM quotes_current q LEFT JOIN person_variants v ON q.speaker = v.variant
        LEFT JOIN person_aliases p ON q.speaker = p.alias AND {alias_fits('quotes', 'q')}
    """)
    # A gender the article does not tell, from the other articles that name the same person.
    con.execute(f"CREATE OR REPLACE VIEW person_genders AS {PERSON_GENDERS_SQL.format(entities='entities_named')}")
    for table in ("entities", "quotes"):
        con.execute(f"CREATE OR REPLACE VIEW {table} AS {gendered_sql(table, f'{table}_named')}")
    con.execute("CREATE OR REPLACE VIEW countries AS SELECT * FROM countries_current")
    con.execute(f"CREATE OR REPLACE VIEW stories AS {STORIES_SQL}")
