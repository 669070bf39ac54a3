"""Fit the speaker ranker (`components/quotes/ranker.py`) on an annotated quote set and write its weights.

The quotes no cue, label or previous quote attributes are the ranker's cases: each person named around one is a
candidate, labelled by whether it shares a name word with the gold speaker (the eval's own `score.py` decides). A
logistic regression with a small L2 penalty is fitted with scipy; the threshold at which the best candidate speaks is
the lowest at which its picks on the training quotes are still right as often as MIN_PRECISION. Only the fitting half of
the set is read (articles on odd line numbers, counting from 1: the half the rules are tuned on), so the other half
stays unseen for checking both.

usage: python benchmarks/train_speaker_ranker.py EVAL_DIR [--set quotes_polnear_train] [--out PATH]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from components.ingest import split_text  # noqa: E402
from components.quotes import component  # noqa: E402
from components.quotes.index import DocIndex  # noqa: E402
from components.quotes.marks import quote_segments  # noqa: E402
from components.quotes.ranker import FEATURES, WEIGHTS_PATH, candidates  # noqa: E402
from components.quotes.salience import Salience  # noqa: E402
from components.wrapping import unwrapped  # noqa: E402

PENALTY = 1.0  # L2 on the coefficients: a few hundred cases, nine features
MIN_PRECISION = 0.85  # about the share of right speakers the rules give on the same set


def load_scorer(eval_dir: Path):
    spec = importlib.util.spec_from_file_location("score", eval_dir / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rules_alone(*_args) -> None:
    """Stands in for the ranker while its cases are gathered: the cases are what the rules alone leave to it."""
    return None


def ranker_cases(doc, offset: int, gold_quotes: list[dict], pipe, name_tokens) -> list[tuple[list, list, bool]]:
    """(candidate features, candidate labels, whether the rules' own choice is right) for each quote of `doc` that
    only the last rule attributes, as `NewsQuotes` meets them in order (with `component.speaker_by_rank` replaced by
    `rules_alone`)."""
    segments, _ = quote_segments(doc.text)
    if not segments or not len(doc):
        return []
    index = DocIndex.build(doc, segments, doc.text)
    quoting = component.Quoting(index, Salience(index, pipe.weights), pipe.attribution_window)
    rules, fallback = component.ATTRIBUTION_RULES[:-1], component.narrated
    cases, previous = [], None
    for seg, words in zip(segments, index.quotes):
        turn = component.Turn(seg, words, previous)
        found = next((f for rule in rules if (f := rule(quoting, turn))), None)
        if found is None:
            found = fallback(quoting, turn)
            gold = _gold_for(seg.start + offset, seg.end + offset, gold_quotes)
            if gold is not None and len(doc.text[seg.start:seg.end].split()) >= 3:
                wanted = name_tokens(gold["speaker"])
                speaker_before = previous.attribution.speaker if previous else ""
                found_cands = candidates(index, seg, words, speaker_before)
                labels = [bool(name_tokens(c.name) & wanted) for c in found_cands]
                chosen = found.attribution.speaker or found.attribution.speaker_text
                cases.append(([c.features for c in found_cands], labels, bool(name_tokens(chosen) & wanted)))
        attribution, subject = found
        if attribution.speaker and subject is not None and (
                index.label(subject.i) == "PERSON" or subject.tag_ == "PRP"):
            quoting.salience.add_speaker(subject.i, attribution.speaker)
        previous = component.Previous(seg, attribution)
    return cases


def _gold_for(start: int, end: int, gold_quotes: list[dict]) -> dict | None:
    """The judgeable gold quote this segment covers at least half of, as score.py matches them."""
    for q in gold_quotes:
        if q["speaker_judgeable"] and min(end, q["end"]) - max(start, q["start"]) >= 0.5 * (q["end"] - q["start"]):
            return q
    return None


def fit(cases: list[tuple[list, list, bool]]) -> dict:
    rows = [(f, y) for feats, labels, _ in cases for f, y in zip(feats, labels)]
    x = np.array([f for f, _ in rows], dtype=float)
    y = np.array([y for _, y in rows], dtype=float)
    x1 = np.hstack([np.ones((len(x), 1)), x])

    def loss(w):
        z = x1 @ w
        nll = np.sum(np.logaddexp(0, z) - y * z)
        grad = x1.T @ (1 / (1 + np.exp(-z)) - y)
        reg = np.r_[0.0, w[1:]]
        return nll + PENALTY * 0.5 * reg @ reg, grad + PENALTY * reg

    w = minimize(loss, np.zeros(x1.shape[1]), jac=True, method="L-BFGS-B").x
    # the threshold: as many right picks as possible while the picks stay as precise as the rules' speakers, since a
    # wrong name counts a false source where no name counts none
    threshold, right = 1.0, 0
    for t in np.arange(0.05, 1.0, 0.05):
        good = bad = 0
        for feats, labels, _ in cases:
            probs = [1 / (1 + np.exp(-(w[0] + np.dot(w[1:], f)))) for f in feats]
            k = int(np.argmax(probs)) if probs else -1
            if k >= 0 and probs[k] >= t:
                good, bad = good + labels[k], bad + (not labels[k])
        if good > right and good >= MIN_PRECISION * (good + bad):
            threshold, right = float(t), good
    return {"features": list(FEATURES), "bias": round(float(w[0]), 4), "coef": [round(float(v), 4) for v in w[1:]],
            "threshold": round(threshold, 2), "trained_on": len(cases), "right_picks_on_training": right}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", type=Path)
    parser.add_argument("--set", default="quotes_polnear_train")
    parser.add_argument("--out", type=Path, default=WEIGHTS_PATH)
    args = parser.parse_args()
    from components.pipeline import build_nlp

    score = load_scorer(args.eval_dir)
    dev = args.eval_dir / "dev"
    gold = score.load_jsonl(dev / f"{args.set}.gold.jsonl")
    articles = {a["id"]: a for a in score.load_jsonl(dev / f"{args.set}.input.jsonl")}
    nlp = build_nlp()
    pipe = nlp.get_pipe("news_quotes")
    cases = []
    component.speaker_by_rank = rules_alone
    with nlp.select_pipes(disable=["news_quotes", "news_countries", "news_gender", "news_roles"]):
        for line, g in enumerate(gold, start=1):
            if not line % 2:
                continue  # even lines are held out
            for offset, piece in split_text(unwrapped(articles[g["id"]]["text"])):
                cases.extend(ranker_cases(nlp(piece), offset, g["quotes"], pipe, score.name_tokens))
    weights = fit(cases)
    args.out.write_text(json.dumps(weights, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(weights))


if __name__ == "__main__":
    main()
