"""Serialise a response dict holding numpy arrays to JSON bytes, in one of two encodings.

``json``: arrays as nested lists (orjson writes numpy buffers directly, shortest round-trip
float text); NaN and ±Inf become ``null``. ``base64``: each array becomes
``{"dtype": "f8"|"f4", "shape": [...], "bdata": "<base64 of C-order little-endian bytes>"}``,
the typed-array form plotly.js reads; non-finite values survive. The base64 text is spliced
into the JSON bytes rather than passed through the serializer as a str (a 26 MB trace would
be copied twice more).
"""

from __future__ import annotations

import secrets
from typing import Any

import numpy as np
import orjson
import pybase64

DTYPE_CODES = {np.dtype("float64"): "f8", np.dtype("float32"): "f4"}


def encode(body: Any, encoding: str = "json") -> bytes:
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
