"""Grow a store for scale tests: copy every batch of SRC_STORE N times into DST_STORE under new article ids.

    python benchmarks/replicate_store.py SRC_STORE DST_STORE --times N

Copy 0 keeps the original article ids, copy k (1 <= k < N) suffixes them with "-r{k}", so DST_STORE holds N times
as many articles with the same entities, quotes and countries. Each copy of a batch is a new batch in the usual
layout (DST_STORE/batches/<batch_id>/{articles,entities,quotes,countries}.parquet), written by DuckDB straight from
Parquet to Parquet (no spaCy, no Python rows) through _staging/ and renamed into batches/ like an ingest.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from components.store import TABLES, Store, fsync_dir, new_batch_id  # noqa: E402


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def replicate(src: Store, dst: Store, times: int) -> int:
    """Write `times` copies of src's batches into dst; returns the number of batches written."""
    if src.is_empty():
        raise SystemExit(f"error: {src.root} holds no batches")
    if src.root.resolve() == dst.root.resolve():
        raise SystemExit("error: the destination must be another folder")
    con = duckdb.connect()
    written = 0
    with dst.writer_lock():
        for k in range(times):
            suffix = "" if k == 0 else f"-r{k}"
            for source_batch in src.batch_ids():
                batch_id = new_batch_id()
                tmp = dst.staging / batch_id
                tmp.mkdir(parents=True, exist_ok=True)
                for table in TABLES:
                    source = src.batches / source_batch / f"{table}.parquet"
                    con.execute(
                        f"COPY (SELECT * REPLACE (article_id || ? AS article_id, ? AS batch_id) "
                        f"FROM read_parquet({_quoted(source)})) TO {_quoted(tmp / f'{table}.parquet')} "
                        "(FORMAT parquet, COMPRESSION snappy)",
                        [suffix, batch_id],
                    )
                dst.batches.mkdir(parents=True, exist_ok=True)
                fsync_dir(tmp)
                os.rename(tmp, dst.batches / batch_id)
                written += 1
    fsync_dir(dst.batches)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("src", type=Path, metavar="SRC_STORE")
    parser.add_argument("dst", type=Path, metavar="DST_STORE")
    parser.add_argument("--times", type=int, required=True, help="copies of the source (1 = a plain copy)")
    args = parser.parse_args(argv)
    if args.times < 1:
        parser.error("--times must be at least 1")
    src, dst = Store(args.src), Store(args.dst)
    if not dst.is_empty():
        parser.error(f"{dst.root} already holds batches; pick an empty folder")
    start = time.perf_counter()
    batches = replicate(src, dst, args.times)
    n = dst.connect().execute("SELECT count(*) FROM articles").fetchone()[0]
    print(f"{batches} batches, {n:,} articles -> {dst.root} ({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
