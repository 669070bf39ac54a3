"""CPU seconds of an ingest, per process: the parent, and each worker's model load and chunks.

    python benchmarks/ingest_cpu.py ../shared/corpus/bbc_news_2225.jsonl.gz --limit 300 --workers 1
    python benchmarks/ingest_cpu.py ../shared/corpus/bbc_news_2225.jsonl.gz --limit 300 --workers 2

Runs `newsscope ingest` of the first LIMIT articles into a fresh temporary store (removed after) in this process,
each worker reporting its own resource usage (wall times say little on a shared machine; CPU seconds change less
with the load). With one worker the parent loads the model and extracts itself.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import components.ingest as ingest  # noqa: E402


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


LOG: Path | None = None  # where every process notes its events (set by main)
_init, _extract = ingest._init_worker, ingest.extract_chunk


def note(**record) -> None:
    """One line per event, appended by whichever process it happens in."""
    with LOG.open("a") as f:
        f.write(json.dumps({"pid": os.getpid(), **record}) + "\n")


def timed_init(model, parent=None) -> None:
    before = cpu()
    _init(model, parent)
    note(what="load", before=before, cpu=cpu() - before)


def timed_extract(chunk):
    """The worker's extraction, timed (module level: a worker receives it by name)."""
    before = cpu()
    rows = _extract(chunk)
    note(what="chunk", articles=len(chunk), cpu=cpu() - before)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="newsscope-ingest-cpu-"))
    sample, log = work / "articles.jsonl", work / "cpu.jsonl"
    opener = gzip.open if args.corpus.suffix == ".gz" else open
    with opener(args.corpus, "rt", encoding="utf-8") as src, sample.open("w", encoding="utf-8") as dst:
        dst.writelines(itertools.islice(src, args.limit))

    # Workers are forked, so they call the timed functions too.
    global LOG
    LOG = log
    ingest._init_worker, ingest.extract_chunk = timed_init, timed_extract
    from components.cli import main as newsscope

    started = time.perf_counter()
    code = newsscope(["ingest", str(sample), "--store", str(work / "store"), "--workers", str(args.workers),
                      *(["--model", args.model] if args.model else [])])
    wall = time.perf_counter() - started
    own, children = cpu(), resource.getrusage(resource.RUSAGE_CHILDREN)
    events = [json.loads(line) for line in log.open()]
    print(f"{args.limit} articles, {args.workers} worker(s), load average {os.getloadavg()[0]:.1f}: "
          f"{wall:.1f} s, CPU {own + children.ru_utime + children.ru_stime:.1f} s "
          f"(this process {own:.1f} s, workers {children.ru_utime + children.ru_stime:.1f} s)")
    for pid in dict.fromkeys(e["pid"] for e in events):
        mine = [e for e in events if e["pid"] == pid]
        load = next((e for e in mine if e["what"] == "load"), None)
        chunks = [e for e in mine if e["what"] == "chunk"]
        print(f"  process {pid}{' (this one)' if pid == os.getpid() else ''}: "
              + (f"{load['before']:.1f} s before the model, the model {load['cpu']:.1f} s, " if load else "")
              + f"{len(chunks)} chunks of {sum(e['articles'] for e in chunks)} articles "
              f"{sum(e['cpu'] for e in chunks):.1f} s")
    shutil.rmtree(work)
    return code


if __name__ == "__main__":
    sys.exit(main())
