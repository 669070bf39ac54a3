"""An article's metadata: the fields of its record beyond the known ones (`category`, `section`, `author`, tags),
kept as short texts so that each can be shown, exported and offered as a filter.

Stored as one `metadata` column of type MAP(VARCHAR, VARCHAR[]) (field -> values): DuckDB reads one field of it
(`metadata['category']`) without parsing anything, which filters about twice as fast as a JSON string.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

# A field is kept when it is short: a label, a name, a number, a few tags. A summary or a body in another field is
# text, not a facet, and a nested object is not a value.
VALUE_CHARS = 200
LIST_ITEMS = 20
FIELDS_PER_ARTICLE = 50
NAME_CHARS = 64
SEPARATOR = "; "  # between a field's values in a table or CSV cell
COLUMN_PREFIX = "meta_"  # a field's column in a table or CSV: meta_category


def extra_fields(record: Mapping, *, known: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """The record's fields beyond `known`, as field -> its values as text (a list's items, or the one value); a long
    text, a nested object, an over-long list or an over-long field name is left out."""
    known = set(known)
    fields: dict[str, tuple[str, ...]] = {}
    for key, value in record.items():
        name = str(key).strip()
        if key in known or not name or len(name) > NAME_CHARS or not _utf8(name):
            continue
        if values := _values(value):
            fields[name] = values
            if len(fields) == FIELDS_PER_ARTICLE:
                break
    return fields


def _values(value) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    if len(items) > LIST_ITEMS:
        return ()
    values = []
    for item in items:
        if item is None:
            continue
        if isinstance(item, bool):
            item = "true" if item else "false"
        elif not isinstance(item, str | int | float):
            return ()
        text = " ".join(str(item).split())
        if len(text) > VALUE_CHARS or not _utf8(text):
            return ()
        if text:
            values.append(text)
    return tuple(dict.fromkeys(values))


def _utf8(text: str) -> bool:
    """False for a string no file can hold ("\\ud800" escaped in JSON)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def column_name(field: str) -> str:
    return COLUMN_PREFIX + field


def columns_sql(fields: Iterable[str], *, function: str = "") -> list[str]:
    """SELECT expressions giving one text column per field, `meta_<field>`, its values joined by SEPARATOR (NULL
    for an article without the field); `function` names a SQL function applied to each."""
    return [f"{function}(nullif(array_to_string(metadata[{_sql_string(f)}], '{SEPARATOR}'), '')) "
            f"AS {_identifier(column_name(f))}" for f in fields]


# The fields the stored articles carry, in name order.
FIELDS_SQL = "SELECT DISTINCT unnest(map_keys(metadata)) AS field FROM articles ORDER BY field"


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _identifier(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'
