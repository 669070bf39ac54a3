"""CSV out: the one writer behind `newsscope export` (`export_store`) and the dashboard's downloads (`to_csv`), with
its formula rule.

Both go through DuckDB's CSV writer (`write_csv`), so a download and an export write a value the
same way. `spreadsheet_safe` prefixes a cell a spreadsheet would run as a formula with a quote: the downloads always
ask for it, `newsscope export --spreadsheet-safe` on request.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import duckdb
import pandas as pd
from duckdb.sqltypes import VARCHAR

from components import metadata
from components.schema import EXPORT_COLUMNS, QUOTE_KINDS, text_columns
from components.store import Store, sql_string

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


def export_store(store: Store, out: str | os.PathLike, *, spreadsheet_safe: bool = False,
                 quotes: str = "direct") -> dict[str, int]:
    """Write the store's articles.csv, entities.csv, quotes.csv and countries.csv; returns the row count of each.

    Cells are written as stored, for data tools; `spreadsheet_safe` prefixes cells a spreadsheet would run as
    formulas, as the dashboard's downloads do. `quotes` picks the quotes written: "direct" (in quotation marks,
    the default), "indirect" (reported speech) or "all". Raises OSError naming the file that could not be
    written.
    """
    if quotes not in (*QUOTE_KINDS, "all"):
        raise ValueError(f"quotes must be one of {', '.join(QUOTE_KINDS)} or all, not {quotes!r}")
    kinds = list(QUOTE_KINDS) if quotes == "all" else [quotes]
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    con = store.connect()
    if spreadsheet_safe:  # the dashboard downloads' rule, so both agree
        con.create_function("neutralise", neutralise, [VARCHAR], VARCHAR, side_effects=False)
    counts = {}
    for table, columns in EXPORT_COLUMNS.items():
        texts = text_columns(table)
        select = [f"neutralise({c}) AS {c}" if spreadsheet_safe and c in texts else c for c in columns]
        if table == "articles":  # a column per metadata field, before the text
            fields = [row[0] for row in con.execute(metadata.FIELDS_SQL).fetchall()]
            select[-1:-1] = metadata.columns_sql(fields, function="neutralise" if spreadsheet_safe else "")
        rows = "articles LEFT JOIN stories USING (article_id)" if table == "articles" else table
        where = f" WHERE list_contains({kinds}, kind)" if table == "quotes" else ""
        # every column after the position: rows that open at one character (a reported clause and the quote inside
        # it) are written in one order, not in the order a scan meets them
        order = "1" if table == "articles" else "start_char, end_char, " + ", ".join(
            str(i) for i in range(1, len(select) + 1))
        query = f"SELECT {', '.join(select)} FROM {rows}{where} ORDER BY article_id, {order}"
        target = out / f"{table}.csv"
        try:
            target.open("wb").close()  # fails here, with the file named, when the folder is not writable
            write_csv(con, query, target)
        except OSError as err:
            if err.filename is None:
                raise OSError(err.errno, err.strerror or str(err), str(target)) from err
            raise
        counts[table] = con.execute(f"SELECT count(*) FROM {table}{where}").fetchone()[0]
    return counts


def write_csv(con: duckdb.DuckDBPyConnection, query: str, target: Path) -> None:
    """Write a query's rows as CSV; a failed write (a full disk) raises OSError like a Python write would."""
    try:
        con.execute(f"COPY ({query}) TO {sql_string(target)} (HEADER, DELIMITER ',')")
    except duckdb.IOException as err:
        # DuckDB reports the errno inside its message: '... {"errno":"28"} ...'.
        code = re.search(r'"errno"\s*:\s*"?(\d+)', str(err))
        if code:
            raise OSError(int(code[1]), os.strerror(int(code[1])), str(target)) from err
        raise OSError(None, str(err).removeprefix("IO Error: "), str(target)) from err
