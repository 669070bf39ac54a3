"""The dashboard's snapshot kept on local disk between server starts, so a start opens it instead of building it.

A million articles take a minute and more to copy out of Parquet and compress; opening the database that held them
takes a second. The cache holds, per store and per version of the code that builds snapshots, one DuckDB file of
the newest snapshot written (`snap_<digest of its batch list>.duckdb`). A start takes the newest file whose batches
are all still in the store and older than every batch committed since; it adds those batches (as a running server
does) and saves the result as the store's new file. A file that lists a batch the store no longer holds (a
compaction or a repair removed it) can never be updated, and is deleted: the store is loaded whole again.

Every server works on a copy of its own (`work_<pid>_....duckdb`, deleted when the snapshot is dropped or the
process ends, or by the next start when the process died): a DuckDB file open for writing is locked to one process,
and a saved file is never changed in place, only replaced by a rename. Starts take a lock on the folder, so two
servers starting together build the snapshot once, and a file is never deleted while another start copies it.

The store may be at an fsspec URL: the cache is always local, `$NEWSSCOPE_CACHE` or the user's cache folder
(`$XDG_CACHE_HOME/newsscope`, else `~/.cache/newsscope`), under `snapshots/`.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import uuid
import weakref
from contextlib import suppress
from pathlib import Path

import duckdb

from components import schema, snapshot, snapshot_tables, store, store_views, stories
from components.errors import StoreError
from components.locking import folder_lock
from components.snapshot import Snapshot
from components.store import Store

# A file built by other code may lack a table or hold another shape of one: the code that builds snapshots, and the
# DuckDB that wrote the file, are part of the folder's name.
CODE = (schema, snapshot, snapshot_tables, stories, store, store_views)
_SCRATCH = re.compile(r"(?:work|tmp)_(\d+)_[0-9a-f]+\.duckdb(?:\.wal)?$")


def cache_home() -> Path:
    base = os.environ.get("NEWSSCOPE_CACHE") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache",
                                                      "newsscope")
    return Path(base, "snapshots")


def folder(st: Store, home: Path | None = None) -> Path:
    """The cache folder of one store (named by its location) for this code."""
    code = hashlib.sha1(duckdb.__version__.encode())
    for module in CODE:
        code.update(Path(module.__file__).read_bytes())
    where = hashlib.sha1(str(st.root if not st.local else Path(st.root).resolve()).encode()).hexdigest()[:16]
    return (home or cache_home()) / f"{where}-{code.hexdigest()[:12]}"


def load(st: Store, previous: Snapshot | None = None, *, home: Path | None = None) -> Snapshot:
    """`Snapshot.load(st, previous)`, with a whole load replaced by the cache's newest usable file brought up to
    date (built and saved when there is none)."""
    updated = previous.update(st) if previous is not None else None
    if updated is not None:
        return updated
    where = folder(st, home)
    try:
        with folder_lock(where):
            _clear_scratch(where)
            saved = _newest_usable(where, st.batch_ids())
            if saved is None or _batches(saved) != tuple(st.batch_ids()):
                saved = _save(where, st, saved)
            work = _scratch(where, "work")
            shutil.copyfile(saved, work)
    except (OSError, StoreError) as err:  # no room or no permission for the cache: build it in memory
        logging.getLogger(__name__).warning("the snapshot cache %s cannot be used (%s)", where, err)
        return Snapshot.load(st)
    con = duckdb.connect(os.fspath(work))
    owner = _WorkFile(con, work)
    return Snapshot.open(con, str(st.root), owner)


class _WorkFile:
    """A server's copy: closed and deleted once no snapshot holds it."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path):
        weakref.finalize(self, _close_and_remove, con, path)


def _close_and_remove(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    with suppress(duckdb.Error):
        con.close()
    for name in (path, path.with_name(path.name + ".wal")):
        with suppress(FileNotFoundError):
            name.unlink()


def _save(where: Path, st: Store, base: Path | None) -> Path:
    """A file of the store's snapshot now: `base` with the new batches added, else a whole load."""
    tmp = _scratch(where, "tmp")
    try:
        snap = None
        if base is not None:
            shutil.copyfile(base, tmp)
            snap = Snapshot.open(duckdb.connect(os.fspath(tmp)), str(st.root)).update(st)
            if snap is None:  # the update failed (a batch removed meanwhile)
                tmp.unlink()
        if snap is None:
            snap = Snapshot.load(st, path=tmp)
        snap.con.execute("CHECKPOINT")
        snap.con.close()
        saved = where / f"snap_{_digest(snap.batch_ids)}.duckdb"
        os.replace(tmp, saved)
    finally:
        with suppress(FileNotFoundError):
            tmp.unlink()
    for old in where.glob("snap_*.duckdb"):
        if old != saved:
            old.unlink()
    return saved


def _newest_usable(where: Path, batch_ids: list[str]) -> Path | None:
    """The saved file with most batches that the store's batches extend; files that no store version can use any
    more are deleted."""
    best, best_ids = None, ()
    for path in where.glob("snap_*.duckdb"):
        try:
            ids = _batches(path)
        except duckdb.Error:  # not a snapshot this code can read
            ids = None
        # usable while the store holds its batches and has gained only later ones since (see `Snapshot.update`)
        if ids is None or tuple(batch_ids[:len(ids)]) != ids:
            path.unlink()
        elif len(ids) >= len(best_ids):
            best, best_ids = path, ids
    return best


def _batches(path: Path) -> tuple[str, ...]:
    con = duckdb.connect(os.fspath(path), read_only=True)
    try:
        return tuple(r[0] for r in con.execute("SELECT batch_id FROM snapshot_batches ORDER BY batch_id").fetchall())
    finally:
        con.close()


def _digest(batch_ids: tuple[str, ...]) -> str:
    return hashlib.sha1("\n".join(batch_ids).encode()).hexdigest()[:20]


def _scratch(where: Path, kind: str) -> Path:
    return where / f"{kind}_{os.getpid()}_{uuid.uuid4().hex[:8]}.duckdb"


def _clear_scratch(where: Path) -> None:
    """Delete the copies and half-built files of processes that died without cleaning up."""
    for path in where.iterdir():
        match = _SCRATCH.match(path.name)
        if match and not _alive(int(match.group(1))):
            with suppress(FileNotFoundError):
                path.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
