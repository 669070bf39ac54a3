"""Time and peak memory of one whole snapshot load of a store into a DuckDB file, as the dashboard builds its saved
snapshot (components/snapshot_cache.py), outside the browser.

usage: python benchmarks/snapshot_memory.py STORE [--limit 1500MB | --limit none]

`--limit` replaces the load's DuckDB memory limit (`components.snapshot.LOAD_MEMORY_LIMIT`); `none` leaves DuckDB's
own default (80% of the machine's memory). Run each setting in a process of its own: the peak is the process's.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from components import snapshot  # noqa: E402
from components.store import Store  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store", type=Path)
    parser.add_argument("--limit", default=snapshot.LOAD_MEMORY_LIMIT,
                        help="DuckDB's memory limit while loading, or 'none' (default: %(default)s)")
    args = parser.parse_args(argv)
    if args.limit.lower() == "none":  # DuckDB's default, as a fresh connection reports it
        args.limit = snapshot.duckdb.connect().execute("SELECT current_setting('memory_limit')").fetchone()[0]
    snapshot.LOAD_MEMORY_LIMIT = args.limit
    with tempfile.TemporaryDirectory(prefix="newsscope-snapshot-memory-") as work:
        started = time.perf_counter()
        snap = snapshot.Snapshot.load(Store(args.store), path=Path(work, "snapshot.duckdb"))
        snap.con.execute("CHECKPOINT")
        seconds = time.perf_counter() - started
        mentions = snap.one("SELECT count(*) FROM entities")[0]
        snap.con.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"memory limit {args.limit}: whole load {seconds:.1f} s, peak {peak:,.0f} MB, {mentions:,} entity mentions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
