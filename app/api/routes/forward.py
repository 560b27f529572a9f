"""POST /api/v1/forward: run a network on a sequence and return every intermediate."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse

from ...encoding import BINARY_MEDIA_TYPE, binary_stream, encode
from ...service import response_body, run_forward
from ..gate import compute_turn
from ..orjson_route import OrjsonRoute
from ..schemas import ForwardRequest, ForwardResponse, IdsInputs, TextInputs

router = APIRouter(prefix="/api/v1", tags=["forward"], route_class=OrjsonRoute)

ERRORS: dict[int | str, dict[str, Any]] = {
    413: {"description": "The body or the work is over a configured limit (the detail names it)."},
    503: {"description": "Busy, or over the time budget (RNNSCOPE_MAX_SECONDS); retry or ask for less."},
    422: {"description": "A field is invalid; `loc` points at it and `msg` says what was expected."},
}


def plain_request(req: ForwardRequest) -> dict[str, Any]:
    """The request as plain data, without walking the (possibly large) arrays again."""
    inputs = req.inputs
    if isinstance(inputs, TextInputs | IdsInputs):
        inputs = inputs.model_dump(exclude_none=True)
    return {
        "model": req.model.model_dump(),
        "weights": {k: v for k, v in req.weights if v is not None},
        "inputs": inputs,
        "lengths": req.lengths,
        "vocabulary": req.vocabulary,
        "initial_state": dict(req.initial_state) if req.initial_state else None,
        "options": req.options.model_dump(),
    }


@router.post(
    "/forward",
    response_class=Response,
    responses={
        200: {
            "model": ForwardResponse,
            "description": "The per-step trace (with options.encoding = binary: docs/API.md, issue 11).",
            "content": {BINARY_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
        },
        **ERRORS,
    },
    summary="Run a forward pass and trace every step",
)
def forward(req: ForwardRequest, request: Request) -> Response:
    """Computes in NumPy (float64 unless `options.dtype` is float32), off the event loop. The
    binary encoding is streamed with its Content-Length: chunks of a few rows copied from the
    trace as the socket takes them, no response-sized buffer (issue 11); never compressed.
    ``Server-Timing: compute;dur=…`` says how long the engine and the response's assembly took
    (its turn's wait excluded), so a client can tell the server's time from the transfer's."""
    settings = request.app.state.settings
    binary = req.options.encoding == "binary"
    with compute_turn(request):
        start = time.perf_counter()
        net, result, inputs = run_forward(plain_request(req), req.model.model_fields_set, settings)
        body = response_body(net, result, inputs, req.options.trace)
        timing = {"Server-Timing": f"compute;dur={(time.perf_counter() - start) * 1e3:.1f}"}
        if not binary:
            return Response(encode(body, req.options.encoding), media_type="application/json", headers=timing)
    size, chunks = binary_stream(body)
    headers = {"Content-Length": str(size), **timing}
    return StreamingResponse(on_the_loop(chunks), media_type=BINARY_MEDIA_TYPE, headers=headers)


async def on_the_loop(chunks: Iterator[memoryview]) -> AsyncIterator[memoryview]:
    """The chunks taken on the event loop: each is a view, or a copy of at most a megabyte, which
    costs less than the thread hop Starlette makes for every item of a plain iterator (issue 11:
    an 18 MB trace is ~20 chunks)."""
    for chunk in chunks:
        yield chunk
