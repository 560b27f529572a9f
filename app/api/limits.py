"""Refuse request bodies over ``max_bytes`` with a 413 before the application reads them."""

from __future__ import annotations

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..settings import Settings


class BodySizeLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                declared = self.max_bytes + 1
            if declared > self.max_bytes:
                await self.refuse(send, declared)
                return
            await self.app(scope, self.counting(receive), send)
            return
        # no length declared (chunked): read it all, up to the limit, then replay it
        chunks, total, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            total += len(chunk)
            if total > self.max_bytes:
                await self.refuse(send, total)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    def counting(self, receive: Receive) -> Receive:
        """Guard against a body longer than its Content-Length header said."""
        total = 0

        async def wrapped() -> Message:
            nonlocal total
            message = await receive()
            total += len(message.get("body", b""))
            if total > self.max_bytes:
                return {"type": "http.disconnect"}
            return message

        return wrapped

    async def refuse(self, send: Send, size: int) -> None:
        setting = Settings.env_name("max_body_bytes")
        msg = f"the request body is {size:,} bytes, over the limit of {self.max_bytes:,} set by {setting}"
        body = orjson.dumps({"detail": [{"loc": ["body"], "msg": msg, "type": "limit_exceeded",
                                         "ctx": {"limit": setting, "value": self.max_bytes}}]})  # fmt: skip
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})  # fmt: skip
        await send({"type": "http.response.body", "body": body})
