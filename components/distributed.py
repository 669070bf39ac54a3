"""Ingest on a Dask cluster: the same tables as `components.ingest`, extracted by many machines.

The client reads the files and deduplicates them exactly as the local ingest does (same `IngestReport`, same
load errors), then sends the new articles in partitions to the cluster. Each worker process loads the spaCy
pipeline once, turns a partition into rows with `extract_rows` and writes the four Parquet tables into a fresh
folder under `STORE/_staging/`. Only the client commits: when a task has succeeded it renames that folder to
`STORE/batches/<batch_id>/`, so a partition is visible whole or not at all. A worker lost mid-task is replaced
by Dask's retry, which writes to another fresh staging folder; whatever the lost attempt left there is never
renamed and is cleared when the ingest ends (or at the start of the next one).

The store is a `components.store.Store`: a local folder (which every worker must reach under the same path, e.g. a
shared mount) or an fsspec URL (`s3://bucket/news`, `gcs://...`, `file:///...`). A rename is atomic on a POSIX
filesystem; on an object store fsspec copies and deletes, so readers may briefly see a batch folder that is still
filling up. This module is only the Dask plumbing: what to ingest is `plan_ingest`'s, the rows `extract_rows`'.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from distributed import Client, Future, WorkerPlugin, as_completed

from components.ingest import CHUNK_ARTICLES, IngestReport, Progress, chunked, extract_rows, plan_ingest
from components.pipeline import model_name
from components.records import Article
from components.schema import TABLES, batch_tables
from components.store import Store, new_batch_id

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


def store_address(store: Store) -> str:
    """The store as every worker opens it: an absolute path (the same on every machine) or a URL."""
    return str(store.root.resolve()) if store.local else store.root


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
    for chunk in chunked(iter(partition), CHUNK_ARTICLES):  # the local ingest's chunks, for identical rows
        for table, table_rows in extract_rows(chunk, nlp).items():
            rows[table].extend(table_rows)
    return PartitionResult(Store(store).stage(batch_tables(rows, batch_id), batch_id), len(partition))


def ingest_on_cluster(paths: Iterable[str | Path], store: Store | str | os.PathLike, scheduler: str | Client, *,
                      model: str | None = None, partition_size: int = PARTITION_ARTICLES,
                      on_progress: Progress | None = None,
                      on_dashboard: Callable[[str], None] | None = None,
                      connect_seconds: float = CONNECT_SECONDS, again: bool = False) -> IngestReport:
    """`components.ingest.ingest` on a Dask cluster: the same report, the same tables, one batch per partition.

    `scheduler` is the scheduler's address (tcp://HOST:PORT) or a connected `Client`; `store` a `Store`, a local
    folder every worker reaches under the same path, or an fsspec URL.
    """
    started = time.perf_counter()
    store = store if isinstance(store, Store) else Store(store)
    model = model_name(model)  # resolved here: the workers' NEWSSCOPE_MODEL may differ from the client's
    with _connect(scheduler, connect_seconds) as client, store.writer_lock():
        link = _dashboard_link(client)
        if on_dashboard and link:
            on_dashboard(link)
        plan = plan_ingest(paths, store, again=again)
        if on_progress:
            on_progress(0, plan.total)
        done = 0
        if plan.total:  # with nothing new, no worker loads a model
            client.register_plugin(PipelinePlugin(model))  # raises ModelNotFound when a worker lacks the model
            threads = max(1, sum(client.nthreads().values()))
            # A small ingest is still spread over every worker; a large one uses partitions of `partition_size`.
            size = min(partition_size, max(CHUNK_ARTICLES, -(-plan.total // (IN_FLIGHT_PER_THREAD * threads))))
            done = _run_partitions(client, chunked(plan.todo, size), store, model, plan.total, threads, on_progress)
    return plan.finish(done, started)


def _run_partitions(client: Client, partitions: Iterator[list[tuple[Article, str]]], store: Store,
                    model: str, total: int, threads: int, on_progress: Progress | None) -> int:
    """Submit partitions (a bounded number at a time) and commit each one as soon as its task has succeeded."""
    limit = max(2, IN_FLIGHT_PER_THREAD * threads)
    finished = as_completed(loop=client.loop)
    in_flight: dict[Future, str] = {}  # future -> the batch id its partition will be committed as
    address = store_address(store)

    def submit_next() -> None:
        partition = next(partitions, None)
        if partition is None:
            return
        batch_id = new_batch_id()
        future = client.submit(extract_partition, partition, batch_id=batch_id, store=address, model=model,
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
            store.commit(result.staging, batch_id)
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
