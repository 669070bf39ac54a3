"""Throughput of the distributed ingest on this machine, and what it projects for 10 million articles.

usage: python benchmarks/distributed_throughput.py CORPUS.jsonl[.gz] [--limit 2000] [--workers 1,2]
                                                   [--partition-size N] [--model NAME]

For each worker count W it starts a local Dask cluster (W worker processes with one thread each), loads the spaCy
pipeline on every worker (timed apart: a long-running cluster pays it once), then times `ingest_on_cluster` of the
first --limit articles into a fresh store: reading, deduplication, extraction, Parquet writing and commits, and
sums the CPU time the worker processes spent meanwhile. Projections for 10 million articles scale linearly from
the best measured rate per worker (wall clock, on this shared machine) and from articles per worker CPU-second
(what a worker with a core of its own achieves); both assume articles as long as these and a client that keeps
up (on a real cluster the client and the scheduler do not share the workers' cores).
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from distributed import Client, LocalCluster  # noqa: E402

from components.distributed import PARTITION_ARTICLES, PipelinePlugin, ingest_on_cluster  # noqa: E402
from components.pipeline import model_name  # noqa: E402
from components.store import Store  # noqa: E402

TARGET = 10_000_000


def subset(corpus: Path, limit: int | None, folder: Path) -> Path:
    """The first `limit` lines of a (gzipped) JSON Lines corpus, as a plain .jsonl file in `folder`."""
    opener = gzip.open if corpus.suffix == ".gz" else open
    target = folder / "corpus.jsonl"
    with opener(corpus, "rt", encoding="utf-8") as src, open(target, "w", encoding="utf-8") as dst:
        dst.writelines(itertools.islice(src, limit))
    return target


def measure(corpus: Path, workers: int, model: str, partition_size: int, folder: Path) -> dict:
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        started = time.perf_counter()
        client.register_plugin(PipelinePlugin(model))
        load = time.perf_counter() - started
        store = Store(folder / f"store-{workers}")
        cpu_before = client.run(time.process_time)
        report = ingest_on_cluster([corpus], store, client, model=model, partition_size=partition_size)
        cpu = sum(client.run(time.process_time).values()) - sum(cpu_before.values())
    words = store.connect().execute("SELECT coalesce(sum(n_words), 0) FROM articles").fetchone()[0]
    articles = report.added + report.replaced
    return {"workers": workers, "articles": articles, "words": words, "skipped": len(report.errors),
            "load": load, "seconds": report.seconds, "rate": articles / report.seconds,
            "word_rate": words / report.seconds, "cpu": cpu, "cpu_rate": articles / cpu}


def duration(seconds: float) -> str:
    hours, rest = divmod(round(seconds), 3600)
    return f"{hours // 24} d {hours % 24:2d} h {rest // 60:2d} min" if hours >= 24 else f"{hours} h {rest // 60:2d} min"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="JSON Lines corpus, optionally gzipped")
    parser.add_argument("--limit", type=int, default=2000, help="articles to ingest (default: 2000)")
    parser.add_argument("--workers", default="1,2", help="worker counts to measure (default: 1,2)")
    parser.add_argument("--partition-size", type=int, default=PARTITION_ARTICLES,
                        help=f"articles per task and batch (default: {PARTITION_ARTICLES})")
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: newsscope's)")
    args = parser.parse_args()
    model = model_name(args.model)
    counts = [int(w) for w in args.workers.split(",")]

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = subset(args.corpus, args.limit, Path(tmp))
        results = [measure(corpus, w, model, args.partition_size, Path(tmp)) for w in counts]
    load_after = os.getloadavg()[0]

    first = results[0]
    print(f"corpus: {args.corpus.name}, first {args.limit} lines: {first['articles']} articles, {first['words']:,} "
          f"words ({first['words'] / max(first['articles'], 1):.0f} words/article), {first['skipped']} skipped")
    print(f"model: {model}; partitions of {args.partition_size} articles; one thread per worker process")
    print(f"machine: {os.cpu_count()} cores, load average {load_before:.1f} before and {load_after:.1f} after "
          "(other processes share these cores)\n")
    print(f"{'workers':>7}  {'model load':>10}  {'ingest':>8}  {'articles/s':>10}  {'words/s':>8}  "
          f"{'art/s/worker':>12}  {'speed-up':>8}  {'worker CPU':>10}  {'art/CPU-s':>9}  {'10M articles':>16}")
    for r in results:
        print(f"{r['workers']:>7}  {r['load']:>8.1f} s  {r['seconds']:>6.1f} s  {r['rate']:>10.1f}  "
              f"{r['word_rate']:>8,.0f}  {r['rate'] / r['workers']:>12.1f}  {r['rate'] / first['rate']:>7.2f}x  "
              f"{r['cpu']:>8.1f} s  {r['cpu_rate']:>9.1f}  {duration(TARGET / r['rate']):>16}")

    per_worker = max(r["rate"] / r["workers"] for r in results)
    per_core = max(r["cpu_rate"] for r in results)
    print(f"\nprojected for {TARGET:,} articles ({first['words'] / max(first['articles'], 1):.0f} words each), "
          "scaling linearly with the workers:")
    print(f"{'workers':>9}  {f'at {per_worker:.1f} art/s/worker (measured)':>34}  "
          f"{f'at {per_core:.1f} art/CPU-s (a core of its own)':>38}")
    for w in (1, 2, 4, 8, 16, 32, 64, 128):
        print(f"{w:>9}  {duration(TARGET / (per_worker * w)):>34}  {duration(TARGET / (per_core * w)):>38}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
