"""The store's four tables: their Arrow schemas, the columns added since the first stores, the export's columns."""

from __future__ import annotations

import pyarrow as pa

from components.columns import column

TABLES = ("articles", "entities", "quotes", "countries")

SCHEMAS = {
    "articles": pa.schema([
        ("article_id", pa.string()), ("batch_id", pa.string()), ("content_hash", pa.string()),
        ("title", pa.string()), ("source", pa.string()), ("published", pa.date32()), ("url", pa.string()),
        ("dateline", pa.string()), ("n_words", pa.int32()), ("origin", pa.string()), ("text", pa.large_string()),
        ("story_bands", pa.list_(pa.int64())), ("metadata", pa.map_(pa.string(), pa.list_(pa.string()))),
    ]),
    "entities": pa.schema([
        ("article_id", pa.string()), ("batch_id", pa.string()), ("entity", pa.string()), ("label", pa.string()),
        ("text", pa.string()), ("start_char", pa.int64()), ("end_char", pa.int64()), ("gender", pa.string()),
        ("gender_evidence", pa.string()),
    ]),
    "quotes": pa.schema([
        ("article_id", pa.string()), ("batch_id", pa.string()), ("quote", pa.large_string()),
        ("speaker", pa.string()), ("speaker_text", pa.string()), ("cue", pa.string()),
        ("start_char", pa.int64()), ("end_char", pa.int64()), ("speaker_gender", pa.string()),
        ("speaker_role", pa.string()), ("speaker_role_class", pa.string()), ("kind", pa.string()),
    ]),
    "countries": pa.schema([
        ("article_id", pa.string()), ("batch_id", pa.string()), ("iso3", pa.string()), ("country", pa.string()),
        ("text", pa.string()), ("kind", pa.string()), ("start_char", pa.int64()), ("end_char", pa.int64()),
    ]),
}

# Columns added since the first stores were written: an older batch lacks them, and its rows read them as NULL.
# Their DuckDB types.
ADDED_COLUMNS = {
    "articles": {"story_bands": "BIGINT[]", "metadata": "MAP(VARCHAR, VARCHAR[])"},
    "entities": {"gender": "VARCHAR", "gender_evidence": "VARCHAR"},
    "quotes": {"speaker_gender": "VARCHAR", "speaker_role": "VARCHAR", "speaker_role_class": "VARCHAR",
               "kind": "VARCHAR"},
}
# Added columns whose NULL in an older batch reads as a value (SQL): quotes written before reported speech was
# extracted are all direct.
ADDED_DEFAULTS = {"quotes": {"kind": "'direct'"}}
# Kinds of quote: words in quotation marks, and reported speech.
QUOTE_KINDS = ("direct", "indirect")

# Columns each export CSV carries, in order; articles.csv has a column per metadata field (`meta_category`) before
# `text` (components/metadata.py).
EXPORT_COLUMNS = {
    "articles": ["article_id", "title", "source", "published", "url", "dateline", "n_words", "origin", "story_id",
                 "story_size", "text"],
    "entities": ["article_id", "entity", "label", "text", "start_char", "end_char", "gender", "gender_evidence"],
    "quotes": ["article_id", "quote", "speaker", "speaker_text", "cue", "start_char", "end_char", "speaker_gender",
               "speaker_role", "speaker_role_class", "kind"],
    "countries": ["article_id", "iso3", "country", "text", "kind", "start_char", "end_char"],
}


def text_columns(table: str) -> set[str]:
    return {f.name for f in SCHEMAS[table] if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)}


def table_of(table: str, records: list[dict]) -> pa.Table:
    """An Arrow table of one store table; a missing or null text field is stored as "" so readers need not care, and
    an article without metadata stores NULL, as the batches written before metadata was kept read it."""
    texts = text_columns(table)
    arrays = []
    for f in SCHEMAS[table]:
        values = [r.get(f.name) for r in records]
        if f.name in texts or f.name == "metadata":
            values = [v or ("" if f.name in texts else None) for v in values]
        arrays.append(column(values, f.type))
    return pa.Table.from_arrays(arrays, schema=SCHEMAS[table])


def batch_tables(rows: dict[str, list[dict]], batch_id: str) -> dict[str, pa.Table]:
    """The four tables of one batch from its rows (a table without rows is written empty)."""
    return {table: table_of(table, [{**r, "batch_id": batch_id} for r in rows.get(table, [])]) for table in TABLES}
