"""Arrow columns of Python values, assembled from their buffers.

`pa.array` and `pa.Table.from_pylist` import pandas the first time they convert a Python list (to ask whether it is a
pandas object), half a second of an ingest that has no other use for pandas. The store's tables hold few types
(strings, integers, dates, lists of integers, a map of string lists), so their buffers are simple to lay out here.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pyarrow as pa

EPOCH = date(1970, 1, 1).toordinal()
INTEGERS = {pa.int32(): np.int32, pa.int64(): np.int64}


def column(values: list, type: pa.DataType) -> pa.Array:
    """The Arrow array of `values` (None is null) of `type`, as `pa.array(values, type)` makes it."""
    present = [v is not None for v in values]
    nulls = len(values) - sum(present)
    validity = pa.py_buffer(np.packbits(present, bitorder="little")) if nulls else None
    if pa.types.is_string(type) or pa.types.is_large_string(type):
        data = [b"" if v is None else v.encode() for v in values]
        buffers = [validity, _offsets(map(len, data), len(data), type), pa.py_buffer(b"".join(data))]
        return pa.Array.from_buffers(type, len(values), buffers, null_count=nulls)
    if type in INTEGERS or pa.types.is_date32(type):
        numbers = [0 if v is None else v.toordinal() - EPOCH if type == pa.date32() else v for v in values]
        data = pa.py_buffer(np.array(numbers, dtype=INTEGERS.get(type, np.int32)))
        return pa.Array.from_buffers(type, len(values), [validity, data], null_count=nulls)
    if pa.types.is_map(type):
        entries = [() if v is None else v.items() for v in values]
        keys = column([key for e in entries for key, _ in e], type.key_type)
        items = column([item for e in entries for _, item in e], type.item_type)
        child = pa.StructArray.from_arrays([keys, items], fields=[type.key_field, type.item_field])
    elif pa.types.is_list(type):
        entries = [() if v is None else v for v in values]
        child = column([x for e in entries for x in e], type.value_type)
    else:
        raise TypeError(f"no column of {type} here")
    offsets = _offsets(map(len, entries), len(entries), type)
    return pa.Array.from_buffers(type, len(values), [validity, offsets], null_count=nulls, children=[child])


def _offsets(lengths, n: int, type: pa.DataType) -> pa.Buffer:
    """Where each value starts in its child data, and where the last one ends (n + 1 offsets)."""
    ends = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.fromiter(lengths, dtype=np.int64, count=n), out=ends[1:])
    if pa.types.is_large_string(type):
        return pa.py_buffer(ends)
    if ends[-1] >= 2**31:
        raise OverflowError(f"{ends[-1]:,} bytes or items in one {type} column, more than its offsets can address")
    return pa.py_buffer(ends.astype(np.int32))
