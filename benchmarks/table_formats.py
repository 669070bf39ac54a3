"""The store's own batch folders against Delta Lake and Apache Iceberg tables, for what newsscope does with a store.

    pip install deltalake 'pyiceberg[sql-sqlite,pyarrow]'     # in a scratch environment: not newsscope's dependencies
    python benchmarks/table_formats.py SRC_STORE WORK_DIR [--articles 500]

Takes the first N current articles of SRC_STORE (its four tables, as extracted) and writes them into each format
under WORK_DIR: once as one commit, then again as N one-article commits (as N uploads would). A commit writes the
four tables: one batch folder renamed into place for newsscope; one append per table for Delta Lake (`deltalake`)
and Iceberg (`pyiceberg`, a SQLite catalog), neither of which commits several tables at once. Then, for each:
- a reader's query from DuckDB (count the articles, the distinct people and the top ten people) over the current
  files: newsscope's views; for Delta and Iceberg the data files their metadata lists, read with `read_parquet`
  (DuckDB's `delta` and `iceberg` extensions are downloaded at first use, which this machine cannot);
- compaction into one file per table: `newsscope compact`; Delta's `optimize.compact` and `vacuum`; Iceberg has no
  compaction in pyiceberg (it needs Spark), so its table is overwritten with its own rows;
- the query again after compaction.
Prints seconds (median of --runs for the queries) and the answers, which must agree.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from functools import partial
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.compaction_speed import QUERY, timed  # noqa: E402
from components.compaction import compact  # noqa: E402
from components.store import TABLES, Store, new_batch_id  # noqa: E402


def source_tables(src: Path, n: int) -> tuple[dict[str, pa.Table], list[str]]:
    con = Store(src).connect()
    ids = [r[0] for r in con.execute("SELECT article_id FROM articles ORDER BY article_id LIMIT ?", [n]).fetchall()]
    current = {t: "articles" if t == "articles" else f"{t}_current" for t in TABLES}  # rows as extracted
    return {t: con.sql(f"SELECT * FROM {current[t]} WHERE list_contains($ids, article_id)",
                       params={"ids": ids}).to_arrow_table() for t in TABLES}, ids


def chunks(tables: dict[str, pa.Table], ids: list[str], per_commit: int):
    for start in range(0, len(ids), per_commit):
        keep = pa.array(ids[start:start + per_commit], pa.string())
        yield {t: data.filter(pc.is_in(data["article_id"], value_set=keep)) for t, data in tables.items()}


class Newsscope:
    def __init__(self, root: Path):
        self.store = Store(root)

    def commit(self, tables: dict[str, pa.Table]) -> None:
        batch_id = new_batch_id()
        tables = {t: d.set_column(d.schema.get_field_index("batch_id"), "batch_id",
                                  pa.array([batch_id] * d.num_rows, pa.string())) for t, d in tables.items()}
        self.store.commit(self.store.stage(tables, batch_id), batch_id)

    def query(self):
        # the rows as stored, newest batch winning (the name views' joins of surnames and acronyms left out)
        con = self.store.connect(names=False)
        for table in TABLES[1:]:
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM {table}_current")
        return con.execute(QUERY).fetchone()

    def compact(self) -> None:
        compact(self.store)


class Delta:
    def __init__(self, root: Path):
        import deltalake
        self.lake, self.root = deltalake, root

    def commit(self, tables: dict[str, pa.Table]) -> None:
        for table, data in tables.items():
            self.lake.write_deltalake(str(self.root / table), data, mode="append")

    def query(self):
        con = duckdb.connect()
        for table in TABLES:
            files = self.lake.DeltaTable(str(self.root / table)).file_uris()
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet({files!r})")
        return con.execute(QUERY).fetchone()

    def compact(self) -> None:
        for table in TABLES:
            dt = self.lake.DeltaTable(str(self.root / table))
            dt.optimize.compact()
            dt.vacuum(retention_hours=0, enforce_retention_duration=False, dry_run=False)


class Iceberg:
    def __init__(self, root: Path):
        from pyiceberg.catalog.sql import SqlCatalog
        root.mkdir(parents=True)
        self.catalog = SqlCatalog("bench", uri=f"sqlite:///{root}/catalog.db", warehouse=f"file://{root}")
        self.catalog.create_namespace("news")

    def table(self, name: str, schema: pa.Schema | None = None):
        if schema is not None and not self.catalog.table_exists(f"news.{name}"):
            return self.catalog.create_table(f"news.{name}", schema=schema)
        return self.catalog.load_table(f"news.{name}")

    def commit(self, tables: dict[str, pa.Table]) -> None:
        for table, data in tables.items():
            # pyiceberg writes large strings as strings and refuses a table whose schema says otherwise
            data = data.cast(pa.schema([f.with_type(pa.string()) if f.type == pa.large_string() else f
                                        for f in data.schema]))
            self.table(table, data.schema).append(data)

    def query(self):
        con = duckdb.connect()
        for table in TABLES:
            files = [task.file.file_path for task in self.table(table).scan().plan_files()]
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet({files!r})")
        return con.execute(QUERY).fetchone()

    def compact(self) -> None:
        for table in TABLES:
            t = self.table(table)
            t.overwrite(t.scan().to_arrow())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("src", type=Path, metavar="SRC_STORE")
    parser.add_argument("work", type=Path, metavar="WORK_DIR", help="an empty folder for the stores")
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    missing = [m for m in ("deltalake", "pyiceberg") if importlib.util.find_spec(m) is None]
    if missing:
        parser.error(f"{' and '.join(missing)} not installed: pip install deltalake 'pyiceberg[sql-sqlite,pyarrow]'")
    if args.work.exists() and any(args.work.iterdir()):
        parser.error(f"{args.work} is not empty")
    tables, ids = source_tables(args.src, args.articles)
    print(f"{len(ids)} articles, rows: " + ", ".join(f"{t} {d.num_rows:,}" for t, d in tables.items()))
    for name, kind in (("newsscope", Newsscope), ("delta", Delta), ("iceberg", Iceberg)):
        one, many = kind(args.work / name / "one"), kind(args.work / name / "many")
        bulk = timed(partial(one.commit, tables), 1)[0]
        start = time.perf_counter()
        for part in chunks(tables, ids, 1):
            many.commit(part)
        small = (time.perf_counter() - start) / len(ids)
        q_one, a_one = timed(one.query, args.runs)
        q_many, a_many = timed(many.query, args.runs)
        compacting = timed(many.compact, 1)[0]
        q_after, a_after = timed(many.query, args.runs)
        assert a_one == a_many == a_after, (name, a_one, a_many, a_after)
        print(f"{name:9s} one commit {bulk:6.2f} s | a one-article commit {small * 1000:6.1f} ms | query: one "
              f"commit {q_one:.3f} s, {len(ids)} commits {q_many:.3f} s, compacted {q_after:.3f} s | compaction "
              f"{compacting:.2f} s | answer {a_one[:2]}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
