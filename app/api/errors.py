"""Every client error as FastAPI's standard body: ``{"detail": [{"loc", "msg", "type"}]}``.

Pydantic's errors are trimmed to what a client needs (no echo of a possibly huge ``input``),
and the union tags pydantic puts into ``loc`` (``weights.pytorch.state_dict``) are removed so
that ``loc`` is the path in the request body (``weights.state_dict``).
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import InputError

UNION_TAGS = {
    "weights": {"pytorch", "keras", "tf1", "book", "canonical", "random"},
    "inputs": {"array", "text"},
}


def clean_loc(loc: tuple[Any, ...]) -> list[Any]:
    out: list[Any] = []
    for part in loc:
        if out and isinstance(part, str) and part in UNION_TAGS.get(str(out[-1]), ()):
            continue
        out.append(part)
    return out


def clean_error(err: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "loc": clean_loc(tuple(err.get("loc", ()))),
        "msg": err.get("msg", ""),
        "type": err.get("type", ""),
    }
    if err.get("type") == "json_invalid":
        reason = (err.get("ctx") or {}).get("error", "")
        item["msg"] = (
            f"invalid JSON at character {item['loc'][-1]}: {reason}. (NaN and Infinity are not JSON numbers.)"
        )
    elif "ctx" in err:
        item["ctx"] = {
            k: v if isinstance(v, (int, float, str, bool)) else str(v) for k, v in err["ctx"].items()
        }
    return item


async def validation_error(request: Request, exc: RequestValidationError) -> Response:
    return Response(
        orjson.dumps({"detail": [clean_error(e) for e in exc.errors()]}),
        status_code=422,
        media_type="application/json",
    )


async def input_error(request: Request, exc: InputError) -> Response:
    headers = {"Retry-After": "2"} if exc.status_code == 503 else None
    body = orjson.dumps({"detail": [exc.detail()]})
    return Response(body, status_code=exc.status_code, media_type="application/json", headers=headers)


async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
    """Starlette's own errors in the same list form as every other error; a body that cannot be
    parsed (400 from the multipart parser) becomes a 422 like invalid JSON."""
    detail, status = exc.detail, exc.status_code
    if status == 400:  # a body that cannot be parsed (e.g. malformed multipart): like invalid JSON
        status, detail = (
            422,
            [{"loc": ["body"], "msg": f"the body cannot be read: {detail}", "type": "body_invalid"}],
        )
    elif not isinstance(detail, list):
        where = ["path"] if status in (404, 405) else ["body"]
        detail = [{"loc": where, "msg": str(detail), "type": "http_error"}]
    body = orjson.dumps({"detail": detail})
    return Response(body, status_code=status, media_type="application/json", headers=exc.headers)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(InputError, input_error)
