"""The article store: Parquet files in batch folders on a local disk or any fsspec filesystem, read through DuckDB.

Layout (the same for a local or a distributed ingest):

    STORE/batches/<batch_id>/articles.parquet
    STORE/batches/<batch_id>/entities.parquet
    STORE/batches/<batch_id>/quotes.parquet
    STORE/batches/<batch_id>/countries.parquet

A batch is staged into STORE/_staging/, flushed to disk and committed into batches/ by one rename, so readers see
all of it or none of it and a killed ingest never leaves half an article behind. Batch ids sort by time; when an
article appears in several batches (it changed), the newest batch wins and its older rows are hidden.

A committed batch whose files cannot be read (a disk error, a file truncated or deleted by hand) is damaged: readers
leave the whole batch out, as if it had never been committed, and `newsscope check --repair` moves it into
STORE/damaged/ and lists the articles to ingest again.

A store is a folder (or a `file://` URL) or any fsspec URL such as `s3://bucket/news`. Only a local folder has a
writer lock, flushes to disk and commits by an atomic rename; on an object store a rename is a copy, so run one
ingest at a time there. Checking and compaction need a local folder.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext, suppress
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from components.damage import CheckedBatch, CheckReport, DamagedBatch, articles_of, footer_problem, parquet_problem
from components.locking import folder_lock
from components.schema import (
    ADDED_COLUMNS,
    ADDED_DEFAULTS,
    SCHEMAS,
    TABLES,
    batch_tables,
)
from components.store_views import create_views

if TYPE_CHECKING:
    from fsspec import AbstractFileSystem


def default_store() -> Path:
    return Path(os.environ.get("NEWSSCOPE_STORE") or "data")


def is_url(location: str | os.PathLike) -> bool:
    return "://" in os.fspath(location)


def new_batch_id() -> str:
    return f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"


class Store:
    """A store at a folder, a `file://` URL (the same folder) or any other fsspec URL.

    `root`, `batches` and `staging` are Paths for a local store, URLs otherwise.
    """

    def __init__(self, root: str | os.PathLike | None = None):
        path = os.fspath(default_store() if root is None else root)
        self.local = True
        if is_url(path):
            from fsspec.core import url_to_fs
            from fsspec.implementations.local import LocalFileSystem

            self.fs, path = url_to_fs(path)
            self.local = isinstance(self.fs, LocalFileSystem)
        if self.local:
            self.root: Path | str = Path(path)
            self.batches: Path | str = self.root / "batches"
            self.staging: Path | str = self.root / "_staging"
        else:
            self.root = self.fs.unstrip_protocol(path.rstrip("/"))
            self.batches, self.staging = f"{self.root}/batches", f"{self.root}/_staging"

    @cached_property
    def fs(self) -> AbstractFileSystem:
        """The store's fsspec filesystem; a local one is made when first needed, so reading never imports fsspec."""
        from fsspec.implementations.local import LocalFileSystem

        return LocalFileSystem()

    def batch_file(self, batch_id: str, table: str) -> Path | str:
        """The file of one table of a committed batch."""
        name = f"{table}.parquet"
        return self.batches / batch_id / name if self.local else f"{self.batches}/{batch_id}/{name}"

    # -- writing ---------------------------------------------------------------------------------------------
    @contextmanager
    def writer_lock(self, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
        """One writer at a time, so deduplication sees every committed batch; readers never wait.

        `on_wait` hears once, with a message naming the holder's pid, when another writer holds the lock. The lock
        is an flock, which the kernel releases when its holder dies, and forked children never keep it. A URL store
        has none. Whatever is left in staging belongs to a writer that died before committing, and is cleared.
        """
        with folder_lock(self.root, on_wait) if self.local else nullcontext():
            self.clear_staging()
            try:
                yield
            finally:
                self.clear_staging()

    def clear_staging(self) -> None:
        if self.local:
            shutil.rmtree(self.staging, ignore_errors=True)
        elif self.fs.exists(self.staging):
            self.fs.rm(self.staging, recursive=True)

    def write_batch(self, rows: dict[str, list[dict]], batch_id: str | None = None) -> str:
        """Write one batch of the four tables and make it visible at once. Returns the batch id."""
        batch_id = batch_id or new_batch_id()
        return self.commit(self.stage(batch_tables(rows, batch_id), batch_id), batch_id)

    def stage(self, tables: dict[str, pa.Table], batch_id: str) -> str:
        """Write a batch's tables into a fresh folder under staging, flushed to disk; returns its name for `commit`.

        Every call stages afresh, so a task run again (a lost Dask worker) never writes into a half-written attempt.
        """
        attempt = f"{batch_id}.{uuid.uuid4().hex[:8]}"
        folder = f"{self.staging}/{attempt}"
        self._makedirs(folder)
        for table, data in tables.items():
            if self.local:
                write_parquet(data, Path(folder, f"{table}.parquet"))
            else:
                with self.fs.open(f"{folder}/{table}.parquet", "wb") as f:
                    pq.write_table(data, f)
        if self.local:
            fsync_dir(folder)
        return attempt

    def commit(self, attempt: str, batch_id: str) -> str:
        """Make a staged batch visible as batches/<batch_id> in one rename (a copy on an object store)."""
        self._makedirs(self.batches)
        if self.local:
            os.rename(self.staging / attempt, self.batches / batch_id)
            fsync_dir(self.batches)
        else:
            self.fs.mv(f"{self.staging}/{attempt}", f"{self.batches}/{batch_id}", recursive=True)
        return batch_id

    def _makedirs(self, folder: Path | str) -> None:
        """A local ingest writes without importing fsspec (a few hundredths of a second of its start)."""
        if self.local:
            os.makedirs(folder, exist_ok=True)
        else:
            self.fs.makedirs(folder, exist_ok=True)

    # -- reading ---------------------------------------------------------------------------------------------
    def batch_ids(self) -> list[str]:
        try:
            names = os.listdir(self.batches) if self.local else [
                p.rstrip("/").rsplit("/", 1)[-1] for p in self.fs.ls(self.batches, detail=False)]
        except (FileNotFoundError, NotADirectoryError):
            return []
        return sorted(name for name in names if not name.startswith("."))

    def version(self) -> str:
        """Changes whenever a batch is committed: a cache key for readers."""
        ids = self.batch_ids()
        return f"{len(ids)}:{ids[-1] if ids else ''}"

    def is_empty(self) -> bool:
        return not self.batch_ids()

    def damaged_batches(self) -> list[DamagedBatch]:
        """The batches readers leave out, judged by each file's Parquet footer (read once per file version).

        This catches missing, empty and truncated files; `check` also decodes every page.
        """
        return self.sort_batches()[1]

    def sort_batches(self, batch_ids: Iterable[str] | None = None, *,
                     full: bool = False) -> tuple[list[str], list[DamagedBatch]]:
        """The sound and the damaged ones of `batch_ids` (default: every committed batch)."""
        sound, damaged = [], []
        for batch_id in self.batch_ids() if batch_ids is None else batch_ids:
            problems = []
            for table in TABLES:
                path, fs = self.batch_file(batch_id, table), None if self.local else self.fs
                problem = parquet_problem(path, table, full=True, fs=fs) if full else footer_problem(path, table, fs)
                if problem:
                    problems.append(f"{table}.parquet: {problem}")
            if problems:
                damaged.append(DamagedBatch(batch_id, tuple(problems)))
            else:
                sound.append(batch_id)
        return sound, damaged

    def connect(self, con: duckdb.DuckDBPyConnection | None = None, *, batch_ids: list[str] | None = None,
                names: bool = True) -> duckdb.DuckDBPyConnection:
        """A DuckDB connection with views `articles`, `entities`, `quotes`, `countries` over the current rows.

        The views read the batches committed when it connected, damaged ones left out; connect again to see later
        batches. With `batch_ids`, only those (sound) batches are read, as if they were the whole store. Without
        `names`, the rows as stored alone (`articles`, `<table>_current`; see `create_views`).
        """
        con = con or duckdb.connect()
        self._register(con)
        sound = self.sort_batches()[0] if batch_ids is None else batch_ids
        for table in TABLES:
            if not sound:
                con.register(f"{table}_all", pa.Table.from_pylist([], schema=SCHEMAS[table]))
                continue
            files = ", ".join(sql_string(self.batch_file(batch_id, table)) for batch_id in sound)
            # by name: a batch written before a column was added reads it as NULL
            source = f"read_parquet([{files}], union_by_name = true)"
            present = {row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}
            # a column no batch has yet
            missing = "".join(f", NULL::{kind} AS {name}" for name, kind in ADDED_COLUMNS.get(table, {}).items()
                              if name not in present)
            # and an older batch's NULL reads as the value its rows had ("direct" quotes)
            defaults = ", ".join(f"coalesce(nullif({name}, ''), {value}) AS {name}"
                                 for name, value in ADDED_DEFAULTS.get(table, {}).items())
            replace = f" REPLACE ({defaults})" if defaults else ""
            con.execute(f"CREATE OR REPLACE VIEW {table}_all AS "
                        f"SELECT *{replace} FROM (SELECT *{missing} FROM {source})")
        create_views(con, names=names)
        return con

    def _register(self, con: duckdb.DuckDBPyConnection) -> None:
        """DuckDB reads a URL store's files through its fsspec filesystem, registered once per connection."""
        if not self.local:
            protocols = [self.fs.protocol] if isinstance(self.fs.protocol, str) else self.fs.protocol
            if not con.filesystem_is_registered(protocols[0]):
                con.register_filesystem(self.fs)

    def known_hashes(self) -> dict[str, str]:
        """article_id -> content hash of the stored version."""
        if self.is_empty():
            return {}
        con = self.connect(names=False)
        return dict(con.execute("SELECT article_id, content_hash FROM articles").fetchall())

    # -- checking (a local store) ----------------------------------------------------------------------------
    def check(self, *, repair: bool = False) -> CheckReport:
        """Read every file of every batch whole; with `repair`, move each damaged batch into STORE/damaged/."""
        sound, damaged = self.sort_batches(full=True)
        newest = self._newest_batch_of_articles(sound) if damaged else {}
        checked = []
        for damage in damaged:
            held = articles_of(self.batch_file(damage.batch_id, "articles"))
            # A newer sound batch holding the article again (a later ingest) means nothing is lost for it.
            to_ingest = None if held is None else tuple(
                (article_id, origin) for article_id, origin in held if newest.get(article_id, "") < damage.batch_id)
            moved_to = self.move_aside(damage.batch_id) if repair else None
            checked.append(CheckedBatch(damage, to_ingest, moved_to))
        return CheckReport(len(sound) + len(damaged), checked)

    def move_aside(self, batch_id: str) -> Path:
        """Move a batch out of batches/ into damaged/, where readers no longer see it; returns its new folder."""
        target = self.root / "damaged" / batch_id
        target.parent.mkdir(exist_ok=True)
        os.rename(self.batches / batch_id, target)
        fsync_dir(self.batches)
        return target

    def _newest_batch_of_articles(self, batch_ids: list[str]) -> dict[str, str]:
        if not batch_ids:
            return {}
        files = ", ".join(sql_string(self.batch_file(b, "articles")) for b in batch_ids)
        return dict(duckdb.connect().execute(
            f"SELECT article_id, max(batch_id) FROM read_parquet([{files}]) GROUP BY article_id").fetchall())

    # -- for readers that copy the store (the dashboard's snapshot) -------------------------------------------
    def attach(self, con: duckdb.DuckDBPyConnection, name: str = "store", *,
               batch_ids: list[str] | None = None, names: bool = True) -> None:
        """The views of `connect` in a database of their own, `name`, attached to `con` in memory; `con`'s own
        database is left as it was. A reader copies what it needs (`store.articles`, `store.entities`,
        `store.quotes`, `store.countries`, `store.stories`; `store.articles_all` holds every stored version, texts
        included, with its `batch_id`), then detaches it. `batch_ids` and `names` as for `connect`."""
        con.execute(f"ATTACH ':memory:' AS {name}")
        current = con.execute("SELECT current_database()").fetchone()[0]
        con.execute(f"USE {name}")
        try:
            self.connect(con, batch_ids=batch_ids, names=names)
        finally:
            con.execute(f"USE {current}")
        views = {row[0] for row in con.execute("SELECT view_name FROM duckdb_views() WHERE database_name = ?",
                                               [name]).fetchall()}
        for table in TABLES:
            if f"{table}_all" not in views:  # an empty store's are Arrow tables registered on `con`, outside `name`
                con.execute(f"CREATE TABLE {name}.{table}_all AS SELECT * FROM {table}_all")

    def read_text(self, article_ids: Iterable[str], *, batch_id: str | None = None,
                  con: duckdb.DuckDBPyConnection | None = None) -> dict[str, str]:
        """article_id -> text of the stored version. A reader that knows the batch its rows came from passes it:
        that batch's file alone is read while it is there (a compaction may have merged it since), with `con` when
        given (opening a database costs more than the read)."""
        ids = list(article_ids)
        path = self.batch_file(batch_id, "articles") if batch_id else None
        if path is not None and (path.exists() if self.local else self.fs.exists(path)):
            con = con or duckdb.connect()
            self._register(con)
            with suppress(duckdb.IOException):  # removed after the check: read the current rows instead
                return dict(con.execute(
                    "SELECT article_id, any_value(text) FROM read_parquet(?) WHERE list_contains(?, article_id) "
                    "GROUP BY article_id", [str(path), ids]).fetchall())
        return dict(self.connect(names=False).execute(
            "SELECT article_id, text FROM articles WHERE list_contains(?, article_id)", [ids]).fetchall())


def write_parquet(data: pa.Table, path: Path) -> None:
    """Write a Parquet file and flush it to disk, so a batch renamed into place after it survives a power cut."""
    with open(path, "wb") as f:
        pq.write_table(data, f)
        f.flush()
        os.fsync(f.fileno())


def sql_string(value: object) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def fsync_dir(path: Path | str) -> None:
    """Make a rename inside `path` (or a file written in it) durable before going on."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def rows_of(records: Iterable, article_id: str) -> list[dict]:
    return [{"article_id": article_id, **r.to_dict()} for r in records]
