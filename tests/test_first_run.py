"""The front door: `newsscope dashboard` on an empty store, from a checkout and from an installed wheel, started and
stopped as a user or a service manager would. Each test runs the real command in a subprocess."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import venv
from pathlib import Path

import pytest

from components.store import Store
from dashboard.server import free_port
from tests.test_browser import CHROMIUM, LAUNCH_ARGS

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent


def wait_for_server(proc: subprocess.Popen, url: str, log: Path, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the command exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"no answer on {url} within {timeout:.0f} s:\n{log.read_text()[-3000:]}")


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def start(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[subprocess.Popen, Path]:
    log = cwd / "dashboard.log"
    with log.open("w") as out:
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    return proc, log


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def clean_env() -> dict[str, str]:
    """This environment without what would point the command at this checkout or at a store."""
    return {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "NEWSSCOPE_STORE"}}


def fetch(url: str) -> tuple[str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers.get("Content-Type", ""), response.read()


def render_overview(url: str) -> str:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
        page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=60_000)
        assert page.locator('[data-testid="stException"]').count() == 0
        text = page.locator('[data-testid="stMain"]').inner_text()
        browser.close()
    return text


@pytest.fixture
def first_run(tmp_path):
    """`newsscope dashboard` started from an empty folder on an empty store; yields (url, store, process)."""
    port = free_port()
    store = tmp_path / "store"
    proc, log = start([str(VENV_BIN / "newsscope"), "dashboard", "--store", str(store), "--port", str(port)],
                      tmp_path, clean_env())
    try:
        wait_for_server(proc, f"http://127.0.0.1:{port}", log)
        yield f"http://127.0.0.1:{port}", Store(store), proc
    finally:
        stop(proc)


def test_the_first_run_ingests_the_seeds_and_serves(first_run):
    url, store, _ = first_run
    with store.connect() as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == len(list((ROOT / "seeds").glob("*.txt")))
    content_type, body = fetch(f"{url}/app/static/world_110m.json")
    assert content_type.startswith("application/json")
    assert json.loads(body)["type"] == "Topology"


@pytest.mark.browser
def test_the_first_run_shows_the_seed_people(first_run):
    text = render_overview(first_run[0])
    assert "Benjamin Netanyahu" in text and "Vladimir Putin" in text


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_to_the_command_stops_the_server(first_run, sig):
    url, _, proc = first_run
    port = int(url.rsplit(":", 1)[1])
    proc.send_signal(sig)
    deadline = time.monotonic() + 5
    while not port_is_free(port) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert port_is_free(port), f"the port is still served 5 s after {sig.name}"
    proc.wait(timeout=5)


def test_it_listens_on_this_machine_only_by_default(first_run):
    url, _, proc = first_run
    port = int(url.rsplit(":", 1)[1])
    listening = Path("/proc/net/tcp").read_text().splitlines()[1:]
    # /proc/net/tcp: local address as hex IP (little-endian) and port, state 0A = LISTEN
    local = [line.split()[1] for line in listening if line.split()[3] == "0A"]
    assert f"0100007F:{port:04X}" in local
    assert f"00000000:{port:04X}" not in local


def test_version(capsys):
    from components.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.startswith("newsscope ")


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """newsscope built as a wheel and installed (not editable) into a fresh venv, whose other packages are the
    project venv's (a .pth file adds its site-packages), so the test needs no network and no second copy of spaCy."""
    where = tmp_path_factory.mktemp("wheel")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(where / "dist"),
                            str(ROOT)], capture_output=True, text=True, env=clean_env())
    assert built.returncode == 0, built.stderr
    assert "warning" not in built.stderr.lower(), built.stderr
    env_dir = where / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = subprocess.check_output([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                   text=True).strip()
    ours = next(p for p in sys.path if p.endswith("site-packages") and Path(p).is_relative_to(sys.prefix))
    (Path(site) / "project_venv.pth").write_text(ours + "\n")
    wheel = next((where / "dist").glob("newsscope-*.whl"))
    installed = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                                "--no-index", "--quiet", str(wheel)], capture_output=True, text=True, env=clean_env())
    assert installed.returncode == 0, installed.stderr
    return env_dir / "bin"


@pytest.mark.browser
def test_an_installed_wheel_serves_the_dashboard_from_any_folder(installed, tmp_path):
    where = subprocess.check_output([installed / "python", "-c", "import components; print(components.__file__)"],
                                    cwd=tmp_path, env=clean_env(), text=True)
    assert "site-packages" in where and str(ROOT) not in where  # the wheel's code, not this checkout's
    port = free_port()
    proc, log = start([str(installed / "newsscope"), "dashboard", "--port", str(port)], tmp_path, clean_env())
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for_server(proc, url, log)
        assert (tmp_path / "data" / "batches").is_dir()  # the default store, in the folder it was started from
        content_type, body = fetch(f"{url}/app/static/world_110m.json")
        assert content_type.startswith("application/json")
        assert json.loads(body)["type"] == "Topology"
        text = render_overview(url)
        assert "Benjamin Netanyahu" in text and "Vladimir Putin" in text
    finally:
        stop(proc)
