"""At most ``settings.concurrency`` computations at once; the rest wait in line for up to
``settings.queue_seconds``, then get a 503. Computations run in the threadpool (the routes are
plain ``def``), so the event loop keeps answering health checks and small requests meanwhile."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import Request

from ..errors import BusyError
from ..settings import Settings


class ComputeGate:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.slots = threading.BoundedSemaphore(settings.concurrency)

    @contextmanager
    def turn(self) -> Iterator[None]:
        s = self.settings
        if not self.slots.acquire(timeout=s.queue_seconds):
            raise BusyError(
                f"the server is busy: {s.concurrency} computations are running and this request waited "
                f"{s.queue_seconds:g} s (RNNSCOPE_QUEUE_SECONDS) for a turn; retry shortly",
                s.env_name("queue_seconds"),
                s.queue_seconds,
            )
        try:
            yield
        finally:
            self.slots.release()


def compute_turn(request: Request):
    """``with compute_turn(request):`` around a route's computation."""
    return request.app.state.gate.turn()
