"""Ingesting on a real Dask cluster (a scheduler and two worker processes on 127.0.0.1) gives the local tables."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import fsspec
import pandas as pd
import pyarrow.parquet as pq
import pytest
from distributed import Client, LocalCluster

from components.cli import main
from components.distributed import ClusterUnavailable, ingest_on_cluster
from components.ingest import ingest
from components.store import TABLES, Store

ROOT = Path(__file__).resolve().parents[1]

PEOPLE = ["Angela Merkel", "Emmanuel Macron", "Joe Biden", "Xi Jinping", "Narendra Modi", "Jacinda Ardern",
          "Olaf Scholz", "Justin Trudeau", "Cyril Ramaphosa", "Luiz Inacio Lula da Silva"]
PLACES = [("Berlin", "Germany"), ("Paris", "France"), ("Tokyo", "Japan"), ("Nairobi", "Kenya"),
          ("Brasilia", "Brazil"), ("Ottawa", "Canada"), ("Canberra", "Australia"), ("New Delhi", "India")]
ORGS = ["the United Nations", "the World Bank", "Toyota", "Siemens", "the European Union", "NATO"]
TOPICS = ["trade", "climate finance", "food security", "energy prices", "migration"]


def paragraph(n: int) -> str:
    speaker, other = PEOPLE[n % len(PEOPLE)], PEOPLE[(n * 3 + 1) % len(PEOPLE)]
    (city, country), (city2, country2) = PLACES[n % len(PLACES)], PLACES[(n * 5 + 2) % len(PLACES)]
    org, topic = ORGS[n % len(ORGS)], TOPICS[n % len(TOPICS)]
    return (f"{speaker} met {other} in {city} on Monday to discuss {topic} with officials from {country2}. "
            f'"We have made real progress on {topic}," {speaker} told reporters. '
            f"{org.capitalize() if org.startswith('the') else org} said the talks would continue in {city2} "
            f"next week. {other} said {country} would not accept new tariffs.")


def write_corpus(folder: Path, n: int, paragraphs: int = 2) -> Path:
    """n articles in three formats, plus the bad input the local ingest reports (bad JSON, empty text, a clash)."""
    folder.mkdir(parents=True)
    lines = []
    for i in range(n):
        text = "\n\n".join(paragraph(i * 7 + k) for k in range(paragraphs))
        article = {"text": text, "title": f"Talks {i}", "published": f"March {i % 28 + 1}, 2024"}
        if i % 4:  # the rest get an id derived from their text
            article["id"] = f"news-{i:03d}"
        lines.append(json.dumps(article))
    lines.insert(3, "{not json")
    lines.append(json.dumps({"id": "empty", "text": "  "}))
    lines.append(json.dumps({"id": "news-001", "text": "Other content under a used id."}))
    (folder / "news.jsonl").write_text("\n".join(lines), encoding="utf-8")
    (folder / "dateline.txt").write_text(f"Dateline story\nNAIROBI (AFP) - {paragraph(99)}", encoding="utf-8")
    pd.DataFrame({"id": ["csv-1", "csv-2"], "text": [paragraph(101), paragraph(102)]}).to_csv(folder / "more.csv")
    return folder


def tables(store: Store) -> dict[str, pd.DataFrame]:
    con = store.connect()
    return {t: con.execute(f"SELECT * EXCLUDE (batch_id) FROM {t} ORDER BY ALL").df() for t in TABLES}


def raw_articles(store: Store) -> pd.DataFrame:
    """Every article row in every committed batch, hidden or not."""
    return pd.concat([pq.read_table(p).to_pandas() for p in sorted(store.batches.glob("*/articles.parquet"))])


def assert_same_tables(store: Store, expected: Store) -> None:
    got, want = tables(store), tables(expected)
    for table in TABLES:
        pd.testing.assert_frame_equal(got[table], want[table], obj=table)


def report_fields(report):
    return report.added, report.replaced, report.unchanged, list(map(str, report.errors)), report.warnings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def local_cluster(logs: Path, workers: int = 2):
    """A `dask scheduler` and `dask worker` processes on 127.0.0.1, as a research group would start them."""
    address = f"tcp://127.0.0.1:{free_port()}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    dask = [sys.executable, "-m", "dask"]
    logs.mkdir(parents=True, exist_ok=True)
    processes = []

    def start(name, *args):
        log = open(logs / f"{name}.log", "w")
        processes.append(subprocess.Popen([*dask, *args], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
        log.close()

    try:
        start("scheduler", "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
              "--dashboard-address", f"127.0.0.1:{free_port()}")
        for i in range(workers):
            start(f"worker{i}", "worker", address, "--nworkers", "1", "--nthreads", "1", "--host", "127.0.0.1",
                  "--no-dashboard")
        with Client(address, timeout=30, set_as_default=False) as client:
            client.wait_for_workers(workers, timeout=60)
            yield address, client
    finally:
        for process in reversed(processes):  # workers first, then the scheduler
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    with local_cluster(tmp_path_factory.mktemp("cluster_logs")) as (address, client):
        yield address, client


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("corpus") / "news", 40)


@pytest.fixture(scope="module")
def local_store(corpus, tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("local") / "store")
    report = ingest([corpus], store, workers=1)
    return store, report


def test_cluster_ingest_gives_the_local_tables(cluster, corpus, local_store, tmp_path):
    address, _ = cluster
    expected, expected_report = local_store
    store = Store(tmp_path / "store")
    seen = []
    report = ingest_on_cluster([corpus], store, address, partition_size=6, on_progress=lambda d, t: seen.append(d))
    assert report_fields(report) == report_fields(expected_report)
    assert report.added == 43 and len(report.errors) == 3  # bad JSON, empty text, the clashing id
    assert_same_tables(store, expected)
    assert len(store.batch_ids()) == 8  # one batch per partition of 6
    assert seen[0] == 0 and seen[-1] == 43 and seen == sorted(seen)
    assert not (store.root / "_staging").exists()

    again = ingest_on_cluster([corpus], store, address, partition_size=6)
    shutil.copytree(expected.root, tmp_path / "local")
    assert report_fields(again) == report_fields(ingest([corpus], Store(tmp_path / "local"), workers=1))
    assert (again.added, again.unchanged) == (0, 43)
    assert_same_tables(store, Store(tmp_path / "local"))


def test_changed_articles_replace_their_rows(cluster, corpus, tmp_path):
    address, _ = cluster
    store = Store(tmp_path / "store")
    ingest([corpus], store, workers=1)  # a local ingest first: both write the same store
    changed = tmp_path / "changed.jsonl"
    changed.write_text(json.dumps({"id": "news-002", "text": "Boris Johnson spoke in London on Tuesday."}))
    report = ingest_on_cluster([changed], store, address)
    assert (report.added, report.replaced, report.unchanged) == (0, 1, 0)
    entities = store.connect().execute("SELECT entity FROM entities WHERE article_id = 'news-002'").fetchall()
    assert ("Boris Johnson",) in entities and ("Angela Merkel",) not in entities


def test_fsspec_url_store(cluster, corpus, local_store, tmp_path):
    address, _ = cluster
    report = ingest_on_cluster([corpus], f"file://{tmp_path}/store", address, partition_size=10)
    assert report.added == 43
    assert_same_tables(Store(tmp_path / "store"), local_store[0])
    again = ingest_on_cluster([corpus], f"file://{tmp_path}/store", address)
    assert again.unchanged == 43  # deduplicated against the URL store


def test_an_object_store_url(corpus, local_store):
    """A store no worker reaches as a folder (fsspec's in-memory filesystem, shared by an in-process cluster)."""
    url = f"memory://newsscope-{uuid.uuid4().hex}/store"
    try:
        with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster, \
                Client(cluster, set_as_default=False) as client:
            report = ingest_on_cluster([corpus], url, client, partition_size=10)
            assert report_fields(report) == report_fields(local_store[1])
            store = Store(url)
            assert not store.local and len(store.batch_ids()) == 5 and not store.fs.exists(store.staging)
            assert_same_tables(store, local_store[0])
            assert ingest_on_cluster([corpus], url, client).unchanged == 43
    finally:
        fsspec.filesystem("memory").rm(url.removeprefix("memory://").split("/")[0], recursive=True)


def test_cli_with_scheduler_reports_like_the_local_ingest(cluster, corpus, tmp_path, capsys):
    address, _ = cluster
    assert main(["ingest", str(corpus), "--store", str(tmp_path / "local"), "--workers", "1"]) == 1
    local = capsys.readouterr().err
    assert main(["ingest", str(corpus), "--store", str(tmp_path / "cluster"), "--scheduler", address]) == 1
    remote = capsys.readouterr().err
    assert "Dask dashboard: http://127.0.0.1:" in remote

    def messages(err):  # everything but the timing of the summary and the bar
        return [line.split(" in ")[0] if "added" in line else line for line in err.splitlines()
                if not line.startswith(("Dask dashboard", "\r", "ingest:"))]

    assert messages(remote) == messages(local)
    assert "43 added, 0 replaced, 0 unchanged, 3 skipped" in remote
    assert_same_tables(Store(tmp_path / "cluster"), Store(tmp_path / "local"))


def test_unreachable_scheduler(tmp_path):
    with pytest.raises(ClusterUnavailable):
        ingest_on_cluster([tmp_path], tmp_path / "store", f"tcp://127.0.0.1:{free_port()}", connect_seconds=1)


def test_lost_worker_is_retried_without_loss_or_duplicates(cluster, tmp_path):
    """Runs last: it kills one of the module's workers (its nanny starts a new one)."""
    address, observer = cluster
    corpus = write_corpus(tmp_path / "news", 80, paragraphs=3)
    expected = Store(tmp_path / "local")
    ingest([corpus], expected, workers=1)
    store = Store(tmp_path / "store")
    pids = observer.run(os.getpid)  # worker address -> pid of the worker process (under its nanny)
    killed = []

    def kill_a_busy_worker(done: int, total: int) -> None:
        if done and not killed:  # once some partitions are committed, kill a worker in the middle of one
            busy = [worker for worker, keys in observer.processing().items() if keys]
            os.kill(pids[busy[0]], signal.SIGKILL)
            killed.append(busy[0])

    report = ingest_on_cluster([corpus], store, address, partition_size=6, on_progress=kill_a_busy_worker)
    assert killed and killed[0] not in observer.scheduler_info(n_workers=-1)["workers"]  # it really was lost
    assert report.added == 83 and len(report.errors) == 3
    assert_same_tables(store, expected)
    rows = raw_articles(store)
    assert rows.article_id.is_unique and len(rows) == 83
    assert all(sorted(p.name for p in batch.iterdir()) == sorted(f"{t}.parquet" for t in TABLES)
               for batch in store.batches.iterdir())
    assert not (store.root / "_staging").exists()
