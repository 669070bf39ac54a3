"""The store's writer lock: one writer at a time, released by the kernel when its holder dies."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from components.errors import StoreError

# Lock descriptors this process holds. A forked child (an ingest's worker process) closes its copies at once: were it
# to keep one, the store would stay locked for as long as the child lives, even after the parent has died.
_HELD_LOCKS: set[int] = set()


def _close_inherited_locks() -> None:
    for fd in _HELD_LOCKS:
        with suppress(OSError):
            os.close(fd)
    _HELD_LOCKS.clear()


os.register_at_fork(after_in_child=_close_inherited_locks)


@contextmanager
def folder_lock(root: Path, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the flock on `root/.lock`, which names the holder's pid; `on_wait` hears once when another holds it."""
    path = root / ".lock"
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)  # not truncated: it names the current holder
    except OSError as err:
        raise StoreError(f"cannot write to the store {root}: {err.strerror or err}") from err
    _HELD_LOCKS.add(fd)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
                on_wait(f"waiting for another ingest into {root}" + (f" (pid {holder})" if holder else ""))
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        if fd in _HELD_LOCKS:  # not in a forked child, which has closed it already
            _HELD_LOCKS.discard(fd)
            os.close(fd)  # releases the lock
