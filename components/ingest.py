"""Ingest: files -> articles -> spaCy extraction (in worker processes) -> committed store batches.

`plan_ingest` decides what to extract (new and changed articles, the report of the rest); `ingest` extracts it in
local worker processes, `components.distributed` on a Dask cluster. Both turn articles into rows with `extract_rows`,
in chunks of CHUNK_ARTICLES, so they store the same rows.
"""

from __future__ import annotations

import ctypes
import gc
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from components.articles import content_hash
from components.compaction import compact_locked, needs_compaction
from components.errors import StoreError
from components.loading import LoadError, iter_articles
from components.records import Article
from components.store import Store, rows_of
from components.stories import story_bands
from components.wrapping import unwrapped

if TYPE_CHECKING:
    from spacy.language import Language

CHUNK_ARTICLES = 16  # articles sent to a worker at once
COMMIT_ARTICLES = 1000  # articles per committed batch
COMMIT_SECONDS = 30.0  # ... or sooner, so an interrupted ingest loses little
MAX_DOC_CHARS = 100_000  # spaCy's parser needs ~1 GB per 100k characters: longer texts are parsed in pieces

Progress = Callable[[int, int], None]


@dataclass
class IngestReport:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    errors: list[LoadError] = field(default_factory=list)
    warnings: list[LoadError] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        rate = (self.added + self.replaced) / self.seconds if self.seconds else 0.0
        parts = [f"{self.added} added", f"{self.replaced} replaced", f"{self.unchanged} unchanged",
                 f"{len(self.errors)} skipped"]
        return f"{', '.join(parts)} in {self.seconds:.1f} s ({rate:.1f} articles/s)"


@dataclass
class IngestPlan:
    """What an ingest has to do, decided under the store's writer lock; an executor extracts `todo` and commits it."""

    report: IngestReport  # the unchanged, the replaced and the problems, counted already
    total: int  # articles to extract
    todo: Iterator[tuple[Article, str]]  # (article, content hash) of each, read again from the files as pulled

    def finish(self, done: int, started: float) -> IngestReport:
        """The report once `done` articles have been extracted and committed, timed from `started`."""
        self.report.added = done - self.report.replaced
        self.report.seconds = time.perf_counter() - started
        return self.report


def plan_ingest(paths: Iterable[str | Path], store: Store, *, again: bool = False,
                origin_name: Callable[[str], str] | None = None) -> IngestPlan:
    """Read the files once to count and report what is new or changed against the store; the caller holds the
    store's writer lock, so nothing it counts changes before it is committed.

    `again` extracts stored, unchanged articles again too (after switching the model or upgrading newsscope).
    `origin_name` rewrites each article's and problem's origin ("path:line"), e.g. a temporary path to the name
    the user uploaded.
    """
    paths = list(paths)
    known = store.known_hashes()
    report = IngestReport()
    # A first pass counts and reports, so the progress bar knows its end; reading is cheap next to parsing.
    total = sum(1 for _ in _new_articles(_read(paths, origin_name), known, report, again=again))
    todo = _new_articles(_read(paths, origin_name), known, IngestReport(), again=again)
    return IngestPlan(report, total, todo)


