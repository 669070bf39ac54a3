"""The dashboard's data: which store, its snapshot (opened from the local cache of `components.snapshot_cache`, or
built, ahead while the server starts), and cached query calls.

Queries are cached per (store path, store version, query, filters, arguments): a batch landing changes the version,
so new articles show up on the next rerun without restarting the server; the snapshot adds the new batches' rows to
the previous version's instead of reading the store again. A query is passed as the function itself
(`ctx.query(queries.top_entities, n=10)`) and cached under its qualified name.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from components import charts, queries, snapshot_cache
from components.filters import Filters
from components.snapshot import Snapshot
from components.store import Store, default_store, is_url

TIMING = bool(os.environ.get("NEWSSCOPE_TIMING"))  # benchmarks/dashboard_speed.py reads the server log's lines
ENTITY_CHOICES = 2000  # names the sidebar's entity picker offers
UPLOAD_LIMIT_MB = 50  # per uploaded file; the browser refuses files over server.maxUploadSize before upload


def trace(event: str) -> None:
    """With NEWSSCOPE_TIMING set, a line `newsscope-trace EPOCH_SECONDS EVENT` in the server's log."""
    if TIMING:
        print(f"newsscope-trace {time.time():.3f} {event}", file=sys.stderr, flush=True)


def store_path(argv: list[str] | None = None) -> Path | str:
    """`streamlit run dashboard/app.py -- --store DIR` (or an fsspec URL), else $NEWSSCOPE_STORE, else ./data."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--store", default=None)
    args, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    location = args.store or os.fspath(default_store())
    return location if is_url(location) else Path(location).resolve()


def read_only() -> bool:
    """NEWSSCOPE_READ_ONLY=1: the dashboard only reads the store (no Add articles page)."""
    return os.environ.get("NEWSSCOPE_READ_ONLY", "").strip().lower() in ("1", "true", "yes", "on")


# -- warm-up: get ready before the first page view ---------------------------------------------------------------
# Snapshots being built ahead of the first page view, by (store path, store version); the first run takes its own.
_warming: dict[tuple[str, str], Future] = {}


def warm_up(root: str | os.PathLike) -> Future | None:
    """Build the store's snapshot, load Plotly and fill the caches of the first view, in the background; returns
    the snapshot's future (None for an empty store). `python -m dashboard.server` calls this as the server starts.

    The first run's snapshot lookup takes the future over, waiting for it if it is not ready yet.
    """
    store = Store(root if is_url(root) else Path(root).resolve())
    if store.is_empty():
        return None
    key = (str(store.root), store.version())
    pool = ThreadPoolExecutor(2, thread_name_prefix="newsscope-warm")
    future = _warming[key] = pool.submit(snapshot_cache.load, store)
    pool.submit(charts.warm_up)
    pool.shutdown(wait=False)
    threading.Thread(target=_prime_when_served, args=key, name="newsscope-prime", daemon=True).start()
    return future


def warming(root: str, version: str) -> Future | None:
    """The snapshot being built ahead for this store version, if any (it is handed out once)."""
    return _warming.pop((root, version), None)


def _prime_when_served(root: str, version: str, timeout: float = 120.0) -> None:
    from streamlit import runtime

    deadline = time.monotonic() + timeout
    while not runtime.exists():  # the caches belong to the server's runtime, which starts after this thread
        if time.monotonic() > deadline:
            return
        time.sleep(0.05)
    prime(root, version)
    follow(root, version, FOLLOW_SECONDS[is_url(root)])


# How often the server looks for batches committed since (a local folder, an object store): listing the batches is
# a directory read locally, a request (billed, slower) to a bucket.
FOLLOW_SECONDS = {False: 0.1, True: 10.0}


def follow(root: str, version: str, every: float, stop: threading.Event | None = None) -> None:
    """Bring the snapshot and the sidebar's lookups up to each store version as it lands, until `stop` is set: the
    next page view finds the new articles added rather than adding them itself (a second at a million articles)."""
    store, stop = Store(root), stop or threading.Event()
    while not stop.wait(every):
        try:
            latest = store.version()
        except OSError:  # a batch folder being renamed or removed while listed: look again next time
            continue
        if latest != version:
            version = latest
            trace(f"follow-noticed {version}")
            prime(root, version, with_queries=False)
            trace(f"follow-primed {version}")


# -- the snapshot and cached queries -----------------------------------------------------------------------------
# The newest snapshot per store, which the next store version updates when it only adds batches.
_latest: dict[str, Snapshot] = {}
_latest_lock = threading.Lock()


# One snapshot at a time: the next store version replaces it (updated in place when batches were only added, else
# loaded anew), so once it serves, memory holds one copy of the corpus, not two.
@st.cache_resource(max_entries=1, show_spinner="Loading the store…")
def _snapshot(root: str, version: str) -> Snapshot:
    ahead = warming(root, version)
    if ahead is not None:
        try:
            snap = ahead.result()
            if snap.version == version:
                with _latest_lock:
                    _latest.setdefault(root, snap)
                return snap
        except Exception:  # noqa: BLE001 (a failed warm-up is retried here, where the error is shown)
            pass
    trace(f"snapshot-wait {version}")
    with _latest_lock:  # one update at a time: two would add the same batches to one database
        trace(f"snapshot-start {version}")
        snap = _latest[root] = snapshot_cache.load(Store(root), previous=_latest.get(root))
    trace(f"snapshot-done {version}")
    return snap


def _name(query: Callable) -> str:
    return f"{query.__module__}.{query.__qualname__}"


@dataclass(frozen=True)
class Context:
    """One run's view of the data: the store at one version, and the sidebar's filters."""

    root: str
    version: str
    filters: Filters

    @property
    def store(self) -> Store:
        return Store(self.root)

    @property
    def empty(self) -> bool:
        return self.version.startswith("0:")

    def snapshot(self) -> Snapshot:
        return _snapshot(self.root, self.version)

    def query(self, query: Callable, *args, filters: Filters | None = None, **kwargs):
        """query(snapshot, filters, *args, **kwargs), cached."""
        return _cached_query(self.root, self.version, query, _name(query),
                             self.filters if filters is None else filters, args, tuple(sorted(kwargs.items())))

    def first_rows(self, query: Callable, *args, **kwargs) -> Callable[[int], pd.DataFrame]:
        """n -> query(snapshot, filters, *args, **kwargs, limit=n), not cached: a download of every row."""
        snap, filters = self.snapshot(), self.filters
        return lambda n: query(snap, filters, *args, **kwargs, limit=n)

    def lookup(self, query: Callable, *args):
        """query(snapshot, *args) for queries that take no filters, cached."""
        return _cached_lookup(self.root, self.version, query, _name(query), args)


# The query function itself is not hashed (a leading underscore tells Streamlit): its qualified name keys the cache.
@st.cache_data(max_entries=512, show_spinner=False)
def _cached_query(root: str, version: str, _query: Callable, name: str, filters: Filters, args: tuple,
                  kwargs: tuple):
    snap = _snapshot(root, version)
    started = time.perf_counter()
    result = _query(snap, filters, *args, **dict(kwargs))
    trace(f"query {name} {time.perf_counter() - started:.3f}")
    return result


@st.cache_data(max_entries=256, show_spinner=False)
def _cached_lookup(root: str, version: str, _query: Callable, name: str, args: tuple):
    snap = _snapshot(root, version)
    started = time.perf_counter()
    result = _query(snap, *args)
    trace(f"lookup {name} {time.perf_counter() - started:.3f}")
    return result


def context() -> Context:
    """The context the sidebar set up for this run."""
    return st.session_state["ctx"]


# What the sidebar and the Overview ask on a first visit: answered during the warm-up, so the first view finds them
# in the cache. A call the pages no longer make is merely computed for nothing.
FIRST_LOOKUPS = [(queries.date_bounds, ()), (queries.entity_choices, (ENTITY_CHOICES,)), (queries.label_choices, ()),
                 (queries.source_choices, ()), (queries.country_choices, ()), (queries.metadata_choices, ())]
FIRST_QUERIES = [
    (queries.overview_counts, {"numeric": False}), (queries.top_entities, {"labels": ("PERSON",), "n": 10}),
    (queries.top_entities, {"labels": ("ORG",), "n": 10}), (queries.country_counts, {}),
    (queries.top_speakers, {"n": 10}), (queries.source_summary, {}),
]


def prime(root: str, version: str, *, with_queries: bool = True) -> None:
    """Answer the first view's lookups (and, `with_queries`, its queries) into the caches."""
    ctx = Context(root, version, Filters())
    try:
        for query, args in FIRST_LOOKUPS:
            ctx.lookup(query, *args)
        for query, kwargs in FIRST_QUERIES if with_queries else ():
            ctx.query(query, **kwargs)
    except Exception:  # noqa: BLE001 (the page will ask again and show the error there)
        return
