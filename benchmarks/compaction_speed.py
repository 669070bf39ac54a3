"""Many small commits against one batch: how fast a store answers before and after `newsscope compact`.

    python benchmarks/compaction_speed.py SRC_STORE WORK_DIR [--articles 5000]

Takes the first N current articles of SRC_STORE and writes them twice under WORK_DIR: as one batch (`one/`) and as N
one-article batches (`many/`, as N uploads would leave them). Then times, on each (median of --runs):
- a reader's query: connect to the store and count the articles, the people and the top ten people;
- the dashboard's snapshot (`Snapshot.load`), except on the N batches (minutes);
then compacts `many/` and times both again. Files are written with pyarrow, without the fsync of a real commit.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from components.compaction import compact  # noqa: E402
from components.snapshot import Snapshot  # noqa: E402
from components.store import TABLES, Store, new_batch_id  # noqa: E402

QUERY = """SELECT (SELECT count(*) FROM articles),
                  (SELECT count(DISTINCT entity) FROM entities WHERE label = 'PERSON'),
                  (SELECT list(entity) FROM (SELECT entity FROM entities WHERE label = 'PERSON'
                                             GROUP BY entity ORDER BY count(*) DESC, entity LIMIT 10))"""


def write(store: Store, tables: dict, ids: list[str], per_batch: int) -> None:
    """The articles `ids` of `tables` as batches of `per_batch` articles."""
    for start in range(0, len(ids), per_batch):
        chunk = ids[start:start + per_batch]
        batch_id = new_batch_id()
        folder = store.batches / batch_id
        folder.mkdir(parents=True)
        for table, data in tables.items():
            rows = data.filter(pc.is_in(data["article_id"], value_set=pa.array(chunk, pa.string())))
            rows = rows.set_column(rows.schema.get_field_index("batch_id"), "batch_id",
                                   pa.array([batch_id] * rows.num_rows, pa.string()))
            pq.write_table(rows, folder / f"{table}.parquet")


def timed(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def measure(store: Store, runs: int, *, snapshot: bool = True) -> tuple[float, float, object]:
    query, answer = timed(lambda: store.connect().execute(QUERY).fetchone(), runs)
    built = timed(lambda: Snapshot.load(Store(store.root)), runs)[0] if snapshot else float("nan")
    return query, built, answer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("src", type=Path, metavar="SRC_STORE")
    parser.add_argument("work", type=Path, metavar="WORK_DIR", help="an empty folder for the two stores")
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    one, many = Store(args.work / "one"), Store(args.work / "many")
    if not (one.is_empty() and many.is_empty()):
        parser.error(f"{args.work} already holds stores; pick an empty folder")
    con = Store(args.src).connect()
    ids = [r[0] for r in con.execute("SELECT article_id FROM articles ORDER BY article_id LIMIT ?",
                                     [args.articles]).fetchall()]
    current = {t: "articles" if t == "articles" else f"{t}_current" for t in TABLES}  # rows as extracted
    tables = {t: con.sql(f"SELECT * FROM {current[t]} WHERE list_contains($ids, article_id)",
                         params={"ids": ids}).to_arrow_table() for t in TABLES}
    write(one, tables, ids, len(ids))
    start = time.perf_counter()
    write(many, tables, ids, 1)
    print(f"{len(ids):,} articles: 1 batch -> {one.root}; {len(ids):,} batches -> {many.root} "
          f"(written in {time.perf_counter() - start:.1f} s)")
    # Thousands of batches take minutes per read (every view binds all their files): read once, no snapshot.
    rows = {"one batch": measure(one, args.runs),
            f"{len(ids):,} one-article batches": measure(many, 1, snapshot=False)}
    start = time.perf_counter()
    report = compact(many)
    print(f"compact: {report.before:,} -> {report.after:,} batches in {time.perf_counter() - start:.1f} s")
    rows["the same, compacted"] = measure(many, args.runs)
    print(f"median of {args.runs} runs | reader's query (connect + 3 counts) | dashboard snapshot (Snapshot.load)")
    for name, (query, snapshot, _) in rows.items():
        print(f"  {name:28s} {query:8.3f} s {snapshot:8.3f} s")
    print("the same answers from all three:", len({repr(answer) for _, _, answer in rows.values()}) == 1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
