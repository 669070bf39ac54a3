"""Damaged batches: a committed batch with a missing or unreadable file, which readers leave out whole.

A batch's files are judged by their Parquet footers when the store is read (each local file's footer once per file
version) and decoded page by page by `newsscope check`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq

from components.schema import ADDED_COLUMNS, SCHEMAS

if TYPE_CHECKING:
    import fsspec


@dataclass(frozen=True)
class DamagedBatch:
    """A committed batch with a missing or unreadable file: readers leave all of it out."""

    batch_id: str
    problems: tuple[str, ...]  # one per bad file, e.g. "quotes.parquet: missing"

    def __str__(self) -> str:
        return f"batch {self.batch_id}: {'; '.join(self.problems)}"


@dataclass(frozen=True)
class CheckedBatch:
    """A damaged batch as `Store.check` found it: what it held and where it went."""

    damage: DamagedBatch
    # (article_id, origin) of the articles whose current version was in this batch; None when its articles.parquet
    # cannot be read, so nobody knows.
    to_ingest: tuple[tuple[str, str], ...] | None
    moved_to: Path | None = None


@dataclass(frozen=True)
class CheckReport:
    checked: int
    damaged: list[CheckedBatch]


def parquet_problem(path: Path | str, table: str, *, full: bool = False,
                    fs: fsspec.AbstractFileSystem | None = None) -> str | None:
    """Why a batch's file for `table` cannot be read, or None. Only its footer is read unless `full`."""
    try:
        with pq.ParquetFile(fs.open(path, "rb") if fs else path) as f:
            names, expected = set(f.schema_arrow.names), set(SCHEMAS[table].names)
            if names - expected or expected - names - ADDED_COLUMNS.get(table, {}).keys():
                return f"unexpected columns ({', '.join(f.schema_arrow.names)})"
            if full:
                for _ in f.iter_batches():
                    pass
    except FileNotFoundError:
        return "missing"
    except (OSError, ValueError, pa.ArrowException) as err:
        return f"cannot read ({err})"
    return None


# path -> (size, mtime_ns, problem): a committed batch never changes, so each file's footer is read once per version.
_FOOTERS: dict[str, tuple[int, int, str | None]] = {}
_FOOTERS_LOCK = threading.Lock()


def footer_problem(path: Path | str, table: str, fs: fsspec.AbstractFileSystem | None = None) -> str | None:
    """`parquet_problem` of a file's footer; a local file's is remembered until the file changes."""
    if fs is not None:
        return parquet_problem(path, table, fs=fs)
    path = Path(path)
    try:
        stat = path.stat()
    except FileNotFoundError:
        return "missing"
    except OSError as err:
        return f"cannot read ({err})"
    with _FOOTERS_LOCK:
        known = _FOOTERS.get(str(path))
    if known and known[:2] == (stat.st_size, stat.st_mtime_ns):
        return known[2]
    problem = parquet_problem(path, table)
    with _FOOTERS_LOCK:
        _FOOTERS[str(path)] = (stat.st_size, stat.st_mtime_ns, problem)
    return problem


def articles_of(path: Path) -> list[tuple[str, str]] | None:
    """(article_id, origin) of a batch's articles, or None when its articles.parquet cannot tell."""
    try:
        data = pq.read_table(path, columns=["article_id", "origin"])
    except (OSError, ValueError, pa.ArrowException):
        return None
    return list(zip(data.column("article_id").to_pylist(), data.column("origin").to_pylist(), strict=True))
