"""The article store: Parquet files in batch folders, queried through DuckDB.

Layout (the same for a local or a distributed ingest):

    STORE/batches/<batch_id>/articles.parquet
    STORE/batches/<batch_id>/entities.parquet
    STORE/batches/<batch_id>/quotes.parquet
    STORE/batches/<batch_id>/countries.parquet

A batch is written into STORE/_staging/, flushed to disk and renamed into batches/ in one step, so readers see
all of it or none of it and a killed ingest never leaves half an article behind. Batch ids sort by time; when an
article appears in several batches (it changed), the newest batch wins and its older rows are hidden.

A committed batch whose files cannot be read (a disk error, a file truncated or deleted by hand) is damaged: readers
leave the whole batch out, as if it had never been committed, and `newsscope check --repair` moves it into
STORE/damaged/ and lists the articles to ingest again.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from duckdb.sqltypes import VARCHAR

from components.errors import StoreError
from components.stories import STORIES_SQL

TABLES = ("articles", "entities", "quotes", "countries")

SCHEMAS = {
    "articles": pa.schema([
        ("article_id", pa.string()), ("batch_id", pa.string()), ("content_hash", pa.string()),
        ("title", pa.string()), ("source", pa.string()), ("published", pa.date32()), ("url", pa.string()),
        ("dateline", pa.string()), ("n_words", pa.int32()), ("origin", pa.string()), ("text", pa.large_string()),
        ("story_bands", pa.list_(pa.int64())),
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
        ("speaker_role", pa.string()), ("speaker_role_class", pa.string()),
    ]),
    "countries": pa.schema([
        ("article_id", pa.string()), ("batch_id", pa.string()), ("iso3", pa.string()), ("country", pa.string()),
        ("text", pa.string()), ("kind", pa.string()), ("start_char", pa.int64()), ("end_char", pa.int64()),
    ]),
}

# Columns added since the first stores were written: an older batch lacks them, and its rows read them as NULL.
# Their DuckDB types.
ADDED_COLUMNS = {
    "articles": {"story_bands": "BIGINT[]"},
    "entities": {"gender": "VARCHAR", "gender_evidence": "VARCHAR"},
    "quotes": {"speaker_gender": "VARCHAR", "speaker_role": "VARCHAR", "speaker_role_class": "VARCHAR"},
}

# Columns each export CSV carries, in order.
EXPORT_COLUMNS = {
    "articles": ["article_id", "title", "source", "published", "url", "dateline", "n_words", "origin", "story_id",
                 "story_size", "text"],
    "entities": ["article_id", "entity", "label", "text", "start_char", "end_char", "gender", "gender_evidence"],
    "quotes": ["article_id", "quote", "speaker", "speaker_text", "cue", "start_char", "end_char", "speaker_gender",
               "speaker_role", "speaker_role_class"],
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


@dataclass(frozen=True)
class DamagedBatch:
    """A committed batch with a missing or unreadable file: readers leave all of it out."""

    batch_id: str
    problems: tuple[str, ...]  # one per bad file, e.g. "quotes.parquet: missing"

    def __str__(self) -> str:
        return f"batch {self.batch_id}: {'; '.join(self.problems)}"


@dataclass(frozen=True)
class CheckedBatch:
    """A damaged batch as `Store.check` found it: what it held and where it went."""

    damage: DamagedBatch
    # (article_id, origin) of the articles whose current version was in this batch; None when its articles.parquet
    # cannot be read, so nobody knows.
    to_ingest: tuple[tuple[str, str], ...] | None
    moved_to: Path | None = None


@dataclass(frozen=True)
class CheckReport:
    checked: int
    damaged: list[CheckedBatch]


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
        return self.commit_tables({table: table_of(table, [{**r, "batch_id": batch_id} for r in rows.get(table, [])])
                                   for table in TABLES}, batch_id)

    def commit_tables(self, tables: dict[str, pa.Table], batch_id: str) -> str:
        """Write a batch's four tables into staging, flush them to disk, and make the batch visible in one rename."""
        tmp = self.staging / batch_id
        tmp.mkdir(parents=True, exist_ok=True)
        for table, data in tables.items():
            write_parquet(data, tmp / f"{table}.parquet")
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

    def damaged_batches(self) -> list[DamagedBatch]:
        """The batches readers leave out, judged by each file's Parquet footer (read once per file version).

        This catches missing, empty and truncated files; `check` also decodes every page.
        """
        return self._sort_batches()[1]

    def _sort_batches(self, *, full: bool = False) -> tuple[list[str], list[DamagedBatch]]:
        sound, damaged = [], []
        for batch_id in self.batch_ids():
            problems = []
            for table in TABLES:
                path = self.batches / batch_id / f"{table}.parquet"
                problem = parquet_problem(path, table, full=True) if full else _footer_problem(path, table)
                if problem:
                    problems.append(f"{table}.parquet: {problem}")
            if problems:
                damaged.append(DamagedBatch(batch_id, tuple(problems)))
            else:
                sound.append(batch_id)
        return sound, damaged

    def connect(self, con: duckdb.DuckDBPyConnection | None = None) -> duckdb.DuckDBPyConnection:
        """A DuckDB connection with views `articles`, `entities`, `quotes`, `countries` over the current rows.

        The views read the batches committed when it connected, damaged ones left out; connect again to see later
        batches.
        """
        con = con or duckdb.connect()
        sound = self._sort_batches()[0]
        for table in TABLES:
            if not sound:
                con.register(f"{table}_all", pa.Table.from_pylist([], schema=SCHEMAS[table]))
                continue
            files = ", ".join(sql_string(self.batches / batch_id / f"{table}.parquet") for batch_id in sound)
            # by name: a batch written before a column was added reads it as NULL
            source = f"read_parquet([{files}], union_by_name = true)"
            present = {row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}
            # a column no batch has yet
            missing = "".join(f", NULL::{kind} AS {name}" for name, kind in ADDED_COLUMNS.get(table, {}).items()
                              if name not in present)
            con.execute(f"CREATE OR REPLACE VIEW {table}_all AS SELECT *{missing} FROM {source}")
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
        con.execute(f"CREATE OR REPLACE VIEW stories AS {STORIES_SQL}")
        return con

    def known_hashes(self) -> dict[str, str]:
        """article_id -> content hash of the stored version."""
        if self.is_empty():
            return {}
        con = self.connect()
        return dict(con.execute("SELECT article_id, content_hash FROM articles").fetchall())

    def export(self, out: str | os.PathLike, *, spreadsheet_safe: bool = False) -> dict[str, int]:
        """Write articles.csv, entities.csv, quotes.csv and countries.csv; returns the row count of each.

        Cells are written as stored, for data tools; `spreadsheet_safe` prefixes cells a spreadsheet would run as
        formulas, as the dashboard's downloads do. Raises OSError naming the file that could not be written.
        """
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        con = self.connect()
        if spreadsheet_safe:
            from components.export import neutralise  # the dashboard downloads' rule, so both agree

            con.create_function("neutralise", neutralise, [VARCHAR], VARCHAR, side_effects=False)
        counts = {}
        for table, columns in EXPORT_COLUMNS.items():
            texts = {f.name for f in SCHEMAS[table] if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)}
            select = [f"neutralise({c}) AS {c}" if spreadsheet_safe and c in texts else c for c in columns]
            rows = "articles LEFT JOIN stories USING (article_id)" if table == "articles" else table
            query = f"SELECT {', '.join(select)} FROM {rows} ORDER BY article_id, " + (
                "1" if table == "articles" else "start_char")
            target = out / f"{table}.csv"
            try:
                target.open("wb").close()  # fails here, with the file named, when the folder is not writable
                write_csv(con, query, target)
            except OSError as err:
                if err.filename is None:
                    raise OSError(err.errno, err.strerror or str(err), str(target)) from err
                raise
            counts[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        return counts

    # -- checking --------------------------------------------------------------------------------------------
    def check(self, *, repair: bool = False) -> CheckReport:
        """Read every file of every batch whole; with `repair`, move each damaged batch into STORE/damaged/."""
        sound, damaged = self._sort_batches(full=True)
        newest = self._newest_batch_of_articles(sound) if damaged else {}
        checked = []
        for damage in damaged:
            held = _articles_of(self.batches / damage.batch_id / "articles.parquet")
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
        files = ", ".join(sql_string(self.batches / b / "articles.parquet") for b in batch_ids)
        return dict(duckdb.connect().execute(
            f"SELECT article_id, max(batch_id) FROM read_parquet([{files}]) GROUP BY article_id").fetchall())

    # -- for readers that copy the store (the dashboard's snapshot) -------------------------------------------
    def attach(self, con: duckdb.DuckDBPyConnection, name: str = "store") -> None:
        """The views of `connect` in a database of their own, `name`, attached to `con` in memory; `con`'s own
        database is left as it was. A reader copies what it needs (`store.articles`, `store.entities`,
        `store.quotes`, `store.countries`, `store.stories`; `store.articles_all` holds every stored version, texts
        included, with its `batch_id`), then detaches it."""
        con.execute(f"ATTACH ':memory:' AS {name}")
        current = con.execute("SELECT current_database()").fetchone()[0]
        con.execute(f"USE {name}")
        try:
            self.connect(con)
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
        path = self.batches / batch_id / "articles.parquet" if batch_id else None
        if path is not None and path.exists():
            with suppress(duckdb.IOException):  # removed after the check: read the current rows instead
                return dict((con or duckdb.connect()).execute(
                    "SELECT article_id, any_value(text) FROM read_parquet(?) WHERE list_contains(?, article_id) "
                    "GROUP BY article_id", [str(path), ids]).fetchall())
        return dict(self.connect().execute(
            "SELECT article_id, text FROM articles WHERE list_contains(?, article_id)", [ids]).fetchall())


def table_of(table: str, records: list[dict]) -> pa.Table:
    """An Arrow table of one store table; a missing or null text field is stored as "" so readers need not care."""
    schema = SCHEMAS[table]
    texts = [f.name for f in schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)]
    records = [{**r, **{name: r.get(name) or "" for name in texts}} for r in records]
    return pa.Table.from_pylist(records, schema=schema)


