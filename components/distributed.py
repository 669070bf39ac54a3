"""Ingest on a Dask cluster: the same tables as `components.ingest`, extracted by many machines.

The client reads the files and deduplicates them exactly as the local ingest does (same `IngestReport`, same
load errors), then sends the new articles in partitions to the cluster. Each worker process loads the spaCy
pipeline once, turns a partition into rows with `extract_rows` and writes the four Parquet tables into a fresh
folder under `STORE/_staging/`. Only the client commits: when a task has succeeded it renames that folder to
`STORE/batches/<batch_id>/`, so a partition is visible whole or not at all. A worker lost mid-task is replaced
by Dask's retry, which writes to another fresh staging folder; whatever the lost attempt left there is never
renamed and is cleared when the ingest ends (or at the start of the next one).

The store is a local folder (which every worker must reach under the same path, e.g. a shared mount) or an
fsspec URL (`s3://bucket/news`, `gcs://...`, `file:///...`). A rename is atomic on a POSIX filesystem; on an
object store fsspec copies and deletes, so readers may briefly see a batch folder that is still filling up.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

import fsspec
import pyarrow.parquet as pq
from distributed import Client, Future, WorkerPlugin, as_completed

from components.ingest import CHUNK_ARTICLES, IngestReport, Progress, _chunked, _new_articles, extract_rows
from components.loading import iter_articles
from components.pipeline import model_name
from components.records import Article
from components.store import TABLES, Store, fsync_dir, new_batch_id, table_of, write_parquet

PARTITION_ARTICLES = 500  # articles per task and per committed batch: ~10 s of work for one worker thread
IN_FLIGHT_PER_THREAD = 2  # partitions queued per worker thread: keeps every worker busy, the client's memory flat
RETRIES = 2  # extra attempts for a task that raised (a lost worker is retried by Dask regardless)
CONNECT_SECONDS = 30


class ClusterUnavailable(RuntimeError):
    pass


@dataclass(frozen=True)
class PartitionResult:
    staging: str  # the folder name under STORE/_staging/ holding this attempt's tables
    articles: int


def is_url(location: str | os.PathLike) -> bool:
    return "://" in os.fspath(location)


@dataclass(frozen=True)
class StoreLocation:
    """Where the store's files are, as the client and every worker address them: an absolute path or a URL."""

    root: str

    @classmethod
    def of(cls, store: Store | str | os.PathLike) -> StoreLocation:
        root = os.fspath(store.root if isinstance(store, Store) else store)
        return cls(root.rstrip("/") if is_url(root) else str(Path(root).resolve()))

    @property
    def is_url(self) -> bool:
        return is_url(self.root)

    def _fs(self) -> tuple[fsspec.AbstractFileSystem, str]:
        fs, path = fsspec.core.url_to_fs(self.root)
        return fs, path.rstrip("/")

    # -- on a worker -----------------------------------------------------------------------------------------
    def write_staging(self, rows: dict[str, list[dict]], batch_id: str) -> str:
        """Write the four tables into a new staging folder (a fresh name for every attempt); returns its name."""
        attempt = f"{batch_id}.{uuid.uuid4().hex[:8]}"
        tables = {table: table_of(table, [{**r, "batch_id": batch_id} for r in rows.get(table, [])])
                  for table in TABLES}
        if self.is_url:
            fs, root = self._fs()
            folder = f"{root}/_staging/{attempt}"
            fs.makedirs(folder, exist_ok=True)
            for table, data in tables.items():
                pq.write_table(data, f"{folder}/{table}.parquet", filesystem=fs)
        else:
            folder = Path(self.root) / "_staging" / attempt
            folder.mkdir(parents=True)
            for table, data in tables.items():
                write_parquet(data, folder / f"{table}.parquet")
            fsync_dir(folder)
        return attempt

    # -- on the client ---------------------------------------------------------------------------------------
    def commit(self, attempt: str, batch_id: str) -> None:
        """Make a staged partition visible as batches/<batch_id> in one rename."""
        if self.is_url:
            fs, root = self._fs()
            fs.makedirs(f"{root}/batches", exist_ok=True)
            fs.mv(f"{root}/_staging/{attempt}", f"{root}/batches/{batch_id}", recursive=True)
        else:
            batches = Path(self.root) / "batches"
            batches.mkdir(parents=True, exist_ok=True)
            os.rename(Path(self.root) / "_staging" / attempt, batches / batch_id)
            fsync_dir(batches)

    def clear_staging(self) -> None:
        if self.is_url:
            fs, root = self._fs()
            if fs.exists(f"{root}/_staging"):
                fs.rm(f"{root}/_staging", recursive=True)
        else:
            shutil.rmtree(Path(self.root) / "_staging", ignore_errors=True)

    @contextmanager
    def writer_lock(self) -> Iterator[None]:
        """The local store's lock (one writer at a time); a URL store has none, so run one ingest at a time."""
        with Store(self.root).writer_lock() if not self.is_url else nullcontext():
            if self.is_url:
                self.clear_staging()  # left by an ingest that died before committing
            try:
                yield
            finally:
                self.clear_staging()

    def known_hashes(self) -> dict[str, str]:
        """article_id -> content hash of the stored version, the newest batch winning as in `Store`."""
        if not self.is_url:
            return Store(self.root).known_hashes()
        fs, root = self._fs()
        files = [f for f in fs.glob(f"{root}/batches/*/articles.parquet") if not f.split("/")[-2].startswith(".")]
        known: dict[str, str] = {}
        for path in sorted(files):  # batch ids sort by time, so later files overwrite older versions
            data = pq.read_table(path, columns=["article_id", "content_hash"], filesystem=fs)
            known.update(zip(data.column("article_id").to_pylist(), data.column("content_hash").to_pylist()))
        return known


