"""Cached tables: built once, read by later processes, other versions' tables kept while they are in use."""

import os
import time

from components.pickled import STALE_SECONDS, load_or_build


def test_tables_are_built_once_and_other_versions_kept_while_used(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSSCOPE_CACHE", str(tmp_path))
    builds = []

    def build(value):
        def run():
            builds.append(value)
            return {"value": value}
        return run

    assert load_or_build("t", "a", build(1)) == {"value": 1}
    assert load_or_build("t", "a", build(2)) == {"value": 1}  # read from the cache
    assert load_or_build("t", "b", build(3)) == {"value": 3}
    assert builds == [1, 3]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t-a.pickle", "t-b.pickle"]  # "a" was used just now
    old = time.time() - STALE_SECONDS - 60
    os.utime(tmp_path / "t-a.pickle", (old, old))
    load_or_build("t", "c", build(4))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t-b.pickle", "t-c.pickle"]
