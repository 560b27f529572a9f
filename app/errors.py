"""Errors in what a client sent, located by the path of the offending field.

The engine and the format readers raise these; the API turns them into FastAPI's standard
``{"detail": [{"loc": [...], "msg": ..., "type": ...}]}`` body (422, or 413 for limits).
"""

from __future__ import annotations

from collections.abc import Sequence

Loc = tuple[str | int, ...]


class InputError(ValueError):
    """A value that cannot be used. ``loc`` is relative to the request body."""

    status_code = 422

    def __init__(
        self,
        loc: Sequence[str | int],
        msg: str,
        type: str = "value_error",
        ctx: dict[str, object] | None = None,
    ) -> None:
        super().__init__(msg)
        self.loc: Loc = tuple(loc)
        self.msg = msg
        self.type = type
        self.ctx = ctx  # the numbers of the message, for clients that say it in another language

    def detail(self) -> dict[str, object]:
        d: dict[str, object] = {"loc": ["body", *self.loc], "msg": self.msg, "type": self.type}
        if self.ctx:
            d["ctx"] = self.ctx
        return d


class LimitError(InputError):
    """Work or size over a configured limit (HTTP 413)."""

    status_code = 413

    def __init__(self, loc: Sequence[str | int], what: str, value: int, setting: str, limit: int) -> None:
        super().__init__(
            loc,
            f"{what} is {value:,}, over the limit of {limit:,} set by {setting}",
            type="limit_exceeded",
        )
        self.setting = setting
        self.limit = limit
        self.received = value

    def detail(self) -> dict[str, object]:
        return {
            **super().detail(),
            "ctx": {"limit": self.setting, "value": self.limit, "received": self.received},
        }


class BusyError(InputError):
    """The server could not do the work in its time budget or find a free slot (HTTP 503)."""

    status_code = 503

    def __init__(self, msg: str, setting: str, limit: float) -> None:
        super().__init__((), msg, type="service_unavailable")
        self.setting = setting
        self.limit = limit

    def detail(self) -> dict[str, object]:
        return {
            "loc": ["body"],
            "msg": self.msg,
            "type": self.type,
            "ctx": {"limit": self.setting, "value": self.limit},
        }
