import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory):
    """A store holding the seed articles, ingested once for the whole session (read-only for tests)."""
    from components.ingest import ingest
    from components.store import Store

    store = Store(tmp_path_factory.mktemp("seed_store"))
    report = ingest([SEEDS], store, workers=1)
    assert report.ok and report.added == len(list(SEEDS.glob("*.txt")))
    return store


@pytest.fixture
def seed_store_copy(seed_store, tmp_path):
    """A writable copy of the seed store."""
    from components.store import Store

    shutil.copytree(seed_store.root, tmp_path / "store")
    return Store(tmp_path / "store")
