"""Compare two trees of newsscope exports row by row: the regression check for changes that must not alter output.

Make the trees with the same inputs before and after a change (`benchmarks/quality.py EVAL --out DIR`, plus
`newsscope export` of any store), then:

usage: python benchmarks/compare_exports.py BEFORE_DIR AFTER_DIR [--show 5] [--ignore-columns story_id,...]

Every CSV under BEFORE_DIR is paired with the file at the same relative path under AFTER_DIR. Rows are compared as
multisets (order is not output), on the columns both files share; columns only one side has are listed. Exits 1 when
any file differs.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import pandas as pd


def rows(frame: pd.DataFrame, columns: list[str]) -> Counter:
    return Counter(map(tuple, frame[columns].fillna("").astype(str).itertuples(index=False)))


def compare(before: Path, after: Path, show: int, ignore: set[str]) -> bool:
    same = True
    for old_path in sorted(before.rglob("*.csv")):
        relative = old_path.relative_to(before)
        new_path = after / relative
        if not new_path.exists():
            print(f"{relative}: missing after")
            same = False
            continue
        old, new = pd.read_csv(old_path, dtype=str), pd.read_csv(new_path, dtype=str)
        columns = [c for c in old.columns if c in new.columns and c not in ignore]
        extra = (set(old.columns) ^ set(new.columns)) - ignore
        gone, added = rows(old, columns) - rows(new, columns), rows(new, columns) - rows(old, columns)
        status = "same" if not (gone or added) else f"{sum(gone.values())} rows gone, {sum(added.values())} new"
        if extra:
            status += f"; columns on one side only: {sorted(extra)}"
        print(f"{relative}: {len(old)} -> {len(new)} rows, {status}")
        for label, diff in (("-", gone), ("+", added)):
            for row in list(diff)[:show]:
                print(f"   {label} " + " | ".join(value[:80] for value in row))
        same &= not (gone or added)
    return same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--show", type=int, default=5, help="rows of each difference to print per file")
    parser.add_argument("--ignore-columns", default="", help="comma-separated columns to leave out of the comparison")
    args = parser.parse_args()
    ignore = {c for c in args.ignore_columns.split(",") if c}
    sys.exit(0 if compare(args.before, args.after, args.show, ignore) else 1)


if __name__ == "__main__":
    main()
