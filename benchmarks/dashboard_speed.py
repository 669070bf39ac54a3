"""How fast the dashboard answers, in a real browser: time to first view and filter-change redraw time.

    python benchmarks/dashboard_speed.py STORE_DIR
    python benchmarks/dashboard_speed.py /work/shared/corpus/bbc_news_2225.jsonl.gz [--keep-store DIR]

A corpus file (.jsonl, .jsonl.gz, .csv, ...) is first ingested into a temporary store (or --keep-store DIR, reused
on the next run). Then `streamlit run` serves the store and headless Chromium measures:

- first view: from navigation to the page's script run finished and every chart drawn, in a fresh browser
  (cold: includes loading Plotly) and again in the same browser (warm);
- filter change: from pressing Enter in the sidebar's text filter to the last visible change of the redraw (a DOM
  change or a canvas drawing call), on the Overview, Entities, Quotes and Map pages; also reported with the canvas
  fallback content included, which the table grid refreshes for screen readers after drawing;
- server memory: the resident memory (RSS) of the server's process tree, sampled every 0.1 s; the peak is reported;
- with --new-article, a new article becoming visible: for each page, one more article is committed into the store
  (a copy of a stored one under a new id, its title carrying a word of its own) and the page is opened with that word
  as its text filter, again until it shows the article, in a fresh browser context (the app's code loaded again); then
  again in a page the browser has open, by typing the word into its text filter (a rerun); each timed from the
  commit. This writes into the store. With NEWSSCOPE_TIMING (set here) the server's log times each step.
Targets: first view under 2 s on the seeds, a filter change under 0.5 s on the BBC corpus; on 20,000 articles 3 s
and 1 s, on 200,000 articles 5 s, 2 s and under 2 GB (grow a store with benchmarks/replicate_store.py); on 1,000,000
articles 5 s, 2 s, under 3 GB, and a new article on every page within 3 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from components.store import TABLES, Store, new_batch_id  # noqa: E402
from dashboard.server import dashboard_process, free_port, log_path  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PAGES = ["", "entities", "quotes", "map", "articles"]
QUIET_MS = 250  # a redraw is over once the page has not changed for this long

# Installed in every page before its scripts run: tables (st.dataframe) paint on a <canvas>, which no DOM observer
# sees, so every 2D drawing call stamps the time it was made.
CANVAS_JS = """(() => {
    window.__painted = 0;
    const proto = CanvasRenderingContext2D.prototype;
    for (const name of ['clearRect', 'fillRect', 'strokeRect', 'fillText', 'strokeText', 'drawImage', 'fill',
                        'stroke', 'putImageData']) {
        const draw = proto[name];
        proto[name] = function (...args) { window.__painted = performance.now(); return draw.apply(this, args); };
    }
})();"""

# Installs window.__redrawn: resolves with the time of the last visible change in the main area once the script has
# run (the app's state attribute left "notRunning" and came back) and nothing has changed for QUIET_MS. A visible
# change is a DOM change or a canvas drawing call. DOM changes inside a <canvas> are its fallback content, which is
# never painted (the table grid keeps a copy of its cells there for screen readers and refreshes it ~0.2 s after the
# canvas): they are counted apart, as `fallback`, and reported but not waited for.
WATCH_JS = """([quiet]) => {
    const app = document.querySelector('[data-testid="stApp"]');
    const main = document.querySelector('[data-testid="stMain"]') || document.body;
    const t0 = performance.now();
    let last = t0, fallback = t0, ran = false;
    const inCanvas = (node) => {
        const el = node.nodeType === 1 ? node : node.parentElement;
        return !!(el && el.closest('canvas'));
    };
    const seen = new MutationObserver((changes) => {
        const now = performance.now();
        if (changes.every(m => inCanvas(m.target))) fallback = now; else last = now;
    });
    seen.observe(main, {subtree: true, childList: true, attributes: true, characterData: true});
    // Any change of the state attribute means a run started (it may already be over when this fires).
    const state = new MutationObserver(() => { ran = true; });
    state.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
    const give_up = t0 + 20000;
    window.__redrawn = new Promise(resolve => {
        const tick = () => {
            last = Math.max(last, window.__painted || 0);
            const idle = app.getAttribute('data-test-script-state') === 'notRunning';
            const now = performance.now();
            if ((ran && idle && now - last > quiet && now - fallback > quiet) || now > give_up) {
                seen.disconnect(); state.disconnect(); resolve([last - t0, Math.max(last, fallback) - t0]);
            } else setTimeout(tick, 10);
        };
        tick();
    });
}"""


def ensure_store(source: Path, keep: Path | None) -> Path:
    if (source / "batches").is_dir():
        return source
    store = Store(keep or Path(tempfile.mkdtemp(prefix="newsscope-bench-")) / "store")
    if store.is_empty():
        from components.ingest import ingest

        print(f"ingesting {source} into {store.root} ...", flush=True)
        report = ingest([source], store, workers=os.cpu_count() or 1)
        print(f"  {report.summary()}", flush=True)
    return store.root


def settle(page, timeout: float = 600_000) -> None:  # a 1M-article store loads for a minute or more
    """Wait for the script's run to end and every chart to be drawn. A chart's code is loaded when the page first
    draws one (4.6 MB of Plotly): until then a placeholder (stSkeleton) stands in its place, without the chart's
    element, so the placeholders must be gone too."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stMain"] [data-testid="stSkeleton"]')
                 && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                    .every(c => c.querySelector('.main-svg'))""", timeout=timeout)


def first_view(page, url: str) -> float:
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector('[data-testid="stApp"]')
    page.wait_for_timeout(50)
    settle(page)
    return time.perf_counter() - start


def redraw(page, action) -> tuple[float, float]:
    """Seconds from the start of `action()` to the last visible change it caused, and to the last DOM change
    including canvas fallback content."""
    page.evaluate(WATCH_JS, [QUIET_MS])
    action()
    visible, settled = page.evaluate("() => window.__redrawn")
    return max(0.0, visible / 1000), max(0.0, settled / 1000)


def set_text_filter(page, text: str):
    box = page.get_by_test_id("stSidebar").locator('[data-testid="stTextInput"] input')

    def action():
        box.fill(text)
        box.press("Enter")

    return action


def commit_copy(store: Store, word: str) -> None:
    """Commit one more article: a copy of a stored one that has quotes and countries, under a new id, with `word`
    in its title."""
    con = duckdb.connect()
    batch_id, new_id = new_batch_id(), f"bench-{word}"
    first = store.batch_ids()[0]
    files = {table: str(store.batch_file(first, table)) for table in TABLES}
    source = con.execute("SELECT q.article_id FROM read_parquet(?) q SEMI JOIN read_parquet(?) c USING (article_id) "
                         "LIMIT 1", [files["quotes"], files["countries"]]).fetchall()[0][0]
    tables = {}
    for table in TABLES:
        title = ", title || ' ' || $word AS title" if table == "articles" else ""
        tables[table] = con.sql(
            f"SELECT * REPLACE ($id AS article_id, $batch AS batch_id{title}) FROM read_parquet($file) "
            "WHERE article_id = $source", params={"id": new_id, "batch": batch_id, "file": files[table],
                                                  "source": source, **({"word": word} if title else {})}
        ).to_arrow_table()
    store.commit(store.stage(tables, batch_id), batch_id)


def new_article_visible(browser, url: str, store: Store, path: str, timeout: float = 600, *,
                        open_page: bool = False) -> float:
    """Seconds from committing one more article to `path` showing it: opened with the article's word as filter in a
    fresh browser context (which loads the app's code and the charts' again), or, `open_page`, with the word typed
    into the text filter of the page open in a browser that has shown it already (a rerun, as a reader sees it),
    timed to the last visible change of that rerun."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(CANVAS_JS)
    page = context.new_page()
    word = f"zqx{uuid.uuid4().hex[:10]}"
    if open_page:
        first_view(page, f"{url}/{path}")
        page.wait_for_timeout(1500)  # let lazily loaded widgets (the table grid) finish, as a reader would
    commit_copy(store, word)
    start = time.perf_counter()
    shown = None
    if open_page:
        typed = time.perf_counter() - start
        visible, _ = redraw(page, set_text_filter(page, word))
        if _shows_articles(page):
            shown = typed + visible
        else:
            _not_yet(path, start)
    while shown is None:  # (typing the same word again would not rerun the page: it is opened with it instead)
        first_view(page, f"{url}/{path}?q={word}")
        if _shows_articles(page):
            shown = time.perf_counter() - start
        elif _not_yet(path, start) > timeout:
            raise TimeoutError(f"the new article did not show on {path or 'overview'} within {timeout:.0f} s")
    context.close()
    return shown


