"""One writer at a time, and a writer that dies never leaves the store locked nor its worker processes behind."""

import fcntl
import json
import os
import signal
import subprocess
import sys
import threading
import time

import psutil
import pytest

from components.ingest import ingest
from components.store import Store
from tests.conftest import ROOT

HOLD_LOCK = """
import os, sys, time
from components.store import Store
with Store(sys.argv[1]).writer_lock():
    if len(sys.argv) > 2 and os.fork() == 0:  # a child forked while the lock is held, as a worker process is
        print(os.getpid(), flush=True)  # once the fork's handlers have run in the child (a loaded machine is slow)
        time.sleep(600)
        os._exit(0)
    if len(sys.argv) == 2:
        print(-1, flush=True)
    sys.stdin.read()
"""


def hold_lock(root, *, fork_child=False) -> tuple[subprocess.Popen, int | None]:
    """A process holding the store's lock (and a child it forked meanwhile); it lets go when its stdin closes."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(root), *(["fork"] if fork_child else [])],
                              cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    child = int(holder.stdout.readline())
    return holder, child if fork_child else None


def lock_is_free(store: Store) -> bool:
    fd = os.open(store.root / ".lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


def test_a_waiting_writer_says_once_who_holds_the_store_and_goes_on_when_it_is_free(tmp_path):
    store = Store(tmp_path / "store")
    holder, _ = hold_lock(store.root)
    heard, entered = [], threading.Event()

    def write():
        with store.writer_lock(on_wait=heard.append):
            entered.set()

    writer = threading.Thread(target=write)
    writer.start()
    time.sleep(1)
    assert not entered.is_set()
    assert heard == [f"waiting for another ingest into {store.root} (pid {holder.pid})"]
    holder.communicate("")  # the holder lets go
    writer.join(10)
    assert entered.is_set() and len(heard) == 1


def test_a_lock_whose_holder_died_is_free_even_when_the_holder_forked_a_child_that_lives_on(tmp_path):
    store = Store(tmp_path / "store")
    holder, child = hold_lock(store.root, fork_child=True)
    try:
        holder.kill()
        holder.wait()
        assert psutil.pid_exists(child)
        assert lock_is_free(store)
        heard = []
        with store.writer_lock(on_wait=heard.append):
            assert heard == []
            assert (store.root / ".lock").read_text().strip() == str(os.getpid())
    finally:
        os.kill(child, signal.SIGKILL)


KILLABLE_INGEST = """
import sys
import components.ingest as ingest_module
from components.store import Store
ingest_module.CHUNK_ARTICLES = 4
ingest_module.COMMIT_ARTICLES = 8
ingest_module.ingest([sys.argv[1]], Store(sys.argv[2]), workers=2)
"""


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_multi_worker_ingest_leaves_no_process_and_a_rerun_completes(tmp_path, sig):
    paragraph = ("Ministers from Austria and the Czech Republic met in Vienna on {day} to talk about trade, energy "
                 "and the border. \"We agreed on a great deal,\" said Chancellor Karl Nehammer after the talks. ")
    articles = [{"id": f"k{i}", "text": paragraph.format(day=i) * 6} for i in range(64)]
    source = tmp_path / "many.jsonl"
    source.write_text("\n".join(map(json.dumps, articles)))
    store = Store(tmp_path / "store")
    ingesting = subprocess.Popen([sys.executable, "-c", KILLABLE_INGEST, str(source), str(store.root)], cwd=ROOT)
    deadline = time.monotonic() + 90
    while not store.batch_ids() and time.monotonic() < deadline and ingesting.poll() is None:
        time.sleep(0.05)
    workers = psutil.Process(ingesting.pid).children(recursive=True)
    assert len(workers) == 2 and ingesting.poll() is None, "the kill should land mid-run"
    ingesting.send_signal(sig)
    ingesting.wait()
    gone, alive = psutil.wait_procs(workers, timeout=10)
    for orphan in alive:  # not left running when the test fails
        orphan.kill()
    assert alive == [], "worker processes outlived their parent"
    committed = store.connect().execute("SELECT count(*) FROM articles").fetchone()[0]
    assert 0 < committed < len(articles)
    assert lock_is_free(store)
    report = ingest([source], store, workers=1)
    assert (report.unchanged, report.added, report.ok) == (committed, len(articles) - committed, True)
    stored = store.connect().execute("SELECT article_id, text FROM articles").fetchall()
    assert sorted(stored) == sorted((a["id"], a["text"]) for a in articles)
