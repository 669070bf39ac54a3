"""How well story grouping finds copies, and what it costs, on a JSON Lines corpus (e.g. Reuters-21578).

usage: python benchmarks/stories.py CORPUS.jsonl[.gz] [--copies 300]

Prints the time per article of `story_bands`; how many of the first N articles (25 words or more), republished with a
line added above and below, join their original; and over the whole corpus, the stories of two or more articles
and how many joined pairs overlap by a shingle Jaccard under 0.5 (likely different stories).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from components.stories import MIN_WORDS, SHINGLE_WORDS, story_bands  # noqa: E402

WORD = re.compile(r"\w+")


def shingles(text: str) -> set[str]:
    words = WORD.findall(text.lower())
    return {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--copies", type=int, default=300)
    args = parser.parse_args()
    opener = gzip.open if args.corpus.suffix == ".gz" else open
    with opener(args.corpus, "rt", encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f]
    started = time.perf_counter()
    bands = [story_bands(t) for t in texts]
    seconds = time.perf_counter() - started
    print(f"{len(texts):,} articles: {seconds / len(texts) * 1000:.2f} ms per article for story_bands")

    long = [i for i, t in enumerate(texts) if len(t.split()) >= MIN_WORDS][: args.copies]
    joined = sum(bool(set(story_bands(f"From our correspondents.\n{texts[i]}\nCopyright. All rights reserved."))
                      & set(bands[i])) for i in long)
    print(f"republished copies joining their original: {joined} of {len(long)}")

    by_band = defaultdict(set)
    for i, keys in enumerate(bands):
        for key in keys:
            by_band[key].add(i)
    pairs = {(a, b) for members in by_band.values() for a in members for b in members if a < b}
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in pairs:
        parent[root(a)] = root(b)
    sizes = defaultdict(int)
    for i in range(len(texts)):
        sizes[root(i)] += 1
    grouped = [n for n in sizes.values() if n > 1]
    loose = sum(1 for a, b in pairs
                if len(shingles(texts[a]) & shingles(texts[b])) / max(1, len(shingles(texts[a]) | shingles(texts[b])))
                < 0.5)
    print(f"stories of 2+ articles: {len(grouped):,} holding {sum(grouped):,} articles (largest {max(grouped)}); "
          f"joined pairs: {len(pairs):,}, of which {loose:,} overlap by a Jaccard under 0.5")


if __name__ == "__main__":
    main()
