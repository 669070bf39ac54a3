"""How much of a corpus reads as hard-wrapped, and how many of its line breaks `unwrapped` turns into spaces.

usage: python benchmarks/wrapping.py CORPUS.jsonl[.gz] [CORPUS ...]

Per corpus: the articles, those read as wrapped, their line breaks inside a paragraph (not before a blank or indented
line) and how many of those were joined; and the time `unwrapped` takes per article.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from components.wrapping import SOFT_BREAK, unwrapped  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpora", nargs="+", type=Path)
    args = parser.parse_args()
    for path in args.corpora:
        with (gzip.open if path.suffix == ".gz" else open)(path, "rt", encoding="utf-8") as lines:
            texts = [json.loads(line).get("text") or "" for line in lines if line.strip()]
        started = time.perf_counter()
        results = [unwrapped(text) for text in texts]
        seconds = time.perf_counter() - started
        joined = [sum(a != b for a, b in zip(text, result)) for text, result in zip(texts, results)]
        breaks = sum(len(SOFT_BREAK.findall(text)) for text in texts)
        print(f"{path.name}: {len(texts):,} articles, {sum(n > 0 for n in joined):,} read as wrapped; "
              f"{sum(joined):,} of {breaks:,} line breaks inside paragraphs joined; "
              f"{1000 * seconds / max(1, len(texts)):.3f} ms per article")


if __name__ == "__main__":
    main()
