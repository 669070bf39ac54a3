"""Score newsscope's extraction on the annotated dev sets of an eval folder.

Each dev set is ingested into a fresh store and exported with newsscope itself, then scored by the eval folder's
score.py. Prints the targeted metrics against the baseline and the target, then (with --all) every metric.

usage: python benchmarks/quality.py EVAL_DIR [--sets quotes_ggt,countries_lgl] [--model NAME] [--out DIR] [--all]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from components.export import export_store  # noqa: E402
from components.ingest import ingest  # noqa: E402
from components.store import Store  # noqa: E402

SETS = {
    "quotes_ggt": ("quotes", "people"),
    "quotes_polnear": ("quotes",),
    "countries_trnews": ("countries",),
    "countries_lgl": ("countries",),
    "countries_gwn": ("countries",),
    "quotes_polnear_train": ("quotes",),
    "people_conll03": ("people",),
    "gender_ggt": ("gender",),
}
# The quotes each set's export holds (`newsscope export --quotes`): the quote sets' gold is direct quotes only, while
# gender_ggt's annotators counted people quoted indirectly (reported speech) as sources too.
EXPORTED_QUOTES = {"gender_ggt": "all"}
# (set, metric) -> (baseline, target), from the eval folder's README.
TARGETS = {
    ("quotes_ggt", "quote_f1"): (0.66, 0.90),
    ("quotes_ggt", "speaker_accuracy"): (0.52, 0.90),
    ("quotes_polnear", "quote_f1"): (0.59, 0.90),
    ("quotes_polnear", "speaker_accuracy"): (0.77, 0.90),
    ("quotes_ggt", "people_f1"): (0.64, 0.85),
    ("countries_trnews", "doc_f1"): (0.47, 0.92),
    ("countries_trnews", "mention_recall"): (0.11, 0.85),
    ("countries_lgl", "doc_f1"): (0.32, 0.80),
    ("countries_gwn", "mention_recall"): (0.36, 0.90),
    ("quotes_polnear_train", "quote_f1"): (0.60, 0.90),
    ("quotes_polnear_train", "speaker_accuracy"): (0.89, 0.90),
    ("people_conll03", "people_f1"): (0.72, 0.85),
    # baseline: first-name lookup; target: the Gender Gap Tracker's own reported F1 (V7.0)
    ("gender_ggt", "peopleFemale_f1"): (0.68, 0.74),
    ("gender_ggt", "peopleMale_f1"): (0.87, 0.85),
    ("gender_ggt", "sourcesFemale_f1"): (0.75, 0.77),
    ("gender_ggt", "sourcesMale_f1"): (0.81, 0.82),
}


def export_set(input_path: Path, out: Path, workers: int, model: str | None, quotes: str = "direct") -> None:
    """Ingest one dev set into a fresh store and export it, as a user would."""
    store = Store(out / "store")
    report = ingest([input_path], store, model=model, workers=workers)
    if not report.ok:
        sys.exit(f"ingest of {input_path} failed: {report.errors[:3]}")
    export_store(store, out, quotes=quotes)


def score_set(eval_dir: Path, name: str, out: Path, workers: int, model: str | None) -> dict[str, float]:
    dev = eval_dir / "dev"
    shutil.rmtree(out, ignore_errors=True)
    export_set(dev / f"{name}.input.jsonl", out, workers, model, EXPORTED_QUOTES.get(name, "direct"))
    metrics = {}
    for kind in SETS[name]:
        result = subprocess.run(
            [sys.executable, str(eval_dir / "score.py"), kind, str(dev / f"{name}.gold.jsonl"),
             str(dev / f"{name}.input.jsonl"), str(out)],
            capture_output=True, text=True, check=True,
        )
        metrics.update(json.loads(result.stdout))
    return metrics


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", type=Path)
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--model", default=None, help="spaCy pipeline to ingest with (default: newsscope's default)")
    parser.add_argument("--out", type=Path, default=None, help="keep the exports here (default: a temporary folder)")
    parser.add_argument("--all", action="store_true", help="also print every metric score.py reports")
    args = parser.parse_args()
    out_root = args.out or Path(tempfile.mkdtemp(prefix="newsscope-quality-"))
    results = {name: score_set(args.eval_dir, name, out_root / name, args.workers, args.model)
               for name in args.sets.split(",")}

    print("| set | metric | baseline | newsscope | target | met |\n| --- | --- | ---: | ---: | ---: | :---: |")
    for (name, metric), (baseline, target) in TARGETS.items():
        if name in results:
            value = results[name][metric]
            met = "yes" if value >= target else "NO"
            print(f"| {name} | {metric} | {baseline:.2f} | {value:.2f} | {target:.2f} | {met} |")
    if args.all:
        print("\n| set | metric | value |\n| --- | --- | ---: |")
        for name, metrics in results.items():
            for metric, value in metrics.items():
                print(f"| {name} | {metric} | {value} |")
    print(f"exports in {out_root}", file=sys.stderr)


if __name__ == "__main__":
    main()
