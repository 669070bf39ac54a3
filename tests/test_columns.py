"""A batch's Arrow tables are built from their buffers, equal to pyarrow's own conversion, without importing pandas."""

import subprocess
import sys
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest

from components.columns import column
from components.schema import SCHEMAS, TABLES, batch_tables

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("values", "type"), [
    (["", "Zoë", "東京", None, "a\nb"], pa.string()),
    (["long " * 1000, None, ""], pa.large_string()),
    ([], pa.string()),
    ([0, -3, 2**31 - 1, None], pa.int32()),
    ([2**40, None, 7], pa.int64()),
    ([date(2004, 2, 29), None, date(1969, 12, 31), date(1, 1, 1)], pa.date32()),
    ([[1, 2], [], None, [2**62]], pa.list_(pa.int64())),
    ([{"category": ("business",), "tags": ["a", "b"]}, None, {}, {"x": []}],
     pa.map_(pa.string(), pa.list_(pa.string()))),
])
def test_a_column_is_the_array_pyarrow_makes_of_the_same_values(values, type):
    built = column(values, type)
    built.validate(full=True)
    assert built.equals(pa.array(values, type))


def test_a_batch_holds_what_pyarrow_would_make_of_its_rows():
    rows = {
        "articles": [
            {"article_id": "a", "content_hash": "h", "title": "T", "text": "Text", "n_words": 1,
             "published": date(2020, 1, 2), "story_bands": [3, 4], "metadata": {"section": ("sport",)}},
            {"article_id": "b", "title": None, "text": "", "n_words": 0, "published": None, "story_bands": [],
             "metadata": {}},
        ],
        "entities": [{"article_id": "a", "entity": "Ann Lee", "label": "PERSON", "text": "Ann Lee", "start_char": 0,
                      "end_char": 7, "gender": None}],
    }
    tables = batch_tables(rows, "b1")
    for table in TABLES:
        records = [{**r, "batch_id": "b1"} for r in rows.get(table, [])]
        texts = {f.name for f in SCHEMAS[table] if f.type in (pa.string(), pa.large_string())}
        records = [{**r, **{name: r.get(name) or "" for name in texts}} for r in records]
        records = [{**r, "metadata": r.get("metadata") or None} if table == "articles" else r for r in records]
        assert tables[table].equals(pa.Table.from_pylist(records, schema=SCHEMAS[table]))


def test_writing_a_batch_does_not_import_pandas(tmp_path):
    code = ("import sys; from components.store import Store; "
            "Store(sys.argv[1]).write_batch({'articles': [{'article_id': 'a', 'text': 'x', 'n_words': 1}]}); "
            "print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
