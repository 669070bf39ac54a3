"""Get the dashboard ready before the first page view: build the store's snapshot, load Plotly, fill the caches.

`python -m dashboard.server` calls `warm_up` as the server starts. This module does not import Streamlit's caches
(`dashboard.state`) until the server's runtime exists, so the caches it fills are the ones the pages read.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from components.metrics import Snapshot
from components.store import Store, default_store

# Snapshots being built ahead of the first page view, by (store path, store version); state._snapshot takes them.
WARMING: dict[tuple[str, str], Future] = {}


def store_path(argv: list[str] | None = None) -> Path:
    """`streamlit run dashboard/app.py -- --store DIR`, else $NEWSSCOPE_STORE, else ./data."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--store", type=Path, default=None)
    args, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    return (args.store or default_store()).resolve()


def warm_up(root: str | os.PathLike) -> Future | None:
    """Start the warm-up; returns the snapshot's future (None for an empty store).

    The first run's snapshot lookup takes the future over, waiting for it if it is not ready yet.
    """
    store = Store(Path(root).resolve())
    if store.is_empty():
        return None
    key = (str(store.root), store.version())
    pool = ThreadPoolExecutor(2, thread_name_prefix="newsscope-warm")
    future = WARMING[key] = pool.submit(Snapshot.load, store)
    from components.charts import warm_up as warm_charts

    pool.submit(warm_charts)
    pool.shutdown(wait=False)
    threading.Thread(target=_prime, args=key, name="newsscope-prime", daemon=True).start()
    return future


def _prime(root: str, version: str, timeout: float = 120.0) -> None:
    from streamlit import runtime

    deadline = time.monotonic() + timeout
    while not runtime.exists():  # the caches belong to the server's runtime, which starts after this thread
        if time.monotonic() > deadline:
            return
        time.sleep(0.05)
    from dashboard import state

    state.prime(root, version)
