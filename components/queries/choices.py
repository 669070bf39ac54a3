"""What the sidebar offers: entity names, types, sources, countries, metadata facets and the corpus's date span (no
filters)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from components.snapshot import Snapshot


def entity_choices(snap: Snapshot, limit: int = 2000) -> list[str]:
    """Named entities for the picker (no dates, amounts or numbers), most widespread first (the long tail is
    reachable by clicking charts)."""
    rows = snap.df("SELECT entity FROM entity_counts ORDER BY articles DESC, entity LIMIT ?", [limit])
    return rows["entity"].tolist()


def entity_spellings(snap: Snapshot, names: Sequence[str]) -> dict[str, str]:
    """Lower-cased name -> the store's spelling of it (the most mentioned one when several differ only in case)."""
    if not names:
        return {}
    rows = snap.df(
        """SELECT lower(entity) AS key, arg_min(entity, (-n, entity)) AS entity
           FROM (SELECT entity, count(*) AS n FROM entities WHERE list_contains(?, lower(entity)) GROUP BY entity)
           GROUP BY key""",
        [[n.lower() for n in names]],
    )
    return dict(zip(rows["key"], rows["entity"], strict=True))


def label_choices(snap: Snapshot) -> list[str]:
    return snap.df("SELECT label FROM label_counts ORDER BY mentions DESC, label")["label"].tolist()


def source_choices(snap: Snapshot) -> list[str]:
    return snap.df("SELECT source FROM articles GROUP BY source ORDER BY count(*) DESC, source")["source"].tolist()


FACET_VALUES = 200  # the most values a metadata field may have to be offered as a list to pick from


def metadata_choices(snap: Snapshot, limit: int | None = None) -> dict[str, list[str]]:
    """Metadata field -> its values, most widespread first, for each field with at most `limit` (FACET_VALUES)
    distinct values; a field with more (an author, a time stamp) is in the article list and its CSV, but too long a
    list to pick from."""
    rows = snap.df(
        """WITH small AS (SELECT field FROM metadata_counts GROUP BY field HAVING count(*) <= ?)
           SELECT field, value FROM metadata_counts SEMI JOIN small USING (field) ORDER BY field, n DESC, value""",
        [limit or FACET_VALUES],
    )
    return {field: group["value"].tolist() for field, group in rows.groupby("field", sort=True)}


def country_choices(snap: Snapshot) -> dict[str, str]:
    """ISO-3 -> country name, most mentioned first."""
    rows = snap.df("SELECT iso3, any_value(country) AS country FROM countries GROUP BY iso3 ORDER BY count(*) DESC")
    return dict(zip(rows["iso3"], rows["country"], strict=True))


def date_bounds(snap: Snapshot) -> tuple[date, date] | None:
    first, last = snap.one("SELECT min(published), max(published) FROM articles")
    return (first, last) if first is not None else None
