"""The network a comparison is made with (issue 13): the page's URL key ``compare=``, read on the
server for the standalone page and for oEmbed titles.

``compare=`` holds run A as the page holds its own network: a preset id (``lstm-memory``), or the
whole request as ``cfg=`` does, ``j.`` + base64url(JSON) or ``z.`` + base64url(raw deflate of the
JSON) (static/js/state.js, encodeBody). Decoding is size-capped before and while inflating.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from typing import Any

import orjson

MAX_REF_CHARS = 1_500_000  # as static/js/state.js LIMIT_CFG
MAX_JSON_BYTES = 16 * 1024 * 1024  # as static/js/state.js MAX_JSON
PRESET_ID = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}$")
BLOB = re.compile(r"^[jz]\.[A-Za-z0-9_-]*$")


class CompareRefError(ValueError):
    """A ``compare=`` value that names no network; the message says what was expected."""


def decode_blob(ref: str) -> dict[str, Any]:
    """A ``j.``/``z.`` value as the request body it encodes. Raises CompareRefError."""
    if len(ref) > MAX_REF_CHARS:
        raise CompareRefError(f"expected at most {MAX_REF_CHARS:,} characters, got {len(ref):,}")
    if not BLOB.match(ref):
        raise CompareRefError("expected 'j.' or 'z.' and base64url characters")
    try:
        raw = base64.urlsafe_b64decode(ref[2:] + "=" * (-len(ref[2:]) % 4))
    except (binascii.Error, ValueError) as e:
        raise CompareRefError(f"not base64url: {e}") from None
    if ref[0] == "z":
        inflate = zlib.decompressobj(-15)
        try:
            raw = inflate.decompress(raw, MAX_JSON_BYTES + 1)
        except zlib.error as e:
            raise CompareRefError(f"not deflate data: {e}") from None
        if len(raw) > MAX_JSON_BYTES or inflate.unconsumed_tail:
            raise CompareRefError(f"more than {MAX_JSON_BYTES:,} bytes once inflated")
        if not inflate.eof:
            raise CompareRefError("not deflate data: the stream ends early")
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError as e:
        raise CompareRefError(f"not JSON: {e}") from None
    if not isinstance(body, dict):
        raise CompareRefError(f"expected a request object, got {type(body).__name__}")
    return body


def resolve(ref: str) -> tuple[dict[str, Any], str | None]:
    """A ``compare=`` value: (the forward request body, the preset id or None). Raises
    CompareRefError for an unknown preset or an unreadable blob."""
    from .presets import all_presets

    if BLOB.match(ref) or ref[:2] in ("j.", "z."):
        return decode_blob(ref), None
    if not PRESET_ID.match(ref):
        raise CompareRefError(f"expected a preset id or a 'j.'/'z.' request, got {ref[:80]!r}")
    preset = all_presets().get(ref)
    if preset is None:
        raise CompareRefError(f"no preset {ref!r}; known: {', '.join(all_presets())}")
    return preset["request"], ref