def write_parquet(data: pa.Table, path: Path) -> None:
    """Write a Parquet file and flush it to disk, so a batch renamed into place after it survives a power cut."""
    with open(path, "wb") as f:
        pq.write_table(data, f)
        f.flush()
        os.fsync(f.fileno())


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


def parquet_problem(path: Path, table: str, *, full: bool = False) -> str | None:
    """Why a batch's file for `table` cannot be read, or None. Only its footer is read unless `full`."""
    try:
        with pq.ParquetFile(path) as f:
            names, expected = set(f.schema_arrow.names), set(SCHEMAS[table].names)
            if names - expected or expected - names - ADDED_COLUMNS.get(table, {}).keys():
                return f"unexpected columns ({', '.join(f.schema_arrow.names)})"
            if full:
                for _ in f.iter_batches():
                    pass
    except FileNotFoundError:
        return "missing"
    except (OSError, ValueError, pa.ArrowException) as err:
        return f"cannot read ({err})"
    return None


# path -> (size, mtime_ns, problem): a committed batch never changes, so each file's footer is read once per version.
_FOOTERS: dict[str, tuple[int, int, str | None]] = {}
_FOOTERS_LOCK = threading.Lock()


def _footer_problem(path: Path, table: str) -> str | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return "missing"
    except OSError as err:
        return f"cannot read ({err})"
    with _FOOTERS_LOCK:
        known = _FOOTERS.get(str(path))
    if known and known[:2] == (stat.st_size, stat.st_mtime_ns):
        return known[2]
    problem = parquet_problem(path, table)
    with _FOOTERS_LOCK:
        _FOOTERS[str(path)] = (stat.st_size, stat.st_mtime_ns, problem)
    return problem


def _articles_of(path: Path) -> list[tuple[str, str]] | None:
    """(article_id, origin) of a batch's articles, or None when its articles.parquet cannot tell."""
    try:
        data = pq.read_table(path, columns=["article_id", "origin"])
    except (OSError, ValueError, pa.ArrowException):
        return None
    return list(zip(data.column("article_id").to_pylist(), data.column("origin").to_pylist(), strict=True))


def sql_string(value: object) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def fsync_dir(path: Path) -> None:
    """Make a rename inside `path` (or a file written in it) durable before going on."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def rows_of(records: Iterable, article_id: str) -> list[dict]:
    return [{"article_id": article_id, **r.to_dict()} for r in records]
