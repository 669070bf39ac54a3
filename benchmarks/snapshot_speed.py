"""How long the dashboard's snapshot takes to open and its queries to answer, without a browser or a server.

    python benchmarks/snapshot_speed.py STORE_DIR [--filters none text source date entity] [--updates N]

Opens the store's snapshot through the local cache (`components.snapshot_cache`: built and saved on the first run,
opened on the next), then times the sidebar's lookups and, for each set of filters, the selection and the
Overview's queries (then a top 20 of every type, and the Quotes page's count and list), each once, in the order a
page asks them. With --updates N, it then commits N more articles one at a time (copies of a stored one, as
`dashboard_speed.py --new-article` does: this writes into the store) and times adding each to the open snapshot, and
the sidebar's lookups after it.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
import uuid
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from components import queries, snapshot_cache  # noqa: E402
from components.filters import Filters  # noqa: E402
from components.store import Store  # noqa: E402

FILTERS = {"none": Filters(), "text": Filters(text="election"), "source": Filters(sources=("Reuters",)),
           "date": Filters(date_from=date(1987, 3, 1), date_to=date(1987, 3, 15)),
           "entity": Filters(entities=("United States",))}
LOOKUPS = [(queries.date_bounds, ()), (queries.entity_choices, (2000,)), (queries.label_choices, ()),
           (queries.source_choices, ()), (queries.country_choices, ()), (queries.metadata_choices, ())]
PAGE_QUERIES = [(queries.overview_counts, {"numeric": False}), (queries.top_entities, {"labels": ("PERSON",), "n": 10}),
                (queries.top_entities, {"labels": ("ORG",), "n": 10}), (queries.country_counts, {}),
                (queries.top_speakers, {"n": 10}), (queries.source_summary, {}), (queries.top_entities, {"n": 20}),
                (queries.quote_count, {"min_words": 3}), (queries.quotes_table, {"min_words": 3, "limit": 1000})]


def timed(label: str, call):
    start = time.perf_counter()
    result = call()
    print(f"{time.perf_counter() - start:7.3f} s  {label}", flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store", type=Path)
    parser.add_argument("--filters", nargs="+", choices=list(FILTERS), default=list(FILTERS))
    parser.add_argument("--updates", type=int, default=0, help="then time N one-article commits added to the snapshot")
    args = parser.parse_args(argv)
    snap = timed("snapshot (snapshot_cache.load)", lambda: snapshot_cache.load(Store(args.store)))
    print(f"{snap.one('SELECT count(*) FROM articles')[0]:,} articles, "
          f"{snap.one('SELECT count(*) FROM entities')[0]:,} entity mentions")
    for query, query_args in LOOKUPS:
        timed(query.__name__, lambda: query(snap, *query_args))  # noqa: B023 (called at once)
    for name in args.filters:
        f = FILTERS[name]
        print(f"-- filters: {name}")
        timed("selection", lambda: snap.selection(f))  # noqa: B023
        for query, kwargs in PAGE_QUERIES:
            timed(f"{query.__name__} {kwargs}", lambda: query(snap, f, **kwargs))  # noqa: B023
    if args.updates:
        time_updates(snap, Store(args.store), args.updates)
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    return 0


def time_updates(snap, store: Store, n: int) -> None:
    """Commit n one-article batches, adding each to the open snapshot (as a running server does)."""
    from dashboard_speed import commit_copy

    updates, lookups = [], []
    for _ in range(n):
        commit_copy(store, f"zqx{uuid.uuid4().hex[:10]}")
        start = time.perf_counter()
        snap = snap.update(store)
        updates.append(time.perf_counter() - start)
        start = time.perf_counter()
        for query, query_args in LOOKUPS:
            query(snap, *query_args)
        lookups.append(time.perf_counter() - start)
    for label, times in (("one more article added to the snapshot", updates),
                         ("the sidebar's lookups after it", lookups)):
        print(f"{label}: median {statistics.median(times):.3f} s (from {min(times):.3f} to {max(times):.3f} s, "
              f"{len(times)} commits)")


if __name__ == "__main__":
    sys.exit(main())
