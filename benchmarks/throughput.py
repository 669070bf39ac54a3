"""Ingest throughput against a bare spaCy `nlp.pipe`, re-ingest cost, and peak memory, side by side in one run.

usage: python benchmarks/throughput.py CORPUS.jsonl[.gz] [--limit 500] [--workers 1,2] [--model NAME]

For each process count P it times, as separate processes from start to finish (imports and model loading included):
- bare spaCy: spacy.load(MODEL) with its full default pipeline, then nlp.pipe(texts, n_process=P) over the texts;
- its parse: the same without the components newsscope leaves out (`UNUSED_PIPES`), the parse extraction needs;
- newsscope: `newsscope ingest` of the same articles into a fresh store with --workers P (extraction and storage);
- re-ingest: the same command again on the filled store (nothing changed).
Peak memory is the largest summed resident memory of the process and all its children, sampled every 50 ms; CPU
seconds are the user and system time of the process and its children, which other work on the machine changes far
less than the wall time (compare ratios of both on a busy machine).
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from components.pipeline import DEFAULT_MODEL, UNUSED_PIPES  # noqa: E402

NEWSSCOPE = [sys.executable, "-m", "components.cli"]
BARE = """
import json, sys, spacy
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
nlp = spacy.load(sys.argv[2], exclude=[p for p in sys.argv[4].split(",") if p])
for doc in nlp.pipe(texts, n_process=int(sys.argv[3]), batch_size=32):
    pass
"""


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as f:
                    todo += [int(child) for child in f.read().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def run(command: list[str]) -> tuple[float, int, float]:
    """Wall seconds, peak tree memory and CPU seconds of a command, which must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0

    def sample() -> None:
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, err = process.communicate()
    sampler.join()
    if process.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{err}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return time.perf_counter() - started, peak, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=500)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--skip-bare", action="store_true", help="only newsscope (for large corpora)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="newsscope-throughput-"))
    sample = work / "articles.jsonl"
    opener = gzip.open if args.corpus.suffix == ".gz" else open
    with opener(args.corpus, "rt", encoding="utf-8") as src, sample.open("w", encoding="utf-8") as dst:
        dst.writelines(itertools.islice(src, args.limit))
    texts = [json.loads(line)["text"] for line in sample.open(encoding="utf-8")]
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} articles, {words} words from {args.corpus.name}; model {args.model}; {os.cpu_count()} cores\n")
    print("| run | processes | seconds | CPU seconds | articles/s | words/s | peak memory |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")

    def row(name: str, processes: int, seconds: float, peak: int, cpu: float) -> None:
        print(f"| {name} | {processes} | {seconds:.1f} | {cpu:.1f} | {len(texts) / seconds:.1f} | "
              f"{words / seconds:,.0f} | {peak / 2**20:,.0f} MB |", flush=True)

    rates, ratios = {}, []
    for processes in map(int, args.workers.split(",")):
        bare = {}
        for name, exclude in ([] if args.skip_bare else [("bare spaCy nlp.pipe", ""),
                                                          ("its parse (nlp.pipe, " + " and ".join(UNUSED_PIPES)
                                                           + " excluded)", ",".join(UNUSED_PIPES))]):
            seconds, peak, cpu = run([sys.executable, "-c", BARE, str(sample), args.model, str(processes), exclude])
            bare[name.split(" (")[0]] = seconds, cpu
            row(name, processes, seconds, peak, cpu)
        store = work / f"store-{processes}"
        ingest = [*NEWSSCOPE, "ingest", str(sample), "--store", str(store), "--workers", str(processes),
                  "--model", args.model]
        seconds, peak, cpu = run(ingest)
        rates[processes] = len(texts) / seconds
        row("newsscope ingest", processes, seconds, peak, cpu)
        row("newsscope re-ingest (unchanged)", processes, *run(ingest))
        ratios += [f"{processes} process(es): newsscope ingest takes {seconds / b:.2f}x the time of {name} "
                   f"({cpu / b_cpu:.2f}x its CPU time)" for name, (b, b_cpu) in bare.items()]
    print("", *ratios, sep="\n")
    if 1 in rates and len(rates) > 1:
        best = max(rates)
        print(f"speed-up with {best} workers: {rates[best] / rates[1]:.2f}x")


if __name__ == "__main__":
    main()
