"""``rnnscope.Client``: the same ``trace`` against a remote rnnscope server, over its REST API.

Standard library only (urllib): the request is the one :func:`rnnscope.trace` would run locally,
sent as JSON to ``POST /api/v1/forward`` with ``encoding: "base64"`` (arrays travel as bytes, not
decimal text) and decoded back into NumPy arrays.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import numpy as np

from .display import jsonable
from .tracing import Trace, build_request


class RemoteError(RuntimeError):
    """The server answered with an error: ``status`` and its ``detail`` (the API's error body)."""

    def __init__(self, status: int, detail: Any):
        self.status, self.detail = status, detail
        super().__init__(f"HTTP {status}: {detail}")


def decoded(value: Any) -> Any:
    """The response with every base64 array ({"dtype", "shape", "bdata"}) as a NumPy array."""
    from ..encoding import decode_array

    if isinstance(value, dict):
        if set(value) == {"dtype", "shape", "bdata"}:
            return decode_array(value)
        return {k: decoded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decoded(v) for v in value]
    return value


class Client:
    """A remote rnnscope server, e.g. ``Client("http://127.0.0.1:8000")``."""

    def __init__(self, url: str, timeout: float = 60.0):
        self.url = url.rstrip("/")
        self.timeout = timeout

    def post(self, path: str, body: Any) -> Any:
        data = json.dumps(jsonable(body), allow_nan=False).encode("utf-8")
        req = urllib.request.Request(
            self.url + path, data=data, method="POST", headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as e:
            with e:
                raw = e.read()
            try:
                detail = json.loads(raw).get("detail", raw.decode("utf-8", "replace"))
            except ValueError:
                detail = raw.decode("utf-8", "replace")
            raise RemoteError(e.code, detail) from None

    def trace(self, model: Any, inputs: Any, **options: Any) -> Trace:
        """As :func:`rnnscope.trace` (same arguments but ``settings``: the server's limits apply)."""
        request, source = build_request(model, inputs, **options)
        request["options"]["encoding"] = "base64"
        body = decoded(self.post("/api/v1/forward", request))
        for key in ("output", "h_n", "c_n", "y"):
            if key in body and isinstance(body[key], list):  # non-finite values come back as null
                body[key] = np.array(body[key], dtype=float)
        return Trace(body, request, source)
