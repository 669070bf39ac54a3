"""Soak test: kill ingests at random moments, rerun them, and check that nothing hangs and nothing is lost.

    .venv/bin/python benchmarks/soak_kill.py ARTICLES.jsonl [--kills 20] [--workers 2] [--seed 1]

Each round ingests the file into a fresh store with `newsscope ingest`, committing a batch every
`--commit-articles` articles so that kills land before, between and during commits; kills it with SIGKILL,
SIGTERM or SIGINT in turn, at a random moment; checks that no process of the killed ingest is left; then runs the same
ingest again, which must finish within `--timeout` seconds, and checks that the store holds exactly the input:
every article once, with its content, nothing else, and no staging left over. It stops after `--kills` rounds,
or at the first failure (exit code 1).
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from components.articles import content_hash  # noqa: E402
from components.loading import iter_articles  # noqa: E402
from components.records import Article  # noqa: E402
from components.store import Store  # noqa: E402

INGEST = """
import sys
import components.ingest as ingest_module
from components.cli import main
ingest_module.COMMIT_ARTICLES = int(sys.argv[1])
sys.exit(main(sys.argv[2:]))
"""
SIGNALS = (signal.SIGKILL, signal.SIGTERM, signal.SIGINT)


def ingest_command(source: Path, store: Path, workers: int, commit: int) -> list[str]:
    return [sys.executable, "-c", INGEST, str(commit), "ingest", str(source), "--store", str(store),
            "--workers", str(workers)]


def expected(source: Path) -> set[tuple[str, str]]:
    return {(a.article_id, content_hash(a)) for a in iter_articles([source]) if isinstance(a, Article)}


def stored(store: Store) -> tuple[set[tuple[str, str]], int]:
    con = store.connect()
    rows = set(con.execute("SELECT article_id, content_hash FROM articles").fetchall())
    return rows, con.execute("SELECT count(*) FROM articles_all").fetchone()[0]


def hear_sigint() -> None:
    """A command started in the background of a shell ignores SIGINT, and so would the ingest: not here."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def leftovers(processes: list[psutil.Process], timeout: float = 10) -> list[psutil.Process]:
    _, alive = psutil.wait_procs(processes, timeout=timeout)
    return alive


def soak_round(source: Path, store: Store, args: argparse.Namespace, rng: random.Random, want,
               span: float, sig: signal.Signals) -> tuple[str | None, float]:
    """One kill with `sig`, within `span` seconds of the start, and a rerun: what went wrong (or None), and how long
    the rerun took, the span of the next kill."""
    shutil.rmtree(store.root, ignore_errors=True)
    command = ingest_command(source, store.root, args.workers, args.commit_articles)
    delay = rng.uniform(args.min_delay, max(args.min_delay, span))
    ingesting = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 preexec_fn=hear_sigint)
    process, family, started = psutil.Process(ingesting.pid), {}, time.monotonic()
    while time.monotonic() - started < delay and ingesting.poll() is None:
        try:
            family.update((child.pid, child) for child in process.children(recursive=True))
        except psutil.Error:
            pass
        time.sleep(0.05)
    finished_first = ingesting.poll() is not None
    if not finished_first:
        ingesting.send_signal(sig)
    try:
        ingesting.wait(timeout=args.timeout)
    except subprocess.TimeoutExpired:
        ingesting.kill()
        return f"the ingest did not end within {args.timeout} s of {sig.name}", span
    committed = len(store.batch_ids())
    alive = leftovers(list(family.values()))
    for orphan in alive:
        orphan.kill()
    print(f"  {'finished before the kill' if finished_first else sig.name} at {delay:.1f} s: "
          f"{committed} batch(es) committed, {len(family)} worker(s), {len(alive)} left alive", flush=True)
    if alive:
        return f"{len(alive)} worker process(es) outlived the killed ingest: {[p.pid for p in alive]}", span
    started = time.monotonic()
    try:
        rerun = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        return f"the rerun hung (no end within {args.timeout} s)", span
    rerun_seconds = time.monotonic() - started
    print(f"  rerun: exit {rerun.returncode} in {rerun_seconds:.1f} s: "
          f"{rerun.stderr.strip().splitlines()[-1] if rerun.stderr.strip() else ''}", flush=True)
    if rerun.returncode != 0:
        return f"the rerun failed:\n{rerun.stderr}", span
    rows, all_rows = stored(store)
    if rows != want or all_rows != len(want):
        return (f"the store does not hold exactly the input: {len(rows)} articles ({all_rows} rows in all), "
                f"{len(want - rows)} missing, {len(rows - want)} unexpected"), span
    if store.staging.exists() and any(store.staging.iterdir()):
        return "staging was left behind", span
    # A rerun that did everything is as long as a whole ingest: the next kill may land anywhere in one.
    return None, rerun_seconds if rerun_seconds > span / 2 else span


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path, help="a JSON Lines file of articles (a few hundred is plenty)")
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--commit-articles", type=int, default=50)
    parser.add_argument("--min-delay", type=float, default=1.0, help="earliest kill, seconds after the start")
    parser.add_argument("--max-delay", type=float, default=30.0,
                        help="latest first kill; later ones land within the time a whole ingest took")
    parser.add_argument("--timeout", type=float, default=600.0, help="longest a rerun may take")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    want, rng, span = expected(args.source), random.Random(args.seed), args.max_delay
    with tempfile.TemporaryDirectory(prefix="newsscope-soak-") as tmp:
        store = Store(Path(tmp) / "store")
        for kill in range(1, args.kills + 1):
            print(f"round {kill} of {args.kills}", flush=True)
            sig = SIGNALS[(kill - 1) % len(SIGNALS)]
            problem, span = soak_round(args.source, store, args, rng, want, span, sig)
            if problem:
                print(f"FAILED in round {kill}: {problem}", file=sys.stderr)
                return 1
    print(f"{args.kills} kills: every rerun finished and the store held exactly the {len(want)} input articles; "
          "no process was left", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
