"""Peak memory of `newsscope ingest` on hostile inputs: one very long article, and a .gz that decompresses hugely.

    .venv/bin/python benchmarks/long_input_memory.py ../shared/corpus/bbc_news_2225.jsonl.gz [--chars 1900000]

The long article joins the corpus's texts and follows 64 of its articles, so that worker processes start; the bomb
is a .txt.gz of 2 GB of text. Both are written to a temporary folder, never into the project. Each input is
ingested into a fresh store by a separate `newsscope ingest` process, and the peak resident memory of every process
of its tree (the parent and each worker) is sampled.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]


def long_article(corpus: Path, chars: int, out: Path, others: int = 64) -> Path:
    """The corpus's first `others` articles as they are (so that worker processes start), then one article of
    `chars` characters made of the texts that follow."""
    lines, parts, size = [], [], 0
    with gzip.open(corpus, "rt", encoding="utf-8") if corpus.suffix == ".gz" else corpus.open() as f:
        for line in f:
            if len(lines) < others:
                lines.append(line.strip())
                continue
            text = json.loads(line)["text"]
            parts.append(text)
            size += len(text) + 2
            if size >= chars:
                break
    text = "\n\n".join(parts)[:chars]
    lines.append(json.dumps({"id": "long", "title": "One very long article", "text": text}))
    out.write_text("\n".join(lines) + "\n")
    return out


def bomb(out: Path, gigabytes: int = 2) -> Path:
    block = b"All work and no play makes Jack a dull boy. " * 24_000  # about 1 MB
    with gzip.open(out, "wb", compresslevel=9) as f:
        f.write(b"A title\n")
        for _ in range(gigabytes * 1024):
            f.write(block)
    return out


def peak_memory(command: list[str]) -> tuple[float, dict[str, int], int]:
    """Seconds, peak RSS (bytes) of the parent and of the largest worker, and the exit code."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    parent, peaks = psutil.Process(process.pid), {}
    while process.poll() is None:
        try:
            for proc in [parent, *parent.children(recursive=True)]:
                peaks[proc.pid] = max(peaks.get(proc.pid, 0), proc.memory_info().rss)
        except psutil.Error:
            pass
        time.sleep(0.1)
    stderr = process.stderr.read()
    print(stderr.strip().splitlines()[-3:] if stderr.strip() else "", file=sys.stderr)
    workers = [rss for pid, rss in peaks.items() if pid != process.pid]
    return (time.perf_counter() - started,
            {"parent": peaks.get(process.pid, 0), "worker": max(workers, default=0)}, process.returncode)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, help="a JSON Lines corpus (.jsonl or .jsonl.gz) with a 'text' field")
    parser.add_argument("--chars", type=int, default=1_900_000, help="length of the long article")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsscope-memory-") as tmp:
        tmp = Path(tmp)
        inputs = {f"64 articles and one of {args.chars:,} characters": long_article(args.corpus, args.chars,
                                                                             tmp / "long.jsonl"),
                  "a .txt.gz of 2 GB of text": bomb(tmp / "bomb.txt.gz")}
        print("| input | size on disk | seconds | exit code | peak parent | peak per worker |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for n, (name, path) in enumerate(inputs.items()):
            command = [sys.executable, "-m", "components.cli", "ingest", str(path), "--store", str(tmp / f"s{n}"),
                       "--workers", str(args.workers)]
            seconds, peaks, code = peak_memory(command)
            print(f"| {name} | {path.stat().st_size / 2**20:.1f} MB | {seconds:.1f} | {code} "
                  f"| {peaks['parent'] / 2**20:.0f} MB | {peaks['worker'] / 2**20:.0f} MB |", flush=True)


if __name__ == "__main__":
    main()
