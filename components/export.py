"""CSV out: the one writer behind `newsscope export` and the dashboard's downloads, with its formula rule.

Both go through DuckDB's CSV writer (`components.store.write_csv`), so a download and an export write a value the
same way. `spreadsheet_safe` prefixes a cell a spreadsheet would run as a formula with a quote: the downloads always
ask for it, `newsscope export --spreadsheet-safe` on request.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import duckdb
import pandas as pd
from duckdb.sqltypes import VARCHAR

from components.store import write_csv

_FORMULA = re.compile(r"^[=+\-@\t\r]")


def neutralise(value):
    """Prefix a cell that a spreadsheet would run as a formula with a quote."""
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def to_csv(df: pd.DataFrame, *, spreadsheet_safe: bool = True) -> bytes:
    """A DataFrame as CSV bytes (header and rows, in its column order)."""
    # Every date in the store is a day: written as YYYY-MM-DD, not as a midnight timestamp.
    rows = df.assign(**{c: df[c].dt.date.astype(object).where(df[c].notna(), None)
                        for c in df.columns if pd.api.types.is_datetime64_any_dtype(df[c])})
    con = duckdb.connect()
    con.register("data_frame", rows)
    columns = [(name, kind) for name, kind, *_ in con.execute("DESCRIBE data_frame").fetchall()]
    if spreadsheet_safe:
        con.create_function("neutralise", neutralise, [VARCHAR], VARCHAR, side_effects=False)
    select = ", ".join(f"neutralise({_quoted(n)}) AS {_quoted(n)}" if spreadsheet_safe and kind == "VARCHAR"
                       else _quoted(n) for n, kind in columns)
    with tempfile.TemporaryDirectory(prefix="newsscope-csv-") as tmp:
        target = Path(tmp) / "rows.csv"
        write_csv(con, f"SELECT {select} FROM data_frame", target)
        return target.read_bytes()


def _quoted(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'
