"""Score newsscope's extraction on the annotated dev sets of an eval folder.

usage: python benchmarks/quality.py EVAL_DIR [--sets quotes_ggt,countries_lgl] [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from components.pipeline import build_nlp, doc_records  # noqa: E402

SETS = {
    "quotes_ggt": ("quotes", "people"),
    "quotes_polnear": ("quotes",),
    "countries_trnews": ("countries",),
    "countries_lgl": ("countries",),
    "countries_gwn": ("countries",),
}
TABLES = {"quotes": "quotes.csv", "people": "entities.csv", "countries": "countries.csv"}


def export_set(input_path: Path, out: Path) -> None:
    nlp = build_nlp()
    rows = [json.loads(line) for line in input_path.open(encoding="utf-8") if line.strip()]
    tables = {"entities.csv": [], "quotes.csv": [], "countries.csv": []}
    for row, doc in zip(rows, nlp.pipe(r["text"] for r in rows)):
        for name, recs in zip(tables, doc_records(doc)):
            tables[name] += [{"article_id": row["id"], **r.to_dict()} for r in recs]
    out.mkdir(parents=True, exist_ok=True)
    for name, recs in tables.items():
        with (out / name).open("w", newline="", encoding="utf-8") as f:
            fields = ["article_id", "start_char", "end_char"] + sorted({k for r in recs for k in r} - {"article_id"})
            writer = csv.DictWriter(f, fieldnames=fields)
            writer.writeheader()
            writer.writerows(recs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", type=Path)
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--out", type=Path, default=None, help="keep the exports here (default: a temporary folder)")
    args = parser.parse_args()
    out_root = args.out or Path(tempfile.mkdtemp(prefix="newsscope-quality-"))
    print(f"| set | metric | {'value':>6} |\n| --- | --- | ---: |")
    for name in args.sets.split(","):
        dev = args.eval_dir / "dev"
        out = out_root / name
        export_set(dev / f"{name}.input.jsonl", out)
        for kind in SETS[name]:
            result = subprocess.run(
                [sys.executable, str(args.eval_dir / "score.py"), kind, str(dev / f"{name}.gold.jsonl"),
                 str(dev / f"{name}.input.jsonl"), str(out)],
                capture_output=True, text=True, check=True,
            )
            metrics = json.loads(result.stdout)
            for key, value in metrics.items():
                print(f"| {name} | {kind} {key} | {value} |")
    print(f"exports in {out_root}", file=sys.stderr)


if __name__ == "__main__":
    main()
