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
end of the padding, each a multiple of 8). A browser reads it with one ``fetch`` into an
ArrayBuffer and views each array as a Float64Array/Float32Array in place: no text, no copy.
"""

from __future__ import annotations

import secrets
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


def encode_binary(body: Any) -> bytes | memoryview:
    """The ``binary`` encoding: magic, header length, JSON header, padding, 8-aligned arrays.

    The arrays are copied once, straight into their slots of the output (a trace's gate blocks
    are strided views: no contiguous copy in between)."""
    arrays: list[tuple[np.ndarray, np.dtype, int]] = []
    offset = 0

    def skeleton(value: Any) -> Any:
        nonlocal offset
        if isinstance(value, np.ndarray):
            dt = value.dtype.newbyteorder("<")
            arrays.append((value, dt, offset))
            entry = {
                "dtype": DTYPE_CODES[value.dtype.newbyteorder("=")],
                "shape": list(value.shape),
                "offset": offset,
            }
            offset += -(-value.size * dt.itemsize // 8) * 8
            return entry
        if isinstance(value, dict):
            return {k: skeleton(v) for k, v in value.items()}
        if isinstance(value, list):
            return [skeleton(v) for v in value]
        return value

    header = orjson.dumps(skeleton(body))
    base = len(BINARY_MAGIC) + 4 + len(header)
    base += -base % 8
    out = bytearray(base + offset)  # zeros: the padding
    out[: len(BINARY_MAGIC)] = BINARY_MAGIC
    out[4:8] = len(header).to_bytes(4, "little")
    out[8 : 8 + len(header)] = header
    for a, dt, off in arrays:
        slot = np.frombuffer(out, dt, a.size, base + off).reshape(a.shape)
        np.copyto(slot, a, casting="no" if a.dtype == dt else "equiv")
    return memoryview(out)


def decode_binary(data: bytes) -> Any:
    """The inverse of :func:`encode_binary` (for clients and tests): the response with numpy arrays."""
    if data[:4] != BINARY_MAGIC:
        raise ValueError("not an rnnscope binary response (no RNSB magic)")
    n = int.from_bytes(data[4:8], "little")
    base = 8 + n + (-(8 + n) % 8)
    dtypes = {"f8": "<f8", "f4": "<f4"}

    def walk(value: Any) -> Any:
        if isinstance(value, dict) and set(value) == {"dtype", "shape", "offset"}:
            dt = np.dtype(dtypes[value["dtype"]])
            count = int(np.prod(value["shape"], dtype=np.int64))
            return np.frombuffer(data, dt, count, base + value["offset"]).reshape(value["shape"])
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    return walk(orjson.loads(data[8 : 8 + n]))
