"""Serialise a response dict holding numpy arrays to bytes, in one of three encodings.

``json``: arrays as nested lists (orjson writes numpy buffers directly, shortest round-trip
float text); NaN and ±Inf become ``null``. ``base64``: each array becomes
``{"dtype": "f8"|"f4", "shape": [...], "bdata": "<base64 of C-order little-endian bytes>"}``,
the typed-array form plotly.js reads; non-finite values survive. The base64 text is spliced
into the JSON bytes rather than passed through the serializer as a str (a 26 MB trace would
be copied twice more).

``binary`` (issue 11): not JSON at all, but ``b"RNSB"``, the header's length (uint32 LE), a JSON
header (the response with each array as ``{"dtype", "shape", "offset"}``), zero padding to a
multiple of 8, then each array's C-order little-endian bytes at its ``offset`` (counted from the
end of the padding, each a multiple of 8). A float64 trace's ``pre_activation`` that is
``input_term + recurrent_term`` bit for bit (every gate but the n of PyTorch's GRU) is sent as
``{"dtype", "shape", "sum": [offset, offset]}``, the readers adding the two: a fifth fewer
bytes. A trace's ``input_term`` whose rows repeat (a text or one-hot input: one row per token of
the vocabulary) is sent as ``{"dtype", "shape", "rows": {"table", "count", "index"}}``: its
``count`` distinct rows, and for every row of the array (all axes but the last) the uint32
number of its row in that table; a pre-activation summing such a term names its entry in place of
its offset (``"sum": [{...rows...}, offset]``). A browser reads it with one ``fetch`` into an
ArrayBuffer and views each array as a Float64Array/Float32Array in place: no text, no copy.
The HTTP route streams it (``binary_stream``): chunks of a few rows, never a response-sized
buffer, the first bytes on the wire while the rest is being copied.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any

import numpy as np
import orjson
import pybase64

DTYPE_CODES = {np.dtype("float64"): "f8", np.dtype("float32"): "f4"}
BINARY_MAGIC = b"RNSB"
BINARY_MEDIA_TYPE = "application/octet-stream"


def encode(body: Any, encoding: str = "json") -> bytes | memoryview:
    if encoding == "binary":
        return encode_binary(body)
    if encoding == "json":
        return orjson.dumps(_contiguous(body), option=orjson.OPT_SERIALIZE_NUMPY)
    blobs: list[bytes] = []
    marker = f"__rnnscope_b64_{secrets.token_hex(8)}__"
    skeleton = orjson.dumps(_b64_skeleton(body, blobs, marker))
    pieces = skeleton.split(b'"' + marker.encode() + b'"')
    assert len(pieces) == len(blobs) + 1
    out = [pieces[0]]
    for blob, piece in zip(blobs, pieces[1:], strict=True):
        out += (b'"', blob, b'"', piece)
    return b"".join(out)


def _contiguous(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return np.ascontiguousarray(value)
    if isinstance(value, dict):
        return {k: _contiguous(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_contiguous(v) for v in value]
    return value


def _b64_skeleton(value: Any, blobs: list[bytes], marker: str) -> Any:
    if isinstance(value, np.ndarray):
        a = np.ascontiguousarray(value, dtype=value.dtype.newbyteorder("<"))
        blobs.append(pybase64.b64encode(a.data))
        return {"dtype": DTYPE_CODES[a.dtype.newbyteorder("=")], "shape": list(a.shape), "bdata": marker}
    if isinstance(value, dict):
        return {k: _b64_skeleton(v, blobs, marker) for k, v in value.items()}
    if isinstance(value, list):
        return [_b64_skeleton(v, blobs, marker) for v in value]
    return value


def decode_array(obj: dict[str, Any]) -> np.ndarray:
    """The inverse of the base64 form (for clients and tests)."""
    dtype = {"f8": "<f8", "f4": "<f4"}[obj["dtype"]]
    return np.frombuffer(pybase64.b64decode(obj["bdata"]), dtype=dtype).reshape(obj["shape"])


def binary_layout(body: Any) -> tuple[bytes, list[tuple[np.ndarray, np.dtype, int]], int]:
    """The ``binary`` encoding's plan: the prefix (magic, header length, JSON header, padding to
    8), each array with its little-endian dtype and offset (from the end of the prefix), and the
    total length of the response in bytes. An array that is another one's memory, seen with the
    same shape and strides, is written once and both entries name its offset (a one-directional
    network's ``output`` is its last layer's trace ``h``)."""
    arrays: list[tuple[np.ndarray, np.dtype, int]] = []
    offset = 0
    seen: dict[tuple, int] = {}  # (address, shape, strides, dtype) -> offset

    def place(value: np.ndarray, dt: np.dtype) -> int:
        """value's offset in the body: a new slot, or the one of the same memory seen the same way."""
        nonlocal offset
        key = (value.__array_interface__["data"][0], value.shape, value.strides, value.dtype.str)
        if value.size and key in seen:
            return seen[key]
        seen[key] = offset
        arrays.append((value, dt, offset))
        at = offset
        offset += -(-value.size * dt.itemsize // 8) * 8
        return at

    def array_entry(value: np.ndarray) -> dict:
        dt = value.dtype.newbyteorder("<")
        code = DTYPE_CODES[value.dtype.newbyteorder("=")]
        return {"dtype": code, "shape": list(value.shape), "offset": place(value, dt)}

    def skeleton(value: Any) -> Any:
        if isinstance(value, np.ndarray):
            return array_entry(value)
        if isinstance(value, dict):
            out = {k: skeleton(v) for k, v in value.items() if k not in (SUM, ROWS_FIELD)}
            if ROWS_FIELD in value:
                out[ROWS_FIELD] = repeated(value[ROWS_FIELD])
            if SUM in value:
                out[SUM] = sums(value, out)
            return {k: out[k] for k in value}  # the keys in the body's order
        if isinstance(value, list):
            return [skeleton(v) for v in value]
        return value

    def repeated(field: Any) -> Any:
        """A trace's input_term: its gates as tables of their distinct rows, when they repeat."""
        plan = repeated_rows(field)
        if plan is None:
            return skeleton(field)
        first, index = plan
        out = {}
        for g, a in field.items():
            table = np.ascontiguousarray(a.reshape(-1, a.shape[-1])[first])
            rows = {"table": place(table, table.dtype.newbyteorder("<")), "count": len(first)}
            rows["index"] = place(index, index.dtype)  # one index for every gate: written once
            out[g] = {"dtype": DTYPE_CODES[a.dtype], "shape": list(a.shape), "rows": rows}
        return out

    def sums(trace: dict, entries: dict) -> Any:
        """A trace's pre_activation: each gate that is ``input_term + recurrent_term`` bit for bit
        (the engine's order) becomes ``{"dtype", "shape", "sum": [two operands]}``, each operand
        its addend's offset, or its whole entry when that is not one array (rows)."""
        value, (x, y) = trace[SUM], (trace.get(k) for k in ADDENDS)
        if not (isinstance(value, dict) and isinstance(x, dict) and isinstance(y, dict)):
            return skeleton(value)
        out = {}
        for g, a in value.items():
            if is_sum(a, x.get(g), y.get(g)):  # then x[g] and y[g] are arrays: entries in the header
                operands = [entries[k][g] for k in ADDENDS]
                sent = [e.get("offset", e) for e in operands]
                out[g] = {"dtype": "f8", "shape": list(a.shape), "sum": sent}
            else:
                out[g] = skeleton(a)
        return out

    header = orjson.dumps(skeleton(body))
    prefix = BINARY_MAGIC + len(header).to_bytes(4, "little") + header
    prefix += bytes(-len(prefix) % 8)
    return prefix, arrays, len(prefix) + offset


ROWS_FIELD = "input_term"
INDEX_DTYPE = np.dtype("<u4")
KEY_COLUMNS = 4  # rows are grouped by their first values, then every value is compared


def repeated_rows(field: Any) -> tuple[np.ndarray, np.ndarray] | None:
    """For a dict of same-shaped float arrays whose rows (all axes but the last) repeat, the same
    way in every array: (the first row of each distinct row, every row's number among them as
    uint32), or None. Rows are compared bit for bit (signed zeros, NaN payloads), so a table
    gathered by the numbers gives each array's very bytes; None unless it halves the rows."""
    if not isinstance(field, dict) or not field:
        return None
    arrays = list(field.values())
    a0 = arrays[0]
    if not all(isinstance(a, np.ndarray) and a.dtype in DTYPE_CODES and a.ndim >= 2 for a in arrays):
        return None
    if any(a.shape != a0.shape or a.dtype != a0.dtype for a in arrays) or a0.shape[-1] == 0:
        return None
    n, width = a0.size // a0.shape[-1], a0.shape[-1]
    if n < 4 or n >= 2**32:
        return None
    bits = np.dtype(f"u{a0.dtype.itemsize}")
    keys = np.ascontiguousarray(a0.reshape(n, width)[:, :KEY_COLUMNS]).view(bits)
    keys = keys.view(np.dtype((np.void, keys.shape[1] * keys.itemsize))).reshape(n)
    _, first, index = np.unique(keys, return_index=True, return_inverse=True)
    if 2 * len(first) > n:
        return None
    index = index.reshape(n)
    for a in arrays:
        rows = a.reshape(n, width).view(bits)
        if not np.array_equal(rows[first][index], rows):
            return None  # two rows alike in their first values only, or arrays that differ
    return first, index.astype(INDEX_DTYPE)


SUM, ADDENDS = "pre_activation", ("input_term", "recurrent_term")


def is_sum(a: Any, x: Any, y: Any) -> bool:
    """Whether float64 arrays satisfy ``a == x + y`` bit for bit (signed zeros and NaNs too), so
    that a reader who adds x and y in float64 gets a's very bits."""
    f8 = np.dtype("float64")
    if not all(isinstance(v, np.ndarray) and v.dtype == f8 for v in (a, x, y)):
        return False
    if not (a.shape == x.shape == y.shape) or a.size == 0:
        return False
    return bool(np.array_equal(np.add(x, y).view(np.uint64), a.view(np.uint64)))


def encode_binary(body: Any) -> bytes | memoryview:
    """The ``binary`` encoding in one buffer: magic, header length, JSON header, padding,
    8-aligned arrays. The arrays are copied once, straight into their slots of the output (a
    trace's gate blocks are strided views: no contiguous copy in between)."""
    prefix, arrays, size = binary_layout(body)
    base = len(prefix)
    out = bytearray(size)  # zeros: the padding
    out[:base] = prefix
    for a, dt, off in arrays:
        slot = np.frombuffer(out, dt, a.size, base + off).reshape(a.shape)
        np.copyto(slot, a, casting="no" if a.dtype == dt else "equiv")
    return memoryview(out)


def binary_stream(body: Any, chunk_bytes: int = 1 << 20) -> tuple[int, Iterator[memoryview]]:
    """The ``binary`` encoding as (its length, an iterator of byte chunks of about ``chunk_bytes``),
    for a streaming HTTP response: no response-sized buffer is ever made. Each chunk is a few
    rows of one array made contiguous (a view, not a copy, when the rows already are: B = 1
    states), so the copies stay small and in cache while the first bytes are already on the way.
    The chunks joined are ``encode_binary(body)`` byte for byte."""
    prefix, arrays, size = binary_layout(body)

    def chunks() -> Iterator[memoryview]:
        yield memoryview(prefix)
        for a, dt, _ in arrays:
            yield from _array_chunks(a, dt, chunk_bytes)
            pad = -a.size * dt.itemsize % 8
            if pad:
                yield memoryview(bytes(pad))

    return size, chunks()


def _array_chunks(a: np.ndarray, dt: np.dtype, chunk_bytes: int) -> Iterator[memoryview]:
    """a's C-order bytes as ``dt``, in runs of whole rows of its last two axes."""
    if a.ndim < 2:
        yield _bytes_of(a, dt)
        return
    rows = max(1, chunk_bytes // max(1, a.shape[-1] * dt.itemsize))
    for index in np.ndindex(a.shape[:-2]):
        m = a[index]
        for r in range(0, m.shape[0], rows):
            yield _bytes_of(m[r : r + rows], dt)


def _bytes_of(a: np.ndarray, dt: np.dtype) -> memoryview:
    """A flat byte view of a as a C-contiguous ``dt`` array (copied only when a is not one)."""
    return memoryview(np.ascontiguousarray(a, dtype=dt)).cast("B")


def decode_binary(data: bytes) -> Any:
    """The inverse of :func:`encode_binary` (for clients and tests): the response with numpy arrays."""
    if data[:4] != BINARY_MAGIC:
        raise ValueError("not an rnnscope binary response (no RNSB magic)")
    n = int.from_bytes(data[4:8], "little")
    base = 8 + n + (-(8 + n) % 8)
    dtypes = {"f8": "<f8", "f4": "<f4"}

    def at(offset: int, dt: np.dtype, shape: list[int]) -> np.ndarray:
        count = int(np.prod(shape, dtype=np.int64))
        return np.frombuffer(data, dt, count, base + offset).reshape(shape)

    made: dict[tuple, np.ndarray] = {}  # rows made once: a sum names its input term's entry again

    def rows(value: dict) -> np.ndarray:
        shape, spec = value["shape"], value["rows"]
        key = (spec["table"], spec["index"], spec["count"], value["dtype"], tuple(shape))
        if key not in made:
            made[key] = gather(value["dtype"], shape, spec)
        return made[key]

    def gather(dtype: str, shape: list[int], spec: dict) -> np.ndarray:
        table = at(spec["table"], np.dtype(dtypes[dtype]), [spec["count"], shape[-1]])
        index = at(spec["index"], INDEX_DTYPE, [int(np.prod(shape[:-1], dtype=np.int64))])
        if index.size and int(index.max()) >= spec["count"]:
            raise ValueError("binary response: a row number past its table")
        return table[index].reshape(shape)

    def operand(o: Any, dt: np.dtype, shape: list[int]) -> np.ndarray:
        return at(o, dt, shape) if isinstance(o, int) else walk(o)

    def walk(value: Any) -> Any:
        if isinstance(value, dict) and set(value) == {"dtype", "shape", "offset"}:
            return at(value["offset"], np.dtype(dtypes[value["dtype"]]), value["shape"])
        if isinstance(value, dict) and set(value) == {"dtype", "shape", "rows"}:
            return rows(value)
        if isinstance(value, dict) and set(value) == {"dtype", "shape", "sum"}:
            dt = np.dtype(dtypes[value["dtype"]])
            x, y = (operand(o, dt, value["shape"]) for o in value["sum"])
            return np.add(x, y)
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    return walk(orjson.loads(data[8 : 8 + n]))
