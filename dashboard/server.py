"""Start the dashboard: `python -m dashboard.server [streamlit options] -- --store DIR` serves it like `streamlit run
dashboard/app.py`, but loads the store while the server starts, so the first page view does not wait for it.

`running_dashboard` runs it in a subprocess on a free port: for end-to-end tests, benchmarks and screenshots.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
APP = Path(__file__).parent / "app.py"
# The app's Streamlit settings: dashboard/settings/ in an installed package, .streamlit/ at the top of a checkout.
SETTINGS = Path(__file__).parent / "settings" / "config.toml"
if not SETTINGS.is_file():
    SETTINGS = PROJECT_ROOT / ".streamlit" / "config.toml"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log_path(port: int) -> Path:
    return Path(tempfile.gettempdir()) / f"newsscope-streamlit-{port}.log"


@contextmanager
def running_dashboard(store: str | os.PathLike, *, port: int | None = None, timeout: float = 60.0,
                      extra_args: tuple[str, ...] = ()) -> Iterator[str]:
    """Run `python -m dashboard.server -- --store STORE` from the project folder; yield its base URL.

    The server's output goes to log_path(port).
    """
    with dashboard_process(store, port=port, timeout=timeout, extra_args=extra_args) as (url, _):
        yield url


@contextmanager
def dashboard_process(store: str | os.PathLike, *, port: int | None = None, timeout: float = 60.0,
                      extra_args: tuple[str, ...] = ()) -> Iterator[tuple[str, subprocess.Popen]]:
    """Like running_dashboard, yielding the base URL and the server process (to measure its memory)."""
    port = port or free_port()
    command = [sys.executable, "-m", "dashboard.server", "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
               *extra_args, "--", "--store", str(store)]
    log = open(log_path(port), "w")  # noqa: SIM115 (closed below)
    proc = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT,
                            env={**os.environ, "NEWSSCOPE_STORE": str(store)})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {proc.returncode}; see {log.name}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"streamlit did not answer on {url} within {timeout:.0f} s; see {log.name}")
            time.sleep(0.2)
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def settings_flags(path: Path = SETTINGS) -> list[str]:
    """The app's config.toml as `streamlit run` options, so the settings hold whatever folder the server starts in
    (Streamlit itself reads .streamlit/config.toml only from the working folder)."""
    settings = tomllib.loads(path.read_text(encoding="utf-8"))
    return [f"--{section}.{name}={str(value).lower() if isinstance(value, bool) else value}"
            for section, options in settings.items() for name, value in options.items()]


def main(argv: list[str] | None = None) -> int:
    """`streamlit run dashboard/app.py ARGS` in this process with the app's settings, after starting the store's
    warm-up. Options in ARGS override the settings."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))
    from streamlit.web import cli as streamlit_cli

    from dashboard import data

    script_args = argv[argv.index("--") + 1:] if "--" in argv else []
    data.warm_up(data.store_path(script_args))
    sys.argv = ["streamlit", "run", str(APP), *settings_flags(), *argv]
    return streamlit_cli.main()


if __name__ == "__main__":
    sys.exit(main())
