"""Tables built from data packages on first use and kept as pickles, so later processes load them in a fraction of the
time: in `$NEWSSCOPE_CACHE` or the user's cache folder, or in the temporary folder when that cannot be written."""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
STALE_SECONDS = 7 * 24 * 3600


def cache_files(kind: str, key: str) -> list[Path]:
    """Where the `kind` tables built from the sources `key` (a digest of them) are kept: the user's cache folder,
    then one in the temporary folder for when the home is read-only."""
    root = os.environ.get("NEWSSCOPE_CACHE") or Path(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "newsscope"
    )
    name = f"{kind}-{key}.pickle"
    fallback = Path(tempfile.gettempdir()) / f"newsscope-cache-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
    return [Path(root) / name, fallback / name]


def load_or_build(kind: str, key: str, build: Callable[[], T]) -> T:
    """The `kind` tables of sources `key` from a cache when one is there, else built and cached for the next process
    (deleting the tables of other sources not used for a week)."""
    paths = cache_files(kind, key)
    for path in paths:
        try:
            with path.open("rb") as f:
                tables = pickle.load(f)
            with contextlib.suppress(OSError):
                os.utime(path, (time.time(), path.stat().st_mtime))  # last used now: no other version deletes it
            return tables
        except Exception:  # noqa: BLE001 - no cache yet, or an unreadable one: try the next, then build afresh
            pass
    tables = build()
    for path in paths:
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tmp.open("wb") as f:
                pickle.dump(tables, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)  # atomic: parallel workers never read a half-written cache
            for stale in path.parent.glob(f"{kind}-*.pickle"):
                # another version's tables, unless used lately: two versions used side by side (a checkout and an
                # installed copy) would otherwise delete each other's and rebuild them at every start
                with contextlib.suppress(OSError):
                    if stale != path and time.time() - stale.stat().st_atime > STALE_SECONDS:
                        stale.unlink()
            break
        except OSError:  # a read-only folder: try the next one
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
    return tables