def _not_yet(path: str, start: float) -> float:
    print(f"  {path or 'overview'}: not shown yet after {time.perf_counter() - start:.2f} s", flush=True)
    return time.perf_counter() - start


def _shows_articles(page) -> bool:
    """Not the page's own message for an empty selection (a chart's "No quoted sources match the filters" is not
    one: the copied article may have no attributed quote)."""
    return not page.get_by_text("No articles match the filters").count()


class MemoryWatch:
    """Samples the RSS of a process and its children in a thread; `peak` and `last` in bytes."""

    def __init__(self, pid: int, every: float = 0.1):
        import psutil

        self.proc, self.every, self.peak, self.last = psutil.Process(pid), every, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def sample(self) -> int:
        import psutil

        total = 0
        for proc in [self.proc, *self.proc.children(recursive=True)]:
            try:
                total += proc.memory_info().rss
            except psutil.Error:
                pass
        self.last, self.peak = total, max(self.peak, total)
        return total

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.sample()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path, help="a store folder, or a corpus file/folder to ingest first")
    parser.add_argument("--keep-store", type=Path, default=None, help="ingest into (and reuse) this store")
    parser.add_argument("--words", nargs="+", default=["election", "market", "film", "government", "police"],
                        help="text filters to time")
    parser.add_argument("--new-article", action="store_true",
                        help="also time one more committed article showing on each page (writes into the store)")
    parser.add_argument("--pages", nargs="+", default=["overview", "entities", "quotes", "map"],
                        help="pages whose filter change is timed")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    os.environ["NEWSSCOPE_TIMING"] = "1"
    store = ensure_store(args.source, args.keep_store)
    print(f"store: {store} ({Store(store).version()})")
    port = free_port()
    n_articles = Store(store).connect().execute("SELECT count(*) FROM articles").fetchone()[0]
    launched = time.perf_counter()
    with dashboard_process(store, port=port, timeout=300) as (url, proc), sync_playwright() as p:
        server_up = time.perf_counter()
        memory = MemoryWatch(proc.pid)
        print(f"server answered {server_up - launched:.2f} s after launch")
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        opened = time.perf_counter()
        cold = first_view(page, url + "/")
        print(f"first view, cold browser and server (Overview): {cold:.2f} s "
              f"({opened - server_up:.2f} s after the server answered, browser start included)")
        warm_views = []
        for path in PAGES:
            warm = first_view(page, f"{url}/{path}")
            warm_views.append(warm)
            print(f"first view, warm ({path or 'overview'}): {warm:.2f} s")
        context.close()

        results: dict[str, list[tuple[float, float]]] = {}
        for path in ["" if name == "overview" else name for name in args.pages]:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            context.add_init_script(CANVAS_JS)
            page = context.new_page()
            first_view(page, f"{url}/{path}")
            page.wait_for_timeout(1500)  # let lazily loaded widgets (the table grid) finish, as a reader would
            times = []
            for word in [*args.words, ""]:
                times.append(redraw(page, set_text_filter(page, word)))
            results[path or "overview"] = times
            context.close()
        visible = {path or "overview": new_article_visible(browser, url, Store(store), path)
                   for path in PAGES} if args.new_article else {}
        rerun = {path or "overview": new_article_visible(browser, url, Store(store), path, open_page=True)
                 for path in PAGES} if args.new_article else {}
        browser.close()
        memory.stop()
    print("filter change -> redraw (text filter; median / max over "
          f"{len(args.words) + 1} changes, {QUIET_MS} ms quiet period excluded):")
    worst = worst_settled = 0.0
    for name, pairs in results.items():
        times, settled = [v for v, _ in pairs], [d for _, d in pairs]
        worst = max(worst, statistics.median(times))
        worst_settled = max(worst_settled, statistics.median(settled))
        print(f"  {name:9s} median {statistics.median(times):.3f} s  max {max(times):.3f} s  "
              f"[{', '.join(f'{t:.2f}' for t in times)}]  (DOM settled, canvas fallback included: "
              f"median {statistics.median(settled):.3f} s)")
    print(f"slowest page median: {worst:.3f} s")
    runs: dict[str, list[float]] = {}
    for line in log_path(port).read_text().splitlines():
        if line.startswith("newsscope-run "):
            _, name, seconds = line.split()
            runs.setdefault(name, []).append(float(seconds))
    print("server-side script run per rerun (median / max over the whole benchmark):")
    for name, times in runs.items():
        print(f"  {name:9s} median {statistics.median(times):.3f} s  max {max(times):.3f} s  ({len(times)} runs)")
    if visible:
        print("one more committed article -> shown, per page (a new commit each), in a fresh browser context: "
              + ", ".join(f"{name} {t:.2f} s" for name, t in visible.items()))
        print("  ... and in the page open in the browser, by typing its word into the text filter: "
              + ", ".join(f"{name} {t:.2f} s" for name, t in rerun.items()))
    print(f"server memory (RSS of the process tree): peak {memory.peak / 2**20:,.0f} MB, "
          f"at the end {memory.last / 2**20:,.0f} MB")
    load = os.getloadavg()
    print(f"summary | {n_articles:,} articles | first view {cold:.2f} s cold, "
          f"{statistics.median(warm_views):.2f} s warm median | filter change {worst:.2f} s (slowest page median; "
          f"{worst_settled:.2f} s with canvas fallback content) | "
          f"server RSS peak {memory.peak / 2**20:,.0f} MB | "
          + (f"new article shown within {max(visible.values()):.2f} s (fresh browser), "
             f"{max(rerun.values()):.2f} s (open page) | " if visible else "")
          + f"load average {load[0]:.1f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