def ingest(paths: Iterable[str | Path], store: Store, *, model: str | None = None, workers: int | None = None,
           on_progress: Progress | None = None, again: bool = False,
           origin_name: Callable[[str], str] | None = None,
           on_wait: Callable[[str], None] | None = None) -> IngestReport:
    """Read the files, extract what is new or changed in local worker processes and commit it to the store in atomic
    batches (see `plan_ingest` for `again` and `origin_name`).

    `on_wait` hears once when another ingest holds the store and this one waits for it.
    """
    started = time.perf_counter()
    workers = max(1, workers or os.cpu_count() or 1)
    with store.writer_lock(on_wait):
        plan = plan_ingest(paths, store, again=again, origin_name=origin_name)
        # No more processes (each loading the model) than there are chunks to give them.
        workers = max(1, min(workers, -(-plan.total // CHUNK_ARTICLES)))
        done = 0
        if on_progress:
            on_progress(0, plan.total)
        pending: dict[str, list[dict]] = {}
        last_commit = time.monotonic()
        # With nothing new, no model is loaded: a re-ingest of an unchanged corpus costs only the reading.
        for rows in _extract_all(plan.todo, model, workers) if plan.total else ():
            for table, table_rows in rows.items():
                pending.setdefault(table, []).extend(table_rows)
            done += len(rows["articles"])
            if on_progress:
                on_progress(done, plan.total)
            if len(pending["articles"]) >= COMMIT_ARTICLES or time.monotonic() - last_commit > COMMIT_SECONDS:
                _commit(store, pending)
                pending, last_commit = {}, time.monotonic()
        if pending.get("articles"):
            _commit(store, pending)
        if plan.total and needs_compaction(store):  # uploads and daily ingests leave many small batches
            compact_locked(store)
    return plan.finish(done, started)


def _read(paths: list, origin_name: Callable[[str], str] | None) -> Iterator[Article | LoadError]:
    items = iter_articles(paths)
    return items if origin_name is None else (replace(x, origin=origin_name(x.origin)) for x in items)


def _commit(store: Store, rows: dict[str, list[dict]]) -> None:
    try:
        store.write_batch(rows)
    except OSError as err:  # a full disk, a store made read-only: nothing of this batch is visible
        raise StoreError(f"cannot write a batch into the store {store.root}: {err.strerror or err}") from err


def _new_articles(items: Iterator[Article | LoadError], known: dict[str, str],
                  report: IngestReport, *, again: bool = False) -> Iterator[tuple[Article, str]]:
    """Articles whose content is not stored yet (with `again`, every stored one too), counting the unchanged and the
    replaced in `report`."""
    seen: dict[str, str] = {}
    for item in items:
        if isinstance(item, LoadError):
            (report.warnings if item.message.startswith("warning:") else report.errors).append(item)
            continue
        digest = content_hash(item)
        if item.article_id in seen:
            if seen[item.article_id] == digest:
                report.unchanged += 1
            else:
                report.errors.append(LoadError(item.origin, f"duplicate id {item.article_id!r} with other content; "
                                                             "the first one is kept"))
            continue
        seen[item.article_id] = digest
        if known.get(item.article_id) == digest and not again:
            report.unchanged += 1
            continue
        if item.article_id in known:
            report.replaced += 1
        yield item, digest


def _extract_all(items: Iterator[tuple[Article, str]], model: str | None, workers: int) -> Iterator[dict]:
    chunks = chunked(items, CHUNK_ARTICLES)
    if workers == 1:
        _init_worker(model)
        try:
            for chunk in chunks:
                yield extract_chunk(chunk)
        finally:
            gc.unfreeze()  # this process goes on (the dashboard's): its collector sweeps the model's objects again
        return
    # A bounded number of chunks in flight keeps memory flat however large the corpus.
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(model, os.getpid())) as pool:
        in_flight: set[Future] = set()
        for chunk in chunks:
            in_flight.add(pool.submit(extract_chunk, chunk))
            if len(in_flight) >= 2 * workers:
                done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in done:
                    yield future.result()
        for future in in_flight:
            yield future.result()


def chunked(items: Iterator, size: int) -> Iterator[list]:
    """Lists of `size` items (the last one shorter), pulled from `items` as they are needed."""
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_NLP = None


def _init_worker(model: str | None, parent: int | None = None) -> None:
    global _NLP
    if parent is not None:
        _die_with(parent)
    # Loading makes objects that live as long as the process: sweeping them meanwhile would find nothing to free.
    collecting = gc.isenabled()
    gc.disable()
    try:
        from components.pipeline import build_nlp

        _NLP = build_nlp(model)
    finally:
        if collecting:
            gc.enable()
    # The model's and the place tables' millions of objects stay to the end: kept out of the collector's sweeps,
    # which would otherwise walk them all again and again while extracting (a tenth of a second per full sweep).
    gc.freeze()


PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _die_with(parent: int) -> None:
    """End this worker process when `parent` ends, however it ends (SIGKILL, SIGTERM, the OOM killer).

    Left alone, a worker whose parent died would wait for work forever, holding about 500 MB.
    """
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    else:
        threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # it died before the signal was asked for
        os._exit(1)


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def extract_chunk(chunk: list[tuple[Article, str]]) -> dict[str, list[dict]]:
    """Rows of the four tables for a list of (article, content hash), with this worker process's pipeline."""
    return extract_rows(chunk, _NLP)


def extract_rows(chunk: list[tuple[Article, str]], nlp: Language) -> dict[str, list[dict]]:
    """Rows of the four tables for a list of (article, content hash), extracted with `nlp`."""
    from components.pipeline import doc_records

    rows: dict[str, list[dict]] = {"articles": [], "entities": [], "quotes": [], "countries": []}
    pieces = [(i, offset, piece) for i, (article, _) in enumerate(chunk)
              for offset, piece in split_text(unwrapped(article.text))]
    for (i, offset, _), doc in zip(pieces, _parse(nlp, [piece for _, _, piece in pieces])):
        article_id = chunk[i][0].article_id
        for table, records in zip(("entities", "quotes", "countries"), doc_records(doc)):
            table_rows = rows_of(records, article_id)
            for row in table_rows:
                row["start_char"] += offset
                row["end_char"] += offset
            rows[table].extend(table_rows)
    for article, digest in chunk:
        record = article.to_dict()
        record.update(content_hash=digest, n_words=len(article.text.split()), published=_date(record["published"]),
                      story_bands=story_bands(article.text))
        rows["articles"].append(record)
    return rows


def _parse(nlp: Language, texts: list[str]) -> Iterator:
    """Docs of `texts`, parsed in groups of at most MAX_DOC_CHARS characters: a parser's memory grows with the text
    it holds at once, so the pieces of one long article must not all go into one batch."""
    group: list[str] = []
    for text in texts:
        if group and sum(map(len, group)) + len(text) > MAX_DOC_CHARS:
            yield from nlp.pipe(group)
            group = []
        group.append(text)
    yield from nlp.pipe(group)


def _date(iso: str) -> date | None:
    return date.fromisoformat(iso) if iso else None  # pyarrow writes a date32 column from dates, not from strings


def split_text(text: str, limit: int | None = None) -> Iterator[tuple[int, str]]:
    """(offset, piece) pieces of at most `limit` (MAX_DOC_CHARS) characters, cut at paragraph or sentence ends where
    possible."""
    limit = limit or MAX_DOC_CHARS
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"))
        if cut < limit // 2:
            ends = [m.end() for m in re.finditer(r"[.!?]\s", window)]
            cut = ends[-1] if ends and ends[-1] > limit // 2 else limit
        else:
            cut += 1
        yield start, text[start : start + cut]
        start += cut
    yield start, text[start:]
