"""Compaction: many small batches of a store merged into one, invisibly to readers.

Every commit is a batch folder, so a store fed by uploads or daily ingests collects thousands of small ones, and
every query globs them all. `compact` merges each run of consecutive small batches into one batch:

1. the run's current rows (per article, the newest batch of the run wins) are written as a new batch whose id sorts
   right after the run's last batch and before the next one, so it wins over the run and loses to every later batch;
2. it is renamed into batches/ in one step: a reader now sees the same rows twice over and the newest copy wins, so
   nothing changes for it;
3. the run's folders are removed.

A damaged batch breaks a run and is left where it is (see `newsscope check`).
"""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from components.store import SCHEMAS, TABLES, Store, fsync_dir, sql_string

SMALL_ARTICLES = 5_000  # a batch with fewer articles is small
RUN_ARTICLES = 100_000  # at most this many articles are merged into one batch
AUTO_SMALL_BATCHES = 32  # after an ingest, compact once this many small batches exist


@dataclass(frozen=True)
class CompactReport:
    before: int  # batches before
    after: int  # batches after
    merged: int  # batches merged away into new ones


def small_runs(store: Store) -> list[list[str]]:
    """Runs of two or more consecutive sound small batches, each of at most RUN_ARTICLES articles."""
    damaged_ids = {d.batch_id for d in store.damaged_batches()}
    runs: list[list[str]] = []
    run: list[str] = []
    articles = 0
    for batch_id in store.batch_ids():
        n = 0 if batch_id in damaged_ids else pq.read_metadata(store.batches / batch_id / "articles.parquet").num_rows
        if batch_id in damaged_ids or n >= SMALL_ARTICLES or articles + n > RUN_ARTICLES:
            runs.append(run)
            run, articles = [], 0
        if batch_id not in damaged_ids and n < SMALL_ARTICLES:
            run.append(batch_id)
            articles += n
    runs.append(run)
    return [r for r in runs if len(r) > 1]


def compact(store: Store) -> CompactReport:
    """Merge every run of small batches; takes the writer lock."""
    with store.writer_lock():
        return compact_locked(store)


def compact_locked(store: Store) -> CompactReport:
    """`compact` for a caller that holds the writer lock already."""
    before = len(store.batch_ids())
    merged = 0
    for run in small_runs(store):
        merge_run(store, run)
        merged += len(run)
    return CompactReport(before, len(store.batch_ids()), merged)


def needs_compaction(store: Store) -> bool:
    return sum(len(run) for run in small_runs(store)) >= AUTO_SMALL_BATCHES


def merge_run(store: Store, run: list[str]) -> str:
    """Write the run's current rows as one new batch, commit it, then remove the run's folders; returns its id."""
    new_id = f"{run[-1]}~{uuid.uuid4().hex[:8]}"  # '~' sorts after every character of a batch id
    con = duckdb.connect()
    for table in TABLES:
        files = ", ".join(sql_string(store.batches / b / f"{table}.parquet") for b in run)
        con.execute(f"CREATE VIEW {table}_run AS SELECT * FROM read_parquet([{files}], union_by_name = true)")
    con.execute("""CREATE TABLE kept AS SELECT article_id, max(batch_id) AS batch_id FROM articles_run
                   GROUP BY article_id""")
    shutil.rmtree(store.root / "_compacted", ignore_errors=True)  # left by a compaction killed while deleting
    tables = {table: _conform(con.sql(f"""SELECT t.* REPLACE (? AS batch_id) FROM {table}_run t
                                          SEMI JOIN kept USING (article_id, batch_id)
                                          ORDER BY t.batch_id, t.article_id""", params=[new_id]).to_arrow_table(),
                              table)
              for table in TABLES}
    con.close()
    store.commit(store.stage(tables, new_id), new_id)
    trash = store.root / "_compacted"
    trash.mkdir(exist_ok=True)
    for batch_id in run:
        retire(store, batch_id, trash)
    fsync_dir(store.batches)
    shutil.rmtree(trash)
    return new_id


def retire(store: Store, batch_id: str, trash) -> None:
    """Take a merged batch out of batches/ in one step (deleted with the rest of `trash` afterwards)."""
    os.rename(store.batches / batch_id, trash / batch_id)


def _conform(data: pa.Table, table: str) -> pa.Table:
    """The table in the store's current schema: columns an older batch lacked are added empty."""
    schema = SCHEMAS[table]
    columns = [data.column(f.name).cast(f.type) if f.name in data.column_names
               else pa.array([""] * data.num_rows, f.type) if pa.types.is_string(f.type)
               else pa.nulls(data.num_rows, f.type) for f in schema]
    return pa.Table.from_arrays(columns, schema=schema)