class PipelinePlugin(WorkerPlugin):
    """Loads the spaCy pipeline when a worker starts or joins, so the first task does not pay for it."""

    name = "newsscope-pipeline"

    def __init__(self, model: str):
        self.model = model

    def setup(self, worker) -> None:
        from components.pipeline import build_nlp

        build_nlp(self.model)  # cached per process: every task on this worker reuses it


def extract_partition(partition: list[tuple[Article, str]], *, batch_id: str, store: str,
                      model: str) -> PartitionResult:
    """A task: extract a partition's rows and stage them as one batch. Idempotent: each attempt stages afresh."""
    from components.pipeline import build_nlp

    nlp = build_nlp(model)
    rows: dict[str, list[dict]] = {table: [] for table in TABLES}
    for chunk in _chunked(iter(partition), CHUNK_ARTICLES):  # the local ingest's chunks, for identical rows
        for table, table_rows in extract_rows(chunk, nlp).items():
            rows[table].extend(table_rows)
    attempt = StoreLocation(store).write_staging(rows, batch_id)
    return PartitionResult(attempt, len(partition))


def ingest_on_cluster(paths: Iterable[str | Path], store: Store | str | os.PathLike, scheduler: str | Client, *,
                      model: str | None = None, partition_size: int = PARTITION_ARTICLES,
                      on_progress: Progress | None = None,
                      on_dashboard: Callable[[str], None] | None = None,
                      connect_seconds: float = CONNECT_SECONDS, again: bool = False) -> IngestReport:
    """`components.ingest.ingest` on a Dask cluster: the same report, the same tables, one batch per partition.

    `scheduler` is the scheduler's address (tcp://HOST:PORT) or a connected `Client`; `store` a `Store`, a local
    folder every worker reaches under the same path, or an fsspec URL.
    """
    paths = list(paths)
    location = StoreLocation.of(store)
    model = model_name(model)  # resolved here: the workers' NEWSSCOPE_MODEL may differ from the client's
    report = IngestReport()
    started = time.perf_counter()
    with _connect(scheduler, connect_seconds) as client, location.writer_lock():
        link = _dashboard_link(client)
        if on_dashboard and link:
            on_dashboard(link)
        known = location.known_hashes()
        # A first pass counts and reports, so the progress bar knows its end; reading is cheap next to parsing.
        total = sum(1 for _ in _new_articles(iter_articles(paths), known, report, again=again))
        todo = _new_articles(iter_articles(paths), known, IngestReport(), again=again)
        if on_progress:
            on_progress(0, total)
        done = 0
        if total:  # with nothing new, no worker loads a model
            client.register_plugin(PipelinePlugin(model))  # raises ModelNotFound when a worker lacks the model
            threads = max(1, sum(client.nthreads().values()))
            # A small ingest is still spread over every worker; a large one uses partitions of `partition_size`.
            size = min(partition_size, max(CHUNK_ARTICLES, -(-total // (IN_FLIGHT_PER_THREAD * threads))))
            done = _run_partitions(client, _chunked(todo, size), location, model, total, threads, on_progress)
    report.added = done - report.replaced
    report.seconds = time.perf_counter() - started
    return report


def _run_partitions(client: Client, partitions: Iterator[list[tuple[Article, str]]], location: StoreLocation,
                    model: str, total: int, threads: int, on_progress: Progress | None) -> int:
    """Submit partitions (a bounded number at a time) and commit each one as soon as its task has succeeded."""
    limit = max(2, IN_FLIGHT_PER_THREAD * threads)
    finished = as_completed(loop=client.loop)
    in_flight: dict[Future, str] = {}  # future -> the batch id its partition will be committed as

    def submit_next() -> None:
        partition = next(partitions, None)
        if partition is None:
            return
        batch_id = new_batch_id()
        future = client.submit(extract_partition, partition, batch_id=batch_id, store=location.root, model=model,
                               key=f"newsscope-partition-{batch_id}", retries=RETRIES, pure=False)
        in_flight[future] = batch_id
        finished.add(future)

    for _ in range(limit):
        submit_next()
    done = 0
    try:
        for future in finished:
            batch_id = in_flight.pop(future)
            result: PartitionResult = future.result()  # a task's error, after its retries, ends the ingest here
            future.release()  # else a worker lost later takes the result with it, and Dask would recompute it
            location.commit(result.staging, batch_id)
            done += result.articles
            if on_progress:
                on_progress(done, total)
            submit_next()
    finally:
        if in_flight:  # after an error or an interrupt: nothing more of this ingest runs or gets committed
            client.cancel(list(in_flight))
    return done


@contextmanager
def _connect(scheduler: str | Client, seconds: float) -> Iterator[Client]:
    if isinstance(scheduler, Client):
        yield scheduler
        return
    try:
        client = Client(scheduler, timeout=seconds, set_as_default=False)
    except OSError as err:
        raise ClusterUnavailable(f"cannot reach the Dask scheduler at {scheduler}: {err}") from err
    with client:
        yield client


def _dashboard_link(client: Client) -> str | None:
    try:
        return client.dashboard_link
    except KeyError:  # a scheduler started without its dashboard (--no-dashboard, or bokeh missing)
        return None
