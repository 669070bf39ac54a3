"""CPU seconds of a dashboard page's warm first view, in the browser's processes and the server's, per view.

    python benchmarks/page_cpu.py STORE --page entities --views 5 [--query "q=word"]

Serves STORE with `newsscope dashboard`, opens the page once (to fill the server's caches), then VIEWS times goes
to the Overview and back to the page in headless Chromium, timing each view until every chart is drawn, as
benchmarks/dashboard_speed.py does. On a shared machine the wall time follows the load; the CPU seconds spent by
the browser (its processes, drawing the page) and by the server (its run of the page's script) far less, so two
versions of a page compare by them. Also reported: the bytes the page receives over its websocket.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.dashboard_speed import CHROMIUM, LAUNCH_ARGS, first_view  # noqa: E402
from dashboard.server import dashboard_process, free_port  # noqa: E402


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds so far of this process's Chromium processes and of its dashboard server."""
    browser = server = 0.0
    for proc in psutil.Process().children(recursive=True):
        try:
            times, command = proc.cpu_times(), " ".join(proc.cmdline())
        except psutil.Error:  # a renderer that ended meanwhile
            continue
        if "chromium" in command:
            browser += times.user + times.system
        elif "dashboard.server" in command:
            server += times.user + times.system
    return browser, server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store", type=Path)
    parser.add_argument("--page", default="entities", help="the page's address, e.g. entities, quotes, map")
    parser.add_argument("--views", type=int, default=5)
    parser.add_argument("--query", default="", help="URL parameters, e.g. q=word for a text filter")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    query = f"?{args.query}" if args.query else ""
    with dashboard_process(args.store, port=free_port(), timeout=600) as (url, _), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        received = [0]
        page.on("websocket", lambda ws: ws.on("framereceived", lambda data: received.__setitem__(
            0, received[0] + len(data))))
        first_view(page, f"{url}/{query}")
        first_view(page, f"{url}/{args.page}{query}")
        views = []
        for _ in range(args.views):
            first_view(page, f"{url}/{query}")
            page.wait_for_timeout(300)
            received[0] = 0
            before = cpu_seconds()
            wall = first_view(page, f"{url}/{args.page}{query}")
            after = cpu_seconds()
            views.append((wall, after[0] - before[0], after[1] - before[1], received[0]))
            print(f"  {wall:.2f} s; CPU: browser {views[-1][1]:.2f} s, server {views[-1][2]:.2f} s; "
                  f"{received[0] / 1024:,.0f} KB received", flush=True)
        browser.close()
    median = [statistics.median(v[i] for v in views) for i in range(4)]
    print(f"{args.page}{query}, median of {len(views)} warm first views: {median[0]:.2f} s; CPU: browser "
          f"{median[1]:.2f} s, server {median[2]:.2f} s; {median[3] / 1024:,.0f} KB received; "
          f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
