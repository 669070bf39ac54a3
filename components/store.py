"""The article store: Parquet files in batch folders, queried through DuckDB.

Layout (the same for a local or a distributed ingest):

    STORE/batches/<batch_id>/articles.parquet
    STORE/batches/<batch_id>/entities.parquet
    STORE/batches/<batch_id>/quotes.parquet
    STORE/batches/<batch_id>/countries.parquet

A batch is written into STORE/_staging/ and renamed into batches/ in one step, so readers see all of it or
none of it and a killed ingest never leaves half an article behind. Batch ids sort by time; when an article
appears in several batches (it changed), the newest batch wins and its older rows are hidden.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from components.errors import StoreError

TABLES = ("articles", "entities", "quotes", "countries")

SCHEMAS = {
    "articles": pa.schema([
        ("article_id", pa.string()), ("batch_id", pa.string()), ("content_hash", pa.string()),
        ("title", pa.string()), ("source", pa.string()), ("published", pa.date32()), ("url", pa.string()),
        ("dateline", pa.string()), ("n_words", pa.int32()), ("origin", pa.string()), ("text", pa.large_string()),
    ]),
    "entities": pa.schema([
        ("article_id", pa.string()), ("batch_id", pa.string()), ("entity", pa.string()), ("label", pa.string()),
        ("text", pa.string()), ("start_char", pa.int64()), ("end_char", pa.int64()),
    ]),
    "quotes": pa.schema([
        ("article_id", pa.string()), ("batch_id", pa.string()), ("quote", pa.large_string()),
        ("speaker", pa.string()), ("speaker_text", pa.string()), ("cue", pa.string()),
        ("start_char", pa.int64()), ("end_char", pa.int64()),
    ]),
    "countries": pa.schema([
        ("article_id", pa.string()), ("batch_id", pa.string()), ("iso3", pa.string()), ("country", pa.string()),
        ("text", pa.string()), ("kind", pa.string()), ("start_char", pa.int64()), ("end_char", pa.int64()),
    ]),
}

# Columns each export CSV carries, in order.
EXPORT_COLUMNS = {
    "articles": ["article_id", "title", "source", "published", "url", "dateline", "n_words", "origin", "text"],
    "entities": ["article_id", "entity", "label", "text", "start_char", "end_char"],
    "quotes": ["article_id", "quote", "speaker", "speaker_text", "cue", "start_char", "end_char"],
    "countries": ["article_id", "iso3", "country", "text", "kind", "start_char", "end_char"],
}


# Lock descriptors this process holds. A forked child (an ingest's worker process) closes its copies at once: were it
# to keep one, the store would stay locked for as long as the child lives, even after the parent has died.
_HELD_LOCKS: set[int] = set()


def _close_inherited_locks() -> None:
    for fd in _HELD_LOCKS:
        with suppress(OSError):
            os.close(fd)
    _HELD_LOCKS.clear()


os.register_at_fork(after_in_child=_close_inherited_locks)


def default_store() -> Path:
    return Path(os.environ.get("NEWSSCOPE_STORE") or "data")


def new_batch_id() -> str:
    return f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"


class Store:
    def __init__(self, root: str | os.PathLike | None = None):
        self.root = Path(root) if root is not None else default_store()
        self.batches = self.root / "batches"
        self.staging = self.root / "_staging"

    # -- writing ---------------------------------------------------------------------------------------------
    @contextmanager
    def writer_lock(self, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
        """One writer at a time, so deduplication sees every committed batch; readers never wait.

        `on_wait` hears once, with a message naming the holder's pid, when another writer holds the lock. The lock
        is an flock, which the kernel releases when its holder dies, and forked children never keep it.
        """
        path = self.root / ".lock"
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)  # not truncated: it names the current holder
        except OSError as err:
            raise StoreError(f"cannot write to the store {self.root}: {err.strerror or err}") from err
        _HELD_LOCKS.add(fd)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if on_wait:
                    holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
                    on_wait(f"waiting for another ingest into {self.root}" + (f" (pid {holder})" if holder else ""))
                fcntl.flock(fd, fcntl.LOCK_EX)
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            # Whatever is left in staging belongs to an ingest that died before committing.
            shutil.rmtree(self.staging, ignore_errors=True)
            yield
        finally:
            if fd in _HELD_LOCKS:  # not in a forked child, which has closed it already
                _HELD_LOCKS.discard(fd)
                os.close(fd)  # releases the lock

    def write_batch(self, rows: dict[str, list[dict]], batch_id: str | None = None) -> str:
        """Write one batch of the four tables and make it visible at once. Returns the batch id."""
        batch_id = batch_id or new_batch_id()
        tmp = self.staging / batch_id
        tmp.mkdir(parents=True, exist_ok=True)
        for table in TABLES:
            records = [{**r, "batch_id": batch_id} for r in rows.get(table, [])]
            pq.write_table(table_of(table, records), tmp / f"{table}.parquet")
        self.batches.mkdir(parents=True, exist_ok=True)
        fsync_dir(tmp)
        os.rename(tmp, self.batches / batch_id)
        fsync_dir(self.batches)
        return batch_id

    # -- reading ---------------------------------------------------------------------------------------------
    def batch_ids(self) -> list[str]:
        if not self.batches.is_dir():
            return []
        return sorted(p.name for p in self.batches.iterdir() if not p.name.startswith("."))

    def version(self) -> str:
        """Changes whenever a batch is committed: a cache key for readers."""
        ids = self.batch_ids()
        return f"{len(ids)}:{ids[-1] if ids else ''}"

    def is_empty(self) -> bool:
        return not self.batch_ids()

    def connect(self, con: duckdb.DuckDBPyConnection | None = None) -> duckdb.DuckDBPyConnection:
        """A DuckDB connection with views `articles`, `entities`, `quotes`, `countries` over the current rows.

        The views read the Parquet files at query time, so a batch committed later shows up in the next query.
        """
        con = con or duckdb.connect()
        if self.is_empty():
            for table in TABLES:
                con.register(f"{table}_all", pa.Table.from_pylist([], schema=SCHEMAS[table]))
        else:
            for table in TABLES:
                glob = str(self.batches / "*" / f"{table}.parquet").replace("'", "''")
                con.execute(f"CREATE OR REPLACE VIEW {table}_all AS SELECT * FROM read_parquet('{glob}')")
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
        # An article that names a person only by surname ("Putin") gets the full name the rest of the corpus uses
        # for that surname, when one full name clearly dominates (twice as frequent as the next).
        con.execute("""
            CREATE OR REPLACE VIEW person_aliases AS
            WITH full_names AS (
                SELECT entity, regexp_extract(entity, '(\\S+)$') AS alias, count(*) AS n
                FROM entities_current WHERE label = 'PERSON' AND entity LIKE '% %' GROUP BY entity),
            ranked AS (
                SELECT alias, entity, n, lead(n) OVER (PARTITION BY alias ORDER BY n DESC, entity) AS runner_up,
                       row_number() OVER (PARTITION BY alias ORDER BY n DESC, entity) AS rank
                FROM full_names)
            SELECT alias, entity FROM ranked WHERE rank = 1 AND (runner_up IS NULL OR n >= 2 * runner_up)
        """)
        con.execute("""
            CREATE OR REPLACE VIEW entities AS
            SELECT e.* REPLACE (coalesce(p.entity, e.entity) AS entity)
            FROM entities_current e LEFT JOIN person_aliases p ON e.label = 'PERSON' AND e.entity = p.alias
        """)
        con.execute("""
            CREATE OR REPLACE VIEW quotes AS
            SELECT q.* REPLACE (coalesce(p.entity, q.speaker) AS speaker)
            FROM quotes_current q LEFT JOIN person_aliases p ON q.speaker = p.alias
        """)
        con.execute("CREATE OR REPLACE VIEW countries AS SELECT * FROM countries_current")
        return con

    def known_hashes(self) -> dict[str, str]:
        """article_id -> content hash of the stored version."""
        if self.is_empty():
            return {}
        con = self.connect()
        return dict(con.execute("SELECT article_id, content_hash FROM articles").fetchall())

    def export(self, out: str | os.PathLike) -> dict[str, int]:
        """Write articles.csv, entities.csv, quotes.csv and countries.csv; returns the row count of each."""
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        con = self.connect()
        counts = {}
        for table, columns in EXPORT_COLUMNS.items():
            target = str(out / f"{table}.csv").replace("'", "''")
            query = f"SELECT {', '.join(columns)} FROM {table} ORDER BY article_id, " + (
                "1" if table == "articles" else "start_char")
            con.execute(f"COPY ({query}) TO '{target}' (HEADER, DELIMITER ',')")
            counts[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        return counts


def table_of(table: str, records: list[dict]) -> pa.Table:
    """An Arrow table of one store table; a missing or null text field is stored as "" so readers need not care."""
    schema = SCHEMAS[table]
    texts = [f.name for f in schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)]
    records = [{**r, **{name: r.get(name) or "" for name in texts}} for r in records]
    return pa.Table.from_pylist(records, schema=schema)


def fsync_dir(path: Path) -> None:
    """Make a rename inside `path` (or a file written in it) durable before going on."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def rows_of(records: Iterable, article_id: str) -> list[dict]:
    return [{"article_id": article_id, **r.to_dict()} for r in records]
