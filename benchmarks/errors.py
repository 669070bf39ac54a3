"""List the misses and false hits of one dev set next to the article text, to choose the next fix from evidence.

usage: python benchmarks/errors.py EVAL_DIR SET EXPORT_DIR [--limit N]
(EXPORT_DIR: what `benchmarks/quality.py --out DIR` left in DIR/SET, or any `newsscope export` of the set.)
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections import defaultdict
from pathlib import Path

csv.field_size_limit(1 << 30)


def load_jsonl(path: Path) -> dict[str, dict]:
    with path.open(encoding="utf-8") as f:
        return {row["id"]: row for row in map(json.loads, filter(str.strip, f))}


def load_csv(path: Path) -> dict[str, list[dict]]:
    rows = defaultdict(list)
    with path.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            row["start_char"], row["end_char"] = int(row["start_char"]), int(row["end_char"])
            rows[row["article_id"]].append(row)
    return rows


def context(text: str, start: int, end: int, width: int = 70) -> str:
    before = text[max(0, start - width):start].replace("\n", " ")
    after = text[end:end + width].replace("\n", " ")
    return f"...{before}[[{text[start:end]}]]{after}...".replace("\n", " ")


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def quote_errors(gold: dict, texts: dict, preds: dict) -> None:
    for article_id, g in gold.items():
        text, rows = texts[article_id], preds.get(article_id, [])
        for q in g["quotes"]:
            if len(text[q["start"]:q["end"]].split()) < 3:
                continue
            span = (q["start"], q["end"])
            best = max(rows, key=lambda r: overlap(span, (r["start_char"], r["end_char"])), default=None)
            if best is None or overlap(span, (best["start_char"], best["end_char"])) < 0.5 * (span[1] - span[0]):
                print(f"MISS     {article_id} gold={q['speaker']!r}\n    {context(text, *span)}")
            elif q["speaker_judgeable"] and not _same_name(q["speaker"], best["speaker"] or best["speaker_text"]):
                print(f"SPEAKER  {article_id} gold={q['speaker']!r} got={best['speaker']!r} "
                      f"(as written {best['speaker_text']!r}, cue {best['cue']!r})\n    {context(text, *span, 200)}")
        for r in rows:
            span = (r["start_char"], r["end_char"])
            if len(r["quote"].split()) >= 3 and not any(overlap(span, (q["start"], q["end"])) for q in g["quotes"]):
                print(f"FALSE    {article_id} speaker={r['speaker']!r}\n    {context(text, *span)}")


def _same_name(gold: str, predicted: str) -> bool:
    words = lambda name: {w for w in re.findall(r"[a-z]+", name.lower()) if len(w) > 2}  # noqa: E731
    return bool(words(gold) & words(predicted))


def country_errors(gold: dict, texts: dict, preds: dict) -> None:
    for article_id, g in gold.items():
        text, rows = texts[article_id], preds.get(article_id, [])
        for m in g["mentions"]:
            if not m.get("iso3"):
                continue
            hits = [r for r in rows if overlap((m["start"], m["end"]), (r["start_char"], r["end_char"]))]
            if not any(r["iso3"] == m["iso3"] for r in hits):
                got = ",".join(r["iso3"] for r in hits) or "-"
                print(f"MISS     {article_id} {m['text']!r} gold={m['iso3']} got={got}\n    "
                      f"{context(text, m['start'], m['end'])}")
        gold_codes = {m["iso3"] for m in g["mentions"] if m.get("iso3")}
        for r in rows:
            if r["iso3"] not in gold_codes:
                print(f"FALSE    {article_id} {r['text']!r} -> {r['iso3']} ({r['kind']})\n    "
                      f"{context(text, r['start_char'], r['end_char'])}")


def people_errors(gold: dict, texts: dict, preds: dict) -> None:
    for article_id, g in gold.items():
        found = {r["entity"] for r in preds.get(article_id, []) if r["label"] == "PERSON"}
        expected = set(g.get("people", []))
        for name in sorted(expected - found):
            print(f"MISS     {article_id} {name!r}")
        for name in sorted(found - expected):
            print(f"FALSE    {article_id} {name!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", type=Path)
    parser.add_argument("set")
    parser.add_argument("export_dir", type=Path)
    parser.add_argument("--people", action="store_true", help="for a quotes set: list people instead of quotes")
    args = parser.parse_args()
    dev = args.eval_dir / "dev"
    gold = load_jsonl(dev / f"{args.set}.gold.jsonl")
    texts = {k: v["text"] for k, v in load_jsonl(dev / f"{args.set}.input.jsonl").items()}
    if args.set.startswith("countries"):
        country_errors(gold, texts, load_csv(args.export_dir / "countries.csv"))
    elif args.people:
        people_errors(gold, texts, load_csv(args.export_dir / "entities.csv"))
    else:
        quote_errors(gold, texts, load_csv(args.export_dir / "quotes.csv"))


if __name__ == "__main__":
    main()
